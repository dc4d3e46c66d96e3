//! search-bench: measures the search stage against the alternatives BENCHMARKS.md compares.
//!
//! In: a site root (`--root`), a mode, an output folder for the bundle (`--out`).
//! Out: the bundle, and one line of timings on stdout. Run it under `/usr/bin/time -v` for the
//! peak memory. Modes:
//!
//! - `ours`: Gazette's search stage as `gazette build` runs it (`search::write_bundle`):
//!   segmented custom records, sharded. `--cache DIR` uses (and fills) a cache there.
//! - `pagefind-records`: the same records, unsegmented, in language `zh-cn`, one index:
//!   Pagefind segments the Chinese itself.
//! - `pagefind-html --html DIR`: the rendered pages (not lists) of a site built into DIR, read
//!   and parsed by Pagefind (`add_html_file`), one index: what running Pagefind over the
//!   output does, in-process.
//! - `pagefind-sharded`: as `pagefind-records`, but one index per year merged like ours, so a
//!   10,000-report corpus fits in memory and hit lists compare like for like.
//! - `phases`: our segmented records in one index, timed by phase (segment, add, get_files).
//! - `segment`: only our segmentation of every page (no Pagefind).
//!
//! Usage: `cargo run --release --example search-bench -- --root /tmp/corpus10k --mode ours --out /tmp/b`

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use gazette::config::{Config, Overrides};
use gazette::search;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let (Some(root), Some(mode)) = (get("--root"), get("--mode")) else {
        eprintln!(
            "usage: search-bench --root DIR --mode ours|pagefind-records|pagefind-sharded|pagefind-html|phases|segment [--out DIR] [--cache DIR] [--html DIR]"
        );
        return ExitCode::from(2);
    };
    let out = PathBuf::from(get("--out").unwrap_or_else(|| "/tmp/search-bench-out".into()));
    let root = PathBuf::from(root);

    let started = Instant::now();
    let config = match Config::load(&root, &Overrides::default()) {
        Ok(c) => c,
        Err(d) => {
            eprintln!("{d:?}");
            return ExitCode::FAILURE;
        }
    };
    let (site, diags) = gazette::pipeline::load_site(&config, None);
    if diags.has_errors() {
        eprintln!("{} diagnostics, first: {:?}", diags.len(), diags.errors().next());
        return ExitCode::FAILURE;
    }
    let loaded = started.elapsed();
    let _ = std::fs::remove_dir_all(&out);
    let t = Instant::now();
    let cpu = cpu_seconds();
    let what = match mode.as_str() {
        "ours" => {
            let cache = get("--cache").map(PathBuf::from);
            let records = search::records(&config, &site, None);
            match search::write_bundle(&config, &records, &out, cache.as_deref()) {
                Ok(r) => format!(
                    "pages={} segmented={} shards={} indexed_shards={} files={} bytes={}",
                    r.pages, r.segmented, r.shards, r.indexed_shards, r.files, r.bytes
                ),
                Err(d) => format!("error: {d:?}"),
            }
        }
        "pagefind-records" => {
            let records = search::records(&config, &site, None);
            let texts: Vec<String> = records.list().iter().map(|r| unsegmented(r)).collect();
            let records: Vec<search::PagefindRecord> =
                records.list().iter().zip(&texts).map(|(r, t)| search::PagefindRecord::new(r, t)).collect();
            write_single(&records, "zh-cn", &out)
        }
        "pagefind-sharded" => {
            // Pagefind's own segmentation, one index per year (merged like ours), so the memory
            // of a 10,000-report corpus stays bounded and the hit lists compare like for like
            use rayon::prelude::*;
            let all = search::records(&config, &site, None);
            let mut years: std::collections::BTreeMap<String, Vec<(&search::Record, String)>> = Default::default();
            for r in all.list() {
                years.entry(r.group.clone()).or_default().push((r, unsegmented(r)));
            }
            let groups: Vec<(String, Vec<(&search::Record, String)>)> = years.into_iter().collect();
            let written: Vec<(usize, u64)> = groups
                .par_iter()
                .enumerate()
                .map(|(i, (group, records))| {
                    let dir = if i == 0 { out.clone() } else { out.join(group) };
                    let records: Vec<search::PagefindRecord> =
                        records.iter().map(|(r, t)| search::PagefindRecord::new(r, t)).collect();
                    let files = search::index_records(&records, "zh-cn").unwrap();
                    write_files(&dir, files)
                })
                .collect();
            let merge: Vec<String> = groups.iter().skip(1).map(|(g, _)| format!("\"{g}/\"")).collect();
            std::fs::write(
                out.join(search::SHARDS_FILE),
                format!("window.gazetteSearchShards = [{}];\n", merge.join(",")),
            )
            .unwrap();
            let (n, bytes) = written.iter().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            format!("shards={} files={n} bytes={bytes}", groups.len())
        }
        "pagefind-html" => {
            let Some(html) = get("--html") else {
                eprintln!("--html DIR: a site built from the same root");
                return ExitCode::from(2);
            };
            index_html(&site, Path::new(&html), &out)
        }
        "phases" => {
            // one index of our segmented records, timed by phase
            use rayon::prelude::*;
            let seg = search::segmenter();
            let t0 = Instant::now();
            let records = search::records(&config, &site, None);
            let texts: Vec<String> = records.list().par_iter().map(|r| r.content(seg, false)).collect();
            let seg_s = t0.elapsed().as_secs_f64();
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let (add_s, files_s, n) = runtime.block_on(async {
                let options = pagefind::options::PagefindServiceConfig::builder().force_language("und".into()).build();
                let mut index = pagefind::api::PagefindIndex::new(Some(options)).unwrap();
                let t1 = Instant::now();
                for (r, content) in records.list().iter().zip(&texts) {
                    index
                        .add_custom_record(
                            r.url.clone(),
                            content.clone(),
                            "und".into(),
                            Some(r.meta.clone()),
                            Some(r.filters.clone()),
                            Some(r.sort.clone()),
                        )
                        .await
                        .unwrap();
                }
                let add_s = t1.elapsed().as_secs_f64();
                let t2 = Instant::now();
                let files = index.get_files().await.unwrap();
                (add_s, t2.elapsed().as_secs_f64(), files.len())
            });
            format!("segment={seg_s:.2}s add_records={add_s:.2}s get_files={files_s:.2}s files={n}")
        }
        "segment" => {
            use rayon::prelude::*;
            let seg = search::segmenter();
            let chars: usize = site.pages.par_iter().map(|p| search::segment(seg, &p.rendered.plain).len()).sum();
            format!("segmented {} pages, {chars} bytes out", site.pages.len())
        }
        other => format!("unknown mode {other}"),
    };
    println!(
        "mode={mode} pages={} load={:.2}s index={:.2}s index_cpu={:.2}s {what}",
        site.pages.len(),
        loaded.as_secs_f64(),
        t.elapsed().as_secs_f64(),
        cpu_seconds() - cpu
    );
    ExitCode::SUCCESS
}

/// A record's text as written, for Pagefind to segment itself.
fn unsegmented(r: &search::Record) -> String {
    let [title, summary, body] = r.parts();
    format!("___PAGEFIND_WEIGHT___7 {title} ___END_PAGEFIND_WEIGHT___ {summary} {body}")
}

/// CPU seconds (user and system, every thread) this process has used: the index's own cost,
/// less sensitive than its wall time to other work on the machine.
#[cfg(unix)]
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct it is given and reads nothing else
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

#[cfg(not(unix))]
fn cpu_seconds() -> f64 {
    0.0
}

fn write_single(records: &[search::PagefindRecord], language: &str, out: &Path) -> String {
    match search::index_records(records, language) {
        Ok(files) => {
            let (n, bytes) = write_files(out, files);
            format!("files={n} bytes={bytes}")
        }
        Err(e) => format!("error: {e}"),
    }
}

fn write_files(out: &Path, files: Vec<pagefind::api::SyntheticFile>) -> (usize, u64) {
    let mut bytes = 0;
    let n = files.len();
    for f in files {
        let path = out.join(&f.filename);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        bytes += f.contents.len() as u64;
        std::fs::write(path, f.contents).unwrap();
    }
    // a single index: no shards to merge
    std::fs::write(out.join(search::SHARDS_FILE), "window.gazetteSearchShards = [];\n").unwrap();
    (n + 1, bytes)
}

fn index_html(site: &gazette::pipeline::Site, html: &Path, out: &Path) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder().build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options)).unwrap();
        for p in &site.pages {
            let file = html.join(p.path.trim_start_matches('/')).join("index.html");
            let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let url = p.path.clone();
            index.add_html_file(None, Some(url), text).await.unwrap();
        }
        let files = index.get_files().await.unwrap();
        let (n, bytes) = write_files(out, files);
        format!("files={n} bytes={bytes}")
    })
}
