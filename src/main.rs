//! The `gazette` binary: parse the command line, run it, exit with its code.

fn main() {
    let code = gazette::cli::run(std::env::args_os());
    std::process::exit(code);
}
