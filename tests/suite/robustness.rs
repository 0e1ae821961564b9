//! What the tool withstands: random text (rendered verbatim or refused with
//! the character named), and bad input of every kind, each refused with a
//! clear message, a non-zero exit and the previous PDF left as it was.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::*;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Characters staff might type, and those that mean something to Typst,
/// YAML or minijinja.
fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range(' ', '~'),
        2 => proptest::sample::select("#*_$@<>[]\\/=-+\"'`~{}()%:!?|&^.,;".chars().collect::<Vec<_>>()),
        2 => proptest::char::range('ぁ', 'ゖ'),
        1 => proptest::char::range('ァ', 'ヺ'),
        2 => proptest::char::range('一', '龠'),
        1 => proptest::char::range('！', '～'),
        1 => Just('\n'),
        1 => Just('　'),
        // Anything YAML can hold: printed if a font has it, otherwise refused.
        1 => any::<char>().prop_filter("printable", |c| !c.is_control() && !matches!(*c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')),
    ]
}

fn strip(s: &str) -> String {
    s.nfc().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    // 100 documents × 100 strings = 10,000 strings.
    #![proptest_config(ProptestConfig { cases: 100, .. ProptestConfig::default() })]

    #[test]
    fn random_text_prints_verbatim_or_is_refused(
        strings in proptest::collection::vec(proptest::collection::vec(text_char(), 1..40), 100)
    ) {
        let strings: Vec<String> = strings.into_iter().map(|cs| cs.into_iter().collect()).collect();
        let rows: String = strings
            .iter()
            .enumerate()
            // Numbered, so two equal strings are still two different rows.
            .map(|(i, s)| format!("          - departments: [地域福祉課]\n            policy: {}\n", yaml_str(&format!("{i}「{s}」"))))
            .collect();
        let initiatives = format!("      - number: 1\n        name: 取組\n        overview: 概要\n        rows:\n{rows}");
        let data = temp_data(&[("1.yaml", &strategy_yaml(&initiatives))]);
        match shinchoku::pipeline::compile(&inputs(data.path()), &shinchoku::pipeline::Options::default()) {
            Ok(compiled) => {
                let text = strip(&text_of(&compiled));
                for s in &strings {
                    let expected = strip(&format!("「{s}」"));
                    prop_assert!(text.contains(&expected), "not verbatim: {:?}", s);
                }
            }
            Err(shinchoku::error::Error::Invalid(problems)) => {
                // Only a character no font has, or an invisible control or
                // reordering character, may be refused, and it is named.
                for p in &problems {
                    prop_assert!(["glyph", "control", "text_limit"].contains(&p.rule.key()), "{}", p);
                    prop_assert!(p.message.contains("U+"));
                }
            }
            Err(e) => prop_assert!(false, "unexpected error: {}", e),
        }
    }
}

/// Run `shinchoku build` on `data` into `out`; (success, stderr).
fn build_cli(data: &Path, out: &Path) -> (bool, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--data"])
        .arg(data)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Each case breaks a copy of the data; the build must fail with a message
/// containing every expected fragment and leave the last good PDF as it was.
fn refused(case: &str, expected: &[&str], break_it: impl FnOnce(&Path)) {
    let data = copy_data();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("report.pdf");
    let (ok, err) = build_cli(data.path(), &out);
    assert!(ok, "{case}: first build failed: {err}");
    let good = std::fs::read(&out).unwrap();
    break_it(data.path());
    let (ok, err) = build_cli(data.path(), &out);
    assert!(!ok, "{case}: accepted");
    assert!(err.starts_with("エラー (error): "), "{case}: {err}");
    for e in expected {
        assert!(err.contains(e), "{case}: {e:?} not in:\n{err}");
    }
    assert_eq!(
        std::fs::read(&out).unwrap(),
        good,
        "{case}: previous PDF changed"
    );
    assert_eq!(
        std::fs::read_dir(out_dir.path()).unwrap().count(),
        1,
        "{case}: files left behind"
    );
}

fn edit(data: &Path, file: &str, from: &str, to: &str) {
    let p = data.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(p, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn bad_yaml_of_every_kind_is_refused() {
    refused("alias bomb", &["plan.yaml:", "YAML"], |d| {
        // 10^12 nodes if expanded: refused before any expansion.
        let mut bomb = String::from("[&a0 [x, x, x, x, x, x, x, x, x, x]");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            bomb.push_str(&format!(",\n  &a{i} [{}]", vec![prev; 10].join(", ")));
        }
        bomb.push(']');
        edit(d, "plan.yaml", "city: 本庄市", &format!("city: {bomb}"));
    });
    refused("nesting 100 deep", &["plan.yaml:", "YAML"], |d| {
        let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        edit(d, "plan.yaml", "city: 本庄市", &format!("city: {deep}"));
    });
    refused("50 MB file", &["9.yaml", "大きすぎます"], |d| {
        std::fs::write(d.join("strategies/9.yaml"), vec![b'#'; 50 * 1024 * 1024]).unwrap();
    });
    refused("binary garbage", &["intro.yaml:", "UTF-8"], |d| {
        let garbage: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 | 0x80)
            .collect();
        std::fs::write(d.join("intro.yaml"), garbage).unwrap();
    });
    refused("empty file", &["departments.yaml:1:1", "空です"], |d| {
        std::fs::write(d.join("departments.yaml"), "").unwrap();
    });
    refused("wrong type", &["plan.yaml:", "YAML"], |d| {
        edit(d, "plan.yaml", "fiscal_year: 2024", "fiscal_year: 令和六年");
    });
    refused("unknown key", &["plan.yaml:", "titel"], |d| {
        edit(d, "plan.yaml", "title:", "titel:");
    });
    refused("duplicate key", &["plan.yaml:", "YAML"], |d| {
        edit(d, "plan.yaml", "city: 本庄市", "city: 本庄市\ncity: 本庄市");
    });
}

#[test]
fn data_that_contradicts_itself_is_refused() {
    refused(
        "grade Ｄ",
        &["1.yaml:", "自己評価「Ｄ」", "(grade)"],
        |d| {
            edit(d, "strategies/1.yaml", "grade: \"\"", "grade: Ｄ");
        },
    );
    refused(
        "unknown department",
        &["1.yaml:", "地域福祉科", "(department)"],
        |d| {
            edit(d, "strategies/1.yaml", "[地域福祉課]", "[地域福祉科]");
        },
    );
    refused(
        "dangling 【再掲】",
        &["2.yaml:", "1-1-99", "(relist_missing)"],
        |d| {
            edit(
                d,
                "strategies/2.yaml",
                "relist_of: 1-1-1",
                "relist_of: 1-1-99",
            );
        },
    );
    refused(
        "【再掲】 of a 【再掲】",
        &["2.yaml:", "(relist_chain)"],
        |d| {
            // 2-3-1 re-lists 1-3-1, itself a re-listing of 1-1-6.
            edit(
                d,
                "strategies/2.yaml",
                "relist_of: 1-1-1",
                "relist_of: 1-3-1",
            );
        },
    );
    refused(
        "implausible fiscal year",
        &["plan.yaml:", "範囲外", "(year)"],
        |d| {
            edit(d, "plan.yaml", "fiscal_year: 2024", "fiscal_year: 24");
        },
    );
    refused(
        "missing data folder",
        &["データフォルダが見つかりません"],
        |d| {
            std::fs::remove_dir_all(d).unwrap();
        },
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_unwritable_output_folder_is_refused() {
    // /proc refuses new files even for root.
    let (ok, err) = build_cli(&data_dir(), Path::new("/proc/shinchoku/report.pdf"));
    assert!(!ok);
    assert!(
        err.contains("/proc/shinchoku/report.pdf") && err.contains("書き込めません"),
        "{err}"
    );
}
