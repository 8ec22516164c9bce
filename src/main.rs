//! Command line: parses arguments and calls the library.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use trichxuat::pipeline::{doc_id_for, process_file, RunOptions};

#[derive(Parser)]
#[command(name = "trichxuat", version, about = "Extract targets, budgets and projects from Vietnamese khuyến công decisions and plans")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract facts from files and folders into JSON, CSV and SQLite.
    Extract {
        /// Input files or folders (searched recursively for .txt and .pdf).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
    /// Print each recovered table as an aligned grid with its checks.
    Inspect {
        /// One input file.
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract { paths, out } => {
            std::fs::create_dir_all(&out).ok();
            let mut failed = false;
            for p in paths {
                let id = doc_id_for(&p);
                match process_file(&p, id.clone(), &RunOptions::default()) {
                    Ok(doc) => {
                        let v = trichxuat::output::document_json(&doc);
                        std::fs::write(out.join(format!("{id}.json")), serde_json::to_string_pretty(&v).unwrap_or_default()).ok();
                    }
                    Err(e) => {
                        eprintln!("{}: {e}", p.display());
                        failed = true;
                    }
                }
            }
            if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Command::Inspect { file } => match process_file(&file, doc_id_for(&file), &RunOptions::default()) {
            Ok(doc) => {
                for t in &doc.tables {
                    println!("== {} {:?} {:?} unit={:?} pages={:?}", t.id, t.kind, t.title, t.unit, t.pages);
                    for c in &t.columns {
                        println!("   col {:?} {:?}", c.header, c.role);
                    }
                    for r in &t.rows {
                        let vals: Vec<String> = r.values.iter().map(|v| format!("{}={}{}", v.column, v.raw, if v.derived { "*" } else { "" })).collect();
                        println!("  {:8} {:?} {:?} {:.40} | {} | m={:?}-{:?} src={:?}", r.id.clone().unwrap_or_default(), r.kind, r.parent, r.label, vals.join(" "), r.start_month, r.end_month, r.source);
                    }
                }
                for c in &doc.checks {
                    println!("check {:?} {:?} {:?} {:?} {:?} {:?} {}", c.kind, c.status, c.table, c.row, c.expected, c.found, c.message);
                }
                for w in &doc.warnings {
                    println!("warn {:?} {}", w.stage, w.message);
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{}: {e}", file.display());
                ExitCode::from(1)
            }
        },
    }
}
