//! `gazette check`: the build's loading and validation, plus warnings and a dry render.
//!
//! In: the config and, for the inspection warnings, today's date (injected by the command line,
//! never read here). Out: diagnostics: every error the build would report (from
//! [`pipeline::load_site`], which is total: the site comes back with its errors), the warnings
//! only `check` reports ([`check_rules`]: images without alt text, duplicate titles, meetings that
//! name no term, and what a government website inspection marks down: a stale site or section,
//! an empty section, an undated page), and the template errors of [`render_dry`], which renders
//! every output of the plan in memory.
//! Never: reads the clock, or writes anything. The pipeline never calls back into this module.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::config::Config;
use crate::diag::{self, Code, Diagnostic, Diagnostics, SpanSource};
use crate::pipeline::front_matter::Date;
use crate::pipeline::markdown::Rendered;
use crate::pipeline::model::Page;
use crate::pipeline::render::Renderer;
use crate::pipeline::validate::{self, DocumentKind};
use crate::pipeline::{self, Site};

/// Everything `gazette check` reports for a site, sorted by file: what the build validates
/// (without writing), [`check_rules`] and, when there is no error, the templates rendered in
/// memory.
pub fn check_site(config: &Config, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let (site, mut diags) = pipeline::load_site(config, None);
    diags.extend(check_rules(config, &site, today));
    if !diags.has_errors() {
        diags.extend(render_dry(config, &site));
    }
    diags.into_sorted()
}

/// `--strict`: every warning becomes an error.
pub fn make_strict(diags: &mut [Diagnostic]) {
    for d in diags.iter_mut().filter(|d| !d.is_error()) {
        d.severity = diag::Severity::Error;
        d.notes.push("a warning, treated as an error because of --strict".into());
    }
}

/// Warnings only `check` reports. `today` is the date the inspection thresholds count from.
pub fn check_rules(config: &Config, site: &Site, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for p in &site.pages {
        diags.extend(images_without_alt(&p.source, &p.rendered));
        diags.extend(unparsed_meeting(p));
    }
    for doc in validate::documents(site).iter().filter(|d| d.kind == DocumentKind::Index) {
        diags.extend(images_without_alt(doc.source, doc.rendered));
    }
    diags.extend(duplicate_titles(site));
    diags.extend(inspect(config, site, today));
    diags.extend(unrecorded_index_numbers(site));
    diags
}

/// 索引号 the next `gazette build` would assign: `check` never writes index-numbers.yaml.
fn unrecorded_index_numbers(site: &Site) -> Vec<Diagnostic> {
    let numbers = &site.index_numbers;
    numbers
        .assigned
        .iter()
        .filter_map(|&i| {
            let p = &site.pages[i];
            let number = numbers.by_page.get(i)?.as_deref()?;
            let range = p.meta.spans.get("title").cloned().unwrap_or(0..3);
            Some(
                Diagnostic::warning(Code::IndexNumberNotRecorded, format!("the 索引号 {number} is not recorded yet"))
                    .with_span(&p.source, range)
                    .with_label("a new page: its 索引号 is not in index-numbers.yaml")
                    .with_help("run `gazette build` (it records the number), then commit index-numbers.yaml"),
            )
        })
        .collect()
}

/// A `meeting` that names no term or kind stays text, and cannot be listed with its meeting.
fn unparsed_meeting(p: &Page) -> Option<Diagnostic> {
    p.meta.meeting.as_ref()?;
    if crate::pipeline::meeting::of_page(&p.meta).is_some() {
        return None;
    }
    let range = p.meta.spans.get("meeting").cloned().unwrap_or(0..3);
    Some(
        Diagnostic::warning(Code::MeetingNotParsed, "the meeting names no congress term or meeting")
            .with_span(&p.source, range)
            .with_label("no `第…届` with 人民代表大会, 人大 or 常委会")
            .with_help(
                "write it as the document does, e.g. `江陵县第十八届人民代表大会常务委员会第二十一次会议`, \
                 or give its term with `meeting_term: 18` (and `meeting_no: 21`)",
            ),
    )
}

/// Renders every output of the plan in memory, discarding the bytes: the template errors
/// (E030–E032) a build would report, without writing anything.
pub fn render_dry(config: &Config, site: &Site) -> Diagnostics {
    let renderer = match Renderer::for_site(config, site, &|_, _| None) {
        Ok(r) => r,
        Err(d) => return d.into(),
    };
    use rayon::prelude::*;
    let mut diags: Vec<Diagnostic> = site
        .plan
        .written()
        .collect::<Vec<_>>()
        .par_iter()
        .filter_map(|out| renderer.render(out.render_job()?, &out.url).err())
        .collect();
    // one error per template is enough: the same mistake fails every page that uses it
    let mut seen = std::collections::HashSet::new();
    diags.retain(|d| seen.insert((d.code, d.message.clone())));
    diags.into()
}

fn images_without_alt(source: &dyn SpanSource, rendered: &Rendered) -> Vec<Diagnostic> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_calendar_days() {
        let d = |s: &str| crate::pipeline::front_matter::parse_date(s).unwrap().date;
        assert_eq!(days_between(d("2024-01-04"), d("2024-01-18")), 14);
        assert_eq!(days_between(d("2023-12-31"), d("2024-12-31")), 366);
        assert_eq!(days_between(d("2024-02-01"), d("2024-01-01")), -31);
    }
}
