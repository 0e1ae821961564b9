//! Results (the four result columns) come from two places: the plan file's
//! own row, and the results files that `import-forms` writes, one per
//! department (`results/<year>/<department>.yaml`). A row shared by several
//! departments may get results from each of them. They are merged column by
//! column: an empty text never conflicts, identical texts are one, and two
//! different texts are a conflict that names both places and both texts.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Problem, Rule, shown};
use crate::model::{Data, Field, GradeScale, Results, ResultsFile, Row, RowKey, Sourced, Text};

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

pub fn validate(data: &Data) -> Vec<Problem> {
    let rows: HashMap<RowKey, &Row> = data.rows().map(|(_, k, r)| (k, r)).collect();
    let mut problems = Vec::new();
    let mut departments: HashMap<&str, &Path> = HashMap::new();
    for f in &data.results {
        problems.extend(file(data, f, &rows));
        let dept = f.value.department.value.as_str();
        if let Some(other) = departments.insert(dept, &f.file) {
            let message = format!(
                "{}の結果ファイルが二つあります（{} と）。一つにまとめてください",
                shown(dept),
                other.display()
            );
            problems.push(problem(f, &f.value.department, Rule::ResultsTwice, message));
        }
    }
    problems.extend(conflicts(data));
    problems
}

fn problem(f: &Sourced<ResultsFile>, at: &Text, rule: Rule, message: String) -> Problem {
    Problem {
        file: f.file.clone(),
        line: at.referenced.line(),
        column: at.referenced.column(),
        item: f.value.department.value.clone(),
        message,
        rule,
    }
}

/// One results file on its own: year, department, keys, grades.
fn file(data: &Data, f: &Sourced<ResultsFile>, rows: &HashMap<RowKey, &Row>) -> Vec<Problem> {
    let dept = f.value.department.value.as_str();
    let mut problems = Vec::new();
    let year = data.plan.value.fiscal_year.value;
    let written = &f.value.fiscal_year;
    if written.value != year {
        let at = Text::new(String::new(), written.referenced, written.defined);
        let message = format!(
            "この結果は {} 年度のものですが、計画は {year} 年度です",
            written.value
        );
        problems.push(problem(f, &at, Rule::ResultsYear, message));
    }
    if !data.department_names().any(|d| d == dept) {
        let list = data.words.value.departments_list();
        let message = format!("部署名「{}」は{list}にありません", shown(dept));
        problems.push(problem(f, &f.value.department, Rule::Department, message));
    }
    let scale = data.grade_scale();
    let mut seen: HashMap<RowKey, u64> = HashMap::new();
    for r in &f.value.rows {
        let key = RowKey::from_text(&r.key.value);
        let k = shown(key.as_str());
        if let Some(line) = seen.insert(key.clone(), r.key.referenced.line()) {
            let message = format!(
                "行「{k}」がこのファイルに二度あります（{line} 行目にも）。一つにしてください"
            );
            problems.push(problem(f, &r.key, Rule::ResultsTwice, message));
        }
        let Some(row) = rows.get(&key) else {
            problems.push(problem(
                f,
                &r.key,
                Rule::ResultsRow,
                format!("行「{k}」は計画にありません"),
            ));
            continue;
        };
        if !row.owned_by(dept) {
            let message = format!("行「{k}」は{}の行ではありません", shown(dept));
            problems.push(problem(f, &r.key, Rule::ResultsOwner, message));
        }
        if let Some(g) = &r.results.grade
            && !g.value.trim().is_empty()
            && scale.parse(&g.value).is_none()
        {
            let message = format!(
                "{}「{}」は使えません。{}のいずれかです",
                data.words.value.field(Field::Grade),
                shown(&g.value),
                scale.describe()
            );
            problems.push(problem(f, g, Rule::Grade, message));
        }
    }
    problems
}

/// Columns with two different texts.
fn conflicts(data: &Data) -> Vec<Problem> {
    let scale = data.grade_scale();
    let mut problems = Vec::new();
    let written = written(data);
    for (_, key, _) in data.rows() {
        let Some(w) = written.get(&key) else { continue };
        for (f, list) in w.iter() {
            if let Merged::Conflict(a, b) = merge(f, list, &scale) {
                let heading = data.words.value.field(f);
                problems.push(conflict(&key, (f, &heading), a, b, &scale));
            }
        }
    }
    problems
}

/// `f`: the column and its name in the plan's words.
fn conflict(
    key: &RowKey,
    (f, heading): (Field, &str),
    a: Written,
    b: Written,
    scale: &GradeScale,
) -> Problem {
    let file = match b.origin {
        Origin::Plan(f) | Origin::Department { file: f, .. } => f,
    };
    Problem {
        file: file.to_path_buf(),
        line: b.text.referenced.line(),
        column: b.text.referenced.column(),
        item: key.to_string(),
        message: format!(
            "{}が二か所で違います: {}「{}」と {}「{}」。同じ行を受け持つ課どうしで内容を揃え、どちらか一方を直すか消してください",
            heading,
            a.origin.describe(),
            shown(&normalized(f, &a.text.value, scale)),
            b.origin.describe(),
            shown(&normalized(f, &b.text.value, scale)),
        ),
        rule: Rule::ResultsConflict,
    }
}
