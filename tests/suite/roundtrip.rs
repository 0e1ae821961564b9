//! The department round trip: export workbooks, fill them in as a
//! department would, import, build; bad workbooks refused whole; diff and
//! highlighted changes.

use crate::common;

use std::path::{Path, PathBuf};

use common::workbook::{Book, read_book, write_texts};
use common::*;
use shinchoku::error::Error;

/// Export one department's workbook from a copy of the data.
fn exported(data: &Path, dept: &str) -> PathBuf {
    let out = data.join("forms");
    let e = shinchoku::services::forms::export(&inputs(data), &[dept.to_string()], &out, false)
        .unwrap();
    e[0].workbook.clone()
}

#[test]
fn workbooks_have_japanese_headers_locked_context_and_a_meta_sheet() {
    let data = copy_data();
    let out = data.path().join("forms");
    let all = shinchoku::services::forms::export(&inputs(data.path()), &[], &out, false).unwrap();
    // Every department with rows gets one workbook.
    assert_eq!(all.len(), 17);
    let book = read_book(&out.join("障害福祉課_2024.xlsx"));
    assert_eq!(book[0].0, "障害福祉課");
    assert_eq!(book[1].0, "shinchoku");
    let grid = &book[0].1;
    assert_eq!(
        grid[2],
        [
            "key",
            "基本戦略",
            "施策細目",
            "取組名称",
            "担当部署等",
            "令和６年度の取組方針",
            "具体的な取組内容",
            "成果",
            "自己評価",
            "今後の方針"
        ]
    );
    // 1-1-3's 障害福祉課 row, with its context.
    let row = grid
        .iter()
        .find(|r| r[0] == "1-1-3:障害福祉課")
        .expect("row 1-1-3");
    assert_eq!(row[1], "１　市民の生活を支える仕組みづくり");
    assert_eq!(row[2], "（１）相談支援の仕組みづくり");
    assert_eq!(row[3], "③  相談支援専門職の確保");
    assert_eq!(row[4], "障害福祉課");
    assert!(row[5].starts_with("児玉郡市障害者自立支援協議会"));
    // Shared rows belong to each department named; 各関係課 rows to their lead.
    let hoiku = read_book(&out.join("保育課_2024.xlsx"));
    assert!(
        hoiku[0]
            .1
            .iter()
            .any(|r| r[0] == "1-2-1:子育て支援課・保育課")
    );
    let chiiki = read_book(&out.join("地域福祉課_2024.xlsx"));
    assert!(
        chiiki[0]
            .1
            .iter()
            .any(|r| r[0] == "1-1-5:各関係課（地域福祉課）")
    );
    assert_eq!(book[1].1[1][..2], ["fiscal_year", "2024"]);
    // Drop-down, protection and print settings are in the sheet's XML.
    let xml = sheet_xml(&out.join("障害福祉課_2024.xlsx"));
    assert!(
        xml.contains("<dataValidation") && xml.contains("Ａ,Ｂ,Ｃ"),
        "no drop-down"
    );
    assert!(xml.contains("<sheetProtection"), "not protected");
    assert!(xml.contains("paperSize=\"9\"") && xml.contains("orientation=\"landscape\""));
}

/// The first worksheet's XML, read with calamine's zip reader.
fn sheet_xml(path: &Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn filled_workbook_comes_back_into_the_report() {
    let data = copy_data();
    let path = exported(data.path(), "障害福祉課");
    let mut book = read_book(&path);
    for row in book[0].1.iter_mut().skip(3) {
        if row[0] == "1-1-3:障害福祉課" {
            row[6] = "相談支援専門員の研修を二回開催した。".into();
            row[7] = "参加者は十五人。".into();
            row[8] = "A".into();
            row[9] = "来年度も継続する。".into();
        }
    }
    write_texts(&path, &book);

    let imported =
        shinchoku::services::forms::import(&inputs(data.path()), &[path], Default::default())
            .unwrap();
    let imported = imported.into_iter().next().unwrap().unwrap();
    assert_eq!(
        imported.results_file,
        data.path().join("results/2024/障害福祉課.yaml")
    );
    assert_eq!(imported.changes.len(), 4, "{:?}", imported.changes);
    assert!(
        imported
            .changes
            .iter()
            .any(|c| c.to_string() == "1-1-3:障害福祉課 自己評価: （空） → Ａ")
    );
    // The plan files are untouched.
    let plan = std::fs::read_to_string(data.path().join("strategies/1.yaml")).unwrap();
    assert_eq!(
        plan,
        std::fs::read_to_string(data_dir().join("strategies/1.yaml")).unwrap()
    );

    let text = text_of(
        &shinchoku::pipeline::compile(
            &inputs(data.path()),
            &shinchoku::pipeline::Options::default(),
        )
        .unwrap(),
    );
    assert!(text.contains("相談支援専門員の研修を二回開催した。"));
    assert!(text.contains("参加者は十五人。Ａ"));
    // The re-listing 1-3-5 shows the same results.
    assert_eq!(
        text.matches("相談支援専門員の研修を二回開催した。").count(),
        2
    );
}

fn refused(case: &str, expected: &str, edit: impl FnOnce(&mut Book)) {
    let data = copy_data();
    let path = exported(data.path(), "障害福祉課");
    let mut book = read_book(&path);
    edit(&mut book);
    write_texts(&path, &book);
    let results =
        shinchoku::services::forms::import(&inputs(data.path()), &[path], Default::default())
            .unwrap();
    match results.into_iter().next().unwrap() {
        Err(Error::Workbook { problems, .. }) => {
            assert!(
                problems.iter().any(|p| p.to_string().contains(expected)),
                "{case}: {problems:#?}"
            );
        }
        other => panic!("{case}: not refused: {other:?}"),
    }
    assert!(
        !data.path().join("results").exists(),
        "{case}: something was written"
    );
}

fn row_mut<'a>(book: &'a mut Book, key: &str) -> &'a mut Vec<String> {
    book[0].1.iter_mut().find(|r| r[0] == key).unwrap()
}

#[test]
fn bad_workbooks_are_refused_whole_naming_sheet_row_and_column() {
    refused("grade Ｄ", "シート「障害福祉課」 I", |b| {
        let r = row_mut(b, "1-1-3:障害福祉課");
        r[6] = "実施した。".into();
        r[8] = "Ｄ".into();
    });
    refused(
        "unknown key",
        "はこの様式の行ではありません",
        |b| {
            row_mut(b, "1-1-3:障害福祉課")[0] = "9-9-9:障害福祉課".into();
        },
    );
    refused(
        "another department's row",
        "はこの様式の行ではありません",
        |b| {
            row_mut(b, "1-1-3:障害福祉課")[0] = "1-1-3:地域福祉課".into();
        },
    );
    refused(
        "edited context",
        "変更できない欄が書き換えられています",
        |b| {
            row_mut(b, "1-1-3:障害福祉課")[5] = "書き換えた方針".into();
        },
    );
    refused("another year", "2023年度の様式です", |b| {
        b[1].1[1][1] = "2023".into();
    });
    refused("a deleted row", "がありません", |b| {
        b[0].1.retain(|r| r[0] != "1-1-3:障害福祉課");
    });
}

#[test]
fn diff_lists_changes_field_by_field_and_marks_them() {
    let new = copy_data();
    let p = new.path().join("strategies/1.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    let policy = "重層的支援体制整備事業への移行準備事業を実施することにより福祉行政を推進します。";
    std::fs::write(&p, text.replacen(policy, "移行準備事業を実施します。", 1)).unwrap();
    let view = |d: &Path| {
        shinchoku::pipeline::view(
            &inputs(d),
            &shinchoku::pipeline::Options::default(),
            shinchoku::pipeline::Scope::Full,
        )
        .unwrap()
        .0
    };
    let changes = shinchoku::services::diff::diff(&view(&data_dir()), &view(new.path()));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].item, "基本戦略1（１）① 地域福祉課");
    assert_eq!(changes[0].field, "取組方針");
    assert_eq!(changes[0].before, policy);
    assert_eq!(changes[0].after, "移行準備事業を実施します。");

    let options = shinchoku::pipeline::Options {
        mark_changes: Some(data_dir().display().to_string()),
        ..Default::default()
    };
    let compiled = shinchoku::pipeline::compile(&inputs(new.path()), &options).unwrap();
    let rows: Vec<_> = compiled
        .prepared
        .view
        .initiatives()
        .flat_map(|i| &i.rows)
        .filter(|r| !r.changed.is_empty())
        .collect();
    // 1-1-1 and its re-listing 2-3-1, which prints the same row.
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|r| r.changed == ["policy"] && r.key.as_str() == "1-1-1:地域福祉課")
    );
    assert!(
        compiled
            .prepared
            .markup
            .contains(r#""changed":("policy",)"#)
    );
}

#[test]
fn diff_reads_a_git_revision() {
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .arg("-C")
            .arg(repo.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
    };
    git(&["init", "-q"]);
    copy_dir(&data_dir(), &repo.path().join("data"));
    git(&["add", "."]);
    git(&["commit", "-qm", "first"]);
    let plan = repo.path().join("data/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        text.replace(
            "title: 第３期本庄市地域福祉計画",
            "title: 第４期本庄市地域福祉計画",
        ),
    )
    .unwrap();
    git(&["commit", "-qam", "second"]);

    let (old, _keep) = shinchoku::io::git::resolve("HEAD~1:data", repo.path()).unwrap();
    let (new, _keep2) = shinchoku::io::git::resolve("HEAD:data", repo.path()).unwrap();
    let view = |d: &Path| {
        shinchoku::pipeline::view(
            &inputs(d),
            &shinchoku::pipeline::Options::default(),
            shinchoku::pipeline::Scope::Full,
        )
        .unwrap()
        .0
    };
    let changes = shinchoku::services::diff::diff(&view(&old), &view(&new));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(
        (changes[0].before.as_str(), changes[0].after.as_str()),
        ("第３期本庄市地域福祉計画", "第４期本庄市地域福祉計画")
    );
}
