//! 回収状況: the coordinator's to-do list. Per department: the rows it
//! answers for, how many have results, how many lack a 自己評価, and when
//! its workbook was last imported; per 施策細目: how many rows are done.
//!
//! A row is done when it has results (any result column written) and a
//! 自己評価. Rows are counted as the workbooks have them: each original
//! row once, for every department it names (a 【再掲】 shows its
//! original's results, so it is not counted again).

use std::time::SystemTime;

use serde::Serialize;

use crate::error::Result;
use crate::model::Data;
use crate::pipeline::{self, Inputs};
use crate::view::{self, RowView, View};

#[derive(Debug, Serialize)]
pub struct Status {
    pub year: String,
    /// The plan's level names (基本戦略, 施策細目, 取組) and words for
    /// 自己評価 and 担当部署等, as the report prints them.
    pub labels: crate::view::Labels,
    /// (number, 基本戦略１　title), for the prints by strategy.
    pub strategies: Vec<(u32, String)>,
    pub departments: Vec<Department>,
    pub measures: Vec<Measure>,
    /// Departments whose rows are all done.
    pub complete: usize,
    /// The committee's 査定 so far (committee/<year>.yaml).
    pub committee: Committee,
}

/// How many of the original initiatives the committee has graded.
#[derive(Debug, Serialize)]
pub struct Committee {
    pub assessed: usize,
    pub initiatives: usize,
}

#[derive(Debug, Serialize)]
pub struct Department {
    pub name: String,
    pub rows: usize,
    pub with_results: usize,
    pub without_grade: usize,
    pub done: usize,
    /// 完了, 記入中 or 未回収.
    pub state: &'static str,
    /// done, partial or none (for styles and tests).
    pub key: &'static str,
    /// How long ago its results were last imported: 3分前.
    pub imported: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Measure {
    /// "1-2", as the prints by 施策細目 ask for it.
    pub id: String,
    pub title: String,
    pub rows: usize,
    pub done: usize,
    pub complete: bool,
}

fn has_results(r: &RowView) -> bool {
    r.results.iter().any(|(_, t)| !t.trim().is_empty())
}

fn is_done(r: &RowView) -> bool {
    has_results(r) && !r.results.grade.trim().is_empty()
}

/// The status of the data as it is now.
pub fn status(inputs: &Inputs) -> Result<Status> {
    let data = pipeline::checked(inputs)?;
    let view = view::view(&data);
    let departments: Vec<Department> = data
        .department_names()
        .filter_map(|d| department(&data, &view, d))
        .collect();
    let level = view.labels.levels.strategy.clone();
    Ok(Status {
        year: view.years.results.clone(),
        labels: view.labels.clone(),
        strategies: view
            .strategies
            .iter()
            .map(|s| (s.number, format!("{level}{}　{}", s.mark, s.title)))
            .collect(),
        complete: departments.iter().filter(|d| d.key == "done").count(),
        departments,
        measures: measures(&view),
        committee: committee(&data),
    })
}

fn committee(data: &Data) -> Committee {
    let originals: Vec<_> = data
        .initiatives()
        .filter(|p| !p.initiative.is_relist())
        .map(|p| p.id)
        .collect();
    let assessed = data.committee.as_ref().map_or(0, |c| {
        c.value
            .initiatives
            .iter()
            .filter(|a| !a.grade_text().is_empty())
            .filter_map(|a| a.initiative())
            .filter(|id| originals.contains(id))
            .count()
    });
    Committee {
        assessed,
        initiatives: originals.len(),
    }
}

/// The rows a department answers for (as its workbook has them).
fn rows_of<'a>(view: &'a View, name: &str) -> Vec<&'a RowView> {
    view.initiatives()
        .filter(|i| i.relist_of.is_none())
        .flat_map(|i| &i.rows)
        .filter(|r| r.names.iter().any(|n| n == name))
        .collect()
}

fn department(data: &Data, view: &View, name: &str) -> Option<Department> {
    let rows = rows_of(view, name);
    if rows.is_empty() {
        return None;
    }
    let with_results = rows.iter().filter(|r| has_results(r)).count();
    let done = rows.iter().filter(|r| is_done(r)).count();
    let (state, key) = if done == rows.len() {
        ("完了", "done")
    } else if with_results > 0 {
        ("記入中", "partial")
    } else {
        ("未回収", "none")
    };
    let imported = data
        .results
        .iter()
        .filter(|f| f.value.department.value == name)
        .filter_map(|f| std::fs::metadata(&f.file).and_then(|m| m.modified()).ok())
        .max()
        .map(ago);
    Some(Department {
        name: name.to_string(),
        rows: rows.len(),
        with_results,
        without_grade: rows
            .iter()
            .filter(|r| r.results.grade.trim().is_empty())
            .count(),
        done,
        state,
        key,
        imported,
    })
}

fn measures(view: &View) -> Vec<Measure> {
    let mut out = Vec::new();
    let level = &view.labels.levels.strategy;
    for s in &view.strategies {
        for m in &s.measures {
            let rows: Vec<&RowView> = m
                .initiatives
                .iter()
                .filter(|i| i.relist_of.is_none())
                .flat_map(|i| &i.rows)
                .collect();
            let done = rows.iter().filter(|r| is_done(r)).count();
            out.push(Measure {
                id: m.id.to_string(),
                title: format!("{level}{}{}{}", s.number, m.mark, m.title),
                rows: rows.len(),
                done,
                complete: done == rows.len(),
            });
        }
    }
    out
}

/// How long ago, in the words staff use: たった今, 5分前, 3時間前, 2日前.
fn ago(t: SystemTime) -> String {
    let s = SystemTime::now()
        .duration_since(t)
        .map_or(0, |d| d.as_secs());
    match s {
        0..60 => "たった今".into(),
        60..3600 => format!("{}分前", s / 60),
        3600..86400 => format!("{}時間前", s / 3600),
        _ => format!("{}日前", s / 86400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn ages_in_words() {
        let now = SystemTime::now();
        assert_eq!(ago(now), "たった今");
        assert_eq!(ago(now - Duration::from_secs(300)), "5分前");
        assert_eq!(ago(now - Duration::from_secs(7200)), "2時間前");
        assert_eq!(ago(now - Duration::from_secs(3 * 86400)), "3日前");
    }
}
