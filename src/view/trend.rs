//! The plan's years side by side: each row's grade in every year, the
//! counts per grade and year with the rows to look at, and each
//! indicator's values against its target. Everything is computed from the
//! data of each year (its merged results, its indicators); an initiative
//! whose number changed is followed through its `previously` links.

use std::collections::HashMap;

use serde::Serialize;

use super::TrendLabels;
use super::summary::GradeCounts;
use super::text;
use crate::model::era::Width;
use crate::model::merge;
use crate::model::numbering::NumberStyle;
use crate::model::quantity::{self, Quantity};
use crate::model::{Data, Indicator, Initiative, InitiativeId, Results, RowKey};

#[derive(Debug, Serialize)]
pub struct Trend {
    /// The plan's years so far, oldest first, as printed (令和6年度).
    pub years: Vec<String>,
    pub strategies: Vec<TrendStrategy>,
    pub period: Period,
}

#[derive(Debug, Serialize)]
pub struct TrendStrategy {
    pub number: u32,
    /// 基本戦略１　市民の生活を支える仕組みづくり.
    pub label: String,
    pub initiatives: Vec<TrendInitiative>,
    pub indicators: Vec<IndicatorTrend>,
}

#[derive(Debug, Serialize)]
pub struct TrendInitiative {
    pub id: InitiativeId,
    /// （１）① as printed.
    pub mark: String,
    pub name: String,
    pub rows: Vec<TrendRow>,
}

#[derive(Debug, Serialize)]
pub struct TrendRow {
    /// 地域福祉課・生活支援課.
    pub label: String,
    /// The grade in each year (a grade, 未評価, or the absent mark).
    pub grades: Vec<String>,
}

/// Counts per grade and year, and the rows that went down or stayed at
/// the bottom.
#[derive(Debug, Serialize)]
pub struct Period {
    /// The count columns: the grades that count, then 未評価.
    pub grades: Vec<String>,
    pub years: Vec<PeriodYear>,
    /// Rows graded lower in the last year than the year before.
    pub fell: Vec<Watch>,
    /// Rows at the lowest grade in the last two years.
    pub lowest: Vec<Watch>,
    /// Whether the plan has two years yet (the lists need them).
    pub compared: bool,
}

#[derive(Debug, Serialize)]
pub struct PeriodYear {
    pub year: String,
    pub counts: GradeCounts,
}

/// A row to look at: 基本戦略1（１）③ 相談支援専門職の確保 生活支援課 Ａ → Ｂ.
#[derive(Debug, Serialize)]
pub struct Watch {
    pub id: InitiativeId,
    pub item: String,
    pub name: String,
    pub label: String,
    pub from: String,
    pub to: String,
}

/// One indicator through the years.
#[derive(Debug, Serialize)]
pub struct IndicatorTrend {
    pub name: String,
    /// (year, value) in order: 現状値, each year's 実績値, 目標値; a value
    /// not given is empty.
    pub current: YearValue,
    pub actuals: Vec<YearValue>,
    pub target: YearValue,
    /// 達成率 of the latest 実績値, where the values are numbers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    /// The chart's points, each 0–1 across (years) and up (values); none
    /// where the values are not numbers of one unit.
    pub chart: Vec<Point>,
    /// The chart read out: every value with its year, and the rate.
    pub alt: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearValue {
    pub year: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    /// current, actual or target.
    pub kind: &'static str,
    /// The value as typed, printed beside the point.
    pub label: String,
}

/// The years side by side, and what every cell needs.
struct Years<'a> {
    years: Vec<&'a Data>,
    merged: Vec<HashMap<RowKey, Results<String>>>,
    ids: Vec<HashMap<InitiativeId, Vec<InitiativeId>>>,
    /// This year's scale: grades of every year are printed in its labels.
    scale: crate::model::GradeScale,
    marks: &'a TrendLabels,
}

impl Years<'_> {
    /// A row's grade in year `k` (its key then), as the trend cell prints it.
    fn grade(&self, k: usize, key: Option<&RowKey>) -> String {
        let Some(key) = key else {
            return self.marks.absent.to_string();
        };
        let g = self.merged[k].get(key).map_or("", |r| r.grade.as_str());
        let scale = self.years[k].grade_scale();
        match scale.parse(g).filter(|p| scale.is_rated(*p)) {
            Some(p) => self.scale.label(p).to_string(),
            None => self.marks.unrated.to_string(),
        }
    }

    /// One of this year's initiatives, each row with its grade in every year.
    fn initiative(&self, p: &crate::model::Placed, styles: &[NumberStyle; 3]) -> TrendInitiative {
        let rows = p
            .initiative
            .keyed_rows(p.id)
            .map(|(key, row)| {
                let label = row.label();
                let grades = (0..self.years.len())
                    .map(|k| {
                        self.grade(
                            k,
                            row_in(&self.years, &self.ids, k, p.id, &key, &label).as_ref(),
                        )
                    })
                    .collect();
                TrendRow { label, grades }
            })
            .collect();
        TrendInitiative {
            id: p.id,
            mark: format!(
                "{}{}",
                styles[1].format(p.id.measure),
                styles[2].format(p.id.initiative)
            ),
            name: p.initiative.name.as_ref().map(text).unwrap_or_default(),
            rows,
        }
    }
}

/// A sheet's lines of earlier grades: 地域福祉課　令和6年度 Ａ → 令和7年度 Ｂ.
pub fn history_lines(i: &TrendInitiative, years: &[String]) -> Vec<String> {
    i.rows
        .iter()
        .map(|r| {
            let grades: Vec<String> = years
                .iter()
                .zip(&r.grades)
                .map(|(y, g)| format!("{y} {g}"))
                .collect();
            format!("{}　{}", r.label, grades.join(" → "))
        })
        .collect()
}

/// The trend of `data` and its earlier years.
pub fn trend(data: &Data, marks: &TrendLabels) -> Trend {
    let years: Vec<&Data> = data.years().collect();
    let scale = data.grade_scale();
    let cx = Years {
        merged: years.iter().map(|y| merge::merged(y)).collect(),
        ids: lineage(&years),
        years,
        scale,
        marks,
    };
    let styles = data.words.value.styles();
    let strategies: Vec<TrendStrategy> = data
        .strategies
        .iter()
        .map(|s| {
            let sv = &s.value;
            let n = sv.number.value;
            TrendStrategy {
                number: n,
                label: format!(
                    "{}{}　{}",
                    data.words.value.levels.strategy.value.trim(),
                    styles[0].format(n),
                    text(&sv.title)
                ),
                initiatives: data
                    .originals()
                    .filter(|p| p.id.strategy == n)
                    .map(|p| cx.initiative(&p, &styles))
                    .collect(),
                indicators: sv
                    .indicators
                    .iter()
                    .enumerate()
                    .map(|(k, i)| indicator(&cx.years, n, k, i, marks))
                    .collect(),
            }
        })
        .collect();
    let style = data.words.value.year_style();
    Trend {
        years: cx
            .years
            .iter()
            .map(|y| style.label(y.year(), Width::Half))
            .collect(),
        period: period(&cx, &strategies, data),
        strategies,
    }
}

/// For each year, the id each of this year's initiatives had then
/// (following `previously` back; one initiative may come from several).
fn lineage(years: &[&Data]) -> Vec<HashMap<InitiativeId, Vec<InitiativeId>>> {
    let last = years.len() - 1;
    let mut out: Vec<HashMap<InitiativeId, Vec<InitiativeId>>> = vec![HashMap::new(); years.len()];
    let current: Vec<InitiativeId> = years[last].originals().map(|p| p.id).collect();
    out[last] = current.iter().map(|id| (*id, vec![*id])).collect();
    for k in (0..last).rev() {
        let later: HashMap<InitiativeId, &Initiative> = years[k + 1]
            .originals()
            .map(|p| (p.id, p.initiative))
            .collect();
        let mut map = HashMap::new();
        for id in &current {
            let then: Vec<InitiativeId> = out[k + 1][id]
                .iter()
                .flat_map(|later_id| match later.get(later_id) {
                    Some(i) if i.previously.is_some() => {
                        i.previous_ids().into_iter().flatten().collect()
                    }
                    _ => vec![*later_id],
                })
                .collect();
            map.insert(*id, then);
        }
        out[k] = map;
    }
    out
}

/// The key of a row of this year's initiative `id` in year `k`: the row
/// with the same label in the initiative (or one of those) it was then.
fn row_in(
    years: &[&Data],
    ids: &[HashMap<InitiativeId, Vec<InitiativeId>>],
    k: usize,
    id: InitiativeId,
    key: &RowKey,
    label: &str,
) -> Option<RowKey> {
    if k == years.len() - 1 {
        return Some(key.clone());
    }
    let occurrence = key.as_str().rsplit_once('#').map(|(_, n)| n.to_string());
    ids[k].get(&id)?.iter().find_map(|then| {
        years[k]
            .originals()
            .find(|p| p.id == *then)?
            .initiative
            .keyed_rows(*then)
            .map(|(k, _)| k)
            .find(|k| {
                k.label() == label
                    || occurrence
                        .as_ref()
                        .is_some_and(|n| k.label() == format!("{label}#{n}"))
            })
    })
}

fn period(cx: &Years, strategies: &[TrendStrategy], data: &Data) -> Period {
    let style = data.words.value.year_style();
    let rated = cx.scale.rated_labels();
    let counts = cx
        .years
        .iter()
        .enumerate()
        .map(|(k, y)| PeriodYear {
            year: style.label(y.year(), Width::Half),
            counts: year_counts(cx, k, &rated),
        })
        .collect();
    let (fell, lowest) = watch_lists(strategies, &rated, cx.years.len(), data);
    Period {
        grades: rated,
        years: counts,
        fell,
        lowest,
        compared: cx.years.len() >= 2,
    }
}

/// Year `k`'s rows counted per grade (in this year's labels) and 未評価.
fn year_counts(cx: &Years, k: usize, rated: &[String]) -> GradeCounts {
    let grades: Vec<String> = cx.years[k]
        .rows()
        .map(|(_, key, _)| cx.grade(k, Some(&key)))
        .collect();
    GradeCounts::of(rated, grades.iter().map(String::as_str))
}

/// Rows graded lower than the year before, and rows at the lowest grade in
/// both of the last two years.
fn watch_lists(
    strategies: &[TrendStrategy],
    rated: &[String],
    n: usize,
    data: &Data,
) -> (Vec<Watch>, Vec<Watch>) {
    let (mut fell, mut lowest) = (Vec::new(), Vec::new());
    if n < 2 {
        return (fell, lowest);
    }
    let position = |g: &str| rated.iter().position(|r| r == g);
    let bottom = rated.len().checked_sub(1);
    for i in strategies.iter().flat_map(|s| &s.initiatives) {
        for r in &i.rows {
            let (before, now) = (&r.grades[n - 2], &r.grades[n - 1]);
            let watch = || Watch {
                id: i.id,
                item: data.words.value.item(
                    i.id.strategy,
                    Some(i.id.measure),
                    Some(i.id.initiative),
                ),
                name: i.name.clone(),
                label: r.label.clone(),
                from: before.clone(),
                to: now.clone(),
            };
            match (position(before), position(now)) {
                (Some(b), Some(a)) if a > b => fell.push(watch()),
                (Some(b), Some(a)) if a == b && Some(a) == bottom => lowest.push(watch()),
                _ => {}
            }
        }
    }
    (fell, lowest)
}

/// Indicator `n` of strategy `strategy` through the years: found in each
/// year by its name, or at the same place when the name changed.
fn indicator(
    years: &[&Data],
    strategy: u32,
    n: usize,
    now: &Indicator,
    marks: &TrendLabels,
) -> IndicatorTrend {
    let last = years[years.len() - 1];
    let style = last.words.value.year_style();
    let label = |y: i32| style.label(y, Width::Mixed);
    let plan = &last.plan.value.indicator_years;
    let own = |key: &str, default: i32| now.own_year(key).map_or(default, |y| y.value);
    let current = YearValue {
        year: label(own("current", plan.current.value)),
        value: now.current.as_ref().map(text).unwrap_or_default(),
    };
    let target = YearValue {
        year: label(own("target", plan.target.value)),
        value: now.target.as_ref().map(text).unwrap_or_default(),
    };
    let raw: Vec<(i32, String)> = years
        .iter()
        .map(|y| measured(y, strategy, n, now).unwrap_or((y.actual_year(), String::new())))
        .collect();
    let actuals: Vec<YearValue> = raw
        .iter()
        .map(|(y, v)| YearValue {
            year: label(*y),
            value: v.clone(),
        })
        .collect();
    let years_of = (
        own("current", plan.current.value),
        own("target", plan.target.value),
    );
    let (rate, chart) = rate_and_chart(years_of, &current.value, &raw, &target.value);
    let name = text(&now.name);
    let alt = alt(
        &name,
        [&current].into_iter().chain(&actuals).chain([&target]),
        rate.as_deref(),
        marks,
    );
    IndicatorTrend {
        name,
        current,
        actuals,
        target,
        rate,
        chart,
        alt,
    }
}

/// 達成率 of the latest 実績値 that is a number, and the chart's points.
fn rate_and_chart(
    years_of: (i32, i32),
    current: &str,
    raw: &[(i32, String)],
    target: &str,
) -> (Option<String>, Vec<Point>) {
    let (c, t) = (Quantity::parse(current), Quantity::parse(target));
    let latest = raw.iter().rev().find_map(|(_, v)| Quantity::parse(v));
    let rate = match (&c, &latest, &t) {
        (Some(c), Some(a), Some(t)) => quantity::achievement(c, a, t).map(quantity::rate_label),
        _ => None,
    };
    let chart = chart(
        years_of,
        c.as_ref().map(|q| (q, current)),
        raw,
        t.as_ref().map(|q| (q, target)),
    );
    (rate, chart)
}

/// The indicator's 実績値 in year `y` (with the year it is of): found by
/// its name, or at the same place when the name changed.
fn measured(y: &Data, strategy: u32, n: usize, now: &Indicator) -> Option<(i32, String)> {
    let s = y
        .strategies
        .iter()
        .find(|s| s.value.number.value == strategy)?;
    let list = &s.value.indicators;
    let i = list
        .iter()
        .find(|i| i.name.value.trim() == now.name.value.trim())
        .or_else(|| list.get(n))?;
    let year = i.own_year("actual").map_or(y.actual_year(), |v| v.value);
    Some((year, i.actual.as_ref().map(text).unwrap_or_default()))
}

/// A chart read out: グラフ（name）: every value given with its year, and the rate.
fn alt<'a>(
    name: &str,
    values: impl Iterator<Item = &'a YearValue>,
    rate: Option<&str>,
    marks: &TrendLabels,
) -> String {
    let values: Vec<String> = values
        .filter(|v| !v.value.is_empty())
        .map(|v| format!("{} {}", v.year, v.value))
        .collect();
    let mut alt = format!("{}（{name}）: {}", marks.chart, values.join("、"));
    if let Some(r) = rate {
        alt.push_str(&format!("。{} {r}", marks.rate));
    }
    alt
}

/// Points for a small chart: across from the current value's year to the
/// target's, up from the least to the greatest value. Empty unless the
/// start and the target are numbers of one unit.
fn chart(
    (from, to): (i32, i32),
    current: Option<(&Quantity, &str)>,
    actuals: &[(i32, String)],
    target: Option<(&Quantity, &str)>,
) -> Vec<Point> {
    let (Some((c, cl)), Some((t, tl))) = (current, target) else {
        return Vec::new();
    };
    if c.unit != t.unit || to <= from {
        return Vec::new();
    }
    let mut pts: Vec<(i32, f64, &'static str, String)> =
        vec![(from, c.value, "current", cl.to_string())];
    for (y, v) in actuals {
        if let Some(q) = Quantity::parse(v).filter(|q| q.unit == c.unit) {
            pts.push((*y, q.value, "actual", v.trim().to_string()));
        }
    }
    // Without a measured value there is nothing to draw but the plan.
    if pts.len() == 1 {
        return Vec::new();
    }
    pts.push((to, t.value, "target", tl.to_string()));
    let lo = pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    pts.into_iter()
        .map(|(y, v, kind, label)| Point {
            x: f64::from((y - from).clamp(0, to - from)) / f64::from(to - from),
            y: if hi > lo { (v - lo) / span } else { 0.5 },
            kind,
            label,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_charts_only_for_numbers_of_one_unit() {
        let raw = |v: &[&str]| -> Vec<(i32, String)> {
            v.iter()
                .enumerate()
                .map(|(i, s)| (2024 + i as i32, s.to_string()))
                .collect()
        };
        // Falling target: 7.0% → 5.0%; the latest measured value counts.
        let (rate, chart) =
            rate_and_chart((2022, 2028), "7.0%", &raw(&["6.5%", "6.0%", ""]), "5.0%");
        assert_eq!(rate.as_deref(), Some("50.0%"));
        assert_eq!(chart.len(), 4);
        assert_eq!((chart[0].y, chart[3].y), (1.0, 0.0));
        // Rising, with thousands separators.
        let (rate, _) =
            rate_and_chart((2022, 2028), "726,799人", &raw(&["750,000人"]), "773,000人");
        assert_eq!(rate.as_deref(), Some("50.2%"));
        // Not numbers, or nothing measured: printed as typed, no rate.
        let (rate, chart) = rate_and_chart((2022, 2028), "実施", &raw(&["実施"]), "増加");
        assert_eq!((rate, chart.len()), (None, 0));
        let (rate, chart) = rate_and_chart((2022, 2028), "14人", &raw(&[""]), "30人");
        assert_eq!((rate, chart.len()), (None, 0));
        // Units that differ: no rate.
        let (rate, _) = rate_and_chart((2022, 2028), "14人", &raw(&["20件"]), "30人");
        assert_eq!(rate, None);
    }
}
