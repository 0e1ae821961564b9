//! Writing results safely: to a temporary file next to the target, renamed
//! only when complete, so a failed or killed run never leaves a broken or
//! half-written file where the last good one was. Temporary files of runs
//! that were killed are removed by the next run.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// Temporary files are `.shinchoku-<pid>-<random>.tmp`.
const PREFIX: &str = ".shinchoku-";
const SUFFIX: &str = ".tmp";

/// Write `bytes` to `path` through a temporary file in the same folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    refuse_special(path)?;
    std::fs::create_dir_all(dir).map_err(err)?;
    remove_stale(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{PREFIX}{}-", std::process::id()))
        .suffix(SUFFIX)
        .tempfile_in(dir)
        .map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    // Temporary files are private (0600); the result gets the permissions
    // of the file it replaces, or the usual ones for a new file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions = std::fs::metadata(path)
            .map(|m| m.permissions())
            .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
        tmp.as_file().set_permissions(permissions).map_err(err)?;
    }
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// An output must be a regular file (or not exist yet): renaming over a
/// device such as /dev/null would replace it with a plain file.
pub fn refuse_special(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::Output {
            path: path.to_path_buf(),
            reason: "シンボリックリンクには書き出しません。ファイルの名前を指定してください".into(),
        }),
        Ok(m) if !m.is_file() => Err(Error::Output {
            path: path.to_path_buf(),
            reason: "普通のファイルではない（フォルダやデバイス）ので書き出せません".into(),
        }),
        _ => Ok(()),
    }
}

/// Remove temporary files left by runs that were killed: those whose process
/// is gone, or (where that cannot be told) that are over an hour old.
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name
            .strip_prefix(PREFIX)
            .and_then(|r| r.strip_suffix(SUFFIX))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let stale = match pid {
            Some(pid) if pid == std::process::id() => false,
            Some(pid) if cfg!(target_os = "linux") => !Path::new(&format!("/proc/{pid}")).exists(),
            _ => e
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| older_than(t, Duration::from_secs(3600))),
        };
        if stale && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn older_than(t: SystemTime, age: Duration) -> bool {
    SystemTime::now().duration_since(t).is_ok_and(|d| d > age)
}

/// Held while one program reads, changes and writes back a file that
/// another may be changing at the same moment (the record of returns,
/// written by `import-forms` and by `serve`): an exclusive lock on a file
/// in the system's temporary folder named after the file's place, so the
/// data folder gets nothing extra. Released when dropped.
pub struct Exclusive {
    _held: std::fs::File,
}

/// Wait for, then take, the lock of `path`.
pub fn exclusive(path: &Path) -> Result<Exclusive> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    super::absolute(path).hash(&mut h);
    let lock = std::env::temp_dir().join(format!("{PREFIX}{:016x}.lock", h.finish()));
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(err)?;
    file.lock().map_err(err)?;
    Ok(Exclusive { _held: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two writers changing one file at once lose nothing under the lock.
    #[test]
    fn read_change_write_under_the_lock_loses_no_update() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("count.txt");
        write_atomic(&file, b"0").unwrap();
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| {
                    for _ in 0..200 {
                        let _only_us = exclusive(&file).unwrap();
                        let n: u32 = std::fs::read_to_string(&file).unwrap().parse().unwrap();
                        write_atomic(&file, (n + 1).to_string().as_bytes()).unwrap();
                    }
                });
            }
        });
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "400");
    }
}
