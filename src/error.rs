//! Errors that stop one document (never the batch).

use crate::model::Stage;

/// Why a document could not be processed; becomes one row of `errors.csv`.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("empty file")]
    Empty,
    #[error("not a PDF or a text file: {0}")]
    UnknownFormat(String),
    #[error("encrypted PDF: {0}")]
    Encrypted(String),
    #[error("broken PDF: {0}")]
    BrokenPdf(String),
    #[error("text encoding: {0}")]
    Encoding(String),
    #[error("file too large: {size} bytes (limit {limit})")]
    TooLarge { size: u64, limit: u64 },
    #[error("timed out after {0} s")]
    Timeout(u64),
    #[error("OCR failed: {0}")]
    Ocr(String),
    #[error("not a regular file ({0}): cannot be read as a document")]
    NotAFile(&'static str),
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// Read without error, but nothing worth a document came out.
    #[error("{0}")]
    NothingRecognised(String),
    #[error("{0}")]
    Other(String),
}

impl DocError {
    /// Stage to report in `errors.csv`.
    pub fn stage(&self) -> Stage {
        match self {
            DocError::Io(_) | DocError::NotAFile(_) | DocError::TooLarge { .. } => Stage::Read,
            _ => Stage::Extract,
        }
    }
}
