//! Starting the next fiscal year: a new data folder with the year moved on,
//! each row's 今後の方針 offered as the new 取組方針, and the results cleared.
//! 今後の方針 is taken as the report printed it: from the plan file or from
//! the results files that import-forms wrote. The previous year's folder is
//! not touched.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::io::yaml;
use crate::model::era::{self, Width};
use crate::model::merge;
use crate::model::{Results, RowKey, Text};
use crate::pipeline::{self, Inputs};

#[derive(Debug)]
pub struct NewYear {
    pub folder: PathBuf,
    pub fiscal_year: i32,
    /// Rows whose 今後の方針 became the new 取組方針.
    pub carried: usize,
    /// Rows in all.
    pub rows: usize,
    /// Where the year that ended was copied to start a plan folder
    /// (`--plan`), if it was.
    pub copied: Option<PathBuf>,
}

/// What starting the next year will do, before anything is written: the
/// new folder and every row whose 取組方針 changes.
#[derive(Debug)]
pub struct Preview {
    pub folder: PathBuf,
    pub fiscal_year: i32,
    pub rows: usize,
    /// Each carried row: its key, the 取組方針 now and the one it becomes.
    pub carried: Vec<(RowKey, String, String)>,
    /// `--plan`: where the year that ended is copied first.
    pub copy_to: Option<PathBuf>,
}

/// Where next year's folder goes: `out` if given; in a plan folder, the
/// next year's folder beside this one (計画/2025 → 計画/2026); with `plan`,
/// that folder's year folder; else a folder beside the data named
/// `<name>-<year>` (data-2025).
fn target(data: &Path, year: i32, out: Option<&Path>, plan: Option<&Path>) -> PathBuf {
    if let Some(o) = out {
        return o.to_path_buf();
    }
    if let Some(p) = plan {
        return p.join(year.to_string());
    }
    if let Some(p) = crate::load::years::plan_of(data) {
        return p.join(year.to_string());
    }
    beside(data, &year.to_string())
}

/// A folder beside the data folder, named after it: data → data-2025
/// (`suffix` 2025). `--data .` is named by the folder it stands for, so
/// the new folder is never inside it.
pub fn beside(data: &Path, suffix: &str) -> PathBuf {
    let named = if data.file_name().is_none() {
        crate::io::absolute(data)
    } else {
        data.to_path_buf()
    };
    let name = named
        .file_name()
        .map_or("data".into(), |n| n.to_string_lossy().into_owned());
    named.with_file_name(format!("{name}-{suffix}"))
}

/// A plan folder read as its latest year.
fn resolved(inputs: &Inputs) -> Result<Inputs> {
    Ok(Inputs {
        data: crate::load::years::resolve(&inputs.data, None)?,
        ..inputs.clone()
    })
}

/// What `new_year` would write, without writing.
pub fn preview(inputs: &Inputs, out: Option<&Path>, plan: Option<&Path>) -> Result<Preview> {
    let inputs = &resolved(inputs)?;
    let d = pipeline::checked(inputs)?;
    let merged = merge::merged(&d);
    let year = d.year() + 1;
    let (folder, copy_to) = destinations(&inputs.data, d.year(), out, plan)?;
    let mut carried = Vec::new();
    let mut rows = 0;
    for (_, key, row) in d.rows() {
        rows += 1;
        if let Some(next) = carried_policy(&merged, &key) {
            carried.push((key, row.policy.value.trim_end().to_string(), next));
        }
    }
    Ok(Preview {
        folder,
        fiscal_year: year,
        rows,
        carried,
        copy_to,
    })
}

/// Write next year's data set from `data` into `out` (default: see
/// [`target`]). With `plan`, a plan folder is started: the year that ended
/// is copied into it unchanged, and the new year written beside it. No
/// folder written may exist yet; the data folder itself is not touched.
pub fn new_year(inputs: &Inputs, out: Option<&Path>, plan: Option<&Path>) -> Result<NewYear> {
    let inputs = &resolved(inputs)?;
    let data = inputs.data.as_path();
    let mut d = pipeline::checked(inputs)?;
    let merged = merge::merged(&d);
    let year = d.year() + 1;
    let (out, copy_to) = destinations(data, d.year(), out, plan)?;

    let (carried, rows) = carry_forward(&mut d, &merged);

    if let Some(copy) = &copy_to {
        write_tree(copy, |tmp| copy_tree(data, tmp))?;
    }
    write_tree(&out, |tmp| write_folder(tmp, &d, year))?;
    Ok(NewYear {
        folder: out,
        fiscal_year: year,
        carried,
        rows,
        copied: copy_to,
    })
}

/// The folders new-year writes (the new year's, and with `plan` where the
/// year that ended is copied), refused when one exists or lies inside the
/// data folder.
fn destinations(
    data: &Path,
    year: i32,
    out: Option<&Path>,
    plan: Option<&Path>,
) -> Result<(PathBuf, Option<PathBuf>)> {
    let folder = target(data, year + 1, out, plan);
    let copy_to = plan.map(|p| p.join(year.to_string()));
    for f in std::iter::once(&folder).chain(&copy_to) {
        if f.exists() {
            return Err(Error::Exists(f.clone()));
        }
        if f.starts_with(data) || crate::io::absolute(f).starts_with(crate::io::absolute(data)) {
            return Err(Error::Output {
                path: f.clone(),
                reason: "データのフォルダの中には新しい年度を作れません。計画のフォルダか、データのフォルダの外を指定してください".into(),
            });
        }
    }
    Ok((folder, copy_to))
}

/// A row's 今後の方針, when it has one: the next year's 取組方針.
fn carried_policy(merged: &HashMap<RowKey, Results<String>>, key: &RowKey) -> Option<String> {
    let next = merged.get(key).map(|m| m.next_policy.clone())?;
    (!next.trim().is_empty()).then_some(next)
}

/// Write a folder in a temporary folder beside `out`, renamed when
/// complete, so a failure leaves nothing half-written.
fn write_tree(out: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(write_err(out))?;
    let tmp = tempfile::Builder::new()
        .prefix(".shinchoku-new-year-")
        .tempdir_in(&parent)
        .map_err(write_err(out))?;
    fill(tmp.path())?;
    let kept = tmp.keep();
    std::fs::rename(&kept, out).map_err(write_err(out))
}

/// A folder copied as it is (the year that ended, into a plan folder).
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    let read = |source| Error::Read {
        path: from.to_path_buf(),
        source,
    };
    for e in std::fs::read_dir(from).map_err(read)? {
        let e = e.map_err(read)?;
        let target = to.join(e.file_name());
        let kind = e.file_type().map_err(read)?;
        if kind.is_dir() {
            std::fs::create_dir(&target).map_err(write_err(&target))?;
            copy_tree(&e.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(e.path(), &target).map_err(write_err(&target))?;
        }
    }
    Ok(())
}

fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Write { path, source }
}

/// The new data folder's files, in `root`: plan.yaml with the year moved
/// on, departments, intro and words as they were, the strategy files
/// rewritten.
fn write_folder(root: &Path, d: &crate::model::Data, year: i32) -> Result<()> {
    std::fs::create_dir(root.join("strategies")).map_err(write_err(root))?;
    let plan = std::fs::read_to_string(&d.plan.file).map_err(|source| Error::Read {
        path: d.plan.file.clone(),
        source,
    })?;
    std::fs::write(root.join("plan.yaml"), next_plan(&plan, year)).map_err(write_err(root))?;
    // words.yaml only when the data has one (the default wording otherwise).
    let words = Some(&d.words.file).filter(|f| f.is_file());
    for f in [&d.departments.file, &d.intro.file]
        .into_iter()
        .chain(words)
    {
        let name = f.file_name().unwrap_or_default();
        std::fs::copy(f, root.join(name)).map_err(write_err(root))?;
    }
    for s in &d.strategies {
        let name = s.file.file_name().unwrap_or_default();
        let text = yaml::strategy(&s.value, &d.words.value);
        std::fs::write(root.join("strategies").join(name), text).map_err(write_err(root))?;
    }
    Ok(())
}

/// Each row's 今後の方針 becomes its 取組方針; all results are cleared, and
/// the indicators' 実績値 of the year that ended.
/// Returns (rows carried, rows in all).
fn carry_forward(
    d: &mut crate::model::Data,
    merged: &HashMap<RowKey, Results<String>>,
) -> (usize, usize) {
    let (mut carried, mut rows) = (0, 0);
    let ended = d.actual_year() == d.plan.value.fiscal_year.value;
    for i in d
        .strategies
        .iter_mut()
        .flat_map(|s| &mut s.value.indicators)
    {
        if ended && i.own_year("actual").is_none() {
            i.actual = None;
        }
    }
    for s in &mut d.strategies {
        let sn = s.value.number.value;
        for m in &mut s.value.measures {
            let mn = m.number.value;
            // A link names the year before the one that ended: next year
            // continues this year's numbers.
            m.initiatives.iter_mut().for_each(|i| i.previously = None);
            for i in m.initiatives.iter_mut().filter(|i| !i.is_relist()) {
                let id = crate::model::InitiativeId::new(sn, mn, i.number.value);
                let keys: Vec<RowKey> = i.keyed_rows(id).map(|(k, _)| k).collect();
                for (key, r) in keys.iter().zip(i.rows.iter_mut().flatten()) {
                    rows += 1;
                    if let Some(next) = carried_policy(merged, key) {
                        r.policy = Text::new(next, r.policy.referenced, r.policy.defined);
                        carried += 1;
                    }
                    r.results = Results::default();
                }
            }
        }
    }
    (carried, rows)
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
                out.push_str(&moved_on(comment, year));
            }
        } else if line.starts_with("date:") {
            continue;
        } else if line.trim_start().starts_with('#') || line.starts_with("sheet_title:") {
            // Comments that describe the fiscal year's labels.
            out.push_str(&comment_moved_on(line, year));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// A line with the year that ended, in its comment, written as the new
/// year (令和6年度 → 令和7年度, in the same digit width); the value itself is
/// left as it is.
fn comment_moved_on(line: &str, year: i32) -> String {
    // A comment: `#` at the start or after a space, with no quote before it.
    let at = line
        .char_indices()
        .find(|&(i, c)| c == '#' && (i == 0 || line[..i].ends_with([' ', '\t'])))
        .map(|(i, _)| i)
        .filter(|&i| !line[..i].contains(['"', '\'']));
    match at {
        Some(i) => format!("{}{}", &line[..i], moved_on(&line[i..], year)),
        None => line.to_string(),
    }
}

fn moved_on(comment: &str, year: i32) -> String {
    let mut s = comment.to_string();
    for width in [Width::Half, Width::Full, Width::Mixed] {
        if let (Some(old), Some(new)) = (era::nendo(year - 1, width), era::nendo(year, width)) {
            s = s.replace(&old, &new);
        }
    }
    s.replace(&format!("{}年度", year - 1), &format!("{year}年度"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plans_comments_follow_the_year() {
        let plan = "# 年度の表記（令和６年度の取組方針、令和6年度実施結果 など）\nsheet_title: 進捗管理シート   # 後ろに（令和6年度）が付きます\nfiscal_year: 2024               # 対象年度（西暦）→ 令和6年度\ntitle: \"令和6年度 # そのまま\"\ndate: 2025-06-30\n";
        let next = next_plan(plan, 2025);
        assert_eq!(
            next,
            "# 年度の表記（令和７年度の取組方針、令和7年度実施結果 など）\nsheet_title: 進捗管理シート   # 後ろに（令和7年度）が付きます\nfiscal_year: 2025    # 対象年度（西暦）→ 令和7年度\ntitle: \"令和6年度 # そのまま\"\n"
        );
    }
}
