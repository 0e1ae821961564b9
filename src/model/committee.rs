//! `committee/<year>.yaml`: the 地域福祉検討会議's assessment of the year,
//! kept apart from the departments' results. One entry per 取組: the
//! committee examines each initiative's content and results as a whole
//! (the 進行管理 page: 「各事業の取組内容及び成果等を検証し、評価の査定」), so
//! its grade, opinion and the city's answer belong to the initiative, not
//! to one department's row. A 【再掲】 is assessed where it is written
//! first (its original).

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{InitiativeId, Text};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitteeFile {
    /// The year assessed (western); must be the data's fiscal year.
    pub fiscal_year: Spanned<i32>,
    #[serde(default)]
    pub initiatives: Vec<Assessment>,
}

/// The committee on one initiative.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// "1-1-3", as in 【再掲】 and the workbooks.
    pub id: Text,
    /// 査定: a grade of the plan's scale (intro.yaml).
    #[serde(default)]
    pub grade: Option<Text>,
    /// The committee's opinion (意見).
    #[serde(default)]
    pub opinion: Option<Text>,
    /// The city's answer to it (市の考え方).
    #[serde(default)]
    pub answer: Option<Text>,
}

impl Assessment {
    pub fn initiative(&self) -> Option<InitiativeId> {
        InitiativeId::parse(&self.id.value)
    }

    /// The texts as written, each empty when left out.
    pub fn grade_text(&self) -> &str {
        self.grade.as_ref().map_or("", |t| t.value.trim())
    }

    pub fn opinion_text(&self) -> &str {
        self.opinion.as_ref().map_or("", |t| t.value.trim())
    }

    pub fn answer_text(&self) -> &str {
        self.answer.as_ref().map_or("", |t| t.value.trim())
    }
}

/// Where a year's committee file is: `committee/<year>.yaml`.
pub fn file_name(year: i32) -> String {
    format!("{year}.yaml")
}
