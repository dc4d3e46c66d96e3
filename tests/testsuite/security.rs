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

#[test]
fn heading_attributes_cannot_run_script() {
    let site = Site::fixture("hardening/base");
    let page = "content/reports/2024/2024-01-05-attr.md";
    site.write(
        page,
        "---\ntitle: 属性\n---\n## 标题 {tabindex=0 autofocus=1 onfocus=alert(document.domain)}\n\n\
         ## 第二 {#di-er .lead style=position:fixed;inset:0}\n\n正文\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[E071]: heading attribute not allowed: `tabindex`, `autofocus`, `onfocus`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&format!("{page}:4:7")), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{page}:6:7")) && run.stderr.contains("`style`"), "{}", run.stderr);
    assert!(!site.out().exists());
    // `gazette check` says the same
    let root = site.root();
    let check = crate::support::gazette(&["check", "--root", root.to_str().unwrap()], None);
    assert_eq!(check.code, 1);
    assert!(check.stderr.contains("error[E071]"), "{}", check.stderr);
    // id and class stay allowed, and with `unsafe_html` the editor is trusted with the rest
    site.write(page, "---\ntitle: 属性\n---\n## 标题 {#biao-ti .lead}\n\n正文\n");
    assert_eq!(site.build(&[]).code, 0);
    let html = site.html("reports/2024/attr/index.html");
    assert_eq!(crate::support::attrs(&html, "h2.lead", "id"), ["biao-ti"]);
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}markdown:\n  unsafe_html: true\n"));
    site.write(page, "---\ntitle: 属性\n---\n## 标题 {data-x=1}\n\n正文\n");
    assert_eq!(site.build(&[]).code, 0);
    assert_eq!(crate::support::attrs(&site.html("reports/2024/attr/index.html"), "h2", "data-x"), ["1"]);
}

#[test]
fn symlinked_site_folders_are_refused() {
    // `ln -s /etc static` and the like: the folder itself is the link
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("shadow"), "root:secret").unwrap();
    std::fs::create_dir_all(outside.path().join("reports")).unwrap();
    std::fs::write(outside.path().join("reports/x.md"), "---\ntitle: 外\ndate: 2024-01-01\n---\nroot:secret\n")
        .unwrap();
    for folder in ["static", "content", "templates", "themes"] {
        let site = Site::fixture("hardening/base");
        let root = site.root();
        let path = root.join(folder);
        if path.exists() {
            std::fs::rename(&path, root.join(format!("{folder}.orig"))).unwrap();
        }
        symlink(outside.path(), &path).unwrap();
        let run = site.build(&[]);
        assert_eq!(run.code, 1, "{folder}: {}", run.stderr);
        assert!(run.stderr.contains("error[E052]"), "{folder}: {}", run.stderr);
        assert!(!site.out().exists(), "{folder}: an output was written");
        let check = crate::support::gazette(&["check", "--root", root.to_str().unwrap()], None);
        assert!(check.code == 1 && check.stderr.contains("error[E052]"), "{folder}: {}", check.stderr);
    }
    // site.yaml linked out of the site would show the other file in error messages
    let site = Site::fixture("hardening/base");
    std::fs::remove_file(site.root().join("site.yaml")).unwrap();
    symlink(outside.path().join("shadow"), site.root().join("site.yaml")).unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E052]") && !run.stderr.contains("secret"), "{}", run.stderr);
    // a folder linked to another folder inside the site is fine
    let site = Site::fixture("hardening/base");
    std::fs::create_dir_all(site.root().join("assets")).unwrap();
    std::fs::write(site.root().join("assets/logo.txt"), "logo").unwrap();
    symlink("assets", site.root().join("static")).unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(site.read("logo.txt"), "logo");
}

#[test]
fn an_unreadable_content_folder_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::fixture("hardening/base");
    let root = site.root();
    let dir = root.join("content/reports/2024");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o000)).unwrap();
    // root reads a folder of mode 000: the build then runs as `nobody` (setpriv, util-linux)
    let is_root = std::process::Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut cmd = if is_root {
        for p in [site.dir.path(), root.as_path(), &root.join("content"), &root.join("content/reports")] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o777)).unwrap();
        }
        std::fs::set_permissions(root.join("site.yaml"), std::fs::Permissions::from_mode(0o644)).unwrap();
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_gazette")]);
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
    };
    let out = cmd
        .args(["build", "--root", root.to_str().unwrap(), "--output", site.out().to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[E050]: cannot read content/reports/2024: permission denied"), "{stderr}");
    assert!(!site.out().exists());
}

#[test]
fn bundled_documents_and_svgs_with_script_are_refused() {
    let bundle = "content/reports/2024/2024-01-05-files";
    let page = "---\ntitle: 附件\n---\n正文\n";
    let cases = [
        ("page.html", "<p>导出的网页</p>", "a .html file opens as a page of the site"),
        ("data.xml", "<x/>", "a .xml file opens as a page"),
        ("logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "<script>"),
        ("map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", "event handler `onload`"),
    ];
    for (file, text, why) in cases {
        let site = Site::fixture("hardening/base");
        site.write(&format!("{bundle}/index.md"), page);
        site.write(&format!("{bundle}/{file}"), text);
        let run = site.build(&[]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("error[E071]: refusing to publish {bundle}/{file}"))
                && run.stderr.contains(why),
            "{file}: {}",
            run.stderr
        );
        assert!(!site.out().exists());
    }
    // a plain SVG is an image like any other
    let site = Site::fixture("hardening/base");
    site.write(&format!("{bundle}/index.md"), "---\ntitle: 附件\n---\n![会徽](logo.svg)\n");
    site.write(
        &format!("{bundle}/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>",
    );
    assert_eq!(site.build(&[]).code, 0);
    assert!(site.out().join("reports/2024/files/logo.svg").is_file());
    // with `unsafe_html` the editors are trusted with script
    let site = Site::fixture("hardening/base");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}markdown:\n  unsafe_html: true\n"));
    site.write(&format!("{bundle}/index.md"), page);
    site.write(&format!("{bundle}/page.html"), "<p>导出的网页</p>");
    assert_eq!(site.build(&[]).code, 0);
    assert!(site.out().join("reports/2024/files/page.html").is_file());
}

#[test]
fn an_alias_cannot_replace_a_theme_file_the_marker_or_the_search_index() {
    for alias in ["/js/gazette.js", "/.gazette-output", "/pagefind/pagefind.js", "/a/.hidden/"] {
        let site = Site::fixture("hardening/base");
        site.write("content/news/2024-01-05-b.md", &format!("---\ntitle: b\naliases: [\"{alias}\"]\n---\n"));
        let run = site.build(&[]);
        assert_eq!(run.code, 1, "{alias}: {}", run.stderr);
        assert!(run.stderr.contains("content/news/2024-01-05-b.md"), "{alias}: {}", run.stderr);
        assert!(!site.out().exists());
    }
    // a section of that name would be mixed into the search index
    let site = Site::fixture("hardening/base");
    site.write("content/pagefind/2024-01-05-c.md", "---\ntitle: c\n---\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("inside /pagefind/, which belongs to the search index"), "{}", run.stderr);
}

#[test]
fn script_urls_in_site_extra_are_refused() {
    // the default theme links `extra.sponsor_url`, `icp_url` and `psb_url` in every page's footer
    for url in ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>"] {
        let site = Site::fixture("hardening/base");
        let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
        site.write("site.yaml", &format!("{yaml}extra:\n  sponsor: 办公室\n  icp_url: {url:?}\n"));
        let run = site.build(&[]);
        assert_eq!(run.code, 1, "{url}: {}", run.stderr);
        assert!(
            run.stderr.contains("error[E070]: `extra.icp_url` is an address that would run script")
                && run.stderr.contains("site.yaml:5:"),
            "{url}: {}",
            run.stderr
        );
    }
    // a line break in base_url would add lines to robots.txt
    let site = Site::fixture("hardening/base");
    site.write("site.yaml", "title: 测试站点\nbase_url: \"https://example.org/a\\nDisallow: /\"\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E004]") && run.stderr.contains("line breaks"), "{}", run.stderr);
}

#[test]
fn an_overlong_term_is_an_error_naming_it() {
    // 60 Chinese characters are some 300 bytes of pinyin: more than a file name may hold
    let term = "关于进一步加强和改进新时代人大代表工作密切人大代表同人民群众联系的实施意见".repeat(2);
    let site = Site::fixture("hardening/base");
    site.write("content/reports/2024/2024-01-05-long.md", &format!("---\ntitle: 长\ntopics: [{term}]\n---\n"));
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E022]: a URL segment of") && run.stderr.contains(&term), "{}", run.stderr);
    assert!(!run.stderr.contains("E050"), "{}", run.stderr);
}
