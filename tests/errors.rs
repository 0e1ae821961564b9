//! Errors say what and where; templates cannot reach outside layouts/.

mod common;

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
    shinchoku::pipeline::compile(&inputs)
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
            assert!(file.contains("report.j2"), "{file}");
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
    let err = shinchoku::pipeline::compile(&inputs(data.path()))
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
    let err = shinchoku::pipeline::compile(&inputs(data.path()))
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
        let err = shinchoku::pipeline::compile(&inputs(data.path()))
            .err()
            .expect("must fail");
        let msg = err.to_string();
        assert!(matches!(err, Error::Yaml { .. }), "{msg}");
        assert!(msg.contains("plan.yaml:"), "{msg}");
    }
}
