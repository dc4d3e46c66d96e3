//! Follow-up chains: which documents answer which (`responds_to:`), their loose links
//! (`related:`), the reverse links, and the whole chain a document belongs to.
//!
//! In: each page's content path, `doc_number`, date and references. Out: [`Chains`] — resolved
//! links by page index, every chain (a connected component along `responds_to`, branches allowed)
//! in date order, and the [`Problem`]s found (a reference to nothing, a cycle, two pages with one
//! number) as data for the validation stage to report.
//! Never: reads the disk, recurses (a chain of 10,000 documents is a loop, not a stack), or
//! lets one page show an unbounded list (a page shows at most [`CHAIN_SHOWN`] documents of its
//! chain, around itself).

use std::collections::HashMap;

use crate::pipeline::front_matter::{Date, DocRef};

/// The most documents of its chain a page lists: the ones nearest to it in date order. A real
/// chain has a handful; a hostile one of 10,000 must not make every page 10,000 lines long.
pub const CHAIN_SHOWN: usize = 40;

/// What chains read of a page.
#[derive(Clone, Copy, Debug)]
pub struct Doc<'a> {
    /// Path relative to content/: `reports/2024/2024-06-27-yanglao.md`.
    pub rel: &'a str,
    pub doc_number: Option<&'a str>,
    pub date: Option<Date>,
    pub responds_to: &'a [DocRef],
    pub related: &'a [DocRef],
}

/// The resolved links of every page, by page index.
#[derive(Debug, Default, PartialEq)]
pub struct Chains {
    /// The documents each page answers (resolved `responds_to:`, in the order written).
    pub responds_to: Vec<Vec<usize>>,
    /// The documents that answer each page (the reverse links), in date order.
    pub responded_by: Vec<Vec<usize>>,
    /// Each page's resolved `related:` links.
    pub related: Vec<Vec<usize>>,
    /// Each page's chain (an index into `chains`), when it is in one.
    pub chain_of: Vec<Option<usize>>,
    /// Every chain of two or more documents, each in date order (then by content path).
    pub chains: Vec<Vec<usize>>,
    pub problems: Vec<Problem>,
}

/// Which list a reference is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    RespondsTo,
    Related,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::RespondsTo => "responds_to",
            Field::Related => "related",
        }
    }
}

/// Something wrong with the links, for the validation stage to report at `page`'s reference.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// `reference` (the `index`th of `field`) names no page and no `doc_number`.
    Missing { page: usize, field: Field, index: usize },
    /// The `index`th `responds_to:` of `page` closes a cycle: `path` is the cycle, starting at
    /// `page`'s target and ending at `page`.
    Cycle { page: usize, index: usize, path: Vec<usize> },
    /// `page` has the `doc_number` that `first` has too.
    DuplicateNumber { page: usize, first: usize },
}

impl Chains {
    /// The documents of `page`'s chain it lists, in date order: all of them, or the
    /// [`CHAIN_SHOWN`] nearest to it; with how many are left out before and after.
    pub fn shown(&self, page: usize) -> (&[usize], usize, usize) {
        let Some(chain) = self.chain_of.get(page).copied().flatten().map(|c| &self.chains[c]) else {
            return (&[], 0, 0);
        };
        if chain.len() <= CHAIN_SHOWN {
            return (chain, 0, 0);
        }
        let at = chain.iter().position(|&i| i == page).unwrap_or(0);
        let start = at.saturating_sub(CHAIN_SHOWN / 2).min(chain.len() - CHAIN_SHOWN);
        let end = start + CHAIN_SHOWN;
        (&chain[start..end], start, chain.len() - end)
    }
}

/// How a reference finds its document: by content path (with or without a leading `/` or
/// `content/`), else by `doc_number` (the first page with it). Collections (`pages:`) resolve
/// through it too, so both name documents alike.
pub struct Lookup<'a> {
    by_rel: HashMap<&'a str, usize>,
    by_number: HashMap<&'a str, usize>,
}

impl<'a> Lookup<'a> {
    pub fn new(docs: &[Doc<'a>]) -> Self {
        let by_rel = docs.iter().enumerate().map(|(i, d)| (d.rel, i)).collect();
        let mut by_number = HashMap::new();
        for (i, d) in docs.iter().enumerate() {
            if let Some(number) = d.doc_number {
                by_number.entry(number).or_insert(i);
            }
        }
        Lookup { by_rel, by_number }
    }

    /// The page `text` names, if any.
    pub fn resolve(&self, text: &str) -> Option<usize> {
        let path = text.trim_start_matches('/');
        let path = path.strip_prefix("content/").unwrap_or(path);
        self.by_rel.get(path).or_else(|| self.by_number.get(text)).copied()
    }
}

/// Resolves every page's references and computes reverse links and chains.
pub fn link_documents(docs: &[Doc<'_>]) -> Chains {
    let n = docs.len();
    let mut problems = Vec::new();
    let lookup = Lookup::new(docs);
    for (i, d) in docs.iter().enumerate() {
        if let Some(first) = d.doc_number.and_then(|number| lookup.by_number.get(number)).filter(|&&first| first != i) {
            problems.push(Problem::DuplicateNumber { page: i, first: *first });
        }
    }
    let resolve = |text: &str| lookup.resolve(text);
    let mut resolved = |page: usize, field: Field, refs: &[DocRef]| -> Vec<Option<usize>> {
        refs.iter()
            .enumerate()
            .map(|(index, r)| {
                let target = resolve(&r.text);
                if target.is_none() {
                    problems.push(Problem::Missing { page, field, index });
                }
                target
            })
            .collect()
    };
    // `responds_to` keeps the place of each reference, for a cycle's error
    let edges: Vec<Vec<Option<usize>>> =
        docs.iter().enumerate().map(|(i, d)| resolved(i, Field::RespondsTo, d.responds_to)).collect();
    let related: Vec<Vec<usize>> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut v: Vec<usize> = resolved(i, Field::Related, d.related).into_iter().flatten().collect();
            dedup_keep_order(&mut v, i);
            v
        })
        .collect();
    problems.extend(find_cycles(&edges));

    let responds_to: Vec<Vec<usize>> = edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut v: Vec<usize> = e.iter().flatten().copied().collect();
            dedup_keep_order(&mut v, i);
            v
        })
        .collect();
    let order = |a: &usize, b: &usize| docs[*a].date.cmp(&docs[*b].date).then_with(|| docs[*a].rel.cmp(docs[*b].rel));
    let mut responded_by = vec![Vec::new(); n];
    for (i, targets) in responds_to.iter().enumerate() {
        for &t in targets {
            responded_by[t].push(i);
        }
    }
    for v in &mut responded_by {
        v.sort_by(order);
    }

    // chains: connected components along responds_to (union-find, iterative)
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, targets) in responds_to.iter().enumerate() {
        for &t in targets {
            let (a, b) = (root(&mut parent, i), root(&mut parent, t));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        members.entry(r).or_default().push(i);
    }
    let mut chains: Vec<Vec<usize>> = members.into_values().filter(|m| m.len() > 1).collect();
    for c in &mut chains {
        c.sort_by(order);
    }
    // deterministic: chains by their first page index
    chains.sort_by_key(|c| c.iter().min().copied());
    let mut chain_of = vec![None; n];
    for (ci, c) in chains.iter().enumerate() {
        for &i in c {
            chain_of[i] = Some(ci);
        }
    }
    Chains { responds_to, responded_by, related, chain_of, chains, problems }
}

fn dedup_keep_order(v: &mut Vec<usize>, itself: usize) {
    let mut seen = std::collections::HashSet::new();
    v.retain(|&x| x != itself && seen.insert(x));
}

/// Every `responds_to:` reference that closes a cycle (a back edge of a depth-first walk,
/// iterative; a page answering itself is a cycle of one).
fn find_cycles(edges: &[Vec<Option<usize>>]) -> Vec<Problem> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; edges.len()];
    let mut problems = Vec::new();
    for start in 0..edges.len() {
        if state[start] != State::New {
            continue;
        }
        // (page, next edge to follow)
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = State::Open;
        while let Some(&mut (page, ref mut next)) = stack.last_mut() {
            let Some(edge) = edges[page].get(*next).copied() else {
                state[page] = State::Done;
                stack.pop();
                continue;
            };
            let index = *next;
            *next += 1;
            let Some(target) = edge else { continue };
            match state[target] {
                State::New => {
                    state[target] = State::Open;
                    stack.push((target, 0));
                }
                State::Open => {
                    let from = stack.iter().position(|&(p, _)| p == target).unwrap_or(0);
                    let path = stack[from..].iter().map(|&(p, _)| p).collect();
                    problems.push(Problem::Cycle { page, index, path });
                }
                State::Done => {}
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(rel, number, date day in June 2024, responds_to, related)`
    type Row<'a> = (&'a str, Option<&'a str>, i8, &'a [&'a str], &'a [&'a str]);

    fn check(rows: &[Row<'_>]) -> Chains {
        let refs = |list: &[&str]| -> Vec<DocRef> {
            list.iter().map(|t| DocRef { text: t.to_string(), span: 0..1 }).collect()
        };
        let owned: Vec<(Vec<DocRef>, Vec<DocRef>)> = rows.iter().map(|r| (refs(r.3), refs(r.4))).collect();
        let docs: Vec<Doc<'_>> = rows
            .iter()
            .zip(&owned)
            .map(|(r, (to, rel))| Doc {
                rel: r.0,
                doc_number: r.1,
                date: Some(Date { date: jiff::civil::date(2024, 6, r.2), time: None, offset_seconds: None }),
                responds_to: to,
                related: rel,
            })
            .collect();
        link_documents(&docs)
    }

    #[test]
    fn forward_reverse_and_the_whole_chain_in_date_order() {
        let c = check(&[
            ("r/4-ceping.md", None, 28, &["江人常〔2024〕9号"], &[]),
            ("r/1-jiancha.md", None, 1, &[], &[]),
            ("r/2-shenyi.md", Some("江人常〔2024〕9号"), 5, &["r/1-jiancha.md"], &[]),
            ("r/3-chuli.md", None, 20, &["/content/r/2-shenyi.md"], &["r/1-jiancha.md"]),
            ("r/other.md", None, 2, &[], &[]),
        ]);
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(c.responds_to, [vec![2], vec![], vec![1], vec![2], vec![]]);
        assert_eq!(c.responded_by, [vec![], vec![2], vec![3, 0], vec![], vec![]]);
        assert_eq!(c.related[3], [1]);
        assert_eq!(c.chains, [vec![1, 2, 3, 0]]);
        assert_eq!(c.chain_of, [Some(0), Some(0), Some(0), Some(0), None]);
        assert_eq!(c.shown(2), (&[1, 2, 3, 0][..], 0, 0));
        assert_eq!(c.shown(4), (&[][..], 0, 0));
    }

    #[test]
    fn branches_are_one_chain() {
        let c = check(&[
            ("a.md", None, 1, &[], &[]),
            ("b.md", None, 2, &["a.md"], &[]),
            ("c.md", None, 3, &["a.md"], &[]),
            ("d.md", None, 4, &["b.md", "c.md"], &[]),
        ]);
        assert!(c.problems.is_empty());
        assert_eq!(c.chains, [vec![0, 1, 2, 3]]);
        assert_eq!(c.responded_by[0], [1, 2]);
    }

    #[test]
    fn missing_targets_cycles_and_duplicate_numbers() {
        let c = check(&[
            ("a.md", Some("5号"), 1, &["c.md"], &["nowhere.md"]),
            ("b.md", Some("5号"), 2, &["a.md", "6号"], &[]),
            ("c.md", None, 3, &["b.md"], &[]),
            ("d.md", None, 4, &["d.md"], &[]),
        ]);
        assert_eq!(
            c.problems,
            [
                Problem::DuplicateNumber { page: 1, first: 0 },
                Problem::Missing { page: 1, field: Field::RespondsTo, index: 1 },
                Problem::Missing { page: 0, field: Field::Related, index: 0 },
                Problem::Cycle { page: 1, index: 0, path: vec![0, 2, 1] },
                Problem::Cycle { page: 3, index: 0, path: vec![3] },
            ]
        );
        // a cycle is still one chain; a page answering itself is no chain
        assert_eq!(c.chains, [vec![0, 1, 2]]);
        assert_eq!(c.chain_of[3], None);
    }

    #[test]
    fn a_long_chain_is_linear_work_and_each_page_lists_a_bounded_window() {
        let n = 10_000;
        let rels: Vec<String> = (0..n).map(|i| format!("r/{i:05}.md")).collect();
        let refs: Vec<Vec<DocRef>> = (0..n)
            .map(|i| if i == 0 { vec![] } else { vec![DocRef { text: rels[i - 1].clone(), span: 0..1 }] })
            .collect();
        let docs: Vec<Doc<'_>> = (0..n)
            .map(|i| Doc { rel: &rels[i], doc_number: None, date: None, responds_to: &refs[i], related: &[] })
            .collect();
        let c = link_documents(&docs);
        assert!(c.problems.is_empty());
        assert_eq!(c.chains.len(), 1);
        let (shown, before, after) = c.shown(5_000);
        assert_eq!(shown.len(), CHAIN_SHOWN);
        assert!(shown.contains(&5_000));
        assert_eq!(before + shown.len() + after, n);
        assert_eq!(c.shown(0).1, 0);
        assert_eq!(c.shown(n - 1).2, 0);
    }
}
