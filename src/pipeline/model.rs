//! The in-memory site: pages, sections and their URLs.
//!
//! In: content files (bytes) from discovery and the config. Out: [`Page`]s with typed front
//! matter, dates, URLs and sections; [`Section`]s with their settings — or diagnostics for every
//! bad file, all collected (a bad page is left out, the build goes on and then refuses to publish).
//! Never: writes the disk, or keeps a page's text: a page is analysed while its bytes are at hand
//! and [`PageSource`] reads its file again for the writer and for diagnostics.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, SlugMode};
use crate::diag::{Code, Diagnostic, Source};
use crate::pipeline::discover::{ContentFile, Stamp};
use crate::pipeline::front_matter::{self, Date, PageMeta, SectionMeta, SortBy};
use crate::pipeline::markdown::{self, MarkdownOptions, Rendered};
use crate::text;

/// A report, news post or standalone page.
#[derive(Debug)]
pub struct Page {
    /// Identifies this parse of the file: equal versions mean equal pages (for incremental
    /// rebuilds).
    pub version: u64,
    /// Its file. A page does not keep its text (a report is 10–20 KB: the texts of 100,000
    /// reports are 1.3 GB); the writer reads it again to render the body, and a diagnostic to
    /// show its lines.
    pub source: PageSource,
    /// Path relative to content/.
    pub rel: String,
    pub meta: PageMeta,
    pub title: String,
    /// From front matter, else from the file name prefix; `None` only for standalone pages.
    pub date: Option<Date>,
    /// The top-level folder it is in, or `None` at the content root.
    pub section: Option<String>,
    /// Site-relative URL path: `/reports/2024/foo/`.
    pub path: String,
    /// The folder of a page bundle (`…/index.md`), relative to content/.
    pub bundle: Option<String>,
    pub body_offset: usize,
    pub rendered: Rendered,
    pub summary: String,
    /// Credentials pasted into its text (E093, `crate::secrets`), found while its text was
    /// at hand; the validation stage reports them.
    pub secrets: Vec<Diagnostic>,
}

/// A page's file, read again when its text is needed.
#[derive(Clone, Debug)]
pub struct PageSource {
    /// The path shown to the user: `content/reports/x.md`.
    pub path: PathBuf,
    /// Where it is read from.
    file: PathBuf,
    /// What its text was hashed with into the page's version (see [`Page::version`]).
    rel: String,
    stamp: Stamp,
    version: u64,
    /// The text read for diagnostics, kept once read: a file with 16,000 broken links is read
    /// once, not once a link (test `hardening::thousands_of_errors_in_one_file`). Only pages
    /// with diagnostics have it.
    shown: std::sync::OnceLock<Source>,
}

impl PageSource {
    /// The text the page was made from. An error when the file cannot be read or has changed
    /// since the page was loaded (its body would not match what was checked): build again.
    pub fn read(&self) -> Result<Source, Diagnostic> {
        let changed = || {
            Diagnostic::error(Code::Io, "the file changed while the site was being built")
                .with_file(&self.path)
                .with_help("build again (an editor saved it during the build)")
        };
        let bytes = crate::fs::read_regular(&self.file).map_err(|e| {
            Diagnostic::error(
                Code::Io,
                format!("cannot read {}: {}", self.path.display(), crate::fs::io_reason(&e.source)),
            )
            .with_file(&self.path)
        })?;
        let text = text::decode_utf8(&bytes, &self.path).map_err(|_| changed())?;
        if version_of(&self.rel, self.stamp, &text) != self.version {
            return Err(changed());
        }
        Ok(Source { path: self.path.clone(), text: Arc::from(text.as_str()) })
    }
}

impl crate::diag::SpanSource for PageSource {
    fn span_source(&self) -> Source {
        let read = || self.read().unwrap_or_else(|_| Source { path: self.path.clone(), text: Arc::from("") });
        self.shown.get_or_init(read).clone()
    }
}

/// The version of a page: its file's path, stamp and text, hashed.
fn version_of(rel: &str, stamp: Stamp, text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (rel, stamp, text).hash(&mut h);
    h.finish()
}

impl Page {
    /// The folder its relative links resolve against (its URL path).
    pub fn year(&self) -> Option<i16> {
        self.date.map(|d| d.date.year())
    }

    /// The path, relative to content/, of a file its front matter names (`cover: photo.jpg`, an
    /// attachment): in its bundle folder, else beside its Markdown file. The build checks that
    /// the file is there, the renderer links it and shows its size, and `serve` fingerprints
    /// that size, all from this path; [`content_file_path`] says where it is published.
    pub fn file_rel(&self, file: &str) -> String {
        match &self.bundle {
            Some(bundle) => format!("{bundle}/{file}"),
            None => match self.rel.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/{file}"),
                None => file.to_string(),
            },
        }
    }
}

/// A top-level folder of content/.
#[derive(Debug)]
pub struct Section {
    /// The folder name.
    pub name: String,
    pub title: String,
    pub description: String,
    pub meta: SectionMeta,
    /// `/reports/`
    pub path: String,
    pub content: Rendered,
    /// The text of its `_index.md`, decoded once (links in it are checked like a page's).
    pub source: Option<Source>,
    /// Its pages, in the section's order (indices into the site's pages); a collection's are
    /// the pages it lists (`pipeline::collection`), from any section.
    pub pages: Vec<usize>,
}

/// The home page's `content/_index.md`.
#[derive(Debug, Default)]
pub struct Home {
    pub meta: SectionMeta,
    pub content: Rendered,
    /// The text of `content/_index.md`, decoded once.
    pub source: Option<Source>,
}

/// Parses and renders every page in parallel. A file listed without bytes (unchanged since the
/// last build) takes its page from `previous`. Returns the good pages (in discovery order) and
/// the diagnostics of the bad ones.
pub fn parse_pages(
    config: &Config,
    files: &mut [ContentFile],
    previous: &(dyn Fn(&str) -> Option<Arc<Page>> + Sync),
) -> (Vec<Arc<Page>>, Vec<Diagnostic>, Vec<FailedPage>) {
    let md_options = MarkdownOptions::for_site(config);
    // each file's bytes and text are dropped as soon as it is analysed: pages keep what the
    // checks and the lists need, and the writer reads the text again (`PageSource::read`)
    let results: Vec<Result<Option<Arc<Page>>, Failure>> = files
        .par_iter_mut()
        .map(|f| match f.unchanged {
            true => Ok(previous(&f.rel)),
            false => f
                .take_bytes(&config.root)
                .map_err(|d| Failure::from(vec![d]))
                .and_then(|bytes| parse_page(config, f, &bytes))
                .and_then(|page| {
                    page.map(|(mut p, source)| {
                        p.rendered = markdown::analyze(&source.text[p.body_offset..], p.body_offset, &md_options);
                        if p.rendered.too_deep.is_some() {
                            // kept as a failed page (links to it are not broken); the loop below
                            // reports E080 (test `resources::a_link_to_a_page_nested_too_deep_is_not_broken`)
                            let (body_offset, path, rendered) = (p.body_offset, p.path, p.rendered);
                            let page = FailedPage { source, body_offset, path, rendered };
                            return Err(Failure { diagnostics: Vec::new(), page: Some(page) });
                        }
                        p.secrets = crate::secrets::in_content(&source);
                        p.summary = match &p.meta.summary {
                            Some(s) => s.clone(),
                            None => text::truncate_summary(&p.rendered.first_paragraph, SUMMARY_CHARS),
                        };
                        p.rendered.lighten();
                        Ok(Arc::new(p))
                    })
                    .transpose()
                }),
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut diags = Vec::new();
    let mut failed = Vec::new();
    for r in results {
        match r {
            Ok(Some(p)) => pages.push(p),
            Ok(None) => {}
            Err(f) => {
                diags.extend(f.diagnostics);
                if let Some(mut page) = f.page {
                    // a page nested too deep comes rendered (as far as the limit)
                    if page.rendered.too_deep.is_none() {
                        page.rendered = markdown::render_markdown(
                            &page.source.text[page.body_offset..],
                            page.body_offset,
                            &md_options,
                        );
                    }
                    if let Some(range) = page.rendered.too_deep.take() {
                        diags.push(markdown::too_deep(&page.source, range));
                    }
                    failed.push(page);
                }
            }
        }
    }
    (pages, diags, failed)
}

/// A page whose front matter has errors, kept so that its body's links are checked in the same
/// run as its front matter (test `diagnostics::a_page_with_errors_has_its_links_checked_too`),
/// and so that a link to it is not called broken: it is there, with errors of its own.
pub struct FailedPage {
    pub source: Source,
    pub body_offset: usize,
    /// Its URL as its file name gives it (a `slug:` in broken front matter cannot be read).
    pub path: String,
    pub rendered: Rendered,
}

/// Why a page is not in the site: its diagnostics, and the page as far as it could be read.
struct Failure {
    diagnostics: Vec<Diagnostic>,
    page: Option<FailedPage>,
}

impl From<Vec<Diagnostic>> for Failure {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Failure { diagnostics, page: None }
    }
}

/// Summary characters when a page has no `summary:`.
pub const SUMMARY_CHARS: usize = 120;

/// One page and its text; `Ok(None)` for a draft when drafts are off.
fn parse_page(config: &Config, file: &ContentFile, bytes: &[u8]) -> Result<Option<(Page, Source)>, Failure> {
    let shown = PathBuf::from("content").join(&file.rel);
    let text = text::decode_utf8(bytes, &shown).map_err(|d| vec![*d])?;
    let source = Source { path: shown, text: Arc::from(text.as_str()) };
    let split = front_matter::split(&source, &text).map_err(|d| vec![*d])?;
    let section = file.rel.split_once('/').map(|(s, _)| s.to_string());
    if split.yaml.is_none() {
        return Err(vec![
            Diagnostic::error(Code::FrontMatterMissing, "page has no front matter")
                .with_span(&source, 0..text.find('\n').unwrap_or(text.len()))
                .with_label("a page must start with a `---` line")
                .with_help("start the file with:\n---\ntitle: 报告标题\ndate: 2024-01-04\n---"),
        ]
        .into());
    }
    // from here on the body is known: a page that fails keeps it for the link check
    let failed = |diagnostics: Vec<Diagnostic>| {
        let (dir, stem, _) = file_parts(&file.rel);
        let leaf = default_leaf(&stem, config);
        let page = FailedPage {
            source: source.clone(),
            body_offset: split.body_offset,
            path: page_path(&dir, &leaf, config),
            rendered: Rendered::default(),
        };
        Failure { diagnostics, page: Some(page) }
    };
    let meta = front_matter::parse_page(&source, &split, &config.taxonomies).map_err(failed)?;
    if meta.draft && !config.drafts {
        return Ok(None);
    }
    let mut diags = Vec::new();
    let title = match &meta.title {
        Some(t) => t.clone(),
        None => {
            diags.push(
                Diagnostic::error(Code::MissingTitle, "page has no title")
                    .with_span(&source, 0..3)
                    .with_label("front matter without `title:`")
                    .with_help("add a line such as `title: 江陵县人民代表大会常务委员会工作报告`"),
            );
            String::new()
        }
    };

    // The file or bundle name, and the date it may carry.
    let (dir, stem, bundle) = file_parts(&file.rel);
    let stem_date = front_matter::date_from_file_stem(&stem);
    let date = match (meta.date, &stem_date) {
        (Some(d), _) => Some(d),
        (None, Some(Ok(d))) => Some(*d),
        (None, Some(Err(m))) => {
            diags.push(
                Diagnostic::error(Code::InvalidDate, format!("invalid date in file name: {m}"))
                    .with_file(&source.path)
                    .with_help("rename the file with a real date, or set `date:` in the front matter"),
            );
            None
        }
        (None, None) => {
            if section.is_some() {
                diags.push(
                    Diagnostic::error(Code::MissingDate, "page has no date")
                        .with_span(&source, 0..3)
                        .with_label("front matter without `date:`")
                        .with_help(
                            "add `date: 2024-01-04`, or start the file name with the date: 2024-01-04-report.md",
                        ),
                );
            }
            None
        }
    };

    // The last URL segment: `slug:`, else the file or bundle name without its date prefix.
    let leaf = match &meta.slug {
        Some(slug) => {
            if !text::is_valid_slug(slug, config.slugify) {
                let range = meta.spans.get("slug").cloned().unwrap_or(0..3);
                let allowed = match config.slugify {
                    SlugMode::Pinyin => "ASCII letters, digits, `-` and `_`",
                    SlugMode::Unicode => "letters (Chinese too), digits, `-` and `_`",
                };
                diags.push(
                    Diagnostic::error(Code::InvalidSlug, "invalid slug")
                        .with_span(&source, range)
                        .with_label(format!("a slug may only contain {allowed}"))
                        .with_help("a slug names one page inside its folder; it cannot contain `/` or `..`"),
                );
            }
            slug.clone()
        }
        None => default_leaf(&stem, config),
    };
    if !diags.is_empty() {
        return Err(failed(diags));
    }
    let path = page_path(&dir, &leaf, config);

    let version = version_of(&file.rel, file.stamp, &text);
    let page_source = PageSource {
        path: source.path.clone(),
        file: file.path.clone(),
        rel: file.rel.clone(),
        stamp: file.stamp,
        version,
        shown: Default::default(),
    };
    Ok(Some((
        Page {
            version,
            source: page_source,
            rel: file.rel.clone(),
            title,
            date,
            section,
            path,
            bundle,
            body_offset: split.body_offset,
            meta,
            rendered: Rendered::default(),
            summary: String::new(),
            secrets: Vec::new(),
        },
        source,
    )))
}

/// (folder, file or bundle name without `.md`, bundle folder) of a content path.
fn file_parts(rel: &str) -> (String, String, Option<String>) {
    match rel.rsplit_once('/') {
        Some((dir, "index.md")) => match dir.rsplit_once('/') {
            Some((parent, leaf)) => (parent.to_string(), leaf.to_string(), Some(dir.to_string())),
            None => (String::new(), dir.to_string(), Some(dir.to_string())),
        },
        Some((dir, name)) => (dir.to_string(), name.trim_end_matches(".md").to_string(), None),
        None => (String::new(), rel.trim_end_matches(".md").to_string(), None),
    }
}

/// The last URL segment a page gets without `slug:`: its name without the date prefix, slugged.
fn default_leaf(stem: &str, config: &Config) -> String {
    let dated = front_matter::date_from_file_stem(stem).is_some();
    let name = if dated { stem[10..].trim_start_matches(['-', '_', ' ']) } else { stem };
    let name = if name.is_empty() { stem } else { name };
    let slug = text::slugify(name, config.slugify);
    if slug.is_empty() { "page".to_string() } else { slug }
}

/// `/folder/sub/leaf/`, the folders slugged.
fn page_path(dir: &str, leaf: &str, config: &Config) -> String {
    let mut path = folder_path(dir, config.slugify);
    path.push_str(leaf);
    path.push('/');
    path
}

/// A folder of content/ as a URL path, `/folder/sub/`, each name slugged: where its pages and
/// its files (other than a bundle's) go.
fn folder_path(dir: &str, mode: SlugMode) -> String {
    let mut path = String::from("/");
    for segment in dir.split('/').filter(|s| !s.is_empty()) {
        path.push_str(&segment_slug(segment, mode));
        path.push('/');
    }
    path
}

/// Each bundle folder (relative to content/) with the URL path of its page.
pub fn bundle_paths(pages: &[Arc<Page>]) -> HashMap<&str, &str> {
    pages.iter().filter_map(|p| p.bundle.as_deref().map(|b| (b, p.path.as_str()))).collect()
}

/// Where a file of content/ (by its path relative to content/) is published: beside its
/// bundle's page (`news/2023/2023-03-15-visit/img/a.png` → `/news/2023/visit/img/a.png`), else
/// under its folders slugged (`reports/图片/a.png` → `/reports/tu-pian/a.png`). The output plan
/// and every link to a page's files (cover, attachments) ask this one function.
pub fn content_file_path(rel: &str, bundles: &HashMap<&str, &str>, mode: SlugMode) -> String {
    let mut dir = rel;
    while let Some((parent, _)) = dir.rsplit_once('/') {
        if let Some(page_path) = bundles.get(parent) {
            return format!("{page_path}{}", &rel[parent.len() + 1..]);
        }
        dir = parent;
    }
    let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let mut out = folder_path(folder, mode);
    out.push_str(name);
    out
}

/// A folder name as a URL segment (Chinese folder names become pinyin).
pub fn segment_slug(segment: &str, mode: SlugMode) -> String {
    let s = text::slugify(segment, mode);
    if s.is_empty() { "_".to_string() } else { s }
}

/// Parses `_index.md` files: the home page's and one per section folder. Sections also exist
/// for top-level folders without `_index.md`; their title is the theme's string for a
/// well-known folder name (`section_news` → 新闻动态), else the folder name, with a warning.
/// The site's name is site.yaml's `title` alone: a different `title:` in `content/_index.md`
/// is not shown, and gets a warning.
pub fn parse_sections(
    config: &Config,
    indexes: &[ContentFile],
    pages: &[Arc<Page>],
    strings: &BTreeMap<String, String>,
) -> (Home, Vec<Section>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut home = Home::default();
    let mut metas: BTreeMap<String, (SectionMeta, Option<(Source, usize)>)> = BTreeMap::new();
    for f in indexes {
        let shown = PathBuf::from("content").join(&f.rel);
        let parsed = (|| -> Result<(SectionMeta, Source, usize), Vec<Diagnostic>> {
            let text = text::decode_utf8(f.bytes.as_deref().unwrap_or_default(), &shown).map_err(|d| vec![*d])?;
            let source = Source { path: shown.clone(), text: Arc::from(text.as_str()) };
            let split = front_matter::split(&source, &text).map_err(|d| vec![*d])?;
            let meta = front_matter::parse_section(&source, &split)?;
            Ok((meta, source.clone(), split.body_offset))
        })();
        let (meta, source, body_offset) = match parsed {
            Ok(p) => p,
            Err(d) => {
                diags.extend(d);
                continue;
            }
        };
        match f.rel.split('/').collect::<Vec<_>>().as_slice() {
            ["_index.md"] => {
                if let Some(title) = meta.title.as_deref().filter(|t| t.trim() != config.title.trim()) {
                    diags.push(home_title_ignored(&source, title, &config.title));
                }
                home = Home { meta, content: Rendered::default(), source: None };
                metas.insert(String::new(), (SectionMeta::default(), Some((source, body_offset))));
            }
            [name, "_index.md"] => {
                metas.insert((*name).to_string(), (meta, Some((source, body_offset))));
            }
            _ => diags.push(
                Diagnostic::warning(Code::IgnoredIndex, "_index.md below a section is ignored")
                    .with_file(&shown)
                    .with_help(
                        "only top-level folders of content/ are sections; move its text to the section's _index.md",
                    ),
            ),
        }
    }
    let home_source = metas.remove("").and_then(|m| m.1);
    // a body nested too deep is an error here as in pages (test `resources::deep_nesting_*`)
    let render = |source: &Source, offset: usize, diags: &mut Vec<Diagnostic>| {
        let mut content = crate::pipeline::render_body(config, source, offset);
        if let Some(range) = content.too_deep.take() {
            diags.push(markdown::too_deep(source, range));
        }
        content
    };
    home.content = match &home_source {
        Some((source, offset)) => render(source, *offset, &mut diags),
        None => Rendered::default(),
    };
    home.source = home_source.map(|(source, _)| source);
    for p in pages {
        if let Some(s) = &p.section {
            metas.entry(s.clone()).or_insert_with(|| (SectionMeta::default(), None));
        }
    }
    let mut sections: Vec<Section> = metas
        .into_iter()
        .map(|(name, (meta, source))| {
            let content = match &source {
                Some((source, offset)) => render(source, *offset, &mut diags),
                None => Rendered::default(),
            };
            let title = match (&meta.title, strings.get(&format!("section_{name}"))) {
                (Some(title), _) => title.clone(),
                (None, Some(title)) => title.clone(),
                (None, None) => {
                    diags.push(untitled_section(&name, source.is_some()));
                    name.clone()
                }
            };
            Section {
                title,
                description: meta.description.clone().unwrap_or_default(),
                path: folder_path(&name, config.slugify),
                name,
                meta,
                content,
                source: source.map(|(source, _)| source),
                pages: Vec::new(),
            }
        })
        .collect();
    sections.sort_by(|a, b| {
        (a.meta.weight.unwrap_or(i64::MAX), &a.title, &a.name).cmp(&(
            b.meta.weight.unwrap_or(i64::MAX),
            &b.title,
            &b.name,
        ))
    });
    (home, sections, diags)
}

/// W008: `content/_index.md` has a `title:` other than site.yaml's, which the site shows.
fn home_title_ignored(source: &Source, title: &str, site_title: &str) -> Diagnostic {
    let text = &source.text;
    let start = text.find("\ntitle:").map(|i| i + 1).unwrap_or(0);
    let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    Diagnostic::warning(Code::HomeTitleIgnored, format!("the home page's title `{title}` is not shown"))
        .with_span(source, start..end)
        .with_label(format!("the site's name is `{site_title}`, from site.yaml"))
        .with_help(
            "the header, the home page banner and every page title show `title:` of site.yaml; \
             change the name there, and remove this line",
        )
}

/// W009: a section folder without `_index.md` title and with a name the theme has no title for.
fn untitled_section(name: &str, has_index: bool) -> Diagnostic {
    let folder = PathBuf::from("content").join(name);
    let file = if has_index { folder.join("_index.md") } else { folder };
    let d = Diagnostic::warning(
        Code::UntitledSection,
        format!("section `{name}` has no title, so readers see the folder name `{name}`"),
    )
    .with_file(&file);
    d.with_help(format!("give it one: write content/{name}/_index.md with\n---\ntitle: 栏目名称\n---"))
}

/// Orders page indices newest first; ties by weight, then title, then path (deterministic).
pub fn sort_pages(pages: &[Arc<Page>], indices: &mut [usize], by: SortBy) {
    // each key compared only when the ones before it tie: comparing every title (long, and
    // alike for a long way) was most of a rebuild's sorting
    indices.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a], &pages[b]);
        let by_weight = || pa.meta.weight.unwrap_or(i64::MAX).cmp(&pb.meta.weight.unwrap_or(i64::MAX));
        let by_date = || pb.date.cmp(&pa.date);
        let by_title = || pa.title.cmp(&pb.title);
        let primary = match by {
            SortBy::Date => by_date().then_with(by_weight),
            SortBy::Weight => by_weight().then_with(by_date),
            SortBy::Title => by_title().then_with(by_date),
        };
        primary.then_with(by_title).then_with(|| pa.path.cmp(&pb.path))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_files_follow_their_bundle() {
        let bundles: HashMap<&str, &str> = [("news/2023/2023-03-15-visit", "/news/2023/visit/")].into_iter().collect();
        let path = |rel| content_file_path(rel, &bundles, SlugMode::Pinyin);
        assert_eq!(path("news/2023/2023-03-15-visit/cover.jpg"), "/news/2023/visit/cover.jpg");
        assert_eq!(path("news/2023/2023-03-15-visit/img/a.png"), "/news/2023/visit/img/a.png");
        assert_eq!(path("reports/图片/a.png"), "/reports/tu-pian/a.png");
        assert_eq!(path("logo.png"), "/logo.png");
    }
}
