//! The committee's workbook round trip on the shipped data: export-forms
//! --committee → import untouched (nothing changes, no file) → fill in
//! Excel's way (real cells), in LibreOffice, in openpyxl → import → check →
//! every value read back as typed; and the refusals.

use crate::common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::workbook::*;
use common::*;
use shinchoku::error::Error;
use shinchoku::services::forms::{self, ImportOptions, Imported};

/// Columns of the committee's sheet.
const ID: usize = 0;
const CONTEXT: usize = 3;
const SELF_GRADES: usize = 4;
const GRADE: usize = 5;
const OPINION: usize = 6;
const ANSWER: usize = 7;
/// The hidden sheet.
const META: usize = 1;

fn export(data: &Path) -> PathBuf {
    let e = forms::committee::export(&inputs(data), &data.join("forms")).unwrap();
    assert_eq!(e.workbook, data.join("forms/検討会議_2024.xlsx"));
    e.workbook
}

fn import(data: &Path, book: &Path, dry_run: bool) -> shinchoku::error::Result<Imported> {
    let options = ImportOptions {
        dry_run,
        ..Default::default()
    };
    forms::import(&inputs(data), &[book.to_path_buf()], options)
        .unwrap()
        .into_iter()
        .next()
        .unwrap()
}

fn committee_file(data: &Path) -> PathBuf {
    data.join("committee/2024.yaml")
}

/// The original initiatives of the plan, in document order.
fn originals(data: &Path) -> Vec<String> {
    let d = shinchoku::load::load(data).unwrap();
    d.initiatives()
        .filter(|p| !p.initiative.is_relist())
        .map(|p| p.id.to_string())
        .collect()
}

/// What the committee types for the initiative at `i`: grade (as typed,
/// as printed), opinion, answer.
fn fill_for(i: usize) -> (&'static str, &'static str, String, String) {
    let awkward = [
        "内訳:",
        "# 見出しのような行",
        "'一重' と \"二重\" の引用符",
        "  先頭に空白",
        "一行目\r\n二行目（CRLF）",
        "タブ\tの後",
        "yes",
        "null",
        "1e3",
        "- x",
        "~",
        "地域の見守り活動を、さらに広げてください。",
    ];
    let (typed, label) = [
        ("A", "Ａ"),
        ("Ｂ", "Ｂ"),
        ("c", "Ｃ"),
        ("Ｃ", "Ｃ"),
        ("", ""),
    ][i % 5];
    let opinion = if i % 7 == 6 {
        String::new()
    } else {
        awkward[i % awkward.len()].to_string()
    };
    let answer = if opinion.is_empty() || i % 3 == 2 {
        String::new()
    } else {
        format!(
            "{}について、市は次のように考えます。\n次年度も続けます。",
            i + 1
        )
    };
    (typed, label, opinion, answer)
}

/// The committee file as loaded: id → (grade, opinion, answer) as written.
fn loaded(data: &Path) -> HashMap<String, [String; 3]> {
    let d = shinchoku::load::load(data).unwrap();
    let c = d.committee.expect("a committee file");
    let v =
        |t: &Option<shinchoku::model::Text>| t.as_ref().map_or(String::new(), |t| t.value.clone());
    c.value
        .initiatives
        .iter()
        .map(|a| {
            (
                a.id.value.clone(),
                [v(&a.grade), v(&a.opinion), v(&a.answer)],
            )
        })
        .collect()
}

#[test]
fn untouched_committee_workbook_changes_nothing() {
    let dir = copy_data();
    let data = dir.path();
    let path = export(data);
    let book = read_book(&path);
    assert_eq!(book[0].0, "検討会議");
    let ids: Vec<String> = book[0]
        .1
        .iter()
        .skip(FIRST)
        .map(|r| r[ID].clone())
        .collect();
    assert_eq!(ids, originals(data), "every original initiative, in order");
    assert!(
        book[0].1[FIRST][SELF_GRADES].contains("課"),
        "{:?}",
        book[0].1[FIRST]
    );
    assert_eq!(book[META].1[0][1], "shinchoku-committee-1");
    let imported = import(data, &path, false).unwrap();
    assert_eq!(imported.department, "地域福祉検討会議");
    assert!(imported.changes.is_empty(), "{:?}", imported.changes);
    assert!(
        !committee_file(data).exists(),
        "an untouched workbook wrote the file"
    );
}

/// Fill every initiative's cells as real cells; returns id → (typed grade,
/// printed grade, opinion, answer).
fn fill(path: &Path) -> HashMap<String, (&'static str, &'static str, String, String)> {
    let book = read_book(path);
    let mut typed = HashMap::new();
    let mut fills = HashMap::new();
    for (r, row) in book[0].1.iter().enumerate().skip(FIRST) {
        let f = fill_for(r - FIRST);
        typed.insert((0, r, GRADE), Typed::Text(f.0.into()));
        typed.insert((0, r, OPINION), Typed::Text(f.2.clone()));
        typed.insert((0, r, ANSWER), Typed::Text(f.3.clone()));
        fills.insert(row[ID].clone(), f);
    }
    write_book(path, &book, &typed);
    fills
}

/// The opinions document prints every opinion and answer as typed (a text
/// of one line; lines and the spaces around a text are the layout's).
fn printed_as_typed(
    data: &Path,
    fills: &HashMap<String, (&'static str, &'static str, String, String)>,
) {
    let options = shinchoku::pipeline::Options {
        opinions: true,
        ..Default::default()
    };
    let compiled = shinchoku::pipeline::compile(&inputs(data), &options).unwrap();
    let text = text_of(&compiled);
    let mut checked = 0;
    for (_, _, opinion, answer) in fills.values() {
        for t in [opinion, answer] {
            let plain = t.trim() == t && !t.contains(['\n', '\r', '\t']);
            if !t.is_empty() && plain {
                assert!(text.contains(t.as_str()), "{t:?} not printed");
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "{checked}");
}

fn read_back_as_typed(
    data: &Path,
    fills: &HashMap<String, (&'static str, &'static str, String, String)>,
) {
    let found = loaded(data);
    for (id, (_, label, opinion, answer)) in fills {
        let want = [label.to_string(), opinion.clone(), answer.clone()];
        let got = found.get(id).cloned().unwrap_or_default();
        assert_eq!(got, want, "{id}");
    }
    assert!(found.keys().all(|k| fills.contains_key(k)));
}

#[test]
fn filled_committee_workbook_imports_every_value_as_typed() {
    let dir = copy_data();
    let data = dir.path();
    let path = export(data);
    let fills = fill(&path);

    // A dry run shows the changes and writes nothing.
    let preview = import(data, &path, true).unwrap();
    assert!(!preview.changes.is_empty());
    assert!(!committee_file(data).exists());
    assert!(
        preview
            .changes
            .iter()
            .any(|c| c.to_string() == "1-1-1 査定: （空） → Ａ"),
        "{:?}",
        preview.changes
    );

    let imported = import(data, &path, false).unwrap();
    assert_eq!(imported.changes, preview.changes);
    assert_eq!(imported.results_file, committee_file(data));
    shinchoku::pipeline::check(&inputs(data)).unwrap();
    read_back_as_typed(data, &fills);
    printed_as_typed(data, &fills);

    // The next workbook shows what was imported; untouched, it changes nothing.
    let text = std::fs::read_to_string(committee_file(data)).unwrap();
    let again = export(data);
    let book = read_book(&again);
    let first = &book[0].1[FIRST];
    assert_eq!(first[GRADE], "Ａ");
    let imported = import(data, &again, false).unwrap();
    assert!(imported.changes.is_empty(), "{:?}", imported.changes);
    assert_eq!(std::fs::read_to_string(committee_file(data)).unwrap(), text);
}

fn refused(case: &str, expected: &str, edit: impl FnOnce(&mut Book)) {
    let dir = copy_data();
    let data = dir.path();
    let path = export(data);
    let mut book = read_book(&path);
    edit(&mut book);
    write_texts(&path, &book);
    match import(data, &path, false) {
        Err(Error::Workbook { problems, .. }) => assert!(
            problems.iter().any(|p| p.to_string().contains(expected)),
            "{case}: {problems:#?}"
        ),
        other => panic!("{case}: not refused: {other:?}"),
    }
    assert!(
        !committee_file(data).exists(),
        "{case}: something was written"
    );
}

#[test]
fn committee_workbook_refusals() {
    refused("grade off the scale", "F4（査定）", |b| {
        b[0].1[FIRST][GRADE] = "Ｄ".into();
    });
    refused(
        "another year's workbook",
        "2023年度の様式です",
        |b| {
            b[META].1[1][1] = "2023".into();
        },
    );
    refused("a deleted row", "の行がありません", |b| {
        b[0].1.remove(FIRST + 1);
    });
    refused("a duplicated row", "二つにあります", |b| {
        let row = b[0].1[FIRST].clone();
        b[0].1.push(row);
    });
    refused(
        "an unknown id",
        "この様式の行ではありません",
        |b| {
            b[0].1[FIRST][ID] = "9-9-9".into();
        },
    );
    refused("a locked column changed", "D4（取組", |b| {
        b[0].1[FIRST][CONTEXT] = "書き換えた名称".into();
    });
    refused(
        "text outside the table",
        "表の外に書かれています",
        |b| {
            b[0].1[FIRST].push("メモ".into());
        },
    );
    refused(
        "an answer without an opinion",
        "H4（市の考え方）",
        |b| {
            b[0].1[FIRST][ANSWER] = "考え方だけ".into();
        },
    );
}

#[test]
fn committee_workbook_resaved_by_libreoffice_changes_nothing() {
    if Command::new("soffice").arg("--version").output().is_err() {
        println!("skipped: soffice (LibreOffice) is not installed");
        return;
    }
    let dir = copy_data();
    let data = dir.path();
    let path = export(data);
    let out = data.join("resaved");
    let profile = data.join("lo-profile");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    let resaved = out.join("検討会議_2024.xlsx");
    let imported = import(data, &resaved, false).unwrap();
    assert!(imported.changes.is_empty(), "{:?}", imported.changes);
    assert!(!committee_file(data).exists());
}

const OPENPYXL_FILL: &str = r#"
import sys, openpyxl
path = sys.argv[1]
values = sys.argv[2:]
wb = openpyxl.load_workbook(path)
ws = wb["検討会議"]
fills = {values[i]: values[i + 1:i + 4] for i in range(0, len(values), 4)}
for row in range(4, ws.max_row + 1):
    key = ws.cell(row=row, column=1).value
    if key in fills:
        for k, v in enumerate(fills[key]):
            ws.cell(row=row, column=6 + k).value = v if v else None
wb.save(path)
"#;

#[test]
fn committee_workbook_filled_by_openpyxl_imports_as_typed() {
    let probe = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        println!("skipped: python3 with openpyxl is not available");
        return;
    }
    let dir = copy_data();
    let data = dir.path();
    let path = export(data);
    let ids = originals(data);
    let mut args = vec![path.display().to_string()];
    let mut fills = HashMap::new();
    for (i, id) in ids.iter().enumerate().take(12) {
        let f = fill_for(i);
        args.extend([id.clone(), f.0.to_string(), f.2.clone(), f.3.clone()]);
        fills.insert(id.clone(), f);
    }
    let status = Command::new("python3")
        .args(["-c", OPENPYXL_FILL])
        .args(&args)
        .status()
        .unwrap();
    assert!(status.success());
    let imported = import(data, &path, false).unwrap();
    assert!(!imported.changes.is_empty());
    shinchoku::pipeline::check(&inputs(data)).unwrap();
    fills.retain(|_, f| !(f.0.is_empty() && f.2.is_empty() && f.3.is_empty()));
    read_back_as_typed(data, &fills);
}
