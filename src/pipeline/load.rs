//! The read-and-check half of the build: a [`Site`] and every diagnostic about it.
//!
//! In: a validated `Config` and, for `serve`, the cache of the last build. Out: the site as far
//! as it could be loaded, its output plan, and the diagnostics of every stage (discovery, front
//! matter, Markdown, sections, indexes, the plan, the validation stage), never one without the
//! other: loading is total, so `check` adds its warnings to the same site without a callback.
//! Never: writes anything, or stops at a content error (only a failed discovery, a missing
//! theme or an unreadable folder, leaves the site empty).

use std::sync::Arc;

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::pipeline::discover::{self, Stamp};
use crate::pipeline::{
    BuildCache, Site, Timer, chains, collection, meeting, model, plan, public_info, taxonomy, validate,
};

/// Reads and checks the whole site without writing anything (`gazette check` stops here),
/// reusing the pages of `cache` whose files did not change.
pub fn load_site(config: &Config, cache: Option<&BuildCache>) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::new();
    let unchanged =
        |rel: &str, stamp: Stamp| cache.and_then(|c| c.pages.get(rel)).is_some_and(|(known, _)| *known == stamp);
    let mut timer = Timer::start();
    let mut tree = match discover::discover_since(config, &unchanged, cache.and_then(BuildCache::since)) {
        Ok(tree) => tree,
        Err(d) => {
            diags.extend(d);
            return (Site::default(), diags);
        }
    };
    timer.lap("discover (walk, read)");
    diags.extend(std::mem::take(&mut tree.warnings));

    let previous = |rel: &str| cache.and_then(|c| c.pages.get(rel)).map(|(_, p)| Arc::clone(p));
    let (pages, d, failed) = model::parse_pages(config, &mut tree.pages, &previous);
    timer.lap("front matter and Markdown");
    diags.extend(d);

    let (home, mut sections, d) = model::parse_sections(config, &tree.indexes, &pages, &tree.strings);
    diags.extend(d);
    for (i, p) in pages.iter().enumerate() {
        if let Some(s) = sections.iter_mut().find(|s| Some(&s.name) == p.section.as_ref()) {
            s.pages.push(i);
        }
    }
    for s in &mut sections {
        model::sort_pages(&pages, &mut s.pages, s.meta.sort_by);
    }
    let (taxonomies, d) = taxonomy::build_taxonomies(config, &pages);
    diags.extend(d);

    let docs: Vec<chains::Doc<'_>> = pages
        .iter()
        .map(|p| chains::Doc {
            rel: &p.rel,
            doc_number: p.meta.doc_number.as_deref(),
            date: p.date,
            responds_to: &p.meta.responds_to,
            related: &p.meta.related,
        })
        .collect();
    let chains = chains::link_documents(&docs);
    let dates: Vec<_> = pages.iter().map(|p| p.date).collect();
    let rels: Vec<&str> = pages.iter().map(|p| p.rel.as_str()).collect();
    let collections = collection::build_collections(&mut sections, &chains::Lookup::new(&docs), &dates, &rels);
    drop((docs, rels));
    let meetings = meeting::build_meetings(&pages);
    let index_numbers = match &config.public_info {
        Some(info) => {
            let recorded = match tree.index_numbers.as_ref().map(public_info::parse_registry).transpose() {
                Ok(r) => r.unwrap_or_default(),
                Err(d) => {
                    diags.push(d);
                    Default::default()
                }
            };
            public_info::assign_index_numbers(&info.index_prefix, &pages, recorded)
        }
        None => public_info::IndexNumbers::default(),
    };
    let mut site = Site {
        home,
        sections,
        pages,
        taxonomies,
        tree,
        plan: plan::Plan::default(),
        failed,
        chains,
        collections,
        meetings,
        index_numbers,
        checked: Default::default(),
    };
    let (plan, d) = plan::plan_outputs(config, &site);
    site.plan = plan;
    diags.extend(d);
    let (d, checked) = validate::validate_since(config, &site, cache.map(|c| &c.checked));
    site.checked = checked;
    diags.extend(d);
    timer.lap("sections, indexes, URL and link checks");
    (site, diags)
}
