//! Typst compile and PDF export, with Typst's diagnostics turned into our
//! messages.

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::layout::PageRanges;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::world::ReportWorld;
use crate::error::{Error, Result};
use crate::model::Date;

/// PDF standards the report can claim. The default, PDF/UA-1, is the
/// accessibility standard public web sites ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standard {
    /// PDF/UA-1 (accessibility)
    Ua1,
    /// PDF/A-2a (archival, accessible)
    A2a,
    /// PDF/A-2b (archival)
    A2b,
    /// PDF/A-3b (archival)
    A3b,
}

impl Standard {
    fn typst(self) -> PdfStandard {
        match self {
            Self::Ua1 => PdfStandard::Ua_1,
            Self::A2a => PdfStandard::A_2a,
            Self::A2b => PdfStandard::A_2b,
            Self::A3b => PdfStandard::A_3b,
        }
    }
}

/// The report's date as Typst's.
pub fn datetime(d: Date) -> Datetime {
    Datetime::from_ymd(d.year, d.month, d.day).expect("validated date")
}

/// Lay out the document. Warnings are returned for the caller to show.
pub fn compile(world: &ReportWorld) -> Result<(PagedDocument, Vec<String>)> {
    let warned = typst::compile::<PagedDocument>(world);
    let warnings = warned
        .warnings
        .iter()
        .map(|d| diagnostic(world, d))
        .collect();
    match warned.output {
        Ok(doc) => Ok((doc, warnings)),
        Err(errors) => Err(Error::Typeset(diagnostics(world, &errors))),
    }
}

/// Export to PDF bytes. The timestamp comes from the data, so two builds of
/// the same data are byte-identical.
pub fn export(
    doc: &PagedDocument,
    world: &ReportWorld,
    date: Date,
    standards: &[Standard],
) -> Result<Vec<u8>> {
    let list: Vec<PdfStandard> = standards.iter().map(|s| s.typst()).collect();
    let standards = PdfStandards::new(&list).map_err(|e| {
        Error::Export(format!(
            "  この組み合わせのPDF規格は使えません (incompatible PDF standards): {}",
            e.message()
        ))
    })?;
    let options = PdfOptions {
        ident: Smart::Custom("shinchoku".into()),
        creator: Smart::Custom(Some("shinchoku".into())),
        timestamp: Some(Timestamp::new_utc(datetime(date))),
        page_ranges: None::<PageRanges>,
        standards,
        // Tags are what makes the report readable by screen readers (and
        // what PDF/UA requires): never turned off.
        tagged: true,
        pretty: false,
    };
    typst_pdf::pdf(doc, &options).map_err(|errors| Error::Export(diagnostics(world, &errors)))
}

fn diagnostics(world: &ReportWorld, diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| diagnostic(world, d))
        .collect::<Vec<_>>()
        .join("\n")
}

/// "file:line:column: message" with hints, for one diagnostic.
pub fn diagnostic(world: &ReportWorld, d: &SourceDiagnostic) -> String {
    let mut s = String::from("  ");
    if let Some(id) = d.span.id() {
        let path = id.vpath().get_with_slash();
        let file = if id == world.main_source().id() {
            "生成されたTypst (shinchoku typ で確認できます)".to_string()
        } else {
            world.layouts().describe(path)
        };
        s.push_str(&file);
        if let (Some(range), Ok(source)) = (world.range(d.span), typst::World::source(world, id))
            && let Some((line, col)) = source.lines().byte_to_line_column(range.start)
        {
            s.push_str(&format!(":{}:{}", line + 1, col + 1));
        }
        s.push_str(": ");
    }
    s.push_str(&d.message);
    for hint in &d.hints {
        s.push_str(&format!("\n    ヒント (hint): {}", hint.v));
    }
    s
}
