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

/// The editor's guide in `docs/` is a second example site: it builds on its own (site.yaml and
/// content/, no theme folder) with no warnings, passes `check --strict`, lists its chapters in
/// `weight` order, and documents only commands the binary has.
#[test]
fn editors_guide_builds_without_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("docs");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::copy(repo().join("docs/site.yaml"), site.join("site.yaml")).unwrap();
    crate::support::copy_dir(&repo().join("docs/content"), &site.join("content"));
    let out = tmp.path().join("public");
    let root = site.to_str().unwrap();

    let run = gazette(&["build", "--root", root, "--output", out.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "warnings: {}", run.stderr);
    let check = gazette(&["check", "--root", root, "--strict"], None);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);

    let chapters = [
        "kaishi-zhiqian",
        "anzhuang",
        "xinjian-zhandian",
        "xie-baogao",
        "daoru",
        "yulan",
        "jiancha",
        "changjian-cuowu",
        "fabu",
        "anquan",
    ];
    let list = scraper::Html::parse_document(&std::fs::read_to_string(out.join("guide/index.html")).unwrap());
    let mut listed: Vec<String> = Vec::new();
    for href in attrs(&list, "main li a", "href") {
        let name = href.trim_start_matches("/gazette/guide/").trim_end_matches('/').to_string();
        if href.starts_with("/gazette/guide/") && chapters.contains(&name.as_str()) && !listed.contains(&name) {
            listed.push(name);
        }
    }
    assert_eq!(listed, chapters, "chapters of /guide/ out of weight order");

    // every `gazette WORD` the guide mentions is a command of the binary
    let mut words = BTreeSet::new();
    for entry in walkdir::WalkDir::new(site.join("content")).into_iter().map(|e| e.unwrap()) {
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for (i, _) in text.match_indices("gazette ") {
            let word: String = text[i + 8..].chars().take_while(|c| c.is_ascii_lowercase()).collect();
            if !word.is_empty() {
                words.insert(word);
            }
        }
    }
    assert!(words.contains("import") && words.contains("serve"), "{words:?}");
    for word in words {
        let help = gazette(&[&word, "--help"], None);
        assert_eq!(help.code, 0, "the guide documents `gazette {word}`, which does not exist: {}", help.stderr);
    }
}
