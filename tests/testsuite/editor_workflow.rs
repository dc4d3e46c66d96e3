//! From an empty folder to a site an office would publish: the site's identity in one place,
//! drafts that are marked and kept out of what search engines and readers subscribe to, checks
//! that pass on a fresh site and on the example, and output that tells the truth.

use crate::support::{Site, attrs, gazette, repo, texts};

/// `gazette init` with the clock pinned, in a temporary folder.
fn init(today: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["init", root.to_str().unwrap()])
        .env("GAZETTE_TODAY", today)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (tmp, root)
}

fn html(path: &std::path::Path) -> scraper::Html {
    scraper::Html::parse_document(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

#[test]
fn check_strict_passes_on_a_fresh_site() {
    let (_tmp, root) = init("2024-03-01");
    let run = gazette(&["check", "--strict", "--root", root.to_str().unwrap(), "--today", "2024-03-01"], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "检查通过：没有发现错误或警告");
    // and a week later too
    let run = gazette(&["check", "--strict", "--root", root.to_str().unwrap(), "--today", "2024-03-08"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn check_strict_passes_on_the_example_site() {
    let run = gazette(&["check", "--strict"], Some(&repo()));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn a_new_section_gets_its_chinese_title_from_the_theme() {
    let (_tmp, root) = init("2024-03-01");
    let new = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["new", "news", "常委会开展视察", "--root", root.to_str().unwrap()])
        .env("GAZETTE_TODAY", "2024-03-02")
        .output()
        .unwrap();
    assert!(new.status.success());
    let out = root.join("public");
    let run = gazette(&["build", "--root", root.to_str().unwrap(), "--no-search"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let home = html(&out.join("index.html"));
    let nav = texts(&home, ".site-nav a");
    assert!(nav.contains(&"新闻动态".to_string()) && nav.contains(&"报告".to_string()), "{nav:?}");
    assert!(!nav.contains(&"news".to_string()), "{nav:?}");
    assert!(texts(&home, ".footer-links a").contains(&"新闻动态".to_string()));
    assert_eq!(texts(&html(&out.join("news/index.html")), "h1"), ["新闻动态"]);
}

#[test]
fn a_section_of_an_unknown_name_warns() {
    let site = Site::fixture("errors/W009-untitled-section");
    let run = site.build(&["--no-search"]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("warning[W009]: section `huiyi` has no title"), "{}", run.stderr);
    assert!(texts(&site.html("index.html"), ".site-nav a").contains(&"huiyi".to_string()));
}

#[test]
fn the_site_name_comes_from_site_yaml_alone() {
    let site = Site::fixture("errors/W008-home-title-ignored");
    let run = site.build(&["--no-search"]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("warning[W008]"), "{}", run.stderr);
    let home = site.html("index.html");
    assert_eq!(texts(&home, ".home-head h1"), ["测试站点"]);
    assert_eq!(texts(&home, ".site-title"), ["测试站点"]);
    assert_eq!(texts(&home, "title"), ["测试站点"]);
    assert_eq!(texts(&home, ".home-intro p"), ["首页文字。"]);
}

#[test]
fn fresh_site_yaml_and_footer_credit() {
    let (_tmp, root) = init("2024-03-01");
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    for key in ["sponsor", "site_id_code", "icp", "psb", "contact", "generator_credit", "timezone"] {
        assert!(yaml.contains(&format!("{key}:")), "{key}");
    }
    assert!(!yaml.contains("footer_note"));
    let run = gazette(&["build", "--root", root.to_str().unwrap(), "--no-search"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = root.join("public/reports/2024/changweihui-gongzuo-baogao/index.html");
    // no credit unless asked for
    assert!(texts(&html(&page), ".generator").is_empty());
    let with_credit = yaml.replace("  # generator_credit: true", "  generator_credit: true");
    std::fs::write(root.join("site.yaml"), with_credit).unwrap();
    assert_eq!(gazette(&["build", "--root", root.to_str().unwrap(), "--no-search"], None).code, 0);
    assert_eq!(texts(&html(&page), ".generator"), ["本站由 Gazette 生成"]);
    // dates in the site's time zone, and a correct Atom generator element
    assert_eq!(
        attrs(&html(&page), "meta[property='article:published_time']", "content"),
        ["2024-03-01T00:00:00+08:00"]
    );
    let feed = std::fs::read_to_string(root.join("public/atom.xml")).unwrap();
    assert!(feed.contains(&format!("<generator version=\"{}\">Gazette</generator>", env!("CARGO_PKG_VERSION"))));
    assert!(!feed.contains("github.com"));
    assert!(feed.contains("<published>2024-03-01T00:00:00+08:00</published>"), "{feed}");
}

#[test]
fn drafts_are_marked_kept_out_of_feeds_and_sitemap_and_recorded() {
    let site = Site::fixture("build/basic");
    site.write(
        "content/reports/2024/2024-12-30-caogao.md",
        "---\ntitle: 尚未定稿的报告\ndate: 2024-12-30\ntopics: [代表工作]\ndraft: true\n---\n\n草稿正文。\n",
    );
    // without --drafts: not built at all
    let run = site.build(&["--no-search"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.out().join("reports/2024/caogao/index.html").exists());
    assert_eq!(gazette::pipeline::output::drafts_in(&site.out()), Some(0));

    let run = site.build(&["--no-search", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // the fixture has a draft of its own
    assert!(run.stdout.contains("2 篇草稿"), "{}", run.stdout);
    let page = site.html("reports/2024/caogao/index.html");
    assert_eq!(texts(&page, ".doc-head .draft-badge"), ["草稿"]);
    assert_eq!(attrs(&page, "meta[name=robots]", "content"), ["noindex, nofollow"]);
    // in lists it is marked too
    let list = site.html("reports/index.html");
    assert_eq!(texts(&list, ".entry-title .draft-badge"), ["草稿"]);
    // never in a feed or the sitemap
    for feed in ["atom.xml", "sitemap.xml"] {
        let text = site.read(feed);
        assert!(!text.contains("caogao") && !text.contains("尚未定稿"), "{feed} lists the draft");
    }
    for entry in walkdir::WalkDir::new(site.out().join("topics")) {
        let entry = entry.unwrap();
        if entry.file_name() == "atom.xml" {
            assert!(!std::fs::read_to_string(entry.path()).unwrap().contains("caogao"), "{}", entry.path().display());
        }
    }
    // the output says it holds drafts, where a publishing tool reads it
    assert_eq!(gazette::pipeline::output::drafts_in(&site.out()), Some(2));
    let marker = site.read(".gazette-output");
    let (header, files) = marker.split_once("files written by Gazette:\n").unwrap();
    assert!(header.contains("drafts: 2 "), "{marker}");
    assert!(files.lines().any(|l| l == "reports/2024/caogao/index.html"), "{marker}");
}

#[test]
fn every_page_links_an_icon_and_the_cover_shows_once() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let run = gazette(&["build", "--no-search", "--output", out.to_str().unwrap()], Some(&repo()));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut redirects = 0;
    for entry in walkdir::WalkDir::new(&out).into_iter().map(|e| e.unwrap()) {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        redirects += usize::from(text.contains("http-equiv=\"refresh\""));
        let icons = attrs(&scraper::Html::parse_document(&text), "link[rel=icon]", "href");
        assert_eq!(icons, ["/renda/favicon.svg"], "{}", entry.path().display());
    }
    assert!(redirects > 0, "the example has an alias");
    // the law-inspection report's cover is the photo of its text: shown there, once
    let page = html(&out.join("reports/2023/law-inspection/index.html"));
    assert!(texts(&page, ".doc-cover").is_empty());
    assert_eq!(
        attrs(&page, "main img", "src").iter().filter(|s| s.rsplit('/').next().unwrap().starts_with("photo.")).count(),
        1
    );
    // a news cover that is not in the text is still shown
    let news = html(&out.join("news/2023/daibiao-jiedai-xuanmin/index.html"));
    assert_eq!(attrs(&news, ".doc-cover img", "src").len(), 1);
}

#[test]
fn build_messages_are_for_editors() {
    let site = Site::fixture("build/basic");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for jargon in ["(s)", "shard", "segmented", "1 pages"] {
        assert!(!run.stdout.contains(jargon), "{jargon}: {}", run.stdout);
    }
    assert!(run.stdout.starts_with("已生成 "), "{}", run.stdout);
    assert!(run.stdout.contains("搜索索引：收录 "), "{}", run.stdout);
    // an English site is told in English
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    std::fs::write(site.root().join("site.yaml"), yaml.replace("language: zh-CN", "language: en")).unwrap();
    let run = site.build(&["--no-search"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("built "), "{}", run.stdout);
}
