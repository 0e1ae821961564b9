//! The file system, kept to a few careful operations: reading only regular
//! files within a size limit, writing through a temporary file and a
//! rename, YAML written back for staff (and one value of it changed in
//! place), and data folders taken from git.

pub mod edit;
pub mod git;
pub mod read;
pub mod write;
pub mod yaml;

pub use read::{read_limited, read_text};
pub use write::{Exclusive, exclusive, write_atomic};

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// `dir/name` for a file name made from data (a department, a year): the
/// name must be one plain name, so the result cannot leave `dir`.
pub fn child(dir: &Path, name: &str) -> Result<PathBuf> {
    let plain = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && Path::new(name).components().count() == 1;
    if !plain {
        return Err(Error::Output {
            path: dir.join(crate::error::shown(name)),
            reason: "データから作ったファイル名がフォルダの外を指しています。課名などにフォルダの区切り（/ \\）や .. は使えません".into(),
        });
    }
    Ok(dir.join(name))
}

/// `path` made absolute, with as much of it resolved (symlinks, `..`) as
/// exists, so two spellings of one place compare equal.
pub fn absolute(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
            }
            _ => {
                return std::env::current_dir()
                    .map(|d| d.join(path))
                    .unwrap_or_else(|_| path.to_path_buf());
            }
        }
    }
}
