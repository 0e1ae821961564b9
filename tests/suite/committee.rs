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

/// Where each row of a compiled document starts: (sheet id, row key) →
/// (0-based page, height), from the layout's row marks, which come in the
/// view's order of rows.
fn row_places(compiled: &pipeline::Compiled) -> HashMap<(String, String), (usize, f64)> {
    let marks: Vec<_> = shinchoku::typeset::inspect::marks(&compiled.document, "sheet-mark")
        .into_iter()
        .filter(|m| m.value.contains("kind: \"row\""))
        .collect();
    let rows: Vec<(String, String)> = compiled
        .prepared
        .view
        .initiatives()
        .flat_map(|i| {
            i.rows
                .iter()
                .map(move |r| (i.id.to_string(), r.key.to_string()))
        })
        .collect();
    assert_eq!(marks.len(), rows.len());
    rows.into_iter()
        .zip(marks)
        .map(|(row, m)| (row, (m.page, m.y)))
        .collect()
}

fn footer_of(doc: &typst_layout::PagedDocument, page: usize) -> String {
    shinchoku::typeset::inspect::footer(doc, page).unwrap_or_default()
}

/// A span as printed (12, 12～14) read back.
fn span(s: &str) -> (i64, i64) {
    let (a, b) = s.split_once('～').unwrap_or((s, s));
    (a.parse().unwrap(), b.parse().unwrap())
}

/// The first span of pages a text prints (（12頁）, （12～14頁）).
fn first_span(text: &str) -> Option<(i64, i64)> {
    text.split('（').skip(1).find_map(|t| {
        let inner = t.split_once("頁）")?.0;
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        let (a, b) = inner.split_once('～').unwrap_or((inner, inner));
        (digits(a) && digits(b)).then(|| span(inner))
    })
}

/// What a print's 担当部署等 cell says of its row's pages: the cell's text
/// below the row's mark at `y` on `page`, down to `below` (the next row's
/// mark there); or, for a row that begins at the foot of a page and has
/// its label set on the next, the text there above `next` (that page's
/// first row).
fn printed_pages(
    doc: &typst_layout::PagedDocument,
    (page, y): (usize, f64),
    below: f64,
    next: f64,
) -> Option<(i64, i64)> {
    const MM: f64 = 72.0 / 25.4;
    let column = |page: usize, from: f64, to: f64| {
        let mut runs: Vec<_> = shinchoku::typeset::inspect::pieces(doc, page)
            .into_iter()
            .filter(|p| p.text.is_some() && p.right < 37.0 * MM)
            .filter(|p| p.top > from - 1.0 && p.top < to - 1.0)
            .collect();
        runs.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.left.total_cmp(&b.left)));
        runs.iter()
            .filter_map(|p| p.text.clone())
            .collect::<String>()
    };
    first_span(&column(page, y, below)).or_else(|| first_span(&column(page + 1, 0.0, next)))
}

/// Prints each of `selections` of `data`: every row shows the pages where
/// it is in the full report, in its cell or (where the print has the
/// report's own pages) in the footer, and a footer names the report's pages
/// of the rows on its page. `last` gives a row's last page in the report
/// where known (the long data's sentences). Returns the counts of rows,
/// rows that print their pages, and of those, rows over several pages.
fn check_prints(
    data: &Path,
    selections: &[shinchoku::view::Selection],
    last: &dyn Fn(&str, &str) -> Option<i64>,
) -> (usize, usize, usize) {
    let full = pipeline::compile(&inputs(data), &Options::default()).unwrap();
    let full_rows = row_places(&full);
    let (mut rows, mut labelled, mut spanning) = (0, 0, 0);
    for sel in selections {
        let options = Options {
            selection: sel.clone(),
            ..Options::default()
        };
        let print = pipeline::compile(&inputs(data), &options).unwrap();
        let doc = &print.document;
        let places = row_places(&print);
        // The next row's mark below a height on a page (the page's end if none).
        let next_row = |page: usize, y: f64| {
            places
                .values()
                .filter(|(p, at)| *p == page && *at > y + 1.0)
                .map(|(_, at)| *at)
                .fold(f64::INFINITY, f64::min)
        };
        for (row, &(page, y)) in &places {
            rows += 1;
            let want: i64 = footer_of(&full.document, full_rows[row].0).parse().unwrap();
            let foot = span(&footer_of(doc, page));
            let what = format!("{sel:?}: row {row:?} on page {}", page + 1);
            // The PDF's page label is the footer's first number.
            assert_eq!(doc.pages()[page].number as i64, foot.0, "{what}");
            match printed_pages(doc, (page, y), next_row(page, y), next_row(page + 1, 0.0)) {
                Some((first, to)) => {
                    labelled += 1;
                    spanning += usize::from(to > first);
                    assert_eq!(first, want, "{what}");
                    if let Some(l) = last(&row.0, &row.1) {
                        assert_eq!(to, l, "{what}: last page");
                    }
                    assert!(foot.0 <= first && to <= foot.1, "{what}: footer {foot:?}");
                }
                None => assert_eq!(foot, (want, want), "{what}: footer"),
            }
        }
    }
    (rows, labelled, spanning)
}

/// One print for each department (departments.yaml) that has rows.
fn departments(data: &Path) -> Vec<shinchoku::view::Selection> {
    let loaded = shinchoku::load::load(data).unwrap();
    let full = pipeline::prepare(&inputs(data), &Options::default()).unwrap();
    let rows: Vec<&String> = full
        .view
        .initiatives()
        .flat_map(|i| &i.rows)
        .flat_map(|r| &r.names)
        .collect();
    loaded
        .departments
        .value
        .departments
        .iter()
        .map(|d| d.value.clone())
        .filter(|d| rows.contains(&d))
        .map(|d| shinchoku::view::Selection {
            departments: vec![d],
            ..Default::default()
        })
        .collect()
}

#[test]
fn a_departments_print_names_each_rows_page_in_the_report() {
    let filled = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filled");
    for data in [data_dir(), filled] {
        let (rows, labelled, _) = check_prints(&data, &departments(&data), &|_, _| None);
        println!(
            "{}: {rows} rows, {labelled} with their page",
            data.display()
        );
        assert_eq!(rows, labelled, "every row of a department's print");
    }
}

/// Every strategy in one print, every other measure in each of two, every
/// other initiative in each of two (so none follows another).
fn scopes(data: &Path) -> Vec<shinchoku::view::Selection> {
    use shinchoku::view::Selection;
    let full = pipeline::prepare(&inputs(data), &Options::default()).unwrap();
    let ids: Vec<_> = full.view.initiatives().map(|i| i.id).collect();
    let mut measures: Vec<_> = ids.iter().map(|i| i.measure()).collect();
    measures.dedup();
    let every_other = |k: usize| {
        (
            measures.iter().skip(k).step_by(2).copied().collect(),
            ids.iter().skip(k).step_by(2).copied().collect(),
        )
    };
    let mut out = vec![Selection {
        strategies: full.view.strategies.iter().map(|s| s.number).collect(),
        ..Selection::default()
    }];
    for k in 0..2 {
        let (measures, initiatives) = every_other(k);
        out.push(Selection {
            measures,
            ..Selection::default()
        });
        out.push(Selection {
            initiatives,
            ..Selection::default()
        });
    }
    out
}

#[test]
fn prints_of_strategies_measures_and_initiatives_keep_the_reports_pages() {
    let long = long_filled_data();
    for data in [data_dir(), long.dir.path().to_path_buf()] {
        let (rows, labelled, _) = check_prints(&data, &scopes(&data), &|_, _| None);
        println!(
            "{}: {rows} rows, {labelled} with their page",
            data.display()
        );
        // Each row printed three times: with its strategy, its measure and
        // its initiative. Rows of a measure's first sheet, and of those
        // printed after it, are on the report's own pages.
        let full = pipeline::prepare(&inputs(&data), &Options::default()).unwrap();
        let all = full.view.initiatives().map(|i| i.rows.len()).sum::<usize>();
        assert_eq!(rows, 3 * all);
        assert!(labelled > 50 && labelled < all, "{labelled} labelled");
    }
}

#[test]
fn long_rows_in_a_departments_print_name_all_their_pages() {
    let filled = long_filled_data();
    let data = filled.dir.path();
    let full = pipeline::compile(&inputs(data), &Options::default()).unwrap();
    let doc = &full.document;
    let texts = shinchoku::typeset::inspect::page_texts(doc);
    // Each sheet's pages, from its start to its end mark.
    let mut sheets: HashMap<String, (usize, usize)> = HashMap::new();
    for m in shinchoku::typeset::inspect::marks(doc, "sheet-mark") {
        let id = m
            .value
            .split("id: \"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let e = sheets.entry(id.to_string()).or_insert((m.page, m.page));
        e.1 = e.1.max(m.page);
    }
    // A row's last page: where its last sentence is printed on its own sheet.
    let own = full
        .prepared
        .view
        .initiatives()
        .filter(|i| i.relist_of.is_none())
        .flat_map(|i| {
            i.rows
                .iter()
                .map(move |r| (i.id.to_string(), r.key.to_string()))
        });
    let mut last: HashMap<(String, String), i64> = HashMap::new();
    for ((sheet, key), ids) in own.zip(&filled.rows) {
        let (a, b) = sheets[&sheet];
        let page = ids
            .iter()
            .flat_map(|id| (a..=b).filter(|&p| texts[p].contains(id.as_str())))
            .max()
            .unwrap();
        last.insert((sheet, key), footer_of(doc, page).parse().unwrap());
    }
    let selections: Vec<_> = ["障害福祉課", "子育て支援課", "介護保険課"]
        .map(|d| shinchoku::view::Selection {
            departments: vec![d.into()],
            ..Default::default()
        })
        .to_vec();
    let lookup = |s: &str, k: &str| last.get(&(s.to_string(), k.to_string())).copied();
    let (rows, labelled, spanning) = check_prints(data, &selections, &lookup);
    println!("{rows} rows, {labelled} with their pages, {spanning} over several");
    assert_eq!((rows, labelled), (24, 24));
    assert!(spanning > 3, "{spanning} rows over several pages");
}
