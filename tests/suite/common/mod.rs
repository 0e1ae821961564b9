//! Shared helpers: temporary data folders and reading compiled documents.
// The benches include this file and use only part of it.
#![allow(dead_code)]

pub mod workbook;

use std::path::{Path, PathBuf};

use shinchoku::pipeline::Inputs;

/// The repository's data folder.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

pub fn layouts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts")
}

pub fn inputs(data: &Path) -> Inputs {
    Inputs {
        data: data.to_path_buf(),
        layouts: Some(layouts_dir()),
        fonts: None,
    }
}

/// A YAML double-quoted scalar holding `s` exactly.
pub fn yaml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A data folder in a temp dir: the real plan, departments and intro, and
/// the given strategy files (name, YAML text).
pub fn temp_data(strategies: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["plan.yaml", "departments.yaml", "intro.yaml"] {
        std::fs::copy(data_dir().join(f), dir.path().join(f)).unwrap();
    }
    std::fs::create_dir(dir.path().join("strategies")).unwrap();
    for (name, text) in strategies {
        std::fs::write(dir.path().join("strategies").join(name), text).unwrap();
    }
    dir
}

/// A copy of the whole data folder in a temp dir.
pub fn copy_data() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&data_dir(), dir.path());
    dir
}

/// The shipped data copied into a folder named data (the root is kept
/// alive by the caller), so places read as staff see them:
/// data/strategies/1.yaml.
pub fn copy_data_as_data() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    copy_dir(&data_dir(), &data);
    (root, data)
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// One strategy with one measure; `initiatives` is YAML for the list items
/// (indented by 6 spaces).
pub fn strategy_yaml(initiatives: &str) -> String {
    format!(
        "number: 1\ntitle: 試験の戦略\ndescription: 説明文です。\nindicators:\n  - name: 指標\n    current: 1人\n    target: 2人\nmeasures:\n  - number: 1\n    title: 試験の施策\n    background: 背景の文章です。\n    initiatives:\n{initiatives}"
    )
}

/// YAML for one ordinary initiative with one row.
pub fn initiative_yaml(
    number: u32,
    name: &str,
    overview: &str,
    department: &str,
    policy: &str,
) -> String {
    format!(
        "      - number: {number}\n        name: {}\n        overview: {}\n        rows:\n          - departments: [{department}]\n            policy: {}\n",
        yaml_str(name),
        yaml_str(overview),
        yaml_str(policy)
    )
}

/// The x positions (points) of the vertical rules crossing height `y`.
pub fn rules_at(pieces: &[shinchoku::typeset::inspect::Piece], y: f64) -> Vec<f64> {
    let mut xs: Vec<f64> = pieces
        .iter()
        .filter(|p| p.text.is_none() && p.right - p.left < 1.0 && p.top <= y && p.bottom >= y)
        .map(|p| (p.left + p.right) / 2.0)
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    xs
}

/// The default report of `data`, built into `data/report.pdf`, as bytes.
pub fn pdf_bytes(data: &Path) -> Vec<u8> {
    let out = data.join("report.pdf");
    shinchoku::pipeline::build(
        &inputs(data),
        &shinchoku::pipeline::Options::default(),
        &out,
    )
    .unwrap();
    std::fs::read(out).unwrap()
}

/// Two runs of text drawn over each other on one page, if any.
pub fn overlapping(
    pieces: &[shinchoku::typeset::inspect::Piece],
) -> Option<(
    &shinchoku::typeset::inspect::Piece,
    &shinchoku::typeset::inspect::Piece,
)> {
    let runs: Vec<_> = pieces.iter().filter(|p| p.text.is_some()).collect();
    runs.iter().enumerate().find_map(|(i, a)| {
        runs[i + 1..].iter().find_map(|b| {
            let overlap = a.left < b.right - 0.5
                && b.left < a.right - 0.5
                && a.top < b.bottom - 0.5
                && b.top < a.bottom - 0.5;
            overlap.then_some((*a, *b))
        })
    })
}

/// Every 頁 of the index, checked against the footer of the page where its
/// sheet starts: (initiative id, page printed).
pub fn index_pages_checked(doc: &typst_layout::PagedDocument) -> Vec<(String, i64)> {
    use shinchoku::typeset::inspect::{footer, index_entries};
    index_entries(doc)
        .into_iter()
        .map(|e| {
            let page = e
                .sheet_page
                .unwrap_or_else(|| panic!("no sheet for {}", e.id));
            let foot = footer(doc, page).unwrap_or_else(|| panic!("no footer on page {page}"));
            assert_eq!(
                foot,
                e.printed.to_string(),
                "index says {} for {}",
                e.printed,
                e.id
            );
            (e.id, e.printed)
        })
        .collect()
}

/// Text of the compiled document, all pages joined.
pub fn text_of(compiled: &shinchoku::pipeline::Compiled) -> String {
    shinchoku::typeset::inspect::page_texts(&compiled.document).concat()
}

/// The external checker `pdfua` (PyPI), where installed: no finding in
/// `pdf` (`name` says which document, for the skip message).
pub fn pdfua_finds_nothing(pdf: &[u8], name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let Ok(out) = std::process::Command::new("pdfua")
        .arg("check")
        .arg(&file)
        .output()
    else {
        println!("skipped: pdfua check of the {name} (no pdfua; pip install pdfua)");
        return;
    };
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("result: PASS (no findings)") && report.contains("errors=0 warnings=0"),
        "{name}: {report}"
    );
}

mod filled;
#[allow(unused_imports)]
pub use filled::*;
