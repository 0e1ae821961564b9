//! Everything that imports Typst: the world (our fonts and layouts, nothing
//! else), compiling and exporting, page images, and reading a laid-out
//! document back.

pub mod fonts;
pub mod inspect;
pub mod pdf;
pub mod png;
pub mod world;

pub use fonts::Fonts;
pub use pdf::Standard;
pub use world::ReportWorld;
