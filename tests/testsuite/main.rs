//! Gazette's integration tests: one binary, a module per feature. Each fixture under
//! `tests/fixtures/<feature>/<case>/` is a complete tiny site; `support` copies it into a
//! temporary folder (with the repository's default theme when it has none) and runs the real
//! `gazette` binary on it.

mod support;

mod authoring;
mod build;
mod check;
mod diagnostics;
mod example_site;
mod fault_injection;
mod hardening;
mod output_safety;
mod property;
mod serve;
mod search;
mod security;
