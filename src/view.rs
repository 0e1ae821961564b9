//! What the templates see: the data resolved for printing. 【再掲】 rows come
//! from their original, year labels are derived, marks (①, （１）) made.
//! Optional fields are left out when empty, never passed as `none`.

use std::collections::HashMap;

use serde::Serialize;

use crate::era::{self, Width};
use crate::model::{Data, Initiative, Row, Text};
use crate::results::{self, RowResult};
use crate::validate::{self, parse_id, row_label};

#[derive(Debug, Serialize)]
pub struct View {
    pub doc: Doc,
    pub plan: PlanView,
    pub years: Years,
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
}

#[derive(Debug, Serialize)]
pub struct Doc {
    pub title: String,
    /// PDF Subject: what the document holds.
    pub subject: String,
    pub author: String,
    pub keywords: Vec<String>,
    pub date: DateView,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct DateView {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

#[derive(Debug, Serialize)]
pub struct PlanView {
    pub title: String,
    pub sheet_title: String,
}

/// 年度 labels, each in the digit width the original prints.
#[derive(Debug, Serialize)]
pub struct Years {
    /// 令和６年度 (の取組方針); two digits half-width, as 令和10年度.
    pub policy: String,
    /// 令和6年度 (実施結果, sheet title).
    pub results: String,
    /// 令和４年度 (現状値).
    pub current: String,
    /// 令和10年度 (目標値).
    pub target: String,
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
}

#[derive(Debug, Serialize)]
pub struct StrategyView {
    pub number: u32,
    /// Full-width number (１).
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
    pub current: String,
    pub target: String,
}

#[derive(Debug, Serialize)]
pub struct MeasureView {
    pub id: String,
    /// （１）
    pub mark: String,
    pub title: String,
    pub background: String,
    pub initiatives: Vec<InitiativeView>,
}

#[derive(Debug, Serialize)]
pub struct InitiativeView {
    /// "1-1-3": the label of its sheet.
    pub id: String,
    /// ①
    pub mark: String,
    pub name: String,
    /// Id of the original when this is a 【再掲】.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relist_of: Option<String>,
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
    /// In a subset: the page number of this sheet in the full report, when
    /// it starts a new page of the subset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Fields changed since an older data set (name, overview, note).
    pub changed: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct RowView {
    /// One line per department; 各関係課 carries its lead below it: 各関係課\n(地域福祉課).
    pub departments: Vec<String>,
    pub policy: String,
    pub actions: String,
    pub results: String,
    /// Ａ/Ｂ/Ｃ or empty.
    pub grade: String,
    pub next_policy: String,
    /// Short enough to be kept on one page (long rows may break).
    pub keep: bool,
    /// The department names of the row (and the lead of 各関係課), for
    /// selecting one department's rows.
    #[serde(skip)]
    pub names: Vec<String>,
    /// "initiative id:row label" of the original row (results files, forms).
    #[serde(skip)]
    pub key: String,
    /// Fields changed since an older data set (policy, actions, …).
    pub changed: Vec<String>,
}

/// A row estimated at fewer lines than this (about half a page) is never
/// split across pages; a longer one may be, so no text is pushed off a page.
const KEEP_ROW_LINES: usize = 30;

/// Characters per line in the sheet's columns (layouts/report.typ: policy
/// 68mm, the result columns about 26mm, at 9pt).
const POLICY_CHARS_PER_LINE: usize = 21;
const RESULT_CHARS_PER_LINE: usize = 8;

/// A rough count of the lines of a row's tallest cell.
fn row_lines(r: &RowView) -> usize {
    let lines = |t: &str, per_line: usize| -> usize {
        t.lines()
            .map(|l| l.chars().count().div_ceil(per_line).max(1))
            .sum()
    };
    [&r.actions, &r.results, &r.next_policy]
        .into_iter()
        .map(|t| lines(t, RESULT_CHARS_PER_LINE))
        .chain([lines(&r.policy, POLICY_CHARS_PER_LINE)])
        .max()
        .unwrap_or(0)
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
    let plan = &data.plan.value;
    let fy = plan.fiscal_year.value;
    let nendo = |y: i32, w: Width| era::nendo(y, w).unwrap_or_else(|| format!("{y}年度"));
    let years = Years {
        policy: nendo(fy, Width::Mixed),
        results: nendo(fy, Width::Half),
        current: nendo(plan.indicator_years.current.value, Width::Mixed),
        target: nendo(plan.indicator_years.target.value, Width::Mixed),
    };
    let date = plan
        .date
        .as_ref()
        .and_then(|d| crate::pdf::parse_date(&d.value))
        .unwrap_or(DateView {
            year: fy,
            month: 4,
            day: 1,
        });
    let sheet_title = format!("{}（{}）", text(&plan.sheet_title), years.results);
    let doc = Doc {
        title: format!(
            "{}　{}",
            text(&plan.title),
            sheet_title_tail(&plan.sheet_title, &years)
        ),
        subject: format!(
            "{}の取組ごとの担当部署等・取組方針・実施結果・自己評価（{}）",
            text(&plan.title),
            years.results
        ),
        author: text(&plan.city),
        keywords: vec![
            text(&plan.title),
            "進捗管理シート".into(),
            "担当部署等一覧表".into(),
            years.results.clone(),
        ],
        date,
    };

    let all_concerned = data.departments.value.all_concerned.value.clone();
    let collected = results::by_key(data);
    let mut originals: HashMap<(u32, u32, u32), &Initiative> = HashMap::new();
    for s in &data.strategies {
        for m in &s.value.measures {
            for i in &m.initiatives {
                originals.insert((s.value.number.value, m.number.value, i.number.value), i);
            }
        }
    }

    let intro = &data.intro.value;
    View {
        doc,
        plan: PlanView {
            title: text(&plan.title),
            sheet_title,
        },
        years,
        intro: IntroView {
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
                    grade: validate::grade(&g.grade.value).unwrap_or_default().into(),
                    meaning: text(&g.meaning),
                })
                .collect(),
        },
        strategies: data
            .strategies
            .iter()
            .map(|s| {
                let s = &s.value;
                let sn = s.number.value;
                StrategyView {
                    number: sn,
                    mark: era::digits(sn, Width::Full),
                    title: text(&s.title),
                    description: text(&s.description),
                    indicators: s
                        .indicators
                        .iter()
                        .map(|i| IndicatorView {
                            name: text(&i.name),
                            note: i.note.as_ref().map(text),
                            current: text(&i.current),
                            target: text(&i.target),
                        })
                        .collect(),
                    sdgs: s.sdgs.iter().map(|g| g.value).collect(),
                    measures: s
                        .measures
                        .iter()
                        .map(|m| {
                            let mn = m.number.value;
                            MeasureView {
                                id: format!("{sn}-{mn}"),
                                mark: era::paren_full(mn),
                                title: text(&m.title),
                                background: text(&m.background),
                                initiatives: m
                                    .initiatives
                                    .iter()
                                    .map(|i| {
                                        initiative(
                                            i,
                                            format!("{sn}-{mn}-{}", i.number.value),
                                            &originals,
                                            &all_concerned,
                                            &collected,
                                        )
                                    })
                                    .collect(),
                            }
                        })
                        .collect(),
                    show_page: true,
                    page: None,
                    sheet_title: true,
                }
            })
            .collect(),
        index: Vec::new(),
        subset: false,
        summary: None,
    }
    .with_index()
}

/// "進捗管理シート（令和6年度）": the sheet title without the plan name, for
/// the document title.
fn sheet_title_tail(sheet_title: &Text, years: &Years) -> String {
    let t = text(sheet_title);
    let tail = t.rsplit(['　', ' ']).next().unwrap_or(&t);
    format!("{tail}（{}）", years.results)
}

fn initiative(
    i: &Initiative,
    id: String,
    originals: &HashMap<(u32, u32, u32), &Initiative>,
    all_concerned: &str,
    collected: &HashMap<String, &RowResult>,
) -> InitiativeView {
    // A 【再掲】 takes what it does not print differently from its original.
    let original = i
        .relist_of
        .as_ref()
        .and_then(|t| parse_id(&t.value))
        .and_then(|key| originals.get(&key).copied());
    let source = original.unwrap_or(i);
    let mut rows: Vec<&Row> = source.rows.iter().flatten().collect();
    if let Some(order) = &i.row_order {
        rows = order
            .iter()
            .filter_map(|o| rows.iter().find(|r| row_label(r) == o.value).copied())
            .collect();
    }
    let relist_of = original.and(i.relist_of.as_ref()).map(|t| {
        let (a, b, c) = parse_id(&t.value).unwrap_or_default();
        format!("{a}-{b}-{c}")
    });
    // Results come from the plan's own row or from the results files
    // (import-forms); validation makes sure only one of them has any.
    let source_id = relist_of.clone().unwrap_or_else(|| id.clone());
    let result = |r: &Row, pick: fn(&RowResult) -> &Option<Text>, inline: &Option<Text>| {
        let own = opt(inline);
        if !own.is_empty() {
            return own;
        }
        collected
            .get(&results::key(&source_id, r))
            .map(|c| opt(pick(c)))
            .unwrap_or_default()
    };
    InitiativeView {
        mark: era::circled(i.number.value),
        name: opt(&source.name),
        original_here: original.is_some(),
        relist_of,
        overview: i
            .overview
            .as_ref()
            .or(source.overview.as_ref())
            .map(text)
            .unwrap_or_default(),
        index_departments: index_departments(&rows, all_concerned),
        rows: rows
            .iter()
            .map(|r| RowView {
                departments: r
                    .departments
                    .iter()
                    .map(|d| match &r.lead {
                        Some(lead) if d.value == all_concerned => {
                            format!("{}\n({})", d.value, lead.value)
                        }
                        _ => d.value.clone(),
                    })
                    .collect(),
                policy: text(&r.policy),
                actions: result(r, |c| &c.actions, &r.actions),
                results: result(r, |c| &c.results, &r.results),
                grade: validate::grade(&result(r, |c| &c.grade, &r.grade))
                    .unwrap_or_default()
                    .into(),
                next_policy: result(r, |c| &c.next_policy, &r.next_policy),
                names: r
                    .departments
                    .iter()
                    .chain(r.lead.as_ref())
                    .map(|d| d.value.clone())
                    .collect(),
                keep: true,
                key: results::key(&source_id, r),
                changed: Vec::new(),
            })
            .map(|mut v| {
                v.keep = row_lines(&v) < KEEP_ROW_LINES;
                v
            })
            .collect(),
        note: i.note.as_ref().map(text),
        page_break: i.page_break,
        page: None,
        changed: Vec::new(),
        id,
    }
}

/// The 一覧表 lists each department on its own line; consecutive 各関係課
/// rows share one line with their leads: 各関係課（市民活動推進課）（高齢者福祉課）.
fn index_departments(rows: &[&Row], all_concerned: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut grouping = false;
    for r in rows {
        for d in &r.departments {
            match &r.lead {
                Some(lead) if d.value == all_concerned => {
                    if grouping && let Some(last) = lines.last_mut() {
                        last.push_str(&format!("（{}）", lead.value));
                    } else {
                        lines.push(format!("{all_concerned}（{}）", lead.value));
                    }
                    grouping = true;
                }
                _ => {
                    lines.push(d.value.clone());
                    grouping = false;
                }
            }
        }
    }
    lines
}

/// Which sheets to print (committee printing). Scopes add up; departments
/// narrow what the scopes chose to those departments' rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub strategies: Vec<u32>,
    /// (strategy, measure)
    pub measures: Vec<(u32, u32)>,
    /// (strategy, measure, initiative)
    pub initiatives: Vec<(u32, u32, u32)>,
    pub departments: Vec<String>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.strategies.is_empty()
            && self.measures.is_empty()
            && self.initiatives.is_empty()
            && self.departments.is_empty()
    }

    fn scoped(&self) -> bool {
        !(self.strategies.is_empty() && self.measures.is_empty() && self.initiatives.is_empty())
    }

    /// A short description for file names: 基本戦略1_施策細目1-2_障害福祉課.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.strategies.iter().map(|s| format!("基本戦略{s}")));
        parts.extend(
            self.measures
                .iter()
                .map(|(s, m)| format!("施策細目{s}-{m}")),
        );
        parts.extend(
            self.initiatives
                .iter()
                .map(|(s, m, i)| format!("取組{s}-{m}-{i}")),
        );
        parts.extend(self.departments.iter().cloned());
        parts.join("_")
    }
}

/// Page numbers of the full report: sheet id → page, strategy → page.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    pub sheets: HashMap<String, i64>,
    pub strategies: HashMap<u32, i64>,
}

impl View {
    /// The blank form: result columns empty whatever the data holds.
    pub fn clear_results(&mut self) {
        for r in self.rows_mut() {
            r.actions.clear();
            r.results.clear();
            r.grade.clear();
            r.next_policy.clear();
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

    fn rows_mut(&mut self) -> impl Iterator<Item = &mut RowView> {
        self.initiatives_mut().flat_map(|i| &mut i.rows)
    }

    /// Keep only the selected sheets, each with its page in the full report.
    pub fn select(&mut self, sel: &Selection, pages: &Pages) {
        self.subset = true;
        // Sheets that directly follow a printed one in the full report flow
        // on as there; the others start a new page carrying their number.
        let mut follows = std::collections::HashSet::new();
        let mut prev_kept;
        for s in &mut self.strategies {
            let sn = s.number;
            let whole = sel.strategies.contains(&sn);
            s.show_page = whole && sel.departments.is_empty();
            s.page = pages.strategies.get(&sn).copied().filter(|_| s.show_page);
            prev_kept = s.show_page;
            for m in &mut s.measures {
                let mn = m.number();
                let measure = whole || sel.measures.contains(&(sn, mn));
                m.initiatives.retain_mut(|i| {
                    let chosen = !sel.scoped() || measure || sel.initiatives.contains(&i.key());
                    if chosen && !sel.departments.is_empty() {
                        i.rows
                            .retain(|r| r.names.iter().any(|n| sel.departments.contains(n)));
                    }
                    let kept = chosen && !i.rows.is_empty();
                    if kept && prev_kept && sel.departments.is_empty() {
                        follows.insert(i.id.clone());
                    }
                    prev_kept = kept;
                    i.page = pages.sheets.get(&i.id).copied();
                    kept
                });
            }
            s.measures.retain(|m| !m.initiatives.is_empty());
            s.sheet_title = s
                .measures
                .first()
                .and_then(|m| m.initiatives.first())
                .is_some_and(|i| i.id.ends_with("-1-1"));
        }
        self.strategies
            .retain(|s| s.show_page || !s.measures.is_empty());
        let printed: std::collections::HashSet<String> =
            self.initiatives().map(|i| i.id.clone()).collect();
        for i in self.initiatives_mut() {
            i.original_here = i.relist_of.as_ref().is_some_and(|o| printed.contains(o));
        }
        // Sheets that shared a page in the full report still do.
        let mut last = None;
        for s in &mut self.strategies {
            if s.show_page {
                last = s.page;
            }
            for i in s.measures.iter_mut().flat_map(|m| &mut m.initiatives) {
                let page = i.page;
                if follows.contains(&i.id) || page == last {
                    i.page = None;
                }
                if !follows.contains(&i.id) {
                    // Placed by its page number, not by the flow's break hint.
                    i.page_break = false;
                }
                last = page;
            }
        }
    }

    /// Count 自己評価 per strategy and measure. 【再掲】 sheets repeat their
    /// original's rows, so they are not counted again.
    pub fn add_summary(&mut self) {
        let count = |m: &MeasureView| {
            let mut c = GradeCounts::default();
            for r in m
                .initiatives
                .iter()
                .filter(|i| i.relist_of.is_none())
                .flat_map(|i| &i.rows)
            {
                match r.grade.as_str() {
                    "Ａ" => c.a += 1,
                    "Ｂ" => c.b += 1,
                    "Ｃ" => c.c += 1,
                    _ => c.none += 1,
                }
            }
            c
        };
        let strategies = self
            .strategies
            .iter()
            .map(|s| {
                let measures: Vec<SummaryLine> = s
                    .measures
                    .iter()
                    .map(|m| SummaryLine {
                        label: format!("{}{}", m.mark, m.title),
                        counts: count(m),
                    })
                    .collect();
                let mut total = GradeCounts::default();
                for m in &measures {
                    total.add(&m.counts);
                }
                SummaryStrategy {
                    line: SummaryLine {
                        label: format!("基本戦略{}　{}", s.mark, s.title),
                        counts: total,
                    },
                    measures,
                }
            })
            .collect();
        self.summary = Some(Summary { strategies });
    }
}

impl MeasureView {
    fn number(&self) -> u32 {
        self.id
            .rsplit('-')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }
}

impl InitiativeView {
    fn key(&self) -> (u32, u32, u32) {
        parse_id(&self.id).unwrap_or_default()
    }
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub strategies: Vec<SummaryStrategy>,
}

#[derive(Debug, Serialize)]
pub struct SummaryStrategy {
    pub line: SummaryLine,
    pub measures: Vec<SummaryLine>,
}

#[derive(Debug, Serialize)]
pub struct SummaryLine {
    pub label: String,
    pub counts: GradeCounts,
}

/// 自己評価 counts: Ａ, Ｂ, Ｃ and 未評価 (none yet).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GradeCounts {
    pub a: u32,
    pub b: u32,
    pub c: u32,
    pub none: u32,
}

impl GradeCounts {
    fn add(&mut self, o: &GradeCounts) {
        self.a += o.a;
        self.b += o.b;
        self.c += o.c;
        self.none += o.none;
    }
}

/// One strategy of the 担当部署等一覧表.
#[derive(Debug, Serialize)]
pub struct IndexStrategy {
    pub mark: String,
    pub title: String,
    pub measures: Vec<IndexMeasure>,
}

#[derive(Debug, Serialize)]
pub struct IndexMeasure {
    pub mark: String,
    pub title: String,
    pub initiatives: Vec<IndexEntry>,
}

/// One initiative of the index: its sheet's id (for the 頁 and the link).
#[derive(Debug, Serialize)]
pub struct IndexEntry {
    pub id: String,
    pub mark: String,
    pub name: String,
    pub relist: bool,
    pub departments: Vec<String>,
}

impl View {
    fn with_index(mut self) -> Self {
        self.index = self
            .strategies
            .iter()
            .map(|s| IndexStrategy {
                mark: s.mark.clone(),
                title: s.title.clone(),
                measures: s
                    .measures
                    .iter()
                    .map(|m| IndexMeasure {
                        mark: m.mark.clone(),
                        title: m.title.clone(),
                        initiatives: m
                            .initiatives
                            .iter()
                            .map(|i| IndexEntry {
                                id: i.id.clone(),
                                mark: i.mark.clone(),
                                name: i.name.clone(),
                                relist: i.relist_of.is_some(),
                                departments: i.index_departments.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        self
    }
}
