//! The build: the only place the stages are ordered.
//!
//! discover (read) → parse front matter → URLs → render Markdown → check URLs, files and links →
//! build indexes → render templates → write into staging → swap into place.
//!
//! In: a validated `Config` and an output folder. Out: a [`BuildReport`], or every diagnostic
//! found (content errors never stop the run early: all are collected, and then nothing is
//! published).
//! Never: writes outside the staging folder, or publishes a site with errors.

pub mod active_content;
pub mod cjk_emphasis;
pub mod discover;
pub mod front_matter;
pub mod markdown;
pub mod meeting;
pub mod model;
pub mod output;
pub mod render;
pub mod taxonomy;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{self, Code, Diagnostic, Source};
use discover::{Asset, SourceTree, Stamp};
use front_matter::Date;
use markdown::{MarkdownOptions, Rendered};
use model::{Home, Page, Section};
use render::{OutputFile, Renderer};
use taxonomy::{Pager, Taxonomy};

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
}

/// What `gazette serve` keeps between builds so a rebuild re-parses only changed files,
/// re-renders only outputs whose inputs changed, and writes only files whose bytes changed.
#[derive(Default)]
pub struct BuildCache {
    /// `format!("{config:?}")` of the build the cache belongs to; another config starts afresh.
    config_key: String,
    /// Parsed and rendered pages by content path, with the stamp they were read at.
    pages: HashMap<String, (Stamp, Arc<Page>)>,
    /// The renderer's fingerprint and each page's summary value, by page version.
    site_fingerprint: u64,
    summaries: HashMap<u64, tera::Value>,
    /// Every output of the last build: path → (fingerprint of its inputs, hash of its bytes).
    outputs: HashMap<String, OutputRecord>,
    /// Each page's search record, by page version: what `refresh_search` indexes.
    search: crate::search::Records,
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

/// A failed build: the errors (and warnings) found. The previous output is untouched.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

impl From<Vec<Diagnostic>> for BuildFailure {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        BuildFailure { diagnostics }
    }
}

impl From<Diagnostic> for BuildFailure {
    fn from(d: Diagnostic) -> Self {
        BuildFailure { diagnostics: vec![d] }
    }
}

/// The whole site in memory, checked and ready to render.
pub struct Site {
    pub home: Home,
    pub sections: Vec<Section>,
    pub pages: Vec<Arc<Page>>,
    pub taxonomies: Vec<Taxonomy>,
    pub tree: SourceTree,
    /// (alias path, target page path)
    pub aliases: Vec<(String, String)>,
    /// Every output URL path and where it comes from, for links and duplicate checks.
    pub outputs: BTreeMap<String, Origin>,
    /// Where each content asset goes: (output path, asset index).
    pub asset_outputs: Vec<(String, usize)>,
    /// Pages left out for errors in their front matter; their links are checked all the same.
    pub failed: Vec<model::FailedPage>,
}

/// What produces an output path.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    Page(usize),
    Generated(String),
    File(PathBuf),
}

impl Origin {
    /// `d` pointing at the origin: a page's front matter, or a file.
    fn locate(&self, d: Diagnostic, pages: &[Arc<Page>]) -> Diagnostic {
        match self {
            Origin::Page(i) => d.with_span(&pages[*i].source, 0..3),
            Origin::File(p) => d.with_file(p),
            Origin::Generated(_) => d,
        }
    }

    fn describe(&self, pages: &[Arc<Page>]) -> String {
        match self {
            Origin::Page(i) => pages[*i].source.path.display().to_string(),
            Origin::Generated(what) => what.clone(),
            Origin::File(p) => p.display().to_string(),
        }
    }
}

/// Builds the site into `output` (staging, then swap).
pub fn build(
    config: &Config,
    output: &Path,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let output = output::check_output_dir(&config.root, output)?;
    // a build killed while swapping is put right before anything looks at the output
    let restored = output::recover(&output)?;
    // Nothing changed since the last successful build into this folder: nothing to do.
    let inputs = discover::input_fingerprint(config);
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
) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    if let Some(c) = cache.as_deref_mut() {
        let key = format!("{config:?}");
        if c.config_key != key {
            *c = BuildCache { config_key: key, ..BuildCache::default() };
        }
    }
    let site = load_site_cached(config, cache.as_deref(), &|_| Vec::new())?;
    let mut warnings = sorted(site.tree.warnings.clone());
    let report = write_site(config, &site, target, cache, progress).map_err(|mut f| {
        f.diagnostics.append(&mut warnings.clone());
        f
    })?;
    warnings.extend(report.warnings);
    Ok(BuildReport { elapsed: started.elapsed(), warnings, ..report })
}

fn sorted(mut d: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diag::sort(&mut d);
    d
}

/// Rewrites the search bundle of a site built in place from the search records of its last
/// build (a `BuildCache`, or a copy of its records): nothing is discovered, read or parsed
/// again. `serve` runs it in the background after each build, on a copy taken from the cache.
pub fn refresh_search(
    config: &Config,
    records: &impl AsRef<crate::search::Records>,
    output: &Path,
) -> Result<Option<crate::search::SearchReport>, BuildFailure> {
    if !config.search {
        return Ok(None);
    }
    Ok(Some(crate::search::refresh_bundle(config, records.as_ref(), output)?))
}

/// Reads and checks the whole site without writing anything (`gazette check` stops here).
pub fn load_site(config: &Config) -> Result<Site, BuildFailure> {
    load_site_with(config, &|_| Vec::new())
}

/// `load_site` plus the caller's own rules (`gazette check`'s warnings), run on the site even
/// when some pages failed, so that one run reports everything.
pub fn load_site_with(config: &Config, extra: &dyn Fn(&Site) -> Vec<Diagnostic>) -> Result<Site, BuildFailure> {
    load_site_cached(config, None, extra)
}

/// `load_site_with`, reusing the pages of `cache` whose files did not change.
fn load_site_cached(
    config: &Config,
    cache: Option<&BuildCache>,
    extra: &dyn Fn(&Site) -> Vec<Diagnostic>,
) -> Result<Site, BuildFailure> {
    let unchanged =
        |rel: &str, stamp: Stamp| cache.and_then(|c| c.pages.get(rel)).is_some_and(|(known, _)| *known == stamp);
    let mut timer = Timer::start();
    let mut tree = discover::discover(config, &unchanged)?;
    timer.lap("discover (walk, read)");
    let mut diags = Vec::new();

    let previous = |rel: &str| cache.and_then(|c| c.pages.get(rel)).map(|(_, p)| Arc::clone(p));
    let (pages, d, failed) = model::parse_pages(config, &mut tree.pages, &previous);
    timer.lap("front matter and Markdown");
    diags.extend(d);

    let (home, mut sections, d) = model::parse_sections(config, &tree.indexes, &pages, &tree.strings);
    diags.extend(d);
    for (i, p) in pages.iter().enumerate() {
        if let Some(s) = sections.iter_mut().find(|s| Some(&s.name) == p.section.as_ref()) {
            s.pages.push(i);
        }
    }
    for s in &mut sections {
        model::sort_pages(&pages, &mut s.pages, s.meta.sort_by);
    }
    let (taxonomies, d) = taxonomy::build_taxonomies(config, &pages);
    diags.extend(d);

    let mut site = Site {
        home,
        sections,
        pages,
        taxonomies,
        tree,
        aliases: Vec::new(),
        outputs: BTreeMap::new(),
        asset_outputs: Vec::new(),
        failed,
    };
    diags.extend(plan_outputs(config, &mut site));
    diags.extend(check_files(&site));
    diags.extend(check_links(&site));
    timer.lap("sections, indexes, URL and link checks");
    diags.extend(crate::check::site_rules(config, &site));
    diags.extend(extra(&site));

    let (errors, warnings): (Vec<_>, Vec<_>) = diags.into_iter().partition(Diagnostic::is_error);
    site.tree.warnings.extend(warnings);
    if errors.is_empty() {
        Ok(site)
    } else {
        let mut all = errors;
        all.append(&mut site.tree.warnings);
        diag::sort(&mut all);
        Err(BuildFailure { diagnostics: all })
    }
}

/// Renders a body with the site's Markdown settings (sections' and the home page's text).
pub fn render_body(config: &Config, source: &Source, offset: usize) -> Rendered {
    let md_options = MarkdownOptions::for_site(config);
    markdown::render_markdown(&source.text[offset..], offset, &md_options)
}

/// Records every output path with its origin; two origins on one path are an error naming both.
fn plan_outputs(config: &Config, site: &mut Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut outputs: BTreeMap<String, Origin> = BTreeMap::new();
    let mut claim = |path: String, origin: Origin, pages: &[Arc<Page>], diags: &mut Vec<Diagnostic>| {
        // the search index's folder is the search stage's alone: a section, alias or file there
        // would be overwritten by it, or mixed into it
        if config.search && path.starts_with(SEARCH_PATH) && path != SEARCH_PATH {
            let d = Diagnostic::error(
                Code::DuplicateUrl,
                format!("the URL {path} is inside {SEARCH_PATH}, which belongs to the search index"),
            )
            .with_note(format!("claimed by {}", origin.describe(pages)))
            .with_help("rename the folder, slug or alias");
            diags.push(origin.locate(d, pages));
            return;
        }
        // a file name longer than filesystems allow would fail at the write, naming only the output
        if let Some(long) = path.split('/').find(|seg| seg.len() > MAX_SEGMENT_BYTES) {
            let d = Diagnostic::error(
                Code::InvalidSlug,
                format!(
                    "a URL segment of {} bytes is longer than a file name may be ({MAX_SEGMENT_BYTES})",
                    long.len()
                ),
            )
            .with_note(format!("the URL of {}", origin.describe(pages)))
            .with_help("shorten the title, term or file name it comes from, or set a shorter `slug:`");
            diags.push(origin.locate(d, pages));
            return;
        }
        if let Some(existing) = outputs.get(&path) {
            if *existing == origin {
                return;
            }
            let (first, second) = (existing.describe(pages), origin.describe(pages));
            let mut d = Diagnostic::error(Code::DuplicateUrl, format!("two files claim the URL {path}"))
                .with_note(format!("claimed by {first}"))
                .with_note(format!("and by {second}"))
                .with_help("rename one of them, or give one a different `slug:`");
            d = match &origin {
                Origin::Page(_) => origin.locate(d, pages).with_label(format!("this page's URL is {path}")),
                _ => origin.locate(d, pages),
            };
            diags.push(d);
        } else {
            outputs.insert(path, origin);
        }
    };
    let pages = &site.pages;
    // generated first, so a page that takes a generated URL is the one reported
    claim("/".into(), Origin::Generated("the home page".into()), pages, &mut diags);
    claim("/404.html".into(), Origin::Generated("the 404 page".into()), pages, &mut diags);
    claim("/sitemap.xml".into(), Origin::Generated("the sitemap".into()), pages, &mut diags);
    claim("/robots.txt".into(), Origin::Generated("robots.txt".into()), pages, &mut diags);
    claim("/css/syntax.css".into(), Origin::Generated("the code highlighting stylesheet".into()), pages, &mut diags);
    if config.feeds {
        claim("/atom.xml".into(), Origin::Generated("the site feed".into()), pages, &mut diags);
    }
    if config.search {
        claim("/search/".into(), Origin::Generated("the search page".into()), pages, &mut diags);
        claim(SEARCH_PATH.into(), Origin::Generated("the search index".into()), pages, &mut diags);
    }
    for s in &site.sections {
        for pager in taxonomy::paginate(&s.path, s.pages.len(), s.meta.paginate.unwrap_or(config.paginate)) {
            claim(pager.path, Origin::Generated(format!("the section list of content/{}/", s.name)), pages, &mut diags);
        }
    }
    for t in &site.taxonomies {
        claim(t.path.clone(), Origin::Generated(format!("the {} index", t.name)), pages, &mut diags);
        for term in &t.terms {
            for pager in taxonomy::paginate(&term.path, term.pages.len(), config.paginate) {
                claim(
                    pager.path,
                    Origin::Generated(format!("the {} page of {}", t.name, term.name)),
                    pages,
                    &mut diags,
                );
            }
            if config.feeds {
                claim(
                    format!("{}atom.xml", term.path),
                    Origin::Generated(format!("the feed of {}", term.name)),
                    pages,
                    &mut diags,
                );
            }
        }
    }
    for (i, p) in pages.iter().enumerate() {
        claim(p.path.clone(), Origin::Page(i), pages, &mut diags);
    }
    // aliases
    let mut aliases = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        for alias in &p.meta.aliases {
            match normalize_alias(alias) {
                Some(a) => {
                    claim(a.clone(), Origin::Page(i), pages, &mut diags);
                    aliases.push((a, p.path.clone()));
                }
                None => {
                    let range = p.meta.spans.get("aliases").cloned().unwrap_or(0..3);
                    diags.push(
                        Diagnostic::error(Code::InvalidSlug, format!("invalid alias `{alias}`"))
                            .with_span(&p.source, range)
                            .with_label(
                                "an alias is a path on this site, starting with `/`, without `..` or hidden names",
                            )
                            .with_help("write the old URL's path, e.g. `aliases: [\"/old/2020/report-123.html\"]`"),
                    );
                }
            }
        }
    }
    site.aliases = aliases;
    // content assets: bundle files go beside their page
    let bundles: HashMap<&str, &str> =
        pages.iter().filter_map(|p| p.bundle.as_deref().map(|b| (b, p.path.as_str()))).collect();
    let mut asset_outputs = Vec::new();
    for (ai, asset) in site.tree.content_assets.iter().enumerate() {
        if let Some(why) = &asset.active {
            diags.push(
                Diagnostic::error(Code::UnsafeMarkup, format!("refusing to publish content/{}: {why}", asset.rel))
                    .with_file(PathBuf::from("content").join(&asset.rel))
                    .with_help(
                        "attach a PDF or an image instead; if every editor is trusted with script, set \
                         `markdown.unsafe_html: true`",
                    ),
            );
        }
        let out = asset_output_path(&asset.rel, &bundles, config);
        // `x/index.html` is the file of the URL `x/`: a page or index there is a duplicate
        // (test security::a_content_file_cannot_replace_a_page)
        let url = out.strip_suffix("index.html").filter(|dir| dir.ends_with('/')).unwrap_or(&out).to_string();
        claim(url, Origin::File(PathBuf::from("content").join(&asset.rel)), pages, &mut diags);
        asset_outputs.push((out, ai));
    }
    for asset in &site.tree.static_files {
        let out = format!("/{}", asset.rel);
        // a site static file may replace a generated one (css/syntax.css, robots.txt) on purpose;
        // a page, an alias or a content file on its path would race it for the file
        // (test `security::an_alias_cannot_replace_a_theme_file`)
        match outputs.get(&out) {
            None | Some(Origin::Generated(_)) => {
                outputs.insert(out, Origin::File(asset.path.clone()));
            }
            Some(existing) => {
                let shown = diag::display_path(&config.root, &asset.path);
                let d = Diagnostic::error(Code::DuplicateUrl, format!("two files claim the URL {out}"))
                    .with_note(format!("claimed by {}", existing.describe(pages)))
                    .with_note(format!("and by {}", shown.display()))
                    .with_help("rename one of them, or give the page a different alias");
                diags.push(match existing {
                    Origin::Page(i) => d.with_span(&pages[*i].source, 0..3),
                    _ => d.with_file(shown),
                });
            }
        }
    }
    site.asset_outputs = asset_outputs;
    site.outputs = outputs;
    diags
}

/// The longest URL segment, in bytes: a file name may have 255 on common filesystems, and an
/// index or feed file name is added to a term's folder, not to its name.
const MAX_SEGMENT_BYTES: usize = 240;

/// The folder of the search index in the output.
const SEARCH_PATH: &str = "/pagefind/";

/// Where a content asset goes: beside its bundle's page, else under its slugged folder.
fn asset_output_path(rel: &str, bundles: &HashMap<&str, &str>, config: &Config) -> String {
    let mut dir = rel;
    while let Some((parent, _)) = dir.rsplit_once('/') {
        if let Some(page_path) = bundles.get(parent) {
            return format!("{page_path}{}", &rel[parent.len() + 1..]);
        }
        dir = parent;
    }
    let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let mut out = String::from("/");
    for seg in folder.split('/').filter(|s| !s.is_empty()) {
        out.push_str(&model::segment_slug(seg, config.slugify));
        out.push('/');
    }
    out.push_str(name);
    out
}

/// An alias as a site path, or `None` when it is not a safe one.
fn normalize_alias(alias: &str) -> Option<String> {
    let a = alias.trim();
    let a = match a.find("://") {
        // a full URL of the old site: keep its path
        Some(i) => &a[i + 3..][a[i + 3..].find('/')?..],
        None => a,
    };
    if !a.starts_with('/') || a.contains('\\') || a.contains(['?', '#']) || a.chars().any(char::is_control) {
        return None;
    }
    // hidden names are not published (and `/.gazette-output` would replace the output's marker)
    if a.split('/').any(|seg| seg.starts_with('.')) || a == "/" {
        return None;
    }
    // As the URL of the file it becomes: `/a/index.html` and `/a` are written as `a/index.html`,
    // the file of `/a/`, so an alias onto a page or an index is a duplicate URL, not a silent
    // overwrite (test security::an_alias_cannot_replace_a_page).
    let a = a.strip_suffix("index.html").filter(|dir| dir.ends_with('/')).unwrap_or(a);
    let last = a.rsplit('/').next().unwrap_or("");
    Some(if a.ends_with('/') || last.contains('.') { a.to_string() } else { format!("{a}/") })
}

/// Attachments and covers must exist in the page's bundle.
fn check_files(site: &Site) -> Vec<Diagnostic> {
    let assets: HashSet<&str> = site.tree.content_assets.iter().map(|a| a.rel.as_str()).collect();
    let mut diags = Vec::new();
    for p in &site.pages {
        let mut wanted: Vec<(&str, &str)> =
            p.meta.attachments.iter().map(|a| (a.file.as_str(), "attachments")).collect();
        if let Some(c) = &p.meta.cover
            && !c.contains("://")
            && !c.starts_with('/')
        {
            wanted.push((c.as_str(), "cover"));
        }
        for (file, field) in wanted {
            let bad_path = file.split(['/', '\\']).any(|s| s == "..") || file.starts_with('/');
            let rel = match &p.bundle {
                Some(b) => format!("{b}/{file}"),
                None => match p.rel.rsplit_once('/') {
                    Some((dir, _)) => format!("{dir}/{file}"),
                    None => file.to_string(),
                },
            };
            if bad_path || !assets.contains(rel.as_str()) || (p.bundle.is_none() && field == "attachments") {
                let range = p.meta.spans.get(field).cloned().unwrap_or(0..3);
                let help = if p.bundle.is_none() {
                    "make the page a bundle: move it to a folder as index.md and put the file beside it".to_string()
                } else if bad_path {
                    "name a file inside the page's folder, without `..`".to_string()
                } else {
                    format!("put {file} in content/{}/", p.bundle.as_deref().unwrap_or(""))
                };
                diags.push(
                    Diagnostic::error(
                        Code::MissingFile,
                        format!("`{field}` names a file that is not in the page's folder: {file}"),
                    )
                    .with_span(&p.source, range)
                    .with_label("no such file beside the page")
                    .with_help(help),
                );
            }
        }
    }
    diags
}

/// Every internal link and `#anchor` in Markdown must resolve to something the site outputs.
fn check_links(site: &Site) -> Vec<Diagnostic> {
    let rendered_of = |path: &str| -> Option<&Rendered> {
        match site.outputs.get(path) {
            Some(Origin::Page(i)) => Some(&site.pages[*i].rendered),
            _ => None,
        }
    };
    // a page that failed is there, with errors of its own: a link to it is not broken
    let failed: HashSet<&str> = site.failed.iter().map(|f| f.path.as_str()).collect();
    let pages = site.pages.iter().map(|p| (&p.source, p.path.as_str(), &p.rendered));
    let failed_pages = site.failed.iter().map(|f| (&f.source, f.path.as_str(), &f.rendered));
    let all: Vec<(&Source, &str, &Rendered)> = pages.chain(failed_pages).collect();
    all.par_iter()
        .flat_map_iter(|&(source, page_path, rendered)| {
            let mut diags = Vec::new();
            for link in &rendered.links {
                let Some((path, fragment)) = resolve_link(page_path, &link.dest) else { continue };
                let target =
                    if path.is_empty() { Some(page_path.to_string()) } else { find_output(&site.outputs, &path) };
                let what = if link.is_image { "image" } else { "link" };
                let to_failed = failed.contains(path.as_str()) || failed.contains(format!("{path}/").as_str());
                match target {
                    None if to_failed => {}
                    None => diags.push(
                        Diagnostic::error(Code::BrokenLink, format!("broken {what}: {} does not exist", link.dest))
                            .with_span(source, link.range.clone())
                            .with_label(format!("no page or file at {path}"))
                            .with_help(suggest_path(site, &path)),
                    ),
                    Some(target) => {
                        if let Some(fragment) = fragment
                            && let Some(rendered) = rendered_of(&target)
                            && !rendered.anchors.iter().any(|a| a == &fragment)
                        {
                            let known = rendered.anchors.iter().map(String::as_str);
                            // `#基本评价` names a heading of the other page by its text
                            let by_text = markdown::heading_id_for_text(&rendered.toc, &fragment);
                            let help = match (by_text, diag::suggest(&fragment, known)) {
                                (Some(id), _) => {
                                    format!("the heading `{fragment}` has the id `#{id}`: link to {target}#{id}")
                                }
                                (None, Some(s)) => format!("did you mean `#{s}`?"),
                                (None, None) => "a heading's id is made from its text as the site's slugs are \
                                                 (`slugify:`), shown in the table of contents; or set one with \
                                                 `## 标题 {#id}`"
                                    .into(),
                            };
                            diags.push(
                                Diagnostic::error(
                                    Code::BrokenAnchor,
                                    format!("broken anchor: #{fragment} is not on {target}"),
                                )
                                .with_span(source, link.range.clone())
                                .with_label("no heading or footnote with this id")
                                .with_help(help),
                            );
                        }
                    }
                }
            }
            diags
        })
        .collect()
}

fn suggest_path(site: &Site, path: &str) -> String {
    match diag::suggest(path, site.outputs.keys().map(String::as_str)) {
        Some(s) => format!("did you mean {s}?"),
        None => "check the path; links to pages end with `/`".into(),
    }
}

/// An output path for a link target, accepting `x/index.html` and a missing trailing slash.
pub(crate) fn find_output(outputs: &BTreeMap<String, Origin>, path: &str) -> Option<String> {
    if outputs.contains_key(path) {
        return Some(path.to_string());
    }
    if let Some(dir) = path.strip_suffix("index.html")
        && outputs.contains_key(dir)
    {
        return Some(dir.to_string());
    }
    let with_slash = format!("{path}/");
    outputs.contains_key(&with_slash).then_some(with_slash)
}

/// Resolves a link against the page's path: `(site path, fragment)`, or `None` for external
/// links. An empty path means the page itself.
pub(crate) fn resolve_link(page_path: &str, dest: &str) -> Option<(String, Option<String>)> {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with("//") {
        return None;
    }
    // a scheme (https:, mailto:, tel:) before any `/`, `?` or `#`
    if let Some(colon) = dest.find(':')
        && !dest[..colon].contains(['/', '?', '#'])
    {
        return None;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some((String::new(), fragment));
    }
    let path = percent_decode(path);
    let joined = if path.starts_with('/') { path } else { format!("{page_path}{path}") };
    let mut segments: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = format!("/{}", segments.join("/"));
    if joined.ends_with('/') && out != "/" {
        out.push('/');
    }
    Some((out, fragment))
}

pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One thing to render or copy.
enum Job<'s> {
    Page(usize),
    Section(&'s Section, Pager),
    TaxonomyList(&'s Taxonomy),
    Term(&'s Taxonomy, &'s taxonomy::Term, Pager),
    TermFeed(&'s taxonomy::Term),
    Home,
    NotFound,
    Alias(&'s str, &'s str),
    SiteFeed,
    Sitemap,
    Robots,
    HighlightCss,
    /// The search page, `/search/` (its index is written after the pages: `crate::search`).
    Search,
    CopyAsset(&'s str, &'s Asset),
}

/// Renders and writes the whole site into `target`. With a cache, an output whose inputs have
/// the same fingerprint as in the last build is neither rendered nor written.
fn write_site(
    config: &Config,
    site: &Site,
    target: Target<'_>,
    cache: Option<&mut BuildCache>,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<BuildReport, BuildFailure> {
    let mut timer = Timer::start();
    let sizes = render::asset_sizes(site);
    let cached_summary = |fingerprint: u64, version: u64| {
        cache.as_deref().filter(|c| c.site_fingerprint == fingerprint).and_then(|c| c.summaries.get(&version).cloned())
    };
    let renderer = Renderer::for_site(config, site, &sizes, &cached_summary)?;
    let site_fp = renderer.fingerprint();
    timer.lap("templates and shared values");

    let mut jobs: Vec<Job<'_>> = Vec::new();
    jobs.extend((0..site.pages.len()).map(Job::Page));
    let mut index_pages = 1; // home
    for s in &site.sections {
        for pager in taxonomy::paginate(&s.path, s.pages.len(), s.meta.paginate.unwrap_or(config.paginate)) {
            jobs.push(Job::Section(s, pager));
            index_pages += 1;
        }
    }
    for t in &site.taxonomies {
        jobs.push(Job::TaxonomyList(t));
        index_pages += 1;
        for term in &t.terms {
            for pager in taxonomy::paginate(&term.path, term.pages.len(), config.paginate) {
                jobs.push(Job::Term(t, term, pager));
                index_pages += 1;
            }
            if config.feeds {
                jobs.push(Job::TermFeed(term));
            }
        }
    }
    jobs.extend([Job::Home, Job::NotFound, Job::Sitemap, Job::Robots, Job::HighlightCss]);
    if config.feeds {
        jobs.push(Job::SiteFeed);
    }
    if config.search {
        jobs.push(Job::Search);
    }
    jobs.extend(site.aliases.iter().map(|(a, t)| Job::Alias(a, t)));
    for (out, ai) in &site.asset_outputs {
        jobs.push(Job::CopyAsset(out.trim_start_matches('/'), &site.tree.content_assets[*ai]));
    }
    for asset in &site.tree.static_files {
        jobs.push(Job::CopyAsset(&asset.rel, asset));
    }

    let all_pages_by_date: Vec<usize> = {
        let mut v: Vec<usize> = (0..site.pages.len()).filter(|&i| site.pages[i].section.is_some()).collect();
        model::sort_pages(&site.pages, &mut v, front_matter::SortBy::Date);
        v
    };
    let sitemap_entries = sitemap_entries(site);
    let static_paths: HashSet<&str> = site.tree.static_files.iter().map(|a| a.rel.as_str()).collect();

    let staging = match target {
        Target::Staging(output) => Some(output::Staging::create(output)?),
        Target::InPlace(dir) => {
            crate::fs::create_dir_all(dir).map_err(|e| Diagnostic::error(Code::Io, e.to_string()))?;
            None
        }
    };
    let previous: Option<&HashMap<String, OutputRecord>> = cache.as_deref().map(|c| &c.outputs);
    let version = |i: usize| site.pages[i].version;
    let versions = |items: &[usize]| {
        let mut h = std::hash::DefaultHasher::new();
        items.iter().for_each(|&i| version(i).hash(&mut h));
        h.finish()
    };
    // What an output depends on: the site fingerprint plus what this output shows. An output
    // whose fingerprint equals the last build's is neither rendered nor written.
    let fingerprint_of = |job: &Job<'_>| -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        site_fp.hash(&mut h);
        match job {
            Job::Page(i) => {
                let p = &site.pages[*i];
                version(*i).hash(&mut h);
                // previous/next titles and URLs, and attachment sizes, show on the page
                let (prev, next) = renderer.neighbours(*i);
                (prev.map(version), next.map(version)).hash(&mut h);
                for a in &p.meta.attachments {
                    let rel = format!("{}/{}", p.bundle.as_deref().unwrap_or(""), a.file);
                    sizes.get(&rel).hash(&mut h);
                }
            }
            Job::Section(s, pager) => {
                (&s.name, pager.number, pager.total_pages, s.pages.len()).hash(&mut h);
                versions(&s.pages[pager.range.clone()]).hash(&mut h);
            }
            Job::Term(t, term, pager) => {
                (&t.name, &term.name, pager.number, pager.total_pages, term.pages.len()).hash(&mut h);
                versions(&term.pages[pager.range.clone()]).hash(&mut h);
            }
            Job::TaxonomyList(t) => {
                t.name.hash(&mut h);
                t.terms.iter().for_each(|term| (&term.name, term.pages.len()).hash(&mut h));
            }
            Job::Home => {
                for s in &site.sections {
                    versions(&s.pages[..s.pages.len().min(render::HOME_PER_SECTION)]).hash(&mut h);
                }
                for t in &site.taxonomies {
                    t.terms.iter().for_each(|term| (&term.name, term.pages.len()).hash(&mut h));
                }
            }
            Job::Alias(a, target) => (a, target).hash(&mut h),
            Job::NotFound => 404.hash(&mut h),
            Job::CopyAsset(rel, asset) => (rel, &asset.path, asset.stamp).hash(&mut h),
            Job::TermFeed(term) => {
                ("feed", &term.path).hash(&mut h);
                versions(&render::feed_items(&site.pages, &term.pages)).hash(&mut h);
            }
            Job::SiteFeed => {
                "atom".hash(&mut h);
                versions(&render::feed_items(&site.pages, &all_pages_by_date)).hash(&mut h);
            }
            Job::Sitemap => {
                "sitemap".hash(&mut h);
                sitemap_entries.hash(&mut h);
            }
            // these depend on the site values alone
            Job::Robots => "robots".hash(&mut h),
            Job::HighlightCss => "syntax.css".hash(&mut h),
            Job::Search => "search".hash(&mut h),
        }
        h.finish()
    };

    if let Some(bar) = progress {
        bar.set_length(jobs.len() as u64);
    }
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    let written = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Result<(String, OutputRecord), Diagnostic>> = jobs
        .par_iter()
        .filter_map(|job| {
            if let Some(bar) = progress {
                bar.inc(1);
            }
            let fp = fingerprint_of(job);
            let result = (|| -> Result<Option<(String, OutputRecord)>, Diagnostic> {
                // unchanged since the last build: keep the file as it is
                let path = output_path_of(job, site);
                if let Some(&(input, bytes)) = previous.and_then(|p| p.get(&path))
                    && input == fp
                {
                    return Ok(Some((path, (fp, bytes))));
                }
                if let Job::CopyAsset(rel, asset) = job {
                    written.fetch_add(1, Ordering::Relaxed);
                    match (&staging, asset.embedded) {
                        (Some(st), Some(bytes)) => st.write(rel, bytes)?,
                        (Some(st), None) => st.copy(rel, &asset.path)?,
                        (None, Some(bytes)) => output::write_in_place(target_dir(target), rel, bytes)?,
                        (None, None) => output::copy_in_place(target_dir(target), rel, &asset.path)?,
                    }
                    return Ok(Some((path, (fp, fp))));
                }
                rendered.fetch_add(1, Ordering::Relaxed);
                let file: OutputFile = match job {
                    Job::Page(i) => renderer.render_page(*i)?,
                    Job::Section(s, pager) => renderer.render_section(s, pager)?,
                    Job::TaxonomyList(t) => renderer.render_taxonomy_list(t)?,
                    Job::Term(t, term, pager) => renderer.render_term(t, term, pager)?,
                    Job::TermFeed(term) => {
                        let title = format!("{} · {}", config.title, term.name);
                        renderer.render_feed(
                            &format!("{}atom.xml", term.path),
                            &title,
                            &term.path,
                            &term.pages,
                            Some(&term.name),
                        )
                    }
                    Job::Home => renderer.render_home()?,
                    Job::NotFound => renderer.render_404()?,
                    Job::Alias(alias, target) => renderer.render_alias(alias, target)?,
                    Job::SiteFeed => renderer.render_feed("/atom.xml", &config.title, "/", &all_pages_by_date, None),
                    Job::Sitemap => render::render_sitemap(&renderer, &sitemap_entries),
                    Job::Robots => OutputFile {
                        path: "robots.txt".into(),
                        bytes: format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", config.base_url)
                            .into_bytes(),
                    },
                    Job::HighlightCss => {
                        OutputFile { path: "css/syntax.css".into(), bytes: markdown::highlight_css().into_bytes() }
                    }
                    Job::Search => renderer.render_search()?,
                    Job::CopyAsset(..) => unreachable!("copied above"),
                };
                // a site's own static file replaces a generated one of the same name
                if static_paths.contains(file.path.as_str()) {
                    return Ok(None);
                }
                // written only when its bytes changed (hashed only when there is a last build)
                let bytes_hash = match previous {
                    Some(_) => {
                        let mut h = std::hash::DefaultHasher::new();
                        file.bytes.hash(&mut h);
                        h.finish()
                    }
                    None => 0,
                };
                let record = (fp, bytes_hash);
                if previous.and_then(|p| p.get(&file.path)).is_some_and(|(_, bytes)| *bytes == bytes_hash) {
                    return Ok(Some((file.path, record)));
                }
                written.fetch_add(1, Ordering::Relaxed);
                match &staging {
                    Some(st) => st.write(&file.path, &file.bytes)?,
                    None => output::write_in_place(target_dir(target), &file.path, &file.bytes)?,
                }
                Ok(Some((file.path, record)))
            })();
            result.transpose()
        })
        .collect();
    timer.lap("render and write");
    let mut errors = Vec::new();
    let mut outputs: HashMap<String, OutputRecord> = HashMap::with_capacity(results.len());
    for r in results {
        match r {
            Ok((path, record)) => {
                outputs.insert(path, record);
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(BuildFailure { diagnostics: sorted(errors) });
    }
    // The search index, from the pages (not their HTML), before the site is swapped into place.
    // In place (`serve`), the caller refreshes it afterwards with `refresh_search`, so that a
    // reload never waits for the index.
    let records = config.search.then(|| crate::search::records(config, site, cache.as_deref().map(|c| &c.search)));
    let search = match (&staging, &records) {
        (Some(st), Some(records)) => {
            let cache = config.root.join(crate::search::CACHE_DIR);
            let bundle = st.dir().join(crate::search::BUNDLE_DIR);
            Some(crate::search::write_bundle(config, records, &bundle, Some(&cache))?)
        }
        _ => None,
    };
    let mut removed = 0;
    timer.lap("search index");
    let mut notes = Vec::new();
    match (staging, target) {
        (Some(st), _) => {
            let kept = st.commit(site.pages.iter().filter(|p| p.meta.draft).count())?;
            if !kept.is_empty() {
                notes.push(format!(
                    "kept what was put into {} by hand, not by Gazette: {}",
                    target_dir(target).display(),
                    kept.join(", ")
                ));
            }
        }
        (None, Target::InPlace(dir)) => {
            // files of the last build that this one no longer produces
            if let Some(prev) = previous {
                let stale: Vec<&String> = prev.keys().filter(|p| !outputs.contains_key(*p)).collect();
                removed = stale.len();
                output::remove_in_place(dir, &stale)?;
            }
            output::mark(dir)?;
        }
        (None, Target::Staging(_)) => unreachable!("a staging target always has a staging folder"),
    }
    let files = outputs.len() + 1 + search.as_ref().map_or(0, |s| s.files);
    let drafts = site.pages.iter().filter(|p| p.meta.draft).count();
    if let Some(c) = cache {
        c.site_fingerprint = site_fp;
        c.summaries = site.pages.iter().map(|p| p.version).zip(renderer.summaries().iter().cloned()).collect();
        let stamps: HashMap<&str, Stamp> = site.tree.pages.iter().map(|f| (f.rel.as_str(), f.stamp)).collect();
        c.pages = site
            .pages
            .iter()
            .map(|p| (p.rel.clone(), (stamps.get(p.rel.as_str()).copied().unwrap_or_default(), Arc::clone(p))))
            .collect();
        c.outputs = outputs;
        c.search = records.unwrap_or_default();
    }
    Ok(BuildReport {
        pages: site.pages.len(),
        drafts,
        index_pages,
        files,
        elapsed: Duration::ZERO,
        warnings: search.as_ref().map(|s| s.warnings.clone()).unwrap_or_default(),
        output: target_dir(target).to_path_buf(),
        rendered: rendered.into_inner(),
        written: written.into_inner() + removed,
        search,
        up_to_date: false,
        notes,
    })
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
            eprintln!("{:>9.1} ms  {what}", self.last.elapsed().as_secs_f64() * 1000.0);
        }
        self.last = Instant::now();
    }
}

fn target_dir<'a>(target: Target<'a>) -> &'a Path {
    match target {
        Target::Staging(p) | Target::InPlace(p) => p,
    }
}

/// The output file of a rendered job, known before rendering (for skipping unchanged ones).
fn output_path_of(job: &Job<'_>, site: &Site) -> String {
    match job {
        Job::Page(i) => render::index_file(&site.pages[*i].path),
        Job::Section(_, pager) | Job::Term(_, _, pager) => render::index_file(&pager.path),
        Job::TaxonomyList(t) => render::index_file(&t.path),
        Job::Home => "index.html".into(),
        Job::NotFound => "404.html".into(),
        Job::Alias(alias, _) => render::alias_file(alias),
        Job::TermFeed(term) => format!("{}atom.xml", term.path.trim_start_matches('/')),
        Job::SiteFeed => "atom.xml".into(),
        Job::Sitemap => "sitemap.xml".into(),
        Job::Robots => "robots.txt".into(),
        Job::HighlightCss => "css/syntax.css".into(),
        Job::Search => "search/index.html".into(),
        Job::CopyAsset(rel, _) => rel.to_string(),
    }
}

/// Every page and first list page for the sitemap; drafts (in a `--drafts` build) are not
/// listed, nor do their dates count.
fn sitemap_entries(site: &Site) -> Vec<(String, Option<Date>)> {
    let published = |i: usize| !site.pages[i].meta.draft;
    let newest = |idx: &[usize]| {
        idx.iter().filter(|&&i| published(i)).filter_map(|&i| site.pages[i].meta.updated.or(site.pages[i].date)).max()
    };
    let mut entries: Vec<(String, Option<Date>)> = Vec::new();
    let all: Vec<usize> = (0..site.pages.len()).collect();
    entries.push(("/".into(), newest(&all)));
    for s in &site.sections {
        entries.push((s.path.clone(), newest(&s.pages)));
    }
    for t in &site.taxonomies {
        entries.push((t.path.clone(), None));
        for term in &t.terms {
            entries.push((term.path.clone(), newest(&term.pages)));
        }
    }
    for p in site.pages.iter().filter(|p| !p.meta.draft) {
        entries.push((p.path.clone(), p.meta.updated.or(p.date)));
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_the_page() {
        let r = |d: &str| resolve_link("/reports/2024/a/", d);
        assert_eq!(r("/reports/b/"), Some(("/reports/b/".into(), None)));
        assert_eq!(r("photo.jpg"), Some(("/reports/2024/a/photo.jpg".into(), None)));
        assert_eq!(r("../b/#x"), Some(("/reports/2024/b/".into(), Some("x".into()))));
        assert_eq!(r("#san-cun-zai"), Some((String::new(), Some("san-cun-zai".into()))));
        assert_eq!(r("https://e.org/"), None);
        assert_eq!(r("mailto:a@b.c"), None);
        assert_eq!(r("//cdn.example/x.js"), None);
        assert_eq!(r("/%E7%94%9F/"), Some(("/生/".into(), None)));
        assert_eq!(r("../../../../x"), Some(("/x".into(), None)));
    }

    #[test]
    fn aliases_are_site_paths() {
        assert_eq!(normalize_alias("/old/2020/report-123.html").as_deref(), Some("/old/2020/report-123.html"));
        assert_eq!(normalize_alias("https://old.example.gov.cn/a/b.html").as_deref(), Some("/a/b.html"));
        assert_eq!(normalize_alias("/old/../../etc/passwd"), None);
        assert_eq!(normalize_alias("old.html"), None);
        assert_eq!(normalize_alias("/"), None);
        assert_eq!(normalize_alias("/old/a").as_deref(), Some("/old/a/"));
        assert_eq!(normalize_alias("/old/a/index.html").as_deref(), Some("/old/a/"));
        assert_eq!(normalize_alias("/index.html").as_deref(), Some("/"));
    }

    #[test]
    fn assets_follow_their_bundle() {
        let cfg = Config::parse(Path::new("/s"), "title: a\nbase_url: https://e.org/\n", &Default::default()).unwrap();
        let bundles: HashMap<&str, &str> = [("news/2023/2023-03-15-visit", "/news/2023/visit/")].into_iter().collect();
        assert_eq!(
            asset_output_path("news/2023/2023-03-15-visit/cover.jpg", &bundles, &cfg),
            "/news/2023/visit/cover.jpg"
        );
        assert_eq!(
            asset_output_path("news/2023/2023-03-15-visit/img/a.png", &bundles, &cfg),
            "/news/2023/visit/img/a.png"
        );
        assert_eq!(asset_output_path("reports/图片/a.png", &bundles, &cfg), "/reports/tu-pian/a.png");
    }
}
