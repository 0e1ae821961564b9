//! `shinchoku watch`: build, then rebuild on every save until Ctrl+C.

use std::sync::mpsc;

use super::args::BuildArgs;
use super::build::report;
use super::out::{err, say};
use crate::error::Result;
use crate::pipeline::Session;
use crate::watch::{self, Source};

pub fn run(args: &BuildArgs) -> Result<()> {
    let options = args.what.options();
    options.validate()?;
    let inputs = args.common.inputs()?;
    let out = args.output();
    let mut session = Session::new(inputs.clone());
    let mut source = Source::new(inputs, Some(out.clone()));
    say("データとレイアウトのファイルを見張っています。保存すると作り直します（Ctrl+C で終了）。");
    let (tx, rx) = mpsc::channel();
    watch::run(&mut source, &rx, tx, || {
        match session.write(&options, &out) {
            Ok(built) => report(&built),
            Err(e) => {
                super::out::error(&e);
                err("（前回の出力はそのまま残っています）");
            }
        }
    });
    Ok(())
}
