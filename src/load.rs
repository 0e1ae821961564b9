//! Reading the data folder: files → typed model, with YAML errors that name
//! file, line and column. Text is NFC-normalised before parsing so that the
//! same word typed on two machines compares equal.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};
use crate::model::{Data, Sourced, Strategy};

/// A data file larger than this is refused before parsing (the real ones are
/// tens of kilobytes; this guards against a wrong file dropped in the folder).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Read every file of a data folder. Each file is read even when another
/// failed, so all YAML errors are reported together.
pub fn load(dir: &Path) -> Result<Data> {
    if !dir.is_dir() {
        return Err(Error::NoDataDir(dir.to_path_buf()));
    }
    let mut errors = Vec::new();
    let e = &mut errors;
    let plan: Option<Sourced<crate::model::Plan>> = keep(e, read(&dir.join("plan.yaml")));
    let departments = keep(e, read(&dir.join("departments.yaml")));
    let intro = keep(e, read(&dir.join("intro.yaml")));
    let mut strategies: Vec<Sourced<Strategy>> = Vec::new();
    if let Some(files) = keep(e, strategy_files(&dir.join("strategies"))) {
        for p in &files {
            strategies.extend(keep(e, read(p)));
        }
    }
    let results = plan
        .as_ref()
        .and_then(|p| keep(e, crate::results::load(dir, p.value.fiscal_year.value)))
        .unwrap_or_default();
    match (plan, departments, intro) {
        (Some(plan), Some(departments), Some(intro)) if errors.is_empty() => {
            strategies.sort_by_key(|s| s.value.number.value);
            Ok(Data {
                plan,
                departments,
                intro,
                strategies,
                results,
            })
        }
        _ if errors.len() == 1 => Err(errors.remove(0)),
        _ => Err(Error::Files(errors)),
    }
}

/// The value, or `None` with the error set aside.
fn keep<T>(errors: &mut Vec<Error>, r: Result<T>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

/// `strategies/*.yaml`, in name order.
fn strategy_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|source| Error::Read {
                path: dir.to_path_buf(),
                source,
            })?
            .path();
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Read and parse one YAML file.
pub fn read<T: DeserializeOwned>(path: &Path) -> Result<Sourced<T>> {
    let text = read_text(path)?;
    let value = parse(path, &text)?;
    Ok(Sourced {
        file: path.to_path_buf(),
        value,
    })
}

/// Read a file as NFC-normalised UTF-8 text, refusing oversized or binary files.
pub fn read_text(path: &Path) -> Result<String> {
    let io = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let (line, column) = line_column(valid);
        Error::Yaml {
            path: path.to_path_buf(),
            line,
            column,
            message: "文字コードがUTF-8ではないか、テキストファイルではありません (not UTF-8 text)"
                .into(),
            snippet: String::new(),
        }
    })?;
    if text.trim().is_empty() {
        return Err(Error::Yaml {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "ファイルが空です (empty file)".into(),
            snippet: String::new(),
        });
    }
    Ok(text.nfc().collect())
}

/// 1-based line and column just after `bytes`.
fn line_column(bytes: &[u8]) -> (u64, u64) {
    let text = String::from_utf8_lossy(bytes);
    let line = text.matches('\n').count() as u64 + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, column)
}

/// Parse YAML text with duplicate keys refused and alias expansion bounded.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    // Defaults already refuse duplicate keys and bound aliases and nesting;
    // say so explicitly, as the data's correctness relies on it.
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        Error::Yaml {
            path: path.to_path_buf(),
            line,
            column,
            message: e.without_snippet().to_string(),
            snippet: snippet(text, line, column),
        }
    })
}

/// The offending line with a caret under the column, for the terminal.
fn snippet(text: &str, line: u64, column: u64) -> String {
    let Some(src) = (line as usize)
        .checked_sub(1)
        .and_then(|i| text.lines().nth(i))
    else {
        return String::new();
    };
    // Japanese characters take two terminal cells.
    let pad: usize = src
        .chars()
        .take(column.saturating_sub(1) as usize)
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum();
    format!("\n  {line:>4} | {src}\n       | {}^", " ".repeat(pad))
}
