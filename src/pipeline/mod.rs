//! The build, stage by stage: load → check → view → render (minijinja) →
//! typeset (Typst) → write. Every command goes through one [`Session`]:
//! `build`, `check` and the workbooks' exports use a fresh one, `watch` and
//! `serve` keep theirs (its Typst world stays warm between edits). So they
//! all check the data and lay it out the same way.

mod session;
mod write;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Data;
use crate::render::Layouts;
use crate::typeset::{Fonts, ReportWorld, Standard, fonts};
use crate::view::{self, View};
use crate::{check, load};

pub use session::{Compiled, Prepared, Session};
pub use write::{Built, guard_output};

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

    /// Options that cannot be honoured together are refused, not ignored,
    /// before any data is read (so `watch` stops at once on them too).
    pub fn validate(&self) -> Result<()> {
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
        Ok(())
    }

    /// A department chosen that the data does not know.
    fn refuse_unknown(&self, data: &Data) -> Result<()> {
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
    // The fonts (parsed once per process) are made ready while the data is
    // read.
    let (data, fonts) = std::thread::scope(|s| {
        let fonts = s.spawn(|| fonts_for(inputs));
        let data = load::load(&inputs.data);
        let fonts = fonts
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (data, fonts)
    });
    let data = data?;
    let mut problems = check::validate(&data);
    let fonts = fonts?;
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
    let mut session = Session::new(inputs.clone());
    let compiled = session.compile_checked(&data, &options)?;
    session.export(&compiled, &options)?;
    Ok(data)
}

/// The built-in fonts, plus those of `--fonts` if given.
pub fn fonts_for(inputs: &Inputs) -> Result<Cow<'static, Fonts>> {
    Ok(match &inputs.fonts {
        Some(dir) => Cow::Owned(fonts::with_dir(dir)?),
        None => Cow::Borrowed(fonts::embedded()),
    })
}

/// What part of the report a view holds.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// The report as a whole, laid out on its own.
    Full,
    /// After the full report was laid out: its page numbers, for the
    /// sheets of a selection and the committee documents' references.
    Numbered(&'a view::Pages),
    /// The web version of a selection or committee document: no pages.
    Web,
}

impl<'a> Scope<'a> {
    fn pages(self) -> Option<&'a view::Pages> {
        match self {
            Self::Numbered(p) => Some(p),
            Self::Full | Self::Web => None,
        }
    }
}

/// Load, check and render as `options` ask: everything before Typst.
pub fn prepare(inputs: &Inputs, options: &Options) -> Result<Prepared> {
    Session::new(inputs.clone()).prepare(&checked(inputs)?, options, Scope::Full)
}

/// Load, check and shape the data as `options` ask (no rendering yet).
pub fn view(inputs: &Inputs, options: &Options, scope: Scope) -> Result<(View, Layouts)> {
    session::view_of(&checked(inputs)?, inputs, options, scope)
}

/// The document `options` ask for, laid out in a fresh session.
pub fn compile(inputs: &Inputs, options: &Options) -> Result<Compiled> {
    Session::new(inputs.clone()).compile(options)
}

/// Build what `options` ask for at `out`, in a fresh session. On any error
/// the file at `out` is left untouched.
pub fn build(inputs: &Inputs, options: &Options, out: &Path) -> Result<Built> {
    Session::new(inputs.clone()).write(options, out)
}

/// A Typst world for prepared markup.
pub fn world(inputs: &Inputs, prepared: &Prepared) -> Result<ReportWorld> {
    let fonts = fonts_for(inputs)?;
    Ok(ReportWorld::new(
        &fonts,
        prepared.layouts.clone(),
        prepared.markup.clone(),
        crate::typeset::pdf::datetime(prepared.view.doc.date),
    ))
}
