//! Search: a pipeline stage fed records, out comes a Pagefind bundle (`pagefind/`).
//!
//! In: [`Records`], one per page (report, news post or standalone page, never a list), made
//! from the checked site by [`records`] from values the build already has — title, the
//! front-matter summary and the plain text of the body, with title, date, type, topics, year,
//! meeting and summary as metadata and year, topic and type as filters, named and decided as
//! the rendered site names and decides them. `gazette build` makes them in its search step;
//! `serve` keeps them in its `BuildCache` by page version and indexes a copy in the background
//! ([`refresh_bundle`]), never loading the site again. Out: Pagefind's files written into the
//! folder the caller names (the staging folder's `pagefind/`), and a [`SearchReport`].
//!
//! The stage, by module (the measurements are in BENCHMARKS.md, "Search"):
//! - `records`: pages → [`Record`]s, made safe for where the search page shows each string.
//! - `segment`: Chinese segmented once, here, by ICU4X's dictionary segmenter, words separated
//!   by spaces, each word of two characters or more with subword marks (`人.大`) so that its
//!   tails and characters are indexed too: a term that begins or ends inside a word of a page's
//!   split is then found as words in a row (the search layer tries every split of a term into
//!   words the index holds). Pagefind is told the records are in a language it does not segment
//!   ([`RECORD_LANGUAGE`]), so it indexes our words as they are instead of re-segmenting every
//!   page and indexing every pair of characters, which was ~85% of its cost. A record's text is
//!   segmented when its shard is indexed, and only then (`Record::content`).
//! - `shards`: a big site's index is split into shards — whole years, big years split further
//!   — that the search page merges (`pagefind/gazette-shards.js` lists them). Pagefind's own
//!   merge is wrong for them: a shard without one word of a query answers with the others, or
//!   with a shorter word that starts it, and raw scores of shards are not comparable. The theme's
//!   search layer (`themes/default/static/js/search/pagefind.js`, issue 15) searches each typed
//!   term on its own and ranks over all shards itself; it tags each shard with a synthetic
//!   filter (`gazette-shard`) to tell which shard answered.
//! - `bundle`: Pagefind (the copy in `vendor/pagefind/`, with performance patches that keep its
//!   index format and JavaScript) indexes each shard; each shard's files and each page's
//!   segmented text are cached in `.gazette-cache/search/` under content hashes, so a rebuild
//!   after one edit re-segments one page and re-indexes one shard.
//!
//! Never: loads, discovers or checks the site, parses rendered HTML, indexes list pages, writes
//! outside the bundle folder and the cache folder, or fails a build because the cache cannot be
//! read or written (it is only a cache: problems with it become warnings).

mod bundle;
mod records;
mod segment;
mod shards;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::config::{Config, Language};
use crate::diag::Diagnostic;
use crate::fs;

pub use bundle::{PagefindRecord, index_records};
pub use records::{Record, Records, records};
pub use segment::{SUBWORD_MARK, segment, segmenter};

use bundle::io_diag;

/// The bundle folder in the output, and the URL path the theme loads Pagefind from.
pub const BUNDLE_DIR: &str = "pagefind";
/// The cache folder, relative to the site root.
pub const CACHE_DIR: &str = ".gazette-cache/search";
/// The file in the bundle that lists the shards the search page merges.
pub const SHARDS_FILE: &str = "gazette-shards.js";
/// The language Pagefind is told the records are in: one it does not segment (its word
/// segmentation is for `zh`, `ja` and `th`), so our words reach the index as they are.
/// The search page's `<html lang>` stays the site's; Pagefind falls back to this index.
pub const RECORD_LANGUAGE: &str = "und";
/// A shard holds at most this many pages (whole years, or parts of a big one): the cost of a
/// rebuild after one edit is the cost of indexing one shard; each shard costs the search page
/// a few requests per query.
pub const MAX_SHARD_PAGES: usize = 500;

/// Bump when records, shards or the cache layout change: old caches are then ignored.
/// 8: records index the heading block (speaker, meeting, 文号), and every Chinese word of two
/// characters or more carries subword marks.
const CACHE_FORMAT: &str = concat!("gazette-search-8-", env!("CARGO_PKG_VERSION"));

/// What the search stage did.
#[derive(Debug, Default)]
pub struct SearchReport {
    /// Pages indexed.
    pub pages: usize,
    /// Pages whose text was segmented in this run (the others came from the cache).
    pub segmented: usize,
    pub shards: usize,
    /// Shards indexed by Pagefind in this run (the others came from the cache).
    pub indexed_shards: usize,
    /// Files in the bundle, and their total size in bytes.
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Cache problems (the bundle is complete anyway).
    pub warnings: Vec<Diagnostic>,
}

/// Writes the search bundle of `records` into `bundle_dir` (created; normally the staging
/// folder's `pagefind/`), using and refreshing the cache in `cache_dir` when given.
///
/// This is the whole search stage of `gazette build`: `pipeline::write_site` calls it after the
/// pages are written and before the staging folder is committed. `gazette serve` calls
/// [`refresh_bundle`] instead, on a background thread.
pub fn write_bundle(
    config: &Config,
    records: &Records,
    bundle_dir: &Path,
    cache_dir: Option<&Path>,
) -> Result<SearchReport, Diagnostic> {
    write(config, records, bundle_dir, cache_dir, false)
}

/// Rebuilds the search bundle of an already written site in place, for `gazette serve`: the new
/// bundle is written beside `<output>/pagefind/` and renamed over it, so the site never serves a
/// half-written index. Safe to run on a background thread while pages are served and while the
/// next build runs: it reads only `records` (a copy taken from the build's cache) and the
/// search cache, never the site. Two refreshes of one output must not run at once (they share
/// the folder names). Segmented texts are kept in the records, so the next refresh after an
/// edit segments only the edited page.
pub fn refresh_bundle(config: &Config, records: &Records, output: &Path) -> Result<SearchReport, Diagnostic> {
    let fresh = output.join(format!(".{BUNDLE_DIR}.gazette-new-{}", std::process::id()));
    let old = output.join(format!(".{BUNDLE_DIR}.gazette-old-{}", std::process::id()));
    for leftover in [&fresh, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(io_diag)?;
        }
    }
    let cache = config.root.join(CACHE_DIR);
    let report = match write(config, records, &fresh, Some(&cache), true) {
        Ok(r) => r,
        Err(d) => {
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(d);
        }
    };
    let live = output.join(BUNDLE_DIR);
    if live.exists() {
        fs::rename(&live, &old).map_err(io_diag)?;
    }
    fs::rename(&fresh, &live).map_err(io_diag)?;
    if old.exists() {
        fs::remove_dir_all(&old).map_err(io_diag)?;
    }
    Ok(report)
}

/// The stage: shards planned, each indexed or taken from the cache, their files placed.
/// `keep`: keep each record's segmented text in it (records that live on in `serve`'s cache).
fn write(
    config: &Config,
    records: &Records,
    bundle_dir: &Path,
    cache_dir: Option<&Path>,
    keep: bool,
) -> Result<SearchReport, Diagnostic> {
    let started = Instant::now();
    let mut warnings = Vec::new();
    let language = record_language(config.language);

    // Group the pages into shards; each shard's key covers everything that goes into it.
    let shards = shards::plan_shards(records.list().iter().map(Arc::clone).collect(), shards::max_shard_pages(config));
    let cache = cache_dir.map(|c| c.join(CACHE_FORMAT));
    let segmenter = segmenter();

    // Shards run in parallel, one per core: each is its own Pagefind index, so only a shard's
    // worth of Pagefind's data is in memory per core. Each shard's files go into place as soon
    // as it is done: the first shard and Pagefind's common files at the bundle's root, the other
    // shards in sub-folders named after them. Pagefind's common files are the same for every
    // shard; the first indexed shard's are kept.
    fs::create_dir_all(bundle_dir).map_err(io_diag)?;
    let have_common = AtomicBool::new(false);
    let results = in_parallel(&shards, |i, shard| {
        let mut out = bundle::build_shard(shard, language, segmenter, cache.as_deref(), keep)?;
        if out.indexed && have_common.swap(true, Ordering::Relaxed) {
            out.common = Vec::new();
        }
        let dir = if i == 0 { bundle_dir.to_path_buf() } else { bundle_dir.join(&shard.id) };
        for (rel, source) in std::mem::take(&mut out.files) {
            out.bytes += bundle::place(&source, &dir.join(rel))?;
            out.placed += 1;
        }
        Ok(out)
    });
    let mut outputs = Vec::with_capacity(results.len());
    for r in results {
        outputs.push(r?);
    }
    let mut files: usize = outputs.iter().map(|o| o.placed).sum();
    let mut bytes: u64 = outputs.iter().map(|o| o.bytes).sum();
    for out in &outputs {
        warnings.extend(out.warnings.iter().cloned());
    }

    let common = bundle::common_files(&outputs, language, cache.as_deref(), &mut warnings)?;
    for (rel, source) in &common {
        bytes += bundle::place(source, &bundle_dir.join(rel))?;
        files += 1;
    }
    let merge: Vec<String> = outputs.iter().skip(1).map(|o| format!("{}/", o.id)).collect();
    let shards_js = bundle::shards_script(&merge);
    fs::write(&bundle_dir.join(SHARDS_FILE), shards_js.as_bytes()).map_err(io_diag)?;
    files += 1;
    bytes += shards_js.len() as u64;

    if let Some(cache) = &cache {
        bundle::prune_cache(cache, &outputs, &mut warnings);
    }
    Ok(SearchReport {
        pages: outputs.iter().map(|o| o.pages).sum(),
        segmented: outputs.iter().map(|o| o.segmented).sum(),
        shards: outputs.len(),
        indexed_shards: outputs.iter().filter(|o| o.indexed).count(),
        files,
        bytes,
        elapsed: started.elapsed(),
        warnings,
    })
}

/// Runs `f` over `items` on as many threads as rayon has, and returns the results in order.
///
/// Not rayon's `par_iter`: Pagefind runs parallel iterators of its own inside each shard, and a
/// rayon thread waiting for them steals and starts other shards, so that many shards (and their
/// memory) are in flight at once. Plain threads bound that to one shard per thread.
fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let threads = rayon::current_num_threads().clamp(1, items.len().max(1));
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(i, item)));
                    }
                    done
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

fn record_language(language: Language) -> &'static str {
    match language {
        // English pages get Pagefind's English stemming; Chinese in them is segmented by us.
        Language::En => "en",
        Language::ZhCn => RECORD_LANGUAGE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_parallel_runs_every_item_once_and_keeps_their_order() {
        let items: Vec<usize> = (0..97).collect();
        let calls = AtomicUsize::new(0);
        let out = in_parallel(&items, |i, item| {
            calls.fetch_add(1, Ordering::Relaxed);
            assert_eq!(i, *item);
            item * 2
        });
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(calls.load(Ordering::Relaxed), items.len());
        assert!(in_parallel(&[] as &[usize], |_, i| *i).is_empty());
    }
}
