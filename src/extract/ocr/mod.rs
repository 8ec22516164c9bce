//! Scanned pages through Tesseract OCR (placeholder; see issue 3).

use super::ExtractOptions;
use crate::error::DocError;
use crate::model::Page;

/// OCRs one PDF page (its image object, or a rendering) into lines of cells.
pub fn ocr_pdf_page(
    _pdf: &lopdf::Document,
    _page_number: u32,
    _page_id: lopdf::ObjectId,
    _opts: &ExtractOptions,
) -> Result<Page, DocError> {
    Err(DocError::Ocr("OCR not implemented yet".into()))
}
