//! `merge`: combines the output folders of several shards into one.

use std::path::PathBuf;
use std::process::ExitCode;
use trichxuat::output::OutputOptions;

#[derive(clap::Args)]
pub struct Args {
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
}

/// Runs `merge`: 0 when merged, 2 when the folders cannot be read or written.
pub fn run(Args { dirs, out, excel, parquet }: Args) -> ExitCode {
    for d in &dirs {
        if !d.is_dir() {
            super::usage_error(format!("merge: {} is not a folder (a shard's output folder was expected)", d.display()));
        }
    }
    let opts = OutputOptions { excel, parquet, ..OutputOptions::default() };
    match trichxuat::output::merge_with_manifest(&dirs, &out, opts) {
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
