//! Reading and writing workbooks as a department's Excel would: every cell
//! read as text, and cells written back as real cells (text, or numbers and
//! dates with their number formats).
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data as Cell, Reader, Xlsx};

/// The sheets of a workbook: (name, rows of cells as text).
pub type Book = Vec<(String, Vec<Vec<String>>)>;

/// A cell as a department types it.
#[derive(Debug, Clone)]
pub enum Typed {
    Text(String),
    /// A number and the number format Excel gives it (0.0%, #,##0, …).
    Number(f64, &'static str),
    /// A date and its format (yyyy/m/d).
    Date(u16, u8, u8, &'static str),
}

/// Columns of a department's sheet.
pub const KEY: usize = 0;
pub const POLICY: usize = 5;
pub const ACTIONS: usize = 6;
pub const RESULTS: usize = 7;
pub const GRADE: usize = 8;
pub const NEXT: usize = 9;
/// The first row of the table (0-based).
pub const FIRST: usize = 3;

pub fn read_book(path: &Path) -> Book {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            let (rows, cols) = range.end().map_or((0, 0), |(r, c)| (r + 1, c + 1));
            let grid = (0..rows)
                .map(|r| {
                    (0..cols)
                        .map(|c| match range.get_value((r, c)) {
                            None | Some(Cell::Empty) => String::new(),
                            Some(Cell::String(s)) => s.clone(),
                            Some(Cell::Float(f)) => format!("{}", *f as i64),
                            Some(o) => o.to_string(),
                        })
                        .collect()
                })
                .collect();
            (n, grid)
        })
        .collect()
}

/// Write the sheets back as a new workbook, with `typed` cells (sheet index,
/// row, column) written as real numbers and dates.
pub fn write_book(path: &Path, sheets: &Book, typed: &HashMap<(usize, usize, usize), Typed>) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (s, (name, grid)) in sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in grid.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !typed.contains_key(&(s, r, c)) && !v.is_empty() {
                    ws.write_string(r as u32, c as u16, v).unwrap();
                }
            }
        }
        for ((_, r, c), t) in typed.iter().filter(|((ts, _, _), _)| *ts == s) {
            let (r, c) = (*r as u32, *c as u16);
            match t {
                Typed::Text(v) => {
                    ws.write_string(r, c, v).unwrap();
                }
                Typed::Number(x, f) => {
                    let f = rust_xlsxwriter::Format::new().set_num_format(*f);
                    ws.write_number_with_format(r, c, *x, &f).unwrap();
                }
                Typed::Date(y, m, d, f) => {
                    let f = rust_xlsxwriter::Format::new().set_num_format(*f);
                    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &date, &f).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// Write the sheets back with every cell as text (a department that only
/// typed words).
pub fn write_texts(path: &Path, sheets: &Book) {
    write_book(path, sheets, &HashMap::new());
}

/// A zip that looks like a workbook and unpacks to 300 MB of zeros.
pub fn zip_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    w.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..300 {
        w.write_all(&zeros).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Every department's workbook, exported from `data` into `data/forms`.
pub fn export_all(data: &Path) -> Vec<std::path::PathBuf> {
    let inputs = super::inputs(data);
    let all = shinchoku::services::forms::export(&inputs, &[], &data.join("forms"), false).unwrap();
    all.into_iter().map(|e| e.workbook).collect()
}

/// Import `books` into `data`; every one must be accepted.
pub fn import_all(
    data: &Path,
    books: &[std::path::PathBuf],
    options: shinchoku::services::forms::ImportOptions,
) -> Vec<shinchoku::services::forms::Imported> {
    shinchoku::services::forms::import(&super::inputs(data), books, options)
        .unwrap()
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// The index of the row with this key in a department's sheet.
pub fn row_of(book: &Book, key: &str) -> usize {
    book[0].1.iter().position(|r| r[KEY] == key).unwrap()
}
