//! 点検: every problem of the latest build, each with its file and line,
//! the item in the document's words, and the YAML lines around it.

use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Problem, printable, shown};

/// Lines shown before and after the line of a problem.
const AROUND: u64 = 3;

/// One problem as the browser shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// strategies/1.yaml:33:27, or empty when the problem has no place.
    pub place: String,
    pub item: String,
    pub message: String,
    /// The rule's English key.
    pub rule: String,
    pub lines: Vec<Line>,
}

/// A line of the file around a problem.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub number: u64,
    pub text: String,
    /// The line the problem is on.
    pub here: bool,
}

/// The problems in an error of the pipeline, in order. `data` is the data
/// folder, so places are shown as staff know them (data/strategies/1.yaml).
pub fn findings(e: &Error, data: &Path) -> Vec<Finding> {
    match e {
        Error::Invalid(problems) => problems.iter().map(|p| problem(p, data)).collect(),
        Error::Files(errors) => errors.iter().flat_map(|e| findings(e, data)).collect(),
        Error::Yaml {
            path,
            line,
            column,
            message,
            ..
        } => vec![Finding {
            place: format!("{}:{line}:{column}", name(path, data)),
            item: String::new(),
            message: format!("YAMLの書き方に誤りがあります: {}", printable(message)),
            rule: "yaml".into(),
            lines: around(path, *line),
        }],
        other => vec![Finding {
            place: String::new(),
            item: String::new(),
            message: other.to_string(),
            rule: String::new(),
            lines: Vec::new(),
        }],
    }
}

fn problem(p: &Problem, data: &Path) -> Finding {
    Finding {
        place: format!("{}:{}:{}", name(&p.file, data), p.line, p.column),
        item: shown(&p.item),
        message: printable(&p.message),
        rule: p.rule.key().into(),
        lines: around(&p.file, p.line),
    }
}

/// A file's name under the data folder's own name: data/strategies/1.yaml.
fn name(file: &Path, data: &Path) -> String {
    let folder = data
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match file.strip_prefix(data) {
        Ok(rel) if !folder.is_empty() => format!("{folder}/{}", rel.display()),
        _ => file.display().to_string(),
    }
}

/// The lines around `line` (1-based) of a file the pipeline read.
fn around(file: &Path, line: u64) -> Vec<Line> {
    let Ok(text) = crate::io::read_text(file) else {
        return Vec::new();
    };
    let first = line.saturating_sub(AROUND).max(1);
    text.lines()
        .enumerate()
        .map(|(i, t)| (i as u64 + 1, t))
        .filter(|(n, _)| (first..=line + AROUND).contains(n))
        .map(|(number, t)| Line {
            number,
            text: printable(t),
            here: number == line,
        })
        .collect()
}
