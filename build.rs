//! Embeds the default theme: the built-in theme every site without `themes/default/` uses.
//!
//! In: every file under `themes/default/`. Out: `$OUT_DIR/default_theme.rs`, a sorted list of
//! `(path inside the theme, include_bytes!(…))` that `src/theme.rs` includes. Generated, so the
//! embedded theme can never drift from the folder: a file added to the theme is embedded by the
//! next build.
//! Never: embeds hidden files (editor swap files, `.DS_Store`).
//!
//! Also: `GAZETTE_PAGEFIND_VERSION`, the version of the `pagefind` crate this build compiles
//! (`Cargo.lock`'s, whether from crates.io or `vendor/pagefind/`), read by
//! `gazette::PAGEFIND_VERSION`, so the search cache's key cannot name another version.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let theme = manifest.join("themes").join("default");
    // A folder here makes cargo rescan every file below it.
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    let mut out = String::from("/// The default theme: (path inside `themes/default/`, bytes), sorted by path.\n");
    out.push_str("pub const DEFAULT_THEME: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        let _ = writeln!(out, "    ({rel:?}, include_bytes!({abs:?})),");
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("default_theme.rs");
    std::fs::write(&dest, out).expect("write default_theme.rs");

    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = std::fs::read_to_string(manifest.join("Cargo.lock")).expect("read Cargo.lock");
    println!("cargo:rustc-env=GAZETTE_PAGEFIND_VERSION={}", locked_version(&lock, "pagefind"));
}

/// The version `Cargo.lock` records for the package `name`, which must be there once.
fn locked_version(lock: &str, name: &str) -> String {
    let name_line = format!("name = \"{name}\"");
    let versions: Vec<&str> = lock
        .split("[[package]]")
        .filter(|entry| entry.lines().any(|l| l == name_line))
        .filter_map(|entry| entry.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim_matches('"'))
        .collect();
    match versions[..] {
        [v] => v.to_string(),
        [] => panic!("Cargo.lock has no package {name}"),
        _ => panic!("Cargo.lock has {name} {versions:?}: which one does search use?"),
    }
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, files);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.push((rel, path.display().to_string()));
        }
    }
}
