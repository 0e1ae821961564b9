//! Page previews: one PNG per page.

use typst_layout::PagedDocument;

use crate::error::{Error, Result};

/// Each page as PNG bytes, at 2 pixels per point (144 dpi), which is
/// readable on screen.
pub fn pages(doc: &PagedDocument) -> Result<Vec<Vec<u8>>> {
    doc.pages()
        .iter()
        .map(|page| {
            typst_render::render(page, &typst_render::RenderOptions::default())
                .encode_png()
                .map_err(|e| Error::Export(format!("  PNG: {e}")))
        })
        .collect()
}
