//! What users see, held still: the bytes of the default report, the blank
//! form, the summary, a committee print and the filled fixture, as hashes.
//! A change here must be one that was meant (a refactoring must not move a
//! byte); after an intended layout change, review the PDFs and accept with
//! `INSTA_UPDATE=always cargo test --release --test snapshots_of_output`.

use crate::common;

use std::path::Path;

use common::*;
use shinchoku::model::InitiativeId;
use shinchoku::pipeline::{self, Options};
use shinchoku::view::Selection;

/// FNV-1a, 64 bits: stable across machines and Rust versions.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn line(name: &str, data: &Path, options: Options) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    let built = pipeline::build(&inputs(data), &options, &out).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    format!("{name}: {} pages, {:016x}\n", built.pages, fnv(&bytes))
}

#[test]
fn the_outputs_users_see_are_unchanged() {
    let filled = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filled");
    let data = data_dir();
    let mut all = String::new();
    all += &line("report", &data, Options::default());
    all += &line(
        "form",
        &data,
        Options {
            form: true,
            ..Options::default()
        },
    );
    all += &line(
        "summary",
        &data,
        Options {
            summary: true,
            ..Options::default()
        },
    );
    let committee = Selection {
        strategies: vec![2],
        initiatives: vec![InitiativeId::new(1, 2, 1)],
        ..Selection::default()
    };
    all += &line(
        "committee",
        &data,
        Options {
            selection: committee,
            ..Options::default()
        },
    );
    let department = Selection {
        departments: vec!["障害福祉課".into()],
        ..Selection::default()
    };
    all += &line(
        "department",
        &data,
        Options {
            selection: department,
            ..Options::default()
        },
    );
    all += &line("filled", &filled, Options::default());
    all += &line(
        "filled form",
        &filled,
        Options {
            form: true,
            ..Options::default()
        },
    );
    insta::assert_snapshot!("output_hashes", all);
}
