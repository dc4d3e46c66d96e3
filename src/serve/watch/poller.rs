//! The `--poll` watcher, for network drives and WSL where change notifications do not arrive.
//!
//! In: the site root, an interval and a channel. Out: a thread that looks at every input file at
//! each interval and sends the paths whose type, size, modification time (to the nanosecond the
//! file system keeps) or file id changed, appeared or vanished.
//! Never: reads file contents, or compares whole seconds. notify's `PollWatcher` keeps mtimes in
//! whole seconds, so a second save within the same second was never seen (test
//! `serve::edits_are_seen_after_content_is_recreated_when_polling`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

/// Stops the polling thread when dropped.
pub struct Poller {
    stop: Arc<AtomicBool>,
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Poller {
    /// Scans once (the starting point), then every `interval` in a thread of its own. The input
    /// folders are taken afresh at each scan, so a folder replaced, created or removed is simply
    /// what the next scan sees.
    pub fn start(
        root: PathBuf,
        interval: Duration,
        tx: tokio::sync::mpsc::UnboundedSender<Vec<PathBuf>>,
    ) -> std::io::Result<Poller> {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let mut known = scan(&root);
        std::thread::Builder::new().name("gazette-poll".into()).spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                std::thread::sleep(interval);
                let now = scan(&root);
                let changed = changes(&known, &now);
                known = now;
                let changed: Vec<PathBuf> = changed.into_iter().filter(|p| super::relevant(&root, p)).collect();
                if !changed.is_empty() && tx.send(changed).is_err() {
                    break;
                }
            }
        })?;
        Ok(Poller { stop })
    }
}

/// What is known of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    is_dir: bool,
    len: u64,
    modified: Option<SystemTime>,
    /// On Unix the inode: an atomic save (write a copy, rename it over) makes a new one.
    id: u64,
}

/// Every file and folder of site.yaml and the input folders.
fn scan(root: &Path) -> BTreeMap<PathBuf, Stamp> {
    let mut files = BTreeMap::new();
    let mut starts = vec![root.join("site.yaml")];
    starts.extend(super::input_folders(root));
    for start in starts {
        for entry in walkdir::WalkDir::new(&start).follow_links(false).into_iter().filter_map(Result::ok) {
            let Ok(meta) = entry.metadata() else { continue };
            files.insert(
                entry.into_path(),
                Stamp { is_dir: meta.is_dir(), len: meta.len(), modified: meta.modified().ok(), id: file_id(&meta) },
            );
        }
    }
    files
}

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn file_id(_meta: &std::fs::Metadata) -> u64 {
    0
}

/// Paths that are new, gone or changed between two scans.
fn changes(before: &BTreeMap<PathBuf, Stamp>, after: &BTreeMap<PathBuf, Stamp>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> =
        after.iter().filter(|(path, stamp)| before.get(*path) != Some(*stamp)).map(|(p, _)| p.clone()).collect();
    out.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_within_the_same_second_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), "一").unwrap();
        let first = scan(root);
        assert!(changes(&first, &scan(root)).is_empty());
        // same length, same second: only the nanoseconds of the mtime differ
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(root.join("content/a.md"), "二").unwrap();
        let second = scan(root);
        assert_eq!(changes(&first, &second), [root.join("content/a.md")]);
        std::fs::remove_dir_all(root.join("content")).unwrap();
        let gone = changes(&second, &scan(root));
        assert!(gone.contains(&root.join("content/a.md")), "{gone:?}");
    }
}
