//! What can change between two data sets, and marking it on the sheets
//! (`build --mark-changes OLD`): the columns of a row and the fields of an
//! initiative, each with its key (as the templates know it) and heading.

use std::collections::HashMap;

use super::{InitiativeView, RowView, View};
use crate::model::{Field, InitiativeId};

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

    pub fn heading(self) -> &'static str {
        match self {
            RowColumn::Policy => "取組方針",
            RowColumn::Result(f) => f.heading(),
        }
    }

    pub fn get(self, r: &RowView) -> &str {
        match self {
            RowColumn::Policy => &r.policy,
            RowColumn::Result(f) => r.results.get(f),
        }
    }
}

/// A field of an initiative: (heading, template key, value).
pub type InitiativeField = (&'static str, &'static str, fn(&InitiativeView) -> String);

pub const INITIATIVE_FIELDS: [InitiativeField; 3] = [
    ("取組名称", "name", |i| i.name.clone()),
    ("概要", "overview", |i| i.overview.clone()),
    ("備考", "note", |i| i.note.clone().unwrap_or_default()),
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
