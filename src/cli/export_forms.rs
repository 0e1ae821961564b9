//! `shinchoku export-forms`.

use std::path::PathBuf;

use super::args::Common;
use super::out::say;
use crate::error::Result;
use crate::services::forms;

#[derive(Debug, clap::Args)]
pub struct Args {
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
    /// 各課の様式の代わりに、地域福祉検討会議の査定の様式（検討会議_<年度>.xlsx）を作る (the committee's workbook instead)
    #[arg(long, conflicts_with_all = ["departments", "pdf"])]
    committee: bool,
}

pub fn run(args: &Args) -> Result<()> {
    if args.committee {
        let inputs = args.common.inputs()?;
        let e = forms::committee::export(&inputs, &args.output)?;
        let words = crate::load::words(&inputs.data)
            .map(|w| w.value)
            .unwrap_or_default();
        let level = words.levels.initiative.value.trim().to_string();
        say(&format!("{}: {} {level}", e.workbook.display(), e.rows));
        return Ok(());
    }
    for e in forms::export(
        &args.common.inputs()?,
        &args.departments,
        &args.output,
        args.pdf,
    )? {
        let pdf = e
            .pdf
            .map(|p| format!(", {}", p.display()))
            .unwrap_or_default();
        say(&format!("{}: {} 行{pdf}", e.workbook.display(), e.rows));
    }
    Ok(())
}
