//! `.gazette-cache/images/`: every derived image by its source's content hash and parameters
//! ([`DerivedImage::cache_name`]), shared by `build` and `serve`, and the recorded probes. The
//! image stage ([`produce`]) decodes only the originals with a derived file missing here, each
//! once, in parallel within a memory budget; then it removes the files this build did not use.
//! The cache may always be lost: it is made again.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{self, Code, Diagnostic, Diagnostics};
use crate::images::{DerivedImage, Probe, derive, probe};
use crate::pipeline::Site;
use crate::pipeline::discover::Stamp;
use crate::pipeline::plan::Job;

/// The cache folder, below the site root.
pub const CACHE_DIR: &str = ".gazette-cache/images";
/// The recorded probes, in the cache folder.
pub const PROBES_FILE: &str = "probes.json";
/// The bytes of full-size pixels in memory at once, across threads: an original is held (read,
/// decoded, turned upright, resized) within it, then encoded outside it, so one thread decodes a
/// 12-megapixel photo (about 108 MB by [`pixel_bytes`]) while the others encode; smaller
/// pictures decode side by side. One larger than the budget is decoded alone.
pub const MEMORY_BUDGET: u64 = 160 * 1024 * 1024;

pub fn dir(config: &Config) -> PathBuf {
    config.root.join(CACHE_DIR)
}

/// What the image stage did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageReport {
    /// Derived files this build lists.
    pub derived: usize,
    /// Originals decoded (the others' derived files were all in the cache).
    pub decoded: usize,
    /// Derived files encoded this time.
    pub encoded: usize,
    /// Cached files removed because no output uses them any more.
    pub pruned: usize,
}

/// Makes every derived image the plan lists that the cache lacks, then records the probes and
/// prunes what this build does not use. An original that cannot be decoded is an error naming it.
pub fn produce(config: &Config, site: &Site) -> Result<ImageReport, Diagnostics> {
    let dir = dir(config);
    // the derived images of each original (by file and content)
    let mut by_source: BTreeMap<(&Path, &str), Vec<&DerivedImage>> = BTreeMap::new();
    for o in site.plan.written() {
        if let Job::Image(d) = &o.job {
            by_source.entry((d.source.as_path(), d.probe.hash.as_str())).or_default().push(d);
        }
    }
    let mut report = ImageReport { derived: by_source.values().map(Vec::len).sum(), ..Default::default() };
    let used: HashSet<String> = by_source.values().flatten().map(|d| d.cache_name()).collect();
    let missing: Vec<(&Path, Vec<&DerivedImage>)> = by_source
        .iter()
        .filter_map(|((source, _), ds)| {
            let todo: Vec<&DerivedImage> = ds.iter().copied().filter(|d| !dir.join(d.cache_name()).is_file()).collect();
            (!todo.is_empty()).then_some((*source, todo))
        })
        .collect();
    if !missing.is_empty() {
        std::fs::create_dir_all(&dir).map_err(|e| io_error(config, &dir, &e))?;
    }
    let budget = Budget::new(MEMORY_BUDGET);
    let results: Vec<Result<usize, Diagnostic>> = missing
        .par_iter()
        .map(|(source, todo)| {
            let probe = &todo[0].probe;
            let held = budget.take(pixel_bytes(probe));
            let shown = diag::display_path(&config.root, source);
            let fail = |why: String| {
                Diagnostic::error(
                    Code::ImageUnreadable,
                    format!("cannot make the derived images of {}", shown.display()),
                )
                .with_file(&shown)
                .with_note(why)
                .with_help("open it in an image editor and export it again as JPEG or PNG (8-bit RGB)")
            };
            let bytes = std::fs::read(source).map_err(|e| fail(format!("it cannot be read: {e}")))?;
            let img = derive::decode(&bytes, probe).map_err(fail)?;
            drop(bytes);
            let resized = derive::resize_all(&img, todo).map_err(fail)?;
            drop(img);
            drop(held);
            let encoded = derive::encode_all(&resized, todo).map_err(fail)?;
            for (d, bytes) in todo.iter().zip(&encoded) {
                write_atomic(&dir.join(d.cache_name()), bytes).map_err(|e| io_error(config, &dir, &e))?;
            }
            Ok(encoded.len())
        })
        .collect();
    let mut errors = Diagnostics::new();
    for r in results {
        match r {
            Ok(n) => {
                report.decoded += 1;
                report.encoded += n;
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    record_probes(site, &dir);
    report.pruned = prune(&dir, &used);
    Ok(report)
}

/// The bytes a decode of `probe` holds at its peak: the pixels, their upright copy, and the
/// resizer's intermediate rows (about one more copy).
fn pixel_bytes(p: &Probe) -> u64 {
    u64::from(p.width) * u64::from(p.height) * if p.alpha { 4 } else { 3 } * 3
}

/// Records every probed file's stamp and probe, for the next build's discovery.
fn record_probes(site: &Site, dir: &Path) {
    let probes: Vec<(String, Stamp, Arc<Probe>)> = site
        .tree
        .content_assets
        .iter()
        .chain(&site.tree.static_files)
        .filter_map(|a| {
            let p = a.image.as_ref().filter(|p| !p.hash.is_empty())?;
            Some((a.path.to_string_lossy().into_owned(), a.stamp, Arc::clone(p)))
        })
        .collect();
    if probes.is_empty() {
        return;
    }
    if std::fs::create_dir_all(dir).is_ok() {
        // a cache: a failed write only means the next build probes again
        let _ = write_atomic(&dir.join(PROBES_FILE), &probe::recorded_json(&probes));
    }
}

/// Removes the derived files of the cache that `used` does not name; the count removed.
fn prune(dir: &Path, used: &HashSet<String>) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == PROBES_FILE || used.contains(&name) || !e.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        if std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn io_error(config: &Config, path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::Io, format!("cannot write the image cache: {e}"))
        .with_file(diag::display_path(&config.root, path))
        .with_help(format!("check the folder's permissions, or delete {CACHE_DIR}/"))
}

/// Bytes of decoded pixels held across threads: a decode waits until its bytes fit (one larger
/// than the whole budget runs alone).
struct Budget {
    free: Mutex<u64>,
    total: u64,
    freed: Condvar,
}

struct Held<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Budget {
    fn new(total: u64) -> Budget {
        Budget { free: Mutex::new(total), total, freed: Condvar::new() }
    }

    fn take(&self, bytes: u64) -> Held<'_> {
        let bytes = bytes.min(self.total);
        let mut free = self.free.lock().unwrap_or_else(|p| p.into_inner());
        while *free < bytes {
            free = self.freed.wait(free).unwrap_or_else(|p| p.into_inner());
        }
        *free -= bytes;
        Held { budget: self, bytes }
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut free = self.budget.free.lock().unwrap_or_else(|p| p.into_inner());
        *free += self.bytes;
        self.budget.freed.notify_all();
    }
}
