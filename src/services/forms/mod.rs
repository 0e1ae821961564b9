//! The department round trip in Excel. `export-forms` writes one workbook
//! per department with the rows it answers for (context locked, result
//! columns to fill in, a drop-down for 自己評価); `import-forms` reads them
//! back into `data/results/<year>/<department>.yaml`, all or nothing per
//! workbook.
//!
//! Rows are identified by their key (hidden column A), so sorting or moving
//! rows in Excel does no harm. Each workbook also keeps, on a hidden sheet,
//! what every row showed when it was made: a cell the department left as
//! it was is not its answer, so an untouched workbook changes nothing and a
//! shared row's text is never overwritten by someone who did not edit it.

mod answers;
pub mod committee;
mod export;
mod formats;
mod import;
mod outcome;
mod returned;
mod xlsx;

use crate::model::{Field, RowKey, Words};
use crate::view::{InitiativeView, RowView, View};

pub use export::{Exported, export};
pub use import::{ImportOptions, attempts, import, import_together};
pub use outcome::{
    Attempt, Change, Conflict, Imported, Other, Reason, Refused, Resolutions, year_words,
};
pub use xlsx::displayed;

/// Hidden sheet that identifies a workbook and keeps what it showed.
const META_SHEET: &str = "shinchoku";
const FORMAT_ID: &str = "shinchoku-form-2";
/// Meta sheet rows: format, year, department; the shown values from here.
const META_FIRST_ROW: u32 = 5;

/// Rows before the table: title, instructions, header.
const TITLE_ROW: u32 = 0;
const NOTE_ROW: u32 = 1;
const HEADER_ROW: u32 = 2;
const FIRST_ROW: u32 = 3;

/// A column of the department's sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// The row's key (hidden).
    Key,
    Strategy,
    Measure,
    Initiative,
    /// 担当部署等: whose row it is (a shared row names all its departments).
    Label,
    Policy,
    Result(Field),
}

impl Column {
    const CONTEXT: [Column; 5] = [
        Column::Strategy,
        Column::Measure,
        Column::Initiative,
        Column::Label,
        Column::Policy,
    ];

    /// Every column, left to right.
    fn all() -> impl Iterator<Item = Column> {
        std::iter::once(Column::Key)
            .chain(Self::CONTEXT)
            .chain(Field::ALL.map(Column::Result))
    }

    fn index(self) -> u16 {
        Self::all().position(|c| c == self).unwrap_or(0) as u16
    }

    fn count() -> u16 {
        Self::all().count() as u16
    }

    /// The heading, in the plan's words as one line (the policy's carries
    /// the year).
    fn heading(self, view: &View) -> String {
        let w = &view.words;
        let plain = |t: &crate::model::Text, year: &str| w.plain(&t.value, year);
        let year = view.years.results.as_str();
        match self {
            Column::Key => "key".into(),
            Column::Strategy => plain(&w.index.strategy, year),
            Column::Measure => plain(&w.index.measure, year),
            Column::Initiative => plain(&w.index.initiative, year),
            Column::Label => plain(&w.columns.departments, year),
            Column::Policy => plain(&w.columns.policy, &view.years.policy),
            Column::Result(f) => plain(w.columns.result(f), year),
        }
    }

    /// The column's name in messages (without the year).
    fn name(self, words: &Words) -> String {
        let name = |t: &crate::model::Text| words.name(&t.value);
        match self {
            Column::Key => "行の識別".into(),
            Column::Strategy => name(&words.index.strategy),
            Column::Measure => name(&words.index.measure),
            Column::Initiative => name(&words.index.initiative),
            Column::Label => name(&words.columns.departments),
            Column::Policy => name(&words.columns.policy),
            Column::Result(f) => words.field(f),
        }
    }

    /// Width in Excel's units (about one half-width character).
    fn width(self) -> f64 {
        match self {
            Column::Key => 10.0,
            Column::Strategy => 14.0,
            Column::Measure => 16.0,
            Column::Initiative => 22.0,
            Column::Label => 14.0,
            Column::Policy => 40.0,
            Column::Result(Field::Actions) => 36.0,
            Column::Result(Field::Grade) => 8.0,
            Column::Result(_) => 30.0,
        }
    }
}

/// "H12": an Excel cell name (0-based row and column).
fn cell_name(row: u32, col: u16) -> String {
    let mut letters = String::new();
    let mut n = col as u32 + 1;
    while n > 0 {
        let r = (n - 1) % 26;
        letters.insert(0, (b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// One row of a department's workbook: its context and what it shows.
struct FormRow<'a> {
    context: [String; 5],
    row: &'a RowView,
}

impl FormRow<'_> {
    fn key(&self) -> &RowKey {
        &self.row.key
    }
}

/// The rows a department answers for: its own rows of every initiative that
/// is not a 【再掲】 (a re-listing shows its original's results).
fn rows_of<'a>(view: &'a View, department: &str) -> Vec<FormRow<'a>> {
    let mut out = Vec::new();
    for s in &view.strategies {
        for m in &s.measures {
            for i in m.initiatives.iter().filter(|i| i.relist_of.is_none()) {
                let mine = i
                    .rows
                    .iter()
                    .filter(|r| r.names.iter().any(|n| n == department));
                out.extend(mine.map(|r| FormRow {
                    context: [
                        format!("{}　{}", s.mark, s.title),
                        format!("{}{}", m.mark, m.title),
                        initiative_name(i),
                        r.key.label().to_string(),
                        r.policy.clone(),
                    ],
                    row: r,
                }));
            }
        }
    }
    out
}

fn initiative_name(i: &InitiativeView) -> String {
    format!("{}  {}", i.mark, i.name)
}

/// Excel sheet names: at most 31 characters, none of []:*?/\.
fn sheet_name(dept: &str) -> String {
    dept.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

/// A value for a change line: short, one line, （空） when empty.
pub fn shown(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.is_empty() {
        "（空）".into()
    } else {
        crate::error::shown(&one)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 7), "H12");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(Column::count(), 10);
        assert_eq!(Column::Result(Field::Grade).index(), 8);
    }
}
