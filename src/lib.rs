//! shinchoku: a welfare plan's progress sheets (進捗管理シート), from YAML
//! data to the city's PDF report.
//!
//! Pipeline: [`load`] → [`validate`] → [`view`] → [`render`] (minijinja,
//! `layouts/*.j2`) → [`world`] + [`pdf`] (Typst, `layouts/*.typ`) → PDF.

pub mod cli;
pub mod era;
pub mod error;
pub mod fonts;
pub mod inspect;
pub mod layouts;
pub mod load;
pub mod model;
pub mod pdf;
pub mod render;
pub mod validate;
pub mod view;
pub mod world;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use typst_layout::PagedDocument;

use crate::error::{Error, Result};
use crate::layouts::Layouts;
use crate::world::ReportWorld;

pub use typst_layout;

/// Where the inputs are.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub data: PathBuf,
    /// `None`: `layouts/` if present, else the built-in layouts.
    pub layouts: Option<PathBuf>,
    /// Extra fonts; the built-in ones are always there.
    pub fonts: Option<PathBuf>,
}

impl Inputs {
    pub fn new(data: impl Into<PathBuf>) -> Self {
        Self {
            data: data.into(),
            layouts: None,
            fonts: None,
        }
    }
}

/// Data read, checked and rendered to Typst markup.
pub struct Prepared {
    pub view: view::View,
    pub markup: String,
    pub layouts: Layouts,
}

/// Load, validate and render: everything before Typst.
pub fn prepare(inputs: &Inputs) -> Result<Prepared> {
    let data = load::load(&inputs.data)?;
    check_data(&data)?;
    let view = view::view(&data);
    let layouts = Layouts::open(inputs.layouts.as_deref())?;
    let env = render::environment(&layouts);
    let markup = render::render(&env, &view)?;
    Ok(Prepared {
        view,
        markup,
        layouts,
    })
}

/// Validation as an error (all problems at once).
pub fn check_data(data: &model::Data) -> Result<()> {
    let problems = validate::validate(data);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
}

/// A Typst world for prepared markup.
pub fn world(inputs: &Inputs, prepared: &Prepared) -> Result<ReportWorld> {
    let fonts = match &inputs.fonts {
        Some(dir) => fonts::with_dir(dir)?,
        None => fonts::embedded().clone(),
    };
    Ok(ReportWorld::new(
        &fonts,
        prepared.layouts.clone(),
        prepared.markup.clone(),
        pdf::datetime(prepared.view.doc.date),
    ))
}

/// A compiled report.
pub struct Compiled {
    pub document: PagedDocument,
    pub warnings: Vec<String>,
    pub world: ReportWorld,
    pub prepared: Prepared,
}

/// Everything up to the laid-out document.
pub fn compile(inputs: &Inputs) -> Result<Compiled> {
    let prepared = prepare(inputs)?;
    let world = world(inputs, &prepared)?;
    let (document, warnings) = pdf::compile(&world)?;
    Ok(Compiled {
        document,
        warnings,
        world,
        prepared,
    })
}

/// What a build produced.
#[derive(Debug)]
pub struct Built {
    pub path: PathBuf,
    pub pages: usize,
    pub bytes: usize,
    pub elapsed: Duration,
    pub warnings: Vec<String>,
}

/// Build the PDF at `out`. On any error the file at `out` is left untouched.
pub fn build(inputs: &Inputs, out: &Path) -> Result<Built> {
    let start = Instant::now();
    let compiled = compile(inputs)?;
    let bytes = pdf::export(
        &compiled.document,
        &compiled.world,
        compiled.prepared.view.doc.date,
    )?;
    pdf::write_atomic(out, &bytes)?;
    Ok(Built {
        path: out.to_path_buf(),
        pages: compiled.document.pages().len(),
        bytes: bytes.len(),
        elapsed: start.elapsed(),
        warnings: compiled.warnings,
    })
}
