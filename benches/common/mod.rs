//! Shared by the benches: the default inputs and a synthetic plan ten times
//! larger than the real one.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use shinchoku::pipeline::Inputs;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn inputs(data: &Path) -> Inputs {
    Inputs {
        data: data.to_path_buf(),
        layouts: Some(root().join("layouts")),
        fonts: None,
    }
}

/// The real plan copied `times` times over (strategies 1–3, 4–6, …), with
/// 【再掲】 references moved along: ≈ 71 × `times` initiatives.
pub fn scaled_plan(times: u32) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("strategies")).unwrap();
    for f in ["plan.yaml", "departments.yaml", "intro.yaml"] {
        std::fs::copy(root().join("data").join(f), data.join(f)).unwrap();
    }
    for k in 0..times {
        for n in 1..=3u32 {
            let text =
                std::fs::read_to_string(root().join(format!("data/strategies/{n}.yaml"))).unwrap();
            let shift = |s: u32| s + 3 * k;
            let mut out = String::new();
            for line in text.lines() {
                if line.starts_with("number: ") {
                    out.push_str(&format!("number: {}", shift(n)));
                } else if let Some((head, id)) = line.split_once("relist_of: ") {
                    let (s, rest) = id.split_once('-').unwrap();
                    out.push_str(&format!(
                        "{head}relist_of: {}-{rest}",
                        shift(s.parse().unwrap())
                    ));
                } else {
                    out.push_str(line);
                }
                out.push('\n');
            }
            std::fs::write(data.join(format!("strategies/{:03}.yaml", shift(n))), out).unwrap();
        }
    }
    (dir, data)
}

/// The shipped data as a plan folder of `years` years (2024 as shipped,
/// each later year made by new-year), every row graded in every year but
/// the first (a mix of Ａ・Ｂ・Ｃ and none), and an 実績値 per indicator.
pub fn plan_of_years(years: i32) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("計画");
    copy(&root().join("data"), &plan.join("2024"));
    for y in 2025..2024 + years {
        shinchoku::services::new_year::new_year(&inputs(&plan), None, None).unwrap();
        let folder = plan.join(y.to_string());
        for n in 1..=3 {
            let f = folder.join(format!("strategies/{n}.yaml"));
            let text = std::fs::read_to_string(&f).unwrap();
            let mut k = y as usize;
            let mut out = String::new();
            for line in text.split_inclusive('\n') {
                if line.trim() == "grade: \"\"" {
                    k += 7;
                    let g = ["Ａ", "Ｂ", "Ｃ", "\"\"", "Ｂ"][k % 5];
                    out.push_str(&line.replace("\"\"", g));
                } else if let Some(v) = line.strip_prefix("    current: ") {
                    out.push_str(line);
                    out.push_str(&format!("    actual: {v}"));
                } else {
                    out.push_str(line);
                }
            }
            std::fs::write(&f, out).unwrap();
        }
    }
    (dir, plan)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Peak resident memory of this process so far, in MB (Linux).
pub fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}
