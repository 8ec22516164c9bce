//! Runs the stages for one file, and for a batch with isolation per document.

use crate::error::DocError;
use crate::extract::{self, ExtractOptions};
use crate::model::{Document, Source, Stage};
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

/// Longest doc_id made from a file name; longer slugs are cut and end in a
/// hash of the whole slug, so two long names sharing a beginning stay apart.
pub const MAX_DOC_ID: usize = 120;

/// The doc_id stem for a path: lower-case ASCII slug of the file stem.
pub fn doc_id_for(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    // Only the input extension goes (".text.pdf" keeps ".text" in the id so
    // text and PDF inputs differ), whatever its case ("UPPER.TXT").
    let lower = name.to_ascii_lowercase();
    let stem = if lower.ends_with(".txt") || lower.ends_with(".pdf") { &name[..name.len() - 4] } else { &name };
    let s = slug(stem);
    if s.is_empty() {
        return "document".to_string();
    }
    if s.len() <= MAX_DOC_ID {
        return s;
    }
    let hash = Source::sha256_hex(s.as_bytes());
    let head = s[..MAX_DOC_ID - 17].trim_end_matches('-');
    format!("{head}-{}", &hash[..16])
}

/// Runs every stage on one input's bytes.
pub fn process_bytes(file: &str, doc_id: String, bytes: &[u8], opts: &RunOptions) -> Result<Document, DocError> {
    process_bytes_traced(file, doc_id, bytes, opts, &mut |_| {})
}

/// [`process_bytes`], calling `trace` with the name of each stage as it
/// starts, so that a worker process can tell its parent what it was doing if
/// it dies.
pub fn process_bytes_traced(
    file: &str,
    doc_id: String,
    bytes: &[u8],
    opts: &RunOptions,
    trace: &mut dyn FnMut(&str),
) -> Result<Document, DocError> {
    trace("extract");
    if file.to_ascii_lowercase().ends_with(".pdf") && !crate::extract::pdf::looks_like_pdf(bytes) && !bytes.is_empty() {
        return Err(DocError::UnknownFormat(format!("named .pdf but holds {}", crate::extract::not_a_pdf(bytes))));
    }
    let ex = extract::extract(bytes, &opts.extract)?;
    let source = Source { file: file.to_string(), sha256: Source::sha256_hex(bytes), kind: ex.kind, pages: ex.page_count };
    let mut doc = Document::new(doc_id, source, ex.pages);
    doc.warnings.extend(ex.warnings);
    report_ocr_repairs(&mut doc);
    // A scanned document keeps extraction's warnings, to be rebuilt from its
    // pages when a figure that breaks a total is read again.
    let scanned = doc.pages.iter().any(|p| p.route == crate::model::PageRoute::Ocr);
    let extract_warnings = scanned.then(|| doc.warnings.clone());
    trace("tables");
    crate::tables::recover_tables(&mut doc);
    trace("map");
    crate::map::map_meta(&mut doc);
    // Checks run before facts are mapped: they may add derived cells.
    trace("check");
    crate::check::check_document(&mut doc);
    if let Some(warnings) = extract_warnings {
        trace("reread");
        doc = reread_broken_totals(doc, warnings, bytes, opts);
    }
    trace("map");
    crate::map::map_facts(&mut doc);
    if let Some(why) = nothing_read(&doc) {
        return Err(DocError::NothingRecognised(why));
    }
    Ok(doc)
}

/// Reads again the scanned figures that break a total (see [`crate::reread`]);
/// the document is rebuilt from its pages for every reading tried. When the
/// cells cannot be read again (Tesseract gone, the deadline passed) the
/// document stays as it was, with a warning.
fn reread_broken_totals(doc: Document, warnings: Vec<crate::model::Warning>, bytes: &[u8], opts: &RunOptions) -> Document {
    let suspects = crate::reread::suspects(&doc);
    if suspects.is_empty() {
        return doc;
    }
    let cells: Vec<extract::CellOnScan> = suspects.iter().map(|s| s.at.clone()).collect();
    let readings = match extract::reread_scanned_cells(bytes, &cells, &opts.extract) {
        Ok(r) => r,
        Err(e) => {
            let mut doc = doc;
            doc.warnings.push(crate::model::Warning {
                stage: Stage::Extract,
                message: format!("figures that break a total could not be read again: {e}"),
            });
            return doc;
        }
    };
    let (doc_id, source) = (doc.doc_id.clone(), doc.source.clone());
    let rebuild = |pages: Vec<crate::model::Page>| -> Document {
        let mut d = Document::new(doc_id.clone(), source.clone(), pages);
        d.warnings = warnings.clone();
        crate::tables::recover_tables(&mut d);
        crate::map::map_meta(&mut d);
        crate::check::check_document(&mut d);
        d
    };
    crate::reread::settle(doc, &suspects, &readings, &rebuild)
}

/// Why a processed document is a failure rather than a document: every page
/// was scanned and none could be read (Tesseract missing, OCR off), or
/// nothing at all was recognised (no table, no fact, no metadata). `None`
/// for a document worth keeping.
fn nothing_read(doc: &Document) -> Option<String> {
    let ocr_pages = doc.pages.iter().filter(|p| p.route == crate::model::PageRoute::Ocr).count();
    let unread = doc.pages.iter().filter(|p| p.route == crate::model::PageRoute::Ocr && p.lines.is_empty()).count();
    let ocr_note = || {
        doc.warnings
            .iter()
            .map(|w| w.message.as_str())
            .find(|m| m.contains("OCR failed") || m.contains("OCR is off") || m.contains("OCR crashed"))
            .unwrap_or("no text was read from the page images")
            .to_string()
    };
    if ocr_pages > 0 && unread == doc.pages.len() {
        return Some(format!("none of the {ocr_pages} scanned pages could be read ({})", ocr_note()));
    }
    let empty = doc.tables.is_empty()
        && doc.targets.is_empty()
        && doc.amounts.is_empty()
        && doc.projects.is_empty()
        && doc.meta == crate::model::DocumentMeta::default();
    if !empty {
        return None;
    }
    let lines = doc.lines().filter(|l| !l.text.trim().is_empty()).count();
    let mut why = format!("nothing recognised: no table, no figure and no metadata in {lines} lines of text");
    if unread > 0 {
        why.push_str(&format!("; {unread} scanned pages could not be read ({})", ocr_note()));
    }
    Some(why)
}

/// Lists the unambiguous lexicon repairs of OCRed lines as warnings. Labels
/// keep the text as read (so it can be found again on the page); the repairs
/// are used only where words are matched (categories).
fn report_ocr_repairs(doc: &mut Document) {
    const MAX: usize = 200;
    let mut found = Vec::new();
    for page in doc.pages.iter().filter(|p| p.route == crate::model::PageRoute::Ocr) {
        for line in &page.lines {
            for (read, fixed) in crate::normalize::lexicon::repairs(&line.text) {
                found.push(format!("page {} line {}: OCR \"{read}\" taken as \"{fixed}\"", line.page, line.number));
            }
        }
    }
    let n = found.len();
    for w in found.into_iter().take(MAX) {
        doc.warn(crate::model::Stage::Normalize, w);
    }
    if n > MAX {
        doc.warn(crate::model::Stage::Normalize, format!("{} more OCR repairs not listed", n - MAX));
    }
}

/// Reads one input's bytes, refusing what is not a regular file (a FIFO would
/// block the batch for ever, a device never ends) and what is over the limit.
pub fn read_input(path: &Path, max_file_bytes: Option<u64>) -> Result<Vec<u8>, DocError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        let kind = if meta.is_dir() {
            "a folder"
        } else {
            #[cfg(unix)]
            {
                use std::os::unix::fs::FileTypeExt;
                let t = meta.file_type();
                if t.is_fifo() {
                    "a named pipe"
                } else if t.is_socket() {
                    "a socket"
                } else if t.is_block_device() || t.is_char_device() {
                    "a device"
                } else {
                    "a special file"
                }
            }
            #[cfg(not(unix))]
            {
                "a special file"
            }
        };
        return Err(DocError::NotAFile(kind));
    }
    if let Some(limit) = max_file_bytes {
        if meta.len() > limit {
            return Err(DocError::TooLarge { size: meta.len(), limit });
        }
    }
    Ok(std::fs::read(path)?)
}

/// Reads and processes one file.
pub fn process_file(path: &Path, doc_id: String, opts: &RunOptions) -> Result<Document, DocError> {
    let bytes = read_input(path, opts.max_file_bytes)?;
    process_bytes(&path.to_string_lossy(), doc_id, &bytes, opts)
}

/// Options of a batch run (the `extract` command).
#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub run: RunOptions,
    pub output: crate::output::OutputOptions,
    /// Worker threads; 0 = all cores.
    pub jobs: usize,
    /// Skip inputs whose sha256 already has a document in the output folder.
    pub resume: bool,
    /// Take only shard `k` of `n` (1-based) of the sorted inputs.
    pub shard: Option<(usize, usize)>,
    /// Run each input in a worker process (the command line does); `None`
    /// runs them on threads of this process (library users, tests).
    pub workers: Option<crate::worker::WorkerSpec>,
    /// Reviewers' corrections (`--corrections`): the file they came from and
    /// its rows, applied to each document before it is written.
    pub corrections: Option<std::sync::Arc<(String, Vec<crate::corrections::Correction>)>>,
}

/// What a batch run did.
#[derive(Debug, Default)]
pub struct BatchReport {
    pub inputs: usize,
    pub processed: usize,
    pub skipped: usize,
    pub failed: usize,
    pub summary: Option<crate::output::BatchSummary>,
    pub seconds: f64,
}

/// What became of an input that did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentOutcome {
    /// Processed, and its document written to the output folder.
    Written,
    /// Left alone: an input with the same bytes already has a document in
    /// the output folder (`resume`).
    Skipped,
}

/// What a batch tells whoever runs it, as it happens. The library draws and
/// prints nothing itself, so that it can run under a progress bar, in a
/// Python notebook or in a test alike: the command line renders these events
/// on stderr, a test records them. Methods are called from worker threads
/// (hence `Sync`) and all do nothing unless overridden.
///
/// Every input of the run gets exactly one [`on_document`](Self::on_document)
/// or [`on_error`](Self::on_error). Paths that could not even be searched
/// for inputs are reported by `on_error` before [`on_start`](Self::on_start)
/// and are not among its `documents`.
pub trait BatchEvents: Sync {
    /// The inputs to process are known (after sharding): `documents` of them.
    fn on_start(&self, _documents: usize) {}
    /// One input done: written under `doc_id`, or skipped as done before.
    fn on_document(&self, _file: &str, _doc_id: &str, _outcome: DocumentOutcome) {}
    /// One input failed (it is listed in `errors.csv`): the stage and why.
    fn on_error(&self, _file: &str, _stage: crate::model::Stage, _message: &str) {}
    /// Every input has been processed; the combined tables are written next.
    fn on_finish(&self) {}
}

/// Nobody listening: the events are dropped.
impl BatchEvents for () {}

/// One input found by [`discover`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    /// The path relative to the argument it was found under (the file name for
    /// a file given directly), with `/` separators: the same on every machine
    /// and whatever the working folder, so `--shard` splits by it and inputs
    /// (hence doc_id suffixes) are ordered by it.
    pub key: String,
    /// The path as reached from the arguments (what `source.file` records).
    pub path: std::path::PathBuf,
}

fn relative_key(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).ok().filter(|r| !r.as_os_str().is_empty());
    let rel = rel.unwrap_or_else(|| path.file_name().map(Path::new).unwrap_or(path));
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

/// Input files under the given paths: files as given, folders searched
/// recursively for `.txt` and `.pdf`; symlink loops are visited once.
pub fn discover(paths: &[std::path::PathBuf]) -> (Vec<InputFile>, Vec<(String, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut seen_dirs = std::collections::HashSet::new();
    let mut stack: Vec<(std::path::PathBuf, usize)> = paths.iter().cloned().enumerate().map(|(i, p)| (p, i)).collect();
    stack.reverse();
    while let Some((p, root)) = stack.pop() {
        let meta = match std::fs::metadata(&p) {
            Ok(m) => m,
            Err(e) => {
                errors.push((p.display().to_string(), format!("cannot read: {e}")));
                continue;
            }
        };
        if meta.is_dir() {
            let canon = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
            if !seen_dirs.insert(canon) {
                continue;
            }
            match std::fs::read_dir(&p) {
                Ok(rd) => {
                    let mut entries: Vec<std::path::PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
                    entries.sort();
                    entries.reverse();
                    for e in entries {
                        let is_dir = std::fs::metadata(&e).map(|m| m.is_dir()).unwrap_or(false);
                        let ext = e.extension().map(|x| x.to_string_lossy().to_lowercase()).unwrap_or_default();
                        let hidden = e.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
                        if hidden {
                            continue;
                        }
                        if is_dir || ext == "txt" || ext == "pdf" {
                            stack.push((e, root));
                        }
                    }
                }
                Err(e) => errors.push((p.display().to_string(), format!("cannot list folder: {e}"))),
            }
        } else {
            let key = relative_key(&paths[root], &p);
            files.push(InputFile { path: p, key });
        }
    }
    files.sort();
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.path.clone()));
    (files, errors)
}

/// Whether the input with shard key `key` belongs to shard `k` of `n` (1-based):
/// a hash of the key, so the split is even and the same on every machine.
pub fn in_shard(key: &str, k: usize, n: usize) -> bool {
    let h = Sha256::digest(key.as_bytes());
    let v = u64::from_le_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]);
    n > 0 && (v % n as u64) as usize == k.wrapping_sub(1)
}

/// Unique doc_ids for a sorted list of inputs: the stem's slug; on a collision
/// the later inputs get `-2`, `-3` …, skipping any suffix that is another
/// input's own id (`ke_hoach_2.txt` keeps `ke-hoach-2`).
pub fn assign_doc_ids(files: &[InputFile]) -> Vec<String> {
    let bases: Vec<String> = files.iter().map(|f| doc_id_for(&f.path)).collect();
    let natural: std::collections::HashSet<&str> = bases.iter().map(String::as_str).collect();
    // `manifest.json` sits beside the documents: no document may take its name.
    let reserved = crate::output::manifest::MANIFEST_FILE.trim_end_matches(".json");
    let mut used: std::collections::HashSet<String> = std::iter::once(reserved.to_string()).collect();
    bases
        .iter()
        .map(|base| {
            if used.insert(base.clone()) {
                return base.clone();
            }
            let mut n = 2usize;
            loop {
                let candidate = format!("{base}-{n}");
                if !natural.contains(candidate.as_str()) && used.insert(candidate.clone()) {
                    return candidate;
                }
                n += 1;
            }
        })
        .collect()
}

/// The message of a caught panic.
pub fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Applies the reviewers' corrections that name this document, noting in
/// `results` (one slot per correction row) whether each was applied or why not.
fn apply_corrections(
    doc: &mut Document,
    corrections: &[crate::corrections::Correction],
    results: &std::sync::Mutex<Vec<Option<Result<(), String>>>>,
) {
    let mine: Vec<usize> = (0..corrections.len()).filter(|&k| corrections[k].doc_id == doc.doc_id).collect();
    if mine.is_empty() {
        return;
    }
    let rows: Vec<&crate::corrections::Correction> = mine.iter().map(|&k| &corrections[k]).collect();
    let applied = crate::corrections::apply(doc, &rows);
    if let Ok(mut all) = results.lock() {
        for (k, r) in mine.into_iter().zip(applied) {
            if let Some(slot) = all.get_mut(k) {
                *slot = Some(r);
            }
        }
    }
}

/// A processed input on its way to the writer: read in this process, or
/// still as its worker encoded it.
enum Processed {
    Ready(Box<Document>),
    Encoded(crate::worker::Encoded),
}

impl Processed {
    fn into_document(self) -> Result<Document, (Stage, String)> {
        match self {
            Processed::Ready(doc) => Ok(*doc),
            Processed::Encoded(e) => e.decode(),
        }
    }
}

/// Processes one input's bytes with isolation: an error, a panic or a timeout
/// becomes an `Err` with its stage and message, never a crash of the batch.
pub fn process_isolated(file: &str, bytes: Vec<u8>, doc_id: String, opts: &RunOptions) -> Result<Document, (crate::model::Stage, String)> {
    let run = {
        let file = file.to_string();
        let opts = opts.clone();
        move || std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process_bytes(&file, doc_id, &bytes, &opts)))
    };
    let outcome = match opts.extract.timeout {
        None => run(),
        Some(limit) => {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let _ = tx.send(run());
            });
            match rx.recv_timeout(limit) {
                Ok(r) => r,
                Err(_) => return Err((crate::model::Stage::Extract, DocError::Timeout(limit.as_secs()).to_string())),
            }
        }
    };
    match outcome {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err((e.stage(), e.to_string())),
        Err(p) => Err((crate::model::Stage::Extract, format!("internal error (panic): {}", panic_message(p)))),
    }
}

/// The options of a run as recorded in `OUT/manifest.json` (a password is
/// noted as given, never written).
fn run_options_json(opts: &BatchOptions) -> serde_json::Value {
    let o = &opts.output;
    let formats: Vec<&str> = [("json", o.json), ("csv", o.csv), ("sqlite", o.sqlite), ("parquet", o.parquet)]
        .into_iter()
        .filter_map(|(n, on)| on.then_some(n))
        .collect();
    serde_json::json!({
        "format": formats,
        "excel": o.excel,
        "jobs": opts.jobs,
        "resume": opts.resume,
        "shard": opts.shard.map(|(k, n)| format!("{k}/{n}")),
        "timeout_secs": opts.run.extract.timeout.map(|t| t.as_secs()),
        "max_file_bytes": opts.run.max_file_bytes,
        "ocr": opts.run.extract.ocr,
        "ocr_cache": opts.run.extract.ocr_cache.as_ref().map(|p| p.display().to_string()),
        "password_given": opts.run.extract.password.is_some(),
    })
}

/// Runs a whole batch: discovers inputs, processes them in parallel with
/// per-document isolation, writes each document as it finishes and the
/// combined CSV/SQLite at the end. What happens along the way goes to
/// `events` (the library itself prints nothing).
pub fn run_batch(
    paths: &[std::path::PathBuf],
    out: &Path,
    opts: &BatchOptions,
    events: &dyn BatchEvents,
) -> Result<BatchReport, crate::output::OutputError> {
    use rayon::prelude::*;
    let start = std::time::Instant::now();
    let started = std::time::SystemTime::now();
    let (files, discover_errors) = discover(paths);
    let ids_all = assign_doc_ids(&files);
    let pairs: Vec<(std::path::PathBuf, String)> = files
        .into_iter()
        .zip(ids_all)
        .filter(|(f, _)| opts.shard.is_none_or(|(k, n)| in_shard(&f.key, k, n)))
        .map(|(f, id)| (f.path, id))
        .collect();
    let writer = crate::output::BatchWriter::create(out, opts.output)?;
    for (f, msg) in &discover_errors {
        events.on_error(f, crate::model::Stage::Read, msg);
        writer.record_error(f, crate::model::Stage::Read, msg)?;
    }
    let done = if opts.resume { crate::output::done_hashes(out) } else { crate::output::DoneInputs::default() };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(opts.jobs).build().map_err(|e| crate::output::OutputError::Io {
        op: "start worker threads".into(),
        path: out.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    events.on_start(pairs.len());
    let workers = opts.workers.clone().map(|spec| crate::worker::WorkerPool::new(spec, &opts.run));
    let counts = std::sync::Mutex::new((0usize, 0usize, 0usize));
    // per correction row: applied, or why not (unset: its document was not processed)
    let correction_results: std::sync::Mutex<Vec<Option<Result<(), String>>>> =
        std::sync::Mutex::new(vec![None; opts.corrections.as_ref().map(|c| c.1.len()).unwrap_or(0)]);
    // Two stages at once: the batch's threads hand inputs to the workers; one
    // writer thread reads each finished document back, applies the reviewers'
    // corrections and writes its outputs while the worker already reads the
    // next input. A fatal output error ends the writer, and with it the run.
    let (to_writer, finished) = std::sync::mpsc::sync_channel::<(String, String, Result<Processed, (Stage, String)>)>(opts.jobs.max(1) * 2);
    let result: Result<(), crate::output::OutputError> = std::thread::scope(|scope| {
        let writer_thread = scope.spawn(|| -> Result<(), crate::output::OutputError> {
            for (file, id, processed) in finished {
                let processed = processed.and_then(Processed::into_document).map(|mut doc| {
                    if let Some(set) = &opts.corrections {
                        apply_corrections(&mut doc, &set.1, &correction_results);
                    }
                    doc
                });
                let outcome = match processed {
                    Ok(doc) => match writer.write_document(&doc) {
                        Ok(_) => Ok(()),
                        Err(e) if e.is_per_document() => Err((Stage::Output, e.to_string())),
                        Err(e) => return Err(e),
                    },
                    Err(failure) => Err(failure),
                };
                match outcome {
                    Ok(()) => {
                        if let Ok(mut c) = counts.lock() {
                            c.0 += 1;
                        }
                        events.on_document(&file, &id, DocumentOutcome::Written);
                    }
                    Err((stage, msg)) => {
                        events.on_error(&file, stage, &msg);
                        writer.record_error(&file, stage, &msg)?;
                        if let Ok(mut c) = counts.lock() {
                            c.2 += 1;
                        }
                    }
                }
            }
            Ok(())
        });
        // Err(()) here only when the writer has stopped; its error says why.
        let _ = pool.install(|| {
            pairs.par_iter().try_for_each(|(path, id)| {
                let file = path.to_string_lossy().to_string();
                // One read per input: the resume check and the pipeline share the bytes.
                let read = read_input(path, opts.run.max_file_bytes).map_err(|e| (e.stage(), e.to_string()));
                if let Ok(bytes) = &read {
                    if opts.resume && done.contains(&Source::sha256_hex(bytes)) {
                        if let Ok(mut c) = counts.lock() {
                            c.1 += 1;
                        }
                        events.on_document(&file, id, DocumentOutcome::Skipped);
                        return Ok(());
                    }
                }
                let processed = read.and_then(|bytes| match &workers {
                    Some(pool) => pool.process(&file, id.clone(), &bytes).map(Processed::Encoded),
                    None => process_isolated(&file, bytes, id.clone(), &opts.run).map(|d| Processed::Ready(Box::new(d))),
                });
                to_writer.send((file, id.clone(), processed)).map_err(|_| ())
            })
        });
        drop(to_writer);
        writer_thread.join().unwrap_or_else(|p| {
            Err(crate::output::OutputError::Io {
                op: "write documents".into(),
                path: out.to_path_buf(),
                source: std::io::Error::other(format!("internal error (panic): {}", panic_message(p))),
            })
        })
    });
    events.on_finish();
    drop(workers);
    result?;
    // A correction that changed nothing is an error row, never ignored.
    let mut correction_errors = 0usize;
    if let Some(set) = &opts.corrections {
        let results = correction_results.into_inner().unwrap_or_default();
        for (c, r) in set.1.iter().zip(results) {
            let why = match r {
                Some(Ok(())) => continue,
                Some(Err(why)) => why,
                None => format!("document {:?} was not processed in this run", c.doc_id),
            };
            let msg = format!("{}: {why}", c.describe());
            events.on_error(&set.0, crate::model::Stage::Check, &msg);
            writer.record_error(&set.0, crate::model::Stage::Check, &msg)?;
            correction_errors += 1;
        }
    }
    // The input list and the resume set are not needed to build the tables;
    // freeing them first keeps peak memory flat in the number of inputs.
    let inputs = pairs.len() + discover_errors.len();
    drop(pairs);
    drop(done);
    let summary = writer.finish()?;
    let (processed, skipped, failed) = counts.into_inner().unwrap_or((0, 0, 0));
    let mut manifest = crate::output::manifest::RunManifest::new(
        "extract",
        run_options_json(opts),
        paths.iter().map(|p| p.display().to_string()).collect(),
        started,
    );
    manifest.counts = crate::output::manifest::RunCounts {
        inputs,
        processed,
        skipped,
        failed: failed + discover_errors.len() + correction_errors,
        ..Default::default()
    }
    .with_summary(&summary);
    manifest.write(out)?;
    Ok(BatchReport {
        inputs,
        processed,
        skipped,
        failed: failed + discover_errors.len() + correction_errors,
        summary: Some(summary),
        seconds: start.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn input(path: &str) -> InputFile {
        InputFile { key: path.to_string(), path: PathBuf::from(path) }
    }

    #[test]
    fn no_document_takes_the_manifests_name() {
        let ids = assign_doc_ids(&[input("a/manifest.txt"), input("b/Manifest.pdf")]);
        assert_eq!(ids, vec!["manifest-2".to_string(), "manifest-3".to_string()]);
    }

    #[test]
    fn a_suffixed_doc_id_never_takes_another_inputs_own_id() {
        let files = [input("2019/ke_hoach.txt"), input("2019/ke_hoach_2.txt"), input("2020/ke_hoach.txt"), input("2021/ke_hoach.pdf")];
        let ids = assign_doc_ids(&files);
        assert_eq!(ids, ["ke-hoach", "ke-hoach-2", "ke-hoach-3", "ke-hoach-4"]);
    }

    #[test]
    fn shard_keys_do_not_depend_on_how_the_folder_is_spelled() {
        let a = relative_key(Path::new("/data/corpus"), Path::new("/data/corpus/2019/qd.txt"));
        let b = relative_key(Path::new("./corpus"), Path::new("./corpus/2019/qd.txt"));
        let c = relative_key(Path::new("corpus/2019/qd.txt"), Path::new("corpus/2019/qd.txt"));
        assert_eq!((a.as_str(), b.as_str(), c.as_str()), ("2019/qd.txt", "2019/qd.txt", "qd.txt"));
    }

    #[test]
    fn shards_cover_every_input_once_and_evenly() {
        let n = 4;
        let mut sizes = vec![0usize; n];
        for i in 0..4000 {
            let key = format!("{}/doc_{i}.pdf", 2010 + i % 7);
            let owners: Vec<usize> = (1..=n).filter(|&k| in_shard(&key, k, n)).collect();
            assert_eq!(owners.len(), 1, "{key} in shards {owners:?}");
            sizes[owners[0] - 1] += 1;
        }
        assert!(sizes.iter().all(|&s| (900..=1100).contains(&s)), "uneven split {sizes:?}");
        assert!(!in_shard("x", 1, 0), "no shard of zero");
    }
}
