//! Output stage: the per-document JSON of the contract and the combined
//! CSV/SQLite tables, written so that a killed run never leaves a half-written
//! file and a re-run reproduces the same bytes.
//!
//! - `json`: the contract's per-document JSON ([`document_json_bytes`]).
//! - [`BatchWriter`]: per-document writes, each document's rows flattened as it
//!   is written (`spool`), then [`BatchWriter::finish`] builds
//!   documents/targets/amounts/projects/checks/errors CSV and
//!   `trichxuat.sqlite` for every JSON file in the folder (those this run did
//!   not write are read back).
//! - [`merge`]: combines shard folders; [`done_hashes`]: inputs already done (`--resume`).
//! - [`grid::render_table`]: a table as aligned text for `trichxuat inspect`.

pub(crate) mod atomic;
mod batch;
pub(crate) mod csv;
pub(crate) mod decisions;
pub(crate) mod dictionary;
pub(crate) mod error;
pub(crate) mod grid;
pub(crate) mod json;
pub(crate) mod manifest;
pub(crate) mod parquet;
pub(crate) mod rows;
mod spool;
pub(crate) mod sqlite;

pub use batch::{done_hashes, merge, BatchSummary, BatchWriter, DoneInputs, OutputOptions, WORK_DIR};
pub use dictionary::{columns_markdown, undescribed_fields};
pub use error::OutputError;
pub use grid::render_table;
pub use manifest::{merge_with_manifest, tool, ToolInfo};
pub use rows::{ColumnSpec, ColumnType, TableSpec, ALL_TABLES};

/// The bytes of a document's `<doc_id>.json`, as a batch writes them (for
/// benchmarks and embedders that write files of their own).
pub fn document_json_bytes(doc: &crate::model::Document) -> Result<Vec<u8>, serde_json::Error> {
    json::document_json_bytes(&json::DocJson::from_document(doc))
}

#[cfg(test)]
pub(crate) mod testdoc;
#[cfg(test)]
mod tests;
