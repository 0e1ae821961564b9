//! The plan's years on the shipped data: a plan folder of three years
//! (2024 as shipped; 2025 and 2026 made by new-year and filled through the
//! Excel round trip with a mix of grades; in 2026 one initiative renamed,
//! two renumbered with `previously`, one row added). The trend's every
//! cell and the period's counts are checked against an oracle read from
//! the YAML files themselves, not from the view.

use crate::common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use common::workbook::*;
use common::*;
use shinchoku::pipeline::{self, Options};
use shinchoku::services::forms::ImportOptions;
use shinchoku::services::new_year;

/// The grade a row gets in a year: a mix from its key and the year, with
/// some left empty (未評価); typed half-width as departments do.
fn grade_for(key: &str, year: i32) -> &'static str {
    let h = key.bytes().fold(year as u32, |h, b| {
        h.wrapping_mul(31).wrapping_add(u32::from(b))
    });
    ["A", "B", "C", "", "B", "C", "A"][(h % 7) as usize]
}

/// Fill every workbook of `year` with grades (and an action text, so the
/// row counts as filled); shared rows get the same grade from each owner.
fn fill_year(year_dir: &Path, year: i32) {
    let books = export_all(year_dir);
    for path in &books {
        let book = read_book(path);
        let mut typed = HashMap::new();
        for (r, row) in book[0].1.iter().enumerate().skip(FIRST) {
            let key = &row[KEY];
            typed.insert((0, r, ACTIONS), Typed::Text(format!("{key}を実施")));
            typed.insert((0, r, GRADE), Typed::Text(grade_for(key, year).into()));
            typed.insert(
                (0, r, NEXT),
                Typed::Text(format!("{key}を{}年度も続けます", year + 1)),
            );
        }
        write_book(path, &book, &typed);
    }
    import_all(year_dir, &books, ImportOptions::default());
    std::fs::remove_dir_all(year_dir.join("forms")).unwrap();
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// Swap two initiatives of a strategy file by their comment lines, renumber
/// them and link each to its number of the year before.
fn swap_2_and_3(file: &Path) {
    let text = std::fs::read_to_string(file).unwrap();
    let a = text.find("      # 1-1-②").unwrap();
    let b = text.find("      # 1-1-③").unwrap();
    let c = text.find("      # 1-1-④").unwrap();
    let two = text[a..b].replacen(
        "      - number: 2\n",
        "      - number: 3\n        previously: 1-1-2\n",
        1,
    );
    let three = text[b..c].replacen(
        "      - number: 3\n",
        "      - number: 2\n        previously: 1-1-3\n",
        1,
    );
    let swapped = format!("{}{three}{two}{}", &text[..a], &text[c..])
        .replace("relist_of: 1-1-3", "relist_of: 1-1-X")
        .replace("relist_of: 1-1-2", "relist_of: 1-1-3")
        .replace("relist_of: 1-1-X", "relist_of: 1-1-2");
    std::fs::write(file, swapped).unwrap();
}

fn swap_relists(file: &Path) {
    let text = std::fs::read_to_string(file).unwrap();
    let swapped = text
        .replace("relist_of: 1-1-3", "relist_of: 1-1-X")
        .replace("relist_of: 1-1-2", "relist_of: 1-1-3")
        .replace("relist_of: 1-1-X", "relist_of: 1-1-2");
    std::fs::write(file, swapped).unwrap();
}

/// Every file under a folder with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            out.extend(tree(&e.path()));
        } else {
            out.insert(e.path(), std::fs::read(e.path()).unwrap());
        }
    }
    out
}

struct Plan {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

fn three_years() -> Plan {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("計画");
    copy_dir(&data_dir(), &root.join("2024"));
    let y2024 = tree(&root.join("2024"));

    let made = new_year::new_year(&inputs(&root), None, None).unwrap();
    assert_eq!(made.folder, root.join("2025"));
    // Indicators measured in 2025, shown on the trend pages.
    let w2025 = root.join("2025/words.yaml");
    edit(
        &w2025,
        "  show: false                    # true",
        "  show: true  # true",
    );
    let s1 = root.join("2025/strategies/1.yaml");
    edit(
        &s1,
        "    current: 7.0%\n",
        "    current: 7.0%\n    actual: 6.5%\n",
    );
    fill_year(&root.join("2025"), 2025);
    let y2025 = tree(&root.join("2025"));

    new_year::new_year(&inputs(&root), None, None).unwrap();
    let y = root.join("2026");
    let s1 = y.join("strategies/1.yaml");
    edit(
        &s1,
        "        name: 効率的で効果的な福祉行政の推進",
        "        name: 効率的で効果的な福祉行政の推進（重層的支援体制）",
    );
    edit(
        &s1,
        "        rows:\n          - departments: [地域福祉課]\n",
        "        rows:\n          - departments: [生活支援課]\n            policy: 新しい行です。\n          - departments: [地域福祉課]\n",
    );
    swap_2_and_3(&s1);
    swap_relists(&y.join("strategies/2.yaml"));
    edit(
        &s1,
        "    current: 7.0%\n",
        "    current: 7.0%\n    actual: 6.0%\n",
    );
    edit(
        &s1,
        "    current: \"726,799人\"\n",
        "    current: \"726,799人\"\n    actual: \"750,000人\"\n",
    );
    fill_year(&y, 2026);

    // Starting and filling later years left the earlier ones as they were.
    assert!(tree(&root.join("2024")) == y2024, "2024 changed");
    assert!(tree(&root.join("2025")) == y2025, "2025 changed");
    Plan { _dir: dir, root }
}

/// Each year's grade per row key, read from that year's YAML: the plan
/// files' own grades (none in the shipped data) and the results files.
fn oracle_grades(year_dir: &Path) -> HashMap<String, String> {
    #[derive(serde::Deserialize)]
    struct File {
        rows: Vec<Row>,
    }
    #[derive(serde::Deserialize)]
    struct Row {
        key: String,
        #[serde(default)]
        grade: String,
    }
    let mut out = HashMap::new();
    let Ok(dir) = std::fs::read_dir(year_dir.join("results").join(year_dir.file_name().unwrap()))
    else {
        return out;
    };
    for e in dir.flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let f: File = serde_saphyr::from_str(&text).unwrap();
        for r in f.rows {
            let full = r
                .grade
                .replace('A', "Ａ")
                .replace('B', "Ｂ")
                .replace('C', "Ｃ");
            if !full.is_empty() {
                let old = out.insert(r.key.clone(), full.clone());
                assert!(old.is_none_or(|o| o == full), "{} twice", r.key);
            }
        }
    }
    out
}

/// The row keys of a year, from its department workbooks.
fn oracle_keys(year_dir: &Path) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    let all =
        shinchoku::services::forms::export(&inputs(year_dir), &[], out.path(), false).unwrap();
    let mut keys = Vec::new();
    for e in all {
        for row in read_book(&e.workbook)[0].1.iter().skip(FIRST) {
            if !keys.contains(&row[KEY]) {
                keys.push(row[KEY].clone());
            }
        }
    }
    keys
}

/// The key a 2026 row had in an earlier year: 1-1-2 and 1-1-3 swapped.
fn key_then(key: &str) -> String {
    if let Some(rest) = key.strip_prefix("1-1-2:") {
        format!("1-1-3:{rest}")
    } else if let Some(rest) = key.strip_prefix("1-1-3:") {
        format!("1-1-2:{rest}")
    } else {
        key.to_string()
    }
}

#[test]
fn three_years_of_the_shipped_data() {
    let plan = three_years();
    let root = &plan.root;
    let years = [2024, 2025, 2026];
    let grades: Vec<HashMap<String, String>> = years
        .iter()
        .map(|y| oracle_grades(&root.join(y.to_string())))
        .collect();
    let keys: Vec<Vec<String>> = years
        .iter()
        .map(|y| oracle_keys(&root.join(y.to_string())))
        .collect();
    assert_eq!(keys[0].len(), 101);
    assert_eq!(keys[2].len(), 102, "the added row");

    let options = Options {
        trend: true,
        ..Options::default()
    };
    let (view, _) =
        pipeline::view(&inputs(root), &options, shinchoku::pipeline::Scope::Full).unwrap();
    let t = &view.trend.as_ref().expect("trend pages").trend;
    assert_eq!(t.years, ["令和6年度", "令和7年度", "令和8年度"]);

    // Every cell of every row.
    let mut cells = 0;
    let mut seen_keys = Vec::new();
    for s in &t.strategies {
        for i in &s.initiatives {
            let prefix = format!("{}:", i.id);
            let now_keys = keys[2].iter().filter(|k| k.starts_with(&prefix)).count();
            assert_eq!(now_keys, i.rows.len(), "{}", i.id);
            for r in &i.rows {
                let key = &format!("{prefix}{}", r.label);
                assert!(keys[2].contains(key), "{key}");
                seen_keys.push(key.clone());
                for (k, shown) in r.grades.iter().enumerate() {
                    let then = if k == 2 { key.clone() } else { key_then(key) };
                    let expected = if !keys[k].contains(&then) {
                        "－".to_string()
                    } else {
                        grades[k]
                            .get(&then)
                            .cloned()
                            .unwrap_or_else(|| "未評価".into())
                    };
                    assert_eq!(shown, &expected, "{key} in {}", years[k]);
                    cells += 1;
                }
            }
        }
    }
    assert_eq!(seen_keys.len(), 102);
    assert_eq!(cells, 102 * 3);

    // The renamed initiative keeps its history; the new row has none.
    let first = &t.strategies[0].initiatives[0];
    assert_eq!(
        first.name,
        "効率的で効果的な福祉行政の推進（重層的支援体制）"
    );
    let old_row = first.rows.iter().find(|r| r.label == "地域福祉課").unwrap();
    assert_eq!(old_row.grades[1], grades[1]["1-1-1:地域福祉課"]);
    let new_row = first.rows.iter().find(|r| r.label == "生活支援課").unwrap();
    assert_eq!(new_row.grades[..2], ["－", "－"]);
    // The renumbered ones follow `previously`: today's 1-1-2 was 1-1-3.
    let second = &t.strategies[0].initiatives[1];
    assert_eq!(second.name, "相談支援専門職の確保");
    assert_eq!(second.rows.len(), 4);
    assert!(
        second.rows.iter().all(|r| r.grades[1] != "－"),
        "history kept"
    );

    // The period's counts, per year, from the oracle.
    let scale = ["Ａ", "Ｂ", "Ｃ"];
    for (k, y) in t.period.years.iter().enumerate() {
        let mut want = [0u32; 3];
        let mut none = 0;
        for key in &keys[k] {
            match grades[k]
                .get(key)
                .and_then(|g| scale.iter().position(|s| s == g))
            {
                Some(i) => want[i] += 1,
                None => none += 1,
            }
        }
        assert_eq!(y.counts.graded, want, "{}", years[k]);
        assert_eq!(y.counts.none, none, "{}", years[k]);
    }
    assert_eq!(
        t.period.years[0].counts.none, 101,
        "2024 as shipped: none graded"
    );

    // Rows that fell from 2025 to 2026, and those at Ｃ both years.
    let pos = |g: Option<&String>| g.and_then(|g| scale.iter().position(|s| s == g));
    let (mut fell, mut lowest) = (0, 0);
    for key in &keys[2] {
        let (b, a) = (pos(grades[1].get(&key_then(key))), pos(grades[2].get(key)));
        match (b, a) {
            (Some(b), Some(a)) if a > b => fell += 1,
            (Some(2), Some(2)) => lowest += 1,
            _ => {}
        }
    }
    assert!(
        fell > 5 && lowest > 2,
        "a mix: {fell} fell, {lowest} lowest"
    );
    assert_eq!(t.period.fell.len(), fell);
    assert_eq!(t.period.lowest.len(), lowest);
    assert!(
        t.period
            .lowest
            .iter()
            .all(|w| w.from == "Ｃ" && w.to == "Ｃ")
    );

    // Indicators: 7.0% → 5.0% measured 6.5% then 6.0%: half the way.
    let ind = &t.strategies[0].indicators;
    assert_eq!(
        ind[0]
            .actuals
            .iter()
            .map(|a| a.value.as_str())
            .collect::<Vec<_>>(),
        ["", "6.5%", "6.0%"]
    );
    assert_eq!(ind[0].rate.as_deref(), Some("50.0%"));
    assert_eq!(ind[1].rate.as_deref(), Some("50.2%"));
    assert_eq!(ind[1].chart.len(), 3);
    assert_eq!(ind[1].chart[1].label, "750,000人");
    // Nothing measured yet: no chart.
    assert!(t.strategies[1].indicators[0].chart.is_empty());
    assert!(ind[0].alt.contains("令和８年度 6.0%"), "{}", ind[0].alt);
    // No actual yet: no rate.
    assert_eq!(t.strategies[1].indicators[0].rate, None);

    pdf_of_three_years(root);
    history_on_the_sheets(root);
}

/// `--history`: each sheet lists its rows' grades of every year, a
/// 【再掲】 its original's.
fn history_on_the_sheets(root: &Path) {
    let options = Options {
        history: true,
        ..Options::default()
    };
    let (view, _) =
        pipeline::view(&inputs(root), &options, shinchoku::pipeline::Scope::Full).unwrap();
    let sheets: Vec<_> = view.initiatives().collect();
    let first = sheets.iter().find(|i| i.id.to_string() == "1-1-1").unwrap();
    let g = |k: usize| oracle_grades(&root.join(["2024", "2025", "2026"][k]));
    let then = g(1)
        .get("1-1-1:地域福祉課")
        .cloned()
        .unwrap_or_else(|| "未評価".into());
    let now = g(2)
        .get("1-1-1:地域福祉課")
        .cloned()
        .unwrap_or_else(|| "未評価".into());
    assert!(
        first.history.contains(&format!(
            "地域福祉課　令和6年度 未評価 → 令和7年度 {then} → 令和8年度 {now}"
        )),
        "{:?}",
        first.history
    );
    let relist = sheets.iter().find(|i| i.relist_of.is_some()).unwrap();
    let original = sheets
        .iter()
        .find(|i| Some(i.id) == relist.relist_of)
        .unwrap();
    assert_eq!(relist.history, original.history);
    let compiled = pipeline::compile(&inputs(root), &options).unwrap();
    assert!(text_of(&compiled).contains("＜自己評価の推移＞"));
    // The blank form has none.
    let form = Options {
        form: true,
        ..options
    };
    let (view, _) = pipeline::view(&inputs(root), &form, shinchoku::pipeline::Scope::Full).unwrap();
    assert!(view.initiatives().all(|i| i.history.is_empty()));
}

/// The report with the trend pages: the sheets keep their page numbers
/// and the index its 頁; the trend pages' words and grades are text.
fn pdf_of_three_years(root: &Path) {
    let options = Options {
        trend: true,
        ..Options::default()
    };
    let compiled = pipeline::compile(&inputs(root), &options).unwrap();
    let text = text_of(&compiled);
    for want in [
        "取組ごとの自己評価の推移",
        "計画期間の自己評価の推移",
        "成果指標の推移",
        "前の年度より評価が下がった取組",
        "達成率",
        "50.0%",
        "効率的で効果的な福祉行政の推進（重層的支援体制）",
    ] {
        assert!(text.contains(want), "{want} not printed");
    }
    // The same year without the trend pages (words.yaml turns them on).
    let words = root.join("2026/words.yaml");
    let shown = std::fs::read_to_string(&words).unwrap();
    edit(&words, "  show: true  # true", "  show: false  # true");
    let plain = pipeline::compile(&inputs(root), &shinchoku::pipeline::Options::default()).unwrap();
    std::fs::write(&words, shown).unwrap();
    let trend_pages = compiled.document.pages().len() - plain.document.pages().len();
    assert!((3..=12).contains(&trend_pages), "{trend_pages} trend pages");
    let bytes = pipeline::Session::new(inputs(root))
        .export(&compiled, &options)
        .unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    pdfua_finds_nothing(&bytes, "trend pages");
    // All 71 sheets where the index says, on the pages they have without
    // the trend pages.
    let with = index_pages_checked(&compiled.document);
    assert_eq!(with.len(), 71);
    assert_eq!(with, index_pages_checked(&plain.document));
}

#[test]
fn check_covers_every_year_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("計画");
    copy_dir(&data_dir(), &root.join("2024"));
    new_year::new_year(&inputs(&root), None, None).unwrap();
    // A typo in the earlier year is named with its file and line.
    edit(
        &root.join("2024/strategies/1.yaml"),
        "[地域福祉課]",
        "[地域福祉科]",
    );
    // A link to an initiative 2024 does not have, in 2025.
    edit(
        &root.join("2025/strategies/1.yaml"),
        "      - number: 1\n        name: 効率的",
        "      - number: 1\n        previously: 1-1-99\n        name: 効率的",
    );
    let err = pipeline::check(&inputs(&root)).unwrap_err().to_string();
    let root_shown = root.display().to_string();
    assert!(
        err.contains(&format!("{root_shown}/2024/strategies/1.yaml:33:")),
        "{err}"
    );
    assert!(err.contains("地域福祉科"), "{err}");
    assert!(
        err.contains("令和7年度の previously: 1-1-99 は、令和6年度のデータ"),
        "{err}"
    );
    assert!(err.contains("(previously)"), "{err}");
}

#[test]
fn diff_between_years_by_name_and_a_plan_folder_started_from_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&data_dir(), &data);
    let plan = dir.path().join("計画");
    let before = tree(&data);
    let made = new_year::new_year(&inputs(&data), None, Some(&plan)).unwrap();
    assert_eq!(made.folder, plan.join("2025"));
    assert_eq!(made.copied.as_deref(), Some(plan.join("2024").as_path()));
    assert!(tree(&data) == before, "the data folder was changed");
    edit(
        &plan.join("2025/strategies/1.yaml"),
        "name: 効率的で効果的な福祉行政の推進",
        "name: 効率的な福祉行政",
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["diff", "--data"])
        .arg(&plan)
        .args(["令和6年度", "2025"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("後: 効率的な福祉行政"), "{stdout}");
    // A year the plan does not have is named, with those it has.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["build", "--data"])
        .arg(&plan)
        .args(["--year", "2023"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("2023年度のフォルダがありません（あるのは 2024・2025）"),
        "{stderr}"
    );
}

#[test]
fn the_shipped_data_alone_has_no_history() {
    let d = shinchoku::load::load(&data_dir()).unwrap();
    assert!(d.earlier.is_empty());
    let (view, _) = pipeline::view(
        &inputs(&data_dir()),
        &Options::default(),
        shinchoku::pipeline::Scope::Full,
    )
    .unwrap();
    assert!(view.trend.is_none(), "trend pages are off by default");
}

#[test]
fn watching_a_year_notices_an_edit_to_an_earlier_year() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("計画");
    copy_dir(&data_dir(), &root.join("2024"));
    new_year::new_year(&inputs(&root), None, None).unwrap();
    let out = dir.path().join("out.pdf");
    let mut w = shinchoku::watch::Source::new(inputs(&root.join("2025")), Some(out));
    assert!(!w.changed());
    // The trend pages of 2025 read 2024's grades.
    edit(
        &root.join("2024/strategies/1.yaml"),
        "grade: \"\"",
        "grade: Ａ",
    );
    assert!(w.changed(), "an edit to 2024 is seen while 2025 is watched");
}
