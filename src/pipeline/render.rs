//! Templates: Tera with typed contexts, plus the XML files (feeds, sitemap) written directly.
//!
//! In: the site model (pages, sections, taxonomies) and the theme's templates and strings.
//! Out: rendered text for one output at a time. Site-wide values (`site`, `t`) go into Tera's
//! global context once per build; each page's summary is turned into a template value once and
//! shared by every list that shows it; a page's context carries only what that page needs.
//! A page's body is read from its file and turned into HTML when the page is rendered
//! (`Renderer::body`): no page's HTML is held longer than it takes to write it.
//! Never: writes the disk, reads it except a page's own file, or serialises the whole site
//! for one page.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::config::{Config, Language};
use crate::diag::{Code, Diagnostic, Source};
use crate::pipeline::Site;
use crate::pipeline::front_matter::{Date, Issue, SectionKind};
use crate::pipeline::markdown::TocEntry;
use crate::pipeline::meeting::{self, CongressTerm, MEETINGS_URL, MeetingGroup, MeetingKind};
use crate::pipeline::model::{self, Home, Page, Section};
use crate::pipeline::plan::{RenderJob, SITEMAP_URL, collection_print_path, feed_url};
use crate::pipeline::taxonomy::{Pager, Taxonomy, Term};
use crate::pipeline::{front_matter, markdown};
use crate::yaml;

/// How many pages the home page shows per section, and feeds hold.
pub const HOME_PER_SECTION: usize = 6;
/// The taxonomies whose terms the home page lists.
const HOME_TAXONOMIES: [&str; 3] = ["years", "topics", "types"];
pub const FEED_ENTRIES: usize = 20;

/// Everything templates and feeds read, built once per build.
pub struct Renderer<'a> {
    pub config: &'a Config,
    pub tera: Tera,
    site: &'a Site,
    pub pages: &'a [Arc<Page>],
    pub sections: &'a [Section],
    pub taxonomies: &'a [Taxonomy],
    pub home: &'a Home,
    /// Each page's summary as a template value, built once.
    summaries: Vec<Value>,
    /// Theme strings, for titles the renderer composes.
    strings: BTreeMap<String, String>,
    /// Bundle file sizes by content-relative path, for attachments.
    sizes: HashMap<String, u64>,
    /// Each bundle folder with its page's URL path, to link a page's files where they are
    /// published ([`model::content_file_path`]).
    bundles: HashMap<&'a str, &'a str>,
    /// `extra` of a page that has none.
    empty_extra: yaml::Value,
    /// Template texts by name, for code frames in render errors.
    sources: HashMap<String, Source>,
    fingerprint: u64,
    /// Each page's previous (older) and next (newer) page in its section.
    neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// The pages of every section, newest first: the site feed's list.
    by_date: Vec<usize>,
}

#[derive(Serialize, Clone)]
pub struct DateView {
    pub iso: String,
    pub display: String,
    pub rfc3339: String,
    pub year: i16,
    pub month: i8,
    pub day: i8,
}

#[derive(Serialize, Clone, Hash)]
struct TermRef {
    name: String,
    slug: String,
    url: String,
    permalink: String,
    count: usize,
}

/// A term as a page shows it: no count, so a page's output does not change when other pages
/// join the term (incremental rebuilds re-render less).
#[derive(Serialize, Clone)]
struct TermLink {
    name: String,
    slug: String,
    url: String,
    permalink: String,
}

#[derive(Serialize)]
struct SectionRef<'a> {
    name: &'a str,
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct CoverView {
    url: String,
    alt: String,
}

#[derive(Serialize)]
struct PageSummaryView<'a> {
    title: &'a str,
    url: String,
    permalink: String,
    date: Option<DateView>,
    updated: Option<DateView>,
    summary: &'a str,
    #[serde(rename = "type")]
    doc_type: Option<TermLink>,
    topics: Vec<TermLink>,
    year: Option<TermLink>,
    cover: Option<CoverView>,
    meeting: Option<&'a str>,
    /// The page of its meeting, when `meeting` is parsed (a function of the page alone).
    meeting_url: Option<String>,
    speaker: Option<&'a str>,
    speaker_title: Option<&'a str>,
    author: Option<&'a str>,
    doc_number: Option<&'a str>,
    section: Option<SectionRef<'a>>,
    reading_minutes: u32,
    weight: Option<i64>,
    /// Marked `draft: true` (only in a `--drafts` build): the theme marks it 草稿.
    draft: bool,
    extra: &'a yaml::Value,
}

#[derive(Serialize)]
struct AttachmentView {
    title: String,
    file: String,
    url: String,
    size: u64,
    size_display: String,
    ext: String,
}

/// One copy of each map key, of each longer string and of each small map of plain values in
/// the pages' summary values. A summary is some twenty keys, a dozen strings and a few small
/// maps, most of them the same in many pages (the keys, a term's link, a section, a date, an
/// office): built apart, the summaries of 10,000 reports took 73 MiB. Tera's values hold
/// strings, arrays and maps in `Arc`s, and a clone shares them, so one copy of each is kept.
#[derive(Default)]
struct SharedValues {
    keys: std::sync::Mutex<HashMap<Arc<str>, tera::value::Key<'static>>>,
    strings: std::sync::Mutex<HashMap<Arc<str>, Value>>,
    /// Small maps of plain values (a term's link, a date), by their entries written out.
    maps: std::sync::Mutex<HashMap<String, Value>>,
}

impl SharedValues {
    /// Strings this long or shorter are stored in the value itself (tera's `SmartString`).
    const INLINE: usize = 21;

    /// `value` with its keys and longer strings replaced by the shared copies.
    fn share(&self, value: Value) -> Value {
        if let Some(s) = value.as_str() {
            if s.len() <= Self::INLINE || value.is_safe() {
                return value;
            }
            let mut strings = self.strings.lock().unwrap_or_else(|e| e.into_inner());
            return match strings.get(s) {
                Some(shared) => shared.clone(),
                None => {
                    strings.insert(Arc::from(s), value.clone());
                    value
                }
            };
        }
        if let Some(items) = value.as_array() {
            return Value::from(items.iter().map(|v| self.share(v.clone())).collect::<Vec<_>>());
        }
        if let Some(map) = value.as_map() {
            let plain = |v: &Value| v.as_map().is_none() && v.as_array().is_none();
            let small = map.len() <= 8 && map.values().all(plain);
            let written = small.then(|| {
                let mut entries: Vec<String> =
                    map.iter().map(|(k, v)| format!("{k:?}\u{1}{:?}\u{1}{}\u{1}{v}", v.kind(), v.is_safe())).collect();
                entries.sort();
                entries.join("\u{2}")
            });
            if let Some(written) = &written
                && let Some(shared) = self.maps.lock().unwrap_or_else(|e| e.into_inner()).get(written)
            {
                return shared.clone();
            }
            let map = value.into_map().unwrap_or_default();
            let shared = Value::from(map.into_iter().map(|(k, v)| (self.key(k), self.share(v))).collect::<tera::Map>());
            if let Some(written) = written {
                self.maps.lock().unwrap_or_else(|e| e.into_inner()).insert(written, shared.clone());
            }
            return shared;
        }
        value
    }

    fn key(&self, key: tera::value::Key<'static>) -> tera::value::Key<'static> {
        let Some(s) = key.as_str() else { return key };
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        match keys.get(s) {
            Some(shared) => shared.clone(),
            None => {
                keys.insert(Arc::from(s), key.clone());
                key
            }
        }
    }
}

/// A neighbour as [`Renderer::page_reads`] reads it: title, path, date.
type NeighbourReads<'a> = (&'a str, &'a str, Option<Date>);

/// What a page shows besides its own file ([`Renderer::page_reads`]).
#[derive(Hash)]
struct PageReads<'a> {
    prev: Option<NeighbourReads<'a>>,
    next: Option<NeighbourReads<'a>>,
    /// Each attachment's size, in the order of `attachments:`.
    sizes: Vec<u64>,
    /// The documents of its follow-up chain it lists (itself included), in date order, and how
    /// many are left out before and after them.
    chain: Vec<ChainReads<'a>>,
    chain_hidden: (usize, usize),
    /// Its resolved `related:` documents.
    related: Vec<ChainReads<'a>>,
    /// Its 索引号 (recorded or assigned from the other pages' numbers) and the 发布机构, when the
    /// site has `public_info:`.
    public_info: Option<(&'a str, &'a str)>,
    /// The collections (专题, bulletin issues) that list it: title, path, kind, issue.
    collections: Vec<CollectionReads<'a>>,
}

/// A collection as a page's back-link shows it.
#[derive(Hash)]
struct CollectionReads<'a> {
    title: String,
    path: &'a str,
    kind: SectionKind,
    issue: Option<Issue>,
}

#[derive(Serialize)]
struct CollectionLink {
    title: String,
    url: String,
    kind: SectionKind,
    issue: Option<Issue>,
}

#[derive(Serialize)]
struct QrView {
    svg: String,
    size: usize,
}

/// The 政务公开 metadata block of a page.
#[derive(Serialize)]
struct PublicInfoView<'a> {
    index_no: &'a str,
    publisher: &'a str,
    /// 主题分类: its first topic, else its type.
    subject: Option<&'a str>,
}

/// Another document as a chain box or a list of related documents shows it.
#[derive(Hash)]
struct ChainReads<'a> {
    title: &'a str,
    path: &'a str,
    date: Option<Date>,
    doc_type: Option<&'a str>,
    doc_number: Option<&'a str>,
    current: bool,
    /// It answers the page being rendered / the page being rendered answers it.
    answers_this: bool,
    answered_by_this: bool,
}

#[derive(Serialize)]
struct ChainEntry<'a> {
    title: &'a str,
    url: String,
    date: Option<DateView>,
    #[serde(rename = "type")]
    doc_type: Option<&'a str>,
    doc_number: Option<&'a str>,
    current: bool,
    answers_this: bool,
    answered_by_this: bool,
}

#[derive(Serialize)]
struct ChainView<'a> {
    entries: Vec<ChainEntry<'a>>,
    hidden_before: usize,
    hidden_after: usize,
}

#[derive(Serialize)]
struct Neighbour<'a> {
    title: &'a str,
    url: String,
    date: Option<DateView>,
}

#[derive(Serialize)]
struct PageExtra<'a> {
    content: &'a str,
    toc: &'a [TocEntry],
    attachments: Vec<AttachmentView>,
    char_count: usize,
    has_code: bool,
    prev: Option<Neighbour<'a>>,
    next: Option<Neighbour<'a>>,
    /// Its follow-up chain (办理进程), when it is in one.
    chain: Option<ChainView<'a>>,
    /// The 政务公开 metadata block, when the site has `public_info:`.
    public_info: Option<PublicInfoView<'a>>,
    /// The QR code of its permalink (pages in sections): an inline SVG and its size in modules,
    /// a function of the page's URL and the site's `base_url` alone.
    qr: Option<QrView>,
    related: Vec<ChainEntry<'a>>,
    /// The collections that list it (收入专题 / 刊登于).
    collections: Vec<CollectionLink>,
    is_standalone: bool,
    /// The cover is also a picture in the text, so the page shows it there only.
    cover_in_body: bool,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'static str,
    base_url: &'a str,
    root: &'a str,
    feeds: bool,
    search: bool,
    feed_url: Option<String>,
    sections: Vec<SectionLink<'a>>,
    taxonomies: Vec<TaxonomyLink>,
    /// `/meetings/`, when some page's meeting is parsed.
    meetings_url: Option<String>,
    extra: &'a yaml::Value,
    generator: String,
}

#[derive(Serialize)]
struct SectionLink<'a> {
    name: &'a str,
    /// `list`, `collection` or `bulletin`: the main navigation shows lists only.
    kind: SectionKind,
    title: &'a str,
    url: String,
    permalink: String,
}

#[derive(Serialize)]
struct TaxonomyLink {
    name: String,
    title: String,
    url: String,
}

/// A congress term or a meeting as a link, with how many meetings or documents it has.
#[derive(Serialize, Hash)]
struct MeetingLink {
    title: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct PagerLink {
    number: usize,
    url: String,
    current: bool,
}

impl<'a> Renderer<'a> {
    /// The renderer of a loaded site: its templates, strings, pages, sections, taxonomies, home
    /// and its assets' sizes. Template syntax errors point at their template line.
    pub fn for_site(
        config: &'a Config,
        site: &'a Site,
        // (site fingerprint, page version) → the summary value of an earlier build
        cached_summary: &(dyn Fn(u64, u64) -> Option<Value> + Sync),
    ) -> Result<Renderer<'a>, Diagnostic> {
        let templates = &site.tree.templates;
        let pages = &site.pages;
        let sections = &site.sections;
        let mut tera = Tera::new();
        tera.register_filter("urlencode", |s: &str, _: tera::Kwargs, _: &tera::State| urlencode(s));
        let sources: HashMap<String, Source> = templates
            .iter()
            .map(|t| {
                let shown = crate::diag::display_path(&config.root, &t.path);
                (t.name.clone(), Source { path: shown, text: Arc::from(t.text.as_str()) })
            })
            .collect();
        if let Err(e) = tera.add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str()))) {
            return Err(template_error(&e, &sources, None));
        }
        for required in [
            "index.html",
            "page.html",
            "section.html",
            "taxonomy_list.html",
            "taxonomy_term.html",
            "404.html",
            "alias.html",
        ] {
            if !tera.contains_template(required) {
                return Err(Diagnostic::error(
                    Code::MissingTemplate,
                    format!("the theme has no `{required}` template"),
                )
                .with_file(match crate::pipeline::discover::ThemeSource::of(config) {
                    Some(crate::pipeline::discover::ThemeSource::Folder(dir)) => dir.join("templates"),
                    _ => config.templates_dir(),
                })
                .with_help(format!("add templates/{required} to the site or the theme")));
            }
        }
        let by_date: Vec<usize> = match config.feeds {
            true => {
                let mut v: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].section.is_some()).collect();
                model::sort_pages(pages, &mut v, front_matter::SortBy::Date);
                v
            }
            false => Vec::new(),
        };
        let mut r = Renderer {
            config,
            tera,
            site,
            pages,
            sections,
            taxonomies: &site.taxonomies,
            home: &site.home,
            summaries: Vec::new(),
            strings: site.tree.strings.clone(),
            sizes: site.tree.content_assets.iter().map(|a| (a.rel.clone(), a.size)).collect(),
            bundles: crate::pipeline::model::bundle_paths(pages),
            empty_extra: yaml::Value::empty_map(),
            sources,
            fingerprint: 0,
            neighbours: neighbours(pages.len(), sections),
            by_date,
        };
        let site_view = r.site_view();
        let fingerprint = {
            let mut h = DefaultHasher::new();
            serde_json::to_string(&site_view).unwrap_or_default().hash(&mut h);
            for t in templates {
                (&t.name, &t.text).hash(&mut h);
            }
            r.strings.hash(&mut h);
            h.finish()
        };
        let site = Value::from_serializable(&site_view);
        r.fingerprint = fingerprint;
        r.tera.global_context().insert_value("site", site);
        r.tera.global_context().insert("t", &r.strings);
        r.summaries = {
            use rayon::prelude::*;
            let shared = SharedValues::default();
            (0..pages.len())
                .into_par_iter()
                .map(|i| {
                    cached_summary(r.fingerprint, pages[i].version)
                        .unwrap_or_else(|| shared.share(Value::from_serializable(&r.summary_view(i))))
                })
                .collect()
        };
        Ok(r)
    }

    /// A hash of everything every output depends on: the site values, templates and strings.
    /// When it changes, every page must be rendered again.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Each page's summary value, by page index (to cache between builds).
    pub fn summaries(&self) -> &[Value] {
        &self.summaries
    }

    fn site_view(&self) -> SiteView<'_> {
        let c = self.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            language: c.language.code(),
            base_url: &c.base_url,
            root: &c.base_path,
            feeds: c.feeds,
            search: c.search,
            feed_url: c.feeds.then(|| self.url(&feed_url("/"))),
            sections: self
                .sections
                .iter()
                .map(|s| SectionLink {
                    name: &s.name,
                    kind: s.meta.kind,
                    title: &s.title,
                    url: self.url(&s.path),
                    permalink: self.permalink(&s.path),
                })
                .collect(),
            taxonomies: self
                .taxonomies
                .iter()
                .map(|t| TaxonomyLink {
                    name: t.name.clone(),
                    title: self.taxonomy_title(&t.name),
                    url: self.url(&t.path),
                })
                .collect(),
            meetings_url: (!self.site.meetings.terms.is_empty()).then(|| self.url(MEETINGS_URL)),
            extra: &c.extra,
            generator: format!("Gazette {}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// Root-relative URL with the base path: `/reports/` → `/renda/reports/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.config.base_path, path.trim_start_matches('/'))
    }

    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.config.base_url, path.trim_start_matches('/'))
    }

    fn taxonomy_title(&self, name: &str) -> String {
        taxonomy_title(&self.strings, name)
    }

    /// A page's link to a term: computed from the name alone (the term's slug and path follow
    /// from it), so it does not depend on other pages.
    fn term_link(&self, taxonomy: &str, name: &str) -> TermLink {
        let (slug, path) = crate::pipeline::taxonomy::term_url(taxonomy, name, self.config.slugify);
        TermLink { name: name.to_string(), slug, url: self.url(&path), permalink: self.permalink(&path) }
    }

    fn has_taxonomy(&self, name: &str) -> bool {
        self.taxonomies.iter().any(|t| t.name == name)
    }

    fn term_view(&self, term: &Term) -> TermRef {
        TermRef {
            name: term.name.clone(),
            slug: term.slug.clone(),
            url: self.url(&term.path),
            permalink: self.permalink(&term.path),
            count: term.pages.len(),
        }
    }

    pub fn date_view(&self, d: &Date) -> DateView {
        date_view(d, self.config.language, &self.config.timezone)
    }

    fn summary_view(&self, i: usize) -> PageSummaryView<'_> {
        let p = &self.pages[i];
        let m = &p.meta;
        let in_section = p.section.is_some();
        PageSummaryView {
            title: &p.title,
            url: self.url(&p.path),
            permalink: self.permalink(&p.path),
            date: p.date.as_ref().map(|d| self.date_view(d)),
            updated: m.updated.as_ref().map(|d| self.date_view(d)),
            summary: &p.summary,
            doc_type: m
                .doc_type
                .as_deref()
                .filter(|_| in_section && self.has_taxonomy("types"))
                .map(|t| self.term_link("types", t)),
            topics: if in_section && self.has_taxonomy("topics") {
                m.topics.iter().map(|t| self.term_link("topics", t)).collect()
            } else {
                Vec::new()
            },
            year: p.year().filter(|_| in_section).map(|y| self.term_link("years", &y.to_string())),
            cover: m.cover.as_deref().map(|c| CoverView { url: self.resolve_page_file(p, c), alt: p.title.clone() }),
            meeting: m.meeting.as_deref(),
            meeting_url: meeting::of_page(m).filter(|_| in_section).map(|mt| self.url(&mt.path())),
            speaker: m.speaker.as_deref(),
            speaker_title: m.speaker_title.as_deref(),
            author: m.author.as_deref(),
            doc_number: m.doc_number.as_deref(),
            section: p.section.as_ref().and_then(|name| {
                self.sections.iter().find(|s| &s.name == name).map(|s| SectionRef {
                    name: &s.name,
                    title: &s.title,
                    url: self.url(&s.path),
                })
            }),
            reading_minutes: p.rendered.count.reading_minutes(),
            weight: m.weight,
            draft: m.draft,
            extra: m.extra.as_ref().unwrap_or(&self.empty_extra),
        }
    }

    /// A file named in front matter: a file of the page ([`Page::file_rel`]) where it is
    /// published, or site-absolute, or a full URL. A cover beside a page that is no bundle
    /// (`reports/2024/photo.jpg` for `reports/2024/a.md`) is published at
    /// `/reports/2024/photo.jpg`, not under the page's URL (test
    /// `build::a_cover_beside_a_page_links_where_it_is_published`).
    fn resolve_page_file(&self, p: &Page, file: &str) -> String {
        if file.contains("://") {
            file.to_string()
        } else if let Some(abs) = file.strip_prefix('/') {
            self.url(&encode_path(abs))
        } else {
            let path = crate::pipeline::model::content_file_path(&p.file_rel(file), &self.bundles, self.config.slugify);
            self.url(&encode_path(&path))
        }
    }

    fn base_context(&self, kind: &str, path: &str, title: &str, description: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert("kind", kind);
        ctx.insert("url", &self.url(path));
        ctx.insert("permalink", &self.permalink(path));
        ctx.insert("title", title);
        ctx.insert("description", description);
        ctx
    }

    fn render_template(&self, template: &str, ctx: &Context, what: &str) -> Result<Vec<u8>, Diagnostic> {
        // render_to a byte buffer: no UTF-8 validation of the whole page afterwards
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera.render_to(template, ctx, &mut out).map_err(|e| template_error(&e, &self.sources, Some(what)))?;
        Ok(out)
    }

    /// The bytes of one planned output; `url` is the output's URL (an alias's own path).
    pub fn render(&self, job: &RenderJob, url: &str) -> Result<Vec<u8>, Diagnostic> {
        match job {
            RenderJob::Page(i) => self.render_page(*i),
            RenderJob::Section { section, pager } => self.render_section(&self.sections[*section], pager),
            RenderJob::TaxonomyList(t) => self.render_taxonomy_list(&self.taxonomies[*t]),
            RenderJob::Term { taxonomy, term, pager } => {
                let t = &self.taxonomies[*taxonomy];
                self.render_term(t, &t.terms[*term], pager)
            }
            RenderJob::TermFeed { taxonomy, term } => {
                Ok(self.render_term_feed(&self.taxonomies[*taxonomy].terms[*term]))
            }
            RenderJob::Home => self.render_home(),
            RenderJob::NotFound => self.render_404(),
            RenderJob::Alias { page } => self.render_alias(url, &self.pages[*page].path),
            RenderJob::SiteFeed => Ok(self.render_site_feed()),
            RenderJob::Sitemap => Ok(self.render_sitemap()),
            RenderJob::Robots => Ok(self.render_robots()),
            RenderJob::HighlightCss => Ok(markdown::highlight_css().into_bytes()),
            RenderJob::Search => self.render_search(),
            RenderJob::CollectionPrint(si) => self.render_collection_print(&self.sections[*si]),
            RenderJob::MeetingIndex => self.render_meeting_index(),
            RenderJob::MeetingTerm(t) => self.render_meeting_term(&self.site.meetings.terms[*t]),
            RenderJob::Meeting { term, meeting } => {
                let t = &self.site.meetings.terms[*term];
                self.render_meeting(t, &t.meetings[*meeting])
            }
        }
    }

    /// A hash of everything the render of `job` reads besides the site values, templates and
    /// strings (in [`Renderer::fingerprint`]): an output whose inputs hash as in the last build
    /// is neither rendered nor written again. Each job's inputs are declared beside its render
    /// function below and read the same values, so the two cannot drift apart.
    pub fn inputs(&self, job: &RenderJob, url: &str) -> u64 {
        let mut h = DefaultHasher::new();
        self.fingerprint.hash(&mut h);
        std::mem::discriminant(job).hash(&mut h);
        match job {
            RenderJob::Page(i) => self.page_inputs(*i, &mut h),
            RenderJob::Section { section, pager } => self.section_inputs(&self.sections[*section], pager, &mut h),
            RenderJob::TaxonomyList(t) => self.taxonomy_list_inputs(&self.taxonomies[*t], &mut h),
            RenderJob::Term { taxonomy, term, pager } => {
                let t = &self.taxonomies[*taxonomy];
                self.term_inputs(t, &t.terms[*term], pager, &mut h)
            }
            RenderJob::TermFeed { taxonomy, term } => {
                self.term_feed_inputs(&self.taxonomies[*taxonomy].terms[*term], &mut h)
            }
            RenderJob::Home => self.home_inputs(&mut h),
            RenderJob::Alias { page } => (url, &self.pages[*page].path).hash(&mut h),
            RenderJob::SiteFeed => {
                let items = feed_items(self.pages, &self.by_date);
                self.versions(&items, &mut h);
                self.feed_public_info(&items).hash(&mut h);
            }
            RenderJob::Sitemap => self.site.plan.sitemap_entries(self.site).hash(&mut h),
            // these read the site values alone
            RenderJob::CollectionPrint(si) => self.collection_print_inputs(&self.sections[*si], &mut h),
            RenderJob::MeetingIndex => self.meeting_index_inputs(&mut h),
            RenderJob::MeetingTerm(t) => self.meeting_term_inputs(&self.site.meetings.terms[*t], &mut h),
            RenderJob::Meeting { term, meeting } => {
                let t = &self.site.meetings.terms[*term];
                self.meeting_inputs(t, &t.meetings[*meeting], &mut h)
            }
            RenderJob::NotFound | RenderJob::Robots | RenderJob::HighlightCss | RenderJob::Search => {}
        }
        h.finish()
    }

    /// The versions of pages shown as summaries (a summary is a function of its page's version
    /// and the site values).
    fn versions(&self, items: &[usize], h: &mut DefaultHasher) {
        items.iter().for_each(|&i| self.pages[i].version.hash(h));
    }

    /// What a page shows besides its own file (its version): its neighbours' titles, URLs and
    /// dates, and its attachments' sizes. [`Renderer::page_inputs`] hashes exactly this, and
    /// [`Renderer::render_page`] builds its views from it and the page alone, so a page's
    /// fingerprint cannot miss what it shows.
    fn page_reads(&self, i: usize) -> PageReads<'_> {
        let p = &self.pages[i];
        let neighbour = |j: usize| {
            let q = &self.pages[j];
            (q.title.as_str(), q.path.as_str(), q.date)
        };
        let (prev, next) = self.neighbours[i];
        let sizes =
            p.meta.attachments.iter().map(|a| self.sizes.get(&p.file_rel(&a.file)).copied().unwrap_or(0)).collect();
        let links = &self.site.chains;
        let document = |j: usize| {
            let q = &self.pages[j];
            ChainReads {
                title: &q.title,
                path: &q.path,
                date: q.date,
                doc_type: q.meta.doc_type.as_deref(),
                doc_number: q.meta.doc_number.as_deref(),
                current: j == i,
                answers_this: links.responds_to.get(j).is_some_and(|t| t.contains(&i)),
                answered_by_this: links.responds_to.get(i).is_some_and(|t| t.contains(&j)),
            }
        };
        let (shown, before, after) = links.shown(i);
        let related = links.related.get(i).map_or(Vec::new(), |r| r.iter().map(|&j| document(j)).collect());
        let public_info = self.config.public_info.as_ref().and_then(|info| {
            let number = self.site.index_numbers.by_page.get(i)?.as_deref()?;
            let publisher =
                if info.publisher.is_empty() { self.config.title.as_str() } else { info.publisher.as_str() };
            Some((number, publisher))
        });
        let collections = self.site.collections.of_page.get(i).map_or(Vec::new(), |c| {
            c.iter()
                .map(|&si| {
                    let s = &self.sections[si];
                    CollectionReads {
                        title: self.collection_title(s),
                        path: &s.path,
                        kind: s.meta.kind,
                        issue: s.meta.issue,
                    }
                })
                .collect()
        });
        PageReads {
            collections,
            prev: prev.map(neighbour),
            next: next.map(neighbour),
            sizes,
            chain: shown.iter().map(|&j| document(j)).collect(),
            chain_hidden: (before, after),
            related,
            public_info,
        }
    }

    fn chain_entry<'s>(&self, r: ChainReads<'s>) -> ChainEntry<'s> {
        ChainEntry {
            title: r.title,
            url: self.url(r.path),
            date: r.date.as_ref().map(|d| self.date_view(d)),
            doc_type: r.doc_type,
            doc_number: r.doc_number,
            current: r.current,
            answers_this: r.answers_this,
            answered_by_this: r.answered_by_this,
        }
    }

    fn neighbour<'s>(&self, (title, path, date): NeighbourReads<'s>) -> Neighbour<'s> {
        Neighbour { title, url: self.url(path), date: date.as_ref().map(|d| self.date_view(d)) }
    }

    /// A page's inputs: its version (its text and front matter) and [`Renderer::page_reads`].
    fn page_inputs(&self, i: usize, h: &mut DefaultHasher) {
        self.pages[i].version.hash(h);
        self.page_reads(i).hash(h);
    }

    /// A page: `…/index.html`.
    pub fn render_page(&self, i: usize) -> Result<Vec<u8>, Diagnostic> {
        let p = &self.pages[i];
        let mut ctx = self.base_context("page", &p.path, &p.title, &p.summary);
        let reads = self.page_reads(i);
        let (prev, next) = (reads.prev.map(|n| self.neighbour(n)), reads.next.map(|n| self.neighbour(n)));
        let chain = (!reads.chain.is_empty()).then(|| ChainView {
            entries: reads.chain.into_iter().map(|r| self.chain_entry(r)).collect(),
            hidden_before: reads.chain_hidden.0,
            hidden_after: reads.chain_hidden.1,
        });
        let related = reads.related.into_iter().map(|r| self.chain_entry(r)).collect();
        let collections = reads
            .collections
            .into_iter()
            .map(|c| CollectionLink { title: c.title, url: self.url(c.path), kind: c.kind, issue: c.issue })
            .collect();
        let public_info = reads.public_info.map(|(index_no, publisher)| PublicInfoView {
            index_no,
            publisher,
            subject: p.meta.topics.first().or(p.meta.doc_type.as_ref()).map(String::as_str),
        });
        let attachments = p
            .meta
            .attachments
            .iter()
            .zip(reads.sizes)
            .map(|(a, size)| AttachmentView {
                title: a.title.clone().unwrap_or_else(|| a.file.clone()),
                file: a.file.clone(),
                url: self.resolve_page_file(p, &a.file),
                size,
                size_display: size_display(size),
                ext: a.file.rsplit_once('.').map(|(_, e)| e.to_ascii_uppercase()).unwrap_or_default(),
            })
            .collect();
        let body = self.body(p)?;
        let extra = PageExtra {
            content: &body.html,
            toc: &body.toc,
            attachments,
            char_count: p.rendered.count.total(),
            has_code: p.rendered.has_code,
            prev,
            next,
            chain,
            public_info,
            qr: p.section.as_ref().and_then(|_| {
                let label = self.strings.get("qr_label").map_or("QR code", String::as_str);
                let url = self.permalink(&p.path);
                // one encoding: choosing the mask is most of a page's render time
                let (svg, size) = crate::pipeline::qr::qr_svg(&url, label, "gz-qr")?;
                Some(QrView { svg, size })
            }),
            related,
            collections,
            is_standalone: p.section.is_none(),
            cover_in_body: cover_in_body(p),
        };
        // the page's summary value (built once) plus this page's own fields
        let mut value = self.summaries[i].clone();
        if let (Some(mut map), Some(extra)) = (value.clone().into_map(), Value::from_serializable(&extra).into_map()) {
            map.extend(extra);
            value = Value::from(map);
        }
        ctx.insert_value("page", value);
        let template = p.meta.template.as_deref().unwrap_or("page.html");
        if !self.tera.contains_template(template) {
            let range = p.meta.spans.get("template").cloned().unwrap_or(0..3);
            return Err(Diagnostic::error(Code::MissingTemplate, format!("template `{template}` not found"))
                .with_span(&p.source, range)
                .with_label("no such template in templates/ or the theme")
                .with_help(format!("add templates/{template} to the site, or remove the `template:` field")));
        }
        self.render_template(template, &ctx, &p.source.path.display().to_string())
    }

    /// A page's body rendered: its file read again (pages keep no text, HTML or TOC).
    fn body(&self, p: &Page) -> Result<markdown::Rendered, Diagnostic> {
        let source = p.source.read()?;
        let body = source.text.get(p.body_offset..).unwrap_or_default();
        let opts = markdown::MarkdownOptions {
            keep_plain: false,
            count: false,
            ..markdown::MarkdownOptions::for_site(self.config)
        };
        Ok(markdown::render_markdown(body, p.body_offset, &opts))
    }

    fn paginator(&self, items: &[usize], pager: &Pager, base: &str) -> Value {
        let pages: Vec<Value> = items[pager.range.clone()].iter().map(|&i| self.summaries[i].clone()).collect();
        let link = |n: usize| self.url(&crate::pipeline::taxonomy::pager_path(base, n));
        let mut map = tera::Map::new();
        map.insert("pages".into(), Value::from(pages));
        map.insert("number".into(), Value::from(pager.number));
        map.insert("total_pages".into(), Value::from(pager.total_pages));
        map.insert("total_items".into(), Value::from(items.len()));
        map.insert("first_url".into(), Value::from(link(1)));
        map.insert("last_url".into(), Value::from(link(pager.total_pages)));
        map.insert("prev_url".into(), Value::from((pager.number > 1).then(|| link(pager.number - 1))));
        map.insert("next_url".into(), Value::from((pager.number < pager.total_pages).then(|| link(pager.number + 1))));
        let pagers: Vec<PagerLink> = pager_numbers(pager.number, pager.total_pages)
            .map(|n| PagerLink { number: n, url: link(n), current: n == pager.number })
            .collect();
        map.insert("pagers".into(), Value::from_serializable(&pagers));
        Value::from(map)
    }

    /// A section list page shows the section's own values and text, and its pages of `pager`.
    /// A collection also shows its documents' summaries in order and by date (the timeline).
    fn section_inputs(&self, s: &Section, pager: &Pager, h: &mut DefaultHasher) {
        (&s.name, &s.title, &s.description, &s.content.html, &s.path, &s.meta.template).hash(h);
        (s.meta.kind, s.meta.issue).hash(h);
        hash_pager(pager, h);
        let (listed, timeline) = self.listed(s);
        listed.len().hash(h);
        self.versions(&listed[pager.range.clone()], h);
        timeline.hash(h);
    }

    /// The pages a section lists, in its order, and (for a collection) its timeline.
    fn listed<'s>(&'s self, s: &'s Section) -> (&'s [usize], &'s [usize]) {
        let c = &self.site.collections;
        match self.sections.iter().position(|x| x.name == s.name) {
            Some(si) if s.meta.kind != SectionKind::List => (&s.pages, &c.timeline[si]),
            _ => (&s.pages, &[]),
        }
    }

    /// A section list page.
    pub fn render_section(&self, s: &Section, pager: &Pager) -> Result<Vec<u8>, Diagnostic> {
        let full_title = self.collection_title(s);
        let title = page_title(&full_title, pager, &self.strings);
        let mut ctx = self.base_context("section", &pager.path, &title, &s.description);
        #[derive(Serialize)]
        struct SectionView<'a> {
            name: &'a str,
            title: &'a str,
            description: &'a str,
            content: &'a str,
            url: String,
            permalink: String,
        }
        ctx.insert(
            "section",
            &SectionView {
                name: &s.name,
                title: &full_title,
                description: &s.description,
                content: &s.content.html,
                url: self.url(&s.path),
                permalink: self.permalink(&s.path),
            },
        );
        let (listed, timeline) = self.listed(s);
        ctx.insert_value("paginator", self.paginator(listed, pager, &s.path));
        if s.meta.kind != SectionKind::List {
            #[derive(Serialize)]
            struct CollectionView<'a> {
                kind: SectionKind,
                issue: Option<Issue>,
                print_url: String,
                timeline: Vec<ChainEntry<'a>>,
            }
            let timeline = timeline.iter().map(|&j| self.chain_entry(self.document(j))).collect();
            let view = CollectionView {
                kind: s.meta.kind,
                issue: s.meta.issue,
                print_url: self.url(&collection_print_path(&s.path)),
                timeline,
            };
            ctx.insert("collection", &view);
        }
        let template = s.meta.template.as_deref().unwrap_or("section.html");
        self.render_template(template, &ctx, &format!("section `{}`", s.name))
    }

    /// A collection's print page shows its values and the whole text of its documents in order.
    fn collection_print_inputs(&self, s: &Section, h: &mut DefaultHasher) {
        (&s.name, &s.title, &s.description, &s.content.html, &s.path, s.meta.kind, s.meta.issue).hash(h);
        self.versions(self.listed(s).0, h);
    }

    /// `<collection>/print/`: every document of a collection or bulletin issue, whole, in order.
    pub fn render_collection_print(&self, s: &Section) -> Result<Vec<u8>, Diagnostic> {
        let path = collection_print_path(&s.path);
        let title = self.collection_title(s);
        let mut ctx = self.base_context("collection_print", &path, &title, &s.description);
        #[derive(Serialize)]
        struct PrintView<'a> {
            title: &'a str,
            description: &'a str,
            content: &'a str,
            url: String,
            kind: SectionKind,
            issue: Option<Issue>,
        }
        #[derive(Serialize)]
        struct PrintDocument<'a> {
            #[serde(flatten)]
            entry: ChainEntry<'a>,
            meeting: Option<&'a str>,
            speaker: Option<&'a str>,
            speaker_title: Option<&'a str>,
            author: Option<&'a str>,
            content: String,
        }
        ctx.insert(
            "collection",
            &PrintView {
                title: &title,
                description: &s.description,
                content: &s.content.html,
                url: self.url(&s.path),
                kind: s.meta.kind,
                issue: s.meta.issue,
            },
        );
        let documents: Vec<PrintDocument> = self
            .listed(s)
            .0
            .iter()
            .enumerate()
            .map(|(n, &j)| {
                let q = &self.pages[j];
                Ok(PrintDocument {
                    entry: self.chain_entry(self.document(j)),
                    meeting: q.meta.meeting.as_deref(),
                    speaker: q.meta.speaker.as_deref(),
                    speaker_title: q.meta.speaker_title.as_deref(),
                    author: q.meta.author.as_deref(),
                    // one page holds every document: each one's heading ids (and its links to
                    // them) get the document's number, so no id is taken twice
                    content: scoped_ids(&self.body(q)?.html, &format!("d{}-", n + 1)),
                })
            })
            .collect::<Result<_, Diagnostic>>()?;
        ctx.insert("documents", &documents);
        self.render_template("collection_print.html", &ctx, &format!("the print page of `{}`", s.name))
    }

    /// A section's title; a bulletin's with its issue appended (公报 + 2024年第3期), as the theme's
    /// strings write an issue.
    fn collection_title(&self, s: &Section) -> String {
        match (s.meta.kind, s.meta.issue) {
            (SectionKind::Bulletin, Some(Issue { year, number })) => {
                let t = |k: &str| self.strings.get(k).map_or("", String::as_str);
                format!("{}{}{year}{}{number}{}", s.title, t("issue_before"), t("issue_middle"), t("issue_after"))
            }
            _ => s.title.clone(),
        }
    }

    /// Another document as a list shows it (not the page being rendered).
    fn document(&self, j: usize) -> ChainReads<'_> {
        let q = &self.pages[j];
        ChainReads {
            title: &q.title,
            path: &q.path,
            date: q.date,
            doc_type: q.meta.doc_type.as_deref(),
            doc_number: q.meta.doc_number.as_deref(),
            current: false,
            answers_this: false,
            answered_by_this: false,
        }
    }

    fn taxonomy_link(&self, t: &Taxonomy) -> TaxonomyLink {
        TaxonomyLink { name: t.name.clone(), title: self.taxonomy_title(&t.name), url: self.url(&t.path) }
    }

    /// A taxonomy's list shows each term's name, URL and count.
    fn taxonomy_list_inputs(&self, t: &Taxonomy, h: &mut DefaultHasher) {
        (&t.name, &t.path).hash(h);
        t.terms.iter().for_each(|term| self.term_view(term).hash(h));
    }

    pub fn render_taxonomy_list(&self, t: &Taxonomy) -> Result<Vec<u8>, Diagnostic> {
        let title = self.taxonomy_title(&t.name);
        let mut ctx = self.base_context("taxonomy", &t.path, &title, &self.config.description);
        ctx.insert("taxonomy", &self.taxonomy_link(t));
        let terms: Vec<TermRef> = t.terms.iter().map(|term| self.term_view(term)).collect();
        ctx.insert("terms", &terms);
        self.render_template("taxonomy_list.html", &ctx, &format!("taxonomy `{}`", t.name))
    }

    /// A term's list page shows the term and its pages of `pager`.
    fn term_inputs(&self, t: &Taxonomy, term: &Term, pager: &Pager, h: &mut DefaultHasher) {
        (&t.name, &t.path, self.term_view(term)).hash(h);
        hash_pager(pager, h);
        self.versions(&term.pages[pager.range.clone()], h);
    }

    pub fn render_term(&self, t: &Taxonomy, term: &Term, pager: &Pager) -> Result<Vec<u8>, Diagnostic> {
        let title = page_title(&format!("{} · {}", self.taxonomy_title(&t.name), term.name), pager, &self.strings);
        let mut ctx = self.base_context("term", &pager.path, &title, &self.config.description);
        ctx.insert("taxonomy", &self.taxonomy_link(t));
        #[derive(Serialize)]
        struct TermView {
            #[serde(flatten)]
            term: TermRef,
            feed_url: Option<String>,
        }
        let feed_url = self.config.feeds.then(|| self.url(&feed_url(&term.path)));
        ctx.insert("term", &TermView { term: self.term_view(term), feed_url });
        ctx.insert_value("paginator", self.paginator(&term.pages, pager, &term.path));
        self.render_template("taxonomy_term.html", &ctx, &format!("{} `{}`", t.name, term.name))
    }

    /// A congress term's title: `江陵县第七届人民代表大会` (zh-CN), `Term 7` (en).
    fn congress_term_title(&self, t: &CongressTerm) -> String {
        match self.config.language {
            Language::ZhCn => format!("{}第{}届人民代表大会", t.body, meeting::chinese_number(t.term)),
            Language::En => format!("Term {}", t.term),
        }
    }

    fn congress_term_link(&self, t: &CongressTerm) -> MeetingLink {
        MeetingLink { title: self.congress_term_title(t), url: self.url(&t.path), count: t.meetings.len() }
    }

    /// The meetings index shows each term's title, URL and number of meetings.
    fn meeting_index_inputs(&self, h: &mut DefaultHasher) {
        self.site.meetings.terms.iter().for_each(|t| self.congress_term_link(t).hash(h));
    }

    /// `/meetings/`: the congress terms, newest first.
    pub fn render_meeting_index(&self) -> Result<Vec<u8>, Diagnostic> {
        let title = self.strings.get("meetings").cloned().unwrap_or_else(|| "Meetings".into());
        let mut ctx = self.base_context("meetings", MEETINGS_URL, &title, &self.config.description);
        let terms: Vec<MeetingLink> = self.site.meetings.terms.iter().map(|t| self.congress_term_link(t)).collect();
        ctx.insert("terms", &terms);
        self.render_template("meetings.html", &ctx, "the meetings index")
    }

    /// What a term's page shows of each meeting: its kind, name, URL, number of documents and the
    /// date of its first one.
    fn meeting_rows(&self, t: &CongressTerm) -> Vec<(MeetingKind, MeetingLink, Option<Date>)> {
        t.meetings
            .iter()
            .map(|m| {
                let first = m.pages.iter().filter_map(|&i| self.pages[i].date).min();
                (m.kind, MeetingLink { title: m.name.clone(), url: self.url(&m.path), count: m.pages.len() }, first)
            })
            .collect()
    }

    fn meeting_term_inputs(&self, t: &CongressTerm, h: &mut DefaultHasher) {
        self.congress_term_link(t).hash(h);
        self.meeting_rows(t).hash(h);
    }

    /// `/meetings/<term>/`: the term's meetings, grouped by kind, in order.
    pub fn render_meeting_term(&self, t: &CongressTerm) -> Result<Vec<u8>, Diagnostic> {
        #[derive(Serialize)]
        struct MeetingRow {
            #[serde(flatten)]
            link: MeetingLink,
            date: Option<DateView>,
        }
        #[derive(Serialize)]
        struct KindGroup {
            kind: MeetingKind,
            title: String,
            meetings: Vec<MeetingRow>,
        }
        let term = self.congress_term_link(t);
        let mut ctx = self.base_context("meeting_term", &t.path, &term.title, &self.config.description);
        let mut groups: Vec<KindGroup> = Vec::new();
        for (kind, link, date) in self.meeting_rows(t) {
            let row = MeetingRow { link, date: date.as_ref().map(|d| self.date_view(d)) };
            match groups.last_mut() {
                Some(g) if g.kind == kind => g.meetings.push(row),
                _ => {
                    let key = format!("meeting_kind_{}", kind.slug().replace('-', "_"));
                    let title = self.strings.get(&key).cloned().unwrap_or_else(|| kind.slug().to_string());
                    groups.push(KindGroup { kind, title, meetings: vec![row] });
                }
            }
        }
        ctx.insert("congress_term", &term);
        ctx.insert("groups", &groups);
        self.render_template("meeting_term.html", &ctx, &format!("the meetings of term {}", t.term))
    }

    /// A meeting's page shows its term, its name and its documents as summaries.
    fn meeting_inputs(&self, t: &CongressTerm, m: &MeetingGroup, h: &mut DefaultHasher) {
        self.congress_term_link(t).hash(h);
        (&m.name, &m.path).hash(h);
        self.versions(&m.pages, h);
    }

    /// One meeting: its documents, work reports first, then by type.
    pub fn render_meeting(&self, t: &CongressTerm, m: &MeetingGroup) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = self.base_context("meeting", &m.path, &m.name, &self.config.description);
        ctx.insert("congress_term", &self.congress_term_link(t));
        ctx.insert("meeting", &MeetingLink { title: m.name.clone(), url: self.url(&m.path), count: m.pages.len() });
        let pages: Vec<Value> = m.pages.iter().map(|&i| self.summaries[i].clone()).collect();
        ctx.insert_value("pages", Value::from(pages));
        self.render_template("meeting.html", &ctx, &format!("the page of {}", m.name))
    }

    /// The home page shows its own text, the newest pages of each section and the terms of the
    /// years, topics and types.
    fn home_inputs(&self, h: &mut DefaultHasher) {
        (&self.home.meta.description, &self.home.content.html).hash(h);
        for s in self.sections {
            (&s.name, &s.title, &s.path, s.meta.kind, self.collection_title(s)).hash(h);
            self.versions(&s.pages[..s.pages.len().min(HOME_PER_SECTION)], h);
        }
        for t in self.taxonomies.iter().filter(|t| HOME_TAXONOMIES.contains(&t.name.as_str())) {
            t.name.hash(h);
            t.terms.iter().for_each(|term| self.term_view(term).hash(h));
        }
    }

    pub fn render_home(&self) -> Result<Vec<u8>, Diagnostic> {
        // the site's name is site.yaml's alone (a different title in content/_index.md is W008)
        let title = self.config.title.clone();
        let description = self.home.meta.description.clone().unwrap_or_else(|| self.config.description.clone());
        let mut ctx = self.base_context("home", "/", &title, &description);
        #[derive(Serialize)]
        struct HomeView<'a> {
            title: &'a str,
            description: &'a str,
            content: &'a str,
        }
        ctx.insert("home", &HomeView { title: &title, description: &description, content: &self.home.content.html });
        // collections are listed by name (专题 and bulletin issues), the other sections by their latest pages
        let collections: Vec<CollectionLink> = self
            .sections
            .iter()
            .filter(|s| s.meta.kind != SectionKind::List)
            .map(|s| CollectionLink {
                title: self.collection_title(s),
                url: self.url(&s.path),
                kind: s.meta.kind,
                issue: s.meta.issue,
            })
            .collect();
        ctx.insert("collections", &collections);
        let latest: Vec<Value> = self
            .sections
            .iter()
            .filter(|s| s.meta.kind == SectionKind::List)
            .map(|s| {
                let mut map = tera::Map::new();
                map.insert("name".into(), Value::from(s.name.as_str()));
                map.insert("title".into(), Value::from(s.title.as_str()));
                map.insert("url".into(), Value::from(self.url(&s.path)));
                let pages: Vec<Value> =
                    s.pages.iter().take(HOME_PER_SECTION).map(|&i| self.summaries[i].clone()).collect();
                map.insert("pages".into(), Value::from(pages));
                Value::from(map)
            })
            .collect();
        ctx.insert_value("latest_by_section", Value::from(latest));
        for name in HOME_TAXONOMIES {
            let terms: Vec<TermRef> = self
                .taxonomies
                .iter()
                .find(|t| t.name == name)
                .map(|t| t.terms.iter().map(|term| self.term_view(term)).collect())
                .unwrap_or_default();
            ctx.insert(name, &terms);
        }
        self.render_template("index.html", &ctx, "the home page")
    }

    /// The search page, `/search/index.html` (when search is on). Its index is written by
    /// `crate::search` into `pagefind/`, which the template loads.
    pub fn render_search(&self) -> Result<Vec<u8>, Diagnostic> {
        let title = self.strings.get("search").cloned().unwrap_or_else(|| "Search".into());
        let ctx = self.base_context("search", "/search/", &title, &self.config.description);
        self.render_template("search.html", &ctx, "the search page")
    }

    pub fn render_404(&self) -> Result<Vec<u8>, Diagnostic> {
        let title = self.strings.get("not_found_title").cloned().unwrap_or_else(|| "404".into());
        let ctx = self.base_context("404", "/404.html", &title, &self.config.description);
        self.render_template("404.html", &ctx, "the 404 page")
    }

    /// A redirect page for an alias. `alias` is a site-relative path such as `/old/a.html`.
    pub fn render_alias(&self, alias: &str, target: &str) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = self.base_context("alias", alias, "", "");
        ctx.insert("redirect_to", &self.permalink(target));
        self.render_template("alias.html", &ctx, &format!("alias {alias}"))
    }

    /// A term's feed shows its newest pages ([`feed_items`]).
    fn term_feed_inputs(&self, term: &Term, h: &mut DefaultHasher) {
        (&term.name, &term.path).hash(h);
        let items = feed_items(self.pages, &term.pages);
        self.versions(&items, h);
        self.feed_public_info(&items).hash(h);
    }

    /// What a feed shows besides its pages' own text: each entry's 索引号 and 发布机构 (Dublin
    /// Core `identifier` and `publisher`), when the site has `public_info:`. Both feeds' inputs
    /// hash this, and [`Renderer::render_feed`] writes it.
    fn feed_public_info(&self, items: &[usize]) -> Vec<Option<(&str, &str)>> {
        items.iter().map(|&i| self.page_reads(i).public_info).collect()
    }

    /// The feed of a term: its pages, each with the term alone as its category.
    fn render_term_feed(&self, term: &Term) -> Vec<u8> {
        let title = format!("{} · {}", self.config.title, term.name);
        self.render_feed(&feed_url(&term.path), &title, &term.path, &term.pages, Some(&term.name))
    }

    /// The site's feed: the newest pages of every section, with all their topics.
    fn render_site_feed(&self) -> Vec<u8> {
        self.render_feed(&feed_url("/"), &self.config.title, "/", &self.by_date, None)
    }

    /// `robots.txt`: everything allowed, and where the sitemap is.
    fn render_robots(&self) -> Vec<u8> {
        format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", self.permalink(SITEMAP_URL)).into_bytes()
    }

    /// The sitemap of every page and index (first pages of lists), with `lastmod` from dates:
    /// the plan's [`crate::pipeline::plan::Plan::sitemap_entries`], which its inputs hash too.
    fn render_sitemap(&self) -> Vec<u8> {
        let entries = self.site.plan.sitemap_entries(self.site);
        let mut x = String::with_capacity(entries.len() * 120 + 200);
        x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (path, date) in &entries {
            let _ = write!(x, "  <url><loc>{}</loc>", xml_escape(&self.permalink(path)));
            if let Some(d) = date {
                let _ = write!(x, "<lastmod>{}</lastmod>", self.date_view(d).iso);
            }
            x.push_str("</url>\n");
        }
        x.push_str("</urlset>\n");
        x.into_bytes()
    }

    /// An Atom feed of the newest pages among `items` (already newest first), drafts left out
    /// ([`feed_items`]). The site feed (`term: None`) gives each entry all its topics as
    /// categories; a term's feed gives only that term. Every term's feed repeating every topic
    /// of every entry made one page with 10,000 topics write 3.3 GB of feeds (test
    /// `resources::term_feeds_grow_linearly_with_topics`).
    fn render_feed(&self, path: &str, title: &str, self_path: &str, items: &[usize], term: Option<&str>) -> Vec<u8> {
        let c = self.config;
        let mut x = String::with_capacity(4096);
        let items = feed_items(self.pages, items);
        let updated = items
            .iter()
            .filter_map(|&i| self.pages[i].meta.updated.or(self.pages[i].date))
            .max()
            .map(|d| self.date_view(&d).rfc3339)
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let public_info = self.feed_public_info(&items);
        let dc = match c.public_info.is_some() {
            true => " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"",
            false => "",
        };
        x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let _ = writeln!(x, "<feed xmlns=\"http://www.w3.org/2005/Atom\"{dc} xml:lang=\"{}\">", c.language.code());
        let _ = writeln!(x, "  <title>{}</title>", xml_escape(title));
        if !c.description.is_empty() {
            let _ = writeln!(x, "  <subtitle>{}</subtitle>", xml_escape(&c.description));
        }
        let _ = writeln!(
            x,
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
            xml_escape(&self.permalink(path))
        );
        let _ = writeln!(
            x,
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&self.permalink(self_path))
        );
        let _ = writeln!(x, "  <id>{}</id>", xml_escape(&self.permalink(path)));
        let _ = writeln!(x, "  <updated>{updated}</updated>");
        let _ = writeln!(x, "  <author><name>{}</name></author>", xml_escape(&c.title));
        let _ = writeln!(x, "  <generator version=\"{}\">Gazette</generator>", env!("CARGO_PKG_VERSION"));
        for (&i, public_info) in items.iter().zip(public_info) {
            let p = &self.pages[i];
            let Some(date) = p.date else { continue };
            let published = self.date_view(&date).rfc3339;
            let updated = p.meta.updated.map(|d| self.date_view(&d).rfc3339).unwrap_or_else(|| published.clone());
            let link = self.permalink(&p.path);
            x.push_str("  <entry>\n");
            let _ = writeln!(x, "    <title>{}</title>", xml_escape(&p.title));
            let _ = writeln!(x, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml_escape(&link));
            let _ = writeln!(x, "    <id>{}</id>", xml_escape(&link));
            let _ = writeln!(x, "    <published>{published}</published>");
            let _ = writeln!(x, "    <updated>{updated}</updated>");
            if let Some(author) = &p.meta.author {
                let _ = writeln!(x, "    <author><name>{}</name></author>", xml_escape(author));
            }
            match term {
                Some(term) => {
                    let _ = writeln!(x, "    <category term=\"{}\"/>", xml_escape(term));
                }
                None => {
                    for topic in &p.meta.topics {
                        let _ = writeln!(x, "    <category term=\"{}\"/>", xml_escape(topic));
                    }
                }
            }
            if let Some((index_no, publisher)) = public_info {
                let _ = writeln!(x, "    <dc:identifier>{}</dc:identifier>", xml_escape(index_no));
                let _ = writeln!(x, "    <dc:publisher>{}</dc:publisher>", xml_escape(publisher));
            }
            let _ = writeln!(x, "    <summary>{}</summary>", xml_escape(&p.summary));
            x.push_str("  </entry>\n");
        }
        x.push_str("</feed>\n");
        x.into_bytes()
    }
}

/// The pages a feed shows: the first [`FEED_ENTRIES`] of `items` that are not drafts. The build's
/// fingerprint of a feed reads the same list, so the two cannot disagree.
pub fn feed_items(pages: &[Arc<Page>], items: &[usize]) -> Vec<usize> {
    items.iter().copied().filter(|&i| !pages[i].meta.draft).take(FEED_ENTRIES).collect()
}

/// A pager's number, count, slice and URL: what a list page's paginator shows.
fn hash_pager(pager: &Pager, h: &mut DefaultHasher) {
    (pager.number, pager.total_pages, &pager.range, &pager.path).hash(h);
}

/// Is the page's cover also an image of its text (the same file)?
fn cover_in_body(p: &Page) -> bool {
    let Some(cover) = p.meta.cover.as_deref() else { return false };
    let target = crate::pipeline::validate::resolve_link(&p.path, cover);
    p.rendered.links.iter().filter(|l| l.is_image).any(|l| {
        match (&target, crate::pipeline::validate::resolve_link(&p.path, &l.dest)) {
            (Some((a, _)), Some((b, _))) => *a == b,
            (None, None) => l.dest.trim() == cover.trim(),
            _ => false,
        }
    })
}

/// Previous and next of every page: by date, `prev` is the older one (the next in the list,
/// which is newest first); in weight or title order, `prev` is the one before.
fn neighbours(len: usize, sections: &[Section]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut out = vec![(None, None); len];
    // a page's neighbours are those of its own folder, not of a collection that lists it
    for s in sections.iter().filter(|s| s.meta.kind == SectionKind::List) {
        for (pos, &i) in s.pages.iter().enumerate() {
            let before = pos.checked_sub(1).and_then(|k| s.pages.get(k)).copied();
            let after = s.pages.get(pos + 1).copied();
            out[i] = match s.meta.sort_by {
                front_matter::SortBy::Date => (after, before),
                _ => (before, after),
            };
        }
    }
    out
}

/// How far from the current page a list's `pagers` reach: the default theme links the pages
/// within 2 of the current one and marks a gap at 3 (`partials/pagination.html`).
const PAGER_REACH: usize = 3;

/// The page numbers in a paginator's `pagers`: the first, the last, and those within
/// [`PAGER_REACH`] of `current`, in order. Listing every page made each page of a list of N pages
/// carry N links, and the template loop over them, so a list cost N² (4,750 pages of 20
/// reports at 100,000 reports: 22 million links; BENCHMARKS.md, "The super-linear path").
fn pager_numbers(current: usize, total: usize) -> impl Iterator<Item = usize> {
    let near = current.saturating_sub(PAGER_REACH).max(1)..=(current + PAGER_REACH).min(total);
    let first = (*near.start() > 1).then_some(1);
    let last = (*near.end() < total).then_some(total);
    first.into_iter().chain(near).chain(last)
}

/// `Title` or `Title (page 2)` for paginated lists.
fn page_title(title: &str, pager: &Pager, strings: &BTreeMap<String, String>) -> String {
    if pager.number == 1 {
        return title.to_string();
    }
    let prefix = strings.get("page_n_prefix").map(String::as_str).unwrap_or("page ");
    let suffix = strings.get("page_n_suffix").map(String::as_str).unwrap_or("");
    format!("{title} · {prefix}{}{suffix}", pager.number)
}

/// `html` with every `id="x"` and every link to it, `href="#x"`, given `prefix`, in tags only. The
/// HTML is the Markdown renderer's: text has `<` and `>` escaped (so every `<` opens a tag) but not
/// `"`, so a text `id="x"` stays as written; attribute values have `"` escaped.
fn scoped_ids(html: &str, prefix: &str) -> String {
    let (id, href) = (format!(" id=\"{prefix}"), format!(" href=\"#{prefix}"));
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        out.push_str(&rest[start..end].replace(" id=\"", &id).replace(" href=\"#", &href));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A taxonomy's name as the site shows it (`topics` → `专题`, from the theme's strings): the
/// title of its pages, and the name of its filter on the search page (`crate::search`).
pub fn taxonomy_title(strings: &BTreeMap<String, String>, name: &str) -> String {
    strings.get(&format!("taxonomy_{name}")).cloned().unwrap_or_else(|| name.to_string())
}

/// A date as templates show it. A date written without an offset is in the site's time zone
/// (`timezone:` in site.yaml), so `article:published_time` and feeds say `+08:00` for a Chinese
/// site rather than pretend it is UTC.
pub fn date_view(d: &Date, language: Language, tz: &jiff::tz::TimeZone) -> DateView {
    let date = d.date;
    let (y, m, day) = (date.year(), date.month(), date.day());
    let display = match language {
        Language::ZhCn => format!("{y}年{m}月{day}日"),
        Language::En => {
            format!("{} {day}, {y}", crate::pipeline::front_matter::month_name(m as usize))
        }
    };
    let time = d.time.unwrap_or(jiff::civil::Time::midnight());
    let offset_seconds = d.offset_seconds.unwrap_or_else(|| {
        tz.to_ambiguous_zoned_datetime(date.to_datetime(time)).compatible().map(|z| z.offset().seconds()).unwrap_or(0)
    });
    let offset = match offset_seconds {
        0 => "Z".to_string(),
        s => format!("{}{:02}:{:02}", if s < 0 { '-' } else { '+' }, s.abs() / 3600, (s.abs() % 3600) / 60),
    };
    DateView {
        iso: format!("{y:04}-{m:02}-{day:02}"),
        display,
        rfc3339: format!("{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}{offset}", time.hour(), time.minute(), time.second()),
        year: y,
        month: m,
        day,
    }
}

pub fn size_display(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.0} KB", (b / KB).max(1.0))
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else {
        format!("{:.1} GB", b / KB / KB / KB)
    }
}

pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // characters XML 1.0 forbids
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A file path as a URL path: percent-encodes the characters a URL path cannot hold (a space in
/// `视察 纪要.pdf`, `#`, `?`, `%`, quotes, angle brackets…), and keeps `/` and non-ASCII
/// characters, which HTML allows in a URL and which read better.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    for c in path.chars() {
        if c.is_ascii_control()
            || matches!(c, ' ' | '"' | '#' | '%' | '<' | '>' | '?' | '[' | '\\' | ']' | '^' | '`' | '{' | '|' | '}')
        {
            let _ = write!(out, "%{:02X}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Turns a Tera error into a diagnostic pointing at the template line.
fn template_error(e: &tera::Error, sources: &HashMap<String, Source>, rendering: Option<&str>) -> Diagnostic {
    let code = if rendering.is_some() { Code::TemplateRender } else { Code::TemplateSyntax };
    let mut d = match e.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let mut d =
                Diagnostic::error(code, format!("template error in `{}`: {}", report.filename(), report.message()));
            match sources.get(report.filename()) {
                Some(source) => d = d.with_span(source, report.span().range.clone()),
                None => {
                    let span = report.span();
                    d = d.with_file(PathBuf::from(report.filename())).with_note(format!(
                        "at {}:{}:{}",
                        report.filename(),
                        span.start_line,
                        span.start_col + 1
                    ));
                }
            }
            d
        }
        tera::ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error(Code::MissingTemplate, format!("template `{name}` not found"))
                .with_help("add it to the site's templates/ or the theme's templates/, or fix the `template:` field")
        }
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            Code::MissingTemplate,
            format!("template `{current}` extends `{parent}`, which does not exist"),
        ),
        other => Diagnostic::error(code, format!("template error: {other}")),
    };
    if code == Code::TemplateSyntax && d.help.is_none() {
        d = d.with_help(
            "check the tag at this line, and that every {% if %}, {% for %} and {% block %} has its {% end… %}",
        );
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        d = d.with_note(format!("caused by: {s}"));
        source = s.source();
    }
    if let Some(what) = rendering {
        d = d.with_note(format!("while rendering {what}"));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_scoped_to_a_document() {
        let html =
            r##"<h2 id="yi">一、<a href="#er">见二</a></h2><p>写 id="x" 与 href="#y"</p><a href="/a/#yi">x</a>"##;
        assert_eq!(
            scoped_ids(html, "d2-"),
            r##"<h2 id="d2-yi">一、<a href="#d2-er">见二</a></h2><p>写 id="x" 与 href="#y"</p><a href="/a/#yi">x</a>"##
        );
    }

    #[test]
    fn pagers_reach_three_pages_around_the_current_one() {
        let numbers = |current, total| pager_numbers(current, total).collect::<Vec<_>>();
        assert_eq!(numbers(1, 1), [1]);
        assert_eq!(numbers(1, 5), [1, 2, 3, 4, 5]);
        assert_eq!(numbers(1, 100), [1, 2, 3, 4, 100]);
        assert_eq!(numbers(5, 100), [1, 2, 3, 4, 5, 6, 7, 8, 100]);
        assert_eq!(numbers(50, 100), [1, 47, 48, 49, 50, 51, 52, 53, 100]);
        assert_eq!(numbers(100, 100), [1, 97, 98, 99, 100]);
        assert_eq!(numbers(4, 7), [1, 2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn sizes() {
        assert_eq!(size_display(512), "512 B");
        assert_eq!(size_display(24_000), "23 KB");
        assert_eq!(size_display(1_300_000), "1.2 MB");
    }

    #[test]
    fn dates_in_both_languages() {
        let utc = jiff::tz::TimeZone::UTC;
        let china = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
        let d = crate::pipeline::front_matter::parse_date("2024-01-04").unwrap();
        assert_eq!(date_view(&d, Language::ZhCn, &utc).display, "2024年1月4日");
        assert_eq!(date_view(&d, Language::En, &utc).display, "January 4, 2024");
        assert_eq!(date_view(&d, Language::En, &utc).rfc3339, "2024-01-04T00:00:00Z");
        // a date without an offset is in the site's time zone
        assert_eq!(date_view(&d, Language::ZhCn, &china).rfc3339, "2024-01-04T00:00:00+08:00");
        let d = crate::pipeline::front_matter::parse_date("2024-01-04T09:30:00+08:00").unwrap();
        assert_eq!(date_view(&d, Language::ZhCn, &utc).rfc3339, "2024-01-04T09:30:00+08:00");
        let d = crate::pipeline::front_matter::parse_date("2024-01-04T01:30:00Z").unwrap();
        assert_eq!(date_view(&d, Language::ZhCn, &china).rfc3339, "2024-01-04T01:30:00Z");
    }

    #[test]
    fn escaping() {
        assert_eq!(xml_escape("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(urlencode("生态 a/b"), "%E7%94%9F%E6%80%81%20a%2Fb");
        assert_eq!(encode_path("视察 纪要.pdf"), "视察%20纪要.pdf");
        assert_eq!(encode_path("a/b#1?x%.pdf"), "a/b%231%3Fx%25.pdf");
    }
}
