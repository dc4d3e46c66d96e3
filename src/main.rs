//! The `gazette` binary: parse the command line, run it, exit with its code.

/// mimalloc instead of the system allocator: the build and the search index allocate millions of
/// small strings, and glibc's malloc was a quarter of the search stage's time (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Past `ulimit -f` a write raises SIGXFSZ, which kills the process without a word; ignored,
    // the write fails with EFBIG and the build reports it (E050) and leaves the old site.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN before any thread starts.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // `gazette build | head -1`: a closed pipe ends the process quietly, as it does other tools,
    // instead of a panic in println! (Rust ignores SIGPIPE by default)
    #[cfg(unix)]
    // SAFETY: as above.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let code = gazette::cli::run(std::env::args_os());
    std::process::exit(code);
}
