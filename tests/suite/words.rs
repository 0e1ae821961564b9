//! words.yaml, the document's fixed words: the shipped file is the default
//! wording, settings change what every output says, wrong values are
//! explained with what they may be, and the layout follows the plan's
//! scale and cycle (long grade labels, 3–6 steps).

use crate::common;

use std::path::Path;

use common::*;
use shinchoku::error::{Error, Rule};
use shinchoku::pipeline::{self, Options};
use shinchoku::typeset::inspect::{Piece, page_texts, pieces};

fn edit(data: &Path, file: &str, from: &str, to: &str) {
    let p = data.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from:?} not in {file}");
    std::fs::write(p, text.replacen(from, to, 1)).unwrap();
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn problems(data: &Path) -> Vec<shinchoku::error::Problem> {
    match pipeline::check(&inputs(data)) {
        Err(Error::Invalid(p)) => p,
        other => panic!("expected problems, got {:?}", other.map(|_| ())),
    }
}

/// The shipped words.yaml writes out every default: without it, the same
/// markup (so the same PDF) comes out.
#[test]
fn the_shipped_words_are_the_default_wording() {
    let with = pipeline::prepare(
        &inputs(&data_dir()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let data = copy_data();
    std::fs::remove_file(data.path().join("words.yaml")).unwrap();
    let without = pipeline::prepare(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    assert!(
        with.markup == without.markup,
        "words.yaml is not the default"
    );
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filled");
    assert!(!fixture.join("words.yaml").exists());
}

/// Every setting is written out in the shipped file, for staff to see.
#[test]
fn the_shipped_words_write_out_every_setting() {
    let text = std::fs::read_to_string(data_dir().join("words.yaml")).unwrap();
    let words = shinchoku::model::Words::default();
    let lines: Vec<&str> = text.lines().collect();
    for (key, _) in words.texts() {
        let (section, name) = key.split_once('.').unwrap();
        let start = lines
            .iter()
            .position(|l| l.starts_with(&format!("{section}:")))
            .unwrap_or_else(|| panic!("{section} not in data/words.yaml"));
        let written = lines[start + 1..]
            .iter()
            .take_while(|l| l.starts_with(' ') || l.is_empty())
            .any(|l| l.trim_start().starts_with(&format!("{name}:")));
        assert!(written, "{key} not in data/words.yaml");
    }
}

#[test]
fn years_can_be_written_with_the_western_year_and_left_off_the_title() {
    let data = copy_data();
    edit(
        data.path(),
        "words.yaml",
        "style: wareki ",
        "style: wareki-western ",
    );
    edit(
        data.path(),
        "words.yaml",
        "sheet_title: true",
        "sheet_title: false",
    );
    let compiled = pipeline::compile(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let text = squeeze(&page_texts(&compiled.document).concat());
    for printed in [
        "令和６年度（2024年度）の取組方針",
        "令和6年度（2024年度）実施結果",
        "現状値（令和４年度（2022年度））",
        "目標値（令和10年度（2028年度））",
    ] {
        assert!(text.contains(printed), "{printed} not printed");
    }
    assert!(
        !text.contains("シート（令和"),
        "the sheet title has its year"
    );
    let view = &compiled.prepared.view;
    assert_eq!(
        view.plan.sheet_title,
        "第3期本庄市地域福祉計画　進捗管理シート"
    );
    assert_eq!(
        view.doc.title,
        "第３期本庄市地域福祉計画　進捗管理シート（令和6年度（2024年度））"
    );
}

#[test]
fn wrong_settings_are_explained_with_what_they_may_be() {
    let data = copy_data();
    let d = data.path();
    edit(d, "words.yaml", "measure: \"（１）\"", "measure: \"(1-1)\"");
    edit(
        d,
        "words.yaml",
        "  name: \"{initiative}名称\"",
        "  name: \"{取組}名称\"",
    );
    edit(
        d,
        "words.yaml",
        "columns: [current, target]",
        "columns: [current, result]",
    );
    edit(
        d,
        "words.yaml",
        "strategy: 基本戦略",
        "strategy: \"基本\\n戦略\"",
    );
    edit(d, "words.yaml", "  show: true", "  show: false");
    edit(d, "strategies/2.yaml", "sdgs: []", "sdgs: [3, 11]");
    let all: Vec<String> = problems(d).iter().map(ToString::to_string).collect();
    let find = |what: &str| {
        all.iter()
            .find(|p| p.contains(what))
            .unwrap_or_else(|| panic!("{what} not among {all:#?}"))
            .clone()
    };
    let numbering = find("numbering.measure");
    assert!(
        numbering.contains("「１」") && numbering.contains("\"（１）\""),
        "{numbering}"
    );
    assert!(numbering.starts_with(&format!("{}/words.yaml:", d.display())));
    assert!(find("{取組}").contains("{initiative}"));
    assert!(find("indicators.columns").contains("actual（その年度の実績値）"));
    assert!(find("levels.strategy").contains("一行"));
    let hidden = find("sdgs.show");
    assert!(
        hidden.contains("strategies/2.yaml") && hidden.ends_with("(hidden)"),
        "{hidden}"
    );
    assert!(
        all.iter()
            .all(|p| p.ends_with("(words)") || p.ends_with("(hidden)")),
        "{all:#?}"
    );
}

#[test]
fn a_misspelt_key_of_words_yaml_names_the_keys_there_are() {
    let data = copy_data();
    edit(data.path(), "words.yaml", "levels:", "level:");
    let err = pipeline::check(&inputs(data.path()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("words.yaml") && err.contains("「level」は使えません"),
        "{err}"
    );
    assert!(err.contains("levels"), "{err}");
}

#[test]
fn a_scale_needs_two_to_eight_grades_one_of_which_counts() {
    let data = copy_data();
    let d = data.path();
    let one = "  - grade: Ｂ\n    meaning: 取組方針に沿って取組を進め、計画推進に向け概ね順調に進んだが、不十分な点がある。\n  - grade: Ｃ\n    meaning: 取組方針に沿って、計画推進に向けた取組を進めることができなかった。\n";
    edit(d, "intro.yaml", one, "");
    edit(
        d,
        "intro.yaml",
        "  - grade: Ａ\n",
        "  - grade: Ａ\n    unrated: true\n",
    );
    let all = problems(d);
    assert!(
        all.iter()
            .any(|p| p.rule == Rule::GradeScale && p.message.contains("1 個"))
    );
    edit(d, "strategies/1.yaml", "grade: \"\"", "grade: Ｃ");
    assert!(problems(d).iter().any(|p| p.rule == Rule::Grade));
}

/// Runs of text `t` on a page.
fn runs<'a>(page: &'a [Piece], t: &'a str) -> impl Iterator<Item = &'a Piece> {
    page.iter().filter(move |p| p.text.as_deref() == Some(t))
}

/// 「概ね」 as a line and 「達成」 ending the next: 概ね達成 on two lines.
fn two_lines(page: &[Piece]) -> bool {
    runs(page, "概ね").any(|n| {
        runs(page, "達成")
            .any(|t| (t.right - n.right).abs() < 1.0 && (5.0..20.0).contains(&(t.top - n.top)))
    })
}

/// 達成・概ね達成・未達成: the grade column widens so each label takes at
/// most two lines, whole words of two characters.
#[test]
fn grade_labels_of_several_characters_fit_their_column() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filled");
    copy_dir(&fixture, dir.path());
    let d = dir.path();
    for (from, to) in [("Ａ", "達成"), ("Ｂ", "概ね達成"), ("Ｃ", "未達成")] {
        edit(
            d,
            "intro.yaml",
            &format!("grade: {from}"),
            &format!("grade: {to}"),
        );
    }
    let s1 = std::fs::read_to_string(d.join("strategies/1.yaml")).unwrap();
    let s1 = s1.replace("grade: A", "grade: 概ね達成");
    let s1 = s1
        .replace("grade: Ｂ", "grade: 達成")
        .replace("grade: C", "grade: 未達成");
    std::fs::write(d.join("strategies/1.yaml"), s1).unwrap();
    let compiled = pipeline::compile(&inputs(d), &shinchoku::pipeline::Options::default()).unwrap();
    let doc = &compiled.document;
    // Each line of the label is a run of its own: 「概ね」 is the first line,
    // 「達成」 the second, one line below, on every page it prints.
    let pages: Vec<Vec<Piece>> = (0..doc.pages().len()).map(|p| pieces(doc, p)).collect();
    assert!(
        two_lines(&pages[0]),
        "the grade table: 概ね達成 not on two lines of two"
    );
    let sheets = pages.iter().skip(2).filter(|p| two_lines(p)).count();
    assert!(sheets >= 2, "sheets: 概ね達成 not on two lines of two");
    // The summary counts them under their own labels.
    let mut view = compiled.prepared.view;
    view.add_summary();
    assert_eq!(view.summary.unwrap().grades, ["達成", "概ね達成", "未達成"]);
}

/// A cycle of `n` steps, each step's name and text printed, no two texts
/// on top of each other.
fn cycle_of(n: usize) {
    let data = copy_data();
    let d = data.path();
    let intro = std::fs::read_to_string(d.join("intro.yaml")).unwrap();
    let (head, rest) = intro.split_once("cycle:\n").unwrap();
    let (_, tail) = rest.split_once("evaluation_heading:").unwrap();
    let steps: String = (1..=n)
        .map(|i| {
            format!("  - label: 段階{i}\n    english: （Step {i}）\n    text: 段階{i}の説明の文\n")
        })
        .collect();
    std::fs::write(
        d.join("intro.yaml"),
        format!("{head}cycle:\n{steps}evaluation_heading:{tail}"),
    )
    .unwrap();
    let compiled = pipeline::compile(&inputs(d), &Options::default()).unwrap();
    let page = pieces(&compiled.document, 0);
    let text = squeeze(&page_texts(&compiled.document)[0]);
    for i in 1..=n {
        assert!(
            text.contains(&format!("段階{i}(Step{i})"))
                || text.contains(&format!("段階{i}（Step{i}）")),
            "{n}: step {i}"
        );
        assert!(
            text.contains(&format!("•段階{i}の説明の文")),
            "{n}: text {i}"
        );
    }
    if let Some((a, b)) = overlapping(&page) {
        panic!("{n} steps: {:?} over {:?}", a.text, b.text);
    }
}

#[test]
fn cycles_of_three_to_six_steps() {
    for n in [3, 5, 6] {
        cycle_of(n);
    }
}
