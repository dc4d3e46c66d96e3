//! Search: the Pagefind bundle, the search page, the header search box, turning it off, the cache.
//! (What a reader finds is tested in a browser: tests/browser/search.test.cjs.)

use crate::support::{Site, attrs, texts};

fn built() -> Site {
    let site = Site::fixture("search/basic");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    site
}

#[test]
fn build_writes_the_pagefind_bundle() {
    let site = built();
    let bundle = site.out().join("pagefind");
    for rel in ["pagefind-entry.json", "pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "gazette-shards.js"] {
        assert!(bundle.join(rel).is_file(), "missing pagefind/{rel}");
    }
    let entry = site.read("pagefind/pagefind-entry.json");
    assert!(entry.contains(r#""und":{"#), "records are indexed as segmented text: {entry}");
    assert!(entry.contains(r#""page_count":3"#), "reports and standalone pages, no lists: {entry}");
    // a small site is one index: nothing to merge
    assert!(site.read("pagefind/gazette-shards.js").contains("window.gazetteSearchShards = [];"));
}

/// The version search keys its cache with is the version of the Pagefind that wrote the bundle
/// (derived by `build.rs` from `Cargo.lock`, not written by hand).
#[test]
fn the_pagefind_version_is_the_bundles() {
    let site = built();
    let entry: serde_json::Value = serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["version"].as_str(), Some(gazette::PAGEFIND_VERSION), "{entry}");
}

/// `gazette build` with shards of at most `pages` pages.
fn build_sharded(site: &Site, pages: &str) -> crate::support::Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["build", "--verbose", "--root", site.root().to_str().unwrap(), "--output", site.out().to_str().unwrap()])
        .env("GAZETTE_SEARCH_SHARD_PAGES", pages)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    crate::support::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_big_site_is_sharded_by_year_and_the_search_page_merges_the_shards() {
    let site = Site::fixture("search/basic");
    let run = build_sharded(&site, "1");
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert!(
        run.stdout.contains("3 pages in 3 shards, 3 shards indexed again, 3 pages segmented again"),
        "{}",
        run.stdout
    );
    // undated pages first, then years oldest first; the first shard is the primary index
    let shards = site.read("pagefind/gazette-shards.js");
    assert!(shards.contains(r#"["2023/","2024/"]"#), "{shards}");
    for shard in ["pagefind", "pagefind/2023", "pagefind/2024"] {
        let fragments = std::fs::read_dir(site.out().join(shard).join("fragment")).unwrap().count();
        assert_eq!(fragments, 1, "{shard}: one page each");
    }
    assert!(!site.out().join("pagefind/2023/pagefind-ui.js").exists(), "Pagefind's scripts only at the root");
}

#[test]
fn search_page_loads_pagefind_under_the_base_path() {
    let site = built();
    let html = site.html("search/index.html");
    assert_eq!(attrs(&html, "html", "lang"), ["zh-CN"], "Pagefind segments queries only for a Chinese lang");
    assert_eq!(attrs(&html, "#gz-search", "data-bundle-path"), ["/renda/pagefind/"]);
    let scripts = attrs(&html, "script[src]", "src");
    for src in ["/renda/pagefind/pagefind-ui.js", "/renda/pagefind/gazette-shards.js", "/renda/js/gazette.js"] {
        assert!(scripts.iter().any(|s| s == src), "{src} not in {scripts:?}");
    }
    assert!(scripts.iter().all(|s| s.starts_with("/renda/")), "nothing from another host: {scripts:?}");
    assert_eq!(attrs(&html, "#gz-search", "data-t-placeholder"), ["输入关键词，如“人大代表”"]);
    // without JavaScript: say so, and link to the year and topic indexes
    let raw = site.read("search/index.html");
    let noscript = &raw[raw.find("<noscript>").unwrap()..raw.find("</noscript>").unwrap()];
    assert!(noscript.contains("搜索需要启用浏览器的 JavaScript"), "{noscript}");
    for href in ["/renda/years/", "/renda/topics/"] {
        assert!(noscript.contains(&format!("href=\"{href}\"")), "{href} missing from {noscript}");
    }
    // no second search box on the search page itself
    assert!(attrs(&html, "form[role=search]", "action").is_empty());
}

#[test]
fn every_page_has_a_search_box_leading_to_the_search_page() {
    let site = built();
    for rel in ["index.html", "reports/2024/gongzuo-baogao/index.html", "years/index.html", "404.html"] {
        let html = site.html(rel);
        assert_eq!(attrs(&html, "header form[role=search]", "action"), ["/renda/search/"], "{rel}");
        assert_eq!(attrs(&html, "header form[role=search] input[type=search]", "name"), ["q"], "{rel}");
        assert_eq!(texts(&html, "header form[role=search] label"), ["站内搜索"], "{rel}");
        assert!(attrs(&html, "nav a", "href").contains(&"/renda/search/".to_string()), "{rel}");
    }
}

#[test]
fn no_search_flag_and_config_turn_search_off() {
    let flag = Site::fixture("search/basic");
    let run = flag.build(&["--no-search"]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);

    let config = Site::fixture("search/basic");
    let yaml = std::fs::read_to_string(config.root().join("site.yaml")).unwrap();
    config.write("site.yaml", &yaml.replace("search: true", "search: false"));
    let run = config.build(&[]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);

    for site in [&flag, &config] {
        assert!(!site.out().join("pagefind").exists());
        assert!(!site.out().join("search").exists());
        assert!(!site.root().join(".gazette-cache/search").exists(), "no cache either");
        for rel in ["index.html", "reports/2024/gongzuo-baogao/index.html", "404.html"] {
            let html = site.html(rel);
            let links = attrs(&html, "a", "href");
            assert!(!links.iter().any(|h| h.contains("/search/")), "{rel} links to search: {links:?}");
            assert!(attrs(&html, "form", "action").is_empty(), "{rel} has a search form");
        }
    }
}

#[test]
fn a_rebuild_reindexes_only_the_shard_of_the_changed_page() {
    let site = Site::fixture("search/basic");
    assert_eq!(build_sharded(&site, "1").code, 0);
    let cache = site.root().join(".gazette-cache/search");
    assert!(cache.is_dir(), "the cache is in the site root");
    let primary = site.read("pagefind/pagefind-entry.json");
    let shard_2024 = site.read("pagefind/2024/pagefind-entry.json");

    // nothing changed: `gazette build` does nothing at all
    let run = build_sharded(&site, "1");
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert!(run.stdout.contains("已是最新"), "{}", run.stdout);
    // the same input built again (the build record gone): the index comes from the cache
    std::fs::remove_file(only_build_record(&site)).unwrap();
    let run = build_sharded(&site, "1");
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert!(run.stdout.contains("3 shards, 0 shards indexed again, 0 pages segmented again"), "{}", run.stdout);
    assert_eq!(site.read("pagefind/pagefind-entry.json"), primary, "same input, same index");

    let page = site.root().join("content/reports/2023/2023-06-27-shengtai-huanjing.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("持续改善", "明显改善")).unwrap();
    let run = build_sharded(&site, "1");
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert!(run.stdout.contains("3 shards, 1 shard indexed again, 1 page segmented again"), "{}", run.stdout);
    assert_eq!(site.read("pagefind/pagefind-entry.json"), primary, "the undated pages' shard is unchanged");
    assert_eq!(site.read("pagefind/2024/pagefind-entry.json"), shard_2024, "the 2024 shard is unchanged");

    // without the cache, the same bundle
    let cached = crate::support::snapshot_dir(&site.out().join("pagefind"));
    std::fs::remove_dir_all(&cache).unwrap();
    std::fs::remove_file(only_build_record(&site)).unwrap();
    assert_eq!(build_sharded(&site, "1").code, 0);
    assert_eq!(crate::support::snapshot_dir(&site.out().join("pagefind")), cached, "the cache changes nothing");
}

/// The record `gazette build` keeps of its last build (so an unchanged site is not rebuilt).
fn only_build_record(site: &Site) -> std::path::PathBuf {
    let records: Vec<_> = std::fs::read_dir(site.root().join(".gazette-cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("build-"))
        .collect();
    assert_eq!(records.len(), 1, "{records:?}");
    records[0].clone()
}

#[test]
fn a_search_page_claims_its_url() {
    let site = Site::fixture("search/basic");
    site.write("content/search.md", "---\ntitle: 搜索\n---\n\n正文\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "stdout: {}", run.stdout);
    assert!(run.stderr.contains("two files claim the URL /search/"), "{}", run.stderr);
}

/// A file of the bundle as Pagefind's script reads it: gunzipped, without its `pagefind_dcd` mark.
fn bundle_file(path: &std::path::Path) -> Vec<u8> {
    use std::io::Read;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap()).read_to_end(&mut bytes).unwrap();
    bytes.strip_prefix(b"pagefind_dcd").unwrap_or_else(|| panic!("{}: no pagefind_dcd mark", path.display())).to_vec()
}

fn bundle_files(site: &Site, folder: &str) -> Vec<Vec<u8>> {
    let dir = site.out().join("pagefind").join(folder);
    std::fs::read_dir(&dir).unwrap().map(|e| bundle_file(&e.unwrap().path())).collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Issue 12, finding 2: Pagefind's UI inserts filter names and values as HTML, so they are
/// escaped in the bundle; meta is shown as text and the content is escaped by Pagefind's script,
/// so they stay as written (src/search.rs, `safe_for_the_search_page`). The browser runs the
/// search page on such values in tests/browser/search-xss.test.cjs.
#[test]
fn hostile_front_matter_reaches_the_bundle_safe_for_where_it_is_shown() {
    const IMG: &str = "<img src=x onerror=alert(1)>";
    const SVG: &str = "\"><svg onload=alert(1)>";
    let site = Site::fixture("search/basic");
    let q = |s: &str| serde_json::to_string(s).unwrap();
    site.write(
        &format!("content/reports/2024/2024-02-01-{IMG}.md"),
        &format!(
            "---\ntitle: {title}\ntype: {svg}\ntopics: [{img}, {amp}, 代表工作]\nmeeting: {img}\nsummary: {img}\n---\n\n\
             人大代表的正文 {IMG} 结束。\n",
            title = q(&format!("人大代表{IMG}")),
            svg = q(SVG),
            img = q(IMG),
            amp = q("A & B"),
        ),
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);

    // filters: escaped; Chinese names and values as they are
    let filters = bundle_files(&site, "filter").concat();
    for escaped in [
        "&lt;img src=x onerror=alert(1)&gt;",
        "&quot;&gt;&lt;svg onload=alert(1)&gt;",
        "A &amp; B",
        "代表工作",
        "专题",
        "类型",
    ] {
        assert!(contains(&filters, escaped), "{escaped} not in the filter index");
    }
    for raw in ["<img", "<svg", "A & B"] {
        assert!(!contains(&filters, raw), "{raw} reaches the filter index unescaped");
    }

    // the page's record: meta and content as written, the URL a path on the site
    let fragments: Vec<serde_json::Value> =
        bundle_files(&site, "fragment").iter().map(|f| serde_json::from_slice(f).unwrap()).collect();
    let page = fragments
        .iter()
        .find(|f| f["meta"]["title"] == format!("人大代表{IMG}"))
        .unwrap_or_else(|| panic!("no record of the hostile page in {fragments:#?}"));
    assert_eq!(page["meta"]["type"], SVG);
    assert_eq!(page["meta"]["meeting"], IMG);
    assert_eq!(page["meta"]["summary"], IMG);
    assert!(page["meta"].get("url").is_none() && page["meta"].get("image").is_none(), "{page:#}");
    let url = page["url"].as_str().unwrap();
    assert!(url.starts_with("/reports/2024/") && !url.contains('<'), "{url}");
    let content = page["content"].as_str().unwrap();
    assert!(content.contains(IMG), "the text as written (Pagefind's script escapes it): {content}");
    assert!(content.contains("人大 代表"), "Chinese still segmented: {content}");
}
