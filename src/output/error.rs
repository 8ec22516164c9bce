//! The one error type of the output stage: every variant names the file and
//! the operation that failed, so a message on stderr is enough to act on.

use std::path::PathBuf;

/// Why the output stage could not write or rebuild a file.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file-system operation failed.
    #[error("could not {op} {}: {source}", path.display())]
    Io {
        /// What we tried to do ("create", "rename to documents.csv", …).
        op: String,
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A per-document JSON file could not be encoded or decoded.
    #[error("JSON {}: {source}", path.display())]
    Json {
        /// The JSON file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// A CSV file could not be written.
    #[error("CSV {}: {source}", path.display())]
    Csv {
        /// The CSV file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: ::csv::Error,
    },
    /// The SQLite file could not be written.
    #[error("SQLite {}: {source}", path.display())]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: rusqlite::Error,
    },
    /// A doc_id that is not a safe file name (empty, a path, hidden).
    #[error("doc_id {0:?} is not a safe file name (use letters, digits, '-', '_', '.')")]
    BadDocId(String),
    /// Every file name this document could take already holds another input.
    #[error("doc_id {0:?} and its fallbacks are taken by other inputs in this output folder")]
    DocIdTaken(String),
}

impl OutputError {
    /// Whether the error concerns one document only (its name or its JSON), so
    /// the batch records it and goes on, rather than a folder it cannot write.
    pub fn is_per_document(&self) -> bool {
        matches!(self, OutputError::BadDocId(_) | OutputError::DocIdTaken(_) | OutputError::Json { .. })
    }

    /// Wraps an I/O error with what was being done to which path.
    pub(crate) fn io(op: impl Into<String>, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        OutputError::Io { op: op.into(), path: path.into(), source }
    }
}
