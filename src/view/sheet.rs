//! One sheet (取組) as printed: a 【再掲】 takes its original's name and rows,
//! each row's results come from the plan file or the results files.

use std::collections::HashMap;

use super::{InitiativeView, RowView, opt, text};
use crate::model::merge;
use crate::model::numbering::NumberStyle;
use crate::model::{Data, Initiative, InitiativeId, Results, Row, RowKey, Words};

/// What every sheet is built from.
pub(super) struct Context<'a> {
    originals: HashMap<InitiativeId, &'a Initiative>,
    all_concerned: &'a str,
    /// Each row's results, merged from the plan file and results files.
    results: HashMap<RowKey, Results<String>>,
    words: &'a Words,
    /// The numbering of strategies, measures and initiatives.
    styles: [NumberStyle; 3],
    /// Where long department names break (words.yaml).
    break_after: Vec<&'a str>,
}

impl<'a> Context<'a> {
    pub fn new(data: &'a Data) -> Self {
        Self {
            originals: data.initiatives().map(|p| (p.id, p.initiative)).collect(),
            all_concerned: data.departments.value.all_concerned.value.as_str(),
            results: merge::merged(data),
            words: &data.words.value,
            styles: data.words.value.styles(),
            break_after: data.words.value.break_after(),
        }
    }

    pub fn words(&self) -> &Words {
        self.words
    }

    pub fn styles(&self) -> &[NumberStyle; 3] {
        &self.styles
    }

    pub fn initiative(&self, i: &Initiative, id: InitiativeId) -> InitiativeView {
        // A 【再掲】 takes what it does not print differently from its original.
        let target = i.relist_target();
        let original = target.and_then(|t| self.originals.get(&t).copied());
        let relist_of = original.and(target);
        let source = original.unwrap_or(i);
        let source_id = relist_of.unwrap_or(id);
        let mut rows: Vec<(RowKey, &Row)> = source.keyed_rows(source_id).collect();
        if let Some(order) = &i.row_order {
            rows = order
                .iter()
                .filter_map(|o| rows.iter().find(|(_, r)| r.label() == o.value).cloned())
                .collect();
        }
        let row_refs: Vec<&Row> = rows.iter().map(|(_, r)| *r).collect();
        InitiativeView {
            mark: self.styles[2].format(i.number.value),
            name: opt(&source.name),
            original_here: original.is_some(),
            relist_of,
            overview: i
                .overview
                .as_ref()
                .or(source.overview.as_ref())
                .map(text)
                .unwrap_or_default(),
            index_departments: index_departments(&row_refs, self.all_concerned),
            rows: rows.into_iter().map(|(k, r)| self.row(k, r)).collect(),
            note: i.note.as_ref().map(text),
            page_break: i.page_break,
            after_results: false,
            page: None,
            report_page: None,
            changed: Vec::new(),
            history: Vec::new(),
            committee: None,
            id,
        }
    }

    fn row(&self, key: RowKey, r: &Row) -> RowView {
        let results = self.results.get(&key).cloned().unwrap_or_default();
        let departments: Vec<String> = r
            .departments
            .iter()
            .map(|d| match &r.lead {
                Some(lead) if d.value == self.all_concerned => {
                    format!("{}\n({})", d.value, lead.value)
                }
                _ => d.value.clone(),
            })
            .collect();
        RowView {
            label: departments
                .iter()
                .flat_map(|d| d.lines())
                .map(|l| super::words(l, &self.break_after))
                .collect(),
            departments,
            policy: text(&r.policy),
            results,
            names: r.owners().map(str::to_string).collect(),
            key,
            changed: Vec::new(),
            report_pages: None,
        }
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
