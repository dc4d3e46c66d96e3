//! Collections: a 专题 (`kind: collection`) and a bulletin issue (`kind: bulletin`) list
//! hand-picked pages of any section in the order given, with a timeline, a print page holding
//! every document's text, and a back-link on each listed page.

use crate::support::{Site, attrs, texts};

#[test]
fn a_collection_lists_pages_of_several_sections_in_the_order_given_with_a_timeline_by_date() {
    let site = Site::fixture("collections/basic");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.html("zhuanti/index.html");
    assert_eq!(texts(&html, ".collection-banner h1"), ["乡村振兴执法检查专题"]);
    assert_eq!(texts(&html, ".collection-kind"), ["专题专栏"]);
    assert_eq!(texts(&html, ".list-intro p"), ["专题介绍文字。"]);
    // `pages:` in order (news, then by number, then by path), then the collection's own page
    assert_eq!(
        attrs(&html, ".collection-contents li > a", "href"),
        [
            "/renda/news/2025/shicha/",
            "/renda/reports/2024/shenyi/",
            "/renda/reports/2024/jiancha/",
            "/renda/zhuanti/zongshu/",
        ]
    );
    // the timeline: the same documents by date, with type and date
    assert_eq!(
        texts(&html, ".collection-timeline .chain-title"),
        ["执法检查报告", "审议意见", "专题综述", "代表视察 <script>alert(1)</script>"]
    );
    assert_eq!(
        attrs(&html, ".collection-timeline time", "datetime"),
        ["2024-09-26", "2024-10-18", "2024-12-01", "2025-01-05"]
    );
    assert_eq!(texts(&html, ".collection-timeline .chain-type"), ["执法检查报告", "审议意见", "新闻"]);
    // a page no collection names is not listed, and has no back-link
    assert!(!texts(&html, ".collection-contents").concat().contains("未收入"));
    assert!(texts(&site.html("reports/2024/other/index.html"), ".doc-collection").is_empty());
    // the hostile title is text everywhere, never markup
    assert!(texts(&html, "script").iter().all(|s| !s.contains("alert(1)")));
    // collections are not in the main navigation, and the home page lists them
    let home = site.html("index.html");
    assert!(!texts(&home, ".site-nav a").iter().any(|t| t.contains("专题") && t.contains("乡村")));
    // (in the sections' order: by weight, then by title)
    assert_eq!(texts(&home, ".home-collections a"), ["乡村振兴执法检查专题", "常委会公报2024年第3期"]);
}

#[test]
fn listed_pages_link_back_to_their_collections() {
    let site = Site::fixture("collections/basic");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.html("reports/2024/shenyi/index.html");
    assert_eq!(texts(&html, ".doc-collection"), ["收入专题：乡村振兴执法检查专题", "刊登于：常委会公报2024年第3期"]);
    assert_eq!(attrs(&html, ".doc-collection a", "href"), ["/renda/zhuanti/", "/renda/gongbao/"]);
    // its previous and next pages stay those of its own folder, whatever the collections list
    assert_eq!(attrs(&html, "a.adjacent-prev", "href"), ["/renda/reports/2024/jiancha/"]);
    assert!(attrs(&html, "a.adjacent-next", "href").is_empty());
}

#[test]
fn a_bulletin_issue_prints_every_document_in_order() {
    let site = Site::fixture("collections/basic");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.html("gongbao/index.html");
    assert_eq!(texts(&html, ".collection-banner h1"), ["常委会公报2024年第3期"]);
    assert_eq!(texts(&html, ".collection-kind"), ["公报"]);
    assert_eq!(attrs(&html, "a.collection-print", "href"), ["/renda/gongbao/print/"]);
    assert_eq!(
        texts(&html, ".collection-contents li > a"),
        ["审议意见", "执法检查报告", "代表视察 <script>alert(1)</script>"]
    );
    let print = site.html("gongbao/print/index.html");
    assert_eq!(texts(&print, "h1.doc-title"), ["常委会公报2024年第3期"]);
    assert_eq!(
        texts(&print, ".print-document h2.doc-title"),
        ["审议意见", "执法检查报告", "代表视察 <script>alert(1)</script>"]
    );
    assert_eq!(texts(&print, ".print-document .prose p"), ["审议意见正文乙。", "检查报告正文甲。", "视察新闻正文丙。"]);
    assert_eq!(attrs(&print, ".collection-contents a", "href"), ["#doc-1", "#doc-2", "#doc-3"]);
    assert!(texts(&print, "script").iter().all(|s| !s.contains("alert(1)")));
    // English strings write the issue their way
    site.write("site.yaml", "title: Test\nbase_url: https://example.org/renda/\nlanguage: en\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.html("gongbao/index.html");
    assert_eq!(texts(&html, ".collection-banner h1"), ["常委会公报, 2024, No. 3"]);
}

#[test]
fn an_unknown_reference_is_an_error_at_its_line() {
    let site = Site::fixture("collections/basic");
    site.write(
        "content/zhuanti/_index.md",
        "---\ntitle: 专题\nkind: collection\npages:\n  - reports/2024/2024-09-26-jiancha.md\n  - reports/2024/2024-09-27-nothing.md\n  - 江人常〔2024〕13号\n---\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error[E024]: `pages` names a document the site does not have: reports/2024/2024-09-27-nothing.md"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/zhuanti/_index.md:6:5"), "{}", run.stderr);
    assert!(run.stderr.contains("content/zhuanti/_index.md:7:5"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `江人常〔2024〕12号`?"), "{}", run.stderr);
    // `pages:` without a collection's kind is an error too, not a silent drop
    site.write("content/zhuanti/_index.md", "---\ntitle: 专题\npages: [reports/2024/2024-09-26-jiancha.md]\n---\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("only a collection lists pages by hand"), "{}", run.stderr);
    // an unknown kind and an issue without its number are errors at their line
    site.write("content/zhuanti/_index.md", "---\ntitle: 专题\nkind: zhuanti\n---\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("`zhuanti` is not a kind of section"), "{}", run.stderr);
    assert!(run.stderr.contains("content/zhuanti/_index.md:3:"), "{}", run.stderr);
    site.write("content/zhuanti/_index.md", "---\ntitle: 公报\nkind: bulletin\nissue: {year: 2024}\n---\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("expected a year and a number between 1 and 9999"), "{}", run.stderr);
}

/// The print page holds every document of an issue: two documents with the same heading keep
/// their ids apart (each document's ids and its links to them get its number), so the page is
/// valid HTML and each link goes to its own document's heading.
#[test]
fn the_print_page_keeps_each_documents_heading_ids_apart() {
    let site = Site::fixture("collections/basic");
    for file in ["reports/2024/2024-09-26-jiancha.md", "reports/2024/2024-10-18-shenyi.md"] {
        let path = site.root().join("content").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        site.write(
            &format!("content/{file}"),
            &format!("{text}\n## 一、存在的问题\n\n[见问题](#yi-cun-zai-de-wen-ti) 写 id=\"x\"。\n"),
        );
    }
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let print = site.html("gongbao/print/index.html");
    let ids = attrs(&print, "[id]", "id");
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert_eq!(
        attrs(&print, ".print-document .prose h2[id]", "id"),
        ["d1-yi-cun-zai-de-wen-ti", "d2-yi-cun-zai-de-wen-ti"]
    );
    assert_eq!(
        attrs(&print, ".print-document .prose p a", "href"),
        ["#d1-yi-cun-zai-de-wen-ti", "#d2-yi-cun-zai-de-wen-ti"]
    );
    // text that looks like an attribute is text
    assert!(texts(&print, ".print-document .prose p").iter().any(|t| t.contains("写 id=\"x\"。")));
    // the document's own page keeps its ids
    assert_eq!(attrs(&site.html("reports/2024/jiancha/index.html"), ".prose h2[id]", "id"), ["yi-cun-zai-de-wen-ti"]);
}
