//! Plain-text inputs (placeholder; filled in by the text reader).
use super::Extracted;
use crate::error::DocError;

/// Reads a text file into one page of lines.
pub fn read_text(_bytes: &[u8]) -> Result<Extracted, DocError> {
    Err(DocError::Other("text input not supported yet".into()))
}
