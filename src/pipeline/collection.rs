//! Collections: 专题 (`kind: collection`) and bulletin issues (`kind: bulletin`) — sections whose
//! `_index.md` lists hand-picked pages of any section (`pages:`), in the order given.
//!
//! In: the sections (their `pages:` references and their own pages), each page's date and content
//! path, and the [`Lookup`] of follow-up chains (a collection names documents as `responds_to:`
//! does). Out: [`Collections`] — each collection's documents in order and by date, the
//! collections each page is in (its back-links), and the references that name nothing, as data
//! for the validation stage (E024).
//! Never: reads the disk, or does more than linear work in the references and pages.

use std::collections::HashSet;

use crate::pipeline::chains::Lookup;
use crate::pipeline::front_matter::{Date, SectionKind};
use crate::pipeline::model::Section;

/// The resolved collections, by section index (empty for a section that is not one). A
/// collection's documents themselves are its [`Section::pages`].
#[derive(Debug, Default, PartialEq)]
pub struct Collections {
    /// Each collection's documents by date (then by content path): the timeline.
    pub timeline: Vec<Vec<usize>>,
    /// The collections each page is in, by page index (section indices, in section order).
    pub of_page: Vec<Vec<usize>>,
    /// `(section, index)`: the `index`th of `pages:` of `section` names no document.
    pub missing: Vec<(usize, usize)>,
}

/// Resolves the `pages:` of every collection among `sections` and makes them its pages: its
/// `pages:` in the order given, then its own pages (each once), so every reader of a section's
/// pages (its list, the sitemap, `check`) sees what the collection lists. `dates` and `rels` are
/// the pages' dates and content paths, by page index.
pub fn build_collections(
    sections: &mut [Section],
    lookup: &Lookup<'_>,
    dates: &[Option<Date>],
    rels: &[&str],
) -> Collections {
    let mut c = Collections {
        timeline: vec![Vec::new(); sections.len()],
        of_page: vec![Vec::new(); dates.len()],
        missing: Vec::new(),
    };
    for (si, s) in sections.iter_mut().enumerate() {
        if s.meta.kind == SectionKind::List {
            continue;
        }
        let mut seen = HashSet::new();
        let mut listed = Vec::new();
        for (index, r) in s.meta.pages.iter().enumerate() {
            match lookup.resolve(&r.text) {
                Some(i) if seen.insert(i) => {
                    listed.push(i);
                }
                Some(_) => {}
                None => c.missing.push((si, index)),
            }
        }
        for &i in &s.pages {
            if seen.insert(i) {
                listed.push(i);
            }
        }
        let mut timeline = listed.clone();
        timeline.sort_by(|&a, &b| dates[a].cmp(&dates[b]).then_with(|| rels[a].cmp(rels[b])));
        for &i in &listed {
            c.of_page[i].push(si);
        }
        s.pages = listed;
        c.timeline[si] = timeline;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::chains::Doc;
    use crate::pipeline::front_matter::{DocRef, SectionMeta};

    /// Pages `(rel, number, day in June 2024)`; sections `(kind, pages:, own pages)`. Returns
    /// each section's pages after resolution, and the collections.
    fn check(
        pages: &[(&str, Option<&str>, i8)],
        sections: &[(SectionKind, &[&str], &[usize])],
    ) -> (Vec<Vec<usize>>, Collections) {
        let docs: Vec<Doc<'_>> = pages
            .iter()
            .map(|p| Doc { rel: p.0, doc_number: p.1, date: None, responds_to: &[], related: &[] })
            .collect();
        let dates: Vec<Option<Date>> = pages
            .iter()
            .map(|p| Some(Date { date: jiff::civil::date(2024, 6, p.2), time: None, offset_seconds: None }))
            .collect();
        let rels: Vec<&str> = pages.iter().map(|p| p.0).collect();
        let mut sections: Vec<Section> = sections
            .iter()
            .enumerate()
            .map(|(i, (kind, refs, own))| Section {
                name: format!("s{i}"),
                title: String::new(),
                description: String::new(),
                meta: SectionMeta {
                    kind: *kind,
                    pages: refs.iter().map(|t| DocRef { text: t.to_string(), span: 0..1 }).collect(),
                    ..SectionMeta::default()
                },
                path: format!("/s{i}/"),
                content: Default::default(),
                source: None,
                pages: own.to_vec(),
            })
            .collect();
        let c = build_collections(&mut sections, &Lookup::new(&docs), &dates, &rels);
        (sections.into_iter().map(|s| s.pages).collect(), c)
    }

    #[test]
    fn order_as_given_then_own_pages_timeline_by_date_back_links_and_missing() {
        let pages =
            [("r/a.md", Some("江人常〔2024〕1号"), 9), ("r/b.md", None, 3), ("z/own.md", None, 1), ("r/c.md", None, 5)];
        let (listed, c) = check(
            &pages,
            &[
                (SectionKind::List, &[], &[0, 1, 3]),
                // a number, a path with `content/`, a repeat, a reference to nothing
                (SectionKind::Collection, &["江人常〔2024〕1号", "/content/r/b.md", "r/a.md", "r/nothing.md"], &[2]),
                (SectionKind::Bulletin, &["r/b.md"], &[]),
            ],
        );
        assert_eq!(listed, [vec![0, 1, 3], vec![0, 1, 2], vec![1]]);
        assert_eq!(c.timeline, [vec![], vec![2, 1, 0], vec![1]]);
        assert_eq!(c.of_page, [vec![1], vec![1, 2], vec![1], vec![]]);
        assert_eq!(c.missing, [(1, 3)]);
    }
}
