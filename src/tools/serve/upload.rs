//! 取込: returned workbooks uploaded from the browser. Each upload is kept
//! under a name the server makes (never the name it came with), previewed
//! with `import-forms --dry-run` (every change, old → new, and every
//! reason a workbook would be refused, by sheet and cell), and imported
//! when staff press the button: all or nothing per workbook, one import at
//! a time, and the write finishes even if the browser goes away.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use super::pages::sheet_name;
use super::state::App;
use super::views;
use crate::error::{Error, Result, printable, shown};
use crate::model::{InitiativeId, era};
use crate::tools::forms::{self, ImportOptions, Imported};

/// A returned workbook is a few hundred kilobytes; the importer's own limit.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;
/// All files of one upload together (the request body).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
pub const MAX_FILES: usize = 40;
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
    path: Option<PathBuf>,
    pub department: String,
    pub changes: Vec<ChangeView>,
    pub notes: Vec<String>,
    /// Why it is (or would be) refused.
    pub problems: Vec<ProblemView>,
}

impl Upload {
    fn accepted(&self) -> bool {
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

    fn put(&mut self, batch: Batch) {
        if let Some(b) = self.batches.iter_mut().find(|b| b.id == batch.id) {
            *b = batch;
        }
    }

    /// Keep the received files under names made here; forget old uploads.
    fn add(&mut self, received: Vec<Received>, replace_shared: bool) -> Result<Batch> {
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
    fn file(message: String) -> Self {
        Self {
            place: String::new(),
            message,
        }
    }
}

/// A file as received, before it is kept.
struct Received {
    name: String,
    bytes: Vec<u8>,
    refused: Option<String>,
}

/// Read the upload: each file checked for its type and size as it comes.
async fn read_files(
    multipart: &mut Multipart,
) -> std::result::Result<(Vec<Received>, bool), String> {
    let too_big = || {
        format!(
            "一度に送れるのは合わせて {} MB までです",
            MAX_BODY_BYTES >> 20
        )
    };
    let (mut files, mut replace_shared) = (Vec::new(), false);
    while let Some(mut field) = multipart.next_field().await.map_err(|_| too_big())? {
        match field.name() {
            Some("replace_shared") => {
                replace_shared = true;
                continue;
            }
            Some("files") => {}
            _ => continue,
        }
        let name = shown(field.file_name().unwrap_or("（名前なし）"));
        if name.is_empty() || files.len() >= MAX_FILES {
            continue;
        }
        let mut bytes = Vec::new();
        let mut refused = None;
        while let Some(chunk) = field.chunk().await.map_err(|_| too_big())? {
            if bytes.len() + chunk.len() > MAX_FILE_BYTES {
                refused = Some(format!(
                    "ファイルが大きすぎます（上限 {} MB）",
                    MAX_FILE_BYTES >> 20
                ));
                bytes.clear();
                continue;
            }
            bytes.extend_from_slice(&chunk);
        }
        let refused = refused.or_else(|| kind_problem(&name, &bytes));
        files.push(Received {
            name,
            bytes,
            refused,
        });
    }
    Ok((files, replace_shared))
}

/// Only Excel workbooks (.xlsx): by name and by content (a zip).
fn kind_problem(name: &str, bytes: &[u8]) -> Option<String> {
    let resave = "Excel で開き、「Excel ブック (*.xlsx)」として保存し直してから取り込んでください";
    if bytes.is_empty() {
        return Some("空のファイルです".into());
    }
    if !name.to_lowercase().ends_with(".xlsx") {
        return Some(format!(
            "取り込めるのは Excel ブック（.xlsx）だけです。{resave}"
        ));
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Some(format!(
            "中身が Excel ブック（.xlsx）ではありません。{resave}"
        ));
    }
    None
}

/// POST /import: keep the files and show what importing them would do.
pub async fn receive(State(app): State<Arc<App>>, mut multipart: Multipart) -> Response {
    let (received, replace_shared) = match read_files(&mut multipart).await {
        Ok(r) => r,
        Err(message) => return views::message(&app, "取込", &message),
    };
    if received.is_empty() {
        return views::message(&app, "取込", "ファイルが選ばれていません");
    }
    let one = app.import.clone().lock_owned().await;
    let worker = app.clone();
    // Writing the files and reading them back are blocking work.
    let id = tokio::task::spawn_blocking(move || {
        let batch = worker
            .uploads
            .lock()
            .ok()?
            .add(received, replace_shared)
            .ok()?;
        let id = batch.id.clone();
        let b = run(&worker, batch, true);
        worker.uploads.lock().ok()?.put(b);
        drop(one);
        Some(id)
    })
    .await;
    match id {
        Ok(Some(id)) => Redirect::to(&format!("/import/{id}")).into_response(),
        _ => views::message(&app, "取込", "受け取ったファイルを保存できませんでした"),
    }
}

/// POST /import/{id}/apply: import the workbooks the preview accepted.
pub async fn apply(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let one = app.import.clone().lock_owned().await;
    let batch = app.uploads.lock().ok().and_then(|u| u.get(&id));
    let Some(batch) = batch.filter(|b| !b.applied) else {
        return Redirect::to(&format!("/import/{}", views::safe_id(&id))).into_response();
    };
    let worker = app.clone();
    // A blocking task runs to its end even if the browser goes away, so an
    // interrupted request never leaves an import half-written.
    // The lock goes with it, so no other import starts before it ends.
    let _ = tokio::task::spawn_blocking(move || {
        let b = run(&worker, batch, false);
        if let Ok(mut u) = worker.uploads.lock() {
            u.put(b);
        }
        worker.files_changed();
        drop(one);
    })
    .await;
    Redirect::to(&format!("/import/{id}")).into_response()
}

/// Preview (`dry_run`) or import the accepted workbooks of a batch.
fn run(app: &App, mut batch: Batch, dry_run: bool) -> Batch {
    let options = ImportOptions {
        replace_shared: batch.replace_shared,
        dry_run,
    };
    let chosen: Vec<usize> = (0..batch.files.len())
        .filter(|&k| batch.files[k].accepted())
        .collect();
    let paths: Vec<PathBuf> = chosen
        .iter()
        .filter_map(|&k| batch.files[k].path.clone())
        .collect();
    let results = {
        let _data = (!dry_run).then(|| app.data.lock());
        forms::import(&app.inputs(), &paths, options)
    };
    match results {
        Ok(results) => {
            for (k, r) in chosen.into_iter().zip(results) {
                batch.files[k].take(r);
            }
        }
        Err(e) => {
            let why = format!("データに誤りがあるため取り込めません（点検を見てください）: {e}");
            for k in chosen {
                batch.files[k]
                    .problems
                    .push(ProblemView::file(printable(&why)));
            }
        }
    }
    if !dry_run {
        batch.applied = true;
        for p in batch.files.iter_mut().filter_map(|f| f.path.take()) {
            let _ = std::fs::remove_file(p);
        }
    }
    batch
}

impl Upload {
    /// What the importer said about this workbook.
    fn take(&mut self, r: Result<Imported>) {
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

/// A batch for the page that shows it.
pub fn batch(app: &App, id: &str) -> Option<Batch> {
    app.uploads.lock().ok()?.get(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::serve::guard::hex;

    #[test]
    fn only_xlsx_by_name_and_content() {
        assert!(kind_problem("a.xlsx", b"PK\x03\x04rest").is_none());
        assert!(kind_problem("a.XLSX", b"PK\x03\x04rest").is_none());
        assert!(kind_problem("a.xls", b"PK\x03\x04").is_some());
        assert!(kind_problem("a.xlsx", b"\xD0\xCF\x11\xE0").is_some());
        assert!(kind_problem("a.xlsx", b"").is_some());
        assert_eq!(hex(&[0, 255]), "00ff");
    }
}
