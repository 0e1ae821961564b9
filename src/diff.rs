//! What changed between two data sets, item by item and field by field, so
//! a correction can be reviewed before the committee; and the same changes
//! marked on the sheets (`build --mark-changes OLD`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};
use crate::view::{InitiativeView, RowView, View};

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// In the document's words: 基本戦略1（１）③ 障害福祉課.
    pub item: String,
    /// 取組方針, 自己評価, …; 「追加」/「削除」 for whole items.
    pub field: String,
    pub before: String,
    pub after: String,
}

type RowField = fn(&RowView) -> &String;
type InitiativeField = fn(&InitiativeView) -> String;

/// Row fields as (name, template key, accessor), in the sheet's column order.
const ROW_FIELDS: [(&str, &str, RowField); 5] = [
    ("取組方針", "policy", |r| &r.policy),
    ("具体的な取組内容", "actions", |r| &r.actions),
    ("成果", "results", |r| &r.results),
    ("自己評価", "grade", |r| &r.grade),
    ("今後の方針", "next_policy", |r| &r.next_policy),
];

const INITIATIVE_FIELDS: [(&str, &str, InitiativeField); 3] = [
    ("取組名称", "name", |i| i.name.clone()),
    ("概要", "overview", |i| i.overview.clone()),
    ("備考", "note", |i| i.note.clone().unwrap_or_default()),
];

fn initiatives(v: &View) -> Vec<(String, &InitiativeView)> {
    let mut out = Vec::new();
    for s in &v.strategies {
        for m in &s.measures {
            for i in &m.initiatives {
                out.push((format!("基本戦略{}{}{}", s.number, m.mark, i.mark), i));
            }
        }
    }
    out
}

fn row_label(r: &RowView) -> String {
    r.key
        .split_once(':')
        .map_or(r.key.clone(), |(_, l)| l.to_string())
}

/// Every changed field from `old` to `new`. 【再掲】 sheets repeat their
/// original's rows, so their rows are compared once, at the original.
pub fn diff(old: &View, new: &View) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut push = |item: &str, field: &str, before: &str, after: &str| {
        if before != after {
            changes.push(Change {
                item: item.to_string(),
                field: field.to_string(),
                before: before.to_string(),
                after: after.to_string(),
            });
        }
    };
    push("計画", "計画名", &old.plan.title, &new.plan.title);
    push("計画", "年度", &old.years.results, &new.years.results);

    let old_s: HashMap<u32, _> = old.strategies.iter().map(|s| (s.number, s)).collect();
    for s in &new.strategies {
        let item = format!("基本戦略{}", s.number);
        let Some(o) = old_s.get(&s.number) else {
            push(&item, "追加", "", &s.title);
            continue;
        };
        push(&item, "名称", &o.title, &s.title);
        push(&item, "説明", &o.description, &s.description);
        let ind = |v: &crate::view::StrategyView| {
            v.indicators
                .iter()
                .map(|i| format!("{}：{} → {}", i.name, i.current, i.target))
                .collect::<Vec<_>>()
                .join("\n")
        };
        push(&item, "成果指標", &ind(o), &ind(s));
        let old_m: HashMap<&str, _> = o.measures.iter().map(|m| (m.id.as_str(), m)).collect();
        for m in &s.measures {
            let mitem = format!("{item}{}", m.mark);
            match old_m.get(m.id.as_str()) {
                Some(om) => {
                    push(&mitem, "名称", &om.title, &m.title);
                    push(&mitem, "説明", &om.background, &m.background);
                }
                None => push(&mitem, "追加", "", &m.title),
            }
        }
    }
    for s in &old.strategies {
        if !new.strategies.iter().any(|n| n.number == s.number) {
            push(&format!("基本戦略{}", s.number), "削除", &s.title, "");
        }
    }

    let old_i: HashMap<&str, (String, &InitiativeView)> = initiatives(old)
        .into_iter()
        .map(|(item, i)| (i.id.as_str(), (item, i)))
        .collect();
    let new_i = initiatives(new);
    for (item, i) in &new_i {
        let Some((_, o)) = old_i.get(i.id.as_str()) else {
            push(item, "追加", "", &i.name);
            continue;
        };
        for (field, _, get) in INITIATIVE_FIELDS {
            push(item, field, &get(o), &get(i));
        }
        if i.relist_of.is_some() {
            continue;
        }
        let old_rows: HashMap<&str, &RowView> =
            o.rows.iter().map(|r| (r.key.as_str(), r)).collect();
        for r in &i.rows {
            let ritem = format!("{item} {}", row_label(r));
            match old_rows.get(r.key.as_str()) {
                Some(or) => {
                    for (field, _, get) in ROW_FIELDS {
                        push(&ritem, field, get(or), get(r));
                    }
                }
                None => push(&ritem, "追加", "", &r.policy),
            }
        }
        for r in &o.rows {
            if !i.rows.iter().any(|n| n.key == r.key) {
                push(&format!("{item} {}", row_label(r)), "削除", &r.policy, "");
            }
        }
    }
    for (item, i) in initiatives(old) {
        if !new_i.iter().any(|(_, n)| n.id == i.id) {
            push(&item, "削除", &i.name, "");
        }
    }
    changes
}

impl View {
    /// Mark what differs from `old`, for highlighting on the sheets.
    pub fn mark_changes(&mut self, old: &View) {
        let old_i: HashMap<String, &InitiativeView> = initiatives(old)
            .into_iter()
            .map(|(_, i)| (i.id.clone(), i))
            .collect();
        for s in &mut self.strategies {
            for m in &mut s.measures {
                for i in &mut m.initiatives {
                    let Some(o) = old_i.get(&i.id) else {
                        i.changed = INITIATIVE_FIELDS.iter().map(|f| f.1.into()).collect();
                        for r in &mut i.rows {
                            r.changed = ROW_FIELDS.iter().map(|f| f.1.into()).collect();
                        }
                        continue;
                    };
                    for (_, key, get) in INITIATIVE_FIELDS {
                        if get(o) != get(i) {
                            i.changed.push(key.into());
                        }
                    }
                    for r in &mut i.rows {
                        let before = o.rows.iter().find(|or| or.key == r.key);
                        for (_, key, get) in ROW_FIELDS {
                            if before.is_none_or(|b| get(b) != get(r)) {
                                r.changed.push(key.into());
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A data folder to compare: a path, or `REV:PATH` for a git revision's
/// folder in the repository at `repo` (e.g. `HEAD~1:data`), copied into a
/// temporary folder.
pub fn resolve(spec: &str, repo: &Path) -> Result<(PathBuf, Option<tempfile::TempDir>)> {
    let path = Path::new(spec);
    if path.is_dir() {
        return Ok((path.to_path_buf(), None));
    }
    let Some((rev, folder)) = spec.split_once(':') else {
        return Err(Error::NoDataDir(path.to_path_buf()));
    };
    let git = |args: &[&str]| -> Result<Vec<u8>> {
        let out = Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(args)
            .output()
            .map_err(|source| Error::Read {
                path: path.to_path_buf(),
                source,
            })?;
        if !out.status.success() {
            return Err(Error::Git(format!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(out.stdout)
    };
    let list = git(&["ls-tree", "-r", "--name-only", rev, "--", folder])?;
    let list = String::from_utf8_lossy(&list).into_owned();
    if list.trim().is_empty() {
        return Err(Error::Git(format!("{rev} に {folder} がありません")));
    }
    let tmp = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let base = folder.trim_end_matches('/');
    for file in list.lines() {
        let rel = file
            .strip_prefix(base)
            .unwrap_or(file)
            .trim_start_matches('/');
        let target = tmp.path().join(rel);
        let bytes = git(&["show", &format!("{rev}:{file}")])?;
        let write = |source| Error::Write {
            path: target.clone(),
            source,
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(write)?;
        }
        std::fs::write(&target, bytes).map_err(write)?;
    }
    Ok((tmp.path().to_path_buf(), Some(tmp)))
}
