//! The `shinchoku` command: Japanese help and messages for the staff who
//! run it, with the English keys alongside. Argument parsing and printing
//! only; each command's work is one handler in its own file.

mod args;
mod build;
mod check;
mod diff;
mod export_forms;
mod import_forms;
mod new_year;
mod out;
mod serve;
mod typ;
mod watch;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::{Error, Result};
pub use args::{BuildArgs, Common, What};

#[derive(Debug, Parser)]
#[command(
    name = "shinchoku",
    version,
    about = "地域福祉計画の進捗管理シート（PDF）をYAMLデータから作ります。\nBuilds the progress-sheet report (PDF) from the YAML data.",
    after_help = "例 (examples):\n  shinchoku build              data/ から out/report.pdf を作る\n  shinchoku check              データの誤りだけを調べる\n  shinchoku serve              ブラウザで使う（http://127.0.0.1:3000/）\n  shinchoku typ -o out/report.typ   生成されたTypstを書き出す\n\n終了コード (exit codes): 0 成功, 1 データや出力の誤り, 2 コマンドの書き方の誤り"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// PDFを作る (build the PDF report)
    Build(BuildArgs),
    /// 保存するたびに作り直す（Ctrl+C で終了） (rebuild on every save; Ctrl+C to stop)
    Watch(BuildArgs),
    /// データを検査する（PDFを作るのと同じ検査。書き出しはしない） (check the data as build does, writing nothing)
    Check(check::Args),
    /// 次の年度のデータを作る（今後の方針を新しい取組方針に、実施結果は空に） (start next fiscal year's data)
    NewYear(new_year::Args),
    /// 各課に送る記入用のExcelファイルを作る（課ごとに1つ） (write one fill-in workbook per department)
    ExportForms(export_forms::Args),
    /// 記入されたExcelファイルの実施結果を取り込む (read filled workbooks back)
    ImportForms(import_forms::Args),
    /// 2つのデータの違いを項目・欄ごとに表示する (what changed, item by item)
    Diff(diff::Args),
    /// ブラウザで使う: 報告書・点検・回収状況・取込・出力（Ctrl+C で終了） (the workspace in a browser)
    Serve(serve::Args),
    /// 生成したTypstのソースを書き出す（確認・調査用） (write the generated Typst markup)
    Typ(typ::Args),
}

/// Run the command line: 0 on success, 1 when the data or an output is
/// refused (the message says why), 2 for a mistyped command (from clap).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out::error(&e);
            // Options that do not go together are a mistyped command, as
            // clap's own refusals are.
            ExitCode::from(if matches!(e, Error::Usage(_)) { 2 } else { 1 })
        }
    }
}

pub fn run(command: &Command) -> Result<()> {
    match command {
        Command::Build(args) => build::run(args),
        Command::Watch(args) => watch::run(args),
        Command::Check(args) => check::run(args),
        Command::NewYear(args) => new_year::run(args),
        Command::ExportForms(args) => export_forms::run(args),
        Command::ImportForms(args) => import_forms::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Typ(args) => typ::run(args),
    }
}
