//! `inspect`: prints each recovered table of one input as an aligned grid
//! with its checks, for a person checking what was read.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use trichxuat::pipeline::{doc_id_for, process_file, RunOptions};

#[derive(clap::Args)]
pub struct Args {
    /// One input file (.txt or .pdf).
    file: PathBuf,
    /// Also print every extracted line (page, line number, cells separated by " | ").
    #[arg(long)]
    lines: bool,
}

/// Runs `inspect`: 0 when printed (or the reader went away), 1 when the
/// input could not be processed, 2 when stdout cannot be written.
pub fn run(Args { file, lines }: Args) -> ExitCode {
    match process_file(&file, doc_id_for(&file), &RunOptions::default()) {
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
        writeln!(w, "{}", trichxuat::output::render_table(t, &doc.checks))?;
    }
    for c in doc.checks.iter().filter(|c| c.table.is_none()) {
        writeln!(w, "[{:?}] {:?}: {}", c.status, c.kind, c.message)?;
    }
    for warning in &doc.warnings {
        writeln!(w, "warning ({:?}): {}", warning.stage, warning.message)?;
    }
    w.flush()
}
