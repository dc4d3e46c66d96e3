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
/// so they stay as written (src/search/records.rs, `safe_for_the_search_page`). The browser runs the
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
    assert!(content.contains("人.大 代.表"), "Chinese still segmented, words marked: {content}");
}

/// The shard size from the environment is part of the config (`settings` reads it once), so the
/// up-to-date check sees it: a build with another size is a new build, not "up to date" with an
/// index cut the old way (issue 14: environment inputs were not in the fingerprint).
#[test]
fn another_shard_size_is_not_up_to_date() {
    let site = Site::fixture("search/basic");
    let first = site.build(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(site.read("pagefind/gazette-shards.js").contains("window.gazetteSearchShards = [];"));
    let sharded = build_sharded(&site, "1");
    assert_eq!(sharded.code, 0, "{}", sharded.stderr);
    assert!(!sharded.stdout.contains("up to date"), "{}", sharded.stdout);
    assert!(site.read("pagefind/gazette-shards.js").contains(r#"["2023/","2024/"]"#));
}

/// The fragments of a bundle folder: each indexed page's record as Pagefind stored it.
fn fragments(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let mut all: Vec<serde_json::Value> = std::fs::read_dir(dir.join("fragment"))
        .unwrap()
        .map(|e| serde_json::from_slice(&bundle_file(&e.unwrap().path())).unwrap())
        .collect();
    all.sort_by_key(|f| f["url"].as_str().unwrap_or_default().to_string());
    all
}

/// Issue 14: `serve` indexes the records its cache kept from the last build, and never loads
/// the site again to get them. With `content/` gone (discovery would find no page) and the
/// search cache on disk deleted (so nothing can come from there), the refresh still writes
/// every page's record; after an edit only the edited page is segmented again.
#[test]
fn refresh_search_indexes_the_cached_records_without_reading_the_site() {
    use gazette::config::{Config, Overrides};
    use gazette::pipeline::{BuildCache, Target, build_into, refresh_search};

    let site = Site::fixture("search/basic");
    let root = site.root();
    let live = site.dir.path().join("live");
    let config = || Config::load(&root, &Overrides::default()).unwrap();
    let search_cache = root.join(".gazette-cache/search");
    let mut cache = BuildCache::default();
    build_into(&config(), Target::InPlace(&live), Some(&mut cache), None).unwrap();
    assert!(!live.join("pagefind").exists(), "in place, the index is left to the refresh");

    let content = root.join("content");
    let away = site.dir.path().join("content-away");
    std::fs::rename(&content, &away).unwrap();
    let report = refresh_search(&config(), &cache, &live).unwrap().expect("search is on");
    assert_eq!((report.pages, report.segmented), (3, 3));
    assert!(!content.exists(), "nothing recreated the site's content");
    let urls: Vec<String> =
        fragments(&live.join("pagefind")).iter().map(|f| f["url"].as_str().unwrap().to_string()).collect();
    assert_eq!(urls, ["/about/", "/reports/2023/shengtai-huanjing/", "/reports/2024/gongzuo-baogao/"]);
    std::fs::rename(&away, &content).unwrap();

    // an edit: the build makes that page's record, the refresh segments only it (the others
    // keep the text segmented by the last refresh, in the records, not on disk)
    let report_md = content.join("reports/2024/2024-01-04-gongzuo-baogao.md");
    let text = std::fs::read_to_string(&report_md).unwrap();
    std::fs::write(&report_md, text.replace("满意率达到", "办结率达到")).unwrap();
    build_into(&config(), Target::InPlace(&live), Some(&mut cache), None).unwrap();
    std::fs::remove_dir_all(&search_cache).unwrap();
    let report = refresh_search(&config(), &cache, &live).unwrap().unwrap();
    assert_eq!((report.pages, report.segmented), (3, 1));
    let edited =
        fragments(&live.join("pagefind")).into_iter().find(|f| f["url"] == "/reports/2024/gongzuo-baogao/").unwrap();
    let words = edited["content"].as_str().unwrap();
    assert!(words.contains("办 结 率") && !words.contains("满意"), "{words}");

    // and the bundle is the one a clean build writes
    let clean = site.dir.path().join("clean");
    gazette::pipeline::build(&config(), &clean, None).unwrap();
    assert_eq!(
        crate::support::snapshot_dir(&live.join("pagefind")),
        crate::support::snapshot_dir(&clean.join("pagefind"))
    );
}

/// The filters are the rendered site's indexes, named as its pages name them: a site without a
/// `types` index has no type filter (nor a type in the results), and a standalone page, in no
/// index, has no filters at all.
#[test]
fn filters_follow_the_sites_indexes() {
    let site = Site::fixture("search/basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}taxonomies: [topics]\n"));
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let all = fragments(&site.out().join("pagefind"));
    let filters = |url: &str| -> serde_json::Value {
        all.iter().find(|f| f["url"] == url).unwrap_or_else(|| panic!("no {url}"))["filters"].clone()
    };
    assert_eq!(
        filters("/reports/2024/gongzuo-baogao/"),
        serde_json::json!({"年份": ["2024"], "专题": ["代表工作", "预算监督"]})
    );
    assert_eq!(filters("/about/"), serde_json::json!({}));
    let report = all.iter().find(|f| f["url"] == "/reports/2024/gongzuo-baogao/").unwrap();
    assert!(report["meta"].get("type").is_none(), "{report:#}");
    assert_eq!(report["meta"]["topics"], "代表工作、预算监督");
}

/// A record kept by `serve` is reused only under the site values it was made with: the theme's
/// name for an index (`taxonomy_topics`) changed, every record is made again with the new filter
/// name, though no page changed.
#[test]
fn kept_records_follow_a_renamed_filter() {
    use gazette::config::{Config, Overrides};
    use gazette::pipeline::{BuildCache, Target, build_into, refresh_search};

    let site = Site::fixture("search/basic");
    let root = site.root();
    crate::support::copy_dir(&crate::support::repo().join("themes/default"), &root.join("themes/default"));
    let live = site.dir.path().join("live");
    let config = || Config::load(&root, &Overrides::default()).unwrap();
    let mut cache = BuildCache::default();
    let topic_filters = |cache: &BuildCache| -> Vec<String> {
        refresh_search(&config(), cache, &live).unwrap().unwrap();
        let report = fragments(&live.join("pagefind"))
            .into_iter()
            .find(|f| f["url"] == "/reports/2024/gongzuo-baogao/")
            .unwrap();
        report["filters"].as_object().unwrap().keys().cloned().collect()
    };
    build_into(&config(), Target::InPlace(&live), Some(&mut cache), None).unwrap();
    assert_eq!(topic_filters(&cache), ["专题", "年份", "类型"]);

    let strings = root.join("themes/default/i18n/zh-CN.yaml");
    let text = std::fs::read_to_string(&strings).unwrap();
    std::fs::write(&strings, text.replace("taxonomy_topics: 专题", "taxonomy_topics: 主题")).unwrap();
    build_into(&config(), Target::InPlace(&live), Some(&mut cache), None).unwrap();
    assert_eq!(topic_filters(&cache), ["主题", "年份", "类型"]);
}

/// Issue 18 §3: a report's 文号 and 索引号 are in its search record as on its page and in the
/// feeds (the record kept by `serve` follows a 索引号 that changes without the page changing).
#[test]
fn records_carry_the_document_number_and_index_number() {
    let site = Site::fixture("public_info/basic");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let all = fragments(&site.out().join("pagefind"));
    let of = |url: &str| all.iter().find(|f| f["url"] == url).unwrap_or_else(|| panic!("{url}: {all:?}")).clone();
    let report = of("/reports/2024/gongzuo/");
    assert_eq!(report["meta"]["index_no"], "PREFIX-1/2024-00101", "{report}");
    assert_eq!(report["meta"]["doc_number"], "江人常〔2024〕1号", "{report}");
    assert!(of("/reports/2024/shoubian/")["meta"]["index_no"] == "PREFIX-1/2024-00100");
}
