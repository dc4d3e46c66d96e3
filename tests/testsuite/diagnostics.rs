//! Every diagnostic code: a fixture, the exit code, and a snapshot of the rendered message.

use crate::support::{Site, gazette, repo, snapshot_dir};

/// Builds the fixture `errors/<case>` and returns (exit code, stderr with the temp path redacted).
/// A fixture with a `check-args` file shows a warning only `gazette check` reports: it is
/// checked (with those arguments, e.g. `--today 2024-01-10`) instead of built.
fn build_case(case: &str) -> (Site, i32, String) {
    let site = Site::fixture(&format!("errors/{case}"));
    if case.starts_with("E001") {
        std::fs::remove_file(site.root().join("site.yaml")).ok();
    }
    if case.starts_with("E052") {
        // a cloned repository can carry a link like this (git keeps symbolic links)
        std::os::unix::fs::symlink("/etc", site.root().join("static")).unwrap();
    }
    let check_args = std::fs::read_to_string(site.root().join("check-args")).ok();
    let deploy_args = std::fs::read_to_string(site.root().join("deploy-args")).ok();
    let run = if let Some(args) = deploy_args {
        // a deploy error: `gazette deploy` with those arguments (the E09x codes)
        let (root, out) = (site.root(), site.out());
        let mut argv = vec!["deploy", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()];
        argv.extend(args.split_whitespace());
        gazette(&argv, None)
    } else if let Some(args) = check_args {
        let root = site.root();
        let mut argv = vec!["check", "--root", root.to_str().unwrap()];
        argv.extend(args.split_whitespace());
        gazette(&argv, None)
    } else if case.starts_with("E051") {
        site.build_to(&site.root().join("content"), &[])
    } else {
        site.build(&[])
    };
    let redacted = run.stderr.replace(&site.dir.path().display().to_string(), "[TMP]");
    (site, run.code, redacted)
}

fn cases() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures/errors"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn every_code_has_a_fixture() {
    let cases = cases();
    for code in gazette::diag::Code::ALL {
        if *code == gazette::diag::Code::Io {
            continue; // an I/O failure is provoked in output_safety, not by a fixture
        }
        if code.as_str().starts_with("E06") {
            continue; // import, new and init: fixtures and snapshots in authoring.rs
        }
        assert!(cases.iter().any(|c| c.starts_with(code.as_str())), "no fixture for {}", code.as_str());
    }
}

#[test]
fn each_fixture_reports_its_code() {
    for case in cases() {
        let code = &case[..4];
        let (_site, exit, stderr) = build_case(&case);
        let is_warning = code.starts_with('W');
        assert_eq!(exit, if is_warning { 0 } else { 1 }, "{case}: exit {exit}\n{stderr}");
        let header = if is_warning { format!("warning[{code}]") } else { format!("error[{code}]") };
        assert!(stderr.contains(&header), "{case}: expected {header} in\n{stderr}");
        assert!(!stderr.contains("panicked"), "{case} panicked");
        insta::assert_snapshot!(case.clone(), stderr);
    }
}

#[test]
fn failed_builds_write_nothing() {
    // E092 builds the site, then its deploy fails
    for case in cases().into_iter().filter(|c| c.starts_with('E') && !c.starts_with("E051") && !c.starts_with("E092")) {
        let (site, _, _) = build_case(&case);
        assert!(!site.out().exists(), "{case}: output folder was created");
        let leftovers: Vec<_> = std::fs::read_dir(site.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "site")
            .collect();
        assert!(leftovers.is_empty(), "{case}: left {leftovers:?}");
    }
}

#[test]
fn check_reports_the_same_as_json() {
    let site = Site::fixture("errors/E016-invalid-date");
    let root = site.root();
    let run = gazette(&["check", "--root", root.to_str().unwrap(), "--format", "json"], None);
    assert_eq!(run.code, 1);
    let lines: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["code"], "E016");
    assert_eq!(lines[0]["file"], "content/reports/2024/2024-01-04-a.md");
    assert_eq!(lines[0]["line"], 3);
    assert_eq!(lines[0]["column"], 7);
    assert_eq!(lines[0]["severity"], "error");
    assert!(snapshot_dir(&root).iter().all(|(p, _)| !p.starts_with("public")), "check wrote output");
}

#[test]
fn errors_from_many_files_are_reported_together_sorted() {
    let site = Site::fixture("errors/E016-invalid-date");
    site.write("content/reports/2023/2023-01-01-b.md", "---\ntitle: b\ntopic: x\n---\n");
    site.write("content/news/2023-01-01-c.md", "no front matter\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    let positions: Vec<usize> = [
        "content/news/2023-01-01-c.md",
        "content/reports/2023/2023-01-01-b.md",
        "content/reports/2024/2024-01-04-a.md",
    ]
    .iter()
    .map(|f| run.stderr.find(f).unwrap_or_else(|| panic!("{f} not reported:\n{}", run.stderr)))
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "not sorted by file:\n{}", run.stderr);
    assert!(run.stderr.contains("build failed with 3 errors;"));
}

#[test]
fn explain_documents_every_code() {
    for code in gazette::diag::Code::ALL {
        let run = gazette(&["explain", code.as_str()], None);
        assert_eq!(run.code, 0);
        assert!(run.stdout.starts_with(code.as_str()));
    }
    assert_eq!(gazette(&["explain", "E999"], None).code, 2);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(gazette(&["build", "--no-such-flag"], None).code, 2);
    assert_eq!(gazette(&["frobnicate"], None).code, 2);
}

/// Full-width punctuation is text in values: a title, summary, meeting or document number keeps
/// its `，`、`：`, `“”` and `〔〕`; only taxonomy terms and YAML's own punctuation are checked (the
/// `*-ime-*` fixtures show the errors).
#[test]
fn full_width_punctuation_in_text_is_kept() {
    let site = Site::fixture("errors/E014-ime-comma-in-topics");
    site.write(
        "content/reports/2024/2024-06-27-shenyi.md",
        "---\ntitle: 关于代表工作，法治建设的审议意见：一、二\ndate: 2024-06-27\n\
         summary: \"县人大常委会：审议意见\"\nmeeting: “十四五”规划：第三次会议\ndoc_number: 江人常〔2024〕5号\n\
         topics: [代表工作, 法治建设] # 两个主题，不是一个\ntype: 审议意见\n---\n正文，第一段：内容。\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages: Vec<String> = snapshot_dir(&site.out())
        .into_iter()
        .filter(|(p, _)| p.ends_with("index.html"))
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .collect();
    let page = pages.iter().find(|p| p.contains("江人常〔2024〕5号")).expect("the report page");
    for text in ["关于代表工作，法治建设的审议意见：一、二", "“十四五”规划：第三次会议", "正文，第一段：内容。"]
    {
        assert!(page.contains(text), "{text} missing");
    }
    let topics: Vec<String> = snapshot_dir(&site.out().join("topics"))
        .into_iter()
        .filter_map(|(p, _)| p.strip_suffix("/index.html").map(str::to_string))
        .filter(|p| !p.contains('/'))
        .collect();
    assert_eq!(topics, ["dai-biao-gong-zuo", "fa-zhi-jian-she"]);
}

/// `check --format json` places each input-method slip where the build's code frame does: at the
/// character, not at the line where YAML noticed it.
#[test]
fn ime_slips_are_placed_by_check_too() {
    let placed = [
        ("E002-ime-full-width-colon", "E002", "site.yaml", 1, 6),
        ("E012-ime-full-width-colon", "E012", "content/reports/2024/2024-06-27-shenyi.md", 2, 6),
        ("E012-ime-full-width-hyphen", "E012", "content/reports/2024/2024-06-27-shenyi.md", 4, 1),
        ("E012-ime-full-width-space-after-colon", "E012", "content/reports/2024/2024-06-27-shenyi.md", 2, 7),
        ("E012-ime-no-space-after-colon", "E012", "content/reports/2024/2024-06-27-shenyi.md", 2, 6),
        ("E013-ime-full-width-letters", "E013", "content/reports/2024/2024-06-27-shenyi.md", 2, 1),
        ("E013-ime-full-width-space-indent", "E013", "content/reports/2024/2024-06-27-shenyi.md", 2, 1),
        ("E014-ime-brackets", "E014", "content/reports/2024/2024-06-27-shenyi.md", 4, 9),
        ("E014-ime-comma-in-topics", "E014", "content/reports/2024/2024-06-27-shenyi.md", 4, 14),
        ("E014-ime-hyphen-in-list", "E014", "content/reports/2024/2024-06-27-shenyi.md", 5, 3),
        ("E014-ime-quotes", "E014", "content/reports/2024/2024-06-27-shenyi.md", 4, 10),
        ("E014-ime-two-types", "E014", "content/reports/2024/2024-06-27-shenyi.md", 4, 11),
    ];
    let fixtures: Vec<String> = cases().into_iter().filter(|c| c.contains("-ime-")).collect();
    assert_eq!(fixtures.len(), placed.len(), "{fixtures:?}");
    for (case, code, file, line, column) in placed {
        let site = Site::fixture(&format!("errors/{case}"));
        let root = site.root();
        let run = gazette(&["check", "--root", root.to_str().unwrap(), "--format", "json"], None);
        assert_eq!(run.code, 1, "{case}: {}", run.stderr);
        let first: serde_json::Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
        assert_eq!(
            (first["code"].as_str(), first["file"].as_str(), first["line"].as_u64(), first["column"].as_u64()),
            (Some(code), Some(file), Some(line), Some(column)),
            "{case}"
        );
        assert!(first["help"].as_str().is_some_and(|h| h.contains('`')), "{case}: {first}");
    }
}

#[test]
fn a_page_with_errors_has_its_links_checked_too() {
    // one run reports the front matter and the links: the editor fixes both at once
    let site = Site::fixture("hardening/base");
    site.write(
        "content/reports/2024/2024-01-05-bad.md",
        "---\ntitle: 坏\ntopic: 代表工作\n---\n见[不存在](/reports/nowhere/)和[脚本](javascript:alert(1))。\n",
    );
    site.write("content/reports/2024/2024-01-06-good.md", "---\ntitle: 好\n---\n见[坏的那篇](/reports/2024/bad/)。\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    for expected in [
        "error[E013]: unknown front matter field `topic`",
        "error[E040]: broken link: /reports/nowhere/ does not exist",
        "error[E070]: link URL would run script",
    ] {
        assert!(run.stderr.contains(expected), "no `{expected}` in\n{}", run.stderr);
    }
    // the link to the page with errors is not broken: the page is there
    assert!(!run.stderr.contains("/reports/2024/bad/ does not exist"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("error[").count(), 3, "{}", run.stderr);
}
