//! Honest outputs: what a command writes is what was asked for, where it was
//! asked for, and nothing else. An output never replaces an input or a
//! device; killed runs leave nothing that lasts; options are honoured or
//! refused, never ignored.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::*;
use shinchoku::error::Error;
use shinchoku::pipeline::{self, Format, Options};
use shinchoku::typeset::Standard;
use shinchoku::view::Selection;

fn cli(args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn an_output_never_replaces_an_input_or_a_device() {
    let data = copy_data();
    let d = data.path();
    let plan = std::fs::read(d.join("plan.yaml")).unwrap();
    let err = pipeline::build(
        &inputs(d),
        &shinchoku::pipeline::Options::default(),
        &d.join("plan.yaml"),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Output { .. }), "{err}");
    assert!(
        pipeline::build(
            &inputs(d),
            &shinchoku::pipeline::Options::default(),
            &d.join("strategies/4.yaml")
        )
        .is_err()
    );
    assert_eq!(std::fs::read(d.join("plan.yaml")).unwrap(), plan);
    let layouts = tempfile::tempdir().unwrap();
    copy_dir(&layouts_dir(), layouts.path());
    let mut with_layouts = inputs(d);
    with_layouts.layouts = Some(layouts.path().to_path_buf());
    let style = layouts.path().join("report.typ");
    let before = std::fs::read(&style).unwrap();
    assert!(
        pipeline::build(
            &with_layouts,
            &shinchoku::pipeline::Options::default(),
            &style
        )
        .is_err()
    );
    assert_eq!(std::fs::read(&style).unwrap(), before);
    #[cfg(unix)]
    {
        let err = pipeline::build(
            &inputs(d),
            &shinchoku::pipeline::Options::default(),
            Path::new("/dev/null"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("普通のファイルではない"), "{err}");
        assert!(
            Path::new("/dev/null")
                .metadata()
                .unwrap()
                .file_type()
                .is_char_device_like()
        );
    }
    // A PDF beside the data is fine: it is not read.
    pipeline::build(
        &inputs(d),
        &shinchoku::pipeline::Options::default(),
        &d.join("report.pdf"),
    )
    .unwrap();
}

trait CharDevice {
    fn is_char_device_like(&self) -> bool;
}

#[cfg(unix)]
impl CharDevice for std::fs::FileType {
    fn is_char_device_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_char_device()
    }
}

#[cfg(target_os = "linux")]
#[test]
fn temporary_files_of_killed_runs_are_removed_by_the_next() {
    let out = tempfile::tempdir().unwrap();
    // No process has this number; process 1 always exists.
    let dead = out.path().join(".shinchoku-4000000000-abc.tmp");
    let alive = out.path().join(".shinchoku-1-abc.tmp");
    std::fs::write(&dead, vec![0u8; 1000]).unwrap();
    std::fs::write(&alive, b"another run").unwrap();
    pipeline::build(
        &inputs(&data_dir()),
        &shinchoku::pipeline::Options::default(),
        &out.path().join("report.pdf"),
    )
    .unwrap();
    assert!(!dead.exists(), "stale temporary file kept");
    assert!(alive.exists(), "a running build's file removed");
}

#[test]
fn page_images_of_a_longer_build_are_removed() {
    let out = tempfile::tempdir().unwrap();
    let stale = out.path().join("p-99.png");
    let other = out.path().join("p-notes.png");
    std::fs::write(&stale, b"old").unwrap();
    std::fs::write(&other, b"mine").unwrap();
    let options = Options {
        format: Format::Png,
        ..Options::default()
    };
    let filled = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filled");
    let built = pipeline::build(&inputs(&filled), &options, &out.path().join("p.png")).unwrap();
    assert!(
        out.path()
            .join(format!("p-{:02}.png", built.pages))
            .exists()
    );
    assert!(!stale.exists(), "p-99.png of an earlier build kept");
    assert!(other.exists(), "a file that is not a page image removed");
}

#[test]
fn pdf_a_keeps_pdf_ua_unless_turned_off() {
    let out = tempfile::tempdir().unwrap();
    let filled = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filled");
    let claims = |options: &Options| {
        let p = out.path().join("s.pdf");
        pipeline::build(&inputs(&filled), options, &p).unwrap();
        let bytes = std::fs::read(&p).unwrap();
        let has = |s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
        (has("pdfuaid:part"), has("pdfaid:part"))
    };
    let a2b = Options {
        standards: vec![Standard::A2b],
        ..Options::default()
    };
    assert_eq!(claims(&a2b), (true, true));
    let only_a = Options { no_ua: true, ..a2b };
    assert_eq!(claims(&only_a), (false, true));
}

#[test]
fn options_are_honoured_or_refused() {
    let subset = Options {
        summary: true,
        selection: Selection {
            strategies: vec![1],
            ..Selection::default()
        },
        ..Options::default()
    };
    let out = tempfile::tempdir().unwrap();
    let err =
        pipeline::build(&inputs(&data_dir()), &subset, &out.path().join("r.pdf")).unwrap_err();
    assert!(matches!(err, Error::Usage(_)), "{err}");
    // --summary in the web version: the table is there.
    let html = Options {
        summary: true,
        format: Format::Html,
        ..Options::default()
    };
    let filled = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filled");
    let page = out.path().join("r.html");
    pipeline::build(&inputs(&filled), &html, &page).unwrap();
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("自己評価の集計")
    );
    // A department that is not in the list is named, and nothing is written.
    let odd = Options {
        selection: Selection {
            departments: vec!["../../x".into()],
            ..Selection::default()
        },
        ..Options::default()
    };
    let err = pipeline::build(&inputs(&data_dir()), &odd, &out.path().join("o.pdf")).unwrap_err();
    assert!(
        err.to_string().contains("../../x") && matches!(err, Error::Usage(_)),
        "{err}"
    );
}

#[test]
fn exit_codes_say_what_kind_of_failure() {
    let (code, err) = cli(&["build", "--no-such-option"]);
    assert_eq!(code, 2, "{err}");
    let (code, err) = cli(&[
        "build",
        "--summary",
        "--strategy",
        "1",
        "-o",
        "/tmp/shinchoku-never.pdf",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--summary"), "{err}");
    let (code, err) = cli(&["check", "--data", "no-such-folder"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("データフォルダが見つかりません"), "{err}");
    let data = data_dir().display().to_string();
    let (code, err) = cli(&["diff", "--fonts", "fonts", &data, &data]);
    assert_eq!(code, 0, "{err}");
}

/// Options that do not go together are refused before any data is read:
/// `watch` stops at once (it used to loop on the error), even when the data
/// folder does not exist.
#[test]
fn a_bad_combination_is_refused_before_the_data_is_read() {
    for command in ["build", "watch"] {
        let start = std::time::Instant::now();
        let (code, err) = cli(&[
            command,
            "--data",
            "no-such-folder",
            "--summary",
            "--strategy",
            "1",
        ]);
        assert_eq!(code, 2, "{command}: {err}");
        assert!(err.contains("報告書全体のときだけ"), "{command}: {err}");
        assert!(
            !err.contains("データフォルダ"),
            "{command} read the data: {err}"
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
    }
}

#[test]
fn watch_sees_every_save_and_never_its_own_output() {
    let data = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filled"),
        data.path(),
    );
    // The output inside the watched data folder.
    let out = data.path().join("report.pdf");
    let mut w = shinchoku::watch::Source::new(inputs(data.path()), Some(out.clone()));
    let mut session = shinchoku::pipeline::Session::new(inputs(data.path()));
    session.write(&Options::default(), &out).unwrap();
    session.write(&Options::default(), &out).unwrap();
    assert!(!w.changed(), "writing the output counted as a save");
    // A save that keeps the size and the time stamp.
    let file = data.path().join("strategies/1.yaml");
    let meta = std::fs::metadata(&file).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("架空の講座", "架空の教室", 1)).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(meta.modified().unwrap())
        .unwrap();
    assert_eq!(std::fs::metadata(&file).unwrap().len(), meta.len());
    assert!(w.changed(), "a same-size, same-time save was missed");
    // Other formats are written as asked.
    let html = data.path().join("w.html");
    let options = Options {
        format: Format::Html,
        ..Options::default()
    };
    session.write(&options, &html).unwrap();
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}
