//! What the pages look like, read back from the laid-out document: SDG
//! tiles, notes kept whole, words not broken, characters not spread apart,
//! indents and rules.

use crate::common;

use common::*;
use shinchoku::pipeline::{Options, compile};
use shinchoku::typeset::inspect::{Piece, pieces};
use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

const MM: f64 = 72.0 / 25.4;
/// The text area of every page (layouts/report.typ: A4, 15 mm each side).
const TEXT_LEFT: f64 = 15.0 * MM;
const TEXT_RIGHT: f64 = (210.0 - 15.0) * MM;
/// Above the footer (bottom margin 16 mm).
const TEXT_BOTTOM: f64 = (297.0 - 16.0) * MM;

/// A plan of one strategy with `goals` as its SDGs.
fn strategy_with_goals(goals: &[u32]) -> tempfile::TempDir {
    let list: Vec<String> = goals.iter().map(u32::to_string).collect();
    let yaml = strategy_yaml(&initiative_yaml(
        1,
        "取組",
        "概要。",
        "地域福祉課",
        "方針。",
    ))
    .replace(
        "indicators:",
        &format!("sdgs: [{}]\nindicators:", list.join(", ")),
    );
    temp_data(&[("1.yaml", &yaml)])
}

fn inside(p: &Piece, left: f64, right: f64) -> bool {
    p.left >= left - 0.5 && p.right <= right + 0.5
}

#[test]
fn sdg_tiles_wrap_inside_their_box_for_any_number_of_goals() {
    for n in [0, 1, 7, 8, 17] {
        let goals: Vec<u32> = (1..=n).collect();
        let data = strategy_with_goals(&goals);
        let compiled = compile(
            &inputs(data.path()),
            &shinchoku::pipeline::Options::default(),
        )
        .unwrap();
        // The strategy page follows the intro and the one index page.
        let page = pieces(&compiled.document, 2);
        let text: String = page.iter().filter_map(|p| p.text.clone()).collect();
        assert!(text.contains("関連するSDGｓの目標"), "{text}");
        for p in &page {
            assert!(
                inside(p, TEXT_LEFT, TEXT_RIGHT),
                "{n} goals: {p:?} outside the text area"
            );
        }
        // Each goal is drawn with its number and name.
        for g in [1, 8, 17].into_iter().filter(|g| *g <= n) {
            let name = [
                "貧困をなくそう",
                "働きがいも経済成長も",
                "パートナーシップで目標を達成しよう",
            ][[1, 8, 17].iter().position(|x| *x == g).unwrap()];
            assert!(
                text.contains(&format!("{g}{name}")),
                "{n} goals: goal {g} missing in {text}"
            );
        }
        // The box: the lowest rule is below every tile.
        let box_bottom = page
            .iter()
            .filter(|p| p.text.is_none())
            .map(|p| p.bottom)
            .fold(0.0, f64::max);
        let lowest_text = page
            .iter()
            .filter(|p| p.text.is_some() && p.bottom < TEXT_BOTTOM)
            .map(|p| p.bottom)
            .fold(0.0, f64::max);
        assert!(lowest_text < box_bottom, "{n} goals: text below the box");
    }
}

/// One sheet with a given overview and one row with given policy and
/// 具体的な取組内容.
fn one_sheet(overview: &str, policy: &str, actions: &str) -> tempfile::TempDir {
    let mut initiative = initiative_yaml(1, "長い文字列の取組", overview, "地域福祉課", policy);
    initiative.push_str(&format!("            actions: {}\n", yaml_str(actions)));
    temp_data(&[("1.yaml", &strategy_yaml(&initiative))])
}

#[test]
fn unbreakable_runs_wrap_inside_their_cells_and_print_whole() {
    // A 3,000-character URL (its letters q and z appear nowhere else) and a
    // 25-digit number.
    let url = format!("https://www.city.example.jp/{}", "qz".repeat(1486));
    assert_eq!(url.chars().count(), 3000);
    let number = "1234567890123456789012345";
    let data = one_sheet(
        &format!("　詳しくは{url}をご覧ください。"),
        &format!("件数{number}件"),
        &format!("記録{number}件。{url}"),
    );
    let compiled = compile(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let doc = &compiled.document;
    let text = text_of(&compiled);
    // Twice each: the overview and the 具体的な取組内容.
    let count = |c: char| text.chars().filter(|x| *x == c).count();
    assert_eq!((count('q'), count('z')), (2 * 1486, 2 * 1486));
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    assert_eq!(digits.matches(number).count(), 2, "{digits}");
    let mut runs = 0;
    for page in 0..doc.pages().len() {
        let all = pieces(doc, page);
        for p in all.iter().filter(|p| p.text.is_some()) {
            assert!(
                inside(p, TEXT_LEFT, TEXT_RIGHT),
                "page {}: {p:?} outside the text area",
                page + 1
            );
            // Inside its cell, between the rules on either side.
            let t = p.text.as_deref().unwrap();
            if t.contains('q') || t.contains("123") {
                runs += 1;
                let xs = rules_at(&all, (p.top + p.bottom) / 2.0);
                assert!(
                    xs.windows(2)
                        .any(|w| w[0] <= p.left && p.right <= w[1] + 0.5),
                    "page {}: {p:?} crosses a rule {xs:?}",
                    page + 1
                );
            }
        }
    }
    assert!(runs > 10);
}

#[test]
fn an_overview_longer_than_a_page_prints_every_character() {
    // 32,000 characters (near the 32,767 a text may have) of two letters
    // found nowhere else in the document: several pages.
    let overview = "ゐゑ".repeat(16_000);
    let data = one_sheet(&overview, "方針。", "");
    let compiled = compile(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let printed = text_of(&compiled)
        .chars()
        .filter(|c| matches!(c, 'ゐ' | 'ゑ'))
        .count();
    assert_eq!(printed, 32_000);
    // And none of it below a page's text area (nothing drawn off the page).
    for page in 0..compiled.document.pages().len() {
        for p in pieces(&compiled.document, page) {
            if p.text
                .as_deref()
                .is_some_and(|t| t.contains('ゐ') || t.contains('ゑ'))
            {
                assert!(p.bottom <= TEXT_BOTTOM + 0.5, "page {}: {p:?}", page + 1);
            }
        }
    }
}

/// The lines of text in a column (x from `left` to `right`, mm) of each page,
/// top to bottom: the text runs sharing a baseline, left to right.
fn column_lines(
    compiled: &shinchoku::pipeline::Compiled,
    pages: std::ops::Range<usize>,
    left: f64,
    right: f64,
) -> Vec<Vec<String>> {
    pages
        .map(|page| {
            let mut runs: Vec<Piece> = pieces(&compiled.document, page)
                .into_iter()
                .filter(|p| {
                    p.text.is_some() && p.left >= left * MM - 1.0 && p.right <= right * MM + 1.0
                })
                .collect();
            runs.sort_by(|a, b| {
                a.bottom
                    .total_cmp(&b.bottom)
                    .then(a.left.total_cmp(&b.left))
            });
            let mut lines: Vec<(f64, String)> = Vec::new();
            for r in runs {
                match lines.last_mut() {
                    Some((y, line)) if (r.bottom - *y).abs() < 0.5 => {
                        line.push_str(r.text.as_deref().unwrap())
                    }
                    _ => lines.push((r.bottom, r.text.unwrap())),
                }
            }
            lines.into_iter().map(|(_, l)| l).collect()
        })
        .collect()
}

/// Words split across two lines: (end of one line, start of the next).
fn split_words(pages: &[Vec<String>], words: &std::collections::BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for lines in pages {
        for pair in lines.windows(2) {
            for w in words {
                let chars: Vec<char> = w.chars().collect();
                for k in 1..chars.len() {
                    let (head, tail): (String, String) =
                        (chars[..k].iter().collect(), chars[k..].iter().collect());
                    if pair[0].ends_with(&head) && pair[1].starts_with(&tail) {
                        found.push(format!("{}／{}", pair[0], pair[1]));
                    }
                }
            }
        }
    }
    found
}

/// Lines of the 担当部署等 cells that end inside a word of `data`'s
/// department labels (the words the view gives the layout, see
/// `view::words`), and whether some label wrapped at all.
fn department_words_split(data: &std::path::Path) -> (Vec<String>, bool) {
    let compiled = compile(&inputs(data), &Options::default()).unwrap();
    let view = &compiled.prepared.view;
    let mut words: std::collections::BTreeSet<String> = view
        .initiatives()
        .flat_map(|i| &i.rows)
        .flat_map(|r| r.label.iter().flatten().flat_map(|n| n.words()))
        .chain(
            view.index
                .iter()
                .flat_map(|s| &s.measures)
                .flat_map(|m| &m.initiatives)
                .flat_map(|i| i.words.iter().flatten().flat_map(|n| n.words())),
        )
        .map(str::to_string)
        .collect();
    words.insert(view.labels.sheet.relist.clone());
    words.retain(|w| w.chars().count() > 1);
    let doc = &compiled.document;
    let first_sheet = shinchoku::typeset::inspect::strategy_starts(doc)[0].1;
    // Sheets: the 担当部署等 column (15–37 mm); index (after the intro
    // page): the 取組名称 and 担当部署等 columns (66.8–181.3 mm).
    let sheets = column_lines(&compiled, first_sheet..doc.pages().len(), 15.0, 37.0);
    let index = column_lines(&compiled, 1..first_sheet, 66.8, 181.3);
    let split = [split_words(&sheets, &words), split_words(&index, &words)].concat();
    // Some names wrap: a line that is a word of a longer name.
    let long: Vec<String> = view
        .initiatives()
        .flat_map(|i| &i.rows)
        .flat_map(|r| &r.label)
        .flatten()
        .filter(|n| n.words().len() > 1)
        .map(|n| n.words()[n.words().len() - 1].to_string())
        .collect();
    let wrapped = sheets.iter().flatten().any(|l| long.contains(l));
    (split, wrapped)
}

#[test]
fn department_names_and_relisting_marks_break_between_words() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let long = long_department_names();
    // (data, whether it has names wider than their cell)
    for (data, long_names) in [
        (data_dir(), true),
        (root.join("tests/fixtures/filled"), false),
        (root.join("examples/kawawada"), true),
        (long.path().to_path_buf(), true),
    ] {
        let (split, wrapped) = department_words_split(&data);
        assert!(split.is_empty(), "{}: {split:?}", data.display());
        // The test sees the lines it should: some department cells wrap.
        assert_eq!(wrapped, long_names, "{}", data.display());
    }
}

/// The shipped data with long department names: 1-1-1's department, the
/// two of 1-1-2 and 1-1-5's lead.
fn long_department_names() -> tempfile::TempDir {
    let dir = copy_data();
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "departments.yaml",
        "  - 都市計画課\n",
        "  - 都市計画課\n  - 教育委員会事務局教育総務課\n  - 社会福祉協議会\n  - ソーシャルワーク推進室\n",
    );
    let one = "strategies/1.yaml";
    edit(one, "[地域福祉課]", "[教育委員会事務局教育総務課]");
    edit(
        one,
        "[地域福祉課, 生活支援課]",
        "[社会福祉協議会, ソーシャルワーク推進室]",
    );
    edit(one, "lead: 地域福祉課", "lead: 教育委員会事務局教育総務課");
    dir
}

/// Whether `lines` holds `want` one after another.
fn holds(lines: &[Vec<String>], want: &[&str]) -> bool {
    lines
        .iter()
        .any(|page| page.windows(want.len()).any(|w| w == want))
}

#[test]
fn long_department_names_break_between_their_words() {
    let data = long_department_names();
    let compiled = compile(&inputs(data.path()), &Options::default()).unwrap();
    let doc = &compiled.document;
    let pages = doc.pages().len();
    let sheets = column_lines(&compiled, 7..pages, 15.0, 37.0);
    let index = column_lines(&compiled, 1..7, 144.8, 181.3);
    // In the sheets' 担当部署等 column (6 characters a line): after the
    // units of words.yaml's break_after, between the words of a unit; a word
    // wider than the column set smaller on one line.
    for want in [
        &["教育委員会", "事務局", "教育総務課"][..],
        &["社会福祉", "協議会", "ソーシャルワーク", "推進室"],
        &["各関係課", "(教育委員会", "事務局", "教育総務課)"],
    ] {
        assert!(holds(&sheets, want), "{want:?} not in {sheets:?}");
    }
    // In the index (9½ characters a line).
    for want in [
        &["教育委員会事務局", "教育総務課"][..],
        &["社会福祉協議会", "ソーシャルワーク", "推進室"],
        &["各関係課", "（教育委員会事務局", "教育総務課）"],
    ] {
        assert!(holds(&index, want), "{want:?} not in {index:?}");
    }
    // The word set smaller fits its cell: 9 pt × 6.2 / 8 characters.
    for page in 7..pages {
        for p in pieces(doc, page) {
            if p.text.as_deref() == Some("ソーシャルワーク") && p.right < 40.0 * MM {
                let size = p.bottom - p.top;
                assert!((size - 9.0 * 6.17 / 8.0).abs() < 0.1, "{size} pt");
                assert!(p.right <= (37.0 - 1.2) * MM + 0.1, "{p:?}");
            }
        }
    }
}

#[test]
fn paragraph_indents_are_one_em_and_label_rules_line_up() {
    for options in [
        shinchoku::pipeline::Options::default(),
        shinchoku::pipeline::Options {
            form: true,
            ..Default::default()
        },
    ] {
        let compiled = shinchoku::pipeline::compile(&inputs(&data_dir()), &options).unwrap();
        let doc = &compiled.document;
        let mut indents = 0;
        for page in 0..doc.pages().len() {
            let all = pieces(doc, page);
            // A paragraph's opening full-width space is exactly 1 em wide,
            // whatever justification does to the rest of its line.
            for p in all.iter().filter(|p| p.text.as_deref() == Some("\u{3000}")) {
                indents += 1;
                let (width, size) = (p.right - p.left, p.bottom - p.top);
                assert!(
                    (width - size).abs() < 0.01,
                    "page {}: indent {width:.2} pt at {size} pt",
                    page + 1
                );
            }
            // On sheet pages every label column (施策細目, 取組名称, 概要,
            // 担当部署等) ends at the same rule, 22 mm from the margin.
            let text: String = all.iter().filter_map(|p| p.text.clone()).collect();
            if page >= 7 && text.contains("担当部署等") {
                let mut xs: Vec<f64> = all
                    .iter()
                    .filter(|p| {
                        p.text.is_none() && p.right - p.left < 1.0 && p.bottom - p.top > 2.0
                    })
                    .map(|p| ((p.left + p.right) / 2.0 / MM * 10.0).round() / 10.0)
                    .filter(|x| *x < 60.0)
                    .collect();
                xs.sort_by(f64::total_cmp);
                xs.dedup();
                assert_eq!(xs, [15.0, 37.0], "page {}: rules at {xs:?} mm", page + 1);
            }
        }
        assert!(indents > 100, "only {indents} indents");
    }
}

#[test]
fn the_web_version_uses_the_pdfs_fill_colours() {
    let typ = std::fs::read_to_string(layouts_dir().join("report.typ")).unwrap();
    let html = std::fs::read_to_string(layouts_dir().join("report.html.j2")).unwrap();
    for token in ["label-fill", "band-fill"] {
        let line = typ
            .lines()
            .find(|l| l.starts_with(&format!("#let {token} = rgb(")))
            .unwrap();
        let colour = line.split('"').nth(1).unwrap().to_lowercase();
        assert!(
            html.to_lowercase().contains(&colour),
            "{token} {colour} not in report.html.j2"
        );
    }
}

/// The widest gap justification left after a character: its advance in the
/// frame less the font's own advance for the glyph, in em (spaces between
/// Latin words left out). With the page (0-based) and the text run it is in.
pub fn widest_gap(doc: &PagedDocument) -> (f64, usize, String) {
    fn walk(frame: &Frame, page: usize, widest: &mut (f64, usize, String)) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, page, widest),
                FrameItem::Text(t) => {
                    for g in &t.glyphs {
                        let blank = t.text[g.range()].chars().all(char::is_whitespace);
                        let Some(natural) = t.font.x_advance(g.id) else {
                            continue;
                        };
                        let gap = (g.x_advance - natural).get();
                        if !blank && gap > widest.0 {
                            *widest = (gap, page, t.text.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut widest = (0.0, 0, String::new());
    for (page, p) in doc.pages().iter().enumerate() {
        walk(&p.frame, page, &mut widest);
    }
    widest
}

/// Wider than this (in em) between two characters reads as letter-spaced
/// (「本 庄 市 が 誰」). Justified lines of the sheets' 68 mm policy column
/// stretch to 0.09 em.
pub const WIDEST_GAP: f64 = 0.125;

#[test]
fn no_characters_are_spread_apart() {
    let kawawada = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kawawada");
    let filled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filled");
    let summary = Options {
        summary: true,
        ..Options::default()
    };
    // An indicator whose note does not fit after its name (strategy 3 of
    // the shipped data: its name was spread 0.23 em a character).
    for (name, data) in [
        ("data", data_dir()),
        ("kawawada", kawawada),
        ("filled", filled),
    ] {
        let compiled = compile(&inputs(&data), &summary).unwrap();
        let (gap, page, run) = widest_gap(&compiled.document);
        println!("{name}: widest gap {gap:.3} em");
        assert!(
            gap < WIDEST_GAP,
            "{name}, page {}: {gap:.3} em after a character in {run:?}",
            page + 1
        );
    }
}

#[test]
fn an_indicators_note_goes_under_its_name() {
    let compiled = compile(&inputs(&data_dir()), &Options::default()).unwrap();
    let doc = &compiled.document;
    let strategies = shinchoku::typeset::inspect::strategy_starts(doc);
    let mut notes = 0;
    for (_, page) in strategies {
        let lines = column_lines(&compiled, page..page + 1, 15.0, 131.0);
        for (k, line) in lines[0].iter().enumerate() {
            if line.starts_with('※') {
                notes += 1;
                // The name whole on the line above (no word split).
                assert!(lines[0][k - 1].ends_with("の割合"), "{lines:?}");
            }
        }
    }
    assert_eq!(notes, 3);
}
