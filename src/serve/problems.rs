//! 点検: every problem of the latest build, each with its file and line,
//! the item in the document's words, the YAML lines around it, and, where
//! the problem is at one value, that value for the edit form.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Problem, Rule, printable, shown};
use crate::io::{self, edit};
use crate::load;

/// Lines shown before and after the line of a problem.
const AROUND: u64 = 3;

/// Problems offered an edit form, at most (each reads its value again).
const EDITABLE: usize = 200;

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
    /// The value at the problem's place, when it can be changed here.
    pub edit: Option<Edit>,
    /// The file, line and column (the file is never shown to the page).
    #[serde(skip)]
    pub at: Option<(PathBuf, u64, u64)>,
}

/// What the edit form of a problem shows and sends back.
#[derive(Debug, Clone, Serialize)]
pub struct Edit {
    /// The file under the data folder (strategies/1.yaml): how the form
    /// names it; the server finds the problem by it, never opens it as is.
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub value: String,
    /// Several lines: a text area.
    pub block: bool,
    /// The file's fingerprint when shown (a changed file refuses the save).
    pub hash: String,
    /// For a department not in the list: the names to choose from, and
    /// the list in the plan's words (担当部署等の一覧), to add it there.
    pub departments: Vec<String>,
    pub list: String,
}

/// A line of the file around a problem.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub number: u64,
    pub text: String,
    /// The line the problem is on.
    pub here: bool,
}

/// The problems in an error of the pipeline, in order, each with its edit
/// form where it has one. `data` is the data folder, so places are shown
/// as staff know them (data/strategies/1.yaml).
pub fn findings(e: &Error, data: &Path) -> Vec<Finding> {
    let mut all = found(e, data);
    let mut files = Files::default();
    for f in all.iter_mut().take(EDITABLE) {
        f.edit =
            f.at.as_ref()
                .and_then(|(file, line, column)| files.edit(data, file, *line, *column));
        if let Some(e) = f.edit.as_mut().filter(|_| f.rule == Rule::Department.key()) {
            (e.departments, e.list) = f.at.as_ref().map(|a| departments(&a.0)).unwrap_or_default();
        }
    }
    all
}

fn found(e: &Error, data: &Path) -> Vec<Finding> {
    match e {
        Error::Invalid(problems) => problems.iter().map(|p| problem(p, data)).collect(),
        Error::Files(errors) => errors.iter().flat_map(|e| found(e, data)).collect(),
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
            edit: None,
            at: Some((path.clone(), *line, *column)),
        }],
        other => vec![Finding {
            place: String::new(),
            item: String::new(),
            message: other.to_string(),
            rule: String::new(),
            lines: Vec::new(),
            edit: None,
            at: None,
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
        edit: None,
        at: Some((p.file.clone(), p.line, p.column)),
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

/// Each file read once for the edit forms: its text and fingerprint.
#[derive(Default)]
struct Files(HashMap<PathBuf, Option<(String, String)>>);

impl Files {
    fn edit(&mut self, data: &Path, file: &Path, line: u64, column: u64) -> Option<Edit> {
        let rel = inside(data, file)?;
        let (text, hash) = self
            .0
            .entry(file.to_path_buf())
            .or_insert_with(|| raw(file))
            .as_ref()?;
        let value = edit::scalar_at(text, line, column)?;
        Some(Edit {
            file: rel,
            line,
            column,
            value: value.value,
            block: value.block,
            hash: hash.clone(),
            departments: Vec::new(),
            list: String::new(),
        })
    }
}

/// A file's text as it is on disk (not normalised: the edit keeps every
/// other byte), and its fingerprint.
pub fn raw(file: &Path) -> Option<(String, String)> {
    let bytes = io::read_limited(file, io::read::MAX_TEXT_BYTES).ok()?;
    let hash = edit::fingerprint(&bytes);
    Some((String::from_utf8(bytes).ok()?, hash))
}

/// `file` as a path under the data folder (strategies/1.yaml), when it is a
/// data file there: a regular file (not a link) the loader reads by name.
pub fn inside(data: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(data).ok()?;
    let plain = rel
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    let name = rel.file_name()?.to_str()?;
    let regular = file.symlink_metadata().is_ok_and(|m| m.is_file());
    let within = io::absolute(file).starts_with(io::absolute(data));
    (plain && regular && within && load::is_data_file(name))
        .then(|| rel.to_string_lossy().replace('\\', "/"))
}

/// The year folder a data file belongs to (the one with its plan.yaml).
pub fn year_folder(file: &Path) -> Option<PathBuf> {
    file.ancestors()
        .skip(1)
        .take(3)
        .find(|d| d.join("departments.yaml").is_file())
        .map(Path::to_path_buf)
}

/// The department names of a file's year, and the list in its words.
fn departments(file: &Path) -> (Vec<String>, String) {
    let Some(dir) = year_folder(file) else {
        return Default::default();
    };
    let list = load::words(&dir)
        .map(|w| w.value.departments_list())
        .unwrap_or_default();
    let names = load::read::<crate::model::Departments>(&dir.join("departments.yaml"))
        .map(|d| d.value.departments.into_iter().map(|t| t.value).collect())
        .unwrap_or_default();
    (names, list)
}
