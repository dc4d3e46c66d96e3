//! Authoring: `gazette init`, `gazette new` and `gazette import` of plain-text and Word reports.
//! The Word files are built here with the `zip` crate, with the direct formatting offices use.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use gazette::diag::Source;
use gazette::pipeline::front_matter::{self, PageMeta};

use crate::support::{Run, copy_dir, repo, snapshot_dir, texts};

/// Runs the binary in `cwd` with extra environment variables.
fn gazette_in(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gazette"));
    cmd.args(args).current_dir(cwd).env("NO_COLOR", "1").env_remove("GAZETTE_TODAY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run gazette");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh site made by `gazette init` in a temporary folder.
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    // the sample report is dated the day the site is made
    let run = gazette_in(dir.path(), &["init", "site"], &[("GAZETTE_TODAY", "2024-01-04")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let root = dir.path().join("site");
    (dir, root)
}

fn build(root: &Path) -> Run {
    let run = gazette_in(root, &["build"], &[]);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    run
}

fn parse_meta(markdown: &str) -> PageMeta {
    let source = Source { path: "page.md".into(), text: markdown.into() };
    let split = front_matter::split(&source, markdown).unwrap();
    front_matter::parse_page(&source, &split, &["topics".into(), "types".into()])
        .unwrap_or_else(|d| panic!("{}", d[0].render(false)))
}

fn body(markdown: &str) -> &str {
    let rest = markdown.strip_prefix("---\n").unwrap();
    &rest[rest.find("\n---\n").unwrap() + 5..]
}

fn seed() -> PathBuf {
    repo().join("tests/fixtures/authoring/seed-report.txt")
}

#[test]
fn init_new_build_in_a_fresh_folder() {
    let (_dir, root) = init_site();
    for file in ["site.yaml", ".gitignore", "content/_index.md"] {
        assert!(root.join(file).is_file(), "init did not write {file}");
    }
    // the default theme is built in: no copy in the new site
    assert!(!root.join("themes").exists());
    assert!(std::fs::read_to_string(root.join(".gitignore")).unwrap().contains("/public/"));
    let run = gazette_in(
        &root,
        &["new", "reports", "关于全县营商环境建设情况的调研报告"],
        &[("GAZETTE_TODAY", "2024-03-01")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rel = run.stdout.trim();
    // the slug `import` gives the same title (authoring::slug_for): the words after 关于, cut
    // at 60 characters, not the whole title's pinyin
    assert_eq!(rel, "content/reports/2024/2024-03-01-quan-xian-ying-shang-huan-jing-jian-she-qing-kuang-de-diao.md");
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    let meta = parse_meta(&text);
    assert_eq!(meta.title.as_deref(), Some("关于全县营商环境建设情况的调研报告"));
    assert_eq!(meta.date.map(|d| d.date.to_string()).as_deref(), Some("2024-03-01"));
    assert!(meta.topics.is_empty() && meta.doc_type.is_none());
    assert!(text.contains("type: \"\"  #"), "{text}");

    // the new page builds at once, with the sample report
    build(&root);
    let page = root.join("public/reports/2024/quan-xian-ying-shang-huan-jing-jian-she-qing-kuang-de-diao/index.html");
    let html = scraper::Html::parse_document(&std::fs::read_to_string(page).unwrap());
    assert_eq!(texts(&html, "h1"), ["关于全县营商环境建设情况的调研报告"]);
    assert!(root.join("public/reports/2024/changweihui-gongzuo-baogao/index.html").is_file());

    // never overwrites
    let again = gazette_in(
        &root,
        &["new", "reports", "关于全县营商环境建设情况的调研报告"],
        &[("GAZETTE_TODAY", "2024-03-01")],
    );
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("error[E065]"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(root.join(rel)).unwrap(), text);
    // --slug, and a bad clock
    let slugged = gazette_in(&root, &["new", "news", "视察", "--slug", "visit"], &[("GAZETTE_TODAY", "2024-03-02")]);
    assert_eq!(slugged.stdout.trim(), "content/news/2024/2024-03-02-visit.md", "{}", slugged.stderr);
    let bad = gazette_in(&root, &["new", "news", "视察"], &[("GAZETTE_TODAY", "2024-02-30")]);
    assert_eq!(bad.code, 1);
}

#[test]
fn import_of_the_seed_report() {
    let (_dir, root) = init_site();
    let run = gazette_in(&root, &["import", seed().to_str().unwrap()], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rel = run.stdout.trim();
    assert_eq!(rel, "content/reports/2024/2024-01-04-gong-zuo-bao-gao.md");
    assert!(run.stderr.contains("recognised:"), "{}", run.stderr);
    assert!(run.stderr.contains("not found (left for the editor"), "{}", run.stderr);
    let markdown = std::fs::read_to_string(root.join(rel)).unwrap();

    let meta = parse_meta(&markdown);
    assert_eq!(meta.title.as_deref(), Some("江陵县人民代表大会常务委员会工作报告"));
    assert_eq!(meta.date.map(|d| d.date.to_string()).as_deref(), Some("2024-01-04"));
    assert_eq!(meta.meeting.as_deref(), Some("江陵县第七届人民代表大会第三次会议"));
    assert_eq!(meta.speaker.as_deref(), Some("汪新华"));
    assert_eq!(meta.speaker_title.as_deref(), Some("县人大常委会主任"));
    assert_eq!(meta.doc_type.as_deref(), Some("工作报告"));
    assert!(markdown.contains("topics: []  # fill in"), "topics left for the editor");

    // two top-level headings, each with its 一、…四、
    let body = body(&markdown);
    let mut outline: Vec<(String, Vec<String>)> = Vec::new();
    for line in body.lines() {
        if let Some(h2) = line.strip_prefix("## ") {
            outline.push((h2.to_string(), Vec::new()));
        } else if let Some(h3) = line.strip_prefix("### ") {
            outline.last_mut().expect("h3 before any h2").1.push(h3.chars().take(2).collect());
        } else {
            assert!(!line.starts_with('#'), "unexpected heading {line}");
        }
    }
    let numbers: Vec<String> = ["一、", "二、", "三、", "四、"].map(String::from).to_vec();
    assert_eq!(
        outline,
        [("过去一年的主要工作".to_string(), numbers.clone()), ("2024年的主要任务".to_string(), numbers)]
    );

    // every paragraph of the original, in order, word for word
    let original = std::fs::read_to_string(seed()).unwrap();
    let expected: Vec<&str> = original
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .skip(4) // title (two lines), date and meeting, speaker
        .filter(|l| !matches!(*l, "过去一年的主要工作" | "2024年的主要任务"))
        .filter(|l| !["一、", "二、", "三、", "四、"].iter().any(|n| l.starts_with(n)))
        .collect();
    let got: Vec<String> =
        body.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(|l| l.replace("**", "")).collect();
    assert_eq!(got, expected);
    assert_eq!(got.len(), 27);
    // lead sentences are bold in the CJK-friendly form
    assert!(body.contains("\n**扎实开展学习贯彻习近平新时代中国特色社会主义思想主题教育。**按照"), "{body}");

    // it builds, and the lead sentence renders bold
    build(&root);
    let html = scraper::Html::parse_document(
        &std::fs::read_to_string(root.join("public/reports/2024/gong-zuo-bao-gao/index.html")).unwrap(),
    );
    assert_eq!(texts(&html, "h1"), ["江陵县人民代表大会常务委员会工作报告"]);
    assert_eq!(texts(&html, ".prose h2"), ["过去一年的主要工作", "2024年的主要任务"]);
    assert!(texts(&html, "strong").contains(&"始终坚持党的全面领导。".to_string()));
    assert!(!html.root_element().text().collect::<String>().contains("**"));

    // never overwrites
    let again = gazette_in(&root, &["import", seed().to_str().unwrap()], &[]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("error[E065]"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(root.join(rel)).unwrap(), markdown);
}

#[test]
fn import_reads_gbk_bom_and_crlf_alike() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(seed()).unwrap();
    let dry = |name: &str, bytes: &[u8], extra: &[&str]| {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let mut args = vec!["import", name, "--dry-run"];
        args.extend_from_slice(extra);
        let run = gazette_in(dir.path(), &args, &[]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        run
    };
    let utf8 = dry("utf8.txt", original.as_bytes(), &[]);
    let (gbk, _, _) = encoding_rs::GBK.encode(&original);
    let detected = dry("gbk.txt", &gbk, &[]);
    assert_eq!(detected.stdout, utf8.stdout);
    assert!(detected.stderr.contains("reads cleanly as GB18030 (GBK) and was decoded as such"), "{}", detected.stderr);
    let forced = dry("forced.txt", &gbk, &["--encoding", "gb18030"]);
    assert_eq!(forced.stdout, utf8.stdout);
    let bom_crlf = format!("\u{FEFF}{}", original.replace('\n', "\r\n"));
    assert_eq!(dry("bom.txt", bom_crlf.as_bytes(), &[]).stdout, utf8.stdout);
    // a dry run writes nothing
    let files: Vec<String> = snapshot_dir(dir.path()).into_iter().map(|(p, _)| p).collect();
    assert_eq!(files, ["bom.txt", "forced.txt", "gbk.txt", "utf8.txt"]);
}

/// A 1×1 PNG (with correct checksums: the build decodes it for its derived images).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xFF, 0xFF, 0x3F, 0x03, 0x00, 0x08, 0xFC, 0x02, 0xFE, 0xA7, 0x9A, 0xA0,
    0xA0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A paragraph: `runs` of (text, run properties XML); `ppr` paragraph properties XML.
fn p(ppr: &str, runs: &[(&str, &str)]) -> String {
    let mut s = format!("<w:p><w:pPr>{ppr}</w:pPr>");
    for (text, rpr) in runs {
        s.push_str(&format!(r#"<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#));
    }
    s.push_str("</w:p>");
    s
}

const CENTER: &str = r#"<w:jc w:val="center"/>"#;
const FANGSONG: &str = r#"<w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/>"#;
const HEITI: &str = r#"<w:rFonts w:ascii="黑体" w:eastAsia="黑体"/><w:sz w:val="32"/>"#;
const KAITI: &str = r#"<w:rFonts w:ascii="楷体_GB2312" w:eastAsia="楷体_GB2312"/><w:sz w:val="32"/>"#;
const BOLD: &str = r#"<w:rFonts w:eastAsia="仿宋_GB2312"/><w:b/><w:bCs/>"#;

/// A Word document as WPS or Word writes a review opinion: direct formatting, no heading styles.
fn review_opinion_docx() -> Vec<u8> {
    let xiaobiaosong = r#"<w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/>"#;
    let mut body = String::new();
    body.push_str(&p(CENTER, &[("江陵县人大常委会", xiaobiaosong)]));
    // a title over two lines by a line break inside one paragraph
    body.push_str(&format!(
        r#"<w:p><w:pPr>{CENTER}</w:pPr><w:r><w:rPr>{xiaobiaosong}</w:rPr><w:t>关于县人民政府优化营商环境工作情况报告的</w:t><w:br/><w:t>审 议 意 见</w:t></w:r></w:p>"#
    ));
    body.push_str(&p(CENTER, &[("（2025年6月27日在江陵县第七届人民代表大会常务委员会第二十二次会议上）", KAITI)]));
    body.push_str(&p("", &[("县人民政府：", FANGSONG)]));
    body.push_str(&p(
        r#"<w:ind w:firstLine="640"/>"#,
        &[("2025年6月27日，县第七届人民代表大会常务委员会第二十二次会议听取和审议了县人民政府关于优化营商环境工作情况的报告。现将审议意见交办如下。", FANGSONG)],
    ));
    body.push_str(&p("", &[("一、总体评价", HEITI)]));
    // a run-in heading in 楷体, then the text; a `*` that must not become emphasis
    body.push_str(&p(
        "",
        &[
            ("（一）政策体系逐步健全。", KAITI),
            ("县政府先后出台了《优化营商环境十条措施》等文件，*惠企*政策兑现更加及时。", FANGSONG),
        ],
    ));
    body.push_str(&p("", &[("政务服务持续优化。", BOLD), ("“一网通办”事项达到95%。", FANGSONG)]));
    body.push_str(&p("", &[("二、存在的问题", HEITI)]));
    body.push_str(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2023年</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2024年</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>办理时限（天）</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
    );
    body.push_str(r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="1" name="图片 1" descr="座谈会现场"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rId10"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#);
    body.push_str(&p("", &[("1.要素保障能力有待增强。项目用地指标紧张，中小企业融资成本仍然偏高。", FANGSONG)]));
    body.push_str(&p(r#"<w:jc w:val="right"/>"#, &[("江陵县人大常委会", FANGSONG)]));
    body.push_str(&p(r#"<w:jc w:val="right"/>"#, &[("2025年6月30日", FANGSONG)]));
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    docx(&[
        ("word/document.xml", document.as_bytes()),
        (
            "word/_rels/document.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>"#,
        ),
        ("word/media/image1.png", PNG),
    ])
}

/// A zip with the package parts every .docx has, plus `parts`.
fn docx(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let content_types = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let all: Vec<(&str, &[u8])> = [("[Content_Types].xml", content_types.as_slice()), ("_rels/.rels", rels.as_slice())]
        .into_iter()
        .chain(parts.iter().copied())
        .collect();
    for (name, bytes) in all {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn import_of_a_word_report_with_direct_formatting_a_table_and_an_image() {
    let (dir, root) = init_site();
    let file = dir.path().join("审议意见.docx");
    std::fs::write(&file, review_opinion_docx()).unwrap();
    let run = gazette_in(&root, &["import", file.to_str().unwrap()], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rel = run.stdout.trim();
    assert!(rel.starts_with("content/reports/2025/2025-06-27-xian-ren-min-zheng-fu-you-hua-ying-shang"), "{rel}");
    assert!(rel.ends_with("/index.md"), "a bundle for the image: {rel}");
    let bundle = root.join(rel).parent().unwrap().to_path_buf();
    assert_eq!(std::fs::read(bundle.join("image1.png")).unwrap(), PNG);
    let markdown = std::fs::read_to_string(root.join(rel)).unwrap();
    assert_eq!(
        markdown,
        "---
title: 江陵县人大常委会关于县人民政府优化营商环境工作情况报告的审议意见
date: 2025-06-27
meeting: 江陵县第七届人民代表大会常务委员会第二十二次会议
# speaker:  # not found: who delivered it, e.g. 汪新华
# speaker_title:  # not found: their office, e.g. 县人大常委会主任
author: 江陵县人大常委会
# doc_number:  # not found: the document number (文号), e.g. 江人常〔2024〕5号
type: 审议意见
topics: []  # fill in, e.g. [代表工作, 法治建设]
---

县人民政府：

2025年6月27日，县第七届人民代表大会常务委员会第二十二次会议听取和审议了县人民政府关于优化营商环境工作情况的报告。现将审议意见交办如下。

## 一、总体评价

### （一）政策体系逐步健全

县政府先后出台了《优化营商环境十条措施》等文件，\\*惠企\\*政策兑现更加及时。

**政务服务持续优化。**“一网通办”事项达到95%。

## 二、存在的问题

| 指标 | 2023年 | 2024年 |
| --- | --- | --- |
| 办理时限（天） | 5 | 3 |

![座谈会现场](image1.png)

#### 1.要素保障能力有待增强

项目用地指标紧张，中小企业融资成本仍然偏高。

江陵县人大常委会

2025年6月30日
"
    );
    assert!(run.stderr.contains("1 table;") || run.stderr.contains("1 table\n"), "{}", run.stderr);

    build(&root);
    // the URL drops the date prefix of the bundle folder
    let name = bundle.file_name().unwrap().to_string_lossy().into_owned();
    let out = root.join("public/reports/2025").join(&name[11..]);
    let html = scraper::Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    assert_eq!(texts(&html, "strong"), ["政务服务持续优化。"]);
    assert_eq!(texts(&html, ".prose h3"), ["（一）政策体系逐步健全"]);
    assert_eq!(texts(&html, ".prose td"), ["办理时限（天）", "5", "3"]);
    // the image is shown through its derived images, published beside the page
    let src = crate::support::attrs(&html, ".prose picture img", "src");
    assert_eq!(src.len(), 1, "{src:?}");
    let file = src[0].rsplit('/').next().unwrap();
    assert!(file.starts_with("image1.") && out.join(file).is_file(), "{src:?}");
    assert!(html.root_element().text().collect::<String>().contains("*惠企*"));
}

#[test]
fn import_dry_run_prints_the_markdown_and_writes_nothing() {
    let (dir, root) = init_site();
    let before = snapshot_dir(&root);
    let file = dir.path().join("opinion.docx");
    std::fs::write(&file, review_opinion_docx()).unwrap();
    let run = gazette_in(&root, &["import", file.to_str().unwrap(), "--dry-run", "--section", "opinions"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("---\ntitle: 江陵县人大常委会关于"), "{}", run.stdout);
    assert!(run.stderr.contains("would write content/opinions/2025/2025-06-27-"), "{}", run.stderr);
    assert_eq!(snapshot_dir(&root), before);
}

fn error_cases() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(repo().join("tests/fixtures/authoring/errors"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn every_authoring_code_has_a_fixture() {
    let cases = error_cases();
    for code in gazette::diag::Code::ALL.iter().filter(|c| c.as_str().starts_with("E06")) {
        assert!(cases.iter().any(|c| c.starts_with(code.as_str())), "no fixture for {}", code.as_str());
    }
}

/// Each case in tests/fixtures/authoring/errors/<CODE-name>/ holds the files and an `args` file;
/// the command fails with its code, says so clearly (snapshot), and changes nothing.
#[test]
fn each_authoring_error_reports_its_code_and_writes_nothing() {
    for case in error_cases() {
        let code = &case[..4];
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("tests/fixtures/authoring/errors").join(&case), dir.path());
        let args_text = std::fs::read_to_string(dir.path().join("args")).unwrap();
        let args: Vec<&str> = args_text.lines().filter(|l| !l.is_empty()).collect();
        let before = snapshot_dir(dir.path());
        let run = gazette_in(dir.path(), &args, &[]);
        assert_eq!(run.code, 1, "{case}: exit {}\n{}", run.code, run.stderr);
        assert!(run.stderr.contains(&format!("error[{code}]")), "{case}:\n{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{case} panicked");
        assert_eq!(snapshot_dir(dir.path()), before, "{case} changed files");
        insta::assert_snapshot!(case.clone(), run.stderr);
    }
}
