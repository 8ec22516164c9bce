//! Command line: parses arguments and calls the library.

use clap::{CommandFactory, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use trichxuat::extract::ExtractOptions;
use trichxuat::output::OutputOptions;
use trichxuat::pipeline::{doc_id_for, process_file, run_batch, BatchOptions, RunOptions};

#[derive(Parser)]
#[command(
    name = "trichxuat",
    version,
    about = "Extract targets, budgets and projects from Vietnamese khuyến công decisions and plans into JSON, CSV and SQLite"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract facts from files and folders into JSON, CSV and SQLite.
    Extract {
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
    },
    /// Write OUT/report/: an HTML page per document (tables beside page crops, checks) and an index.
    Report {
        /// An output folder of `extract`.
        out: PathBuf,
    },
    /// Print each recovered table of one input as an aligned grid with its checks.
    Inspect {
        /// One input file (.txt or .pdf).
        file: PathBuf,
        /// Also print every extracted line (page, line number, cells separated by " | ").
        #[arg(long)]
        lines: bool,
    },
    /// Combine the output folders of several shards into one.
    Merge {
        /// Shard output folders.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// CSVs for Excel: a UTF-8 BOM and the formula guard.
        #[arg(long)]
        excel: bool,
        /// Also write the combined tables as Parquet.
        #[arg(long)]
        parquet: bool,
    },
    /// Internal: serve documents to a batch over stdin/stdout (started by `extract`).
    #[command(hide = true)]
    Worker,
}

/// The output formats `--format` accepts.
const FORMATS: [&str; 4] = ["json", "csv", "sqlite", "parquet"];

/// Ends the run with a usage error (exit status 2), like clap's own.
fn usage_error(message: String) -> ! {
    Cli::command().error(clap::error::ErrorKind::InvalidValue, message).exit()
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 2/8")?;
    let k: usize = k.trim().parse().map_err(|_| "K must be a number")?;
    let n: usize = n.trim().parse().map_err(|_| "N must be a number")?;
    if n == 0 || k == 0 || k > n {
        return Err("need 1 <= K <= N".into());
    }
    Ok((k, n))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Worker => ExitCode::from(trichxuat::worker::serve().clamp(0, 255) as u8),
        Command::Extract {
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
        } => {
            use trichxuat::progress::Verbosity;
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
                verbosity,
                workers,
                corrections: corrections.map(|p| match trichxuat::corrections::load(&p) {
                    Ok(rows) => std::sync::Arc::new((p.display().to_string(), rows)),
                    Err(e) => usage_error(format!("--corrections: {e}")),
                }),
            };
            match run_batch(&paths, &out, &opts) {
                Ok(r) if quiet => ExitCode::from(if r.failed > 0 { 1 } else { 0 }),
                Ok(r) => {
                    let s = r.summary.unwrap_or_default();
                    let rate = if r.seconds > 0.0 { r.processed as f64 / r.seconds } else { 0.0 };
                    eprintln!("trichxuat: {} inputs in {:.1} s ({:.0} documents/s)", r.inputs, r.seconds, rate);
                    eprintln!("  documents  done {}   failed {}   skipped (resume) {}", r.processed, r.failed, r.skipped);
                    if s.duplicates > 0 {
                        eprintln!(
                            "  duplicates {} documents have the same bytes as another input (each kept as its own document)",
                            s.duplicates
                        );
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
        Command::Report { out } => match trichxuat::report::write_report(&out) {
            Ok(n) => {
                eprintln!("trichxuat: report of {n} documents in {}", out.join("report").join("index.html").display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("trichxuat: {e}");
                ExitCode::from(2)
            }
        },
        Command::Inspect { file, lines } => match process_file(&file, doc_id_for(&file), &RunOptions::default()) {
            Ok(doc) => match print_inspection(&doc, lines) {
                Ok(()) => ExitCode::SUCCESS,
                // `inspect … | head`: the reader has gone; end quietly.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("trichxuat: cannot write: {e}");
                    ExitCode::from(2)
                }
            },
            Err(e) => {
                eprintln!("{}: {e}", file.display());
                ExitCode::from(1)
            }
        },
        Command::Merge { dirs, out, excel, parquet } => {
            for d in &dirs {
                if !d.is_dir() {
                    usage_error(format!("merge: {} is not a folder (a shard's output folder was expected)", d.display()));
                }
            }
            let opts = OutputOptions { excel, parquet, ..OutputOptions::default() };
            match trichxuat::output::manifest::merge_with_manifest(&dirs, &out, opts) {
                Ok(s) => {
                    eprintln!("trichxuat: merged {} documents ({} failed inputs) → {}", s.documents, s.failed, out.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("trichxuat: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// Prints `inspect`'s view of a document; stops at the first write error (a
/// closed pipe) instead of panicking as `println!` would.
fn print_inspection(doc: &trichxuat::model::Document, lines: bool) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    if lines {
        for l in doc.lines() {
            let cells: Vec<&str> = l.cells.iter().map(|c| c.text.as_str()).collect();
            writeln!(w, "p{:<3} {:>5}{} {}", l.page, l.number, if l.tabular { " T" } else { "  " }, cells.join(" | "))?;
        }
        writeln!(w)?;
    }
    for t in &doc.tables {
        writeln!(
            w,
            "{} — {} ({:?}, unit: {}, pages {:?})",
            t.id,
            t.title.as_deref().unwrap_or("untitled"),
            t.kind,
            t.unit.as_deref().unwrap_or("-"),
            t.pages
        )?;
        writeln!(w, "{}", trichxuat::output::grid::render_table(t, &doc.checks))?;
    }
    for c in doc.checks.iter().filter(|c| c.table.is_none()) {
        writeln!(w, "[{:?}] {:?}: {}", c.status, c.kind, c.message)?;
    }
    for warning in &doc.warnings {
        writeln!(w, "warning ({:?}): {}", warning.stage, warning.message)?;
    }
    w.flush()
}
