//! Printing that survives a closed pipe (`shinchoku import-forms … | head`):
//! output the reader no longer wants is dropped, never a panic, and the
//! work (files already written) is not affected.

use std::io::Write;

/// A line on standard output.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// A line on standard error.
pub fn err(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// The one place errors are printed.
pub fn error(e: &crate::error::Error) {
    err(&format!("エラー (error): {e}"));
}
