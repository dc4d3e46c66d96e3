//! Resolved settings: the command line and the environment turned into the values the commands
//! run with, once, before any command starts (as ripgrep's `HiArgs` stands between its flags and
//! its search).
//!
//! In: the parsed clap arguments (`cli`) and the process environment. Out: [`Settings`], what
//! every command shares (colour, the pinned clock, the search shard size), and one resolved value
//! per command ([`BuildSettings`], [`CheckSettings`], …) whose [`Overrides`] the config loader
//! applies, so no command changes a `Config` after loading it.
//! Never: reads the environment anywhere else for a value that changes what Gazette writes —
//! [`Environment::read`] is the one place (`GAZETTE_TIMINGS`, which only adds timings to stderr,
//! is read by the pipeline's timer and by `cli`'s deploy, for the deploy's hashing counts).

use std::path::PathBuf;

use crate::config::Overrides;
use crate::diag::{Code, Diagnostic};

/// The environment variables Gazette reads, read once.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// `NO_COLOR` is set (to anything): no colour, even on a terminal.
    pub no_color: bool,
    /// `GAZETTE_TODAY=2024-01-04`: the date `new`, `init` and `check` take for today (tests pin
    /// the clock with it).
    pub today: Option<String>,
    /// `GAZETTE_SEARCH_SHARD_PAGES=N`: pages per search shard, for tests and benchmarks of
    /// sharding on small sites; not a number above 0 means the default.
    pub search_shard_pages: Option<usize>,
}

impl Environment {
    /// Reads the process environment: the only place Gazette does so for a value that changes
    /// its output.
    pub fn read() -> Environment {
        Environment {
            no_color: std::env::var_os("NO_COLOR").is_some(),
            today: std::env::var("GAZETTE_TODAY").ok(),
            search_shard_pages: std::env::var("GAZETTE_SEARCH_SHARD_PAGES").ok().as_deref().and_then(shard_pages),
        }
    }
}

/// What every command shares.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Diagnostics in colour: stderr is a terminal and `NO_COLOR` is not set.
    pub color: bool,
    /// stderr is a terminal (a progress bar may be drawn).
    pub stderr_is_terminal: bool,
    pub env: Environment,
}

impl Settings {
    pub fn new(env: Environment, stderr_is_terminal: bool) -> Settings {
        Settings { color: stderr_is_terminal && !env.no_color, stderr_is_terminal, env }
    }

    /// The overrides of site.yaml every command that loads a site passes to the config loader.
    pub fn overrides(&self, base_url: Option<String>, drafts: bool, no_search: bool) -> Overrides {
        Overrides { base_url, drafts, no_search, search_shard_pages: self.env.search_shard_pages }
    }

    /// Today for `new` and `init`: `GAZETTE_TODAY` when set, else the local date.
    pub fn today(&self) -> Result<jiff::civil::Date, Diagnostic> {
        match &self.env.today {
            Some(s) => crate::pipeline::front_matter::parse_date(s)
                .map(|d| d.date)
                .map_err(|m| Diagnostic::error(Code::InvalidDate, format!("invalid GAZETTE_TODAY: {m}"))),
            None => Ok(jiff::ZonedDateTime::now().date()),
        }
    }

    /// Today for `check`'s inspection warnings: `--today`, else `GAZETTE_TODAY`, else the clock.
    pub fn check_today(&self, flag: Option<&str>) -> Result<jiff::civil::Date, Diagnostic> {
        let Some(text) = flag.or(self.env.today.as_deref()) else {
            return Ok(jiff::ZonedDateTime::now().date());
        };
        crate::pipeline::front_matter::parse_date(text)
            .map(|d| d.date)
            .map_err(|m| Diagnostic::error(Code::InvalidDate, format!("invalid --today / GAZETTE_TODAY: {m}")))
    }
}

/// `gazette build`, resolved.
#[derive(Clone, Debug)]
pub struct BuildSettings {
    pub root: PathBuf,
    /// `--output`, else `public/` in the site root.
    pub output: PathBuf,
    /// `--base-url`, `--drafts`, `--no-search` and the search shard size.
    pub overrides: Overrides,
    /// `--quiet`: print only errors.
    pub quiet: bool,
    /// `--verbose`: also what search reused from its cache.
    pub verbose: bool,
    /// A progress bar: stderr is a terminal and not `--quiet`.
    pub progress: bool,
}

/// `gazette check`'s output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `gazette check`, resolved.
#[derive(Clone, Debug)]
pub struct CheckSettings {
    pub root: PathBuf,
    pub format: Format,
    /// `--drafts` (and the search shard size, which check does not use but the config carries).
    pub overrides: Overrides,
    /// `--strict`: warnings are errors.
    pub strict: bool,
    /// The date inspection warnings count from.
    pub today: jiff::civil::Date,
}

/// A value of `GAZETTE_SEARCH_SHARD_PAGES`: a number above 0, else the default.
fn shard_pages(text: &str) -> Option<usize> {
    text.parse().ok().filter(|&n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_pages_are_a_number_above_zero() {
        assert_eq!(shard_pages("3"), Some(3));
        assert_eq!(shard_pages("0"), None);
        assert_eq!(shard_pages("-1"), None);
        assert_eq!(shard_pages("many"), None);
    }

    #[test]
    fn colour_needs_a_terminal_and_no_no_color() {
        let env = |no_color| Environment { no_color, ..Environment::default() };
        assert!(Settings::new(env(false), true).color);
        assert!(!Settings::new(env(true), true).color);
        assert!(!Settings::new(env(false), false).color);
    }

    #[test]
    fn the_clock_is_pinned_by_the_environment_and_the_flag() {
        let settings = Settings::new(Environment { today: Some("2024-01-04".into()), ..Environment::default() }, false);
        assert_eq!(settings.today().unwrap(), jiff::civil::date(2024, 1, 4));
        assert_eq!(settings.check_today(None).unwrap(), jiff::civil::date(2024, 1, 4));
        assert_eq!(settings.check_today(Some("2030-02-01")).unwrap(), jiff::civil::date(2030, 2, 1));
        let bad = Settings::new(Environment { today: Some("2024-02-30".into()), ..Environment::default() }, false);
        assert!(bad.today().unwrap_err().message.starts_with("invalid GAZETTE_TODAY: "));
        assert!(bad.check_today(None).unwrap_err().message.starts_with("invalid --today / GAZETTE_TODAY: "));
    }

    #[test]
    fn overrides_carry_the_search_shard_size() {
        let env = Environment { search_shard_pages: Some(2), ..Environment::default() };
        let o = Settings::new(env, false).overrides(Some("http://127.0.0.1:1111/".into()), true, true);
        assert_eq!(o.search_shard_pages, Some(2));
        assert!(o.drafts && o.no_search);
        assert_eq!(o.base_url.as_deref(), Some("http://127.0.0.1:1111/"));
    }
}
