//! A department's answers from its returned workbook, matched to the
//! plan's rows, and merged with everyone else's: a shared row's text that
//! would contradict another department's (or the plan file's) is refused,
//! naming both, unless this workbook's text is to win.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::outcome::{Change, Conflict, Other, Resolutions, tense};
use super::returned::{Returned, ReturnedRow, place};
use super::{Column, cell_name};
use crate::error::{Result, SheetProblem};
use crate::io;
use crate::model::merge::{self, Origin};
use crate::model::{Data, Field, GradeScale, Results, RowKey, Text, Words};

/// The department's answers after this workbook: for each of its rows and
/// columns, the text it wrote (an edited cell), or its earlier answer.
pub(super) fn answers(
    data: &Data,
    returned: &Returned,
    expected: &HashMap<RowKey, [String; 5]>,
    (notes, past): (&mut Vec<String>, bool),
) -> std::result::Result<HashMap<RowKey, Answer>, Vec<SheetProblem>> {
    let mut m = Matcher {
        past,
        returned,
        words: &data.words.value,
        expected,
        earlier: earlier_answers(data, &returned.department),
        problems: Vec::new(),
        notes,
        seen: HashMap::new(),
    };
    let mut answers: HashMap<RowKey, Answer> = returned
        .rows
        .iter()
        .filter_map(|r| m.answer(r).map(|a| (r.key.clone(), a)))
        .collect();
    answers.extend(m.missing_rows());
    if m.problems.is_empty() {
        Ok(answers)
    } else {
        Err(m.problems)
    }
}

/// One department's answer to one row: a text per column, or none.
pub(super) type Answer = Results<Option<String>>;

/// Matches returned rows to the plan's, row by row.
struct Matcher<'a> {
    /// The import is done (notes in the past tense), not previewed.
    past: bool,
    returned: &'a Returned,
    words: &'a Words,
    expected: &'a HashMap<RowKey, [String; 5]>,
    earlier: HashMap<RowKey, Answer>,
    problems: Vec<SheetProblem>,
    notes: &'a mut Vec<String>,
    seen: HashMap<RowKey, u32>,
}

impl Matcher<'_> {
    fn refuse(&mut self, row: u32, c: Column, message: String) {
        let cell = format!(
            "シート「{}」 {}",
            self.returned.sheet,
            cell_name(row, c.index())
        );
        self.problems.push(SheetProblem {
            place: place(&cell, c, self.words),
            message,
        });
    }

    fn answer(&mut self, r: &ReturnedRow) -> Option<Answer> {
        if let Some(first) = self.seen.insert(r.key.clone(), r.at) {
            let message = format!(
                "行「{}」が {} 行目と {} 行目の二つにあります。コピーした行を消してください",
                r.key,
                first + 1,
                r.at + 1
            );
            self.refuse(r.at, Column::Key, message);
            return None;
        }
        let Some(snapshot) = self.returned.shown.get(&r.key) else {
            let message = format!(
                "行「{}」はこの様式の行ではありません。行の識別欄を書き換えないでください",
                crate::error::shown(r.key.as_str())
            );
            self.refuse(r.at, Column::Key, message);
            return None;
        };
        for (i, c) in Column::CONTEXT.iter().enumerate() {
            if r.context[i].trim() != snapshot.context[i].trim() {
                self.refuse(
                    r.at,
                    *c,
                    "変更できない欄が書き換えられています。元に戻してください".into(),
                );
            }
        }
        let edited = |f: Field| r.results.get(f) != snapshot.results.get(f);
        let Some(now) = self.expected.get(&r.key) else {
            self.gone(r, Field::ALL.into_iter().any(edited));
            return None;
        };
        if now[4].trim() != snapshot.context[4].trim() {
            self.notes.push(format!(
                "行「{}」の{}は、様式を作った後で直されています（{}は取り込み{}）",
                r.key,
                Column::Policy.name(self.words),
                self.words.name(&self.words.columns.group.value),
                tense(self.past, "ました", "ます")
            ));
        }
        let before = self.earlier.get(&r.key).cloned().unwrap_or_default();
        Some(Results::from_fn(|f| {
            if edited(f) {
                Some(r.results.get(f).clone())
            } else {
                before.get(f).clone()
            }
        }))
    }

    /// A row the plan no longer has: its answers refused, or passed over
    /// when it has none.
    fn gone(&mut self, r: &ReturnedRow, answered: bool) {
        if answered {
            let message = format!(
                "行「{}」は様式を作った後で計画からなくなりました。この行の記入は取り込めません",
                r.key
            );
            self.refuse(r.at, Column::Key, message);
        } else {
            self.notes.push(format!(
                "行「{}」は計画からなくなったので、取り込み{}",
                r.key,
                tense(self.past, "ませんでした", "ません")
            ));
        }
    }

    /// Rows of the plan the workbook lacks: deleted (refused), or added to
    /// the plan after the workbook was made (kept as they were).
    fn missing_rows(&mut self) -> Vec<(RowKey, Answer)> {
        let mut kept = Vec::new();
        for key in self.expected.keys().filter(|k| !self.seen.contains_key(*k)) {
            if self.returned.shown.contains_key(key) {
                self.problems.push(SheetProblem::file(format!(
                    "シート「{}」: 行「{key}」がありません。行を削除しないでください",
                    self.returned.sheet
                )));
            } else {
                self.notes.push(format!("行「{key}」は様式を作った後で計画に加わった行です。新しい様式で記入してもらってください"));
                kept.push((
                    key.clone(),
                    self.earlier.get(key).cloned().unwrap_or_default(),
                ));
            }
        }
        kept
    }
}

/// What the department's results file says now, by key.
pub(super) fn earlier_answers(data: &Data, dept: &str) -> HashMap<RowKey, Results<Option<String>>> {
    data.results
        .iter()
        .filter(|f| f.value.department.value == dept)
        .flat_map(|f| &f.value.rows)
        .map(|r| {
            let values = r.results.map(|_, t| t.as_ref().map(|t| t.value.clone()));
            (RowKey::from_text(&r.key.value), values)
        })
        .collect()
}

/// Where a text is written, named inside the data folder.
fn other(origin: &Origin, folder: &Path) -> Other {
    let inside = |f: &Path| f.strip_prefix(folder).unwrap_or(f).to_path_buf();
    match origin {
        Origin::Plan(f) => Other::Plan { file: inside(f) },
        Origin::Department { file, name } => Other::Department {
            name: name.to_string(),
            file: inside(file),
        },
    }
}

/// Everyone's answers, with this department's replaced by its new ones.
pub(super) struct Merge<'a> {
    data: &'a Data,
    /// The data folder, so places are named inside it.
    folder: &'a Path,
    dept: &'a str,
    answers: HashMap<RowKey, Results<Option<String>>>,
    written: HashMap<RowKey, Results<Vec<merge::Written<'a>>>>,
    scale: GradeScale,
}

/// A place that keeps a text for the new answer: (row, column, text).
pub(super) type Replaced = Vec<(RowKey, Field, String)>;

impl<'a> Merge<'a> {
    pub(super) fn new(
        data: &'a Data,
        dept: &'a str,
        answers: HashMap<RowKey, Results<Option<String>>>,
        folder: &'a Path,
    ) -> Self {
        Self {
            data,
            folder,
            dept,
            answers,
            written: merge::written(data),
            scale: data.grade_scale(),
        }
    }

    /// Texts from everyone but this department, for one row and column.
    fn others(&self, key: &RowKey, f: Field) -> Vec<merge::Written<'a>> {
        let mine = |o: &Origin| matches!(o, Origin::Department { name, .. } if *name == self.dept);
        self.written
            .get(key)
            .map(|w| {
                w.get(f)
                    .iter()
                    .filter(|x| !mine(&x.origin))
                    .copied()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Conflicts with other departments or the plan file, or (with
    /// `replace`, or a text chosen for the cell) the other departments'
    /// texts to clear.
    pub(super) fn conflicts(
        &self,
        (replace, chosen): (bool, &Resolutions),
        sheet: &str,
    ) -> (Replaced, Vec<Conflict>) {
        let (mut replaced, mut conflicts) = (Vec::new(), Vec::new());
        for (key, answer) in &self.answers {
            for (f, a) in answer.iter() {
                let Some(a) = a else { continue };
                let mine = merge::normalized(f, a, &self.scale);
                let settled = replace || chosen.contains_key(&(key.clone(), f));
                for w in self.others(key, f) {
                    let theirs = merge::normalized(f, &w.text.value, &self.scale);
                    if mine.is_empty() || theirs.is_empty() || theirs == mine {
                        continue;
                    }
                    match w.origin {
                        Origin::Department { name, .. } if settled => {
                            replaced.push((key.clone(), f, name.to_string()));
                        }
                        origin => conflicts.push(Conflict {
                            key: key.clone(),
                            field: f,
                            heading: self.data.words.value.field(f),
                            sheet: sheet.to_string(),
                            mine: mine.clone(),
                            theirs,
                            other: other(&origin, self.folder),
                        }),
                    }
                }
            }
        }
        replaced.sort();
        replaced.dedup();
        conflicts.sort_by(|a, b| (&a.key, a.field).cmp(&(&b.key, b.field)));
        (replaced, conflicts)
    }

    /// Columns this department emptied where someone else's text remains.
    pub(super) fn unheard_clears(&self, past: bool) -> Vec<String> {
        let mut notes = Vec::new();
        for (key, answer) in &self.answers {
            for (f, a) in answer.iter() {
                if a.as_deref().is_some_and(|a| a.trim().is_empty())
                    && let Some(w) = self
                        .others(key, f)
                        .into_iter()
                        .find(|w| !w.text.value.trim().is_empty())
                {
                    notes.push(format!(
                        "共同の行「{key}」の{}を空に{}、{} の記入が残ります",
                        self.data.words.value.field(f),
                        tense(past, "しましたが", "しても"),
                        other(&w.origin, self.folder).describe()
                    ));
                }
            }
        }
        notes.sort();
        notes
    }

    /// The results files to write: this department's, and those whose
    /// texts this workbook replaces.
    pub(super) fn files(
        &self,
        folder: &Path,
        dept: &str,
        replaced: &Replaced,
    ) -> Result<Vec<(PathBuf, String)>> {
        let data = self.data;
        let year = data.plan.value.fiscal_year.value;
        let order: Vec<RowKey> = data.rows().map(|(_, k, _)| k).collect();
        let mine: Vec<(RowKey, Results<Option<String>>)> = order
            .iter()
            .filter_map(|k| self.answers.get(k).map(|a| (k.clone(), a.clone())))
            .filter(|(_, a)| a.iter().any(|(_, v)| v.is_some()))
            .collect();
        let mut writes = vec![(
            io::child(folder, &format!("{dept}.yaml"))?,
            io::yaml::results_file(dept, year, &mine),
        )];
        let others: HashSet<&str> = replaced.iter().map(|(_, _, d)| d.as_str()).collect();
        for f in data
            .results
            .iter()
            .filter(|f| others.contains(f.value.department.value.as_str()))
        {
            let name = f.value.department.value.as_str();
            let rows: Vec<(RowKey, Results<Option<String>>)> = f
                .value
                .rows
                .iter()
                .map(|r| {
                    let key = RowKey::from_text(&r.key.value);
                    let values = r.results.map(|field, t| {
                        let cleared = replaced
                            .iter()
                            .any(|(k, rf, d)| *k == key && *rf == field && d == name);
                        if cleared {
                            None
                        } else {
                            t.as_ref().map(|t: &Text| t.value.clone())
                        }
                    });
                    (key, values)
                })
                .collect();
            writes.push((f.file.clone(), io::yaml::results_file(name, year, &rows)));
        }
        Ok(writes)
    }

    /// What the report shows before and after, column by column.
    pub(super) fn changes(&self, replaced: &Replaced) -> Vec<Change> {
        let before = merge::merged(self.data);
        let mut changes = Vec::new();
        for (_, key, _) in self.data.rows() {
            let Some(answer) = self.answers.get(&key) else {
                continue;
            };
            for f in Field::ALL {
                let was = before
                    .get(&key)
                    .map(|r| r.get(f).clone())
                    .unwrap_or_default();
                let mut texts: Vec<String> = self
                    .others(&key, f)
                    .iter()
                    .filter(|w| {
                        !replaced.iter().any(|(k, rf, d)| {
                            *k == key
                                && *rf == f
                                && matches!(w.origin, Origin::Department { name, .. } if name == d)
                        })
                    })
                    .map(|w| w.text.value.clone())
                    .collect();
                texts.extend(answer.get(f).clone());
                let now = texts
                    .iter()
                    .map(|t| merge::normalized(f, t, &self.scale))
                    .find(|t| !t.is_empty())
                    .unwrap_or_default();
                if was != now {
                    changes.push(Change {
                        key: key.clone(),
                        field: Some(f),
                        heading: self.data.words.value.field(f),
                        before: was,
                        after: now,
                    });
                }
            }
        }
        changes
    }
}
