//! Stage 1: bytes → pages of lines of cells.
//!
//! Plain text keeps its tab-separated cells and line numbers; PDFs are routed
//! per page to the text layer or to OCR.

mod grid;
mod ocr;
pub(crate) mod pdf;
mod text;

pub use ocr::reread::CellOnScan;
pub use ocr::tesseract::library_version as ocr_engine_version;
pub use pdf::read_pdf;

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

/// Reads scanned table cells of a PDF again, other ways than the first time
/// (`ocr::reread::reread_cells`): for each cell, its other readings.
pub fn reread_scanned_cells(bytes: &[u8], cells: &[CellOnScan], opts: &ExtractOptions) -> Result<Vec<Vec<String>>, DocError> {
    let mut warnings = Vec::new();
    let pdf = pdf::load(bytes, opts, &mut warnings)?;
    ocr::tesseract::check_available()?;
    ocr::reread::reread_cells(&pdf, cells, opts)
}

/// Reads one input, deciding text vs PDF from the bytes (not the file name).
/// Archives, images, office files and other known binary formats are named
/// in the error rather than read as text.
pub fn extract(bytes: &[u8], opts: &ExtractOptions) -> Result<Extracted, DocError> {
    if bytes.is_empty() {
        return Err(DocError::Empty);
    }
    if pdf::looks_like_pdf(bytes) {
        return pdf::read_pdf(bytes, opts);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(DocError::UnknownFormat(format!("the file is {kind}, not a document this tool reads")));
    }
    text::read_text(bytes)
}

/// Magic numbers of formats an archive of documents also holds.
const MAGIC: &[(&[u8], &str)] = &[
    (b"PK\x03\x04", "a zip archive (or a .docx/.xlsx/.odt file)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office 97-2003 file (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"GIF8", "a GIF image"),
    (b"AT&TFORM", "a DjVu document"),
];

/// What a known non-document binary format is, from its first bytes.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    MAGIC.iter().find(|(m, _)| bytes.starts_with(m)).map(|(_, k)| *k)
}

/// What the bytes of an input named `.pdf` hold when they are not a PDF: a
/// web page saved in its place, plain text, or a known binary format.
pub fn not_a_pdf(bytes: &[u8]) -> String {
    if let Some(kind) = binary_kind(bytes) {
        return kind.to_string();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<head>") || head.contains("<body") {
        "an HTML page (a web server's error or login page saved as .pdf?)".to_string()
    } else if head.starts_with("<?xml") || head.starts_with('<') {
        "an XML or markup file".to_string()
    } else if text::read_text(bytes).is_ok() {
        "plain text".to_string()
    } else {
        "unrecognised binary data".to_string()
    }
}
