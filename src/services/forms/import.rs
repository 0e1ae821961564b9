//! `import-forms`: returned workbooks back into results files.
//!
//! What a department's results file holds is what the department wrote:
//! a cell it left as the workbook showed it is not its answer (the file
//! keeps its earlier answer, if any). Answers to a row shared with other
//! departments are merged as `check` merges them; an answer that would
//! contradict another department's (or the plan file's) is refused, naming
//! both, unless this workbook's text is to win (`--replace-shared`, the
//! browser's checkbox) or a text was chosen for that cell ([`Resolutions`]).
//!
//! Each workbook is all or nothing, and after any import that succeeds the
//! data still passes `check`: each workbook's files are checked in memory
//! before anything is written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::answers::{Merge, answers};
use super::outcome::{Attempt, Imported, Reason, Refused, Resolutions, Writes, tense};
use super::returned::{Returned, read_returned};
use super::xlsx::{self, Book, Sheet};
use super::{META_SHEET, rows_of};
use crate::check;
use crate::error::{Error, Result, SheetProblem};
use crate::io;
use crate::model::{Data, RowKey, Sourced};
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

/// Import each workbook on its own, in order, each seeing the data as the
/// ones before left it. A workbook with any problem is refused whole; the
/// refusals are worded for the command line.
pub fn import(
    inputs: &Inputs,
    files: &[PathBuf],
    options: ImportOptions,
) -> Result<Vec<Result<Imported>>> {
    let attempts = attempts(inputs, files, options, &Resolutions::new())?;
    Ok(attempts.into_iter().map(Attempt::into_result).collect())
}

/// [`import`] with texts chosen for conflicting cells, each refusal kept as
/// reasons a front end words.
///
/// A dry run is the same import with the writes kept in memory: each
/// accepted workbook's files are put into the data the next one sees, so
/// a preview refuses exactly what the import would, in any order.
pub fn attempts(
    inputs: &Inputs,
    files: &[PathBuf],
    options: ImportOptions,
    resolutions: &Resolutions,
) -> Result<Vec<Attempt>> {
    let mode = if options.dry_run {
        Mode::Preview
    } else {
        Mode::Each
    };
    Ok(run(inputs, files, (options, mode), resolutions)?.0)
}

/// Import a batch together: every workbook read and checked as
/// [`attempts`] does, then the files of all the accepted ones written at
/// once, or none of them (a file already written gets its old text back
/// if a later one cannot be written, or if the data would not pass check).
pub fn import_together(
    inputs: &Inputs,
    files: &[PathBuf],
    replace_shared: bool,
    resolutions: &Resolutions,
) -> Result<Vec<Attempt>> {
    let options = ImportOptions {
        replace_shared,
        dry_run: false,
    };
    let (attempts, writes) = run(inputs, files, (options, Mode::Together), resolutions)?;
    write_all(inputs, &writes)?;
    Ok(attempts)
}

/// When the accepted workbooks' files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Never: the preview.
    Preview,
    /// Each workbook's as soon as it is accepted (the command line).
    Each,
    /// All at the end ([`import_together`]).
    Together,
}

fn run(
    inputs: &Inputs,
    files: &[PathBuf],
    (options, mode): (ImportOptions, Mode),
    resolutions: &Resolutions,
) -> Result<(Vec<Attempt>, Writes)> {
    let mut data = pipeline::checked(inputs)?;
    let mut all = Writes::new();
    let mut attempts = Vec::new();
    for file in files {
        let how = How {
            options,
            past: mode != Mode::Preview,
            resolutions,
        };
        let outcome = match import_one(inputs, &data, file, &how) {
            Ok((imported, writes)) => match overlay(inputs, &mut data, &writes) {
                Ok(()) if mode == Mode::Each => {
                    for (path, text) in &writes {
                        io::write_atomic(path, text.as_bytes())?;
                    }
                    if !writes.is_empty() {
                        // The gate again, on the files as written.
                        data = pipeline::checked(inputs)?;
                    }
                    Ok(imported)
                }
                Ok(()) => {
                    all.extend(writes);
                    Ok(imported)
                }
                Err(e) => Err(Refused::from_error(Some(imported.department), e)),
            },
            Err(refused) => Err(refused),
        };
        attempts.push(Attempt {
            file: file.clone(),
            outcome,
        });
    }
    Ok((attempts, all))
}

/// Write every file, or none: on a failure, or when the data as written
/// would not pass check, the files get their old texts back.
fn write_all(inputs: &Inputs, writes: &Writes) -> Result<()> {
    if writes.is_empty() {
        return Ok(());
    }
    let old: Vec<(&Path, Option<Vec<u8>>)> = writes
        .iter()
        .map(|(p, _)| (p.as_path(), std::fs::read(p).ok()))
        .collect();
    let restore = |upto: usize| {
        for (path, bytes) in old[..upto].iter().rev() {
            match bytes {
                Some(b) => {
                    let _ = io::write_atomic(path, b);
                }
                None => {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    };
    for (k, (path, text)) in writes.iter().enumerate() {
        if let Err(e) = io::write_atomic(path, text.as_bytes()) {
            restore(k);
            return Err(e);
        }
    }
    if let Err(e) = pipeline::checked(inputs) {
        restore(writes.len());
        return Err(e);
    }
    Ok(())
}

/// The data as it would be after `writes`: results files and the
/// committee file replaced by their new texts, and checked as the import's
/// gate checks the files written. When the check fails the data is left
/// as it was.
fn overlay(inputs: &Inputs, data: &mut Data, writes: &Writes) -> Result<()> {
    let mut undo = Vec::new();
    let result = put(data, writes, &mut undo).and_then(|()| {
        let mut problems = check::validate(data);
        let fonts = pipeline::fonts_for(inputs)?;
        problems.extend(check::missing_glyphs(data, |c| fonts.covers(c)));
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(problems))
        }
    });
    if result.is_err() {
        for u in undo.into_iter().rev() {
            match u {
                Undo::Committee(old) => data.committee = old,
                Undo::Results(k, Some(old)) => data.results[k] = old,
                Undo::Results(k, None) => {
                    data.results.remove(k);
                }
            }
        }
    }
    result
}

/// What [`overlay`] replaced, to put back.
enum Undo {
    Committee(Option<Sourced<crate::model::committee::CommitteeFile>>),
    Results(usize, Option<Sourced<crate::model::ResultsFile>>),
}

fn put(data: &mut Data, writes: &Writes, undo: &mut Vec<Undo>) -> Result<()> {
    for (path, text) in writes {
        if Some(path.as_path()) == data.committee.as_ref().map(|c| c.file.as_path())
            || *path == super::committee::committee_file(data)
        {
            let value = crate::load::parse(path, text)?;
            let new = Sourced {
                file: path.clone(),
                value,
            };
            undo.push(Undo::Committee(data.committee.replace(new)));
            continue;
        }
        let value = crate::load::parse(path, text)?;
        let file = Sourced {
            file: path.clone(),
            value,
        };
        match data.results.iter().position(|f| f.file == *path) {
            Some(k) => {
                let old = std::mem::replace(&mut data.results[k], file);
                undo.push(Undo::Results(k, Some(old)));
            }
            None => {
                data.results.push(file);
                undo.push(Undo::Results(data.results.len() - 1, None));
            }
        }
    }
    Ok(())
}

/// How one workbook is taken: the options, the tense of its notes (a
/// preview speaks of what would happen), and the texts chosen.
struct How<'a> {
    options: ImportOptions,
    past: bool,
    resolutions: &'a Resolutions,
}

fn import_one(
    inputs: &Inputs,
    data: &Data,
    file: &Path,
    how: &How,
) -> std::result::Result<(Imported, Writes), Refused> {
    let mut book = xlsx::open(file).map_err(|p| Refused::sheet(None, vec![p]))?;
    if format_of(&mut book).as_deref() == Some(super::committee::FORMAT_ID) {
        let name = Some(super::committee::NAME.to_string());
        return super::committee::import_one(data, &mut book, file)
            .map_err(|e| Refused::from_error(name, e));
    }
    let returned = read_returned(&mut book, data)?;
    let department = returned.department.clone();
    let plan = plan_import(inputs, data, &returned, how)
        .map_err(|reasons| Refused::new(Some(department.clone()), reasons))?;
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
        empty: !returned.edited(),
    };
    Ok((imported, plan.writes))
}

/// The format id on the workbook's hidden sheet, if it has one.
fn format_of(book: &mut Book) -> Option<String> {
    Sheet::read(book, META_SHEET)?.text(0, 1).ok()
}

/// What an import will do: the files to write, the changes it makes.
struct Planned {
    writes: Vec<(PathBuf, String)>,
    changes: Vec<super::outcome::Change>,
    notes: Vec<String>,
}

/// Match the returned rows to the plan's, work out the department's new
/// answers and check they agree with everyone else's.
fn plan_import(
    inputs: &Inputs,
    data: &Data,
    returned: &Returned,
    how: &How,
) -> std::result::Result<Planned, Vec<Reason>> {
    let view = view::view(data);
    let dept = returned.department.as_str();
    let expected: HashMap<RowKey, [String; 5]> = rows_of(&view, dept)
        .into_iter()
        .map(|r| (r.key().clone(), r.context))
        .collect();
    let mut notes = Vec::new();
    let sheet_reasons = |p: Vec<SheetProblem>| p.into_iter().map(Reason::Sheet).collect::<Vec<_>>();
    let mut answers =
        answers(data, returned, &expected, (&mut notes, how.past)).map_err(sheet_reasons)?;
    resolve(&mut answers, how.resolutions, data);
    let merge = Merge::new(data, dept, answers, &inputs.data);
    let replace = (how.options.replace_shared, how.resolutions);
    let (replaced, conflicts) = merge.conflicts(replace, &returned.sheet);
    if !conflicts.is_empty() {
        return Err(conflicts.into_iter().map(Reason::Conflict).collect());
    }
    notes.extend(merge.unheard_clears(how.past));
    let folder = crate::load::results_folder(&inputs.data, data.plan.value.fiscal_year.value);
    let writes = merge
        .files(&folder, dept, &replaced)
        .map_err(|e| vec![Reason::Data(e.to_string())])?;
    for (key, f, other) in &replaced {
        let by = if how.resolutions.contains_key(&(key.clone(), *f)) {
            "選んだ文"
        } else {
            "この様式の記入"
        };
        notes.push(format!(
            "共同の行「{key}」の{}: {other} の記入を{by}で置き換え{}",
            data.words.value.field(*f),
            tense(how.past, "ました", "ます")
        ));
    }
    Ok(Planned {
        writes,
        changes: merge.changes(&replaced),
        notes,
    })
}

/// Put the chosen texts into the department's answers: wherever it wrote
/// something in a cell a text was chosen for, that text.
fn resolve(
    answers: &mut HashMap<RowKey, crate::model::Results<Option<String>>>,
    resolutions: &Resolutions,
    data: &Data,
) {
    let scale = data.grade_scale();
    for ((key, f), text) in resolutions {
        let Some(answer) = answers.get_mut(key) else {
            continue;
        };
        let wrote = answer
            .get(*f)
            .as_deref()
            .is_some_and(|a| !crate::model::merge::normalized(*f, a, &scale).is_empty());
        if wrote && !text.trim().is_empty() {
            *answer.get_mut(*f) = Some(text.clone());
        }
    }
}
