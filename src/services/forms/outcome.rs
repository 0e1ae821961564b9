//! What importing a workbook yields: the files it writes and every change,
//! in the report's words (the department and committee imports alike), or
//! why it is refused, as data each front end words in its own controls'
//! words (the CLI names its flags, the browser its checkbox and buttons).

use std::fmt;
use std::path::PathBuf;

use super::shown;
use crate::error::{Error, SheetProblem};
use crate::model::{Field, RowKey};

/// One changed column of one row, as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The row's key; for the committee's workbook, the initiative (1-2-3).
    pub key: RowKey,
    /// The column, or `None` for the committee's 意見 and 市の考え方.
    pub field: Option<Field>,
    /// The column's name in the plan's words (成果).
    pub heading: String,
    pub before: String,
    pub after: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {} → {}",
            self.key,
            self.heading,
            shown(&self.before),
            shown(&self.after)
        )
    }
}

/// One imported workbook.
#[derive(Debug)]
pub struct Imported {
    pub department: String,
    pub results_file: PathBuf,
    pub changes: Vec<Change>,
    /// Things staff should know that did not stop the import.
    pub notes: Vec<String>,
    /// Nothing typed in it: every cell as the workbook was made.
    pub empty: bool,
}

/// What one workbook would write: each file and its new text.
pub type Writes = Vec<(PathBuf, String)>;

/// Texts chosen for shared rows' cells where workbooks disagree, by row and
/// column. Every answer to such a cell becomes the chosen text, and other
/// departments' different texts there are cleared.
pub type Resolutions = std::collections::BTreeMap<(RowKey, Field), String>;

/// A note's ending: what was done, or (in a preview) what would be.
pub(super) fn tense(past: bool, done: &'static str, would: &'static str) -> &'static str {
    if past { done } else { would }
}

/// One workbook of an import, accepted or refused.
#[derive(Debug)]
pub struct Attempt {
    pub file: PathBuf,
    pub outcome: std::result::Result<Imported, Refused>,
}

impl Attempt {
    /// The outcome as the CLI reports it: a refusal is an
    /// [`Error::Workbook`] worded for the command line.
    pub fn into_result(self) -> crate::error::Result<Imported> {
        let file = self.file;
        self.outcome.map_err(|r| r.into_error(file))
    }
}

/// Why a workbook is (or would be) refused. `department` is the one its
/// hidden sheet names, when that could be read.
#[derive(Debug, Default)]
pub struct Refused {
    pub department: Option<String>,
    pub reasons: Vec<Reason>,
}

/// One reason a workbook is refused.
#[derive(Debug, Clone)]
pub enum Reason {
    /// A cell, a sheet or the whole file, in words both front ends use.
    Sheet(SheetProblem),
    /// A shared row's text that differs from another's.
    Conflict(Conflict),
    /// Not a workbook that export-forms made (`old`: an earlier version of it).
    NotAForm { old: bool },
    /// A workbook of another fiscal year: the years as written and in the
    /// plan's words.
    OtherYear {
        form: String,
        form_label: Option<String>,
        data: i32,
        data_label: String,
    },
    /// The data itself cannot be read or would not pass check.
    Data(String),
}

/// A shared row's cell where this workbook's text differs from one written
/// elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub key: RowKey,
    pub field: Field,
    /// The column in the plan's words.
    pub heading: String,
    pub sheet: String,
    /// This workbook's text, and the other one (as the report prints them).
    pub mine: String,
    pub theirs: String,
    pub other: Other,
}

/// Where the other text of a conflict is written (paths inside the data folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Other {
    Department { name: String, file: PathBuf },
    Plan { file: PathBuf },
}

impl Other {
    /// 保育課（results/2024/保育課.yaml）, or 計画のファイル（strategies/1.yaml）.
    pub fn describe(&self) -> String {
        match self {
            Other::Department { name, file } => format!("{name}（{}）", file.display()),
            Other::Plan { file } => format!("計画のファイル（{}）", file.display()),
        }
    }
}

impl Conflict {
    /// シート「保育課」 行「1-2-1:子育て支援課・保育課」（成果）.
    pub fn place(&self) -> String {
        format!(
            "シート「{}」 行「{}」（{}）",
            self.sheet, self.key, self.heading
        )
    }

    /// What differs, without what to do about it.
    pub fn what(&self) -> String {
        format!(
            "この様式の「{}」が {} の「{}」と違います",
            crate::error::shown(&self.mine),
            self.other.describe(),
            crate::error::shown(&self.theirs)
        )
    }
}

impl Reason {
    /// The reason in words that name no control of either front end (the
    /// record of returns keeps these).
    pub fn summary(&self) -> String {
        match self {
            Reason::Sheet(p) => p.to_string(),
            Reason::Conflict(c) => format!("{}: {}", c.place(), c.what()),
            Reason::NotAForm { old: false } => {
                "shinchoku の記入用の様式ではありません（識別用のシートがありません）".into()
            }
            Reason::NotAForm { old: true } => "古い版の様式です".into(),
            Reason::OtherYear {
                form, form_label, ..
            } => format!("{}の様式です", year_words(form, form_label.as_deref())),
            Reason::Data(message) => message.clone(),
        }
    }

    /// The reason for the command line, naming its commands and flags.
    fn cli(&self) -> SheetProblem {
        match self {
            Reason::Sheet(p) => p.clone(),
            Reason::Conflict(c) => SheetProblem {
                place: c.place(),
                message: format!(
                    "{}。同じ行を受け持つ課と内容を揃えてから取り込むか、この様式の記入で置き換えるなら --replace-shared を付けてください{}",
                    c.what(),
                    if matches!(c.other, Other::Plan { .. }) {
                        "（計画のファイルの記入は置き換えられません。計画のファイルから消してください）"
                    } else {
                        ""
                    }
                ),
            },
            Reason::NotAForm { old: false } => SheetProblem::file(
                "shinchoku export-forms で作った様式ではありません（識別用のシートがありません）",
            ),
            Reason::NotAForm { old: true } => SheetProblem::file(
                "古い版か、shinchoku の様式ではありません。export-forms で新しい様式を作って、書き写してください",
            ),
            Reason::OtherYear { form, data, .. } => SheetProblem::file(format!(
                "{}年度の様式です。今のデータは{data}年度です。export-forms で今年度の様式を作って、書き写してください",
                crate::error::shown(form)
            )),
            Reason::Data(message) => SheetProblem::file(message.clone()),
        }
    }
}

/// 令和5年度（2023年度）, or the year as the workbook has it.
pub fn year_words(year: &str, label: Option<&str>) -> String {
    let year = crate::error::shown(year);
    match label {
        Some(l) if l.contains(&year) => l.to_string(),
        Some(l) => format!("{l}（{year}年度）"),
        None => format!("{year}年度"),
    }
}

impl Refused {
    pub fn new(department: Option<String>, reasons: Vec<Reason>) -> Self {
        Self {
            department,
            reasons,
        }
    }

    /// Problems by cell, in words both front ends use.
    pub fn sheet(department: Option<String>, problems: Vec<SheetProblem>) -> Self {
        Self::new(
            department,
            problems.into_iter().map(Reason::Sheet).collect(),
        )
    }

    /// Any error met while importing one workbook.
    pub fn from_error(department: Option<String>, e: Error) -> Self {
        match e {
            Error::Workbook { problems, .. } => Self::sheet(department, problems),
            e => Self::new(department, vec![Reason::Data(e.to_string())]),
        }
    }

    /// The refusal as the command line reports it.
    pub fn into_error(self, file: PathBuf) -> Error {
        Error::Workbook {
            file,
            problems: self.reasons.iter().map(Reason::cli).collect(),
        }
    }

    /// Only conflicts that a choice of text settles (not the plan file's).
    pub fn only_choices(&self) -> bool {
        !self.reasons.is_empty()
            && self.reasons.iter().all(
                |r| matches!(r, Reason::Conflict(c) if matches!(c.other, Other::Department { .. })),
            )
    }
}
