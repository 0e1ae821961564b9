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
