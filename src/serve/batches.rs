//! The uploads waiting for (or done with) their import: kept under names
//! made here, in a temporary folder that goes with the server, and what
//! the importer said about each workbook, in the words the page shows.

use std::path::PathBuf;

use serde::Serialize;

use super::pages::sheet_name;
use crate::error::{Error, Result, printable};
use crate::model::{InitiativeId, era};
use crate::services::forms::Imported;

/// Uploads kept for preview; older ones are forgotten (and deleted).
const KEEP_BATCHES: usize = 20;

/// The uploads waiting for (or done with) their import.
pub struct Uploads {
    dir: tempfile::TempDir,
    batches: Vec<Batch>,
}

/// One upload of one or more workbooks.
#[derive(Debug, Clone, Serialize)]
pub struct Batch {
    pub id: String,
    pub replace_shared: bool,
    pub applied: bool,
    pub files: Vec<Upload>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Upload {
    /// As uploaded; shown only.
    pub name: String,
    #[serde(skip)]
    pub(super) path: Option<PathBuf>,
    pub department: String,
    pub changes: Vec<ChangeView>,
    pub notes: Vec<String>,
    /// Why it is (or would be) refused.
    pub problems: Vec<ProblemView>,
}

impl Upload {
    pub fn accepted(&self) -> bool {
        self.path.is_some() && self.problems.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub row: String,
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemView {
    pub place: String,
    pub message: String,
}

impl Uploads {
    pub fn new() -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("shinchoku-uploads-")
            .tempdir()
            .map_err(|e| Error::Serve(format!("一時フォルダを作れません: {e}")))?;
        Ok(Self {
            dir,
            batches: Vec::new(),
        })
    }

    pub fn get(&self, id: &str) -> Option<Batch> {
        self.batches.iter().find(|b| b.id == id).cloned()
    }

    pub fn put(&mut self, batch: Batch) {
        if let Some(b) = self.batches.iter_mut().find(|b| b.id == batch.id) {
            *b = batch;
        }
    }

    /// Keep the received files under names made here; forget old uploads.
    pub fn add(&mut self, received: Vec<Received>, replace_shared: bool) -> Result<Batch> {
        let id = super::guard::new_token()?[..32].to_string();
        let mut files = Vec::new();
        for (k, r) in received.into_iter().enumerate() {
            let mut upload = Upload::new(r.name);
            match r.refused {
                Some(reason) => upload.problems.push(ProblemView::file(reason)),
                None => {
                    let path = self.dir.path().join(format!("{id}-{k}.xlsx"));
                    crate::io::write_atomic(&path, &r.bytes)?;
                    upload.path = Some(path);
                }
            }
            files.push(upload);
        }
        let batch = Batch {
            id,
            replace_shared,
            applied: false,
            files,
        };
        self.batches.push(batch.clone());
        while self.batches.len() > KEEP_BATCHES {
            let old = self.batches.remove(0);
            old.files
                .iter()
                .filter_map(|f| f.path.as_ref())
                .for_each(|p| {
                    let _ = std::fs::remove_file(p);
                });
        }
        Ok(batch)
    }
}

impl Upload {
    fn new(name: String) -> Self {
        Self {
            name,
            path: None,
            department: String::new(),
            changes: Vec::new(),
            notes: Vec::new(),
            problems: Vec::new(),
        }
    }
}

impl ProblemView {
    pub fn file(message: String) -> Self {
        Self {
            place: String::new(),
            message,
        }
    }
}

/// A file as received, before it is kept.
pub struct Received {
    pub name: String,
    pub bytes: Vec<u8>,
    pub refused: Option<String>,
}

impl Upload {
    /// What the importer said about this workbook.
    pub fn take(&mut self, r: Result<Imported>) {
        self.changes.clear();
        self.notes.clear();
        match r {
            Ok(i) => {
                self.department = i.department;
                self.changes = i
                    .changes
                    .iter()
                    .map(|c| change(c.key.as_str(), &c.heading, &c.before, &c.after))
                    .collect();
                self.notes = i.notes.iter().map(|n| printable(n)).collect();
            }
            Err(Error::Workbook { problems, .. }) => {
                self.problems = problems
                    .iter()
                    .map(|p| ProblemView {
                        place: printable(&p.place),
                        message: printable(&p.message),
                    })
                    .collect();
            }
            Err(e) => self
                .problems
                .push(ProblemView::file(printable(&e.to_string()))),
        }
    }
}

/// A change in the document's words: 1-(1)-③ 障害福祉課, 成果, before, after.
fn change(key: &str, heading: &str, before: &str, after: &str) -> ChangeView {
    // A department's row (1-1-3:障害福祉課), or the committee's initiative.
    let (id, label) = key.split_once(':').unwrap_or((key, ""));
    let row = InitiativeId::parse(id)
        .map(|id| {
            let sheet = sheet_name(id, &era::circled(id.initiative));
            format!("{sheet} {label}").trim_end().to_string()
        })
        .unwrap_or_else(|| key.to_string());
    ChangeView {
        row,
        field: heading.to_string(),
        before: before.to_string(),
        after: after.to_string(),
    }
}
