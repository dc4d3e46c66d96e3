//! Follow-up chains (`responds_to:`, `related:`): the 办理进程 box on every page of a chain.

use crate::support::{Site, attrs, texts};

/// The chain box of a built page: (the titles it lists, the one marked current).
fn chain_box(site: &Site, rel: &str) -> (Vec<String>, Vec<String>) {
    let html = site.html(rel);
    (texts(&html, ".doc-chain li .chain-title"), texts(&html, ".doc-chain [aria-current='page']"))
}

#[test]
fn every_page_of_a_chain_lists_the_whole_chain_in_date_order_with_itself_marked() {
    let site = Site::fixture("chains/basic");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // the survey (2025-01-10) is a branch from the review opinion, beside the handling report
    let chain =
        ["执法检查报告", "审议意见", "跟踪调研报告", "研究处理情况的报告", "满意度测评 <script>alert(1)</script>"];
    for (rel, current) in [
        ("reports/2024/jiancha/index.html", 0),
        ("reports/2024/shenyi/index.html", 1),
        ("reports/2025/diaoyan/index.html", 2),
        ("reports/2025/chuli/index.html", 3),
        ("reports/2025/ceping/index.html", 4),
    ] {
        let (listed, marked) = chain_box(&site, rel);
        assert_eq!(listed, chain, "{rel}");
        assert_eq!(marked, [chain[current]], "{rel}");
    }
    // type, date and number of each document, and links to the others
    let html = site.html("reports/2025/chuli/index.html");
    assert_eq!(
        texts(&html, ".doc-chain .chain-type"),
        ["执法检查报告", "审议意见", "调研报告", "研究处理情况报告", "满意度测评"]
    );
    assert_eq!(
        attrs(&html, ".doc-chain time", "datetime"),
        ["2024-09-26", "2024-10-18", "2025-01-10", "2025-02-26", "2025-02-27"]
    );
    assert_eq!(texts(&html, ".doc-chain .chain-number"), ["江人常〔2024〕12号", "江政文〔2025〕6号"]);
    assert_eq!(
        attrs(&html, ".doc-chain a", "href"),
        [
            "/renda/reports/2024/jiancha/",
            "/renda/reports/2024/shenyi/",
            "/renda/reports/2025/diaoyan/",
            "/renda/reports/2025/chuli/",
            "/renda/reports/2025/ceping/"
        ]
    );
    // what this page answers and what answers it
    let rel_of = |title: &str| {
        let sel = scraper::Selector::parse(".doc-chain li").unwrap();
        html.select(&sel)
            .find(|li| li.text().collect::<String>().contains(title))
            .map(|li| texts(&scraper::Html::parse_fragment(&li.html()), ".chain-rel"))
            .unwrap()
    };
    assert_eq!(rel_of("审议意见"), ["（本文所答复）"]);
    assert_eq!(rel_of("满意度测评"), ["（答复本文）"]);
    assert!(rel_of("执法检查报告").is_empty());
    // a hostile title is text, never markup
    assert!(texts(&html, "script").iter().all(|s| !s.contains("alert(1)")));
    // related: a loose link, no chain of its own
    let html = site.html("reports/2025/ceping/index.html");
    assert_eq!(attrs(&html, ".doc-related a", "href"), ["/renda/reports/2024/jiancha/"]);
    // a page outside every chain has no box
    let html = site.html("reports/2025/other/index.html");
    assert!(texts(&html, ".doc-chain").is_empty());
}

#[test]
fn english_sites_label_the_box_in_english() {
    let site = Site::fixture("chains/basic");
    site.write("site.yaml", "title: Test\nbase_url: https://example.org/renda/\nlanguage: en\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.html("reports/2025/chuli/index.html");
    assert_eq!(texts(&html, ".doc-chain h2"), ["Follow-up"]);
    assert_eq!(texts(&html, ".doc-chain .chain-here"), ["(this document)"]);
}

#[test]
fn a_chain_of_many_documents_lists_a_bounded_window_on_each_page() {
    let site = Site::fixture("chains/basic");
    for i in 0..120 {
        let back = if i == 0 {
            "reports/2025/2025-02-27-ceping.md".to_string()
        } else {
            format!("reports/long/2026-01-01-n{}.md", i - 1)
        };
        site.write(
            &format!("content/reports/long/2026-01-01-n{i}.md"),
            &format!("---\ntitle: 第{i}份\nresponds_to: {back}\n---\n文\n"),
        );
    }
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (listed, marked) = chain_box(&site, "reports/long/n60/index.html");
    assert_eq!(listed.len(), gazette::pipeline::chains::CHAIN_SHOWN);
    assert_eq!(marked, ["第60份"]);
    let html = site.html("reports/long/n60/index.html");
    assert_eq!(texts(&html, ".doc-chain .chain-more").len(), 2);
}

#[test]
fn a_reference_to_a_draft_says_so_and_builds_with_drafts() {
    let site = Site::fixture("chains/basic");
    site.write(
        "content/reports/2025/2025-04-01-genzong.md",
        "---\ntitle: 跟踪监督报告\ndraft: true\nresponds_to: reports/2025/2025-02-26-chuli.md\n---\n文\n",
    );
    site.write(
        "content/reports/2025/2025-05-01-houxu.md",
        "---\ntitle: 后续\nresponds_to: reports/2025/2025-04-01-genzong.md\n---\n文\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E024]") && run.stderr.contains("is a draft"), "{}", run.stderr);
    let run = site.build(&["--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (listed, _) = chain_box(&site, "reports/2025/houxu/index.html");
    assert_eq!(listed.last().map(String::as_str), Some("后续"));
    assert!(listed.contains(&"跟踪监督报告".to_string()));
}
