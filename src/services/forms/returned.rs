//! A returned department workbook, read: its department, each table row
//! as its cells show, and what each row showed when it was exported (the
//! hidden sheet). Whatever cannot be taken is a problem naming its cell.

use std::collections::HashMap;

use calamine::Reader;

use super::outcome::{Reason, Refused};
use super::xlsx::{Book, Sheet};
use super::{Column, FIRST_ROW, FORMAT_ID, META_FIRST_ROW, META_SHEET, cell_name, sheet_name};
use crate::check;
use crate::error::SheetProblem;
use crate::model::era::Width;
use crate::model::{Data, Field, GradeScale, Results, RowKey, Words};

/// A returned workbook, read: its department, and each table row.
pub(super) struct Returned {
    pub(super) department: String,
    pub(super) sheet: String,
    pub(super) rows: Vec<ReturnedRow>,
    /// What each row showed when exported, by key.
    pub(super) shown: HashMap<RowKey, Snapshot>,
}

pub(super) struct ReturnedRow {
    /// 0-based sheet row.
    pub(super) at: u32,
    pub(super) key: RowKey,
    pub(super) context: [String; 5],
    pub(super) results: Results<String>,
}

#[derive(Clone)]
pub(super) struct Snapshot {
    pub(super) context: [String; 5],
    pub(super) results: Results<String>,
}

pub(super) fn read_returned(book: &mut Book, data: &Data) -> Result<Returned, Refused> {
    let not_a_form = |old| Refused::new(None, vec![Reason::NotAForm { old }]);
    let meta = Sheet::read(book, META_SHEET).ok_or_else(|| not_a_form(false))?;
    let text = |row: u32, col: u32| meta.text(row, col).unwrap_or_default();
    if text(0, 1) != FORMAT_ID {
        return Err(not_a_form(true));
    }
    let department = text(2, 1);
    let known = data
        .department_names()
        .any(|d| d == department)
        .then(|| department.clone());
    let year = data.plan.value.fiscal_year.value;
    if text(1, 1) != year.to_string() {
        let style = data.words.value.year_style();
        let form = text(1, 1);
        let label = |y: i32| style.label(y, Width::Half);
        let reason = Reason::OtherYear {
            form_label: form.trim().parse().ok().map(label),
            form,
            data: year,
            data_label: label(year),
        };
        return Err(Refused::new(known, vec![reason]));
    }
    if known.is_none() {
        return Err(Refused::sheet(
            None,
            vec![SheetProblem::file(format!(
                "様式の部署「{}」は{}にありません",
                crate::error::shown(&department),
                data.words.value.departments_list()
            ))],
        ));
    }
    let refuse = |problems| Refused::sheet(known.clone(), problems);
    let shown = snapshots(&meta);
    let sheet = sheet_name(&department);
    let mut problems = extra_sheets(book, &sheet);
    let table = Sheet::read(book, &sheet).ok_or_else(|| {
        refuse(vec![SheetProblem::file(format!(
            "シート「{sheet}」がありません"
        ))])
    })?;
    let rows = table_rows(
        &table,
        (&sheet, &data.words.value),
        &data.grade_scale(),
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    Ok(Returned {
        department,
        sheet,
        rows,
        shown,
    })
}

impl Returned {
    /// Whether the department typed anything: a result cell that differs
    /// from what the workbook showed when it was made.
    pub(super) fn edited(&self) -> bool {
        self.rows.iter().any(|r| {
            self.shown
                .get(&r.key)
                .is_none_or(|s| s.results != r.results)
        })
    }
}

/// The rows of the hidden sheet: what each row showed when exported.
fn snapshots(meta: &Sheet) -> HashMap<RowKey, Snapshot> {
    let last = meta.end().map_or(0, |(r, _)| r);
    let text = |row: u32, c: Column| meta.text(row, c.index() as u32).unwrap_or_default();
    (META_FIRST_ROW..=last)
        .filter(|&row| !text(row, Column::Key).is_empty())
        .map(|row| {
            let snapshot = Snapshot {
                context: Column::CONTEXT.map(|c| text(row, c)),
                results: Results::from_fn(|f| text(row, Column::Result(f))),
            };
            (RowKey::from_text(&text(row, Column::Key)), snapshot)
        })
        .collect()
}

/// Sheets other than the form with something written on them.
pub(super) fn extra_sheets(book: &mut Book, sheet: &str) -> Vec<SheetProblem> {
    let names: Vec<String> = book.sheet_names().to_vec();
    names
        .iter()
        .filter(|n| n.as_str() != sheet && n.as_str() != META_SHEET)
        .filter(|n| book.worksheet_range(n).is_ok_and(|r| r.used_cells().next().is_some()))
        .map(|n| SheetProblem {
            place: format!("シート「{}」", crate::error::shown(n)),
            message: format!("このシートの内容は取り込みません。記入はシート「{sheet}」の色の付いた欄にしてください（不要なシートは削除してください）"),
        })
        .collect()
}

/// Every row of the table, reading each cell as displayed.
/// `sheet`: its name, and the words its columns are named in.
fn table_rows(
    table: &Sheet,
    (sheet, words): (&str, &Words),
    scale: &GradeScale,
    problems: &mut Vec<SheetProblem>,
) -> Vec<ReturnedRow> {
    let (last_row, _) = table.end().unwrap_or((0, 0));
    let reader = RowReader {
        table,
        sheet,
        scale,
        words,
    };
    (FIRST_ROW..=last_row)
        .filter_map(|row| {
            reader.outside_the_form(row, problems);
            reader.row(row, problems)
        })
        .collect()
}

/// Reads one table row at a time, noting what cannot be taken.
struct RowReader<'a> {
    table: &'a Sheet,
    sheet: &'a str,
    scale: &'a GradeScale,
    words: &'a Words,
}

impl RowReader<'_> {
    fn at(&self, row: u32, c: Column) -> String {
        place(
            &format!("シート「{}」 {}", self.sheet, cell_name(row, c.index())),
            c,
            self.words,
        )
    }

    /// Text right of the form is never silently dropped.
    fn outside_the_form(&self, row: u32, problems: &mut Vec<SheetProblem>) {
        let (_, last_col) = self.table.end().unwrap_or((0, 0));
        for col in Column::count() as u32..=last_col {
            if self
                .table
                .text(row, col)
                .is_ok_and(|t| !t.trim().is_empty())
            {
                problems.push(SheetProblem {
                    place: format!("シート「{}」 {}", self.sheet, cell_name(row, col as u16)),
                    message: "表の外に書かれています。この内容は取り込めないので、表の中の欄に書いてください".into(),
                });
            }
        }
    }

    /// One row's cells; `None` for an empty row.
    fn row(&self, row: u32, problems: &mut Vec<SheetProblem>) -> Option<ReturnedRow> {
        let mut get = |c: Column| match self.table.text(row, c.index() as u32) {
            Ok(t) => t,
            Err(message) => {
                problems.push(SheetProblem {
                    place: self.at(row, c),
                    message,
                });
                String::new()
            }
        };
        let key = get(Column::Key);
        let context = Column::CONTEXT.map(&mut get);
        let mut results = Results::from_fn(|f| get(Column::Result(f)));
        let written = context
            .iter()
            .chain(results.iter().map(|(_, t)| t))
            .any(|t| !t.trim().is_empty());
        if key.trim().is_empty() {
            if written {
                problems.push(SheetProblem {
                    place: self.at(row, Column::Key),
                    message: "行の識別欄（隠れた A 列）が空です。行を追加せず、書き足す内容は元の行の欄に書いてください".into(),
                });
            }
            return None;
        }
        for (f, t) in results.iter() {
            if let Some((_, message)) = check::unprintable(t) {
                problems.push(SheetProblem {
                    place: self.at(row, Column::Result(f)),
                    message,
                });
            }
        }
        results.grade = self.grade(row, &results.grade, problems);
        Some(ReturnedRow {
            at: row,
            key: RowKey::from_text(&key),
            context,
            results,
        })
    }

    /// The grade as printed, or empty (with a problem when it is not one).
    fn grade(&self, row: u32, typed: &str, problems: &mut Vec<SheetProblem>) -> String {
        let typed = typed.trim();
        match self.scale.parse(typed) {
            Some(g) => self.scale.label(g).to_string(),
            None if typed.is_empty() => String::new(),
            None => {
                problems.push(SheetProblem {
                    place: self.at(row, Column::Result(Field::Grade)),
                    message: format!(
                        "{}「{}」は使えません。{}のいずれかです",
                        self.words.field(Field::Grade),
                        crate::error::shown(typed),
                        self.scale.describe()
                    ),
                });
                String::new()
            }
        }
    }
}

pub(super) fn place(cell: &str, c: Column, words: &Words) -> String {
    format!("{cell}（{}）", c.name(words))
}
