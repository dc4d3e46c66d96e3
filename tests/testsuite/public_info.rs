//! 政务公开 metadata: the 索引号 (recorded in `index-numbers.yaml`, stable when pages are added),
//! the metadata block and the meta tags.

use crate::support::{Site, attrs, gazette, texts};

fn index_no(site: &Site, rel: &str) -> String {
    let html = site.html(rel);
    let shown = texts(&html, ".public-info .public-info-index-no");
    assert_eq!(shown.len(), 1, "{rel}");
    assert_eq!(attrs(&html, "meta[name=IndexNumber]", "content"), shown, "{rel}");
    shown[0].clone()
}

#[test]
fn index_numbers_are_recorded_and_stay_when_a_report_is_added() {
    let site = Site::fixture("public_info/basic");
    let registry = site.root().join("index-numbers.yaml");
    // check reports, never writes
    let root = site.root();
    let run = gazette(&["check", "--root", root.to_str().unwrap()], None);
    assert!(!registry.exists(), "check wrote {}", run.stderr);

    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("recorded 2 new 索引号"), "{}", run.stderr);
    assert_eq!(index_no(&site, "reports/2024/gongzuo/index.html"), "PREFIX-1/2024-00101");
    assert_eq!(index_no(&site, "reports/2024/shenyi/index.html"), "PREFIX-1/2024-00102");
    // set by hand: shown, not recorded, and never given to another page
    assert_eq!(index_no(&site, "reports/2024/shoubian/index.html"), "PREFIX-1/2024-00100");
    let recorded = std::fs::read_to_string(&registry).unwrap();
    assert_eq!(recorded.lines().filter(|l| !l.starts_with('#')).count(), 2, "{recorded}");
    // recording the numbers is not a change: the next build of the same inputs has nothing to do
    let run = site.build(&[]);
    assert!(run.stdout.contains("已是最新") || run.stderr.contains("已是最新"), "{}{}", run.stdout, run.stderr);
    // a standalone page has no block
    assert!(texts(&site.html("about/index.html"), ".public-info").is_empty());

    // the whole block, and its meta tags
    let html = site.html("reports/2024/gongzuo/index.html");
    assert_eq!(
        texts(&html, ".public-info th"),
        ["索引号", "主题分类", "发布机构", "成文日期", "文号", "发布日期", "本文链接"]
    );
    assert_eq!(
        texts(&html, ".public-info td"),
        [
            "PREFIX-1/2024-00101",
            "人大工作",
            "县人大常委会办公室",
            "2024年3月1日",
            "江人常〔2024〕1号",
            "2024年3月1日",
            "https://example.org/renda/reports/2024/gongzuo/"
        ]
    );
    assert_eq!(attrs(&html, "meta[name=Publisher]", "content"), ["县人大常委会办公室"]);
    assert_eq!(attrs(&html, "meta[name=DocNumber]", "content"), ["江人常〔2024〕1号"]);

    // a report dated before the others is added: old numbers stay, the new one is the next
    site.write("content/reports/2024/2024-01-10-xin.md", "---\ntitle: 新报告\ndate: 2024-01-10\n---\n文\n");
    site.write("content/reports/2023/2023-12-01-jiu.md", "---\ntitle: 去年的报告\ndate: 2023-12-01\n---\n文\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(index_no(&site, "reports/2024/gongzuo/index.html"), "PREFIX-1/2024-00101");
    assert_eq!(index_no(&site, "reports/2024/shenyi/index.html"), "PREFIX-1/2024-00102");
    assert_eq!(index_no(&site, "reports/2024/xin/index.html"), "PREFIX-1/2024-00103");
    assert_eq!(index_no(&site, "reports/2023/jiu/index.html"), "PREFIX-1/2023-00001");
    let again = std::fs::read_to_string(&registry).unwrap();
    assert!(again.contains(recorded.lines().last().unwrap()));

    // a removed page's number is never given to another
    std::fs::remove_file(site.root().join("content/reports/2024/2024-01-10-xin.md")).unwrap();
    site.write("content/reports/2024/2024-12-01-zui.md", "---\ntitle: 最新\ndate: 2024-12-01\n---\n文\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(index_no(&site, "reports/2024/zui/index.html"), "PREFIX-1/2024-00104");

    // nothing new: the file is not written again
    let before = std::fs::read(&registry).unwrap();
    let modified = std::fs::metadata(&registry).unwrap().modified().unwrap();
    site.write("content/reports/2024/2024-12-01-zui.md", "---\ntitle: 最新（修订）\ndate: 2024-12-01\n---\n文\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("recorded"), "{}", run.stderr);
    assert_eq!(std::fs::read(&registry).unwrap(), before);
    assert_eq!(std::fs::metadata(&registry).unwrap().modified().unwrap(), modified);
}

#[test]
fn no_block_without_public_info() {
    let site = Site::fixture("public_info/basic");
    site.write("site.yaml", "title: 测试站点\nbase_url: https://example.org/renda/\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(texts(&site.html("reports/2024/gongzuo/index.html"), ".public-info").is_empty());
    assert!(!site.root().join("index-numbers.yaml").exists());
}

/// `(entry id, dc:identifier, dc:publisher)` of every entry of an Atom feed, read with an XML
/// parser.
fn feed_entries(xml: &str) -> Vec<(String, String, String)> {
    fn append(current: &mut Option<(String, String, String)>, open: &str, text: &str) {
        if let Some(c) = current.as_mut() {
            match open {
                "id" => c.0.push_str(text),
                "dc:identifier" => c.1.push_str(text),
                "dc:publisher" => c.2.push_str(text),
                _ => {}
            }
        }
    }
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut entries, mut current, mut open) = (Vec::new(), None::<(String, String, String)>, String::new());
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                open = AsRef::<str>::as_ref(&e.name()).to_string();
                if open == "entry" {
                    current = Some(Default::default());
                }
            }
            // text arrives in pieces: plain runs, and each entity (`&lt;`) as a reference
            Event::Text(t) => {
                let text = t.xml_content(quick_xml::XmlVersion::Implicit1_0).into_owned();
                append(&mut current, &open, &text);
            }
            Event::GeneralRef(r) => {
                let name = AsRef::<str>::as_ref(&*r).to_string();
                let c = match name.as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                append(&mut current, &open, c);
            }
            Event::End(e) => {
                if AsRef::<str>::as_ref(&e.name()) == "entry" {
                    entries.extend(current.take());
                }
                open.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    entries
}

#[test]
fn feeds_carry_the_index_number_and_publisher() {
    let site = Site::fixture("public_info/basic");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let entries = feed_entries(&site.read("atom.xml"));
    let of = |url: &str| entries.iter().find(|e| e.0 == url).cloned().unwrap();
    assert_eq!(
        of("https://example.org/renda/reports/2024/gongzuo/"),
        (
            "https://example.org/renda/reports/2024/gongzuo/".into(),
            "PREFIX-1/2024-00101".into(),
            "县人大常委会办公室".into()
        )
    );
    assert_eq!(of("https://example.org/renda/reports/2024/shoubian/").1, "PREFIX-1/2024-00100");
    let topic = feed_entries(&site.read("topics/ren-da-gong-zuo/atom.xml"));
    assert_eq!(topic.len(), 1);
    assert_eq!(topic[0].1, "PREFIX-1/2024-00101");
}

#[test]
fn hostile_values_are_text_in_the_block_the_meta_tags_and_the_feed() {
    let site = Site::fixture("public_info/basic");
    site.write(
        "site.yaml",
        "title: 测试站点\nbase_url: https://example.org/renda/\npublic_info:\n  index_prefix: \"P\"\n  \
         publisher: \"<img src=x onerror=alert(1)>\"\n",
    );
    site.write(
        "content/reports/2024/2024-08-01-e.md",
        "---\ntitle: 报告\ndate: 2024-08-01\nindex_no: \"</td><script>alert(2)</script>\"\n---\n文\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.html("reports/2024/e/index.html");
    assert_eq!(texts(&html, ".public-info-index-no"), ["</td><script>alert(2)</script>"]);
    assert_eq!(attrs(&html, "meta[name=Publisher]", "content"), ["<img src=x onerror=alert(1)>"]);
    assert!(attrs(&html, "img", "onerror").is_empty());
    assert!(texts(&html, "script").iter().all(|s| !s.contains("alert(2)")));
    let entries = feed_entries(&site.read("atom.xml"));
    let e = entries.iter().find(|e| e.0.ends_with("/reports/2024/e/")).unwrap();
    assert_eq!((e.1.as_str(), e.2.as_str()), ("</td><script>alert(2)</script>", "<img src=x onerror=alert(1)>"));
}
