//! The validation stage: every error rule over the loaded site, in one place.
//!
//! In: a [`Site`] whose output plan is made. Out: the diagnostics of bundle files that are not
//! there, broken links and anchors (one link checker for pages, pages that failed and the text of
//! `_index.md` files alike), URLs that would run script, heading attributes that are raw HTML, and
//! covers that name nothing.
//! Never: stops at the first problem, or reads the disk except a page's file again to show the
//! lines of a diagnostic about it (pages keep no text: `model::PageSource`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{self, Code, Diagnostic, Diagnostics, Source, SpanSource};
use crate::pipeline::Site;
use crate::pipeline::chains::{Field, Problem};
use crate::pipeline::front_matter::DocRef;
use crate::pipeline::markdown::{self, LinkRef, Rendered};
use crate::pipeline::model::Page;
use crate::pipeline::plan::Origin;

/// Every error rule of the build (and of `check`, which adds its warnings to these).
pub fn validate(config: &Config, site: &Site) -> Diagnostics {
    validate_since(config, site, None).0
}

/// What one validation keeps for the next (`serve`'s), so that a rebuild does not check the
/// links of 10,000 unchanged pages again: each page's link findings with the site paths its
/// links resolved to, by page version, and a hash of what the site's paths are. A page's links
/// are checked again when it changed, when they had findings (a suggestion names the other
/// URLs), when they lead to a page whose version changed (its anchors may have), or, all of
/// them, when a URL came or went or changed hands.
#[derive(Debug, Default)]
pub struct Checked {
    links: HashMap<u64, Arc<LinkFindings>>,
    urls: u64,
}

/// The findings of one text's links, and the site paths they resolved to.
#[derive(Debug, Default)]
struct LinkFindings {
    diags: Vec<Diagnostic>,
    targets: Vec<String>,
}

/// A hash of every planned output (in plan order, which a site determines): its URL, its kind
/// of output and, for a page or its alias, the page's file; and of the paths of the pages left
/// out for errors. Equal hashes: every path answers a link as before, but for the anchors of
/// pages whose version changed.
fn url_set_hash(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    for o in &site.plan.outputs {
        o.url.hash(&mut h);
        std::mem::discriminant(&o.origin).hash(&mut h);
        if let Origin::Page(i) = o.origin {
            site.pages[i].rel.hash(&mut h);
        }
    }
    for f in &site.failed {
        f.path.hash(&mut h);
    }
    h.finish()
}

/// The URLs whose answer to a link may have changed since `previous` (the pages whose version is
/// new, and their aliases), or `None` when any URL may have (the set of URLs changed).
fn changed_urls<'s>(site: &'s Site, previous: &Checked, urls: u64) -> Option<HashSet<&'s str>> {
    if previous.urls != urls {
        return None;
    }
    let new: HashSet<usize> =
        (0..site.pages.len()).filter(|&i| !previous.links.contains_key(&site.pages[i].version)).collect();
    if new.is_empty() {
        return Some(HashSet::new());
    }
    let changed = site.plan.outputs.iter().filter(|o| matches!(o.origin, Origin::Page(i) if new.contains(&i)));
    Some(changed.map(|o| o.url.as_str()).collect())
}

/// Whether a link resolved to `target` read the answer of a changed path ([`Plan::find`] looks
/// at the path, the path without `index.html` and the path with `/`).
fn affected(changed: &HashSet<&str>, target: &str) -> bool {
    !changed.is_empty()
        && (changed.contains(target)
            || target.strip_suffix("index.html").is_some_and(|dir| changed.contains(dir))
            || changed.contains(format!("{target}/").as_str()))
}

/// [`validate`], reusing the link findings `previous` kept for pages whose version is unchanged
/// and whose links lead to nothing that changed (the same config: `serve`'s cache is dropped
/// when the config changes); also returns what the next validation may reuse (only when given a
/// `previous`, so that `gazette build` does not pay for it).
pub fn validate_since(config: &Config, site: &Site, previous: Option<&Checked>) -> (Diagnostics, Checked) {
    let mut diags = Diagnostics::new();
    diags.extend(check_files(site));
    let documents = documents(site);
    let urls = previous.map(|_| url_set_hash(site)).unwrap_or_default();
    let changed = previous.and_then(|p| changed_urls(site, p, urls));
    // a page a link leads to that failed is there, with errors of its own: not a broken link
    let failed: HashSet<&str> = site.failed.iter().map(|f| f.path.as_str()).collect();
    // pages by version; failed pages and `_index.md` texts (a few) are always checked again
    let links: Vec<Arc<LinkFindings>> = documents
        .par_iter()
        .map(|doc| {
            let kept = doc.page.and_then(|p| previous?.links.get(&p.version));
            let changed = changed.as_ref();
            kept.filter(|f| f.diags.is_empty() && changed.is_some_and(|c| !f.targets.iter().any(|t| affected(c, t))))
                .cloned()
                .unwrap_or_else(|| Arc::new(check_links(config, site, &failed, doc)))
        })
        .collect();
    for found in &links {
        diags.extend(found.diags.iter().cloned());
    }
    if !config.markdown.unsafe_html {
        for doc in &documents {
            diags.extend(unsafe_links(doc.source, &doc.rendered.links));
            diags.extend(heading_attributes(doc.source, doc.rendered));
        }
    }
    for p in &site.pages {
        diags.extend(check_cover(site, p));
    }
    diags.extend(check_chains(site));
    diags.extend(site.pages.iter().flat_map(|p| p.secrets.iter().cloned()));
    diags.extend(documents.iter().filter_map(|doc| doc.text).flat_map(crate::secrets::in_content));
    diags.extend(check_collections(site));
    // pictures whose files cannot be derived (a truncated header, a decompression bomb)
    diags.extend(crate::images::check::validate(config, site));
    if previous.is_none() {
        return (diags, Checked::default());
    }
    let links = documents.iter().zip(links).filter_map(|(doc, found)| Some((doc.page?.version, found))).collect();
    (diags, Checked { links, urls })
}

/// The `pages:` of a collection that name no document (E024, as `responds_to:`).
fn check_collections(site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for &(si, index) in &site.collections.missing {
        let s = &site.sections[si];
        let (Some(source), Some(r)) = (&s.source, s.meta.pages.get(index)) else { continue };
        diags.extend(unknown_document(site, "pages", source, r));
    }
    diags
}

/// E024 at `r`, a reference in `field` of `source` that names no document, with what it looks
/// like (a draft, a path, a number near another); none when it names a page left out for errors
/// of its own, which has its own diagnostics.
fn unknown_document(site: &Site, field: &str, source: &dyn SpanSource, r: &DocRef) -> Option<Diagnostic> {
    let pages = &site.pages;
    let failed = |text: &str| {
        let rel = text.trim_start_matches('/');
        let rel = rel.strip_prefix("content/").unwrap_or(rel);
        site.failed.iter().any(|f| f.source.path.ends_with(std::path::Path::new("content").join(rel)))
    };
    if failed(&r.text) {
        return None;
    }
    let looks_like_path = r.text.contains('/') || r.text.ends_with(".md");
    // a file of content/ that is neither a page nor a failed page was left out: a draft
    let rel = r.text.trim_start_matches('/');
    let rel = rel.strip_prefix("content/").unwrap_or(rel);
    let draft = site.tree.pages.iter().any(|f| f.rel == rel);
    let (label, help) = if draft {
        (
            "this page is a draft, left out of the site",
            "publish it (remove `draft: true`) or name it only once it is published; \
             `--drafts` builds drafts for a preview"
                .to_string(),
        )
    } else if looks_like_path {
        (
            "no page at this path under content/",
            "write the path under content/ with its date prefix and `.md`, e.g. `reports/2024/2024-06-27-yanglao.md`"
                .to_string(),
        )
    } else {
        let near = pages
            .iter()
            .filter_map(|q| q.meta.doc_number.as_deref())
            .map(|n| (strsim::jaro_winkler(n, &r.text), n))
            .filter(|(score, _)| *score > 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, n)| n);
        (
            "no page has this `doc_number`",
            match near {
                Some(n) => format!("did you mean `{n}`?"),
                None => "name the document by its path under content/, or by the `doc_number:` it has".to_string(),
            },
        )
    };
    Some(
        Diagnostic::error(
            Code::UnknownDocument,
            format!("`{field}` names a document the site does not have: {}", r.text),
        )
        .with_span(source, r.span.clone())
        .with_label(label)
        .with_help(help),
    )
}

/// The problems of follow-up chains ([`chains::link_documents`]), at the reference to fix: a
/// document that is not there (unless it is a page left out for errors of its own), a cycle, a
/// `doc_number` two pages share.
fn check_chains(site: &Site) -> Vec<Diagnostic> {
    let pages = &site.pages;
    let shown = |i: usize| pages[i].source.path.display().to_string();
    let mut diags = Vec::new();
    for problem in &site.chains.problems {
        match problem {
            Problem::Missing { page, field, index } => {
                let p = &pages[*page];
                let list = match field {
                    Field::RespondsTo => &p.meta.responds_to,
                    Field::Related => &p.meta.related,
                };
                let Some(r) = list.get(*index) else { continue };
                diags.extend(unknown_document(site, field.name(), &p.source, r));
            }
            Problem::Cycle { page, index, path } => {
                let p = &pages[*page];
                let Some(r) = p.meta.responds_to.get(*index) else { continue };
                // `page` answers path[0], which answers path[1], …, which answers `page`
                let circle: Vec<String> =
                    std::iter::once(*page).chain(path.iter().copied().take(8)).map(shown).collect();
                let more = match path.len() > 8 {
                    true => format!(" → … {} more → {}", path.len() - 9, shown(*page)),
                    false => String::new(),
                };
                let note = if path.len() == 1 {
                    "the document names itself".to_string()
                } else {
                    format!("each answers the next: {}{more}", circle.join(" → "))
                };
                diags.push(
                    Diagnostic::error(Code::ReferenceCycle, "`responds_to` goes round in a circle")
                        .with_span(&p.source, r.span.clone())
                        .with_label("this document answers one that already answers it")
                        .with_note(note)
                        .with_help("name only the earlier document in `responds_to:`; use `related:` for a link back"),
                );
            }
            Problem::DuplicateNumber { page, first } => {
                let p = &pages[*page];
                let range = p.meta.spans.get("doc_number").cloned().unwrap_or(0..3);
                diags.push(
                    Diagnostic::error(
                        Code::DuplicateDocNumber,
                        format!("two pages have the document number {}", p.meta.doc_number.as_deref().unwrap_or("")),
                    )
                    .with_span(&p.source, range)
                    .with_label("this number is also the number of another page")
                    .with_note(format!("also on {}", shown(*first)))
                    .with_help("correct the number of one of them"),
                );
            }
        }
    }
    diags
}

/// A Markdown text of the site: a page, a page left out for errors in its front matter, or the
/// text of `content/_index.md` or a section's `_index.md`.
pub struct Document<'s> {
    pub kind: DocumentKind,
    /// Its text for diagnostics: in memory (an `_index.md`, a failed page), or a page's file,
    /// read again only when a diagnostic shows its lines.
    pub source: &'s dyn SpanSource,
    /// Its text when it is in memory (not a page's: a page's credentials were looked for
    /// while it was loaded, `Page::secrets`).
    pub text: Option<&'s Source>,
    /// The URL path its relative links resolve against.
    pub path: &'s str,
    pub rendered: &'s Rendered,
    /// The page, when it is one.
    pub page: Option<&'s Page>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    Page,
    /// A page whose front matter has errors: its body is checked all the same.
    Failed,
    /// The text of an `_index.md`, shown on the home page or a section's first page.
    Index,
}

/// Every Markdown text of the site, pages first.
pub fn documents(site: &Site) -> Vec<Document<'_>> {
    let pages = site.pages.iter().map(|p| Document {
        kind: DocumentKind::Page,
        source: &p.source,
        text: None,
        path: &p.path,
        rendered: &p.rendered,
        page: Some(p),
    });
    let failed = site.failed.iter().map(|f| Document {
        kind: DocumentKind::Failed,
        source: &f.source,
        text: Some(&f.source),
        path: &f.path,
        rendered: &f.rendered,
        page: None,
    });
    let home = site.home.source.as_ref().map(|source| Document {
        kind: DocumentKind::Index,
        source,
        text: Some(source),
        path: "/",
        rendered: &site.home.content,
        page: None,
    });
    let sections = site.sections.iter().filter_map(|s| {
        s.source.as_ref().map(|source| Document {
            kind: DocumentKind::Index,
            source,
            text: Some(source),
            path: &s.path,
            rendered: &s.content,
            page: None,
        })
    });
    pages.chain(failed).chain(home).chain(sections).collect()
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

/// Every internal link and `#anchor` of a text must resolve to something the site outputs:
/// the findings, and the site paths the links resolved to.
fn check_links(config: &Config, site: &Site, failed: &HashSet<&str>, doc: &Document<'_>) -> LinkFindings {
    let mut diags = Vec::new();
    let mut targets = Vec::new();
    for link in &doc.rendered.links {
        let Some((path, fragment)) = resolve_link(doc.path, &link.dest) else { continue };
        if !path.is_empty() {
            targets.push(path.clone());
        }
        let what = if link.is_image { "image" } else { "link" };
        // `#x` alone is an anchor of the text itself (a failed page's own anchors are
        // not checked: its page is not published)
        let (target, anchors) = if path.is_empty() {
            let own = (doc.kind != DocumentKind::Failed).then_some((doc.rendered, doc.page));
            (doc.path.to_string(), own)
        } else {
            let to_failed = failed.contains(path.as_str()) || failed.contains(format!("{path}/").as_str());
            match site.plan.find(&path) {
                Some(target) => {
                    let anchors = match site.plan.get(&target).map(|o| &o.origin) {
                        Some(Origin::Page(i)) => Some((&site.pages[*i].rendered, Some(&*site.pages[*i]))),
                        _ => None,
                    };
                    (target, anchors)
                }
                None if to_failed => continue,
                None => {
                    diags.push(
                        Diagnostic::error(Code::BrokenLink, format!("broken {what}: {} does not exist", link.dest))
                            .with_span(doc.source, link.range.clone())
                            .with_label(format!("no page or file at {path}"))
                            .with_help(suggest_path(site, &path)),
                    );
                    continue;
                }
            }
        };
        if let Some(fragment) = fragment
            && let Some((rendered, page)) = anchors
            && !rendered.has_anchor(&fragment)
        {
            // a loaded page keeps no TOC: the help reads it again
            let full = page.filter(|_| rendered.is_light()).map(|p| analysis_of(config, p));
            diags.push(broken_anchor(doc.source, link, &fragment, &target, full.as_ref().unwrap_or(rendered)));
        }
    }
    LinkFindings { diags, targets }
}

/// A loaded page's full analysis (its TOC, which it does not keep), from its file.
fn analysis_of(config: &Config, page: &Page) -> Rendered {
    let source = page.source.span_source();
    let body = source.text.get(page.body_offset..).unwrap_or_default();
    markdown::analyze(body, page.body_offset, &markdown::MarkdownOptions::for_site(config))
}

fn broken_anchor(
    source: &dyn SpanSource,
    link: &LinkRef,
    fragment: &str,
    target: &str,
    rendered: &Rendered,
) -> Diagnostic {
    let known = rendered.anchors().into_iter();
    // `#基本评价` names a heading of the other page by its text
    let by_text = markdown::heading_id_for_text(&rendered.toc, fragment);
    let help = match (by_text, diag::suggest(fragment, known)) {
        (Some(id), _) => format!("the heading `{fragment}` has the id `#{id}`: link to {target}#{id}"),
        (None, Some(s)) => format!("did you mean `#{s}`?"),
        (None, None) => "a heading's id is made from its text as the site's slugs are (`slugify:`), shown in the \
                         table of contents; or set one with `## 标题 {#id}`"
            .into(),
    };
    Diagnostic::error(Code::BrokenAnchor, format!("broken anchor: #{fragment} is not on {target}"))
        .with_span(source, link.range.clone())
        .with_label("no heading or footnote with this id")
        .with_help(help)
}

fn suggest_path(site: &Site, path: &str) -> String {
    match diag::suggest(path, site.plan.urls()) {
        Some(s) => format!("did you mean {s}?"),
        None => "check the path; links to pages end with `/`".into(),
    }
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

/// The scheme of a URL, lowercased, with the tabs, newlines and spaces browsers ignore removed;
/// `None` for a relative URL.
pub fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    let valid = !scheme.is_empty()
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic());
    valid.then(|| scheme.to_ascii_lowercase())
}

/// Would following (or loading) this URL run script in the reader's browser?
pub fn is_script_url(url: &str, is_image: bool) -> bool {
    match url_scheme(url).as_deref() {
        Some("javascript" | "vbscript" | "livescript") => true,
        // a data: image cannot run script; a data: document opened from a link can
        Some("data") => !is_image,
        _ => false,
    }
}

fn unsafe_links(source: &dyn SpanSource, links: &[LinkRef]) -> Vec<Diagnostic> {
    links
        .iter()
        .filter(|l| is_script_url(&l.dest, l.is_image))
        .map(|l| {
            let what = if l.is_image { "image" } else { "link" };
            Diagnostic::error(Code::UnsafeUrl, format!("{what} URL would run script: {}", shorten(&l.dest)))
                .with_span(source, l.range.clone())
                .with_label("a script URL in a report")
                .with_help(
                    "link to a page of the site or an https:// address; raw HTML and script are escaped \
                     unless `markdown.unsafe_html: true`",
                )
        })
        .collect()
}

/// `## 标题 {onfocus=…}`: heading attributes other than `#id` and `.class` are raw HTML.
fn heading_attributes(source: &dyn SpanSource, rendered: &Rendered) -> Vec<Diagnostic> {
    if rendered.heading_attributes.is_empty() {
        return Vec::new();
    }
    let source = source.span_source();
    rendered
        .heading_attributes
        .iter()
        .map(|(range, names)| {
            // point at the `{…}` block when the heading has one on its line
            let text = source.text.get(range.clone()).unwrap_or_default();
            let line_end = text.find('\n').unwrap_or(text.len());
            let span = match text[..line_end].rfind('{') {
                Some(open) => range.start + open..range.start + line_end,
                None => range.clone(),
            };
            let list = names.iter().map(|n| format!("`{}`", shorten(n))).collect::<Vec<_>>().join(", ");
            Diagnostic::error(Code::UnsafeMarkup, format!("heading attribute not allowed: {list}"))
                .with_span(&source, span)
                .with_label("only `#id` and `.class` may be set on a heading")
                .with_help(
                    "write `## 标题 {#id .class}`; other attributes are raw HTML, allowed only with \
                     `markdown.unsafe_html: true`",
                )
        })
        .collect()
}

fn check_cover(site: &Site, p: &Page) -> Option<Diagnostic> {
    let cover = p.meta.cover.as_deref()?;
    let range = p.meta.spans.get("cover").cloned().unwrap_or(0..3);
    // `photo:1.jpg` is a file of the bundle (the theme prefixes the page's path); a URL with
    // `://` must be http(s), and a script URL is refused however it is written
    if cover.contains("://") || is_script_url(cover, false) {
        let ok = matches!(url_scheme(cover).as_deref(), Some("http" | "https"));
        return (!ok).then(|| {
            Diagnostic::error(Code::UnsafeUrl, format!("`cover` is not an http(s) address: {}", shorten(cover)))
                .with_span(&p.source, range)
                .with_label("only https:// and http:// addresses, or files of the site")
                .with_help("name an image beside the page (`cover: photo.jpg`) or an https:// address")
        });
    }
    // relative covers are checked against the page's bundle by the build; a site path must exist
    let path = cover.strip_prefix('/')?;
    let path = format!("/{path}");
    let exists = matches!(site.plan.get(&path).map(|o| &o.origin), Some(Origin::File(_)));
    (!exists).then(|| {
        Diagnostic::error(Code::MissingFile, format!("`cover` names a file the site does not have: {cover}"))
            .with_span(&p.source, range)
            .with_label("no file at this path in static/ or content/")
            .with_help(match diag::suggest(&path, site.plan.file_urls()) {
                Some(s) => format!("did you mean {s}?"),
                None => "put the image in static/ (`static/images/a.jpg` is `/images/a.jpg`) or beside the page".into(),
            })
    })
}

/// A URL for a message: at most 80 characters.
fn shorten(s: &str) -> String {
    if s.chars().count() <= 80 { s.to_string() } else { format!("{}…", s.chars().take(79).collect::<String>()) }
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
    fn script_urls() {
        for url in ["javascript:alert(1)", "JavaScript:alert(1)", " java\tscript:x", "vbscript:x", "data:text/html,x"] {
            assert!(is_script_url(url, false), "{url}");
        }
        for url in ["https://e.org/", "/a/b/", "a.pdf", "#x", "mailto:a@b.c", "tel:123", "a:b/c"] {
            assert!(!is_script_url(url, false), "{url}");
        }
        assert!(!is_script_url("data:image/png;base64,AAAA", true));
        assert_eq!(url_scheme("HTTPS://e.org"), Some("https".into()));
        assert_eq!(url_scheme("/a:b"), None);
        assert_eq!(url_scheme("1a:b"), None);
    }
}
