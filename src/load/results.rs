//! Finding the results files of a fiscal year: `results/<year>/*.yaml`,
//! written by `import-forms` (one per department).

use std::path::{Path, PathBuf};

use crate::error::Result;

/// The folder of a fiscal year's results.
pub fn folder(data: &Path, year: i32) -> PathBuf {
    data.join("results").join(year.to_string())
}

/// The results files of the plan's fiscal year (none is fine).
pub fn files(data_dir: &Path, year: i32) -> Result<Vec<PathBuf>> {
    let dir = folder(data_dir, year);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    super::files::yaml_files(&dir)
}
