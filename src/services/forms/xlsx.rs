//! Opening a returned workbook and reading its cells as they show (the
//! number formats are [`super::formats`]).
//!
//! Before anything is parsed the file itself is checked: an .xls or .ods is
//! refused with what to do, and a zip whose contents would unpack to more
//! than a workbook ever needs (a "zip bomb") is refused unread.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Range, Reader, StyleRange, Xlsx};

use super::formats::{builtin_japanese, display};
use crate::error::SheetProblem;

/// A returned workbook is a few hundred kilobytes; this is generous.
const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Unpacked, all parts together, and the number of parts.
const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
const MAX_ENTRIES: usize = 2_000;
/// Excel's own limit for the text of one cell.
pub const MAX_CELL_CHARS: usize = 32_767;

pub type Book = Xlsx<std::io::BufReader<std::fs::File>>;

/// Open a workbook for import, after checking what kind of file it is and
/// that it unpacks to a reasonable size.
pub fn open(path: &Path) -> Result<Book, SheetProblem> {
    let resave = "Excel で開き、「Excel ブック (*.xlsx)」として保存し直してから取り込んでください";
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    if matches!(ext.as_str(), "xls" | "ods" | "csv" | "xlsb" | "xlsm") {
        return Err(SheetProblem::file(format!(
            ".{ext} のファイルは取り込めません。{resave}"
        )));
    }
    let bytes = crate::io::read_limited(path, MAX_FILE_BYTES)
        .map_err(|e| SheetProblem::file(e.to_string()))?;
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(SheetProblem::file(format!(
            "古い形式の Excel ファイル（.xls）か、パスワード付きのファイルです。{resave}（パスワードは外してください）"
        )));
    }
    check_zip(&bytes, resave)?;
    calamine::open_workbook::<Book, _>(path)
        .map_err(|e| SheetProblem::file(format!("Excelファイルとして読めません: {e}")))
}

/// The parts of the zip: how many, and how large once unpacked (counted
/// while unpacking, as the sizes a zip declares may lie).
fn check_zip(bytes: &[u8], resave: &str) -> Result<(), SheetProblem> {
    let not_xlsx = || SheetProblem::file(format!("Excel ブック（.xlsx）ではありません。{resave}"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| not_xlsx())?;
    if zip.len() > MAX_ENTRIES {
        return Err(bomb());
    }
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|_| not_xlsx())?;
        if entry.name().is_ok_and(|n| n == "mimetype") {
            return Err(SheetProblem::file(format!(
                "OpenDocument（.ods）のファイルです。{resave}"
            )));
        }
        loop {
            let n = entry.read(&mut buf).map_err(|_| not_xlsx())?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > MAX_UNPACKED_BYTES {
                return Err(bomb());
            }
        }
    }
    Ok(())
}

fn bomb() -> SheetProblem {
    SheetProblem::file(format!(
        "展開すると大きすぎるファイルです（上限 {} MB）。様式のファイルではありません",
        MAX_UNPACKED_BYTES / 1024 / 1024
    ))
}

/// A sheet's values, formats and formulas.
pub struct Sheet {
    pub values: Range<Data>,
    styles: StyleRange,
    formulas: Range<String>,
}

impl Sheet {
    pub fn read(book: &mut Book, name: &str) -> Option<Self> {
        Some(Self {
            values: book.worksheet_range(name).ok()?,
            styles: book
                .worksheet_style(name)
                .unwrap_or_else(|_| StyleRange::empty()),
            formulas: book.worksheet_formula(name).unwrap_or_default(),
        })
    }

    /// The last used row and column (0-based), if any.
    pub fn end(&self) -> Option<(u32, u32)> {
        self.values.end()
    }

    /// The cell's text as Excel shows it, or why it cannot be read.
    pub fn text(&self, row: u32, col: u32) -> Result<String, String> {
        let value = self.values.get_value((row, col)).unwrap_or(&Data::Empty);
        let formula = self
            .formulas
            .get_value((row, col))
            .filter(|f| !f.is_empty());
        if formula.is_some() && matches!(value, Data::Empty) {
            return Err("数式の結果が保存されていません。数式をやめて文字を入力するか、Excel で開いて保存し直してください".into());
        }
        let style = self.styles.get((row, col));
        let format = style.and_then(|s| s.number_format.as_ref());
        let code = format.map(|f| builtin_japanese(f.format_id).unwrap_or(&f.format_code));
        let text = display(value, code.unwrap_or("General"))?;
        if text.chars().count() >= MAX_CELL_CHARS {
            return Err(format!(
                "文字数が Excel の上限（{MAX_CELL_CHARS} 文字）に達していて、途中で切れている可能性があります。短くしてください"
            ));
        }
        Ok(text)
    }
}

/// Every cell of a workbook's first sheet as the import reads it: its text
/// as Excel shows it, or why it is refused (for checking the formats
/// against another program's display of the same cells).
pub fn displayed(path: &Path) -> Result<Vec<Vec<Result<String, String>>>, SheetProblem> {
    let mut book = open(path)?;
    let first = book.sheet_names().first().cloned().unwrap_or_default();
    let sheet =
        Sheet::read(&mut book, &first).ok_or_else(|| SheetProblem::file("シートを読めません"))?;
    let (rows, cols) = sheet.end().unwrap_or((0, 0));
    Ok((0..=rows)
        .map(|r| (0..=cols).map(|c| sheet.text(r, c)).collect())
        .collect())
}
