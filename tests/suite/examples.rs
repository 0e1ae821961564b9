//! Another city's plan (`examples/kawawada/`, fictional): other level names
//! (基本目標 / 施策 / 取組), other numbering (1, (1), ア), a grade scale of
//! ◎○△× with 「－」 counted as unrated, years as 令和7年度（2025年度）, three
//! indicator columns with per-indicator years, no SDG box, a five-step
//! cycle, results from the departments' files and no page-break hints. The
//! same guarantees as for Honjo's plan: it checks, every index 頁 is where
//! its sheet starts, every value is printed, the PDF is tagged PDF/UA-1 in
//! Japanese, the Excel round trip works, and messages speak its words.

use crate::common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::workbook::*;
use common::*;
use lopdf::{Document, Object};
use shinchoku::error::Error;
use shinchoku::pipeline::{self, Options};
use shinchoku::services::forms::ImportOptions;
use shinchoku::typeset::inspect::page_texts;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kawawada")
}

fn copy_example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example(), dir.path());
    dir
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn compile(data: &Path, options: &Options) -> pipeline::Compiled {
    pipeline::compile(&inputs(data), options).unwrap()
}

#[test]
fn the_example_passes_check_as_build_does() {
    let data = pipeline::check(&inputs(&example())).unwrap();
    assert_eq!(data.strategies.len(), 3);
    assert_eq!(data.initiatives().count(), 22);
    assert_eq!(data.departments.value.departments.len(), 25);
    assert!(data.initiatives().all(|p| !p.initiative.page_break));
    assert!(data.initiatives().any(|p| p.initiative.is_relist()));
    assert!(!data.results.is_empty(), "results come from results/2025/");
}

#[test]
fn every_index_page_is_where_its_sheet_starts() {
    let compiled = compile(&example(), &Options::default());
    let doc = &compiled.document;
    let entries = index_pages_checked(doc);
    assert_eq!(entries.len(), 22);
    // The re-listed initiative has a sheet of its own.
    assert!(entries.iter().any(|(id, _)| id == "3-1-3"));
}

/// Every text of the plan and of the results files, as the report prints
/// it, and the plan's words where the layout prints them.
#[test]
fn every_value_and_the_plans_words_are_printed() {
    let compiled = compile(
        &example(),
        &Options {
            summary: true,
            ..Options::default()
        },
    );
    let text = squeeze(&page_texts(&compiled.document).concat());
    let data = shinchoku::load::load(&example()).unwrap();
    let scale = data.grade_scale();
    // The plan, the intro, the strategies and the results files; words.yaml
    // and the department list (names not on any row) are checked apart.
    let skipped = [&data.words.file, &data.departments.file];
    let mut missing = Vec::new();
    for (file, t, item) in shinchoku::check::texts(&data) {
        let v = t.value.as_str();
        let relist_of = shinchoku::model::InitiativeId::parse(v).is_some();
        if skipped.iter().any(|f| f.as_path() == file) || relist_of {
            continue;
        }
        let shown = scale
            .parse(v)
            .map_or(v.to_string(), |g| scale.label(g).into());
        if !text.contains(&squeeze(&shown)) {
            missing.push(format!("{item}: {v}"));
        }
    }
    assert!(missing.is_empty(), "not printed: {missing:#?}");
    for word in [
        "◆第２次川和田市地域福祉計画施策の体系と担当課",
        "基本目標1",
        "《基本目標1》つながり、支え合う地域をつくる",
        "実績値令和７年度（2025年度）",
        "51.0%（令和６年度（2024年度））",
        "令和7年度（2025年度）の取組状況",
        "(1)地域の見守り活動の推進",
        "ウ見守りネットワークの拡充〔再掲〕",
        "（前のページから続く）",
        "施策の体系と担当課",
        "達成度の集計",
        "評価なし",
    ] {
        assert!(text.contains(word), "{word} not printed");
    }
    for honjo in [
        "基本戦略",
        "施策細目",
        "SDG",
        "■",
        "【再掲】",
        "（令和7年度）",
        "担当部署等",
    ] {
        assert!(!text.contains(honjo), "Honjo's {honjo} printed");
    }
}

#[test]
fn the_pdf_is_tagged_pdf_ua_in_japanese_with_the_plans_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    pipeline::build(
        &inputs(&example()),
        &shinchoku::pipeline::Options::default(),
        &out,
    )
    .unwrap();
    let doc = Document::load_mem(&std::fs::read(out).unwrap()).unwrap();
    let get = |obj: &Object| match obj {
        Object::Reference(r) => doc.get_object(*r).unwrap().clone(),
        o => o.clone(),
    };
    let text = |obj: &Object| match get(obj) {
        Object::String(b, f) => lopdf::decode_text_string(&Object::String(b, f)).unwrap(),
        o => panic!("not a string: {o:?}"),
    };
    let info = get(doc.trailer.get(b"Info").unwrap());
    let info = info.as_dict().unwrap();
    assert_eq!(
        text(info.get(b"Title").unwrap()),
        "第２次川和田市地域福祉計画　取組の進捗状況（令和7年度（2025年度））"
    );
    assert_eq!(text(info.get(b"Author").unwrap()), "川和田市");
    let subject = text(info.get(b"Subject").unwrap());
    assert!(
        subject.contains("取組ごとの担当課・取組予定・取組状況・達成度"),
        "{subject}"
    );
    let keywords = text(info.get(b"Keywords").unwrap());
    assert!(keywords.contains("施策の体系と担当課"), "{keywords}");
    let catalog = doc.catalog().unwrap();
    assert_eq!(text(catalog.get(b"Lang").unwrap()), "ja-JP");
    assert!(catalog.has(b"StructTreeRoot"), "not tagged");
    let meta = get(catalog.get(b"Metadata").unwrap());
    let xmp = String::from_utf8_lossy(&meta.as_stream().unwrap().content).into_owned();
    assert!(xmp.contains("pdfuaid:part") && xmp.contains(">1<"), "{xmp}");
}

#[test]
fn the_summary_counts_the_unrated_grade_as_unrated() {
    let compiled = compile(
        &example(),
        &Options {
            summary: true,
            ..Options::default()
        },
    );
    let summary = compiled.prepared.view.summary.as_ref().unwrap();
    assert_eq!(summary.grades, ["◎", "○", "△", "×"]);
    // 2-3-2 has one row graded 「－」 (unrated) and one graded ◎.
    let rights = &summary.strategies[1].measures[2];
    assert_eq!(rights.counts.graded, [1, 1, 0, 0]);
    assert_eq!(rights.counts.none, 1);
    let all: u32 = summary
        .strategies
        .iter()
        .map(|s| s.line.counts.total())
        .sum();
    let rows = compiled
        .prepared
        .view
        .initiatives()
        .filter(|i| i.relist_of.is_none())
        .map(|i| i.rows.len() as u32)
        .sum::<u32>();
    assert_eq!(all, rows);
}

#[test]
fn messages_name_items_in_the_plans_words() {
    let dir = copy_example();
    let path = dir.path().join("strategies/1.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("[高齢福祉課]", "[高齢福祉科]", 1)).unwrap();
    let err = pipeline::check(&inputs(dir.path())).unwrap_err();
    let Error::Invalid(problems) = &err else {
        panic!("{err}")
    };
    let shown = problems[0].to_string();
    assert!(shown.contains("基本目標1(1)イ 高齢福祉科"), "{shown}");
    assert!(shown.contains("担当課の一覧 (departments.yaml)"), "{shown}");
}

#[test]
fn the_html_version_speaks_the_plans_words() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let options = Options {
        format: pipeline::Format::Html,
        ..Options::default()
    };
    pipeline::build(&inputs(&example()), &options, &out).unwrap();
    let html = std::fs::read_to_string(out).unwrap();
    for word in [
        "<th scope=\"col\">基本目標</th>",
        "<th scope=\"col\">担当課</th>",
        "<th scope=\"col\">実績値令和７年度（2025年度）</th>",
        "<th scope=\"col\" rowspan=\"2\">次年度の方向性</th>",
        "〔再掲〕",
    ] {
        assert!(html.contains(word), "{word} not in the HTML");
    }
    assert!(!html.contains("基本戦略") && !html.contains("【再掲】"));
}

/// What each row gets in the round trip: new texts, and grades typed as
/// another keyboard gives them (〇 for ○, ✕ for ×, - for －).
fn fill(books: &[PathBuf]) -> HashMap<String, Vec<String>> {
    const GRADES: [&str; 5] = ["◎", "〇", "△", "✕", "-"];
    let mut fills = HashMap::new();
    for path in books {
        let book = read_book(path);
        let mut typed = HashMap::new();
        for (r, row) in book[0].1.iter().enumerate().skip(FIRST) {
            let key = row[KEY].clone();
            let values = vec![
                format!("{key}について、見直した内容を実施しました。"),
                format!("{key}の成果を確かめました。"),
                format!("{key}は次年度も続けます。"),
            ];
            for (col, v) in [ACTIONS, RESULTS, NEXT].into_iter().zip(&values) {
                typed.insert((0, r, col), Typed::Text(v.clone()));
            }
            let grade = GRADES[key.len() % GRADES.len()];
            typed.insert((0, r, GRADE), Typed::Text(grade.into()));
            fills.insert(key, values);
        }
        write_book(path, &book, &typed);
    }
    fills
}

/// Export every department's workbook, import them untouched (nothing
/// changes, same PDF), fill and import them, and the report prints every
/// value; then new-year carries the words and clears the year's 実績値.
#[test]
fn the_years_cycle_with_the_examples_workbooks() {
    let dir = copy_example();
    let data = dir.path();
    let before = pdf_bytes(data);
    let books = export_all(data);
    assert_eq!(books.len(), 24);
    let header = &read_book(&books[0])[0].1[FIRST - 1];
    for h in [
        "基本目標",
        "施策",
        "取組名称",
        "担当課",
        "実施した内容",
        "成果と課題",
        "達成度",
    ] {
        assert!(header.iter().any(|c| c == h), "{h} not in {header:?}");
    }
    assert!(
        header
            .iter()
            .any(|c| c == "令和７年度（2025年度）の取組予定"),
        "{header:?}"
    );
    for i in import_all(data, &books, ImportOptions::default()) {
        assert!(i.changes.is_empty(), "{}: {:?}", i.department, i.changes);
    }
    assert!(
        pdf_bytes(data) == before,
        "an untouched round trip changed the PDF"
    );

    let books = export_all(data);
    let fills = fill(&books);
    import_all(
        data,
        &books,
        ImportOptions {
            replace_shared: true,
            ..ImportOptions::default()
        },
    );
    pipeline::checked(&inputs(data)).unwrap();
    let compiled = compile(data, &Options::default());
    let text = squeeze(&page_texts(&compiled.document).concat());
    for (key, values) in &fills {
        for v in values {
            assert!(text.contains(&squeeze(v)), "{key}: {v} not printed");
        }
    }
    let grades: Vec<&str> = compiled
        .prepared
        .view
        .initiatives()
        .flat_map(|i| &i.rows)
        .map(|r| r.results.grade.as_str())
        .collect();
    assert!(
        grades
            .iter()
            .all(|g| ["◎", "○", "△", "×", "－"].contains(g)),
        "{grades:?}"
    );
    next_year(data);
}

fn next_year(data: &Path) {
    let next = data.with_file_name(format!(
        "{}-next",
        data.file_name().unwrap().to_string_lossy()
    ));
    shinchoku::services::new_year::new_year(&inputs(data), Some(&next), None).unwrap();
    assert!(next.join("words.yaml").is_file(), "words.yaml not carried");
    let loaded = pipeline::checked(&inputs(&next)).unwrap();
    let indicators: Vec<_> = loaded
        .strategies
        .iter()
        .flat_map(|s| &s.value.indicators)
        .collect();
    // 実績値 of the year that ended are cleared; one pinned to its own year stays.
    assert!(
        indicators
            .iter()
            .any(|i| i.actual.is_some() && i.own_year("actual").is_some())
    );
    assert!(
        indicators
            .iter()
            .all(|i| i.actual.is_none() || i.own_year("actual").is_some())
    );
    let strategy = std::fs::read_to_string(next.join("strategies/1.yaml")).unwrap();
    assert!(strategy.starts_with("# 基本目標1「"), "{}", &strategy[..80]);
    std::fs::remove_dir_all(&next).unwrap();
}
