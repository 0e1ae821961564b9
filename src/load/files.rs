//! Which files of a folder are data files.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Whether a file name is a data file: `.yaml`/`.yml` in any case, not
/// hidden, not a backup.
pub fn is_data_file(name: &str) -> bool {
    let lower = name.to_lowercase();
    !name.starts_with(['.', '#', '~']) && (lower.ends_with(".yaml") || lower.ends_with(".yml"))
}

/// The data files of a folder, in name order.
pub fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let err = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(err)? {
        let path = entry.map_err(err)?.path();
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_data_file)
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
