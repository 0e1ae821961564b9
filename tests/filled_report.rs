//! The published report with long results filled in (generated in
//! tests/common/filled.rs): every sentence printed once, continued rows
//! labelled, no near-empty pages, columns that serve the text.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use shinchoku::pipeline::{Compiled, Options, compile_with};
use shinchoku::typeset::inspect::{Piece, footer, page_texts, pieces};

const MM: f64 = 72.0 / 25.4;
/// The sheet pages' text area (layouts/report.typ: A4, top 14 mm, bottom 16 mm).
const BODY_TOP: f64 = 14.0 * MM;
const BODY_BOTTOM: f64 = (297.0 - 16.0) * MM;

fn compile(data: &std::path::Path, options: &Options) -> Compiled {
    compile_with(&inputs(data), options).unwrap()
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

/// Lines of each result cell (row, field): distinct baselines in the cell's
/// column, from its first sentence down to the next row's first sentence.
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
        // The next column to the right (成果 has the grade column after it).
        for (f, next_f, gap) in [
            ('a', Some('b'), 0.0),
            ('b', Some('c'), 9.0),
            ('c', None, 0.0),
        ] {
            let (Some((p0, start)), Some(p1)) = (first(row, f), last_page(row, f)) else {
                continue;
            };
            let right = next_f
                .and_then(|n| first(row, n))
                .map_or(f64::MAX, |(_, p)| p.left - gap * MM);
            let below = first(row + 1, f);
            let mut lines = 0;
            for page in p0..=p1 {
                let top = if page == p0 { start.top - 1.0 } else { 0.0 };
                let bottom = match &below {
                    Some((bp, b)) if *bp == page => b.top - 1.0,
                    _ => BODY_BOTTOM,
                };
                let baselines: BTreeSet<i64> = pieces(&compiled.document, page)
                    .iter()
                    .filter(|p| p.text.is_some())
                    .filter(|p| p.left >= start.left - 0.5 && p.left < right)
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
