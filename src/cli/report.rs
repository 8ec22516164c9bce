//! `trichxuat report OUT`: the review pages of an output folder, for a person checking
//! figures against their page.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `report`.
#[derive(clap::Args)]
pub struct Args {
    /// An output folder of `extract`.
    out: PathBuf,
}

/// Writes OUT/report/; 0 when written, 2 when the folder cannot be read or written.
pub fn run(args: Args) -> ExitCode {
    match trichxuat::report::write_report(&args.out) {
        Ok(n) => {
            eprintln!("trichxuat: report of {n} documents in {}", args.out.join("report").join("index.html").display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("trichxuat: {e}");
            ExitCode::from(2)
        }
    }
}
