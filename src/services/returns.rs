//! 回収状況: the coordinator's to-do list. Per department: the rows it
//! answers for, how many have results, how many lack a 自己評価, and what
//! came back from it (imported: when and which file; returned empty;
//! refused: when, which file and why; nothing yet); the departments still
//! to chase; per 施策細目: how many rows are done.
//!
//! What came back is kept in a record of returns, `results/<year>/回収記録.json`,
//! written by every import that writes (`import-forms` and serve's 取込).
//! `load` reads only `.yaml`/`.yml` files, so the record is never taken for
//! data and `check` never sees it; it goes with the results of its year.
//!
//! A row is done when it has results (any result column written) and a
//! 自己評価. Rows are counted as the workbooks have them: each original
//! row once, for every department it names (a 【再掲】 shows its
//! original's results, so it is not counted again).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Data;
use crate::pipeline::{self, Inputs};
use crate::services::forms::Attempt;
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
    /// Departments that have sent nothing back yet, and the words of a
    /// reminder to them (a sentence, then one name a line).
    pub chase: Vec<String>,
    pub reminder: String,
    /// Departments whose latest workbook was refused.
    pub refused: Vec<String>,
    /// The committee's 査定 so far (committee/<year>.yaml).
    pub committee: Committee,
    /// Words the pages write, in the plan's words.
    pub names: Names,
}

/// The plan's words as one line each (words.yaml), for 回収状況 and 出力:
/// its columns, and the titles of the prints offered besides the report.
#[derive(Debug, Serialize)]
pub struct Names {
    /// 担当部署等, 具体的な取組内容, 成果, 自己評価, 今後の方針.
    pub departments: String,
    pub actions: String,
    pub results: String,
    pub grade: String,
    pub next_policy: String,
    /// The committee's 査定, 意見 and 市の考え方, and its two documents:
    /// 自己評価と査定の一覧, 主な意見と市の考え方.
    pub assessment: String,
    pub opinion: String,
    pub answer: String,
    pub digest: String,
    pub opinions: String,
    /// The trend pages' titles: 取組ごとの自己評価の推移, 計画期間の
    /// 自己評価の推移, 成果指標の推移.
    pub trend: [String; 3],
}

fn names(w: &crate::model::Words) -> Names {
    let n = |t: &crate::model::Text| w.name(&t.value);
    let (c, t) = (&w.committee, &w.trend);
    Names {
        departments: n(&w.columns.departments),
        actions: w.field(crate::model::Field::Actions),
        results: w.field(crate::model::Field::Results),
        grade: w.field(crate::model::Field::Grade),
        next_policy: w.field(crate::model::Field::NextPolicy),
        assessment: n(&c.grade),
        opinion: n(&c.opinion),
        answer: n(&c.answer),
        digest: n(&c.digest),
        opinions: n(&c.opinions),
        trend: [n(&t.title), n(&t.period), n(&t.indicators)],
    }
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
    /// 完了, 記入中, 取込不可, 空で返送 or 未回収.
    pub state: &'static str,
    /// done, partial, refused, empty or none (for styles and tests).
    pub key: &'static str,
    /// Its last imported workbook, from the record of returns.
    pub imported: Option<Seen>,
    /// Its latest refused workbook, when nothing was imported after it.
    pub refused: Option<Seen>,
    /// Something came back from it: a workbook (imported or refused), or
    /// a results file of its own (imported before the record was kept).
    pub returned: bool,
}

/// A workbook that came back, as 回収状況 shows it.
#[derive(Debug, Serialize)]
pub struct Seen {
    /// 6月1日 10:05（3分前）, in Japan's time.
    pub when: String,
    /// The file's name as it was given (uploaded or named on the command line).
    pub file: String,
    /// Nothing typed in it.
    pub empty: bool,
    /// Why it was refused, in words that name no control.
    pub reasons: Vec<String>,
    /// The browser's import page that showed it (serve's batch id).
    pub batch: Option<String>,
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
    Ok(status_of(&inputs.data, &data))
}

/// The status of data already read and checked from the folder `dir`
/// (serve's builder has it in hand, so it is not read twice).
pub fn status_of(dir: &Path, data: &Data) -> Status {
    let view = view::view(data);
    let record = Record::read(&record_file(dir, data.year()));
    let departments: Vec<Department> = data
        .department_names()
        .filter_map(|d| department(&view, d, record.departments.get(d)))
        .map(|mut d| {
            d.returned |= data
                .results
                .iter()
                .any(|f| f.value.department.value == d.name);
            d
        })
        .collect();
    let named = |keep: &dyn Fn(&Department) -> bool| -> Vec<String> {
        departments
            .iter()
            .filter(|d| keep(d))
            .map(|d| d.name.clone())
            .collect()
    };
    // A shared row another department filled is not this one's return.
    let chase = named(&|d| !d.returned);
    let refused = named(&|d| d.key == "refused");
    let level = view.labels.levels.strategy.clone();
    Status {
        reminder: reminder(&view.years.results, &chase),
        chase,
        refused,
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
        committee: committee(data),
        names: names(&view.words),
    }
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

fn department(view: &View, name: &str, returns: Option<&Returns>) -> Option<Department> {
    let rows = rows_of(view, name);
    if rows.is_empty() {
        return None;
    }
    let with_results = rows.iter().filter(|r| has_results(r)).count();
    let done = rows.iter().filter(|r| is_done(r)).count();
    let imported = returns.and_then(|r| r.imported.as_ref());
    // A refusal counts until a workbook is imported after it.
    let refused = returns
        .and_then(|r| r.refused.last())
        .filter(|f| imported.is_none_or(|i| f.at > i.at));
    let (state, key) = if refused.is_some() {
        ("取込不可", "refused")
    } else if done == rows.len() {
        ("完了", "done")
    } else if with_results > 0 {
        ("記入中", "partial")
    } else if imported.is_some() {
        ("空で返送", "empty")
    } else {
        ("未回収", "none")
    };
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
        imported: imported.map(Event::seen),
        refused: refused.map(Event::seen),
        returned: returns.is_some_and(|r| r.imported.is_some() || !r.refused.is_empty()),
    })
}

/// A reminder to the departments still to chase: a sentence, then one
/// name a line (ready to paste into a mail).
fn reminder(year: &str, chase: &[String]) -> String {
    if chase.is_empty() {
        return String::new();
    }
    let mut text = format!(
        "{year}の記入用 Excel の返送が、まだ届いていません。お手数ですが、記入のうえ返送してください。\n\n"
    );
    for name in chase {
        text.push_str(name);
        text.push('\n');
    }
    text
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

/// 6月1日 10:05 in Japan's time (UTC+9, no summer time), for seconds
/// since 1970: the city's staff read it, wherever the server's clock is set.
fn japan_time(secs: u64) -> String {
    let t = secs + 9 * 3600;
    let (_, month, day) = civil((t / 86400) as i64);
    let minutes = t % 86400 / 60;
    format!("{month}月{day}日 {:02}:{:02}", minutes / 60, minutes % 60)
}

/// (year, month, day) of a day counted from 1970-01-01 (H. Hinnant's
/// `civil_from_days`).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The record of returns of one fiscal year.
pub fn record_file(data: &Path, year: i32) -> PathBuf {
    crate::load::results_folder(data, year).join(RECORD)
}

/// Not `.yaml`: `load` never reads it as a results file.
const RECORD: &str = "回収記録.json";
/// Refused attempts kept per department (the latest ones).
const KEEP_REFUSED: usize = 10;

/// What came back from each department.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    #[serde(default)]
    departments: BTreeMap<String, Returns>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Returns {
    /// The last workbook imported.
    #[serde(default)]
    imported: Option<Event>,
    /// Refused workbooks, oldest first.
    #[serde(default)]
    refused: Vec<Event>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Event {
    /// Seconds since 1970 (UTC).
    at: u64,
    file: String,
    #[serde(default)]
    empty: bool,
    #[serde(default)]
    reasons: Vec<String>,
    #[serde(default)]
    batch: Option<String>,
}

impl Event {
    fn seen(&self) -> Seen {
        let t = UNIX_EPOCH + Duration::from_secs(self.at);
        Seen {
            when: format!("{}（{}）", japan_time(self.at), ago(t)),
            file: self.file.clone(),
            empty: self.empty,
            reasons: self.reasons.clone(),
            batch: self.batch.clone(),
        }
    }
}

impl Record {
    /// The record, or an empty one where there is none (or it cannot be
    /// read: it only tells what came back, the data never depends on it).
    fn read(path: &Path) -> Self {
        crate::io::read_text(path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }
}

/// One workbook that came back: the name it was given as, what its import
/// did, and (in serve) the import page that showed it.
pub struct Returned<'a> {
    pub name: &'a str,
    pub attempt: &'a Attempt,
    pub batch: Option<&'a str>,
}

/// Add what came back to the record of the data's fiscal year (written
/// atomically). The committee's workbook and workbooks that name no
/// department are not a department's return.
pub fn record(inputs: &Inputs, returned: &[Returned]) -> Result<()> {
    let plan = crate::load::read::<crate::model::Plan>(&inputs.data.join("plan.yaml"))?;
    let path = record_file(&inputs.data, plan.value.fiscal_year.value);
    // `import-forms` and `serve` may add to it at the same moment.
    let _only_us = crate::io::exclusive(&path)?;
    let mut record = Record::read(&path);
    let at = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut changed = false;
    for r in returned {
        let (department, event) = match &r.attempt.outcome {
            Ok(i) => (Some(i.department.as_str()), Ok(i.empty)),
            Err(f) => (f.department.as_deref(), Err(f)),
        };
        let Some(department) = department.filter(|d| *d != crate::services::forms::committee::NAME)
        else {
            continue;
        };
        let mut e = Event {
            at,
            file: r.name.to_string(),
            empty: false,
            reasons: Vec::new(),
            batch: r.batch.map(str::to_string),
        };
        let entry = record
            .departments
            .entry(department.to_string())
            .or_default();
        match event {
            Ok(empty) => {
                e.empty = empty;
                entry.imported = Some(e);
            }
            Err(f) => {
                e.reasons = f.reasons.iter().map(|r| r.summary()).collect();
                entry.refused.push(e);
                let extra = entry.refused.len().saturating_sub(KEEP_REFUSED);
                entry.refused.drain(..extra);
            }
        }
        changed = true;
    }
    if !changed {
        return Ok(());
    }
    let text = serde_json::to_string_pretty(&record).map_err(|e| Error::Write {
        path: path.clone(),
        source: std::io::Error::other(e),
    })?;
    crate::io::write_atomic(&path, text.as_bytes())
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

    #[test]
    fn japan_time_whatever_the_servers_clock() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(19_723), (2024, 1, 1));
        assert_eq!(civil(19_782), (2024, 2, 29));
        // 2025-03-31 15:30 UTC is 4月1日 00:30 in Japan.
        assert_eq!(japan_time(1_743_435_000), "4月1日 00:30");
    }
}
