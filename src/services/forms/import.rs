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

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::answers::{Merge, answers};
use super::outcome::{Change, Imported, Writes};
use super::returned::{Returned, read_returned};
use super::xlsx::{self, Book, Sheet};
use super::{META_SHEET, rows_of};
use crate::check;
use crate::error::{Error, Result, SheetProblem};
use crate::io;
use crate::model::{Data, RowKey};
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
    let mut book = xlsx::open(file).map_err(|p| refuse(vec![p]))?;
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
