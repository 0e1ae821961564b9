//! Every validation rule, triggered on a copy of the shipped data, with the
//! message staff read held in a snapshot (`tests/snapshots/rules__*.snap`).
//! A new rule without a case here fails `every_rule_has_a_case`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use shinchoku::error::{Error, Rule};

fn edit(data: &Path, file: &str, from: &str, to: &str) {
    let p = data.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from:?} not in {file}");
    std::fs::write(p, text.replacen(from, to, 1)).unwrap();
}

fn results(data: &Path, yaml: &str) {
    let dir = data.join("results/2024");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("地域福祉課.yaml"),
        format!("department: 地域福祉課\n{yaml}"),
    )
    .unwrap();
}

fn committee(data: &Path, entries: &str) {
    std::fs::create_dir_all(data.join("committee")).unwrap();
    std::fs::write(
        data.join("committee/2024.yaml"),
        format!("fiscal_year: 2024\ninitiatives:\n{entries}"),
    )
    .unwrap();
}

const S1: &str = "strategies/1.yaml";
const S2: &str = "strategies/2.yaml";

/// Breaks a copy of the data so that `rule` fires.
fn break_for(rule: Rule, d: &Path) {
    match rule {
        Rule::Empty => edit(d, "plan.yaml", "city: 本庄市", "city: \"\""),
        Rule::Missing => edit(d, S1, "        name: 効率的で効果的な福祉行政の推進\n", ""),
        Rule::Year => edit(d, "plan.yaml", "fiscal_year: 2024", "fiscal_year: 24"),
        Rule::Date => edit(
            d,
            "plan.yaml",
            "fiscal_year: 2024",
            "fiscal_year: 2024\ndate: 2025-02-30",
        ),
        Rule::Duplicate => edit(
            d,
            "departments.yaml",
            "  - 都市計画課",
            "  - 都市計画課\n  - 保育課",
        ),
        Rule::Department => edit(d, S1, "[地域福祉課]", "[地域福祉科]"),
        Rule::Departments => edit(d, S1, "- departments: [地域福祉課]", "- departments: []"),
        Rule::Lead => edit(d, S1, "            lead: 地域福祉課\n", ""),
        Rule::Numbering => edit(d, S1, "      - number: 2\n", "      - number: 3\n"),
        Rule::Grade => edit(d, S1, "grade: \"\"", "grade: Ｄ"),
        Rule::Sdg => edit(d, S1, "sdgs: []", "sdgs: [18]"),
        Rule::RelistName => edit(
            d,
            S2,
            "relist_of: 1-1-12",
            "relist_of: 1-1-12\n        name: 自分の名称",
        ),
        Rule::RelistRows => edit(
            d,
            S2,
            "relist_of: 1-1-12",
            "relist_of: 1-1-12\n        rows:\n          - departments: [地域福祉課]\n            policy: 自分の方針",
        ),
        Rule::RelistOf => edit(
            d,
            S2,
            "relist_of: 1-1-12",
            "relist_of: いちのいちのじゅうに",
        ),
        Rule::RelistMissing => edit(d, S2, "relist_of: 1-1-12", "relist_of: 1-1-99"),
        Rule::RelistChain => edit(d, S2, "relist_of: 1-1-1\n", "relist_of: 1-3-1\n"),
        Rule::RowOrder => edit(d, S1, "row_order: [地域福祉課,", "row_order: [地域福祉科,"),
        Rule::ResultsYear => results(d, "fiscal_year: 2023\nrows: []\n"),
        Rule::ResultsRow => results(
            d,
            "fiscal_year: 2024\nrows:\n  - key: 9-9-9:地域福祉課\n    results: 成果\n",
        ),
        Rule::ResultsOwner => results(
            d,
            "fiscal_year: 2024\nrows:\n  - key: 1-1-3:障害福祉課\n    results: 成果\n",
        ),
        Rule::ResultsTwice => results(
            d,
            "fiscal_year: 2024\nrows:\n  - key: 1-1-1:地域福祉課\n  - key: 1-1-1:地域福祉課\n",
        ),
        Rule::ResultsConflict => {
            edit(
                d,
                S1,
                "            results: \"\"",
                "            results: 計画のファイルの成果",
            );
            results(
                d,
                "fiscal_year: 2024\nrows:\n  - key: 1-1-1:地域福祉課\n    results: 結果ファイルの成果\n",
            );
        }
        Rule::Glyph => edit(d, S1, "福祉行政を推進します。", "福祉行政を推進します😀"),
        Rule::Control => edit(
            d,
            S1,
            "title: 市民の生活を支える仕組みづくり",
            "title: \"市民の\\a生活\"",
        ),
        Rule::TextLimit => edit(d, S1, "福祉行政を推進します。", &"長".repeat(40_000)),
        Rule::DepartmentName => edit(
            d,
            "departments.yaml",
            "  - 都市計画課",
            "  - 都市計画課\n  - 課/係",
        ),
        Rule::StrategyTwice => {
            std::fs::copy(d.join(S1), d.join("strategies/1 - コピー.yaml")).unwrap();
        }
        Rule::NoStrategies => {
            for f in ["1.yaml", "2.yaml", "3.yaml"] {
                std::fs::remove_file(d.join("strategies").join(f)).unwrap();
            }
        }
        Rule::RowTwice => edit(d, S1, "[地域福祉課]", "[地域福祉課, 地域福祉課]"),
        Rule::Words => edit(d, "words.yaml", "style: wareki ", "style: heisei "),
        Rule::GradeScale => edit(d, "intro.yaml", "  - grade: Ｃ", "  - grade: B"),
        Rule::Cycle => {
            let step = "  - label: 計画\n    english: （Plan)\n    text: 計画の策定・変更\n";
            edit(d, "intro.yaml", step, &step.repeat(4));
        }
        Rule::Hidden => edit(d, S1, "current: 7.0%", "current: 7.0%\n    actual: 6.5%"),
        // A one-year plan has no year before for `previously` to name.
        Rule::Previously => edit(
            d,
            S1,
            "      - number: 1\n        name: 効率的",
            "      - number: 1\n        previously: 1-1-9\n        name: 効率的",
        ),
        Rule::Committee => committee(d, "  - id: 1-1-99\n    grade: Ｂ\n"),
        Rule::CommitteeRelist => committee(d, "  - id: 2-3-3\n    opinion: 意見です。\n"),
        // The data moved into a plan folder as its 2025, still saying 2024.
        Rule::YearFolder => {
            let year = d.join("2025");
            std::fs::create_dir(&year).unwrap();
            for f in [
                "plan.yaml",
                "departments.yaml",
                "intro.yaml",
                "words.yaml",
                "strategies",
            ] {
                std::fs::rename(d.join(f), year.join(f)).unwrap();
            }
        }
    }
}

/// The message for `rule`, with the temporary folder written as `data`.
fn message(rule: Rule) -> String {
    let data = copy_data();
    break_for(rule, data.path());
    let err = shinchoku::pipeline::check(&inputs(data.path())).expect_err(rule.key());
    let Error::Invalid(problems) = &err else {
        panic!("{}: {err}", rule.key())
    };
    let p = problems
        .iter()
        .find(|p| p.rule == rule)
        .unwrap_or_else(|| panic!("{} not among\n{err}", rule.key()));
    let shown = p.to_string();
    let shown = shown.replace(&data.path().display().to_string(), "data");
    // A long text is cut in the snapshot, as it is nowhere near the point.
    shown.chars().take(300).collect()
}

#[test]
fn every_rule_has_a_case_and_a_message_staff_can_act_on() {
    let mut all = BTreeMap::new();
    for rule in Rule::ALL {
        let m = message(rule);
        assert!(
            m.starts_with("data/"),
            "{}: no data file named: {m}",
            rule.key()
        );
        assert!(m.ends_with(&format!("({})", rule.key())), "{m}");
        all.insert(rule.key(), m);
    }
    let text: String = all.values().map(|m| format!("{m}\n")).collect();
    insta::assert_snapshot!("rule_messages", text);
}
