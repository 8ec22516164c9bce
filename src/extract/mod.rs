//! Stage 1: bytes → pages of lines of cells.
//!
//! Plain text keeps its tab-separated cells and line numbers; PDFs are routed
//! per page to the text layer or to OCR.

pub mod ocr;
pub mod pdf;
pub mod text;

use crate::error::DocError;
use crate::model::{Page, SourceKind, Warning};
use std::time::Duration;

/// Knobs for extraction that the CLI exposes.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Password for encrypted PDFs.
    pub password: Option<String>,
    /// Per-document deadline.
    pub timeout: Option<Duration>,
    /// Folder for the OCR cache (page image hash → OCR result).
    pub ocr_cache: Option<std::path::PathBuf>,
    /// Cap on one decompressed PDF stream, against decompression bombs.
    pub max_stream_bytes: u64,
    /// OCR pages without a usable text layer (off: they are left empty, with a warning).
    pub ocr: bool,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions { password: None, timeout: None, ocr_cache: None, max_stream_bytes: 256 << 20, ocr: true }
    }
}

/// What extraction yields for one input.
#[derive(Debug)]
pub struct Extracted {
    pub kind: SourceKind,
    /// Page count for PDFs.
    pub page_count: Option<u32>,
    pub pages: Vec<Page>,
    pub warnings: Vec<Warning>,
}

/// Reads one input, deciding text vs PDF from the bytes (not the file name).
pub fn extract(bytes: &[u8], opts: &ExtractOptions) -> Result<Extracted, DocError> {
    if bytes.is_empty() {
        return Err(DocError::Empty);
    }
    if pdf::looks_like_pdf(bytes) {
        return pdf::read_pdf(bytes, opts);
    }
    text::read_text(bytes)
}
