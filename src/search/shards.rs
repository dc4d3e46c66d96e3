//! Shards: records → groups of at most a few hundred pages, each its own Pagefind index.
//!
//! In: anything [`Sharded`] (a record's group, URL and key) and the largest shard. Out:
//! [`Shard`]s with an id (their folder in the bundle and the cache) and a cache key.
//! Never: moves an edited page to another shard, or depends on the order records come in.
//!
//! Why shards: the cost of a rebuild after one edit is the cost of indexing one shard, and each
//! shard's memory is bounded. The price (issue 15): Pagefind answers a query word a shard lacks
//! with the longest word it has that is a prefix of it, or drops it, so the search page's merge
//! of shards returns pages without that word; and scores of different shards are not comparable.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use super::bundle::pagefind_version;
use super::records::Record;
use super::{CACHE_FORMAT, MAX_SHARD_PAGES};

/// What sharding needs to know of a record.
pub trait Sharded {
    /// Its year, or `pages` for undated pages.
    fn group(&self) -> &str;
    fn url(&self) -> &str;
    /// A hash of everything in it.
    fn key(&self) -> u64;
}

impl Sharded for Arc<Record> {
    fn group(&self) -> &str {
        &self.group
    }
    fn url(&self) -> &str {
        &self.url
    }
    fn key(&self) -> u64 {
        self.key
    }
}

pub struct Shard<T> {
    /// Folder name in the bundle and the cache: the groups it holds, `pages-2019` (undated
    /// pages and 2010–2019), `2024`, or `2024-part2` for a part of a big year.
    pub id: String,
    pub records: Vec<T>,
    /// A hash of every record's key, in order: the shard's cache key.
    pub key: u64,
}

/// Packs records into shards: whole years, oldest first (undated pages before them), as many
/// as fit in [`MAX_SHARD_PAGES`]; a bigger year is split into parts by a hash of each page's
/// URL. A small site is one shard. Editing pages never moves one to another shard, and new
/// reports (in the newest year) change only the last shard.
pub fn plan_shards<T: Sharded>(records: Vec<T>, max: usize) -> Vec<Shard<T>> {
    let mut groups: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for r in records {
        groups.entry(r.group().to_string()).or_default().push(r);
    }
    // `pages` (undated) first, then years ascending: years are four digits, so they sort
    let mut order: Vec<String> = groups.keys().cloned().collect();
    order.sort_by_key(|g| (g != "pages", g.clone()));
    let mut shards = Vec::new();
    let mut current: Vec<T> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    fn flush<T: Sharded>(current: &mut Vec<T>, names: &mut Vec<String>, shards: &mut Vec<Shard<T>>) {
        if !current.is_empty() {
            let id = match (names.first(), names.last()) {
                (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
                (Some(a), _) => a.clone(),
                _ => "all".into(),
            };
            shards.push(new_shard(id, std::mem::take(current)));
        }
        names.clear();
    }
    for group in order {
        let mut records = groups.remove(&group).unwrap_or_default();
        records.sort_by(|a, b| a.url().cmp(b.url()));
        if records.len() > max {
            flush(&mut current, &mut names, &mut shards);
            let parts = records.len().div_ceil(max);
            let mut split: Vec<Vec<T>> = (0..parts).map(|_| Vec::new()).collect();
            for r in records {
                let mut h = DefaultHasher::new();
                r.url().hash(&mut h);
                split[(h.finish() % parts as u64) as usize].push(r);
            }
            for (i, records) in split.into_iter().enumerate() {
                if !records.is_empty() {
                    shards.push(new_shard(format!("{group}-part{}", i + 1), records));
                }
            }
            continue;
        }
        if current.len() + records.len() > max {
            flush(&mut current, &mut names, &mut shards);
        }
        current.extend(records);
        names.push(group);
    }
    flush(&mut current, &mut names, &mut shards);
    shards
}

/// [`MAX_SHARD_PAGES`], or `GAZETTE_SEARCH_SHARD_PAGES` (for tests and benchmarks of sharding
/// on small sites), which `settings` reads into the config.
pub fn max_shard_pages(config: &crate::config::Config) -> usize {
    config.search_shard_pages.unwrap_or(MAX_SHARD_PAGES)
}

fn new_shard<T: Sharded>(id: String, records: Vec<T>) -> Shard<T> {
    let mut h = DefaultHasher::new();
    CACHE_FORMAT.hash(&mut h);
    pagefind_version().hash(&mut h);
    id.hash(&mut h);
    for r in &records {
        r.key().hash(&mut h);
    }
    Shard { id, records, key: h.finish() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug)]
    struct Page {
        group: &'static str,
        url: String,
        key: u64,
    }

    impl Sharded for Page {
        fn group(&self) -> &str {
            self.group
        }
        fn url(&self) -> &str {
            &self.url
        }
        fn key(&self) -> u64 {
            self.key
        }
    }

    #[test]
    fn shards_pack_whole_years_oldest_first_and_split_big_ones() {
        let record = |group: &'static str, i: usize| Page { group, url: format!("/{group}/{i}/"), key: i as u64 };
        let site = |counts: &[(&'static str, usize)]| -> Vec<Page> {
            counts.iter().flat_map(|&(g, n)| (0..n).map(move |i| record(g, i))).collect()
        };
        let ids = |records, max| -> Vec<(String, usize)> {
            plan_shards(records, max).into_iter().map(|s| (s.id, s.records.len())).collect()
        };
        let small = site(&[("2024", 3), ("pages", 1), ("2023", 2)]);
        assert_eq!(ids(small, 10), [("pages-2024".to_string(), 6)]);
        let big = site(&[("2021", 2), ("2022", 3), ("2023", 9), ("2024", 4), ("pages", 1)]);
        let shards = ids(big, 4);
        assert_eq!(shards[0], ("pages-2021".to_string(), 3));
        assert_eq!(shards[1], ("2022".to_string(), 3));
        // a year bigger than a shard is split by URL hash into ceil(9 / 4) parts
        assert!(shards[2..5].iter().all(|(id, _)| id.starts_with("2023-part")), "{shards:?}");
        assert_eq!(shards[2..5].iter().map(|(_, n)| n).sum::<usize>(), 9);
        assert_eq!(shards.last().unwrap(), &("2024".to_string(), 4));
        // a new report in the newest year changes only the last shard
        let grown = site(&[("2021", 2), ("2022", 3), ("2023", 9), ("2024", 5), ("pages", 1)]);
        let before = plan_shards(site(&[("2021", 2), ("2022", 3), ("2023", 9), ("2024", 4), ("pages", 1)]), 4);
        let after = plan_shards(grown, 4);
        let keys = |v: &[Shard<Page>]| v.iter().map(|s| (s.id.clone(), s.key)).collect::<Vec<_>>();
        let (b, a) = (keys(&before), keys(&after));
        assert_eq!(b[..b.len() - 1], a[..b.len() - 1]);
        assert_ne!(b.last(), a.get(b.len() - 1));
    }
}
