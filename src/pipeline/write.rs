//! The render-and-write half of the build: every output of the plan, rendered and written.
//!
//! In: a loaded [`Site`] without errors (its [`Plan`](crate::pipeline::plan::Plan) lists the
//! outputs), where to write, and `serve`'s cache. Out: a [`BuildReport`], or the diagnostics of
//! templates that failed and files that could not be written.
//! Never: lists the outputs itself (the plan does), or decides what a page depends on (each
//! render job's inputs are declared beside its render in `render.rs`).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::pipeline::discover::{Asset, Stamp};
use crate::pipeline::output::Writer;
use crate::pipeline::plan::{AssetRef, Job, PlannedOutput, RenderJob};
use crate::pipeline::render::Renderer;
use crate::pipeline::{BuildCache, BuildReport, OutputRecord, Site, Target, Timer};

/// Renders and writes every planned output into `target`. With a cache, an output whose inputs
/// have the same fingerprint as in the last build is neither rendered nor written.
pub fn write_site(
    config: &Config,
    site: &Site,
    target: Target<'_>,
    cache: Option<&mut BuildCache>,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<BuildReport, Diagnostics> {
    let mut timer = Timer::start();
    let cached_summary = |fingerprint: u64, version: u64| {
        cache.as_deref().filter(|c| c.site_fingerprint == fingerprint).and_then(|c| c.summaries.get(&version).cloned())
    };
    let renderer = Renderer::for_site(config, site, &cached_summary)?;
    timer.lap("templates and shared values");

    let writer = match target {
        Target::Staging(output) => Writer::staging(output)?,
        Target::InPlace(dir) => Writer::in_place(dir)?,
    };
    let previous = cache.as_deref().map(|c| &c.outputs);
    // derived images into the image cache (decoding only originals it lacks), then the outputs
    let images = crate::images::cache::produce(config, site)?;
    timer.lap(&format!(
        "images: {} derived files, {} originals decoded, {} files encoded, {} pruned",
        images.derived, images.decoded, images.encoded, images.pruned
    ));
    let image_dir = crate::images::cache::dir(config);
    let done = write_outputs(site, &renderer, &writer, previous, progress, &image_dir)?;
    timer.lap("render and write");

    // The search index, from the pages (not their HTML), before the site is swapped into place.
    // In place (`serve`), the caller refreshes it afterwards with `refresh_search`, so that a
    // reload never waits for the index.
    let records = config.search.then(|| crate::search::records(config, site, cache.as_deref().map(|c| &c.search)));
    let search = match (writer.staging_dir(), &records) {
        (Some(dir), Some(records)) => {
            let cache = config.root.join(crate::search::CACHE_DIR);
            let bundle = dir.join(crate::search::BUNDLE_DIR);
            Some(crate::search::write_bundle(config, records, &bundle, Some(&cache))?)
        }
        _ => None,
    };
    timer.lap("search index");

    // files of the last build that this one no longer makes
    let stale: Vec<&String> =
        previous.map_or(Vec::new(), |p| p.keys().filter(|f| !done.outputs.contains_key(*f)).collect());
    let drafts = site.pages.iter().filter(|p| p.meta.draft).count();
    let finished = writer.finish(drafts, &stale)?;
    let notes = match finished.kept.is_empty() {
        true => Vec::new(),
        false => vec![format!(
            "kept what was put into {} by hand, not by Gazette: {}",
            target.dir().display(),
            finished.kept.join(", ")
        )],
    };
    let files = done.outputs.len() + 1 + search.as_ref().map_or(0, |s| s.files);
    if let Some(c) = cache {
        remember(c, site, &renderer, done.outputs);
        c.search = records.unwrap_or_default();
    }
    Ok(BuildReport {
        pages: site.pages.len(),
        drafts,
        index_pages: site.plan.outputs.iter().filter(|o| o.render_job().is_some_and(RenderJob::is_index)).count(),
        files,
        elapsed: Duration::ZERO,
        warnings: search.as_ref().map(|s| s.warnings.clone()).unwrap_or_default(),
        output: target.dir().to_path_buf(),
        rendered: done.rendered,
        written: done.written + finished.removed,
        search,
        up_to_date: false,
        notes,
        new_index_numbers: Default::default(),
        images,
    })
}

/// What writing the outputs did.
struct Written {
    /// Every output file of this build: file → (fingerprint of its inputs, hash of its bytes).
    outputs: HashMap<String, OutputRecord>,
    rendered: usize,
    written: usize,
}

/// Renders (or copies) and writes every output the plan lists, in parallel.
fn write_outputs(
    site: &Site,
    renderer: &Renderer<'_>,
    writer: &Writer,
    previous: Option<&HashMap<String, OutputRecord>>,
    progress: Option<&indicatif::ProgressBar>,
    image_dir: &std::path::Path,
) -> Result<Written, Diagnostics> {
    let outputs: Vec<&PlannedOutput> = site.plan.written().collect();
    if let Some(bar) = progress {
        bar.set_length(outputs.len() as u64);
    }
    let counts = Counts::default();
    let results: Vec<Result<Option<(String, OutputRecord)>, Diagnostic>> = outputs
        .par_iter()
        .map(|out| {
            if let Some(bar) = progress {
                bar.inc(1);
            }
            let unchanged = |fp: u64| previous.and_then(|p| p.get(&out.file)).filter(|(input, _)| *input == fp);
            match &out.job {
                Job::Render(job) => {
                    // without a last build (`gazette build`) there is nothing to compare with
                    let fp = match previous {
                        Some(_) => renderer.inputs(job, &out.url),
                        None => 0,
                    };
                    // unchanged since the last build: keep the file as it is
                    if let Some(&(_, bytes)) = unchanged(fp) {
                        return Ok(Some((out.file.clone(), (fp, bytes))));
                    }
                    counts.rendered.fetch_add(1, Ordering::Relaxed);
                    let bytes = renderer.render(job, &out.url)?;
                    write_rendered(writer, &out.file, fp, &bytes, previous, &counts).map(Some)
                }
                Job::Copy(asset) => {
                    let asset = asset_of(site, *asset);
                    let fp = copy_inputs(&out.file, asset);
                    if unchanged(fp).is_none() {
                        counts.written.fetch_add(1, Ordering::Relaxed);
                        match asset.embedded {
                            Some(bytes) => writer.write(&out.file, bytes)?,
                            None => writer.copy(&out.file, &asset.path)?,
                        }
                    }
                    Ok(Some((out.file.clone(), (fp, fp))))
                }
                Job::Image(d) => {
                    // the cache file's name holds the source's hash and every parameter
                    let name = d.cache_name();
                    let mut h = DefaultHasher::new();
                    (&out.file, &name).hash(&mut h);
                    let fp = h.finish();
                    if unchanged(fp).is_none() {
                        counts.written.fetch_add(1, Ordering::Relaxed);
                        writer.link(&out.file, &image_dir.join(&name))?;
                    }
                    Ok(Some((out.file.clone(), (fp, fp))))
                }
                // written by the search stage, after the pages; originals not published
                Job::SearchIndex | Job::Original(_) => Ok(None),
            }
        })
        .collect();
    let mut errors = Diagnostics::new();
    let mut records = HashMap::with_capacity(results.len());
    for r in results {
        match r {
            Ok(Some((file, record))) => {
                records.insert(file, record);
            }
            Ok(None) => {}
            Err(d) => errors.push(d),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(Written { outputs: records, rendered: counts.rendered.into_inner(), written: counts.written.into_inner() })
}

#[derive(Default)]
struct Counts {
    rendered: AtomicUsize,
    written: AtomicUsize,
}

/// Writes rendered bytes, unless they equal the last build's (hashed only when there is one).
fn write_rendered(
    writer: &Writer,
    file: &str,
    fp: u64,
    bytes: &[u8],
    previous: Option<&HashMap<String, OutputRecord>>,
    counts: &Counts,
) -> Result<(String, OutputRecord), Diagnostic> {
    let bytes_hash = match previous {
        Some(_) => {
            let mut h = DefaultHasher::new();
            bytes.hash(&mut h);
            h.finish()
        }
        None => 0,
    };
    let record = (fp, bytes_hash);
    if previous.and_then(|p| p.get(file)).is_some_and(|(_, b)| *b == bytes_hash) {
        return Ok((file.to_string(), record));
    }
    counts.written.fetch_add(1, Ordering::Relaxed);
    writer.write(file, bytes)?;
    Ok((file.to_string(), record))
}

fn asset_of(site: &Site, asset: AssetRef) -> &Asset {
    match asset {
        AssetRef::Content(i) => &site.tree.content_assets[i],
        AssetRef::Static(i) => &site.tree.static_files[i],
    }
}

/// A copied file depends on where it goes, where it comes from and its size and time.
fn copy_inputs(file: &str, asset: &Asset) -> u64 {
    let mut h = DefaultHasher::new();
    (file, &asset.path, asset.stamp).hash(&mut h);
    h.finish()
}

/// Keeps what the next build of `serve` reuses: pages, summaries and every output's record.
fn remember(c: &mut BuildCache, site: &Site, renderer: &Renderer<'_>, outputs: HashMap<String, OutputRecord>) {
    c.site_fingerprint = renderer.fingerprint();
    c.summaries = site.pages.iter().map(|p| p.version).zip(renderer.summaries().iter().cloned()).collect();
    let stamps: HashMap<&str, Stamp> = site.tree.pages.iter().map(|f| (f.rel.as_str(), f.stamp)).collect();
    c.pages = site
        .pages
        .iter()
        .map(|p| (p.rel.clone(), (stamps.get(p.rel.as_str()).copied().unwrap_or_default(), Arc::clone(p))))
        .collect();
    c.outputs = outputs;
}
