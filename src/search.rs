//! Search: the site's pages → a Pagefind bundle (`pagefind/`), segmented here, sharded, cached.
//!
//! In: the checked site model ([`Site`]) and the config. Out: Pagefind's files written into the
//! folder the caller names (the staging folder's `pagefind/`), and a [`SearchReport`].
//!
//! How, and why (the measurements are in BENCHMARKS.md, "Search"):
//! - Each page — report, news post or standalone page, never a list — becomes one Pagefind
//!   custom record built from what the build already knows: title (weighted like a heading),
//!   the front-matter summary and the plain text of the body, with title, date, type, topics,
//!   year, meeting and summary as metadata and year, topic and type as filters. No HTML is parsed.
//! - Chinese is segmented once, here, by ICU4X's dictionary word segmenter (`icu_segmenter`,
//!   the segmenter Pagefind itself uses, and the same dictionary as the browser's
//!   `Intl.Segmenter`), and the words are separated by spaces; long words carry dots that make
//!   Pagefind index their tails too (see [`push_han_word`]). Pagefind is told the records are
//!   in a language it does not segment ([`RECORD_LANGUAGE`]), so it indexes our words as they are
//!   instead of re-segmenting every page and indexing every pair of characters, which was ~85% of
//!   its cost. The search page segments the query the same way (`processTerm` in the theme's
//!   `gazette.js`) and joins the words back for display (`processResult`).
//! - Pagefind is the copy in `vendor/pagefind/`, with performance patches that keep its index
//!   format and JavaScript (its `GAZETTE-PATCHES.md`): with our words already separated, its own
//!   per-word work, copies and gzip level were what was left of the cost.
//! - A big site's index is split into shards — whole years, big years split further — that the
//!   search page merges (`pagefind/gazette-shards.js` lists them). Each shard's files and each page's
//!   segmented text are cached in `.gazette-cache/search/` under content hashes, so a rebuild
//!   after one edit re-segments one page and re-indexes one shard; every other shard is linked
//!   from the cache. The price: Pagefind ignores a query word an index lacks entirely, so a
//!   shard without one word of a multi-word query returns pages with the others (BENCHMARKS.md).
//!   Sites up to [`MAX_SHARD_PAGES`] are one index and do not have this.
//!
//! Never: parses rendered HTML, indexes list pages, writes outside the bundle folder and the
//! cache folder, or fails a build because the cache cannot be read or written (it is only a
//! cache: problems with it become warnings).

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};
use pagefind::api::{PagefindIndex, SyntheticFile};
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, Language};
use crate::diag::{Code, Diagnostic};
use crate::fs;
use crate::pipeline::Site;
use crate::pipeline::model::Page;

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
const CACHE_FORMAT: &str = concat!("gazette-search-5-", env!("CARGO_PKG_VERSION"));
/// The weight of the title's words, as Pagefind gives an `<h1>`.
const TITLE_WEIGHT: &str = "7";

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

/// One page's index input: a Pagefind custom record.
#[derive(Clone, Debug, Hash, PartialEq, Serialize)]
pub struct Record {
    /// The page's URL path on the site (`/reports/2024/foo/`), without the base path: the search
    /// page's Pagefind adds that (its `baseUrl` is the folder above `pagefind/`), so one index
    /// serves the site under any `base_url`.
    pub url: String,
    /// Title (weighted), summary and body, Chinese already segmented into space-separated words.
    pub content: String,
    pub meta: BTreeMap<String, String>,
    pub filters: BTreeMap<String, Vec<String>>,
    pub sort: BTreeMap<String, String>,
}

/// Writes the search bundle for `site` into `bundle_dir` (created; normally the staging
/// folder's `pagefind/`), using and refreshing the cache in `cache_dir` when given.
///
/// This is the whole search stage: `pipeline::write_site` calls it after the pages are written and
/// before the staging folder is committed. `gazette serve` may call it on a background thread
/// with a fresh folder and swap that in (see [`refresh_bundle`]).
pub fn write_bundle(
    config: &Config,
    site: &Site,
    bundle_dir: &Path,
    cache_dir: Option<&Path>,
) -> Result<SearchReport, Diagnostic> {
    let started = Instant::now();
    let mut warnings = Vec::new();
    let plan = plan_records(config, site);
    let language = record_language(config.language);

    // Group the pages into shards; each shard's key covers everything that goes into it.
    let shards = plan_shards(plan, max_shard_pages());
    let cache = cache_dir.map(|c| c.join(CACHE_FORMAT));
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());

    // Shards run in parallel, one per core: each is its own Pagefind index, so only a shard's
    // worth of Pagefind's data is in memory per core. Each shard's files go into place as soon
    // as it is done: the first shard and Pagefind's common files at the bundle's root, the other
    // shards in sub-folders named after them. Pagefind's common files are the same for every
    // shard; the first indexed shard's are kept.
    fs::create_dir_all(bundle_dir).map_err(io_diag)?;
    let have_common = AtomicBool::new(false);
    let results = in_parallel(&shards, |i, shard| {
        let mut out = build_shard(shard, language, segmenter, cache.as_deref())?;
        if out.indexed && have_common.swap(true, Ordering::Relaxed) {
            out.common = Vec::new();
        }
        let dir = if i == 0 { bundle_dir.to_path_buf() } else { bundle_dir.join(&shard.id) };
        for (rel, source) in std::mem::take(&mut out.files) {
            out.bytes += place(&source, &dir.join(rel))?;
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

    let common = common_files(&outputs, language, cache.as_deref(), &mut warnings)?;
    for (rel, source) in &common {
        bytes += place(source, &bundle_dir.join(rel))?;
        files += 1;
    }
    let merge: Vec<String> = outputs.iter().skip(1).map(|o| format!("{}/", o.id)).collect();
    let shards_js = shards_script(&merge);
    fs::write(&bundle_dir.join(SHARDS_FILE), shards_js.as_bytes()).map_err(io_diag)?;
    files += 1;
    bytes += shards_js.len() as u64;

    if let Some(cache) = &cache {
        prune_cache(cache, &outputs, &mut warnings);
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

/// Rebuilds the search bundle of an already written site in place, for `gazette serve`: the new
/// bundle is written beside `<output>/pagefind/` and renamed over it, so the site never serves a
/// half-written index. Safe to run on a background thread while pages are served; call it after
/// the build that produced `site` has been committed. With the cache, a rebuild after one edit
/// costs about one shard (see BENCHMARKS.md).
pub fn refresh_bundle(config: &Config, site: &Site, output: &Path) -> Result<SearchReport, Diagnostic> {
    let fresh = output.join(format!(".{BUNDLE_DIR}.gazette-new-{}", std::process::id()));
    let old = output.join(format!(".{BUNDLE_DIR}.gazette-old-{}", std::process::id()));
    for leftover in [&fresh, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(io_diag)?;
        }
    }
    let cache = config.root.join(CACHE_DIR);
    let report = match write_bundle(config, site, &fresh, Some(&cache)) {
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

/// The records of every page, in the site's page order, with the shard each belongs to and a
/// hash of its input. Content is not segmented yet (that is the part worth caching).
/// Filters are named by the theme's taxonomy titles (年份, 专题, 类型), as the search page shows them.
pub fn plan_records<'s>(config: &Config, site: &'s Site) -> Vec<PlannedRecord<'s>> {
    let strings = &site.tree.strings;
    let names = FilterNames {
        year: strings.get("taxonomy_years").cloned().unwrap_or_else(|| "years".into()),
        topic: strings.get("taxonomy_topics").cloned().unwrap_or_else(|| "topics".into()),
        doc_type: strings.get("taxonomy_types").cloned().unwrap_or_else(|| "types".into()),
    };
    site.pages.par_iter().map(|p| planned_record(config, &names, p)).collect()
}

/// A record before segmentation.
#[derive(Clone, Debug)]
pub struct PlannedRecord<'s> {
    /// The shard it goes to: its year (`2024`), or `pages` for undated standalone pages.
    pub group: String,
    /// The title, summary and body, unsegmented.
    pub parts: [&'s str; 3],
    pub record: Record,
    /// A hash of everything in the record: the cache key of its segmented content.
    pub key: u64,
}

/// Segments text into words for the index: runs of Chinese (and any other script without
/// spaces) are split by ICU4X's dictionary segmenter, other text is left as it is, and the
/// words are separated by single spaces. Chinese punctuation is a token of its own, which
/// Pagefind keeps in the text for excerpts and indexes nothing for; other punctuation stays
/// attached to the word it follows (opening brackets and quotes to the word they precede), as
/// in English text. A line break between two Chinese characters is not a word boundary
/// (editors wrap long lines).
pub fn segment(segmenter: WordSegmenterBorrowed<'_>, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let joined = join_wrapped_lines(text);
    for chunk in joined.split_whitespace() {
        if chunk.is_ascii() || !chunk.chars().any(needs_segmenting) {
            push_word(&mut out, chunk);
            continue;
        }
        segment_chunk(segmenter, chunk, &mut out);
    }
    out
}

/// The segmenter [`segment`] expects: ICU4X's dictionary word segmenter, built once.
pub fn segmenter() -> WordSegmenterBorrowed<'static> {
    WordSegmenter::new_dictionary(WordBreakInvariantOptions::default())
}

/// Indexes records with Pagefind and returns its files (paths relative to the bundle folder).
/// `language` is the records' language as Pagefind sees it ([`RECORD_LANGUAGE`] for segmented
/// Chinese). Public for the benchmark (`examples/search-bench.rs`), which also feeds it
/// unsegmented text in `zh-cn` to measure Pagefind's own segmentation.
pub fn index_records(records: &[Record], language: &str) -> Result<Vec<SyntheticFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder().force_language(language.to_string()).build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        for r in records {
            index
                .add_custom_record(
                    r.url.clone(),
                    r.content.clone(),
                    language.to_string(),
                    Some(r.meta.clone()),
                    Some(r.filters.clone()),
                    Some(r.sort.clone()),
                )
                .await
                .map_err(|e| format!("cannot index {}: {e}", r.url))?;
        }
        index.get_files().await.map_err(|e| e.to_string())
    })
}

// ------------------------------------------------------------------------------------------
// Records

struct FilterNames {
    year: String,
    topic: String,
    doc_type: String,
}

fn planned_record<'s>(config: &Config, names: &FilterNames, p: &'s Page) -> PlannedRecord<'s> {
    let m = &p.meta;
    let in_section = p.section.is_some();
    let date = p.date.as_ref().map(|d| crate::pipeline::render::date_view(d, config.language, &config.timezone));
    let mut meta = BTreeMap::new();
    meta.insert("title".to_string(), p.title.clone());
    if let Some(d) = &date {
        meta.insert("date".into(), d.display.clone());
    }
    let doc_type = m.doc_type.as_ref().filter(|_| in_section);
    if let Some(t) = doc_type {
        meta.insert("type".into(), t.clone());
    }
    let topics: &[String] = if in_section { &m.topics } else { &[] };
    if !topics.is_empty() {
        let sep = match config.language {
            Language::ZhCn => "、",
            Language::En => ", ",
        };
        meta.insert("topics".into(), topics.join(sep));
    }
    let year = p.year().filter(|_| in_section);
    if let Some(y) = year {
        meta.insert("year".into(), y.to_string());
    }
    if let Some(meeting) = &m.meeting {
        meta.insert("meeting".into(), meeting.clone());
    }
    if !p.summary.is_empty() {
        meta.insert("summary".into(), p.summary.clone());
    }

    let mut filters = BTreeMap::new();
    if let Some(y) = year {
        filters.insert(names.year.clone(), vec![y.to_string()]);
    }
    if !topics.is_empty() {
        filters.insert(names.topic.clone(), topics.to_vec());
    }
    if let Some(t) = doc_type {
        filters.insert(names.doc_type.clone(), vec![t.clone()]);
    }
    let mut sort = BTreeMap::new();
    if let Some(d) = &date {
        sort.insert("date".into(), d.iso.clone());
    }

    // An explicit summary may say what the body does not; a derived one repeats the body.
    let summary = m.summary.as_deref().unwrap_or_default();
    let parts = [p.title.as_str(), summary, p.rendered.plain.as_str()];
    let record = safe_for_the_search_page(Record { url: p.path.clone(), content: String::new(), meta, filters, sort });
    let mut h = DefaultHasher::new();
    CACHE_FORMAT.hash(&mut h);
    parts.hash(&mut h);
    record.hash(&mut h);
    let group = match year {
        Some(y) => y.to_string(),
        None => "pages".to_string(),
    };
    PlannedRecord { group, parts, record, key: h.finish() }
}

/// Makes every string of a record safe for the place the search page puts it. This is the one
/// place that does; `index_records` takes records as they are.
///
/// Where each string of a record ends, in Pagefind UI 1.6 as the bundle ships it
/// (`vendor/pagefind/vendor/pagefind_ui.1.6.0.js`, its Svelte `{@html}` and text bindings),
/// started by the theme's `gazette.js`, and in Pagefind's own search script
/// (`pagefind_worker.1.6.0.js`, which builds results and excerpts):
/// - filter names: HTML (`innerHTML` of the filter group's `<summary>` and `<legend>`), and the
///   key of the filter the UI searches with (`name:value`, split at the first `:`); values:
///   HTML (the checkbox label, `{@html}`), and the value it searches with. Both are escaped
///   here ([`escape_html`], and a name's `:` as `&#58;`): the label shows the text as written,
///   and the UI hands the same escaped string back as the filter, which is what the index
///   holds, so filtering works whatever the characters.
/// - meta (`title`, `date`, `type`, `topics`, `year`, `meeting`, `summary`): text. Pagefind's
///   UI puts the title in a text node and other meta as `key: value` text nodes (`gazette.js`
///   shows only title, date and type); never as HTML, so they stay as written (escaped they
///   would show `&amp;`). `url`, `image` and `image_alt`, which the UI would use as a link
///   or image address, are never set.
/// - content (title, summary, body): Pagefind's search script replaces `<` and `>` with
///   entities in a page's whole text before it cuts the excerpt and wraps matches in `<mark>`,
///   and the UI inserts the excerpt as HTML: with every `<` escaped, no element can come from
///   the text, and an `&` can only make text. So the content stays as written, which keeps its
///   words indexed as they are (escaped, a word with `&` in it would become another word) and
///   the excerpt showing them as written (escaped here too, `<` would show as `&lt;`).
/// - url: the result link's `href` (set as an attribute, not HTML). Pagefind puts the bundle's
///   base URL before it unless it starts with `//` or `http(s)://`; it starts with exactly one
///   `/` here, so it is always a path on the site, never another host or a `javascript:` URL.
/// - sort keys: never shown (the date, ISO 8601).
///
/// `tests/browser/search-xss.test.cjs` runs the search page on hostile values in a browser.
fn safe_for_the_search_page(mut record: Record) -> Record {
    record.filters = std::mem::take(&mut record.filters)
        .into_iter()
        .map(|(name, values)| {
            let name = escape_html(&name).replace(':', "&#58;");
            (name, values.iter().map(|v| escape_html(v)).collect())
        })
        .collect();
    for key in ["url", "image", "image_alt"] {
        record.meta.remove(key);
    }
    let path = record.url.trim_start_matches(['/', '\\']);
    record.url = format!("/{path}");
    record
}

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The content Pagefind indexes: the title with a heading's weight, then summary and body.
fn record_content(segmenter: WordSegmenterBorrowed<'_>, parts: &[&str; 3]) -> String {
    let [title, summary, body] = parts;
    let mut content = String::with_capacity(title.len() + summary.len() + body.len() * 5 / 4 + 64);
    content.push_str("___PAGEFIND_WEIGHT___");
    content.push_str(TITLE_WEIGHT);
    content.push(' ');
    content.push_str(&segment(segmenter, title));
    // The title ends as a sentence does, so that an excerpt running from it into the text reads
    // as two sentences (`…的报告。主任、各位副主任…`), not one.
    match title.trim_end().chars().last() {
        Some(c) if is_han(c) => content.push_str(" 。"),
        Some(c) if c.is_alphanumeric() => content.push('.'),
        _ => {}
    }
    content.push_str(" ___END_PAGEFIND_WEIGHT___");
    for text in [summary, body] {
        let words = segment(segmenter, text);
        if !words.is_empty() {
            content.push(' ');
            content.push_str(&words);
        }
    }
    content
}

// ------------------------------------------------------------------------------------------
// Segmentation

/// True for characters of scripts written without spaces between words, which ICU4X segments
/// with its dictionary (Han, kana, hangul is spaced and left alone) or its models (Thai, Lao,
/// Khmer, Myanmar).
fn needs_segmenting(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF         // hiragana, katakana
        | 0x3400..=0x4DBF       // CJK extension A
        | 0x4E00..=0x9FFF       // CJK unified ideographs
        | 0xF900..=0xFAFF       // CJK compatibility ideographs
        | 0x20000..=0x323AF     // CJK extensions B–H
        | 0x0E00..=0x0EFF       // Thai, Lao
        | 0x1000..=0x109F       // Myanmar
        | 0x1780..=0x17FF       // Khmer
        | 0xFF66..=0xFF9F) // halfwidth katakana
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

/// Chinese punctuation, which [`segment`] makes a token of its own. The same set as the fast path
/// in the vendored Pagefind (`vendor/pagefind`, GAZETTE PATCH 6), which indexes nothing for such a
/// token without its general word pipeline.
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32,
        0x00B7 | 0x2010..=0x2027 | 0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F
        | 0xFF01 | 0xFF02 | 0xFF04..=0xFF09 | 0xFF0B..=0xFF0F | 0xFF1A..=0xFF20
        | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF64)
}

/// Punctuation that opens: it belongs to the word after it.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '“' | '‘'
            | '（'
            | '《'
            | '〈'
            | '【'
            | '〔'
            | '［'
            | '｛'
            | '「'
            | '『'
            | '('
            | '['
            | '{'
            | '<'
            | '"'
            | '\''
    )
}

/// Drops line breaks between two Han characters; other line breaks stay whitespace.
fn join_wrapped_lines(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\n') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        if c == '\n' || c == '\r' {
            // look past the whole run of line breaks
            let mut next = chars.peek().copied();
            while matches!(next, Some('\n' | '\r')) {
                chars.next();
                next = chars.peek().copied();
            }
            let wrapped = prev.is_some_and(is_han) && next.is_some_and(is_han);
            if !wrapped {
                out.push(' ');
            }
            prev = Some(' ');
            continue;
        }
        out.push(c);
        prev = Some(c);
    }
    std::borrow::Cow::Owned(out)
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// Segments one whitespace-free chunk into words, appending them to `out`.
fn segment_chunk(segmenter: WordSegmenterBorrowed<'_>, chunk: &str, out: &mut String) {
    // `open` is a word begun in `out` that punctuation may still be appended to; `prefix` is
    // opening punctuation waiting for its word.
    let mut open = false;
    let mut prefix = String::new();
    let mut start = 0;
    for (end, kind) in segmenter.segment_str(chunk).iter_with_word_type().skip(1) {
        let piece = &chunk[start..end];
        start = end;
        if kind.is_word_like() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&prefix);
            prefix.clear();
            push_han_word(out, piece);
            open = true;
        } else if piece.chars().all(is_cjk_punctuation) {
            // A token of its own: Pagefind keeps it in the text and indexes nothing for it.
            if !prefix.is_empty() {
                push_word(out, &prefix);
                prefix.clear();
            }
            push_word(out, piece);
            open = false;
        } else if open && !piece.chars().next().is_some_and(is_opening) {
            out.push_str(piece);
        } else {
            prefix.push_str(piece);
            open = false;
        }
    }
    if !prefix.is_empty() {
        push_word(out, &prefix);
    }
}

/// The separator [`push_han_word`] puts inside long Chinese words; the search page removes it.
pub const SUBWORD_MARK: char = '.';

/// Appends a word; a Chinese word of three or more characters gets [`SUBWORD_MARK`] after each
/// character but the last two (`财政预算` → `财.政.预算`). Pagefind indexes such a word whole
/// (`财政预算`) and also each tail after a dot (`政预算`, `预算`) as a part of it, and it matches a
/// query word against the start of an indexed word: so every piece of a long word is found
/// (`预算` in `纳入财政预算`), as Pagefind's own Chinese indexing finds them with its pairs of
/// characters, without Pagefind segmenting anything.
fn push_han_word(out: &mut String, word: &str) {
    let count = word.chars().count();
    if count < 3 || !word.chars().all(is_han) {
        out.push_str(word);
        return;
    }
    for (i, c) in word.chars().enumerate() {
        out.push(c);
        if i + 2 < count {
            out.push(SUBWORD_MARK);
        }
    }
}

// ------------------------------------------------------------------------------------------
// Shards

struct Shard<'s> {
    /// Folder name in the bundle and the cache: the groups it holds, `pages-2019` (undated
    /// pages and 2010–2019), `2024`, or `2024-part2` for a part of a big year.
    id: String,
    records: Vec<PlannedRecord<'s>>,
    /// A hash of every record's key, in order: the shard's cache key.
    key: u64,
}

/// Packs records into shards: whole years, oldest first (undated pages before them), as many
/// as fit in [`MAX_SHARD_PAGES`]; a bigger year is split into parts by a hash of each page's
/// URL. A small site is one shard. Editing pages never moves one to another shard, and new
/// reports (in the newest year) change only the last shard.
fn plan_shards(records: Vec<PlannedRecord<'_>>, max: usize) -> Vec<Shard<'_>> {
    let mut groups: BTreeMap<String, Vec<PlannedRecord>> = BTreeMap::new();
    for r in records {
        groups.entry(r.group.clone()).or_default().push(r);
    }
    // `pages` (undated) first, then years ascending: years are four digits, so they sort
    let mut order: Vec<String> = groups.keys().cloned().collect();
    order.sort_by_key(|g| (g != "pages", g.clone()));
    let mut shards = Vec::new();
    let mut current: Vec<PlannedRecord> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    fn flush<'s>(current: &mut Vec<PlannedRecord<'s>>, names: &mut Vec<String>, shards: &mut Vec<Shard<'s>>) {
        if !current.is_empty() {
            let id = match (names.first(), names.last()) {
                (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
                (Some(a), _) => a.clone(),
                _ => "all".into(),
            };
            shards.push(new_shard(id, std::mem::take(current)));
        }
        names.clear();
    }
    for group in order {
        let mut records = groups.remove(&group).unwrap_or_default();
        records.sort_by(|a, b| a.record.url.cmp(&b.record.url));
        if records.len() > max {
            flush(&mut current, &mut names, &mut shards);
            let parts = records.len().div_ceil(max);
            let mut split: Vec<Vec<PlannedRecord>> = vec![Vec::new(); parts];
            for r in records {
                let mut h = DefaultHasher::new();
                r.record.url.hash(&mut h);
                split[(h.finish() % parts as u64) as usize].push(r);
            }
            for (i, records) in split.into_iter().enumerate() {
                if !records.is_empty() {
                    shards.push(new_shard(format!("{group}-part{}", i + 1), records));
                }
            }
            continue;
        }
        if current.len() + records.len() > max {
            flush(&mut current, &mut names, &mut shards);
        }
        current.extend(records);
        names.push(group);
    }
    flush(&mut current, &mut names, &mut shards);
    shards
}

/// [`MAX_SHARD_PAGES`], or `GAZETTE_SEARCH_SHARD_PAGES` from the environment (for tests and
/// benchmarks of sharding on small sites).
fn max_shard_pages() -> usize {
    std::env::var("GAZETTE_SEARCH_SHARD_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(MAX_SHARD_PAGES)
}

fn new_shard(id: String, records: Vec<PlannedRecord<'_>>) -> Shard<'_> {
    let mut h = DefaultHasher::new();
    CACHE_FORMAT.hash(&mut h);
    pagefind_version().hash(&mut h);
    id.hash(&mut h);
    for r in &records {
        r.key.hash(&mut h);
    }
    Shard { id, records, key: h.finish() }
}

/// Where a file of the bundle comes from.
enum Source {
    Bytes(Vec<u8>),
    /// A file in the cache, hard-linked (or copied) into place.
    Cached(PathBuf),
}

struct ShardOutput {
    id: String,
    pages: usize,
    segmented: usize,
    indexed: bool,
    /// The shard's own files (entry, meta, index, fragment and filter files), relative paths;
    /// emptied when they are put in place.
    files: Vec<(String, Source)>,
    /// Files put in place, and their bytes.
    placed: usize,
    bytes: u64,
    /// Pagefind's common files (scripts, styles, wasm), when this shard was indexed.
    common: Vec<(String, Vec<u8>)>,
    warnings: Vec<Diagnostic>,
}

fn build_shard(
    shard: &Shard,
    language: &str,
    segmenter: WordSegmenterBorrowed<'_>,
    cache: Option<&Path>,
) -> Result<ShardOutput, Diagnostic> {
    let mut warnings = Vec::new();
    let dir = cache.map(|c| c.join("shards").join(&shard.id));
    // A shard whose key is unchanged is taken from the cache as it is.
    if let Some(dir) = &dir
        && let Some(files) = cached_shard(dir, shard.key)
    {
        return Ok(ShardOutput {
            id: shard.id.clone(),
            pages: shard.records.len(),
            segmented: 0,
            indexed: false,
            files,
            placed: 0,
            bytes: 0,
            common: Vec::new(),
            warnings,
        });
    }

    // Otherwise index it; pages whose segmented text is cached are not segmented again.
    let cached_text: HashMap<u64, String> = dir.as_deref().map(read_texts).unwrap_or_default();
    let mut segmented = 0;
    let mut texts: Vec<(u64, String)> = Vec::with_capacity(shard.records.len());
    let records: Vec<Record> = shard
        .records
        .iter()
        .map(|planned| {
            let content = match cached_text.get(&planned.key) {
                Some(text) => text.clone(),
                None => {
                    segmented += 1;
                    record_content(segmenter, &planned.parts)
                }
            };
            texts.push((planned.key, content.clone()));
            Record { content, ..planned.record.clone() }
        })
        .collect();
    let files = index_records(&records, language).map_err(|e| {
        Diagnostic::error(Code::Io, format!("search index for {} failed: {e}", shard.id))
            .with_help("build with --no-search to publish the site without search, and report this")
    })?;
    drop(records);

    let mut own = Vec::new();
    let mut common = Vec::new();
    for f in files {
        let rel = relative_name(&f.filename);
        if is_shard_file(&rel) {
            own.push((rel, f.contents));
        } else {
            common.push((rel, f.contents));
        }
    }
    own.sort_by(|a, b| a.0.cmp(&b.0));
    // Stored in the cache first, the files are then linked into the bundle rather than written
    // twice: a new file costs the file system far more than a link to one.
    let stored = match &dir {
        Some(dir) => match store_shard(dir, shard.key, &own, &texts) {
            Ok(()) => cached_files(&dir.join("files")),
            Err(e) => {
                warnings.push(cache_warning(e));
                None
            }
        },
        None => None,
    };
    let files = match stored {
        Some(files) => files,
        None => own.into_iter().map(|(rel, bytes)| (rel, Source::Bytes(bytes))).collect(),
    };
    Ok(ShardOutput {
        id: shard.id.clone(),
        pages: shard.records.len(),
        segmented,
        indexed: true,
        files,
        placed: 0,
        bytes: 0,
        common,
        warnings,
    })
}

/// The shard's own files: everything but Pagefind's scripts, styles and wasm.
fn is_shard_file(rel: &str) -> bool {
    rel == "pagefind-entry.json"
        || rel.ends_with(".pf_meta")
        || rel.starts_with("index/")
        || rel.starts_with("fragment/")
        || rel.starts_with("filter/")
}

fn relative_name(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Pagefind's common files: from a shard indexed in this run, else from the cache.
fn common_files(
    outputs: &[ShardOutput],
    language: &str,
    cache: Option<&Path>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, Source)>, Diagnostic> {
    let dir = cache.map(|c| c.join("common").join(format!("{}-{language}", pagefind_version())));
    if let Some(fresh) = outputs.iter().find(|o| o.indexed && !o.common.is_empty()) {
        if let Some(dir) = &dir
            && !dir.join("complete").exists()
            && let Err(e) = store_common(dir, &fresh.common)
        {
            warnings.push(cache_warning(e));
        }
        return Ok(fresh.common.iter().map(|(rel, b)| (rel.clone(), Source::Bytes(b.clone()))).collect());
    }
    if let Some(dir) = &dir
        && let Some(files) = cached_files(dir)
    {
        return Ok(files);
    }
    // Every shard came from the cache but the common files did not: index the smallest shard
    // again just for them (a damaged cache; not the usual path).
    let records = [Record {
        url: "/".into(),
        content: "gazette".into(),
        meta: BTreeMap::new(),
        filters: BTreeMap::new(),
        sort: BTreeMap::new(),
    }];
    let files = index_records(&records, language)
        .map_err(|e| Diagnostic::error(Code::Io, format!("search bundle failed: {e}")))?;
    Ok(files
        .into_iter()
        .map(|f| (relative_name(&f.filename), f.contents))
        .filter(|(rel, _)| !is_shard_file(rel))
        .map(|(rel, b)| (rel, Source::Bytes(b)))
        .collect())
}

fn shards_script(merge: &[String]) -> String {
    let list = serde_json::to_string(merge).unwrap_or_else(|_| "[]".into());
    format!(
        "/* Written by Gazette: the search index shards the search page merges (relative to this folder). */\nwindow.gazetteSearchShards = {list};\n"
    )
}

fn record_language(language: Language) -> &'static str {
    match language {
        // English pages get Pagefind's English stemming; Chinese in them is segmented by us.
        Language::En => "en",
        Language::ZhCn => RECORD_LANGUAGE,
    }
}

fn pagefind_version() -> &'static str {
    // the version of the pagefind crate this was built with (build.rs reads it from Cargo.lock)
    concat!("pagefind-", env!("GAZETTE_PAGEFIND_VERSION"))
}

// ------------------------------------------------------------------------------------------
// Writing and the cache

/// Puts one file of the bundle in place; returns its size.
fn place(source: &Source, to: &Path) -> Result<u64, Diagnostic> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).map_err(io_diag)?;
    }
    match source {
        Source::Bytes(b) => {
            fs::write(to, b).map_err(io_diag)?;
            Ok(b.len() as u64)
        }
        Source::Cached(from) => {
            // A hard link costs no copy; the cache and the output are never written in place.
            if std::fs::hard_link(from, to).is_err() {
                fs::copy(from, to).map_err(io_diag)?;
            }
            Ok(fs::metadata(to).map_err(io_diag)?.len())
        }
    }
}

fn cached_shard(dir: &Path, key: u64) -> Option<Vec<(String, Source)>> {
    let stored = std::fs::read_to_string(dir.join("key")).ok()?;
    if stored.trim() != format!("{key:016x}") {
        return None;
    }
    cached_files(&dir.join("files"))
}

/// Every file under a cache folder, if it was stored completely.
fn cached_files(dir: &Path) -> Option<Vec<(String, Source)>> {
    let list = std::fs::read_to_string(dir.join("complete")).ok()?;
    let mut files = Vec::new();
    for rel in list.lines().filter(|l| !l.is_empty()) {
        let path = dir.join(rel);
        if !path.is_file() {
            return None;
        }
        files.push((rel.to_string(), Source::Cached(path)));
    }
    Some(files)
}

fn read_texts(dir: &Path) -> HashMap<u64, String> {
    let Ok(bytes) = std::fs::read(dir.join("texts.json")) else { return HashMap::new() };
    let parsed: Option<BTreeMap<String, String>> = serde_json::from_slice(&bytes).ok();
    parsed
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| u64::from_str_radix(&k, 16).ok().map(|k| (k, v)))
        .collect()
}

/// Stores a shard: its files, its pages' segmented texts and its key, in a fresh folder
/// renamed over the old one (a crash leaves the old shard or none, never a mix).
fn store_shard(
    dir: &Path,
    key: u64,
    files: &[(String, Vec<u8>)],
    texts: &[(u64, String)],
) -> Result<(), fs::PathError> {
    let tmp = dir.with_extension(format!("tmp-{}", std::process::id()));
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    let files_dir = tmp.join("files");
    write_files(&files_dir, files)?;
    let texts: BTreeMap<String, &str> = texts.iter().map(|(k, v)| (format!("{k:016x}"), v.as_str())).collect();
    fs::write(&tmp.join("texts.json"), serde_json::to_string(&texts).unwrap_or_default().as_bytes())?;
    fs::write(&tmp.join("key"), format!("{key:016x}\n").as_bytes())?;
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::rename(&tmp, dir)
}

fn store_common(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), fs::PathError> {
    let tmp = dir.with_extension(format!("tmp-{}", std::process::id()));
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    write_files(&tmp, files)?;
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::rename(&tmp, dir)
}

/// Writes files and then the `complete` list naming them.
fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), fs::PathError> {
    let mut list = String::new();
    for (rel, bytes) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, bytes)?;
        list.push_str(rel);
        list.push('\n');
    }
    fs::create_dir_all(dir)?;
    fs::write(&dir.join("complete"), list.as_bytes())
}

/// Removes cached shards the site no longer has (a year whose pages were all removed), and
/// caches of earlier formats (`gazette-search-<n>-…` beside this one).
fn prune_cache(cache: &Path, outputs: &[ShardOutput], warnings: &mut Vec<Diagnostic>) {
    if let Some(Ok(formats)) = cache.parent().map(std::fs::read_dir) {
        for entry in formats.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("gazette-search-")
                && name != CACHE_FORMAT
                && let Err(e) = fs::remove_dir_all(&entry.path())
            {
                warnings.push(cache_warning(e));
            }
        }
    }
    let Ok(entries) = std::fs::read_dir(cache.join("shards")) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !outputs.iter().any(|o| o.id == name)
            && let Err(e) = fs::remove_dir_all(&entry.path())
        {
            warnings.push(cache_warning(e));
        }
    }
}

fn cache_warning(e: fs::PathError) -> Diagnostic {
    Diagnostic::warning(Code::Io, format!("search cache not updated: {e}"))
        .with_file(e.path.clone())
        .with_help(format!("the site is complete; the next build indexes more. Delete {CACHE_DIR}/ if this repeats"))
}

fn io_diag(e: fs::PathError) -> Diagnostic {
    Diagnostic::error(Code::Io, e.to_string()).with_file(e.path.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(segment(segmenter(), input), expected, "segmenting {input:?}");
    }

    #[test]
    fn segments_chinese_into_words() {
        check("人大代表", "人大 代表");
        check("生态环境保护", "生态 环境 保护");
        check("预算审查监督", "预算 审查 监督");
    }

    #[test]
    fn marks_the_tails_of_long_words() {
        check("纳入财政预算", "纳入 财.政.预算");
        check("2024年", "2024 年");
    }

    #[test]
    fn chinese_punctuation_is_a_token_of_its_own() {
        check("审议意见，报告。", "审议 意见 ， 报告 。");
        check("听取（一）", "听取 （ 一 ）");
        check("“人大代表”", "“ 人大 代表 ”");
        check("《预算法》……", "《 预算 法 》 … …");
    }

    #[test]
    fn the_title_ends_as_a_sentence() {
        let seg = segmenter();
        let content = |title| record_content(seg, &[title, "", "主任、各位委员："]);
        assert_eq!(
            content("工作报告"),
            "___PAGEFIND_WEIGHT___7 工作 报告 。 ___END_PAGEFIND_WEIGHT___ 主任 、 各位 委员 ："
        );
        assert_eq!(
            content("Work report"),
            "___PAGEFIND_WEIGHT___7 Work report. ___END_PAGEFIND_WEIGHT___ 主任 、 各位 委员 ："
        );
        assert_eq!(
            content("为什么？"),
            "___PAGEFIND_WEIGHT___7 为.什么 ？ ___END_PAGEFIND_WEIGHT___ 主任 、 各位 委员 ："
        );
    }

    #[test]
    fn filters_are_escaped_for_html_and_the_rest_stays_as_written() {
        let hostile = "<img src=x onerror=alert(1)>";
        let record = safe_for_the_search_page(Record {
            url: "//evil.example/x/".into(),
            content: format!("正文 {hostile}"),
            meta: BTreeMap::from([
                ("title".to_string(), format!("标题{hostile}")),
                ("url".to_string(), "javascript:alert(1)".to_string()),
            ]),
            filters: BTreeMap::from([
                ("专题".to_string(), vec![hostile.to_string(), "A & B \"'".to_string(), "代表工作".to_string()]),
                ("a:b<".to_string(), vec!["2024".to_string()]),
            ]),
            sort: BTreeMap::from([("date".to_string(), "2024-01-04".to_string())]),
        });
        assert_eq!(
            record.filters,
            BTreeMap::from([
                (
                    "专题".to_string(),
                    vec![
                        "&lt;img src=x onerror=alert(1)&gt;".to_string(),
                        "A &amp; B &quot;&#39;".to_string(),
                        "代表工作".to_string()
                    ]
                ),
                ("a&#58;b&lt;".to_string(), vec!["2024".to_string()]),
            ])
        );
        // shown as text by the search page, or escaped by Pagefind's script: as written
        assert_eq!(record.meta, BTreeMap::from([("title".to_string(), format!("标题{hostile}"))]));
        assert_eq!(record.content, format!("正文 {hostile}"));
        assert_eq!(record.sort["date"], "2024-01-04");
        // always a path on the site
        assert_eq!(record.url, "/evil.example/x/");
        assert_eq!(safe_for_the_search_page(Record { url: "/reports/a/".into(), ..record }).url, "/reports/a/");
    }

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

    #[test]
    fn other_punctuation_stays_with_its_word() {
        check("增长5.2%", "增长 5.2%");
        check("(草案)", "(草案)");
    }

    #[test]
    fn leaves_spaced_text_alone() {
        check("Budget review, 2024", "Budget review, 2024");
        check("  several   spaces\tand\ttabs ", "several spaces and tabs");
        check("", "");
    }

    #[test]
    fn mixed_scripts() {
        check("2024年GDP增长", "2024 年 GDP 增长");
    }

    #[test]
    fn shards_pack_whole_years_oldest_first_and_split_big_ones() {
        let record = |group: &str, i: usize| PlannedRecord {
            group: group.into(),
            parts: Default::default(),
            record: Record {
                url: format!("/{group}/{i}/"),
                content: String::new(),
                meta: BTreeMap::new(),
                filters: BTreeMap::new(),
                sort: BTreeMap::new(),
            },
            key: i as u64,
        };
        let site = |counts: &[(&'static str, usize)]| -> Vec<PlannedRecord<'static>> {
            counts.iter().flat_map(|&(g, n)| (0..n).map(move |i| record(g, i))).collect()
        };
        let ids = |records, max| -> Vec<(String, usize)> {
            plan_shards(records, max).into_iter().map(|s| (s.id, s.records.len())).collect()
        };
        let small = site(&[("2024", 3), ("pages", 1), ("2023", 2)]);
        assert_eq!(ids(small, 10), [("pages-2024".to_string(), 6)]);
        let big = site(&[("2021", 2), ("2022", 3), ("2023", 9), ("2024", 4), ("pages", 1)]);
        let shards = ids(big, 4);
        assert_eq!(shards[0], ("pages-2021".to_string(), 3));
        assert_eq!(shards[1], ("2022".to_string(), 3));
        // a year bigger than a shard is split by URL hash into ceil(9 / 4) parts
        assert!(shards[2..5].iter().all(|(id, _)| id.starts_with("2023-part")), "{shards:?}");
        assert_eq!(shards[2..5].iter().map(|(_, n)| n).sum::<usize>(), 9);
        assert_eq!(shards.last().unwrap(), &("2024".to_string(), 4));
        // a new report in the newest year changes only the last shard
        let grown = site(&[("2021", 2), ("2022", 3), ("2023", 9), ("2024", 5), ("pages", 1)]);
        let before = plan_shards(site(&[("2021", 2), ("2022", 3), ("2023", 9), ("2024", 4), ("pages", 1)]), 4);
        let after = plan_shards(grown, 4);
        let keys = |v: &[Shard]| v.iter().map(|s| (s.id.clone(), s.key)).collect::<Vec<_>>();
        let (b, a) = (keys(&before), keys(&after));
        assert_eq!(b[..b.len() - 1], a[..b.len() - 1]);
        assert_ne!(b.last(), a.get(b.len() - 1));
    }

    #[test]
    fn joins_lines_wrapped_inside_chinese() {
        check("人大\n代表", "人大 代表");
        check("报告\n\nBudget", "报告 Budget");
        check("end\nof line", "end of line");
    }
}
