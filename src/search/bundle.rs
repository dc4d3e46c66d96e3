//! Writing the Pagefind bundle and its cache: shards of records → Pagefind's files in place.
//!
//! In: a [`Shard`] of records, the records' language for Pagefind, the cache folder. Out: the
//! shard's files (from Pagefind, or linked from the cache when the shard's key is unchanged),
//! Pagefind's common files, the list of shards the search page merges ([`shards_script`]).
//! Each shard's files and each page's segmented text are cached in `.gazette-cache/search/`
//! under content hashes; a shard's files are written once into the cache and hard-linked into
//! the bundle.
//! Never: writes outside the bundle folder and the cache folder, or fails because the cache
//! cannot be read or written (it is only a cache: problems with it become warnings).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use icu_segmenter::WordSegmenterBorrowed;
use pagefind::api::{PagefindIndex, SyntheticFile};
use pagefind::options::PagefindServiceConfig;

use super::records::Record;
use super::shards::Shard;
use super::{CACHE_DIR, CACHE_FORMAT};
use crate::diag::{Code, Diagnostic};
use crate::fs;

/// A record as Pagefind takes it: the strings of a [`Record`] (or of anything else, for the
/// benchmark) and the content to index.
pub struct PagefindRecord<'r> {
    pub url: &'r str,
    pub content: &'r str,
    pub meta: &'r BTreeMap<String, String>,
    pub filters: &'r BTreeMap<String, Vec<String>>,
    pub sort: &'r BTreeMap<String, String>,
}

impl<'r> PagefindRecord<'r> {
    /// `record` with `content` (its segmented content, or any other text).
    pub fn new(record: &'r Record, content: &'r str) -> PagefindRecord<'r> {
        PagefindRecord { url: &record.url, content, meta: &record.meta, filters: &record.filters, sort: &record.sort }
    }
}

/// Indexes records with Pagefind and returns its files (paths relative to the bundle folder).
/// `language` is the records' language as Pagefind sees it ([`RECORD_LANGUAGE`](super::RECORD_LANGUAGE) for segmented
/// Chinese). Public for the benchmark (`examples/search-bench.rs`), which also feeds it
/// unsegmented text in `zh-cn` to measure Pagefind's own segmentation.
pub fn index_records(records: &[PagefindRecord<'_>], language: &str) -> Result<Vec<SyntheticFile>, String> {
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
                    r.url.to_string(),
                    r.content.to_string(),
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

/// Where a file of the bundle comes from.
pub enum Source {
    Bytes(Vec<u8>),
    /// A file in the cache, hard-linked (or copied) into place.
    Cached(PathBuf),
}

/// What the search stage did with one shard.
pub struct ShardOutput {
    pub id: String,
    pub pages: usize,
    pub segmented: usize,
    pub indexed: bool,
    /// The shard's own files (entry, meta, index, fragment and filter files), relative paths;
    /// emptied when they are put in place.
    pub files: Vec<(String, Source)>,
    /// Files put in place, and their bytes.
    pub placed: usize,
    pub bytes: u64,
    /// Pagefind's common files (scripts, styles, wasm), when this shard was indexed.
    pub common: Vec<(String, Vec<u8>)>,
    pub warnings: Vec<Diagnostic>,
}

/// Indexes one shard, or takes it from the cache when its key is unchanged. A record's
/// segmented content comes from the record (kept by `serve`), else from the cache, else is
/// computed; `keep` keeps it in the record.
pub fn build_shard(
    shard: &Shard<Arc<Record>>,
    language: &str,
    segmenter: WordSegmenterBorrowed<'_>,
    cache: Option<&Path>,
    keep: bool,
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

    // Otherwise index it; pages whose segmented text is known are not segmented again.
    let cached_text: HashMap<u64, String> = match &dir {
        Some(dir) if !shard.records.iter().all(|r| r.is_segmented()) => read_texts(dir),
        _ => HashMap::new(),
    };
    let mut segmented = 0;
    let texts: Vec<(u64, String)> = shard
        .records
        .iter()
        .map(|record| {
            let content = match cached_text.get(&record.key) {
                Some(text) if !record.is_segmented() => {
                    record.remember(text, keep);
                    text.clone()
                }
                _ => {
                    segmented += usize::from(!record.is_segmented());
                    record.content(segmenter, keep)
                }
            };
            (record.key, content)
        })
        .collect();
    let records: Vec<PagefindRecord> =
        shard.records.iter().zip(&texts).map(|(record, (_, content))| PagefindRecord::new(record, content)).collect();
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
pub fn is_shard_file(rel: &str) -> bool {
    rel == "pagefind-entry.json"
        || rel.ends_with(".pf_meta")
        || rel.starts_with("index/")
        || rel.starts_with("fragment/")
        || rel.starts_with("filter/")
}

pub fn relative_name(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Pagefind's common files: from a shard indexed in this run, else from the cache.
pub fn common_files(
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
    let empty = BTreeMap::new();
    let records =
        [PagefindRecord { url: "/", content: "gazette", meta: &empty, filters: &BTreeMap::new(), sort: &empty }];
    let files = index_records(&records, language)
        .map_err(|e| Diagnostic::error(Code::Io, format!("search bundle failed: {e}")))?;
    Ok(files
        .into_iter()
        .map(|f| (relative_name(&f.filename), f.contents))
        .filter(|(rel, _)| !is_shard_file(rel))
        .map(|(rel, b)| (rel, Source::Bytes(b)))
        .collect())
}

pub fn shards_script(merge: &[String]) -> String {
    let list = serde_json::to_string(merge).unwrap_or_else(|_| "[]".into());
    format!(
        "/* Written by Gazette: the search index shards the search page merges (relative to this folder). */\nwindow.gazetteSearchShards = {list};\n"
    )
}

pub fn pagefind_version() -> &'static str {
    // the version of the pagefind crate this was built with, read from Cargo.lock by build.rs
    concat!("pagefind-", env!("GAZETTE_PAGEFIND_VERSION"))
}

// ------------------------------------------------------------------------------------------
// Writing and the cache

/// Puts one file of the bundle in place; returns its size.
pub fn place(source: &Source, to: &Path) -> Result<u64, Diagnostic> {
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
pub fn prune_cache(cache: &Path, outputs: &[ShardOutput], warnings: &mut Vec<Diagnostic>) {
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

pub fn io_diag(e: fs::PathError) -> Diagnostic {
    Diagnostic::error(Code::Io, e.to_string()).with_file(e.path.clone())
}
