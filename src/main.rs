//! The `gazette` binary: parse the command line, run it, exit with its code.

/// mimalloc instead of the system allocator: the build and the search index allocate millions of
/// small strings, and glibc's malloc was a quarter of the search stage's time (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = gazette::cli::run(std::env::args_os());
    std::process::exit(code);
}
