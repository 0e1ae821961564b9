//! Checks of the results files (`results/<year>/<department>.yaml`) and
//! of the merged results: a column that two places fill differently is a
//! conflict naming both (the merge itself is [`crate::model::merge`]).

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Problem, Rule, shown};
use crate::model::merge::{Merged, Origin, Written, merge, normalized, written};
use crate::model::{
    Data, Field, GradeScale, InitiativeId, ResultsFile, Row, RowKey, Sourced, Text,
};

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
            let mut message = format!("行「{k}」は計画にありません");
            message.extend(misspelt_department(data, &key, rows));
            problems.push(problem(f, &r.key, Rule::ResultsRow, message));
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

/// Why a results row is not in the plan when the plan's own row of that
/// initiative names a department the list lacks: the row was renamed by
/// that typo, so this problem is its consequence and goes with its fix.
fn misspelt_department(data: &Data, key: &RowKey, rows: &HashMap<RowKey, &Row>) -> Option<String> {
    let (id, _) = key.as_str().split_once(':')?;
    let initiative = InitiativeId::parse(id)?;
    let known: Vec<&str> = data.department_names().collect();
    let typo = rows
        .iter()
        .filter(|(k, _)| k.as_str().split_once(':').is_some_and(|(i, _)| i == id))
        .flat_map(|(_, r)| &r.departments)
        .find(|d| !known.contains(&d.value.as_str()))?;
    let words = &data.words.value;
    let item = words.item(
        initiative.strategy,
        Some(initiative.measure),
        Some(initiative.initiative),
    );
    Some(format!(
        "。計画の{item}の部署名「{}」が{}にないためで、その問題の結果です。部署名を直せば、この問題も消えます",
        shown(&typo.value),
        words.departments_list()
    ))
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
