//! Output stage: the per-document JSON of the contract and the combined
//! CSV/SQLite tables, written so that a killed run never leaves a half-written
//! file and a re-run reproduces the same bytes.
//!
//! - [`json`]: [`json::document_json`], the contract's per-document JSON.
//! - [`BatchWriter`]: concurrent per-document writes, then [`BatchWriter::finish`]
//!   rebuilds documents/targets/amounts/projects/checks/errors CSV and
//!   `trichxuat.sqlite` from all JSON files in the folder.
//! - [`merge`]: combines shard folders; [`done_hashes`]: inputs already done (`--resume`).
//! - [`grid::render_table`]: a table as aligned text for `trichxuat inspect`.

pub mod atomic;
mod batch;
pub mod csv;
pub mod decisions;
pub mod dictionary;
pub mod error;
pub mod grid;
pub mod json;
pub mod manifest;
pub mod parquet;
pub mod rows;
pub mod sqlite;

pub use batch::{done_hashes, merge, BatchSummary, BatchWriter, DoneInputs, OutputOptions, WORK_DIR};
pub use error::OutputError;

#[cfg(test)]
pub(crate) mod testdoc;
#[cfg(test)]
mod tests;
