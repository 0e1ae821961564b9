//! `shinchoku check`: everything `build` does for the whole report (the
//! data checks, the layout and the PDF), with nothing written.

use super::args::Common;
use super::out::say;
use crate::error::Result;
use crate::pipeline;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
}

pub fn run(args: &Args) -> Result<()> {
    let data = pipeline::check(&args.common.inputs())?;
    say(&format!(
        "問題はありません (ok): 基本戦略 {} 件, 取組 {} 件",
        data.strategies.len(),
        data.initiatives().count()
    ));
    Ok(())
}
