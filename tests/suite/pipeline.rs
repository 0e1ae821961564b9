//! End to end: data → PDF, checked on the compiled document and the PDF bytes.

use crate::common;

use std::process::Command;

use common::*;

#[test]
fn default_data_builds_with_its_japanese_text() {
    let compiled = shinchoku::pipeline::compile(
        &inputs(&data_dir()),
        &shinchoku::pipeline::Options::default(),
    )
    .unwrap();
    let text = text_of(&compiled);
    for expected in [
        "■第３期本庄市地域福祉計画 進行管理",
        "担当部署等一覧表",
        "《　基本戦略 １　》 市民の生活を支える仕組みづくり",
        "第3期本庄市地域福祉計画　進捗管理シート（令和6年度）",
        "（１）相談支援の仕組みづくり",
        "①  効率的で効果的な福祉行政の推進",
        "重層的支援体制整備事業への移行準備事業を実施することにより福祉行政を推進します。",
        "令和６年度の取組方針",
        "令和6年度実施結果",
        "現状値（令和４年度）",
        "目標値（令和10年度）",
    ] {
        assert!(text.contains(expected), "missing in document: {expected}");
    }
    assert!(compiled.warnings.is_empty(), "{:?}", compiled.warnings);
}

#[test]
fn pdf_embeds_font_subsets_only_of_biz_ud() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    shinchoku::pipeline::build(
        &inputs(&data_dir()),
        &shinchoku::pipeline::Options::default(),
        &out,
    )
    .unwrap();
    let doc = lopdf::Document::load(&out).unwrap();
    let mut names = Vec::new();
    for obj in doc.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        let name =
            String::from_utf8_lossy(dict.get(b"FontName").unwrap().as_name().unwrap()).to_string();
        assert!(
            dict.has(b"FontFile2") || dict.has(b"FontFile3"),
            "font {name} is not embedded"
        );
        names.push(name);
    }
    assert!(!names.is_empty());
    for name in &names {
        // A subset is named "ABCDEF+Font".
        let (tag, family) = name.split_once('+').expect("subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        assert!(family.starts_with("BIZUD"), "unexpected font {name}");
    }
    assert!(names.iter().any(|n| n.contains("BIZUDMincho")));
    assert!(names.iter().any(|n| n.contains("BIZUDGothic")));
}

#[test]
fn broken_yaml_names_file_and_line_and_keeps_previous_pdf() {
    let data = copy_data();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("report.pdf");
    let exe = env!("CARGO_BIN_EXE_shinchoku");
    let run = |data: &std::path::Path| {
        Command::new(exe)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["build", "--data"])
            .arg(data)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap()
    };
    let first = run(data.path());
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(
        stdout.contains("report.pdf") && stdout.contains("ページ"),
        "{stdout}"
    );
    let good = std::fs::read(&out).unwrap();

    // Line 5 gets a key without a value in a flow mapping: invalid YAML.
    let plan = data.path().join("plan.yaml");
    let mut lines: Vec<String> = std::fs::read_to_string(&plan)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    lines[4] = "city: {本庄市".into();
    std::fs::write(&plan, lines.join("\n")).unwrap();

    let second = run(data.path());
    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("plan.yaml:"), "{stderr}");
    assert!(stderr.contains("YAML"), "{stderr}");
    let line: u32 = stderr
        .split("plan.yaml:")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((5..=6).contains(&line), "line {line} in {stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), good, "previous PDF changed");
    let leftovers: Vec<_> = std::fs::read_dir(out_dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "temporary files left behind");
}

#[test]
fn typ_command_writes_the_generated_markup() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.typ");
    let status = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("typ")
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let markup = std::fs::read_to_string(&out).unwrap();
    assert!(
        markup.starts_with("#import \"/report.typ\""),
        "{}",
        &markup[..80]
    );
    assert!(markup.contains("\"効率的で効果的な福祉行政の推進\""));
}

#[test]
fn sdg_goals_listed_in_data_show_as_tiles() {
    let initiatives = initiative_yaml(1, "取組", "概要。", "地域福祉課", "方針。");
    let strategy = strategy_yaml(&initiatives).replacen("measures:", "sdgs: [1, 17]\nmeasures:", 1);
    let data = temp_data(&[("1.yaml", &strategy)]);
    let text = text_of(
        &shinchoku::pipeline::compile(
            &inputs(data.path()),
            &shinchoku::pipeline::Options::default(),
        )
        .unwrap(),
    );
    assert!(text.contains("貧困をなくそう"), "{text}");
    assert!(text.contains("パートナーシップで目標を達成しよう"));
    assert!(!text.contains("飢餓をゼロに"));
}

#[cfg(unix)]
#[test]
fn a_new_pdf_is_readable_by_others_and_a_replaced_one_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    shinchoku::pipeline::build(
        &inputs(&data_dir()),
        &shinchoku::pipeline::Options::default(),
        &out,
    )
    .unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out), 0o644);
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    shinchoku::pipeline::build(
        &inputs(&data_dir()),
        &shinchoku::pipeline::Options::default(),
        &out,
    )
    .unwrap();
    assert_eq!(mode(&out), 0o640);
}

/// How many times Typst laid the document out before its page references
/// settled, read from Typst's own timing events of this thread.
fn layout_passes(data: &std::path::Path) -> usize {
    let inputs = inputs(data);
    let options = shinchoku::pipeline::Options::default();
    let prepared = shinchoku::pipeline::prepare(&inputs, &options).unwrap();
    let world = shinchoku::pipeline::world(&inputs, &prepared).unwrap();
    typst_timing::enable();
    // An event of this thread, so passes of tests running beside it are not
    // counted.
    let marker = typst_timing::TimingScope::new("this thread");
    shinchoku::typeset::pdf::compile(&world).unwrap();
    drop(marker);
    typst_timing::disable();
    let mut json = Vec::new();
    typst_timing::export_json(&mut json, |_| (String::new(), 0)).unwrap();
    let events: Vec<serde_json::Value> = serde_json::from_slice(&json).unwrap();
    let thread = events
        .iter()
        .find(|e| e["name"] == "this thread")
        .map(|e| e["tid"].clone())
        .unwrap();
    events
        .iter()
        .filter(|e| e["tid"] == thread && e["ph"] == "B")
        .filter(|e| e["name"].as_str().unwrap().starts_with("iter ("))
        .count()
}

/// Every layout pass costs the whole document's layout again (in a `watch`
/// rebuild, a third of it): the report settles in the two passes page
/// references need (the first without them, the second with them). A link
/// whose text left the first pass once cost a third.
#[test]
fn the_report_settles_in_two_layout_passes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for data in [
        data_dir(),
        root.join("tests/fixtures/filled"),
        root.join("examples/kawawada"),
    ] {
        assert_eq!(layout_passes(&data), 2, "{}", data.display());
    }
}

/// `watch` and `serve` keep one session: an edit to a layout file shows on
/// the next build, though the session keeps the layouts it parsed.
#[test]
fn a_warm_session_sees_an_edited_layout() {
    let layouts = tempfile::tempdir().unwrap();
    copy_dir(&layouts_dir(), layouts.path());
    let mut with_layouts = inputs(&data_dir());
    with_layouts.layouts = Some(layouts.path().to_path_buf());
    let mut session = shinchoku::pipeline::Session::new(with_layouts);
    let options = shinchoku::pipeline::Options::default();
    let before = text_of(&session.compile(&options).unwrap());
    assert!(!before.contains("1〓"), "the footer is a number only");
    let style = layouts.path().join("report.typ");
    let footer = "context align(center, text(size: type-size.name, counter(page).display()))";
    let typ = std::fs::read_to_string(&style).unwrap();
    assert!(typ.contains(footer));
    let marked = footer.replace("counter(page).display()", "[#counter(page).display()〓]");
    std::fs::write(&style, typ.replace(footer, &marked)).unwrap();
    let after = text_of(&session.compile(&options).unwrap());
    assert!(after.contains("1〓") && after.contains("43〓"), "{after}");
    // And back: the layout as it was prints as before.
    std::fs::write(&style, typ).unwrap();
    assert_eq!(text_of(&session.compile(&options).unwrap()), before);
}
