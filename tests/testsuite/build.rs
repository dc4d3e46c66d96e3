//! Building a small site: URLs, the report page, indexes, feeds, sitemap, base path, drafts.

use crate::support::{Site, attrs, snapshot_dir, texts};

fn built() -> Site {
    let site = Site::fixture("build/basic");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    site
}

#[test]
fn pages_get_clean_urls_without_date_prefix() {
    let site = built();
    for rel in [
        "index.html",
        "about/index.html",
        "reports/index.html",
        "reports/2024/gongzuo-baogao/index.html",
        "reports/2023/shenyi-yijian/index.html",
        "news/2024/visit/index.html",
        "news/2024/visit/cover.jpg",
        "news/2024/visit/notes.pdf",
        "humans.txt",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "css/syntax.css",
        "old/2023/yijian.html",
    ] {
        assert!(site.out().join(rel).is_file(), "missing {rel}");
    }
    assert!(!site.out().join("reports/2022/draft").exists(), "drafts are left out");
}

#[test]
fn report_page_has_heading_block_toc_and_bold_lead_sentence() {
    let site = built();
    let html = site.html("reports/2024/gongzuo-baogao/index.html");
    assert_eq!(texts(&html, "h1"), ["县人大常委会工作报告"]);
    let body = html.root_element().text().collect::<String>();
    for expected in ["第七届人民代表大会第三次会议", "县人大常委会主任", "汪新华", "江人常〔2024〕1号", "2024年1月4日"]
    {
        assert!(body.contains(expected), "heading block lacks {expected}");
    }
    // CJK-friendly emphasis: the lead sentence is bold, no stray asterisks
    assert!(texts(&html, "strong").contains(&"扎实开展主题教育。".to_string()), "{:?}", texts(&html, "strong"));
    assert!(!body.contains("**"));
    // heading ids are pinyin, and the TOC links to them
    assert_eq!(attrs(&html, ".prose h2[id]", "id"), ["yi-ji-ben-qing-kuang", "san-cun-zai-de-wen-ti"]);
    let toc_links = attrs(&html, "nav a[href^='#']", "href");
    assert!(toc_links.contains(&"#san-cun-zai-de-wen-ti".to_string()), "{toc_links:?}");
    // topics and type link to their index pages under the base path
    let hrefs = attrs(&html, "a", "href");
    for expected in
        ["/renda/topics/sheng-tai-huan-bao/", "/renda/topics/yu-suan-shen-cha/", "/renda/types/gong-zuo-bao-gao/"]
    {
        assert!(hrefs.iter().any(|h| h == expected), "no link to {expected}");
    }
}

#[test]
fn previous_and_next_follow_dates() {
    let site = built();
    let html = site.html("reports/2023/shenyi-yijian/index.html");
    let hrefs = attrs(&html, "a", "href");
    assert!(hrefs.contains(&"/renda/reports/2024/gongzuo-baogao/".to_string()));
    assert!(hrefs.contains(&"/renda/reports/2022/diaoyan/".to_string()));
}

#[test]
fn bundle_attachments_show_size() {
    let site = built();
    let html = site.html("news/2024/visit/index.html");
    let body = html.root_element().text().collect::<String>();
    assert!(body.contains("视察纪要"), "attachment title");
    assert!(body.contains("13 B"), "attachment size");
    assert!(attrs(&html, "a", "href").contains(&"/renda/news/2024/visit/notes.pdf".to_string()));
}

#[test]
fn indexes_by_year_topic_and_type() {
    let site = built();
    let years = site.html("years/index.html");
    let year_links = attrs(&years, "main a", "href");
    for y in ["2024", "2023", "2022"] {
        assert!(year_links.contains(&format!("/renda/years/{y}/")), "{year_links:?}");
    }
    let topic = site.html("topics/sheng-tai-huan-bao/index.html");
    let listed = attrs(&topic, "main a", "href");
    assert!(listed.contains(&"/renda/reports/2024/gongzuo-baogao/".to_string()));
    assert!(listed.contains(&"/renda/reports/2023/shenyi-yijian/".to_string()));
    assert!(!listed.contains(&"/renda/reports/2022/diaoyan/".to_string()));
    // paginate: 2 → three reports make two section pages
    assert!(site.out().join("reports/page/2/index.html").is_file());
    let page2 = site.html("reports/page/2/index.html");
    assert!(attrs(&page2, "main a", "href").contains(&"/renda/reports/2022/diaoyan/".to_string()));
    assert!(site.out().join("types/shen-yi-yi-jian/index.html").is_file());
    assert!(site.out().join("topics/sheng-tai-huan-bao/atom.xml").is_file());
}

#[test]
fn sitemap_lists_every_page_and_feed_is_atom() {
    let site = built();
    let sitemap = site.read("sitemap.xml");
    for path in ["", "about/", "reports/2024/gongzuo-baogao/", "news/2024/visit/", "years/2023/", "topics/"] {
        let loc = format!("<loc>https://example.org/renda/{path}</loc>");
        assert!(sitemap.contains(&loc), "sitemap lacks {loc}");
    }
    let feed = site.read("atom.xml");
    assert!(
        feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    );
    assert_eq!(feed.matches("<entry>").count(), 4);
    assert!(feed.contains(
        "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/renda/reports/2024/gongzuo-baogao/\"/>"
    ));
    assert!(site.read("robots.txt").contains("Sitemap: https://example.org/renda/sitemap.xml"));
}

#[test]
fn every_link_stays_under_the_base_path() {
    let site = built();
    for (rel, bytes) in snapshot_dir(&site.out()) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        for (sel, attr) in [("a[href]", "href"), ("link[href]", "href"), ("img[src]", "src"), ("script[src]", "src")] {
            for url in attrs(&html, sel, attr) {
                let ok = url.starts_with("/renda/")
                    || url.starts_with("https://example.org/renda/")
                    || url.starts_with('#')
                    || (!url.starts_with('/') && !url.contains("://"));
                assert!(ok, "{rel}: {attr}={url} escapes /renda/");
            }
        }
    }
}

#[test]
fn alias_redirects_to_the_page() {
    let site = built();
    let html = site.html("old/2023/yijian.html");
    let refresh = attrs(&html, "meta[http-equiv='refresh']", "content");
    assert_eq!(refresh.len(), 1);
    assert!(refresh[0].ends_with("https://example.org/renda/reports/2023/shenyi-yijian/"), "{refresh:?}");
}

#[test]
fn drafts_are_built_when_asked() {
    let site = Site::fixture("build/basic");
    assert_eq!(site.build(&["--drafts"]).code, 0);
    assert!(site.out().join("reports/2022/draft/index.html").is_file());
}

#[test]
fn output_is_deterministic() {
    let a = built();
    let b = built();
    assert_eq!(snapshot_dir(&a.out()), snapshot_dir(&b.out()));
}

#[test]
fn unicode_slugs_keep_chinese() {
    let site = Site::fixture("build/basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap() + "slugify: unicode\n";
    site.write("site.yaml", &yaml);
    site.write("content/about.md", "---\ntitle: 关于\n---\n见[问题](/reports/2024/gongzuo-baogao/#三-存在的问题)。\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.out().join("topics/生态环保/index.html").is_file());
    let html = site.html("reports/2024/gongzuo-baogao/index.html");
    assert_eq!(attrs(&html, ".prose h2[id]", "id"), ["一-基本情况", "三-存在的问题"]);
}

#[test]
fn english_site_formats_dates_in_english() {
    let site = Site::fixture("build/basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap().replace("zh-CN", "en");
    site.write("site.yaml", &yaml);
    assert_eq!(site.build(&[]).code, 0);
    let html = site.html("reports/2024/gongzuo-baogao/index.html");
    assert_eq!(attrs(&html, "html", "lang"), ["en"]);
    assert!(texts(&html, "time").contains(&"January 4, 2024".to_string()), "{:?}", texts(&html, "time"));
}

#[test]
fn raw_html_and_html_titles_are_escaped() {
    let site = Site::fixture("build/basic");
    site.write(
        "content/reports/2024/2024-02-01-xss.md",
        "---\ntitle: \"<script>alert(1)</script>\"\nmeeting: \"<img src=x onerror=alert(1)>\"\n---\n<script>alert(2)</script>\n",
    );
    assert_eq!(site.build(&[]).code, 0);
    let page = site.read("reports/2024/xss/index.html");
    let html = scraper::Html::parse_document(&page);
    assert!(attrs(&html, "script", "src").iter().all(|s| !s.is_empty()));
    assert!(texts(&html, "script").iter().all(|s| !s.contains("alert")), "a script element carries content text");
    assert!(scraper::Selector::parse("img[onerror]").map(|s| html.select(&s).count()).unwrap() == 0);
    assert!(texts(&html, "h1").contains(&"<script>alert(1)</script>".to_string()));
}

#[test]
fn links_editors_write() {
    // `#一、基本评价` and `#基本评价` on the same page go to the heading; an e-mail autolink is a
    // mailto: link; on another page the error names the id to write
    let site = Site::fixture("hardening/base");
    site.write(
        "content/reports/2024/2024-01-05-opinion.md",
        "---\ntitle: 审议意见\n---\n## 一、基本评价\n\n正文。\n\n\
         见[第一部分](#一、基本评价)和[评价](#基本评价)。来信请寄<renda@example.gov.cn>。\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.html("reports/2024/opinion/index.html");
    let hrefs = crate::support::attrs(&html, "main a[href^='#'], main a[href^='mailto:']", "href");
    assert!(hrefs.iter().filter(|h| *h == "#yi-ji-ben-ping-jia").count() >= 2, "{hrefs:?}");
    assert!(hrefs.contains(&"mailto:renda@example.gov.cn".to_string()), "{hrefs:?}");
    site.write(
        "content/reports/2024/2024-01-06-reply.md",
        "---\ntitle: 研究处理情况的报告\n---\n见[意见](/reports/2024/opinion/#基本评价)。\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error[E041]: broken anchor: #基本评价 is not on /reports/2024/opinion/")
            && run.stderr.contains(
                "help: the heading `基本评价` has the id `#yi-ji-ben-ping-jia`: link to /reports/2024/opinion/#yi-ji-ben-ping-jia"
            ),
        "{}",
        run.stderr
    );
}

/// A page links each of its terms where the term's page is written, including a term with no
/// letter to slug (`※` is the folder `_`): the page's link and the term page's path come from
/// one function (`taxonomy::term_url`).
#[test]
fn every_term_link_leads_to_its_term_page() {
    let site = Site::fixture("build/basic");
    site.write(
        "content/reports/2024/2024-02-01-terms.md",
        "---\ntitle: 术语\ndate: 2024-02-01\ntype: 调研报告\ntopics: [生态环保, \"※\", Sheng Tai Huan Bao2]\n---\n\n正文。\n",
    );
    let run = site.build(&["--no-search"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.html("reports/2024/terms/index.html");
    let hrefs = attrs(&html, ".doc-terms a", "href");
    assert_eq!(hrefs.len(), 4, "{hrefs:?}");
    assert!(hrefs.contains(&"/renda/topics/_/".to_string()), "{hrefs:?}");
    for href in hrefs {
        let rel = href.strip_prefix("/renda/").unwrap_or_else(|| panic!("{href} not under the base path"));
        assert!(site.out().join(rel).join("index.html").is_file(), "{href} leads to no term page");
    }
}

/// A cover beside a page that is no bundle (`reports/2024/photo.jpg` for
/// `reports/2024/2024-02-01-cover.md`) passes the build's file check and is published at
/// `/reports/2024/photo.jpg`; the page once linked it under its own URL
/// (`/reports/2024/cover/photo.jpg`), a broken image. A bundle's files stay beside its page.
#[test]
fn a_cover_beside_a_page_links_where_it_is_published() {
    let site = Site::fixture("build/basic");
    site.write(
        "content/reports/2024/2024-02-01-cover.md",
        "---\ntitle: 封面\ndate: 2024-02-01\ncover: photo.jpg\n---\n\n正文。\n",
    );
    std::fs::copy(
        site.root().join("content/news/2024/2024-03-01-visit/cover.jpg"),
        site.root().join("content/reports/2024/photo.jpg"),
    )
    .unwrap();
    let run = site.build(&["--no-search"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.out().join("reports/2024/photo.jpg").is_file());
    let html = site.html("reports/2024/cover/index.html");
    assert_eq!(attrs(&html, ".doc-cover img", "src"), ["/renda/reports/2024/photo.jpg"]);
    assert_eq!(
        attrs(&html, "meta[property='og:image']", "content"),
        ["https://example.org/renda/reports/2024/photo.jpg"]
    );
    let bundle = site.html("news/2024/visit/index.html");
    assert_eq!(
        attrs(&bundle, "meta[property='og:image']", "content"),
        ["https://example.org/renda/news/2024/visit/cover.jpg"]
    );
    assert!(site.out().join("news/2024/visit/cover.jpg").is_file());
}
