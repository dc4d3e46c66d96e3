//! Gazette: a static site generator for committee reports and publicity, Chinese first.
//!
//! The build reads as a sentence: [`config`] loads `site.yaml`; [`build`] discovers the content
//! (`build::discover`), parses front matter (`build::front_matter`), renders Markdown
//! (`build::markdown`), assembles pages and sections (`build::model`), builds the year, topic and
//! type indexes (`build::taxonomy`), renders Tera templates (`build::render`), indexes the pages
//! for search ([`search`]) and writes the site into a staging folder that is swapped into place
//! only when everything succeeded (`build::output`). Every problem a user can cause is a [`diag::Diagnostic`]; the [`cli`]
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
pub mod build;
pub mod check;
pub mod import;
pub mod new;
pub mod init;
pub mod theme;
pub mod search;
pub mod serve;
pub mod summary;
pub mod cli;
