//! The built-in default theme: its files are embedded in the binary by `build.rs`.
//!
//! In: nothing (the files are compiled in). Out: the theme's files by path, a hash of all of them
//! (part of the build's input fingerprint, so a new binary with a changed theme rebuilds), and
//! [`eject`], which writes them out into a folder for customising.
//! Never: writes anywhere but the folder `eject` (or `gazette init --eject-theme`) is given, and
//! never over an existing file: the embedded theme is read in memory by discovery
//! (`pipeline::discover`), not unpacked to disk.

use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic};
use crate::fs;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// The name of the built-in theme (`theme: default` in site.yaml).
pub const BUILT_IN: &str = "default";

/// How the built-in theme is shown in messages and as the "path" of its files.
pub const BUILT_IN_SHOWN: &str = "(built-in theme)";

/// Every file of the built-in theme: (path inside the theme, bytes), sorted by path.
pub fn files() -> &'static [(&'static str, &'static [u8])] {
    DEFAULT_THEME
}

/// A file of the built-in theme by its path inside the theme (`templates/page.html`).
pub fn file(rel: &str) -> Option<&'static [u8]> {
    DEFAULT_THEME.binary_search_by(|(r, _)| (*r).cmp(rel)).ok().map(|i| DEFAULT_THEME[i].1)
}

/// A hash of every path and byte of the built-in theme, computed once.
pub fn fingerprint() -> u64 {
    static HASH: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *HASH.get_or_init(|| {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        DEFAULT_THEME.hash(&mut h);
        h.finish()
    })
}

/// What `eject` wrote.
#[derive(Debug)]
pub struct EjectReport {
    pub dir: PathBuf,
    pub files: usize,
}

/// Writes the built-in theme into `dir`, which must not exist or be empty: an ejected theme is
/// the user's to edit, so it is never overwritten. All or nothing: the files go into a staging
/// folder beside `dir` that is renamed into place at the end.
pub fn eject(dir: &Path) -> Result<EjectReport, Diagnostic> {
    let files: Vec<(String, Vec<u8>)> = DEFAULT_THEME.iter().map(|(rel, b)| (rel.to_string(), b.to_vec())).collect();
    write_new_folder(dir, &files, "theme")?;
    Ok(EjectReport { dir: dir.to_path_buf(), files: files.len() })
}

/// Writes `files` (relative paths with `/`) into the new folder `dir`, refusing one that holds
/// anything. Everything is written into a staging folder beside `dir` and renamed into place, so
/// a failure leaves nothing half-written. `what` names the result in messages ("site", "theme").
pub fn write_new_folder(dir: &Path, files: &[(String, Vec<u8>)], what: &str) -> Result<(), Diagnostic> {
    refuse_non_empty(dir, what)?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| what.into());
    let staging = parent.join(format!(".{name}.gazette-{what}-{}", std::process::id()));
    let result = (|| -> fs::Result<()> {
        fs::create_dir_all(&staging)?;
        for (rel, bytes) in files {
            let path = staging.join(rel);
            if let Some(p) = path.parent() {
                fs::create_dir_all(p)?;
            }
            fs::write(&path, bytes)?;
        }
        // An empty existing folder is replaced by the staging folder.
        if dir.exists() {
            std::fs::remove_dir(dir).map_err(|source| fs::PathError {
                action: "replace",
                path: dir.to_path_buf(),
                source,
            })?;
        }
        fs::rename(&staging, dir)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Diagnostic::error(Code::Io, format!("cannot create the {what}: {e}")).with_file(dir));
    }
    Ok(())
}

fn refuse_non_empty(dir: &Path, what: &str) -> Result<(), Diagnostic> {
    let help = match what {
        "site" => "pick a new folder name, e.g. `gazette init my-site`".to_string(),
        _ => format!("nothing was overwritten; move {} away, or name another folder with --to DIR", dir.display()),
    };
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if let Some(first) = entries.next() {
                let shown = first.map(|e| e.file_name().to_string_lossy().into_owned()).unwrap_or_default();
                return Err(Diagnostic::error(
                    Code::InitNotEmpty,
                    format!(
                        "{} is not empty, so no {what} was {} there",
                        dir.display(),
                        if what == "site" { "created" } else { "written" }
                    ),
                )
                .with_note(format!("it holds {shown}"))
                .with_help(help));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            Err(Diagnostic::error(Code::InitNotEmpty, format!("{} is a file, not a folder", dir.display()))
                .with_help(help))
        }
        Err(e) => Err(Diagnostic::error(Code::Io, format!("cannot read {}: {}", dir.display(), fs::io_reason(&e)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded theme is exactly the files of themes/default (build.rs generates the list;
    /// this catches a build script that silently skipped something).
    #[test]
    fn embedded_theme_matches_the_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path().strip_prefix(&root).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default())
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = DEFAULT_THEME.iter().map(|(rel, _)| rel.to_string()).collect();
        assert_eq!(embedded, on_disk);
        assert!(file("templates/page.html").is_some());
        assert!(file("templates/nope.html").is_none());
    }
}
