//! `OUT/manifest.json`: what made the files in an output folder — the tool's
//! version and commit, Tesseract's version and `vie` model, the options, when
//! the run started and ended, and what it counted — so a figure found in a
//! table a year later can be traced to the software that read it. `merge`
//! writes one listing the shards it combined, each shard's manifest inside.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use serde::Serialize;
use serde_json::Value;

use super::atomic::{write_atomic, Durability};
use super::batch::BatchSummary;
use super::error::OutputError;

/// File name of the manifest in an output folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The program that wrote the outputs.
#[derive(Debug, Clone, Serialize)]
pub struct ToolInfo {
    pub name: &'static str,
    /// Crate version.
    pub version: &'static str,
    /// Git commit the binary was built from ("unknown" outside a checkout).
    pub commit: &'static str,
}

/// This build of trichxuat.
pub fn tool() -> ToolInfo {
    ToolInfo { name: env!("CARGO_PKG_NAME"), version: env!("CARGO_PKG_VERSION"), commit: env!("TRICHXUAT_GIT_COMMIT") }
}

/// The OCR engine scanned pages went through.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TesseractInfo {
    /// The Tesseract library that read the pages ("tesseract 5.3.0").
    pub version: String,
    /// The model's file (`…/vie.traineddata`), when found.
    pub model: Option<String>,
    /// SHA-256 of the model file: two "vie" models read differently.
    pub model_sha256: Option<String>,
}

fn run(cmd: &str, args: &[&str]) -> Option<String> {
    let o = Command::new(cmd).args(args).output().ok()?;
    // Older Tesseracts print the version on stderr.
    let mut s = String::from_utf8_lossy(&o.stdout).to_string();
    s.push_str(&String::from_utf8_lossy(&o.stderr));
    Some(s)
}

/// The folder `tesseract --list-langs` reads models from.
fn tessdata_dir(list_langs: &str) -> Option<PathBuf> {
    let first = list_langs.lines().find(|l| l.contains("available languages"))?;
    let start = first.find('"')? + 1;
    let end = first[start..].find('"')? + start;
    Some(PathBuf::from(&first[start..end]))
}

/// Tesseract's version (the library OCR runs in) and its `vie` model, when
/// found (`None` only where no version can be had).
pub fn tesseract() -> Option<TesseractInfo> {
    let version = format!("tesseract {}", crate::extract::ocr_engine_version());
    let model = std::env::var_os("TESSDATA_PREFIX")
        .map(PathBuf::from)
        .or_else(|| run("tesseract", &["--list-langs"]).as_deref().and_then(tessdata_dir))
        .map(|d| d.join("vie.traineddata"))
        .filter(|p| p.is_file());
    let model_sha256 = model.as_ref().and_then(|p| std::fs::read(p).ok()).map(|b| crate::model::Source::sha256_hex(&b));
    Some(TesseractInfo { version, model: model.map(|p| p.display().to_string()), model_sha256 })
}

/// An instant as RFC 3339 UTC ("2026-12-02T18:30:00Z").
pub fn timestamp(t: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// What a run counted.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunCounts {
    /// Inputs found (files given or found in folders, this shard only).
    pub inputs: usize,
    /// Inputs processed into a document this run.
    pub processed: usize,
    /// Inputs skipped by `--resume`.
    pub skipped: usize,
    /// Inputs that failed (rows of errors.csv added this run).
    pub failed: usize,
    /// Documents in the combined tables (all runs into the folder).
    pub documents: usize,
    pub tables: usize,
    pub targets: usize,
    pub amounts: usize,
    pub projects: usize,
    pub checks: usize,
    pub mismatches: usize,
}

impl RunCounts {
    /// The combined tables' counts from a finished batch.
    pub fn with_summary(mut self, s: &BatchSummary) -> RunCounts {
        self.documents = s.documents;
        self.tables = s.tables;
        self.targets = s.targets;
        self.amounts = s.amounts;
        self.projects = s.projects;
        self.checks = s.checks;
        self.mismatches = s.mismatches;
        self
    }
}

/// One shard combined by `merge`.
#[derive(Debug, Clone, Serialize)]
pub struct ShardEntry {
    /// The shard folder as given.
    pub dir: String,
    /// Its own manifest, when it has one.
    pub manifest: Option<Value>,
}

/// The whole manifest.
#[derive(Debug, Clone, Serialize)]
pub struct RunManifest {
    /// "extract" or "merge".
    pub command: &'static str,
    pub tool: ToolInfo,
    /// `None` when Tesseract is not installed (no page could be OCRed).
    pub tesseract: Option<TesseractInfo>,
    /// The options the run was given (never a password).
    pub options: Value,
    /// Inputs as given on the command line.
    pub inputs: Vec<String>,
    pub started: String,
    pub ended: String,
    pub counts: RunCounts,
    /// For `merge`: the shards combined.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shards: Vec<ShardEntry>,
}

impl RunManifest {
    /// A manifest for `command`, tool and Tesseract filled in.
    pub fn new(command: &'static str, options: Value, inputs: Vec<String>, started: SystemTime) -> RunManifest {
        RunManifest {
            command,
            tool: tool(),
            tesseract: tesseract(),
            options,
            inputs,
            started: timestamp(started),
            ended: timestamp(SystemTime::now()),
            counts: RunCounts::default(),
            shards: Vec::new(),
        }
    }

    /// Writes `out/manifest.json` (atomically, ended = now).
    pub fn write(mut self, out: &Path) -> Result<(), OutputError> {
        self.ended = timestamp(SystemTime::now());
        let path = out.join(MANIFEST_FILE);
        let mut bytes = serde_json::to_vec_pretty(&self).map_err(|e| OutputError::Json { path: path.clone(), source: e })?;
        bytes.push(b'\n');
        write_atomic(&path, &bytes, Durability::Now)
    }
}

/// The shards' entries for a merge manifest: each folder with its manifest
/// (an unreadable one is listed without).
pub fn shard_entries(dirs: &[PathBuf]) -> Vec<ShardEntry> {
    dirs.iter()
        .map(|d| ShardEntry {
            dir: d.display().to_string(),
            manifest: std::fs::read(d.join(MANIFEST_FILE)).ok().and_then(|b| serde_json::from_slice(&b).ok()),
        })
        .collect()
}

/// `merge` followed by its manifest: the shards combined, each with its own
/// manifest, and the merged counts.
pub fn merge_with_manifest(dirs: &[PathBuf], out: &Path, opts: super::OutputOptions) -> Result<BatchSummary, OutputError> {
    let started = SystemTime::now();
    let summary = super::merge(dirs, out, opts)?;
    let options = serde_json::json!({ "excel": opts.excel, "parquet": opts.parquet });
    let mut m = RunManifest::new("merge", options, dirs.iter().map(|d| d.display().to_string()).collect(), started);
    m.counts = RunCounts { failed: summary.failed, ..Default::default() }.with_summary(&summary);
    m.shards = shard_entries(dirs);
    m.write(out)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_utc() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_764_700_200);
        assert_eq!(timestamp(t), "2025-12-02T18:30:00Z");
    }

    #[test]
    fn tessdata_folder_from_list_langs() {
        let out = "List of available languages in \"/usr/share/tesseract-ocr/5/tessdata/\" (3):\neng\nosd\nvie\n";
        assert_eq!(tessdata_dir(out), Some(PathBuf::from("/usr/share/tesseract-ocr/5/tessdata/")));
        assert_eq!(tessdata_dir("nothing"), None);
    }

    #[test]
    fn manifest_is_written_with_tool_and_times() {
        let dir = tempfile::tempdir().unwrap();
        let m = RunManifest::new("extract", serde_json::json!({"jobs": 2}), vec!["a.txt".into()], SystemTime::now());
        m.write(dir.path()).unwrap();
        let v: Value = serde_json::from_slice(&std::fs::read(dir.path().join(MANIFEST_FILE)).unwrap()).unwrap();
        assert_eq!(v["tool"]["name"], "trichxuat");
        assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
        assert!(!v["tool"]["commit"].as_str().unwrap().is_empty());
        assert!(v["started"].as_str().unwrap().ends_with('Z'));
        assert_eq!(v["options"]["jobs"], 2);
        assert!(v.get("shards").is_none());
    }
}
