//! Markdown body → HTML, headings and TOC, plain text, summary, reading time, links.
//!
//! In: a page's body, where it starts in its file, and the site's Markdown settings.
//! Out: [`Rendered`]: HTML (raw HTML escaped unless allowed, code highlighted by class), a TOC
//! tree, heading ids, text counts, the first paragraph as plain text, and every link with its
//! position so the link checker can report file:line.
//! Never: reads the disk, or loads syntect for a page without fenced code.

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::config::{MarkdownConfig, SlugMode};
use crate::diag::{Code, Diagnostic, Source};
use crate::pipeline::cjk_emphasis;
use crate::text::{self, TextCount};

/// How deep lists, blockquotes, emphasis and links may nest, counted together. Each level is a
/// few events and tags however short its Markdown (`- ` is two bytes and 22 bytes of HTML): a
/// 9 MB report of 3,000 lines of `- - - …` took 3.2 GB and wrote a 99 MB page before this limit
/// (test `resources::deep_nesting_is_an_error_with_its_position`).
pub const MAX_NESTING: usize = 100;

/// Class prefix of highlighted code, so theme classes never clash with syntect's.
pub const HIGHLIGHT_CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// What the Markdown stage needs to know about the site.
pub struct MarkdownOptions<'a> {
    pub config: &'a MarkdownConfig,
    pub slugify: SlugMode,
    /// The site's base path (`/` or `/renda/`): root-relative links get it prepended.
    pub base_path: &'a str,
    /// Keep the body's plain text (search needs it; without search it is only counted).
    pub keep_plain: bool,
    /// Count the body's characters and words (not when a loaded page is rendered again for
    /// its HTML: it was counted while loading).
    pub count: bool,
}

impl<'a> MarkdownOptions<'a> {
    pub fn for_site(config: &'a crate::config::Config) -> Self {
        MarkdownOptions {
            config: &config.markdown,
            slugify: config.slugify,
            base_path: &config.base_path,
            keep_plain: config.search,
            count: true,
        }
    }
}

/// One heading in the table of contents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A link or image destination found in the body.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkRef {
    /// As written in the Markdown.
    pub dest: String,
    /// Byte range in the page's file.
    pub range: Range<usize>,
    pub is_image: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// The headings, nested, with their ids: the one list of heading ids (a report has 20–60
    /// headings whose pinyin ids are long; three lists of them were half a page's memory).
    pub toc: Vec<TocEntry>,
    /// The footnotes' ids; with the headings' ids, every id a `#fragment` may target.
    pub footnotes: Vec<String>,
    /// Every id a `#fragment` may target, hashed and sorted ([`Rendered::has_anchor`]): what
    /// a loaded page keeps of its headings for the link check.
    pub anchor_keys: Vec<u64>,
    pub count: TextCount,
    /// Plain text of the first body paragraph (for summaries).
    pub first_paragraph: String,
    /// Plain text of the whole body (for search).
    pub plain: String,
    pub has_code: bool,
    pub links: Vec<LinkRef>,
    /// Images without alt text (byte ranges), for `check`.
    pub images_without_alt: Vec<Range<usize>>,
    /// Headings with `{…}` attributes other than `#id` and `.class` (the heading's byte range
    /// and the attribute names). They are dropped from the HTML unless `markdown.unsafe_html`,
    /// and the build reports them (test `security::heading_attributes_cannot_run_script`).
    pub heading_attributes: Vec<(Range<usize>, Vec<String>)>,
    /// Where nesting first went deeper than [`MAX_NESTING`] (a byte range in the file, on one
    /// line). Rendering stopped there: the page is an error ([`too_deep`]).
    pub too_deep: Option<Range<usize>>,
    /// Links to a heading of the page by its text, by their index in `links`, and the id they
    /// go to, for the HTML pass.
    pub retargeted: HashMap<usize, String>,
}

impl Rendered {
    /// Each heading's id, in the order of the text.
    pub fn heading_ids(&self) -> Vec<&str> {
        fn walk<'a>(entries: &'a [TocEntry], out: &mut Vec<&'a str>) {
            for e in entries {
                out.push(&e.id);
                walk(&e.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.toc, &mut out);
        out
    }

    /// Every id a `#fragment` may target: the headings' and the footnotes'.
    pub fn anchors(&self) -> Vec<&str> {
        let mut out = self.heading_ids();
        out.extend(self.footnotes.iter().map(String::as_str));
        out
    }

    /// Is `id` the id of a heading or a footnote?
    pub fn has_anchor(&self, id: &str) -> bool {
        self.anchor_keys.binary_search(&anchor_key(id)).is_ok()
    }

    /// Drops what only the page's own render and the help of a diagnostic use (the TOC, the
    /// footnotes, the first paragraph): a loaded page keeps its links, counts and
    /// [`Rendered::anchor_keys`], and is analysed again when it is written. A report's TOC
    /// (20–60 headings with long pinyin ids) was most of its memory.
    pub fn lighten(&mut self) {
        self.toc = Vec::new();
        self.footnotes = Vec::new();
        self.first_paragraph = String::new();
        self.retargeted = HashMap::new();
    }

    /// Is this the analysis of a loaded page ([`Rendered::lighten`]), without its TOC?
    pub fn is_light(&self) -> bool {
        self.toc.is_empty() && self.footnotes.is_empty() && !self.anchor_keys.is_empty()
    }
}

/// The key of an anchor in [`Rendered::anchor_keys`].
fn anchor_key(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// The error for a body nested deeper than [`MAX_NESTING`], at `range` from [`Rendered::too_deep`].
pub fn too_deep(source: &Source, range: Range<usize>) -> Diagnostic {
    Diagnostic::error(Code::NestingTooDeep, format!("Markdown nested deeper than {MAX_NESTING} levels"))
        .with_span(source, range)
        .with_label(format!("level {} of lists, quotes, emphasis or links starts here", MAX_NESTING + 1))
        .with_help("flatten the list or quote here; a line indented one step further than the last nests once more")
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// Renders a body: [`analyze`], then its HTML with the heading ids and link targets found.
/// `body_offset` is where the body starts in its file. Pages are analysed while loading and
/// rendered again when they are written, so no page's HTML is held longer than its output
/// takes to write.
pub fn render_markdown(body: &str, body_offset: usize, opts: &MarkdownOptions<'_>) -> Rendered {
    let prepared = prepare(body, opts);
    let mut out = analyze_prepared(body, prepared.as_deref(), body_offset, opts);
    if out.too_deep.is_none() {
        let source = prepared.as_deref().unwrap_or(body);
        out.html = write_html(source, prepared.is_some(), &out.heading_ids(), &out.retargeted, opts);
    }
    out
}

/// The body with the CJK-friendly emphasis sentinels, when the site asks for them and the body
/// needs any (`cjk_emphasis::prepare`): made once for both passes.
fn prepare(body: &str, opts: &MarkdownOptions<'_>) -> Option<String> {
    if opts.config.cjk_emphasis { cjk_emphasis::prepare(body, options()) } else { None }
}

/// Everything about a body but its HTML: headings, TOC, anchors, links, text counts, the first
/// paragraph (and the plain text when `keep_plain`). `body_offset` is where the body starts in
/// its file.
pub fn analyze(body: &str, body_offset: usize, opts: &MarkdownOptions<'_>) -> Rendered {
    analyze_prepared(body, prepare(body, opts).as_deref(), body_offset, opts)
}

/// [`analyze`] of `body`, whose sentinels [`prepare`] put into `prepared`.
fn analyze_prepared(body: &str, prepared: Option<&str>, body_offset: usize, opts: &MarkdownOptions<'_>) -> Rendered {
    let options = options();
    let source = prepared.unwrap_or(body);
    // Maps a range in `source` back to the original file, undoing inserted sentinels.
    // Sentinel positions are found once: counting them per link made a 5 MB report with
    // thousands of links quadratic (test `hardening::a_five_megabyte_report`).
    let sentinels: Vec<usize> =
        prepared.map(|p| p.match_indices(cjk_emphasis::SENTINEL).map(|(i, _)| i).collect()).unwrap_or_default();
    let to_file = |r: Range<usize>| -> Range<usize> {
        let before = |i: usize| sentinels.partition_point(|&s| s < i) * cjk_emphasis::SENTINEL.len_utf8();
        r.start - before(r.start) + body_offset..r.end - before(r.end) + body_offset
    };

    let mut out = Rendered::default();
    let mut headings: Vec<(u8, String, Option<String>)> = Vec::new(); // (level, text, explicit id)
    let mut heading_text: Option<String> = None;
    let mut para_depth = 0usize;
    let mut para_text = String::new();
    let mut first_para_done = false;
    let mut code_block: Option<String> = None; // its text, for counts and search
    let mut image_alt: Option<(Range<usize>, String)> = None;
    // indexes in out.links of links to `#fragment` on this page
    let mut own_anchor_links: Vec<usize> = Vec::new();
    let mut nesting = 0usize;

    // Two passes over the parser: this one reads headings, links, text and counts; the second
    // (`write_html`) streams the HTML with the heading ids and link targets found here. Keeping
    // every event for one pass took 80 bytes per event, up to two per byte of dense Markdown.
    let drop = !opts.config.unsafe_html;
    for (event, range) in without_comments(Parser::new_ext(source, options).into_offset_iter(), drop) {
        let event = strip_sentinels(event, prepared.is_some());
        if let Some(text) = &mut code_block {
            match event {
                Event::Text(t) => {
                    text.push_str(&t);
                    continue;
                }
                Event::End(TagEnd::CodeBlock) => {
                    let text = code_block.take().unwrap_or_default();
                    add_plain(&mut out, &text, opts);
                    continue;
                }
                _ => continue,
            }
        }
        // Nesting is counted apart from the match below, which reads links and images too.
        match &event {
            Event::Start(
                Tag::List(_)
                | Tag::BlockQuote(_)
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::DefinitionList,
            ) => {
                nesting += 1;
                if nesting > MAX_NESTING {
                    // one line of it: a list's range runs to the end of the list
                    let line_end = source[range.clone()].find('\n').map_or(range.end, |i| range.start + i);
                    out.too_deep = Some(to_file(range.start..line_end));
                    break;
                }
            }
            Event::End(
                TagEnd::List(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::DefinitionList,
            ) => nesting = nesting.saturating_sub(1),
            _ => {}
        }
        match &event {
            Event::Start(Tag::Heading { level, id, attrs, .. }) => {
                if !attrs.is_empty() {
                    let names = attrs.iter().map(|(name, _)| name.to_string()).collect();
                    out.heading_attributes.push((to_file(range.clone()), names));
                }
                headings.push((heading_level(*level), String::new(), id.as_ref().map(|s| s.to_string())));
                heading_text = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                if let (Some(text), Some(h)) = (heading_text.take(), headings.last_mut()) {
                    h.1 = text.trim().to_string();
                }
                add_plain(&mut out, "\n", opts);
            }
            Event::Start(Tag::Paragraph) => {
                para_depth += 1;
                para_text.clear();
            }
            Event::End(TagEnd::Paragraph) => {
                para_depth = para_depth.saturating_sub(1);
                let trimmed = para_text.trim();
                // A salutation such as 各位代表： opens many reports; it is no summary.
                let salutation = trimmed.ends_with('：') || trimmed.ends_with(':');
                if !first_para_done && !trimmed.is_empty() && !salutation {
                    out.first_paragraph = trimmed.to_string();
                    first_para_done = true;
                }
                add_plain(&mut out, "\n", opts);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                out.has_code = true;
                code_block = Some(String::new());
                continue;
            }
            Event::Start(Tag::Link { dest_url, link_type, .. }) => {
                // `<renda@example.gov.cn>` is written as a mailto: link by the HTML writer
                let dest = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                if dest.starts_with('#') {
                    own_anchor_links.push(out.links.len());
                }
                out.links.push(LinkRef { dest, range: to_file(range.clone()), is_image: false });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                out.links.push(LinkRef { dest: dest_url.to_string(), range: to_file(range.clone()), is_image: true });
                image_alt = Some((to_file(range.clone()), String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((r, alt)) = image_alt.take()
                    && alt.trim().is_empty()
                {
                    out.images_without_alt.push(r);
                }
            }
            Event::FootnoteReference(name) => {
                // pulldown-cmark gives footnote definitions the id of their name.
                let _ = name;
            }
            Event::Start(Tag::FootnoteDefinition(name)) => out.footnotes.push(name.to_string()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = &mut heading_text {
                    h.push_str(t);
                }
                if let Some((_, alt)) = &mut image_alt {
                    alt.push_str(t);
                }
                if para_depth > 0 {
                    para_text.push_str(t);
                }
                add_plain(&mut out, t, opts);
            }
            Event::SoftBreak | Event::HardBreak => {
                if para_depth > 0 {
                    // A line break inside Chinese or Japanese text is not a space; Korean
                    // separates words with spaces, so a break after Hangul is one.
                    let prev_cjk = para_text.chars().last().is_some_and(text::is_cjk_unspaced);
                    if !prev_cjk {
                        para_text.push(' ');
                    }
                }
                add_plain(&mut out, "\n", opts);
            }
            _ => {}
        }
    }

    // Heading ids: `{#id}` wins; otherwise the slug of the text, unique within the page.
    let mut used: HashSet<String> = headings.iter().filter_map(|h| h.2.clone()).collect();
    used.extend(out.footnotes.iter().cloned());
    let mut next_suffix = HashMap::new();
    let mut flat = Vec::with_capacity(headings.len());
    for (level, title, explicit) in headings {
        let id = match explicit {
            Some(id) => id,
            None => unique_id(&text::slugify(&title, opts.slugify), &mut used, &mut next_suffix),
        };
        flat.push(TocEntry { level, id, title, children: Vec::new() });
    }
    // `[见第一部分](#一、基本评价)`: a link to a heading by its text, with or without its
    // numbering, goes to the heading's id (test `links_to_a_heading_by_its_text_get_its_id`)
    // (index in out.links, new target) for the second pass
    let mut retargeted: HashMap<usize, String> = HashMap::new();
    for link in own_anchor_links {
        let fragment = crate::pipeline::percent_decode(&out.links[link].dest[1..]);
        if out.footnotes.contains(&fragment) || flat.iter().any(|h| h.id == fragment) {
            continue;
        }
        let Some(id) = heading_id_for_text(&flat, &fragment) else { continue };
        let dest = format!("#{id}");
        retargeted.insert(link, dest.clone());
        out.links[link].dest = dest;
    }
    out.anchor_keys =
        flat.iter().map(|h| anchor_key(&h.id)).chain(out.footnotes.iter().map(|f| anchor_key(f))).collect();
    out.anchor_keys.sort_unstable();
    out.anchor_keys.dedup();
    out.toc = nest(flat);
    out.retargeted = retargeted;
    out
}

/// The second pass: the body's HTML, with the first pass's heading ids in order and its new
/// targets of links (counted with images, in the order of `Rendered::links`), code highlighted,
/// raw HTML escaped unless allowed and the base path added to root links.
fn write_html(
    source: &str,
    has_sentinels: bool,
    ids: &[&str],
    retargeted: &HashMap<usize, String>,
    opts: &MarkdownOptions<'_>,
) -> String {
    let mut ids = ids.iter().map(|id| id.to_string());
    let mut links = 0usize;
    let mut code_block: Option<(String, String)> = None; // (lang, text)
    let parsed = Parser::new_ext(source, options()).map(|e| (e, ()));
    let events = without_comments(parsed, !opts.config.unsafe_html).filter_map(|(event, ())| {
        let event = strip_sentinels(event, has_sentinels);
        if let Some((_, text)) = &mut code_block {
            return match event {
                Event::Text(t) => {
                    text.push_str(&t);
                    None
                }
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code_block.take().unwrap_or_default();
                    Some(Event::Html(CowStr::from(highlight(&lang, &text, opts.config.highlight))))
                }
                _ => None,
            };
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                code_block = Some((code_lang(&kind), String::new()));
                return None;
            }
            Event::Start(Tag::Heading { level, id: _, classes, attrs }) => {
                Event::Start(Tag::Heading { level, id: ids.next().map(CowStr::from), classes, attrs })
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = retargeted.get(&links).map_or(dest_url, |d| CowStr::from(d.clone()));
                links += 1;
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { .. }) => {
                links += 1;
                event
            }
            other => other,
        };
        Some(rewrite(event, opts))
    });
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    // pages keep their HTML until the write stage: keep only what it needs
    html.shrink_to_fit();
    html
}

/// Text arrives with sentinels when the CJK amendment was applied.
fn strip_sentinels(event: Event<'_>, has_sentinels: bool) -> Event<'_> {
    match event {
        Event::Text(t) if has_sentinels => match cjk_emphasis::strip(&t) {
            std::borrow::Cow::Borrowed(_) => Event::Text(t),
            std::borrow::Cow::Owned(s) => Event::Text(CowStr::from(s)),
        },
        other => other,
    }
}

/// A fenced block's language: the info string's first word.
fn code_lang(kind: &CodeBlockKind<'_>) -> String {
    match kind {
        CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or("").to_string(),
        CodeBlockKind::Indented => String::new(),
    }
}

/// The id of the heading whose text is `text`, compared without numbering (`一、`, `（二）`,
/// `3.`, `第一部分`), spaces and punctuation: editors link to `#一、基本评价` or `#基本评价`.
pub fn heading_id_for_text<'t>(headings: &'t [TocEntry], text: &str) -> Option<&'t str> {
    let key = heading_key(text);
    if key.is_empty() {
        return None;
    }
    fn find<'t>(entries: &'t [TocEntry], key: &str) -> Option<&'t str> {
        entries
            .iter()
            .find_map(|e| if heading_key(&e.title) == key { Some(e.id.as_str()) } else { find(&e.children, key) })
    }
    find(headings, &key)
}

/// A heading's text as editors refer to it: numbering, spaces and punctuation dropped, lower case.
fn heading_key(text: &str) -> String {
    let t = strip_numbering(text.trim());
    // ideographs are alphabetic: what is dropped is spaces and punctuation of every script
    t.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// `一、`, `（一）`, `(1)`, `1.`, `1、`, `第一部分`, `第三章 ` at the start of a heading.
fn strip_numbering(t: &str) -> &str {
    let is_numeral = |c: char| c.is_ascii_digit() || "〇零一二三四五六七八九十百".contains(c);
    let rest = t.trim_start();
    // (一) （一） (1)
    if let Some(inner) = rest.strip_prefix(['(', '（'])
        && let Some(close) = inner.find([')', '）'])
        && close > 0
        && inner[..close].chars().all(is_numeral)
    {
        let after = &inner[close..];
        let after = after.trim_start_matches([')', '）']);
        return after.trim_start_matches(['、', '.', '．', ' ']).trim_start();
    }
    // 第一部分 第三章 第二节 第五条
    if let Some(inner) = rest.strip_prefix('第') {
        let n = inner.chars().take_while(|c| is_numeral(*c)).map(char::len_utf8).sum::<usize>();
        if n > 0 {
            for unit in ["部分", "章", "节", "条", "项"] {
                if let Some(after) = inner[n..].strip_prefix(unit) {
                    return after.trim_start_matches(['、', '.', '．', ' ', '　', '：', ':']).trim_start();
                }
            }
        }
    }
    // 一、 1. 1、 1．
    let n = rest.chars().take_while(|c| is_numeral(*c)).map(char::len_utf8).sum::<usize>();
    if n > 0
        && let Some(after) = rest[n..].strip_prefix(['、', '.', '．'])
    {
        return after.trim_start();
    }
    rest
}

fn add_plain(out: &mut Rendered, t: &str, opts: &MarkdownOptions<'_>) {
    if opts.count {
        out.count.add(TextCount::of(t));
    }
    if opts.keep_plain {
        out.plain.push_str(t);
    }
}

/// HTML comments (`<!-- … -->`: photo captions left in pasted web text) dropped when raw HTML
/// is not allowed (`drop`): escaped, they would show on the page and be indexed for search, and
/// a comment cannot run (issue 15 §6). A block of nothing but comments goes; a block with other
/// HTML keeps that, escaped by `rewrite`; an inline comment goes. Code keeps its text.
fn without_comments<'a, R: Clone>(
    mut events: impl Iterator<Item = (Event<'a>, R)>,
    drop: bool,
) -> impl Iterator<Item = (Event<'a>, R)> {
    let mut queue: VecDeque<(Event<'a>, R)> = VecDeque::new();
    std::iter::from_fn(move || {
        loop {
            if let Some(next) = queue.pop_front() {
                return Some(next);
            }
            let (event, range) = events.next()?;
            if !drop {
                return Some((event, range));
            }
            match event {
                Event::InlineHtml(ref html) if strip_comments(html).trim().is_empty() => continue,
                Event::Start(Tag::HtmlBlock) => {
                    let mut html = String::new();
                    let mut html_range = None;
                    let mut end = None;
                    for (e, r) in events.by_ref() {
                        match e {
                            Event::Html(h) => {
                                html.push_str(&h);
                                html_range.get_or_insert(r);
                            }
                            Event::End(TagEnd::HtmlBlock) => {
                                end = Some(r);
                                break;
                            }
                            // an HTML block holds only HTML lines; anything else is kept as is
                            other => queue.push_back((other, r)),
                        }
                    }
                    let rest = strip_comments(&html);
                    if rest.trim().is_empty() && queue.is_empty() {
                        continue;
                    }
                    queue.push_front((Event::Html(CowStr::from(rest)), html_range.unwrap_or_else(|| range.clone())));
                    queue.push_front((Event::Start(Tag::HtmlBlock), range.clone()));
                    queue.push_back((Event::End(TagEnd::HtmlBlock), end.unwrap_or(range)));
                }
                other => return Some((other, range)),
            }
        }
    })
}

/// `html` without its `<!-- … -->` comments (an unclosed one runs to the end).
fn strip_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => rest = &rest[start + 4 + end + 3..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// Escapes raw HTML unless allowed, and gives root-relative links the site's base path.
fn rewrite<'a>(event: Event<'a>, opts: &MarkdownOptions<'_>) -> Event<'a> {
    match event {
        Event::Html(html) | Event::InlineHtml(html) if !opts.config.unsafe_html => Event::Text(html),
        Event::Start(Tag::HtmlBlock) if !opts.config.unsafe_html => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) if !opts.config.unsafe_html => Event::End(TagEnd::Paragraph),
        // `{onfocus=…}` would be an event handler: only `#id` and `.class` pass
        Event::Start(Tag::Heading { level, id, classes, attrs }) if !opts.config.unsafe_html && !attrs.is_empty() => {
            Event::Start(Tag::Heading { level, id, classes, attrs: Vec::new() })
        }
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: with_base_path(dest_url, opts.base_path), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: with_base_path(dest_url, opts.base_path), title, id })
        }
        other => other,
    }
}

fn with_base_path<'a>(dest: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if base_path != "/" && dest.starts_with('/') && !dest.starts_with("//") {
        CowStr::from(format!("{}{}", base_path.trim_end_matches('/'), dest))
    } else {
        dest
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `base`, or `base-1`, `base-2` … whichever is free; `section` when the text has no slug.
/// `next` remembers where each base's search stopped: counting from 1 every time made 20,000
/// headings of one title quadratic (test `hardening::thousands_of_errors_in_one_file`).
fn unique_id(base: &str, used: &mut HashSet<String>, next: &mut HashMap<String, usize>) -> String {
    let base = if base.is_empty() { "section" } else { base };
    let mut id = base.to_string();
    let n = next.entry(base.to_string()).or_insert(1);
    while used.contains(&id) {
        id = format!("{base}-{n}");
        *n += 1;
    }
    used.insert(id.clone());
    id
}

/// Turns a flat list of headings into a tree by level.
fn nest(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    fn take(items: &mut std::iter::Peekable<std::vec::IntoIter<TocEntry>>, parent_level: u8) -> Vec<TocEntry> {
        let mut out = Vec::new();
        while let Some(next) = items.peek() {
            if next.level <= parent_level {
                break;
            }
            let Some(mut entry) = items.next() else { break };
            entry.children = take(items, entry.level);
            out.push(entry);
        }
        out
    }
    let mut items = flat.into_iter().peekable();
    let mut out = Vec::new();
    while items.peek().is_some() {
        out.extend(take(&mut items, 0));
    }
    out
}

/// A fenced code block as HTML: highlighted by class when the language is known.
fn highlight(lang: &str, code: &str, enabled: bool) -> String {
    let escaped = || escape_html(code);
    // the info word as written (`c#`, `föö`), escaped, as CommonMark's reference renderer does
    let lang_class =
        |l: &str| if l.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape_html(l)) };
    if !enabled || lang.is_empty() {
        return format!("<pre><code{}>{}</code></pre>\n", lang_class(lang), escaped());
    }
    let syntaxes = &*SYNTAXES;
    let Some(syntax) = syntaxes.find_syntax_by_token(lang) else {
        return format!("<pre><code{}>{}</code></pre>\n", lang_class(lang), escaped());
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, HIGHLIGHT_CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            return format!("<pre><code{}>{}</code></pre>\n", lang_class(lang), escaped());
        }
    }
    format!("<pre class=\"hl-code\"><code{}>{}</code></pre>\n", lang_class(lang), generator.finalize())
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The stylesheet for highlighted code: a light theme, and a dark one for dark mode. Made once
/// per process (loading syntect's themes is slow).
pub fn highlight_css() -> String {
    static CSS: LazyLock<String> = LazyLock::new(make_highlight_css);
    CSS.clone()
}

fn make_highlight_css() -> String {
    use syntect::highlighting::ThemeSet;
    let mut themes = ThemeSet::load_defaults();
    let mut css =
        String::from("/* Generated by Gazette from syntect themes, colours darkened or lightened to 4.5:1. */\n");
    if let Some(light) = themes.themes.remove("InspiredGitHub")
        && let Ok(s) =
            syntect::html::css_for_theme_with_class_style(&readable_on(light, PAPER_LIGHT), HIGHLIGHT_CLASS_STYLE)
    {
        css.push_str(&s);
    }
    if let Some(dark) = themes.themes.remove("base16-ocean.dark")
        && let Ok(s) =
            syntect::html::css_for_theme_with_class_style(&readable_on(dark, PAPER_DARK), HIGHLIGHT_CLASS_STYLE)
    {
        css.push_str("@media (prefers-color-scheme: dark) {\n");
        css.push_str(&s);
        css.push_str("}\n");
    }
    css
}

/// The default theme's code block background (`--paper` in gazette.css), light and dark.
const PAPER_LIGHT: [u8; 3] = [0xf7, 0xf4, 0xef];
const PAPER_DARK: [u8; 3] = [0x22, 0x1f, 0x1d];

/// The theme with every text colour moved towards black (on a light background) or white (on a
/// dark one) until it has the 4.5:1 contrast WCAG 2.1 AA asks of text: syntect's themes have
/// several colours below it (axe: color-contrast, found building the editor's guide).
fn readable_on(mut theme: syntect::highlighting::Theme, paper: [u8; 3]) -> syntect::highlighting::Theme {
    use syntect::highlighting::Color;
    let bg = Color { r: paper[0], g: paper[1], b: paper[2], a: 0xff };
    let fix = |c: &mut Color| *c = readable(*c, bg);
    for item in &mut theme.scopes {
        if let Some(c) = &mut item.style.foreground {
            fix(c);
        }
    }
    if let Some(c) = &mut theme.settings.foreground {
        fix(c);
    }
    theme.settings.background = Some(bg);
    theme
}

fn readable(c: syntect::highlighting::Color, bg: syntect::highlighting::Color) -> syntect::highlighting::Color {
    let towards = if luminance(bg) > 0.5 { 0.0 } else { 255.0 };
    let mut out = c;
    for step in 0..=20 {
        let t = f64::from(step) / 20.0;
        let mix = |v: u8| (f64::from(v) + (towards - f64::from(v)) * t).round() as u8;
        out = syntect::highlighting::Color { r: mix(c.r), g: mix(c.g), b: mix(c.b), a: 0xff };
        if contrast(out, bg) >= 4.6 {
            break;
        }
    }
    out
}

/// WCAG 2.1 relative luminance.
fn luminance(c: syntect::highlighting::Color) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)
}

fn contrast(a: syntect::highlighting::Color, b: syntect::highlighting::Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighted_code_is_readable() {
        // every text colour of the stylesheet, against the code block's background (WCAG AA)
        let css = highlight_css();
        let (light, dark) = css.split_once("@media").unwrap();
        for (part, paper) in [(light, PAPER_LIGHT), (dark, PAPER_DARK)] {
            let bg = syntect::highlighting::Color { r: paper[0], g: paper[1], b: paper[2], a: 0xff };
            let mut seen = 0;
            for (i, _) in part.match_indices("color: #") {
                if part[..i].ends_with("background-") {
                    continue;
                }
                let hex = &part[i + 8..i + 14];
                let v = |k: usize| u8::from_str_radix(&hex[k..k + 2], 16).unwrap();
                let c = syntect::highlighting::Color { r: v(0), g: v(2), b: v(4), a: 0xff };
                assert!(contrast(c, bg) >= 4.5, "#{hex} has {:.2}:1", contrast(c, bg));
                seen += 1;
            }
            assert!(seen > 20, "only {seen} colours");
        }
    }

    #[test]
    fn email_autolinks_are_mailto_links() {
        let r = render("来信请寄<renda@example.gov.cn>。\n");
        assert_eq!(r.links.iter().map(|l| l.dest.as_str()).collect::<Vec<_>>(), ["mailto:renda@example.gov.cn"]);
        assert!(r.html.contains(r#"<a href="mailto:renda@example.gov.cn">renda@example.gov.cn</a>"#), "{}", r.html);
    }

    #[test]
    fn links_to_a_heading_by_its_text_get_its_id() {
        let md = "## 一、基本评价\n\n## （二）存在的问题\n\n## 第三部分 意见建议\n\n\
                  [a](#一、基本评价) [b](#基本评价) [c](#存在的问题) [d](#（二）存在的问题) \
                  [e](#意见建议) [f](#%E5%9F%BA%E6%9C%AC%E8%AF%84%E4%BB%B7) [g](#没有这一节) [h](#yi-ji-ben-ping-jia)\n";
        let r = render(md);
        let dests: Vec<&str> = r.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(
            dests,
            [
                "#yi-ji-ben-ping-jia",
                "#yi-ji-ben-ping-jia",
                "#er-cun-zai-de-wen-ti",
                "#er-cun-zai-de-wen-ti",
                "#di-san-bu-fen-yi-jian-jian-yi",
                "#yi-ji-ben-ping-jia",
                "#没有这一节",
                "#yi-ji-ben-ping-jia"
            ]
        );
        assert!(r.html.contains(r##"<a href="#er-cun-zai-de-wen-ti">c</a>"##), "{}", r.html);
    }

    #[test]
    fn code_info_words_are_kept() {
        for (info, class) in [("c#", "language-c#"), ("föö", "language-föö"), ("a\"b", "language-a&quot;b")] {
            let r = render(&format!("```{info}\nx\n```\n"));
            assert!(r.html.contains(&format!("class=\"{class}\"")), "{info}: {}", r.html);
        }
    }

    fn cfg() -> MarkdownConfig {
        MarkdownConfig { unsafe_html: false, highlight: true, cjk_emphasis: true }
    }

    fn render_with(md: &str, config: &MarkdownConfig, base_path: &str) -> Rendered {
        render_at(md, 0, config, base_path)
    }

    /// `md` rendered as a body starting at byte `offset` of its file.
    fn render_at(md: &str, offset: usize, config: &MarkdownConfig, base_path: &str) -> Rendered {
        render_markdown(
            md,
            offset,
            &MarkdownOptions { config, slugify: SlugMode::Pinyin, base_path, keep_plain: true, count: true },
        )
    }

    fn render(md: &str) -> Rendered {
        render_with(md, &cfg(), "/")
    }

    fn check(md: &str, expected_html: &str) {
        assert_eq!(render(md).html, expected_html, "markdown: {md:?}");
    }

    #[test]
    fn html_cases() {
        check("## 三、存在的问题\n", "<h2 id=\"san-cun-zai-de-wen-ti\">三、存在的问题</h2>\n");
        check("## 标题 {#custom}\n", "<h2 id=\"custom\">标题</h2>\n");
        check("## 问题\n## 问题\n", "<h2 id=\"wen-ti\">问题</h2>\n<h2 id=\"wen-ti-1\">问题</h2>\n");
        check("<script>alert(1)</script>\n", "<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>\n");
        check("文字 <b>粗</b>\n", "<p>文字 &lt;b&gt;粗&lt;/b&gt;</p>\n");
        check("~~删除~~\n", "<p><del>删除</del></p>\n");
        check("- [x] 完成\n", "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n完成</li>\n</ul>\n");
        check(
            "| a | b |\n|---|---|\n| 1 | 2 |\n",
            "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td>1</td><td>2</td></tr>\n</tbody></table>\n",
        );
        check("术语\n: 定义\n", "<dl>\n<dt>术语</dt>\n<dd>定义</dd>\n</dl>\n");
    }

    #[test]
    fn html_comments_are_dropped_unless_html_is_allowed() {
        // a photo caption as pasted web text has it: on its own line, inline, over two lines
        let md = "<!-- 陈吉宁同志作政府工作报告。 -->\n\n各位代表：<!-- 图 -->现在\n\n<!-- 两行\n的说明 -->\n\n`<!-- 代码 -->`\n";
        let r = render(md);
        assert_eq!(r.html, "<p>各位代表：现在</p>\n<p><code>&lt;!-- 代码 --&gt;</code></p>\n");
        assert!(
            !r.plain.contains("陈吉宁") && !r.plain.contains("两行") && r.plain.contains("各位代表"),
            "{}",
            r.plain
        );
        // other raw HTML next to a comment stays escaped text
        assert_eq!(render("<b>粗</b><!-- x -->\n").html, "<p>&lt;b&gt;粗&lt;/b&gt;</p>\n");
        // allowed raw HTML keeps its comments, as HTML
        let c = MarkdownConfig { unsafe_html: true, ..cfg() };
        assert_eq!(render_with("<!-- 说明 -->\n\n正文\n", &c, "/").html, "<!-- 说明 -->\n<p>正文</p>\n");
    }

    #[test]
    fn unsafe_html_passes_when_allowed() {
        let c = MarkdownConfig { unsafe_html: true, ..cfg() };
        assert_eq!(render_with("文字 <b>粗</b>\n", &c, "/").html, "<p>文字 <b>粗</b></p>\n");
    }

    #[test]
    fn base_path_is_prepended_to_root_links() {
        let r = render_with("[a](/reports/x/) [b](https://e.org/) [c](rel/) ![d](/img.png)\n", &cfg(), "/renda/");
        assert_eq!(
            r.html,
            "<p><a href=\"/renda/reports/x/\">a</a> <a href=\"https://e.org/\">b</a> <a href=\"rel/\">c</a> <img src=\"/renda/img.png\" alt=\"d\" /></p>\n"
        );
        assert_eq!(
            r.links.iter().map(|l| l.dest.as_str()).collect::<Vec<_>>(),
            ["/reports/x/", "https://e.org/", "rel/", "/img.png"]
        );
    }

    #[test]
    fn toc_nests_by_level() {
        let r = render("## 一\n### 甲\n### 乙\n## 二\n#### 深\n");
        let shape: Vec<(String, Vec<String>)> =
            r.toc.iter().map(|e| (e.id.clone(), e.children.iter().map(|c| c.id.clone()).collect())).collect();
        assert_eq!(
            shape,
            [
                ("yi".to_string(), vec!["jia".to_string(), "yi-1".to_string()]),
                ("er".to_string(), vec!["shen".to_string()])
            ]
        );
    }

    #[test]
    fn first_paragraph_skips_salutation() {
        let r = render("各位代表：\n\n现在，我代表县人大常委会\n报告工作。\n\n第二段。\n");
        assert_eq!(r.first_paragraph, "现在，我代表县人大常委会报告工作。");
        let r = render("The committee\nmet today.\n");
        assert_eq!(r.first_paragraph, "The committee met today.");
        let r = render("대표 여러분\n안녕하십니까.\n");
        assert_eq!(r.first_paragraph, "대표 여러분 안녕하십니까.");
    }

    #[test]
    fn code_is_highlighted_by_class() {
        let r = render("```rust\nfn main() {}\n```\n");
        assert!(r.has_code);
        assert!(
            r.html
                .starts_with("<pre class=\"hl-code\"><code class=\"language-rust\"><span class=\"hl-source hl-rust\">"),
            "{}",
            r.html
        );
        let r = render("```nosuchlang\n<x>\n```\n");
        assert_eq!(r.html, "<pre><code class=\"language-nosuchlang\">&lt;x&gt;\n</code></pre>\n");
        assert!(!render("文字").has_code);
    }

    #[test]
    fn counts_text_and_links_positions() {
        let md = "县人大常委会依法履职。\n\n[链接](/a/)\n";
        let r = render_at(md, 100, &cfg(), "/");
        assert_eq!(r.count.cjk_chars, 12);
        assert_eq!(r.links[0].range.start, 100 + md.find('[').unwrap());
    }

    #[test]
    fn images_without_alt_are_found() {
        let r = render("![](a.png) ![说明](b.png)\n");
        assert_eq!(r.images_without_alt.len(), 1);
    }

    #[test]
    fn nesting_stops_past_the_limit() {
        let at = |md: &str| render(md).too_deep;
        assert_eq!(at(&format!("{}项\n", "> ".repeat(MAX_NESTING))), None);
        assert_eq!(at(&format!("{}项\n", "> ".repeat(MAX_NESTING + 1))), Some(200..205));
        // the range is one line of the list, in the file's bytes
        let list: String = (0..=MAX_NESTING).map(|i| format!("{}- 项\n", "  ".repeat(i))).collect();
        let start = list.rfind("- 项").unwrap();
        let r = render_at(&list, 10, &cfg(), "/");
        assert_eq!(r.too_deep, Some(10 + start..10 + list.len() - 1));
    }

    #[test]
    fn footnotes_are_anchors() {
        let r = render("正文[^1]\n\n[^1]: 注释\n");
        assert!(r.has_anchor("1"), "{:?}", r.anchors());
    }
}
