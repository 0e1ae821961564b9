//! The report's fonts: BIZ UDMincho and BIZ UDGothic (SIL OFL 1.1), built into
//! the executable from `fonts/`. No system font is ever consulted, so every
//! machine produces the same PDF.

use std::path::Path;
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};

use crate::error::{Error, Result};

const EMBEDDED: &[&[u8]] = &[
    include_bytes!("../../fonts/BIZUDMincho-Regular.ttf"),
    include_bytes!("../../fonts/BIZUDGothic-Regular.ttf"),
    include_bytes!("../../fonts/BIZUDGothic-Bold.ttf"),
];

/// Fonts and their book, ready for a Typst world.
#[derive(Clone)]
pub struct Fonts {
    pub fonts: Vec<Font>,
    pub book: FontBook,
}

impl Fonts {
    /// Whether some font has a glyph for `c` (Typst falls back between them).
    pub fn covers(&self, c: char) -> bool {
        self.fonts
            .iter()
            .any(|f| f.info().coverage.contains(c as u32))
    }
}

/// The built-in fonts, parsed once per process.
pub fn embedded() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = EMBEDDED
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        Fonts { fonts, book }
    })
}

/// The built-in fonts plus every .ttf/.otf/.ttc in `dir` (for a plan that
/// wants another typeface; the layouts name the families they use).
pub fn with_dir(dir: &Path) -> Result<Fonts> {
    let mut fonts = embedded().fonts.clone();
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !["ttf", "otf", "ttc", "otc"].contains(&ext.to_ascii_lowercase().as_str()) {
            continue;
        }
        let data = std::fs::read(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        fonts.extend(Font::iter(Bytes::new(data)));
    }
    let book = FontBook::from_fonts(&fonts);
    Ok(Fonts { fonts, book })
}
