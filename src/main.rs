//! The `trichxuat` executable: everything it does is in [`cli`], one file per
//! command; the library underneath prints nothing.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
