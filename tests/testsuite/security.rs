//! Security review, pinned (README.md, "Security"): what a malicious or careless content file
//! can do. Path traversal through `slug`, `aliases`, `attachments`, `cover`, `template`, links,
//! bundle file names and symbolic links is refused or contained in the output folder; HTML and
//! script in every front matter field the theme shows come out as text. (Serving outside the
//! output is pinned in `serve::nothing_outside_the_output_is_served`; symbolic links in
//! `hardening::symbolic_links_are_skipped_with_a_warning`.)

use crate::support::{Site, snapshot_dir};

/// Closes an attribute and a tag in every quoting, then opens an element, an attribute, an
/// event handler and a script of its own.
const PAYLOAD: &str = "\"'><x-inject x-inject=1 onmouseover=alert(1)></x-inject><script>alert(1)</script>";

fn q(s: &str) -> String {
    format!("{s:?}")
}

#[test]
fn html_in_every_field_is_text() {
    let site = Site::fixture("hardening/base");
    let p = q(PAYLOAD);
    site.write("site.yaml", &format!("title: {p}\ndescription: {p}\nbase_url: https://example.org/renda/\n"));
    site.write("content/_index.md", &format!("---\ntitle: {p}\ndescription: {p}\n---\n首页{PAYLOAD}\n"));
    site.write("content/reports/_index.md", &format!("---\ntitle: {p}\ndescription: {p}\n---\n栏目{PAYLOAD}\n"));
    // a bundle whose file names carry the payload too (a file name cannot hold `/`)
    let file = "a\"'><x-inject x-inject=1 onmouseover=alert(1)>.jpg";
    let bundle = "content/reports/2024/2024-01-05-evil";
    site.write(&format!("{bundle}/{file}"), "JPEG");
    site.write(
        &format!("{bundle}/index.md"),
        &format!(
            "---\ntitle: {p}\nsummary: {p}\ntopics: [{p}, 生态环保]\ntype: {p}\nmeeting: {p}\nspeaker: {p}\n\
             speaker_title: {p}\nauthor: {p}\ndoc_number: {p}\ncover: {f}\n\
             attachments:\n  - {{file: {f}, title: {p}}}\naliases: [{alias}]\nextra: {{note: {p}}}\n---\n\
             ## 标题 {{#a\"onmouseover=alert(1)}}\n\n\
             {PAYLOAD}\n\n[链接](/reports/ {p}) ![{PAYLOAD}]({f_url})\n\n\
             ```\"><x-inject x-inject=1>\ncode\n```\n\n正文[^{PAYLOAD}]\n\n[^{PAYLOAD}]: 注\n",
            f = q(file),
            f_url = file.replace(' ', "%20").replace('"', "%22").replace('<', "%3C").replace('>', "%3E"),
            alias = q(&format!("/old/{}.html", "\"><x-inject x-inject=1 onmouseover=alert(1)>")),
        ),
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let mut pages = 0;
    for (rel, bytes) in snapshot_dir(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        if rel.ends_with(".xml") {
            assert!(!text.contains("<x-inject") && !text.contains("<script"), "{rel}: markup in XML");
            continue;
        }
        if !rel.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = scraper::Html::parse_document(&text);
        for selector in ["x-inject", "[x-inject]", "[onmouseover]", "[onerror]"] {
            let sel = scraper::Selector::parse(selector).unwrap();
            assert_eq!(html.select(&sel).count(), 0, "{rel}: `{selector}` was injected");
        }
        let scripts = scraper::Selector::parse("script").unwrap();
        for s in html.select(&scripts) {
            let code: String = s.text().collect();
            assert!(!code.contains("alert"), "{rel}: an injected script runs: {code}");
        }
    }
    assert!(pages > 8, "only {pages} pages");
    // and the values are shown, as text
    let page = site.html("reports/2024/evil/index.html");
    assert_eq!(crate::support::texts(&page, "h1"), [PAYLOAD]);
    let body: String = page.root_element().text().collect();
    assert!(body.matches(PAYLOAD).count() >= 5, "the fields are not shown");
}

#[test]
fn path_traversal_is_refused() {
    // each: a front matter line, the code that refuses it
    let cases = [
        ("slug: ../../../tmp/x", "E022"),
        ("slug: a/b", "E022"),
        ("slug: ..", "E022"),
        ("slug: \"%2e%2e\"", "E022"),
        ("aliases: [/../../../tmp/x.html]", "E022"),
        ("aliases: [/a/../../x.html]", "E022"),
        ("aliases: [../x.html]", "E022"),
        ("aliases: [\"/a\\\\..\\\\..\\\\x.html\"]", "E022"),
        ("aliases: [\"https://old.example/../../x\"]", "E022"),
        ("attachments: [{file: ../../../../etc/passwd}]", "E023"),
        ("attachments: [{file: /etc/passwd}]", "E023"),
        ("cover: ../../../../etc/passwd", "E023"),
        ("cover: /etc/passwd", "E023"),
        ("cover: \"file:///etc/passwd\"", "E070"),
        ("template: ../../../../etc/passwd", "E032"),
    ];
    for (line, code) in cases {
        let site = Site::fixture("hardening/base");
        site.write("content/reports/2024/2024-01-05-evil/index.md", &format!("---\ntitle: x\n{line}\n---\n"));
        let run = site.build(&[]);
        assert_eq!(run.code, 1, "{line}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("error[{code}]")), "{line}: {}", run.stderr);
        assert!(!site.out().exists(), "{line}: wrote an output");
        assert!(!std::path::Path::new("/tmp/x").exists() && !std::path::Path::new("/tmp/x.html").exists());
    }
}

#[test]
fn links_cannot_read_outside_the_site() {
    // a link is checked against the site's outputs and never read: `..` stops at the root
    let site = Site::fixture("hardening/base");
    site.write(
        "content/reports/2024/2024-01-05-a.md",
        "---\ntitle: x\n---\n[a](../../../../../../etc/passwd) ![b](/../../etc/hostname)\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr.matches("error[E040]").count(), 2, "{}", run.stderr);
    assert!(run.stderr.contains("no page or file at /etc/passwd"), "{}", run.stderr);
}

#[test]
fn odd_but_safe_names_stay_inside_the_output() {
    // an alias with a protocol-relative or encoded path, bundle files with dots and spaces:
    // all end up as files below the output folder, nowhere else
    let site = Site::fixture("hardening/base");
    site.write(
        "content/reports/2024/2024-01-05-b/index.md",
        "---\ntitle: x\naliases: [\"//evil.example/x\", \"/%2e%2e/%2e%2e/y.html\"]\n---\n",
    );
    site.write("content/reports/2024/2024-01-05-b/a b..pdf", "%PDF");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files: Vec<String> = snapshot_dir(&site.out()).into_iter().map(|(p, _)| p).collect();
    assert!(files.contains(&"evil.example/x/index.html".to_string()), "{files:?}");
    assert!(files.contains(&"%2e%2e/%2e%2e/y.html".to_string()), "{files:?}");
    assert!(files.contains(&"reports/2024/b/a b..pdf".to_string()), "{files:?}");
    let outside: Vec<_> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "site" && n != "out")
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
}

#[test]
fn a_theme_name_cannot_leave_themes() {
    let site = Site::fixture("hardening/base");
    site.write("site.yaml", "title: t\nbase_url: https://example.org/\ntheme: ../../../../etc\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E004]"), "{}", run.stderr);
}

#[test]
fn an_alias_cannot_replace_a_page() {
    // `/reports/2024/a` and `/index.html` are written as the files of the page `/reports/2024/a/`
    // and of the home page: they used to replace them with redirects, in a race between jobs
    for alias in ["/reports/2024/a", "/reports/2024/a/index.html", "/index.html", "/reports/index.html"] {
        let site = Site::fixture("hardening/base");
        site.write("content/news/2024-01-05-b.md", &format!("---\ntitle: b\naliases: [\"{alias}\"]\n---\n"));
        let run = site.build(&[]);
        assert_eq!(run.code, 1, "{alias}: {}", run.stderr);
        assert!(run.stderr.contains("error[E021]"), "{alias}: {}", run.stderr);
    }
}

#[test]
fn a_content_file_cannot_replace_a_page() {
    // an exported `index.html` dropped into content/ is the file of a page or section URL
    for file in ["content/reports/2024/a/index.html", "content/reports/index.html", "content/index.html"] {
        let site = Site::fixture("hardening/base");
        site.write(file, "<html>exported</html>");
        let run = site.build(&[]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(run.stderr.contains("error[E021]"), "{file}: {}", run.stderr);
    }
}
