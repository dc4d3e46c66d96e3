//! The example site in the repository root builds cleanly and indexes every report.

use std::collections::BTreeSet;

use crate::support::{attrs, gazette, repo};

#[test]
fn example_site_builds_and_indexes_every_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let run = gazette(&["build", "--output", out.to_str().unwrap()], Some(&repo()));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "warnings: {}", run.stderr);

    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let base = "https://www.example.gov.cn/renda/";
    let mut reports = 0;
    for entry in walkdir::WalkDir::new(out.join("reports")).into_iter().map(|e| e.unwrap()) {
        let rel = entry.path().strip_prefix(&out).unwrap().display().to_string();
        if !rel.ends_with("/index.html") || rel.contains("/page/") || rel == "reports/index.html" {
            continue;
        }
        let html = scraper::Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        let path = format!("/renda/{}", rel.trim_end_matches("index.html"));
        // the sitemap lists it
        assert!(sitemap.contains(&format!("<loc>{base}{}</loc>", rel.trim_end_matches("index.html"))), "{rel}");
        // its year page and each topic page link to it
        let time = attrs(&html, "article time[datetime], time[datetime]", "datetime");
        let year = &time.first().unwrap_or_else(|| panic!("{rel} has no date"))[..4];
        let year_page = std::fs::read_to_string(out.join(format!("years/{year}/index.html"))).unwrap();
        let year_html = scraper::Html::parse_document(&year_page);
        let mut listed: BTreeSet<String> = attrs(&year_html, "main a", "href").into_iter().collect();
        for n in 2..10 {
            let p = out.join(format!("years/{year}/page/{n}/index.html"));
            if let Ok(text) = std::fs::read_to_string(p) {
                listed.extend(attrs(&scraper::Html::parse_document(&text), "main a", "href"));
            }
        }
        assert!(listed.contains(&path), "{rel} missing from its year page {year}");
        let topic_links: Vec<String> =
            attrs(&html, "a[href*='/topics/']", "href").into_iter().filter(|h| h.matches('/').count() == 4).collect();
        assert!(!topic_links.is_empty(), "{rel} has no topic links");
        for topic in topic_links {
            let dir = out.join(topic.trim_start_matches("/renda/"));
            let mut found = false;
            for page in
                walkdir::WalkDir::new(&dir).into_iter().map(|e| e.unwrap()).filter(|e| e.file_name() == "index.html")
            {
                let text = std::fs::read_to_string(page.path()).unwrap();
                found |= attrs(&scraper::Html::parse_document(&text), "main a", "href").contains(&path);
            }
            assert!(found, "{rel} missing from {topic}");
        }
        reports += 1;
    }
    assert!(reports >= 16, "only {reports} reports");
}
