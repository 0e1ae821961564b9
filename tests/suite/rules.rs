//! Every validation rule, triggered on a copy of the shipped data: each
//! rule has its own folder `tests/suite/rules/<key>/case.yaml` saying how
//! to break the data, and its message staff read is held in its own
//! snapshot (`snapshots/suite__rules__message@<key>__case.yaml.snap`), so a
//! change reports every rule it touches. A new rule without a folder fails
//! `every_rule_has_a_case`.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use serde::Deserialize;
use shinchoku::error::{Error, Rule};

/// How a case breaks the data (paths inside the copied data folder).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// Replace the first `from` in `file` by `to` (`repeat` times over).
    #[serde(default)]
    edit: Vec<Edit>,
    /// Write a whole file.
    #[serde(default)]
    write: Vec<Write>,
    #[serde(default)]
    copy: Vec<CopyFile>,
    #[serde(default)]
    remove: Vec<String>,
    /// Move the year's files into this sub-folder (a plan folder's year).
    #[serde(default)]
    move_into: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    from: String,
    to: String,
    #[serde(default)]
    repeat: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Write {
    file: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CopyFile {
    from: String,
    to: String,
}

fn apply(case: &Case, d: &Path) {
    for e in &case.edit {
        let p = d.join(&e.file);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(&e.from), "{:?} not in {}", e.from, e.file);
        let to = e.to.repeat(e.repeat.unwrap_or(1));
        std::fs::write(p, text.replacen(&e.from, &to, 1)).unwrap();
    }
    for w in &case.write {
        let p = d.join(&w.file);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, &w.text).unwrap();
    }
    for c in &case.copy {
        std::fs::copy(d.join(&c.from), d.join(&c.to)).unwrap();
    }
    for r in &case.remove {
        std::fs::remove_file(d.join(r)).unwrap();
    }
    if let Some(year) = &case.move_into {
        let into = d.join(year);
        std::fs::create_dir(&into).unwrap();
        for f in [
            "plan.yaml",
            "departments.yaml",
            "intro.yaml",
            "words.yaml",
            "strategies",
        ] {
            std::fs::rename(d.join(f), into.join(f)).unwrap();
        }
    }
}

/// The message for `rule`, with the temporary folder written as `data`.
fn message(rule: Rule, case: &Case) -> String {
    let data = copy_data();
    apply(case, data.path());
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

/// The rule a case folder is named after.
fn rule_of(case: &Path) -> Rule {
    let key = case
        .parent()
        .and_then(|d| d.file_name())
        .unwrap()
        .to_string_lossy();
    Rule::ALL
        .into_iter()
        .find(|r| r.key() == key)
        .unwrap_or_else(|| panic!("no rule {key} (folder {})", case.display()))
}

#[test]
fn each_rule_fires_with_a_message_staff_can_act_on() {
    insta::glob!("rules/*/case.yaml", |path| {
        let rule = rule_of(path);
        let case: Case = serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let m = message(rule, &case);
        assert!(
            m.starts_with("data/"),
            "{}: no data file named: {m}",
            rule.key()
        );
        assert!(m.ends_with(&format!("({})", rule.key())), "{m}");
        insta::assert_snapshot!("message", m);
    });
}

#[test]
fn every_rule_has_a_case() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suite/rules");
    let folders: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("case.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let rules: BTreeSet<String> = Rule::ALL.iter().map(|r| r.key().to_string()).collect();
    assert_eq!(
        folders,
        rules,
        "one folder per rule under {}",
        dir.display()
    );
}
