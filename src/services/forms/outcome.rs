//! What importing a workbook yields: the files it writes and every change,
//! in the report's words (the department and committee imports alike).

use std::fmt;
use std::path::PathBuf;

use super::shown;
use crate::model::{Field, RowKey};

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
pub type Writes = Vec<(PathBuf, String)>;
