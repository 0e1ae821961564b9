//! Reading input files: only regular files (a named pipe would hang the
//! run, a device never ends), and never more than a limit, counted while
//! reading so that a file growing or lying about its size is still bounded.

use std::io::Read;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

/// What a path is, when it is not a regular file (for the message).
fn kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("フォルダです");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("名前付きパイプです");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("デバイスです");
        }
        if t.is_socket() {
            return Some("ソケットです");
        }
    }
    Some("普通のファイルではありません")
}

/// The bytes of a regular file of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let io = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    // Checked before opening: opening a named pipe would already block.
    let meta = std::fs::metadata(path).map_err(io)?;
    if let Some(kind) = kind(&meta) {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    Ok(bytes)
}

/// A data file larger than this is refused before parsing (the real ones are
/// tens of kilobytes; this guards against a wrong file dropped in the folder).
pub const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;

/// A file as NFC-normalised UTF-8 text (so the same word typed on two
/// machines compares equal), refusing oversized, binary or empty files.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = read_limited(path, MAX_TEXT_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let (line, column) = line_column(valid);
        Error::Yaml {
            path: path.to_path_buf(),
            line,
            column,
            message: "文字コードがUTF-8ではないか、テキストファイルではありません (not UTF-8 text)"
                .into(),
            snippet: String::new(),
        }
    })?;
    if text.trim().is_empty() {
        return Err(Error::Yaml {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "ファイルが空です (empty file)".into(),
            snippet: String::new(),
        });
    }
    Ok(text.nfc().collect())
}

/// 1-based line and column just after `bytes`.
fn line_column(bytes: &[u8]) -> (u64, u64) {
    let text = String::from_utf8_lossy(bytes);
    let line = text.matches('\n').count() as u64 + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, column)
}
