//! The year's cycle on the shipped data/, across commands, as departments
//! fill their workbooks in Excel: export every department's workbook →
//! import them back untouched (nothing changes, the PDF is the same bytes)
//! → fill every row with every kind of value, shared rows by each of their
//! departments → import → check → build (every value printed as typed) →
//! new-year (every 今後の方針 carried forward).

use crate::common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::workbook::*;
use common::*;
use shinchoku::pipeline::{self, Options};
use shinchoku::services::forms::ImportOptions;

/// What a department types into the 成果 column, and how Excel shows it.
fn kinds() -> Vec<(Typed, &'static str)> {
    let text = |s: &'static str| (Typed::Text(s.into()), s);
    vec![
        text("内訳:"),
        text("# 見出しのような行"),
        text("'一重' と \"二重\" の引用符"),
        text("  先頭に空白"),
        text("一行目\r\n二行目（CRLF）"),
        text("タブ\tの後"),
        text("yes"),
        text("null"),
        text("1e3"),
        text("- x"),
        text("~"),
        (Typed::Number(0.1, "0%"), "10%"),
        (Typed::Number(0.125, "0.0%"), "12.5%"),
        (Typed::Number(1234.0, "#,##0"), "1,234"),
        (Typed::Date(2025, 6, 1, "yyyy/m/d"), "2025/6/1"),
        (Typed::Number(42.0, "0\"人\""), "42人"),
    ]
}

/// The values every row gets, from its key alone, so the departments
/// sharing a row type the same text.
struct Fill {
    actions: String,
    results: Typed,
    shown: String,
    grade: &'static str,
    next: String,
}

fn fill_for(key: &str, i: usize) -> Fill {
    let (results, shown) = kinds()[i % kinds().len()].clone();
    Fill {
        actions: format!("{key}の取組を実施しました。"),
        results,
        shown: shown.to_string(),
        grade: ["A", "Ｂ", "c", "Ｃ"][i % 4],
        next: format!("{key}を来年度も続けます。"),
    }
}

/// Fill every row of every workbook; returns each row's fill by key.
fn fill_all(books: &[PathBuf]) -> HashMap<String, Fill> {
    let mut keys: Vec<String> = Vec::new();
    for path in books {
        let book = read_book(path);
        for row in book[0].1.iter().skip(FIRST) {
            if !keys.contains(&row[KEY]) {
                keys.push(row[KEY].clone());
            }
        }
    }
    let fills: HashMap<String, Fill> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), fill_for(k, i)))
        .collect();
    for path in books {
        let book = read_book(path);
        let mut typed = HashMap::new();
        for (r, row) in book[0].1.iter().enumerate().skip(FIRST) {
            let f = &fills[&row[KEY]];
            typed.insert((0, r, ACTIONS), Typed::Text(f.actions.clone()));
            typed.insert((0, r, RESULTS), f.results.clone());
            typed.insert((0, r, GRADE), Typed::Text(f.grade.into()));
            typed.insert((0, r, NEXT), Typed::Text(f.next.clone()));
        }
        write_book(path, &book, &typed);
    }
    fills
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_years_cycle_on_the_shipped_data() {
    let dir = copy_data();
    let data = dir.path();
    let before = pdf_bytes(data);

    // Untouched workbooks change nothing.
    let books = export_all(data);
    assert_eq!(books.len(), 17);
    for i in import_all(data, &books, ImportOptions::default()) {
        assert!(i.changes.is_empty(), "{}: {:?}", i.department, i.changes);
    }
    pipeline::checked(&inputs(data)).unwrap();
    assert!(
        pdf_bytes(data) == before,
        "an untouched round trip changed the PDF"
    );

    // Every row filled, shared rows by each of their departments.
    let books = export_all(data);
    let fills = fill_all(&books);
    let imported = import_all(data, &books, ImportOptions::default());
    let changed: usize = imported.iter().map(|i| i.changes.len()).sum();
    assert!(
        changed >= fills.len() * 3,
        "{changed} changes for {} rows",
        fills.len()
    );
    pipeline::checked(&inputs(data)).unwrap();
    results_read_back_as_typed(data, &fills);
    printed_as_typed(data, &fills);
    carried_to_next_year(data, &fills);
}

/// The results files hold exactly what was typed (as Excel showed it).
fn results_read_back_as_typed(data: &Path, fills: &HashMap<String, Fill>) {
    let loaded = shinchoku::load::load(data).unwrap();
    let mut seen = 0;
    for f in &loaded.results {
        for r in &f.value.rows {
            let fill = &fills[r.key.value.as_str()];
            let get = |t: &Option<shinchoku::model::Text>| {
                t.as_ref().map(|t| t.value.clone()).unwrap_or_default()
            };
            assert_eq!(get(&r.results.actions), fill.actions);
            assert_eq!(get(&r.results.results), fill.shown, "{}", r.key.value);
            assert_eq!(get(&r.results.next_policy), fill.next);
            seen += 1;
        }
    }
    assert!(
        seen >= fills.len(),
        "{seen} result rows for {} keys",
        fills.len()
    );
}

/// Every value is in the report's text, and the grades print full-width.
fn printed_as_typed(data: &Path, fills: &HashMap<String, Fill>) {
    let compiled = pipeline::compile(&inputs(data), &Options::default()).unwrap();
    let text = squeeze(&text_of(&compiled));
    for (key, f) in fills {
        for v in [&f.actions, &f.shown, &f.next] {
            assert!(text.contains(&squeeze(v)), "{key}: {v:?} not printed");
        }
    }
    let view = &compiled.prepared.view;
    let grades: Vec<&str> = view
        .initiatives()
        .flat_map(|i| &i.rows)
        .map(|r| r.results.grade.as_str())
        .collect();
    assert!(
        grades.iter().all(|g| ["Ａ", "Ｂ", "Ｃ"].contains(g)),
        "{grades:?}"
    );
}

/// new-year: each row's 今後の方針 becomes its 取組方針.
fn carried_to_next_year(data: &Path, fills: &HashMap<String, Fill>) {
    let next = data.with_file_name(format!(
        "{}-next",
        data.file_name().unwrap().to_string_lossy()
    ));
    let made = shinchoku::services::new_year::new_year(&inputs(data), Some(&next), None).unwrap();
    assert_eq!(made.carried, made.rows);
    let view = pipeline::prepare(&inputs(&next), &shinchoku::pipeline::Options::default())
        .unwrap()
        .view;
    for i in view.initiatives().filter(|i| i.relist_of.is_none()) {
        for r in &i.rows {
            let key = r.key.as_str().replace("2025", "2024");
            assert_eq!(r.policy, fills[key.as_str()].next, "{key}");
            assert_eq!(r.results, Default::default());
        }
    }
    std::fs::remove_dir_all(&next).unwrap();
}
