//! Writing what a session laid out: the PDF, the web version or page
//! images, each written to a temporary file and renamed, so an error never
//! leaves a broken output behind.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Format, Inputs, Options, Scope, Session, checked, session};
use crate::error::{Error, Result};
use crate::{io, load, render, typeset};

/// What a build produced.
#[derive(Debug)]
pub struct Built {
    pub path: PathBuf,
    pub pages: usize,
    pub bytes: usize,
    pub elapsed: Duration,
    pub warnings: Vec<String>,
}

impl Session {
    /// Build what `options` ask for at `out`. On any error the file at
    /// `out` is left untouched.
    pub fn write(&mut self, options: &Options, out: &Path) -> Result<Built> {
        let start = Instant::now();
        options.validate()?;
        guard_output(self.inputs(), out)?;
        let mut built = match options.format {
            Format::Pdf => self.write_pdf(options, out),
            Format::Html => self.write_html(options, out),
            Format::Png => self.write_png(options, out),
        }?;
        built.elapsed = start.elapsed();
        Ok(built)
    }

    fn write_pdf(&mut self, options: &Options, out: &Path) -> Result<Built> {
        let compiled = self.compile(options)?;
        let bytes = self.export(&compiled, options)?;
        io::write_atomic(out, &bytes)?;
        Ok(Built {
            path: out.to_path_buf(),
            pages: compiled.document.pages().len(),
            bytes: bytes.len(),
            elapsed: Duration::ZERO,
            warnings: compiled.warnings,
        })
    }

    /// The web version: the same view through `layouts/report.html.j2`; no
    /// Typst involved, so it has no page numbers.
    fn write_html(&mut self, options: &Options, out: &Path) -> Result<Built> {
        let scope = if options.selection.is_empty() {
            Scope::Full
        } else {
            Scope::Web
        };
        let data = checked(self.inputs())?;
        let (view, layouts) = session::view_of(&data, self.inputs(), options, scope)?;
        if view.strategies.is_empty() {
            return Err(Error::EmptySelection(
                options.selection.describe(&view.words),
            ));
        }
        let html = render::render_html(&render::html_environment(&layouts), &view)
            .map_err(|e| layouts.locate(e))?;
        io::write_atomic(out, html.as_bytes())?;
        Ok(Built {
            path: out.to_path_buf(),
            pages: 0,
            bytes: html.len(),
            elapsed: Duration::ZERO,
            warnings: Vec::new(),
        })
    }

    /// One PNG per page, named `<stem>-01.png`, … beside `out`.
    fn write_png(&mut self, options: &Options, out: &Path) -> Result<Built> {
        let compiled = self.compile(options)?;
        let stem = out
            .file_stem()
            .map_or("report".into(), |s| s.to_string_lossy().into_owned());
        let pngs = typeset::png::pages(&compiled.document)?;
        for (i, png) in pngs.iter().enumerate() {
            io::write_atomic(&out.with_file_name(format!("{stem}-{:02}.png", i + 1)), png)?;
        }
        remove_pages_after(out, &stem, pngs.len());
        Ok(Built {
            path: out.with_file_name(format!("{stem}-01.png")),
            pages: pngs.len(),
            bytes: pngs.iter().map(Vec::len).sum(),
            elapsed: Duration::ZERO,
            warnings: compiled.warnings,
        })
    }
}

/// An output must not replace an input: a data file, a layout or a font
/// (`-o data/plan.yaml` would put a PDF where the plan was), nor a device.
pub fn guard_output(inputs: &Inputs, out: &Path) -> Result<()> {
    io::write::refuse_special(out)?;
    let target = io::absolute(out);
    let refuse = |what: &str| Error::Output {
        path: out.to_path_buf(),
        reason: format!(
            "{what}を上書きすることになるので書き出しません。出力先には out/ など別の場所を指定してください"
        ),
    };
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if target.starts_with(io::absolute(&inputs.data)) && load::is_data_file(name) {
        return Err(refuse("データのファイル"));
    }
    let layouts = inputs
        .layouts
        .clone()
        .unwrap_or_else(|| PathBuf::from("layouts"));
    if layouts.is_dir() && target.starts_with(io::absolute(&layouts)) {
        return Err(refuse("レイアウトのフォルダの中のファイル"));
    }
    if let Some(fonts) = &inputs.fonts
        && target.starts_with(io::absolute(fonts))
    {
        return Err(refuse("フォントのフォルダの中のファイル"));
    }
    Ok(())
}

/// Page images of an earlier, longer build (`report-51.png` when the report
/// now has 50 pages) would be mistaken for this one's: remove them.
fn remove_pages_after(out: &Path, stem: &str, count: usize) {
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let page = name
            .strip_prefix(&format!("{stem}-"))
            .and_then(|r| r.strip_suffix(".png"))
            .filter(|n| n.len() >= 2 && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<usize>().ok());
        if page.is_some_and(|n| n > count) && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
