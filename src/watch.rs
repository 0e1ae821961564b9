//! `watch`: rebuild whenever a file under the data or layouts folder is
//! saved. The Typst world (fonts, library, caches) is kept between builds,
//! so a rebuild after a small edit costs much less than a cold run. A save
//! that breaks something leaves the last good PDF in place.

use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use crate::error::Result;
use crate::world::ReportWorld;
use crate::{Built, Inputs, Options, pdf};

pub struct Watcher {
    inputs: Inputs,
    options: Options,
    out: PathBuf,
    world: Option<ReportWorld>,
    stamp: Vec<(PathBuf, Option<SystemTime>, u64)>,
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

    /// Files watched: everything under the data folder and the layouts folder.
    fn scan(&self) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
        let mut files = Vec::new();
        let layouts = self
            .inputs
            .layouts
            .clone()
            .unwrap_or_else(|| PathBuf::from("layouts"));
        for dir in [&self.inputs.data, &layouts] {
            walk(dir, &mut files);
        }
        files.sort();
        files
            .into_iter()
            .map(|p| {
                let meta = std::fs::metadata(&p).ok();
                let modified = meta.as_ref().and_then(|m| m.modified().ok());
                let len = meta.map_or(0, |m| m.len());
                (p, modified, len)
            })
            .collect()
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
        if !self.options.selection.is_empty() {
            // A selection lays out the full report first; no reuse there.
            return crate::build_with(&self.inputs, &self.options, &self.out);
        }
        let start = Instant::now();
        let prepared = crate::prepare_with(&self.inputs, &self.options, None)?;
        let date = prepared.view.doc.date;
        let world = match &mut self.world {
            Some(w) => {
                w.set_main(prepared.markup.clone(), pdf::datetime(date));
                w
            }
            None => self.world.insert(crate::world(&self.inputs, &prepared)?),
        };
        let compiled = pdf::compile(world);
        // Keep Typst's cache to what recent builds used, as `typst watch` does,
        // so a long session does not grow without bound.
        typst::comemo::evict(10);
        let (document, warnings) = compiled?;
        let bytes = pdf::export(&document, world, date, &self.options.standards())?;
        pdf::write_atomic(&self.out, &bytes)?;
        Ok(Built {
            path: self.out.clone(),
            pages: document.pages().len(),
            bytes: bytes.len(),
            elapsed: start.elapsed(),
            warnings,
        })
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}
