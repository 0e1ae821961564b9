//! 出力: every document staff hand out, built on request from the data as
//! it is now, or, while it has a problem, from the data of the last good
//! build (marked so, in the page and in the file's name). A request
//! chooses only from fixed kinds and from the data's own lists (a
//! strategy or 施策細目 number, a department named in departments.yaml,
//! an older side listed by [`changes`]); nothing in it becomes a path.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

use super::changes;
use super::html::{self, ser};
use super::state::{App, LastGood};
use crate::error::{Error, Result};
use crate::model::{Data, MeasureId};
use crate::pipeline::{self, Inputs, Options, Scope, Session};
use crate::render;
use crate::services::{diff, forms, returns};
use crate::view::{self, Selection};

/// Added to the name of a file made from the last good data.
const LAST_GOOD: &str = "前回正しく作れた内容";

/// What to print, as the download links ask.
#[derive(Debug, Default, Deserialize)]
pub struct Print {
    #[serde(default)]
    summary: bool,
    #[serde(default)]
    form: bool,
    /// With the trend pages (every year of the plan), or those alone.
    #[serde(default)]
    trend: bool,
    #[serde(default)]
    trend_only: bool,
    /// The committee's documents, or its assessment on the sheets.
    #[serde(default)]
    digest: bool,
    #[serde(default)]
    opinions: bool,
    #[serde(default)]
    committee: bool,
    strategy: Option<u32>,
    measure: Option<String>,
    department: Option<String>,
    /// From the last good build's data (while the data has a problem).
    #[serde(default)]
    last_good: bool,
    /// Mark what differs from this older side (a key of [`changes::choices`]).
    changes: Option<String>,
}

/// The data a download is made from.
enum Source {
    Now,
    LastGood(Arc<LastGood>),
}

/// Data read now, or the last good build's.
enum Held {
    Now(Box<Data>),
    LastGood(Arc<LastGood>),
}

impl std::ops::Deref for Held {
    type Target = Data;
    fn deref(&self) -> &Data {
        match self {
            Held::Now(d) => d,
            Held::LastGood(g) => &g.data,
        }
    }
}

impl Source {
    /// The last good data when asked for (and there is some).
    fn of(app: &App, last_good: bool) -> Result<Self> {
        if !last_good {
            return Ok(Source::Now);
        }
        app.shown().last_good.clone().map(Source::LastGood).ok_or_else(|| {
            Error::Usage("前回正しく作れた内容がありません（このサーバーを起動してから、まだ一度も正しく作れていません）。点検を見てください".into())
        })
    }

    fn data(&self, inputs: &Inputs) -> Result<Held> {
        match self {
            Source::Now => Ok(Held::Now(Box::new(pipeline::checked(inputs)?))),
            Source::LastGood(g) => Ok(Held::LastGood(g.clone())),
        }
    }

    /// `report.pdf`, or `report_前回正しく作れた内容.pdf`.
    fn name(&self, stem: &str, extension: &str) -> String {
        match self {
            Source::Now => format!("{stem}.{extension}"),
            Source::LastGood(_) => format!("{stem}_{LAST_GOOD}.{extension}"),
        }
    }
}

/// A file to download.
struct File {
    name: String,
    kind: &'static str,
    bytes: Vec<u8>,
}

impl IntoResponse for File {
    fn into_response(self) -> Response {
        let ascii: String = self
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let disposition = format!(
            "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
            utf8_percent_encode(&self.name, NON_ALPHANUMERIC)
        );
        (
            [
                (header::CONTENT_TYPE, self.kind.to_string()),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            self.bytes,
        )
            .into_response()
    }
}

/// Run a build off the async threads, one download at a time.
/// Each uses the builder's session (its Typst world warm).
async fn build(
    app: &Arc<App>,
    f: impl FnOnce(&mut Session) -> Result<File> + Send + 'static,
) -> Response {
    let Ok(_one) = app.downloads.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let shared = app.clone();
    let work = move || match shared.session.lock() {
        Ok(mut session) => f(&mut session),
        Err(e) => f(&mut e.into_inner()),
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(file)) => file.into_response(),
        Ok(Err(e)) => super::html::message(app, "出力", &e.to_string()),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// GET /download/report.pdf: the report, the blank form, or a committee
/// print of one strategy, 施策細目 or department (with the report's page
/// numbers); `changes=KEY`: with what differs from that side marked.
pub async fn report_pdf(State(app): State<Arc<App>>, Query(q): Query<Print>) -> Response {
    let source = match Source::of(&app, q.last_good) {
        Ok(s) => s,
        Err(e) => return html::message(&app, "出力", &e.to_string()),
    };
    build(&app, move |session| {
        let inputs = session.inputs().clone();
        let old = q
            .changes
            .as_deref()
            .map(|k| changes::old_side(&inputs, k))
            .transpose()?;
        let data = source.data(&inputs)?;
        let mut options = print_options(&data, &q)?;
        options.mark_changes = old
            .as_ref()
            .map(|(d, _, _)| d.to_string_lossy().into_owned());
        options.validate()?;
        let compiled = session.compile_checked(&data, &options)?;
        let bytes = session.export(&compiled, &options)?;
        let stem = file_stem(&options, &compiled.prepared.view.words);
        Ok(File {
            name: source.name(&stem, "pdf"),
            kind: "application/pdf",
            bytes,
        })
    })
    .await
}

/// The options a print asks for, its choices checked against the data.
fn print_options(data: &Data, q: &Print) -> Result<Options> {
    let mut selection = Selection::default();
    if let Some(n) = q.strategy {
        selection.strategies.push(n);
    }
    if let Some(m) = &q.measure {
        let id = MeasureId::parse(m).ok_or_else(|| Error::EmptySelection(m.clone()))?;
        selection.measures.push(id);
    }
    if let Some(d) = &q.department {
        selection.departments.push(known_department(data, d)?);
    }
    Ok(Options {
        form: q.form,
        summary: q.summary,
        trend: q.trend,
        trend_only: q.trend_only,
        digest: q.digest,
        opinions: q.opinions,
        committee: q.committee,
        selection,
        ..Options::default()
    })
}

/// The department as departments.yaml spells it, or a refusal.
fn known_department(data: &Data, name: &str) -> Result<String> {
    data.department_names()
        .find(|d| *d == name)
        .map(str::to_string)
        .ok_or_else(|| Error::EmptySelection(name.to_string()))
}

/// report, report_summary, form, report_基本戦略1 …
fn file_stem(options: &Options, words: &crate::model::Words) -> String {
    let mut name = String::from(match (options.form, options.trend_only) {
        (true, _) => "form",
        (_, true) => "trend",
        _ if options.digest => "committee-digest",
        _ if options.opinions => "opinions",
        _ => "report",
    });
    if options.committee {
        name.push_str("_committee");
    }
    if options.summary {
        name.push_str("_summary");
    }
    if options.trend {
        name.push_str("_trend");
    }
    if options.mark_changes.is_some() {
        name.push_str("_changes");
    }
    if !options.selection.is_empty() {
        name.push('_');
        name.push_str(&options.selection.describe(words));
    }
    name
}

/// GET /download/report.html: the web version (`?trend=true`: with the
/// trend pages).
pub async fn report_html(State(app): State<Arc<App>>, Query(q): Query<Print>) -> Response {
    let source = match Source::of(&app, q.last_good) {
        Ok(s) => s,
        Err(e) => return html::message(&app, "出力", &e.to_string()),
    };
    build(&app, move |session| {
        let options = Options {
            trend: q.trend,
            ..Options::default()
        };
        let data = source.data(session.inputs())?;
        let prepared = session.prepare(&data, &options, Scope::Full)?;
        let html =
            render::render_html(&render::html_environment(&prepared.layouts), &prepared.view)
                .map_err(|e| prepared.layouts.locate(e))?;
        Ok(File {
            name: source.name("report", "html"),
            kind: "text/html; charset=utf-8",
            bytes: html.into_bytes(),
        })
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct Workbook {
    department: Option<String>,
}

/// GET /download/workbook: one department's workbook, or all of them in a zip.
pub async fn workbook(State(app): State<Arc<App>>, Query(q): Query<Workbook>) -> Response {
    build(&app, move |session| {
        let inputs = session.inputs();
        let chosen = match &q.department {
            Some(d) => vec![known_department(&pipeline::checked(inputs)?, d)?],
            None => Vec::new(),
        };
        let dir = tempfile::tempdir().map_err(|e| Error::Serve(e.to_string()))?;
        let exported = forms::export(inputs, &chosen, dir.path(), false)?;
        let mut files = Vec::new();
        for e in &exported {
            let name = e
                .workbook
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            files.push((
                name.unwrap_or_default(),
                crate::io::read_limited(&e.workbook, 1 << 30)?,
            ));
        }
        if q.department.is_some() && files.len() == 1 {
            let (name, bytes) = files.remove(0);
            return Ok(File {
                name,
                kind: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                bytes,
            });
        }
        Ok(File {
            name: "workbooks.zip".into(),
            kind: "application/zip",
            bytes: zip(&files)?,
        })
    })
    .await
}

/// Workbooks are zips already: stored as they are.
fn zip(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    use std::io::Write;
    let err = |e: &dyn std::fmt::Display| Error::Serve(format!("zip: {e}"));
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        w.start_file(name, options).map_err(|e| err(&e))?;
        w.write_all(bytes).map_err(|e| err(&e))?;
    }
    Ok(w.finish().map_err(|e| err(&e))?.into_inner())
}

/// GET /downloads: 出力. While the data has a problem, the documents of the
/// last good build, marked so; no workbooks then (staff fill them in, so
/// they are made only from data without problems).
pub async fn view(State(app): State<Arc<App>>) -> Response {
    let inputs = app.inputs();
    let (now, choices) =
        tokio::task::spawn_blocking(move || (returns::status(&inputs), changes::choices(&inputs)))
            .await
            .unwrap_or_else(|_| {
                (
                    Err(Error::Serve("データを読めませんでした".into())),
                    Vec::new(),
                )
            });
    let shown = app.shown();
    let good = shown.last_good.as_ref().map(|g| &g.status);
    let main = match (now, good) {
        (Ok(status), _) => context! { status => ser(&status), choices => ser(&choices) },
        (Err(_), Some(status)) => context! { status => ser(status), last_good => true },
        // The data's own error is 点検's to show: it names the server's files.
        (Err(_), None) => context! { never_good => true },
    };
    html::page(&app, "downloads.html", "downloads", "出力", main)
}

#[derive(Debug, Deserialize)]
pub struct Compare {
    from: String,
}

/// GET /download/changes.html?from=KEY: every changed field between that
/// older side and the data now, as a page to read or print.
pub async fn changes_html(State(app): State<Arc<App>>, Query(q): Query<Compare>) -> Response {
    build(&app, move |session| {
        let inputs = session.inputs().clone();
        let (old, _keep, label) = changes::old_side(&inputs, &q.from)?;
        let new = view::view(&pipeline::checked(&inputs)?);
        let old = view::view(&pipeline::checked(&Inputs {
            data: old,
            ..inputs.clone()
        })?);
        let changes = diff::diff(&old, &new);
        // A page of its own (a file to keep), so its template is apart from
        // the workspace's; the name ends in .html, so every value is escaped.
        let mut env = minijinja::Environment::new();
        let page = env
            .add_template("changes.html", include_str!("assets/changes.html"))
            .and_then(|()| env.get_template("changes.html"))
            .and_then(|t| {
                t.render(context! {
                    plan_title => new.plan.sheet_title.clone(),
                    from => label,
                    count => changes.len(),
                    changes => ser(&changes),
                })
            })
            .map_err(|e| Error::Serve(e.to_string()))?;
        Ok(File {
            name: "changes.html".into(),
            kind: "text/html; charset=utf-8",
            bytes: page.into_bytes(),
        })
    })
    .await
}
