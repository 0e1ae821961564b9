//! The result columns of a sheet row, defined once: 具体的な取組内容, 成果,
//! 自己評価 and 今後の方針. Departments fill them in; everything else that
//! handles results (plan rows, results files, workbooks, the view, diff,
//! new-year) goes through [`Field`] and [`Results`].
//!
//! To add a column: a variant in [`Field`] with its key and heading, a field
//! in [`Results`] (the compiler then points at every match to extend), and
//! the key in the two YAML shapes below.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// A text with the place where it was written.
pub type Text = Spanned<String>;

/// One result column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Actions,
    Results,
    Grade,
    NextPolicy,
}

impl Field {
    /// In the sheet's column order.
    pub const ALL: [Field; 4] = [
        Field::Actions,
        Field::Results,
        Field::Grade,
        Field::NextPolicy,
    ];

    /// The YAML and template key.
    pub const fn key(self) -> &'static str {
        match self {
            Field::Actions => "actions",
            Field::Results => "results",
            Field::Grade => "grade",
            Field::NextPolicy => "next_policy",
        }
    }

    /// The column heading staff know (the default; a plan may rename it).
    pub const fn heading(self) -> &'static str {
        match self {
            Field::Actions => "具体的な取組内容",
            Field::Results => "成果",
            Field::Grade => "自己評価",
            Field::NextPolicy => "今後の方針",
        }
    }
}

/// One value per result column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Results<T> {
    pub actions: T,
    pub results: T,
    pub grade: T,
    pub next_policy: T,
}

impl<T> Results<T> {
    pub fn from_fn(mut f: impl FnMut(Field) -> T) -> Self {
        Self {
            actions: f(Field::Actions),
            results: f(Field::Results),
            grade: f(Field::Grade),
            next_policy: f(Field::NextPolicy),
        }
    }

    pub fn get(&self, field: Field) -> &T {
        match field {
            Field::Actions => &self.actions,
            Field::Results => &self.results,
            Field::Grade => &self.grade,
            Field::NextPolicy => &self.next_policy,
        }
    }

    pub fn get_mut(&mut self, field: Field) -> &mut T {
        match field {
            Field::Actions => &mut self.actions,
            Field::Results => &mut self.results,
            Field::Grade => &mut self.grade,
            Field::NextPolicy => &mut self.next_policy,
        }
    }

    /// (column, value) in the sheet's column order.
    pub fn iter(&self) -> impl Iterator<Item = (Field, &T)> {
        Field::ALL.into_iter().map(move |f| (f, self.get(f)))
    }

    pub fn map<U>(&self, mut f: impl FnMut(Field, &T) -> U) -> Results<U> {
        Results::from_fn(|field| f(field, self.get(field)))
    }
}

/// The result columns of a row as written in YAML (plan rows and results
/// files): each may be absent.
pub type Written = Results<Option<Text>>;

/// A plan row as YAML has it (serde needs the keys spelled out; the row
/// gathers the result columns into [`Results`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RowYaml {
    pub departments: Vec<Text>,
    #[serde(default)]
    pub lead: Option<Text>,
    pub policy: Text,
    #[serde(default)]
    pub actions: Option<Text>,
    #[serde(default)]
    pub results: Option<Text>,
    #[serde(default)]
    pub grade: Option<Text>,
    #[serde(default)]
    pub next_policy: Option<Text>,
}

impl RowYaml {
    pub fn results(&mut self) -> Written {
        Results {
            actions: self.actions.take(),
            results: self.results.take(),
            grade: self.grade.take(),
            next_policy: self.next_policy.take(),
        }
    }
}

/// A row of a results file as YAML has it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RowResultYaml {
    pub key: Text,
    #[serde(default)]
    pub actions: Option<Text>,
    #[serde(default)]
    pub results: Option<Text>,
    #[serde(default)]
    pub grade: Option<Text>,
    #[serde(default)]
    pub next_policy: Option<Text>,
}

impl RowResultYaml {
    pub fn results(&mut self) -> Written {
        Results {
            actions: self.actions.take(),
            results: self.results.take(),
            grade: self.grade.take(),
            next_policy: self.next_policy.take(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_struct_agree() {
        let r = Results::from_fn(|f| f.key());
        for (f, v) in r.iter() {
            assert_eq!(*v, f.key());
        }
        let keys: Vec<_> = Field::ALL.iter().map(|f| f.key()).collect();
        assert_eq!(keys, ["actions", "results", "grade", "next_policy"]);
    }
}
