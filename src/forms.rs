//! The department round trip in Excel: `export-forms` writes one workbook per
//! department with its rows (context locked, result columns to fill in, a
//! drop-down for 自己評価); `import-forms` reads them back into
//! `data/results/<year>/<department>.yaml`, all or nothing per workbook.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use calamine::{Data as Cell, Reader, Xlsx};
use rust_xlsxwriter::{
    DataValidation, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, XlsxError,
};

use crate::error::{Error, Result};
use crate::results::{self, Entry};
use crate::view::{InitiativeView, RowView, View};
use crate::{Inputs, Options, load, pdf, validate, view};

/// Hidden sheet that identifies a workbook: which plan year and department.
const META_SHEET: &str = "shinchoku";
const FORMAT_ID: &str = "shinchoku-form-1";
/// Rows before the table: title, instructions, header.
const TITLE_ROW: u32 = 0;
const NOTE_ROW: u32 = 1;
const HEADER_ROW: u32 = 2;
const FIRST_ROW: u32 = 3;

/// Columns: the hidden row key, four locked context columns, four to fill in.
const COLUMNS: [(&str, f64); 9] = [
    ("key", 10.0),
    ("基本戦略", 14.0),
    ("施策細目", 16.0),
    ("取組名称", 22.0),
    ("取組方針", 40.0),
    ("具体的な取組内容", 36.0),
    ("成果", 30.0),
    ("自己評価", 8.0),
    ("今後の方針", 30.0),
];
const GRADE_COL: u16 = 7;

/// One row of a department's workbook.
struct FormRow<'a> {
    strategy: String,
    measure: String,
    initiative: String,
    row: &'a RowView,
}

impl FormRow<'_> {
    fn context(&self) -> [&str; 4] {
        [
            &self.strategy,
            &self.measure,
            &self.initiative,
            &self.row.policy,
        ]
    }

    fn results(&self) -> [&str; 4] {
        [
            &self.row.actions,
            &self.row.results,
            &self.row.grade,
            &self.row.next_policy,
        ]
    }
}

/// The rows a department fills in: its own rows of every initiative that is
/// not a 【再掲】 (a re-listing shows its original's results).
fn rows_of<'a>(view: &'a View, department: &str) -> Vec<FormRow<'a>> {
    let mut out = Vec::new();
    for s in &view.strategies {
        for m in &s.measures {
            for i in m.initiatives.iter().filter(|i| i.relist_of.is_none()) {
                for r in i
                    .rows
                    .iter()
                    .filter(|r| r.names.iter().any(|n| n == department))
                {
                    out.push(FormRow {
                        strategy: format!("{}　{}", s.mark, s.title),
                        measure: format!("{}{}", m.mark, m.title),
                        initiative: initiative_name(i),
                        row: r,
                    });
                }
            }
        }
    }
    out
}

fn initiative_name(i: &InitiativeView) -> String {
    format!("{}  {}", i.mark, i.name)
}

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
    let (view, _) = crate::view_for(inputs, &Options::default(), None)?;
    let data = load::load(&inputs.data)?;
    let year = data.plan.value.fiscal_year.value;
    let all: Vec<String> = data
        .departments
        .value
        .departments
        .iter()
        .map(|d| d.value.clone())
        .collect();
    let chosen: Vec<String> = if departments.is_empty() {
        all.iter()
            .filter(|d| !rows_of(&view, d).is_empty())
            .cloned()
            .collect()
    } else {
        for d in departments {
            if !all.contains(d) {
                return Err(Error::EmptySelection(d.clone()));
            }
        }
        departments.to_vec()
    };
    let mut exported = Vec::new();
    for dept in chosen {
        let rows = rows_of(&view, &dept);
        if rows.is_empty() {
            return Err(Error::EmptySelection(dept));
        }
        let path = out.join(format!("{dept}_{year}.xlsx"));
        let bytes = workbook(&view, &dept, year, &rows).map_err(|e| xlsx_error(&path, e))?;
        pdf::write_atomic(&path, &bytes)?;
        let pdf = if with_pdf {
            let p = out.join(format!("{dept}_{year}.pdf"));
            let options = Options {
                form: true,
                selection: view::Selection {
                    departments: vec![dept.clone()],
                    ..Default::default()
                },
                ..Options::default()
            };
            crate::build_with(inputs, &options, &p)?;
            Some(p)
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

fn xlsx_error(path: &Path, e: XlsxError) -> Error {
    Error::Workbook {
        file: path.to_path_buf(),
        problems: vec![format!("Excelファイルを作れませんでした: {e}")],
    }
}

fn workbook(
    view: &View,
    dept: &str,
    year: i32,
    rows: &[FormRow<'_>],
) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_text_wrap();
    let title = Format::new().set_bold().set_font_size(14);
    let header = border(Format::new())
        .set_bold()
        .set_background_color("#E8E8E8")
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let context = border(Format::new()).set_align(FormatAlign::Top);
    let editable = border(Format::new())
        .set_unlocked()
        .set_background_color("#FFF9DB")
        .set_align(FormatAlign::Top);
    let grade = editable.clone().set_align(FormatAlign::Center);

    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(dept))?;
    for (c, (_, width)) in COLUMNS.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
    }
    ws.set_column_hidden(0)?;
    ws.write_string_with_format(
        TITLE_ROW,
        1,
        format!("{}　{}　記入用", view.plan.sheet_title, dept),
        &title,
    )?;
    ws.write_string(
        NOTE_ROW,
        1,
        "色の付いた欄（具体的な取組内容・成果・自己評価・今後の方針）に記入してください。自己評価はＡ・Ｂ・Ｃから選びます。ほかの欄は変更できません。",
    )?;
    let headers = [
        "key".to_string(),
        "基本戦略".into(),
        "施策細目".into(),
        "取組名称".into(),
        format!("{}の取組方針", view.years.policy),
        "具体的な取組内容".into(),
        "成果".into(),
        "自己評価".into(),
        "今後の方針".into(),
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, h, &header)?;
    }
    ws.set_row_height(HEADER_ROW, 30)?;
    for (k, r) in rows.iter().enumerate() {
        let row = FIRST_ROW + k as u32;
        // Excel does not grow rows to fit wrapped text by itself: give each
        // row the height of its longest cell, and room to write in.
        let lines = r
            .context()
            .into_iter()
            .chain(r.results())
            .zip(COLUMNS.iter().skip(1))
            .map(|(text, (_, width))| wrapped_lines(text, *width))
            .max()
            .unwrap_or(1)
            .max(4);
        ws.set_row_height(row, 15.0 * lines as f64 + 4.0)?;
        ws.write_string_with_format(row, 0, &r.row.key, &context)?;
        for (c, text) in r.context().into_iter().enumerate() {
            ws.write_string_with_format(row, 1 + c as u16, text, &context)?;
        }
        for (c, text) in r.results().into_iter().enumerate() {
            let col = 5 + c as u16;
            let f = if col == GRADE_COL { &grade } else { &editable };
            ws.write_string_with_format(row, col, text, f)?;
        }
    }
    let last = FIRST_ROW + rows.len() as u32 - 1;
    let choice = DataValidation::new()
        .allow_list_strings(&["Ａ", "Ｂ", "Ｃ"])?
        .set_error_title("自己評価")?
        .set_error_message("自己評価はＡ・Ｂ・Ｃのいずれかを選んでください（空欄は未評価）。")?;
    ws.add_data_validation(FIRST_ROW, GRADE_COL, last, GRADE_COL, &choice)?;
    ws.set_freeze_panes(FIRST_ROW, 0)?;
    // Print on A4 landscape, one page wide, the header on every page.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_footer("&C&P / &N");
    // Locked context: only the unlocked (coloured) cells can be edited; rows
    // may still be resized to read long texts.
    ws.protect_with_options(&ProtectionOptions {
        format_rows: true,
        format_columns: true,
        ..ProtectionOptions::default()
    });

    let meta = wb.add_worksheet();
    meta.set_name(META_SHEET)?;
    meta.write_string(0, 0, "format")?;
    meta.write_string(0, 1, FORMAT_ID)?;
    meta.write_string(1, 0, "fiscal_year")?;
    meta.write_number(1, 1, year as f64)?;
    meta.write_string(2, 0, "department")?;
    meta.write_string(2, 1, dept)?;
    meta.set_hidden(true);
    meta.protect();
    wb.save_to_buffer()
}

/// Lines a text takes in a column `width` characters wide (a Japanese
/// character is two).
fn wrapped_lines(text: &str, width: f64) -> usize {
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

/// Excel sheet names: at most 31 characters, none of []:*?/\.
fn sheet_name(dept: &str) -> String {
    dept.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

/// "H12": an Excel cell name (0-based row and column).
fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", (b'A' + col as u8) as char, row + 1)
}

/// One imported workbook.
#[derive(Debug)]
pub struct Imported {
    pub department: String,
    pub results_file: PathBuf,
    /// "1-1-3:障害福祉課 自己評価: （空） → Ａ", one per changed field.
    pub changes: Vec<String>,
}

/// Import each workbook on its own: one with any problem is refused whole
/// (nothing written for it); the others are imported.
pub fn import(inputs: &Inputs, files: &[PathBuf]) -> Result<Vec<Result<Imported>>> {
    // This year's data and rows as they are now (checked by view_for).
    let (view, _) = crate::view_for(inputs, &Options::default(), None)?;
    let data = load::load(&inputs.data)?;
    Ok(files
        .iter()
        .map(|f| import_one(inputs, &view, &data, f))
        .collect())
}

fn cell_text(c: Option<&Cell>) -> String {
    match c {
        None | Some(Cell::Empty) => String::new(),
        Some(Cell::String(s)) => s.clone(),
        Some(Cell::Float(f)) if f.fract() == 0.0 => format!("{}", *f as i64),
        Some(other) => other.to_string(),
    }
}

fn import_one(
    inputs: &Inputs,
    view: &View,
    data: &crate::model::Data,
    file: &Path,
) -> Result<Imported> {
    let refuse = |problems: Vec<String>| Error::Workbook {
        file: file.to_path_buf(),
        problems,
    };
    let mut wb: Xlsx<_> = calamine::open_workbook(file)
        .map_err(|e| refuse(vec![format!("Excelファイルとして読めません: {e}")]))?;
    let meta = wb.worksheet_range(META_SHEET).map_err(|_| {
        refuse(vec![
            "shinchoku export-forms で作った様式ではありません（識別用のシートがありません）"
                .into(),
        ])
    })?;
    let meta_value = |row: u32| cell_text(meta.get_value((row, 1)));
    if meta_value(0) != FORMAT_ID {
        return Err(refuse(vec!["shinchoku の様式ではありません".into()]));
    }
    let dept = meta_value(2);

    let year = data.plan.value.fiscal_year.value;
    if meta_value(1) != year.to_string() {
        return Err(refuse(vec![format!(
            "{}年度の様式です。今のデータは{}年度です",
            meta_value(1),
            year
        )]));
    }
    let expected = rows_of(view, &dept);
    if expected.is_empty() {
        return Err(refuse(vec![format!(
            "部署「{dept}」の行がデータにありません"
        )]));
    }
    let all_rows: HashMap<&str, ()> = view
        .initiatives()
        .flat_map(|i| &i.rows)
        .map(|r| (r.key.as_str(), ()))
        .collect();
    let by_key: HashMap<&str, &FormRow<'_>> =
        expected.iter().map(|r| (r.row.key.as_str(), r)).collect();

    let sheet = sheet_name(&dept);
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|_| refuse(vec![format!("シート「{sheet}」がありません")]))?;
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    let mut seen = Vec::new();
    let at = |row: u32, col: u16| {
        format!(
            "シート「{sheet}」 {}（{}）",
            cell_name(row, col),
            COLUMNS[col as usize].0
        )
    };
    let last_row = range.end().map_or(0, |(r, _)| r);
    for row in FIRST_ROW..=last_row {
        let get = |col: u16| cell_text(range.get_value((row, col as u32)));
        let key = get(0);
        if key.is_empty() {
            if (1..9).any(|c| !get(c).trim().is_empty()) {
                problems.push(format!(
                    "{}: 行の識別欄が空です。行を追加・移動しないでください",
                    at(row, 0)
                ));
            }
            continue;
        }
        let Some(form_row) = by_key.get(key.as_str()) else {
            if all_rows.contains_key(key.as_str()) {
                problems.push(format!(
                    "{}: 行「{key}」は{dept}の行ではありません",
                    at(row, 0)
                ));
            } else {
                problems.push(format!(
                    "{}: 行「{key}」は今のデータにありません",
                    at(row, 0)
                ));
            }
            continue;
        };
        seen.push(key.clone());
        for (c, want) in form_row.context().into_iter().enumerate() {
            let col = 1 + c as u16;
            if get(col).trim() != want.trim() {
                problems.push(format!(
                    "{}: 変更できない欄が書き換えられています",
                    at(row, col)
                ));
            }
        }
        let grade_text = get(GRADE_COL);
        let grade = if grade_text.trim().is_empty() {
            String::new()
        } else if let Some(g) = validate::grade(&grade_text) {
            g.to_string()
        } else {
            problems.push(format!(
                "{}: 自己評価「{grade_text}」は使えません。Ａ・Ｂ・Ｃのいずれかです",
                at(row, GRADE_COL)
            ));
            String::new()
        };
        let inline = [
            &form_row.row.actions,
            &form_row.row.results,
            &form_row.row.grade,
            &form_row.row.next_policy,
        ]
        .iter()
        .any(|t| !t.is_empty());
        let from_file = data
            .results
            .iter()
            .any(|f| f.value.rows.iter().any(|r| r.key.value == key));
        if inline && !from_file {
            problems.push(format!(
                "{}: 行「{key}」の実施結果は計画のファイルに書かれています。取り込む前に計画のファイルから削除してください",
                at(row, 0)
            ));
        }
        entries.push(Entry {
            key: key.clone(),
            actions: get(5).trim_end().to_string(),
            results: get(6).trim_end().to_string(),
            grade,
            next_policy: get(8).trim_end().to_string(),
        });
    }
    for r in &expected {
        if !seen.contains(&r.row.key) {
            problems.push(format!(
                "シート「{sheet}」: 行「{}」がありません。行を削除しないでください",
                r.row.key
            ));
        }
    }
    if !problems.is_empty() {
        return Err(refuse(problems));
    }

    // What changes, field by field, against what the data shows now.
    let mut changes = Vec::new();
    for e in &entries {
        let now = by_key[e.key.as_str()].results();
        let new = [&e.actions, &e.results, &e.grade, &e.next_policy];
        for ((name, before), after) in ["具体的な取組内容", "成果", "自己評価", "今後の方針"]
            .into_iter()
            .zip(now)
            .zip(new)
        {
            if before.trim() != after.trim() {
                changes.push(format!(
                    "{} {name}: {} → {}",
                    e.key,
                    shown(before),
                    shown(after)
                ));
            }
        }
    }
    let path = results::folder(&inputs.data, year).join(format!("{dept}.yaml"));
    pdf::write_atomic(&path, results::to_yaml(&dept, year, &entries).as_bytes())?;
    Ok(Imported {
        department: dept,
        results_file: path,
        changes,
    })
}

/// A value for a change line: short, one line, （空） when empty.
pub fn shown(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.is_empty() {
        "（空）".into()
    } else if one.chars().count() > 40 {
        format!("{}…", one.chars().take(40).collect::<String>())
    } else {
        one
    }
}
