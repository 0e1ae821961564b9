//! `shinchoku build`.

use super::args::BuildArgs;
use super::out::{err, say};
use crate::error::Result;
use crate::pipeline::{self, Built};

pub fn run(args: &BuildArgs) -> Result<()> {
    let options = args.what.options();
    options.validate()?;
    let built = pipeline::build(&args.common.inputs()?, &options, &args.output())?;
    report(&built);
    Ok(())
}

/// The one line printed for a build, after any warnings.
pub fn report(built: &Built) {
    for w in &built.warnings {
        err(&format!("警告 (warning): {w}"));
    }
    let pages = if built.pages > 0 {
        format!("{} ページ, ", built.pages)
    } else {
        String::new()
    };
    say(&format!(
        "{}: {pages}{} KB, {:.1} 秒",
        built.path.display(),
        built.bytes.div_ceil(1024),
        built.elapsed.as_secs_f64()
    ));
}
