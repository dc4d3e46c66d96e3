//! Public-information metadata (政务公开): the 索引号 of every page in a section, stable across
//! builds.
//!
//! In: the site's `public_info.index_prefix`, the pages, and the assignments recorded in
//! `index-numbers.yaml` at the site root (read by discovery). Out: [`IndexNumbers`] — each page's
//! 索引号 (`index_no:` set by hand, else recorded, else assigned now), the registry as it must
//! be after this build, and which pages got a number this time.
//! Never: renumbers a recorded page, reuses a number (a removed page's number stays taken), or
//! writes anything: `gazette build` records new numbers after a successful build
//! (`pipeline::build`), `gazette check` only reports them (W011), and `serve` shows them without
//! recording (the build that publishes records them).
//!
//! A 索引号 is `{index_prefix}/{year}-{sequence:05}`: the prefix (the publisher's organisation
//! code), the year of the page's date and the next number of that year. New pages of one build
//! are numbered in date order, then by content path, so two checkouts assign the same numbers.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diag::{Code, Diagnostic, Source};
use crate::pipeline::model::Page;
use crate::yaml;

/// The file, at the site root, that records assigned numbers. Editors commit it.
pub const REGISTRY_FILE: &str = "index-numbers.yaml";

/// Every page's 索引号 and the registry after this build.
#[derive(Debug, Default, PartialEq)]
pub struct IndexNumbers {
    /// By page index: its 索引号, for pages in sections with a date (drafts have none).
    pub by_page: Vec<Option<String>>,
    /// Content path → 索引号: every recorded number plus those assigned now.
    pub registry: BTreeMap<String, String>,
    /// Pages numbered by this build (not yet in the file), in the order they were numbered.
    pub assigned: Vec<usize>,
}

/// Reads `index-numbers.yaml`: `content path: 索引号` lines.
pub fn parse_registry(source: &Source) -> Result<BTreeMap<String, String>, Diagnostic> {
    let entries = yaml::parse_mapping(&source.text, 1).map_err(|e| {
        let end = e.offset + e.width.unwrap_or(1);
        Diagnostic::error(Code::ConfigSyntax, format!("{} is not valid: {}", REGISTRY_FILE, e.message))
            .with_span(source, e.offset..end.min(source.text.len()).max(e.offset))
            .with_help("restore it from version control; Gazette writes it as `content/path.md: \"索引号\"` lines")
    })?;
    let mut registry = BTreeMap::new();
    for entry in entries {
        let number = entry.value.as_text().map_err(|m| {
            Diagnostic::error(Code::ConfigValue, format!("{REGISTRY_FILE}: {m}"))
                .with_span(source, entry.value_range.clone())
                .with_help("each line is a content path and its 索引号 in quotes")
        })?;
        registry.insert(entry.key, number);
    }
    Ok(registry)
}

/// Each page's 索引号: set by hand, else recorded, else the next of its year.
pub fn assign_index_numbers(prefix: &str, pages: &[Arc<Page>], recorded: BTreeMap<String, String>) -> IndexNumbers {
    let mut registry = recorded;
    let mut by_page = vec![None; pages.len()];
    // the highest sequence taken per year: recorded numbers and numbers set by hand alike
    let mut highest: BTreeMap<i16, u32> = BTreeMap::new();
    let taken = registry.values().map(String::as_str).chain(pages.iter().filter_map(|p| p.meta.index_no.as_deref()));
    for number in taken {
        if let Some((year, seq)) = parse_number(prefix, number) {
            let h = highest.entry(year).or_default();
            *h = (*h).max(seq);
        }
    }
    let mut new: Vec<usize> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        if p.section.is_none() || p.meta.draft {
            continue;
        }
        if let Some(own) = &p.meta.index_no {
            by_page[i] = Some(own.clone());
        } else if let Some(number) = registry.get(&p.rel) {
            by_page[i] = Some(number.clone());
        } else if p.date.is_some() {
            new.push(i);
        }
    }
    new.sort_by(|&a, &b| pages[a].date.cmp(&pages[b].date).then_with(|| pages[a].rel.cmp(&pages[b].rel)));
    for &i in &new {
        let Some(year) = pages[i].year() else { continue };
        let seq = highest.entry(year).or_default();
        *seq += 1;
        let number = format_number(prefix, year, *seq);
        registry.insert(pages[i].rel.clone(), number.clone());
        by_page[i] = Some(number);
    }
    IndexNumbers { by_page, registry, assigned: new }
}

/// The text of `index-numbers.yaml`: a comment, then one `"path": "number"` line per page, sorted.
pub fn registry_text(registry: &BTreeMap<String, String>) -> String {
    let mut out = String::from(
        "# 索引号 assigned by Gazette (public_info in site.yaml): content path → 索引号.\n\
         # Commit this file. `gazette build` adds the numbers of new pages; a number once published\n\
         # never changes. To set one by hand, write `index_no:` in the page's front matter.\n",
    );
    for (path, number) in registry {
        // JSON strings are YAML double-quoted scalars: any path or number is quoted safely
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        out.push_str(&format!("{}: {}\n", q(path), q(number)));
    }
    out
}

fn format_number(prefix: &str, year: i16, seq: u32) -> String {
    format!("{prefix}/{year}-{seq:05}")
}

/// `(year, sequence)` of a number of this prefix's form.
fn parse_number(prefix: &str, number: &str) -> Option<(i16, u32)> {
    let rest = number.strip_prefix(prefix)?.strip_prefix('/')?;
    let (year, seq) = rest.split_once('-')?;
    Some((year.parse().ok()?, seq.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_text_reads_back() {
        let mut r = BTreeMap::new();
        r.insert("reports/2024/a \"b\".md".to_string(), "P/2024-00001".to_string());
        r.insert("reports/2024/报告: 一.md".to_string(), "P/2024-00002".to_string());
        let source = Source { path: REGISTRY_FILE.into(), text: registry_text(&r).into() };
        assert_eq!(parse_registry(&source).unwrap(), r);
    }

    #[test]
    fn numbers_of_the_prefix() {
        assert_eq!(parse_number("P", "P/2024-00012"), Some((2024, 12)));
        assert_eq!(parse_number("P", "Q/2024-00012"), None);
        assert_eq!(parse_number("P", "P/2024-x"), None);
        assert_eq!(format_number("P", 2024, 7), "P/2024-00007");
    }
}
