//! The golden test of the vendored Pagefind: the patched copy (`../pagefind`, its
//! `GAZETTE-PATCHES.md`) must write the bundle Pagefind 1.6.0 as published writes.
//!
//! In: a fixture of pages (custom records as Gazette feeds them, segmented Chinese in `und`,
//! English with diacritics in `en`, raw Chinese in `zh-cn` for Pagefind's own segmentation, HTML
//! files and a folder of them, a repeated URL, filters, metadata, sort keys), indexed by both
//! libraries through the API Gazette uses (`PagefindIndex`, `add_custom_record`, `get_files`).
//! Out: nothing; the tests compare the two bundles' answers and files.
//!
//! What "the same answers" means here, twice over:
//! - every file of the two bundles is the same: the same names (index, fragment, filter and
//!   metadata files are named by a hash of their content), and the same bytes once the gzipped
//!   ones are decompressed. Compressed bytes differ by design: patch 3 compresses at level 2,
//!   not 9. A query's answer is a function of these files and of the JavaScript and WebAssembly
//!   that read them, which the bundle carries byte for byte;
//! - and queries get the same answers: Pagefind's own search (the bundle's `pagefind.js` and
//!   WebAssembly, as a browser runs them) is run by Node (`query.mjs`, Node 20 or later, as the
//!   browser tests need) on each bundle as written, over HTTP on 127.0.0.1, and every answer
//!   (results, scores, excerpts, locations, metadata, filter counts, sorting) must be equal.
//!
//! Never: touches the network (both crates come from the registry cache and the lockfile; the
//! search fetches from a server on 127.0.0.1).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One record of the fixture, as `add_custom_record` takes it.
#[derive(Clone, Debug)]
pub struct Record {
    pub url: String,
    pub content: String,
    pub language: String,
    pub meta: BTreeMap<String, String>,
    pub filters: BTreeMap<String, Vec<String>>,
    pub sort: BTreeMap<String, String>,
}

/// What one index is fed, in order.
#[derive(Clone, Debug)]
pub enum Input {
    Record(Record),
    /// `add_html_file(None, Some(url), html)`
    Html {
        url: String,
        html: String,
    },
    /// `add_directory(path, None)`: files from disk, Pagefind's parallel path (`fossick_many`)
    Directory(std::path::PathBuf),
}

/// How one index is configured: the options Gazette sets, and two that change the layout.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    pub force_language: Option<String>,
    pub max_fragments: Option<u32>,
}

/// A bundle: each file's path, and its content (decompressed for the gzipped files).
pub type Bundle = BTreeMap<String, Vec<u8>>;

/// The bytes Pagefind puts before the content of every gzipped file.
const SIGNATURE: &[u8] = b"pagefind_dcd";

/// Indexes `inputs` with the library named (`pagefind_upstream` or `pagefind_patched`) and
/// returns its files as it wrote them (paths relative to the bundle folder).
macro_rules! index_with {
    ($name:ident, $krate:ident) => {
        pub fn $name(setup: &Setup, inputs: &[Input]) -> Vec<(String, Vec<u8>)> {
            use $krate::api::PagefindIndex;
            use $krate::options::PagefindServiceConfig;
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
            let files = runtime.block_on(async {
                // the builder's type changes with each field set
                let b = PagefindServiceConfig::builder;
                let options = match (setup.force_language.clone(), setup.max_fragments) {
                    (Some(l), Some(m)) => b().force_language(l).max_fragments(m).build(),
                    (Some(l), None) => b().force_language(l).build(),
                    (None, Some(m)) => b().max_fragments(m).build(),
                    (None, None) => b().build(),
                };
                let mut index = PagefindIndex::new(Some(options)).expect("an index");
                for input in inputs {
                    match input {
                        Input::Record(r) => {
                            index
                                .add_custom_record(
                                    r.url.clone(),
                                    r.content.clone(),
                                    r.language.clone(),
                                    Some(r.meta.clone()),
                                    Some(r.filters.clone()),
                                    Some(r.sort.clone()),
                                )
                                .await
                                .expect("a record is indexed");
                        }
                        Input::Html { url, html } => {
                            index
                                .add_html_file(None, Some(url.clone()), html.clone())
                                .await
                                .expect("an HTML file is indexed");
                        }
                        Input::Directory(path) => {
                            let n = index
                                .add_directory(path.display().to_string(), None)
                                .await
                                .expect("a folder is indexed");
                            assert!(n > 0, "no page in {}", path.display());
                        }
                    }
                }
                index.get_files().await.expect("the bundle")
            });
            files.into_iter().map(|f| (f.filename.display().to_string(), f.contents)).collect()
        }
    };
}

index_with!(index_upstream, pagefind_upstream);
index_with!(index_patched, pagefind_patched);

/// The bundle with each gzipped file decompressed (its content starts with Pagefind's
/// signature), and how many were.
pub fn decompress(files: Vec<(String, Vec<u8>)>) -> (Bundle, usize) {
    let mut bundle = Bundle::new();
    let mut gzipped = 0;
    for (name, bytes) in files {
        let content = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(bytes.as_slice())
                .read_to_end(&mut out)
                .unwrap_or_else(|e| panic!("{name}: not gzip: {e}"));
            assert!(out.starts_with(SIGNATURE), "{name}: no pagefind_dcd signature");
            gzipped += 1;
            out
        } else {
            bytes
        };
        assert!(bundle.insert(name.clone(), content).is_none(), "{name} twice");
    }
    (bundle, gzipped)
}

/// Pagefind's answers to `queries` (JSON, see `query.mjs`) from a bundle as written, by its own
/// search run in Node.
pub fn answers(files: &[(String, Vec<u8>)], queries: &str) -> String {
    static BUNDLES: AtomicUsize = AtomicUsize::new(0);
    let n = BUNDLES.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("pagefind-golden-{}-{n}", std::process::id()));
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("query.mjs");
    let out = Command::new("node")
        .arg(script)
        .arg(&dir)
        .arg(queries)
        .output()
        .expect("the golden test runs Pagefind's search in Node (20 or later): install node");
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(out.status.success(), "query.mjs failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("JSON")
}

/// What differs between two bundles, one line per file (empty when they are the same).
pub fn differences(expected: &Bundle, actual: &Bundle) -> Vec<String> {
    let mut out = Vec::new();
    for (name, bytes) in expected {
        match actual.get(name) {
            None => out.push(format!("{name}: missing")),
            Some(b) if b != bytes => out.push(format!(
                "{name}: differs ({} bytes, expected {}; first difference at byte {})",
                b.len(),
                bytes.len(),
                b.iter().zip(bytes).position(|(x, y)| x != y).unwrap_or(b.len().min(bytes.len()))
            )),
            Some(_) => {}
        }
    }
    for name in actual.keys().filter(|n| !expected.contains_key(*n)) {
        out.push(format!("{name}: not expected"));
    }
    out
}

// ------------------------------------------------------------------------------------------
// The fixture

/// Segmented Chinese words (as Gazette's `search::segment` writes them, separated by spaces),
/// punctuation tokens, and words of the other paths of patch 6 (mixed scripts, Latin, digits).
const ZH_WORDS: &[&str] = &[
    "全国人民代表大会",
    "常务委员会",
    "关于",
    "预算",
    // words with Gazette's subword marks (every Chinese word of two characters or more)
    "财.政.预.算",
    "人.大",
    "预.算",
    "人.人",
    "常.务.委.员.会",
    "执行",
    "情况",
    "的",
    "报告",
    "审议",
    "意见",
    "，",
    "。",
    "“",
    "”",
    "、",
    "（",
    "）",
    "《",
    "》",
    "2024年",
    "GDP",
    "5.2%",
    "第十四届",
    "㐀",
    "𠀀",
    "兼容",
    "豈",
    "ｶﾀｶﾅ",
    "カタカナ",
    "·",
    "——",
];

/// English words, with diacritics (Pagefind indexes those as variants of the plain word) and
/// words its stemmer changes.
const EN_WORDS: &[&str] = &[
    "budget",
    "committee",
    "report",
    "reports",
    "reporting",
    "café",
    "cafe",
    "naïve",
    "résumé",
    "resume",
    "Zürich",
    "zurich",
    "the",
    "of",
    "deliberation",
    "standing",
    "congress",
    "Beijing",
    "2024",
    "e-mail",
    "don't",
    "C++",
    "x\u{200B}y",
];

/// A small deterministic generator (no dependency): the same fixture on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn text(&mut self, words: &[&str], n: usize) -> String {
        (0..n).map(|_| words[self.next(words.len())]).collect::<Vec<_>>().join(" ")
    }
}

fn record(url: &str, content: String, language: &str, rng: &mut Lcg, words: &[&str]) -> Record {
    let mut meta = BTreeMap::new();
    meta.insert("title".to_string(), rng.text(words, 3));
    if rng.next(3) > 0 {
        meta.insert("summary".to_string(), rng.text(words, 6));
    }
    if rng.next(2) == 0 {
        meta.insert("meeting".to_string(), rng.text(words, 2));
    }
    let mut filters = BTreeMap::new();
    filters.insert("年份".to_string(), vec![format!("{}", 2018 + rng.next(7))]);
    let topics: Vec<String> = (0..rng.next(3)).map(|i| format!("topic-{}", (i + rng.next(5)) % 5)).collect();
    if !topics.is_empty() {
        filters.insert("议题".to_string(), topics);
    }
    if rng.next(2) == 0 {
        filters.insert("type".to_string(), vec!["报告".to_string(), "Report".to_string()]);
    }
    let mut sort = BTreeMap::new();
    sort.insert(
        "date".to_string(),
        format!("20{:02}-{:02}-{:02}", 10 + rng.next(15), 1 + rng.next(12), 1 + rng.next(28)),
    );
    Record { url: url.to_string(), content, language: language.to_string(), meta, filters, sort }
}

/// `n` records in `language`, words drawn from `words`, with long enough bodies that the index
/// has many chunks when the chunk size is small.
pub fn records(language: &str, words: &[&str], n: usize, seed: u64) -> Vec<Input> {
    let mut rng = Lcg(seed);
    (0..n)
        .map(|i| {
            let len = 5 + rng.next(120);
            let content = rng.text(words, len);
            Input::Record(record(&format!("/{language}/{i}/"), content, language, &mut rng, words))
        })
        .collect()
}

/// The Chinese words without spaces: what Pagefind's own segmentation (`zh-cn`) is fed.
pub fn unsegmented_records(n: usize, seed: u64) -> Vec<Input> {
    let mut rng = Lcg(seed);
    (0..n)
        .map(|i| {
            let len = 5 + rng.next(80);
            let content = (0..len).map(|_| ZH_WORDS[rng.next(ZH_WORDS.len())]).collect::<String>();
            Input::Record(record(&format!("/zh/{i}/"), content, "zh-cn", &mut rng, ZH_WORDS))
        })
        .collect()
}

pub fn zh_words() -> &'static [&'static str] {
    ZH_WORDS
}

pub fn en_words() -> &'static [&'static str] {
    EN_WORDS
}

/// HTML pages with headings, a `data-pagefind-body`-less body, metadata and filters in
/// attributes, anchors, and an ignored block.
pub fn html_page(title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="zh-cn"><head><title>{title}</title></head><body>
<main><h1 id="top">{title}</h1>
<p data-pagefind-meta="作者:办公厅">{body}</p>
<h2 id="part-2">第二部分 Part two</h2><p>{body} café naïve</p>
<span data-pagefind-filter="年份">2024</span>
<div data-pagefind-ignore>不应索引 ignored text</div>
<img src="/a.png" alt="图片说明 picture" data-pagefind-meta="image[src]">
</main></body></html>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Index chunks hold words until this size (Pagefind's unstable setting; 20,000 by
    /// default): small, so the fixture's index has many chunks (patch 4 moves full chunks).
    const CHUNK_SIZE: &str = "40";

    fn with_small_chunks() {
        // every test sets the same value, so tests running at once do not disagree
        std::env::set_var("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", CHUNK_SIZE);
    }

    /// Both libraries index `inputs`; the bundles must be equal once decompressed, and answer
    /// `queries` (JSON, see `query.mjs`) alike, with at least one result.
    fn check(setup: &Setup, inputs: &[Input], queries: &str) {
        with_small_chunks();
        let (upstream_files, patched_files) = (index_upstream(setup, inputs), index_patched(setup, inputs));
        let (expected, actual) = (answers(&upstream_files, queries), answers(&patched_files, queries));
        if expected != actual {
            let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "the patched bundle answers differently, line {}:\n  upstream: {}\n  patched:  {}",
                line + 1,
                expected.lines().nth(line).unwrap_or(""),
                actual.lines().nth(line).unwrap_or("")
            );
        }
        assert!(expected.contains("\"id\":"), "no query found anything: {expected}");
        let (upstream, gz_upstream) = decompress(upstream_files);
        let (patched, gz_patched) = decompress(patched_files);
        let diff = differences(&upstream, &patched);
        assert!(diff.is_empty(), "the patched bundle differs:\n{}", diff.join("\n"));
        // the comparison read the index itself, not only the JavaScript
        assert_eq!(gz_upstream, gz_patched);
        for kind in [".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"] {
            assert!(
                upstream.keys().any(|k| k.ends_with(kind)),
                "no {kind} file in the bundle: {:?}",
                upstream.keys().collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn segmented_chinese_records_as_gazette_indexes_them() {
        let setup = Setup { force_language: Some("und".into()), ..Setup::default() };
        let queries = r#"[{"term": "预算"}, {"term": "常务委员会 报告"}, {"term": "全国人民代表大会"},
            {"term": "GDP"}, {"term": "预"}, {"term": "不存在"}, {"term": "预算", "filters": {"年份": "2020"}},
            {"term": null, "filters": {"type": "报告"}}, {"term": "报告", "sort": {"date": "asc"}},
            {"term": "意见", "filters": {"议题": ["topic-1", "topic-2"]}}]"#;
        check(&setup, &records("und", zh_words(), 60, 1), queries);
    }

    #[test]
    fn english_records_with_variants_and_stems() {
        let setup = Setup { force_language: Some("en".into()), ..Setup::default() };
        let queries = r#"[{"term": "report"}, {"term": "reporting"}, {"term": "cafe"}, {"term": "café"},
            {"term": "zurich"}, {"term": "resume"}, {"term": "budget committee"}, {"term": "rep"},
            {"term": "beijing", "filters": {"年份": "2021"}}, {"term": "the", "sort": {"date": "desc"}}]"#;
        check(&setup, &records("en", en_words(), 60, 2), queries);
    }

    #[test]
    fn chinese_segmented_by_pagefind() {
        let setup = Setup { force_language: Some("zh-cn".into()), ..Setup::default() };
        let queries =
            r#"[{"term": "预算"}, {"term": "全国人民代表大会"}, {"term": "常务委员会的报告"}, {"term": "审议意见"}]"#;
        check(&setup, &unsegmented_records(30, 3), queries);
    }

    /// Records in several languages make one index per language; a repeated URL replaces the
    /// page (patch 1's map); grouped fragments (`max_fragments`).
    #[test]
    fn languages_repeated_urls_and_grouped_fragments() {
        let mut inputs = records("en", en_words(), 20, 4);
        inputs.extend(records("und", zh_words(), 20, 5));
        inputs.extend(records("en", en_words(), 5, 6)); // the same URLs again: replaced
        let setup = Setup { force_language: None, max_fragments: Some(4) };
        let queries = r#"[{"term": "report"}, {"term": "预算"}, {"term": "committee", "filters": {"年份": "2019"}}]"#;
        check(&setup, &inputs, queries);
    }

    /// HTML through `add_html_file` and a folder through `add_directory` (the CLI's parallel
    /// path, patch 1's `fossick_many`), then a record on a URL the folder already has.
    #[test]
    fn html_files_and_a_folder() {
        let dir = std::env::temp_dir().join(format!("pagefind-golden-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (i, name) in ["a", "b", "c"].iter().enumerate() {
            let page = dir.join(name);
            std::fs::create_dir_all(&page).unwrap();
            let body = Lcg(10 + i as u64).text(zh_words(), 40);
            std::fs::write(page.join("index.html"), html_page(&format!("页面 {name}"), &body)).unwrap();
        }
        let mut inputs = vec![Input::Directory(dir.clone())];
        for i in 0..4 {
            let body = Lcg(20 + i).text(zh_words(), 30);
            inputs.push(Input::Html { url: format!("/html/{i}/"), html: html_page(&format!("文件 {i}"), &body) });
        }
        inputs.push(Input::Html { url: "/html/1/".into(), html: html_page("替换", "替换 的 页面") });
        if let Some(Input::Record(mut r)) = records("zh-cn", zh_words(), 1, 7).pop() {
            r.url = "/b/".into();
            inputs.push(Input::Record(r));
        }
        let setup = Setup { force_language: Some("zh-cn".into()), ..Setup::default() };
        let queries = r#"[{"term": "页面"}, {"term": "替换"}, {"term": "picture"}, {"term": "ignored"},
            {"term": "cafe"}, {"term": "预算", "filters": {"年份": "2024"}}]"#;
        check(&setup, &inputs, queries);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The comparison sees a difference in the index: one word of one record changed.
    #[test]
    fn a_changed_word_is_a_difference() {
        with_small_chunks();
        let setup = Setup { force_language: Some("und".into()), ..Setup::default() };
        let inputs = records("und", zh_words(), 10, 8);
        let mut changed = inputs.clone();
        if let Input::Record(r) = &mut changed[3] {
            r.content.push_str(" 新词");
        }
        let (upstream, _) = decompress(index_upstream(&setup, &inputs));
        let (patched, _) = decompress(index_patched(&setup, &changed));
        let diff = differences(&upstream, &patched);
        assert!(diff.iter().any(|d| d.contains(".pf_index")), "{diff:?}");
        assert!(diff.iter().any(|d| d.contains(".pf_fragment")), "{diff:?}");
    }

    /// The answers see a difference too: one record gains a word a query asks for.
    #[test]
    fn a_changed_word_is_a_different_answer() {
        with_small_chunks();
        let setup = Setup { force_language: Some("und".into()), ..Setup::default() };
        let inputs = records("und", zh_words(), 10, 8);
        let mut changed = inputs.clone();
        if let Input::Record(r) = &mut changed[3] {
            r.content.push_str(" 新词");
        }
        let queries = r#"[{"term": "新词"}]"#;
        let expected = answers(&index_upstream(&setup, &inputs), queries);
        let actual = answers(&index_patched(&setup, &changed), queries);
        assert!(!expected.contains("\"id\":"), "{expected}");
        assert!(actual.contains("\"id\":"), "{actual}");
    }

    /// Compressed, the bundles differ (patch 3's gzip level): why the test decompresses.
    #[test]
    fn compressed_bytes_differ_by_design() {
        with_small_chunks();
        let setup = Setup { force_language: Some("und".into()), ..Setup::default() };
        let inputs = records("und", zh_words(), 10, 9);
        let upstream: Bundle = index_upstream(&setup, &inputs).into_iter().collect();
        let patched: Bundle = index_patched(&setup, &inputs).into_iter().collect();
        assert_eq!(upstream.keys().collect::<Vec<_>>(), patched.keys().collect::<Vec<_>>());
        assert!(upstream.iter().any(|(k, v)| k.ends_with(".pf_index") && patched[k] != *v));
    }
}
