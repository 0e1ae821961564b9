//! Page previews: one PNG per page.

use typst_layout::{Page, PagedDocument};

use crate::error::{Error, Result};

/// Each page as PNG bytes, at 2 pixels per point (144 dpi), which is
/// readable on screen.
pub fn pages(doc: &PagedDocument) -> Result<Vec<Vec<u8>>> {
    doc.pages().iter().map(|p| page(p, 2.0)).collect()
}

/// One page as PNG bytes, at `scale` pixels per point.
pub fn page(page: &Page, scale: f32) -> Result<Vec<u8>> {
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(scale as f64),
        ..Default::default()
    };
    typst_render::render(page, &options)
        .encode_png()
        .map_err(|e| Error::Export(format!("  PNG: {e}")))
}

/// A fingerprint of what a page shows: equal for pages that draw the same,
/// so a preview re-renders and re-sends only pages that changed.
pub fn fingerprint(page: &Page) -> u128 {
    typst::utils::hash128(page)
}
