//! The yearly cycle: filled report and blank form from one data set,
//! committee subsets with the full report's page numbers, a grade summary,
//! checks that list every problem, watch, and the new fiscal year.
//! Filled data is fictional and lives in tests/fixtures/filled.

use crate::common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::*;
use shinchoku::error::Error;
use shinchoku::pipeline::{Options, compile};
use shinchoku::typeset::inspect::{footer, page_texts};
use shinchoku::view::Selection;

fn filled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filled")
}

fn doc_text(data: &Path, options: &Options) -> String {
    page_texts(&compile(&inputs(data), options).unwrap().document).concat()
}

#[test]
fn filled_results_print_in_their_columns_and_grades_full_width() {
    let text = doc_text(&filled(), &Options::default());
    for s in [
        "架空の講座を三回開催しました。",
        "参加者は延べ四十二人でした。",
        "来年度は回数を増やします。",
        "相談件数は十件でした。",
    ] {
        assert!(text.contains(s), "{s}");
    }
    // "A" and "C" in the data print as Ａ and Ｃ, in the 自己評価 column
    // (after 成果); Ｂ stays.
    assert!(text.contains("四十二人でした。Ａ"), "{text}");
    assert!(text.contains("十件でした。Ｂ"));
    assert!(text.contains("架空の成果です。Ｃ"));
}

#[test]
fn a_long_result_breaks_across_pages() {
    // The fixture's long 具体的な取組内容, four times as long: more than a page
    // even in the widened column of a filled sheet.
    let data = tempfile::tempdir().unwrap();
    copy_dir(&filled(), data.path());
    let path = data.path().join("strategies/1.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = "長い実施内容の二行目です。架空の事業を実施し、関係機関と連携して多くの相談に対応しました。";
    let longer = format!("{line}\n              ").repeat(40);
    std::fs::write(&path, text.replacen(line, longer.trim_end(), 1)).unwrap();
    let compiled = compile(&inputs(data.path()), &Options::default()).unwrap();
    let pages = page_texts(&compiled.document);
    let first = pages
        .iter()
        .position(|p| p.contains("長い実施内容の一行目"))
        .unwrap();
    let last = pages
        .iter()
        .position(|p| p.contains("長い実施内容の最終行"))
        .unwrap();
    assert!(last > first, "long row on one page only");
}

#[test]
fn the_blank_form_leaves_results_empty() {
    let options = Options {
        form: true,
        ..Options::default()
    };
    let text = doc_text(&filled(), &options);
    assert!(text.contains("地域福祉課の架空の方針です。"));
    for s in [
        "架空の講座を三回開催しました。",
        "来年度は回数を増やします。",
        "四十二人",
    ] {
        assert!(!text.contains(s), "{s} in the blank form");
    }
}

#[test]
fn summary_counts_grades_per_strategy_and_measure() {
    let options = Options {
        summary: true,
        ..Options::default()
    };
    let text = doc_text(&filled(), &options);
    assert!(text.contains("自己評価の集計"));
    // Ａ1 Ｂ1 Ｃ1 未評価1, total 4: the 【再掲】 of 1-1-1 is not counted twice.
    assert!(text.contains("基本戦略１　架空の基本戦略11114"), "{text}");
    assert!(text.contains("（１）架空の施策細目その一11103"));
    assert!(text.contains("（２）架空の施策細目その二00011"));
}

/// Sheet id → footer of the page where it starts.
fn sheet_footers(
    compiled: &shinchoku::pipeline::Compiled,
    ids: &[String],
) -> HashMap<String, String> {
    let doc = &compiled.document;
    let intro = doc.introspector();
    use typst::introspection::Introspector;
    ids.iter()
        .filter_map(|id| {
            let label = typst::foundations::Label::new(typst::utils::PicoStr::intern(&format!(
                "sheet-{id}"
            )))?;
            let loc = intro.query_label(label).ok()?.location()?;
            let page = intro.page(loc)?.get() - 1;
            Some((id.clone(), footer(doc, page)?))
        })
        .collect()
}

#[test]
fn committee_prints_keep_the_report_page_numbers() {
    let full = shinchoku::pipeline::compile(
        &inputs(&data_dir()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let pages = shinchoku::typeset::inspect::pages(&full.document);
    for selection in [
        Selection {
            strategies: vec![2],
            ..Selection::default()
        },
        Selection {
            measures: vec![shinchoku::model::MeasureId::new(1, 2)],
            initiatives: vec![
                shinchoku::model::InitiativeId::new(3, 3, 4),
                shinchoku::model::InitiativeId::new(1, 1, 2),
            ],
            ..Selection::default()
        },
        Selection {
            departments: vec!["障害福祉課".into()],
            ..Selection::default()
        },
    ] {
        let options = Options {
            selection: selection.clone(),
            ..Options::default()
        };
        let subset = compile(&inputs(&data_dir()), &options).unwrap();
        let ids: Vec<String> = subset
            .prepared
            .view
            .initiatives()
            .map(|i| i.id.to_string())
            .collect();
        assert!(!ids.is_empty());
        let footers = sheet_footers(&subset, &ids);
        assert_eq!(footers.len(), ids.len());
        for id in &ids {
            // The footer names the report's pages of what its page holds
            // (42～43 where a measure's band from page 42 is printed above a
            // sheet from page 43): the sheet's page among them.
            let want = pages.sheets[&shinchoku::model::InitiativeId::parse(id).unwrap()];
            let foot = &footers[id];
            let (a, b) = foot.split_once('～').unwrap_or((foot, foot));
            let (a, b): (i64, i64) = (a.parse().unwrap(), b.parse().unwrap());
            assert!(a <= want && want <= b, "{id} in {selection:?}: {foot}");
        }
        // No intro or index in a committee print.
        let text = page_texts(&subset.document).concat();
        assert!(!text.contains("担当部署等一覧表"));
    }
}

#[test]
fn a_department_print_has_only_that_departments_rows() {
    let options = Options {
        selection: Selection {
            departments: vec!["障害福祉課".into()],
            ..Selection::default()
        },
        ..Options::default()
    };
    let text = doc_text(&data_dir(), &options);
    // 1-1-③: 障害福祉課's policy, not 地域福祉課's.
    assert!(text.contains("児玉郡市障害者自立支援協議会相談支援部会等を通"));
    assert!(!text.contains("重層的支援体制整備事業実施に向けた相談支援体制"));
    // An initiative without 障害福祉課 is left out.
    assert!(!text.contains("効率的で効果的な福祉行政の推進"));
}

#[test]
fn nothing_selected_is_an_error() {
    let options = Options {
        selection: Selection {
            initiatives: vec![shinchoku::model::InitiativeId::new(9, 9, 9)],
            ..Selection::default()
        },
        ..Options::default()
    };
    let err = compile(&inputs(&data_dir()), &options).err().unwrap();
    assert!(matches!(err, Error::EmptySelection(_)), "{err}");
    assert!(err.to_string().contains("取組9-9-9"), "{err}");
}

#[test]
fn yaml_errors_in_several_files_are_reported_together() {
    let data = copy_data();
    for f in ["plan.yaml", "strategies/2.yaml"] {
        let p = data.path().join(f);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replacen("title:", "title: [", 1)).unwrap();
    }
    let err = shinchoku::pipeline::compile(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .err()
    .unwrap();
    let msg = err.to_string();
    assert!(matches!(err, Error::Files(ref e) if e.len() == 2), "{msg}");
    assert!(
        msg.contains("plan.yaml:") && msg.contains("2.yaml:"),
        "{msg}"
    );
}

#[test]
fn year_labels_follow_the_fiscal_year() {
    for (year, policy, results) in [
        (2019, "令和元年度の", "令和元年度実施結果"),
        (2018, "平成30年度の", "平成30年度実施結果"),
        (2024, "令和６年度の", "令和6年度実施結果"),
    ] {
        let data = tempfile::tempdir().unwrap();
        copy_dir(&filled(), data.path());
        let plan = data.path().join("plan.yaml");
        let text = std::fs::read_to_string(&plan)
            .unwrap()
            .replace("fiscal_year: 2024", &format!("fiscal_year: {year}"));
        std::fs::write(&plan, text).unwrap();
        let doc = doc_text(data.path(), &Options::default());
        assert!(doc.contains(policy) && doc.contains(results), "{year}");
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    fn walk(d: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            if e.path().is_dir() {
                walk(&e.path(), out);
            } else {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    walk(dir, &mut files);
    files.sort();
    files
}

#[test]
fn new_year_carries_next_policies_and_clears_results() {
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("data");
    copy_dir(&filled(), &old);
    let before = snapshot(&old);
    let made = shinchoku::services::new_year::new_year(
        &shinchoku::pipeline::Inputs::new(&old),
        None,
        None,
    )
    .unwrap();
    assert_eq!(made.folder, tmp.path().join("data-2025"));
    assert_eq!((made.carried, made.rows), (3, 4));
    assert_eq!(snapshot(&old), before, "previous year changed");

    let prepared = shinchoku::pipeline::prepare(
        &inputs(&made.folder),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let v = &prepared.view;
    assert_eq!(v.years.results, "令和7年度");
    let rows: Vec<_> = v.strategies[0]
        .measures
        .iter()
        .flat_map(|m| &m.initiatives)
        .flat_map(|i| &i.rows)
        .collect();
    assert_eq!(rows[0].policy, "来年度は回数を増やします。");
    assert_eq!(
        rows[2].policy, "生活支援課の架空の方針です。",
        "no 今後の方針: policy kept"
    );
    assert!(rows.iter().all(|r| r.results == Default::default()));
    // A second run does not overwrite.
    assert!(matches!(
        shinchoku::services::new_year::new_year(
            &shinchoku::pipeline::Inputs::new(&old),
            None,
            None
        ),
        Err(Error::Exists(_))
    ));
}

#[test]
fn written_strategy_files_read_back_the_same() {
    let data = shinchoku::load::load(&data_dir()).unwrap();
    let copy = copy_data();
    for s in &data.strategies {
        let name = s.file.file_name().unwrap();
        std::fs::write(
            copy.path().join("strategies").join(name),
            shinchoku::io::yaml::strategy(&s.value, &data.words.value),
        )
        .unwrap();
    }
    let original = shinchoku::pipeline::prepare(
        &inputs(&data_dir()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let rewritten = shinchoku::pipeline::prepare(
        &inputs(copy.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    assert_eq!(original.markup, rewritten.markup);
}

#[test]
fn watch_rebuilds_on_save_and_keeps_the_last_good_pdf() {
    let data = tempfile::tempdir().unwrap();
    copy_dir(&filled(), data.path());
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("w.pdf");
    let mut w = shinchoku::watch::Source::new(inputs(data.path()), Some(out.clone()));
    let mut session = shinchoku::pipeline::Session::new(inputs(data.path()));
    session.write(&Options::default(), &out).unwrap();
    let good = std::fs::read(&out).unwrap();
    assert!(!w.changed());

    let file = data.path().join("strategies/1.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("title: 架空の基本戦略", "title: [")).unwrap();
    assert!(w.changed());
    assert!(session.write(&Options::default(), &out).is_err());
    assert_eq!(std::fs::read(&out).unwrap(), good);

    std::fs::write(&file, text.replace("記入済みの取組", "修正した取組")).unwrap();
    assert!(w.changed());
    session.write(&Options::default(), &out).unwrap();
    assert_ne!(std::fs::read(&out).unwrap(), good);
    let doc = shinchoku::pipeline::compile(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    assert!(page_texts(&doc.document).concat().contains("修正した取組"));
}
