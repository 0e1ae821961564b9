//! `shinchoku new-year`.

use std::path::PathBuf;

use super::args::Common;
use super::out::say;
use crate::error::Result;
use crate::model::{Field, era};
use crate::services::new_year;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// 新しいデータのフォルダ。省略時は data-<年度> (new folder; default data-<year>)
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// 年度ごとのフォルダにまとめる計画のフォルダを作る（今の年度をそのまま 計画/2024 に写し、計画/2025 を作る。元のフォルダは変えない） (start a plan folder: copy this year in, write the next beside it)
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    plan: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<()> {
    let n = new_year::new_year(
        &args.common.inputs()?,
        args.output.as_deref(),
        args.plan.as_deref(),
    )?;
    if let Some(copy) = &n.copied {
        say(&format!(
            "{}: 終わった年度のデータをそのまま写しました（元のフォルダは変えていません）",
            copy.display()
        ));
    }
    // The new folder's words are the plan's (words.yaml is carried).
    let words = crate::load::words(&n.folder)
        .map(|w| w.value)
        .unwrap_or_default();
    say(&format!(
        "{}: {}（{}年度）のデータを作りました。{}を{}に引き継いだ行: {} / {} 行",
        n.folder.display(),
        era::nendo(n.fiscal_year, era::Width::Half).unwrap_or_default(),
        n.fiscal_year,
        words.field(Field::NextPolicy),
        words.name(&words.columns.policy.value),
        n.carried,
        n.rows
    ));
    Ok(())
}
