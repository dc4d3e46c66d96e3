//! Pages → search records: what the index holds for each page, made once per page version.
//!
//! In: the checked site (its pages, taxonomies and the theme's strings) and the config, and the
//! records of the last build (`serve` keeps them in its `BuildCache`). Out: [`Records`], one
//! [`Record`] per page in the site's page order, each made safe for where the search page shows
//! its strings ([`safe_for_the_search_page`]).
//! Never: re-derives what the render stage decides. The filter names are the taxonomies' titles
//! (`render::taxonomy_title`), a page's terms are `taxonomy::terms_of` (nothing for a page
//! outside a section), the date is `render::date_view`. Never parses HTML, reads the disk, or
//! segments a page before its text is needed (`Record::content`).

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, OnceLock};

use icu_segmenter::WordSegmenterBorrowed;
use rayon::prelude::*;

use super::CACHE_FORMAT;
use super::segment::segment;
use crate::config::{Config, Language};
use crate::pipeline::Site;
use crate::pipeline::model::Page;
use crate::pipeline::{render, taxonomy};
use crate::text::is_han;

/// The weight of the title's words, as Pagefind gives an `<h1>`.
const TITLE_WEIGHT: &str = "7";
/// The weight of the heading block's words (speaker, meeting, 文号): more than the text's, so a
/// speaker's own reports come before the pages that mention the name.
const HEADING_BLOCK_WEIGHT: &str = "3";

/// One page's index input: a Pagefind custom record, its text segmented on first use.
#[derive(Debug)]
pub struct Record {
    /// The page's URL path on the site (`/reports/2024/foo/`), without the base path: the search
    /// page's Pagefind adds that (its `baseUrl` is the folder above `pagefind/`), so one index
    /// serves the site under any `base_url`. Always starts with exactly one `/`.
    pub url: String,
    pub meta: BTreeMap<String, String>,
    pub filters: BTreeMap<String, Vec<String>>,
    pub sort: BTreeMap<String, String>,
    /// The group the page is sharded with: its year (`2024`), or `pages` for undated pages.
    pub group: String,
    /// A hash of everything in the record, its text included: the cache key of its content.
    pub key: u64,
    /// The version of the page it was made from (`Page::version`).
    pub version: u64,
    page: Arc<Page>,
    /// The heading block a reader may search by: office and speaker, author, meeting and 文号
    /// (`heading_block`), indexed after the title.
    heading: String,
    /// The segmented content, once computed and kept (see [`Record::content`]).
    segmented: OnceLock<String>,
}

impl Record {
    /// The title, the front matter's own summary (a derived one repeats the body) and the plain
    /// text of the body, unsegmented.
    pub fn parts(&self) -> [&str; 3] {
        parts_of(&self.page)
    }

    /// The content Pagefind indexes: the title with a heading's weight, then summary and body,
    /// Chinese segmented into space-separated words. Computed on first use; kept when `keep` (in
    /// `serve`'s cache, so an edit re-segments only its own page).
    pub fn content(&self, segmenter: WordSegmenterBorrowed<'_>, keep: bool) -> String {
        if let Some(text) = self.segmented.get() {
            return text.clone();
        }
        let text = record_content(segmenter, &self.heading, &self.parts());
        if keep {
            let _ = self.segmented.set(text.clone());
        }
        text
    }

    /// The content, when already known (from the cache on disk); kept when `keep`.
    pub fn remember(&self, text: &str, keep: bool) {
        if keep {
            let _ = self.segmented.set(text.to_string());
        }
    }

    /// Whether the segmented content is already known.
    pub fn is_segmented(&self) -> bool {
        self.segmented.get().is_some()
    }
}

/// Every page's record, and what they were made under; cheap to clone (one `Arc`), so `serve`
/// takes a copy out of its cache and indexes it without holding the cache.
#[derive(Clone, Debug, Default)]
pub struct Records {
    /// A hash of the site-wide values every record depends on (filter names, language, which
    /// taxonomies exist): records made under another are not reused.
    context: u64,
    list: Arc<Vec<Arc<Record>>>,
}

impl Records {
    pub fn list(&self) -> &[Arc<Record>] {
        &self.list
    }
}

impl AsRef<Records> for Records {
    fn as_ref(&self) -> &Records {
        self
    }
}

/// The records of every page of `site`, in its page order. A page whose version has a record in
/// `previous` (made under the same site values) keeps it, with its segmented text.
pub fn records(config: &Config, site: &Site, previous: Option<&Records>) -> Records {
    let context = RecordContext::of(config, site);
    let context_key = context.key();
    let reusable: HashMap<u64, &Arc<Record>> = previous
        .filter(|p| p.context == context_key)
        .map(|p| p.list.iter().map(|r| (r.version, r)).collect())
        .unwrap_or_default();
    // a page's 索引号 (政务公开) comes from the site, not the page: a kept record must carry the same
    let index_no = |i: usize| site.index_numbers.by_page.get(i).and_then(Option::as_deref);
    let list = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| match reusable.get(&p.version) {
            Some(r) if r.meta.get("index_no").map(String::as_str) == index_no(i) => Arc::clone(r),
            _ => Arc::new(record(&context, p, index_no(i))),
        })
        .collect();
    Records { context: context_key, list: Arc::new(list) }
}

/// What a record depends on besides its page.
struct RecordContext<'s> {
    config: &'s Config,
    /// (taxonomy, its filter name) for `years`, `topics` and `types`, when the site has it.
    filters: Vec<(&'static str, String)>,
}

impl<'s> RecordContext<'s> {
    fn of(config: &'s Config, site: &Site) -> RecordContext<'s> {
        let filters = ["years", "topics", "types"]
            .into_iter()
            .filter(|name| site.taxonomies.iter().any(|t| t.name == *name))
            .map(|name| (name, render::taxonomy_title(&site.tree.strings, name)))
            .collect();
        RecordContext { config, filters }
    }

    fn key(&self) -> u64 {
        let mut h = DefaultHasher::new();
        CACHE_FORMAT.hash(&mut h);
        matches!(self.config.language, Language::ZhCn).hash(&mut h);
        self.filters.hash(&mut h);
        h.finish()
    }
}

fn record(context: &RecordContext<'_>, p: &Arc<Page>, index_no: Option<&str>) -> Record {
    let config = context.config;
    let m = &p.meta;
    let date = p.date.as_ref().map(|d| render::date_view(d, config.language, &config.timezone));
    // a page's terms in each index the site has, by the rule its term pages are built with
    let terms = |taxonomy: &str| -> Vec<String> {
        if context.filters.iter().any(|(name, _)| *name == taxonomy) {
            taxonomy::terms_of(p, taxonomy)
        } else {
            Vec::new()
        }
    };
    let (years, topics, types) = (terms("years"), terms("topics"), terms("types"));

    let mut meta = BTreeMap::new();
    meta.insert("title".to_string(), p.title.clone());
    if let Some(d) = &date {
        meta.insert("date".into(), d.display.clone());
    }
    if let Some(t) = types.first() {
        meta.insert("type".into(), t.clone());
    }
    if !topics.is_empty() {
        let sep = match config.language {
            Language::ZhCn => "、",
            Language::En => ", ",
        };
        meta.insert("topics".into(), topics.join(sep));
    }
    if let Some(y) = years.first() {
        meta.insert("year".into(), y.clone());
    }
    if let Some(meeting) = &m.meeting {
        meta.insert("meeting".into(), meeting.clone());
    }
    if !p.summary.is_empty() {
        meta.insert("summary".into(), p.summary.clone());
    }
    // 政务公开: the document's number and 索引号, as on its page and in the feeds
    if let Some(number) = &m.doc_number {
        meta.insert("doc_number".into(), number.clone());
    }
    if let Some(index_no) = index_no {
        meta.insert("index_no".into(), index_no.to_string());
    }

    let mut filters = BTreeMap::new();
    for (taxonomy, name) in &context.filters {
        let values = match *taxonomy {
            "years" => &years,
            "topics" => &topics,
            _ => &types,
        };
        if !values.is_empty() {
            filters.insert(name.clone(), values.clone());
        }
    }
    let mut sort = BTreeMap::new();
    if let Some(d) = &date {
        sort.insert("date".into(), d.iso.clone());
    }

    let (url, meta, filters) = safe_for_the_search_page(&p.path, meta, filters);
    let heading = heading_block(p);
    let mut h = DefaultHasher::new();
    CACHE_FORMAT.hash(&mut h);
    parts_of(p).hash(&mut h);
    heading.hash(&mut h);
    (&url, &meta, &filters, &sort).hash(&mut h);
    let group = years.first().cloned().unwrap_or_else(|| "pages".to_string());
    Record {
        url,
        meta,
        filters,
        sort,
        group,
        key: h.finish(),
        version: p.version,
        page: Arc::clone(p),
        heading,
        segmented: OnceLock::new(),
    }
}

/// The heading block's values a reader searches by (issue 15 §4): the speaker's office and name
/// (`重庆市市长 唐良智`), the author, the meeting and the document number, in that order, separated
/// by `，` (a token of its own, not indexed), so that an excerpt reads them apart.
fn heading_block(p: &Page) -> String {
    let m = &p.meta;
    let clean = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    let speaker = [clean(&m.speaker_title), clean(&m.speaker)].into_iter().flatten().collect::<Vec<_>>().join(" ");
    [Some(speaker).filter(|s| !s.is_empty()), clean(&m.author), clean(&m.meeting), clean(&m.doc_number)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ， ")
}

fn parts_of(p: &Page) -> [&str; 3] {
    [p.title.as_str(), p.meta.summary.as_deref().unwrap_or_default(), p.rendered.plain.as_str()]
}

/// Makes every string of a record safe for the place the search page puts it, and returns the
/// URL, meta and filters to index. This is the one place that does; `index_records` takes
/// records as they are.
///
/// Where each string of a record ends, in Pagefind UI 1.6 as the bundle ships it
/// (`vendor/pagefind/vendor/pagefind_ui.1.6.0.js`, its Svelte `{@html}` and text bindings),
/// started by the theme's `gazette.js`, and in Pagefind's own search script
/// (`pagefind_worker.1.6.0.js`, which builds results and excerpts):
/// - filter names: HTML (`innerHTML` of the filter group's `<summary>` and `<legend>`), and the
///   key of the filter the UI searches with (`name:value`, split at the first `:`); values:
///   HTML (the checkbox label, `{@html}`), and the value it searches with. Both are escaped
///   here ([`escape_html`], and a name's `:` as `&#58;`): the label shows the text as written,
///   and the UI hands the same escaped string back as the filter, which is what the index
///   holds, so filtering works whatever the characters.
/// - meta (`title`, `date`, `type`, `topics`, `year`, `meeting`, `summary`, `doc_number`,
///   `index_no`): text. Pagefind's
///   UI puts the title in a text node and other meta as `key: value` text nodes (`gazette.js`
///   shows only title, date and type); never as HTML, so they stay as written (escaped they
///   would show `&amp;`). `url`, `image` and `image_alt`, which the UI would use as a link
///   or image address, are never set.
/// - content (title, summary, body): Pagefind's search script replaces `<` and `>` with
///   entities in a page's whole text before it cuts the excerpt and wraps matches in `<mark>`,
///   and the UI inserts the excerpt as HTML: with every `<` escaped, no element can come from
///   the text, and an `&` can only make text. So the content stays as written, which keeps its
///   words indexed as they are (escaped, a word with `&` in it would become another word) and
///   the excerpt showing them as written (escaped here too, `<` would show as `&lt;`).
/// - url: the result link's `href` (set as an attribute, not HTML). Pagefind puts the bundle's
///   base URL before it unless it starts with `//` or `http(s)://`; it starts with exactly one
///   `/` here, so it is always a path on the site, never another host or a `javascript:` URL.
/// - sort keys: never shown (the date, ISO 8601).
///
/// `tests/browser/search-xss.test.cjs` runs the search page on hostile values in a browser.
fn safe_for_the_search_page(
    url: &str,
    mut meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
) -> (String, BTreeMap<String, String>, BTreeMap<String, Vec<String>>) {
    let filters = filters
        .into_iter()
        .map(|(name, values)| {
            let name = escape_html(&name).replace(':', "&#58;");
            (name, values.iter().map(|v| escape_html(v)).collect())
        })
        .collect();
    for key in ["url", "image", "image_alt"] {
        meta.remove(key);
    }
    let path = url.trim_start_matches(['/', '\\']);
    (format!("/{path}"), meta, filters)
}

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The content Pagefind indexes: the title with a heading's weight, then the heading block
/// (speaker, meeting, 文号) with a smaller one, then summary and body.
fn record_content(segmenter: WordSegmenterBorrowed<'_>, heading: &str, parts: &[&str; 3]) -> String {
    let [title, summary, body] = parts;
    let mut content = String::with_capacity(title.len() + heading.len() + summary.len() + body.len() * 5 / 4 + 96);
    content.push_str("___PAGEFIND_WEIGHT___");
    content.push_str(TITLE_WEIGHT);
    content.push(' ');
    content.push_str(&segment(segmenter, title));
    // The title ends as a sentence does, so that an excerpt running from it into the text reads
    // as two sentences (`…的报告。主任、各位副主任…`), not one.
    match title.trim_end().chars().last() {
        Some(c) if is_han(c) => content.push_str(" 。"),
        Some(c) if c.is_alphanumeric() => content.push('.'),
        _ => {}
    }
    content.push_str(" ___END_PAGEFIND_WEIGHT___");
    if !heading.is_empty() {
        content.push_str(" ___PAGEFIND_WEIGHT___");
        content.push_str(HEADING_BLOCK_WEIGHT);
        content.push(' ');
        content.push_str(&segment(segmenter, heading));
        content.push_str(" 。 ___END_PAGEFIND_WEIGHT___");
    }
    for text in [summary, body] {
        let words = segment(segmenter, text);
        if !words.is_empty() {
            content.push(' ');
            content.push_str(&words);
        }
    }
    content
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::segmenter;

    #[test]
    fn the_title_ends_as_a_sentence() {
        let seg = segmenter();
        let content = |title| record_content(seg, "", &[title, "", "主任、各位委员："]);
        assert_eq!(
            content("工作报告"),
            "___PAGEFIND_WEIGHT___7 工.作 报.告 。 ___END_PAGEFIND_WEIGHT___ 主.任 、 各.位 委.员 ："
        );
        assert_eq!(
            content("Work report"),
            "___PAGEFIND_WEIGHT___7 Work report. ___END_PAGEFIND_WEIGHT___ 主.任 、 各.位 委.员 ："
        );
        assert_eq!(
            content("为什么？"),
            "___PAGEFIND_WEIGHT___7 为.什.么 ？ ___END_PAGEFIND_WEIGHT___ 主.任 、 各.位 委.员 ："
        );
    }

    #[test]
    fn the_heading_block_is_indexed_after_the_title() {
        let seg = segmenter();
        let content = record_content(seg, "江陵县人大常委会主任 布小林 江人常〔2024〕5号", &["工作报告", "", "主任："]);
        let (title, rest) = content.split_once("___END_PAGEFIND_WEIGHT___").unwrap();
        assert!(title.contains("工.作 报.告"), "{content}");
        let (heading, body) = rest.split_once("___END_PAGEFIND_WEIGHT___").expect("a weighted heading block");
        assert!(heading.starts_with(&format!(" ___PAGEFIND_WEIGHT___{HEADING_BLOCK_WEIGHT} ")), "{content}");
        // every character of the name and the 文号 is in the block, in order
        let plain: String = heading.split_whitespace().skip(1).collect::<String>().replace('.', "");
        assert!(plain.contains("布小林江人常〔2024〕5号"), "{content}");
        assert_eq!(body.trim(), "主.任 ：");
        // no heading block: no empty weighted block
        assert_eq!(record_content(seg, "", &["工作报告", "", "主任："]).matches("___PAGEFIND_WEIGHT___").count(), 1);
    }

    #[test]
    fn filters_are_escaped_for_html_and_the_rest_stays_as_written() {
        let hostile = "<img src=x onerror=alert(1)>";
        let (url, meta, filters) = safe_for_the_search_page(
            "//evil.example/x/",
            BTreeMap::from([
                ("title".to_string(), format!("标题{hostile}")),
                ("url".to_string(), "javascript:alert(1)".to_string()),
            ]),
            BTreeMap::from([
                ("专题".to_string(), vec![hostile.to_string(), "A & B \"'".to_string(), "代表工作".to_string()]),
                ("a:b<".to_string(), vec!["2024".to_string()]),
            ]),
        );
        assert_eq!(
            filters,
            BTreeMap::from([
                (
                    "专题".to_string(),
                    vec![
                        "&lt;img src=x onerror=alert(1)&gt;".to_string(),
                        "A &amp; B &quot;&#39;".to_string(),
                        "代表工作".to_string()
                    ]
                ),
                ("a&#58;b&lt;".to_string(), vec!["2024".to_string()]),
            ])
        );
        // shown as text by the search page: as written
        assert_eq!(meta, BTreeMap::from([("title".to_string(), format!("标题{hostile}"))]));
        // always a path on the site
        assert_eq!(url, "/evil.example/x/");
        assert_eq!(safe_for_the_search_page("/reports/a/", BTreeMap::new(), BTreeMap::new()).0, "/reports/a/");
        assert_eq!(safe_for_the_search_page("\\\\evil/", BTreeMap::new(), BTreeMap::new()).0, "/evil/");
    }
}
