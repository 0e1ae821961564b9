//! `import-forms`: returned workbooks back into results files.
//!
//! What a department's results file holds is what the department wrote:
//! a cell it left as the workbook showed it is not its answer (the file
//! keeps its earlier answer, if any). Answers to a row shared with other
//! departments are merged as `check` merges them; an answer that would
//! contradict another department's (or the plan file's) is refused, naming
//! both, unless `--replace-shared` says this workbook's text wins.
//!
//! Each workbook is all or nothing, and after any import that succeeds the
//! data still passes `check`.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use calamine::Reader;

use super::cells::{self, Book, Sheet};
use super::{
    Column, FIRST_ROW, FORMAT_ID, META_FIRST_ROW, META_SHEET, cell_name, rows_of, sheet_name, shown,
};
use crate::check::{self, Origin};
use crate::error::{Error, Result, SheetProblem};
use crate::io;
use crate::model::{Data, Field, GradeScale, Results, RowKey, Text, Words};
use crate::pipeline::{self, Inputs};
use crate::view;

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// A shared row's text from this workbook replaces another department's.
    pub replace_shared: bool,
    /// Check and list the changes, but write nothing.
    pub dry_run: bool,
}

/// One changed column of one row, as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The row's key; for the committee's workbook, the initiative (1-2-3).
    pub key: RowKey,
    /// The column, or `None` for the committee's 意見 and 市の考え方.
    pub field: Option<Field>,
    /// The column's name in the plan's words (成果).
    pub heading: String,
    pub before: String,
    pub after: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {} → {}",
            self.key,
            self.heading,
            shown(&self.before),
            shown(&self.after)
        )
    }
}

/// One imported workbook.
#[derive(Debug)]
pub struct Imported {
    pub department: String,
    pub results_file: PathBuf,
    pub changes: Vec<Change>,
    /// Things staff should know that did not stop the import.
    pub notes: Vec<String>,
}

/// What one workbook would write: each file and its new text.
pub(super) type Writes = Vec<(PathBuf, String)>;

/// Import each workbook on its own, in order, each seeing the data as the
/// ones before left it. A workbook with any problem is refused whole.
///
/// A dry run is the same import with the writes kept in memory: each
/// accepted workbook's files are put into the data the next one sees, so
/// a preview refuses exactly what the import would, in any order.
pub fn import(
    inputs: &Inputs,
    files: &[PathBuf],
    options: ImportOptions,
) -> Result<Vec<Result<Imported>>> {
    let mut data = pipeline::checked(inputs)?;
    let mut out = Vec::new();
    for file in files {
        let imported = import_one(inputs, &data, file, options);
        let imported = match imported {
            Ok((imported, writes)) if options.dry_run => {
                overlay(inputs, &mut data, &writes)?;
                Ok(imported)
            }
            Ok((imported, writes)) => {
                for (path, text) in &writes {
                    io::write_atomic(path, text.as_bytes())?;
                }
                if !writes.is_empty() {
                    // The gate again, on the data this workbook has just changed.
                    data = pipeline::checked(inputs)?;
                }
                Ok(imported)
            }
            Err(e) => Err(e),
        };
        out.push(imported);
    }
    Ok(out)
}

/// The data as it would be after `writes`: results files and the
/// committee file replaced by their new texts, and checked as the import's
/// gate checks the files written.
fn overlay(inputs: &Inputs, data: &mut Data, writes: &Writes) -> Result<()> {
    for (path, text) in writes {
        if Some(path.as_path()) == data.committee.as_ref().map(|c| c.file.as_path())
            || *path == super::committee::committee_file(data)
        {
            let value = crate::load::parse(path, text)?;
            data.committee = Some(crate::model::Sourced {
                file: path.clone(),
                value,
            });
            continue;
        }
        let value = crate::load::parse(path, text)?;
        let file = crate::model::Sourced {
            file: path.clone(),
            value,
        };
        match data.results.iter_mut().find(|f| f.file == *path) {
            Some(old) => *old = file,
            None => data.results.push(file),
        }
    }
    let mut problems = check::validate(data);
    let fonts = pipeline::fonts_for(inputs)?;
    problems.extend(check::missing_glyphs(data, |c| fonts.covers(c)));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
}

fn import_one(
    inputs: &Inputs,
    data: &Data,
    file: &Path,
    options: ImportOptions,
) -> Result<(Imported, Writes)> {
    let refuse = |problems: Vec<SheetProblem>| Error::Workbook {
        file: file.to_path_buf(),
        problems,
    };
    let mut book = cells::open(file).map_err(|p| refuse(vec![p]))?;
    if format_of(&mut book).as_deref() == Some(super::committee::FORMAT_ID) {
        return super::committee::import_one(data, &mut book, file);
    }
    let returned = read_returned(&mut book, data).map_err(refuse)?;
    let plan = plan_import(inputs, data, &returned, options).map_err(refuse)?;
    let department = returned.department.clone();
    let results_file = plan
        .writes
        .first()
        .map(|(p, _)| p.clone())
        .unwrap_or_default();
    let imported = Imported {
        department,
        results_file,
        changes: plan.changes,
        notes: plan.notes,
    };
    Ok((imported, plan.writes))
}

/// The format id on the workbook's hidden sheet, if it has one.
fn format_of(book: &mut Book) -> Option<String> {
    Sheet::read(book, META_SHEET)?.text(0, 1).ok()
}

/// A returned workbook, read: its department, and each table row.
struct Returned {
    department: String,
    sheet: String,
    rows: Vec<ReturnedRow>,
    /// What each row showed when exported, by key.
    shown: HashMap<RowKey, Snapshot>,
}

struct ReturnedRow {
    /// 0-based sheet row.
    at: u32,
    key: RowKey,
    context: [String; 5],
    results: Results<String>,
}

#[derive(Clone)]
struct Snapshot {
    context: [String; 5],
    results: Results<String>,
}

fn read_returned(book: &mut Book, data: &Data) -> std::result::Result<Returned, Vec<SheetProblem>> {
    let meta = Sheet::read(book, META_SHEET).ok_or_else(|| {
        vec![SheetProblem::file(
            "shinchoku export-forms で作った様式ではありません（識別用のシートがありません）",
        )]
    })?;
    let text = |row: u32, col: u32| meta.text(row, col).unwrap_or_default();
    if text(0, 1) != FORMAT_ID {
        return Err(vec![SheetProblem::file(
            "古い版か、shinchoku の様式ではありません。export-forms で新しい様式を作って、書き写してください",
        )]);
    }
    let year = data.plan.value.fiscal_year.value;
    if text(1, 1) != year.to_string() {
        return Err(vec![SheetProblem::file(format!(
            "{}年度の様式です。今のデータは{year}年度です",
            crate::error::shown(&text(1, 1))
        ))]);
    }
    let department = text(2, 1);
    if !data.department_names().any(|d| d == department) {
        return Err(vec![SheetProblem::file(format!(
            "様式の部署「{}」は{}にありません",
            crate::error::shown(&department),
            data.words.value.departments_list()
        ))]);
    }
    let shown = snapshots(&meta);
    let sheet = sheet_name(&department);
    let mut problems = extra_sheets(book, &sheet);
    let table = Sheet::read(book, &sheet)
        .ok_or_else(|| vec![SheetProblem::file(format!("シート「{sheet}」がありません"))])?;
    let rows = table_rows(
        &table,
        (&sheet, &data.words.value),
        &data.grade_scale(),
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Returned {
        department,
        sheet,
        rows,
        shown,
    })
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

fn place(cell: &str, c: Column, words: &Words) -> String {
    format!("{cell}（{}）", c.name(words))
}

/// What an import will do: the files to write, the changes it makes.
struct Planned {
    writes: Vec<(PathBuf, String)>,
    changes: Vec<Change>,
    notes: Vec<String>,
}

/// Match the returned rows to the plan's, work out the department's new
/// answers and check they agree with everyone else's.
fn plan_import(
    inputs: &Inputs,
    data: &Data,
    returned: &Returned,
    options: ImportOptions,
) -> std::result::Result<Planned, Vec<SheetProblem>> {
    let view = view::view(data);
    let dept = returned.department.as_str();
    let expected: HashMap<RowKey, [String; 5]> = rows_of(&view, dept)
        .into_iter()
        .map(|r| (r.key().clone(), r.context))
        .collect();
    let mut notes = Vec::new();
    let answers = answers(data, returned, &expected, &mut notes)?;
    let merge = Merge::new(data, dept, answers);
    let (replaced, problems) = merge.conflicts(options.replace_shared, &returned.sheet);
    if !problems.is_empty() {
        return Err(problems);
    }
    notes.extend(merge.unheard_clears());
    let folder = crate::load::results_folder(&inputs.data, data.plan.value.fiscal_year.value);
    let writes = merge
        .files(&folder, dept, &replaced)
        .map_err(|e| vec![SheetProblem::file(e.to_string())])?;
    for (key, f, other) in &replaced {
        notes.push(format!(
            "共同の行「{key}」の{}: {} の記入をこの様式の記入で置き換えました",
            data.words.value.field(*f),
            other
        ));
    }
    Ok(Planned {
        writes,
        changes: merge.changes(&replaced),
        notes,
    })
}

/// The department's answers after this workbook: for each of its rows and
/// columns, the text it wrote (an edited cell), or its earlier answer.
fn answers(
    data: &Data,
    returned: &Returned,
    expected: &HashMap<RowKey, [String; 5]>,
    notes: &mut Vec<String>,
) -> std::result::Result<HashMap<RowKey, Answer>, Vec<SheetProblem>> {
    let mut m = Matcher {
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
type Answer = Results<Option<String>>;

/// Matches returned rows to the plan's, row by row.
struct Matcher<'a> {
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
            if Field::ALL.into_iter().any(edited) {
                let message = format!(
                    "行「{}」は様式を作った後で計画からなくなりました。この行の記入は取り込めません",
                    r.key
                );
                self.refuse(r.at, Column::Key, message);
            } else {
                self.notes.push(format!(
                    "行「{}」は計画からなくなったので、取り込みませんでした",
                    r.key
                ));
            }
            return None;
        };
        if now[4].trim() != snapshot.context[4].trim() {
            self.notes.push(format!(
                "行「{}」の{}は、様式を作った後で直されています（実施結果は取り込みました）",
                r.key,
                Column::Policy.name(self.words)
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
fn earlier_answers(data: &Data, dept: &str) -> HashMap<RowKey, Results<Option<String>>> {
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

/// Everyone's answers, with this department's replaced by its new ones.
struct Merge<'a> {
    data: &'a Data,
    dept: &'a str,
    answers: HashMap<RowKey, Results<Option<String>>>,
    written: HashMap<RowKey, Results<Vec<check::Written<'a>>>>,
    scale: GradeScale,
}

/// A place that keeps a text for the new answer: (row, column, text).
type Replaced = Vec<(RowKey, Field, String)>;

impl<'a> Merge<'a> {
    fn new(
        data: &'a Data,
        dept: &'a str,
        answers: HashMap<RowKey, Results<Option<String>>>,
    ) -> Self {
        Self {
            data,
            dept,
            answers,
            written: check::written(data),
            scale: data.grade_scale(),
        }
    }

    /// Texts from everyone but this department, for one row and column.
    fn others(&self, key: &RowKey, f: Field) -> Vec<check::Written<'a>> {
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

    /// Conflicts with other departments or the plan file: problems, or (with
    /// `replace`) the other departments' texts to clear.
    fn conflicts(&self, replace: bool, sheet: &str) -> (Replaced, Vec<SheetProblem>) {
        let (mut replaced, mut problems) = (Vec::new(), Vec::new());
        for (key, answer) in &self.answers {
            for (f, a) in answer.iter() {
                let Some(a) = a else { continue };
                let mine = check::normalized(f, a, &self.scale);
                for w in self.others(key, f) {
                    let theirs = check::normalized(f, &w.text.value, &self.scale);
                    if mine.is_empty() || theirs.is_empty() || theirs == mine {
                        continue;
                    }
                    match w.origin {
                        Origin::Department { name, .. } if replace => replaced.push((key.clone(), f, name.to_string())),
                        origin => problems.push(SheetProblem {
                            place: format!("シート「{sheet}」 行「{key}」（{}）", self.data.words.value.field(f)),
                            message: format!(
                                "この様式の「{}」が {} の「{}」と違います。同じ行を受け持つ課と内容を揃えてから取り込むか、この様式の記入で置き換えるなら --replace-shared を付けてください{}",
                                crate::error::shown(a), origin.describe(), crate::error::shown(&theirs),
                                if matches!(origin, Origin::Plan(_)) { "（計画のファイルの記入は置き換えられません。計画のファイルから消してください）" } else { "" }
                            ),
                        }),
                    }
                }
            }
        }
        replaced.sort();
        replaced.dedup();
        problems.sort_by(|a, b| a.place.cmp(&b.place));
        (replaced, problems)
    }

    /// Columns this department emptied where someone else's text remains.
    fn unheard_clears(&self) -> Vec<String> {
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
                        "共同の行「{key}」の{}を空にしましたが、{} の記入が残っています",
                        self.data.words.value.field(f),
                        w.origin.describe()
                    ));
                }
            }
        }
        notes.sort();
        notes
    }

    /// The results files to write: this department's, and those whose
    /// texts this workbook replaces.
    fn files(
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
    fn changes(&self, replaced: &Replaced) -> Vec<Change> {
        let before = check::merged(self.data);
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
                    .map(|t| check::normalized(f, t, &self.scale))
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
