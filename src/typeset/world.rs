//! The Typst world: the generated main source, the files of `layouts/`, and
//! our fonts. Nothing else exists for Typst: no other path, no packages, no
//! network, no system fonts, and `today()` is the report's date.

use std::collections::HashMap;
use std::sync::Mutex;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

use super::fonts::Fonts;
use crate::render::layouts::{Layouts, Refused};

/// Virtual path of the generated source (not a file in `layouts/`).
pub const MAIN_PATH: &str = "/shinchoku-main.typ";

pub struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    layouts: Layouts,
    main: Source,
    today: Datetime,
    /// Layout sources read so far, and whether this build has compared each
    /// with its file. A rebuild reads the file again: the same text keeps
    /// its parsed source (Typst's caches see it unchanged), an edited one is
    /// reparsed where it changed.
    cache: Mutex<HashMap<FileId, (Source, bool)>>,
}

pub fn main_id() -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(MAIN_PATH).expect("valid path"),
    )
    .intern()
}

impl ReportWorld {
    pub fn new(fonts: &Fonts, layouts: Layouts, markup: String, today: Datetime) -> Self {
        Self {
            // a11y-extras: `pdf.header-cell`, so label columns are row headers.
            library: LazyHash::new(
                Library::builder()
                    .with_features([Feature::A11yExtras].into_iter().collect())
                    .build(),
            ),
            book: LazyHash::new(fonts.book.clone()),
            fonts: fonts.fonts.clone(),
            layouts,
            main: Source::new(main_id(), markup),
            today,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Replace the generated source for a rebuild (incremental in Typst).
    pub fn set_main(&mut self, markup: String, today: Datetime) {
        self.main.replace(&markup);
        self.today = today;
        if let Ok(mut c) = self.cache.lock() {
            c.values_mut().for_each(|(_, checked)| *checked = false);
        }
    }

    pub fn main_source(&self) -> &Source {
        &self.main
    }

    pub fn layouts(&self) -> &Layouts {
        &self.layouts
    }

    fn read(&self, id: FileId) -> FileResult<Vec<u8>> {
        let rooted = id.get();
        if !matches!(rooted.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "パッケージは使えません (packages are not available)".into(),
            )));
        }
        let path = rooted.vpath().get_with_slash();
        self.layouts.read(path).map_err(|e| match e {
            Refused::NotFound => FileError::NotFound(path.into()),
            Refused::Outside => FileError::AccessDenied,
        })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let mut cache = self.cache.lock().map_err(|_| FileError::Other(None))?;
        if let Some((source, true)) = cache.get(&id) {
            return Ok(source.clone());
        }
        let text = String::from_utf8(self.read(id)?).map_err(|_| FileError::InvalidUtf8)?;
        match cache.get_mut(&id) {
            Some((source, checked)) => {
                if source.text() != text {
                    source.replace(&text);
                }
                *checked = true;
                Ok(source.clone())
            }
            None => {
                let source = Source::new(id, text);
                cache.insert(id, (source.clone(), true));
                Ok(source)
            }
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_string()));
        }
        self.read(id).map(Bytes::new)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
