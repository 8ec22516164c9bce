//! The native half of the `trichxuat` Python package: runs the real pipeline
//! in-process (no subprocess, no binary on PATH) and tells the Python half the
//! combined tables' columns and types, so its DataFrames get the same types as
//! the CSV, SQLite and Parquet outputs from one definition.

use std::path::PathBuf;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use trichxuat::extract::ExtractOptions;
use trichxuat::output::{ColumnType, OutputOptions, ALL_TABLES};
use trichxuat::pipeline::{run_batch, BatchEvents, BatchOptions, DocumentOutcome, RunOptions};

/// The batch's events on stderr: failed inputs always, a line per document
/// written unless `quiet` (the library itself prints nothing).
struct Stderr {
    quiet: bool,
}

impl BatchEvents for Stderr {
    fn on_document(&self, file: &str, doc_id: &str, outcome: DocumentOutcome) {
        if !self.quiet && outcome == DocumentOutcome::Written {
            eprintln!("done: {file} → {doc_id}");
        }
    }

    fn on_error(&self, file: &str, _stage: trichxuat::model::Stage, message: &str) {
        eprintln!("error: {file}: {message}");
    }
}

/// Runs `extract` over `paths` into `out` (JSON, CSV, SQLite and, when
/// `parquet`, Parquet) and returns the run's counts as a dict.
#[pyfunction]
#[pyo3(signature = (paths, out, jobs=0, parquet=true, quiet=true))]
fn run(py: Python<'_>, paths: Vec<PathBuf>, out: PathBuf, jobs: usize, parquet: bool, quiet: bool) -> PyResult<PyObject> {
    let opts = BatchOptions {
        run: RunOptions {
            extract: ExtractOptions { ocr_cache: Some(out.join(".trichxuat").join("ocr-cache")), ..ExtractOptions::default() },
            max_file_bytes: Some(512 << 20),
        },
        output: OutputOptions { parquet, ..OutputOptions::default() },
        jobs,
        resume: false,
        shard: None,
        // In-process: the wheel ships no `trichxuat` executable to start workers from.
        workers: None,
        corrections: None,
    };
    // The pipeline runs its own worker threads; let other Python threads run meanwhile.
    let report = py.allow_threads(|| run_batch(&paths, &out, &opts, &Stderr { quiet })).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    let s = report.summary.unwrap_or_default();
    let d = pyo3::types::PyDict::new(py);
    d.set_item("inputs", report.inputs)?;
    d.set_item("processed", report.processed)?;
    d.set_item("failed", report.failed)?;
    d.set_item("documents", s.documents)?;
    d.set_item("amounts", s.amounts)?;
    d.set_item("mismatches", s.mismatches)?;
    d.set_item("seconds", report.seconds)?;
    Ok(d.into_any().unbind())
}

/// `{table: [(column, type, nullable), …]}` with type one of text, integer,
/// decimal, boolean.
#[pyfunction]
fn columns(py: Python<'_>) -> PyResult<PyObject> {
    let d = pyo3::types::PyDict::new(py);
    for spec in ALL_TABLES {
        let cols: Vec<(&str, &str, bool)> = spec
            .columns
            .iter()
            .map(|c| {
                let ty = match c.ty {
                    ColumnType::Text => "text",
                    ColumnType::Int => "integer",
                    ColumnType::Real => "decimal",
                    ColumnType::Bool => "boolean",
                };
                (c.name, ty, !(c.constraint.contains("NOT NULL") || c.constraint.contains("PRIMARY KEY")))
            })
            .collect();
        d.set_item(spec.name, cols)?;
    }
    Ok(d.into_any().unbind())
}

/// The tool's version and commit, as in `manifest.json`.
#[pyfunction]
fn version() -> (String, String) {
    let t = trichxuat::output::tool();
    (t.version.to_string(), t.commit.to_string())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(columns, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
