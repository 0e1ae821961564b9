//! 年度: the plan's years, the year shown, and 新年度の準備 (the new-year
//! step) with a preview of what carries over, so the year's cycle needs no
//! command line. A year is chosen by its number from the plan folder's own
//! list; a one-year data folder becomes a plan folder (計画/2024 copied
//! from it, 計画/2025 written) beside it, the folder itself untouched.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::html::{self, ser};
use super::state::App;
use crate::error::Result;
use crate::load::years;
use crate::model::Field;
use crate::model::era::Width;
use crate::pipeline::Inputs;
use crate::services::new_year;

/// Rows of the carried policies (取組方針) listed in the preview (all are counted).
const PREVIEW_ROWS: usize = 200;

#[derive(Debug, Serialize)]
struct YearLink {
    year: i32,
    label: String,
    current: bool,
}

#[derive(Debug, Serialize)]
struct Carried {
    key: String,
    before: String,
    after: String,
}

#[derive(Debug, Serialize)]
struct NextYear {
    label: String,
    /// The year it starts from (the plan's latest).
    from: String,
    /// The new folder as staff see it: 計画/2026 (never the server's full path).
    folder: String,
    /// Where this year is copied first, when a plan folder is started.
    copy_to: Option<String>,
    rows: usize,
    carried_count: usize,
    carried: Vec<Carried>,
    /// The columns named in the plan's words: 取組方針, 今後の方針, 実施結果, 自己評価.
    words: ColumnNames,
}

#[derive(Debug, Serialize)]
struct ColumnNames {
    policy: String,
    next_policy: String,
    results: String,
    grade: String,
}

impl ColumnNames {
    fn of(w: &crate::model::Words) -> ColumnNames {
        ColumnNames {
            policy: w.name(&w.columns.policy.value),
            next_policy: w.field(Field::NextPolicy),
            results: w.name(&w.columns.group.value),
            grade: w.field(Field::Grade),
        }
    }
}

/// A path shown as its last two parts (計画/2025).
fn short(p: &Path) -> String {
    let parts: Vec<String> = p
        .components()
        .rev()
        .take(2)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.into_iter().rev().collect::<Vec<_>>().join("/")
}

/// The plan folder a single data folder becomes: 「data-年度別」 beside it.
fn new_plan_folder(data: &Path) -> PathBuf {
    new_year::beside(data, "年度別")
}

/// Where the next year goes: in the plan folder, or a new plan folder.
fn plan_for(inputs: &Inputs) -> Option<PathBuf> {
    years::plan_of(&inputs.data)
        .is_none()
        .then(|| new_plan_folder(&inputs.data))
}

/// The year new-year starts from: in a plan folder its latest year,
/// whichever year is shown.
fn latest(inputs: &Inputs) -> Result<Inputs> {
    let data = match years::plan_of(&inputs.data) {
        Some(plan) => years::resolve(&plan, None)?,
        None => inputs.data.clone(),
    };
    Ok(Inputs {
        data,
        ..inputs.clone()
    })
}

fn next_year(inputs: &Inputs) -> Result<NextYear> {
    let inputs = &latest(inputs)?;
    let p = new_year::preview(inputs, None, plan_for(inputs).as_deref())?;
    let carried = p
        .carried
        .iter()
        .take(PREVIEW_ROWS)
        .map(|(k, before, after)| Carried {
            key: k.to_string(),
            before: before.clone(),
            after: after.clone(),
        })
        .collect();
    let words = words_of(&inputs.data);
    let style = words.year_style();
    Ok(NextYear {
        label: style.label(p.fiscal_year, Width::Half),
        from: style.label(p.fiscal_year - 1, Width::Half),
        folder: short(&p.folder),
        copy_to: p.copy_to.as_deref().map(short),
        rows: p.rows,
        carried_count: p.carried.len(),
        carried,
        words: ColumnNames::of(&words),
    })
}

/// The words of the data folder, for years written as the plan writes
/// them (令和8年度（2026年度）) and its column names; the defaults when
/// they cannot be read (点検 says why).
pub(super) fn words_of(data: &Path) -> crate::model::Words {
    crate::load::words(data)
        .map(|w| w.value)
        .unwrap_or_default()
}

fn links(inputs: &Inputs) -> Vec<YearLink> {
    let Some(plan) = years::plan_of(&inputs.data) else {
        return Vec::new();
    };
    let now = years::year_of(&inputs.data);
    let style = words_of(&inputs.data).year_style();
    years::year_folders(&plan)
        .into_iter()
        .map(|(y, _)| YearLink {
            year: y,
            label: style.label(y, Width::Half),
            current: Some(y) == now,
        })
        .collect()
}

/// GET /years.
pub async fn view(State(app): State<Arc<App>>) -> Response {
    let inputs = app.inputs();
    let (years, next) = tokio::task::spawn_blocking(move || {
        (
            links(&inputs),
            next_year(&inputs).map_err(|e| e.to_string()),
        )
    })
    .await
    .unwrap_or_else(|_| (Vec::new(), Err("データを読めませんでした".into())));
    let main = match next {
        Ok(n) => context! { years => ser(&years), next => ser(&n) },
        Err(e) => context! { years => ser(&years), error => e },
    };
    html::page(&app, "years.html", "years", "年度", main)
}

#[derive(Debug, Deserialize)]
pub struct Choice {
    year: i32,
}

/// POST /years/switch: show another year of the plan folder.
pub async fn switch(State(app): State<Arc<App>>, Form(c): Form<Choice>) -> Response {
    let inputs = app.inputs();
    let Some(plan) = years::plan_of(&inputs.data) else {
        return html::message(
            &app,
            "年度",
            "このデータは年度ごとのフォルダに分かれていません",
        );
    };
    match years::year_folders(&plan)
        .into_iter()
        .find(|(y, _)| *y == c.year)
    {
        Some((_, folder)) => {
            app.switch_to(folder);
            Redirect::to("/").into_response()
        }
        None => html::message(
            &app,
            "年度",
            &format!("{}年度のフォルダはありません", c.year),
        ),
    }
}

/// POST /years/new: write next year's folder and show it.
pub async fn start(State(app): State<Arc<App>>) -> Response {
    let _one = app.import.lock().await;
    let inputs = app.inputs();
    let made = tokio::task::spawn_blocking(move || {
        let inputs = latest(&inputs)?;
        new_year::new_year(&inputs, None, plan_for(&inputs).as_deref())
    })
    .await;
    match made {
        Ok(Ok(n)) => {
            app.switch_to(n.folder);
            Redirect::to("/years").into_response()
        }
        Ok(Err(e)) => html::message(&app, "年度", &e.to_string()),
        Err(_) => html::message(&app, "年度", "新しい年度を作れませんでした"),
    }
}
