//! The pages of a laid-out report as the browser lists them: what each
//! shows (its title in the page list, its printed number, its text for
//! screen readers) and the 担当部署等一覧表 with links to the pages.

use std::collections::HashMap;

use serde::Serialize;
use typst_layout::PagedDocument;

use crate::model::InitiativeId;
use crate::typeset::{inspect, png};
use crate::view::View;

/// Pixels per point of the page images: sharp at the size shown, and
/// quick to render.
pub const SCALE: f32 = 1.5;

/// One page of the report.
#[derive(Debug, Clone, Serialize)]
pub struct PageInfo {
    /// 1-based, counting every page.
    pub number: usize,
    /// Fingerprint of what the page draws, in hex (the image's name).
    pub hash: String,
    #[serde(skip)]
    pub fingerprint: u128,
    /// The image's size in pixels.
    pub width: u32,
    pub height: u32,
    /// The number printed in the footer, if any.
    pub printed: Option<String>,
    /// What the page holds: 進行管理, 担当部署等一覧表, 基本戦略１, 1-(1)-① ….
    pub title: String,
    /// The page's text (the image's alternative text).
    pub text: String,
}

/// The 担当部署等一覧表, for the page list.
#[derive(Debug, Clone, Serialize)]
pub struct NavStrategy {
    pub title: String,
    pub measures: Vec<NavMeasure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavMeasure {
    pub title: String,
    pub initiatives: Vec<NavInitiative>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavInitiative {
    pub mark: String,
    pub name: String,
    pub relist: bool,
    pub departments: Vec<String>,
    /// Printed page number and the physical page to jump to.
    pub printed: Option<i64>,
    pub page: Option<usize>,
}

/// "1-(2)-①": how staff name a sheet.
pub fn sheet_name(id: InitiativeId, mark: &str) -> String {
    format!("{}-({})-{mark}", id.strategy, id.measure)
}

/// Every page of `doc`, with what it shows.
pub fn pages(doc: &PagedDocument, view: &View) -> Vec<PageInfo> {
    let titles = titles(doc, view);
    let texts = inspect::page_texts(doc);
    doc.pages()
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let size = page.frame.size();
            let px = |pt: f64| (pt * SCALE as f64).round().max(1.0) as u32;
            let fingerprint = png::fingerprint(page);
            PageInfo {
                number: i + 1,
                hash: format!("{fingerprint:032x}"),
                fingerprint,
                width: px(size.x.to_pt()),
                height: px(size.y.to_pt()),
                printed: inspect::footer(doc, i).filter(|f| f.parse::<u32>().is_ok()),
                title: titles.get(i).cloned().unwrap_or_default(),
                text: texts.get(i).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

/// Each page's title: what starts on it, or what continues from before.
fn titles(doc: &PagedDocument, view: &View) -> Vec<String> {
    let count = doc.pages().len();
    let mut starts: Vec<Option<String>> = vec![None; count];
    let names: HashMap<InitiativeId, String> = view
        .initiatives()
        .map(|i| (i.id, format!("{} {}", sheet_name(i.id, &i.mark), i.name)))
        .collect();
    for e in inspect::index_entries(doc) {
        let id = InitiativeId::parse(&e.id);
        if let (Some(p), Some(name)) = (e.sheet_page, id.and_then(|id| names.get(&id))) {
            starts[p].get_or_insert_with(|| name.clone());
        }
    }
    let strategy_pages = inspect::strategy_starts(doc);
    let first_strategy = strategy_pages
        .iter()
        .map(|(_, p)| *p)
        .min()
        .unwrap_or(count);
    for (n, p) in &strategy_pages {
        let mark = view.strategies.iter().find(|s| s.number == *n);
        starts[*p] = Some(format!(
            "{}{}",
            view.labels.levels.strategy,
            mark.map_or("", |s| s.mark.as_str())
        ));
    }
    let mut last = String::new();
    (0..count)
        .map(|i| {
            let title = match (&starts[i], i) {
                (Some(t), _) => t.clone(),
                (None, 0) => view.intro.heading.clone(),
                (None, i) if i < first_strategy => view.labels.index.title.clone(),
                (None, _) => {
                    let more = &view.labels.sheet.continued;
                    format!("{}{more}", last.trim_end_matches(more.as_str()))
                }
            };
            last = title.clone();
            title
        })
        .collect()
}

/// The page list's words, in the plan's own: the index's title, the
/// 【再掲】 mark and the word for a page.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct NavLabels {
    pub index: String,
    pub relist: String,
    pub page: String,
}

pub fn nav_labels(view: &View) -> NavLabels {
    let i = &view.labels.index;
    NavLabels {
        index: i.title.clone(),
        relist: i.relist.clone(),
        page: i.columns.last().cloned().unwrap_or_default(),
    }
}

/// The index with each sheet's printed page and where it is.
pub fn index(doc: &PagedDocument, view: &View) -> Vec<NavStrategy> {
    let at: HashMap<String, (i64, Option<usize>)> = inspect::index_entries(doc)
        .into_iter()
        .map(|e| (e.id, (e.printed, e.sheet_page)))
        .collect();
    let sheet = |id: InitiativeId| at.get(&id.to_string()).copied();
    view.index
        .iter()
        .map(|s| NavStrategy {
            title: format!("{}　{}", s.mark, s.title),
            measures: s
                .measures
                .iter()
                .map(|m| NavMeasure {
                    title: format!("{}{}", m.mark, m.title),
                    initiatives: m
                        .initiatives
                        .iter()
                        .map(|i| NavInitiative {
                            mark: sheet_name(i.id, &i.mark),
                            name: i.name.clone(),
                            relist: i.relist,
                            departments: i.departments.clone(),
                            printed: sheet(i.id).map(|(p, _)| p),
                            page: sheet(i.id).and_then(|(_, p)| p).map(|p| p + 1),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}
