//! The local cache of the output's content hashes, so a deploy does not read and hash every
//! file of a large site again: `.gazette-cache/deploy/<target>.json` at the site root, beside
//! the site's other caches (safe to delete: the next deploy hashes everything).
//!
//! In: the output folder and the cache a previous deploy left. Out: every file's size, SHA-256
//! and MD5, a file read only when its size or modification time (in nanoseconds) differs from
//! the cache's entry, and the cache to keep for the next run. Never: trusts a cache of another
//! format, Gazette version or output folder, or one that does not parse (it is ignored, not an
//! error); keeps an entry for a file modified less than [`RACY`] before the hashing began (a
//! change within the file system's time granularity could keep its time: such a file is hashed
//! again next time, as git does with "racily clean" entries).
//!
//! Limit: a file rewritten with the same size whose modification time is set back to the
//! cached one is not noticed (as with `make` and git). Gazette's builds never do that; a deploy
//! after someone did can be made whole by deleting `.gazette-cache/deploy/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::Digest;

use super::LocalFile;
use crate::diag::{Code, Diagnostic};

const FORMAT: u32 = 1;
/// Entries of files modified this close to the start of hashing are not kept.
pub const RACY: Duration = Duration::from_secs(2);

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct HashCache {
    format: u32,
    version: String,
    /// The output folder the entries describe (absolute).
    output: PathBuf,
    files: BTreeMap<String, Cached>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Cached {
    size: u64,
    mtime_ns: i128,
    sha256: String,
    md5: String,
}

/// The files of `output` hashed, and how many of them were read (not taken from the cache).
pub struct Hashed {
    pub files: Vec<LocalFile>,
    pub read: usize,
    pub cache: HashCache,
}

/// Where the deploy to `target` keeps its cache for the site at `root`.
pub fn path(root: &Path, target: &str) -> PathBuf {
    let name: String =
        target.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    root.join(".gazette-cache").join("deploy").join(format!("{name}.json"))
}

/// The cache at `path` for `output`; empty when missing, unreadable, corrupt, of another format
/// or Gazette version, or made for another output folder.
pub fn load(path: &Path, output: &Path) -> HashCache {
    let empty = HashCache::default();
    let Ok(bytes) = std::fs::read(path) else { return empty };
    match serde_json::from_slice::<HashCache>(&bytes) {
        Ok(c) if c.format == FORMAT && c.version == env!("CARGO_PKG_VERSION") && c.output == absolute(output) => c,
        _ => empty,
    }
}

/// Writes the cache (best effort: a failure only costs hashing again). A rename, so a deploy
/// killed meanwhile leaves the old cache or the new one, never half of one.
pub fn save(path: &Path, cache: &HashCache) {
    let Some(parent) = path.parent() else { return };
    if std::fs::create_dir_all(parent).is_err() {
        return;
    }
    let Ok(bytes) = serde_json::to_vec(cache) else { return };
    let tmp = path.with_extension(format!("json.tmp-{}", std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Hashes the files `paths` (relative, with `/`) of `output`, taking from `cache` every file
/// whose size and modification time are the cached ones.
pub fn hash(output: &Path, paths: &[&String], cache: &HashCache) -> Result<Hashed, Diagnostic> {
    let started = now_ns();
    let racy = RACY.as_nanos() as i128;
    let results: Result<Vec<(LocalFile, Option<Cached>, bool)>, Diagnostic> = paths
        .par_iter()
        .map(|rel| {
            let path = output.join(rel);
            let io = |e: std::io::Error| {
                Diagnostic::error(Code::Io, format!("cannot read {}: {e}", path.display()))
                    .with_help("build the site again")
            };
            let meta = std::fs::metadata(&path).map_err(io)?;
            let mtime_ns = mtime_ns(&meta);
            if let Some(c) = cache.files.get(rel.as_str()).filter(|c| c.size == meta.len() && c.mtime_ns == mtime_ns) {
                let file =
                    LocalFile { path: (*rel).clone(), size: c.size, sha256: c.sha256.clone(), md5: c.md5.clone() };
                return Ok((file, Some(c.clone()), false));
            }
            let bytes = std::fs::read(&path).map_err(io)?;
            let file = LocalFile {
                path: (*rel).clone(),
                size: bytes.len() as u64,
                sha256: super::hex(&sha2::Sha256::digest(&bytes)),
                md5: super::hex(&md5::Md5::digest(&bytes)),
            };
            // the size read, not the one stat'ed: a file changed meanwhile is hashed again next time
            let keep = mtime_ns != 0 && mtime_ns < started - racy && bytes.len() as u64 == meta.len();
            let cached =
                keep.then(|| Cached { size: file.size, mtime_ns, sha256: file.sha256.clone(), md5: file.md5.clone() });
            Ok((file, cached, true))
        })
        .collect();
    let mut next = HashCache {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").into(),
        output: absolute(output),
        files: BTreeMap::new(),
    };
    let mut files = Vec::new();
    let mut read = 0;
    for (file, cached, was_read) in results? {
        read += usize::from(was_read);
        if let Some(c) = cached {
            next.files.insert(file.path.clone(), c);
        }
        files.push(file);
    }
    Ok(Hashed { files, read, cache: next })
}

fn mtime_ns(meta: &std::fs::Metadata) -> i128 {
    meta.modified().ok().and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos() as i128)
}

fn now_ns() -> i128 {
    SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i128)
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sets a file's modification time `secs` seconds in the past (so its entry is kept).
    fn age(path: &Path, secs: u64) {
        let f = std::fs::File::options().write(true).open(path).unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(secs)).unwrap();
    }

    fn site() -> (tempfile::TempDir, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let names = vec!["a.html".to_string(), "css/b.css".to_string(), "c.txt".to_string()];
        std::fs::create_dir_all(dir.path().join("css")).unwrap();
        for n in &names {
            std::fs::write(dir.path().join(n), format!("content of {n}")).unwrap();
            age(&dir.path().join(n), 60);
        }
        (dir, names)
    }

    #[test]
    fn unchanged_files_are_not_read_again() {
        let (dir, names) = site();
        let out = dir.path();
        let paths: Vec<&String> = names.iter().collect();
        let first = hash(out, &paths, &HashCache::default()).unwrap();
        assert_eq!(first.read, 3);
        let cache_file = out.join("cache.json");
        save(&cache_file, &first.cache);

        let second = hash(out, &paths, &load(&cache_file, out)).unwrap();
        assert_eq!(second.read, 0, "nothing changed: nothing read");
        assert_eq!(
            second.files.iter().map(|f| &f.sha256).collect::<Vec<_>>(),
            first.files.iter().map(|f| &f.sha256).collect::<Vec<_>>()
        );

        // a changed file (new size, new time) is read again, and only it
        std::fs::write(out.join("c.txt"), "changed, and longer").unwrap();
        age(&out.join("c.txt"), 30);
        let third = hash(out, &paths, &second.cache).unwrap();
        assert_eq!(third.read, 1);
        assert_eq!(third.files[2].sha256, super::super::hex(&sha2::Sha256::digest(b"changed, and longer")));

        // the documented limit: same size, time set back to the cached one, is not noticed
        let before = std::fs::metadata(out.join("a.html")).unwrap().modified().unwrap();
        std::fs::write(out.join("a.html"), "CONTENT OF a.html").unwrap();
        std::fs::File::options().write(true).open(out.join("a.html")).unwrap().set_modified(before).unwrap();
        let fourth = hash(out, &paths, &third.cache).unwrap();
        assert_eq!((fourth.read, &fourth.files[0].sha256), (0, &first.files[0].sha256));
    }

    #[test]
    fn files_just_written_are_hashed_again_next_time() {
        let (dir, names) = site();
        std::fs::write(dir.path().join("a.html"), "fresh").unwrap(); // modified now
        let paths: Vec<&String> = names.iter().collect();
        let first = hash(dir.path(), &paths, &HashCache::default()).unwrap();
        assert!(!first.cache.files.contains_key("a.html") && first.cache.files.len() == 2);
        assert_eq!(hash(dir.path(), &paths, &first.cache).unwrap().read, 1);
    }

    #[test]
    fn corrupt_foreign_or_other_output_caches_are_ignored() {
        let (dir, names) = site();
        let out = dir.path();
        let paths: Vec<&String> = names.iter().collect();
        let good = hash(out, &paths, &HashCache::default()).unwrap().cache;
        let file = out.join("cache.json");
        save(&file, &good);
        assert_eq!(load(&file, out).files.len(), 3);
        assert!(load(&file, &out.join("other")).files.is_empty(), "another output folder");

        let text = std::fs::read_to_string(&file).unwrap();
        for bad in [
            text.replace(&format!("\"version\":\"{}\"", env!("CARGO_PKG_VERSION")), "\"version\":\"0.0.0-old\""),
            text.replace("\"format\":1", "\"format\":2"),
            text[..text.len() / 2].to_string(),
            "not json".to_string(),
        ] {
            assert_ne!(bad, text);
            std::fs::write(&file, &bad).unwrap();
            let c = load(&file, out);
            assert!(c.files.is_empty(), "{bad}");
            assert_eq!(hash(out, &paths, &c).unwrap().read, 3);
        }
    }
}
