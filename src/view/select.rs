//! Committee prints: only some sheets, each keeping its page number in the
//! full report, so 「○ページ」 means the same page in both.

use std::collections::{HashMap, HashSet};

use super::{ReportPages, View};
use crate::model::{InitiativeId, MeasureId, Words};

/// Which sheets to print. Scopes add up; departments narrow what the scopes
/// chose to those departments' rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub strategies: Vec<u32>,
    pub measures: Vec<MeasureId>,
    pub initiatives: Vec<InitiativeId>,
    pub departments: Vec<String>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        !self.scoped() && self.departments.is_empty()
    }

    fn scoped(&self) -> bool {
        !(self.strategies.is_empty() && self.measures.is_empty() && self.initiatives.is_empty())
    }

    fn chooses(&self, id: InitiativeId) -> bool {
        !self.scoped()
            || self.strategies.contains(&id.strategy)
            || self.measures.contains(&id.measure())
            || self.initiatives.contains(&id)
    }

    /// A short description for file names, in the plan's words:
    /// 基本戦略1_施策細目1-2_障害福祉課.
    pub fn describe(&self, words: &Words) -> String {
        let l = &words.levels;
        let [s, m, i] = [&l.strategy, &l.measure, &l.initiative].map(|t| t.value.trim());
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.strategies.iter().map(|n| format!("{s}{n}")));
        parts.extend(self.measures.iter().map(|n| format!("{m}{n}")));
        parts.extend(self.initiatives.iter().map(|n| format!("{i}{n}")));
        parts.extend(self.departments.iter().cloned());
        parts.join("_")
    }
}

/// Page numbers of the full report: sheet → page, strategy → page, and a
/// row (its sheet, its place there) → the pages it is on.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    pub sheets: HashMap<InitiativeId, i64>,
    pub strategies: HashMap<u32, i64>,
    pub rows: HashMap<(InitiativeId, usize), ReportPages>,
}

impl View {
    /// Keep only the selected sheets, each with its page in the full report.
    pub fn select(&mut self, sel: &Selection, pages: &Pages) {
        self.subset = true;
        self.labels.sheet.page = Some(self.words.fill(&self.words.index.page.value, ""));
        let follows = self.keep_selected(sel, pages);
        self.strategies
            .retain(|s| s.show_page || !s.measures.is_empty());
        let printed: HashSet<InitiativeId> = self.initiatives().map(|i| i.id).collect();
        for i in self.initiatives_mut() {
            i.original_here = i.relist_of.is_some_and(|o| printed.contains(&o));
        }
        self.place_pages(&follows);
    }

    /// Drop what is not chosen; return the sheets that directly follow a
    /// printed one in the full report (they flow on as there). A sheet laid
    /// out as in the report (a measure's first, which opens a page, and each
    /// printed directly after such a one) keeps the report's pages; any
    /// other, and every department's, carries its own and its rows' pages.
    fn keep_selected(&mut self, sel: &Selection, pages: &Pages) -> HashSet<InitiativeId> {
        let mut follows = HashSet::new();
        let by_department = !sel.departments.is_empty();
        for s in &mut self.strategies {
            s.show_page = sel.strategies.contains(&s.number) && !by_department;
            s.page = pages
                .strategies
                .get(&s.number)
                .copied()
                .filter(|_| s.show_page);
            let (mut prev_kept, mut prev_as_report) = (s.show_page, true);
            for m in &mut s.measures {
                // Where the measure starts: its first sheet's page.
                let start = m
                    .initiatives
                    .first()
                    .and_then(|i| pages.sheets.get(&i.id))
                    .copied();
                let mut first = true;
                m.initiatives.retain_mut(|i| {
                    let chosen = sel.chooses(i.id);
                    let as_report = !by_department && (first || (prev_kept && prev_as_report));
                    for (k, r) in i.rows.iter_mut().enumerate() {
                        r.report_pages = pages.rows.get(&(i.id, k)).copied().filter(|_| !as_report);
                    }
                    if chosen && by_department {
                        i.rows
                            .retain(|r| r.names.iter().any(|n| sel.departments.contains(n)));
                    }
                    let kept = chosen && !i.rows.is_empty();
                    if kept && prev_kept && !by_department {
                        follows.insert(i.id);
                    }
                    (prev_kept, prev_as_report, first) = (kept, as_report, false);
                    i.page = pages.sheets.get(&i.id).copied();
                    i.report_page = i.page.filter(|_| !as_report);
                    kept
                });
                // The band goes above the first sheet printed: its page too.
                let carries = m
                    .initiatives
                    .first()
                    .is_some_and(|i| i.report_page.is_some());
                m.report_page = start.filter(|_| carries);
            }
            s.measures.retain(|m| !m.initiatives.is_empty());
            s.sheet_title = s
                .measures
                .first()
                .and_then(|m| m.initiatives.first())
                .is_some_and(|i| i.id.opens_strategy());
        }
        follows
    }

    /// Sheets that shared a page in the full report still do; the others
    /// start a new page carrying their number.
    fn place_pages(&mut self, follows: &HashSet<InitiativeId>) {
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
}
