//! The data as staff write it in `data/*.yaml`, deserialised as is.
//!
//! Every text that validation may complain about is `Spanned`, so a message
//! can point at its file, line and column. Unknown keys are errors
//! (`deny_unknown_fields`), so a misspelt key is never silently ignored.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A text with the place where it was written.
pub type Text = Spanned<String>;

/// `data/plan.yaml`: the plan's fixed words.
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
}

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
    pub current: Text,
    pub target: Text,
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
}

/// One row of the sheet's table: the departments sharing one policy.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    pub departments: Vec<Text>,
    /// For 各関係課: the lead department printed in parentheses.
    #[serde(default)]
    pub lead: Option<Text>,
    /// 令和N年度の取組方針.
    pub policy: Text,
    /// 具体的な取組内容.
    #[serde(default)]
    pub actions: Option<Text>,
    /// 成果.
    #[serde(default)]
    pub results: Option<Text>,
    /// 自己評価 (Ａ/Ｂ/Ｃ).
    #[serde(default)]
    pub grade: Option<Text>,
    /// 今後の方針.
    #[serde(default)]
    pub next_policy: Option<Text>,
}

/// Everything loaded from one data folder, with the file each part came from.
#[derive(Debug)]
pub struct Data {
    pub plan: Sourced<Plan>,
    pub departments: Sourced<Departments>,
    pub intro: Sourced<Intro>,
    pub strategies: Vec<Sourced<Strategy>>,
    /// Results collected by import-forms for the plan's fiscal year.
    pub results: Vec<Sourced<crate::results::ResultsFile>>,
}

/// A value and the file it was read from (for messages).
#[derive(Debug)]
pub struct Sourced<T> {
    pub file: std::path::PathBuf,
    pub value: T,
}
