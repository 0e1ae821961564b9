//! The frame every page of the workspace is drawn in: tabs, build status,
//! the problems banner, and a page with one message.

use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Value, context};
use serde::Deserialize;

use super::state::{App, Shown};

/// Findings shown in the banner above the pages (all are under 点検).
const BANNER_FINDINGS: usize = 5;

#[derive(Debug, Default, Deserialize)]
pub struct Fragment {
    #[serde(default)]
    pub fragment: bool,
}

/// The parts every view shows: tabs, build status, the problems banner.
pub fn base(shown: &Shown, view: &str, title: &str) -> Value {
    context! {
        view, title,
        version => shown.version,
        plan_title => shown.plan_title.clone(),
        banner => banner(shown),
        building => shown.built_at.is_none(),
        broken => shown.broken(),
        seconds => format!("{:.2}", shown.elapsed_ms as f64 / 1000.0),
        page_count => shown.pages.len(),
    }
}

pub fn banner(shown: &Shown) -> Value {
    context! {
        broken => shown.broken(),
        count => shown.findings.len(),
        findings => ser(&shown.findings[..shown.findings.len().min(BANNER_FINDINGS)]),
        more => shown.findings.len().saturating_sub(BANNER_FINDINGS),
        have_pages => !shown.pages.is_empty(),
        warnings => shown.warnings.clone(),
    }
}

/// Any serialisable value for a template.
pub fn ser<T: serde::Serialize + ?Sized>(value: &T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// A view: the whole page, or (for `fragment`) its main part only.
pub fn view(app: &App, template: &str, base: Value, main: Value, fragment: bool) -> Response {
    let ctx = context! { ..main, ..base };
    let name = if fragment { template } else { "base.html" };
    let ctx = context! { main_template => template, ..ctx };
    html(app, name, ctx)
}

/// A whole page of view `key` (its tab marked), with `main`'s values.
pub fn page(app: &App, template: &str, key: &str, title: &str, main: Value) -> Response {
    let shown = app.shown();
    view(app, template, base(&shown, key, title), main, false)
}

fn html(app: &App, name: &str, ctx: Value) -> Response {
    match app.templates.get_template(name).and_then(|t| t.render(ctx)) {
        Ok(body) => ([(header::CACHE_CONTROL, "no-store")], Html(body)).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("template: {e}")).into_response(),
    }
}

/// A page with one message (a refused request, a failed download).
pub fn message(app: &App, title: &str, text: &str) -> Response {
    let shown = app.shown();
    let main = context! { message => text };
    let mut r = view(
        app,
        "message.html",
        base(&shown, "message", title),
        main,
        false,
    );
    *r.status_mut() = StatusCode::BAD_REQUEST;
    r
}

/// An id from a request, reduced to what ids are made of.
pub fn safe_id(id: &str) -> String {
    id.chars()
        .filter(char::is_ascii_hexdigit)
        .take(64)
        .collect()
}
