//! The command line, the face of the tool for people: one file per command,
//! each holding its arguments (`Args`) and its `run`, which calls the library
//! and renders what it returns. The library prints nothing itself; everything
//! written to the terminal is written from here. A new command is one more
//! file and one more line in [`Command`].

use clap::{CommandFactory, Parser, Subcommand};
use std::process::ExitCode;

mod extract;
mod inspect;
mod merge;
mod progress;
mod report;

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
    Extract(extract::Args),
    /// Print each recovered table of one input as an aligned grid with its checks.
    Inspect(inspect::Args),
    /// Combine the output folders of several shards into one.
    Merge(merge::Args),
    /// Write OUT/report/: an HTML page per document (tables beside page crops, checks) and an index.
    Report(report::Args),
    /// Internal: serve documents to a batch over stdin/stdout (started by `extract`).
    #[command(hide = true)]
    Worker,
}

/// Parses the arguments and runs the command; the process exits with what it returns.
pub fn run() -> ExitCode {
    match Cli::parse().command {
        Command::Extract(args) => extract::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Report(args) => report::run(args),
        Command::Worker => ExitCode::from(trichxuat::worker::serve().clamp(0, 255) as u8),
    }
}

/// Ends the run with a usage error (exit status 2), like clap's own.
fn usage_error(message: String) -> ! {
    Cli::command().error(clap::error::ErrorKind::InvalidValue, message).exit()
}
