//! Reading a data folder: files → typed model, with YAML errors that name
//! file, line and column in Japanese. Every file is read even when another
//! failed, so all YAML errors are reported together.
//!
//! Which files count: `plan.yaml`, `departments.yaml`, `intro.yaml`,
//! `words.yaml` (optional: without it, the default wording),
//! `strategies/*.yaml` (or `.yml`, in any letter case) and
//! `results/<year>/*.yaml`. Hidden files (`.#1.yaml`, an editor's lock) and
//! backups (`1.yaml~`, `#1.yaml#`) are skipped.

mod advice;
mod files;
mod results;
mod yaml;
pub mod years;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::io;
use crate::model::{Data, Departments, Intro, Plan, Sourced, Strategy, Words};

pub use files::is_data_file;
use files::yaml_files;
pub use results::folder as results_folder;
pub use yaml::parse;

/// Read every file of a data folder (a plan folder: its latest year), and
/// of the plan's earlier years ([`years`]).
pub fn load(dir: &Path) -> Result<Data> {
    let dir = &years::resolve(dir, None)?;
    let earlier = years::earlier(dir);
    // The earlier years are read beside this one (each is a whole folder).
    let (this, before): (Result<Data>, Vec<Result<Data>>) = std::thread::scope(|s| {
        let handles: Vec<_> = earlier
            .iter()
            .map(|(_, p)| s.spawn(move || load_year(p)))
            .collect();
        let this = load_year(dir);
        let before = handles
            .into_iter()
            .zip(&earlier)
            .map(|(h, (_, p))| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::NoDataDir(p.clone())))
            })
            .collect();
        (this, before)
    });
    let mut errors = Vec::new();
    let mut data = keep(&mut errors, this);
    for year in before {
        let year = keep(&mut errors, year);
        if let (Some(d), Some(y)) = (&mut data, year) {
            d.earlier.push(y);
        }
    }
    match data {
        Some(d) if errors.is_empty() => Ok(d),
        _ if errors.len() == 1 => Err(errors.remove(0)),
        _ => Err(Error::Files(flat(errors))),
    }
}

/// Errors of several files as one list (a year's own list is spliced in).
fn flat(errors: Vec<Error>) -> Vec<Error> {
    errors
        .into_iter()
        .flat_map(|e| match e {
            Error::Files(all) => all,
            e => vec![e],
        })
        .collect()
}

/// Read the files of one year's data folder.
fn load_year(dir: &Path) -> Result<Data> {
    if !dir.is_dir() {
        return Err(Error::NoDataDir(dir.to_path_buf()));
    }
    let mut errors = Vec::new();
    let e = &mut errors;
    let plan: Option<Sourced<Plan>> = keep(e, read(&dir.join("plan.yaml")));
    let departments: Option<Sourced<Departments>> = keep(e, read(&dir.join("departments.yaml")));
    let intro: Option<Sourced<Intro>> = keep(e, read(&dir.join("intro.yaml")));
    let words = keep(e, words(dir));
    let mut strategies: Vec<Sourced<Strategy>> = Vec::new();
    if let Some(files) = keep(e, yaml_files(&dir.join("strategies"))) {
        for r in read_all(&files) {
            strategies.extend(keep(e, r));
        }
    }
    let mut results = Vec::new();
    let year = plan.as_ref().map(|p| p.value.fiscal_year.value);
    if let Some(files) = year.and_then(|y| keep(e, results::files(dir, y))) {
        for r in read_all(&files) {
            results.extend(keep(e, r));
        }
    }
    let committee = year.and_then(|y| {
        let file = dir
            .join("committee")
            .join(crate::model::committee::file_name(y));
        file.symlink_metadata()
            .is_ok()
            .then(|| keep(e, read(&file)))
            .flatten()
    });
    match (plan, departments, intro, words) {
        (Some(plan), Some(departments), Some(intro), Some(words)) if errors.is_empty() => {
            strategies.sort_by_key(|s| s.value.number.value);
            Ok(Data {
                plan,
                departments,
                intro,
                words,
                strategies,
                results,
                committee,
                earlier: Vec::new(),
            })
        }
        _ if errors.len() == 1 => Err(errors.remove(0)),
        _ => Err(Error::Files(errors)),
    }
}

/// `words.yaml`, or the default wording when the folder has none.
pub fn words(dir: &Path) -> Result<Sourced<Words>> {
    let file = dir.join(WORDS_FILE);
    if file.symlink_metadata().is_err() {
        return Ok(Sourced {
            file,
            value: Words::default(),
        });
    }
    read(&file)
}

/// The optional file of the document's fixed words.
pub const WORDS_FILE: &str = "words.yaml";

/// The value, or `None` with the error set aside.
fn keep<T>(errors: &mut Vec<Error>, r: Result<T>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

/// Read and parse the files on every core (parsing YAML is most of our own
/// part of a build), each answer in the files' order. The largest files go
/// first, so no core is left with a big one at the end.
fn read_all<T: DeserializeOwned + Send>(files: &[PathBuf]) -> Vec<Result<Sourced<T>>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores.min(files.len()) < 2 {
        return files.iter().map(|p| read(p)).collect();
    }
    let size = |p: &PathBuf| p.metadata().map_or(0, |m| m.len());
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(size(&files[i])));
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Result<Sourced<T>>)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..cores.min(files.len()))
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&i) = order.get(k) else { break mine };
                        mine.push((i, read(&files[i])));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Read and parse one YAML file.
pub fn read<T: DeserializeOwned>(path: &Path) -> Result<Sourced<T>> {
    let text = io::read_text(path)?;
    let value = parse(path, &text)?;
    Ok(Sourced {
        file: path.to_path_buf(),
        value,
    })
}

/// Whether `text` reads as the data file at `path` must (its YAML and the
/// types of its values), without writing it: a value changed in the
/// browser is checked so before it is saved.
pub fn check_text(path: &Path, text: &str) -> Result<()> {
    let name = |p: Option<&Path>| {
        p.and_then(Path::file_name)
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default()
    };
    let parent = path.parent();
    let file = name(Some(path));
    match (
        name(parent.and_then(Path::parent)).as_str(),
        name(parent).as_str(),
    ) {
        (_, "strategies") => parse::<Strategy>(path, text).map(drop),
        ("results", _) => parse::<crate::model::ResultsFile>(path, text).map(drop),
        (_, "committee") => parse::<crate::model::committee::CommitteeFile>(path, text).map(drop),
        _ => match file.as_str() {
            "plan.yaml" => parse::<Plan>(path, text).map(drop),
            "departments.yaml" => parse::<Departments>(path, text).map(drop),
            "intro.yaml" => parse::<Intro>(path, text).map(drop),
            WORDS_FILE => parse::<Words>(path, text).map(drop),
            _ => Err(Error::NotAFile {
                path: path.to_path_buf(),
                kind: "データのファイルではありません",
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_by_name() {
        for name in ["1.yaml", "4.YAML", "2.yml", "基本戦略.Yaml"] {
            assert!(is_data_file(name), "{name}");
        }
        for name in [
            ".#1.yaml",
            "#1.yaml#",
            "1.yaml~",
            "1.yaml.bak",
            "notes.txt",
            ".hidden.yaml",
        ] {
            assert!(!is_data_file(name), "{name}");
        }
    }
}
