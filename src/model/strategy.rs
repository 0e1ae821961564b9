//! `strategies/N.yaml`: a 基本戦略 with its 施策細目, 取組 and department rows.

use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::fields::{RowYaml, Written};
use super::{InitiativeId, Text};

/// `data/strategies/N.yaml`: one 基本戦略.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    pub number: Spanned<u32>,
    pub title: Text,
    pub description: Text,
    pub indicators: Vec<Indicator>,
    /// 関連するSDGｓの目標 (goal numbers 1–17).
    #[serde(default)]
    pub sdgs: Vec<Spanned<u32>>,
    pub measures: Vec<Measure>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub name: Text,
    #[serde(default)]
    pub note: Option<Text>,
    /// 現状値, 実績値 (the fiscal year's) and 目標値: each in the columns
    /// words.yaml shows.
    #[serde(default)]
    pub current: Option<Text>,
    #[serde(default)]
    pub actual: Option<Text>,
    #[serde(default)]
    pub target: Option<Text>,
    /// This indicator's own years, where they differ from plan.yaml's
    /// `indicator_years`.
    #[serde(default)]
    pub years: Option<OwnYears>,
}

/// An indicator's own years (western), each optional.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnYears {
    #[serde(default)]
    pub current: Option<Spanned<i32>>,
    #[serde(default)]
    pub actual: Option<Spanned<i32>>,
    #[serde(default)]
    pub target: Option<Spanned<i32>>,
}

impl Indicator {
    /// The value of a column by its key (current, actual, target).
    pub fn value(&self, key: &str) -> Option<&Text> {
        match key {
            "current" => self.current.as_ref(),
            "actual" => self.actual.as_ref(),
            "target" => self.target.as_ref(),
            _ => None,
        }
    }

    /// This indicator's own year for a column, if it has one.
    pub fn own_year(&self, key: &str) -> Option<&Spanned<i32>> {
        let y = self.years.as_ref()?;
        match key {
            "current" => y.current.as_ref(),
            "actual" => y.actual.as_ref(),
            "target" => y.target.as_ref(),
            _ => None,
        }
    }
}

/// 施策細目.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub number: Spanned<u32>,
    pub title: Text,
    pub background: Text,
    pub initiatives: Vec<Initiative>,
}

/// 取組. Either an original (name, overview, rows) or a 【再掲】 (relist_of).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Initiative {
    pub number: Spanned<u32>,
    #[serde(default)]
    pub name: Option<Text>,
    #[serde(default)]
    pub overview: Option<Text>,
    #[serde(default)]
    pub rows: Option<Vec<Row>>,
    /// ＜備考＞ under the table.
    #[serde(default)]
    pub note: Option<Text>,
    /// 【再掲】: "strategy-measure-initiative" of the original, e.g. 1-1-3.
    #[serde(default)]
    pub relist_of: Option<Text>,
    /// 【再掲】 only: the original's rows in this order (or a subset), by label.
    #[serde(default)]
    pub row_order: Option<Vec<Text>>,
    /// Layout hint: start this initiative on a new page, as the original does.
    #[serde(default)]
    pub page_break: bool,
    /// The initiative(s) of the year before this one continues, when its
    /// number changed or several were merged: "1-1-3" or "1-1-3, 1-1-4".
    /// Its history (grades of earlier years) follows the link.
    #[serde(default)]
    pub previously: Option<Text>,
}

impl Initiative {
    pub fn is_relist(&self) -> bool {
        self.relist_of.is_some()
    }

    /// The original a 【再掲】 points at, when written correctly.
    pub fn relist_target(&self) -> Option<InitiativeId> {
        self.relist_of
            .as_ref()
            .and_then(|t| InitiativeId::parse(&t.value))
    }

    /// The ids `previously` names, each parsed (`None` where one is not
    /// written as 1-2-3).
    pub fn previous_ids(&self) -> Vec<Option<InitiativeId>> {
        self.previously
            .iter()
            .flat_map(|t| t.value.split([',', '、', '・', '，']))
            .filter(|s| !s.trim().is_empty())
            .map(InitiativeId::parse)
            .collect()
    }

    /// The rows with their keys (see [`RowKey`]).
    pub fn keyed_rows(&self, id: InitiativeId) -> impl Iterator<Item = (RowKey, &Row)> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        self.rows.iter().flatten().map(move |r| {
            let label = r.label();
            let n = seen.entry(label.clone()).or_default();
            *n += 1;
            (RowKey::new(id, &label, *n), r)
        })
    }
}

/// One row of the sheet's table: the departments sharing one policy.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "RowYaml")]
pub struct Row {
    pub departments: Vec<Text>,
    /// For 各関係課: the lead department printed in parentheses.
    pub lead: Option<Text>,
    /// 令和N年度の取組方針.
    pub policy: Text,
    /// The result columns written in the plan file itself.
    pub results: Written,
}

impl From<RowYaml> for Row {
    fn from(mut y: RowYaml) -> Self {
        let results = y.results();
        Self {
            departments: y.departments,
            lead: y.lead,
            policy: y.policy,
            results,
        }
    }
}

impl Row {
    /// The row as staff name it in `row_order` and as the index shows it:
    /// departments joined with ・, or 各関係課（lead）.
    pub fn label(&self) -> String {
        let names: Vec<&str> = self.departments.iter().map(|d| d.value.as_str()).collect();
        match &self.lead {
            Some(lead) => format!("{}（{}）", names.join("・"), lead.value),
            None => names.join("・"),
        }
    }

    /// Whether `department` answers for this row: named in it, or the lead
    /// of 各関係課.
    pub fn owned_by(&self, department: &str) -> bool {
        self.owners().any(|d| d == department)
    }

    /// The departments that answer for this row.
    pub fn owners(&self) -> impl Iterator<Item = &str> {
        self.departments
            .iter()
            .chain(&self.lead)
            .map(|d| d.value.as_str())
    }
}

/// Which row of the plan a result belongs to, in workbooks and results
/// files: "initiative:label", e.g. "1-1-3:障害福祉課" or
/// "1-2-1:子育て支援課・保育課". A label that occurs again in the same
/// initiative gets its occurrence: "1-1-3:障害福祉課#2".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowKey(String);

impl RowKey {
    pub fn new(id: InitiativeId, label: &str, occurrence: usize) -> Self {
        if occurrence > 1 {
            Self(format!("{id}:{label}#{occurrence}"))
        } else {
            Self(format!("{id}:{label}"))
        }
    }

    /// A key as written in a file (compared as is).
    pub fn from_text(s: &str) -> Self {
        Self(s.trim().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The label part: 障害福祉課, 各関係課（地域福祉課）.
    pub fn label(&self) -> &str {
        self.0.split_once(':').map_or(&self.0, |(_, l)| l)
    }
}

impl fmt::Display for RowKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
