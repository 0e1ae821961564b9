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
    /// One bit per code point that some font has. Typst's own coverage is
    /// a list of runs read from the start on each question; the check of
    /// every character of the data asks a few thousand.
    covered: Vec<u64>,
}

impl Fonts {
    fn new(fonts: Vec<Font>) -> Self {
        let mut covered = vec![0u64; (char::MAX as usize + 1).div_ceil(64)];
        for c in fonts.iter().flat_map(|f| f.info().coverage.iter()) {
            if let Some(word) = covered.get_mut(c as usize / 64) {
                *word |= 1 << (c % 64);
            }
        }
        let book = FontBook::from_fonts(&fonts);
        Self {
            fonts,
            book,
            covered,
        }
    }

    /// Whether some font has a glyph for `c` (Typst falls back between them).
    pub fn covers(&self, c: char) -> bool {
        let c = c as usize;
        self.covered[c / 64] & (1 << (c % 64)) != 0
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
        Fonts::new(fonts)
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
    Ok(Fonts::new(fonts))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bit table answers as Typst's own coverage does.
    #[test]
    fn covers_what_some_font_has() {
        let fonts = embedded();
        let typst = |c: char| {
            fonts
                .fonts
                .iter()
                .any(|f| f.info().coverage.contains(c as u32))
        };
        for c in [
            'あ',
            '漢',
            'Ａ',
            'A',
            '①',
            '〓',
            '😀',
            '\u{10FFFF}',
            '\u{E000}',
        ] {
            assert_eq!(fonts.covers(c), typst(c), "{c:?}");
        }
        assert!(fonts.covers('進') && !fonts.covers('😀'));
        let sample = (0..=0x2_FFFFu32).step_by(13).filter_map(char::from_u32);
        for c in sample {
            assert_eq!(fonts.covers(c), typst(c), "U+{:04X}", c as u32);
        }
    }
}
