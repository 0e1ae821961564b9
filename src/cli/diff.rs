//! `shinchoku diff OLD NEW`.

use std::path::Path;

use super::out::say;
use crate::error::Result;
use crate::io::git;
use crate::pipeline::{self, Inputs};
use crate::services::diff;
use crate::view;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 古いデータ: フォルダ、git の 版:フォルダ（例 HEAD~1:data）、または計画のフォルダの年度（例 2024、令和6年度） (old data folder, REV:PATH, or a year of --data)
    old: String,
    /// 新しいデータ（既定 data。年度でも可） (new data folder, REV:PATH or year)
    #[arg(default_value = "data")]
    new: String,
    /// 年度で指定するときの計画のフォルダ (the plan folder years are of)
    #[arg(long, default_value = "data", value_name = "DIR")]
    data: std::path::PathBuf,
    /// 追加のフォント（文字の検査に使う） (extra fonts folder, for the glyph check)
    #[arg(long, value_name = "DIR")]
    fonts: Option<std::path::PathBuf>,
}

/// One side of the comparison: a year of the plan folder (2024, 令和6年度)
/// where no such folder exists, else a folder or `REV:PATH`.
fn side(spec: &str, plan: &Path) -> Result<(std::path::PathBuf, Option<tempfile::TempDir>)> {
    match crate::model::era::parse_year(spec) {
        Some(year) if !Path::new(spec).exists() => {
            Ok((crate::load::years::resolve(plan, Some(year))?, None))
        }
        _ => git::resolve(spec, Path::new(".")),
    }
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
    let (old_dir, _keep_old) = side(&args.old, &args.data)?;
    let (new_dir, _keep_new) = side(&args.new, &args.data)?;
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
