//! Hardening: bad and awkward input, each with its documented result (the table in README.md,
//! "Hardening"). Every case under `tests/fixtures/hardening/<case>/` is a complete tiny site; the
//! large and the filesystem cases (a 5 MB report, 20,000 nested blockquotes, symbolic links) are
//! generated here. For each: `gazette check` and `gazette build` finish (no panic, no hang), an
//! error names its code, file, line and column, and a failed build writes nothing.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Run, Site, attrs, texts};

/// The clock of every `check` here, so inspection warnings do not depend on the day tests run.
const TODAY: &str = "2024-01-10";

/// Runs the binary like `support::gazette`, but fails the test instead of hanging.
fn gazette_within(limit: Duration, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gazette");
    let (mut stdout, mut stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = std::thread::spawn(move || std::io::read_to_string(&mut stdout).unwrap_or_default());
    let err = std::thread::spawn(move || std::io::read_to_string(&mut stderr).unwrap_or_default());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            child.kill().ok();
            panic!("gazette {args:?} hung: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run { code: status.code().unwrap_or(-1), stdout: out.join().unwrap(), stderr: err.join().unwrap() }
}

const LIMIT: Duration = Duration::from_secs(120);

fn check(site: &Site) -> (Run, Vec<serde_json::Value>) {
    let root = site.root();
    let run = gazette_within(LIMIT, &["check", "--root", root.to_str().unwrap(), "--format", "json", "--today", TODAY]);
    let json =
        run.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect();
    (run, json)
}

fn build(site: &Site) -> Run {
    let (root, out) = (site.root(), site.out());
    gazette_within(LIMIT, &["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()])
}

fn no_panic(what: &str, run: &Run) {
    assert!(!run.stderr.contains("panicked") && run.code >= 0, "{what} crashed:\n{}", run.stderr);
}

/// A case that must fail: `check` reports `code` at `at` (`file:line:col`, or just `file`) in
/// JSON and exits 1; `build` exits 1 with the same code and leaves nothing behind.
fn assert_fails(site: &Site, case: &str, code: &str, at: &str) {
    let (run, json) = check(site);
    no_panic(case, &run);
    assert_eq!(run.code, 1, "{case}: check exit\n{}", run.stdout);
    let found = json.iter().any(|d| {
        let place = match (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()) {
            (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}"),
            (Some(f), _, _) => f.to_string(),
            _ => String::new(),
        };
        d["code"] == code && d["severity"] == "error" && place == at
    });
    assert!(found, "{case}: expected {code} at {at}, got\n{}", run.stdout);
    for d in &json {
        for field in ["code", "severity", "file", "line", "column", "message", "help"] {
            assert!(d.get(field).is_some(), "{case}: JSON lacks `{field}`: {d}");
        }
    }
    let run = build(site);
    no_panic(case, &run);
    assert_eq!(run.code, 1, "{case}: build exit\n{}", run.stderr);
    assert!(run.stderr.contains(&format!("error[{code}]")), "{case}:\n{}", run.stderr);
    assert!(!site.out().exists(), "{case}: a failed build created the output folder");
    let leftovers: Vec<_> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "site")
        .collect();
    assert!(leftovers.is_empty(), "{case}: left {leftovers:?}");
}

/// A case that must pass: `check` exits 0 and `build` writes the site.
fn assert_builds(site: &Site, case: &str) -> Vec<serde_json::Value> {
    let (run, json) = check(site);
    no_panic(case, &run);
    assert_eq!(run.code, 0, "{case}: check exit\n{}", run.stdout);
    let run = build(site);
    no_panic(case, &run);
    assert_eq!(run.code, 0, "{case}: build exit\n{}", run.stderr);
    json
}

#[test]
fn every_spec_error_gets_a_precise_error() {
    let a = "content/reports/2024/2024-01-04-a.md";
    let cases: &[(&str, &str, String)] = &[
        ("malformed-yaml", "E012", format!("{a}:4:8")),
        ("missing-front-matter", "E010", format!("{a}:1:1")),
        ("unclosed-front-matter", "E011", format!("{a}:1:1")),
        ("missing-title", "E015", format!("{a}:1:1")),
        ("impossible-date", "E016", "content/reports/2024/budget.md:3:7".into()),
        ("unknown-field", "E013", format!("{a}:3:1")),
        ("not-utf8", "E020", format!("{a}:2:1")),
        ("duplicate-url", "E021", "content/reports/2024/2024-03-01-other.md:1:1".into()),
        ("slug-escapes", "E022", format!("{a}:3:7")),
        ("template-syntax", "E030", "templates/page.html:3:19".into()),
        ("missing-template", "E032", format!("{a}:3:11")),
        ("missing-theme", "E032", "themes/defualt/templates".into()),
        ("broken-link", "E040", format!("{a}:4:3")),
        ("broken-anchor", "E041", format!("{a}:6:2")),
        ("empty-file", "E010", format!("{a}:1:1")),
    ];
    for (case, code, at) in cases {
        let site = Site::fixture(&format!("hardening/{case}"));
        assert_fails(&site, case, code, at);
    }
}

#[test]
fn messages_say_how_to_fix() {
    let site = Site::fixture("hardening/unknown-field");
    let (_, json) = check(&site);
    assert_eq!(json[0]["help"], "did you mean `topics`? Free-form values go under `extra:`");
    let site = Site::fixture("hardening/not-utf8");
    let (_, json) = check(&site);
    let help = json[0]["help"].as_str().unwrap();
    assert!(help.contains("iconv -f GB18030 -t UTF-8"), "{help}");
    let site = Site::fixture("hardening/missing-theme");
    let (_, json) = check(&site);
    assert_eq!(json[0]["help"], "did you mean `theme: default`?");
}

#[test]
fn only_front_matter_builds_an_empty_page() {
    let site = Site::fixture("hardening/only-front-matter");
    assert_builds(&site, "only-front-matter");
    let html = site.html("reports/2024/a/index.html");
    assert_eq!(texts(&html, "h1"), ["只有前言"]);
    assert_eq!(texts(&html, ".prose"), [""]);
}

#[test]
fn crlf_reads_like_lf() {
    let site = Site::fixture("hardening/crlf");
    assert_builds(&site, "crlf");
    let html = site.html("reports/2024/a/index.html");
    assert_eq!(texts(&html, "h1"), ["县人大常委会工作报告"]);
    assert_eq!(texts(&html, "strong"), ["扎实开展主题教育。"]);
    assert_eq!(attrs(&html, ".prose h2", "id"), ["yi-ji-ben-qing-kuang"]);
    assert!(site.out().join("topics/sheng-tai-huan-bao/index.html").is_file());
    assert!(!site.read("reports/2024/a/index.html").contains('\r'));
}

#[test]
fn a_bom_is_accepted() {
    let site = Site::fixture("hardening/bom");
    assert_builds(&site, "bom");
    assert_eq!(texts(&site.html("reports/2024/a/index.html"), "h1"), ["带BOM的报告"]);
}

#[test]
fn dashes_inside_a_block_scalar_are_yaml() {
    let site = Site::fixture("hardening/dashes-in-block-scalar");
    assert_builds(&site, "dashes-in-block-scalar");
    let html = site.html("reports/2024/a/index.html");
    assert_eq!(attrs(&html, "meta[name=description]", "content"), ["第一行\n---\n分隔线之后"]);
    assert_eq!(texts(&html, ".prose"), ["正文。"]);
}

#[test]
fn file_names_with_spaces_and_chinese() {
    let site = Site::fixture("hardening/names-with-spaces-and-chinese");
    let json = assert_builds(&site, "names-with-spaces-and-chinese");
    assert!(json.iter().all(|d| d["severity"] == "warning"), "{json:?}");
    for rel in [
        "reports/2024/gong-zuo-bao-gao/index.html",
        "news/2024/shi-cha-huo-dong/index.html",
        "news/2024/shi-cha-huo-dong/照片 1.jpg",
        "news/2024/shi-cha-huo-dong/视察 纪要.pdf",
    ] {
        assert!(site.out().join(rel).is_file(), "missing {rel}");
    }
    let html = site.html("news/2024/shi-cha-huo-dong/index.html");
    assert_eq!(texts(&html, ".attachments a"), ["视察纪要"]);
    // a space is not allowed in a URL: the link is percent-encoded, and still reaches the file
    let hrefs = attrs(&html, ".attachments a", "href");
    assert_eq!(hrefs.len(), 1);
    assert!(hrefs[0].ends_with("/news/2024/shi-cha-huo-dong/视察%20纪要.pdf"), "{hrefs:?}");
}

#[test]
fn html_in_a_title_is_text() {
    let site = Site::fixture("hardening/html-title");
    assert_builds(&site, "html-title");
    let html = site.html("reports/2024/a/index.html");
    assert_eq!(texts(&html, "h1"), ["<script>alert('title')</script><b>加粗</b>"]);
    assert!(texts(&html, "script").iter().all(|s| !s.contains("alert")));
    assert!(texts(&html, "h1 b").is_empty());
    assert!(texts(&html, "title")[0].starts_with("<script>alert('title')</script>"));
}

#[test]
fn raw_script_in_markdown_is_escaped() {
    let site = Site::fixture("hardening/raw-script");
    assert_builds(&site, "raw-script");
    let html = site.html("reports/2024/a/index.html");
    assert!(texts(&html, "script").iter().all(|s| !s.contains("alert")), "a script element runs content");
    assert!(attrs(&html, "img", "onerror").is_empty());
    let prose = texts(&html, ".prose").join("");
    assert!(prose.contains("<script>alert('inline')</script>") && prose.contains("alert('block')"), "{prose}");
}

#[test]
fn a_five_megabyte_report() {
    let site = Site::fixture("hardening/base");
    let mut body = String::from("---\ntitle: 五兆字节的报告\ndate: 2024-01-04\n---\n各位代表：\n\n");
    let mut n = 0;
    while body.len() < 5 * 1024 * 1024 {
        n += 1;
        if n % 40 == 1 {
            body.push_str(&format!("## 第{n}部分\n\n"));
        }
        body.push_str(&format!(
            "**扎实开展主题教育{n}。**县人大常委会坚持以习近平新时代中国特色社会主义思想为指导，\
             认真贯彻落实党的二十大精神，依法履行宪法和法律赋予的各项职责，*推进*全过程人民民主，\
             详见[第一部分](#di-1-bu-fen)与[另一篇](/reports/2024/a/)。\n\n"
        ));
    }
    site.write("content/reports/2024/2024-01-05-big.md", &body);
    let started = Instant::now();
    assert_builds(&site, "5 MB report");
    let html = site.read("reports/2024/big/index.html");
    assert!(html.len() > 5_000_000);
    assert!(!html.contains("**"), "bold lead sentences lost");
    eprintln!("5 MB report: check + build in {:?}", started.elapsed());
}

#[test]
fn twenty_thousand_nested_blockquotes() {
    let site = Site::fixture("hardening/base");
    let deep =
        format!("---\ntitle: 深\ndate: 2024-01-04\n---\n{} 最深处\n\n{}\n", "> ".repeat(20_000), "[".repeat(20_000));
    site.write("content/reports/2024/2024-01-05-deep.md", &deep);
    // nested lists and emphasis too: each a different recursion in a Markdown parser
    let lists: String = (0..5_000).map(|i| format!("{}- 项\n", "  ".repeat(i))).collect();
    let emphasis = format!("{}重点{}\n", "*".repeat(20_000), "*".repeat(20_000));
    site.write("content/reports/2024/2024-01-06-lists.md", &format!("---\ntitle: 列表\n---\n{lists}\n{emphasis}"));
    // deeper than 100 levels is an error at the 101st (E080; more in `resources.rs`)
    assert_fails(&site, "nested blockquotes", "E080", "content/reports/2024/2024-01-05-deep.md:5:201");
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_skipped_with_a_warning() {
    use std::os::unix::fs::symlink;
    let site = Site::fixture("hardening/base");
    let root = site.root();
    // links that stay inside the site (a loop among them) and a dangling one: skipped, said
    symlink("..", root.join("content/reports/loop")).unwrap();
    symlink("../../about.md", root.join("content/reports/2024/about-again.md")).unwrap();
    symlink("/nonexistent/x", root.join("content/reports/2024/dangling.md")).unwrap();
    let json = assert_builds(&site, "symlinks");
    for link in ["content/reports/loop", "content/reports/2024/about-again.md", "content/reports/2024/dangling.md"] {
        assert!(
            json.iter().any(|d| d["file"] == link && d["severity"] == "warning" && d["code"] == "E050"),
            "no warning for {link}: {json:?}"
        );
    }
    let files: Vec<String> = crate::support::snapshot_dir(&site.out()).into_iter().map(|(p, _)| p).collect();
    assert!(files.iter().all(|p| !p.contains("about-again") && !p.contains("loop")), "{files:?}");
}

#[test]
fn symbolic_links_out_of_the_site_are_refused() {
    // test `security::symlinked_site_folders_are_refused` covers the folders themselves
    use std::os::unix::fs::symlink;
    let site = Site::fixture("hardening/base");
    let root = site.root();
    symlink("/etc/passwd", root.join("content/reports/2024/passwd.md")).unwrap();
    symlink("/etc/passwd", root.join("content/reports/2024/passwd.txt")).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    symlink("/etc", root.join("static/etc")).unwrap();
    let (run, json) = check(&site);
    no_panic("symlinks out", &run);
    assert_eq!(run.code, 1);
    for link in ["content/reports/2024/passwd.md", "content/reports/2024/passwd.txt", "static/etc"] {
        assert!(
            json.iter().any(|d| d["file"] == link && d["severity"] == "error" && d["code"] == "E052"),
            "no error for {link}: {json:?}"
        );
    }
    let run = build(&site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E052]: refusing the symbolic link static/etc → /etc"), "{}", run.stderr);
    assert!(!site.out().exists());
}

#[test]
fn utf16_and_binary_files_are_named() {
    let site = Site::fixture("hardening/base");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("---\r\ntitle: 记事本保存的报告\r\n---\r\n正文\r\n".encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(site.root().join("content/reports/2024/2024-01-05-notepad.md"), utf16).unwrap();
    let (run, json) = check(&site);
    assert_eq!(run.code, 1);
    assert_eq!(json[0]["message"], "file is UTF-16 text, not UTF-8");
    assert_eq!(json[0]["file"], "content/reports/2024/2024-01-05-notepad.md");
    std::fs::remove_file(site.root().join("content/reports/2024/2024-01-05-notepad.md")).unwrap();
    std::fs::write(site.root().join("content/reports/2024/2024-01-05-bin.md"), b"---\ntitle: a\n---\n\x00\x01\x02")
        .unwrap();
    let (run, json) = check(&site);
    assert_eq!(run.code, 1);
    assert_eq!((json[0]["line"].as_u64(), json[0]["column"].as_u64()), (Some(4), Some(1)));
    assert!(!Path::new(&site.out()).exists());
}

/// A real write failure in the middle of a build: the file size limit (`ulimit -f`) makes the
/// write of one large page fail with EFBIG (SIGXFSZ is ignored, as a shell `trap ''` passes on),
/// after other files were written. The error names the file, and the previous site stays.
#[cfg(unix)]
#[test]
fn a_write_that_fails_midway_keeps_the_previous_site() {
    let site = Site::fixture("build/basic");
    assert_eq!(site.build(&[]).code, 0);
    let before = crate::support::snapshot_dir(&site.out());
    let paragraph = "县人大常委会坚持围绕中心、服务大局，依法履职，扎实开展各项工作。\n\n";
    site.write("content/reports/2024/2024-06-01-big.md", &format!("---\ntitle: 大\n---\n{}", paragraph.repeat(8_000)));
    let script = format!(
        "trap '' XFSZ; ulimit -f 512; exec '{}' build --root '{}' --output '{}'",
        env!("CARGO_BIN_EXE_gazette"),
        site.root().display(),
        site.out().display()
    );
    let out = Command::new("sh").args(["-c", &script]).env("NO_COLOR", "1").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[E050]: cannot write"), "{stderr}");
    assert!(stderr.contains("larger than the system allows"), "{stderr}");
    assert!(stderr.contains("reports/2024/big/index.html"), "the failed file is not named: {stderr}");
    // named as the site will have it, not inside the staging folder
    let published = site.out().join("reports/2024/big/index.html");
    assert!(stderr.contains(&format!("cannot write {}", published.display())), "{stderr}");
    assert!(stderr.contains("previous site is unchanged"), "{stderr}");
    assert_eq!(crate::support::snapshot_dir(&site.out()), before, "the previous site changed");
    let leftovers: Vec<_> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "site" && n != "out")
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn deeply_nested_yaml_is_an_error_not_a_hang() {
    // YAML's scanner is quadratic in `[` depth: 100,000 of them took minutes before the depth
    // was limited (yaml::tests::deep_flow_nesting_is_refused_at_once)
    let site = Site::fixture("hardening/base");
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    site.write("content/reports/2024/2024-01-05-b.md", &format!("---\ntitle: x\nextra: {{a: {deep}}}\n---\n"));
    // at the value's first bracket, the start of what to quote (yaml::tests::deep_brackets_point_at_the_value)
    assert_fails(&site, "deep front matter", "E012", "content/reports/2024/2024-01-05-b.md:3:8");
    let site = Site::fixture("hardening/base");
    site.write("site.yaml", &format!("title: t\nbase_url: https://example.org/\nextra: {deep}\n"));
    let (run, json) = check(&site);
    assert_eq!(run.code, 1);
    assert_eq!(json[0]["code"], "E002");
}

#[test]
fn thousands_of_errors_in_one_file() {
    // 20,000 headings of one title: unique ids were found by counting from 1 each time
    let site = Site::fixture("hardening/base");
    site.write(
        "content/reports/2024/2024-01-05-h.md",
        &format!("---\ntitle: h\n---\n{}", "## 问题\n\n".repeat(20_000)),
    );
    assert_builds(&site, "20,000 headings");
    let ids = attrs(&site.html("reports/2024/h/index.html"), ".prose h2", "id");
    assert_eq!((ids.len(), ids[0].as_str(), ids[19_999].as_str()), (20_000, "wen-ti", "wen-ti-19999"));

    // 8,000 broken anchors on one line, 8,000 broken links on as many lines: every code frame
    // showed the whole line, and every JSON position counted from the start of the file
    let site = Site::fixture("hardening/base");
    site.write(
        "content/reports/2024/2024-01-05-l.md",
        &format!(
            "---\ntitle: l\n---\n{}\n\n{}",
            "[a](/reports/2024/a/#x) ".repeat(8_000),
            "[b](/nowhere/)\n\n".repeat(8_000)
        ),
    );
    let (run, json) = check(&site);
    assert_eq!(run.code, 1);
    assert_eq!(json.len(), 16_000);
    assert_eq!((json[7_999]["line"].as_u64(), json[7_999]["column"].as_u64()), (Some(4), Some(1 + 7_999 * 24)));
    assert_eq!(json[15_999]["line"].as_u64(), Some(6 + 2 * 7_999));
    let root = site.root();
    let text = gazette_within(LIMIT, &["check", "--root", root.to_str().unwrap(), "--today", TODAY]);
    assert_eq!(text.stderr.matches("error[E041]: broken anchor").count(), 20);
    assert!(text.stderr.contains("error[E041]: 7980 more like this in the same file, not shown"), "{}", text.stderr);
    assert!(text.stderr.contains("error[E040]: 7980 more like this in the same file, not shown"));
    assert!(text.stderr.contains("发现 16000 个错误、0 条警告"));
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    // `gazette completions bash | head -1`: the reader goes away before the writer is done
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["completions", "bash"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
