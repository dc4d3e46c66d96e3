//! The output plan: every file the build writes, computed once while loading.
//!
//! In: the loaded pages, sections, taxonomies and files. Out: a [`Plan`] (each output's URL, its
//! file in the output folder, its origin, and the [`Job`] that renders or copies it) and the
//! diagnostics of URLs that two origins claim, that are too long for a file name, that are not
//! safe aliases, or that fall inside the search index's folder.
//! Never: renders, reads or writes anything. The writer, the dry render of `check`, the
//! sitemap, the incremental rebuild of `serve` and the link checks all read this plan rather
//! than list the outputs again (test `pipeline::the_plan_is_every_output`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::diag::{self, Code, Diagnostic, Diagnostics};
use crate::pipeline::Site;
use crate::pipeline::front_matter::{Date, SectionKind};
use crate::pipeline::meeting::MEETINGS_URL;
use crate::pipeline::model;
use crate::pipeline::model::Page;
use crate::pipeline::taxonomy::{self, Pager};

/// Every output of the site, in a fixed order: generated files, lists, pages, aliases, files.
#[derive(Debug, Default)]
pub struct Plan {
    pub outputs: Vec<PlannedOutput>,
    /// URL → the output served there (a site's static file over a generated one).
    by_url: BTreeMap<String, usize>,
    /// The derived images of each original, by the original's URL ([`crate::images::plan`]).
    pub images: BTreeMap<String, crate::images::plan::ImageSet>,
}

/// One output: where it is served, which file holds it, what produces it and how.
#[derive(Debug)]
pub struct PlannedOutput {
    /// The URL path: `/reports/x/`, `/atom.xml`.
    pub url: String,
    /// The file in the output folder: `reports/x/index.html`, `atom.xml` (the search index's
    /// folder: `pagefind`).
    pub file: String,
    pub origin: Origin,
    pub job: Job,
    /// A file of the site's `static/` takes this output's file (it replaces `robots.txt` or
    /// `css/syntax.css` on purpose): it is not rendered, but its URL is still served.
    pub shadowed: bool,
}

impl PlannedOutput {
    /// Its render job, when it is rendered.
    pub fn render_job(&self) -> Option<&RenderJob> {
        match &self.job {
            Job::Render(job) => Some(job),
            Job::Copy(_) | Job::SearchIndex | Job::Image(_) | Job::Original(_) => None,
        }
    }
}

/// What produces an output path.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    Page(usize),
    Generated(String),
    File(PathBuf),
}

/// How an output is made.
#[derive(Clone, Debug, PartialEq)]
pub enum Job {
    /// Rendered in memory, then written.
    Render(RenderJob),
    /// A file copied as it is.
    Copy(AssetRef),
    /// The search index's folder, written by the search stage after the pages.
    SearchIndex,
    /// A derived image: resized, re-encoded, without metadata ([`crate::images`]); made into
    /// `.gazette-cache/images/` by the image stage, then copied. Not in the sitemap.
    Image(Box<crate::images::DerivedImage>),
    /// An original image that pages only show through its derived images: its URL resolves
    /// links and images, but it is not written (`images.publish_originals: false`).
    Original(AssetRef),
}

/// An output rendered in memory. Indices point into the site's pages, sections and taxonomies.
/// What each one reads is declared beside its render function (`Renderer::render` and
/// `Renderer::inputs`, side by side in `render.rs`), so its fingerprint follows what it shows.
#[derive(Clone, Debug, PartialEq)]
pub enum RenderJob {
    Page(usize),
    Section {
        section: usize,
        pager: Pager,
    },
    TaxonomyList(usize),
    Term {
        taxonomy: usize,
        term: usize,
        pager: Pager,
    },
    TermFeed {
        taxonomy: usize,
        term: usize,
    },
    Home,
    NotFound,
    /// A redirect from the output's URL to a page.
    Alias {
        page: usize,
    },
    SiteFeed,
    Sitemap,
    Robots,
    HighlightCss,
    /// The search page, `/search/`.
    Search,
    /// `<collection>/print/`: the whole text of a collection's documents, in order, for printing
    /// (`site.sections[i]` is a collection or a bulletin issue).
    CollectionPrint(usize),
    /// `/meetings/`: the congress terms, newest first.
    MeetingIndex,
    /// `/meetings/<term>/`: one term's meetings (`site.meetings.terms[term]`).
    MeetingTerm(usize),
    /// One meeting's documents (`site.meetings.terms[term].meetings[meeting]`).
    Meeting {
        term: usize,
        meeting: usize,
    },
}

/// A file of the site: `site.tree.content_assets[i]` or `site.tree.static_files[i]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AssetRef {
    Content(usize),
    Static(usize),
}

impl RenderJob {
    /// A list page of the home, a section, a taxonomy or a term (what the summary counts as
    /// index pages).
    pub fn is_index(&self) -> bool {
        use RenderJob::*;
        matches!(
            self,
            Home | Section { .. } | TaxonomyList(_) | Term { .. } | MeetingIndex | MeetingTerm(_) | Meeting { .. }
        )
    }

    /// `Some(lastmod)` for an output the sitemap lists: every published page and the first page
    /// of every list; drafts (in a `--drafts` build) are not listed, nor do their dates count.
    pub fn sitemap_entry(&self, site: &Site) -> Option<Option<Date>> {
        let published = |i: usize| !site.pages[i].meta.draft;
        let newest = |idx: &mut dyn Iterator<Item = usize>| {
            idx.filter(|&i| published(i)).filter_map(|i| site.pages[i].meta.updated.or(site.pages[i].date)).max()
        };
        use RenderJob::*;
        match self {
            Home => Some(newest(&mut (0..site.pages.len()))),
            Section { section, pager } if pager.number == 1 => {
                Some(newest(&mut site.sections[*section].pages.iter().copied()))
            }
            TaxonomyList(_) => Some(None),
            Term { taxonomy, term, pager } if pager.number == 1 => {
                Some(newest(&mut site.taxonomies[*taxonomy].terms[*term].pages.iter().copied()))
            }
            CollectionPrint(_) => None,
            Page(i) if published(*i) => Some(site.pages[*i].meta.updated.or(site.pages[*i].date)),
            MeetingIndex => Some(None),
            MeetingTerm(t) => {
                Some(newest(&mut site.meetings.terms[*t].meetings.iter().flat_map(|m| m.pages.iter().copied())))
            }
            Meeting { term, meeting } => {
                Some(newest(&mut site.meetings.terms[*term].meetings[*meeting].pages.iter().copied()))
            }
            _ => None,
        }
    }
}

impl Plan {
    /// The output served at `url`.
    pub fn get(&self, url: &str) -> Option<&PlannedOutput> {
        self.by_url.get(url).map(|&i| &self.outputs[i])
    }

    /// Every URL the site serves, sorted.
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.by_url.keys().map(String::as_str)
    }

    /// The URLs of files (not pages or lists), sorted.
    pub fn file_urls(&self) -> impl Iterator<Item = &str> {
        self.by_url.iter().filter(|&(_, &i)| matches!(self.outputs[i].origin, Origin::File(_))).map(|(u, _)| u.as_str())
    }

    /// The URL a link target names, accepting `x/index.html` and a missing trailing slash.
    pub fn find(&self, path: &str) -> Option<String> {
        if self.by_url.contains_key(path) {
            return Some(path.to_string());
        }
        if let Some(dir) = path.strip_suffix("index.html")
            && self.by_url.contains_key(dir)
        {
            return Some(dir.to_string());
        }
        let with_slash = format!("{path}/");
        self.by_url.contains_key(&with_slash).then_some(with_slash)
    }

    /// The outputs the writer makes: all but those a static file shadows and originals not
    /// published.
    pub fn written(&self) -> impl Iterator<Item = &PlannedOutput> {
        self.outputs.iter().filter(|o| !o.shadowed && !matches!(o.job, Job::Original(_)))
    }

    /// The sitemap's entries, in plan order: `(URL, lastmod)`.
    pub fn sitemap_entries(&self, site: &Site) -> Vec<(String, Option<Date>)> {
        self.outputs
            .iter()
            .filter_map(|o| o.render_job()?.sitemap_entry(site).map(|date| (o.url.clone(), date)))
            .collect()
    }
}

/// The URL of the Atom feed of a list at `list` (`/` or a term's path): the one place it is
/// formatted.
pub fn feed_url(list: &str) -> String {
    format!("{list}atom.xml")
}

/// The file of a URL: `/x/` is `x/index.html`, `/a.xml` is `a.xml`.
pub fn file_of(url: &str) -> String {
    let rel = url.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() }
}

/// The URL of a file: `x/index.html` is the file of `/x/` (so a file there is a duplicate of a
/// page at `/x/`, test security::a_content_file_cannot_replace_a_page).
fn url_of(file: &str) -> String {
    let url = format!("/{}", file.trim_start_matches('/'));
    url.strip_suffix("index.html").filter(|dir| dir.ends_with('/')).map(str::to_string).unwrap_or(url)
}

/// The longest URL segment, in bytes: a file name may have 255 on common filesystems, and an
/// index or feed file name is added to a term's folder, not to its name.
const MAX_SEGMENT_BYTES: usize = 240;

/// The URL of the sitemap (robots.txt names it).
pub const SITEMAP_URL: &str = "/sitemap.xml";

/// The folder of the search index in the output.
pub const SEARCH_PATH: &str = "/pagefind/";

/// The print page of the collection at `path` (`/zhuanti/`): `/zhuanti/print/`.
pub fn collection_print_path(path: &str) -> String {
    format!("{path}print/")
}

/// Plans every output of `site`; two origins on one URL are an error naming both.
pub fn plan_outputs(config: &Config, site: &Site) -> (Plan, Diagnostics) {
    let mut p = Planner { config, pages: &site.pages, plan: Plan::default(), diags: Diagnostics::new() };
    // generated first, so a page that takes a generated URL is the one reported
    let generated = |what: &str| Origin::Generated(what.to_string());
    p.claim("/".into(), generated("the home page"), Job::Render(RenderJob::Home));
    p.claim("/404.html".into(), generated("the 404 page"), Job::Render(RenderJob::NotFound));
    p.claim(SITEMAP_URL.into(), generated("the sitemap"), Job::Render(RenderJob::Sitemap));
    p.claim("/robots.txt".into(), generated("robots.txt"), Job::Render(RenderJob::Robots));
    p.claim(
        "/css/syntax.css".into(),
        generated("the code highlighting stylesheet"),
        Job::Render(RenderJob::HighlightCss),
    );
    if config.feeds {
        p.claim(feed_url("/"), generated("the site feed"), Job::Render(RenderJob::SiteFeed));
    }
    if config.search {
        p.claim("/search/".into(), generated("the search page"), Job::Render(RenderJob::Search));
        p.claim(SEARCH_PATH.into(), generated("the search index"), Job::SearchIndex);
    }
    for (si, s) in site.sections.iter().enumerate() {
        // a collection is one page in the order given, and its whole text on a print page
        let per_page = match s.meta.kind {
            SectionKind::List => s.meta.paginate.unwrap_or(config.paginate),
            SectionKind::Collection | SectionKind::Bulletin => s.pages.len().max(1),
        };
        for pager in taxonomy::paginate(&s.path, s.pages.len(), per_page) {
            let origin = Origin::Generated(format!("the section list of content/{}/", s.name));
            p.claim(pager.path.clone(), origin, Job::Render(RenderJob::Section { section: si, pager }));
        }
        if s.meta.kind != SectionKind::List {
            let origin = Origin::Generated(format!("the print page of content/{}/", s.name));
            p.claim(collection_print_path(&s.path), origin, Job::Render(RenderJob::CollectionPrint(si)));
        }
    }
    for (ti, t) in site.taxonomies.iter().enumerate() {
        p.claim(
            t.path.clone(),
            Origin::Generated(format!("the {} index", t.name)),
            Job::Render(RenderJob::TaxonomyList(ti)),
        );
        for (ki, term) in t.terms.iter().enumerate() {
            for pager in taxonomy::paginate(&term.path, term.pages.len(), config.paginate) {
                let origin = Origin::Generated(format!("the {} page of {}", t.name, term.name));
                p.claim(pager.path.clone(), origin, Job::Render(RenderJob::Term { taxonomy: ti, term: ki, pager }));
            }
            if config.feeds {
                let origin = Origin::Generated(format!("the feed of {}", term.name));
                p.claim(feed_url(&term.path), origin, Job::Render(RenderJob::TermFeed { taxonomy: ti, term: ki }));
            }
        }
    }
    // meetings: only when some page's `meeting` parses
    if !site.meetings.terms.is_empty() {
        let origin = |what: String| Origin::Generated(what);
        p.claim(MEETINGS_URL.into(), origin("the meetings index".into()), Job::Render(RenderJob::MeetingIndex));
        for (ti, t) in site.meetings.terms.iter().enumerate() {
            let what = format!("the meetings of term {}", t.term);
            p.claim(t.path.clone(), origin(what), Job::Render(RenderJob::MeetingTerm(ti)));
            for (mi, m) in t.meetings.iter().enumerate() {
                let job = Job::Render(RenderJob::Meeting { term: ti, meeting: mi });
                p.claim(m.path.clone(), origin(format!("the page of {}", m.name)), job);
            }
        }
    }
    for (i, page) in site.pages.iter().enumerate() {
        p.claim(page.path.clone(), Origin::Page(i), Job::Render(RenderJob::Page(i)));
    }
    for (i, page) in site.pages.iter().enumerate() {
        for alias in &page.meta.aliases {
            match normalize_alias(alias) {
                Some(a) => p.claim(a, Origin::Page(i), Job::Render(RenderJob::Alias { page: i })),
                None => {
                    let range = page.meta.spans.get("aliases").cloned().unwrap_or(0..3);
                    p.diags.push(
                        Diagnostic::error(Code::InvalidSlug, format!("invalid alias `{alias}`"))
                            .with_span(&page.source, range)
                            .with_label(
                                "an alias is a path on this site, starting with `/`, without `..` or hidden names",
                            )
                            .with_help("write the old URL's path, e.g. `aliases: [\"/old/2020/report-123.html\"]`"),
                    );
                }
            }
        }
    }
    // content assets: bundle files go beside their page
    let bundles = model::bundle_paths(&site.pages);
    for (ai, asset) in site.tree.content_assets.iter().enumerate() {
        let shown = PathBuf::from("content").join(&asset.rel);
        if let Some(why) = &asset.active {
            p.diags.push(
                Diagnostic::error(Code::UnsafeMarkup, format!("refusing to publish content/{}: {why}", asset.rel))
                    .with_file(&shown)
                    .with_help(
                        "attach a PDF or an image instead; if every editor is trusted with script, set \
                         `markdown.unsafe_html: true`",
                    ),
            );
        }
        let url = url_of(&model::content_file_path(&asset.rel, &bundles, config.slugify));
        p.claim(url, Origin::File(shown), Job::Copy(AssetRef::Content(ai)));
    }
    for (si, asset) in site.tree.static_files.iter().enumerate() {
        p.place_static(url_of(&asset.rel), asset, Job::Copy(AssetRef::Static(si)));
    }
    // derived images of the files above, and which originals are not published
    let images = crate::images::plan::plan_images(config, site, &p.plan);
    for (url, asset, derived) in images.outputs {
        // one file's derived images are planned once, however many times the file is shown
        if p.plan.get(&url).is_some_and(|o| matches!(o.job, Job::Image(_))) {
            continue;
        }
        let origin = match asset {
            AssetRef::Content(i) => Origin::File(PathBuf::from("content").join(&site.tree.content_assets[i].rel)),
            AssetRef::Static(i) => Origin::File(site.tree.static_files[i].path.clone()),
        };
        p.claim(url, origin, Job::Image(Box::new(derived)));
    }
    for url in images.withheld {
        if let Some(&i) = p.plan.by_url.get(&url)
            && let Job::Copy(asset) = p.plan.outputs[i].job
        {
            p.plan.outputs[i].job = Job::Original(asset);
        }
    }
    p.plan.images = images.sets;
    (p.plan, p.diags)
}

struct Planner<'a> {
    config: &'a Config,
    pages: &'a [Arc<Page>],
    plan: Plan,
    diags: Diagnostics,
}

impl Planner<'_> {
    fn push(&mut self, url: String, origin: Origin, job: Job) {
        let file = match job {
            // a folder, not a page
            Job::SearchIndex => url.trim_matches('/').to_string(),
            _ => file_of(&url),
        };
        self.plan.by_url.insert(url.clone(), self.plan.outputs.len());
        self.plan.outputs.push(PlannedOutput { url, file, origin, job, shadowed: false });
    }

    /// Adds an output at `url`, or reports why it cannot be there.
    fn claim(&mut self, url: String, origin: Origin, job: Job) {
        let pages = self.pages;
        // the search index's folder is the search stage's alone: a section, alias or file there
        // would be overwritten by it, or mixed into it
        if self.config.search && url.starts_with(SEARCH_PATH) && url != SEARCH_PATH {
            let d = Diagnostic::error(
                Code::DuplicateUrl,
                format!("the URL {url} is inside {SEARCH_PATH}, which belongs to the search index"),
            )
            .with_note(format!("claimed by {}", origin.describe(pages)))
            .with_help("rename the folder, slug or alias");
            self.diags.push(origin.locate(d, pages));
            return;
        }
        // a file name longer than filesystems allow would fail at the write, naming only the output
        if let Some(long) = url.split('/').find(|seg| seg.len() > MAX_SEGMENT_BYTES) {
            let d = Diagnostic::error(
                Code::InvalidSlug,
                format!(
                    "a URL segment of {} bytes is longer than a file name may be ({MAX_SEGMENT_BYTES})",
                    long.len()
                ),
            )
            .with_note(format!("the URL of {}", origin.describe(pages)))
            .with_help("shorten the title, term or file name it comes from, or set a shorter `slug:`");
            self.diags.push(origin.locate(d, pages));
            return;
        }
        let Some(existing) = self.plan.get(&url).map(|o| &o.origin) else {
            return self.push(url, origin, job);
        };
        if *existing == origin {
            return;
        }
        let (first, second) = (existing.describe(pages), origin.describe(pages));
        let d = Diagnostic::error(Code::DuplicateUrl, format!("two files claim the URL {url}"))
            .with_note(format!("claimed by {first}"))
            .with_note(format!("and by {second}"))
            .with_help("rename one of them, or give one a different `slug:`");
        let d = match &origin {
            Origin::Page(_) => origin.locate(d, pages).with_label(format!("this page's URL is {url}")),
            _ => origin.locate(d, pages),
        };
        self.diags.push(d);
    }

    /// A site static file may replace a generated output (css/syntax.css, robots.txt) on
    /// purpose; a page, an alias or a content file on its URL would race it for the file
    /// (test `security::an_alias_cannot_replace_a_theme_file`).
    fn place_static(&mut self, url: String, asset: &crate::pipeline::discover::Asset, job: Job) {
        let origin = Origin::File(asset.path.clone());
        match self.plan.by_url.get(&url).copied() {
            None => self.push(url, origin, job),
            Some(i) if matches!(self.plan.outputs[i].origin, Origin::Generated(_)) => {
                self.plan.outputs[i].shadowed = true;
                self.push(url, origin, job);
            }
            Some(i) => {
                let pages = self.pages;
                let existing = &self.plan.outputs[i].origin;
                let shown = diag::display_path(&self.config.root, &asset.path);
                let d = Diagnostic::error(Code::DuplicateUrl, format!("two files claim the URL {url}"))
                    .with_note(format!("claimed by {}", existing.describe(pages)))
                    .with_note(format!("and by {}", shown.display()))
                    .with_help("rename one of them, or give the page a different alias");
                self.diags.push(match existing {
                    Origin::Page(i) => d.with_span(&pages[*i].source, 0..3),
                    _ => d.with_file(shown),
                });
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn files_and_urls() {
        for (url, file) in [
            ("/", "index.html"),
            ("/reports/x/", "reports/x/index.html"),
            ("/old/2020/report-123.html", "old/2020/report-123.html"),
            ("/topics/a/atom.xml", "topics/a/atom.xml"),
            ("/x/LICENSE", "x/LICENSE"),
        ] {
            assert_eq!(file_of(url), file, "{url}");
            assert_eq!(url_of(file), url, "{file}");
        }
        assert_eq!(feed_url("/"), "/atom.xml");
        assert_eq!(feed_url("/topics/a/"), "/topics/a/atom.xml");
    }
}
