//! The five views (報告書, 点検, 回収状況, 取込, 出力), the page images and
//! the event stream that keeps an open browser up to date. Each view is a
//! server-side template; `?fragment=1` gives its main part alone, which
//! the script swaps in after a rebuild.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Router, middleware};
use futures_util::Stream;
use minijinja::{Value, context};

use super::guard::{self, Access};
use super::html::{Fragment, banner, base, message, safe_id, ser, view};
use super::pages::SCALE;
use super::state::App;
use super::{assets, downloads, edit, upload, years};
use crate::services::returns;
use crate::typeset::png;

pub fn router(app: Arc<App>, access: Arc<Access>) -> Router {
    Router::new()
        .route("/", get(report))
        .route("/check", get(check))
        .route("/check/edit", post(edit::fix))
        .route("/check/department", post(edit::add_department))
        .route("/status", get(status_view))
        .route("/import", get(import_view).post(upload::receive))
        .route("/import/{id}", get(import_batch))
        .route("/import/{id}/apply", post(upload::apply))
        .route("/downloads", get(downloads::view))
        .route("/years", get(years::view))
        .route("/years/switch", post(years::switch))
        .route("/years/new", post(years::start))
        .route("/download/report.pdf", get(downloads::report_pdf))
        .route("/download/report.html", get(downloads::report_html))
        .route("/download/workbook", get(downloads::workbook))
        .route("/download/changes.html", get(downloads::changes_html))
        .route("/page/{name}", get(page_image))
        .route("/events", get(events))
        .route("/state.json", get(state_json))
        .route("/assets/app.js", get(assets::script))
        .route("/assets/style.css", get(assets::style))
        .layer(DefaultBodyLimit::max(upload::MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(access, guard::check))
        .with_state(app)
}

async fn report(State(app): State<Arc<App>>, Query(f): Query<Fragment>) -> Response {
    let shown = app.shown();
    let main = context! {
        pages => ser(&shown.pages),
        index => ser(&shown.index),
        nav => ser(&shown.nav),
    };
    view(
        &app,
        "report.html",
        base(&shown, "report", "報告書"),
        main,
        f.fragment,
    )
}

async fn check(State(app): State<Arc<App>>, Query(f): Query<Fragment>) -> Response {
    let shown = app.shown();
    let main = context! {
        findings => ser(&shown.findings),
        warnings => shown.warnings.clone(),
    };
    view(
        &app,
        "check.html",
        base(&shown, "check", "点検"),
        main,
        f.fragment,
    )
}

/// 回収状況 as the templates see it: the status, or why it cannot be had.
/// 回収状況 now; while the data has problems, as it was at the last good
/// build (marked so), or nothing but where to fix them. The data's own
/// error is 点検's to show: it names the server's files.
async fn status_context(app: &Arc<App>) -> minijinja::Value {
    let inputs = app.inputs();
    let now = tokio::task::spawn_blocking(move || returns::status(&inputs).ok())
        .await
        .ok()
        .flatten();
    let shown = app.shown();
    let good = shown.last_good.as_ref().map(|g| &g.status);
    let Some(s) = now.as_ref().or(good) else {
        return context! { never_good => true };
    };
    // Which refused workbooks' import pages are still kept.
    let kept: Vec<String> = app.uploads.lock().map_or_else(
        |_| Vec::new(),
        |u| {
            (s.departments.iter())
                .filter_map(|d| d.refused.as_ref()?.batch.clone())
                .filter(|id| u.has(id))
                .collect()
        },
    );
    context! {
        status => ser(s),
        kept,
        keep_batches => super::batches::KEEP_BATCHES,
        last_good => now.is_none(),
    }
}

async fn status_view(State(app): State<Arc<App>>, Query(f): Query<Fragment>) -> Response {
    let main = status_context(&app).await;
    let shown = app.shown();
    view(
        &app,
        "status.html",
        base(&shown, "status", "回収状況"),
        main,
        f.fragment,
    )
}

async fn import_view(State(app): State<Arc<App>>) -> Response {
    import_page(&app, context! {})
}

/// 取込 with `main`, and the upload limits it states.
fn import_page(app: &Arc<App>, main: minijinja::Value) -> Response {
    let shown = app.shown();
    let main = context! {
        max_mb => upload::MAX_FILE_BYTES >> 20,
        max_files => upload::MAX_FILES,
        ..main
    };
    view(
        app,
        "import.html",
        base(&shown, "import", "取込"),
        main,
        false,
    )
}

async fn import_batch(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let Some(batch) = upload::batch(&app, &safe_id(&id)) else {
        return message(
            &app,
            "取込",
            "この取込は見つかりません。もう一度ファイルを選んでください",
        );
    };
    let importable = batch.files.iter().filter(|f| f.importable()).count();
    let accepted = batch
        .files
        .iter()
        .filter(|f| f.importable() && f.conflicts.is_empty())
        .count();
    // Refused workbooks of a known department go into 回収状況 (the
    // committee's is not a department's return).
    let committee = crate::services::forms::committee::NAME;
    let recorded = batch
        .files
        .iter()
        .filter(|f| !f.importable() && !f.department.is_empty() && f.department != committee)
        .count();
    let conflicts: usize = batch.files.iter().map(|f| f.conflicts.len()).sum();
    import_page(
        &app,
        context! { batch => ser(&batch), accepted, importable, recorded, conflicts },
    )
}

/// GET /page/<fingerprint>.png: a page image, rendered once per fingerprint.
/// The name changes whenever the page does, so browsers may keep it forever.
async fn page_image(State(app): State<Arc<App>>, Path(name): Path<String>) -> Response {
    let Some(fp) = name
        .strip_suffix(".png")
        .filter(|h| h.len() == 32)
        .and_then(|h| u128::from_str_radix(h, 16).ok())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let cached = app.images.lock().ok().and_then(|i| i.get(&fp).cloned());
    let png = match cached {
        Some(png) => png,
        None => match render(&app, fp).await {
            Some(png) => png,
            None => return StatusCode::NOT_FOUND.into_response(),
        },
    };
    (
        [
            (header::CONTENT_TYPE, "image/png"),
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable",
            ),
        ],
        png,
    )
        .into_response()
}

/// Render the current page with this fingerprint, and keep it.
async fn render(app: &Arc<App>, fp: u128) -> Option<Bytes> {
    let shown = app.shown();
    let doc = shown.document.clone()?;
    let index = shown.pages.iter().position(|p| p.fingerprint == fp)?;
    let png = tokio::task::spawn_blocking(move || png::page(&doc.pages()[index], SCALE))
        .await
        .ok()?
        .ok()?;
    let png = Bytes::from(png);
    if app.shown().pages.iter().any(|p| p.fingerprint == fp)
        && let Ok(mut images) = app.images.lock()
    {
        images.insert(fp, png.clone());
    }
    Some(png)
}

/// What the script needs after a rebuild: the pages and the rendered
/// banner and page list.
fn state(app: &App) -> String {
    let shown = app.shown();
    let render = |name: &str, ctx: Value| {
        app.templates
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .unwrap_or_default()
    };
    let banner = render("banner.html", context! { banner => banner(&shown) });
    let nav = render(
        "nav.html",
        context! {
            pages => ser(&shown.pages),
            index => ser(&shown.index),
            nav => ser(&shown.nav),
        },
    );
    let build = render("build.html", base(&shown, "", ""));
    serde_json::json!({
        "version": shown.version,
        "broken": shown.broken(),
        "count": shown.findings.len(),
        "plan_title": shown.plan_title,
        "pages": shown.pages,
        // The word after a printed page number in captions (頁).
        "page_word": shown.nav.page,
        "banner": banner,
        "nav": nav,
        "build": build,
    })
    .to_string()
}

async fn state_json(State(app): State<Arc<App>>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        state(&app),
    )
        .into_response()
}

/// GET /events: the state now, then after every rebuild. Ends when the
/// server stops, so stopping does not wait for open browsers.
async fn events(State(app): State<Arc<App>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut updates = app.updates.subscribe();
    updates.mark_changed();
    let stopped = app.stopped.clone();
    let stream = futures_util::stream::unfold(
        (app, updates, stopped),
        |(app, mut updates, mut stopped)| async move {
            tokio::select! {
                changed = updates.changed() => changed.ok()?,
                _ = stopped.wait_for(|s| *s) => return None,
            }
            let event = Event::default().event("state").data(state(&app));
            Some((Ok(event), (app, updates, stopped)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}
