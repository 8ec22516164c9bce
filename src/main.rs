//! Command line: parses arguments and calls the library.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use trichxuat::extract::ExtractOptions;
use trichxuat::output::OutputOptions;
use trichxuat::pipeline::{doc_id_for, process_file, run_batch, BatchOptions, RunOptions};

#[derive(Parser)]
#[command(name = "trichxuat", version, about = "Extract targets, budgets and projects from Vietnamese khuyến công decisions and plans into JSON, CSV and SQLite")]
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
        /// Per-document time limit in seconds.
        #[arg(long)]
        timeout: Option<u64>,
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
        Command::Extract { paths, out, jobs, format, resume, shard, timeout, password, max_size_mb, excel, ocr_cache, no_ocr, quiet, verbose } => {
            use trichxuat::progress::Verbosity;
            let verbosity = if quiet { Verbosity::Quiet } else if verbose { Verbosity::Verbose } else { Verbosity::Normal };
            let has = |f: &str| format.iter().any(|x| x.trim().eq_ignore_ascii_case(f));
            let opts = BatchOptions {
                run: RunOptions {
                    extract: ExtractOptions {
                        password,
                        timeout: timeout.map(Duration::from_secs),
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
            };
            match run_batch(&paths, &out, &opts) {
                Ok(r) if quiet => ExitCode::from(if r.failed > 0 { 1 } else { 0 }),
                Ok(r) => {
                    let s = r.summary.unwrap_or_default();
                    let rate = if r.seconds > 0.0 { r.processed as f64 / r.seconds } else { 0.0 };
                    eprintln!("trichxuat: {} inputs in {:.1} s ({:.0} documents/s)", r.inputs, r.seconds, rate);
                    eprintln!("  documents  done {}   failed {}   skipped (resume) {}", r.processed, r.failed, r.skipped);
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
        Command::Inspect { file, lines } => match process_file(&file, doc_id_for(&file), &RunOptions::default()) {
            Ok(doc) => {
                if lines {
                    for l in doc.lines() {
                        let cells: Vec<&str> = l.cells.iter().map(|c| c.text.as_str()).collect();
                        println!("p{:<3} {:>5}{} {}", l.page, l.number, if l.tabular { " T" } else { "  " }, cells.join(" | "));
                    }
                    println!();
                }
                for t in &doc.tables {
                    println!(
                        "{} — {} ({:?}, unit: {}, pages {:?})",
                        t.id,
                        t.title.as_deref().unwrap_or("untitled"),
                        t.kind,
                        t.unit.as_deref().unwrap_or("-"),
                        t.pages
                    );
                    println!("{}", trichxuat::output::grid::render_table(t, &doc.checks));
                }
                let other: Vec<_> = doc.checks.iter().filter(|c| c.table.is_none()).collect();
                for c in other {
                    println!("[{:?}] {:?}: {}", c.status, c.kind, c.message);
                }
                for w in &doc.warnings {
                    println!("warning ({:?}): {}", w.stage, w.message);
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{}: {e}", file.display());
                ExitCode::from(1)
            }
        },
        Command::Merge { dirs, out, excel, parquet } => {
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
