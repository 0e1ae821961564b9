//! The 頁 column of the index is computed by Typst: it must equal the page
//! number printed on the page where each sheet starts, and follow the content
//! when it grows.

use crate::common;

use common::*;
use shinchoku::typeset::inspect::footer;

/// Where each sheet starts in the original (its 担当部署等一覧表).
const ORIGINAL: &str = "1-1-1 2,1-1-2 2,1-1-3 3,1-1-4 4,1-1-5 4,1-1-6 4,1-1-7 5,1-1-8 5,1-1-9 5,1-1-10 6,1-1-11 6,1-1-12 7,1-2-1 8,1-2-2 9,1-3-1 10,1-3-2 10,1-3-3 11,1-3-4 11,1-3-5 12,1-3-6 13,1-3-7 13,1-4-1 14,1-4-2 14,1-4-3 15,1-4-4 16,1-4-5 16,1-4-6 17,1-4-7 17,1-4-8 18,1-4-9 18,1-4-10 18,1-4-11 19,1-4-12 19,1-4-13 19,1-4-14 20,1-4-15 21,2-1-1 23,2-1-2 23,2-1-3 24,2-1-4 24,2-2-1 25,2-2-2 26,2-2-3 26,2-2-4 27,2-3-1 28,2-3-2 28,2-3-3 29,2-4-1 30,2-4-2 30,2-4-3 31,2-5-1 32,2-5-2 32,2-5-3 33,2-5-4 33,2-5-5 33,3-1-1 35,3-1-2 36,3-1-3 36,3-1-4 36,3-1-5 37,3-1-6 37,3-1-7 37,3-2-1 38,3-2-2 39,3-2-3 39,3-2-4 40,3-2-5 41,3-3-1 42,3-3-2 42,3-3-3 43,3-3-4 43";

/// (id, printed 頁) after checking each against the footer of its sheet's page.
fn checked_entries(compiled: &shinchoku::pipeline::Compiled) -> Vec<(String, i64)> {
    let entries = index_pages_checked(&compiled.document);
    assert!(!entries.is_empty());
    entries
}

#[test]
fn index_pages_are_where_the_sheets_start_as_in_the_original() {
    let compiled = shinchoku::pipeline::compile(
        &inputs(&data_dir()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let entries = checked_entries(&compiled);
    assert_eq!(entries.len(), 71);
    let expected: Vec<(String, i64)> = ORIGINAL
        .split(',')
        .map(|e| {
            let (id, p) = e.split_once(' ').unwrap();
            (id.to_string(), p.parse().unwrap())
        })
        .collect();
    assert_eq!(entries, expected);
    // 1 intro page + 6 index pages + 43 numbered pages, as the original.
    let doc = &compiled.document;
    assert_eq!(footer(doc, doc.pages().len() - 1).as_deref(), Some("43"));
    assert_eq!(doc.pages().len(), 50);
    // Intro and index are unnumbered; strategy 1 is page 1.
    assert_eq!(footer(doc, 0), None);
    assert_eq!(footer(doc, 7).as_deref(), Some("1"));
}

#[test]
fn index_pages_follow_a_longer_sheet() {
    let data = copy_data();
    let path = data.path().join("strategies/1.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let policy = "重層的支援体制整備事業への移行準備事業を実施することにより福祉行政を推進します。";
    let long = format!("{policy}\n")
        .repeat(60)
        .replace('\n', "\n              ");
    let text = text.replacen(policy, long.trim_end(), 1);
    std::fs::write(&path, text).unwrap();

    let compiled = shinchoku::pipeline::compile(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let entries = checked_entries(&compiled);
    let page = |id: &str| entries.iter().find(|(i, _)| i == id).unwrap().1;
    assert_eq!(page("1-1-1"), 2);
    // 1-1-1 now fills more than a page: everything after it moves on.
    assert!(page("1-1-2") >= 4, "1-1-2 on {}", page("1-1-2"));
    assert!(page("3-3-4") > 43);
}

#[test]
fn generated_typst_for_a_small_plan() {
    let mut initiatives = initiative_yaml(
        1,
        "最初の取組",
        "概要の文章です。",
        "地域福祉課",
        "方針の一行目。\n二行目。",
    );
    initiatives.push_str("      - number: 2\n        relist_of: 1-1-1\n");
    let data = temp_data(&[("1.yaml", &strategy_yaml(&initiatives))]);
    let prepared = shinchoku::pipeline::prepare(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    insta::assert_snapshot!(prepared.markup);
}

/// A copy of the plan in `from` without its page-break hints.
fn without_hints(from: &std::path::Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(from, dir.path());
    for e in std::fs::read_dir(dir.path().join("strategies")).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: String = text
            .split_inclusive('\n')
            .filter(|l| !l.trim_start().starts_with("page_break:"))
            .collect();
        std::fs::write(&path, kept).unwrap();
    }
    dir
}

/// How full each numbered page's text area is (the lowest text or rule
/// above the footer, A4 with 14 mm and 16 mm margins), and whether a new
/// measure or strategy begins on the page after it: (printed page, fill,
/// before a new part).
fn page_fills(compiled: &shinchoku::pipeline::Compiled) -> Vec<(String, f64, bool)> {
    use shinchoku::typeset::inspect::{marks, pieces, strategy_starts};
    const MM: f64 = 72.0 / 25.4;
    let (top, bottom) = (14.0 * MM, (297.0 - 16.0) * MM);
    let doc = &compiled.document;
    // The first sheet of each measure starts under the measure's band.
    let firsts: Vec<String> = compiled
        .prepared
        .view
        .strategies
        .iter()
        .flat_map(|s| &s.measures)
        .filter_map(|m| m.initiatives.first())
        .map(|i| format!("id: \"{}\"", i.id))
        .collect();
    let mut new_parts: Vec<usize> = marks(doc, "sheet-mark")
        .into_iter()
        .filter(|m| {
            m.value.contains("kind: \"start\"") && firsts.iter().any(|f| m.value.contains(f))
        })
        .map(|m| m.page)
        .chain(strategy_starts(doc).into_iter().map(|(_, p)| p))
        .collect();
    new_parts.push(doc.pages().len());
    (0..doc.pages().len())
        .filter_map(|page| {
            let number = footer(doc, page).filter(|f| f.parse::<u32>().is_ok())?;
            let lowest = pieces(doc, page)
                .iter()
                .filter(|p| p.top < bottom)
                .map(|p| p.bottom.min(bottom))
                .fold(top, f64::max);
            let fill = (lowest - top) / (bottom - top);
            Some((number, fill, new_parts.contains(&(page + 1))))
        })
        .collect()
}

#[test]
fn without_hints_no_page_is_under_30_percent_full_but_before_a_new_measure() {
    let kawawada = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kawawada");
    // (plan, its numbered pages, of them under 30 % full: each the last of
    // a measure whose last row or sheet did not fit on the page before)
    for (from, pages, low) in [(data_dir(), 38, 5), (kawawada, 13, 2)] {
        let data = without_hints(&from);
        let compiled =
            shinchoku::pipeline::compile(&inputs(data.path()), &Default::default()).unwrap();
        let fills = page_fills(&compiled);
        let under: Vec<_> = fills.iter().filter(|(_, f, _)| *f < 0.3).collect();
        println!(
            "{}: {} pages, under 30 %: {under:?}",
            from.display(),
            fills.len()
        );
        for (page, fill, before_new) in &under {
            assert!(
                before_new,
                "{}: page {page} is {:.0} % full",
                from.display(),
                fill * 100.0
            );
        }
        assert_eq!(
            (fills.len(), under.len()),
            (pages, low),
            "{}",
            from.display()
        );
    }
}
