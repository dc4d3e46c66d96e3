//! Gazette: a static site generator for committee reports and publicity, Chinese first.
//!
//! The build reads as a sentence: [`config`] loads `site.yaml`; [`build`] discovers the content
//! (`pipeline::discover`), parses front matter (`pipeline::front_matter`), renders Markdown
//! (`pipeline::markdown`), assembles pages and sections (`pipeline::model`), builds the year, topic and
//! type indexes (`pipeline::taxonomy`), renders Tera templates (`pipeline::render`), indexes the pages
//! for search ([`search`]) and writes the site into a staging folder that is swapped into place
//! only when everything succeeded (`pipeline::output`). Every problem a user can cause is a [`diag::Diagnostic`]; the [`cli`]
//! prints them and picks the exit code.

#![expect(
    clippy::result_large_err,
    reason = "Diagnostic is the error type of every stage; errors are rare, so their size does not matter"
)]

// In pipeline order: shared foundations, then configuration, the build, the command line.
pub mod yaml;
pub mod diag;
pub mod fs;
pub mod text;
pub mod config;
pub mod secrets;
pub mod pipeline;
pub mod images;
pub mod check;
pub mod authoring;
pub mod import;
pub mod new;
pub mod init;
pub mod theme;
pub mod search;
pub mod serve;
pub mod summary;
pub mod settings;
pub mod deploy;
pub mod cli;

/// The version of Pagefind this build compiles (`Cargo.lock`'s, read by `build.rs`): search keys
/// its cache with it, so a bundle cached by another version is never reused.
pub const PAGEFIND_VERSION: &str = env!("GAZETTE_PAGEFIND_VERSION");
