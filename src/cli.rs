//! The command line: clap structs turned into resolved options in one place, then the command.
//!
//! In: the process arguments. Out: an exit code (0 success, 1 user error, 2 usage error), with
//! diagnostics printed to stderr and summaries to stdout.
//! Never: panics on user input, or prints a diagnostic twice.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use crate::build;
use crate::config::{Config, Overrides};
use crate::diag::{self, Code, Diagnostic};

#[derive(Parser, Debug)]
#[command(name = "gazette", version, about = "A static site generator for committee reports and publicity")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Render the site into the output folder (default: public/).
    Build {
        /// The site root (the folder with site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder; replaced as a whole, and only if Gazette created it.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Override base_url from site.yaml (e.g. for a staging server).
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Build without the search page and index (as `search: false` in site.yaml).
        #[arg(long)]
        no_search: bool,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Build, serve on 127.0.0.1, rebuild on every change and reload the browser.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port; if it is taken, the next free one is used. 0 lets the system choose.
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Anything but loopback lets other computers connect.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        drafts: bool,
        /// Poll for changes instead of using file system events (network drives, WSL).
        #[arg(long)]
        poll: bool,
    },
    /// Check the whole site without writing it; exit 1 on any error.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `json`: one object per diagnostic and line, for CI systems.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors: exit 1 on any warning.
        #[arg(long)]
        strict: bool,
        /// The date inspection warnings count from, YYYY-MM-DD (for tests; also GAZETTE_TODAY).
        #[arg(long, hide = true)]
        today: Option<String>,
    },
    /// Explain a diagnostic code, e.g. `gazette explain E016`.
    Explain { code: String },
    /// Create a new site in DIR: site.yaml, the default theme and a sample report.
    Init {
        /// A new or empty folder.
        dir: PathBuf,
    },
    /// Create a new report: content/<section>/<year>/<date>-<slug>.md with front matter.
    New {
        /// The section: a top-level folder of content/, such as reports or news.
        section: String,
        /// The report's title, in quotes.
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The last URL segment, instead of the title's pinyin.
        #[arg(long)]
        slug: Option<String>,
    },
    /// Convert a plain-text (.txt) or Word (.docx) report into a Markdown report.
    Import {
        /// The .txt or .docx file.
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The section to put it in.
        #[arg(long, default_value = "reports")]
        section: String,
        /// The text file's encoding, e.g. gb18030 (default: detected).
        #[arg(long)]
        encoding: Option<String>,
        /// Print the Markdown to stdout instead of writing it.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Runs the command line and returns the exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build { root, output, base_url, drafts, no_search, quiet } => {
            let overrides = Overrides { base_url, drafts };
            let mut config = match Config::load(&root, &overrides) {
                Ok(c) => c,
                Err(d) => return fail(&d, color),
            };
            config.search &= !no_search;
            let output = output.unwrap_or_else(|| root.join("public"));
            let progress = (!quiet && std::io::stderr().is_terminal()).then(|| {
                let bar = indicatif::ProgressBar::new(0);
                bar.set_style(
                    indicatif::ProgressStyle::with_template("{spinner} {msg} {bar:30} {pos}/{len}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                bar.set_message("building");
                bar.enable_steady_tick(Duration::from_millis(120));
                bar
            });
            let result = build::build(&config, &output, progress.as_ref());
            if let Some(bar) = &progress {
                bar.finish_and_clear();
            }
            if let Ok(report) = &result {
                for note in &report.notes {
                    eprintln!("note: {note}");
                }
            }
            match result {
                Ok(report) if report.up_to_date => {
                    if !quiet {
                        println!(
                            "{} is up to date: nothing changed since the last build ({})",
                            display_output(&root, &report.output),
                            human_duration(report.elapsed)
                        );
                    }
                    0
                }
                Ok(report) => {
                    eprint!("{}", diag::render_all(&report.warnings, color));
                    if !quiet {
                        println!(
                            "built {} pages and {} index pages ({} files) into {} in {}",
                            report.pages,
                            report.index_pages,
                            report.files,
                            display_output(&root, &report.output),
                            human_duration(report.elapsed),
                        );
                        if let Some(s) = &report.search {
                            println!(
                                "search: {} pages in {} shard(s), {} re-indexed, {} segmented anew, {} files, {:.1} MB, in {}",
                                s.pages,
                                s.shards,
                                s.indexed_shards,
                                s.segmented,
                                s.files,
                                s.bytes as f64 / 1e6,
                                human_duration(s.elapsed),
                            );
                        }
                        if !report.warnings.is_empty() {
                            println!("{} warning(s)", report.warnings.len());
                        }
                    }
                    0
                }
                Err(failure) => fail(&failure.diagnostics, color),
            }
        }
        Command::Check { root, format, drafts, strict, today } => {
            let today = match check_today(today) {
                Ok(d) => d,
                Err(d) => {
                    print_errors(&[d], color);
                    return 2;
                }
            };
            let overrides = Overrides { base_url: None, drafts };
            let mut diagnostics = match Config::load(&root, &overrides) {
                Err(d) => d,
                Ok(config) => crate::check::check_site(&config, today),
            };
            if strict {
                crate::check::make_strict(&mut diagnostics);
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            match format {
                Format::Json => {
                    for json in diag::to_json_all(&diagnostics) {
                        println!("{}", serde_json::to_string(&json).unwrap_or_default());
                    }
                }
                Format::Text => {
                    eprint!("{}", diag::render_all(&diagnostics, color));
                    let warnings = diagnostics.len() - errors;
                    if errors == 0 {
                        println!("no errors found ({warnings} warning(s))");
                    } else {
                        eprintln!("{errors} error(s), {warnings} warning(s)");
                    }
                }
            }
            if errors == 0 { 0 } else { 1 }
        }
        Command::Init { dir } => match crate::init::init(&dir) {
            Ok(report) => {
                println!("created a new site in {} ({} files)", report.dir.display(), report.files.len());
                println!("next: gazette build --root {}", report.dir.display());
                0
            }
            Err(d) => print_errors(&[d], color),
        },
        Command::New { section, title, root, slug } => {
            // The clock is injectable for tests: GAZETTE_TODAY=2024-01-04.
            let today = match crate::new::today(std::env::var("GAZETTE_TODAY").ok().as_deref()) {
                Ok(date) => date,
                Err(d) => return print_errors(&[d], color),
            };
            let slug = slug.as_deref();
            let req = crate::new::NewPage { root: &root, section: &section, title: &title, slug, today };
            match crate::new::new_page(&req) {
                Ok(path) => {
                    println!("{}", path.display());
                    0
                }
                Err(ds) => print_errors(&ds, color),
            }
        }
        Command::Import { file, root, section, encoding, dry_run } => {
            let opts = crate::import::ImportOptions {
                file: &file,
                root: &root,
                section: &section,
                encoding: encoding.as_deref(),
                dry_run,
            };
            match crate::import::import(&opts) {
                Ok(outcome) => {
                    eprint!("{}", outcome.summary);
                    if dry_run {
                        print!("{}", outcome.imported.markdown);
                    } else {
                        println!("{}", outcome.path.display());
                    }
                    0
                }
                Err(ds) => {
                    let code = print_errors(&ds, color);
                    eprintln!("nothing was written");
                    code
                }
            }
        }
        Command::Serve { root, port, bind, open, drafts, poll } => {
            crate::serve::serve(crate::serve::ServeOptions { root, port, bind, open, drafts, poll })
        }
        Command::Explain { code } => match Code::parse(&code) {
            Some(c) => {
                println!("{}: {}", c.as_str(), c.explain());
                0
            }
            None => {
                eprintln!("unknown code `{code}`; codes look like E016");
                2
            }
        },
    }
}

/// Today for `check`'s inspection warnings: `--today`, else `GAZETTE_TODAY`, else the clock.
fn check_today(flag: Option<String>) -> Result<jiff::civil::Date, Diagnostic> {
    let Some(text) = flag.or_else(|| std::env::var("GAZETTE_TODAY").ok()) else {
        return Ok(jiff::ZonedDateTime::now().date());
    };
    crate::build::front_matter::parse_date(&text)
        .map(|d| d.date)
        .map_err(|m| Diagnostic::error(Code::InvalidDate, format!("invalid --today / GAZETTE_TODAY: {m}")))
}

/// Prints diagnostics of a command that writes no site; exit 1.
fn print_errors(diagnostics: &[Diagnostic], color: bool) -> i32 {
    eprint!("{}", diag::render_all(diagnostics, color));
    1
}

fn fail(diagnostics: &[Diagnostic], color: bool) -> i32 {
    eprint!("{}", diag::render_all(diagnostics, color));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!("build failed with {errors} error(s); nothing was written, the previous site is unchanged");
    1
}

fn display_output(root: &Path, output: &Path) -> String {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    diag::display_path(&root, output).display().to_string()
}

fn human_duration(d: Duration) -> String {
    if d.as_secs() >= 1 { format!("{:.2} s", d.as_secs_f64()) } else { format!("{} ms", d.as_millis()) }
}
