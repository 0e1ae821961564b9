//! The document's fixed words as the templates print them: words.yaml's
//! labels with the level names and years put in, one group per layout
//! function, so no template writes a word of its own.

use serde::Serialize;

use super::Years;
use crate::model::{Data, Field, Words};

#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    /// The levels' names: 基本戦略, 施策細目, 取組.
    pub levels: Levels,
    /// Before page titles: ■.
    pub mark: String,
    pub index: IndexLabels,
    pub summary: SummaryLabels,
    /// Headers of the web version's grade table.
    pub intro: IntroLabels,
    pub strategy: StrategyLabels,
    pub sheet: SheetLabels,
}

#[derive(Debug, Clone, Serialize)]
pub struct Levels {
    pub strategy: String,
    pub measure: String,
    pub initiative: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexLabels {
    pub mark: String,
    pub title: String,
    /// 基本戦略, 施策細目, 取組名称, 担当部署等, 頁.
    pub columns: Vec<String>,
    pub relist: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryLabels {
    pub mark: String,
    pub title: String,
    pub category: String,
    pub unrated: String,
    pub total: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IntroLabels {
    pub mark: String,
    pub grade: String,
    pub meaning: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StrategyLabels {
    pub mark: String,
    /// The level's name, before the strategy's number.
    pub level: String,
    /// 成果指標の設定.
    pub indicators: String,
    /// 指　標.
    pub name: String,
    /// The value columns' headers, in order.
    pub values: Vec<String>,
    /// Whether the SDG goals' box is printed, and its heading.
    pub sdgs: bool,
    pub sdg_heading: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetLabels {
    /// The band's label: 施策細目.
    pub measure: String,
    pub name: String,
    pub overview: String,
    pub note: String,
    pub continued: String,
    pub relist: String,
    pub departments: String,
    pub policy: String,
    /// Over the three result columns: 令和6年度実施結果.
    pub group: String,
    pub actions: String,
    pub results: String,
    pub grade: String,
    pub next_policy: String,
    /// The grades' labels, for the width of their column.
    pub grades: Vec<String>,
    /// Before a sheet's earlier grades (＜自己評価の推移＞), when the sheets
    /// show them (words.yaml `trend.sheets`, build --history).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
    /// The committee's words, when the sheets show its assessment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committee: Option<CommitteeLabels>,
    /// After a row's page in the full report (頁), in a committee print.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

/// The trend pages' words (build --trend).
#[derive(Debug, Clone, Serialize)]
pub struct TrendLabels {
    pub mark: String,
    pub title: String,
    pub period: String,
    pub indicators: String,
    /// Headers of a strategy's trend table: 取組名称, 担当部署等.
    pub initiative: String,
    pub departments: String,
    pub year: String,
    pub unrated: String,
    pub total: String,
    pub fell: String,
    pub lowest: String,
    pub none: String,
    /// A year a row or value did not exist in.
    pub absent: String,
    /// Before a chart's values read out, and the rate's word there.
    pub chart: String,
    pub rate: String,
    /// Headers of the indicator table: 指標, 現状値（年度）, each year's
    /// 実績値（年度）, 目標値（年度）, 達成率.
    pub indicator_columns: Vec<String>,
}

/// The committee's words (sheets, digest, opinions, summary).
#[derive(Debug, Clone, Serialize)]
pub struct CommitteeLabels {
    pub mark: String,
    pub heading: String,
    pub grade: String,
    pub opinion: String,
    pub answer: String,
    pub unanswered: String,
    pub ungraded: String,
    pub digest: String,
    pub self_grades: String,
    pub differ: String,
    pub differ_mark: String,
    pub count: String,
    pub assessed: String,
    pub opinions: String,
    pub page: String,
    pub summary: String,
    pub initiative: String,
    pub unrated: String,
    pub total: String,
}

pub fn committee(data: &Data, years: &Years) -> CommitteeLabels {
    let w = &data.words.value;
    let f = |t: &crate::model::Text| w.fill(&t.value, &years.results);
    let c = &w.committee;
    CommitteeLabels {
        mark: f(&w.marks.title),
        heading: f(&c.heading),
        grade: f(&c.grade),
        opinion: f(&c.opinion),
        answer: f(&c.answer),
        unanswered: f(&c.unanswered),
        ungraded: f(&c.ungraded),
        digest: f(&c.digest),
        self_grades: f(&c.self_grades),
        differ: f(&c.differ),
        differ_mark: f(&c.differ_mark),
        count: f(&c.count),
        assessed: f(&c.assessed),
        opinions: f(&c.opinions),
        page: f(&c.page),
        summary: f(&c.summary),
        initiative: f(&w.index.initiative),
        unrated: f(&w.summary.unrated),
        total: f(&w.summary.total),
    }
}

/// The trend pages' labels, for the plan's years `years` (as printed).
pub fn trend(data: &Data, years: &Years, all: &[i32]) -> TrendLabels {
    let w = &data.words.value;
    let f = |t: &crate::model::Text| w.fill(&t.value, &years.results);
    let style = w.year_style();
    let i = &w.indicators;
    let actuals = all.iter().map(|y| {
        w.fill(
            &i.actual.value,
            &style.label(*y, crate::model::era::Width::Mixed),
        )
    });
    TrendLabels {
        mark: f(&w.marks.title),
        title: f(&w.trend.title),
        period: f(&w.trend.period),
        indicators: f(&w.trend.indicators),
        initiative: f(&w.index.initiative),
        departments: f(&w.columns.departments),
        year: f(&w.trend.year),
        unrated: f(&w.summary.unrated),
        total: f(&w.summary.total),
        fell: f(&w.trend.fell),
        lowest: f(&w.trend.lowest),
        none: f(&w.trend.none),
        absent: f(&w.trend.absent),
        chart: f(&w.trend.chart),
        rate: f(&w.trend.rate),
        indicator_columns: std::iter::once(f(&i.name))
            .chain([w.fill(&i.current.value, &years.current)])
            .chain(actuals)
            .chain([w.fill(&i.target.value, &years.target), f(&w.trend.rate)])
            .collect(),
    }
}

/// The labels of a data set, with `years` as the view prints them.
pub fn labels(data: &Data, years: &Years) -> Labels {
    let w = &data.words.value;
    let f = |t: &crate::model::Text| w.fill(&t.value, &years.results);
    let mark = f(&w.marks.title);
    Labels {
        mark: mark.clone(),
        levels: Levels {
            strategy: f(&w.levels.strategy),
            measure: f(&w.levels.measure),
            initiative: f(&w.levels.initiative),
        },
        index: IndexLabels {
            mark: mark.clone(),
            title: f(&w.index.title),
            columns: [
                &w.index.strategy,
                &w.index.measure,
                &w.index.initiative,
                &w.index.departments,
                &w.index.page,
            ]
            .map(f)
            .to_vec(),
            relist: f(&w.marks.relist),
        },
        summary: SummaryLabels {
            mark: mark.clone(),
            title: f(&w.summary.title),
            category: f(&w.summary.category),
            unrated: f(&w.summary.unrated),
            total: f(&w.summary.total),
        },
        intro: IntroLabels {
            mark: mark.clone(),
            grade: f(&w.intro.grade),
            meaning: f(&w.intro.meaning),
        },
        strategy: strategy(w, years, mark),
        sheet: sheet(data, years),
    }
}

fn strategy(w: &Words, years: &Years, mark: String) -> StrategyLabels {
    let f = |t: &crate::model::Text| w.fill(&t.value, &years.results);
    StrategyLabels {
        mark,
        level: f(&w.levels.strategy),
        indicators: f(&w.indicators.heading),
        name: f(&w.indicators.name),
        values: w
            .indicators
            .shown()
            .into_iter()
            .filter_map(|k| Some(w.fill(&w.indicators.column(k)?.value, years.indicator(k))))
            .collect(),
        sdgs: w.sdgs.show.value,
        sdg_heading: f(&w.sdgs.heading),
    }
}

fn sheet(data: &Data, years: &Years) -> SheetLabels {
    let w = &data.words.value;
    let f = |t: &crate::model::Text| w.fill(&t.value, &years.results);
    let c = &w.columns;
    SheetLabels {
        measure: f(&w.sheet.measure),
        name: f(&w.sheet.name),
        overview: f(&w.sheet.overview),
        note: f(&w.sheet.note),
        continued: f(&w.sheet.continued),
        relist: f(&w.marks.relist),
        departments: f(&c.departments),
        policy: w.fill(&c.policy.value, &years.policy),
        group: f(&c.group),
        actions: f(c.result(Field::Actions)),
        results: f(c.result(Field::Results)),
        grade: f(c.result(Field::Grade)),
        next_policy: f(c.result(Field::NextPolicy)),
        grades: data.grade_scale().labels().to_vec(),
        history: None,
        committee: None,
        page: None,
    }
}
