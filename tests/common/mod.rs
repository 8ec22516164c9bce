//! Helpers shared by the end-to-end tests: the crate root and fresh scratch
//! folders (one per test and process, so tests run in parallel).
#![allow(dead_code)]

use std::path::PathBuf;

/// The crate root, where `fixtures/` lives.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An empty scratch folder `trichxuat-<suite>-<name>-<pid>` in the temp dir.
pub fn scratch(suite: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("trichxuat-{suite}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A per-document JSON file of an output folder (not the run's `manifest.json`).
pub fn is_document_json(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|x| x == "json") && path.file_name().is_some_and(|n| n != "manifest.json")
}

/// The shared scorer (`fixtures/gold/score.py`, a copy of `../shared/eval`)
/// over an output folder against a gold folder: its whole JSON summary.
pub fn score(gold: &std::path::Path, pred: &std::path::Path) -> serde_json::Value {
    let o = std::process::Command::new("python3")
        .arg(root().join("fixtures/gold/score.py"))
        .arg("--gold")
        .arg(gold)
        .arg("--pred")
        .arg(pred)
        .arg("--json")
        .output()
        .expect("python3 runs the scorer");
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("scorer JSON: {e}: {}", String::from_utf8_lossy(&o.stderr)))
}
