//! PDF inputs: text layer or OCR per page.

use super::{ExtractOptions, Extracted};
use crate::error::DocError;

/// `%PDF-` within the first KiB.
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes.len() >= 5 && bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-")
}

/// Reads a PDF (not yet implemented).
pub fn read_pdf(_bytes: &[u8], _opts: &ExtractOptions) -> Result<Extracted, DocError> {
    Err(DocError::Other("PDF input not supported yet".into()))
}
