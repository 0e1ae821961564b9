//! Starting the next fiscal year: a new data folder with the year moved on,
//! each row's 今後の方針 offered as the new 取組方針, and the results cleared.
//! The previous year's folder is not touched.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::{load, yaml_out};

#[derive(Debug)]
pub struct NewYear {
    pub folder: PathBuf,
    pub fiscal_year: i32,
    /// Rows whose 今後の方針 became the new 取組方針.
    pub carried: usize,
    /// Rows in all.
    pub rows: usize,
}

/// Write next year's data set from `data` into `out` (default: a folder
/// beside it named `<name>-<year>`, e.g. data-2025). `out` must not exist.
pub fn new_year(data: &Path, out: Option<&Path>) -> Result<NewYear> {
    let mut d = load::load(data)?;
    crate::check_data(&d)?;
    let year = d.plan.value.fiscal_year.value + 1;
    let out = match out {
        Some(o) => o.to_path_buf(),
        None => {
            let name = data
                .file_name()
                .map_or("data".into(), |n| n.to_string_lossy().into_owned());
            data.with_file_name(format!("{name}-{year}"))
        }
    };
    if out.exists() {
        return Err(Error::Exists(out));
    }

    let (mut carried, mut rows) = (0, 0);
    for s in &mut d.strategies {
        for r in s
            .value
            .measures
            .iter_mut()
            .flat_map(|m| &mut m.initiatives)
            .flat_map(|i| i.rows.iter_mut().flatten())
        {
            rows += 1;
            if let Some(next) = r.next_policy.take().filter(|n| !n.value.trim().is_empty()) {
                r.policy = next;
                carried += 1;
            }
            for f in [&mut r.actions, &mut r.results, &mut r.grade] {
                *f = None;
            }
        }
    }

    // Written in a temporary folder beside `out`, renamed when complete.
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let tmp = tempfile::Builder::new()
        .prefix(".shinchoku-new-year-")
        .tempdir_in(&parent)
        .map_err(write_err(&out))?;
    let root = tmp.path();
    std::fs::create_dir(root.join("strategies")).map_err(write_err(root))?;
    let plan = std::fs::read_to_string(&d.plan.file).map_err(|source| Error::Read {
        path: d.plan.file.clone(),
        source,
    })?;
    std::fs::write(root.join("plan.yaml"), next_plan(&plan, year)).map_err(write_err(root))?;
    for f in [&d.departments.file, &d.intro.file] {
        let name = f.file_name().unwrap_or_default();
        std::fs::copy(f, root.join(name)).map_err(write_err(root))?;
    }
    for s in &d.strategies {
        let name = s.file.file_name().unwrap_or_default();
        std::fs::write(
            root.join("strategies").join(name),
            yaml_out::strategy(&s.value),
        )
        .map_err(write_err(root))?;
    }
    let kept = tmp.keep();
    std::fs::rename(&kept, &out).map_err(write_err(&out))?;
    Ok(NewYear {
        folder: out,
        fiscal_year: year,
        carried,
        rows,
    })
}

/// plan.yaml with the fiscal year moved on (its comment kept) and the old
/// publication date removed.
fn next_plan(plan: &str, year: i32) -> String {
    let mut out = String::new();
    for line in plan.lines() {
        if let Some(rest) = line.strip_prefix("fiscal_year:") {
            let comment = rest.find('#').map_or("", |i| &rest[i..]);
            out.push_str(&format!("fiscal_year: {year}"));
            if !comment.is_empty() {
                out.push_str("    ");
                out.push_str(comment);
            }
        } else if line.starts_with("date:") {
            continue;
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}
