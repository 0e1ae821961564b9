//! A returned committee workbook back into `committee/<year>.yaml`.

use std::collections::HashMap;
use std::path::Path;

use super::super::outcome::{Change, Imported, Writes};
use super::super::returned::extra_sheets;
use super::super::xlsx::{Book, Sheet};
use super::super::{FIRST_ROW, META_FIRST_ROW, META_SHEET, cell_name};
use super::{
    Col, Filled, NAME, SHEET, committee_file, earlier, initiative, shown_values, ungraded,
};
use crate::check;
use crate::error::{Error, Result, SheetProblem, shown};
use crate::io;
use crate::model::{Data, Field, GradeScale, InitiativeId, RowKey, Words};

/// Read one committee workbook (its format already recognised): all or
/// nothing, with the committee file's new text to write (none when
/// nothing changed).
pub(in crate::services::forms) fn import_one(
    data: &Data,
    book: &mut Book,
    file: &Path,
) -> Result<(Imported, Writes)> {
    let refuse = |problems: Vec<SheetProblem>| Error::Workbook {
        file: file.to_path_buf(),
        problems,
    };
    let returned = read(book, data).map_err(refuse)?;
    let (answers, notes) = answers(data, &returned).map_err(refuse)?;
    let path = committee_file(data);
    let changes = changes(data, &answers);
    let mut writes = Vec::new();
    if !changes.is_empty() {
        let entries: Vec<(String, Filled<Option<String>>)> = answers
            .into_iter()
            .filter(|(_, v)| v.iter().any(Option::is_some))
            .map(|(id, v)| (id.to_string(), v))
            .collect();
        writes.push((
            path.clone(),
            io::yaml::committee_file(data.year(), &entries),
        ));
    }
    let imported = Imported {
        department: NAME.to_string(),
        results_file: path,
        changes,
        notes,
        // Returns are recorded per department; the committee's count is its own.
        empty: false,
    };
    Ok((imported, writes))
}

/// A returned workbook, read.
struct Returned {
    rows: Vec<Row>,
    /// What each row showed when exported, by id.
    shown: HashMap<String, Snapshot>,
}

struct Row {
    /// 0-based sheet row.
    at: u32,
    id: String,
    context: [String; 4],
    /// The grade as the scale prints it.
    filled: Filled<String>,
}

struct Snapshot {
    context: [String; 4],
    filled: Filled<String>,
}

fn read(book: &mut Book, data: &Data) -> std::result::Result<Returned, Vec<SheetProblem>> {
    let meta = Sheet::read(book, META_SHEET)
        .ok_or_else(|| vec![SheetProblem::file("識別用のシートがありません")])?;
    let text = |row: u32, col: u32| meta.text(row, col).unwrap_or_default();
    let year = data.year();
    if text(1, 1) != year.to_string() {
        return Err(vec![SheetProblem::file(format!(
            "{}年度の様式です。今のデータは{year}年度です",
            shown(&text(1, 1))
        ))]);
    }
    let snapshots = snapshots(&meta);
    let mut problems = extra_sheets(book, SHEET);
    let table = Sheet::read(book, SHEET)
        .ok_or_else(|| vec![SheetProblem::file(format!("シート「{SHEET}」がありません"))])?;
    let reader = Reader {
        table: &table,
        words: &data.words.value,
        scale: &data.grade_scale(),
    };
    let (last_row, _) = table.end().unwrap_or((0, 0));
    let rows = (FIRST_ROW..=last_row)
        .filter_map(|row| reader.row(row, &mut problems))
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Returned {
        rows,
        shown: snapshots,
    })
}

/// The rows of the hidden sheet.
fn snapshots(meta: &Sheet) -> HashMap<String, Snapshot> {
    let last = meta.end().map_or(0, |(r, _)| r);
    let text = |row: u32, c: Col| meta.text(row, c.index() as u32).unwrap_or_default();
    (META_FIRST_ROW..=last)
        .filter(|&row| !text(row, Col::Id).trim().is_empty())
        .map(|row| {
            let snapshot = Snapshot {
                context: Col::CONTEXT.map(|c| text(row, c)),
                filled: Col::FILLED.map(|c| text(row, c)),
            };
            (text(row, Col::Id).trim().to_string(), snapshot)
        })
        .collect()
}

/// `シート「検討会議」 G12（意見）`.
fn place(row: u32, c: Col, words: &Words) -> String {
    format!(
        "シート「{SHEET}」 {}（{}）",
        cell_name(row, c.index()),
        c.name(words)
    )
}

/// Reads one table row at a time, noting what cannot be taken.
struct Reader<'a> {
    table: &'a Sheet,
    words: &'a Words,
    scale: &'a GradeScale,
}

impl Reader<'_> {
    /// One row's cells; `None` for an empty row.
    fn row(&self, row: u32, problems: &mut Vec<SheetProblem>) -> Option<Row> {
        self.outside_the_form(row, problems);
        let mut get = |c: Col| match self.table.text(row, c.index() as u32) {
            Ok(t) => t,
            Err(message) => {
                problems.push(SheetProblem {
                    place: place(row, c, self.words),
                    message,
                });
                String::new()
            }
        };
        let id = get(Col::Id);
        let context = Col::CONTEXT.map(&mut get);
        let mut filled = Col::FILLED.map(&mut get);
        let written = context.iter().chain(&filled).any(|t| !t.trim().is_empty());
        if id.trim().is_empty() {
            if written {
                problems.push(SheetProblem {
                    place: place(row, Col::Id, self.words),
                    message: format!("{}欄（隠れた A 列）が空です。行を追加せず、書き足す内容は元の行の欄に書いてください", Col::Id.name(self.words)),
                });
            }
            return None;
        }
        for (c, t) in Col::FILLED.iter().zip(&filled) {
            if let Some((_, message)) = check::unprintable(t) {
                problems.push(SheetProblem {
                    place: place(row, *c, self.words),
                    message,
                });
            }
        }
        filled[0] = self.grade(row, &filled[0], problems);
        Some(Row {
            at: row,
            id: id.trim().to_string(),
            context,
            filled,
        })
    }

    /// Text right of the form is never silently dropped.
    fn outside_the_form(&self, row: u32, problems: &mut Vec<SheetProblem>) {
        let (_, last_col) = self.table.end().unwrap_or((0, 0));
        for col in Col::count() as u32..=last_col {
            if self
                .table
                .text(row, col)
                .is_ok_and(|t| !t.trim().is_empty())
            {
                problems.push(SheetProblem {
                    place: format!("シート「{SHEET}」 {}", cell_name(row, col as u16)),
                    message: "表の外に書かれています。この内容は取り込めないので、表の中の欄に書いてください".into(),
                });
            }
        }
    }

    /// The grade as printed, or empty (with a problem when it is not one).
    fn grade(&self, row: u32, typed: &str, problems: &mut Vec<SheetProblem>) -> String {
        let typed = typed.trim();
        match self.scale.parse(typed) {
            Some(g) => self.scale.label(g).to_string(),
            None if typed.is_empty() => String::new(),
            None => {
                problems.push(SheetProblem {
                    place: place(row, Col::Grade, self.words),
                    message: format!(
                        "{}「{}」は使えません。{}のいずれかです（空欄は{}）",
                        Col::Grade.name(self.words),
                        shown(typed),
                        self.scale.describe(),
                        ungraded(self.words)
                    ),
                });
                String::new()
            }
        }
    }
}

/// The committee's entries after this workbook, in document order: for
/// each original initiative, the edited cells, else what the file said.
fn answers(
    data: &Data,
    returned: &Returned,
) -> std::result::Result<(Entries, Vec<String>), Vec<SheetProblem>> {
    let mut m = Matcher {
        returned,
        words: &data.words.value,
        expected: data
            .initiatives()
            .filter(|p| !p.initiative.is_relist())
            .map(|p| p.id)
            .collect(),
        earlier: earlier(data),
        problems: Vec::new(),
        notes: Vec::new(),
        seen: HashMap::new(),
    };
    let mut found: HashMap<InitiativeId, Filled<Option<String>>> =
        returned.rows.iter().filter_map(|r| m.answer(r)).collect();
    found.extend(m.missing_rows());
    if !m.problems.is_empty() {
        return Err(m.problems);
    }
    let entries = m
        .expected
        .iter()
        .filter_map(|id| found.remove(id).map(|v| (*id, v)))
        .collect();
    Ok((entries, m.notes))
}

/// The committee's entries, in document order.
type Entries = Vec<(InitiativeId, Filled<Option<String>>)>;

/// Matches returned rows to the plan's initiatives.
struct Matcher<'a> {
    returned: &'a Returned,
    words: &'a Words,
    /// The original initiatives, in document order.
    expected: Vec<InitiativeId>,
    earlier: HashMap<InitiativeId, Filled<Option<String>>>,
    problems: Vec<SheetProblem>,
    notes: Vec<String>,
    seen: HashMap<String, u32>,
}

impl Matcher<'_> {
    fn refuse(&mut self, row: u32, c: Col, message: String) {
        self.problems.push(SheetProblem {
            place: place(row, c, self.words),
            message,
        });
    }

    fn answer(&mut self, r: &Row) -> Option<(InitiativeId, Filled<Option<String>>)> {
        if let Some(first) = self.seen.insert(r.id.clone(), r.at) {
            let message = format!(
                "{}「{}」が {} 行目と {} 行目の二つにあります。コピーした行を消してください",
                initiative(self.words),
                shown(&r.id),
                first + 1,
                r.at + 1
            );
            self.refuse(r.at, Col::Id, message);
            return None;
        }
        let snapshot = self.returned.shown.get(&r.id);
        let (Some(snapshot), Some(id)) = (snapshot, InitiativeId::parse(&r.id)) else {
            let message = format!(
                "{}「{}」はこの様式の行ではありません。{}欄を書き換えないでください",
                initiative(self.words),
                shown(&r.id),
                Col::Id.name(self.words)
            );
            self.refuse(r.at, Col::Id, message);
            return None;
        };
        for (i, c) in Col::CONTEXT.iter().enumerate() {
            if r.context[i].trim() != snapshot.context[i].trim() {
                self.refuse(
                    r.at,
                    *c,
                    "変更できない欄が書き換えられています。元に戻してください".into(),
                );
            }
        }
        let edited: [bool; 3] = std::array::from_fn(|k| r.filled[k] != snapshot.filled[k]);
        if !self.expected.contains(&id) {
            let level = initiative(self.words);
            if edited.iter().any(|e| *e) {
                let message = format!(
                    "{level} {id} は様式を作った後で計画からなくなったか{}になりました。この行の記入は取り込めません",
                    self.words.marks.relist.value.trim()
                );
                self.refuse(r.at, Col::Id, message);
            } else {
                self.notes.push(format!(
                    "{level} {id} は計画からなくなったので、取り込みませんでした"
                ));
            }
            return None;
        }
        let values = self.values(r, id, edited);
        Some((id, values))
    }

    /// The edited cells, else what the file said; an answer needs an opinion.
    fn values(&mut self, r: &Row, id: InitiativeId, edited: [bool; 3]) -> Filled<Option<String>> {
        let before = self.earlier.get(&id).cloned().unwrap_or_default();
        let values: Filled<Option<String>> = std::array::from_fn(|k| {
            if edited[k] {
                Some(r.filled[k].clone()).filter(|t| !t.trim().is_empty())
            } else {
                before[k].clone()
            }
        });
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|t| t.trim().is_empty());
        if !blank(&values[2]) && blank(&values[1]) {
            let (answer, opinion) = (Col::Answer.name(self.words), Col::Opinion.name(self.words));
            let message = format!(
                "{answer}がありますが、{opinion}がありません。{opinion}を書くか、{answer}を消してください"
            );
            self.refuse(r.at, Col::Answer, message);
        }
        values
    }

    /// Initiatives the workbook lacks: deleted (refused), or added to the
    /// plan after the workbook was made (kept as they were).
    fn missing_rows(&mut self) -> Vec<(InitiativeId, Filled<Option<String>>)> {
        let mut kept = Vec::new();
        for id in &self.expected {
            let key = id.to_string();
            if self.seen.contains_key(&key) {
                continue;
            }
            let level = initiative(self.words);
            if self.returned.shown.contains_key(&key) {
                self.problems.push(SheetProblem::file(format!(
                    "シート「{SHEET}」: {level} {id} の行がありません。行を削除しないでください"
                )));
            } else {
                self.notes.push(format!(
                    "{level} {id} は様式を作った後で計画に加わりました。新しい様式で記入してください"
                ));
                kept.push((*id, self.earlier.get(id).cloned().unwrap_or_default()));
            }
        }
        kept
    }
}

/// What the committee's cells show before and after, cell by cell.
fn changes(data: &Data, answers: &Entries) -> Vec<Change> {
    let earlier = earlier(data);
    let words = &data.words.value;
    let mut out = Vec::new();
    for (id, now) in answers {
        let was = shown_values(data, &earlier.get(id).cloned().unwrap_or_default());
        let now = shown_values(data, now);
        for (k, c) in Col::FILLED.iter().enumerate() {
            if was[k] != now[k] {
                out.push(Change {
                    key: RowKey::from_text(&id.to_string()),
                    field: (*c == Col::Grade).then_some(Field::Grade),
                    heading: c.name(words),
                    before: was[k].clone(),
                    after: now[k].clone(),
                });
            }
        }
    }
    out
}
