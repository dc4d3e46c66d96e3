//! Indexes: years, topics, types and any configured taxonomy; pagination.
//!
//! In: pages (with dates and front matter) and the config. Out: [`Taxonomy`]s whose terms list
//! their pages newest first, diagnostics for two spellings of a term on one URL, and [`Pager`]s
//! that cut a list into URL-addressed pages.
//! Never: reads the disk, depends on hash order (output must be deterministic), or merges two
//! spellings into one term without a word.

use std::collections::BTreeMap;

use crate::config::{Config, SlugMode};
use crate::diag::{Code, Diagnostic};
use crate::pipeline::front_matter::SortBy;
use crate::pipeline::model::{self, Page};

#[derive(Debug)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// `/topics/sheng-tai-huan-bao/`
    pub path: String,
    /// Indices into the site's pages, newest first.
    pub pages: Vec<usize>,
}

#[derive(Debug)]
pub struct Taxonomy {
    /// `years`, `topics`, `types`, …
    pub name: String,
    /// `/topics/`
    pub path: String,
    pub terms: Vec<Term>,
}

/// A term's slug and URL path: the name as one URL segment ([`model::segment_slug`], `_` when
/// it has no letter or digit to keep), under its taxonomy's folder. `生态环保` in `topics` is
/// `("sheng-tai-huan-bao", "/topics/sheng-tai-huan-bao/")`. The term pages are written here and
/// every page links its terms here (`render`), so both call this.
pub fn term_url(taxonomy: &str, name: &str, mode: SlugMode) -> (String, String) {
    let slug = model::segment_slug(name, mode);
    let path = format!("/{taxonomy}/{slug}/");
    (slug, path)
}

/// Builds `years` (always) and every taxonomy in `site.yaml`, from pages in sections. Two
/// spellings whose slugs are equal (`Sheng Tai Huan Bao` and `生态环保`) would share one URL:
/// each is an error (E021) naming both spellings and their files; the term is still built, under
/// the first spelling, so the rest of the site can be checked.
pub fn build_taxonomies(config: &Config, pages: &[std::sync::Arc<Page>]) -> (Vec<Taxonomy>, Vec<Diagnostic>) {
    let mut names = vec!["years".to_string()];
    names.extend(config.taxonomies.iter().cloned());
    let mut diags = Vec::new();
    let taxonomies = names
        .into_iter()
        .map(|name| {
            // slug → (display name, its first page, pages); the first spelling seen names a term
            let mut terms: BTreeMap<String, (String, usize, Vec<usize>)> = BTreeMap::new();
            // (slug, another spelling) → (its first page, how many pages use it)
            let mut clashes: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
            for (i, page) in pages.iter().enumerate() {
                for value in terms_of(page, &name) {
                    let (slug, _) = term_url(&name, &value, config.slugify);
                    let term = terms.entry(slug.clone()).or_insert_with(|| (value.clone(), i, Vec::new()));
                    term.2.push(i);
                    if term.0 != value {
                        clashes.entry((slug, value)).or_insert((i, 0)).1 += 1;
                    }
                }
            }
            let path = format!("/{name}/");
            for ((slug, spelling), (page, count)) in clashes {
                let (first, first_page, _) = &terms[&slug];
                diags.push(spelling_clash(
                    &name,
                    &term_url(&name, first, config.slugify).1,
                    (first, &pages[*first_page]),
                    (&spelling, &pages[page]),
                    count,
                ));
            }
            let terms: BTreeMap<String, (String, Vec<usize>)> =
                terms.into_iter().map(|(slug, (term_name, _, idx))| (slug, (term_name, idx))).collect();
            let mut terms: Vec<Term> = terms
                .into_iter()
                .map(|(_, (term_name, mut idx))| {
                    model::sort_pages(pages, &mut idx, SortBy::Date);
                    idx.dedup();
                    let (slug, path) = term_url(&name, &term_name, config.slugify);
                    Term { path, name: term_name, slug, pages: idx }
                })
                .collect();
            if name == "years" {
                terms.sort_by(|a, b| b.name.cmp(&a.name));
            } else {
                terms.sort_by(|a, b| b.pages.len().cmp(&a.pages.len()).then_with(|| a.name.cmp(&b.name)));
            }
            Taxonomy { name, path, terms }
        })
        .collect();
    (taxonomies, diags)
}

/// `生态环保` in one page and `Sheng Tai Huan Bao` in another: one URL, two terms.
fn spelling_clash(
    taxonomy: &str,
    url: &str,
    (first, first_page): (&str, &Page),
    (second, page): (&str, &Page),
    count: usize,
) -> Diagnostic {
    let field = match taxonomy {
        "types" => "type",
        other => other,
    };
    let mut d =
        Diagnostic::error(Code::DuplicateUrl, format!("two spellings of one `{taxonomy}` term claim the URL {url}"));
    d = match page.meta.spans.get(field) {
        Some(range) => d.with_span(&page.source, term_in_field(page, range.start, second).unwrap_or(range.clone())),
        None => d.with_file(&page.source.path),
    };
    d = d
        .with_label(format!("`{second}` has the URL of `{first}`"))
        .with_note(format!("`{first}` in {}", first_page.source.path.display()))
        .with_note(format!("`{second}` in {}", page.source.path.display()));
    if count > 1 {
        d = d.with_note(format!("`{second}` is in {} more page(s)", count - 1));
    }
    d.with_help(format!(
        "use one spelling in every page (`{first}` or `{second}`); if they are different terms, rename one so \
         their URLs differ"
    ))
}

/// Where `term` is written as a whole item of the field that starts at `from`, in the front
/// matter (`topics: [a, 生态环保]` or a `- 生态环保` line).
fn term_in_field(page: &Page, from: usize, term: &str) -> Option<std::ops::Range<usize>> {
    let source = crate::diag::SpanSource::span_source(&page.source);
    let block = source.text.get(from..page.body_offset)?;
    let before_ok = |c: Option<char>| c.is_none_or(|c| matches!(c, '[' | ',' | '-' | '"' | '\'' | ' ' | '\t' | ':'));
    let after_ok =
        |c: Option<char>| c.is_none_or(|c| matches!(c, ']' | ',' | '"' | '\'' | ' ' | '\t' | '\r' | '\n' | '#'));
    block
        .match_indices(term)
        .find(|(i, _)| before_ok(block[..*i].chars().next_back()) && after_ok(block[i + term.len()..].chars().next()))
        .map(|(i, _)| from + i..from + i + term.len())
}

/// The terms a page has in a taxonomy: none for a page outside a section (a standalone page
/// is in no index). The one rule for the term pages and the search filters (`crate::search`).
pub fn terms_of(page: &Page, taxonomy: &str) -> Vec<String> {
    if page.section.is_none() {
        return Vec::new();
    }
    match taxonomy {
        "years" => page.year().map(|y| vec![y.to_string()]).unwrap_or_default(),
        "topics" => page.meta.topics.clone(),
        "types" => page.meta.doc_type.clone().into_iter().collect(),
        other => page.meta.taxonomies.get(other).cloned().unwrap_or_default(),
    }
}

/// One page of a paginated list.
#[derive(Debug, Clone, PartialEq)]
pub struct Pager {
    /// 1-based.
    pub number: usize,
    pub total_pages: usize,
    /// The slice of the list on this page.
    pub range: std::ops::Range<usize>,
    /// `/topics/x/` for page 1, `/topics/x/page/2/` after.
    pub path: String,
}

/// Cuts a list of `len` items into pages of `per_page` under `base` (`/reports/`). An empty list
/// still has one (empty) page.
pub fn paginate(base: &str, len: usize, per_page: usize) -> Vec<Pager> {
    let per_page = per_page.max(1);
    let total_pages = len.div_ceil(per_page).max(1);
    (1..=total_pages)
        .map(|number| Pager {
            number,
            total_pages,
            range: (number - 1) * per_page..(number * per_page).min(len),
            path: pager_path(base, number),
        })
        .collect()
}

pub fn pager_path(base: &str, number: usize) -> String {
    if number == 1 { base.to_string() } else { format!("{base}page/{number}/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination() {
        let pages = paginate("/reports/", 45, 20);
        let shape: Vec<_> = pages.iter().map(|p| (p.number, p.range.clone(), p.path.as_str())).collect();
        assert_eq!(shape, [(1, 0..20, "/reports/"), (2, 20..40, "/reports/page/2/"), (3, 40..45, "/reports/page/3/")]);
        assert_eq!(paginate("/x/", 0, 20), [Pager { number: 1, total_pages: 1, range: 0..0, path: "/x/".into() }]);
        assert_eq!(paginate("/x/", 20, 20).len(), 1);
    }
}
