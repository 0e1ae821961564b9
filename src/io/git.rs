//! A data folder from git: `REV:PATH` (e.g. `HEAD~1:data`) is copied out of
//! the repository into a temporary folder, so an older version can be
//! compared or highlighted without checking it out.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// A data folder to read: a path, or `REV:PATH` for a git revision's
/// folder in the repository at `repo`. The temporary folder, when one was
/// made, lives as long as the returned guard.
pub fn resolve(spec: &str, repo: &Path) -> Result<(PathBuf, Option<tempfile::TempDir>)> {
    let path = Path::new(spec);
    if path.is_dir() {
        return Ok((path.to_path_buf(), None));
    }
    let Some((rev, folder)) = spec.split_once(':') else {
        return Err(Error::NoDataDir(path.to_path_buf()));
    };
    let git = |args: &[&str]| -> Result<Vec<u8>> {
        let out = Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(args)
            .output()
            .map_err(|source| Error::Read {
                path: path.to_path_buf(),
                source,
            })?;
        if !out.status.success() {
            return Err(Error::Git(format!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(out.stdout)
    };
    // -z: names as they are (without it git quotes 住宅課.yaml as octal escapes).
    let list = git(&["ls-tree", "-r", "-z", "--name-only", rev, "--", folder])?;
    let list = String::from_utf8_lossy(&list).into_owned();
    if list.trim_matches('\0').trim().is_empty() {
        return Err(Error::Git(format!("{rev} に {folder} がありません")));
    }
    let tmp = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let base = folder.trim_end_matches('/');
    for file in list.split('\0').filter(|f| !f.is_empty()) {
        let rel = file
            .strip_prefix(base)
            .unwrap_or(file)
            .trim_start_matches('/');
        let target = tmp.path().join(rel);
        let bytes = git(&["show", &format!("{rev}:{file}")])?;
        let write = |source| Error::Write {
            path: target.clone(),
            source,
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(write)?;
        }
        std::fs::write(&target, bytes).map_err(write)?;
    }
    Ok((tmp.path().to_path_buf(), Some(tmp)))
}

/// A recorded version of a data folder, newest first in [`revisions`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The full commit id.
    pub id: String,
    /// Its date (2025-01-31) and first line.
    pub date: String,
    pub subject: String,
}

/// The last `limit` commits that changed `folder`, when it is in a git
/// repository (none when it is not, or git is missing).
pub fn revisions(folder: &Path, limit: usize) -> Vec<Revision> {
    let out = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args([
            "log",
            &format!("-n{limit}"),
            "--format=%H%x1f%cs%x1f%s",
            "--",
            ".",
        ])
        .output();
    let Some(out) = out.ok().filter(|o| o.status.success()) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut parts = l.split('\u{1f}');
            let id = parts.next()?;
            let ok = id.len() == 40 && id.chars().all(|c| c.is_ascii_hexdigit());
            ok.then(|| Revision {
                id: id.to_string(),
                date: parts.next().unwrap_or_default().to_string(),
                subject: parts.next().unwrap_or_default().to_string(),
            })
        })
        .collect()
}

/// `folder` as it was at commit `id` (one of [`revisions`]), copied into a
/// temporary folder that lives as long as the guard.
pub fn folder_at(folder: &Path, id: &str) -> Result<(PathBuf, Option<tempfile::TempDir>)> {
    let ask = |arg: &str| -> Result<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(folder)
            .args(["rev-parse", arg])
            .output()
            .map_err(|e| Error::Git(e.to_string()))?;
        if !out.status.success() {
            return Err(Error::Git(
                String::from_utf8_lossy(&out.stderr).trim().into(),
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout)
            .trim_end_matches('\n')
            .to_string())
    };
    let top = ask("--show-toplevel")?;
    let prefix = ask("--show-prefix")?;
    resolve(&format!("{id}:{prefix}"), Path::new(&top))
}
