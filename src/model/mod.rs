//! The data as staff write it in `data/*.yaml`, deserialised as is, and the
//! plain values it is made of (ids, grades, dates, result columns, 和暦).
//! Nothing here reads files or knows about Typst.
//!
//! Every text that validation may complain about is `Spanned`, so a message
//! can point at its file, line and column. Unknown keys are errors
//! (`deny_unknown_fields`), so a misspelt key is never silently ignored.

pub mod committee;
pub mod date;
pub mod era;
pub mod fields;
pub mod grade;
pub mod ids;
pub mod merge;
pub mod numbering;
mod plan;
pub mod quantity;
mod strategy;
pub mod words;

pub use date::Date;
pub use fields::{Field, Results, Text, Written};
pub use grade::{Grade, GradeScale};
pub use ids::{InitiativeId, MeasureId};
pub use plan::*;
pub use strategy::*;
pub use words::Words;

use serde_saphyr::Spanned;

/// Everything loaded from one data folder, with the file each part came from.
#[derive(Debug)]
pub struct Data {
    pub plan: Sourced<Plan>,
    pub departments: Sourced<Departments>,
    pub intro: Sourced<Intro>,
    /// words.yaml, or the default wording when there is none.
    pub words: Sourced<Words>,
    pub strategies: Vec<Sourced<Strategy>>,
    /// Results collected by import-forms for the plan's fiscal year.
    pub results: Vec<Sourced<ResultsFile>>,
    /// The committee's assessment of the year (`committee/<year>.yaml`),
    /// when there is one.
    pub committee: Option<Sourced<committee::CommitteeFile>>,
    /// The plan's earlier years, oldest first (the year folders before
    /// this one in its plan folder; none for a one-year plan). Each has no
    /// `earlier` of its own.
    pub earlier: Vec<Data>,
}

/// A value and the file it was read from (for messages).
#[derive(Debug)]
pub struct Sourced<T> {
    pub file: std::path::PathBuf,
    pub value: T,
}

/// One initiative in document order, with where it sits.
#[derive(Debug, Clone, Copy)]
pub struct Placed<'a> {
    pub id: InitiativeId,
    pub strategy: &'a Sourced<Strategy>,
    pub measure: &'a Measure,
    pub initiative: &'a Initiative,
}

impl Data {
    /// Every initiative, in document order: the one walk over the plan.
    pub fn initiatives(&self) -> impl Iterator<Item = Placed<'_>> {
        self.strategies.iter().flat_map(|s| {
            s.value.measures.iter().flat_map(move |m| {
                m.initiatives.iter().map(move |i| Placed {
                    id: InitiativeId::new(s.value.number.value, m.number.value, i.number.value),
                    strategy: s,
                    measure: m,
                    initiative: i,
                })
            })
        })
    }

    /// Initiatives that carry their own rows (not 【再掲】).
    pub fn originals(&self) -> impl Iterator<Item = Placed<'_>> {
        self.initiatives().filter(|p| !p.initiative.is_relist())
    }

    /// Every original row with its key, in document order.
    pub fn rows(&self) -> impl Iterator<Item = (Placed<'_>, RowKey, &Row)> {
        self.originals()
            .flat_map(|p| p.initiative.keyed_rows(p.id).map(move |(k, r)| (p, k, r)))
    }

    /// The 自己評価 scale of the 進行管理 page.
    pub fn grade_scale(&self) -> GradeScale {
        let grades = &self.intro.value.grades;
        GradeScale::new(
            grades
                .iter()
                .map(|g| g.grade.value.trim().to_string())
                .collect(),
        )
        .with_unrated(grades.iter().map(|g| g.unrated).collect())
    }

    /// The year 実績値 are of: plan.yaml's `indicator_years.actual`, or
    /// the fiscal year.
    pub fn actual_year(&self) -> i32 {
        let plan = &self.plan.value;
        plan.indicator_years
            .actual
            .as_ref()
            .map_or(plan.fiscal_year.value, |y| y.value)
    }

    /// The fiscal year (western).
    pub fn year(&self) -> i32 {
        self.plan.value.fiscal_year.value
    }

    /// Every year of the plan up to this one, oldest first.
    pub fn years(&self) -> impl Iterator<Item = &Data> {
        self.earlier.iter().chain(std::iter::once(self))
    }

    /// The names in departments.yaml.
    pub fn department_names(&self) -> impl Iterator<Item = &str> {
        self.departments
            .value
            .departments
            .iter()
            .map(|d| d.value.as_str())
    }
}

/// `results/<year>/<department>.yaml`: one department's collected results.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultsFile {
    pub department: Text,
    pub fiscal_year: Spanned<i32>,
    #[serde(default)]
    pub rows: Vec<RowResult>,
}

/// The results of one row, found by its key.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(from = "fields::RowResultYaml")]
pub struct RowResult {
    pub key: Text,
    pub results: Written,
}

impl From<fields::RowResultYaml> for RowResult {
    fn from(mut y: fields::RowResultYaml) -> Self {
        let results = y.results();
        Self {
            key: y.key,
            results,
        }
    }
}
