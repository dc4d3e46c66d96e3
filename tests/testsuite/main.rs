//! Gazette's integration tests: one binary, a module per feature. Each fixture under
//! `tests/fixtures/<feature>/<case>/` is a complete tiny site; `support` copies it into a
//! temporary folder and runs the real `gazette` binary on it (a fixture without `themes/` uses
//! the theme built into the binary).

mod support;

mod authoring;
mod build;
mod chains;
mod check;
mod collections;
mod deploy;
mod diagnostics;
mod editor_workflow;
mod example_site;
mod fault_injection;
mod hardening;
mod incremental;
mod images;
mod import_levels;
mod meetings;
mod output_safety;
mod pipeline;
mod property;
mod public_info;
mod resources;
mod serve;
mod sharing;
mod search;
mod security;
mod theme;
