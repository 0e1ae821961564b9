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
    let data = pipeline::check(&args.common.inputs()?)?;
    let levels = &data.words.value.levels;
    say(&format!(
        "問題はありません (ok): {} {} 件, {} {} 件",
        levels.strategy.value.trim(),
        data.strategies.len(),
        levels.initiative.value.trim(),
        data.initiatives().count()
    ));
    Ok(())
}
