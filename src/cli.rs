//! The `shinchoku` command: Japanese help and messages for the staff who run
//! it, with the English keys alongside.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Result;
use crate::view::Selection;
use crate::{Inputs, Options, load};

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

/// The arguments of `build` and `watch`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub what: What,
    /// 出力するファイル。省略時は out/report.pdf（様式は out/form.pdf、抜粋は内容を表す名前） (output file)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl BuildArgs {
    fn output(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.what.default_output())
    }
}

/// What to print: the whole report, the blank form, or some sheets.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct What {
    /// 各課へ送る空欄の様式（実施結果の欄を空にする） (blank form: result columns empty)
    #[arg(long)]
    pub form: bool,
    /// 一覧表の後に自己評価の集計ページを入れる (add a grade summary page)
    #[arg(long)]
    pub summary: bool,
    /// この基本戦略だけ（例: 1。複数可） (only this strategy; repeatable)
    #[arg(long = "strategy", value_name = "N")]
    pub strategies: Vec<u32>,
    /// この施策細目だけ（例: 1-2。複数可） (only this measure; repeatable)
    #[arg(long = "measure", value_name = "N-N", value_parser = parse_pair)]
    pub measures: Vec<(u32, u32)>,
    /// この取組だけ（例: 1-2-1。複数可） (only this initiative; repeatable)
    #[arg(long = "initiative", value_name = "N-N-N", value_parser = parse_triple)]
    pub initiatives: Vec<(u32, u32, u32)>,
    /// この課の行だけ（例: 障害福祉課。複数可） (only this department's rows; repeatable)
    #[arg(long = "department", value_name = "課名")]
    pub departments: Vec<String>,
    /// 出力の形式: pdf（既定）、html（ウェブ公開用）、png（ページ画像） (output format)
    #[arg(long, value_enum, default_value_t = crate::Format::Pdf, value_name = "形式")]
    pub format: crate::Format,
    /// 古いデータ（フォルダ、または git の 版:フォルダ 例 HEAD~1:data）から変わった欄に色を付ける (highlight changes since OLD)
    #[arg(long, value_name = "OLD")]
    pub mark_changes: Option<String>,
    /// 準拠するPDF規格。既定は ua-1（アクセシビリティ）。複数可 (PDF standards; default ua-1)
    #[arg(long = "pdf-standard", value_enum, value_name = "規格")]
    pub standards: Vec<crate::pdf::Standard>,
}

impl What {
    pub fn options(&self) -> Options {
        Options {
            form: self.form,
            summary: self.summary,
            selection: Selection {
                strategies: self.strategies.clone(),
                measures: self.measures.clone(),
                initiatives: self.initiatives.clone(),
                departments: self.departments.clone(),
            },
            standards: self.standards.clone(),
            format: self.format,
            mark_changes: self.mark_changes.clone(),
        }
    }

    /// out/report.pdf, out/form.pdf, out/report_基本戦略1_障害福祉課.pdf …
    pub fn default_output(&self) -> PathBuf {
        let options = self.options();
        let mut name = String::from(if self.form { "form" } else { "report" });
        if !options.selection.is_empty() {
            name.push('_');
            name.push_str(&options.selection.describe());
        }
        PathBuf::from("out").join(format!("{name}.{}", self.format.extension()))
    }
}

fn parse_pair(s: &str) -> std::result::Result<(u32, u32), String> {
    let mut it = s.split('-').map(|p| p.trim().parse::<u32>());
    match (it.next(), it.next(), it.next()) {
        (Some(Ok(a)), Some(Ok(b)), None) => Ok((a, b)),
        _ => Err(format!(
            "「{s}」は 1-2 のように 基本戦略-施策細目 の番号で書いてください"
        )),
    }
}

fn parse_triple(s: &str) -> std::result::Result<(u32, u32, u32), String> {
    crate::validate::parse_id(s).ok_or_else(|| {
        format!("「{s}」は 1-2-1 のように 基本戦略-施策細目-取組 の番号で書いてください")
    })
}

/// A whole value on one line for `diff` (line breaks shown as ⏎).
fn full(s: &str) -> String {
    if s.is_empty() {
        "（空）".into()
    } else {
        s.replace('\n', "⏎")
    }
}

/// The one line printed for a build, after any warnings.
fn report(built: &crate::Built) {
    for w in &built.warnings {
        eprintln!("警告 (warning): {w}");
    }
    let pages = if built.pages > 0 {
        format!("{} ページ, ", built.pages)
    } else {
        String::new()
    };
    println!(
        "{}: {pages}{} KB, {:.1} 秒",
        built.path.display(),
        built.bytes.div_ceil(1024),
        built.elapsed.as_secs_f64()
    );
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
    Build(BuildArgs),
    /// 保存するたびに作り直す（Ctrl+C で終了） (rebuild on every save; Ctrl+C to stop)
    Watch(BuildArgs),
    /// データを検査するだけ（PDFは作らない） (validate the data only)
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// 次の年度のデータを作る（今後の方針を新しい取組方針に、実施結果は空に） (start next fiscal year's data)
    NewYear {
        /// 元のデータのフォルダ（変更しません） (this year's data folder, left untouched)
        #[arg(long, default_value = "data", value_name = "DIR")]
        data: PathBuf,
        /// 新しいデータのフォルダ。省略時は data-<年度> (new folder; default data-<year>)
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// 各課に送る記入用のExcelファイルを作る（課ごとに1つ） (write one fill-in workbook per department)
    ExportForms {
        #[command(flatten)]
        common: Common,
        /// この課だけ（複数可）。省略時は行のあるすべての課 (only these departments)
        #[arg(long = "department", value_name = "課名")]
        departments: Vec<String>,
        /// 出力するフォルダ (output folder)
        #[arg(short, long, default_value = "out/forms", value_name = "DIR")]
        output: PathBuf,
        /// 各課の空欄の様式（PDF）も一緒に作る (also write each department's blank sheets as PDF)
        #[arg(long)]
        pdf: bool,
    },
    /// 記入されたExcelファイルの実施結果を取り込む (read filled workbooks back)
    ImportForms {
        #[command(flatten)]
        common: Common,
        /// 取り込むExcelファイル (workbooks)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// 2つのデータの違いを項目・欄ごとに表示する (what changed, item by item)
    Diff {
        /// 古いデータ: フォルダ、または git の 版:フォルダ（例 HEAD~1:data） (old data folder or REV:PATH)
        old: String,
        /// 新しいデータ（既定 data） (new data folder or REV:PATH)
        #[arg(default_value = "data")]
        new: String,
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
        Command::Build(args) => {
            let built =
                crate::build_with(&args.common.inputs(), &args.what.options(), &args.output())?;
            report(&built);
        }
        Command::Watch(args) => {
            let mut watcher = crate::watch::Watcher::new(
                args.common.inputs(),
                args.what.options(),
                args.output(),
            );
            println!(
                "data/ と layouts/ を見張っています。保存すると作り直します（Ctrl+C で終了）。"
            );
            loop {
                match watcher.rebuild() {
                    Ok(built) => report(&built),
                    Err(e) => eprintln!("エラー (error): {e}\n（前回のPDFはそのまま残っています）"),
                }
                while !watcher.changed() {
                    std::thread::sleep(std::time::Duration::from_millis(300));
                }
            }
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
        Command::NewYear { data, output } => {
            let n = crate::newyear::new_year(data, output.as_deref())?;
            println!(
                "{}: {}（{} 年度）のデータを作りました。今後の方針を取組方針に引き継いだ行: {} / {} 行",
                n.folder.display(),
                crate::era::nendo(n.fiscal_year, crate::era::Width::Half).unwrap_or_default(),
                n.fiscal_year,
                n.carried,
                n.rows
            );
        }
        Command::ExportForms {
            common,
            departments,
            output,
            pdf,
        } => {
            for e in crate::forms::export(&common.inputs(), departments, output, *pdf)? {
                let pdf = e
                    .pdf
                    .map(|p| format!(", {}", p.display()))
                    .unwrap_or_default();
                println!("{}: {} 行{pdf}", e.workbook.display(), e.rows);
            }
        }
        Command::ImportForms { common, files } => {
            let mut failed = 0;
            for r in crate::forms::import(&common.inputs(), files)? {
                match r {
                    Ok(i) => {
                        println!(
                            "{}: {} の変更 {} 件 → {}",
                            i.department,
                            i.department,
                            i.changes.len(),
                            i.results_file.display()
                        );
                        for c in &i.changes {
                            println!("  {c}");
                        }
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("エラー (error): {e}");
                    }
                }
            }
            if failed > 0 {
                return Err(crate::error::Error::Refused(failed));
            }
        }
        Command::Diff { old, new } => {
            let (old_dir, _keep_old) = crate::diff::resolve(old, Path::new("."))?;
            let (new_dir, _keep_new) = crate::diff::resolve(new, Path::new("."))?;
            let view = |dir: PathBuf| {
                crate::view_for(&Inputs::new(dir), &Options::default(), None).map(|(v, _)| v)
            };
            let changes = crate::diff::diff(&view(old_dir)?, &view(new_dir)?);
            for c in &changes {
                println!("{} ─ {}", c.item, c.field);
                println!("  前: {}", full(&c.before));
                println!("  後: {}", full(&c.after));
            }
            println!("違い (changes): {} 件", changes.len());
        }
        Command::Typ { common, output } => {
            let prepared = crate::prepare(&common.inputs())?;
            crate::pdf::write_atomic(output, prepared.markup.as_bytes())?;
            println!("{}", output.display());
        }
    }
    Ok(())
}
