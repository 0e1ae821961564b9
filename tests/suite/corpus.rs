//! The robustness corpus: inputs that once got past one command but not
//! another. For each, `check` and `build` (PDF and PNG) agree: both refuse,
//! naming a data file, its line and the item, in Japanese, and never only a
//! layout file; the previous output is left as it was. Inputs that look odd
//! but are fine are accepted by all of them.

use crate::common;

use std::path::Path;

use common::*;
use shinchoku::pipeline::{self, Format, Options};

fn edit(data: &Path, file: &str, from: &str, to: &str) {
    let p = data.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(p, text.replacen(from, to, 1)).unwrap();
}

/// A results file for 地域福祉課 with one row.
fn results_file(data: &Path, results: &str) {
    let dir = data.join("results/2024");
    std::fs::create_dir_all(&dir).unwrap();
    let yaml = format!(
        "department: 地域福祉課\nfiscal_year: 2024\nrows:\n  - key: 1-1-1:地域福祉課\n    results: {results}\n"
    );
    std::fs::write(dir.join("地域福祉課.yaml"), yaml).unwrap();
}

/// `check`, `build` and `build --format png` on the same data: all refuse
/// with the expected fragments, or all accept.
fn agree(case: &str, expected: Option<&[&str]>, data: &Path) {
    let out_dir = tempfile::tempdir().unwrap();
    let pdf = out_dir.path().join("report.pdf");
    std::fs::write(&pdf, b"previous").unwrap();
    let check = pipeline::check(&inputs(data));
    let build = pipeline::build(
        &inputs(data),
        &shinchoku::pipeline::Options::default(),
        &pdf,
    );
    let png = Options {
        format: Format::Png,
        ..Options::default()
    };
    let pngs = pipeline::build(&inputs(data), &png, &out_dir.path().join("p.png"));
    match expected {
        Some(fragments) => {
            for (what, r) in [
                ("check", check.err()),
                ("build", build.err()),
                ("png", pngs.err()),
            ] {
                let msg = r
                    .unwrap_or_else(|| panic!("{case}: {what} accepted"))
                    .to_string();
                for f in fragments {
                    assert!(msg.contains(f), "{case}: {what}: {f:?} not in\n{msg}");
                }
                assert!(
                    !msg.contains("report.typ"),
                    "{case}: {what} names a layout file:\n{msg}"
                );
                assert!(!msg.contains('\u{1b}'), "{case}: raw escape in the message");
                assert!(msg.len() < 4000, "{case}: {} bytes of message", msg.len());
            }
            assert_eq!(
                std::fs::read(&pdf).unwrap(),
                b"previous",
                "{case}: output replaced"
            );
        }
        None => {
            check.unwrap_or_else(|e| panic!("{case}: check refused: {e}"));
            build.unwrap_or_else(|e| panic!("{case}: build refused: {e}"));
            pngs.unwrap_or_else(|e| panic!("{case}: png refused: {e}"));
        }
    }
}

fn case(name: &str, expected: Option<&[&str]>, break_it: impl FnOnce(&Path)) {
    let data = copy_data();
    break_it(data.path());
    agree(name, expected, data.path());
}

#[test]
fn characters_the_fonts_lack_are_refused_everywhere() {
    case(
        "emoji in a policy",
        Some(&["1.yaml:", "U+1F600", "(glyph)", "基本戦略1（１）①"]),
        |d| {
            edit(
                d,
                "strategies/1.yaml",
                "福祉行政を推進します。",
                "福祉行政を推進します😀",
            );
        },
    );
    case(
        "𠮷 in a results file",
        Some(&["地域福祉課.yaml:", "U+20BB7", "(glyph)"]),
        |d| results_file(d, "𠮷野家"),
    );
    case(
        "U+2011 in intro",
        Some(&["intro.yaml:", "U+2011", "(glyph)"]),
        |d| {
            edit(d, "intro.yaml", "PDCA サイクル", "PDCA\u{2011}サイクル");
        },
    );
}

#[test]
fn control_characters_are_refused_as_data_not_as_a_layout_error() {
    case(
        "bell in a title",
        Some(&["1.yaml:", "U+0007", "(control)"]),
        |d| {
            edit(
                d,
                "strategies/1.yaml",
                "title: 市民の生活を支える仕組みづくり",
                "title: \"市民の\\a生活\"",
            );
        },
    );
    case(
        "right-to-left override",
        Some(&["2.yaml:", "U+202E", "(control)"]),
        |d| {
            edit(
                d,
                "strategies/2.yaml",
                "title: 地域におけるつながりの強化",
                "title: \"\\u202E地域におけるつながりの強化\"",
            );
        },
    );
    case(
        "escape sequence in a department",
        Some(&["departments.yaml:", "U+001B"]),
        |d| {
            edit(
                d,
                "departments.yaml",
                "  - 都市計画課",
                "  - 都市計画課\n  - \"地域\\e[31m課\"",
            );
        },
    );
}

#[test]
fn structure_that_build_cannot_use_is_refused() {
    case(
        "no strategy file",
        Some(&["strategies", "(no_strategies)"]),
        |d| {
            for f in ["1.yaml", "2.yaml", "3.yaml"] {
                std::fs::remove_file(d.join("strategies").join(f)).unwrap();
            }
        },
    );
    case(
        "a copied strategy file",
        Some(&["1 - コピー.yaml:", "strategies/1.yaml", "(strategy_twice)"]),
        |d| {
            std::fs::copy(
                d.join("strategies/1.yaml"),
                d.join("strategies/1 - コピー.yaml"),
            )
            .unwrap();
        },
    );
    case(
        "one department twice in a row",
        Some(&["1.yaml:", "(row_twice)"]),
        |d| {
            edit(
                d,
                "strategies/1.yaml",
                "[地域福祉課]",
                "[地域福祉課, 地域福祉課]",
            );
        },
    );
}

#[test]
fn department_names_that_would_be_paths_are_refused() {
    for (name, bad) in [
        ("../../plan", "../../plan"),
        ("課/係", "課/係"),
        ("C:課", "C:課"),
        ("CON", "CON"),
        ("課.", "課."),
    ] {
        case(
            &format!("department {name}"),
            Some(&["departments.yaml:", bad, "(department_name)"]),
            |d| {
                edit(
                    d,
                    "departments.yaml",
                    "  - 都市計画課",
                    &format!("  - 都市計画課\n  - \"{name}\""),
                );
            },
        );
    }
}

#[test]
fn implausible_text_is_refused_with_its_limit() {
    case(
        "seven combining marks",
        Some(&["1.yaml:", "結合文字", "(text_limit)"]),
        |d| {
            let marks = format!("あ{}", "\u{309A}".repeat(7));
            edit(
                d,
                "strategies/1.yaml",
                "福祉行政を推進します。",
                &format!("福祉行政を推進します。{marks}"),
            );
        },
    );
    case(
        "40,000 characters",
        Some(&["1.yaml:", "文字あります", "32767 文字", "(text_limit)"]),
        |d| {
            edit(
                d,
                "strategies/1.yaml",
                "福祉行政を推進します。",
                &"長".repeat(40_000),
            );
        },
    );
}

#[test]
fn yaml_mistakes_are_explained_in_japanese() {
    case(
        "empty city",
        Some(&["plan.yaml:", "値が空です"]),
        |d| {
            edit(d, "plan.yaml", "city: 本庄市", "city:");
        },
    );
    case(
        "misspelt key",
        Some(&["plan.yaml:", "「titel」は使えません", "title"]),
        |d| {
            edit(d, "plan.yaml", "title:", "titel:");
        },
    );
    case(
        "missing key",
        Some(&["plan.yaml:", "「city」がありません"]),
        |d| {
            edit(d, "plan.yaml", "city: 本庄市", "");
        },
    );
    case("a 3 MB line", Some(&["1.yaml:", "YAML"]), |d| {
        edit(
            d,
            "strategies/1.yaml",
            "title: 市民の生活",
            &format!("title: [{}", "あ".repeat(1_000_000)),
        );
    });
}

#[test]
fn odd_but_fine_input_is_accepted_by_every_command() {
    case("tabs and CR in a policy", None, |d| {
        edit(
            d,
            "strategies/1.yaml",
            "福祉行政を推進します。",
            "福祉行政を\\t推進\\r\\nします。",
        );
    });
    case("six combining marks", None, |d| {
        let marks = format!("あ{}", "\u{309A}".repeat(6));
        edit(
            d,
            "strategies/1.yaml",
            "福祉行政を推進します。",
            &format!("福祉行政を推進します。{marks}"),
        );
    });
    case("an editor's lock link and backups", None, |d| {
        #[cfg(unix)]
        std::os::unix::fs::symlink("user@host.1234", d.join("strategies/.#1.yaml")).unwrap();
        std::fs::write(d.join("strategies/1.yaml~"), "壊れた: [").unwrap();
    });
}

#[test]
fn a_strategy_file_in_capitals_is_read() {
    let data = copy_data();
    let d = data.path();
    let text = std::fs::read_to_string(d.join("strategies/3.yaml")).unwrap();
    std::fs::write(
        d.join("strategies/4.YAML"),
        text.replacen("number: 3", "number: 4", 1),
    )
    .unwrap();
    let compiled = pipeline::compile(&inputs(d), &shinchoku::pipeline::Options::default()).unwrap();
    assert!(
        text_of(&compiled).contains("基本戦略 ４"),
        "4.YAML not read"
    );
}

#[cfg(unix)]
#[test]
fn pipes_and_devices_are_not_read() {
    for (name, make) in [
        (
            "a named pipe",
            Box::new(|p: &Path| {
                std::process::Command::new("mkfifo")
                    .arg(p)
                    .status()
                    .unwrap();
            }) as Box<dyn Fn(&Path)>,
        ),
        (
            "a link to /dev/zero",
            Box::new(|p: &Path| std::os::unix::fs::symlink("/dev/zero", p).unwrap()),
        ),
    ] {
        let data = copy_data();
        make(&data.path().join("strategies/4.yaml"));
        let start = std::time::Instant::now();
        let err = pipeline::check(&inputs(data.path()))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("4.yaml") && err.contains("普通のファイルではない"),
            "{name}: {err}"
        );
        assert!(
            start.elapsed().as_secs() < 10,
            "{name}: took {:?}",
            start.elapsed()
        );
    }
}
