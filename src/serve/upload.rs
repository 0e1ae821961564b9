//! 取込: returned workbooks uploaded from the browser. Each upload is kept
//! under a name the server makes (never the name it came with), previewed
//! as `import-forms --dry-run` does (every change, old → new, every reason
//! a workbook would be refused, by sheet and cell, and every shared-row
//! cell where two texts differ, with a choice), and imported when staff
//! press the button: the batch's files with the texts chosen, all written
//! or none, one import at a time, and the write finishes even if the
//! browser goes away. What came back goes into the record of returns.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::batches::{Batch, Places, Received, batch_error};
use super::html;
use super::state::App;
use crate::error::shown;
use crate::services::forms::{self, ImportOptions, Resolutions};
use crate::services::returns::{self, Returned};
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

/// A returned workbook is a few hundred kilobytes; the importer's own limit.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;
/// All files of one upload together (the request body).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
pub const MAX_FILES: usize = 40;
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
        Err(message) => return html::message(&app, "取込", &message),
    };
    if received.is_empty() {
        return html::message(&app, "取込", "ファイルが選ばれていません");
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
        let b = run(&worker, batch, None);
        worker.uploads.lock().ok()?.put(b);
        drop(one);
        Some(id)
    })
    .await;
    match id {
        Ok(Some(id)) => Redirect::to(&format!("/import/{id}")).into_response(),
        _ => html::message(&app, "取込", "受け取ったファイルを保存できませんでした"),
    }
}

/// POST /import/{id}/apply: import the batch with the texts chosen for
/// its conflicts.
pub async fn apply(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    form: std::result::Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    // A press without choices (a request without a form body) chooses nothing.
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let one = app.import.clone().lock_owned().await;
    let batch = app.uploads.lock().ok().and_then(|u| u.get(&id));
    let Some(batch) = batch.filter(|b| !b.applied) else {
        return Redirect::to(&format!("/import/{}", html::safe_id(&id))).into_response();
    };
    let resolutions = batch.resolutions(&form);
    let worker = app.clone();
    // A blocking task runs to its end even if the browser goes away, so an
    // interrupted request never leaves an import half-written.
    // The lock goes with it, so no other import starts before it ends.
    let _ = tokio::task::spawn_blocking(move || {
        let b = run(&worker, batch, Some(&resolutions));
        if let Ok(mut u) = worker.uploads.lock() {
            u.put(b);
        }
        // The record of returns changed even when no data did.
        worker.touch();
        worker.files_changed();
        drop(one);
    })
    .await;
    Redirect::to(&format!("/import/{id}")).into_response()
}

/// Preview (no `resolutions`) or import the kept workbooks of a batch.
fn run(app: &App, mut batch: Batch, resolutions: Option<&Resolutions>) -> Batch {
    let inputs = app.inputs();
    let kept: Vec<usize> = (0..batch.files.len())
        .filter(|&k| batch.files[k].path.is_some())
        .collect();
    let paths: Vec<PathBuf> = kept
        .iter()
        .filter_map(|&k| batch.files[k].path.clone())
        .collect();
    let results = match resolutions {
        None => {
            let options = ImportOptions {
                replace_shared: batch.replace_shared,
                dry_run: true,
            };
            forms::attempts(&inputs, &paths, options, &Resolutions::new())
        }
        Some(chosen) => {
            let _data = app.data.lock();
            let done = forms::import_together(&inputs, &paths, batch.replace_shared, chosen);
            if let Ok(attempts) = &done {
                batch.notice = record(&inputs, &batch, &kept, attempts);
            }
            done
        }
    };
    batch.applied = resolutions.is_some();
    let uploads = app.uploads.lock().map(|u| u.dir().to_path_buf());
    let uploads = uploads.unwrap_or_default();
    let places = Places {
        data: &inputs.data,
        uploads: &uploads,
        numbering: super::years::words_of(&inputs.data).styles()[2].clone(),
    };
    batch.notice = batch.notice.as_deref().map(|n| places.scrub(n));
    match results {
        Ok(attempts) => batch.take(&kept, &attempts, &places),
        Err(e) => {
            for &k in &kept {
                batch.files[k].problems.push(batch_error(&e, &places));
            }
        }
    }
    if batch.applied {
        for p in batch.files.iter_mut().filter_map(|f| f.path.take()) {
            let _ = std::fs::remove_file(p);
        }
    }
    batch
}

/// What came back, into the record of returns (under the names the files
/// were sent as, with this batch's page); why it could not be, if so.
fn record(
    inputs: &crate::pipeline::Inputs,
    batch: &Batch,
    kept: &[usize],
    attempts: &[forms::Attempt],
) -> Option<String> {
    let returned: Vec<Returned> = kept
        .iter()
        .zip(attempts)
        .map(|(&k, attempt)| Returned {
            name: &batch.files[k].name,
            attempt,
            batch: Some(&batch.id),
        })
        .collect();
    // The import is written either way; the page says what the record missed.
    returns::record(inputs, &returned)
        .err()
        .map(|e| format!("取り込みは済みましたが、回収状況の記録を書けませんでした（{e}）"))
}

/// A batch for the page that shows it.
pub fn batch(app: &App, id: &str) -> Option<Batch> {
    app.uploads.lock().ok()?.get(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::guard::hex;

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
