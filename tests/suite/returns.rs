//! Returned workbooks as departments really send them back: shared rows
//! filled by several departments, rows sorted, copied or added, results
//! already in the plan file, cells Excel cannot hold, formulas, other file
//! kinds. Each case is imported whole or refused whole, with a message that
//! names the sheet, the cell and what to do; after any import that succeeds
//! the data still passes `check`.

use crate::common;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::workbook::*;
use common::*;
use shinchoku::error::Error;
use shinchoku::pipeline;
use shinchoku::services::forms::{self, ImportOptions, Imported};

fn export(data: &Path, dept: &str) -> PathBuf {
    let out = data.join("forms");
    forms::export(&inputs(data), &[dept.to_string()], &out, false).unwrap()[0]
        .workbook
        .clone()
}

fn import(data: &Path, path: &Path, options: ImportOptions) -> Result<Imported, Error> {
    forms::import(&inputs(data), &[path.to_path_buf()], options)
        .unwrap()
        .remove(0)
}

/// Set result cells of a workbook (row key, column, value) and save it.
fn fill(path: &Path, cells: &[(&str, usize, Typed)]) {
    let book = read_book(path);
    let typed: HashMap<_, _> = cells
        .iter()
        .map(|(key, col, v)| ((0, row_of(&book, key), *col), v.clone()))
        .collect();
    write_book(path, &book, &typed);
}

fn text(s: &str) -> Typed {
    Typed::Text(s.into())
}

/// The refusal's messages, one string.
fn refusal(r: Result<Imported, Error>) -> String {
    match r {
        Err(e @ Error::Workbook { .. }) => e.to_string(),
        other => panic!("not refused: {other:?}"),
    }
}

const SHARED: &str = "1-1-2:地域福祉課・生活支援課";

#[test]
fn a_shared_row_is_one_row_filled_by_either_department() {
    let data = copy_data();
    let d = data.path();
    let (a, b) = (export(d, "地域福祉課"), export(d, "生活支援課"));
    fill(&a, &[(SHARED, ACTIONS, text("マニュアル案を作りました。"))]);
    // The other department types the same text, and leaves 成果 to them.
    fill(
        &b,
        &[
            (SHARED, ACTIONS, text("マニュアル案を作りました。")),
            (SHARED, RESULTS, text("事例を二十件整理。")),
        ],
    );
    assert_eq!(
        import(d, &a, ImportOptions::default())
            .unwrap()
            .changes
            .len(),
        1
    );
    let second = import(d, &b, ImportOptions::default()).unwrap();
    assert_eq!(second.changes.len(), 1, "{:?}", second.changes);
    pipeline::checked(&inputs(d)).unwrap();
    let text =
        text_of(&pipeline::compile(&inputs(d), &shinchoku::pipeline::Options::default()).unwrap());
    // One row: printed once on 1-1-2 and once on its re-listing 2-3-2,
    // not once per department.
    assert_eq!(text.matches("マニュアル案を作りました。").count(), 2);
    assert!(text.contains("事例を二十件整理。"));
}

#[test]
fn different_texts_for_a_shared_row_are_a_conflict_naming_both() {
    let data = copy_data();
    let d = data.path();
    let (a, b) = (export(d, "地域福祉課"), export(d, "生活支援課"));
    fill(&a, &[(SHARED, RESULTS, text("地域福祉課の成果。"))]);
    fill(&b, &[(SHARED, RESULTS, text("生活支援課の成果。"))]);
    import(d, &a, ImportOptions::default()).unwrap();
    let before = std::fs::read_dir(d.join("results/2024")).unwrap().count();
    let msg = refusal(import(d, &b, ImportOptions::default()));
    for part in [
        "生活支援課の成果。",
        "地域福祉課の成果。",
        "results/2024/地域福祉課.yaml",
        SHARED,
        "成果",
        "--replace-shared",
    ] {
        assert!(msg.contains(part), "{part}: {msg}");
    }
    assert_eq!(
        std::fs::read_dir(d.join("results/2024")).unwrap().count(),
        before,
        "written although refused"
    );
    // Settled by letting this workbook's text win: the other file is cleared.
    let replace = ImportOptions {
        replace_shared: true,
        ..Default::default()
    };
    let done = import(d, &b, replace).unwrap();
    assert!(
        done.notes.iter().any(|n| n.contains("置き換えました")),
        "{:?}",
        done.notes
    );
    pipeline::checked(&inputs(d)).unwrap();
    let text =
        text_of(&pipeline::compile(&inputs(d), &shinchoku::pipeline::Options::default()).unwrap());
    assert!(text.contains("生活支援課の成果。") && !text.contains("地域福祉課の成果。"));
    // And check names both files when two results files disagree by hand.
    let other = d.join("results/2024/地域福祉課.yaml");
    let yaml = std::fs::read_to_string(&other).unwrap();
    std::fs::write(
        &other,
        yaml.replacen(
            "rows:",
            &format!("rows:\n- key: {SHARED}\n  results: 手で書いた成果。"),
            1,
        )
        .replace("rows: []", ""),
    )
    .unwrap();
    let err = pipeline::checked(&inputs(d)).unwrap_err().to_string();
    assert!(
        err.contains("results_conflict")
            && err.contains("手で書いた成果。")
            && err.contains("生活支援課.yaml"),
        "{err}"
    );
}

#[test]
fn the_same_words_with_other_line_breaks_are_one_answer() {
    // Typed with CR LF in one department's Excel, and with LF in a workbook
    // LibreOffice re-saved: one answer, not a conflict.
    let data = copy_data();
    let d = data.path();
    let (a, b) = (export(d, "地域福祉課"), export(d, "生活支援課"));
    fill(&a, &[(SHARED, RESULTS, text("一行目\r\n二行目"))]);
    fill(&b, &[(SHARED, RESULTS, text("一行目\n二行目"))]);
    import(d, &a, ImportOptions::default()).unwrap();
    let second = import(d, &b, ImportOptions::default()).unwrap();
    assert!(second.changes.is_empty(), "{:?}", second.changes);
    pipeline::checked(&inputs(d)).unwrap();
    // Each file keeps what its department typed.
    let kept = std::fs::read_to_string(d.join("results/2024/地域福祉課.yaml")).unwrap();
    assert!(kept.contains("\\r\\n"), "{kept}");
}

#[test]
fn an_untouched_cell_is_no_answer() {
    // 生活支援課's workbook, made after 地域福祉課's answer, shows that answer;
    // leaving it as shown, then 地域福祉課 correcting it, is no conflict.
    let data = copy_data();
    let d = data.path();
    let a = export(d, "地域福祉課");
    fill(&a, &[(SHARED, RESULTS, text("最初の成果。"))]);
    import(d, &a, ImportOptions::default()).unwrap();
    let b = export(d, "生活支援課");
    assert_eq!(
        read_book(&b)[0].1[row_of(&read_book(&b), SHARED)][RESULTS],
        "最初の成果。"
    );
    fill(&b, &[(SHARED, ACTIONS, text("生活支援課も参加。"))]);
    import(d, &b, ImportOptions::default()).unwrap();
    let a2 = export(d, "地域福祉課");
    fill(&a2, &[(SHARED, RESULTS, text("直した成果。"))]);
    import(d, &a2, ImportOptions::default()).unwrap();
    pipeline::checked(&inputs(d)).unwrap();
    let text =
        text_of(&pipeline::compile(&inputs(d), &shinchoku::pipeline::Options::default()).unwrap());
    assert!(text.contains("直した成果。") && !text.contains("最初の成果。"));
}

#[test]
fn one_department_with_two_rows_in_one_initiative() {
    let rows = "        rows:\n          - departments: [地域福祉課]\n            policy: 一つ目の方針。\n          - departments: [地域福祉課]\n            policy: 二つ目の方針。\n";
    let initiatives =
        format!("      - number: 1\n        name: 取組\n        overview: 概要\n{rows}");
    let data = temp_data(&[("1.yaml", &strategy_yaml(&initiatives))]);
    let d = data.path();
    let path = export(d, "地域福祉課");
    let book = read_book(&path);
    let keys: Vec<&str> = book[0]
        .1
        .iter()
        .skip(FIRST)
        .map(|r| r[KEY].as_str())
        .collect();
    assert_eq!(keys, ["1-1-1:地域福祉課", "1-1-1:地域福祉課#2"]);
    assert!(
        import(d, &path, ImportOptions::default())
            .unwrap()
            .changes
            .is_empty()
    );
    fill(
        &path,
        &[("1-1-1:地域福祉課#2", RESULTS, text("二つ目の成果。"))],
    );
    let done = import(d, &path, ImportOptions::default()).unwrap();
    assert_eq!(done.changes.len(), 1);
    assert_eq!(done.changes[0].key.as_str(), "1-1-1:地域福祉課#2");
}

#[test]
fn sorted_rows_are_fine_copied_and_added_rows_are_refused() {
    let data = copy_data();
    let d = data.path();
    let path = export(d, "障害福祉課");
    let mut book = read_book(&path);
    book[0].1[FIRST..].reverse();
    write_texts(&path, &book);
    fill(
        &path,
        &[("1-1-3:障害福祉課", RESULTS, text("並べ替えても届く。"))],
    );
    assert_eq!(
        import(d, &path, ImportOptions::default())
            .unwrap()
            .changes
            .len(),
        1
    );

    let mut book = read_book(&path);
    let copy = book[0].1[FIRST].clone();
    book[0].1.push(copy);
    write_texts(&path, &book);
    let msg = refusal(import(d, &path, ImportOptions::default()));
    assert!(
        msg.contains("二つにあります") && msg.contains("コピーした行を消してください"),
        "{msg}"
    );

    let mut book = read_book(&path);
    book[0].1.pop();
    let mut added = vec![String::new(); 10];
    added[RESULTS] = "新しく足した行".into();
    book[0].1.push(added);
    write_texts(&path, &book);
    let msg = refusal(import(d, &path, ImportOptions::default()));
    assert!(
        msg.contains("行の識別欄") && msg.contains("行を追加せず"),
        "{msg}"
    );
}

#[test]
fn results_written_in_the_plan_file_come_back_unchanged() {
    let data = copy_data();
    let d = data.path();
    let plan = d.join("strategies/1.yaml");
    let yaml = std::fs::read_to_string(&plan).unwrap();
    // 1-1-1's only row gets its results in the plan file itself.
    let with = yaml.replacen(
        "            results: \"\"",
        "            results: 計画のファイルに書いた成果。",
        1,
    );
    std::fs::write(&plan, with).unwrap();
    let path = export(d, "地域福祉課");
    assert!(
        import(d, &path, ImportOptions::default())
            .unwrap()
            .changes
            .is_empty()
    );
    pipeline::checked(&inputs(d)).unwrap();
    fill(
        &path,
        &[("1-1-1:地域福祉課", RESULTS, text("様式で直した成果。"))],
    );
    let msg = refusal(import(d, &path, ImportOptions::default()));
    assert!(
        msg.contains("strategies/1.yaml") && msg.contains("計画のファイル"),
        "{msg}"
    );
}

#[test]
fn what_excel_cannot_hold_is_refused_naming_the_cell() {
    let data = copy_data();
    let d = data.path();
    let key = "1-1-3:障害福祉課";
    type Case<'a> = (&'a str, Vec<(&'a str, usize, Typed)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            "too long",
            vec![(key, RESULTS, text(&"長".repeat(32_767)))],
            "上限（32767 文字）",
        ),
        (
            "outside the form",
            vec![(key, 11, text("表の外のメモ"))],
            "表の外に書かれています",
        ),
        (
            "unknown format",
            vec![(key, RESULTS, Typed::Number(1234.5, "0.00E+00"))],
            "表示形式",
        ),
        (
            "control character",
            vec![(key, RESULTS, text("ベル\u{7}"))],
            "U+0007",
        ),
    ];
    for (case, cells, expected) in cases {
        let path = export(d, "障害福祉課");
        fill(&path, &cells);
        let msg = refusal(import(d, &path, ImportOptions::default()));
        assert!(
            msg.contains(expected) && msg.contains("シート「障害福祉課」"),
            "{case}: {msg}"
        );
        assert!(!d.join("results").exists(), "{case}: written");
    }
}

/// A formula whose result was never saved (as written by tools that do
/// not calculate): the cell's `<v>` removed from the sheet's XML.
fn strip_cached_values(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(content).unwrap();
            let re = xml.replace("<v>0</v>", "");
            content = re.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn a_formula_without_its_result_is_refused() {
    let data = copy_data();
    let d = data.path();
    let path = export(d, "障害福祉課");
    let book = read_book(&path);
    let r = row_of(&book, "1-1-3:障害福祉課") as u32;
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (s, (name, grid)) in book.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (i, row) in grid.iter().enumerate() {
            for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                ws.write_string(i as u32, c as u16, v).unwrap();
            }
        }
        if s == 0 {
            ws.write_formula(r, RESULTS as u16, "=1+1").unwrap();
        }
    }
    wb.save(&path).unwrap();
    strip_cached_values(&path);
    let msg = refusal(import(d, &path, ImportOptions::default()));
    assert!(
        msg.contains("数式の結果が保存されていません") && msg.contains("H"),
        "{msg}"
    );
}

#[test]
fn other_file_kinds_are_refused_saying_what_to_do() {
    let data = copy_data();
    let d = data.path();
    let xls = d.join("古い形式.xls");
    std::fs::write(&xls, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap();
    let ods = d.join("表計算.ods");
    std::fs::write(&ods, b"PK").unwrap();
    let renamed = d.join("中身はxls.xlsx");
    std::fs::write(&renamed, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap();
    for f in [&xls, &ods, &renamed] {
        let msg = refusal(import(d, f, ImportOptions::default()));
        assert!(
            msg.contains(".xlsx") && msg.contains("保存し直して"),
            "{msg}"
        );
    }
}

#[test]
fn a_zip_bomb_is_refused_unread() {
    let data = copy_data();
    let d = data.path();
    let bomb = d.join("bomb.xlsx");
    std::fs::write(&bomb, zip_bomb()).unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 4 << 20);
    let msg = refusal(import(d, &bomb, ImportOptions::default()));
    assert!(msg.contains("展開すると大きすぎる"), "{msg}");
}

#[test]
fn import_into_a_closed_pipe_neither_panics_nor_loses_files() {
    let data = copy_data();
    let d = data.path();
    let books: Vec<PathBuf> = ["地域福祉課", "障害福祉課"]
        .iter()
        .map(|dept| {
            let p = export(d, dept);
            let key = read_book(&p)[0].1[FIRST][KEY].clone();
            fill(
                &p,
                &[(key.as_str(), RESULTS, text("パイプの先で読まれない成果。"))],
            );
            p
        })
        .collect();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .arg("import-forms")
        .arg("--data")
        .arg(d)
        .args(&books)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away at once, as `| head -0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    for dept in ["地域福祉課", "障害福祉課"] {
        assert!(
            d.join(format!("results/2024/{dept}.yaml")).is_file(),
            "{dept}"
        );
    }
    pipeline::checked(&inputs(d)).unwrap();
}

/// Two departments' workbooks with different texts in one shared cell,
/// dropped together: the preview (a dry run) refuses the later one with
/// the words the import uses, in either order, and writes nothing.
#[test]
fn a_preview_refuses_what_the_import_would() {
    let data = copy_data();
    let d = data.path();
    let (a, b) = (export(d, "地域福祉課"), export(d, "生活支援課"));
    fill(&a, &[(SHARED, RESULTS, text("地域福祉課の成果。"))]);
    fill(&b, &[(SHARED, RESULTS, text("生活支援課の成果。"))]);
    let dry = ImportOptions {
        dry_run: true,
        ..Default::default()
    };
    for order in [[&a, &b], [&b, &a]] {
        let files: Vec<PathBuf> = order.iter().map(|p| p.to_path_buf()).collect();
        let preview = forms::import(&inputs(d), &files, dry).unwrap();
        assert!(preview[0].is_ok(), "{:?}", preview[0]);
        let said = preview[1].as_ref().unwrap_err().to_string();
        assert!(said.contains("--replace-shared"), "{said}");
        assert!(!d.join("results").exists(), "a preview wrote");
        // The import itself refuses the same, in the same words.
        let copy = copy_data();
        let (ca, cb) = (copy.path().join("a.xlsx"), copy.path().join("b.xlsx"));
        std::fs::copy(order[0], &ca).unwrap();
        std::fs::copy(order[1], &cb).unwrap();
        let real =
            forms::import(&inputs(copy.path()), &[ca, cb], ImportOptions::default()).unwrap();
        assert!(real[0].is_ok());
        let refused = real[1].as_ref().unwrap_err().to_string();
        let strip = |s: &str, dir: &Path| s.replace(&dir.display().to_string(), "DATA");
        let (said, refused) = (strip(&said, d), strip(&refused, copy.path()));
        // The workbook's own name differs (a copy); the problems are the same.
        let tail = |s: &str| {
            s.split_once('\n')
                .map(|(_, t)| t.to_string())
                .unwrap_or_default()
        };
        assert_eq!(tail(&said), tail(&refused));
    }
}
