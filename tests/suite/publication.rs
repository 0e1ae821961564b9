//! The published PDF: metadata, language, tags, bookmarks, links, extractable
//! text, reproducible bytes, and PDF standards. Read from the PDF bytes.

use crate::common;

use common::*;
use lopdf::{Document, Object};
use shinchoku::pipeline::Options;
use shinchoku::typeset::Standard;

fn build(options: &Options) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    shinchoku::pipeline::build(&inputs(&data_dir()), options, &out).unwrap();
    std::fs::read(out).unwrap()
}

fn text(doc: &Document, obj: &Object) -> String {
    let bytes = match obj {
        Object::String(b, _) => b.clone(),
        Object::Reference(r) => return text(doc, doc.get_object(*r).unwrap()),
        _ => panic!("not a string: {obj:?}"),
    };
    lopdf::decode_text_string(&Object::String(bytes, lopdf::StringFormat::Literal)).unwrap()
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(r) => doc.get_object(*r).unwrap(),
        o => o,
    }
}

/// Two runs of the command, each in its own process (Typst's caches cannot
/// hide a difference), write the same bytes.
#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str| {
        let out = dir.path().join(name);
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("build")
            .arg("-o")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(out).unwrap()
    };
    let (a, b) = (run("a.pdf"), run("b.pdf"));
    assert!(a == b, "two processes wrote different PDFs");
    assert_eq!(
        a,
        build(&Options::default()),
        "in process and by the command differ"
    );
}

#[test]
fn metadata_language_and_tags() {
    let doc = Document::load_mem(&build(&Options::default())).unwrap();
    let info = deref(&doc, doc.trailer.get(b"Info").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(
        text(&doc, info.get(b"Title").unwrap()),
        "第３期本庄市地域福祉計画　進捗管理シート（令和6年度）"
    );
    assert_eq!(text(&doc, info.get(b"Author").unwrap()), "本庄市");
    assert!(text(&doc, info.get(b"Subject").unwrap()).contains("実施結果"));
    assert!(text(&doc, info.get(b"Keywords").unwrap()).contains("担当部署等一覧表"));
    // The date comes from the data (fiscal year 2024 → 1 April 2024).
    assert!(text(&doc, info.get(b"CreationDate").unwrap()).starts_with("D:20240401"));

    let catalog = doc.catalog().unwrap();
    assert_eq!(text(&doc, catalog.get(b"Lang").unwrap()), "ja-JP");
    assert!(catalog.has(b"StructTreeRoot"), "not tagged");
    let mark = deref(&doc, catalog.get(b"MarkInfo").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(mark.get(b"Marked").unwrap(), &Object::Boolean(true));
    // PDF/UA-1 is claimed in the XMP metadata by default.
    let meta = deref(&doc, catalog.get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8_lossy(&meta.content);
    assert!(xmp.contains("pdfuaid:part") && xmp.contains(">1<"), "{xmp}");
}

/// Bookmarks: titles with their depth.
fn outline(doc: &Document) -> Vec<(usize, String)> {
    fn walk(doc: &Document, first: Option<&Object>, depth: usize, out: &mut Vec<(usize, String)>) {
        let mut next = first.cloned();
        while let Some(Object::Reference(r)) = next {
            let item = doc.get_object(r).unwrap().as_dict().unwrap();
            out.push((depth, text(doc, item.get(b"Title").unwrap())));
            walk(doc, item.get(b"First").ok(), depth + 1, out);
            next = item.get(b"Next").ok().cloned();
        }
    }
    let catalog = doc.catalog().unwrap();
    let outlines = deref(doc, catalog.get(b"Outlines").unwrap())
        .as_dict()
        .unwrap();
    let mut out = Vec::new();
    walk(doc, outlines.get(b"First").ok(), 0, &mut out);
    out
}

#[test]
fn bookmarks_follow_the_documents_structure() {
    let doc = Document::load_mem(&build(&Options::default())).unwrap();
    let items = outline(&doc);
    assert_eq!(items.len(), 2 + 3 + 12 + 71);
    assert_eq!(items[0], (0, "■第３期本庄市地域福祉計画 進行管理".into()));
    assert_eq!(
        items[1],
        (0, "■第３期本庄市地域福祉計画　担当部署等一覧表".into())
    );
    assert_eq!(
        items[2],
        (0, "■第３期本庄市地域福祉計画　基本戦略 １".into())
    );
    assert_eq!(items[3], (1, "（１）相談支援の仕組みづくり".into()));
    assert_eq!(items[4], (2, "①  効率的で効果的な福祉行政の推進".into()));
    assert_eq!(items.iter().filter(|(d, _)| *d == 2).count(), 71);
    assert!(
        items
            .iter()
            .any(|(_, t)| t == "⑤  相談支援専門職の確保【再掲】")
    );
}

#[test]
fn index_entries_and_relistings_are_links() {
    let doc = Document::load_mem(&build(&Options::default())).unwrap();
    let links = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Link".as_slice()))
        .count();
    // Each index name and 頁 (71 × 2) and each 【再掲】 (10).
    assert_eq!(links, 71 * 2 + 10);
}

#[test]
fn copied_text_is_the_japanese_of_the_data() {
    let doc = Document::load_mem(&build(&Options::default())).unwrap();
    // Page 9 is the first sheet page (1 intro + 6 index + strategy 1 page).
    let page = doc.extract_text(&[9]).unwrap();
    let page: String = page.chars().filter(|c| !c.is_whitespace()).collect();
    for s in [
        "第3期本庄市地域福祉計画進捗管理シート（令和6年度）",
        "（１）相談支援の仕組みづくり",
        "効率的で効果的な福祉行政の推進",
        "重層的支援体制整備事業への移行準備事業を実施することにより福祉行政を推進します。",
        "令和６年度の",
    ] {
        assert!(page.contains(s), "{s} not extracted from:\n{page}");
    }
}

#[test]
fn archival_and_accessible_standards_can_be_combined() {
    // PDF/UA-1 is kept with every PDF/A level unless turned off.
    for (standards, no_ua) in [
        (vec![Standard::A2a, Standard::Ua1], false),
        (vec![Standard::A2b], false),
        (vec![Standard::A3b], false),
        (vec![Standard::A2b], true),
    ] {
        let options = Options {
            standards: standards.clone(),
            no_ua,
            ..Options::default()
        };
        let doc = Document::load_mem(&build(&options)).unwrap();
        let meta = deref(&doc, doc.catalog().unwrap().get(b"Metadata").unwrap())
            .as_stream()
            .unwrap();
        let xmp = String::from_utf8_lossy(&meta.content).to_string();
        assert!(xmp.contains("pdfaid:part"), "{standards:?}");
        assert_eq!(
            xmp.contains("pdfuaid:part"),
            !no_ua,
            "{standards:?} {no_ua}"
        );
    }
}

#[test]
fn committee_prints_pass_the_accessibility_checks_too() {
    for selection in [
        shinchoku::view::Selection {
            departments: vec!["障害福祉課".into()],
            ..Default::default()
        },
        shinchoku::view::Selection {
            strategies: vec![1],
            initiatives: vec![shinchoku::model::InitiativeId::new(3, 3, 4)],
            ..Default::default()
        },
    ] {
        let options = Options {
            selection: selection.clone(),
            ..Options::default()
        };
        let doc = Document::load_mem(&build(&options)).unwrap();
        let catalog = doc.catalog().unwrap();
        assert_eq!(text(&doc, catalog.get(b"Lang").unwrap()), "ja-JP");
        assert!(catalog.has(b"StructTreeRoot"), "{selection:?} not tagged");
        let meta = deref(&doc, catalog.get(b"Metadata").unwrap())
            .as_stream()
            .unwrap();
        assert!(String::from_utf8_lossy(&meta.content).contains("pdfuaid:part"));
        // Its bookmarks start at level 1 (PDF/UA wants no skipped level).
        let marks = outline(&doc);
        assert_eq!(
            marks.first().map(|m| m.0),
            Some(0),
            "{selection:?}: {marks:?}"
        );
        assert!(
            marks
                .iter()
                .any(|(_, t)| t.contains("③") || t.contains("④")),
            "{marks:?}"
        );
    }
}

#[test]
fn a_character_missing_from_the_fonts_is_an_error_naming_it() {
    let initiatives = initiative_yaml(1, "絵文字😀の取組", "概要。", "地域福祉課", "方針𝄞です。");
    let data = temp_data(&[("1.yaml", &strategy_yaml(&initiatives))]);
    let err = shinchoku::pipeline::compile(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .err()
    .expect("must fail");
    let msg = err.to_string();
    let shinchoku::error::Error::Invalid(problems) = &err else {
        panic!("{msg}")
    };
    assert_eq!(problems.len(), 2, "{msg}");
    assert!(problems.iter().all(|p| p.rule.key() == "glyph"));
    assert!(msg.contains("U+1F600") && msg.contains("U+1D11E"), "{msg}");
    assert!(msg.contains("基本戦略1（１）①"), "{msg}");
    // Japanese of every kind the data uses is covered.
    assert!(
        shinchoku::pipeline::compile(
            &inputs(&data_dir()),
            &shinchoku::pipeline::Options::default()
        )
        .is_ok()
    );
}

#[test]
fn html_version_has_language_headings_tables_and_every_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let options = Options {
        format: shinchoku::pipeline::Format::Html,
        ..Options::default()
    };
    shinchoku::pipeline::build(&inputs(&data_dir()), &options, &out).unwrap();
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.contains("<html lang=\"ja\">"));
    assert!(html.contains("<title>第３期本庄市地域福祉計画　進捗管理シート（令和6年度）</title>"));
    assert_eq!(html.matches("<h3 id=\"sheet-").count(), 71);
    assert_eq!(html.matches("<h2 id=\"measure-").count(), 12);
    assert_eq!(html.matches("<a href=\"#sheet-").count(), 71 + 10);
    assert!(html.contains("<th scope=\"col\">具体的な取組内容</th>"));
    assert!(html.contains(
        "重層的支援体制整備事業への移行準備事業を実施することにより福祉行政を推進します。"
    ));
}

#[test]
fn html_escapes_what_the_data_says() {
    let initiatives = initiative_yaml(
        1,
        "<script>alert(1)</script>",
        "a & b",
        "地域福祉課",
        "\"q\" <v>",
    );
    let data = temp_data(&[("1.yaml", &strategy_yaml(&initiatives))]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let options = Options {
        format: shinchoku::pipeline::Format::Html,
        ..Options::default()
    };
    shinchoku::pipeline::build(&inputs(data.path()), &options, &out).unwrap();
    let html = std::fs::read_to_string(out).unwrap();
    assert!(!html.contains("<script>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("a &amp; b"));
    assert!(html.contains("&quot;q&quot; &lt;v&gt;"));
}

#[test]
fn png_previews_one_file_per_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.png");
    let options = Options {
        format: shinchoku::pipeline::Format::Png,
        selection: shinchoku::view::Selection {
            initiatives: vec![
                shinchoku::model::InitiativeId::new(3, 3, 4),
                shinchoku::model::InitiativeId::new(3, 3, 1),
            ],
            ..Default::default()
        },
        ..Options::default()
    };
    let built = shinchoku::pipeline::build(&inputs(&data_dir()), &options, &out).unwrap();
    assert_eq!(built.pages, 2);
    for n in ["p-01.png", "p-02.png"] {
        let bytes = std::fs::read(dir.path().join(n)).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert!(bytes.len() > 10_000, "{n} looks empty");
    }
    assert!(!dir.path().join("p-03.png").exists());
}

/// The PDF page label of each page, from the catalog's /PageLabels number
/// tree: decimal (/D) or lower roman (/r), with prefix and start.
fn page_labels(doc: &Document) -> Vec<String> {
    fn roman(mut n: i64) -> String {
        let mut s = String::new();
        for (v, r) in [
            (1000, "m"),
            (900, "cm"),
            (500, "d"),
            (400, "cd"),
            (100, "c"),
            (90, "xc"),
            (50, "l"),
            (40, "xl"),
            (10, "x"),
            (9, "ix"),
            (5, "v"),
            (4, "iv"),
            (1, "i"),
        ] {
            while n >= v {
                s.push_str(r);
                n -= v;
            }
        }
        s
    }
    let catalog = doc.catalog().unwrap();
    let tree = deref(doc, catalog.get(b"PageLabels").expect("no page labels"))
        .as_dict()
        .unwrap();
    let nums = deref(doc, tree.get(b"Nums").unwrap()).as_array().unwrap();
    let ranges: Vec<(i64, &lopdf::Dictionary)> = nums
        .chunks(2)
        .map(|kv| {
            (
                kv[0].as_i64().unwrap(),
                deref(doc, &kv[1]).as_dict().unwrap(),
            )
        })
        .collect();
    (0..doc.get_pages().len() as i64)
        .map(|page| {
            let (first, label) = ranges.iter().rev().find(|(k, _)| *k <= page).unwrap();
            let n = label.get(b"St").map_or(1, |s| s.as_i64().unwrap()) + page - first;
            let prefix = label.get(b"P").map(|p| text(doc, p)).unwrap_or_default();
            let number = match label.get(b"S").ok().and_then(|s| s.as_name().ok()) {
                Some(b"D") => n.to_string(),
                Some(b"r") => roman(n),
                None => String::new(),
                Some(s) => panic!("unexpected style {s:?}"),
            };
            prefix + &number
        })
        .collect()
}

#[test]
fn page_labels_are_the_printed_page_numbers() {
    let compiled = shinchoku::pipeline::compile(
        &inputs(&data_dir()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let doc = Document::load_mem(&build(&Options::default())).unwrap();
    let labels = page_labels(&doc);
    assert_eq!(labels.len(), 50);
    // Intro and index: labels of their own, never a sheet's number.
    assert_eq!(labels[..7], ["i", "ii", "iii", "iv", "v", "vi", "vii"]);
    for (page, label) in labels.iter().enumerate().skip(7) {
        let printed = shinchoku::typeset::inspect::footer(&compiled.document, page);
        assert_eq!(
            printed.as_deref(),
            Some(label.as_str()),
            "page {}",
            page + 1
        );
    }
    assert_eq!(labels[7], "1");
    assert_eq!(labels[49], "43");

    // A committee print keeps the report's numbers, in its labels too.
    let strategy2 = Document::load_mem(&build(&Options {
        selection: shinchoku::view::Selection {
            strategies: vec![2],
            ..Default::default()
        },
        ..Default::default()
    }))
    .unwrap();
    let labels = page_labels(&strategy2);
    assert_eq!(labels.first().map(String::as_str), Some("22"));
    assert_eq!(labels.last().map(String::as_str), Some("33"));
}
