//! The default theme built into the binary: a site needs no `themes/` folder; `themes/<name>/`
//! of the site replaces it as a whole; `templates/` and `static/` override single files over
//! either; `gazette theme eject` writes it out, and never over anything.

use crate::support::{Site, attrs, gazette, snapshot_dir, texts};

/// A site of two files: site.yaml and one report.
fn bare_site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let site = Site { dir };
    site.write("site.yaml", "title: 测试人大\nbase_url: https://example.org/renda/\n");
    site.write("content/reports/2024-01-04-a.md", "---\ntitle: 工作报告\ndate: 2024-01-04\n---\n\n正文。\n");
    site
}

#[test]
fn a_folder_holding_only_site_yaml_and_one_report_builds_with_the_built_in_theme() {
    let site = bare_site();
    let run = site.build(&["--no-search"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.root().join("themes").exists(), "the build unpacked the theme");
    let html = site.html("reports/a/index.html");
    assert_eq!(texts(&html, "h1.doc-title"), ["工作报告"]);
    assert_eq!(attrs(&html, "link[rel=stylesheet]", "href")[0], "/renda/css/gazette.css");
    // the theme's files are published from the binary
    let built_in = std::fs::read(crate::support::repo().join("themes/default/static/css/gazette.css")).unwrap();
    assert_eq!(std::fs::read(site.out().join("css/gazette.css")).unwrap(), built_in);
    assert!(site.out().join("favicon.svg").is_file() && site.out().join("js/gazette.js").is_file());
    // nothing of the theme was written into the site (only the build record in the cache)
    let written: Vec<String> = snapshot_dir(&site.root()).into_iter().map(|(p, _)| p).collect();
    assert!(written.iter().all(|p| p == "site.yaml" || p.starts_with("content/") || p.starts_with(".gazette-cache/")));
}

#[test]
fn templates_and_static_override_single_files_of_the_built_in_theme() {
    let site = bare_site();
    site.write("templates/partials/footer.html", "<footer class=\"mine\">自己的页脚</footer>\n");
    site.write("static/css/print.css", "/* mine */\n");
    let run = site.build(&["--no-search"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.html("reports/a/index.html");
    assert_eq!(texts(&html, "footer.mine"), ["自己的页脚"]);
    // the rest of the built-in theme is still there
    assert_eq!(texts(&html, "h1.doc-title"), ["工作报告"]);
    assert_eq!(site.read("css/print.css"), "/* mine */\n");
    assert!(site.read("css/gazette.css").contains(".draft-badge"));
}

#[test]
fn a_theme_folder_of_the_site_replaces_the_built_in_theme_as_a_whole() {
    let site = bare_site();
    let root = site.root();
    let run = gazette(&["theme", "eject", "--root", root.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::remove_file(root.join("themes/default/static/js/gazette.js")).unwrap();
    let page = root.join("themes/default/templates/page.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("class=\"doc-title\"", "class=\"doc-title ejected\"")).unwrap();
    let run = site.build(&["--no-search"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(texts(&site.html("reports/a/index.html"), "h1.ejected"), ["工作报告"]);
    // nothing of the built-in theme is mixed in
    assert!(!site.out().join("js/gazette.js").exists());
    // and a site templates/ file still wins over the site's theme
    site.write("templates/page.html", "{{ page.title }} from templates/\n");
    assert_eq!(site.build(&["--no-search"]).code, 0);
    assert_eq!(site.read("reports/a/index.html"), "工作报告 from templates/\n");
}

#[test]
fn theme_eject_round_trips_and_never_overwrites() {
    let site = bare_site();
    let root = site.root();
    let first = site.dir.path().join("first");
    assert_eq!(site.build_to(&first, &[]).code, 0);
    let run = gazette(&["theme", "eject", "--root", root.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("themes/default"), "{}", run.stdout);
    // byte for byte the theme of the repository
    let ejected = snapshot_dir(&root.join("themes/default"));
    assert_eq!(ejected, snapshot_dir(&crate::support::repo().join("themes/default")));
    // the ejected theme builds a byte-identical site
    let second = site.dir.path().join("second");
    let run = site.build_to(&second, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("up to date"), "a different theme source must rebuild: {}", run.stdout);
    assert_eq!(snapshot_dir(&first), snapshot_dir(&second));

    // a second eject refuses, and changes nothing
    let page = root.join("themes/default/templates/page.html");
    std::fs::write(&page, "edited").unwrap();
    let again = gazette(&["theme", "eject", "--root", root.to_str().unwrap()], None);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("is not empty"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&page).unwrap(), "edited");
    // --to names another folder; a file there is refused too
    let to = site.dir.path().join("elsewhere");
    let run = gazette(&["theme", "eject", "--to", to.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(to.join("templates/page.html").is_file());
    let file = site.dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    assert_eq!(gazette(&["theme", "eject", "--to", file.to_str().unwrap()], None).code, 1);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn a_site_with_a_theme_of_another_name_is_not_ejected_over() {
    let site = bare_site();
    site.write("site.yaml", "title: 测试人大\nbase_url: https://example.org/\ntheme: mine\n");
    let root = site.root();
    let run = gazette(&["theme", "eject", "--root", root.to_str().unwrap()], None);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--to DIR"), "{}", run.stderr);
    // and a build says the theme is missing, offering the built-in one
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E032]") && run.stderr.contains("`default` is built in"), "{}", run.stderr);
}

#[test]
fn init_writes_no_theme_unless_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("plain");
    let run = gazette(&["init", plain.to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!plain.join("themes").exists());
    let files: Vec<String> = snapshot_dir(&plain).into_iter().map(|(p, _)| p).collect();
    assert_eq!(files.len(), 5, "{files:?}");

    let ejected = tmp.path().join("ejected");
    let run = gazette(&["init", ejected.to_str().unwrap(), "--eject-theme"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        snapshot_dir(&ejected.join("themes/default")),
        snapshot_dir(&crate::support::repo().join("themes/default"))
    );
}

#[test]
fn up_to_date_follows_the_theme_source() {
    let site = bare_site();
    assert_eq!(site.build(&["--no-search"]).code, 0);
    let again = site.build(&["--no-search"]);
    assert!(again.stdout.contains("已是最新"), "{}", again.stdout);
    // a template override is an input
    site.write("templates/404.html", "{{ t.not_found_title }}\n");
    let run = site.build(&["--no-search"]);
    assert!(run.stdout.contains("已生成"), "{}", run.stdout);
    assert_eq!(site.read("404.html"), "找不到该页面\n");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = gazette(&["completions", shell], None);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("gazette") && run.stdout.contains("eject"), "{shell}");
        assert!(run.stdout.contains("drafts"), "{shell}");
    }
    assert_eq!(gazette(&["completions", "tcsh"], None).code, 2);
}
