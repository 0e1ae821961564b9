//! The published report with long results filled in (generated in
//! tests/common/filled.rs): every sentence printed once, continued rows
//! labelled, no near-empty pages, columns that serve the text.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use shinchoku::pipeline::{Compiled, Options};
use shinchoku::typeset::inspect::{Piece, footer, marks, page_texts, pieces};

const MM: f64 = 72.0 / 25.4;
/// The sheet pages' text area (layouts/report.typ: A4, top 14 mm, bottom 16 mm).
const BODY_TOP: f64 = 14.0 * MM;
const BODY_BOTTOM: f64 = (297.0 - 16.0) * MM;

fn compile(data: &std::path::Path, options: &Options) -> Compiled {
    shinchoku::pipeline::compile(&inputs(data), options).unwrap()
}

/// How full a page's text area is: the lowest text or rule above the footer.
fn fill(pieces: &[Piece]) -> f64 {
    let bottom = pieces
        .iter()
        .filter(|p| p.top < BODY_BOTTOM)
        .map(|p| p.bottom.min(BODY_BOTTOM))
        .fold(BODY_TOP, f64::max);
    (bottom - BODY_TOP) / (BODY_BOTTOM - BODY_TOP)
}

/// Where each sentence id is printed: (page, the text piece it starts in).
/// Typst splits a line into several pieces, so ids are found in each page's
/// joined text.
fn id_places(compiled: &Compiled, ids: &BTreeSet<&str>) -> BTreeMap<String, Vec<(usize, Piece)>> {
    let mut places: BTreeMap<String, Vec<(usize, Piece)>> = BTreeMap::new();
    for page in 0..compiled.document.pages().len() {
        let ps: Vec<Piece> = pieces(&compiled.document, page)
            .into_iter()
            .filter(|p| p.text.is_some())
            .collect();
        let mut joined = String::new();
        let mut owner = Vec::new();
        for (i, p) in ps.iter().enumerate() {
            let t = p.text.as_deref().unwrap_or_default();
            joined.push_str(t);
            owner.extend(std::iter::repeat_n(i, t.len()));
        }
        for (at, _) in joined.match_indices("[r") {
            let id = joined[at..].split_inclusive(']').next().unwrap_or("");
            if ids.contains(id) {
                places
                    .entry(id.to_string())
                    .or_default()
                    .push((page, ps[owner[at]].clone()));
            }
        }
    }
    places
}

/// Lines of each result cell (row, field): the lines starting at the cell's
/// left edge, from its first sentence down to the next row's first sentence.
fn cell_lines(compiled: &Compiled, filled: &LongFilled) -> Vec<((usize, char), usize)> {
    let all: BTreeSet<&str> = filled.rows.iter().flatten().map(String::as_str).collect();
    let places = id_places(compiled, &all);
    let first = |row: usize, f: char| {
        places
            .get(&format!("[r{row:03}{f}01]"))
            .map(|v| v[0].clone())
    };
    let last_page = |row: usize, f: char| {
        filled.rows[row - 1]
            .iter()
            .filter(|id| id.contains(f))
            .filter_map(|id| places.get(id))
            .map(|v| v[0].0)
            .max()
    };
    let mut out = Vec::new();
    for row in 1..=filled.rows.len() {
        for f in ['a', 'b', 'c'] {
            let (Some((p0, start)), Some(p1)) = (first(row, f), last_page(row, f)) else {
                continue;
            };
            let below = first(row + 1, f);
            let mut lines = 0;
            for page in p0..=p1 {
                let top = if page == p0 { start.top - 1.0 } else { 0.0 };
                let bottom = match &below {
                    Some((bp, b)) if *bp == page => b.top - 1.0,
                    _ => BODY_BOTTOM,
                };
                // A line of the cell starts at the column's left edge (other
                // text in the x range, such as the next sheet's overview,
                // starts elsewhere).
                let baselines: BTreeSet<i64> = pieces(&compiled.document, page)
                    .iter()
                    .filter(|p| p.text.is_some())
                    .filter(|p| (p.left - start.left).abs() < 0.5)
                    .filter(|p| p.top >= top && p.top < bottom)
                    .map(|p| (p.bottom * 2.0).round() as i64)
                    .collect();
                lines += baselines.len();
            }
            out.push(((row, f), lines));
        }
    }
    out
}

/// The long filled report, compiled.
fn long_report() -> (LongFilled, Compiled) {
    let filled = long_filled_data();
    let compiled = compile(filled.dir.path(), &Options::default());
    (filled, compiled)
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The plan's own rows in document order (【再掲】 sheets repeat them), with
/// their sheet: the rows the generator filled, in its order.
fn own_rows(
    compiled: &Compiled,
) -> Vec<(&shinchoku::view::InitiativeView, &shinchoku::view::RowView)> {
    compiled
        .prepared
        .view
        .initiatives()
        .filter(|i| i.relist_of.is_none())
        .flat_map(|i| i.rows.iter().map(move |r| (i, r)))
        .collect()
}

/// How many sheets print `text` (a 【再掲】 prints its original's rows).
fn sheets_showing(compiled: &Compiled, text: &str) -> usize {
    compiled
        .prepared
        .view
        .initiatives()
        .filter(|i| {
            i.rows.iter().any(|r| {
                [
                    &r.policy,
                    &r.results.actions,
                    &r.results.results,
                    &r.results.next_policy,
                ]
                .iter()
                .any(|t| t.contains(text))
            })
        })
        .count()
}

#[test]
fn every_sentence_is_printed_once_on_each_sheet_that_shows_its_row() {
    let (filled, compiled) = long_report();
    assert_eq!(filled.rows.len(), own_rows(&compiled).len());
    let text = page_texts(&compiled.document).concat();
    let mut wrong = Vec::new();
    for id in filled.rows.iter().flatten() {
        let printed = text.matches(id.as_str()).count();
        let expected = sheets_showing(&compiled, id);
        if printed != expected {
            wrong.push(format!("{id}: {printed} printed, {expected} expected"));
        }
    }
    assert!(filled.sentence_count() > 1000);
    assert!(wrong.is_empty(), "{wrong:?}");
}

#[test]
fn a_continued_row_repeats_its_label_and_the_sheet_name_but_not_its_policy() {
    let (filled, compiled) = long_report();
    let doc = &compiled.document;
    let texts: Vec<String> = page_texts(doc).iter().map(|t| squeeze(t)).collect();
    let all: BTreeSet<&str> = filled.rows.iter().flatten().map(String::as_str).collect();
    let places = id_places(&compiled, &all);
    let mut continued = 0;
    for ((sheet, row), ids) in own_rows(&compiled).into_iter().zip(&filled.rows) {
        // The pages of the row on its own sheet (the first place of each id).
        let pages: BTreeSet<usize> = ids
            .iter()
            .filter_map(|id| places.get(id))
            .map(|v| v[0].0)
            .collect();
        let (first, last) = (*pages.first().unwrap(), *pages.last().unwrap());
        let label = format!("{}（続き）", squeeze(&row.departments.concat()));
        let title = format!("{}{}（続き）", sheet.mark, squeeze(&sheet.name));
        let policy = squeeze(&row.policy);
        for (page, text) in texts.iter().enumerate().take(last + 1).skip(first + 1) {
            continued += 1;
            assert!(text.contains(&label), "page {}: no {label}", page + 1);
            assert!(text.contains(&title), "page {}: no {title}", page + 1);
            // The policy is not printed again on the pages the row goes on to.
            assert!(
                !text.contains(&policy),
                "page {}: policy {policy} again",
                page + 1
            );
            // The label sits in the 担当部署等 column, under the header.
            let in_column = pieces(doc, page).into_iter().any(|p| {
                p.top > BODY_TOP
                    && p.right < (15.0 + 22.0) * MM
                    && p.text.as_deref().is_some_and(|t| t.contains('続'))
            });
            assert!(
                in_column,
                "page {}: no label in the 担当部署等 column",
                page + 1
            );
        }
    }
    assert!(continued > 20, "only {continued} continued rows");
}

/// The sheet marks the layout leaves (layouts/report.typ, `<sheet-mark>`):
/// (kind, sheet id, page, y).
fn sheet_marks(compiled: &Compiled) -> Vec<(String, String, usize, f64)> {
    marks(&compiled.document, "sheet-mark")
        .into_iter()
        .map(|m| {
            let field = |name: &str| {
                let at = m.value.find(&format!("{name}: \"")).unwrap() + name.len() + 3;
                m.value[at..].split('"').next().unwrap().to_string()
            };
            (field("kind"), field("id"), m.page, m.y)
        })
        .collect()
}

/// On each page a row goes on to: where the row's part there begins (the
/// bottom of the repeated header) and ends (the next row, the sheet's end
/// or the page's text area).
fn continued_parts(compiled: &Compiled) -> Vec<(usize, f64, f64)> {
    let marks = sheet_marks(compiled);
    let mut parts = Vec::new();
    for (i, (kind, id, page, y)) in marks.iter().enumerate() {
        let before = i.checked_sub(1).map(|b| &marks[b]);
        // A header repeated on a later page of its sheet, not directly
        // followed by a new row: the row before it goes on here.
        let repeated = kind == "head" && before.is_some_and(|b| &b.1 == id && b.2 < *page);
        let next = marks.get(i + 1).filter(|n| n.2 == *page);
        let new_row = next.is_some_and(|n| n.0 == "row" && (n.3 - y).abs() < 1.0);
        if repeated && !new_row {
            // Up to the next row, or the sheet's end.
            let end = next.map_or(BODY_BOTTOM, |n| n.3);
            parts.push((*page, *y, end));
        }
    }
    parts
}

#[test]
fn a_continued_rows_texts_start_at_its_top_on_the_next_page() {
    let (_filled, compiled) = long_report();
    let doc = &compiled.document;
    let parts = continued_parts(&compiled);
    let (mut columns, mut worst) = (0, 0.0_f64);
    for (page, top, bottom) in &parts {
        let all = pieces(doc, *page);
        let xs = rules_at(&all, top + 3.0);
        // The text columns: all but the 担当部署等 label (1st) and the
        // grade (5th).
        for (k, w) in xs.windows(2).enumerate() {
            if k == 0 || k == 4 {
                continue;
            }
            let first = all
                .iter()
                .filter(|p| p.text.is_some() && p.left >= w[0] && p.right <= w[1] + 0.5)
                .filter(|p| p.top >= top - 0.5 && p.bottom <= *bottom)
                .map(|p| p.top)
                .reduce(f64::min);
            if let Some(y) = first {
                columns += 1;
                worst = worst.max((y - top) / MM);
            }
        }
    }
    println!(
        "{} continued parts, {columns} columns: first line at most {worst:.1} mm below the row's top",
        parts.len()
    );
    assert!(
        parts.len() > 20 && columns > 40,
        "{} parts, {columns} columns",
        parts.len()
    );
    // Measured: 0.4 mm (the cell's inset less the line's ascent); 94.9 mm
    // when the texts were centred in their cells.
    assert!(
        worst < 2.5,
        "a continued column starts {worst:.1} mm below its row's top"
    );
}

#[test]
fn no_sheet_starts_with_only_a_few_lines_of_its_first_row() {
    let (_filled, compiled) = long_report();
    let marks = sheet_marks(&compiled);
    let mut starts = 0;
    for (i, (kind, id, page, y)) in marks.iter().enumerate() {
        let first_row = kind == "row"
            && marks[..i]
                .last()
                .is_some_and(|m| m.0 == "head" && &m.1 == id);
        let goes_on = marks.get(i + 1).is_some_and(|next| next.2 > *page);
        if first_row && goes_on {
            starts += 1;
            // Room for at least four lines of the row at the page's bottom.
            assert!(
                BODY_BOTTOM - y >= 16.0 * MM,
                "sheet {id}: first row starts {:.0} mm above the page end",
                (BODY_BOTTOM - y) / MM
            );
        }
    }
    assert!(starts > 5, "only {starts} sheets whose first row goes on");
}

#[test]
fn no_page_is_under_30_percent_full_unless_a_measure_or_strategy_follows() {
    let (_filled, compiled) = long_report();
    let doc = &compiled.document;
    let texts = page_texts(doc);
    let sheets: Vec<usize> = (0..doc.pages().len())
        .filter(|&p| footer(doc, p).is_some_and(|f| f.parse::<u32>().is_ok()))
        .collect();
    for (k, &page) in sheets.iter().enumerate() {
        let f = fill(&pieces(doc, page));
        let new_part = sheets
            .get(k + 1)
            .is_none_or(|&n| texts[n].contains("施策細目") || texts[n].contains("成果指標の設定"));
        assert!(
            f >= 0.3 || new_part,
            "page {} is {:.0} % full",
            page + 1,
            f * 100.0
        );
    }
}

#[test]
fn the_blank_form_keeps_the_original_columns_and_filled_sheets_widen_theirs() {
    // Blank form, first sheet (page 9): 担当部署等 22, 取組方針 68, three
    // result columns of 27 and 自己評価 9 mm.
    let form = compile(
        &data_dir(),
        &Options {
            form: true,
            ..Default::default()
        },
    );
    let page = pieces(&form.document, 8);
    let row = page
        .iter()
        .find(|p| p.text.as_deref() == Some("地域福祉課"))
        .unwrap();
    let xs: Vec<f64> = rules_at(&page, row.top)
        .iter()
        .map(|x| (x / MM * 10.0).round() / 10.0)
        .collect();
    assert_eq!(xs, [15.0, 37.0, 105.0, 132.0, 159.0, 168.0, 195.0]);

    // Filled: the first sheet's 具体的な取組内容 (many sentences) is wider
    // than the original 27 mm, the policy column narrower than 68 mm.
    let (_filled, compiled) = long_report();
    let page = pieces(&compiled.document, 8);
    let id = page
        .iter()
        .find(|p| {
            p.text
                .as_deref()
                .is_some_and(|t| t.starts_with("[r001a01]"))
        })
        .unwrap();
    let xs = rules_at(&page, id.bottom);
    let widths: Vec<f64> = xs.windows(2).map(|w| (w[1] - w[0]) / MM).collect();
    assert!(widths[1] < 68.0 && widths[2] > 30.0, "{widths:?}");
    assert!(widths.iter().all(|w| *w >= 8.9), "{widths:?}");
}

#[test]
fn narrow_cells_are_not_letter_spaced() {
    let (_filled, compiled) = long_report();
    let doc = &compiled.document;
    let mut checked = 0;
    for page in 8..doc.pages().len() {
        let all = pieces(doc, page);
        for p in all.iter().filter(|p| p.text.is_some()) {
            let text = p.text.as_deref().unwrap();
            // Runs of full-width characters only: each is exactly 1 em wide
            // (9 pt) unless justification spread them.
            let body = (p.bottom - p.top - 9.0).abs() < 0.1;
            if !body
                || text.chars().count() < 3
                || !text.chars().all(|c| ('\u{3041}'..='\u{9fff}').contains(&c))
            {
                continue;
            }
            let xs = rules_at(&all, (p.top + p.bottom) / 2.0);
            let Some(w) = xs
                .windows(2)
                .find(|w| w[0] <= p.left && p.right <= w[1] + 0.5)
            else {
                continue;
            };
            // Columns under 60 mm are set ragged (layouts/report.typ).
            if (w[1] - w[0]) / MM < 59.5 {
                checked += 1;
                let per_char = (p.right - p.left) / text.chars().count() as f64;
                assert!(
                    per_char < 9.05,
                    "page {}: {text:?} spread to {per_char:.2} pt a character",
                    page + 1
                );
            }
        }
    }
    assert!(checked > 100, "only {checked} runs in narrow cells");
    // And no character anywhere, read glyph by glyph.
    let (gap, page, run) = crate::layout::widest_gap(doc);
    assert!(
        gap < crate::layout::WIDEST_GAP,
        "page {}: {gap:.3} em after a character in {run:?}",
        page + 1
    );
}

/// The fill of each sheet page of the blank form.
#[test]
#[ignore]
fn print_form_fill() {
    let compiled = compile(
        &data_dir(),
        &Options {
            form: true,
            ..Default::default()
        },
    );
    let doc = &compiled.document;
    for p in 0..doc.pages().len() {
        if let Some(f) = footer(doc, p).filter(|f| f.parse::<u32>().is_ok()) {
            println!("page {f}: fill {:.0} %", fill(&pieces(doc, p)) * 100.0);
        }
    }
}

/// Figures for the note: pages, fill, lines per cell. Run with
/// `cargo test --release --test filled_report -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_layout_figures() {
    let filled = long_filled_data();
    let compiled = compile(filled.dir.path(), &Options::default());
    let doc = &compiled.document;
    let texts = page_texts(doc);
    let sheet_pages: Vec<usize> = (0..doc.pages().len())
        .filter(|&p| footer(doc, p).is_some_and(|f| f.parse::<u32>().is_ok()))
        .collect();
    let fills: Vec<f64> = sheet_pages.iter().map(|&p| fill(&pieces(doc, p))).collect();
    println!(
        "sentences {} over {} rows",
        filled.sentence_count(),
        filled.rows.len()
    );
    println!(
        "pages {} (numbered {})",
        doc.pages().len(),
        sheet_pages.len()
    );
    let mean = fills.iter().sum::<f64>() / fills.len() as f64;
    println!("fill mean {:.0} %", mean * 100.0);
    for (i, (&p, f)) in sheet_pages.iter().zip(&fills).enumerate() {
        if *f < 0.3 {
            let next = sheet_pages.get(i + 1).map(|&n| &texts[n]);
            let before_new = next.is_none_or(|t| t.contains("施策細目") || t.contains("成果指標"));
            println!(
                "  page {} ({}) fill {:.0} % before new measure/strategy: {before_new}",
                p + 1,
                footer(doc, p).unwrap_or_default(),
                f * 100.0
            );
        }
    }
    let lines = cell_lines(&compiled, &filled);
    for f in ['a', 'b', 'c'] {
        let v: Vec<usize> = lines
            .iter()
            .filter(|((_, g), _)| *g == f)
            .map(|(_, l)| *l)
            .collect();
        let mean = v.iter().sum::<usize>() as f64 / v.len() as f64;
        println!(
            "field {f}: cells {} lines mean {mean:.1} max {}",
            v.len(),
            v.iter().max().unwrap()
        );
    }
    let tallest: BTreeMap<usize, usize> =
        lines.iter().fold(BTreeMap::new(), |mut m, ((r, _), l)| {
            let e = m.entry(*r).or_insert(0);
            *e = (*e).max(*l);
            m
        });
    let t: Vec<usize> = tallest.values().copied().collect();
    println!(
        "tallest cell per row: mean {:.1} max {}",
        t.iter().sum::<usize>() as f64 / t.len() as f64,
        t.iter().max().unwrap()
    );
}

/// Writes the generated data to `$LONG_FILLED_DIR` (default
/// /tmp/long-filled), to build and look at it with the CLI.
#[test]
#[ignore]
fn write_long_filled_data() {
    let filled = long_filled_data();
    let to = std::env::var("LONG_FILLED_DIR").unwrap_or_else(|_| "/tmp/long-filled".into());
    let _ = std::fs::remove_dir_all(&to);
    copy_dir(filled.dir.path(), std::path::Path::new(&to));
}
