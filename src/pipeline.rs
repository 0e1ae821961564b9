//! The build, stage by stage: load → check → view → render (minijinja) →
//! typeset (Typst) → write. Each command takes the stages it needs from
//! here, so they all check the data the same way.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use typst_layout::PagedDocument;

use crate::error::{Error, Result};
use crate::model::Data;
use crate::render::Layouts;
use crate::typeset::{Fonts, ReportWorld, Standard, fonts, inspect, pdf};
use crate::view::{self, View};
use crate::{check, io, load, render, typeset};

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

/// What to print.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The blank form for departments: result columns empty.
    pub form: bool,
    /// A 自己評価 summary page after the index.
    pub summary: bool,
    /// The trend pages (the plan's years side by side) after the index;
    /// also when words.yaml's `trend.show` is true.
    pub trend: bool,
    /// Only the trend pages (a document of their own).
    pub trend_only: bool,
    /// Each sheet shows its rows' grades of every year so far; also when
    /// words.yaml's `trend.sheets` is true.
    pub history: bool,
    /// Each sheet shows the committee's grade, opinion and the city's
    /// answer; also when words.yaml's `committee.sheets` is true.
    pub committee: bool,
    /// The committee's digest for the meeting, a document of its own.
    pub digest: bool,
    /// The opinions with the city's answers, a document of its own.
    pub opinions: bool,
    /// Only these sheets (committee printing), with the full report's page numbers.
    pub selection: view::Selection,
    /// PDF standards to meet besides PDF/UA-1 (PDF/A levels).
    pub standards: Vec<Standard>,
    /// Leave out PDF/UA-1 (only when asked for explicitly).
    pub no_ua: bool,
    pub format: Format,
    /// Highlight what differs from this older data folder (or `REV:PATH`).
    pub mark_changes: Option<String>,
}

/// What kind of file to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Pdf,
    /// The accessible web version.
    Html,
    /// One PNG per page, for previews.
    Png,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Html => "html",
            Self::Png => "png",
        }
    }
}

impl Options {
    /// The standards the PDF will claim: PDF/UA-1 always, unless turned
    /// off, and any PDF/A level asked for.
    pub fn standards(&self) -> Vec<Standard> {
        let mut all = self.standards.clone();
        if !self.no_ua && !all.contains(&Standard::Ua1) {
            all.insert(0, Standard::Ua1);
        }
        if self.no_ua {
            all.retain(|s| *s != Standard::Ua1);
        }
        all
    }

    /// Which committee parts the view gets.
    pub fn parts(&self, data: &Data) -> view::CommitteeParts {
        view::CommitteeParts {
            sheets: (self.committee || data.words.value.committee.sheets.value) && !self.form,
            summary: self.summary,
            digest: self.digest,
            opinions: self.opinions,
        }
    }

    /// Options that cannot be honoured together are refused, not ignored.
    pub fn refuse_conflicts(&self, data: &Data) -> Result<()> {
        if (self.digest || self.opinions)
            && (!self.selection.is_empty()
                || self.form
                || self.trend
                || self.trend_only
                || self.summary)
        {
            return Err(Error::Usage(
                "--committee-digest と --opinions は、それだけで使います（--strategy・--form・--summary・--trend とは一緒に使えません）".into(),
            ));
        }
        if self.digest && self.opinions {
            return Err(Error::Usage(
                "--committee-digest と --opinions は別々の文書です。一つずつ作ってください".into(),
            ));
        }
        if (self.trend || self.trend_only) && !self.selection.is_empty() {
            return Err(Error::Usage(
                "--trend（推移のページ）は報告書全体のときだけ使えます。--strategy などの抜粋と一緒には使えません".into(),
            ));
        }
        if self.summary && !self.selection.is_empty() {
            return Err(Error::Usage(
                "--summary（集計ページ）は報告書全体のときだけ使えます。--strategy などの抜粋と一緒には使えません".into(),
            ));
        }
        if self.format == Format::Html && self.mark_changes.is_some() {
            return Err(Error::Usage(
                "--mark-changes（変わった欄の色付け）は PDF と PNG のときだけ使えます。ウェブ公開用（--format html）には色を付けません".into(),
            ));
        }
        if self.format != Format::Pdf && (!self.standards.is_empty() || self.no_ua) {
            return Err(Error::Usage(
                "--pdf-standard と --no-pdf-ua は PDF のときだけ使えます".into(),
            ));
        }
        let known: Vec<&str> = data.department_names().collect();
        if let Some(d) = self
            .selection
            .departments
            .iter()
            .find(|d| !known.contains(&d.as_str()))
        {
            return Err(Error::Usage(format!(
                "部署「{}」は{} (departments.yaml) にありません",
                crate::error::shown(d),
                data.words.value.departments_list()
            )));
        }
        Ok(())
    }
}

/// Load the data and check it: every problem at once, or the data.
pub fn checked(inputs: &Inputs) -> Result<Data> {
    let data = load::load(&inputs.data)?;
    let mut problems = check::validate(&data);
    let fonts = fonts_for(inputs)?;
    problems.extend(check::missing_glyphs(&data, |c| fonts.covers(c)));
    if problems.is_empty() {
        Ok(data)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// Everything `build` does for the whole report, without writing: the one
/// gate. When this passes, `build`, `export-forms` and `import-forms`
/// accept the same data.
pub fn check(inputs: &Inputs) -> Result<Data> {
    let data = checked(inputs)?;
    let options = Options::default();
    export(&compile_checked(&data, inputs, &options)?, &options)?;
    Ok(data)
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

/// The built-in fonts, plus those of `--fonts` if given.
pub fn fonts_for(inputs: &Inputs) -> Result<Cow<'static, Fonts>> {
    Ok(match &inputs.fonts {
        Some(dir) => Cow::Owned(fonts::with_dir(dir)?),
        None => Cow::Borrowed(fonts::embedded()),
    })
}

/// Data read, checked and rendered to Typst markup.
pub struct Prepared {
    pub view: View,
    pub markup: String,
    pub layouts: Layouts,
}

/// Load, check and render the whole report: everything before Typst.
pub fn prepare(inputs: &Inputs) -> Result<Prepared> {
    prepare_with(inputs, &Options::default(), None)
}

/// Load, check and render as `options` ask. A selection needs the full
/// report's `pages`.
pub fn prepare_with(
    inputs: &Inputs,
    options: &Options,
    pages: Option<&view::Pages>,
) -> Result<Prepared> {
    prepare_checked(&checked(inputs)?, inputs, options, pages)
}

/// Render data already loaded and checked.
fn prepare_checked(
    data: &Data,
    inputs: &Inputs,
    options: &Options,
    pages: Option<&view::Pages>,
) -> Result<Prepared> {
    let (view, layouts) = view_of(data, inputs, options, pages)?;
    let env = render::environment(&layouts);
    let markup = render::render(&env, &view).map_err(|e| layouts.locate(e))?;
    Ok(Prepared {
        view,
        markup,
        layouts,
    })
}

/// Load, check and shape the data as `options` ask (no rendering yet).
pub fn view_for(
    inputs: &Inputs,
    options: &Options,
    pages: Option<&view::Pages>,
) -> Result<(View, Layouts)> {
    view_of(&checked(inputs)?, inputs, options, pages)
}

/// Shape data already loaded and checked.
fn view_of(
    data: &Data,
    inputs: &Inputs,
    options: &Options,
    pages: Option<&view::Pages>,
) -> Result<(View, Layouts)> {
    options.refuse_conflicts(data)?;
    let mut view = view::view(data);
    if options.form {
        view.clear_results();
    }
    if options.summary && options.selection.is_empty() {
        view.add_summary();
    }
    view.add_committee_parts(data, options.parts(data), pages);
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
    if let Some(old) = &options.mark_changes {
        let (dir, _keep) = io::git::resolve(old, Path::new("."))?;
        let old_inputs = Inputs {
            data: dir,
            ..inputs.clone()
        };
        let (old_view, _) = view_for(&old_inputs, &Options::default(), None)?;
        view.mark_changes(&old_view);
    }
    if let Some(pages) = pages.filter(|_| !options.selection.is_empty()) {
        view.select(&options.selection, pages);
    }
    view.note_results();
    let layouts = Layouts::open(inputs.layouts.as_deref())?;
    Ok((view, layouts))
}

/// A Typst world for prepared markup.
pub fn world(inputs: &Inputs, prepared: &Prepared) -> Result<ReportWorld> {
    let fonts = fonts_for(inputs)?;
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
    compile_with(inputs, &Options::default())
}

/// The document `options` ask for. For a selection, the full report is laid
/// out first, so each chosen sheet keeps its page number.
pub fn compile_with(inputs: &Inputs, options: &Options) -> Result<Compiled> {
    compile_checked(&checked(inputs)?, inputs, options)
}

/// Lay out data already loaded and checked (read once, also for the full
/// report a selection needs first).
fn compile_checked(data: &Data, inputs: &Inputs, options: &Options) -> Result<Compiled> {
    // A selection keeps the full report's page numbers, and the committee's
    // documents refer to them: the full report is laid out first.
    let pages = if options.selection.is_empty() && !options.digest && !options.opinions {
        None
    } else {
        let full = Options {
            selection: view::Selection::default(),
            digest: false,
            opinions: false,
            ..options.clone()
        };
        let compiled = compile_checked(data, inputs, &full)?;
        Some(inspect::pages(&compiled.document))
    };
    let prepared = prepare_checked(data, inputs, options, pages.as_ref())?;
    if prepared.view.strategies.is_empty() {
        let described = options.selection.describe(&prepared.view.words);
        return Err(Error::EmptySelection(described));
    }
    let world = world(inputs, &prepared)?;
    let (document, warnings) = pdf::compile(&world)?;
    Ok(Compiled {
        document,
        warnings,
        world,
        prepared,
    })
}

/// The PDF of a compiled report, claiming the standards `options` ask for.
pub fn export(compiled: &Compiled, options: &Options) -> Result<Vec<u8>> {
    pdf::export(
        &compiled.document,
        &compiled.world,
        compiled.prepared.view.doc.date,
        &options.standards(),
    )
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

/// Build the whole report at `out`. On any error the file at `out` is left
/// untouched.
pub fn build(inputs: &Inputs, out: &Path) -> Result<Built> {
    build_with(inputs, &Options::default(), out)
}

/// Build what `options` ask for at `out`.
pub fn build_with(inputs: &Inputs, options: &Options, out: &Path) -> Result<Built> {
    let start = Instant::now();
    guard_output(inputs, out)?;
    let mut built = match options.format {
        Format::Pdf => build_pdf(inputs, options, out),
        Format::Html => build_html(inputs, options, out),
        Format::Png => build_png(inputs, options, out),
    }?;
    built.elapsed = start.elapsed();
    Ok(built)
}

fn build_pdf(inputs: &Inputs, options: &Options, out: &Path) -> Result<Built> {
    let compiled = compile_with(inputs, options)?;
    let bytes = export(&compiled, options)?;
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
fn build_html(inputs: &Inputs, options: &Options, out: &Path) -> Result<Built> {
    let no_pages = view::Pages::default();
    let pages = (!options.selection.is_empty()).then_some(&no_pages);
    let (view, layouts) = view_for(inputs, options, pages)?;
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
fn build_png(inputs: &Inputs, options: &Options, out: &Path) -> Result<Built> {
    let compiled = compile_with(inputs, options)?;
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
