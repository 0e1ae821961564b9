//! The `shinchoku` command: Japanese help and messages for the staff who run
//! it, with the English keys alongside.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Result;
use crate::{Inputs, load};

#[derive(Debug, Parser)]
#[command(
    name = "shinchoku",
    version,
    about = "地域福祉計画の進捗管理シート（PDF）をYAMLデータから作ります。\nBuilds the progress-sheet report (PDF) from the YAML data.",
    after_help = "例 (examples):\n  shinchoku build              data/ から out/report.pdf を作る\n  shinchoku check              データの誤りだけを調べる\n  shinchoku typ -o out/report.typ   生成されたTypstを書き出す"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Args)]
pub struct Common {
    /// データのフォルダ (data folder)
    #[arg(long, default_value = "data", value_name = "DIR")]
    pub data: PathBuf,
    /// レイアウトのフォルダ。省略時は layouts/、無ければ内蔵のもの (layouts folder)
    #[arg(long, value_name = "DIR")]
    pub layouts: Option<PathBuf>,
    /// 追加のフォント。BIZ UD明朝・ゴシックは内蔵 (extra fonts folder)
    #[arg(long, value_name = "DIR")]
    pub fonts: Option<PathBuf>,
}

impl Common {
    fn inputs(&self) -> Inputs {
        Inputs {
            data: self.data.clone(),
            layouts: self.layouts.clone(),
            fonts: self.fonts.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// PDFを作る (build the PDF report)
    Build {
        #[command(flatten)]
        common: Common,
        /// 出力するPDF (output file)
        #[arg(short, long, default_value = "out/report.pdf", value_name = "FILE")]
        output: PathBuf,
    },
    /// データを検査するだけ（PDFは作らない） (validate the data only)
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// 生成したTypstのソースを書き出す（確認・調査用） (write the generated Typst markup)
    Typ {
        #[command(flatten)]
        common: Common,
        /// 出力するファイル (output file)
        #[arg(short, long, default_value = "out/report.typ", value_name = "FILE")]
        output: PathBuf,
    },
}

/// Run the command line; errors go to stderr with a non-zero exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("エラー (error): {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn run(command: &Command) -> Result<()> {
    match command {
        Command::Build { common, output } => {
            let built = crate::build(&common.inputs(), output)?;
            for w in &built.warnings {
                eprintln!("警告 (warning): {w}");
            }
            println!(
                "{}: {} ページ, {} KB, {:.1} 秒",
                built.path.display(),
                built.pages,
                built.bytes.div_ceil(1024),
                built.elapsed.as_secs_f64()
            );
        }
        Command::Check { common } => {
            let data = load::load(&common.data)?;
            crate::check_data(&data)?;
            let initiatives: usize = data
                .strategies
                .iter()
                .flat_map(|s| &s.value.measures)
                .map(|m| m.initiatives.len())
                .sum();
            println!(
                "問題はありません (ok): 基本戦略 {} 件, 取組 {} 件",
                data.strategies.len(),
                initiatives
            );
        }
        Command::Typ { common, output } => {
            let prepared = crate::prepare(&common.inputs())?;
            crate::pdf::write_atomic(output, prepared.markup.as_bytes())?;
            println!("{}", output.display());
        }
    }
    Ok(())
}
