//! What can change between two data sets, and marking it on the sheets
//! (`build --mark-changes OLD`): the columns of a row and the fields of an
//! initiative, each with its key (as the templates know it) and heading.

use std::collections::HashMap;

use super::{InitiativeView, RowView, View};
use crate::model::{Field, InitiativeId, Words};

/// A column of a sheet row: the policy, or one of the result columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowColumn {
    Policy,
    Result(Field),
}

impl RowColumn {
    /// In the sheet's column order.
    pub fn all() -> impl Iterator<Item = RowColumn> {
        std::iter::once(RowColumn::Policy).chain(Field::ALL.map(RowColumn::Result))
    }

    pub fn key(self) -> &'static str {
        match self {
            RowColumn::Policy => "policy",
            RowColumn::Result(f) => f.key(),
        }
    }

    /// The column's name in the plan's words (取組方針, 成果).
    pub fn heading(self, words: &Words) -> String {
        match self {
            RowColumn::Policy => words.name(&words.columns.policy.value),
            RowColumn::Result(f) => words.field(f),
        }
    }

    pub fn get(self, r: &RowView) -> &str {
        match self {
            RowColumn::Policy => &r.policy,
            RowColumn::Result(f) => r.results.get(f),
        }
    }
}

/// A field of an initiative: (heading in the plan's words, template key,
/// value).
pub type InitiativeField = (
    fn(&Words) -> String,
    &'static str,
    fn(&InitiativeView) -> String,
);

pub const INITIATIVE_FIELDS: [InitiativeField; 3] = [
    (|w| w.name(&w.sheet.name.value), "name", |i| i.name.clone()),
    (
        |w| w.name(&w.sheet.overview.value),
        "overview",
        |i| i.overview.clone(),
    ),
    (
        |w| {
            w.name(&w.sheet.note.value)
                .trim_matches(['＜', '＞', '<', '>'])
                .to_string()
        },
        "note",
        |i| i.note.clone().unwrap_or_default(),
    ),
];

impl View {
    /// Mark what differs from `old`, for highlighting on the sheets.
    pub fn mark_changes(&mut self, old: &View) {
        let old_i: HashMap<InitiativeId, &InitiativeView> =
            old.initiatives().map(|i| (i.id, i)).collect();
        for i in self.initiatives_mut() {
            let before = old_i.get(&i.id).copied();
            for (_, key, get) in INITIATIVE_FIELDS {
                if before.is_none_or(|o| get(o) != get(i)) {
                    i.changed.push(key.into());
                }
            }
            for r in &mut i.rows {
                let was = before.and_then(|o| o.rows.iter().find(|or| or.key == r.key));
                for c in RowColumn::all() {
                    if was.is_none_or(|b| c.get(b) != c.get(r)) {
                        r.changed.push(c.key().into());
                    }
                }
            }
        }
    }
}
