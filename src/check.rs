//! `gazette check`: the rules beyond what the build's stages validate.
//!
//! In: a loaded [`Site`] (everything `pipeline::load_site` read and checked), the config and, for
//! the inspection warnings, today's date (injected by the command line, never read here).
//! Out: diagnostics. [`site_rules`] are errors that fail a build too (script URLs, covers that
//! name a missing site file, broken links in `_index.md` text); [`check_rules`] are the warnings
//! only `check` reports (images without alt text, duplicate titles, and what a government website
//! inspection marks down: a stale site or section, an empty section, an undated page);
//! [`render_dry`] renders every template in memory so `check` finds template errors too.
//! Never: reads the disk or the clock, or writes anything.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use crate::config::Config;
use crate::diag::{self, Code, Diagnostic, Source};
use crate::pipeline::front_matter::Date;
use crate::pipeline::markdown::{LinkRef, Rendered};
use crate::pipeline::model::Page;
use crate::pipeline::render::Renderer;
use crate::pipeline::{Origin, Site, taxonomy};

/// Everything `gazette check` reports for a site, sorted by file: what the build validates
/// (without writing), [`site_rules`], [`check_rules`] and the templates rendered in memory.
pub fn check_site(config: &Config, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let mut diags = match crate::pipeline::load_site_with(config, &|site| check_rules(config, site, today)) {
        Ok(site) => {
            let mut d = site.tree.warnings.clone();
            d.extend(render_dry(config, &site));
            d
        }
        Err(f) => f.diagnostics,
    };
    diag::sort(&mut diags);
    diags
}

/// `--strict`: every warning becomes an error.
pub fn make_strict(diags: &mut [Diagnostic]) {
    for d in diags.iter_mut().filter(|d| !d.is_error()) {
        d.severity = diag::Severity::Error;
        d.notes.push("a warning, treated as an error because of --strict".into());
    }
}

/// Errors the build reports too: URLs that would run script, covers that are site paths to
/// nothing, and broken links in the text of sections and the home page.
pub fn site_rules(config: &Config, site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let bodies = index_bodies(site);
    for p in &site.pages {
        if !config.markdown.unsafe_html {
            diags.extend(unsafe_links(&p.source, &p.rendered.links));
            diags.extend(heading_attributes(&p.source, &p.rendered));
        }
        diags.extend(check_cover(site, p));
    }
    // pages left out for front-matter errors: their bodies in the same run
    for f in &site.failed {
        if !config.markdown.unsafe_html {
            diags.extend(unsafe_links(&f.source, &f.rendered.links));
            diags.extend(heading_attributes(&f.source, &f.rendered));
        }
    }
    for body in &bodies {
        if !config.markdown.unsafe_html {
            diags.extend(unsafe_links(&body.source, &body.rendered.links));
            diags.extend(heading_attributes(&body.source, body.rendered));
        }
        diags.extend(index_links(site, body));
    }
    diags
}

/// Warnings only `check` reports. `today` is the date the inspection thresholds count from.
pub fn check_rules(config: &Config, site: &Site, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for p in &site.pages {
        diags.extend(images_without_alt(&p.source, &p.rendered));
        diags.extend(unparsed_meeting(p));
    }
    for body in index_bodies(site) {
        diags.extend(images_without_alt(&body.source, body.rendered));
    }
    diags.extend(duplicate_titles(site));
    diags.extend(inspect(config, site, today));
    diags
}

/// A `meeting` that names no term or kind stays text, and cannot be listed with its meeting.
fn unparsed_meeting(p: &Page) -> Option<Diagnostic> {
    let meeting = p.meta.meeting.as_deref()?;
    if crate::pipeline::meeting::parse_meeting(meeting).is_some() {
        return None;
    }
    let range = p.meta.spans.get("meeting").cloned().unwrap_or(0..3);
    Some(
        Diagnostic::warning(Code::MeetingNotParsed, "the meeting names no congress term or meeting")
            .with_span(&p.source, range)
            .with_label("no `第…届` with 人民代表大会, 人大 or 常委会")
            .with_help("write it as the document does, e.g. `江陵县第十八届人民代表大会常务委员会第二十一次会议`"),
    )
}

/// Renders every page and index in memory, discarding the output: the template errors
/// (E030–E032) a build would report, without writing anything.
pub fn render_dry(config: &Config, site: &Site) -> Vec<Diagnostic> {
    let sizes = crate::pipeline::render::asset_sizes(site);
    let renderer = match Renderer::for_site(config, site, &sizes, &|_, _| None) {
        Ok(r) => r,
        Err(d) => return d,
    };
    use rayon::prelude::*;
    let mut diags: Vec<Diagnostic> =
        (0..site.pages.len()).into_par_iter().filter_map(|i| renderer.render_page(i).err()).collect();
    let mut other = |r: Result<_, Diagnostic>| {
        if let Err(d) = r {
            diags.push(d);
        }
    };
    for s in &site.sections {
        for pager in taxonomy::paginate(&s.path, s.pages.len(), s.meta.paginate.unwrap_or(config.paginate)) {
            other(renderer.render_section(s, &pager));
        }
    }
    for t in &site.taxonomies {
        other(renderer.render_taxonomy_list(t));
        for term in &t.terms {
            for pager in taxonomy::paginate(&term.path, term.pages.len(), config.paginate) {
                other(renderer.render_term(t, term, &pager));
            }
        }
    }
    other(renderer.render_home());
    other(renderer.render_404());
    if config.search {
        other(renderer.render_search());
    }
    for (alias, target) in &site.aliases {
        other(renderer.render_alias(alias, target));
    }
    // one error per template is enough: the same mistake fails every page that uses it
    let mut seen = std::collections::HashSet::new();
    diags.retain(|d| seen.insert((d.code, d.message.clone())));
    diags
}

/// The text of `content/_index.md` or a section's `_index.md`, rendered, with its source.
struct IndexBody<'s> {
    source: Source,
    rendered: &'s Rendered,
    /// The URL path its relative links resolve against.
    path: String,
}

fn index_bodies(site: &Site) -> Vec<IndexBody<'_>> {
    let sources: HashMap<&str, Source> = site
        .tree
        .indexes
        .iter()
        .filter_map(|f| {
            let shown = std::path::PathBuf::from("content").join(&f.rel);
            let text = crate::text::decode_utf8(f.bytes.as_deref()?, &shown).ok()?;
            Some((f.rel.as_str(), Source { path: shown, text: text.into() }))
        })
        .collect();
    let mut out = Vec::new();
    if let Some(source) = sources.get("_index.md") {
        out.push(IndexBody { source: source.clone(), rendered: &site.home.content, path: "/".into() });
    }
    for s in &site.sections {
        if let Some(source) = sources.get(format!("{}/_index.md", s.name).as_str()) {
            out.push(IndexBody { source: source.clone(), rendered: &s.content, path: s.path.clone() });
        }
    }
    out
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

fn unsafe_links(source: &Source, links: &[LinkRef]) -> Vec<Diagnostic> {
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
fn heading_attributes(source: &Source, rendered: &Rendered) -> Vec<Diagnostic> {
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
                .with_span(source, span)
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
    let exists = site.outputs.contains_key(&path) && matches!(site.outputs.get(&path), Some(Origin::File(_)));
    (!exists).then(|| {
        Diagnostic::error(Code::MissingFile, format!("`cover` names a file the site does not have: {cover}"))
            .with_span(&p.source, range)
            .with_label("no file at this path in static/ or content/")
            .with_help(match diag::suggest(&path, file_outputs(site)) {
                Some(s) => format!("did you mean {s}?"),
                None => "put the image in static/ (`static/images/a.jpg` is `/images/a.jpg`) or beside the page".into(),
            })
    })
}

fn file_outputs(site: &Site) -> impl Iterator<Item = &str> + '_ {
    site.outputs.iter().filter(|(_, o)| matches!(o, Origin::File(_))).map(|(k, _)| k.as_str())
}

/// Links in `_index.md` text must resolve like links in pages.
fn index_links(site: &Site, body: &IndexBody<'_>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for link in &body.rendered.links {
        let Some((path, fragment)) = crate::pipeline::resolve_link(&body.path, &link.dest) else { continue };
        let what = if link.is_image { "image" } else { "link" };
        let target = if path.is_empty() {
            // an anchor in the index text itself
            if let Some(f) = &fragment
                && !body.rendered.anchors.iter().any(|a| a == f)
            {
                diags.push(
                    Diagnostic::error(Code::BrokenAnchor, format!("broken anchor: #{f} is not in this text"))
                        .with_span(&body.source, link.range.clone())
                        .with_label("no heading or footnote with this id"),
                );
            }
            continue;
        } else {
            crate::pipeline::find_output(&site.outputs, &path)
        };
        match target {
            None => diags.push(
                Diagnostic::error(Code::BrokenLink, format!("broken {what}: {} does not exist", link.dest))
                    .with_span(&body.source, link.range.clone())
                    .with_label(format!("no page or file at {path}"))
                    .with_help(match diag::suggest(&path, site.outputs.keys().map(String::as_str)) {
                        Some(s) => format!("did you mean {s}?"),
                        None => "check the path; links to pages end with `/`".into(),
                    }),
            ),
            Some(target) => {
                if let (Some(fragment), Some(Origin::Page(i))) = (&fragment, site.outputs.get(&target))
                    && !site.pages[*i].rendered.anchors.iter().any(|a| a == fragment)
                {
                    diags.push(
                        Diagnostic::error(Code::BrokenAnchor, format!("broken anchor: #{fragment} is not on {target}"))
                            .with_span(&body.source, link.range.clone())
                            .with_label("no heading or footnote with this id"),
                    );
                }
            }
        }
    }
    diags
}

fn images_without_alt(source: &Source, rendered: &Rendered) -> Vec<Diagnostic> {
    rendered
        .images_without_alt
        .iter()
        .map(|r| {
            Diagnostic::warning(Code::ImageWithoutAlt, "image has no alt text")
                .with_span(source, r.clone())
                .with_label("screen readers announce nothing for this image")
                .with_help("describe the image between the brackets: ![县人大常委会视察现场](photo.jpg)")
        })
        .collect()
}

/// Two pages of one section with the same title: reported at every page after the first (in
/// file order), naming the first.
fn duplicate_titles(site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for s in &site.sections {
        let mut by_title: BTreeMap<String, Vec<&Page>> = BTreeMap::new();
        for &i in &s.pages {
            let p = &site.pages[i];
            let key: String = p.title.split_whitespace().collect::<Vec<_>>().join(" ");
            if !key.is_empty() {
                by_title.entry(key).or_default().push(p);
            }
        }
        for pages in by_title.values_mut().filter(|v| v.len() > 1) {
            pages.sort_by(|a, b| a.rel.cmp(&b.rel));
            let first = pages[0];
            for p in &pages[1..] {
                diags.push(
                    Diagnostic::warning(
                        Code::DuplicateTitle,
                        format!("two pages of `{}` are titled “{}”", s.name, p.title),
                    )
                    .with_span(&p.source, title_range(p))
                    .with_label("the same title as another page of this section")
                    .with_note(format!("also the title of {}", first.source.path.display()))
                    .with_help("add what tells them apart, such as the year, the meeting or the subject"),
                );
            }
        }
    }
    diags
}

fn title_range(p: &Page) -> Range<usize> {
    p.meta.spans.get("title").cloned().unwrap_or(0..3)
}

/// The date a page was last published or revised.
fn last_change(p: &Page) -> Option<jiff::civil::Date> {
    p.meta.updated.or(p.date).map(|d: Date| d.date)
}

fn days_between(from: jiff::civil::Date, to: jiff::civil::Date) -> i64 {
    from.until(to).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

/// Where to point a warning about a page's date: its `date:` (or `updated:`) field, else the
/// file (a date taken from the file name).
fn date_span(p: &Page) -> Option<Range<usize>> {
    let field = if p.meta.updated.is_some() { "updated" } else { "date" };
    p.meta.spans.get(field).cloned()
}

fn at_page(d: Diagnostic, p: &Page) -> Diagnostic {
    match date_span(p) {
        Some(range) => d.with_span(&p.source, range),
        None => d.with_file(&p.source.path),
    }
}

/// The warnings of a government website inspection.
fn inspect(config: &Config, site: &Site, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let c = &config.check;
    let mut diags = Vec::new();
    let newest = |indices: &mut dyn Iterator<Item = usize>| -> Option<(jiff::civil::Date, &Page)> {
        indices
            .filter_map(|i| last_change(&site.pages[i]).map(|d| (d, &*site.pages[i])))
            .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.rel.cmp(&a.1.rel)))
    };
    if c.stale_site_days > 0
        && let Some((date, page)) = newest(&mut (0..site.pages.len()))
    {
        let days = days_between(date, today);
        if days > i64::from(c.stale_site_days) {
            diags.push(at_page(
                Diagnostic::warning(Code::StaleSite, format!("no new page for {days} days"))
                    .with_label(format!("the newest page of the site, {date}"))
                    .with_note(format!("the newest page is {} ({date}); today is {today}", page.source.path.display()))
                    .with_help(format!(
                        "publish news or a report; inspections expect an update at least every {} days \
                         (`check.stale_site_days` in site.yaml)",
                        c.stale_site_days
                    )),
                page,
            ));
        }
    }
    for s in &site.sections {
        let index_file = std::path::PathBuf::from("content").join(&s.name).join("_index.md");
        if s.pages.is_empty() {
            if c.empty_sections {
                let mut d = Diagnostic::warning(Code::EmptySection, format!("section `{}` has no pages", s.name))
                    .with_help("add a page, remove the folder, or set `check.empty_sections: false` in site.yaml");
                if site.tree.indexes.iter().any(|f| f.rel == format!("{}/_index.md", s.name)) {
                    d = d.with_file(&index_file);
                }
                diags.push(d);
            }
            continue;
        }
        if c.stale_section_days > 0
            && let Some((date, page)) = newest(&mut s.pages.iter().copied())
        {
            let days = days_between(date, today);
            if days > i64::from(c.stale_section_days) {
                diags.push(at_page(
                    Diagnostic::warning(
                        Code::StaleSection,
                        format!("section `{}` has nothing new for {days} days", s.name),
                    )
                    .with_label(format!("the newest page of the section, {date}"))
                    .with_note(format!("today is {today}"))
                    .with_help(format!(
                        "publish to it, merge it into another section, or raise `check.stale_section_days` \
                         ({}) in site.yaml",
                        c.stale_section_days
                    )),
                    page,
                ));
            }
        }
    }
    if c.undated_pages {
        for p in site.pages.iter().filter(|p| p.date.is_none()) {
            diags.push(
                Diagnostic::warning(Code::UndatedPage, "page has no date")
                    .with_span(&p.source, 0..3)
                    .with_label("front matter without `date:`")
                    .with_help("add `date: 2024-01-04`, or set `check.undated_pages: false` in site.yaml"),
            );
        }
    }
    diags
}

/// A URL for a message: at most 80 characters.
fn shorten(s: &str) -> String {
    if s.chars().count() <= 80 { s.to_string() } else { format!("{}…", s.chars().take(79).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn days_count_calendar_days() {
        let d = |s: &str| crate::pipeline::front_matter::parse_date(s).unwrap().date;
        assert_eq!(days_between(d("2024-01-04"), d("2024-01-18")), 14);
        assert_eq!(days_between(d("2023-12-31"), d("2024-12-31")), 366);
        assert_eq!(days_between(d("2024-02-01"), d("2024-01-01")), -31);
    }
}
