//! A file's problems, collected as the checks find them: each with its
//! line, column and item.

use std::path::Path;

use serde_saphyr::Location;

use crate::error::{Problem, Rule};
use crate::model::{Data, Text};

/// Years the tool accepts (和暦 must be derivable).
pub const YEARS: std::ops::RangeInclusive<i32> = 1989..=2100;

/// The first page in messages: its own heading (Honjo's 進行管理, another
/// plan's 計画の進行管理), or the file's role where the heading is empty.
pub fn intro_item(data: &Data) -> String {
    let heading = data.intro.value.heading.value.trim();
    if heading.is_empty() {
        "最初のページ (intro.yaml)".into()
    } else {
        heading.replace('\n', "")
    }
}

/// Problems of one file.
pub(super) struct Checker<'a> {
    problems: Vec<Problem>,
    pub(super) file: &'a Path,
}

impl<'a> Checker<'a> {
    pub(super) fn new(file: &'a Path) -> Self {
        Self {
            problems: Vec::new(),
            file,
        }
    }

    pub(super) fn add(
        &mut self,
        at: &Location,
        item: &str,
        rule: Rule,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            line: at.line(),
            column: at.column(),
            item: item.to_string(),
            message: message.into(),
            rule,
        });
    }

    pub(super) fn required(&mut self, text: &Text, item: &str, what: &str) {
        if text.value.trim().is_empty() {
            self.add(
                &text.referenced,
                item,
                Rule::Empty,
                format!("{what} が空です。入力してください"),
            );
        }
    }

    /// `list`: departments.yaml in the plan's words (担当部署等の一覧).
    pub(super) fn unknown_department(&mut self, name: &Text, item: &str, list: &str) {
        self.add(
            &name.referenced,
            item,
            Rule::Department,
            format!(
                "部署名「{}」は{list} (departments.yaml) にありません。誤字か、一覧への追加漏れです",
                crate::error::shown(&name.value)
            ),
        );
    }

    /// Numbers must run 1, 2, 3, … in the order written.
    pub(super) fn numbering(
        &mut self,
        numbers: &[&serde_saphyr::Spanned<u32>],
        item: impl Fn(u32) -> String,
        what: &str,
    ) {
        for (i, n) in numbers.iter().enumerate() {
            let expected = i as u32 + 1;
            if n.value != expected {
                self.add(
                    &n.referenced,
                    &item(n.value),
                    Rule::Numbering,
                    format!(
                        "{what}の番号が連続していません（{expected} のはずが {}）",
                        n.value
                    ),
                );
            }
        }
    }

    pub(super) fn done(self) -> Vec<Problem> {
        self.problems
    }
}
