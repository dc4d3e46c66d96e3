//! `gazette deploy`: publish the built site to a target of site.yaml's `deploy:`, sending only
//! what changed, in an order readers never see half-updated.
//!
//! In: the config, the output folder of a finished build, the command's options. Out: the
//! target updated (assets, pages, lists, feeds, sitemap, home page, then deletions, then the
//! manifest), and a [`Report`]. Never: publishes drafts or a folder Gazette did not build,
//! deletes a file Gazette's manifest does not list, deletes more than `--max-deletes` files,
//! changes anything on `--dry-run`, or writes the manifest before everything else succeeded (an
//! interrupted deploy is repaired by running it again).

pub mod folder;
pub mod hash_cache;
pub mod manifest;
pub mod order;
pub mod s3;
pub mod sftp;
pub mod zip;

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::config::{Config, DeployKind, DeployTarget};
use crate::diag::{Code, Diagnostic};
use crate::pipeline::output;
use manifest::{Found, Manifest};
use order::Rank;

/// What the command line asks for.
#[derive(Clone, Debug)]
pub struct Options {
    /// The target's name; may be left out when site.yaml has one target.
    pub target: Option<String>,
    pub dry_run: bool,
    pub max_deletes: usize,
    /// Show a progress bar (on a terminal, not `--quiet`).
    pub progress: bool,
}

/// What a deploy did (or, with `--dry-run`, would do).
#[derive(Debug)]
pub struct Report {
    pub target: String,
    pub dry_run: bool,
    /// One line per operation of the plan, in order (`upload  css/gazette.css`).
    pub plan: Vec<String>,
    pub uploaded: usize,
    pub unchanged: usize,
    pub deleted: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Notes for the user (a full comparison because the manifest was missing).
    pub notes: Vec<String>,
    /// Files of the output read and hashed this time; the others' hashes came from the local
    /// cache ([`hash_cache`]).
    pub hashed: usize,
    /// Files of the output.
    pub files: usize,
}

impl Report {
    /// What a deploy of `plan` to `target` does, before it is carried out (no time, nothing
    /// hashed yet): the one place a report is made, for every kind of target.
    pub fn of_plan(target: &DeployTarget, opts: &Options, plan: &Plan, files: usize) -> Report {
        Report {
            target: target.name.clone(),
            dry_run: opts.dry_run,
            plan: plan_lines(plan),
            uploaded: plan.uploads.len(),
            unchanged: plan.unchanged,
            deleted: plan.deletes.len(),
            bytes: plan.uploads.iter().map(|(_, f)| f.size).sum(),
            elapsed: Duration::ZERO,
            notes: plan.notes.clone(),
            hashed: 0,
            files,
        }
    }

    /// The summary line: uploaded, unchanged, deleted, bytes, time, in the site's language.
    pub fn summary(&self, language: crate::config::Language) -> String {
        use crate::summary::{count, duration};
        let size = if self.bytes >= 1_000_000 {
            format!("{:.1} MB", self.bytes as f64 / 1e6)
        } else {
            format!("{:.1} KB", self.bytes as f64 / 1e3)
        };
        let time = duration(self.elapsed);
        match (language, self.dry_run) {
            (crate::config::Language::ZhCn, false) => format!(
                "已发布到 {}：上传 {} 个文件（{size}），{} 个未变，删除 {} 个，用时 {time}",
                self.target, self.uploaded, self.unchanged, self.deleted
            ),
            (crate::config::Language::ZhCn, true) => format!(
                "试运行（未做任何改动）：发布到 {} 将上传 {} 个文件（{size}），{} 个未变，删除 {} 个",
                self.target, self.uploaded, self.unchanged, self.deleted
            ),
            (crate::config::Language::En, false) => format!(
                "deployed to {}: uploaded {} ({size}), {} unchanged, deleted {} in {time}",
                self.target,
                count(self.uploaded, "file", "files"),
                self.unchanged,
                count(self.deleted, "file", "files")
            ),
            (crate::config::Language::En, true) => format!(
                "dry run (nothing changed): deploying to {} would upload {} ({size}), leave {} unchanged, delete {}",
                self.target,
                count(self.uploaded, "file", "files"),
                self.unchanged,
                count(self.deleted, "file", "files")
            ),
        }
    }
}

/// A file of the built site.
#[derive(Clone, Debug)]
pub struct LocalFile {
    pub path: String,
    pub size: u64,
    pub sha256: String,
    pub md5: String,
}

/// A file the target holds, by its listing.
#[derive(Clone, Debug)]
pub struct Remote {
    pub size: u64,
    /// The MD5 of the content when the store says it (an S3 ETag of a single-part upload).
    pub md5: Option<String>,
}

/// The headers a store keeps with a file.
#[derive(Clone, Debug)]
pub struct Headers {
    pub content_type: &'static str,
    pub cache_control: &'static str,
}

/// A store failure; `temporary` ones (timeouts, 5xx, throttling) are retried with backoff.
#[derive(Debug)]
pub struct StoreError {
    pub message: String,
    pub temporary: bool,
}

/// A place files are deployed to. Paths are relative, with `/`.
pub trait Store: Sync {
    /// How the target is named in messages (`s3://bucket/prefix/ at https://…`).
    fn describe(&self) -> String;
    /// The bytes of a file, `None` when the target does not hold it.
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Every file the target holds (below its folder or prefix).
    fn list(&self) -> Result<BTreeMap<String, Remote>, StoreError>;
    /// Without Gazette's manifest: is the remote file the same as the local one?
    fn same_content(&self, _path: &str, local: &LocalFile, remote: &Remote) -> bool {
        remote.size == local.size && remote.md5.as_deref() == Some(local.md5.as_str())
    }
    fn put(&self, path: &str, bytes: Vec<u8>, headers: &Headers) -> Result<(), StoreError>;
    fn delete(&self, path: &str) -> Result<(), StoreError>;
    /// How many uploads at once.
    fn concurrency(&self) -> usize;
}

/// The work to do: uploads in order, deletions, and the manifest to write last.
#[derive(Debug)]
pub struct Plan {
    pub uploads: Vec<(Rank, LocalFile)>,
    pub unchanged: usize,
    pub deletes: Vec<String>,
    /// Temporary files a killed deploy left at the target: removed with the deletions, not
    /// counted against `--max-deletes`.
    pub leftovers: Vec<String>,
    pub manifest: Manifest,
    pub notes: Vec<String>,
}

/// Runs `gazette deploy` on the built site in `output`.
pub fn deploy(config: &Config, output: &Path, opts: &Options) -> Result<Report, Vec<Diagnostic>> {
    let started = Instant::now();
    let target = choose_target(config, opts.target.as_deref())?;
    if let DeployKind::Folder { path } | DeployKind::Zip { path } = &target.kind {
        // the output itself, or a folder inside it, would be published with the next build
        let abs = |p: &Path| {
            // lexically: `site/../public` is `public`, whether or not it exists yet
            let mut out = PathBuf::new();
            for c in std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()).components() {
                match c {
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    std::path::Component::CurDir => {}
                    other => out.push(other),
                }
            }
            out
        };
        let (dest, out) = (abs(&config.root.join(path)), abs(output));
        if dest.starts_with(&out) || out.starts_with(&dest) {
            return Err(vec![
                refused(format!(
                    "deploy target `{}` is the output folder {}, inside it or holds it",
                    target.name,
                    out.display()
                ))
                .with_help("name a folder outside the output, e.g. the web server's document root"),
            ]);
        }
    }
    let cache_path = hash_cache::path(&config.root, &target.name);
    let hashed = local_files_cached(output, &hash_cache::load(&cache_path, output))?;
    hash_cache::save(&cache_path, &hashed.cache);
    let local = hashed.files;
    let report = match &target.kind {
        DeployKind::Zip { path } => zip::deploy(config, target, &config.root.join(path), output, &local, opts, started),
        kind => {
            let store: Box<dyn Store> = match kind {
                DeployKind::Folder { path } => Box::new(folder::FolderStore::open(config, target, path)?),
                DeployKind::S3(s3) => Box::new(s3::S3Store::open(config, target, s3)?),
                DeployKind::Sftp(t) => Box::new(sftp::SftpStore::open(target, t)?),
                DeployKind::Zip { .. } => unreachable!("handled above"),
            };
            deploy_to(config, target, store.as_ref(), output, &local, opts, started)
        }
    };
    report.map(|r| Report { hashed: hashed.read, files: local.len(), ..r })
}

fn deploy_to(
    config: &Config,
    target: &DeployTarget,
    store: &dyn Store,
    output: &Path,
    local: &[LocalFile],
    opts: &Options,
    started: Instant,
) -> Result<Report, Vec<Diagnostic>> {
    let fail = |e: StoreError| vec![failed(target, store, e)];
    let found = manifest::read(with_retries(|| store.read(manifest::NAME)).map_err(fail)?.as_deref());
    let listing = with_retries(|| store.list()).map_err(fail)?;
    let plan = plan(config, Some(store), local, found, &listing);
    check_deletes(target, &plan, opts)?;
    let mut report = Report::of_plan(target, opts, &plan, local.len());
    if opts.dry_run {
        if plan.deletes.len() > opts.max_deletes {
            report.notes.push(format!(
                "{} deletions are more than --max-deletes {}: without --dry-run this deploy is refused",
                plan.deletes.len(),
                opts.max_deletes
            ));
        }
        report.elapsed = started.elapsed();
        return Ok(report);
    }
    let bar = progress_bar(opts.progress, report.bytes, plan.uploads.len());
    let result = execute(target, store, output, &plan, bar.as_ref());
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    result?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Compares the built site with what the target holds.
pub fn plan(
    config: &Config,
    store: Option<&dyn Store>,
    local: &[LocalFile],
    found: Found,
    listing: &BTreeMap<String, Remote>,
) -> Plan {
    let mut notes = Vec::new();
    let previous = match found {
        Found::Ours(m) => Some(m),
        Found::Missing => {
            if listing.keys().any(|k| k != manifest::NAME) {
                notes.push(format!(
                    "the target holds files but no {}: compared file by file; nothing there is deleted",
                    manifest::NAME
                ));
            }
            None
        }
        Found::Foreign => {
            notes.push(format!(
                "{} at the target is not Gazette's: compared file by file; nothing there is deleted",
                manifest::NAME
            ));
            None
        }
    };
    let mut uploads = Vec::new();
    let mut unchanged = 0;
    for file in local {
        let remote = listing.get(&file.path);
        let same = match (&previous, remote) {
            (_, None) => false,
            // the manifest says what was sent; the listing confirms it is still there
            (Some(m), Some(r)) => m.files.get(&file.path).is_some_and(|e| e.sha256 == file.sha256 && e.size == r.size),
            (None, Some(r)) => match store {
                Some(s) => s.same_content(&file.path, file, r),
                None => r.size == file.size && r.md5.as_deref() == Some(file.md5.as_str()),
            },
        };
        if same {
            unchanged += 1;
        } else {
            uploads.push((order::rank(&file.path, &config.taxonomies), file.clone()));
        }
    }
    uploads.sort_by(|a, b| (a.0, &a.1.path).cmp(&(b.0, &b.1.path)));
    let deletes = match &previous {
        // only what Gazette itself put there, and only what is still there
        Some(m) => m
            .files
            .keys()
            .filter(|p| {
                is_safe_path(p)
                    && listing.contains_key(*p)
                    && local.binary_search_by(|f| f.path.as_str().cmp(p)).is_err()
            })
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    // half-written files of a deploy that was killed (`.index.html.gazette-upload-<pid>`)
    let leftovers = listing
        .keys()
        .filter(|p| p.rsplit('/').next().is_some_and(|name| name.starts_with('.') && name.contains(UPLOAD_SUFFIX)))
        .cloned()
        .collect();
    let files =
        local.iter().map(|f| (f.path.clone(), manifest::Entry { size: f.size, sha256: f.sha256.clone() })).collect();
    Plan { uploads, unchanged, deletes, leftovers, manifest: Manifest::new(files), notes }
}

/// The files of the built site in `output`. Refuses a folder Gazette did not build and a site
/// that holds drafts.
fn local_paths(output: &Path) -> Result<Vec<String>, Vec<Diagnostic>> {
    let drafts = output::drafts_in(output).ok_or_else(|| {
        vec![
            refused(format!("{} is not a site built by Gazette", output.display()))
                .with_help("run `gazette deploy` without --no-build, or `gazette build` first"),
        ]
    })?;
    if drafts > 0 {
        return Err(vec![
            refused(format!("the site in {} holds {drafts} draft page(s)", output.display()))
                .with_help("it was built with --drafts, for a preview; build without --drafts to publish"),
        ]);
    }
    let paths = output::files_in(output).ok_or_else(|| {
        vec![
            refused(format!("{} was built by an older Gazette that did not list its files", output.display()))
                .with_help("build it again"),
        ]
    })?;
    let mut files = paths;
    files.retain(|p| p.as_str() != manifest::NAME);
    Ok(files)
}

/// The files of the built site in `output`, with their hashes: [`local_files`], each file read
/// and hashed unless `cache` holds its size and time ([`hash_cache`]).
pub fn local_files_cached(output: &Path, cache: &hash_cache::HashCache) -> Result<hash_cache::Hashed, Vec<Diagnostic>> {
    let paths = local_paths(output)?;
    let refs: Vec<&String> = paths.iter().collect();
    let mut hashed = hash_cache::hash(output, &refs, cache).map_err(|d| vec![d])?;
    hashed.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(hashed)
}

/// The files of the built site in `output`, with their hashes (every file read).
pub fn local_files(output: &Path) -> Result<Vec<LocalFile>, Vec<Diagnostic>> {
    Ok(local_files_cached(output, &hash_cache::HashCache::default())?.files)
}

fn choose_target<'c>(config: &'c Config, name: Option<&str>) -> Result<&'c DeployTarget, Vec<Diagnostic>> {
    let names: Vec<&str> = config.deploy.iter().map(|t| t.name.as_str()).collect();
    match name {
        Some(name) => config.deploy.iter().find(|t| t.name == name).ok_or_else(|| {
            let help = match crate::diag::suggest(name, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? site.yaml's targets: {}", names.join(", ")),
                None if names.is_empty() => "add a target under `deploy:` in site.yaml".into(),
                None => format!("site.yaml's targets: {}", names.join(", ")),
            };
            vec![
                refused(format!("no deploy target named `{name}` in site.yaml"))
                    .with_file(crate::config::CONFIG_FILE)
                    .with_help(help),
            ]
        }),
        None => match config.deploy.as_slice() {
            [one] => Ok(one),
            [] => Err(vec![
                refused("site.yaml has no `deploy:` targets")
                    .with_file(crate::config::CONFIG_FILE)
                    .with_help("add one, e.g.\ndeploy:\n  - name: www\n    kind: folder\n    path: /srv/www/renda"),
            ]),
            _ => Err(vec![refused("site.yaml has several deploy targets; name one").with_help(format!(
                "e.g. `gazette deploy {}`; targets: {}",
                names[0],
                names.join(", ")
            ))]),
        },
    }
}

pub(crate) fn check_deletes(target: &DeployTarget, plan: &Plan, opts: &Options) -> Result<(), Vec<Diagnostic>> {
    if plan.deletes.len() > opts.max_deletes && !opts.dry_run {
        let shown: Vec<&str> = plan.deletes.iter().take(5).map(String::as_str).collect();
        return Err(vec![
            refused(format!(
                "deploying to `{}` would delete {} files, more than --max-deletes {}; nothing was sent",
                target.name,
                plan.deletes.len(),
                opts.max_deletes
            ))
            .with_note(format!("first: {}", shown.join(", ")))
            .with_help(format!(
                "check them with `gazette deploy {} --dry-run`; if they are meant, pass --max-deletes {}",
                target.name,
                plan.deletes.len()
            )),
        ]);
    }
    Ok(())
}

/// The middle of a temporary upload's name: `.{name}.gazette-upload-{pid}`; folder and sftp
/// targets write under it and rename into place.
pub const UPLOAD_SUFFIX: &str = ".gazette-upload-";

pub(crate) fn plan_lines(plan: &Plan) -> Vec<String> {
    let mut lines: Vec<String> = plan
        .uploads
        .iter()
        .map(|(rank, f)| format!("upload  {}  ({}, {} bytes)", f.path, rank.name(), f.size))
        .collect();
    lines.extend(plan.deletes.iter().map(|p| format!("delete  {p}")));
    lines.extend(plan.leftovers.iter().map(|p| format!("delete  {p}  (left by an interrupted deploy)")));
    lines
}

/// Uploads rank by rank (each finished before the next starts), then deletes, then writes the
/// manifest. The first failure stops everything not yet started.
fn execute(
    target: &DeployTarget,
    store: &dyn Store,
    output: &Path,
    plan: &Plan,
    bar: Option<&indicatif::ProgressBar>,
) -> Result<(), Vec<Diagnostic>> {
    let sent = AtomicUsize::new(0);
    let mut start = 0;
    while start < plan.uploads.len() {
        let rank = plan.uploads[start].0;
        let end = start + plan.uploads[start..].iter().take_while(|(r, _)| *r == rank).count();
        let group: Vec<&LocalFile> = plan.uploads[start..end].iter().map(|(_, f)| f).collect();
        in_parallel(store.concurrency(), &group, |file| {
            let bytes = crate::fs::read(&output.join(&file.path))
                .map_err(|e| StoreError { message: e.to_string(), temporary: false });
            let bytes = match bytes {
                Ok(b) => b,
                Err(e) => return Err((file.path.clone(), e)),
            };
            let headers = Headers {
                content_type: order::content_type(&file.path),
                cache_control: order::cache_control(&file.path, rank),
            };
            with_retries(|| store.put(&file.path, bytes.clone(), &headers)).map_err(|e| (file.path.clone(), e))?;
            if let Some(bar) = bar {
                bar.inc(file.size);
                bar.set_message((sent.fetch_add(1, Ordering::Relaxed) + 1).to_string());
            }
            Ok(())
        })
        .map_err(|(path, e)| vec![failed(target, store, e).with_note(format!("while sending {path}"))])?;
        start = end;
    }
    let deletes: Vec<&String> = plan.deletes.iter().chain(&plan.leftovers).collect();
    in_parallel(store.concurrency(), &deletes, |path| {
        with_retries(|| store.delete(path)).map_err(|e| ((*path).clone(), e))
    })
    .map_err(|(path, e)| vec![failed(target, store, e).with_note(format!("while deleting {path}"))])?;
    with_retries(|| store.put(manifest::NAME, plan.manifest.to_bytes(), &MANIFEST_HEADERS))
        .map_err(|e| vec![failed(target, store, e).with_note(format!("while writing {}", manifest::NAME))])
}

const MANIFEST_HEADERS: Headers =
    Headers { content_type: "application/json; charset=utf-8", cache_control: "no-cache" };

/// Runs `job` over `items` on `threads` threads; the first error stops the rest from starting.
fn in_parallel<T: Sync, E: Send>(
    threads: usize,
    items: &[T],
    job: impl Fn(&T) -> Result<(), E> + Sync,
) -> Result<(), E> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let first_error = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, items.len().max(1)) {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if let Err(e) = job(item) {
                        stop.store(true, Ordering::Relaxed);
                        first_error.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e);
                    }
                }
            });
        }
    });
    match first_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Four attempts for temporary failures, 0.25 s, 0.5 s and 1 s apart.
pub(crate) fn with_retries<T>(mut op: impl FnMut() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let mut delay = Duration::from_millis(250);
    let mut attempt = 1;
    loop {
        match op() {
            Err(e) if e.temporary && attempt < 4 => {
                std::thread::sleep(delay);
                delay *= 2;
                attempt += 1;
            }
            other => return other,
        }
    }
}

fn progress_bar(show: bool, bytes: u64, files: usize) -> Option<indicatif::ProgressBar> {
    (show && files > 0 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(bytes);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} sending {msg}/{prefix} files {bar:30} {bytes}/{total_bytes} {bytes_per_sec}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_prefix(files.to_string());
        bar.set_message("0");
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    })
}

pub(crate) fn refused(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::DeployRefused, message)
}

fn failed(target: &DeployTarget, store: &dyn Store, e: StoreError) -> Diagnostic {
    Diagnostic::error(Code::DeployFailed, format!("deploying to `{}` failed: {}", target.name, e.message))
        .with_note(format!("target: {}", store.describe()))
        .with_help("nothing was lost: the target's manifest is written last; run `gazette deploy` again to finish")
}

/// `rel` inside the target folder `dir`, refused unless [`is_safe_path`] (folder and SFTP
/// targets).
pub fn join_safe(dir: &std::path::Path, rel: &str) -> Result<std::path::PathBuf, StoreError> {
    if !is_safe_path(rel) {
        return Err(StoreError {
            message: format!("refusing a path outside the target folder: `{rel}`"),
            temporary: false,
        });
    }
    Ok(dir.join(rel))
}

/// A relative path with only plain segments: a manifest at the target is not trusted to name
/// files outside it (`../../etc/passwd`).
pub fn is_safe_path(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\\')
        && std::path::Path::new(rel).components().all(|c| matches!(c, std::path::Component::Normal(_)))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest;

    fn file(path: &str, content: &str) -> LocalFile {
        LocalFile {
            path: path.into(),
            size: content.len() as u64,
            sha256: hex(&sha2::Sha256::digest(content.as_bytes())),
            md5: hex(&md5::Md5::digest(content.as_bytes())),
        }
    }

    fn config() -> Config {
        Config::parse(Path::new("/site"), "title: a\nbase_url: https://e.org/\n", &Default::default()).unwrap()
    }

    /// The plan for `local` against a target holding `remote` (path, content) whose manifest
    /// lists `manifest` (path, content): (uploads, unchanged, deletes).
    fn check(
        local: &[(&str, &str)],
        remote: &[(&str, &str)],
        manifest: Option<&[(&str, &str)]>,
    ) -> (Vec<String>, usize, Vec<String>) {
        let mut local: Vec<LocalFile> = local.iter().map(|(p, c)| file(p, c)).collect();
        local.sort_by(|a, b| a.path.cmp(&b.path));
        let listing = remote
            .iter()
            .map(|(p, c)| {
                let f = file(p, c);
                (p.to_string(), Remote { size: f.size, md5: Some(f.md5) })
            })
            .collect();
        let found = match manifest {
            None => Found::Missing,
            Some(files) => Found::Ours(Manifest::new(
                files
                    .iter()
                    .map(|(p, c)| {
                        let f = file(p, c);
                        (p.to_string(), manifest::Entry { size: f.size, sha256: f.sha256 })
                    })
                    .collect(),
            )),
        };
        let plan = plan(&config(), None, &local, found, &listing);
        (plan.uploads.into_iter().map(|(_, f)| f.path).collect(), plan.unchanged, plan.deletes)
    }

    #[test]
    fn plans() {
        // first deploy: everything, assets before pages before the home page
        let (up, same, del) = check(&[("index.html", "h"), ("a/index.html", "a"), ("css/x.css", "c")], &[], None);
        assert_eq!((up, same, del), (vec!["css/x.css".into(), "a/index.html".into(), "index.html".into()], 0, vec![]));
        // with the manifest: a changed page, an unchanged one, a page gone, a foreign file kept
        let m: &[(&str, &str)] = &[("index.html", "h"), ("a/index.html", "a"), ("b/index.html", "b")];
        let remote = [("index.html", "h"), ("a/index.html", "a"), ("b/index.html", "b"), ("CNAME", "x")];
        let (up, same, del) = check(&[("index.html", "h2"), ("a/index.html", "a")], &remote, Some(m));
        assert_eq!((up, same, del), (vec!["index.html".into()], 1, vec!["b/index.html".into()]));
        // the manifest says sent, but the store lost it: sent again
        let (up, ..) = check(&[("a/index.html", "a")], &[], Some(&[("a/index.html", "a")]));
        assert_eq!(up, ["a/index.html"]);
        // no manifest: compared by content (an S3 ETag), nothing deleted
        let (up, same, del) = check(&[("a/index.html", "a"), ("b/index.html", "new")], &remote, None);
        assert_eq!((up, same, del), (vec!["b/index.html".into()], 1, vec![]));
        // a manifest naming a path outside the target deletes nothing there
        let (.., del) = check(&[], &[("../../etc/passwd", "x")], Some(&[("../../etc/passwd", "x")]));
        assert!(del.is_empty());
    }
}
