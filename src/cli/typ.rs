//! `shinchoku typ`: the generated Typst markup, for looking into a layout.

use std::path::PathBuf;

use super::args::Common;
use super::out::say;
use crate::error::Result;
use crate::{io, pipeline};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// 出力するファイル (output file)
    #[arg(short, long, default_value = "out/report.typ", value_name = "FILE")]
    output: PathBuf,
}

pub fn run(args: &Args) -> Result<()> {
    let inputs = args.common.inputs()?;
    pipeline::guard_output(&inputs, &args.output)?;
    let prepared = pipeline::prepare(&inputs, &pipeline::Options::default())?;
    io::write_atomic(&args.output, prepared.markup.as_bytes())?;
    say(&args.output.display().to_string());
    Ok(())
}
