//! Results (the four result columns) come from two places: the plan file's
//! own row, and the results files that `import-forms` writes, one per
//! department (`results/<year>/<department>.yaml`). A row shared by several
//! departments may get results from each of them. They are merged column by
//! column: an empty text never conflicts, identical texts are one, and two
//! different texts are a conflict that names both places and both texts.

use std::collections::HashMap;
use std::path::Path;

use super::{Data, Field, GradeScale, Results, RowKey, Text};

/// Where a result text was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// The plan file (strategies/N.yaml).
    Plan(&'a Path),
    /// A department's results file.
    Department { file: &'a Path, name: &'a str },
}

impl Origin<'_> {
    /// "results/2024/保育課.yaml（保育課）" or "strategies/1.yaml（計画のファイル）".
    pub fn describe(&self) -> String {
        match self {
            Origin::Plan(f) => format!("{}（計画のファイル）", f.display()),
            Origin::Department { file, name } => format!("{}（{name}）", file.display()),
        }
    }
}

/// One written result text.
#[derive(Debug, Clone, Copy)]
pub struct Written<'a> {
    pub origin: Origin<'a>,
    pub text: &'a Text,
}

/// A result text as compared and printed: trailing space and leading blank
/// lines dropped (YAML block scalars add them), line breaks as LF (the same
/// words typed in Excel with CR LF and re-saved by LibreOffice with LF are
/// one answer), grades in their printed form. Results files keep what was
/// typed, byte for byte.
pub fn normalized(field: Field, text: &str, scale: &GradeScale) -> String {
    let t = text.trim_end().trim_start_matches(['\n', '\r']);
    if field == Field::Grade {
        return scale
            .parse(t)
            .map_or_else(|| t.trim().to_string(), |g| scale.label(g).to_string());
    }
    if t.contains('\r') {
        return t.replace("\r\n", "\n").replace('\r', "\n");
    }
    t.to_string()
}

/// The merged value of one column: the text, or the first two texts that
/// disagree.
pub enum Merged<'a> {
    Value(String),
    Conflict(Written<'a>, Written<'a>),
}

/// Merge the texts written for one column of one row.
pub fn merge<'a>(field: Field, written: &[Written<'a>], scale: &GradeScale) -> Merged<'a> {
    let mut value: Option<(String, Written<'a>)> = None;
    for w in written {
        let t = normalized(field, &w.text.value, scale);
        if t.is_empty() {
            continue;
        }
        match &value {
            None => value = Some((t, *w)),
            Some((v, first)) if *v != t => return Merged::Conflict(*first, *w),
            Some(_) => {}
        }
    }
    Merged::Value(value.map(|(v, _)| v).unwrap_or_default())
}

/// Every text written for each row, column by column: the plan's own first,
/// then the results files in name order.
pub fn written(data: &Data) -> HashMap<RowKey, Results<Vec<Written<'_>>>> {
    let mut all: HashMap<RowKey, Results<Vec<Written<'_>>>> = HashMap::new();
    for (p, key, row) in data.rows() {
        let entry = all.entry(key).or_default();
        for (f, t) in row.results.iter() {
            if let Some(text) = t {
                let origin = Origin::Plan(&p.strategy.file);
                entry.get_mut(f).push(Written { origin, text });
            }
        }
    }
    for file in &data.results {
        let origin = Origin::Department {
            file: &file.file,
            name: &file.value.department.value,
        };
        for r in &file.value.rows {
            let Some(entry) = all.get_mut(&RowKey::from_text(&r.key.value)) else {
                continue;
            };
            for (f, t) in r.results.iter() {
                if let Some(text) = t {
                    entry.get_mut(f).push(Written { origin, text });
                }
            }
        }
    }
    all
}

/// The merged results of every row (conflicts resolved to the first text;
/// validation reports them).
pub fn merged(data: &Data) -> HashMap<RowKey, Results<String>> {
    let scale = data.grade_scale();
    written(data)
        .into_iter()
        .map(|(k, w)| {
            let values = w.map(|f, list| match merge(f, list, &scale) {
                Merged::Value(v) => v,
                Merged::Conflict(first, _) => normalized(f, &first.text.value, &scale),
            });
            (k, values)
        })
        .collect()
}
