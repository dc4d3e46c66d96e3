//! Resource limits: small inputs that used to cost gigabytes (issue 12, "Resource exhaustion
//! from small inputs"). Each test asserts on sizes or on the error, never on time: deep
//! Markdown nesting is an error at its position, a term's feed does not repeat every topic, and
//! `gazette import` stops at its per-part and total size limits before writing anything.

use std::io::Write as _;
use std::path::Path;

use crate::support::{Site, gazette, snapshot_dir};

const FRONT: &str = "---\ntitle: 深\ndate: 2024-01-04\n---\n";

/// Writes `body` as a report of the `hardening/base` site.
fn site_with(body: &str) -> Site {
    let site = Site::fixture("hardening/base");
    site.write("content/reports/2024/2024-01-05-deep.md", &format!("{FRONT}{body}"));
    site
}

fn assert_too_deep(site: &Site, at: &str) {
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E080]: Markdown nested deeper than 100 levels"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("--> content/reports/2024/2024-01-05-deep.md:{at}")), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(!site.out().exists(), "a failed build wrote output");
}

/// The shape of finding 10: line n holds n list markers, so the report is quadratic in its
/// lines and each `- ` (two bytes) became 22 bytes of HTML and a few hundred bytes of memory.
/// 3,000 such lines (9 MB) took 3.2 GB and wrote a 99 MB page; now the 101st level is an error.
#[test]
fn deep_nesting_is_an_error_with_its_position() {
    let dashes: String = (0..150).map(|i| format!("{}项\n", "- ".repeat(i))).collect();
    // line 4 + 102 is the first with 101 markers; its 101st list starts at column 201
    assert_too_deep(&site_with(&dashes), "106:201");

    // line 4 + 101 is the 101st item, each indented two more spaces than the last
    let indented: String = (0..150).map(|i| format!("{}- 项\n", "  ".repeat(i))).collect();
    assert_too_deep(&site_with(&indented), "105:201");

    let quotes = format!("{} 最深处\n", "> ".repeat(150));
    assert_too_deep(&site_with(&quotes), "5:201");

    // `**` is one level of strong: 250 stars are 125 levels
    let emphasis = format!("{}重点{}\n", "*".repeat(250), "*".repeat(250));
    assert_too_deep(&site_with(&emphasis), "5:201");

    // a quote and a list per step: line 4 + 51 reaches level 101, a quote at column 201
    let mixed: String = (0..150).map(|i| format!("{}项\n", "> - ".repeat(i))).collect();
    assert_too_deep(&site_with(&mixed), "56:201");
}

/// The page is there, with an error of its own: a link to it is not broken.
#[test]
fn a_link_to_a_page_nested_too_deep_is_not_broken() {
    let site = site_with(&format!("{} 深\n", "> ".repeat(101)));
    site.write("content/reports/2024/2024-01-06-b.md", "---\ntitle: 乙\n---\n见[深](/reports/2024/deep/)。\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E080]"), "{}", run.stderr);
    assert!(!run.stderr.contains("E040"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("error[").count(), 1, "{}", run.stderr);
}

/// A section's `_index.md` text is Markdown too.
#[test]
fn deep_nesting_in_a_section_text_is_an_error() {
    let site = Site::fixture("hardening/base");
    site.write("content/reports/_index.md", &format!("---\ntitle: 报告\n---\n{} 深\n", "> ".repeat(101)));
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E080]"), "{}", run.stderr);
    assert!(run.stderr.contains("--> content/reports/_index.md:4:201"), "{}", run.stderr);
}

/// 100 levels build, and a page of many 100-level lines writes HTML linear in its size.
#[test]
fn nesting_up_to_the_limit_builds_linearly() {
    let line = format!("{}项\n", "- ".repeat(100));
    let body = line.repeat(200);
    let site = site_with(&body);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.read("reports/2024/deep/index.html");
    // the first line opens 100 lists; each next one continues the outermost and opens 99
    assert_eq!(html.matches("<ul>").count(), 100 + 199 * 99);
    // 22 bytes of tags per two-byte marker, plus the page around it
    assert!(html.len() < 12 * body.len() + 100_000, "{} bytes of HTML for {} of Markdown", html.len(), body.len());
}

/// Finding 11: a term's feed repeated every topic of every entry, so one page with n topics
/// wrote n feeds of n categories (1,000 topics: 44 MB; 10,000: 3.3 GB). A term's feed now
/// names only its term; the site feed keeps every topic of each entry.
#[test]
fn term_feeds_grow_linearly_with_topics() {
    let site = Site::fixture("hardening/base");
    site.write("site.yaml", "title: 测试站点\nbase_url: https://example.org/\nfeeds: true\nsearch: false\n");
    let topics: String = (0..400).map(|i| format!("  - 话题{i}\n")).collect();
    site.write(
        "content/reports/2024/2024-01-05-many.md",
        &format!("---\ntitle: 多话题\ndate: 2024-01-05\ntype: 工作报告\ntopics:\n{topics}---\n正文。\n"),
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = snapshot_dir(&site.out());
    let feeds: Vec<&(String, Vec<u8>)> =
        files.iter().filter(|(p, _)| p.starts_with("topics/") && p.ends_with("/atom.xml")).collect();
    assert_eq!(feeds.len(), 400);
    for (path, bytes) in &feeds {
        let xml = String::from_utf8_lossy(bytes);
        assert_eq!(xml.matches("<category ").count(), 1, "{path}");
        assert!(bytes.len() < 3_000, "{path}: {} bytes", bytes.len());
    }
    let seven =
        String::from_utf8_lossy(&files.iter().find(|(p, _)| p == "topics/hua-ti-7/atom.xml").unwrap().1).into_owned();
    assert!(seven.contains("<category term=\"话题7\"/>"), "{seven}");
    let types = site.read("types/gong-zuo-bao-gao/atom.xml");
    assert_eq!(types.matches("<category ").collect::<Vec<_>>(), ["<category "]);
    assert!(types.contains("<category term=\"工作报告\"/>"), "{types}");
    let site_feed = site.read("atom.xml");
    assert_eq!(site_feed.matches("<category ").count(), 400);
    // the whole site: linear in the topics (about 10 KB each, in a debug build's theme)
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    assert!(total < 400 * 16_000, "{total} bytes for 400 topics");
}

/// A Word file of the parts every `.docx` has, a paragraph that shows `images` images, and
/// those images, each `image_size` bytes of zeros (deflated to almost nothing).
fn docx_with_images(images: usize, image_size: usize) -> Vec<u8> {
    let drawings: String = (1..=images)
        .map(|i| format!(r#"<w:p><w:r><w:drawing><a:blip r:embed="rId{i}"/></w:drawing></w:r></w:p>"#))
        .collect();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="w" xmlns:r="r" xmlns:a="a"><w:body><w:p><w:r><w:t>关于调研情况的报告</w:t></w:r></w:p><w:p><w:r><w:t>正文。</w:t></w:r></w:p>{drawings}</w:body></w:document>"#
    );
    let rels: String = (1..=images)
        .map(|i| format!(r#"<Relationship Id="rId{i}" Type="image" Target="media/image{i}.png"/>"#))
        .collect();
    let rels = format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="x">{rels}</Relationships>"#);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document.as_bytes()).unwrap();
    zip.start_file("word/_rels/document.xml.rels", options).unwrap();
    zip.write_all(rels.as_bytes()).unwrap();
    let zeros = vec![0u8; image_size];
    for i in 1..=images {
        zip.start_file(format!("word/media/image{i}.png"), options).unwrap();
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn import(dir: &Path, file: &str) -> crate::support::Run {
    let root = dir.join("site");
    gazette(&["import", dir.join(file).to_str().unwrap(), "--root", root.to_str().unwrap()], None)
}

fn init(dir: &Path) {
    let run = gazette(&["init", dir.join("site").to_str().unwrap()], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Finding 12: 40 images of 60 MB each (2.4 GB uncompressed, a few MB as a file) were all read
/// into memory and written into `content/`. Now import reads at most 256 MB in all: five images
/// of 60 MB are an error, and nothing is written.
#[test]
fn import_stops_at_the_total_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let docx = docx_with_images(5, 60 * 1024 * 1024);
    assert!(docx.len() < 2 * 1024 * 1024, "{} bytes", docx.len());
    std::fs::write(dir.path().join("photos.docx"), &docx).unwrap();
    let before = snapshot_dir(&dir.path().join("site"));
    let run = import(dir.path(), "photos.docx");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error[E068]: this Word file is too large to import: with word/media/image5.png it holds more than 256 MB"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot_dir(&dir.path().join("site")), before, "import changed the site");

    // four such images (240 MB) are within the limit and are written
    std::fs::write(dir.path().join("two.docx"), docx_with_images(2, 60 * 1024 * 1024)).unwrap();
    let run = import(dir.path(), "two.docx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written: u64 = walkdir::WalkDir::new(dir.path().join("site/content"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with("image"))
        .map(|e| e.metadata().unwrap().len())
        .sum();
    assert_eq!(written, 2 * 60 * 1024 * 1024);
}

/// One part over 64 MB is an error by the size the zip declares, before it is read; a part
/// whose declared size lies is cut off at the limit by the read itself (see the unit tests in
/// `src/import/docx.rs`).
#[test]
fn import_stops_at_the_per_part_limit() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    std::fs::write(dir.path().join("big.docx"), docx_with_images(1, 65 * 1024 * 1024)).unwrap();
    let run = import(dir.path(), "big.docx");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error[E068]: this Word file is too large to import: word/media/image1.png is larger than 64 MB"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("site/content/reports/关于调研情况的报告").exists());
}
