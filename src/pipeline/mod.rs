//! The build: the only place the stages are ordered.
//!
//! load ([`load::load_site`]: discover (read) → parse front matter → URLs → render Markdown →
//! sections and indexes → plan every output ([`plan`]) → validate files and links
//! ([`validate`])) → write ([`write::write_site`]: render what the plan lists → write into
//! staging → search index → swap into place).
//!
//! In: a validated `Config` and an output folder. Out: a [`BuildReport`], or every diagnostic
//! found (content errors never stop the run early: all are collected, and then nothing is
//! published).
//! Never: writes outside the staging folder, or publishes a site with errors. No module under
//! `pipeline/` imports `crate::check` (test `pipeline::the_pipeline_does_not_import_its_users`).

pub mod active_content;
pub mod chains;
pub mod cjk_emphasis;
pub mod collection;
pub mod discover;
pub mod front_matter;
pub mod load;
pub mod markdown;
pub mod meeting;
pub mod model;
pub mod output;
pub mod plan;
pub mod public_info;
pub mod qr;
pub mod render;
pub mod taxonomy;
pub mod validate;
pub mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Source};
use discover::{SourceTree, Stamp};
use markdown::{MarkdownOptions, Rendered};
use model::{Home, Page, Section};
use taxonomy::Taxonomy;

pub use load::load_site;
pub use plan::{Origin, Plan};
pub(crate) use validate::percent_decode;

/// What a finished build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub pages: usize,
    /// Sections, taxonomy and term pages (each paginated page counts), the home page.
    pub index_pages: usize,
    /// Every file written or copied.
    pub files: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    pub output: PathBuf,
    /// Outputs rendered this time (the rest were unchanged since the last build of `serve`).
    pub rendered: usize,
    /// Files written, copied or removed this time.
    pub written: usize,
    /// Nothing changed since the last build into this folder, so nothing was done.
    pub up_to_date: bool,
    /// What the search stage did, when search is on.
    pub search: Option<crate::search::SearchReport>,
    /// Pages marked `draft: true` in the output (only with `--drafts`).
    pub drafts: usize,
    /// Things the user should know that are not problems (an old site restored, files they put
    /// into the output carried over).
    pub notes: Vec<String>,
    /// 索引号 this build assigned that `index-numbers.yaml` does not record yet (content path →
    /// number): `gazette build` records them after the swap ([`output::record_index_numbers`]).
    pub new_index_numbers: std::collections::BTreeMap<String, String>,
    /// What the image stage did: derived files, originals decoded, files encoded.
    pub images: crate::images::cache::ImageReport,
}

/// What `gazette serve` keeps between builds so a rebuild re-parses only changed files,
/// re-renders only outputs whose inputs changed, and writes only files whose bytes changed.
#[derive(Default)]
pub struct BuildCache {
    /// [`Config::fingerprint`] of the build the cache belongs to; another config starts afresh.
    config_key: u64,
    /// Parsed and rendered pages by content path, with the stamp they were read at.
    pages: HashMap<String, (Stamp, Arc<Page>)>,
    /// The renderer's fingerprint and each page's summary value, by page version.
    site_fingerprint: u64,
    summaries: HashMap<u64, tera::Value>,
    /// Every output of the last build: file → (fingerprint of its inputs, hash of its bytes).
    outputs: HashMap<String, OutputRecord>,
    /// Each page's search record, by page version: what `refresh_search` indexes.
    search: crate::search::Records,
    /// The last discovery's listing of content/, and the paths changed since (`None`: not known,
    /// so the next discovery walks content/ whole).
    listing: Option<Arc<discover::ContentListing>>,
    changed: Option<Vec<PathBuf>>,
    /// The last validation's link findings by page version, and a hash of the plan's URLs.
    checked: validate::Checked,
}

impl BuildCache {
    /// Tells the cache the paths a watcher saw change (files or folders, absolute, below the
    /// resolved site root) since the last build: the next build looks again only at those in
    /// content/ and takes the rest of its listing from the last one. Without this call before a
    /// build, content/ is walked whole. `serve` calls it with every path its watcher reports.
    pub fn saw_changes(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        self.changed.get_or_insert_with(Vec::new).extend(paths);
    }

    /// Forgets what changed: the next build walks content/ whole (after a watcher's error).
    pub fn forget_changes(&mut self) {
        self.listing = None;
        self.changed = None;
    }

    /// The last listing and what changed since, when both are known.
    fn since(&self) -> Option<discover::Since<'_>> {
        match (&self.listing, &self.changed) {
            (Some(listing), Some(changed)) => Some(discover::Since { listing, changed }),
            _ => None,
        }
    }
}

/// The search records of the last build (a copy is one `Arc`): `serve` takes them out of its
/// cache and indexes them without holding it.
impl AsRef<crate::search::Records> for BuildCache {
    fn as_ref(&self) -> &crate::search::Records {
        &self.search
    }
}

/// (fingerprint of an output's inputs, hash of its bytes)
type OutputRecord = (u64, u64);

/// Where a build writes.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    /// Into a staging folder beside this path, swapped into place when everything succeeded.
    Staging(&'a Path),
    /// Into this folder directly, each file written atomically, only files that changed, and
    /// files of the last build that are no longer produced removed (for `serve`, which owns
    /// the folder and keeps the last good site when a build fails before writing).
    InPlace(&'a Path),
}

impl<'a> Target<'a> {
    /// The output folder.
    pub fn dir(self) -> &'a Path {
        match self {
            Target::Staging(p) | Target::InPlace(p) => p,
        }
    }
}

/// The whole site in memory, as far as it loaded, with the plan of its outputs.
#[derive(Default)]
pub struct Site {
    pub home: Home,
    pub sections: Vec<Section>,
    pub pages: Vec<Arc<Page>>,
    pub taxonomies: Vec<Taxonomy>,
    pub tree: SourceTree,
    /// Every output: its URL, file, origin and render job.
    pub plan: Plan,
    /// Pages left out for errors in their front matter; their links are checked all the same.
    pub failed: Vec<model::FailedPage>,
    /// Follow-up chains: `responds_to:` and `related:` resolved, reverse links, whole chains.
    pub chains: chains::Chains,
    /// 专题 and bulletin issues: each collection's documents and each page's collections.
    pub collections: collection::Collections,
    /// Pages grouped by congress term and meeting, for the `/meetings/` pages.
    pub meetings: meeting::Meetings,
    /// Each page's 索引号 (when `public_info:` is set) and the registry after this build.
    pub index_numbers: public_info::IndexNumbers,
    /// What validation keeps for `serve`'s next build (link findings by page version).
    pub checked: validate::Checked,
}

/// Builds the site into `output` (staging, then swap).
pub fn build(
    config: &Config,
    output: &Path,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let output = output::check_output_dir(&config.root, output)?;
    // a build killed while swapping is put right before anything looks at the output
    let restored = output::recover(&output)?;
    // Nothing changed since the last successful build into this folder: nothing to do.
    let others = discover::input_fingerprint_without_registry(config);
    let inputs = discover::with_registry(config, others);
    if output::is_up_to_date(&config.root, &output, inputs) {
        let notes = restored.into_iter().collect();
        return Ok(BuildReport {
            up_to_date: true,
            output,
            elapsed: started.elapsed(),
            notes,
            ..BuildReport::default()
        });
    }
    let mut report = build_into(config, Target::Staging(&output), None, progress)?;
    // the published site shows these numbers: record them, so that no later build renumbers it;
    // the site is then the site of the inputs with the file as recorded
    let mut inputs = inputs;
    if !report.new_index_numbers.is_empty() {
        match output::record_index_numbers(&config.root, &report.new_index_numbers) {
            Ok(note) => {
                report.notes.push(note);
                inputs = discover::with_registry(config, others);
            }
            Err(d) => report.warnings.push(d),
        }
    }
    output::record_build(&config.root, &output, inputs);
    report.notes.splice(0..0, restored);
    Ok(BuildReport { elapsed: started.elapsed(), ..report })
}

/// Builds the site into `target`, reusing and then updating `cache` when given. `serve` calls
/// this with its cache; the result is byte-identical to a clean build of the same input.
pub fn build_into(
    config: &Config,
    target: Target<'_>,
    mut cache: Option<&mut BuildCache>,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    if let Some(c) = cache.as_deref_mut() {
        let key = config.fingerprint();
        if c.config_key != key {
            // Another config: nothing parsed or rendered before is reused, but the files the last
            // build wrote are still known, so those this build no longer makes are removed
            // (test incremental::a_config_change_removes_the_outputs_it_drops). Their inputs are
            // forgotten (a fingerprint of 0 is taken for none), their bytes' hashes kept.
            let written = std::mem::take(&mut c.outputs).into_iter().map(|(file, (_, bytes))| (file, (0, bytes)));
            *c = BuildCache { config_key: key, outputs: written.collect(), ..BuildCache::default() };
        }
    }
    let (mut site, diags) = load_site(config, cache.as_deref());
    // whatever the outcome, the next discovery starts from what this one saw
    if let Some(c) = cache.as_deref_mut() {
        c.listing = site.tree.listing.clone();
        c.changed = None;
        c.checked = std::mem::take(&mut site.checked);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let report = write::write_site(config, &site, target, cache, progress).map_err(|mut f| {
        f.extend(diags.clone());
        f
    })?;
    let mut warnings = diags.into_sorted();
    warnings.extend(report.warnings);
    let numbers = &site.index_numbers;
    let new_index_numbers = numbers
        .assigned
        .iter()
        .filter_map(|&i| Some((site.pages[i].rel.clone(), numbers.by_page[i].clone()?)))
        .collect();
    Ok(BuildReport { elapsed: started.elapsed(), warnings, new_index_numbers, ..report })
}

/// Rewrites the search bundle of a site built in place from the search records of its last
/// build (a `BuildCache`, or a copy of its records): nothing is discovered, read or parsed
/// again. `serve` runs it in the background after each build, on a copy taken from the cache.
pub fn refresh_search(
    config: &Config,
    records: &impl AsRef<crate::search::Records>,
    output: &Path,
) -> Result<Option<crate::search::SearchReport>, Diagnostics> {
    if !config.search {
        return Ok(None);
    }
    Ok(Some(crate::search::refresh_bundle(config, records.as_ref(), output)?))
}

/// Renders a body with the site's Markdown settings (sections' and the home page's text).
pub fn render_body(config: &Config, source: &Source, offset: usize) -> Rendered {
    let md_options = MarkdownOptions::for_site(config);
    markdown::render_markdown(&source.text[offset..], offset, &md_options)
}

/// Stage times on stderr when `GAZETTE_TIMINGS` is set (for profiling; see BENCHMARKS.md).
struct Timer {
    on: bool,
    last: Instant,
}

impl Timer {
    fn start() -> Timer {
        Timer { on: std::env::var_os("GAZETTE_TIMINGS").is_some(), last: Instant::now() }
    }

    fn lap(&mut self, what: &str) {
        if self.on {
            eprintln!("{:>9.1} ms  {what}{}", self.last.elapsed().as_secs_f64() * 1000.0, memory());
        }
        self.last = Instant::now();
    }
}

/// The process's memory now and at its peak so far, where the system tells (Linux):
/// `  [rss 180 MiB, peak 212 MiB]`.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else { return String::new() };
    let kib = |key: &str| {
        status.lines().find_map(|l| l.strip_prefix(key)?.trim().strip_suffix("kB")?.trim().parse::<u64>().ok())
    };
    match (kib("VmRSS:"), kib("VmHWM:")) {
        (Some(rss), Some(peak)) => format!("  [rss {} MiB, peak {} MiB]", rss / 1024, peak / 1024),
        _ => String::new(),
    }
}
