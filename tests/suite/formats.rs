//! Numbers and dates from returned workbooks, against an independent
//! program's display: openpyxl writes one cell per number format (as Excel
//! stores them: a value and a format code), LibreOffice prints the same
//! cells as shown (CSV, "as shown"), and the import's reading of each cell
//! must be the same text or a refusal, never a third thing.

use std::path::Path;
use std::process::Command;

/// (value as Python writes it, format code). Dates are Excel serials.
const CASES: &[(&str, &str)] = &[
    ("1234", "General"),
    ("0.5", "General"),
    ("0.1 + 0.2", "General"),
    ("99999999999", "General"),
    ("-42", "General"),
    ("0.00015", "General"),
    ("3200000000000000", "General"),
    ("1e20", "General"),
    ("-1e20", "General"),
    ("1.5e-6", "General"),
    ("1234.5678", "0"),
    ("1234.5678", "0.00"),
    ("1234567.891", "#,##0"),
    ("1234567.891", "#,##0.00"),
    ("-1234", "#,##0"),
    ("0.125", "0%"),
    ("0.125", "0.0%"),
    ("-0.125", "0.0%"),
    ("42", "0\"人\""),
    ("1234", "#,##0\"件\""),
    ("1500", "\"約\"#,##0\"円\""),
    ("-5", "0;-0"),
    ("-5", "0;(0)"),
    ("-5", "0;[Red]-0"),
    ("-1234", "#,##0;[Red](#,##0)"),
    ("1234", "#,##0;[Red](#,##0)"),
    ("0", "0;-0;\"－\""),
    ("0", "#,##0;-#,##0;\"ゼロ\""),
    ("7", "00"),
    ("7.5", "000.0"),
    ("12", "#,##0.0\"%\""),
    ("1.005", "0.00"),
    ("2.5", "0"),
    ("-2.5", "0"),
    ("1234", "0.00E+00"),
    ("0.5", "# ?/?"),
    ("0.75", "# ??/??"),
    (
        "1234.5",
        "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
    ),
    ("1234", "[$¥-411]#,##0"),
    ("45809", "yyyy/m/d"),
    ("45809", "yyyy/mm/dd"),
    ("45809", "yyyy\"年\"m\"月\"d\"日\""),
    ("45809", "m/d"),
    ("45809.5", "yyyy/m/d h:mm"),
    ("0.5", "h:mm"),
    ("45809", "mmm d"),
    ("'abc'", "@"),
    ("'001'", "@"),
    // Dates before 1900: Excel cannot hold them as dates and keeps them as
    // typed text; its serials 0–60 are days Excel and LibreOffice show
    // differently (Excel's 1900/2/29 that never was), a negative serial is
    // ####### in Excel, past 9999/12/31 too. Text is read as text, the
    // rest refused.
    ("'1899/12/31'", "@"),
    ("'1868/10/23'", "General"),
    ("'明治元年9月8日'", "General"),
    ("61", "yyyy/m/d"),
    ("60", "yyyy/m/d"),
    ("59", "yyyy/m/d"),
    ("1", "yyyy/m/d"),
    ("0", "yyyy/m/d"),
    ("-1", "yyyy/m/d"),
    ("-693593", "yyyy/m/d"),
    ("2958465", "yyyy/m/d"),
    ("2958466", "yyyy/m/d"),
];

/// Serials whose date Excel and LibreOffice show differently, or Excel
/// cannot show: refused.
const AMBIGUOUS: [&str; 7] = ["60", "59", "1", "0", "-1", "-693593", "2958466"];

/// The workbook: `sys.argv[3]` is "1904" for the 1904 date system (Excel
/// for Mac's, kept by a workbook made there).
const WRITE: &str = r#"
import sys, json, openpyxl, datetime
from openpyxl.utils.datetime import CALENDAR_MAC_1904
cases = json.loads(sys.argv[2])
wb = openpyxl.Workbook()
if sys.argv[3] == "1904":
    wb.epoch = CALENDAR_MAC_1904
ws = wb.active
for row, (value, fmt) in enumerate(cases, start=1):
    cell = ws.cell(row=row, column=1, value=eval(value))
    cell.number_format = fmt
wb.save(sys.argv[1])
"#;

fn have(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// LibreOffice's display of each row's cell (column A of its CSV).
fn libreoffice_shows(book: &Path, dir: &Path) -> Vec<String> {
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("lo-profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            // UTF-8, cells saved as shown.
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
            "--outdir",
        ])
        .arg(dir)
        .arg(book)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let csv = std::fs::read_to_string(dir.join("formats.csv")).unwrap();
    csv.lines()
        .map(|l| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            match l.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
                Some(q) => q.replace("\"\"", "\""),
                None => l.to_string(),
            }
        })
        .collect()
}

/// Whether openpyxl and LibreOffice are here (else the test says why).
fn tools() -> bool {
    if !have("python3", &["-c", "import openpyxl"]) {
        println!("skipped: python3 with openpyxl is not available");
        return false;
    }
    if !have("soffice", &["--version"]) {
        println!("skipped: soffice (LibreOffice) is not installed");
        return false;
    }
    true
}

/// Each case written by openpyxl (in the 1904 date system if `epoch` is
/// "1904"), then what LibreOffice shows and what the import reads; every
/// read text must be LibreOffice's, every refusal say to type text. The
/// table is printed; each case's reading is returned.
fn compare(cases: &[(&str, &str)], epoch: &str) -> Vec<Result<String, String>> {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("formats.xlsx");
    let json = serde_json::to_string(cases).unwrap();
    let out = Command::new("python3")
        .args(["-c", WRITE])
        .arg(&book)
        .arg(&json)
        .arg(epoch)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = libreoffice_shows(&book, dir.path());
    let ours = shinchoku::services::forms::displayed(&book).unwrap();
    assert_eq!(shown.len(), cases.len(), "{shown:?}");
    let mut table = Vec::new();
    for (k, (value, code)) in cases.iter().enumerate() {
        let lo = &shown[k];
        match &ours[k][0] {
            Ok(text) => {
                assert_eq!(text, lo, "{value} as {code}: LibreOffice shows {lo:?}");
                table.push(format!("{value:>18} | {code:<30} | {lo:<14} | same"));
            }
            Err(why) => {
                assert!(why.contains("文字列"), "{value} as {code}: {why}");
                table.push(format!("{value:>18} | {code:<30} | {lo:<14} | refused"));
            }
        }
    }
    println!("{}", table.join("\n"));
    ours.into_iter().map(|row| row[0].clone()).collect()
}

#[test]
fn every_number_format_is_read_as_libreoffice_shows_it_or_refused() {
    if !tools() {
        return;
    }
    let ours = compare(CASES, "1900");
    let printed = ours.iter().filter(|r| r.is_ok()).count();
    let refused = ours.len() - printed;
    assert!(CASES.len() >= 40);
    assert!(
        printed >= 30,
        "only {printed} formats read ({refused} refused)"
    );
    let at = |v: &str| {
        let date = CASES.iter().position(|c| c.0 == v && c.1 == "yyyy/m/d");
        date.or_else(|| CASES.iter().position(|c| c.0 == v))
            .unwrap()
    };
    // The integer that once lost its own zeros is refused, not printed "32".
    let big = at("3200000000000000");
    assert!(ours[big].is_err(), "{:?}", ours[big]);
    for serial in AMBIGUOUS {
        let r = &ours[at(serial)];
        assert!(
            r.as_ref().is_err_and(|e| e.contains("日付")),
            "{serial}: {r:?}"
        );
    }
    assert_eq!(ours[at("61")], Ok("1900/3/1".to_string()));
    assert_eq!(ours[at("'1868/10/23'")], Ok("1868/10/23".to_string()));
}

/// A workbook in the 1904 date system (saved by Excel for Mac): its serials
/// count from 1904/1/1, so the same date has another serial; read as
/// LibreOffice shows it, a date before 1904 (a negative serial) refused.
const CASES_1904: &[(&str, &str)] = &[
    ("datetime.datetime(2025, 6, 1)", "yyyy/m/d"),
    ("datetime.datetime(2025, 6, 1, 13, 5)", "yyyy/m/d h:mm"),
    ("datetime.datetime(1904, 1, 2)", "yyyy\"年\"m\"月\"d\"日\""),
    ("44347", "yyyy/m/d"),
    ("0", "yyyy/m/d"),
    ("1", "yyyy/mm/dd"),
    ("44347.25", "m/d h:mm"),
    ("0.5", "h:mm"),
    ("-1", "yyyy/m/d"),
    ("2957003", "yyyy/m/d"),
    ("'1903/12/31'", "@"),
    ("1234.5", "#,##0.0"),
];

#[test]
fn a_workbook_in_the_1904_date_system_is_read_as_libreoffice_shows_it() {
    if !tools() {
        return;
    }
    let ours = compare(CASES_1904, "1904");
    let at = |v: &str| {
        let date = CASES_1904
            .iter()
            .position(|c| c.0 == v && c.1 == "yyyy/m/d");
        date.or_else(|| CASES_1904.iter().position(|c| c.0 == v))
            .unwrap()
    };
    assert_eq!(
        ours[at("datetime.datetime(2025, 6, 1)")],
        Ok("2025/6/1".to_string())
    );
    assert_eq!(ours[at("44347")], Ok("2025/6/1".to_string()));
    assert_eq!(ours[at("0")], Ok("1904/1/1".to_string()));
    assert!(ours[at("-1")].is_err(), "{:?}", ours[at("-1")]);
}

/// In a department's returned workbook, a date typed before 1900/3/1 (or
/// stored as a negative serial) is refused with its sheet, cell and column,
/// and the workbook writes nothing.
#[test]
fn a_date_shown_apart_is_refused_with_its_sheet_cell_and_column() {
    use crate::common::workbook::*;
    use std::collections::HashMap;
    let data = crate::common::copy_data();
    let inputs = crate::common::inputs(data.path());
    let out = tempfile::tempdir().unwrap();
    let dept = "障害福祉課".to_string();
    let exported = shinchoku::services::forms::export(&inputs, &[dept], out.path(), false).unwrap();
    let path = &exported[0].workbook;
    let book = read_book(path);
    let typed = HashMap::from([
        ((0, FIRST, RESULTS), Typed::Number(60.0, "yyyy/m/d")),
        (
            (0, FIRST, ACTIONS),
            Typed::Number(-1.0, "yyyy\"年\"m\"月\"d\"日\""),
        ),
        ((0, FIRST, NEXT), Typed::Number(61.0, "yyyy/m/d")),
    ]);
    write_book(path, &book, &typed);
    let options = shinchoku::services::forms::ImportOptions::default();
    let results =
        shinchoku::services::forms::import(&inputs, std::slice::from_ref(path), options).unwrap();
    let err = results.into_iter().next().unwrap().unwrap_err().to_string();
    let row = FIRST + 1;
    for place in [
        format!("シート「障害福祉課」 H{row}（成果）: 日付（シリアル値 60）"),
        format!("シート「障害福祉課」 G{row}（具体的な取組内容）: 日付（シリアル値 -1）"),
    ] {
        assert!(err.contains(&place), "{place}\nnot in\n{err}");
    }
    assert!(err.contains("1900年3月1日より前"), "{err}");
    assert!(!err.contains("J4"), "1900/3/1 is read: {err}");
    assert!(!data.path().join("results").exists(), "nothing written");
}
