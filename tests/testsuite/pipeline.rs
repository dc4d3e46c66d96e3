//! The output plan is the single owner of the list of outputs, loading is total, and the
//! pipeline does not import the modules that use it.

use std::collections::BTreeSet;

use gazette::config::{Config, Overrides};
use gazette::pipeline::plan::{Job, RenderJob};

use crate::support::{Site, repo, snapshot_dir};

/// The basic fixture with a draft (built with `--drafts`), an alias, lists of several pages
/// (`paginate: 2`) and a static `robots.txt` that replaces the generated one.
fn varied_site() -> (Site, Config) {
    let site = Site::fixture("build/basic");
    site.write("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    site.write("content/about.md", "---\ntitle: 关于\naliases: [\"/old/about.html\"]\n---\n关于本站。\n");
    let config = Config::load(&site.root(), &Overrides { drafts: true, ..Overrides::default() }).unwrap();
    (site, config)
}

#[test]
fn the_plan_is_every_output() {
    let (site, config) = varied_site();
    let (loaded, diags) = gazette::pipeline::load_site(&config, None);
    assert!(!diags.has_errors(), "{:?}", diags.errors().collect::<Vec<_>>());
    gazette::pipeline::build(&config, &site.out(), None).unwrap();

    // every file of the output is planned, and every planned file is there
    let written: BTreeSet<String> = snapshot_dir(&site.out())
        .into_iter()
        .map(|(path, _)| path)
        .filter(|p| p != ".gazette-output" && !p.starts_with("pagefind/"))
        .collect();
    let planned: BTreeSet<String> =
        loaded.plan.written().filter(|o| o.job != Job::SearchIndex).map(|o| o.file.clone()).collect();
    assert_eq!(written, planned);
    assert!(planned.contains("old/about.html") && planned.contains("reports/page/2/index.html"), "{planned:?}");
    // the search stage's folder is planned, and there
    let index = loaded.plan.outputs.iter().find(|o| o.job == Job::SearchIndex).expect("search is on");
    assert_eq!(index.file, "pagefind");
    assert!(site.out().join(&index.file).join("pagefind.js").is_file());

    // a generated output a static file replaces is planned, shadowed, and its file is the static one
    let shadowed: Vec<&str> = loaded.plan.outputs.iter().filter(|o| o.shadowed).map(|o| o.url.as_str()).collect();
    assert_eq!(shadowed, ["/robots.txt"]);
    assert_eq!(site.read("robots.txt"), "User-agent: *\nDisallow: /drafts/\n");
}

#[test]
fn the_sitemap_lists_the_planned_pages_that_are_not_drafts_aliases_or_later_list_pages() {
    let (site, config) = varied_site();
    let (loaded, _) = gazette::pipeline::load_site(&config, None);
    gazette::pipeline::build(&config, &site.out(), None).unwrap();

    let sitemap = site.read("sitemap.xml");
    let listed: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|rest| rest.split("</loc>").next().unwrap().trim_start_matches(config.base_url.as_str()).to_string())
        .map(|rel| format!("/{rel}"))
        .collect();
    let mut left_out = Vec::new();
    let expected: BTreeSet<String> = loaded
        .plan
        .outputs
        .iter()
        .filter(|o| o.file.ends_with(".html"))
        .filter(|o| {
            let keep = match &o.job {
                Job::Render(RenderJob::Page(i)) => !loaded.pages[*i].meta.draft,
                Job::Render(RenderJob::Section { pager, .. } | RenderJob::Term { pager, .. }) => pager.number == 1,
                Job::Render(
                    RenderJob::Home
                    | RenderJob::TaxonomyList(_)
                    | RenderJob::MeetingIndex
                    | RenderJob::MeetingTerm(_)
                    | RenderJob::Meeting { .. },
                ) => true,
                Job::Render(RenderJob::NotFound | RenderJob::Alias { .. } | RenderJob::Search) => false,
                other => panic!("an HTML output {} of {other:?}", o.url),
            };
            if !keep {
                left_out.push(o.url.clone());
            }
            keep
        })
        .map(|o| o.url.clone())
        .collect();
    assert_eq!(listed, expected);
    // what the sitemap leaves out is there to be left out
    for url in ["/404.html", "/old/about.html", "/reports/page/2/", "/reports/2022/draft/"] {
        assert!(left_out.iter().any(|u| u == url), "{url} not among {left_out:?}");
    }
}

#[test]
fn loading_is_total_a_site_with_errors_comes_back_with_them() {
    let site = Site::fixture("build/basic");
    site.write("content/reports/2024/2024-02-01-bad.md", "---\ntitle: 坏\ndate: 2024-02-30\n---\n文\n");
    let config = Config::load(&site.root(), &Overrides::default()).unwrap();
    let (loaded, diags) = gazette::pipeline::load_site(&config, None);
    let codes: Vec<&str> = diags.errors().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E016"]);
    // the rest of the site is loaded and planned all the same
    assert!(loaded.pages.iter().any(|p| p.path == "/reports/2024/gongzuo-baogao/"));
    assert!(loaded.plan.get("/reports/2024/gongzuo-baogao/").is_some());
    assert_eq!(loaded.failed.len(), 1);
}

#[test]
fn links_in_index_text_are_checked_like_links_in_pages() {
    let site = Site::fixture("build/basic");
    // a page with a front-matter error is there, with errors of its own: a link to it is not broken
    site.write("content/reports/2024/2024-02-01-bad.md", "---\ntitle: 坏\ndate: 2024-02-30\n---\n文\n");
    site.write(
        "content/reports/_index.md",
        "---\ntitle: 报告\n---\n见[坏](/reports/2024/bad/)、[无](/reports/nowhere/)和[问题](#cun-zai-wen-ti)。\n\n## 存在问题\n",
    );
    let config = Config::load(&site.root(), &Overrides::default()).unwrap();
    let (_, diags) = gazette::pipeline::load_site(&config, None);
    let index_errors: Vec<(&str, &str)> = diags
        .errors()
        .filter(|d| d.file.as_deref() == Some(std::path::Path::new("content/reports/_index.md")))
        .map(|d| (d.code.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(index_errors, [("E040", "broken link: /reports/nowhere/ does not exist")]);

    // an anchor of the text itself gets the help a page's anchor gets
    site.write("content/reports/_index.md", "---\ntitle: 报告\n---\n见[问题](#cun-zai-wen)。\n\n## 存在问题\n");
    let (_, diags) = gazette::pipeline::load_site(&config, None);
    let anchor = diags.errors().find(|d| d.code.as_str() == "E041").expect("a broken anchor");
    assert_eq!(anchor.message, "broken anchor: #cun-zai-wen is not on /reports/");
    assert_eq!(anchor.help.as_deref(), Some("did you mean `#cun-zai-wen-ti`?"));
}

/// No module of the pipeline imports a module that uses it (`check`, the commands, `serve`):
/// the dependency goes one way, so the pipeline can be read and tested alone.
#[test]
fn the_pipeline_does_not_import_its_users() {
    let users =
        ["crate::check", "crate::cli", "crate::serve", "crate::summary", "crate::import", "crate::new", "crate::init"];
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(repo().join("src/pipeline")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")) {
            if let Some(user) = users.iter().find(|u| line.contains(*u)) {
                found.push(format!("{}:{}: {user}", entry.path().display(), n + 1));
            }
        }
    }
    assert!(found.is_empty(), "the pipeline imports its users:\n{}", found.join("\n"));
    // and the test reads the pipeline's files (a moved folder would make it pass on nothing)
    assert!(repo().join("src/pipeline/plan.rs").is_file());
}

/// The shard size from the environment is an input of the output: read once by the command line
/// into the config, it is part of the up-to-date fingerprint, so changing it rebuilds the index.
#[test]
fn the_search_shard_size_from_the_environment_is_an_input() {
    let site = Site::fixture("build/basic");
    let build = |pages: Option<&str>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"));
        cmd.args(["build", "--root", site.root().to_str().unwrap(), "--output", site.out().to_str().unwrap()]);
        cmd.env("NO_COLOR", "1").env_remove("GAZETTE_SEARCH_SHARD_PAGES");
        if let Some(pages) = pages {
            cmd.env("GAZETTE_SEARCH_SHARD_PAGES", pages);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let shards = std::fs::read_to_string(site.out().join("pagefind/gazette-shards.js")).unwrap();
        (String::from_utf8_lossy(&out.stdout).contains("已是最新"), shards.contains("window.gazetteSearchShards = [];"))
    };
    assert_eq!(build(None), (false, true), "one index");
    assert_eq!(build(None), (true, true), "nothing changed");
    assert_eq!(build(Some("1")), (false, false), "a shard per page: built again, sharded");
    assert_eq!(build(None), (false, true), "back to one index");
}

/// A static file is planned at the URL it is served at: `about/index.html` is the file of
/// `/about/`, a page's URL, so the two are a duplicate (it used to replace the page silently),
/// while a static file over a generated output (`robots.txt`) replaces it on purpose.
#[test]
fn a_static_file_cannot_replace_a_page() {
    let site = Site::fixture("build/basic");
    site.write("static/about/index.html", "<p>static</p>");
    let config = Config::load(&site.root(), &Overrides::default()).unwrap();
    let (_, diags) = gazette::pipeline::load_site(&config, None);
    let errors: Vec<(&str, &str)> = diags.errors().map(|d| (d.code.as_str(), d.message.as_str())).collect();
    assert_eq!(errors, [("E021", "two files claim the URL /about/")]);
}
