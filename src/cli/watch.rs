//! `shinchoku watch`: build, then rebuild on every save until Ctrl+C.

use std::time::Duration;

use super::args::BuildArgs;
use super::build::report;
use super::out::{err, say};
use crate::error::Result;
use crate::watch::Watcher;

pub fn run(args: &BuildArgs) -> Result<()> {
    let mut watcher = Watcher::new(args.common.inputs()?, args.what.options(), args.output());
    say("データとレイアウトのファイルを見張っています。保存すると作り直します（Ctrl+C で終了）。");
    loop {
        match watcher.rebuild() {
            Ok(built) => report(&built),
            Err(e) => {
                super::print_error(&e);
                err("（前回の出力はそのまま残っています）");
            }
        }
        while !watcher.changed() {
            std::thread::sleep(Duration::from_millis(300));
        }
    }
}
