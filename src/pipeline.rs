//! Runs the stages for one file, and for a batch with isolation per document.

use crate::error::DocError;
use crate::extract::{self, ExtractOptions};
use crate::model::{Document, Source};
use crate::normalize::slug;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Options for one run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub extract: ExtractOptions,
    /// Largest input accepted, in bytes.
    pub max_file_bytes: Option<u64>,
}

/// The doc_id stem for a path: lower-case ASCII slug of the file stem.
pub fn doc_id_for(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    // Strip all extensions (".text.pdf" keeps ".text" in the id so text and PDF inputs differ).
    let stem = name.strip_suffix(".txt").or_else(|| name.strip_suffix(".pdf")).unwrap_or(&name);
    let s = slug(stem);
    if s.is_empty() {
        "document".to_string()
    } else {
        s
    }
}

/// Hex SHA-256 of the input bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs every stage on one input's bytes.
pub fn process_bytes(file: &str, doc_id: String, bytes: &[u8], opts: &RunOptions) -> Result<Document, DocError> {
    let ex = extract::extract(bytes, &opts.extract)?;
    let source = Source { file: file.to_string(), sha256: sha256_hex(bytes), kind: ex.kind, pages: ex.page_count };
    let mut doc = Document::new(doc_id, source, ex.pages);
    doc.warnings.extend(ex.warnings);
    crate::tables::recover_tables(&mut doc);
    crate::map::map_meta(&mut doc);
    // Checks run before facts are mapped: they may add derived cells.
    crate::check::check_document(&mut doc);
    crate::map::facts::map_facts(&mut doc);
    Ok(doc)
}

/// Reads and processes one file.
pub fn process_file(path: &Path, doc_id: String, opts: &RunOptions) -> Result<Document, DocError> {
    let meta = std::fs::metadata(path)?;
    if let Some(limit) = opts.max_file_bytes {
        if meta.len() > limit {
            return Err(DocError::TooLarge { size: meta.len(), limit });
        }
    }
    let bytes = std::fs::read(path)?;
    process_bytes(&path.to_string_lossy(), doc_id, &bytes, opts)
}
