//! Watching the site's inputs for `serve`.
//!
//! In: the site root, whether to poll, and a channel. Out: a [`SiteWatcher`] that sends each
//! debounced burst of changed input paths down the channel, and that [`SiteWatcher::refresh`]
//! keeps pointed at the folders now on disk.
//! Never: watches the output or other folders of the root recursively (`public/`, `target/`,
//! `node_modules/` can be huge), or passes on access events (serving a file opens it; reacting
//! would loop reloads).
//!
//! Why refresh: an inotify watch follows a folder's inode, not its name. After
//! `mv content elsewhere && cp -r elsewhere content` the watch still reports the moved-away
//! folder and nothing watches the new `content/`, so later edits were never seen (test
//! `serve::edits_are_seen_after_content_is_recreated`). A folder created after the start (a first
//! `static/`) was never watched either. The root itself is watched without recursion, so each
//! of these shows up as a change of a top-level entry, and the rebuild loop calls `refresh` before
//! it builds. The poller (`--poll`, in `watch/poller.rs`) looks at the folders afresh each time.

mod poller;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache};

use crate::config::{Config, Overrides};

/// How long the watcher waits after a change before passing it on, and how often it looks.
const DEBOUNCE: Duration = Duration::from_millis(10);
const TICK: Duration = Duration::from_millis(3);

/// The top-level entries of the root that are inputs.
const INPUTS: &[&str] = &["site.yaml", "content", "templates", "static", "themes"];

pub struct SiteWatcher {
    root: PathBuf,
    backend: Backend,
    /// The folders watched recursively, each with the identity of the folder that was there when
    /// the watch was made.
    watched: BTreeMap<PathBuf, Option<Identity>>,
}

/// The native watcher (inotify, FSEvents, ReadDirectoryChangesW) behind a debouncer, or the
/// poller (`--poll`, for network drives and WSL).
enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// Kept for its `Drop`, which stops the polling thread.
    Poll {
        _poller: poller::Poller,
    },
}

impl SiteWatcher {
    /// Watches `root` itself (not recursively) and each input folder that exists, or polls them.
    pub fn start(
        root: &Path,
        poll: bool,
        tx: tokio::sync::mpsc::UnboundedSender<Vec<PathBuf>>,
    ) -> Result<SiteWatcher, String> {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        if poll {
            let poller =
                poller::Poller::start(root.clone(), Duration::from_millis(500), tx).map_err(|e| e.to_string())?;
            return Ok(SiteWatcher { root, backend: Backend::Poll { _poller: poller }, watched: BTreeMap::new() });
        }
        let filter_root = root.clone();
        let handler = move |result: DebounceEventResult| {
            // The rebuild looks again only at the paths sent: when the watcher lost events (its
            // queue overflowed) or failed, the root is sent, which means "look at everything".
            let paths: Vec<PathBuf> = match result {
                Ok(events) if events.iter().any(|e| e.event.need_rescan()) => vec![filter_root.clone()],
                Ok(events) => events
                    .into_iter()
                    .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths.clone())
                    .filter(|p| relevant(&filter_root, p))
                    .collect(),
                Err(_) => vec![filter_root.clone()],
            };
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        };
        // A save is passed on DEBOUNCE after its last event (checked every TICK): long enough
        // to take an editor's burst (write, rename, chmod: a few milliseconds) as one change,
        // short beside the 50 ms a save may take to be served. A burst split in two builds
        // twice; the second build sees the finished file.
        let debouncer =
            notify_debouncer_full::new_debouncer(DEBOUNCE, Some(TICK), handler).map_err(|e| e.to_string())?;
        let mut watcher = SiteWatcher { root, backend: Backend::Native(debouncer), watched: BTreeMap::new() };
        watcher.watch(&watcher.root.clone(), RecursiveMode::NonRecursive).map_err(|e| e.to_string())?;
        watcher.refresh(&[]).map_err(|e| e.to_string())?;
        Ok(watcher)
    }

    /// Brings the watches in line with the disk, given the paths that just changed: an input
    /// folder that appeared is watched; one that is gone is unwatched; one that was replaced (its
    /// identity changed, or an event names the folder itself) is watched afresh. Returns the
    /// first error of a folder that could not be watched.
    pub fn refresh(&mut self, changed: &[PathBuf]) -> notify::Result<()> {
        if matches!(self.backend, Backend::Poll { .. }) {
            return Ok(());
        }
        let wanted = input_folders(&self.root);
        let mut result = Ok(());
        let stale: Vec<PathBuf> = self.watched.keys().filter(|p| !wanted.contains(p)).cloned().collect();
        for dir in stale {
            self.watched.remove(&dir);
            let _ = self.unwatch(&dir);
        }
        for dir in wanted {
            let now = identity(&dir);
            let named = changed.contains(&dir);
            match self.watched.get(&dir) {
                Some(known) if *known == now && !named => continue,
                Some(_) => {
                    // the old watch may already be gone with its folder: nothing to undo then
                    let _ = self.unwatch(&dir);
                    self.watched.remove(&dir);
                }
                None => {}
            }
            if !dir.is_dir() {
                continue;
            }
            match self.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watched.insert(dir, now);
                }
                Err(e) => {
                    if result.is_ok() {
                        result = Err(e);
                    }
                }
            }
        }
        result
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.backend {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Poll { .. } => Ok(()),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match &mut self.backend {
            Backend::Native(d) => d.unwatch(path),
            Backend::Poll { .. } => Ok(()),
        }
    }
}

/// content/, templates/, static/ and the theme's folder, by path (whether or not they exist).
/// The theme is read from site.yaml each time, so switching themes moves the watch.
fn input_folders(root: &Path) -> Vec<PathBuf> {
    let theme = Config::load(root, &Overrides::default()).map(|c| c.theme).unwrap_or_else(|_| "default".into());
    vec![root.join("content"), root.join("templates"), root.join("static"), root.join("themes").join(theme)]
}

/// Which folder is at a path: on Unix its device and inode, so a folder moved away and another
/// put in its place are told apart even when no event named them. Elsewhere only the events
/// tell (an event on the folder itself re-watches it).
#[cfg(unix)]
type Identity = (u64, u64);
#[cfg(not(unix))]
type Identity = ();

#[cfg(unix)]
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().filter(|m| m.is_dir()).map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<Identity> {
    path.is_dir().then_some(())
}

/// Is a changed path part of the site's input? Root-level entries count only for site.yaml and
/// the watched folders; hidden, backup and temporary files never count.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return true };
    let mut components = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
    let Some(first) = components.next() else { return false };
    if !INPUTS.contains(&first.as_str()) {
        return false;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    !crate::pipeline::discover::is_editor_temp_file(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_inputs_are_relevant() {
        let root = Path::new("/site");
        assert!(relevant(root, Path::new("/site/content/reports/a.md")));
        assert!(relevant(root, Path::new("/site/content")));
        assert!(relevant(root, Path::new("/site/site.yaml")));
        assert!(relevant(root, Path::new("/site/themes/default/templates/page.html")));
        assert!(!relevant(root, Path::new("/site/public/index.html")));
        assert!(!relevant(root, Path::new("/site/target/debug/x")));
        assert!(!relevant(root, Path::new("/site/content/.a.md.swp")));
        assert!(!relevant(root, Path::new("/site/content/a.md~")));
        assert!(!relevant(root, Path::new("/site/README.md")));
    }

    /// A file discovery skips is no change to the site, and a file it reads is one: the watcher
    /// once rebuilt on Emacs's `#a.md#` and Word's `~$a.docx`, and discovery read Vim's `4913`.
    #[test]
    fn the_watcher_ignores_what_discovery_ignores() {
        let root = Path::new("/site");
        for name in ["a.md", "#a.md#", "~$a.docx", "4913", ".a.md.swp", "a.md~", "x.tmp", "photo.jpg", ".DS_Store"] {
            let path = root.join("content/reports").join(name);
            assert_eq!(
                relevant(root, &path),
                !crate::pipeline::discover::is_editor_temp_file(name),
                "{name}: watcher and discovery disagree"
            );
        }
        assert!(!relevant(root, Path::new("/site/content/#a.md#")));
        assert!(!relevant(root, Path::new("/site/content/~$a.docx")));
        assert!(!relevant(root, Path::new("/site/content/4913")));
    }
}
