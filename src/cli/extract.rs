//! `extract`: the batch over files and folders, rendered on stderr (progress,
//! errors, the closing summary).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use trichxuat::extract::ExtractOptions;
use trichxuat::output::OutputOptions;
use trichxuat::pipeline::{run_batch, BatchEvents, BatchOptions, RunOptions};

use super::progress::{StderrEvents, Verbosity};
use super::usage_error;

#[derive(clap::Args)]
pub struct Args {
    /// Input files or folders (folders are searched recursively for .txt and .pdf).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(long, default_value_t = 0)]
    jobs: usize,
    /// Outputs to write, comma-separated: json, csv, sqlite, parquet.
    #[arg(long, default_value = "json,csv,sqlite", value_delimiter = ',')]
    format: Vec<String>,
    /// Skip inputs already done in the output folder (by sha256).
    #[arg(long)]
    resume: bool,
    /// Process only shard K of N (e.g. 2/8), a deterministic split of the inputs.
    #[arg(long, value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// Per-document time limit in seconds (0 = no limit); a document over it is stopped and listed in errors.csv.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
    /// Address space allowed to each document's worker process, in MiB (0 = no limit).
    #[arg(long, default_value_t = 1536)]
    max_memory_mb: u64,
    /// Run documents on threads of this process instead of worker processes
    /// (a crash in one document then ends the run).
    #[arg(long, hide = true)]
    in_process: bool,
    /// Password for encrypted PDFs.
    #[arg(long)]
    password: Option<String>,
    /// Largest input file accepted, in MiB.
    #[arg(long, default_value_t = 512)]
    max_size_mb: u64,
    /// CSVs for Excel: a UTF-8 BOM and text that Excel would run as a formula prefixed with '.
    #[arg(long)]
    excel: bool,
    /// Folder for cached OCR results (default: OUT/.trichxuat/ocr-cache).
    #[arg(long)]
    ocr_cache: Option<PathBuf>,
    /// Do not OCR scanned pages (they are left empty, with a warning).
    #[arg(long)]
    no_ocr: bool,
    /// Print errors only (no progress, no summary).
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print a line per document.
    #[arg(long, short)]
    verbose: bool,
    /// Reviewers' corrections (CSV: doc_id, kind, table, row, year, source, field, value, note).
    #[arg(long)]
    corrections: Option<PathBuf>,
}

/// The output formats `--format` accepts.
const FORMATS: [&str; 4] = ["json", "csv", "sqlite", "parquet"];

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 2/8")?;
    let k: usize = k.trim().parse().map_err(|_| "K must be a number")?;
    let n: usize = n.trim().parse().map_err(|_| "N must be a number")?;
    if n == 0 || k == 0 || k > n {
        return Err("need 1 <= K <= N".into());
    }
    Ok((k, n))
}

/// Runs `extract`: 0 when every input became a document, 1 when some
/// failed (listed in errors.csv), 2 when the output could not be written.
pub fn run(args: Args) -> ExitCode {
    let Args {
        paths,
        out,
        jobs,
        format,
        resume,
        shard,
        timeout,
        max_memory_mb,
        in_process,
        password,
        max_size_mb,
        excel,
        ocr_cache,
        no_ocr,
        quiet,
        verbose,
        corrections,
    } = args;
    let verbosity = if quiet {
        Verbosity::Quiet
    } else if verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let formats: Vec<String> = format.iter().map(|f| f.trim().to_ascii_lowercase()).filter(|f| !f.is_empty()).collect();
    if let Some(bad) = formats.iter().find(|f| !FORMATS.contains(&f.as_str())) {
        usage_error(format!("unknown output format '{bad}' in --format (known: {})", FORMATS.join(", ")));
    }
    if formats.is_empty() {
        usage_error(format!("--format names no output (known: {})", FORMATS.join(", ")));
    }
    if max_size_mb == 0 {
        usage_error("--max-size-mb 0 would refuse every input".into());
    }
    if out.exists() && !out.is_dir() {
        usage_error(format!("--out {} is a file, not a folder", out.display()));
    }
    let has = |f: &str| formats.iter().any(|x| x == f);
    let timeout = (timeout > 0).then(|| Duration::from_secs(timeout));
    let workers = if in_process {
        None
    } else {
        let memory = (max_memory_mb > 0).then(|| max_memory_mb.saturating_mul(1 << 20));
        match trichxuat::worker::WorkerSpec::current_exe(memory) {
            Ok(spec) => Some(spec),
            Err(e) => {
                eprintln!("trichxuat: cannot find its own executable to start workers ({e}); running documents in-process");
                None
            }
        }
    };
    let opts = BatchOptions {
        run: RunOptions {
            extract: ExtractOptions {
                password,
                timeout,
                ocr_cache: Some(ocr_cache.unwrap_or_else(|| out.join(".trichxuat").join("ocr-cache"))),
                ocr: !no_ocr,
                ..ExtractOptions::default()
            },
            max_file_bytes: Some(max_size_mb.saturating_mul(1 << 20)),
        },
        output: OutputOptions { json: has("json"), csv: has("csv"), sqlite: has("sqlite"), parquet: has("parquet"), excel },
        jobs,
        resume,
        shard,
        workers,
        corrections: corrections.map(|p| match trichxuat::corrections::load(&p) {
            Ok(rows) => std::sync::Arc::new((p.display().to_string(), rows)),
            Err(e) => usage_error(format!("--corrections: {e}")),
        }),
    };
    let events = StderrEvents::new(verbosity);
    let result = run_batch(&paths, &out, &opts, &events);
    events.on_finish();
    match result {
        Ok(r) if quiet => ExitCode::from(if r.failed > 0 { 1 } else { 0 }),
        Ok(r) => {
            let s = r.summary.unwrap_or_default();
            let rate = if r.seconds > 0.0 { r.processed as f64 / r.seconds } else { 0.0 };
            eprintln!("trichxuat: {} inputs in {:.1} s ({:.0} documents/s)", r.inputs, r.seconds, rate);
            eprintln!("  documents  done {}   failed {}   skipped (resume) {}", r.processed, r.failed, r.skipped);
            if s.duplicates > 0 {
                eprintln!("  duplicates {} documents have the same bytes as another input (each kept as its own document)", s.duplicates);
            }
            eprintln!("  facts      {} tables   {} targets   {} amounts   {} projects", s.tables, s.targets, s.amounts, s.projects);
            eprintln!("  checks     {} made   {} mismatches", s.checks, s.mismatches);
            eprintln!("  output     {}{}", out.display(), if r.failed > 0 { "   (failed inputs: errors.csv)" } else { "" });
            if r.failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("trichxuat: {e}");
            ExitCode::from(2)
        }
    }
}
