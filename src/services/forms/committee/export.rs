//! `export-forms --committee`: the committee's workbook.

use std::path::Path;

use rust_xlsxwriter::{DataValidation, Workbook, Worksheet, XlsxError};

use super::super::export::{Exported, Formats, formats, print_setup, wrapped_lines, xlsx_error};
use super::super::{FIRST_ROW, HEADER_ROW, META_FIRST_ROW, NOTE_ROW, TITLE_ROW};
use super::{Col, FORMAT_ID, Item, NAME, SHEET, items};
use crate::error::Result;
use crate::io;
use crate::pipeline::{self, Inputs};
use crate::view::{self, View};

/// Write `検討会議_<year>.xlsx` into `out`.
pub fn export(inputs: &Inputs, out: &Path) -> Result<Exported> {
    let data = pipeline::checked(inputs)?;
    let view = view::view(&data);
    let year = data.year();
    let items = items(&view, &data);
    let path = io::child(out, &format!("{SHEET}_{year}.xlsx"))?;
    pipeline::guard_output(inputs, &path)?;
    let bytes = workbook(&view, year, &items).map_err(|e| xlsx_error(&path, e))?;
    io::write_atomic(&path, &bytes)?;
    Ok(Exported {
        department: NAME.to_string(),
        workbook: path,
        rows: items.len(),
        pdf: None,
    })
}

fn workbook(view: &View, year: i32, items: &[Item]) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = formats();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    header(ws, view, &f)?;
    for (k, item) in items.iter().enumerate() {
        table_row(ws, FIRST_ROW + k as u32, item, &f)?;
    }
    if !items.is_empty() {
        let column = Col::Grade.index();
        let last = FIRST_ROW + items.len() as u32 - 1;
        ws.add_data_validation(FIRST_ROW, column, last, column, &choice(view)?)?;
    }
    print_setup(ws)?;
    meta(wb.add_worksheet(), year, items)?;
    wb.save_to_buffer()
}

/// The drop-down of the plan's grades.
fn choice(view: &View) -> std::result::Result<DataValidation, XlsxError> {
    let labels: Vec<&str> = view.intro.grades.iter().map(|g| g.grade.as_str()).collect();
    let grade = Col::Grade.name(&view.words);
    DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_title(&grade)?
        .set_error_message(format!(
            "{grade}は{}のいずれかを選んでください（空欄は{}）。",
            labels.join("・"),
            super::ungraded(&view.words),
        ))
}

fn header(ws: &mut Worksheet, view: &View, f: &Formats) -> Result<(), XlsxError> {
    for c in Col::ALL {
        ws.set_column_width(c.index(), c.width())?;
    }
    ws.set_column_hidden(Col::Id.index())?;
    let title = format!(
        "{}　{NAME}　{}記入用",
        view.plan.sheet_title,
        Col::Grade.name(&view.words)
    );
    ws.write_string_with_format(TITLE_ROW, 1, title, &f.title)?;
    let filled: Vec<String> = Col::FILLED.iter().map(|c| c.name(&view.words)).collect();
    ws.write_string(
        NOTE_ROW,
        1,
        format!(
            "色の付いた欄（{}）に記入してください。ほかの欄は変更できません。行の並べ替えはかまいませんが、行の追加・削除・コピーはしないでください。",
            filled.join("・")
        ),
    )?;
    for c in Col::ALL {
        ws.write_string_with_format(HEADER_ROW, c.index(), c.name(&view.words), &f.header)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;
    Ok(())
}

fn table_row(ws: &mut Worksheet, row: u32, item: &Item, f: &Formats) -> Result<(), XlsxError> {
    let lines = Col::CONTEXT
        .iter()
        .zip(&item.context)
        .chain(Col::FILLED.iter().zip(&item.filled))
        .map(|(c, t)| wrapped_lines(t, c.width()))
        .max()
        .unwrap_or(1)
        .max(4);
    ws.set_row_height(row, (15.0 * lines as f64 + 4.0).min(409.0))?;
    ws.write_string_with_format(row, Col::Id.index(), item.id.to_string(), &f.context)?;
    for (c, text) in Col::CONTEXT.iter().zip(&item.context) {
        ws.write_string_with_format(row, c.index(), text, &f.context)?;
    }
    for (c, text) in Col::FILLED.iter().zip(&item.filled) {
        let format = if *c == Col::Grade {
            &f.grade
        } else {
            &f.editable
        };
        ws.write_string_with_format(row, c.index(), text, format)?;
    }
    Ok(())
}

/// The hidden sheet: what the workbook is, and what each cell showed.
fn meta(ws: &mut Worksheet, year: i32, items: &[Item]) -> Result<(), XlsxError> {
    super::super::export::meta_header(ws, FORMAT_ID, year, ("committee", NAME))?;
    for (k, item) in items.iter().enumerate() {
        let row = META_FIRST_ROW + k as u32;
        ws.write_string(row, Col::Id.index(), item.id.to_string())?;
        let cells = Col::CONTEXT
            .iter()
            .zip(&item.context)
            .chain(Col::FILLED.iter().zip(&item.filled));
        for (c, text) in cells {
            ws.write_string(row, c.index(), text)?;
        }
    }
    ws.set_hidden(true);
    ws.protect();
    Ok(())
}
