//! The 担当部署等一覧表 as printed: each initiative's rows on one page, on the
//! same index page as in the original, names whole and never overprinted.

use crate::common;

use common::*;
use shinchoku::pipeline::{Compiled, compile};
use shinchoku::typeset::inspect::marks;

/// The first initiative on each page of the original's index (its pages
/// start at seed lines 99, 203, 312, 404, 513, 618).
const ORIGINAL_PAGE_STARTS: [&str; 6] = ["1-1-1", "1-2-2", "1-4-3", "2-1-1", "2-5-1", "3-2-5"];

/// (initiative id, index page counted from 0, page of its last row).
fn index_pages(compiled: &Compiled) -> Vec<(String, usize, usize)> {
    let doc = &compiled.document;
    // The index follows the one intro page.
    let first = 1;
    let last_rows = marks(doc, "idx-last");
    compiled
        .prepared
        .view
        .initiatives()
        .map(|i| {
            let id = i.id.to_string();
            let name = marks(doc, &format!("idx-{id}"));
            let last = last_rows.iter().find(|m| m.value == id).unwrap();
            (id, name[0].page - first, last.page - first)
        })
        .collect()
}

#[test]
fn index_pages_hold_the_originals_initiatives_and_never_split_one() {
    let compiled = compile(
        &inputs(&data_dir()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let pages = index_pages(&compiled);
    assert_eq!(pages.len(), 71);
    let mut expected = 0;
    let mut wrong = Vec::new();
    for (id, page, last) in &pages {
        if let Some(p) = ORIGINAL_PAGE_STARTS.iter().position(|s| s == id) {
            expected = p;
        }
        assert_eq!(page, last, "{id}: rows split across index pages");
        if *page != expected {
            wrong.push(format!("{id} on {} (original {})", page + 1, expected + 1));
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
}

/// A plan whose strategy 1 has a long measure title followed by a second
/// measure, and whose last strategy has one row and a long title.
fn long_names_data() -> tempfile::TempDir {
    let long_measure =
        "とても長い施策細目の名称で複数行にわたり次の施策細目の名前に重なりかねない例です";
    let long_strategy =
        "一行だけの最後の基本戦略に付けられたとても長い名称で切れてはならない例です";
    let one = initiative_yaml(1, "取組", "概要。", "地域福祉課", "方針。");
    let first = format!(
        "number: 1\ntitle: 試験の戦略\ndescription: 説明。\nindicators: []\nmeasures:\n  - number: 1\n    title: {long_measure}\n    background: 背景。\n    initiatives:\n{one}  - number: 2\n    title: 二つ目の施策細目\n    background: 背景。\n    initiatives:\n{one}"
    );
    let last = format!(
        "number: 2\ntitle: {long_strategy}\ndescription: 説明。\nindicators: []\nmeasures:\n  - number: 1\n    title: 施策\n    background: 背景。\n    initiatives:\n{one}"
    );
    temp_data(&[("1.yaml", &first), ("2.yaml", &last)])
}

#[test]
fn long_names_print_whole_and_never_over_each_other() {
    let data = long_names_data();
    let compiled = compile(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let doc = &compiled.document;
    let index = shinchoku::typeset::inspect::pieces(doc, 1);
    let text: String = index.iter().filter_map(|p| p.text.clone()).collect();
    for name in [
        "（１）とても長い施策細目の名称で複数行にわたり次の施策細目の名前に重なりかねない例です",
        "（２）二つ目の施策細目",
        "２　一行だけの最後の基本戦略に付けられたとても長い名称で切れてはならない例です",
    ] {
        assert!(text.contains(name), "{name} not printed whole in {text}");
    }
    // No two runs of text overlap.
    if let Some((a, b)) = overlapping(&index) {
        panic!("{a:?} overlaps {b:?}");
    }
    // And every run is inside the table (none clipped at its end).
    let table_bottom = index
        .iter()
        .filter(|p| p.text.is_none())
        .map(|p| p.bottom)
        .fold(0.0, f64::max);
    for r in index.iter().filter(|p| p.text.is_some()) {
        assert!(r.bottom <= table_bottom, "{r:?} below the table");
    }
}
