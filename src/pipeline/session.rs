//! One compile session: the inputs, and a Typst world kept warm between
//! compiles. A one-off command makes a fresh session; `watch` and the
//! `serve` builder keep theirs, so an edit lays out again incrementally
//! (Typst's caches see the same fonts and library, only the markup
//! changed). Downloads in `serve` reuse the builder's session.

use std::path::Path;

use typst_layout::PagedDocument;

use super::{Inputs, Options, Scope, checked};
use crate::error::{Error, Result};
use crate::io;
use crate::model::Data;
use crate::render::{self, Layouts};
use crate::typeset::{ReportWorld, inspect, pdf};
use crate::view::{self, View};

/// Data read, checked and rendered to Typst markup.
pub struct Prepared {
    pub view: View,
    pub markup: String,
    pub layouts: Layouts,
}

/// A laid-out document and what it was made from.
pub struct Compiled {
    pub document: PagedDocument,
    pub warnings: Vec<String>,
    pub prepared: Prepared,
}

pub struct Session {
    inputs: Inputs,
    world: Option<ReportWorld>,
}

impl Session {
    pub fn new(inputs: Inputs) -> Self {
        Self {
            inputs,
            world: None,
        }
    }

    pub fn inputs(&self) -> &Inputs {
        &self.inputs
    }

    /// The document `options` ask for: the data read and checked, then laid
    /// out.
    pub fn compile(&mut self, options: &Options) -> Result<Compiled> {
        options.validate()?;
        let data = checked(&self.inputs)?;
        self.compile_checked(&data, options)
    }

    /// Lay out data already loaded and checked. A selection keeps the full
    /// report's page numbers, and the committee's documents refer to them:
    /// the full report is laid out first.
    pub fn compile_checked(&mut self, data: &Data, options: &Options) -> Result<Compiled> {
        let pages = if options.selection.is_empty() && !options.digest && !options.opinions {
            None
        } else {
            let full = Options {
                selection: view::Selection::default(),
                digest: false,
                opinions: false,
                ..options.clone()
            };
            let compiled = self.lay_out(data, &full, Scope::Full)?;
            Some(inspect::pages(&compiled.document))
        };
        self.lay_out(
            data,
            options,
            pages.as_ref().map_or(Scope::Full, Scope::Numbered),
        )
    }

    fn lay_out(&mut self, data: &Data, options: &Options, scope: Scope) -> Result<Compiled> {
        let prepared = self.prepare(data, options, scope)?;
        if prepared.view.strategies.is_empty() {
            let described = options.selection.describe(&prepared.view.words);
            return Err(Error::EmptySelection(described));
        }
        let world = self.world_for(&prepared)?;
        let compiled = pdf::compile(world);
        // Keep Typst's cache to what recent compiles used, as `typst watch`
        // does, so a long session does not grow without bound.
        typst::comemo::evict(10);
        let (document, warnings) = compiled?;
        Ok(Compiled {
            document,
            warnings,
            prepared,
        })
    }

    /// Shape and render data already checked: everything before Typst.
    pub fn prepare(&self, data: &Data, options: &Options, scope: Scope) -> Result<Prepared> {
        let (view, layouts) = view_of(data, &self.inputs, options, scope)?;
        let env = render::environment(&layouts);
        let markup = render::render(&env, &view).map_err(|e| layouts.locate(e))?;
        Ok(Prepared {
            view,
            markup,
            layouts,
        })
    }

    /// The warm world with this markup as its main source (made on first use).
    fn world_for(&mut self, prepared: &Prepared) -> Result<&ReportWorld> {
        let today = pdf::datetime(prepared.view.doc.date);
        if let Some(w) = &mut self.world {
            w.set_main(prepared.markup.clone(), today);
        } else {
            self.world = Some(super::world(&self.inputs, prepared)?);
        }
        Ok(self.world.as_ref().expect("made above"))
    }

    /// The PDF of a compiled document, claiming the standards `options` ask
    /// for.
    pub fn export(&self, compiled: &Compiled, options: &Options) -> Result<Vec<u8>> {
        let fresh;
        let world = match &self.world {
            Some(w) => w,
            None => {
                fresh = super::world(&self.inputs, &compiled.prepared)?;
                &fresh
            }
        };
        pdf::export(
            &compiled.document,
            world,
            compiled.prepared.view.doc.date,
            &options.standards(),
        )
    }
}

/// Shape data already loaded and checked as `options` ask.
pub(super) fn view_of(
    data: &Data,
    inputs: &Inputs,
    options: &Options,
    scope: Scope,
) -> Result<(View, Layouts)> {
    options.validate()?;
    options.refuse_unknown(data)?;
    let mut view = view::view(data);
    if options.form {
        view.clear_results();
    }
    if options.summary && options.selection.is_empty() {
        view.add_summary();
    }
    view.add_committee_parts(data, options.parts(data), scope.pages());
    add_trend(&mut view, data, options);
    if let Some(old) = &options.mark_changes {
        let (dir, _keep) = io::git::resolve(old, Path::new("."))?;
        let old_inputs = Inputs {
            data: dir,
            ..inputs.clone()
        };
        let (old_view, _) = super::view(&old_inputs, &Options::default(), Scope::Full)?;
        view.mark_changes(&old_view);
    }
    if !options.selection.is_empty() && !matches!(scope, Scope::Full) {
        view.select(
            &options.selection,
            scope.pages().unwrap_or(&view::Pages::default()),
        );
    }
    view.note_results();
    let layouts = Layouts::open(inputs.layouts.as_deref())?;
    Ok((view, layouts))
}

/// The trend pages and each sheet's history, as `options` and words.yaml ask.
fn add_trend(view: &mut View, data: &Data, options: &Options) {
    let words = &data.words.value.trend;
    let history = (options.history || words.sheets.value) && !options.form;
    let trend = options.trend || options.trend_only || words.show.value;
    if trend || history {
        view.add_trend(data);
        view.trend_only = options.trend_only;
        if history {
            view.add_history(data);
        }
        // The trend pages belong to the whole report only.
        if !trend || !options.selection.is_empty() {
            view.trend = None;
        }
    }
}
