//! Checks beyond the types: everything a reader of the printed form would
//! notice as wrong. All problems are collected, so staff fix them in one go;
//! each names its file, line, column and item in the document's own words.

mod committee;
mod plan;
mod results;
mod strategy;
mod text;
mod words;
mod years;

use std::path::Path;

use serde_saphyr::Location;

use crate::error::{Problem, Rule};
use crate::model::{Data, Text};

pub use results::{Origin, Written, merged, normalized, written};
pub use text::{MAX_TEXT_CHARS, missing_glyphs, texts, unprintable};

/// Years the tool accepts (和暦 must be derivable).
pub const YEARS: std::ops::RangeInclusive<i32> = 1989..=2100;

/// All problems in the data, of every year of the plan; empty when it can
/// be built.
pub fn validate(data: &Data) -> Vec<Problem> {
    let mut problems: Vec<Problem> = data.years().flat_map(validate_year).collect();
    problems.extend(years::validate(data));
    problems
}

/// The problems of one year's folder.
fn validate_year(data: &Data) -> Vec<Problem> {
    let mut problems = plan::validate(data);
    problems.extend(words::validate(data));
    problems.extend(strategy::validate(data));
    problems.extend(results::validate(data));
    problems.extend(committee::validate(data));
    problems.extend(text::unprintable_texts(data));
    problems
}

/// Problems of one file.
struct Checker<'a> {
    problems: Vec<Problem>,
    file: &'a Path,
}

impl<'a> Checker<'a> {
    fn new(file: &'a Path) -> Self {
        Self {
            problems: Vec::new(),
            file,
        }
    }

    fn add(&mut self, at: &Location, item: &str, rule: Rule, message: impl Into<String>) {
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            line: at.line(),
            column: at.column(),
            item: item.to_string(),
            message: message.into(),
            rule,
        });
    }

    fn required(&mut self, text: &Text, item: &str, what: &str) {
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
    fn unknown_department(&mut self, name: &Text, item: &str, list: &str) {
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
    fn numbering(
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

    fn done(self) -> Vec<Problem> {
        self.problems
    }
}
