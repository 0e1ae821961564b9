//! The whole source document is in data/, and nothing else: counts, 【再掲】
//! references, and a comparison of the built document's text with the seed.

use crate::common;

use common::*;
use shinchoku::{check, load, view};

fn whole() -> view::View {
    let data = load::load(&data_dir()).unwrap();
    assert_eq!(check::validate(&data), vec![], "data has problems");
    view::view(&data)
}

fn strip(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn counts_match_the_original() {
    let v = whole();
    let measures: Vec<_> = v.strategies.iter().flat_map(|s| &s.measures).collect();
    let initiatives: Vec<_> = measures.iter().flat_map(|m| &m.initiatives).collect();
    assert_eq!(v.strategies.len(), 3);
    assert_eq!(measures.len(), 12);
    assert_eq!(initiatives.len(), 71);
    assert_eq!(
        initiatives.iter().filter(|i| i.relist_of.is_some()).count(),
        10
    );
    // One line per department in the 一覧表, as the original lists them.
    let department_lines: usize = initiatives
        .iter()
        .flat_map(|i| &i.rows)
        .map(|r| r.departments.len())
        .sum();
    assert_eq!(department_lines, 128);
}

#[test]
fn every_relisting_points_at_an_original() {
    let v = whole();
    let all: Vec<_> = v.initiatives().collect();
    for i in all.iter().filter(|i| i.relist_of.is_some()) {
        let target = i.relist_of.unwrap();
        let original = all.iter().find(|o| o.id == target).expect("target exists");
        assert!(original.relist_of.is_none(), "{} relists a relisting", i.id);
        assert_eq!(i.name, original.name);
        assert!(!i.rows.is_empty());
    }
    // 1-3-5 prints 1-1-3's rows in its own order.
    let get = |id: &str| all.iter().find(|i| i.id.to_string() == id).unwrap();
    let order = |id: &str| {
        get(id)
            .rows
            .iter()
            .map(|r| r.departments.join("・"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        order("1-1-3"),
        [
            "地域福祉課",
            "生活支援課",
            "こども家庭センター",
            "障害福祉課"
        ]
    );
    assert_eq!(
        order("1-3-5"),
        [
            "地域福祉課",
            "生活支援課",
            "障害福祉課",
            "こども家庭センター"
        ]
    );
    // 2-5-3 keeps its own overview, typo included.
    assert!(get("2-5-3").overview.contains("次世代地位づくり会議"));
    assert!(get("2-1-2").overview.contains("次世代地域づくり会議"));
}

#[test]
fn result_fields_exist_and_are_empty_in_the_plan() {
    for r in whole().initiatives().flat_map(|i| &i.rows) {
        assert!(!r.policy.is_empty());
        assert!(r.results == Default::default());
    }
}

/// Every word of the seed is in the built document, and every text of the
/// data is in the seed.
#[test]
fn built_document_reads_like_the_seed() {
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_d260384efb5a8e34.txt"),
    )
    .unwrap();
    let compiled = shinchoku::pipeline::compile(
        &inputs(&data_dir()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let doc = strip(&text_of(&compiled));
    let mut missing = Vec::new();
    for (n, line) in seed.lines().enumerate() {
        for token in line.split_whitespace() {
            if !doc.contains(token) {
                missing.push(format!("seed line {}: {token}", n + 1));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in the document:\n{}",
        missing.join("\n")
    );

    // Samples from each strategy, as whole sentences.
    for s in [
        "重層的支援体制整備事業への移行準備事業を実施することにより福祉行政を推進します。",
        "「地域福祉懇談会」及び「次世代地域づくり会議」を開催します。",
        "支援関係者同土",
    ] {
        assert!(doc.contains(s), "{s}");
    }

    // Nothing in the data that the seed does not have.
    let seed = strip(&seed);
    let v = whole();
    let mut texts: Vec<&str> = vec![&v.intro.heading];
    texts.extend(v.intro.paragraphs.iter().map(String::as_str));
    texts.extend(v.intro.evaluation.iter().map(String::as_str));
    for s in &v.strategies {
        texts.extend([s.title.as_str(), &s.description]);
        for i in &s.indicators {
            texts.push(&i.name);
            texts.extend(i.values.iter().map(String::as_str));
        }
        for m in &s.measures {
            texts.extend([m.title.as_str(), &m.background]);
            for i in &m.initiatives {
                texts.extend([i.name.as_str(), &i.overview]);
                texts.extend(i.note.as_deref());
                for r in &i.rows {
                    texts.push(&r.policy);
                }
            }
        }
    }
    let invented: Vec<_> = texts
        .iter()
        .flat_map(|t| t.lines())
        .filter(|l| !seed.contains(&strip(l)))
        .collect();
    assert!(invented.is_empty(), "not in the seed: {invented:#?}");
}
