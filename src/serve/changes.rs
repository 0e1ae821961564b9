//! 前回との違い: the older data a comparison (`diff`) or a report with its
//! changes marked (`build --mark-changes`) starts from, offered without a
//! terminal: the plan's earlier years (its year folders) and the data
//! folder's recorded versions when it is in a git repository. A request
//! names one of these by its key (`year:2024`, `git:<commit>`), looked up
//! in this list: nothing in it becomes a path or a git argument unchecked.

use std::path::PathBuf;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::git;
use crate::load::years;
use crate::model::era::Width;
use crate::pipeline::Inputs;

/// Recorded versions offered, newest first.
const REVISIONS: usize = 10;

/// One older side to compare with.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub key: String,
    pub label: String,
}

/// The year folder served now (a plan folder's latest year).
fn current(inputs: &Inputs) -> PathBuf {
    years::resolve(&inputs.data, None).unwrap_or_else(|_| inputs.data.clone())
}

/// What the data can be compared with: earlier years, newest first, then
/// recorded versions.
pub fn choices(inputs: &Inputs) -> Vec<Choice> {
    let now = current(inputs);
    let style = super::years::words_of(&now).year_style();
    let mut out: Vec<Choice> = years::earlier(&now)
        .into_iter()
        .rev()
        .map(|(y, _)| Choice {
            key: format!("year:{y}"),
            label: format!(
                "{}のデータ（計画のフォルダの {y}）",
                style.label(y, Width::Half)
            ),
        })
        .collect();
    for (i, r) in git::revisions(&now, REVISIONS).into_iter().enumerate() {
        let latest = if i == 0 {
            "最後に記録した版: "
        } else {
            ""
        };
        out.push(Choice {
            key: format!("git:{}", r.id),
            label: format!(
                "{latest}{} の「{}」（git {}）",
                r.date,
                crate::error::shown(&r.subject),
                &r.id[..7]
            ),
        });
    }
    out
}

/// The older data folder of a choice, with its temporary copy (a git
/// version) kept as long as the guard lives, and its label.
pub fn old_side(
    inputs: &Inputs,
    key: &str,
) -> Result<(PathBuf, Option<tempfile::TempDir>, String)> {
    let choice = choices(inputs)
        .into_iter()
        .find(|c| c.key == key)
        .ok_or_else(|| Error::Usage("比べる相手は、出力のページの一覧から選んでください".into()))?;
    let now = current(inputs);
    if let Some(id) = key.strip_prefix("git:") {
        let (dir, keep) = git::folder_at(&now, id)?;
        return Ok((dir, keep, choice.label));
    }
    let year = key
        .strip_prefix("year:")
        .and_then(|y| y.parse::<i32>().ok());
    let dir = years::earlier(&now)
        .into_iter()
        .find(|(y, _)| Some(*y) == year)
        .map(|(_, p)| p)
        .ok_or_else(|| Error::Usage("その年度のフォルダはありません".into()))?;
    Ok((dir, None, choice.label))
}
