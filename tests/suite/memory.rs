//! No single value can make a build take much more memory than the real
//! report does: the worst text the checks accept (a whole cell of characters
//! each carrying the most combining marks allowed) is measured against the
//! shipped data, each build in its own process (peak resident memory from
//! the kernel, `ru_maxrss`).

#![cfg(target_os = "linux")]
// wait4 is the one way to read a child's peak memory.
#![allow(unsafe_code)]

use crate::common;

use std::path::Path;
use std::process::Command;

use common::*;

/// Peak resident memory of `shinchoku build` on `data`, in KB. The child
/// is reaped by `wait4` itself, which also reports its peak.
#[allow(clippy::zombie_processes)]
fn peak_kb(data: &Path) -> i64 {
    let out = tempfile::tempdir().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--data"])
        .arg(data)
        .arg("-o")
        .arg(out.path().join("r.pdf"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: a plain rusage struct filled in by the kernel for our child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "build failed"
    );
    usage.ru_maxrss
}

#[test]
fn the_worst_accepted_value_stays_within_twice_the_normal_peak() {
    let normal = peak_kb(&data_dir());
    let data = copy_data();
    let file = data.path().join("strategies/1.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let marks = shinchoku::check::MAX_TEXT_CHARS / 7;
    let worst = format!("あ{}", "\u{309A}".repeat(6)).repeat(marks);
    let yaml = text.replacen(
        "policy: |\n              重層的支援体制整備事業への移行準備事業を実施することにより福祉行政を推進します。",
        &format!("policy: \"{worst}\""),
        1,
    );
    assert_ne!(yaml, text);
    std::fs::write(&file, yaml).unwrap();
    let peak = peak_kb(data.path());
    println!("peak memory: shipped data {normal} KB, worst accepted value {peak} KB");
    assert!(peak <= 2 * normal, "{peak} KB against {normal} KB");
}
