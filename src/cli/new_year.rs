//! `shinchoku new-year`.

use std::path::PathBuf;

use super::args::Common;
use super::out::say;
use crate::error::Result;
use crate::model::era;
use crate::tools::newyear;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// 新しいデータのフォルダ。省略時は data-<年度> (new folder; default data-<year>)
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<()> {
    let n = newyear::new_year(&args.common.inputs(), args.output.as_deref())?;
    say(&format!(
        "{}: {}（{}年度）のデータを作りました。今後の方針を取組方針に引き継いだ行: {} / {} 行",
        n.folder.display(),
        era::nendo(n.fiscal_year, era::Width::Half).unwrap_or_default(),
        n.fiscal_year,
        n.carried,
        n.rows
    ));
    Ok(())
}
