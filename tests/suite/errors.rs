//! Errors say what and where; templates cannot reach outside layouts/.

use crate::common;

use common::*;
use shinchoku::error::Error;

fn layouts_with(extra_typ: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&layouts_dir(), dir.path());
    let typ = dir.path().join("report.typ");
    let mut text = std::fs::read_to_string(&typ).unwrap();
    text.push_str(extra_typ);
    std::fs::write(typ, text).unwrap();
    dir
}

fn compile_with_layouts(layouts: &std::path::Path) -> Result<shinchoku::pipeline::Compiled, Error> {
    let mut inputs = inputs(&data_dir());
    inputs.layouts = Some(layouts.to_path_buf());
    shinchoku::pipeline::compile(&inputs, &shinchoku::pipeline::Options::default())
}

fn typeset_error(layouts: &std::path::Path) -> String {
    match compile_with_layouts(layouts) {
        Err(Error::Typeset(msg)) => msg,
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => panic!("a template read outside layouts/"),
    }
}

#[test]
fn a_template_cannot_read_outside_layouts() {
    for code in [
        "\n#let leak = read(\"/etc/passwd\")\n#leak\n",
        "\n#let leak = read(\"../Cargo.toml\")\n#leak\n",
        "\n#import \"/etc/passwd\": *\n",
    ] {
        let dir = layouts_with(code);
        let msg = typeset_error(dir.path());
        assert!(msg.contains("report.typ:"), "{msg}");
        assert!(!msg.contains("root:x"), "{msg}");
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_in_layouts_leading_outside_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "SECRET").unwrap();
    let dir = layouts_with("\n#read(\"secret.txt\")\n");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        dir.path().join("secret.txt"),
    )
    .unwrap();
    let msg = typeset_error(dir.path());
    assert!(
        msg.contains("access denied") || msg.contains("denied"),
        "{msg}"
    );
}

#[test]
fn a_template_cannot_include_outside_layouts() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&layouts_dir(), dir.path());
    let j2 = dir.path().join("report.j2");
    let text = std::fs::read_to_string(&j2).unwrap() + "\n{% include \"../Cargo.toml\" %}\n";
    std::fs::write(&j2, text).unwrap();
    match compile_with_layouts(dir.path()) {
        Err(Error::Template { file, message, .. }) => {
            // Named in the folder it came from, not always layouts/.
            let canonical = dir.path().canonicalize().unwrap();
            assert_eq!(file, canonical.join("report.j2").display().to_string());
            assert!(message.contains("Cargo.toml"), "{message}");
        }
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => panic!("included a file outside layouts/"),
    }
}

#[test]
fn unknown_department_is_named_with_file_line_and_item() {
    let data = copy_data();
    let path = data.path().join("strategies/1.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "- departments: [地域福祉課]",
        "- departments: [地域福祉科]",
        1,
    );
    std::fs::write(&path, &text).unwrap();
    let line = text.lines().position(|l| l.contains("地域福祉科")).unwrap() + 1;
    let err = shinchoku::pipeline::compile(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .err()
    .expect("must fail");
    let msg = err.to_string();
    assert!(
        matches!(err, Error::Invalid(ref p) if p.len() == 1),
        "{msg}"
    );
    assert!(msg.contains(&format!("1.yaml:{line}:")), "{msg}");
    assert!(msg.contains("基本戦略1（１）①"), "{msg}");
    assert!(msg.contains("地域福祉科"), "{msg}");
}

#[test]
fn all_problems_are_reported_at_once() {
    let data = copy_data();
    let path = data.path().join("strategies/2.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("relist_of: 1-1-1", "relist_of: 1-1-99", 1)
        .replacen("grade: \"\"", "grade: Ｄ", 1);
    std::fs::write(&path, &text).unwrap();
    let err = shinchoku::pipeline::compile(
        &inputs(data.path()),
        &shinchoku::pipeline::Options::default(),
    )
    .err()
    .expect("must fail");
    let Error::Invalid(problems) = &err else {
        panic!("{err}")
    };
    let keys: Vec<_> = problems.iter().map(|p| p.rule.key()).collect();
    assert!(
        keys.contains(&"relist_missing") && keys.contains(&"grade"),
        "{err}"
    );
}

#[test]
fn unknown_and_duplicate_keys_are_errors() {
    for (from, to) in [
        ("title: 第３期", "titel: 第３期"),
        ("city: 本庄市", "city: 本庄市\ncity: 本庄市"),
    ] {
        let data = copy_data();
        let path = data.path().join("plan.yaml");
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replacen(from, to, 1);
        std::fs::write(&path, text).unwrap();
        let err = shinchoku::pipeline::compile(
            &inputs(data.path()),
            &shinchoku::pipeline::Options::default(),
        )
        .err()
        .expect("must fail");
        let msg = err.to_string();
        assert!(matches!(err, Error::Yaml { .. }), "{msg}");
        assert!(msg.contains("plan.yaml:"), "{msg}");
    }
}

#[test]
fn a_misspelt_key_lists_the_keys_that_may_be_written() {
    let dir = copy_data();
    let plan = dir.path().join("plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, text.replacen("title: ", "titel: ", 1)).unwrap();
    let err = shinchoku::pipeline::check(&inputs(dir.path()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("項目「titel」は使えません。つづりを確かめてください（使える項目: title, sheet_title, city, fiscal_year, indicator_years, date）"),
        "{err}"
    );
}

#[test]
fn new_year_refuses_a_folder_inside_the_data() {
    let dir = copy_data();
    let err = shinchoku::services::new_year::new_year(
        &inputs(dir.path()),
        Some(&dir.path().join("next")),
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("データのフォルダの中には新しい年度を作れません"),
        "{err}"
    );
    assert!(!dir.path().join("next").exists());
}

#[test]
fn marking_changes_in_html_is_refused_not_ignored() {
    let options = shinchoku::pipeline::Options {
        format: shinchoku::pipeline::Format::Html,
        mark_changes: Some(data_dir().display().to_string()),
        ..Default::default()
    };
    let out = tempfile::tempdir().unwrap();
    let err =
        shinchoku::pipeline::build(&inputs(&data_dir()), &options, &out.path().join("r.html"))
            .unwrap_err();
    assert!(matches!(err, Error::Usage(_)), "{err}");
    assert!(err.to_string().contains("--mark-changes"), "{err}");
    assert!(!out.path().join("r.html").exists());
}

#[test]
fn a_named_pipe_in_the_layouts_folder_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&layouts_dir(), dir.path());
    let fifo = dir.path().join("extra.typ");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        println!("skipped: no mkfifo");
        return;
    }
    // A build and a watcher's scan both finish with the pipe there.
    let compiled = compile_with_layouts(dir.path());
    assert!(
        compiled.is_ok(),
        "{:?}",
        compiled.err().map(|e| e.to_string())
    );
    let mut inputs = inputs(&data_dir());
    inputs.layouts = Some(dir.path().to_path_buf());
    let out = tempfile::tempdir().unwrap();
    let mut w = shinchoku::watch::Source::new(inputs, Some(out.path().join("r.pdf")));
    assert!(!w.changed());
    // Asking for it from a template is an error, not a hang.
    let typ = dir.path().join("report.typ");
    let text = std::fs::read_to_string(&typ).unwrap() + "\n#include \"/extra.typ\"\n";
    std::fs::write(&typ, text).unwrap();
    assert!(compile_with_layouts(dir.path()).is_err());
}

fn kawawada() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kawawada")
}

/// A copy of `root` with one text of `file` replaced.
fn copy_edited(root: &std::path::Path, file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(root, dir.path());
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    dir
}

/// A word where a number or true/false is wanted, a list where one value
/// is, one value where a list or a group is: the message says what to
/// write instead, with an example made from the line, not that the
/// indentation may be wrong.
#[test]
fn a_value_of_the_wrong_kind_is_explained_by_its_value() {
    let (honjo, other) = (data_dir(), kawawada());
    for (root, file, from, to, want) in [
        (
            &honjo,
            "plan.yaml",
            "fiscal_year: 2024",
            "fiscal_year: 令和6",
            "plan.yaml:6:14: YAMLの書き方に誤りがあります (invalid YAML): 「令和6」は数として読めません。年度は西暦の半角数字で書きます（例: fiscal_year: 2024） (invalid i32)",
        ),
        (
            &other,
            "plan.yaml",
            "current: 2022",
            "current: ２０２２",
            "「２０２２」は数として読めません。年度は西暦の半角数字で書きます（例: current: 2022）",
        ),
        (
            &other,
            "strategies/1.yaml",
            "number: 1\ntitle",
            "number: 一\ntitle",
            "1.yaml:3:9: YAMLの書き方に誤りがあります (invalid YAML): 「一」は数として読めません。半角の数字だけで書きます（例: number: 1）",
        ),
        (
            &other,
            "strategies/2.yaml",
            "sdgs: []",
            "sdgs: [1, 十二]",
            "「十二」は数として読めません。半角の数字だけで書きます（例: 12）",
        ),
        (
            &honjo,
            "words.yaml",
            "  show: true ",
            "  show: はい ",
            "words.yaml:54:9: YAMLの書き方に誤りがあります (invalid YAML): 「はい」は使えません。ここには true（する・出す）か false（しない・出さない）を半角の英字で書きます（例: show: true） (invalid boolean)",
        ),
        (
            &other,
            "words.yaml",
            "sheet_title: false",
            "sheet_title: いいえ",
            "「いいえ」は使えません。ここには true（する・出す）か false（しない・出さない）を半角の英字で書きます（例: sheet_title: false）",
        ),
        (
            &honjo,
            "words.yaml",
            "  show: true ",
            "  show: 表示しない ",
            "（例: show: true または show: false）",
        ),
        (
            &honjo,
            "plan.yaml",
            "city: 本庄市",
            "city: [本庄市, 深谷市]",
            "plan.yaml:5:7: YAMLの書き方に誤りがあります (invalid YAML): city には値を一つだけ書きます。一覧（[ ] や「- 」で始まる行）や「項目: 値」の並びは書けません（例: city: 本庄市） (expected string scalar)",
        ),
        (
            &other,
            "results/2025/住宅課.yaml",
            "department: 住宅課",
            "department:\n  name: 住宅課",
            "住宅課.yaml:3:3: YAMLの書き方に誤りがあります (invalid YAML): department には値を一つだけ書きます。",
        ),
        (
            &other,
            "strategies/1.yaml",
            "departments: [防災安全課]",
            "departments: 防災安全課",
            "departments には一覧を書きます。一つだけでも [ ] で囲みます（例: departments: [防災安全課]）",
        ),
        (
            &other,
            "strategies/1.yaml",
            "sdgs: []",
            "sdgs: 3",
            "sdgs には一覧を書きます。一つだけでも [ ] で囲みます（例: sdgs: [3]）",
        ),
        (
            &other,
            "plan.yaml",
            "indicator_years:  ",
            "indicator_years: 2022 ",
            "indicator_years には「項目: 値」の並びを書きます。indicator_years: の次の行から、字下げして一行に一つずつ書いてください",
        ),
    ] {
        let dir = copy_edited(root, file, from, to);
        let err = shinchoku::pipeline::check(&inputs(dir.path()))
            .unwrap_err()
            .to_string();
        assert!(err.contains(want), "{to}: {err}");
        assert!(!err.contains("字下げ（行頭の空白）"), "{to}: {err}");
    }
}

/// A department misspelt in a plan file renames its row, so the results
/// file of the department it meant no longer matches: that finding says it
/// is the typo's consequence, after it, in check and in serve's 点検.
#[test]
fn a_department_typo_marks_the_results_row_it_orphans_as_its_consequence() {
    let dir = copy_edited(
        &kawawada(),
        "strategies/1.yaml",
        "[高齢福祉課]",
        "[高齢福祉科]",
    );
    let err = shinchoku::pipeline::check(&inputs(dir.path())).unwrap_err();
    let Error::Invalid(problems) = &err else {
        panic!("{err}")
    };
    let rules: Vec<_> = problems.iter().map(|p| p.rule.key()).collect();
    assert_eq!(rules, ["department", "results_row"], "{err}");
    let consequence = "行「1-1-2:高齢福祉課」は計画にありません。計画の基本目標1(1)イの部署名「高齢福祉科」が担当課の一覧にないためで、その問題の結果です。部署名を直せば、この問題も消えます";
    assert_eq!(problems[1].message, consequence);
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["check", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&cli.stderr);
    assert!(
        said.contains(&format!(
            "高齢福祉課.yaml:10:8: 高齢福祉課: {consequence} (results_row)"
        )),
        "{said}"
    );

    let served = crate::serve_support::Served::start(dir.path(), &[]);
    served.wait_for("the check", |s| s["broken"] == true);
    let check = served.get("/check").text();
    let (cause, result) = (
        check.find("部署名「高齢福祉科」は").unwrap(),
        check.find(consequence).unwrap(),
    );
    assert!(cause < result, "{check}");

    // Without a misspelt department of that initiative, no such note.
    let dir = copy_edited(
        &kawawada(),
        "results/2025/高齢福祉課.yaml",
        "key: 1-1-2:",
        "key: 1-1-9:",
    );
    let err = shinchoku::pipeline::check(&inputs(dir.path()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("行「1-1-9:高齢福祉課」は計画にありません (results_row)"),
        "{err}"
    );
}

/// `new-year --data .` in the data folder writes the new year beside it.
#[test]
fn new_year_with_the_data_folder_as_dot_writes_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("kawawada");
    copy_dir(&kawawada(), &data);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .current_dir(&data)
        .args(["new-year", "--data", "."])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("kawawada-2026: 令和8年度（2026年度）のデータを作りました"),
        "{said}"
    );
    assert!(dir.path().join("kawawada-2026/plan.yaml").is_file());
    assert!(!data.join("kawawada-2026").exists());
    assert!(!data.join("data-2026").exists());
}

/// A selection typed wrongly is explained in the levels' places (1 段目),
/// not in one plan's names; one that selects nothing in the plan's words.
#[test]
fn selection_errors_speak_no_plans_names_but_its_own() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .arg("build")
            .arg("--data")
            .arg(kawawada())
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, said) = run(&["--measure", "1"]);
    assert_eq!(code, Some(2));
    assert!(
        said.contains("「1」は 1-2 のように、1 段目と 2 段目の番号を - でつないで書いてください"),
        "{said}"
    );
    let (code, said) = run(&["--initiative", "1-2"]);
    assert_eq!(code, Some(2));
    assert!(
        said.contains("「1-2」は 1-2-1 のように、1〜3 段目の番号を - でつないで書いてください"),
        "{said}"
    );
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("x.pdf");
    let (code, said) = run(&["--strategy", "9", "-o", target.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        said.contains("選んだ条件（基本目標9）に当てはまるシートがありません"),
        "{said}"
    );
}
