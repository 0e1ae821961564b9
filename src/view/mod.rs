//! What the templates see: the data resolved for printing. 【再掲】 rows come
//! from their original, results from plan rows or results files, year
//! labels are derived, marks (①, （１）) made. Optional fields are left out
//! when empty, never passed as `none`.

mod changes;
mod committee;
mod index;
mod labels;
mod select;
mod sheet;
mod summary;
mod trend;
mod words;

use serde::Serialize;

use crate::model::era::Width;
use crate::model::numbering::NumberStyle;
use crate::model::{Data, Date, Field, InitiativeId, MeasureId, Results, RowKey, Text, Words};

pub use changes::{INITIATIVE_FIELDS, InitiativeField, RowColumn};
pub use committee::{
    CommitteeParts, CommitteeView, Digest, DigestCounts, DigestRow, Opinion, Opinions,
};
pub use index::{IndexEntry, IndexMeasure, IndexStrategy};
pub use labels::Labels;
pub use labels::{CommitteeLabels, TrendLabels};
pub use select::{Pages, Selection};
pub use summary::{GradeCounts, Summary, SummaryLine, SummaryStrategy};
pub use trend::{IndicatorTrend, Period, Trend, TrendInitiative, TrendRow, TrendStrategy, Watch};
pub use words::{Part, words};

#[derive(Debug, Serialize)]
pub struct View {
    pub doc: Doc,
    pub plan: PlanView,
    pub years: Years,
    /// The document's fixed words, as printed (words.yaml).
    pub labels: Labels,
    /// The same words as written, for names in messages and lists.
    #[serde(skip)]
    pub words: Words,
    pub intro: IntroView,
    pub strategies: Vec<StrategyView>,
    /// What the 担当部署等一覧表 needs, and nothing more: an edit to a sheet's
    /// text then leaves the index's layout to Typst's cache.
    pub index: Vec<IndexStrategy>,
    /// Only some sheets, for committee printing: no intro and no index, and
    /// each page keeps its number in the full report.
    pub subset: bool,
    /// 自己評価 counts, shown after the index when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    /// The plan's years side by side (build --trend), with its words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<TrendPages>,
    /// The trend pages alone: no intro, index or sheets.
    pub trend_only: bool,
    /// A committee document instead of the report (build
    /// --committee-digest, --opinions), with its words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<Digest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opinions: Option<Opinions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committee_labels: Option<CommitteeLabels>,
}

/// The trend pages and their words.
#[derive(Debug, Serialize)]
pub struct TrendPages {
    pub labels: TrendLabels,
    #[serde(flatten)]
    pub trend: Trend,
}

#[derive(Debug, Serialize)]
pub struct Doc {
    pub title: String,
    /// PDF Subject: what the document holds.
    pub subject: String,
    pub author: String,
    pub keywords: Vec<String>,
    pub date: Date,
}

#[derive(Debug, Serialize)]
pub struct PlanView {
    pub title: String,
    pub sheet_title: String,
}

/// 年度 labels, each in the digit width the original prints, in the
/// plan's year style (words.yaml).
#[derive(Debug, Serialize)]
pub struct Years {
    /// 令和６年度 (の取組方針); two digits half-width, as 令和10年度.
    pub policy: String,
    /// 令和6年度 (実施結果, sheet title).
    pub results: String,
    /// 令和４年度 (現状値).
    pub current: String,
    /// The fiscal year as 実績値 print it (令和６年度).
    pub actual: String,
    /// 令和10年度 (目標値).
    pub target: String,
}

impl Years {
    /// The year of an indicator column by its key.
    pub fn indicator(&self, key: &str) -> &str {
        match key {
            "current" => &self.current,
            "actual" => &self.actual,
            _ => &self.target,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct IntroView {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub cycle_caption: String,
    pub cycle: Vec<CycleView>,
    pub evaluation_heading: String,
    pub evaluation: Vec<String>,
    pub grades: Vec<GradeView>,
}

#[derive(Debug, Serialize)]
pub struct CycleView {
    pub label: String,
    pub english: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct GradeView {
    pub grade: String,
    pub meaning: String,
    /// Counted as 未評価 in the summary.
    pub unrated: bool,
}

#[derive(Debug, Serialize)]
pub struct StrategyView {
    pub number: u32,
    /// The number as printed (１, in the plan's numbering).
    pub mark: String,
    pub title: String,
    pub description: String,
    pub indicators: Vec<IndicatorView>,
    pub sdgs: Vec<u32>,
    pub measures: Vec<MeasureView>,
    /// In a subset: whether the strategy's own page is printed, and its
    /// page number in the full report.
    pub show_page: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Whether the sheet title (進捗管理シート（令和N年度）) is printed before
    /// the first measure: always in the full report; in a subset only when
    /// the strategy's first sheet is printed.
    pub sheet_title: bool,
}

#[derive(Debug, Serialize)]
pub struct IndicatorView {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// One per column shown (words.yaml), in order; a value of another
    /// year than the column's carries its year on a line below.
    pub values: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct MeasureView {
    pub id: MeasureId,
    /// （１）
    pub mark: String,
    pub title: String,
    pub background: String,
    pub initiatives: Vec<InitiativeView>,
    /// In a subset, where its first sheet printed carries its own page: the
    /// page where the measure starts in the full report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_page: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct InitiativeView {
    /// "1-1-3": the label of its sheet.
    pub id: InitiativeId,
    /// ①
    pub mark: String,
    pub name: String,
    /// Id of the original when this is a 【再掲】.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relist_of: Option<InitiativeId>,
    /// Whether the original is in this document, so 【再掲】 can link to it.
    pub original_here: bool,
    pub overview: String,
    pub rows: Vec<RowView>,
    /// Department lines of the 一覧表, 各関係課 rows grouped.
    #[serde(skip)]
    pub index_departments: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub page_break: bool,
    /// Whether this sheet, or one before it in its measure, has results: its
    /// page-break hint then yields to a filled page ([`View::note_results`]).
    pub after_results: bool,
    /// In a subset: the page number of this sheet in the full report, when
    /// it starts a new page of the subset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// In a subset whose pages may differ from the report's (a department's
    /// rows, a sheet printed without what precedes it on its page): the page
    /// where the sheet starts in the full report; its rows then carry theirs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_page: Option<i64>,
    /// Fields changed since an older data set (name, overview, note).
    pub changed: Vec<String>,
    /// Each row's grades of every year so far (build --history), one line
    /// a row: 地域福祉課　令和6年度 Ａ → 令和7年度 Ｂ.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<String>,
    /// The committee's grade, opinion and the city's answer, printed under
    /// the sheet (build --committee).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committee: Option<CommitteeView>,
}

#[derive(Debug, Serialize)]
pub struct RowView {
    /// One line per department; 各関係課 carries its lead below it: 各関係課\n(地域福祉課).
    pub departments: Vec<String>,
    /// The same lines as names made of words, where the layout may break
    /// them ([`words`]).
    pub label: Vec<Vec<Part>>,
    pub policy: String,
    /// 具体的な取組内容, 成果, 自己評価 (as printed) and 今後の方針.
    #[serde(flatten)]
    pub results: Results<String>,
    /// The department names of the row (and the lead of 各関係課), for
    /// selecting one department's rows.
    #[serde(skip)]
    pub names: Vec<String>,
    /// The original row's key (results files, forms).
    #[serde(skip)]
    pub key: RowKey,
    /// Fields changed since an older data set (policy, actions, …).
    pub changed: Vec<String>,
    /// The pages the row is on in the full report, where its sheet has a
    /// `report_page`: printed in the row, and in the footer of a page
    /// holding it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_pages: Option<ReportPages>,
}

/// From where a row starts to where it ends, in the full report's page
/// numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportPages {
    pub first: i64,
    pub last: i64,
}

/// Trimmed text (YAML block scalars end in a newline).
fn text(t: &Text) -> String {
    t.value
        .trim_end()
        .trim_start_matches(['\n', '\r'])
        .to_string()
}

fn opt(t: &Option<Text>) -> String {
    t.as_ref().map(text).unwrap_or_default()
}

/// Build the view of validated data.
pub fn view(data: &Data) -> View {
    let years = years(data);
    let cx = sheet::Context::new(data);
    let sheet_title = text(&data.plan.value.sheet_title);
    View {
        doc: doc(data, &years),
        plan: PlanView {
            title: text(&data.plan.value.title),
            sheet_title: if data.words.value.years.sheet_title.value {
                format!("{sheet_title}（{}）", years.results)
            } else {
                sheet_title
            },
        },
        intro: intro(data),
        strategies: data
            .strategies
            .iter()
            .map(|s| strategy(&s.value, &cx, &years))
            .collect(),
        labels: labels::labels(data, &years),
        words: data.words.value.clone(),
        years,
        index: Vec::new(),
        subset: false,
        summary: None,
        trend: None,
        trend_only: false,
        digest: None,
        opinions: None,
        committee_labels: None,
    }
    .with_index()
}

fn years(data: &Data) -> Years {
    let plan = &data.plan.value;
    let style = data.words.value.year_style();
    Years {
        policy: style.label(plan.fiscal_year.value, Width::Mixed),
        results: style.label(plan.fiscal_year.value, Width::Half),
        current: style.label(plan.indicator_years.current.value, Width::Mixed),
        actual: style.label(data.actual_year(), Width::Mixed),
        target: style.label(plan.indicator_years.target.value, Width::Mixed),
    }
}

fn doc(data: &Data, years: &Years) -> Doc {
    let plan = &data.plan.value;
    let date = plan
        .date
        .as_ref()
        .and_then(|d| Date::parse(&d.value))
        .or_else(|| Date::new(plan.fiscal_year.value, 4, 1))
        .unwrap_or(Date {
            year: 2000,
            month: 1,
            day: 1,
        });
    // "進捗管理シート（令和6年度）": the sheet title without the plan name.
    let sheet = text(&plan.sheet_title);
    let tail = sheet.rsplit(['　', ' ']).next().unwrap_or(&sheet);
    let w = &data.words.value;
    let words = w
        .document
        .keywords
        .iter()
        .map(|k| w.fill(&k.value, &years.results));
    Doc {
        title: format!("{}　{tail}（{}）", text(&plan.title), years.results),
        subject: format!(
            "{}の{}（{}）",
            text(&plan.title),
            w.plain(&w.document.subject.value, &years.results),
            years.results
        ),
        author: text(&plan.city),
        keywords: std::iter::once(text(&plan.title))
            .chain(words)
            .chain([years.results.clone()])
            .collect(),
        date,
    }
}

fn intro(data: &Data) -> IntroView {
    let intro = &data.intro.value;
    let scale = data.grade_scale();
    IntroView {
        heading: text(&intro.heading),
        paragraphs: intro.paragraphs.iter().map(text).collect(),
        cycle_caption: text(&intro.cycle_caption),
        cycle: intro
            .cycle
            .iter()
            .map(|c| CycleView {
                label: text(&c.label),
                english: text(&c.english),
                text: text(&c.text),
            })
            .collect(),
        evaluation_heading: text(&intro.evaluation_heading),
        evaluation: intro.evaluation.iter().map(text).collect(),
        grades: intro
            .grades
            .iter()
            .map(|g| GradeView {
                grade: scale
                    .parse(&g.grade.value)
                    .map(|g| scale.label(g).to_string())
                    .unwrap_or_default(),
                meaning: text(&g.meaning),
                unrated: g.unrated,
            })
            .collect(),
    }
}

fn strategy(s: &crate::model::Strategy, cx: &sheet::Context, years: &Years) -> StrategyView {
    let sn = s.number.value;
    let [strategy_style, measure_style, _]: &[NumberStyle; 3] = cx.styles();
    StrategyView {
        number: sn,
        mark: strategy_style.format(sn),
        title: text(&s.title),
        description: text(&s.description),
        indicators: s
            .indicators
            .iter()
            .map(|i| indicator(i, cx.words(), years))
            .collect(),
        sdgs: s.sdgs.iter().map(|g| g.value).collect(),
        measures: s
            .measures
            .iter()
            .map(|m| {
                let id = MeasureId::new(sn, m.number.value);
                MeasureView {
                    id,
                    mark: measure_style.format(id.measure),
                    title: text(&m.title),
                    background: text(&m.background),
                    initiatives: m
                        .initiatives
                        .iter()
                        .map(|i| {
                            cx.initiative(i, InitiativeId::new(sn, id.measure, i.number.value))
                        })
                        .collect(),
                    report_page: None,
                }
            })
            .collect(),
        show_page: true,
        page: None,
        sheet_title: true,
    }
}

/// An indicator's values in the columns shown; one of another year than
/// its column's header carries that year below it.
fn indicator(i: &crate::model::Indicator, words: &Words, years: &Years) -> IndicatorView {
    let style = words.year_style();
    IndicatorView {
        name: text(&i.name),
        note: i.note.as_ref().map(text),
        values: words
            .indicators
            .shown()
            .into_iter()
            .map(|k| {
                let value = opt(&i.value(k).cloned());
                match i.own_year(k).map(|y| style.label(y.value, Width::Mixed)) {
                    Some(y) if y != years.indicator(k) => format!("{value}\n（{y}）"),
                    _ => value,
                }
            })
            .collect(),
    }
}

impl View {
    /// Add the trend pages: `data` and its earlier years side by side.
    pub fn add_trend(&mut self, data: &Data) {
        let all: Vec<i32> = data.years().map(Data::year).collect();
        let labels = labels::trend(data, &self.years, &all);
        let trend = trend::trend(data, &labels);
        self.trend = Some(TrendPages { labels, trend });
    }

    /// Put each row's grades of every year under its sheet (a 【再掲】 shows
    /// its original's). Call after [`View::add_trend`].
    pub fn add_history(&mut self, data: &Data) {
        let Some(t) = self.trend.as_ref().map(|t| &t.trend) else {
            return;
        };
        let lines: std::collections::HashMap<InitiativeId, Vec<String>> = t
            .strategies
            .iter()
            .flat_map(|s| &s.initiatives)
            .map(|i| (i.id, trend::history_lines(i, &t.years)))
            .collect();
        for i in self.initiatives_mut() {
            if let Some(l) = lines.get(&i.relist_of.unwrap_or(i.id)) {
                i.history = l.clone();
            }
        }
        let w = &data.words.value;
        self.labels.sheet.history = Some(w.fill(&w.trend.history.value, &self.years.results));
    }

    /// An item in the document's words, for lists: 基本戦略1（２）③.
    pub fn item(&self, strategy: u32, measure: Option<u32>, initiative: Option<u32>) -> String {
        self.words.item(strategy, measure, initiative)
    }

    /// The blank form: result columns empty whatever the data holds.
    pub fn clear_results(&mut self) {
        for r in self.initiatives_mut().flat_map(|i| &mut i.rows) {
            r.results = Results::default();
        }
    }

    /// Mark each sheet that has results or follows one in its measure. The
    /// `page_break` hints are the original's hand breaks for the blank form;
    /// where results change a page's content the layout applies them only
    /// to well-filled pages. Call after the last change to the rows.
    pub fn note_results(&mut self) {
        for m in self.strategies.iter_mut().flat_map(|s| &mut s.measures) {
            let mut seen = false;
            for i in &mut m.initiatives {
                seen |= i
                    .rows
                    .iter()
                    .any(|r| Field::ALL.into_iter().any(|f| !r.results.get(f).is_empty()));
                i.after_results = seen;
            }
        }
    }

    /// Every sheet, in document order.
    pub fn initiatives(&self) -> impl Iterator<Item = &InitiativeView> {
        self.strategies
            .iter()
            .flat_map(|s| &s.measures)
            .flat_map(|m| &m.initiatives)
    }

    fn initiatives_mut(&mut self) -> impl Iterator<Item = &mut InitiativeView> {
        self.strategies
            .iter_mut()
            .flat_map(|s| &mut s.measures)
            .flat_map(|m| &mut m.initiatives)
    }
}
