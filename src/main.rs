//! The `trichxuat` executable: everything it does is in [`cli`], one file per
//! command; the library underneath prints nothing.

mod cli;

/// mimalloc rather than the system allocator: the pipeline builds and drops
/// many small strings and vectors per document, and a fifth of a text
/// document's instructions went to glibc's malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
