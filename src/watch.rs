//! `watch`: rebuild whenever a data or layout file is saved. The Typst world
//! (fonts, library, caches) is kept between builds, so a rebuild after a
//! small edit costs much less than a cold run. A save that breaks something
//! leaves the last good output in place.
//!
//! Saves are noticed by content, not by time stamps (an editor may keep
//! both size and time), and the output itself is never watched, so writing
//! it does not start another build.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Instant;

use typst_layout::PagedDocument;

use crate::error::Result;
use crate::pipeline::{self, Built, Format, Inputs, Options};
use crate::typeset::{ReportWorld, pdf};
use crate::view::View;
use crate::{io, load};

pub struct Watcher {
    inputs: Inputs,
    options: Options,
    out: PathBuf,
    world: Option<ReportWorld>,
    stamp: Vec<(PathBuf, u64)>,
}

impl Watcher {
    pub fn new(inputs: Inputs, options: Options, out: PathBuf) -> Self {
        let mut w = Self {
            inputs,
            options,
            out,
            world: None,
            stamp: Vec::new(),
        };
        w.stamp = w.scan();
        w
    }

    fn layouts_dir(&self) -> PathBuf {
        self.inputs
            .layouts
            .clone()
            .unwrap_or_else(|| PathBuf::from("layouts"))
    }

    /// The data's folder, or for a year of a plan folder the whole plan
    /// (the trend pages read the earlier years).
    fn data_dir(&self) -> PathBuf {
        let data = &self.inputs.data;
        match load::years::plan_of(data) {
            Some(plan) if !load::years::earlier(data).is_empty() => plan,
            _ => data.clone(),
        }
    }

    /// The folders whose files are watched (for event-based watching).
    pub fn folders(&self) -> [PathBuf; 2] {
        [self.data_dir(), self.layouts_dir()]
    }

    /// Every watched file with a hash of its content.
    fn scan(&self) -> Vec<(PathBuf, u64)> {
        let mut files = Vec::new();
        walk(&self.data_dir(), &mut files, &|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(load::is_data_file)
        });
        let out_stem = self
            .out
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned());
        walk(&self.layouts_dir(), &mut files, &|p| {
            !self.is_output(p, out_stem.as_deref())
        });
        files.sort();
        files
            .into_iter()
            .map(|p| {
                let mut h = DefaultHasher::new();
                std::fs::read(&p).ok().hash(&mut h);
                (p, h.finish())
            })
            .collect()
    }

    /// The output, its page images, and temporary files being written.
    fn is_output(&self, p: &Path, stem: Option<&str>) -> bool {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        name.starts_with(".shinchoku-")
            || same(p, &self.out)
            || stem.is_some_and(|s| name.starts_with(&format!("{s}-")) && name.ends_with(".png"))
    }

    /// Whether any watched file was saved, added or removed since the last call.
    pub fn changed(&mut self) -> bool {
        let now = self.scan();
        let changed = now != self.stamp;
        self.stamp = now;
        changed
    }

    /// Build once, reusing the world of the previous build.
    pub fn rebuild(&mut self) -> Result<Built> {
        if !self.options.selection.is_empty() || self.options.format != Format::Pdf {
            // A selection lays out the full report first; other formats
            // are built as by `build`.
            return pipeline::build_with(&self.inputs, &self.options, &self.out);
        }
        let start = Instant::now();
        pipeline::guard_output(&self.inputs, &self.out)?;
        let laid = self.lay_out()?;
        let bytes = self.export(&laid)?;
        io::write_atomic(&self.out, &bytes)?;
        Ok(Built {
            path: self.out.clone(),
            pages: laid.document.pages().len(),
            bytes: bytes.len(),
            elapsed: start.elapsed(),
            warnings: laid.warnings,
        })
    }

    /// Lay out the whole report (the options' form and summary; no
    /// selection), reusing the world of the previous build. Nothing is
    /// written: `serve` shows the pages as images.
    pub fn lay_out(&mut self) -> Result<Laid> {
        let prepared = pipeline::prepare_with(&self.inputs, &self.options, None)?;
        let date = prepared.view.doc.date;
        let world = match &mut self.world {
            Some(w) => {
                w.set_main(prepared.markup.clone(), pdf::datetime(date));
                w
            }
            None => self.world.insert(pipeline::world(&self.inputs, &prepared)?),
        };
        let compiled = pdf::compile(world);
        // Keep Typst's cache to what recent builds used, as `typst watch` does,
        // so a long session does not grow without bound.
        typst::comemo::evict(10);
        let (document, warnings) = compiled?;
        Ok(Laid {
            document,
            warnings,
            view: prepared.view,
        })
    }

    /// The PDF of the last laid-out report, from the warm world.
    pub fn export(&self, laid: &Laid) -> Result<Vec<u8>> {
        let world = self.world.as_ref().ok_or_else(|| {
            crate::error::Error::Export("  まだ組版していません (nothing laid out)".into())
        })?;
        pdf::export(
            &laid.document,
            world,
            laid.view.doc.date,
            &self.options.standards(),
        )
    }
}

/// A laid-out report and the view it was made from.
pub struct Laid {
    pub document: PagedDocument,
    pub warnings: Vec<String>,
    pub view: View,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, keep: &dyn Fn(&Path) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let kind = e.file_type();
        if kind.as_ref().is_ok_and(|t| t.is_dir()) {
            walk(&p, out, keep);
        } else if kind.is_ok_and(|t| t.is_file() || t.is_symlink()) && p.is_file() && keep(&p) {
            // Regular files only: reading a named pipe would block.
            out.push(p);
        }
    }
}
