//! 点検's edit forms: a value fixed at the place of a problem, and a
//! department added to the list. A form names its problem (file under the
//! data folder, line, column), never a path: the server finds that problem
//! among the latest build's and uses the file it came from. Each save
//! takes the data lock the builder and imports take, refuses a file that
//! changed since the page showed it, changes only that value (comments
//! and layout kept, see [`crate::io::edit`]), refuses a value the file's
//! loader cannot read (a word where a number goes), writes through a
//! temporary file and a rename, and waits for the build that checks it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::html;
use super::problems::{self, Finding};
use super::state::App;
use crate::error::{Rule, printable, shown};
use crate::io::{self, edit};
use crate::load;

/// How long a save waits for the build that checks it.
const BUILD_WAIT: Duration = Duration::from_secs(60);

/// Which problem a form is about, the file's fingerprint as the page
/// showed it, and (to fix it) the new value.
#[derive(Debug, Deserialize)]
pub struct Place {
    file: String,
    line: u64,
    column: u64,
    hash: String,
    #[serde(default)]
    value: String,
}

const STALE: &str = "このファイルは、点検のページを開いた後に変わっています（ほかの画面やエディターで保存されました）。点検のページを読み込み直してから、もう一度直してください";

/// A problem of the latest build with an edit form at this place.
fn target(app: &App, place: &Place) -> Result<(Finding, PathBuf), String> {
    let shown = app.shown();
    let data = app.inputs().data;
    shown
        .findings
        .iter()
        .find(|f| {
            f.edit.as_ref().is_some_and(|e| {
                e.file == place.file && e.line == place.line && e.column == place.column
            })
        })
        .and_then(|f| {
            let (file, _, _) = f.at.as_ref()?;
            // Checked again now: still a data file inside the data folder.
            problems::inside(&data, file)?;
            Some((f.clone(), file.clone()))
        })
        .ok_or_else(|| {
            "この問題は、いまの点検の一覧にありません（もう直っているか、ファイルが変わりました）。点検のページを読み込み直してください".into()
        })
}

/// The file's text, if it is still as the page showed it.
fn unchanged(file: &Path, hash: &str) -> Result<String, String> {
    let (text, now) = problems::raw(file).ok_or_else(|| {
        format!(
            "{} を読めません",
            shown(&file.file_name().unwrap_or_default().to_string_lossy())
        )
    })?;
    if now == hash {
        Ok(text)
    } else {
        Err(STALE.into())
    }
}

/// Check the new text as the loader reads the file, then write it.
fn save_text(app: &App, file: &Path, text: &str) -> Result<u64, String> {
    if let Err(e) = load::check_text(file, text) {
        let why = problems::findings(&e, &app.inputs().data)
            .into_iter()
            .next()
            .map_or_else(|| e.to_string(), |f| f.message);
        return Err(format!(
            "この値では保存しません（ファイルを読めなくなります）: {why}"
        ));
    }
    io::write_atomic(file, text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(app.written.fetch_add(1, Ordering::SeqCst) + 1)
}

fn refused(r: edit::Refusal) -> String {
    match r {
        edit::Refusal::NotFound => {
            "この場所の値は、ここでは直せません。ファイルを直接直してください".into()
        }
        edit::Refusal::NotExact => {
            "この値は、書いたとおりに読み戻せる形でファイルに書けませんでした。ファイルを直接直してください".into()
        }
    }
}

/// The value typed, as the file will hold it: the browser's line breaks
/// (CR LF) made the file's own.
fn typed(value: &str) -> String {
    value.replace("\r\n", "\n")
}

/// POST /check/edit: change the value at a problem's place.
pub async fn fix(State(app): State<Arc<App>>, Form(f): Form<Place>) -> Response {
    let worker = app.clone();
    let saved = tokio::task::spawn_blocking(move || {
        let (_, file) = target(&worker, &f)?;
        let _data = worker.data.lock();
        let text = unchanged(&file, &f.hash)?;
        let value = typed(&f.value);
        let new = edit::replace(&text, f.line, f.column, &value).map_err(refused)?;
        save_text(&worker, &file, &new)
    })
    .await;
    after_save(&app, saved).await
}

/// POST /check/department: add the name at a department problem's place to
/// the year's departments.yaml.
pub async fn add_department(State(app): State<Arc<App>>, Form(place): Form<Place>) -> Response {
    let worker = app.clone();
    let saved = tokio::task::spawn_blocking(move || {
        let (finding, file) = target(&worker, &place)?;
        if finding.rule != Rule::Department.key() {
            return Err("この問題は部署名の問題ではありません".to_string());
        }
        let list = problems::year_folder(&file)
            .map(|d| d.join("departments.yaml"))
            .filter(|l| problems::inside(&worker.inputs().data, l).is_some())
            .ok_or("departments.yaml が見つかりません")?;
        let _data = worker.data.lock();
        let text = unchanged(&file, &place.hash)?;
        let name = edit::scalar_at(&text, place.line, place.column)
            .map(|s| s.value)
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| refused(edit::Refusal::NotFound))?;
        let (list_text, _) = problems::raw(&list).ok_or(STALE)?;
        let new = edit::append(&list_text, "departments", &name).map_err(refused)?;
        save_text(&worker, &list, &new)
    })
    .await;
    after_save(&app, saved).await
}

/// After a save: wait for the build that read it, then show 点検 (which
/// says it was saved); a refusal says why.
async fn after_save(
    app: &Arc<App>,
    saved: Result<Result<u64, String>, tokio::task::JoinError>,
) -> Response {
    match saved {
        Ok(Ok(generation)) => {
            app.files_changed();
            let mut updates = app.updates.subscribe();
            let built = async {
                while app.shown().generation < generation {
                    if updates.changed().await.is_err() {
                        break;
                    }
                }
            };
            let _ = tokio::time::timeout(BUILD_WAIT, built).await;
            Redirect::to("/check?saved=1").into_response()
        }
        Ok(Err(why)) => html::message(app, "点検", &printable(&why)),
        Err(_) => html::message(app, "点検", "保存できませんでした"),
    }
}
