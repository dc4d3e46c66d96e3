//! The `/meetings/` pages: terms newest first → a term's meetings → a meeting's documents.

use crate::support::{Site, attrs, gazette, texts};

#[test]
fn terms_meetings_and_documents_in_order() {
    let site = Site::fixture("meetings/basic");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let html = site.html("meetings/index.html");
    assert_eq!(texts(&html, "main .term-name"), ["江陵县第七届人民代表大会", "江陵县第六届人民代表大会"]);
    assert_eq!(attrs(&html, "main .meeting-terms a", "href"), ["/renda/meetings/7/", "/renda/meetings/6/"]);

    // a term: sessions of the congress, then the standing committee, then councils of chairpersons
    let html = site.html("meetings/7/index.html");
    assert_eq!(texts(&html, "main h2"), ["人民代表大会会议", "常务委员会会议", "主任会议"]);
    assert_eq!(
        attrs(&html, "main .meeting-list a", "href"),
        [
            "/renda/meetings/7/congress-3/",
            "/renda/meetings/7/standing-committee-17/",
            "/renda/meetings/7/chairpersons-32/"
        ]
    );
    // a meeting is named as its documents write it most fully; hostile text stays text
    let names = texts(&html, "main .meeting-list a");
    assert_eq!(names[1], "江陵县第七届人民代表大会常务委员会第十七次会议<script>alert(1)</script>");
    assert!(texts(&html, "script").iter().all(|s| !s.contains("alert(1)")));

    // a meeting: work reports first, then by type; three spellings of one meeting are one meeting
    let html = site.html("meetings/7/standing-committee-17/index.html");
    assert_eq!(texts(&html, "main .entry-title a"), ["县人民政府专项工作报告", "执法检查报告", "某项工作的审议意见"]);
    let html = site.html("meetings/7/congress-3/index.html");
    assert_eq!(texts(&html, "main .entry-title a"), ["常委会工作报告", "国民经济和社会发展计划执行情况的报告"]);

    // a report links its meeting; one whose meeting is not parsed does not
    let html = site.html("reports/2024/jiancha/index.html");
    assert_eq!(attrs(&html, ".doc-meeting a", "href"), ["/renda/meetings/7/standing-committee-17/"]);
    assert!(attrs(&site.html("reports/2024/other/index.html"), ".doc-meeting a", "href").is_empty());

    // the sitemap lists the meeting pages; the header links the index
    let sitemap = site.read("sitemap.xml");
    for url in ["meetings/", "meetings/7/", "meetings/6/standing-committee-21/"] {
        assert!(sitemap.contains(&format!("<loc>https://example.org/renda/{url}</loc>")), "{url}");
    }
    assert!(attrs(&site.html("index.html"), ".site-nav a", "href").contains(&"/renda/meetings/".to_string()));
}

#[test]
fn no_meeting_pages_without_a_parsed_meeting() {
    let site = Site::fixture("meetings/basic");
    for entry in std::fs::read_dir(site.root().join("content/reports/2024")).unwrap() {
        let path = entry.unwrap().path();
        if !path.ends_with("2024-05-01-other.md") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.out().join("meetings").exists());
    assert!(!attrs(&site.html("index.html"), ".site-nav a", "href").iter().any(|h| h.contains("meetings")));
}

/// `meeting_term:` and `meeting_no:` set by hand: a `meeting` that names no term becomes a
/// meeting of the term given, of the kind its words name, and `check` no longer warns (W010);
/// on a parsed meeting they take the place of what was read.
#[test]
fn meeting_term_and_number_set_by_hand() {
    let site = Site::fixture("meetings/basic");
    let before = gazette(&["check", "--root", site.root().to_str().unwrap()], None);
    assert!(before.stderr.contains("W010"), "{}", before.stderr);
    site.write(
        "content/reports/2024/2024-05-01-other.md",
        "---\ntitle: 无法解析的会议\ndate: 2024-05-01\ntype: 调研报告\nmeeting: 县人大常委会会议\nmeeting_term: 7\nmeeting_no: 18\n---\n正文。\n",
    );
    let after = gazette(&["check", "--root", site.root().to_str().unwrap()], None);
    assert!(!after.stderr.contains("W010"), "{}", after.stderr);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.html("reports/2024/other/index.html");
    assert_eq!(attrs(&html, ".doc-meeting a", "href"), ["/renda/meetings/7/standing-committee-18/"]);
    let html = site.html("meetings/7/standing-committee-18/index.html");
    assert_eq!(texts(&html, "main .entry-title a"), ["无法解析的会议"]);

    // a number of 0 is an error at its line
    site.write(
        "content/reports/2024/2024-05-01-other.md",
        "---\ntitle: 无法解析的会议\ndate: 2024-05-01\nmeeting: 县人大常委会会议\nmeeting_term: 0\n---\n正文。\n",
    );
    let bad = site.build(&[]);
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    assert!(bad.stderr.contains("E014") && bad.stderr.contains("2024-05-01-other.md:5:"), "{}", bad.stderr);
}
