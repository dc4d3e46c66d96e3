//! The command line: clap structs turned into resolved settings in one place
//! ([`crate::settings`]), then the command, which takes them.
//!
//! In: the process arguments. Out: an exit code (0 success, 1 user error, 2 usage error), with
//! diagnostics printed to stderr and summaries to stdout.
//! Never: panics on user input, or prints a diagnostic twice.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{CommandFactory, Parser, Subcommand, ValueHint};

use crate::config::{Config, Overrides};
use crate::diag::{self, Code, Diagnostic};
use crate::pipeline;
use crate::settings::{BuildSettings, CheckSettings, Environment, Format, Settings};

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
        /// The site root: the folder that holds site.yaml.
        #[arg(long, default_value = ".", value_hint = ValueHint::DirPath)]
        root: PathBuf,
        /// The output folder; replaced as a whole, and only if Gazette created it.
        #[arg(long, short, value_hint = ValueHint::DirPath)]
        output: Option<PathBuf>,
        /// Override base_url from site.yaml (e.g. for a staging server).
        #[arg(long, value_hint = ValueHint::Url)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`, each marked 草稿 and hidden from search engines,
        /// feeds and the sitemap; the output is then recorded as holding drafts. For previews.
        #[arg(long)]
        drafts: bool,
        /// Build without the search page and index (as `search: false` in site.yaml).
        #[arg(long)]
        no_search: bool,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
        /// Also print what the search index reused from its cache (for troubleshooting).
        #[arg(long, short)]
        verbose: bool,
    },
    /// Build, serve on 127.0.0.1, rebuild on every change and reload the browser.
    Serve {
        /// The site root: the folder that holds site.yaml.
        #[arg(long, default_value = ".", value_hint = ValueHint::DirPath)]
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
        /// Include pages marked `draft: true` (marked 草稿 on the page).
        #[arg(long)]
        drafts: bool,
        /// Poll for changes instead of using file system events (network drives, WSL).
        #[arg(long)]
        poll: bool,
    },
    /// Check the whole site without writing it; exit 1 on any error.
    Check {
        /// The site root: the folder that holds site.yaml.
        #[arg(long, default_value = ".", value_hint = ValueHint::DirPath)]
        root: PathBuf,
        /// `json`: one object per diagnostic and line, for CI systems.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Check pages marked `draft: true` too.
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
    Explain {
        /// The code, such as E016 or W004.
        code: String,
    },
    /// Create a new site in DIR: site.yaml, a home page and a sample report. The default theme
    /// is built into Gazette; the site needs no copy of it.
    Init {
        /// A new or empty folder.
        #[arg(value_hint = ValueHint::DirPath)]
        dir: PathBuf,
        /// Also write a copy of the default theme into themes/default/, to edit it.
        #[arg(long)]
        eject_theme: bool,
    },
    /// Create a new report: content/<section>/<year>/<date>-<slug>.md with front matter.
    New {
        /// The section: a top-level folder of content/, such as reports or news.
        section: String,
        /// The report's title, in quotes.
        title: String,
        /// The site root: the folder that holds site.yaml.
        #[arg(long, default_value = ".", value_hint = ValueHint::DirPath)]
        root: PathBuf,
        /// The last URL segment, instead of the title's pinyin.
        #[arg(long)]
        slug: Option<String>,
    },
    /// Convert a plain-text (.txt) or Word (.docx) report into a Markdown report.
    Import {
        /// The .txt or .docx file.
        #[arg(value_hint = ValueHint::FilePath)]
        file: PathBuf,
        /// The site root: the folder that holds site.yaml.
        #[arg(long, default_value = ".", value_hint = ValueHint::DirPath)]
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
    /// Build, then send what changed to a `deploy:` target of site.yaml: assets first, the home
    /// page last, deletions after, bounded by --max-deletes.
    Deploy {
        /// The target's `name` in site.yaml; may be left out when there is one.
        target: Option<String>,
        /// The site root: the folder that holds site.yaml.
        #[arg(long, default_value = ".", value_hint = ValueHint::DirPath)]
        root: PathBuf,
        /// The output folder to build into and publish (default: public/).
        #[arg(long, short, value_hint = ValueHint::DirPath)]
        output: Option<PathBuf>,
        /// Print what would be sent and deleted; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Refuse a deploy that deletes more files than this.
        #[arg(long, default_value_t = 100)]
        max_deletes: usize,
        /// Publish the output as it is, without building first.
        #[arg(long)]
        no_build: bool,
        /// Do not ask before a deploy that deletes files (a terminal asks; scripts never do).
        #[arg(long, short)]
        yes: bool,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// The site's theme: `gazette theme eject` writes the built-in one out for customising.
    Theme {
        #[command(subcommand)]
        command: ThemeCommand,
    },
    /// Print a shell completion script, e.g. `gazette completions bash > /etc/bash_completion.d/gazette`.
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
}

#[derive(Subcommand, Debug)]
enum ThemeCommand {
    /// Write the built-in default theme into themes/default/ (or --to DIR) to edit it. The site
    /// then uses that folder instead of the built-in theme. Never overwrites anything.
    Eject {
        /// The site root: the folder that holds site.yaml.
        #[arg(long, default_value = ".", value_hint = ValueHint::DirPath)]
        root: PathBuf,
        /// Where to write the theme (default: themes/default/ in the site root). It must not
        /// exist or be empty.
        #[arg(long, value_hint = ValueHint::DirPath)]
        to: Option<PathBuf>,
    },
}

/// Runs the command line and returns the exit code: parse, resolve the settings once
/// ([`crate::settings`]), run the command with them.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let settings = Settings::new(Environment::read(), std::io::stderr().is_terminal());
    match cli.command {
        Command::Build { root, output, base_url, drafts, no_search, quiet, verbose } => {
            let build = BuildSettings {
                output: output.unwrap_or_else(|| root.join("public")),
                overrides: settings.overrides(base_url, drafts, no_search),
                progress: !quiet && settings.stderr_is_terminal,
                root,
                quiet,
                verbose,
            };
            build_site(&settings, &build)
        }
        Command::Deploy { target, root, output, dry_run, max_deletes, no_build, yes, quiet } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let opts = crate::deploy::Options { target, dry_run, max_deletes, progress: !quiet };
            deploy(&settings, &root, &output, &opts, no_build, yes, quiet)
        }
        Command::Check { root, format, drafts, strict, today } => {
            let today = match settings.check_today(today.as_deref()) {
                Ok(d) => d,
                Err(d) => {
                    print_errors(&[d], settings.color);
                    return 2;
                }
            };
            let overrides = settings.overrides(None, drafts, false);
            check_site(&settings, &CheckSettings { root, format, overrides, strict, today })
        }
        Command::Init { dir, eject_theme } => init_site(&settings, &dir, eject_theme),
        Command::Theme { command: ThemeCommand::Eject { root, to } } => eject_theme(&settings, &root, to),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "gazette", &mut std::io::stdout());
            0
        }
        Command::New { section, title, root, slug } => new_report(&settings, &root, &section, &title, slug.as_deref()),
        Command::Import { file, root, section, encoding, dry_run } => {
            let opts = crate::import::ImportOptions {
                file: &file,
                root: &root,
                section: &section,
                encoding: encoding.as_deref(),
                dry_run,
            };
            import_report(&settings, &opts)
        }
        Command::Serve { root, port, bind, open, drafts, poll } => {
            crate::serve::serve(crate::serve::ServeOptions { root, port, bind, open, drafts, poll, settings })
        }
        Command::Explain { code } => explain(&code),
    }
}

/// `gazette build`.
fn build_site(settings: &Settings, build: &BuildSettings) -> i32 {
    let color = settings.color;
    let config = match Config::load(&build.root, &build.overrides) {
        Ok(c) => c,
        Err(d) => return fail(&d, color),
    };
    let progress = build.progress.then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {bar:30} {pos}/{len}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_message("building");
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    });
    let result = pipeline::build(&config, &build.output, progress.as_ref());
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    if let Ok(report) = &result {
        for note in &report.notes {
            eprintln!("note: {note}");
        }
    }
    match result {
        Ok(report) => {
            eprint!("{}", diag::render_all(&report.warnings, color));
            if !build.quiet {
                let output = display_output(&build.root, &report.output);
                for line in crate::summary::build(config.language, &report, &output) {
                    println!("{line}");
                }
                if let Some(s) = report.search.as_ref().filter(|_| build.verbose) {
                    println!("{}", crate::summary::search_details(s));
                }
            }
            0
        }
        Err(failure) => fail(&failure.into_sorted(), color),
    }
}

/// `gazette check`.
fn check_site(settings: &Settings, check: &CheckSettings) -> i32 {
    let color = settings.color;
    let (mut diagnostics, language) = match Config::load(&check.root, &check.overrides) {
        Err(d) => (d, crate::config::Language::En),
        Ok(config) => (crate::check::check_site(&config, check.today), config.language),
    };
    if check.strict {
        crate::check::make_strict(&mut diagnostics);
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    match check.format {
        Format::Json => {
            for json in diag::to_json_all(&diagnostics) {
                println!("{}", serde_json::to_string(&json).unwrap_or_default());
            }
        }
        Format::Text => {
            eprint!("{}", diag::render_all(&diagnostics, color));
            let warnings = diagnostics.len() - errors;
            if errors == 0 {
                println!("{}", crate::summary::check_passed(language, warnings));
            } else {
                eprintln!("{}", crate::summary::check_failed(language, errors, warnings));
            }
        }
    }
    if errors == 0 { 0 } else { 1 }
}

/// `gazette init`.
fn init_site(settings: &Settings, dir: &Path, eject_theme: bool) -> i32 {
    let today = match settings.today() {
        Ok(date) => date,
        Err(d) => return print_errors(&[d], settings.color),
    };
    match crate::init::init(dir, eject_theme, today) {
        Ok(report) => {
            println!("新站点已创建：{}（{} 个文件）", report.dir.display(), report.files.len());
            println!("下一步：gazette serve --root {}", report.dir.display());
            0
        }
        Err(d) => print_errors(&[d], settings.color),
    }
}

/// `gazette theme eject`.
fn eject_theme(settings: &Settings, root: &Path, to: Option<PathBuf>) -> i32 {
    let color = settings.color;
    let dir = match to {
        Some(dir) => dir,
        None => {
            // the theme folder the site would use: themes/<theme>/ of its site.yaml
            let theme = match Config::load(root, &Overrides::default()) {
                Ok(config) if config.theme != crate::theme::BUILT_IN => {
                    let d = Diagnostic::error(
                        Code::MissingTemplate,
                        format!("site.yaml names the theme `{}`, not the built-in `default`", config.theme),
                    )
                    .with_file(crate::config::CONFIG_FILE)
                    .with_help("name a folder with --to DIR, or set `theme: default` first");
                    return print_errors(&[d], color);
                }
                Ok(config) => config.theme,
                Err(d) => return print_errors(&d, color),
            };
            root.join("themes").join(theme)
        }
    };
    match crate::theme::eject(&dir) {
        Ok(report) => {
            println!(
                "wrote the default theme into {} ({}); the site now uses it instead of the built-in one",
                report.dir.display(),
                crate::summary::count(report.files, "file", "files")
            );
            0
        }
        Err(d) => print_errors(&[d], color),
    }
}

/// `gazette deploy`: the build `gazette build` runs (unless `--no-build`), then the deploy.
fn deploy(
    settings: &Settings,
    root: &Path,
    output: &Path,
    opts: &crate::deploy::Options,
    no_build: bool,
    yes: bool,
    quiet: bool,
) -> i32 {
    let color = settings.color;
    let config = match Config::load(root, &settings.overrides(None, false, false)) {
        Ok(c) => c,
        Err(d) => return fail(&d, color),
    };
    if !no_build {
        match pipeline::build(&config, output, None) {
            Ok(report) => {
                eprint!("{}", diag::render_all(&report.warnings, color));
                if !quiet {
                    let shown = display_output(root, &report.output);
                    for line in crate::summary::build(config.language, &report, &shown) {
                        println!("{line}");
                    }
                }
            }
            Err(failure) => {
                eprint!("{}", diag::render_all(&failure.into_sorted(), color));
                eprintln!("the build failed; nothing was deployed");
                return 1;
            }
        }
    }
    // a deploy that deletes asks first on a terminal, unless --yes: look before leaping
    if !yes && !opts.dry_run && std::io::stdin().is_terminal() {
        let preview = crate::deploy::Options { dry_run: true, progress: false, ..opts.clone() };
        match crate::deploy::deploy(&config, output, &preview) {
            Ok(plan) if plan.deleted > 0 => {
                eprint!(
                    "deploy to `{}` deletes {} file(s) (see them with --dry-run); continue? [y/N] ",
                    plan.target, plan.deleted
                );
                let mut answer = String::new();
                let _ = std::io::stdin().read_line(&mut answer);
                if !matches!(answer.trim(), "y" | "Y" | "yes") {
                    eprintln!("nothing was deployed");
                    return 1;
                }
            }
            Ok(_) => {}
            Err(d) => return print_errors(&d, color),
        }
    }
    match crate::deploy::deploy(&config, output, opts) {
        Ok(report) => {
            if std::env::var_os("GAZETTE_TIMINGS").is_some() {
                eprintln!(
                    "deploy: {} of {} files read and hashed (the others from .gazette-cache/deploy/), {} ms",
                    report.hashed,
                    report.files,
                    report.elapsed.as_millis()
                );
            }
            for note in &report.notes {
                eprintln!("note: {note}");
            }
            if report.dry_run {
                for line in &report.plan {
                    println!("{line}");
                }
            }
            if !quiet || report.dry_run {
                println!("{}", report.summary(config.language));
            }
            0
        }
        Err(d) => {
            let code = print_errors(&d, color);
            if d.iter().any(|d| d.code == Code::DeployFailed) {
                eprintln!("the deploy did not finish; run it again to complete it (what was sent is harmless)");
            } else {
                eprintln!("nothing was deployed");
            }
            code
        }
    }
}

/// `gazette new`.
fn new_report(settings: &Settings, root: &Path, section: &str, title: &str, slug: Option<&str>) -> i32 {
    // The clock is injectable for tests: GAZETTE_TODAY=2024-01-04.
    let today = match settings.today() {
        Ok(date) => date,
        Err(d) => return print_errors(&[d], settings.color),
    };
    let req = crate::new::NewPage { root, section, title, slug, today };
    match crate::new::new_page(&req) {
        Ok(path) => {
            println!("{}", path.display());
            0
        }
        Err(ds) => print_errors(&ds, settings.color),
    }
}

/// `gazette import`.
fn import_report(settings: &Settings, opts: &crate::import::ImportOptions<'_>) -> i32 {
    match crate::import::import(opts) {
        Ok(outcome) => {
            eprint!("{}", outcome.summary);
            if opts.dry_run {
                // a text file ends with a line break, so a terminal's prompt does not
                // follow its last line
                let md = &outcome.imported.markdown;
                print!("{md}{}", if md.ends_with('\n') { "" } else { "\n" });
            } else {
                println!("{}", outcome.path.display());
            }
            0
        }
        Err(ds) => {
            let code = print_errors(&ds, settings.color);
            eprintln!("nothing was written");
            code
        }
    }
}

/// `gazette explain CODE`.
fn explain(code: &str) -> i32 {
    match Code::parse(code) {
        Some(c) => {
            println!("{}: {}", c.as_str(), c.explain());
            0
        }
        None => {
            eprintln!("unknown code `{code}`; codes look like E016");
            2
        }
    }
}

/// Prints diagnostics of a command that writes no site; exit 1.
fn print_errors(diagnostics: &[Diagnostic], color: bool) -> i32 {
    eprint!("{}", diag::render_all(diagnostics, color));
    1
}

fn fail(diagnostics: &[Diagnostic], color: bool) -> i32 {
    eprint!("{}", diag::render_all(diagnostics, color));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!(
        "build failed with {}; nothing was written, the previous site is unchanged",
        crate::summary::count(errors, "error", "errors")
    );
    1
}

fn display_output(root: &Path, output: &Path) -> String {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    diag::display_path(&root, output).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every argument of every command says what it is for in `--help`.
    #[test]
    fn every_argument_has_help() {
        fn visit(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") || arg.is_hide_set() {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_about().is_none() && sub.get_name() != "help" {
                    missing.push(format!("{path} {} (no about)", sub.get_name()));
                }
                visit(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        visit(&Cli::command(), "gazette", &mut missing);
        assert!(missing.is_empty(), "without help: {missing:?}");
        Cli::command().debug_assert();
    }
}
