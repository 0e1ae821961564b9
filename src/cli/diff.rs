//! `shinchoku diff OLD NEW`.

use std::path::Path;

use super::out::say;
use crate::error::Result;
use crate::io::git;
use crate::pipeline::{self, Inputs};
use crate::tools::diff;
use crate::view;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 古いデータ: フォルダ、または git の 版:フォルダ（例 HEAD~1:data） (old data folder or REV:PATH)
    old: String,
    /// 新しいデータ（既定 data） (new data folder or REV:PATH)
    #[arg(default_value = "data")]
    new: String,
    /// 追加のフォント（文字の検査に使う） (extra fonts folder, for the glyph check)
    #[arg(long, value_name = "DIR")]
    fonts: Option<std::path::PathBuf>,
}

/// A whole value on one line (line breaks shown as ⏎).
fn full(s: &str) -> String {
    if s.is_empty() {
        "（空）".into()
    } else {
        crate::error::printable(s)
    }
}

pub fn run(args: &Args) -> Result<()> {
    let (old_dir, _keep_old) = git::resolve(&args.old, Path::new("."))?;
    let (new_dir, _keep_new) = git::resolve(&args.new, Path::new("."))?;
    let view_of = |dir| -> Result<view::View> {
        let inputs = Inputs {
            fonts: args.fonts.clone(),
            ..Inputs::new(dir)
        };
        Ok(view::view(&pipeline::checked(&inputs)?))
    };
    let changes = diff::diff(&view_of(old_dir)?, &view_of(new_dir)?);
    for c in &changes {
        say(&format!(
            "{} ─ {}",
            crate::error::printable(&c.item),
            c.field
        ));
        say(&format!("  前: {}", full(&c.before)));
        say(&format!("  後: {}", full(&c.after)));
    }
    say(&format!("違い (changes): {} 件", changes.len()));
    Ok(())
}
