//! Our whole run against the Typst CLI on the same generated markup, as
//! separate processes, alternating A B A B so that machine noise hits both.
//! Needs the Typst CLI 0.15.1: set TYPST_CLI to its path (default: `typst`
//! on PATH); without it this bench only says so.
//! Run: `cargo bench --bench versus_cli`.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn time(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    start.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let typst = std::env::var("TYPST_CLI").unwrap_or_else(|_| "typst".into());
    if Command::new(&typst).arg("--version").output().is_err() {
        println!("versus_cli: no Typst CLI at {typst:?} (set TYPST_CLI); skipped");
        return;
    }
    let root = common::root();
    let ours = Path::new(env!("CARGO_BIN_EXE_shinchoku"));
    let dir = tempfile::tempdir().unwrap();
    // The same markup and layouts for the CLI: generated once by us.
    let project = dir.path().join("project");
    std::fs::create_dir(&project).unwrap();
    std::fs::copy(root.join("layouts/report.typ"), project.join("report.typ")).unwrap();
    let status = Command::new(ours)
        .current_dir(root)
        .args(["typ", "-o"])
        .arg(project.join("shinchoku-main.typ"))
        .status()
        .unwrap();
    assert!(status.success());

    let rounds = 15;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        a.push(time(
            Command::new(ours)
                .current_dir(root)
                .args(["build", "-o"])
                .arg(dir.path().join("ours.pdf")),
        ));
        b.push(time(
            Command::new(&typst)
                .args([
                    "compile",
                    "--features",
                    "a11y-extras",
                    "--ignore-system-fonts",
                    "--pdf-standard",
                    "ua-1",
                    "--font-path",
                ])
                .arg(root.join("fonts"))
                .arg("--root")
                .arg(&project)
                .arg(project.join("shinchoku-main.typ"))
                .arg(dir.path().join("cli.pdf")),
        ));
    }
    let (a, b) = (median(a), median(b));
    println!("versus_cli ({rounds} rounds, A B A B, medians):");
    println!(
        "  shinchoku build (whole run)     {:>7.0} ms",
        a.as_secs_f64() * 1e3
    );
    println!(
        "  typst compile (same markup)     {:>7.0} ms",
        b.as_secs_f64() * 1e3
    );
    println!(
        "  ratio                           {:>7.2}",
        a.as_secs_f64() / b.as_secs_f64()
    );
}
