//! Property: `build` and `check` on arbitrary small sites never panic, and a build either
//! publishes a whole site or leaves nothing behind. Sites are drawn from awkward pieces: Chinese,
//! spaces and dots in paths, bundles, `_index.md` at any depth, invalid dates and slugs, HTML in
//! every field, unclosed front matter, bodies of Markdown fragments.

use proptest::prelude::*;

use gazette::config::{Config, Overrides};
use gazette::diag::Code;

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("reports".to_string()),
        Just("news".to_string()),
        Just("2024".to_string()),
        Just("视察 活动".to_string()),
        Just("a.b".to_string()),
        Just("-".to_string()),
        Just("年".to_string()),
        "[a-z0-9 _-]{1,6}",
    ]
}

fn file_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("index.md".to_string()),
        Just("_index.md".to_string()),
        Just("2024-01-04-gongzuo-baogao.md".to_string()),
        Just("2024-02-30-bad.md".to_string()),
        Just("2024-01-04 报告.md".to_string()),
        Just("photo.jpg".to_string()),
        Just("全文.pdf".to_string()),
        Just("sitemap.xml".to_string()),
        "[a-z]{1,4}\\.md",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("县人大常委会工作报告".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("\"quoted\" & 'single'".to_string()),
        Just("a: b".to_string()),
        Just("---".to_string()),
        any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn yaml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        text().prop_map(|t| format!("{t:?}")),
        Just("2024-01-04".to_string()),
        Just("2024-02-30".to_string()),
        Just("2024年1月4日".to_string()),
        Just("[a, 生态环保]".to_string()),
        Just("{file: photo.jpg, title: 照片}".to_string()),
        Just("[{file: 全文.pdf}]".to_string()),
        Just("../../etc".to_string()),
        Just("/old/a.html".to_string()),
        Just("true".to_string()),
        Just("12".to_string()),
        Just("[unclosed".to_string()),
        // references of `responds_to:`/`related:` (paths that may exist, numbers pages share)
        Just("reports/2024/2024-01-04-gongzuo-baogao.md".to_string()),
        Just("[reports/a.md, 江人常〔2024〕5号]".to_string()),
        Just("江人常〔2024〕5号".to_string()),
        Just("江陵县第七届人民代表大会常务委员会第二十次会议".to_string()),
        Just("第十八届人大常委会第五十次主任会议".to_string()),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        Just("title"),
        Just("date"),
        Just("updated"),
        Just("summary"),
        Just("topics"),
        Just("type"),
        Just("slug"),
        Just("aliases"),
        Just("attachments"),
        Just("cover"),
        Just("weight"),
        Just("draft"),
        Just("template"),
        Just("extra"),
        Just("responds_to"),
        Just("related"),
        Just("doc_number"),
        Just("meeting"),
        Just("index_no"),
        Just("topic"),
        Just("sort_by"),
        Just("paginate"),
    ];
    (prop::collection::vec((field, yaml_value()), 0..6), any::<bool>()).prop_map(|(fields, closed)| {
        let mut s = String::from("---\n");
        for (k, v) in fields {
            s.push_str(&format!("{k}: {v}\n"));
        }
        if closed {
            s.push_str("---\n");
        }
        s
    })
}

fn body() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("## 一、基本情况\n".to_string()),
        Just("**扎实开展主题教育。**县人大常委会\n".to_string()),
        Just("[链接](/reports/)\n".to_string()),
        Just("[锚点](#yi-ji-ben-qing-kuang)\n".to_string()),
        Just("![](photo.jpg)\n".to_string()),
        Just("[坏](javascript:alert(1))\n".to_string()),
        Just("> > > 引用\n".to_string()),
        Just("```rust\nfn main() {}\n```\n".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("正文[^1]\n\n[^1]: 注释\n".to_string()),
        Just("<div onclick=x>raw</div>\n".to_string()),
        text(),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|v| v.join("\n"))
}

fn site_yaml() -> impl Strategy<Value = String> {
    (text(), any::<bool>(), 1..4usize, any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(title, unicode, paginate, html, feeds, public_info)| {
            format!(
                "title: {:?}\nbase_url: https://example.org/renda/\nslugify: {}\npaginate: {paginate}\n\
             markdown:\n  unsafe_html: {html}\nfeeds: {feeds}\nsearch: false\n{}",
                if title.is_empty() { "站点".to_string() } else { title },
                if unicode { "unicode" } else { "pinyin" },
                if public_info { "public_info: {index_prefix: \"P<&>\"}\n" } else { "" },
            )
        },
    )
}

fn files() -> impl Strategy<Value = Vec<(String, String)>> {
    let file = (prop::collection::vec(segment(), 0..3), file_name(), front_matter(), body()).prop_map(
        |(dirs, name, fm, body)| {
            let mut path = dirs.join("/");
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str(&name);
            let text = if name.ends_with(".md") { format!("{fm}{body}") } else { "bytes".into() };
            (path, text)
        },
    );
    prop::collection::vec(file, 0..7)
}

fn run_site(yaml: &str, files: &[(String, String)]) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("site.yaml"), yaml).unwrap();
    for (rel, text) in files {
        let path = root.join("content").join(rel);
        // a name may be both a folder and a file: the first one wins
        if std::fs::create_dir_all(path.parent().unwrap()).is_ok() && !path.exists() {
            let _ = std::fs::write(&path, text);
        }
    }
    let config = match Config::load(&root, &Overrides::default()) {
        Ok(c) => c,
        Err(d) => {
            assert!(d.iter().all(|d| d.is_error()));
            return;
        }
    };
    let today = jiff::civil::date(2024, 1, 10);
    let checked = gazette::check::check_site(&config, today);
    let out = tmp.path().join("out");
    match gazette::pipeline::build(&config, &out, None) {
        Ok(_) => {
            assert!(out.join(".gazette-output").is_file(), "a build succeeded without a marked output");
            let errors: Vec<_> = checked.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "check found errors the build did not: {errors:?}");
        }
        Err(f) => {
            assert!(f.has_errors(), "a failed build without an error");
            assert!(!out.exists(), "a failed build left an output folder");
            let content_error = f.errors().any(|d| d.code != Code::Io);
            assert!(
                !content_error || checked.iter().any(|d| d.is_error()),
                "the build failed but check found no error: {:?}",
                f
            );
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "site" && n != "out")
        .collect();
    assert!(leftovers.is_empty(), "left {leftovers:?}");
}

proptest! {
    // PROPTEST_CASES=5000 for a longer run
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(128)
    ) })]

    #[test]
    fn build_never_panics(yaml in site_yaml(), files in files()) {
        run_site(&yaml, &files);
    }
}
