//! Where templates and Typst style files come from: the `layouts/` folder, or
//! the copies built into the executable when there is no such folder (so a
//! copied executable still works). Nothing outside the folder can be read:
//! paths are resolved, symlinks followed, and the result must stay inside.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};

/// The layout files built into the executable.
const EMBEDDED: &[(&str, &str)] = &[
    ("report.j2", include_str!("../../layouts/report.j2")),
    ("report.typ", include_str!("../../layouts/report.typ")),
    (
        "report.html.j2",
        include_str!("../../layouts/report.html.j2"),
    ),
];

/// A layout file larger than this is not a layout.
const MAX_LAYOUT_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone)]
pub enum Layouts {
    /// A folder, canonicalised.
    Dir(Arc<PathBuf>),
    Embedded,
}

/// Why a layout file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    NotFound,
    /// The path leads outside the layouts folder.
    Outside,
}

impl Layouts {
    /// `dir` when given (it must exist), else `layouts/` if present, else the
    /// built-in copies.
    pub fn open(dir: Option<&Path>) -> Result<Self> {
        let dir = match dir {
            Some(d) => d.to_path_buf(),
            None if Path::new("layouts").is_dir() => PathBuf::from("layouts"),
            None => return Ok(Self::Embedded),
        };
        let canonical = dir.canonicalize().map_err(|source| Error::Read {
            path: dir.clone(),
            source,
        })?;
        Ok(Self::Dir(Arc::new(canonical)))
    }

    /// A template error named in the folder it came from (the built-in
    /// layouts, or the folder given), not always `layouts/`.
    pub fn locate(&self, e: Error) -> Error {
        match e {
            Error::Template {
                file,
                line,
                message,
            } => {
                let name = file.strip_prefix("layouts/").unwrap_or(&file);
                let file = match self {
                    Self::Dir(dir) => dir.join(name).display().to_string(),
                    Self::Embedded => format!("（内蔵のレイアウト）{name}"),
                };
                Error::Template {
                    file,
                    line,
                    message,
                }
            }
            e => e,
        }
    }

    /// Read `name`, a path relative to the layouts folder ("/x.typ" and
    /// "x.typ" are the same file).
    pub fn read(&self, name: &str) -> std::result::Result<Vec<u8>, Refused> {
        let rel = Path::new(name.trim_start_matches('/'));
        // Lexical check first: no "..", no absolute or drive paths.
        if rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return Err(Refused::Outside);
        }
        match self {
            Self::Embedded => EMBEDDED
                .iter()
                .find(|(n, _)| Path::new(n) == rel)
                .map(|(_, s)| s.as_bytes().to_vec())
                .ok_or(Refused::NotFound),
            Self::Dir(root) => {
                let real = root
                    .join(rel)
                    .canonicalize()
                    .map_err(|_| Refused::NotFound)?;
                // A symlink may lead out of the folder: check where it landed.
                if !real.starts_with(root.as_path()) {
                    return Err(Refused::Outside);
                }
                // Only a regular file: a named pipe would block every build.
                crate::io::read_limited(&real, MAX_LAYOUT_BYTES).map_err(|_| Refused::NotFound)
            }
        }
    }

    /// For messages: where a layout file lives.
    pub fn describe(&self, name: &str) -> String {
        let name = name.trim_start_matches('/');
        match self {
            Self::Dir(root) => root.join(name).display().to_string(),
            Self::Embedded => format!("(内蔵) layouts/{name}"),
        }
    }
}
