//! `export-forms`: one workbook per department.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DataValidation, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
    XlsxError,
};

use super::{
    Column, FIRST_ROW, FORMAT_ID, FormRow, HEADER_ROW, META_FIRST_ROW, META_SHEET, NOTE_ROW,
    TITLE_ROW, rows_of, sheet_name,
};
use crate::error::{Error, Result, SheetProblem};
use crate::io;
use crate::model::Field;
use crate::pipeline::{self, Inputs, Options};
use crate::view::{self, View};

/// One exported workbook.
#[derive(Debug)]
pub struct Exported {
    pub department: String,
    pub workbook: PathBuf,
    pub rows: usize,
    pub pdf: Option<PathBuf>,
}

/// Write a workbook for each of `departments` (all departments with rows
/// when empty) into `out`; with `with_pdf`, also its blank sheets as PDF.
pub fn export(
    inputs: &Inputs,
    departments: &[String],
    out: &Path,
    with_pdf: bool,
) -> Result<Vec<Exported>> {
    let data = pipeline::checked(inputs)?;
    let view = view::view(&data);
    let year = data.plan.value.fiscal_year.value;
    let all: Vec<String> = data.department_names().map(str::to_string).collect();
    let chosen: Vec<String> = if departments.is_empty() {
        all.iter()
            .filter(|d| !rows_of(&view, d).is_empty())
            .cloned()
            .collect()
    } else {
        if let Some(d) = departments.iter().find(|d| !all.contains(d)) {
            return Err(Error::EmptySelection(d.clone()));
        }
        departments.to_vec()
    };
    let mut exported = Vec::new();
    for dept in chosen {
        let rows = rows_of(&view, &dept);
        if rows.is_empty() {
            return Err(Error::EmptySelection(dept));
        }
        let path = io::child(out, &format!("{dept}_{year}.xlsx"))?;
        pipeline::guard_output(inputs, &path)?;
        let bytes = workbook(&view, &dept, year, &rows).map_err(|e| xlsx_error(&path, e))?;
        io::write_atomic(&path, &bytes)?;
        let pdf = if with_pdf {
            Some(blank_pdf(
                inputs,
                &dept,
                &io::child(out, &format!("{dept}_{year}.pdf"))?,
            )?)
        } else {
            None
        };
        exported.push(Exported {
            department: dept,
            workbook: path,
            rows: rows.len(),
            pdf,
        });
    }
    Ok(exported)
}

/// The department's own sheets as the blank form, with the report's pages.
fn blank_pdf(inputs: &Inputs, dept: &str, path: &Path) -> Result<PathBuf> {
    let options = Options {
        form: true,
        selection: view::Selection {
            departments: vec![dept.to_string()],
            ..Default::default()
        },
        ..Options::default()
    };
    pipeline::build(inputs, &options, path)?;
    Ok(path.to_path_buf())
}

pub(super) fn xlsx_error(path: &Path, e: XlsxError) -> Error {
    Error::Workbook {
        file: path.to_path_buf(),
        problems: vec![SheetProblem::file(format!(
            "Excelファイルを作れませんでした: {e}"
        ))],
    }
}

/// The cell formats of the sheet.
pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) header: Format,
    pub(super) context: Format,
    pub(super) editable: Format,
    pub(super) grade: Format,
}

pub(super) fn formats() -> Formats {
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_text_wrap();
    // Text cells ("@"): what is typed is kept as typed (Excel would turn
    // 10% into 0.1 in a General cell).
    let editable = border(Format::new())
        .set_unlocked()
        .set_num_format("@")
        .set_background_color("#FFF9DB")
        .set_align(FormatAlign::Top);
    Formats {
        title: Format::new().set_bold().set_font_size(14),
        header: border(Format::new())
            .set_bold()
            .set_background_color("#E8E8E8")
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        context: border(Format::new()).set_align(FormatAlign::Top),
        grade: editable.clone().set_align(FormatAlign::Center),
        editable,
    }
}

fn workbook(
    view: &View,
    dept: &str,
    year: i32,
    rows: &[FormRow<'_>],
) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = formats();
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(dept))?;
    header(ws, view, dept, &f)?;
    for (k, r) in rows.iter().enumerate() {
        table_row(ws, FIRST_ROW + k as u32, r, &f)?;
    }
    let grade_column = Column::Result(Field::Grade).index();
    let last = FIRST_ROW + rows.len() as u32 - 1;
    let labels: Vec<&str> = view.intro.grades.iter().map(|g| g.grade.as_str()).collect();
    let grade = view.words.field(Field::Grade);
    let choice = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_title(&grade)?
        .set_error_message(format!(
            "{grade}は{}のいずれかを選んでください（空欄は{}）。",
            labels.join("・"),
            view.labels.summary.unrated
        ))?;
    ws.add_data_validation(FIRST_ROW, grade_column, last, grade_column, &choice)?;
    print_setup(ws)?;
    meta(wb.add_worksheet(), dept, year, rows)?;
    wb.save_to_buffer()
}

fn header(ws: &mut Worksheet, view: &View, dept: &str, f: &Formats) -> Result<(), XlsxError> {
    for c in Column::all() {
        ws.set_column_width(c.index(), c.width())?;
    }
    ws.set_column_hidden(Column::Key.index())?;
    let title = format!("{}　{}　記入用", view.plan.sheet_title, dept);
    ws.write_string_with_format(TITLE_ROW, 1, title, &f.title)?;
    let headings: Vec<String> = Field::ALL.iter().map(|f| view.words.field(*f)).collect();
    ws.write_string(
        NOTE_ROW,
        1,
        format!(
            "色の付いた欄（{}）に記入してください。ほかの欄は変更できません。行の並べ替えはかまいませんが、行の追加・削除・コピーはしないでください。",
            headings.join("・")
        ),
    )?;
    for c in Column::all() {
        ws.write_string_with_format(HEADER_ROW, c.index(), c.heading(view), &f.header)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;
    Ok(())
}

fn table_row(ws: &mut Worksheet, row: u32, r: &FormRow<'_>, f: &Formats) -> Result<(), XlsxError> {
    // Excel does not grow rows to fit wrapped text by itself: give each row
    // the height of its longest cell, and room to write in.
    let lines = Column::CONTEXT
        .iter()
        .zip(&r.context)
        .map(|(c, t)| wrapped_lines(t, c.width()))
        .chain(
            r.row
                .results
                .iter()
                .map(|(field, t)| wrapped_lines(t, Column::Result(field).width())),
        )
        .max()
        .unwrap_or(1)
        .max(4);
    ws.set_row_height(row, (15.0 * lines as f64 + 4.0).min(409.0))?;
    ws.write_string_with_format(row, Column::Key.index(), r.key().as_str(), &f.context)?;
    for (c, text) in Column::CONTEXT.iter().zip(&r.context) {
        ws.write_string_with_format(row, c.index(), text, &f.context)?;
    }
    for (field, text) in r.row.results.iter() {
        let format = if field == Field::Grade {
            &f.grade
        } else {
            &f.editable
        };
        ws.write_string_with_format(row, Column::Result(field).index(), text, format)?;
    }
    Ok(())
}

pub(super) fn print_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_freeze_panes(FIRST_ROW, 0)?;
    // Print on A4 landscape, one page wide, the header on every page.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_footer("&C&P / &N");
    // Locked context: only the unlocked (coloured) cells can be edited; rows
    // may still be resized to read long texts, and sorted.
    ws.protect_with_options(&ProtectionOptions {
        format_rows: true,
        format_columns: true,
        sort: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// The hidden sheet's first rows: its name, the format, the year and who
/// the workbook is for (a department, the committee); the rows of what was
/// shown follow from `META_FIRST_ROW`.
pub(super) fn meta_header(
    ws: &mut Worksheet,
    format: &str,
    year: i32,
    (key, value): (&str, &str),
) -> Result<(), XlsxError> {
    ws.set_name(META_SHEET)?;
    ws.write_string(0, 0, "format")?;
    ws.write_string(0, 1, format)?;
    ws.write_string(1, 0, "fiscal_year")?;
    ws.write_number(1, 1, year as f64)?;
    ws.write_string(2, 0, key)?;
    ws.write_string(2, 1, value)?;
    ws.write_string(META_FIRST_ROW - 1, 0, "shown when exported")?;
    Ok(())
}

/// The hidden sheet: what the workbook is, and what each row showed.
fn meta(ws: &mut Worksheet, dept: &str, year: i32, rows: &[FormRow<'_>]) -> Result<(), XlsxError> {
    meta_header(ws, FORMAT_ID, year, ("department", dept))?;
    for (k, r) in rows.iter().enumerate() {
        let row = META_FIRST_ROW + k as u32;
        ws.write_string(row, Column::Key.index(), r.key().as_str())?;
        for (c, text) in Column::CONTEXT.iter().zip(&r.context) {
            ws.write_string(row, c.index(), text)?;
        }
        for (field, text) in r.row.results.iter() {
            ws.write_string(row, Column::Result(field).index(), text)?;
        }
    }
    ws.set_hidden(true);
    ws.protect();
    Ok(())
}

/// Lines a text takes in a column `width` characters wide (a Japanese
/// character is two).
pub(super) fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = (width - 1.0).max(2.0);
    text.lines()
        .map(|l| {
            let w: f64 = l
                .chars()
                .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
                .sum();
            ((w / per_line).ceil() as usize).max(1)
        })
        .sum::<usize>()
        .max(1)
}
