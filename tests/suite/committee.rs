//! The committee's assessment on the shipped data: a committee file with
//! grades that differ from the self grades, an opinion without an answer,
//! refused entries (an unknown id, a 【再掲】, a grade off the scale); the
//! digest's counts against an oracle read from the YAML files; every
//! opinion's page equal to its sheet's page in the report.

use crate::common;

use std::collections::HashMap;
use std::path::Path;

use common::*;
use shinchoku::pipeline::{self, Options};

/// Self grades written in the plan file: the first few rows graded.
fn grade_some_rows(data: &Path) {
    let file = data.join("strategies/1.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut n = 0;
    let graded: String = text
        .split_inclusive('\n')
        .map(|line| {
            if line.trim() == "grade: \"\"" && n < 12 {
                n += 1;
                line.replace("\"\"", ["Ａ", "Ｂ", "Ｃ"][n % 3])
            } else {
                line.to_string()
            }
        })
        .collect();
    std::fs::write(file, graded).unwrap();
}

fn write_committee(data: &Path, yaml: &str) {
    std::fs::create_dir_all(data.join("committee")).unwrap();
    std::fs::write(data.join("committee/2024.yaml"), yaml).unwrap();
}

const COMMITTEE: &str = "fiscal_year: 2024
initiatives:
  - id: 1-1-1
    grade: Ｂ
    opinion: 庁内の連携をさらに進めてください。
    answer: 令和7年度から会議を毎月開きます。
  - id: 1-1-2
    grade: A
    opinion: 作成の時期を明らかにしてください。
  - id: 1-1-3
    grade: Ｃ
  - id: 2-1-1
    grade: Ｂ
";

#[derive(serde::Deserialize)]
struct S {
    number: u32,
    measures: Vec<M>,
}
#[derive(serde::Deserialize)]
struct M {
    number: u32,
    initiatives: Vec<I>,
}
#[derive(serde::Deserialize)]
struct I {
    number: u32,
    #[serde(default)]
    relist_of: Option<String>,
    #[serde(default)]
    rows: Vec<R>,
}
#[derive(serde::Deserialize)]
struct R {
    #[serde(default)]
    grade: String,
}
#[derive(serde::Deserialize)]
struct C {
    initiatives: Vec<A>,
}
#[derive(serde::Deserialize)]
struct A {
    id: String,
    #[serde(default)]
    grade: String,
}

/// (initiatives, assessed, differ) per strategy, from the YAML files.
fn oracle(data: &Path) -> HashMap<u32, (u32, u32, u32)> {
    let c: C =
        serde_saphyr::from_str(&std::fs::read_to_string(data.join("committee/2024.yaml")).unwrap())
            .unwrap();
    let full = |g: &str| g.replace('A', "Ａ").replace('B', "Ｂ").replace('C', "Ｃ");
    let committee: HashMap<String, String> = c
        .initiatives
        .into_iter()
        .map(|a| (a.id, full(&a.grade)))
        .collect();
    let mut out = HashMap::new();
    for n in 1..=3 {
        let text = std::fs::read_to_string(data.join(format!("strategies/{n}.yaml"))).unwrap();
        let s: S = serde_saphyr::from_str(&text).unwrap();
        let e = out.entry(s.number).or_insert((0, 0, 0));
        for m in &s.measures {
            for i in m.initiatives.iter().filter(|i| i.relist_of.is_none()) {
                e.0 += 1;
                let id = format!("{}-{}-{}", s.number, m.number, i.number);
                if let Some(g) = committee.get(&id).filter(|g| !g.is_empty()) {
                    e.1 += 1;
                    if i.rows.iter().any(|r| full(r.grade.trim()) != *g) {
                        e.2 += 1;
                    }
                }
            }
        }
    }
    out
}

#[test]
fn the_digest_counts_what_the_files_say() {
    let dir = copy_data();
    let data = dir.path();
    grade_some_rows(data);
    write_committee(data, COMMITTEE);
    let options = Options {
        digest: true,
        ..Options::default()
    };
    let compiled = pipeline::compile(&inputs(data), &options).unwrap();
    let digest = compiled.prepared.view.digest.as_ref().unwrap();
    let want = oracle(data);
    for (k, s) in digest.strategies.iter().enumerate() {
        let (n, assessed, differ) = want[&(k as u32 + 1)];
        assert_eq!(s.counts.initiatives, n, "strategy {}", k + 1);
        assert_eq!(s.counts.assessed, assessed, "strategy {}", k + 1);
        assert_eq!(s.counts.differ, differ, "strategy {}", k + 1);
    }
    assert_eq!(digest.total.initiatives, 61, "71 sheets less 10 【再掲】");
    assert_eq!(digest.total.assessed, 4);
    // 1-1-1: Ｂ by its department and by the committee; 1-1-2: Ｃ by the
    // department, A (the scale's Ａ) by the committee: marked.
    let [first, second] = [0, 1].map(|k| &digest.strategies[0].initiatives[k]);
    assert_eq!((first.committee.as_str(), first.differs), ("Ｂ", false));
    assert_eq!((second.committee.as_str(), second.differs), ("Ａ", true));
    let text = text_of(&compiled);
    assert!(text.contains("自己評価と査定の一覧"));
    assert!(text.contains("査定済み: 3"), "strategy 1's count printed");
    let bytes = pipeline::Session::new(inputs(data))
        .export(&compiled, &options)
        .unwrap();
    pdfua_finds_nothing(&bytes, "digest");
}

#[test]
fn every_opinion_names_its_sheets_page() {
    let dir = copy_data();
    let data = dir.path();
    // An opinion on every original initiative; every third one answered.
    let full = pipeline::compile(&inputs(data), &shinchoku::pipeline::Options::default()).unwrap();
    let pages: HashMap<String, i64> = index_pages_checked(&full.document).into_iter().collect();
    assert_eq!(pages.len(), 71);
    let loaded = shinchoku::load::load(data).unwrap();
    let mut yaml = String::from("fiscal_year: 2024\ninitiatives:\n");
    let originals: Vec<String> = loaded.originals().map(|p| p.id.to_string()).collect();
    for (k, id) in originals.iter().enumerate() {
        yaml += &format!("  - id: {id}\n    opinion: \"{id} への意見 #[x] *y* $z$\"\n");
        if k % 3 == 0 {
            yaml += &format!("    answer: \"{id} への考え方\"\n");
        }
    }
    write_committee(data, &yaml);
    let options = Options {
        opinions: true,
        ..Options::default()
    };
    let compiled = pipeline::compile(&inputs(data), &options).unwrap();
    let opinions = compiled.prepared.view.opinions.as_ref().unwrap();
    let items: Vec<_> = opinions
        .strategies
        .iter()
        .flat_map(|s| &s.measures)
        .flat_map(|m| &m.items)
        .collect();
    assert_eq!(items.len(), originals.len());
    for o in &items {
        assert_eq!(o.page, Some(pages[&o.id.to_string()]), "{}", o.id);
    }
    assert_eq!(
        opinions.unanswered as usize,
        originals.len() - originals.len().div_ceil(3)
    );
    let text = text_of(&compiled);
    assert!(
        text.contains("1-1-1 への意見 #[x] *y* $z$"),
        "printed verbatim"
    );
    assert!(text.contains("未回答"));
    assert!(text.contains(&format!("（{}頁）", pages["1-1-2"])));
    let bytes = pipeline::Session::new(inputs(data))
        .export(&compiled, &options)
        .unwrap();
    pdfua_finds_nothing(&bytes, "opinions");
}

#[test]
fn on_the_sheets_and_in_the_summary_when_asked() {
    let dir = copy_data();
    let data = dir.path();
    let plain = pdf_bytes(data);
    write_committee(data, COMMITTEE);
    // A committee file alone changes nothing in the report.
    assert!(pdf_bytes(data) == plain, "the report changed");
    let options = Options {
        committee: true,
        summary: true,
        ..Options::default()
    };
    let compiled = pipeline::compile(&inputs(data), &options).unwrap();
    let text = text_of(&compiled);
    for want in [
        "＜地域福祉検討会議の査定＞",
        "庁内の連携をさらに進めてください。",
        "令和7年度から会議を毎月開きます。",
        "検討会議の査定の集計",
    ] {
        assert!(text.contains(want), "{want}");
    }
    let view = &compiled.prepared.view;
    let second = view
        .initiatives()
        .find(|i| i.id.to_string() == "1-1-2")
        .unwrap();
    assert_eq!(second.committee.as_ref().unwrap().answer, "未回答");
    let relist = view.initiatives().find(|i| i.relist_of.is_some()).unwrap();
    assert!(
        relist.committee.is_none(),
        "a 【再掲】 shows none of its own"
    );
    let committee = view.summary.as_ref().unwrap().committee.as_ref().unwrap();
    let graded: u32 = committee
        .iter()
        .map(|s| s.line.counts.graded.iter().sum::<u32>())
        .sum();
    assert_eq!(graded, 4);
    // The blank form has none.
    let form = Options {
        form: true,
        committee: true,
        ..Options::default()
    };
    let compiled = pipeline::compile(&inputs(data), &form).unwrap();
    assert!(!text_of(&compiled).contains("＜地域福祉検討会議の査定＞"));
}

#[test]
fn a_wrong_committee_file_is_named_with_its_lines() {
    let dir = copy_data();
    let data = dir.path();
    write_committee(
        data,
        "fiscal_year: 2024\ninitiatives:\n  - id: 9-9-9\n    grade: Ｂ\n  - id: 2-3-1\n    opinion: 再掲への意見\n  - id: 1-1-4\n    grade: Ｄ\n  - id: 1-1-5\n    answer: 意見のない考え方\n",
    );
    let err = pipeline::check(&inputs(data)).unwrap_err().to_string();
    let file = data.join("committee/2024.yaml").display().to_string();
    for want in [
        format!("{file}:3:9: 基本戦略9（９）⑨: 取組 9-9-9 は計画にありません (committee)"),
        format!(
            "{file}:5:9: 基本戦略2（３）①: 取組 2-3-1 は【再掲】です。査定と意見は元の取組（1-1-1）に書いてください (committee_relist)"
        ),
        format!(
            "{file}:8:12: 基本戦略1（１）④: 査定「Ｄ」は使えません。Ａ・Ｂ・Ｃのいずれかを書いてください（空欄は査定なし） (grade)"
        ),
        format!(
            "{file}:10:13: 基本戦略1（１）⑤: 市の考え方 (answer) がありますが、意見 (opinion) がありません"
        ),
    ] {
        assert!(err.contains(&want), "{want}\nnot in\n{err}");
    }
}
