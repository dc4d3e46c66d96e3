//! Property: after any sequence of edits, `serve`'s incremental rebuild (one `BuildCache`, built
//! in place, the search bundle refreshed as `serve` does) equals a clean `gazette build` of the
//! same site: the same files, the same bytes. The oracle of `serve::incremental_rebuilds_equal_a_clean_build`,
//! driven by random sites and edit sequences (issue 14, "Correctness the plan must bring").
//!
//! A site is a model (pages in sections, years and bundles, with titles, dates, topics, types,
//! drafts, aliases, summaries, weights, attachments, covers and links to pages, headings and
//! files; the home page's and a section's `_index.md`; template overrides, a broken one too; a
//! static file and one over the theme's; the title and `paginate` in `site.yaml`), written to
//! disk after each edit; only files whose bytes change are written, and a rename is a real
//! rename (the file keeps its time). A step whose build fails is fine when the clean build fails
//! with the same error codes. A failure prints the steps up to the one that differs, and what
//! differs.
//!
//! It found three bugs, fixed and kept at the end as regression tests: the home page's and a
//! section's `_index.md` text did not re-render their lists, and a config change forgot the files
//! to remove.
//!
//! Only the pipeline's public entry points are used (`Config::load`, `build_into` with
//! `Target::InPlace`, `refresh_search`, `build`), as `serve` and the oracle use them.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use proptest::prelude::*;
use proptest::sample::Index;

use gazette::config::{Config, Overrides};
use gazette::pipeline::{BuildCache, Target, build, build_into, refresh_search};

use crate::support::repo;

// ------------------------------------------------------------------------------------------
// The model of a site

const SLUGS: &[&str] =
    &["gongzuo-baogao", "shenyi-yijian", "diaoyan", "预算报告", "shicha", "zhifa-jiancha", "jueyi", "2-hao"];
const TITLES: &[&str] = &["县人大常委会工作报告", "关于生态环境保护的审议意见", "调研报告", "工作报告"];
const TOPICS: &[&str] = &["生态环保", "预算审查", "代表工作"];
const TYPES: &[&str] = &["工作报告", "审议意见", "新闻"];
const YEARS: &[u16] = &[2023, 2024];
/// Bodies 1, 3, 5 and 6 link to a page, an attachment, a heading and an image that may not be
/// there (an error). Every site starts with the page and the heading (see [`model`]). Bodies 7
/// and 8 are always errors.
const BODIES: &[&str] = &[
    "正文。",
    "## 一、基本情况\n\n正文，见[工作报告](/reports/2024/gongzuo-baogao/)。\n\n## 二、问题\n\n问题。",
    "**扎实开展主题教育。**县人大常委会坚持学习。[^1]\n\n[^1]: 注释。",
    "见[附件](附件.pdf)。",
    "县人大常委会审议了报告，认为报告实事求是，措施有力，同意报告。县人大常委会审议了报告，认为报告实事求是。",
    "见[基本情况](/reports/2024/gongzuo-baogao/#yi-ji-ben-qing-kuang)。",
    "![现场](cover.jpg)",
    // errors found in the page's own text, kept by page version between builds: a script URL,
    // a heading attribute, a credential
    "见[链接](javascript:alert(1))。\n\n## 标题 {onclick=x}",
    "密钥为 AKIAIOSFODNN7EXAMPLE。",
];
/// The attachment of a bundle page.
const ATTACHMENT: &str = "附件.pdf";
/// The cover image of a bundle page.
const COVER: &str = "cover.jpg";
/// Templates a site may override, and where an edit puts its mark in the theme's copy.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", "</body>"),
    ("page.html", "{%- endblock meta %}"),
    ("section.html", "{%- endblock meta %}"),
    ("index.html", "{%- endblock main %}"),
    ("taxonomy_term.html", "{%- endblock meta %}"),
    ("taxonomy_list.html", "{%- endblock meta %}"),
    ("partials/footer.html", "</footer>"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Reports,
    News,
    /// a page outside any section (`content/<slug>.md`)
    Standalone,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum DateField {
    /// the date of the file name only
    None,
    /// the file name's date, in Chinese
    Chinese,
    /// another date than the file name's
    Other,
    /// 2024-02-30: an error
    Invalid,
}

#[derive(Clone, Debug)]
struct PageSpec {
    section: Section,
    year: u16,
    month: u8,
    slug: &'static str,
    title: &'static str,
    date: DateField,
    topics: Vec<&'static str>,
    doc_type: Option<&'static str>,
    draft: bool,
    alias: bool,
    body: usize,
    /// a folder with `index.md` (a bundle) rather than a file
    bundle: bool,
    /// an attachment listed in the front matter: (its size in hundreds of bytes, whether the
    /// file is there)
    attachment: Option<(u8, bool)>,
    /// a cover image (in a bundle): its bytes, one of a few
    cover: Option<u8>,
    summary: bool,
    weight: Option<i8>,
}

impl PageSpec {
    /// The Markdown file, relative to the site root.
    fn path(&self) -> String {
        let stem = match self.section {
            Section::Standalone => format!("content/{}", self.slug),
            s => {
                let name = if s == Section::Reports { "reports" } else { "news" };
                format!("content/{name}/{}/{}-{:02}-01-{}", self.year, self.year, self.month, self.slug)
            }
        };
        if self.bundle { format!("{stem}/index.md") } else { format!("{stem}.md") }
    }

    /// The file or folder a rename moves.
    fn root_path(&self) -> String {
        let p = self.path();
        if self.bundle { p.trim_end_matches("/index.md").to_string() } else { p }
    }

    fn text(&self) -> String {
        let mut t = format!("---\ntitle: {}\n", self.title);
        match self.date {
            DateField::None => {}
            DateField::Chinese => t += &format!("date: {}年{}月1日\n", self.year, self.month),
            DateField::Other => t += &format!("date: {}-{:02}-15\n", self.year, self.month),
            DateField::Invalid => t += "date: 2024-02-30\n",
        }
        if let Some(ty) = self.doc_type {
            t += &format!("type: {ty}\n");
        }
        if !self.topics.is_empty() {
            t += &format!("topics: [{}]\n", self.topics.join(", "));
        }
        if self.draft {
            t += "draft: true\n";
        }
        if self.alias {
            t += &format!("aliases: [\"/old/{}-{}.html\"]\n", self.slug, self.year);
        }
        if self.attachment.is_some() {
            t += &format!("attachments:\n  - {{file: {ATTACHMENT}, title: 附件}}\n");
        }
        if self.cover.is_some() {
            t += &format!("cover: {COVER}\n");
        }
        if self.summary {
            t += "summary: 本报告分三部分。\n";
        }
        if let Some(w) = self.weight {
            t += &format!("weight: {w}\n");
        }
        t += "---\n";
        t += BODIES[self.body];
        t.push('\n');
        t
    }

    fn files(&self, out: &mut BTreeMap<String, Vec<u8>>) {
        let path = self.path();
        let dir = path.rsplit_once('/').unwrap().0;
        if let Some((size, true)) = self.attachment {
            out.insert(format!("{dir}/{ATTACHMENT}"), attachment_bytes(size));
        }
        if let Some(n) = self.cover {
            out.insert(format!("{dir}/{COVER}"), format!("JPEGDATA{n}").into_bytes());
        }
        out.insert(path, self.text().into_bytes());
    }
}

fn attachment_bytes(size: u8) -> Vec<u8> {
    let mut b = b"%PDF-1.4\n".to_vec();
    b.resize(100 * size as usize + 9, b'x');
    b
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum TemplateState {
    /// the theme's template with a mark of this number
    Marked(u8),
    /// a template Tera cannot parse: every build fails
    Broken,
}

#[derive(Clone, Debug)]
struct Model {
    pages: Vec<PageSpec>,
    /// `content/_index.md`: one of a few bodies
    home: u8,
    /// `content/reports/_index.md`: absent (0) or one of three (1 and 2 differ only in the
    /// description and text)
    reports_index: u8,
    /// `content/zhuanti/_index.md`: absent (0), a collection of the first two pages (1), a
    /// bulletin issue of the first page (2), a collection of another title, the pages reversed (3)
    collection: u8,
    templates: BTreeMap<&'static str, TemplateState>,
    /// `static/notice.txt`: absent or one of a few contents, all of one size
    static_file: Option<u8>,
    /// `static/favicon.svg`, over the theme's: absent or one of a few contents
    favicon: Option<u8>,
    paginate: u8,
    /// the site's title: one of two
    title: u8,
    search: bool,
}

impl Model {
    fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        let title = ["测试站点", "县人大常委会"][self.title as usize % 2];
        let mut yaml = format!(
            "title: {title}\nbase_url: https://example.org/renda/\nlanguage: zh-CN\npaginate: {}\n",
            self.paginate
        );
        if !self.search {
            yaml += "search: false\n";
        }
        out.insert("site.yaml".to_string(), yaml.into_bytes());
        let home = ["欢迎访问。", "欢迎访问本站。", "## 通知\n\n欢迎。"][self.home as usize % 3];
        out.insert("content/_index.md".to_string(), format!("---\n---\n{home}\n").into_bytes());
        let reports_index = match self.reports_index % 4 {
            0 => None,
            1 => Some("---\ntitle: 报告\nweight: 1\n---\n"),
            // the same title: only the description and the text change
            2 => Some("---\ntitle: 报告\nweight: 1\ndescription: 常委会的报告\n---\n说明。\n"),
            _ => Some("---\ntitle: 各类报告\nweight: 2\nsort_by: weight\n---\n"),
        };
        if let Some(text) = reports_index {
            out.insert("content/reports/_index.md".to_string(), text.as_bytes().to_vec());
        }
        let listed: Vec<String> = self.pages.iter().take(2).map(|p| format!("  - {}\n", p.path())).collect();
        let collection = match self.collection % 4 {
            0 => None,
            1 => Some(format!("---\ntitle: 专题甲\nkind: collection\npages:\n{}---\n介绍。\n", listed.concat())),
            2 => Some(format!(
                "---\ntitle: 公报\nkind: bulletin\nissue: {{year: 2024, number: 3}}\npages:\n{}---\n",
                listed.iter().take(1).cloned().collect::<String>()
            )),
            _ => Some(format!(
                "---\ntitle: 专题乙\nkind: collection\npages:\n{}---\n",
                listed.iter().rev().cloned().collect::<String>()
            )),
        };
        if let Some(text) = collection {
            out.insert("content/zhuanti/_index.md".to_string(), text.into_bytes());
        }
        for (name, state) in &self.templates {
            let text = match state {
                TemplateState::Broken => "{% if %}\n".to_string(),
                TemplateState::Marked(n) => {
                    let (_, needle) = TEMPLATES.iter().find(|(t, _)| t == name).unwrap();
                    let theme = std::fs::read_to_string(repo().join("themes/default/templates").join(name)).unwrap();
                    assert!(theme.contains(needle), "{name} has no {needle}: update TEMPLATES");
                    theme.replacen(needle, &format!("<!-- mark {n} -->{needle}"), 1)
                }
            };
            out.insert(format!("templates/{name}"), text.into_bytes());
        }
        if let Some(n) = self.static_file {
            out.insert("static/notice.txt".to_string(), format!("通知 {n}\n").repeat(2).into_bytes());
        }
        if let Some(n) = self.favicon {
            let svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><title>{n}</title></svg>\n");
            out.insert("static/favicon.svg".to_string(), svg.into_bytes());
        }
        for p in &self.pages {
            p.files(&mut out);
        }
        out
    }

    /// The page an edit names, if there is any page.
    fn at(&self, x: &Index) -> Option<usize> {
        (!self.pages.is_empty()).then(|| x.index(self.pages.len()))
    }

    fn page_mut(&mut self, x: &Index) -> Option<&mut PageSpec> {
        self.at(x).map(|i| &mut self.pages[i])
    }

    /// Whether a new page has a URL of its own (two pages on one URL are an error: new pages
    /// avoid it so that most steps build; renames may still cause it).
    fn url_free(&self, page: &PageSpec) -> bool {
        let url = |p: &PageSpec| (p.section, (p.section != Section::Standalone).then_some(p.year), p.slug);
        self.free(None, page) && self.pages.iter().all(|p| url(p) != url(page))
    }

    /// Whether a page could go to `path` without writing over another page's file or folder.
    fn free(&self, except: Option<usize>, page: &PageSpec) -> bool {
        let root = page.root_path();
        let stem = root.trim_end_matches(".md");
        self.pages.iter().enumerate().filter(|(i, _)| Some(*i) != except).all(|(_, p)| {
            let other = p.root_path();
            let other_stem = other.trim_end_matches(".md");
            other_stem != stem
        })
    }
}

// ------------------------------------------------------------------------------------------
// Edits

#[derive(Clone, Debug)]
enum Edit {
    Body(Index, usize),
    Title(Index, &'static str),
    Date(Index, DateField),
    Topics(Index, Vec<&'static str>),
    Type(Index, Option<&'static str>),
    ToggleDraft(Index),
    ToggleAlias(Index),
    Add(PageSpec),
    Delete(Index),
    /// `mv` to another slug and year (a bundle's folder moves whole)
    Rename(Index, &'static str, u16),
    /// the page becomes a bundle with an attachment of this size (hundreds of bytes)
    Attach(Index, u8),
    /// the attachment's file and its entry go
    Detach(Index),
    /// the attachment's file goes, its entry stays: an error
    DeleteAttachmentFile(Index),
    /// the page becomes a bundle with a cover image of these bytes, or loses its cover
    Cover(Index, Option<u8>),
    ToggleSummary(Index),
    Weight(Index, Option<i8>),
    /// a template override: marked, broken, or removed (`None`)
    Template(usize, Option<TemplateState>),
    Home(u8),
    ReportsIndex(u8),
    Collection(u8),
    Static(Option<u8>),
    Favicon(Option<u8>),
    Paginate(u8),
    SiteTitle(u8),
    /// the page's file written again with the same bytes (only its time changes)
    Touch(Index),
}

impl Edit {
    /// Applies the edit to the model, and renames on disk (`site`), where `on_disk` records
    /// what the files hold and `changed` what a watcher would report. Returns the file to write
    /// again although its bytes are the same.
    fn apply(
        &self,
        model: &mut Model,
        site: &Path,
        on_disk: &mut BTreeMap<String, Vec<u8>>,
        changed: &mut Vec<String>,
    ) -> Option<String> {
        match self {
            Edit::Body(x, b) => model.page_mut(x).into_iter().for_each(|p| p.body = *b),
            Edit::Title(x, t) => model.page_mut(x).into_iter().for_each(|p| p.title = t),
            Edit::Date(x, d) => model.page_mut(x).into_iter().for_each(|p| p.date = *d),
            Edit::Topics(x, t) => model.page_mut(x).into_iter().for_each(|p| p.topics = t.clone()),
            Edit::Type(x, t) => model.page_mut(x).into_iter().for_each(|p| p.doc_type = *t),
            Edit::ToggleDraft(x) => model.page_mut(x).into_iter().for_each(|p| p.draft ^= true),
            Edit::ToggleAlias(x) => model.page_mut(x).into_iter().for_each(|p| p.alias ^= true),
            Edit::Add(p) => {
                if model.url_free(p) {
                    model.pages.push(p.clone());
                }
            }
            Edit::Delete(x) => {
                if let Some(i) = model.at(x) {
                    model.pages.remove(i);
                }
            }
            Edit::Rename(x, slug, year) => {
                if let Some(i) = model.at(x) {
                    rename(model, i, slug, *year, site, on_disk, changed);
                }
            }
            Edit::Attach(x, size) => {
                // a folder at the top of content/ is a section, not a page
                if let Some(p) = model.page_mut(x).filter(|p| p.section != Section::Standalone) {
                    p.bundle = true;
                    p.attachment = Some((*size, true));
                }
            }
            Edit::Detach(x) => model.page_mut(x).into_iter().for_each(|p| p.attachment = None),
            Edit::Cover(x, cover) => {
                if let Some(p) = model.page_mut(x).filter(|p| p.section != Section::Standalone) {
                    p.bundle |= cover.is_some();
                    p.cover = *cover;
                }
            }
            Edit::ToggleSummary(x) => model.page_mut(x).into_iter().for_each(|p| p.summary ^= true),
            Edit::Weight(x, w) => model.page_mut(x).into_iter().for_each(|p| p.weight = *w),
            Edit::DeleteAttachmentFile(x) => {
                if let Some((_, present)) = model.page_mut(x).and_then(|p| p.attachment.as_mut()) {
                    *present = false;
                }
            }
            Edit::Template(t, state) => {
                let name = TEMPLATES[*t % TEMPLATES.len()].0;
                match state {
                    Some(s) => model.templates.insert(name, *s),
                    None => model.templates.remove(name),
                };
            }
            Edit::Home(h) => model.home = *h,
            Edit::ReportsIndex(r) => model.reports_index = *r,
            Edit::Collection(c) => model.collection = *c,
            Edit::Static(s) => model.static_file = *s,
            Edit::Favicon(f) => model.favicon = *f,
            Edit::Paginate(p) => model.paginate = *p,
            Edit::SiteTitle(t) => model.title = *t,
            Edit::Touch(x) => return model.page_mut(x).map(|p| p.path()),
        }
        None
    }
}

/// `mv` of page `i`'s file or bundle folder to another slug and year, unless that is where it
/// is or where another page is. A watcher reports the two paths (a bundle's folder, not the
/// files in it).
fn rename(
    model: &mut Model,
    i: usize,
    slug: &'static str,
    year: u16,
    site: &Path,
    on_disk: &mut BTreeMap<String, Vec<u8>>,
    changed: &mut Vec<String>,
) {
    let mut moved = model.pages[i].clone();
    moved.slug = slug;
    moved.year = year;
    let (from, to) = (model.pages[i].root_path(), moved.root_path());
    if from == to || !model.free(Some(i), &moved) {
        return;
    }
    create_parents(site, &to, changed);
    std::fs::rename(site.join(&from), site.join(&to)).unwrap();
    changed.extend([from.clone(), to.clone()]);
    for (path, bytes) in std::mem::take(on_disk) {
        let path = match path.strip_prefix(&from) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("{to}{rest}"),
            _ => path,
        };
        on_disk.insert(path, bytes);
    }
    remove_empty_parents(site, &from, changed);
    model.pages[i] = moved;
}

/// Writes the files whose bytes changed and removes the ones the model no longer has, adding
/// to `changed` each path a watcher would report: the files written and removed, and the
/// folders created and removed.
fn sync(
    model: &Model,
    site: &Path,
    on_disk: &mut BTreeMap<String, Vec<u8>>,
    touched: Option<String>,
    changed: &mut Vec<String>,
) {
    let wanted = model.files();
    for path in on_disk.keys().filter(|p| !wanted.contains_key(*p)).cloned().collect::<Vec<_>>() {
        std::fs::remove_file(site.join(&path)).unwrap();
        remove_empty_parents(site, &path, changed);
        on_disk.remove(&path);
        changed.push(path);
    }
    for (path, bytes) in wanted {
        if on_disk.get(&path) != Some(&bytes) || touched.as_ref() == Some(&path) {
            create_parents(site, &path, changed);
            std::fs::write(site.join(&path), &bytes).unwrap();
            on_disk.insert(path.clone(), bytes);
            changed.push(path);
        }
    }
}

/// Creates the folders above `path`, adding the first one created to `changed` (a watcher sees
/// that folder appear, and may miss what is made in it before it watches it).
fn create_parents(site: &Path, path: &str, changed: &mut Vec<String>) {
    let parent = Path::new(path).parent().unwrap();
    let first_missing = parent.ancestors().filter(|d| !d.as_os_str().is_empty() && !site.join(d).exists()).last();
    if let Some(d) = first_missing {
        changed.push(d.to_string_lossy().into_owned());
    }
    std::fs::create_dir_all(site.join(parent)).unwrap();
}

/// Removes the folders above `path` that are now empty, as `mv` and `rm` leave none behind
/// that the model does not know of.
fn remove_empty_parents(site: &Path, path: &str, changed: &mut Vec<String>) {
    let mut dir = Path::new(path).parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
        if std::fs::remove_dir(site.join(d)).is_err() {
            break;
        }
        changed.push(d.to_string_lossy().into_owned());
        dir = d.parent();
    }
}

// ------------------------------------------------------------------------------------------
// Strategies

fn page_spec() -> impl Strategy<Value = PageSpec> {
    (
        prop_oneof![3 => Just(Section::Reports), 2 => Just(Section::News), 1 => Just(Section::Standalone)],
        prop::sample::select(YEARS),
        prop::sample::select(&[1u8, 3, 6][..]),
        prop::sample::select(SLUGS),
        prop::sample::select(TITLES),
        date_field(),
        topics(),
        prop::option::of(prop::sample::select(TYPES)),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.2),
        body(),
        (
            prop::option::of(1..4u8),
            prop::option::weighted(0.2, 0..3u8),
            prop::bool::weighted(0.2),
            prop::option::weighted(0.2, -1..3i8),
        ),
    )
        .prop_map(|(section, year, month, slug, title, date, topics, doc_type, draft, alias, body, more)| {
            let (attachment, cover, summary, weight) = more;
            let standalone = section == Section::Standalone;
            PageSpec {
                section,
                year,
                month,
                slug,
                title,
                date,
                topics,
                doc_type,
                draft,
                alias,
                body,
                // a folder at the top of content/ is a section, not a page
                bundle: (attachment.is_some() || cover.is_some()) && !standalone,
                attachment: attachment.filter(|_| !standalone).map(|size| (size, true)),
                cover: cover.filter(|_| !standalone),
                summary,
                weight,
            }
        })
}

fn date_field() -> impl Strategy<Value = DateField> {
    prop_oneof![
        8 => Just(DateField::None),
        4 => Just(DateField::Chinese),
        3 => Just(DateField::Other),
        1 => Just(DateField::Invalid),
    ]
}

/// Mostly bodies without links (most steps should build).
fn body() -> impl Strategy<Value = usize> {
    prop_oneof![
        3 => Just(0),
        1 => Just(1),
        3 => Just(2),
        1 => Just(3),
        3 => Just(4),
        1 => Just(5),
        1 => Just(6),
        1 => Just(7),
        1 => Just(8),
    ]
}

fn topics() -> impl Strategy<Value = Vec<&'static str>> {
    prop::sample::subsequence(TOPICS, 0..=2)
}

fn template_state() -> impl Strategy<Value = Option<TemplateState>> {
    prop_oneof![
        3 => (0..3u8).prop_map(|n| Some(TemplateState::Marked(n))),
        1 => Just(Some(TemplateState::Broken)),
        2 => Just(None),
    ]
}

// The property found three bugs, each now a regression test at the end (the home page's and a
// section's `_index.md` text, and outputs a config change drops).
/// A change of `content/_index.md`.
fn home_edit() -> BoxedStrategy<Edit> {
    (0..3u8).prop_map(Edit::Home).boxed()
}

/// A change of `paginate` (outputs come and go with a config change), or of the site's title.
fn config_edit() -> BoxedStrategy<Edit> {
    prop_oneof![(1..4u8).prop_map(Edit::Paginate), (0..2u8).prop_map(Edit::SiteTitle)].boxed()
}

/// `content/reports/_index.md`'s variants: none (the section's title is then 报告), 1 and 2 (the
/// title 报告, differing in the description and text only), 3 (another title).
fn reports_index() -> BoxedStrategy<u8> {
    (0..4u8).boxed()
}

/// A site; its first page is the one bodies 1 and 5 link to, with the heading they link to (so
/// that most steps build, until an edit moves or changes it).
fn model() -> impl Strategy<Value = Model> {
    (
        prop::collection::vec(page_spec(), 1..6),
        0..3u8,
        reports_index(),
        prop::collection::vec((0..TEMPLATES.len(), 0..3u8), 0..2),
        prop::option::of(0..3u8),
        1..4u8,
        prop::bool::weighted(0.25),
        0..4u8,
    )
        .prop_map(|(mut specs, home, reports_index, templates, static_file, paginate, search, collection)| {
            let linked = &mut specs[0];
            (linked.section, linked.year, linked.slug, linked.body) = (Section::Reports, 2024, "gongzuo-baogao", 1);
            let mut model = Model {
                pages: Vec::new(),
                home,
                reports_index,
                collection,
                templates: templates.into_iter().map(|(t, n)| (TEMPLATES[t].0, TemplateState::Marked(n))).collect(),
                static_file,
                favicon: None,
                paginate,
                title: 0,
                search,
            };
            for p in specs {
                if model.url_free(&p) {
                    model.pages.push(p);
                }
            }
            model
        })
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = any::<Index>;
    prop_oneof![
        3 => (i(), body()).prop_map(|(i, b)| Edit::Body(i, b)),
        3 => (i(), prop::sample::select(TITLES)).prop_map(|(i, t)| Edit::Title(i, t)),
        2 => (i(), date_field()).prop_map(|(i, d)| Edit::Date(i, d)),
        2 => (i(), topics()).prop_map(|(i, t)| Edit::Topics(i, t)),
        1 => (i(), prop::option::of(prop::sample::select(TYPES))).prop_map(|(i, t)| Edit::Type(i, t)),
        1 => i().prop_map(Edit::ToggleDraft),
        1 => i().prop_map(Edit::ToggleAlias),
        3 => page_spec().prop_map(Edit::Add),
        2 => i().prop_map(Edit::Delete),
        2 => (i(), prop::sample::select(SLUGS), prop::sample::select(YEARS)).prop_map(|(i, s, y)| Edit::Rename(i, s, y)),
        2 => (i(), 1..4u8).prop_map(|(i, n)| Edit::Attach(i, n)),
        1 => i().prop_map(Edit::Detach),
        1 => i().prop_map(Edit::DeleteAttachmentFile),
        2 => (i(), prop::option::of(0..3u8)).prop_map(|(i, c)| Edit::Cover(i, c)),
        1 => i().prop_map(Edit::ToggleSummary),
        1 => (i(), prop::option::of(-1..3i8)).prop_map(|(i, w)| Edit::Weight(i, w)),
        2 => (0..TEMPLATES.len(), template_state()).prop_map(|(t, s)| Edit::Template(t, s)),
        1 => home_edit(),
        1 => reports_index().prop_map(Edit::ReportsIndex),
        1 => (0..4u8).prop_map(Edit::Collection),
        1 => prop::option::of(0..3u8).prop_map(Edit::Static),
        1 => prop::option::of(0..3u8).prop_map(Edit::Favicon),
        1 => config_edit(),
        1 => i().prop_map(Edit::Touch),
    ]
}

// ------------------------------------------------------------------------------------------
// The property

/// What a build gave: its files (without the marker, which lists the files only a staged build
/// wrote), or its errors as shown (file, line, message, help: the same errors, each as often).
#[derive(PartialEq)]
enum Outcome {
    Built(BTreeMap<String, Vec<u8>>),
    Failed(Vec<String>),
}

impl fmt::Debug for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Built(files) => write!(f, "built {} files", files.len()),
            Outcome::Failed(shown) => write!(f, "failed:\n{}", shown.join("\n")),
        }
    }
}

fn outcome<T>(result: Result<T, gazette::diag::Diagnostics>, dir: &Path) -> Outcome {
    match result {
        Ok(_) => Outcome::Built(
            crate::support::snapshot_dir(dir).into_iter().filter(|(p, _)| p != ".gazette-output").collect(),
        ),
        Err(f) => {
            let mut shown: Vec<String> = f.errors().map(|d| d.render(false)).collect();
            shown.sort();
            Outcome::Failed(shown)
        }
    }
}

/// Where two outcomes differ, for the failure message.
fn explain(incremental: &Outcome, clean: &Outcome) -> String {
    let (Outcome::Built(a), Outcome::Built(b)) = (incremental, clean) else {
        return format!("incremental {incremental:?}, clean {clean:?}");
    };
    let mut out = Vec::new();
    for p in a.keys().filter(|p| !b.contains_key(*p)) {
        out.push(format!("only in the incremental build: {p}"));
    }
    for p in b.keys().filter(|p| !a.contains_key(*p)) {
        out.push(format!("only in the clean build: {p}"));
    }
    for (p, bytes) in a.iter().filter(|(p, bytes)| b.get(*p).is_some_and(|c| c != *bytes)) {
        let (x, y) = (String::from_utf8_lossy(bytes), String::from_utf8_lossy(&b[p]));
        let line = x.lines().zip(y.lines()).position(|(l, m)| l != m).unwrap_or(0);
        out.push(format!(
            "{p} differs at line {}:\n    incremental: {}\n    clean:       {}",
            line + 1,
            x.lines().nth(line).unwrap_or(""),
            y.lines().nth(line).unwrap_or("")
        ));
    }
    out.join("\n")
}

/// Builds the site after each edit both ways and compares; `Err` names the first step where
/// they differ.
fn run(model: Model, edits: &[Edit]) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let live = tmp.path().join("live");
    let mut on_disk = BTreeMap::new();
    let mut model = model;
    let mut cache = BuildCache::default();
    sync(&model, &site, &mut on_disk, None, &mut Vec::new());
    // the watcher names paths below the resolved root
    let resolved = site.canonicalize().unwrap();
    let mut steps: Vec<String> = vec!["the first build".into()];
    for step in 0..=edits.len() {
        if step > 0 {
            let edit = &edits[step - 1];
            let mut changed = Vec::new();
            let touched = edit.apply(&mut model, &site, &mut on_disk, &mut changed);
            sync(&model, &site, &mut on_disk, touched, &mut changed);
            // as `serve` does: the next build looks again only at these paths in content/
            cache.saw_changes(changed.iter().map(|p| resolved.join(p)));
            steps.push(format!("{edit:?}"));
        }
        let config = Config::load(&site, &Overrides::default()).map_err(|d| format!("site.yaml: {d:?}"))?;
        let built = build_into(&config, Target::InPlace(&live), Some(&mut cache), None);
        let built = match built {
            // as `serve` does after a successful build
            Ok(r) => refresh_search(&config, &cache, &live).map(|_| r),
            Err(f) => Err(f),
        };
        let incremental = outcome(built, &live);
        let clean_dir = tmp.path().join(format!("clean-{step}"));
        let clean = outcome(build(&config, &clean_dir, None), &clean_dir);
        if incremental != clean {
            return Err(format!(
                "after step {step} ({}), the incremental build is not the clean one:\n{}\nsteps:\n  {}",
                steps[step],
                explain(&incremental, &clean),
                steps.join("\n  ")
            ));
        }
        let _ = std::fs::remove_dir_all(&clean_dir);
    }
    Ok(())
}

proptest! {
    // PROPTEST_CASES=500 for a longer run; each case is one site and up to 6 edits (32 cases:
    // about 15 s in a debug build on two cores)
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        max_shrink_iters: 256,
        ..ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(32))
    })]

    #[test]
    fn incremental_rebuilds_equal_a_clean_build_after_any_edits(
        model in model(),
        edits in prop::collection::vec(edit(), 1..=6),
    ) {
        if let Err(e) = run(model, &edits) {
            prop_assert!(false, "{}", e);
        }
    }
}

// ------------------------------------------------------------------------------------------
// What the property found

/// A site of one report, with `home` and `reports_index` as given.
fn one_report(home: u8, reports_index: u8) -> Model {
    Model {
        pages: vec![PageSpec {
            section: Section::Reports,
            year: 2023,
            month: 1,
            slug: "gongzuo-baogao",
            title: "县人大常委会工作报告",
            date: DateField::None,
            topics: vec![],
            doc_type: None,
            draft: false,
            alias: false,
            body: 0,
            bundle: false,
            attachment: None,
            cover: None,
            summary: false,
            weight: None,
        }],
        home,
        reports_index,
        collection: 0,
        templates: BTreeMap::new(),
        static_file: None,
        favicon: None,
        paginate: 1,
        title: 0,
        search: false,
    }
}

#[test]
fn the_home_page_follows_its_index_md() {
    if let Err(e) = run(one_report(1, 0), &[Edit::Home(0)]) {
        panic!("{e}");
    }
}

#[test]
fn a_section_page_follows_its_index_md() {
    if let Err(e) = run(one_report(0, 1), &[Edit::ReportsIndex(2)]) {
        panic!("{e}");
    }
}

#[test]
fn a_config_change_removes_the_outputs_it_drops() {
    let mut model = one_report(0, 0);
    for slug in ["shenyi-yijian", "diaoyan"] {
        let mut p = model.pages[0].clone();
        p.slug = slug;
        model.pages.push(p);
    }
    if let Err(e) = run(model, &[Edit::Paginate(2)]) {
        panic!("{e}");
    }
}

#[test]
fn a_collection_and_the_back_links_of_its_pages_follow_its_index_md() {
    let mut model = one_report(0, 0);
    model.collection = 1;
    if let Err(e) = run(model, &[Edit::Collection(2), Edit::Collection(3), Edit::Collection(0), Edit::Collection(1)]) {
        panic!("{e}");
    }
}

// ------------------------------------------------------------------------------------------
// What serve makes incremental: the walk of content/ (only the paths the watcher reported) and
// the findings of a page's own text (kept by page version)

/// An index of a list of one: its only element.
fn only() -> Index {
    nth(0, 1)
}

/// An index that picks element `k` of a list of `len`.
fn nth(k: usize, len: usize) -> Index {
    use proptest::strategy::{Strategy, ValueTree};
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = any::<Index>();
    loop {
        let index = strategy.new_tree(&mut runner).unwrap().current();
        if index.index(len) == k {
            return index;
        }
    }
}

/// Links are checked again when what they lead to changes, though the page holding them does
/// not: its target's anchor removed and put back, the target moved away and back, deleted.
#[test]
fn a_link_into_another_page_breaks_and_is_repaired_with_its_target() {
    let mut model = one_report(0, 0);
    // page 0 has the heading (body 1); page 1 links to it (body 5) and page 2 to the page (body 1)
    model.pages[0].year = 2024;
    model.pages[0].body = 1;
    for (slug, body) in [("shenyi-yijian", 5), ("diaoyan", 1)] {
        let mut p = model.pages[0].clone();
        p.slug = slug;
        p.body = body;
        model.pages.push(p);
    }
    let target = || nth(0, 3);
    let edits = [
        Edit::Body(target(), 0),
        Edit::Body(target(), 1),
        Edit::Title(target(), "调研报告"),
        Edit::Rename(target(), "jueyi", 2024),
        Edit::Rename(nth(2, 3), "gongzuo-baogao", 2024),
        Edit::Rename(nth(2, 3), "shicha", 2023),
    ];
    if let Err(e) = run(model, &edits) {
        panic!("{e}");
    }
}

#[test]
fn a_bundle_renamed_as_a_folder_is_found_with_its_files() {
    let mut model = one_report(0, 0);
    model.pages[0].bundle = true;
    model.pages[0].attachment = Some((2, true));
    model.pages[0].cover = Some(1);
    // the watcher reports the two folders, not the files in them
    let edits = [Edit::Rename(only(), "diaoyan", 2024), Edit::Rename(only(), "jueyi", 2023)];
    if let Err(e) = run(model, &edits) {
        panic!("{e}");
    }
}

#[test]
fn errors_in_a_pages_own_text_come_and_go_with_it() {
    let mut model = one_report(0, 0);
    model.pages[0].body = 8;
    let edits = [Edit::Touch(only()), Edit::Body(only(), 7), Edit::Body(only(), 0)];
    if let Err(e) = run(model, &edits) {
        panic!("{e}");
    }
}
