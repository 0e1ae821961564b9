//! 出力: every document staff hand out, built on request from the data as
//! it is now. A request chooses only from fixed kinds and from the data's
//! own lists (a strategy or 施策細目 number, a department named in
//! departments.yaml); nothing in it becomes a path.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

use super::state::App;
use crate::error::{Error, Result};
use crate::model::MeasureId;
use crate::pipeline::{self, Inputs, Options, Scope, Session};
use crate::render;
use crate::services::forms;
use crate::view::Selection;

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
/// numbers).
pub async fn report_pdf(State(app): State<Arc<App>>, Query(q): Query<Print>) -> Response {
    build(&app, move |session| {
        let options = print_options(session.inputs(), &q)?;
        let compiled = session.compile(&options)?;
        let bytes = session.export(&compiled, &options)?;
        Ok(File {
            name: format!("{}.pdf", file_stem(&options, &compiled.prepared.view.words)),
            kind: "application/pdf",
            bytes,
        })
    })
    .await
}

/// The options a print asks for, its choices checked against the data.
fn print_options(inputs: &Inputs, q: &Print) -> Result<Options> {
    let mut selection = Selection::default();
    if let Some(n) = q.strategy {
        selection.strategies.push(n);
    }
    if let Some(m) = &q.measure {
        let id = MeasureId::parse(m).ok_or_else(|| Error::EmptySelection(m.clone()))?;
        selection.measures.push(id);
    }
    if let Some(d) = &q.department {
        selection.departments.push(known_department(inputs, d)?);
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
fn known_department(inputs: &Inputs, name: &str) -> Result<String> {
    let data = pipeline::checked(inputs)?;
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
    if !options.selection.is_empty() {
        name.push('_');
        name.push_str(&options.selection.describe(words));
    }
    name
}

/// GET /download/report.html: the web version (`?trend=true`: with the
/// trend pages).
pub async fn report_html(State(app): State<Arc<App>>, Query(q): Query<Print>) -> Response {
    build(&app, move |session| {
        let options = Options {
            trend: q.trend,
            ..Options::default()
        };
        let (view, layouts) = pipeline::view(session.inputs(), &options, Scope::Full)?;
        let html = render::render_html(&render::html_environment(&layouts), &view)
            .map_err(|e| layouts.locate(e))?;
        Ok(File {
            name: "report.html".into(),
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
            Some(d) => vec![known_department(inputs, d)?],
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
