//! `gazette check`: what it adds to the build's validation, its JSON, `--strict`, the inspection
//! thresholds of site.yaml and the injected clock. It never writes.

use crate::support::{Run, Site, gazette, repo, snapshot_dir};

fn check(site: &Site, extra: &[&str]) -> Run {
    let root = site.root();
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    gazette(&args, None)
}

fn json(run: &Run) -> Vec<serde_json::Value> {
    run.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn codes(run: &Run) -> Vec<String> {
    json(run).iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn links_to_every_kind_of_output_resolve() {
    // pages, sections and their pagination, taxonomy and year pages, feeds, the sitemap, the
    // search page, static and theme files, bundle attachments and images, anchors: all exist
    let site = Site::fixture("check/links");
    let before = snapshot_dir(&site.root());
    let run = check(&site, &["--format", "json", "--today", "2024-01-10"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(snapshot_dir(&site.root()), before, "check wrote into the site");
    assert!(!site.out().exists());
}

#[test]
fn links_in_section_and_home_text_are_checked() {
    let site = Site::fixture("check/links");
    site.write("content/reports/_index.md", "---\ntitle: 工作报告\n---\n见[旧栏目](../old/)和[本页](#nosuch)。\n");
    site.write("content/_index.md", "---\ndescription: 首页\n---\n见[报告](/reports/2024/gongzuo-baogao/#nosuch)。\n");
    let run = check(&site, &["--format", "json", "--today", "2024-01-10"]);
    assert_eq!(run.code, 1);
    let found: Vec<(String, String, u64)> = json(&run)
        .iter()
        .map(|d| (d["code"].as_str().unwrap().into(), d["file"].as_str().unwrap().into(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("E041".into(), "content/_index.md".into(), 4),
            ("E040".into(), "content/reports/_index.md".into(), 4),
            ("E041".into(), "content/reports/_index.md".into(), 4),
        ]
    );
    // the build refuses them too
    assert_eq!(site.build(&[]).code, 1);
}

#[test]
fn covers_must_exist_and_be_http() {
    let site = Site::fixture("check/links");
    let page = "content/reports/2024/2024-01-04-gongzuo-baogao.md";
    let text = std::fs::read_to_string(site.root().join(page)).unwrap();
    site.write(page, &text.replace("cover: /images/cover.jpg", "cover: /images/missing.jpg"));
    let run = check(&site, &["--today", "2024-01-10"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E023]: `cover` names a file the site does not have: /images/missing.jpg"));
    assert!(run.stderr.contains("did you mean /images/cover.jpg?"), "{}", run.stderr);
    site.write(page, &text.replace("cover: /images/cover.jpg", "cover: \"javascript://%0Aalert(1)\""));
    let run = check(&site, &["--format", "json", "--today", "2024-01-10"]);
    assert_eq!(codes(&run), ["E070"]);
    assert_eq!(json(&run)[0]["line"], 5);
}

#[test]
fn script_links_fail_unless_raw_html_is_allowed() {
    let site = Site::fixture("check/links");
    site.write(
        "content/reports/2024/2024-02-01-x.md",
        "---\ntitle: x\n---\n[a](javascript:alert(1)) [b](<vbscript:x>) [c](data:text/html,<script>x</script>) ![d](data:image/png;base64,AA)\n",
    );
    let run = check(&site, &["--format", "json", "--today", "2024-01-10"]);
    assert_eq!(codes(&run), ["E070", "E070", "E070"], "{}", run.stdout);
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}markdown:\n  unsafe_html: true\n"));
    assert_eq!(check(&site, &["--today", "2024-01-10"]).code, 0);
}

#[test]
fn errors_and_warnings_of_many_files_in_one_run() {
    let site = Site::fixture("check/links");
    site.write("content/reports/2024/2024-02-01-a.md", "---\ntitle: 图\n---\n![](x.png)\n");
    site.write("content/news/2024/2024-02-02-b.md", "---\ntitle: 坏\ndate: 2024-02-30\n---\n");
    site.write("content/news/2024/2024-02-03-c.md", "---\ntitle: 调研\n---\n![](/images/cover.jpg)\n");
    let run = check(&site, &["--today", "2024-02-10"]);
    assert_eq!(run.code, 1);
    let order: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with(" --> ")).collect();
    assert_eq!(
        order,
        [
            " --> content/news/2024/2024-02-02-b.md:3:7",
            " --> content/news/2024/2024-02-03-c.md:4:1",
            " --> content/reports/2024/2024-02-01-a.md:4:1",
            " --> content/reports/2024/2024-02-01-a.md:4:1",
        ],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("error[E016]") && run.stderr.contains("warning[W002]"));
    assert!(run.stderr.contains("error[E040]: broken image: x.png does not exist"));
    assert!(run.stderr.contains("发现 2 个错误、2 条警告"), "{}", run.stderr);
}

#[test]
fn duplicate_titles_only_within_a_section() {
    let site = Site::fixture("check/links");
    // the same title in another section is fine; in the same section it is a warning
    site.write("content/news/2024/2024-01-06-a.md", "---\ntitle: 县人大常委会工作报告\n---\n");
    assert_eq!(codes(&check(&site, &["--format", "json", "--today", "2024-01-10"])), Vec::<String>::new());
    site.write("content/reports/2022/2022-01-06-a.md", "---\ntitle: \" 县人大常委会工作报告 \"\n---\n");
    let run = check(&site, &["--format", "json", "--today", "2024-01-10"]);
    assert_eq!(codes(&run), ["W003"]);
    assert_eq!(json(&run)[0]["file"], "content/reports/2024/2024-01-04-gongzuo-baogao.md");
}

#[test]
fn strict_makes_warnings_errors() {
    let site = Site::fixture("errors/W004-stale-site");
    let run = check(&site, &["--today", "2024-02-01"]);
    assert_eq!(run.code, 0);
    let run = check(&site, &["--today", "2024-02-01", "--strict", "--format", "json"]);
    assert_eq!(run.code, 1);
    let d = &json(&run)[0];
    assert_eq!((d["code"].as_str(), d["severity"].as_str()), (Some("W004"), Some("error")));
}

#[test]
fn thresholds_come_from_site_yaml_and_the_clock_is_injected() {
    let site = Site::fixture("errors/W004-stale-site");
    let at = |today: &str| codes(&check(&site, &["--format", "json", "--today", today]));
    // the newest page is 2024-01-04; 14 days is the default threshold
    assert_eq!(at("2024-01-18"), Vec::<String>::new());
    assert_eq!(at("2024-01-19"), ["W004"]);
    site.write("site.yaml", "title: 测试站点\nbase_url: https://example.org/\ncheck:\n  stale_site_days: 30\n");
    assert_eq!(at("2024-02-03"), Vec::<String>::new());
    assert_eq!(at("2024-02-04"), ["W004"]);
    site.write("site.yaml", "title: 测试站点\nbase_url: https://example.org/\ncheck:\n  stale_site_days: 0\n");
    assert_eq!(at("2030-01-01"), ["W005"]);
    site.write(
        "site.yaml",
        "title: 测试站点\nbase_url: https://example.org/\ncheck:\n  stale_site_days: 0\n  stale_section_days: 0\n",
    );
    assert_eq!(at("2030-01-01"), Vec::<String>::new());
    // GAZETTE_TODAY is the same clock
    let root = site.root();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"));
    cmd.args(["check", "--root", root.to_str().unwrap(), "--format", "json"]).env("GAZETTE_TODAY", "2030-01-01");
    site.write("site.yaml", "title: 测试站点\nbase_url: https://example.org/\n");
    let out = cmd.output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"W004\""));
    // a bad date is a usage error
    assert_eq!(check(&site, &["--today", "2024-02-30"]).code, 2);
}

#[test]
fn unknown_check_keys_are_errors_with_suggestions() {
    let site = Site::fixture("errors/W004-stale-site");
    site.write("site.yaml", "title: 测试站点\nbase_url: https://example.org/\ncheck:\n  stale_days: 30\n");
    let run = check(&site, &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E003]: unknown key `check.stale_days` in site.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("site.yaml:4:3"));
}

#[test]
fn empty_sections_and_drafts() {
    let site = Site::fixture("errors/W006-empty-section");
    site.write("content/reports/2024/2024-01-05-a.md", "---\ntitle: 草稿\ndraft: true\n---\n");
    assert_eq!(codes(&check(&site, &["--format", "json", "--today", "2024-01-10"])), ["W006"]);
    assert_eq!(codes(&check(&site, &["--format", "json", "--today", "2024-01-10", "--drafts"])), Vec::<String>::new());
}

#[test]
fn template_errors_are_found_without_writing() {
    let site = Site::fixture("check/links");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.no_such.field }}{% endblock main %}",
    );
    let run = check(&site, &["--format", "json", "--today", "2024-01-10"]);
    assert_eq!(run.code, 1);
    assert_eq!(codes(&run), ["E031"], "one error per template, not one per page: {}", run.stdout);
    assert!(!site.out().exists());
}

#[test]
fn json_has_every_field_on_every_line() {
    let site = Site::fixture("check/links");
    site.write("content/reports/2024/2024-02-01-a.md", "---\ntitle: 图\ntopic: x\n---\n![](/images/cover.jpg)\n");
    site.write("content/news/2024/2024-02-02-b.md", "---\ntitle: 图\n---\n![](/images/cover.jpg)\n");
    let run = check(&site, &["--format", "json", "--today", "2030-01-01"]);
    let lines = json(&run);
    assert!(lines.len() >= 3, "{}", run.stdout);
    for d in &lines {
        let obj = d.as_object().unwrap();
        for field in ["code", "severity", "file", "line", "column", "message", "help"] {
            assert!(obj.contains_key(field), "no `{field}` in {d}");
        }
        assert!(["error", "warning"].contains(&d["severity"].as_str().unwrap()));
    }
    assert!(run.stderr.is_empty(), "JSON mode prints nothing else: {}", run.stderr);
}

#[test]
fn the_example_site_passes() {
    let run = gazette(&["check", "--format", "json"], Some(&repo()));
    assert_eq!(run.code, 0, "{}", run.stdout);
    for d in json(&run) {
        assert_eq!(d["severity"], "warning", "{d}");
    }
}
