//! Every way a run can fail, each with a message staff can act on: what is
//! wrong, in which file, at which line and column, for which item. Values
//! from the data are shown through [`shown`], so a control character or a
//! huge value never reaches the terminal raw.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("データフォルダが見つかりません (data folder not found): {}", .0.display())]
    NoDataDir(PathBuf),

    #[error("{}: {year}年度のフォルダがありません（あるのは {}） (no such year)", .plan.display(), years_list(.have))]
    NoYear {
        plan: PathBuf,
        year: i32,
        have: Vec<i32>,
    },

    #[error("{}: ファイルを読めません (cannot read file): {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{}: 普通のファイルではないので読みません（{kind}） (not a regular file)", .path.display())]
    NotAFile { path: PathBuf, kind: &'static str },

    #[error("{}: ファイルが大きすぎます（上限 {limit} バイト） (file too large)", .path.display())]
    TooLarge { path: PathBuf, limit: u64 },

    #[error("{}:{line}:{column}: YAMLの書き方に誤りがあります (invalid YAML): {message}{snippet}", .path.display())]
    Yaml {
        path: PathBuf,
        line: u64,
        column: u64,
        message: String,
        snippet: String,
    },

    #[error("{} 個のファイルに問題があります (errors in several files):\n{}", .0.len(), Indented(.0))]
    Files(Vec<Error>),

    #[error("データに {} 件の問題があります (invalid data):\n{}", .0.len(), Indented(.0))]
    Invalid(Vec<Problem>),

    #[error("{file}:{line}: テンプレートの誤りです (template error): {message}")]
    Template {
        file: String,
        line: usize,
        message: String,
    },

    #[error("組版に失敗しました (typesetting failed):\n{0}")]
    Typeset(String),

    #[error("PDFの書き出しに失敗しました (PDF export failed):\n{0}")]
    Export(String),

    #[error("選んだ条件（{}）に当てはまるシートがありません (nothing selected)", shown(.0))]
    EmptySelection(String),

    #[error("{}: 取り込めません（このファイルからは何も書き込んでいません） (workbook refused):\n{}", .file.display(), Indented(.problems))]
    Workbook {
        file: PathBuf,
        problems: Vec<SheetProblem>,
    },

    #[error("{0} 個のファイルを取り込めませんでした (workbooks refused)")]
    Refused(usize),

    #[error("git から読めません (git): {0}")]
    Git(String),

    #[error("{}: すでにあります。上書きしないので、別の名前を -o で指定してください (already exists)", .0.display())]
    Exists(PathBuf),

    #[error("{}: 書き込めません (cannot write): {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{}: {reason} (refused output)", .path.display())]
    Output { path: PathBuf, reason: String },

    #[error("サーバーを起動できません (cannot start server): {0}")]
    Serve(String),

    #[error("{0}")]
    Usage(String),
}

/// What kind of problem a [`Problem`] is: one variant per validation rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A required text is empty.
    Empty,
    /// A required key is missing.
    Missing,
    /// A year outside what the tool can print.
    Year,
    /// 発行日 not a real YYYY-MM-DD date.
    Date,
    /// A department listed twice in departments.yaml.
    Duplicate,
    /// A department name not in departments.yaml.
    Department,
    /// A row without departments.
    Departments,
    /// 各関係課 without its lead, or a lead elsewhere.
    Lead,
    /// Numbers not 1, 2, 3, … in order.
    Numbering,
    /// A grade not on the scale.
    Grade,
    /// An SDG goal outside 1–17 or twice.
    Sdg,
    /// A 【再掲】 with a name of its own.
    RelistName,
    /// A 【再掲】 with rows of its own.
    RelistRows,
    /// A 【再掲】 target not written as 1-2-3.
    RelistOf,
    /// A 【再掲】 target that does not exist.
    RelistMissing,
    /// A 【再掲】 of a 【再掲】.
    RelistChain,
    /// A row_order naming a row that is not there, or twice.
    RowOrder,
    /// A results file of another fiscal year.
    ResultsYear,
    /// A results row not in the plan.
    ResultsRow,
    /// A results row of another department.
    ResultsOwner,
    /// The same results row twice in one file, or two files of one department.
    ResultsTwice,
    /// Two different texts for one column of one row.
    ResultsConflict,
    /// A character the fonts cannot print.
    Glyph,
    /// A control character, or one that reorders the text around it.
    Control,
    /// Too long a text, or too many combining marks on one character.
    TextLimit,
    /// A department name that cannot be a file name.
    DepartmentName,
    /// The same strategy number in two files.
    StrategyTwice,
    /// No strategy at all.
    NoStrategies,
    /// The same department twice in one row, or two identical rows.
    RowTwice,
    /// A setting of words.yaml with a value it cannot take.
    Words,
    /// The grade scale of intro.yaml: too few or too many grades, one twice,
    /// none that counts.
    GradeScale,
    /// A PDCA cycle of too few or too many steps.
    Cycle,
    /// A value written where words.yaml prints nothing (an indicator column
    /// not shown, SDG goals without their box).
    Hidden,
    /// A `previously` link to an initiative the year before does not have.
    Previously,
    /// A year folder (計画/2025) whose plan.yaml is of another year, or
    /// earlier years of another plan.
    YearFolder,
    /// The committee file: another year, an initiative id not written as
    /// 1-2-3 or not in the plan, one initiative twice, an answer without
    /// an opinion.
    Committee,
    /// The committee on a 【再掲】 (it belongs to the original).
    CommitteeRelist,
}

impl Rule {
    /// Short English key, for developers and searching.
    pub const fn key(self) -> &'static str {
        match self {
            Rule::Empty => "empty",
            Rule::Missing => "missing",
            Rule::Year => "year",
            Rule::Date => "date",
            Rule::Duplicate => "duplicate",
            Rule::Department => "department",
            Rule::Departments => "departments",
            Rule::Lead => "lead",
            Rule::Numbering => "numbering",
            Rule::Grade => "grade",
            Rule::Sdg => "sdg",
            Rule::RelistName => "relist_name",
            Rule::RelistRows => "relist_rows",
            Rule::RelistOf => "relist_of",
            Rule::RelistMissing => "relist_missing",
            Rule::RelistChain => "relist_chain",
            Rule::RowOrder => "row_order",
            Rule::ResultsYear => "results_year",
            Rule::ResultsRow => "results_row",
            Rule::ResultsOwner => "results_owner",
            Rule::ResultsTwice => "results_twice",
            Rule::ResultsConflict => "results_conflict",
            Rule::Glyph => "glyph",
            Rule::Control => "control",
            Rule::TextLimit => "text_limit",
            Rule::DepartmentName => "department_name",
            Rule::StrategyTwice => "strategy_twice",
            Rule::NoStrategies => "no_strategies",
            Rule::RowTwice => "row_twice",
            Rule::Words => "words",
            Rule::GradeScale => "grade_scale",
            Rule::Cycle => "cycle",
            Rule::Hidden => "hidden",
            Rule::Previously => "previously",
            Rule::YearFolder => "year_folder",
            Rule::Committee => "committee",
            Rule::CommitteeRelist => "committee_relist",
        }
    }

    /// Every rule, so a test can make sure each one is exercised.
    pub const ALL: [Rule; 37] = [
        Rule::Empty,
        Rule::Missing,
        Rule::Year,
        Rule::Date,
        Rule::Duplicate,
        Rule::Department,
        Rule::Departments,
        Rule::Lead,
        Rule::Numbering,
        Rule::Grade,
        Rule::Sdg,
        Rule::RelistName,
        Rule::RelistRows,
        Rule::RelistOf,
        Rule::RelistMissing,
        Rule::RelistChain,
        Rule::RowOrder,
        Rule::ResultsYear,
        Rule::ResultsRow,
        Rule::ResultsOwner,
        Rule::ResultsTwice,
        Rule::ResultsConflict,
        Rule::Glyph,
        Rule::Control,
        Rule::TextLimit,
        Rule::DepartmentName,
        Rule::StrategyTwice,
        Rule::NoStrategies,
        Rule::RowTwice,
        Rule::Words,
        Rule::GradeScale,
        Rule::Cycle,
        Rule::Hidden,
        Rule::Previously,
        Rule::YearFolder,
        Rule::Committee,
        Rule::CommitteeRelist,
    ];
}

/// One problem found in the data, with where it is and what it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: u64,
    pub column: u64,
    /// The item in the document's own words, e.g. 基本戦略1（１）③ 地域福祉課.
    pub item: String,
    /// Plain Japanese explanation.
    pub message: String,
    pub rule: Rule,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A problem of a whole file or folder has no line.
        if self.line > 0 {
            write!(f, "{}:{}:{}: ", self.file.display(), self.line, self.column)?;
        } else {
            write!(f, "{}: ", self.file.display())?;
        }
        write!(
            f,
            "{}: {} ({})",
            shown(&self.item),
            printable(&self.message),
            self.rule.key()
        )
    }
}

/// Why a workbook is refused: where in it (sheet, cell, column) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetProblem {
    /// シート「障害福祉課」 H12（自己評価）, or the sheet alone, or empty
    /// for the whole file.
    pub place: String,
    pub message: String,
}

impl SheetProblem {
    pub fn file(message: impl Into<String>) -> Self {
        Self {
            place: String::new(),
            message: message.into(),
        }
    }
}

impl fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}", printable(&self.message))
        } else {
            write!(f, "{}: {}", self.place, printable(&self.message))
        }
    }
}

fn years_list(years: &[i32]) -> String {
    if years.is_empty() {
        return "なし".into();
    }
    years
        .iter()
        .map(|y| format!("{y}"))
        .collect::<Vec<_>>()
        .join("・")
}

/// A list shown one item per line, indented under its heading.
struct Indented<'a, T>(&'a [T]);

impl<T: fmt::Display> fmt::Display for Indented<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "  {item}")?;
        }
        Ok(())
    }
}

/// Longest value quoted in a message, in characters.
const SHOWN_CHARS: usize = 60;

/// A value from the data as a message shows it: control characters as
/// U+XXXX, line breaks as ⏎, cut after a few dozen characters.
pub fn shown(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == SHOWN_CHARS {
            out.push('…');
            break;
        }
        push_printable(&mut out, c);
    }
    out
}

/// A whole message with every control character made visible (messages
/// quote data, and a terminal must never receive its escape sequences).
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_printable(&mut out, c);
    }
    out
}

fn push_printable(out: &mut String, c: char) {
    match c {
        '\n' => out.push('⏎'),
        c if c.is_control() || is_invisible_format(c) => {
            out.push_str(&format!("U+{:04X}", c as u32));
        }
        c => out.push(c),
    }
}

/// Bidirectional overrides and similar characters that change how a
/// terminal shows the text around them.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_shown_safely() {
        assert_eq!(shown("a\u{1b}[31mb"), "aU+001B[31mb");
        assert_eq!(shown("一\n二"), "一⏎二");
        let long = "あ".repeat(100);
        assert_eq!(shown(&long).chars().count(), SHOWN_CHARS + 1);
        assert_eq!(printable("x\u{9b}y"), "xU+009By");
    }
}
