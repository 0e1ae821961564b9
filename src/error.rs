//! Every way a run can fail, each with a message staff can act on:
//! what is wrong, in which file, at which line and column, for which item.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("データフォルダが見つかりません (data folder not found): {}", .0.display())]
    NoDataDir(PathBuf),

    #[error("{}: ファイルを読めません (cannot read file): {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{}: ファイルが大きすぎます（{size} バイト、上限 {limit} バイト） (file too large)", .path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },

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

    #[error("選んだ条件（{0}）に当てはまるシートがありません (nothing selected)")]
    EmptySelection(String),

    #[error("{}: 取り込めません（このファイルからは何も書き込んでいません） (workbook refused):\n{}", .file.display(), Indented(.problems))]
    Workbook {
        file: PathBuf,
        problems: Vec<String>,
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
    /// Short English key, for developers and searching.
    pub key: &'static str,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {} ({})",
            self.file.display(),
            self.line,
            self.column,
            self.item,
            self.message,
            self.key
        )
    }
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

pub type Result<T, E = Error> = std::result::Result<T, E>;
