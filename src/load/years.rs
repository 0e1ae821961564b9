//! The years of one plan. A plan folder holds one data folder per fiscal
//! year, each named by its western year (計画/2024, 計画/2025, …); a data
//! folder so named has the folders of earlier years beside it as its
//! history. A data folder with any other name (the shipped `data/`) is a
//! plan of one year. Folder names are only ever matched as four ASCII
//! digits, never taken from the data, so nothing here can leave the plan
//! folder.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The year a folder's name stands for: exactly four ASCII digits.
pub fn year_of_name(name: &str) -> Option<i32> {
    (name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
        .then(|| name.parse().ok())
        .flatten()
}

/// The year a folder's own name stands for.
pub fn year_of(dir: &Path) -> Option<i32> {
    dir.file_name()
        .and_then(|n| n.to_str())
        .and_then(year_of_name)
}

/// The year folders of a plan folder, oldest first: sub-folders named by a
/// year that hold a plan.yaml.
pub fn year_folders(plan: &Path) -> Vec<(i32, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(plan) else {
        return Vec::new();
    };
    let mut out: Vec<(i32, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let year = e.file_name().to_str().and_then(year_of_name)?;
            let path = plan.join(format!("{year:04}"));
            path.join("plan.yaml").is_file().then_some((year, path))
        })
        .collect();
    out.sort();
    out
}

/// Whether `dir` is a plan folder: no plan.yaml of its own, and at least
/// one year folder.
pub fn is_plan_folder(dir: &Path) -> bool {
    !dir.join("plan.yaml").exists() && !year_folders(dir).is_empty()
}

/// The plan folder a year folder belongs to, when it is one.
pub fn plan_of(dir: &Path) -> Option<PathBuf> {
    year_of(dir)?;
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
    Some(parent.map_or_else(|| PathBuf::from("."), Path::to_path_buf))
}

/// The data folder to read: a plan folder's latest year, or the year asked
/// for; any other folder is itself (and must be of that year, if one is
/// asked for: checked when its plan.yaml is read).
pub fn resolve(dir: &Path, year: Option<i32>) -> Result<PathBuf> {
    if !is_plan_folder(dir) {
        return match (year, plan_of(dir)) {
            // --data 計画/2025 --year 2024: the other year of the same plan.
            (Some(y), Some(plan)) if year_of(dir) != Some(y) => resolve(&plan, Some(y)),
            _ => Ok(dir.to_path_buf()),
        };
    }
    let years = year_folders(dir);
    let found = match year {
        None => years.last(),
        Some(y) => years.iter().find(|(fy, _)| *fy == y),
    };
    match found {
        Some((_, path)) => Ok(path.clone()),
        None => Err(Error::NoYear {
            plan: dir.to_path_buf(),
            year: year.unwrap_or_default(),
            have: years.iter().map(|(y, _)| *y).collect(),
        }),
    }
}

/// The folders of the years before a year folder's own, oldest first
/// (none for a folder that is not a year of a plan).
pub fn earlier(dir: &Path) -> Vec<(i32, PathBuf)> {
    let (Some(year), Some(plan)) = (year_of(dir), plan_of(dir)) else {
        return Vec::new();
    };
    year_folders(&plan)
        .into_iter()
        .filter(|(y, _)| *y < year)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_four_digits_name_a_year() {
        assert_eq!(year_of_name("2024"), Some(2024));
        for name in ["data", "202", "20245", "２０２４", "2024 ", "../2", "-202"] {
            assert_eq!(year_of_name(name), None, "{name}");
        }
    }

    #[test]
    fn a_plan_folder_and_its_years() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path();
        for y in ["2024", "2026", "2025", "notes", "1999x"] {
            std::fs::create_dir(plan.join(y)).unwrap();
            std::fs::write(plan.join(y).join("plan.yaml"), "").unwrap();
        }
        std::fs::create_dir(plan.join("2030")).unwrap(); // no plan.yaml
        assert!(is_plan_folder(plan));
        let years: Vec<i32> = year_folders(plan).iter().map(|(y, _)| *y).collect();
        assert_eq!(years, [2024, 2025, 2026]);
        assert_eq!(resolve(plan, None).unwrap(), plan.join("2026"));
        assert_eq!(resolve(plan, Some(2025)).unwrap(), plan.join("2025"));
        assert_eq!(
            resolve(&plan.join("2026"), Some(2024)).unwrap(),
            plan.join("2024")
        );
        assert!(resolve(plan, Some(2023)).is_err());
        let before: Vec<i32> = earlier(&plan.join("2026"))
            .iter()
            .map(|(y, _)| *y)
            .collect();
        assert_eq!(before, [2024, 2025]);
        assert!(earlier(&plan.join("notes")).is_empty());
    }
}
