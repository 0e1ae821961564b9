//! Collected results, kept apart from the hand-written plan:
//! `data/results/<fiscal-year>/<department>.yaml`, one file per department,
//! written by `import-forms`. A build of that fiscal year shows them in the
//! department's rows; an import never rewrites the plan files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Problem, Result};
use crate::model::{Data, Initiative, Row, Sourced, Text};
use crate::validate::{self, row_label};

/// `results/<year>/<department>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultsFile {
    pub department: Text,
    pub fiscal_year: serde_saphyr::Spanned<i32>,
    #[serde(default)]
    pub rows: Vec<RowResult>,
}

/// The results of one row: `key` is "initiative id:row label", e.g.
/// "1-1-3:障害福祉課" or "1-2-1:子育て支援課・保育課".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowResult {
    pub key: Text,
    #[serde(default)]
    pub actions: Option<Text>,
    #[serde(default)]
    pub results: Option<Text>,
    #[serde(default)]
    pub grade: Option<Text>,
    #[serde(default)]
    pub next_policy: Option<Text>,
}

/// The same, as written by an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub key: String,
    pub actions: String,
    pub results: String,
    pub grade: String,
    pub next_policy: String,
}

/// The key of a row of an initiative.
pub fn key(id: &str, row: &Row) -> String {
    format!("{id}:{}", row_label(row))
}

/// The folder of a fiscal year's results.
pub fn folder(data: &Path, year: i32) -> PathBuf {
    data.join("results").join(year.to_string())
}

/// Read the results files of the plan's fiscal year (none is fine).
pub fn load(data_dir: &Path, year: i32) -> Result<Vec<Sourced<ResultsFile>>> {
    let dir = folder(data_dir, year);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files.iter().map(|p| crate::load::read(p)).collect()
}

/// Does `department` own this row: named in it, or the lead of 各関係課.
pub fn owns(row: &Row, department: &str) -> bool {
    row.departments.iter().any(|d| d.value == department)
        || row.lead.as_ref().is_some_and(|l| l.value == department)
}

/// Every ordinary initiative (not 【再掲】) with its id, in document order.
pub fn originals(data: &Data) -> Vec<(String, &Initiative)> {
    let mut out = Vec::new();
    for s in &data.strategies {
        for m in &s.value.measures {
            for i in m.initiatives.iter().filter(|i| i.relist_of.is_none()) {
                out.push((
                    format!(
                        "{}-{}-{}",
                        s.value.number.value, m.number.value, i.number.value
                    ),
                    i,
                ));
            }
        }
    }
    out
}

/// Problems in the results files: wrong year, unknown department or row,
/// a row of another department, a bad grade, results written twice.
pub fn validate(data: &Data) -> Vec<Problem> {
    let mut rows: HashMap<String, &Row> = HashMap::new();
    for (id, i) in originals(data) {
        for r in i.rows.iter().flatten() {
            rows.insert(key(&id, r), r);
        }
    }
    let known: Vec<&str> = data
        .departments
        .value
        .departments
        .iter()
        .map(|d| d.value.as_str())
        .collect();
    let year = data.plan.value.fiscal_year.value;
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for f in &data.results {
        let file = &f.file;
        let add = |problems: &mut Vec<Problem>, t: &Text, key: &'static str, message: String| {
            problems.push(Problem {
                file: file.clone(),
                line: t.referenced.line(),
                column: t.referenced.column(),
                item: f.value.department.value.clone(),
                message,
                key,
            })
        };
        let dept = f.value.department.value.as_str();
        if f.value.fiscal_year.value != year {
            problems.push(Problem {
                file: file.clone(),
                line: f.value.fiscal_year.referenced.line(),
                column: f.value.fiscal_year.referenced.column(),
                item: dept.to_string(),
                message: format!(
                    "この結果は {} 年度のものですが、計画は {year} 年度です",
                    f.value.fiscal_year.value
                ),
                key: "results_year",
            });
        }
        if !known.contains(&dept) {
            add(
                &mut problems,
                &f.value.department,
                "department",
                format!("部署名「{dept}」は担当部署等の一覧にありません"),
            );
        }
        for r in &f.value.rows {
            let k = r.key.value.as_str();
            let Some(row) = rows.get(k) else {
                add(
                    &mut problems,
                    &r.key,
                    "results_row",
                    format!("行「{k}」は計画にありません"),
                );
                continue;
            };
            if !owns(row, dept) {
                add(
                    &mut problems,
                    &r.key,
                    "results_owner",
                    format!("行「{k}」は{dept}の行ではありません"),
                );
            }
            if let Some(g) = &r.grade
                && !g.value.trim().is_empty()
                && validate::grade(&g.value).is_none()
            {
                add(
                    &mut problems,
                    g,
                    "grade",
                    format!(
                        "自己評価「{}」は使えません。Ａ・Ｂ・Ｃのいずれかです",
                        g.value
                    ),
                );
            }
            let inline = [&row.actions, &row.results, &row.grade, &row.next_policy]
                .into_iter()
                .flatten()
                .any(|t| !t.value.trim().is_empty());
            if inline {
                add(
                    &mut problems,
                    &r.key,
                    "results_twice",
                    format!(
                        "行「{k}」の実施結果が計画のファイルにも書かれています。どちらか一方にしてください"
                    ),
                );
            }
            if let Some(other) = seen.insert(k, file) {
                add(
                    &mut problems,
                    &r.key,
                    "results_twice",
                    format!("行「{k}」の実施結果が {} にもあります", other.display()),
                );
            }
        }
    }
    problems
}

/// The results files' entries by row key, for the view.
pub fn by_key(data: &Data) -> HashMap<String, &RowResult> {
    data.results
        .iter()
        .flat_map(|f| &f.value.rows)
        .map(|r| (r.key.value.clone(), r))
        .collect()
}

/// A results file's text, as `import-forms` writes it.
pub fn to_yaml(department: &str, year: i32, entries: &[Entry]) -> String {
    use crate::yaml_out::scalar;
    let mut o = format!(
        "# {department}の実施結果（{}）。shinchoku import-forms が書き出しました。\n\
         # 直接直してもかまいません。計画のファイル（strategies/）には書かないでください。\n\
         department: {}\nfiscal_year: {year}\nrows:\n",
        crate::era::nendo(year, crate::era::Width::Half).unwrap_or_default(),
        scalar(department)
    );
    for e in entries {
        o.push_str(&format!("  - key: {}\n", scalar(&e.key)));
        for (k, v) in [
            ("actions", &e.actions),
            ("results", &e.results),
            ("grade", &e.grade),
            ("next_policy", &e.next_policy),
        ] {
            if v.contains('\n') && !v.lines().any(|l| l.starts_with(' ') || l.is_empty()) {
                o.push_str(&format!("    {k}: |\n"));
                for l in v.lines() {
                    o.push_str(&format!("      {l}\n"));
                }
            } else {
                o.push_str(&format!("    {k}: {}\n", scalar(v)));
            }
        }
    }
    o
}
