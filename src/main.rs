//! The `trichxuat` executable: everything it does is in [`cli`], one file per
//! command; the library underneath prints nothing.

mod cli;

/// mimalloc rather than the system allocator: the pipeline builds and drops
/// many small strings and vectors per document, and a fifth of a text
/// document's instructions went to glibc's malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option (its `mi_option_e`, v2, which the
/// Rust binding does not name).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Freed pages go back to the system at once rather than after 10 ms:
    // a batch frees a document's worth of memory many times a second, and
    // the delay let a 10,000-document run's peak grow by half (79 MiB
    // against 51) for no measurable speed.
    // SAFETY: sets a global allocator option; no pointer is involved.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    cli::run()
}
