//! The batch side of the output: per-document JSON files written atomically,
//! each document's rows spooled as it is written, then the combined CSV/SQLite
//! tables built for every JSON file in the folder (those this run did not
//! write are read back, one document in memory at a time), `--resume` support
//! and the merge of shard folders.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::atomic::{remove_stale_temps, sync_filesystem, write_atomic, Durability};
use super::csv::CsvTable;
use super::error::OutputError;
use super::json::{document_json_bytes, enum_name, DocJson};
use super::parquet::ParquetTable;
use super::rows::{self, Field, TableSpec};
use super::spool::Spool;
use super::sqlite::SqliteSink;
use crate::model::{Document, Stage};

/// Hidden work folder inside the output folder.
pub const WORK_DIR: &str = ".trichxuat";
/// Per-document JSON kept in the work folder when `--json` output is off.
const DOCS_SUBDIR: &str = "docs";
/// Errors of all runs into this folder, one JSON object per line.
const ERRORS_FILE: &str = "errors.jsonl";

/// Which outputs a run writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputOptions {
    /// Keep `OUT/<doc_id>.json` visible (otherwise they live in `OUT/.trichxuat/docs/`).
    pub json: bool,
    /// Write the combined CSV files.
    pub csv: bool,
    /// Write `trichxuat.sqlite`.
    pub sqlite: bool,
    /// Write one typed `<table>.parquet` per combined table.
    pub parquet: bool,
    /// CSVs meant for Excel: a UTF-8 BOM (so Excel reads Vietnamese as
    /// UTF-8) and text cells that Excel would run as a formula prefixed with
    /// `'`. Off, the CSVs hold the data exactly as read, for pandas, DuckDB, R.
    pub excel: bool,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions { json: true, csv: true, sqlite: true, parquet: false, excel: false }
    }
}

/// Counts over the combined tables, for the end-of-run message and exit code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Documents in the combined tables.
    pub documents: usize,
    /// Rows of errors.csv (inputs that failed, unreadable JSON files).
    pub failed: usize,
    /// Tables recovered.
    pub tables: usize,
    /// Rows of targets.csv.
    pub targets: usize,
    /// Rows of amounts.csv.
    pub amounts: usize,
    /// Rows of projects.csv.
    pub projects: usize,
    /// Rows of checks.csv.
    pub checks: usize,
    /// Checks with status `mismatch`.
    pub mismatches: usize,
    /// Documents whose input bytes equal an earlier document's (same sha256 at
    /// another path); each is still its own document.
    pub duplicates: usize,
}

/// One row of errors.csv.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct ErrorRow {
    file: String,
    stage: String,
    error: String,
}

/// One line of the work folder's append-only error log: an error, or the news
/// that a file recorded as failed has since been written as a document. Read in
/// order, the log gives the errors that still stand.
#[derive(Debug, Serialize, Deserialize)]
struct LogLine {
    file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    resolved: bool,
}

impl LogLine {
    fn error(row: &ErrorRow) -> LogLine {
        LogLine { file: row.file.clone(), stage: Some(row.stage.clone()), error: Some(row.error.clone()), resolved: false }
    }
    fn resolved(file: &str) -> LogLine {
        LogLine { file: file.to_string(), stage: None, error: None, resolved: true }
    }
}

/// The error log's open handle and the files it currently lists as failed.
#[derive(Debug, Default)]
struct ErrorLog {
    file: Option<File>,
    failed: HashSet<String>,
}

/// Writes one batch into an output folder; shared by reference between rayon
/// workers (every method takes `&self`).
pub struct BatchWriter {
    out_dir: PathBuf,
    opts: OutputOptions,
    errors: Mutex<ErrorLog>,
    /// Each document's rows, flattened as it is written.
    spool: Mutex<Spool>,
}

fn work_dir(out: &Path) -> PathBuf {
    out.join(WORK_DIR)
}
fn hidden_docs_dir(out: &Path) -> PathBuf {
    work_dir(out).join(DOCS_SUBDIR)
}

/// Rejects doc_ids that could escape the folder or hide a file.
fn check_doc_id(id: &str) -> Result<(), OutputError> {
    let ok = !id.is_empty()
        && !id.starts_with('.')
        && id.len() <= 200
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(OutputError::BadDocId(id.to_string()))
    }
}

fn create_dirs(out: &Path) -> Result<(), OutputError> {
    let docs = hidden_docs_dir(out);
    fs::create_dir_all(&docs).map_err(|e| OutputError::io("create folder", &docs, e))?;
    remove_stale_temps(out);
    remove_stale_temps(&work_dir(out));
    remove_stale_temps(&docs);
    Ok(())
}

/// Writes a document's JSON bytes under `id`: visible when `json` is on or a
/// visible copy already exists (so the two never disagree), else hidden.
fn store_json(out: &Path, id: &str, bytes: &[u8], json: bool) -> Result<PathBuf, OutputError> {
    check_doc_id(id)?;
    let visible = out.join(format!("{id}.json"));
    let hidden = hidden_docs_dir(out).join(format!("{id}.json"));
    let target = if json || visible.exists() { visible.clone() } else { hidden.clone() };
    write_atomic(&target, bytes, Durability::Deferred)?;
    if target == visible && hidden.exists() {
        fs::remove_file(&hidden).map_err(|e| OutputError::io("remove stale", &hidden, e))?;
    }
    Ok(target)
}

impl BatchWriter {
    /// Prepares `out_dir` (and its hidden work folder) for a run.
    pub fn create(out_dir: &Path, opts: OutputOptions) -> Result<BatchWriter, OutputError> {
        create_dirs(out_dir)?;
        let failed = load_errors(out_dir)?.into_iter().map(|e| e.file).collect();
        let spool = Mutex::new(Spool::create(&work_dir(out_dir), opts.csv, opts.sqlite, opts.excel)?);
        Ok(BatchWriter { out_dir: out_dir.to_path_buf(), opts, errors: Mutex::new(ErrorLog { file: None, failed }), spool })
    }

    /// Writes `OUT/<doc_id>.json` atomically and returns its path. An earlier
    /// error recorded for the same input file is marked resolved.
    pub fn write_document(&self, doc: &Document) -> Result<PathBuf, OutputError> {
        let mut json = DocJson::from_document(doc);
        json.doc_id = free_doc_id(&self.out_dir, &json.doc_id, &json.source)?;
        let bytes = document_json_bytes(&json)
            .map_err(|e| OutputError::Json { path: self.out_dir.join(format!("{}.json", json.doc_id)), source: e })?;
        let path = store_json(&self.out_dir, &json.doc_id, &bytes, self.opts.json)?;
        drop(bytes);
        self.spool.lock().unwrap_or_else(|p| p.into_inner()).add(&json)?;
        let mut log = self.errors.lock().unwrap_or_else(|p| p.into_inner());
        if log.failed.remove(&doc.source.file) {
            append_log(&mut log, &self.out_dir, &[LogLine::resolved(&doc.source.file)])?;
        }
        Ok(path)
    }

    /// Records an input that could not be processed (a row of errors.csv).
    pub fn record_error(&self, file: &str, stage: Stage, message: &str) -> Result<(), OutputError> {
        let row = ErrorRow { file: file.to_string(), stage: enum_name(&stage), error: message.to_string() };
        let mut log = self.errors.lock().unwrap_or_else(|p| p.into_inner());
        log.failed.insert(row.file.clone());
        append_log(&mut log, &self.out_dir, &[LogLine::error(&row)])
    }

    /// Builds every combined table for all JSON files in the folder: from
    /// the spool for the documents this writer wrote, from their JSON for the
    /// others.
    pub fn finish(self) -> Result<BatchSummary, OutputError> {
        let BatchWriter { out_dir, opts, errors, spool } = self;
        drop(errors);
        build(&out_dir, opts, spool.into_inner().unwrap_or_else(|p| p.into_inner()))
    }
}

fn errors_path(out: &Path) -> PathBuf {
    work_dir(out).join(ERRORS_FILE)
}

fn encode_log(lines: &[LogLine], path: &Path) -> Result<Vec<u8>, OutputError> {
    let mut buf = Vec::new();
    for line in lines {
        serde_json::to_writer(&mut buf, line).map_err(|e| OutputError::Json { path: path.to_path_buf(), source: e })?;
        buf.push(b'\n');
    }
    Ok(buf)
}

/// Appends to `out`'s error log (one write, then fsync).
fn append_log(log: &mut ErrorLog, out: &Path, lines: &[LogLine]) -> Result<(), OutputError> {
    let path = errors_path(out);
    if log.file.is_none() {
        let f = OpenOptions::new().create(true).append(true).open(&path).map_err(|e| OutputError::io("open", &path, e))?;
        log.file = Some(f);
    }
    let buf = encode_log(lines, &path)?;
    if let Some(f) = log.file.as_mut() {
        f.write_all(&buf).map_err(|e| OutputError::io("append to", &path, e))?;
        f.sync_data().map_err(|e| OutputError::io("fsync", &path, e))?;
    }
    Ok(())
}

/// Replaces `out`'s error log by exactly `rows` (atomically).
fn rewrite_log(out: &Path, rows: &[ErrorRow]) -> Result<(), OutputError> {
    let path = errors_path(out);
    let lines: Vec<LogLine> = rows.iter().map(LogLine::error).collect();
    write_atomic(&path, &encode_log(&lines, &path)?, Durability::Now)
}

/// The errors that still stand in `out`'s log, sorted and without repeats
/// (lines that do not parse are skipped).
fn load_errors(out: &Path) -> Result<Vec<ErrorRow>, OutputError> {
    let path = errors_path(out);
    let f = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(OutputError::io("open", &path, e)),
    };
    let mut rows: Vec<ErrorRow> = Vec::new();
    for line in BufReader::new(f).lines() {
        let line = line.map_err(|e| OutputError::io("read", &path, e))?;
        let Ok(entry) = serde_json::from_str::<LogLine>(&line) else {
            continue;
        };
        if entry.resolved {
            rows.retain(|r| r.file != entry.file);
        } else {
            rows.push(ErrorRow { file: entry.file, stage: entry.stage.unwrap_or_default(), error: entry.error.unwrap_or_default() });
        }
    }
    rows.sort();
    rows.dedup();
    Ok(rows)
}

/// One per-document JSON file of an output folder, kept small: a batch of
/// 100,000 documents lists them all before building the combined tables.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct DocFile {
    /// The file stem, which is the doc_id.
    id: Box<str>,
    /// In the hidden work folder rather than visible in `out`.
    hidden: bool,
}

impl DocFile {
    fn path(&self, out: &Path) -> PathBuf {
        let dir = if self.hidden { hidden_docs_dir(out) } else { out.to_path_buf() };
        dir.join(format!("{}.json", self.id))
    }
}

/// Per-document JSON files of a folder in doc_id (file stem) order, a visible
/// one winning over a hidden one of the same name.
fn list_docs(out: &Path) -> Result<Vec<DocFile>, OutputError> {
    let mut docs = Vec::new();
    for (dir, hidden) in [(out.to_path_buf(), false), (hidden_docs_dir(out), true)] {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(OutputError::io("list", &dir, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| OutputError::io("list", &dir, e))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            // The run manifest is no document.
            if !hidden && name == crate::output::manifest::MANIFEST_FILE {
                continue;
            }
            if let Some(stem) = name.strip_suffix(".json") {
                docs.push(DocFile { id: stem.into(), hidden });
            }
        }
    }
    docs.sort();
    docs.dedup_by(|later, first| later.id == first.id);
    docs.shrink_to_fit();
    Ok(docs)
}

/// An input's hex sha256 as its 32 bytes, so that the sets of inputs seen
/// stay small in a batch of 100,000 (anything else is hashed to 32 bytes).
fn sha_key(hex: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    let parsed = hex.len() == 64
        && key
            .iter_mut()
            .enumerate()
            .all(|(i, b)| hex.get(2 * i..2 * i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).map(|v| *b = v).is_some());
    if !parsed {
        use sha2::{Digest, Sha256};
        key = Sha256::digest(hex.as_bytes()).into();
    }
    key
}

/// Inputs already written into an output folder, by sha256 (for `--resume`).
#[derive(Debug, Default)]
pub struct DoneInputs(HashSet<[u8; 32]>);

impl DoneInputs {
    /// Whether the input with this hex sha256 is done.
    pub fn contains(&self, sha256_hex: &str) -> bool {
        self.0.contains(&sha_key(sha256_hex))
    }

    /// How many inputs are done.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no input is done yet.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn read_doc(path: &Path) -> Result<DocJson, String> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // UTF-8 checked once for the whole file, not string by string.
    let text = std::str::from_utf8(&bytes).map_err(|e| format!("not a trichxuat document JSON ({}): {e}", path.display()))?;
    serde_json::from_str::<DocJson>(text).map_err(|e| format!("not a trichxuat document JSON ({}): {e}", path.display()))
}

/// The input a stored document JSON was made from.
#[derive(Deserialize)]
struct StoredSource {
    #[serde(default)]
    file: String,
    sha256: String,
}

/// Just the head of a stored document JSON.
#[derive(Deserialize)]
struct StoredHead {
    source: StoredSource,
}

fn stored_source(path: &Path) -> Option<StoredSource> {
    let bytes = fs::read(path).ok()?;
    serde_json::from_slice::<StoredHead>(&bytes).ok().map(|h| h.source)
}

/// An input file's identity across runs: its canonical path when it exists
/// (so `corpus/a.txt`, `./corpus/a.txt` and `/data/corpus/a.txt` are one
/// input), else the path with `.` components dropped.
fn input_key(file: &str) -> String {
    match fs::canonicalize(file) {
        Ok(p) => p.to_string_lossy().into_owned(),
        Err(_) => Path::new(file)
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    }
}

/// Whether two recorded `source.file` values name the same input.
fn same_input(a: &str, b: &str) -> bool {
    a == b || input_key(a) == input_key(b)
}

/// The doc_id under which a document from `source` may be written into `out`:
/// `id` itself unless `id.json` already holds a different input file (left by
/// an earlier run over other inputs; the same file, changed or not, is
/// replaced, so a re-run never counts an input twice), else `id`
/// suffixed with a hash of the input's path, which no other input shares.
fn free_doc_id(out: &Path, id: &str, source: &super::json::SourceJson) -> Result<String, OutputError> {
    let taken = |candidate: &str| {
        [out.join(format!("{candidate}.json")), hidden_docs_dir(out).join(format!("{candidate}.json"))].iter().filter(|p| p.exists()).any(
            |p| match stored_source(p) {
                Some(s) => !same_input(&s.file, &source.file),
                None => false,
            },
        )
    };
    if !taken(id) {
        return Ok(id.to_string());
    }
    // Only now, on a clash, is the path hashed (not for every document written).
    let hash = crate::model::Source::sha256_hex(source.file.as_bytes());
    [format!("{id}-{}", &hash[..8]), format!("{id}-{hash}")]
        .into_iter()
        .find(|c| !taken(c))
        .ok_or_else(|| OutputError::DocIdTaken(id.to_string()))
}

/// The inputs already written into `out_dir` (for `--resume`).
pub fn done_hashes(out_dir: &Path) -> DoneInputs {
    let mut set = HashSet::new();
    if let Ok(docs) = list_docs(out_dir) {
        for doc in &docs {
            if let Some(s) = stored_source(&doc.path(out_dir)) {
                set.insert(sha_key(&s.sha256));
            }
        }
    }
    DoneInputs(set)
}

/// The combined outputs being written.
struct Sinks {
    csv: Option<Vec<(&'static str, CsvTable)>>,
    db: Option<SqliteSink>,
    parquet: Option<Vec<(&'static str, ParquetTable)>>,
}

impl Sinks {
    fn create(out: &Path, opts: OutputOptions, stage: Option<super::atomic::AtomicPath>) -> Result<Sinks, OutputError> {
        let csv = if opts.csv {
            let mut v = Vec::new();
            for spec in rows::ALL_TABLES {
                v.push((spec.name, CsvTable::create(out, spec, opts.excel)?));
            }
            Some(v)
        } else {
            None
        };
        let db = if opts.sqlite { Some(SqliteSink::create(out, stage)?) } else { None };
        let parquet = if opts.parquet {
            let mut v = Vec::new();
            for spec in rows::ALL_TABLES {
                v.push((spec.name, ParquetTable::create(out, spec)?));
            }
            Some(v)
        } else {
            None
        };
        Ok(Sinks { csv, db, parquet })
    }

    /// Appends CSV rows rendered by the spool to `spec`'s file.
    fn rendered(&mut self, spec: &TableSpec, bytes: &[u8]) -> Result<(), OutputError> {
        if let Some((_, t)) = self.csv.as_mut().and_then(|tables| tables.iter_mut().find(|(n, _)| *n == spec.name)) {
            t.write_rendered(bytes)?;
        }
        Ok(())
    }

    /// A row of one of the tables the spool does not hold (documents, errors),
    /// to every output.
    fn direct_row(&mut self, spec: &TableSpec, row: &[Field<'_>]) -> Result<(), OutputError> {
        if let Some((_, t)) = self.csv.as_mut().and_then(|tables| tables.iter_mut().find(|(n, _)| *n == spec.name)) {
            t.write(row)?;
        }
        if let Some(db) = self.db.as_ref() {
            db.insert(spec, row)?;
        }
        self.parquet_row(spec, row)
    }

    /// A row to the Parquet files only (the spool holds no typed fact rows).
    fn parquet_row(&mut self, spec: &TableSpec, row: &[Field<'_>]) -> Result<(), OutputError> {
        if let Some((_, t)) = self.parquet.as_mut().and_then(|tables| tables.iter_mut().find(|(n, _)| *n == spec.name)) {
            t.write(row)?;
        }
        Ok(())
    }

    /// Finishes every output, runs `before_publish` (the sync that puts the
    /// documents on disk), then renames the outputs into place.
    fn commit(self, before_publish: impl FnOnce() -> Result<(), OutputError>) -> Result<(), OutputError> {
        let Sinks { mut csv, db, parquet } = self;
        for (_, t) in csv.iter_mut().flatten() {
            t.flush()?;
        }
        let db = db.map(SqliteSink::seal).transpose()?;
        before_publish()?;
        for (_, t) in csv.into_iter().flatten() {
            t.commit()?;
        }
        if let Some(db) = db {
            db.commit()?;
        }
        for (_, t) in parquet.into_iter().flatten() {
            t.commit()?;
        }
        Ok(())
    }
}

/// Builds documents/targets/amounts/projects/checks/warnings/errors CSV and
/// the SQLite file from every per-document JSON in `out` and the recorded
/// errors. The documents this run wrote are in `spool` already; the others
/// are read (one at a time) and spooled first. Same files in, same bytes out.
fn build(out: &Path, opts: OutputOptions, mut spool: Spool) -> Result<BatchSummary, OutputError> {
    let docs = list_docs(out)?;
    let mut errors = load_errors(out)?;
    // Keep the log short across re-runs: only the errors that still stand.
    rewrite_log(out, &errors)?;
    // Every document readable and named after its doc_id is spooled; the
    // copies of each decision are then known before any row is written.
    let mut listed: Vec<&DocFile> = Vec::with_capacity(docs.len());
    for doc in &docs {
        if !spool.contains(&doc.id) {
            let path = &doc.path(out);
            let d = match read_doc(path) {
                Ok(d) => d,
                Err(msg) => {
                    errors.push(ErrorRow { file: path.display().to_string(), stage: "output".into(), error: msg });
                    continue;
                }
            };
            if *d.doc_id != *doc.id {
                // Doc_ids are unique because file names are; a JSON file renamed
                // by hand would break that.
                errors.push(ErrorRow {
                    file: path.display().to_string(),
                    stage: "output".into(),
                    error: format!("holds doc_id {:?}, which is not its file name", d.doc_id),
                });
                continue;
            }
            spool.add(&d)?;
        }
        listed.push(doc);
    }
    let mut copies = super::decisions::DecisionCopies::default();
    let mut seen_sha: HashSet<[u8; 32]> = HashSet::new();
    for doc in &listed {
        if let Some(s) = spool.get(&doc.id) {
            // Byte-identical inputs at two paths: the first one stands for the decision.
            if seen_sha.insert(sha_key(&s.sha256)) {
                copies.add(s.decision_key.clone(), s.kind, &s.file, &doc.id);
            }
        }
    }
    let (mut records, stage) = spool.close()?;
    let mut sinks = Sinks::create(out, opts, stage)?;
    let mut summary = BatchSummary::default();
    let mut seen_sha: HashSet<[u8; 32]> = HashSet::new();
    for doc in &listed {
        let Some((spooled, record)) = records.record(&doc.id)? else { continue };
        // Byte-identical inputs at two paths are two documents (each input
        // has its row); they are counted so the summary can say so.
        if !seen_sha.insert(sha_key(&spooled.sha256)) {
            summary.duplicates += 1;
        }
        summary.documents += 1;
        summary.tables += record.rows(0);
        summary.targets += record.rows(1);
        summary.amounts += record.rows(2);
        summary.projects += record.rows(3);
        summary.checks += record.rows(4);
        summary.mismatches += record.mismatches();
        let ctx = copies.context(spooled.decision_key.clone(), &doc.id);
        let duplicate = ctx.duplicate_of.is_some();
        sinks.direct_row(&rows::DOCUMENTS, &record.document_row(&ctx))?;
        record.write_csv(duplicate, |spec, bytes| sinks.rendered(spec, bytes))?;
        if let Some(db) = &sinks.db {
            for (spec, range) in rows::FACT_TABLES.iter().zip(spooled.staged) {
                if let Some(range) = range {
                    db.copy_staged(spec, range, duplicate)?;
                }
            }
        }
        if sinks.parquet.is_some() {
            // Parquet takes typed rows: the document is read again for it.
            let d = read_doc(&doc.path(out)).map_err(|msg| OutputError::io("read", doc.path(out), std::io::Error::other(msg)))?;
            rows::fact_rows(&d, &ctx, |spec, row| sinks.parquet_row(spec, &row))?;
        }
    }
    // The spool (and the stage, as the database is sealed) go before the
    // sync: their pages need never reach the disk.
    drop(records);
    errors.sort();
    errors.dedup();
    summary.failed = errors.len();
    for e in &errors {
        let row = [Field::Text(e.file.as_str().into()), Field::Text(e.stage.as_str().into()), Field::Text(e.error.as_str().into())];
        sinks.direct_row(&rows::ERRORS, &row)?;
    }
    // Every document's JSON is on disk before tables that list it appear.
    sinks.commit(|| sync_filesystem(out))?;
    Ok(summary)
}

/// Combines shard output folders into `out`: per-document JSON files are
/// copied (a doc_id taken by a different input gets a `-2`, `-3` … suffix),
/// error records are joined, then the combined tables are built as by
/// [`BatchWriter::finish`]. An input already in `out` (the same file, by its
/// canonical path) is replaced by the most recently written version, so a
/// shard re-run after an input changed never leaves both versions; the same
/// version met twice is kept once.
pub fn merge(dirs: &[PathBuf], out: &Path, opts: OutputOptions) -> Result<BatchSummary, OutputError> {
    create_dirs(out)?;
    let mut ids: HashSet<String> = HashSet::new();
    // Input (canonical path) → (doc_id in `out`, sha256, when written).
    let mut inputs: std::collections::HashMap<String, (String, String, std::time::SystemTime)> = std::collections::HashMap::new();
    // Input files that have a document in `out`: an error recorded for one of
    // them elsewhere was overtaken by a successful run.
    let mut files: HashSet<String> = HashSet::new();
    let written = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH);
    for doc in list_docs(out)? {
        let path = doc.path(out);
        if let Ok(d) = read_doc(&path) {
            inputs.insert(input_key(&d.source.file), (doc.id.to_string(), d.source.sha256, written(&path)));
            files.insert(d.source.file);
        }
        ids.insert(doc.id.into());
    }
    let mut errors = load_errors(out)?;
    for dir in dirs {
        for doc in list_docs(dir)? {
            let path = doc.path(dir);
            let mut d = match read_doc(&path) {
                Ok(d) => d,
                Err(msg) => {
                    errors.push(ErrorRow { file: path.display().to_string(), stage: "output".into(), error: msg });
                    continue;
                }
            };
            files.insert(d.source.file.clone());
            let key = input_key(&d.source.file);
            let when = written(&path);
            if let Some((old_id, old_sha, old_when)) = inputs.get(&key).cloned() {
                if old_sha == d.source.sha256 || old_when > when {
                    continue; // this version is there already, or a newer one is
                }
                // An older version of the same input: it goes, its id is free again.
                for p in [out.join(format!("{old_id}.json")), hidden_docs_dir(out).join(format!("{old_id}.json"))] {
                    if p.exists() {
                        fs::remove_file(&p).map_err(|e| OutputError::io("remove replaced", &p, e))?;
                    }
                }
                ids.remove(&old_id);
            }
            let bytes = if ids.contains(&d.doc_id) {
                let base = d.doc_id.clone();
                let mut n = 2u32;
                while ids.contains(&format!("{base}-{n}")) {
                    n += 1;
                }
                d.doc_id = format!("{base}-{n}");
                document_json_bytes(&d).map_err(|e| OutputError::Json { path: path.clone(), source: e })?
            } else {
                fs::read(&path).map_err(|e| OutputError::io("read", &path, e))?
            };
            if check_doc_id(&d.doc_id).is_err() {
                errors.push(ErrorRow {
                    file: path.display().to_string(),
                    stage: "output".into(),
                    error: format!("doc_id {:?} is not a safe file name", d.doc_id),
                });
                continue;
            }
            store_json(out, &d.doc_id, &bytes, opts.json)?;
            inputs.insert(key, (d.doc_id.clone(), d.source.sha256.clone(), when));
            ids.insert(d.doc_id);
        }
        errors.extend(load_errors(dir)?);
    }
    errors.retain(|e| !files.contains(&e.file));
    errors.sort();
    errors.dedup();
    rewrite_log(out, &errors)?;
    sync_filesystem(out)?;
    build(out, opts, Spool::create(&work_dir(out), opts.csv, opts.sqlite, opts.excel)?)
}
