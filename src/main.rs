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

/// Tesseract's OpenMP reads `OMP_THREAD_LIMIT` once, as the library loads,
/// before `main`: a process that OCRs in-process (`inspect`) without it
/// started four spinning threads per recognition on our one-page-per-core
/// plan (a 15-page scan: 214 s, half of it system time, against 66 s). So
/// the executable starts itself again with the limit set, unless the user
/// chose one; workers are spawned with it already.
#[cfg(unix)]
fn limit_openmp_threads() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("OMP_THREAD_LIMIT").is_some() {
        return;
    }
    if let Ok(exe) = std::env::current_exe() {
        // `exec` returns only when it failed: then go on as we are
        let _ = std::process::Command::new(exe).args(std::env::args_os().skip(1)).env("OMP_THREAD_LIMIT", "1").exec();
    }
}

fn main() -> std::process::ExitCode {
    #[cfg(unix)]
    limit_openmp_threads();
    // Freed pages go back to the system at once rather than after 10 ms:
    // a batch frees a document's worth of memory many times a second, and
    // the delay let a 10,000-document run's peak grow by half (79 MiB
    // against 51) for no measurable speed.
    // SAFETY: sets a global allocator option; no pointer is involved.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    cli::run()
}
