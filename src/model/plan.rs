//! `plan.yaml`, `departments.yaml` and `intro.yaml`: the plan's fixed words.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::Text;

/// `data/plan.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// 計画名 (e.g. 第３期本庄市地域福祉計画).
    pub title: Text,
    /// 進捗管理シートの見出し, as printed before （令和N年度）.
    pub sheet_title: Text,
    /// 市の名称, the document's author.
    pub city: Text,
    /// 対象年度 (western year, e.g. 2024 → 令和6年度).
    pub fiscal_year: Spanned<i32>,
    /// 成果指標の年度.
    pub indicator_years: IndicatorYears,
    /// 発行日 (YYYY-MM-DD). Fixes the PDF's date so a rebuild is identical;
    /// when absent, 1 April of the fiscal year is used.
    #[serde(default)]
    pub date: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorYears {
    /// 現状値の年度.
    pub current: Spanned<i32>,
    /// 目標値の年度.
    pub target: Spanned<i32>,
    /// 実績値の年度 (when words.yaml shows the column); the fiscal year
    /// when left out.
    #[serde(default)]
    pub actual: Option<Spanned<i32>>,
}

/// `data/departments.yaml`: every department name that may appear.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Departments {
    pub departments: Vec<Text>,
    /// The word for "all departments concerned" (各関係課), which carries a lead.
    pub all_concerned: Text,
}

/// `data/intro.yaml`: the 進行管理 page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intro {
    pub heading: Text,
    pub paragraphs: Vec<Text>,
    pub cycle_caption: Text,
    pub cycle: Vec<CycleStep>,
    pub evaluation_heading: Text,
    pub evaluation: Vec<Text>,
    /// The 自己評価 scale, best first.
    pub grades: Vec<GradeMeaning>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CycleStep {
    /// 計画, 実行, ...
    pub label: Text,
    /// （Plan), ... exactly as printed.
    pub english: Text,
    pub text: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeMeaning {
    pub grade: Text,
    pub meaning: Text,
    /// Counted as 未評価 in the summary (e.g. 「－ 評価の対象外」).
    #[serde(default)]
    pub unrated: bool,
}
