//! `gazette serve`: edits are served after a rebuild, broken edits keep the last good site and
//! show the error, nothing outside the output is served, and incremental output equals a clean
//! build byte for byte.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Site, snapshot_dir};

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(site: &Site) -> Server {
        Server::start_with(site, &[])
    }

    /// `gazette serve` with `extra` arguments (such as `--poll`).
    fn start_with(site: &Site, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .args(extra)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    let _ = tx.send(port.parse::<u16>().unwrap());
                }
            }
        });
        let port = rx.recv_timeout(Duration::from_secs(60)).expect("server did not start");
        Server { child, port }
    }

    /// (status, content type, body)
    fn get(&self, path: &str) -> (u16, String, String) {
        let reply = self.request("GET", path, &[]);
        let content_type = reply.header("content-type").unwrap_or("").to_string();
        (reply.status, content_type, String::from_utf8_lossy(&reply.body).into_owned())
    }

    /// One request with extra header lines, over HTTP/1.0 (no chunked bodies to decode).
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut head = format!("{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").map_or(raw.len(), |i| i + 4);
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let headers = head
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Reply { status, headers, body: raw[split..].to_vec() }
    }

    /// Polls until `pred` holds for the page (bounded wait, not a timed assertion).
    fn wait_for(&self, path: &str, what: &str, pred: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (status, _, body) = self.get(path);
            if pred(status, &body) {
                return body;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what} at {path} (last status {status})");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/__gazette/status").2).unwrap()
    }

    /// Ctrl-C: the server stops and removes its private folder.
    fn interrupt(mut self) {
        let pid = self.child.id();
        Command::new("kill").args(["-INT", &pid.to_string()]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "server did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(50));
        }
        let private = std::env::temp_dir().join(format!("gazette-serve-{pid}"));
        assert!(!private.exists(), "private build folder left at {}", private.display());
    }
}

struct Reply {
    status: u16,
    /// Names in lowercase.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

const REPORT: &str = "content/reports/2024/2024-01-04-gongzuo-baogao.md";
const REPORT_URL: &str = "/renda/reports/2024/gongzuo-baogao/";

#[test]
fn edits_new_files_deletes_renames_and_atomic_saves_are_served() {
    let site = Site::fixture("build/basic");
    let server = Server::start(&site);
    let (status, content_type, body) = server.get(REPORT_URL);
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(body.contains("县人大常委会工作报告"));
    assert!(body.contains("gazette-error-overlay"), "overlay script injected");
    assert!(!site.root().join("public").exists(), "serve must not write the user's public/");

    // an edit
    let text = std::fs::read_to_string(site.root().join(REPORT)).unwrap();
    site.write(REPORT, &text.replace("title: 县人大常委会工作报告", "title: 修改后的标题"));
    server.wait_for(REPORT_URL, "the edited title", |s, b| s == 200 && b.contains("修改后的标题"));
    // the year index follows
    server.wait_for("/renda/years/2024/", "the edited title in the year list", |_, b| b.contains("修改后的标题"));

    // a new file in a new folder
    site.write("content/reports/2025/2025-03-01-xin-baogao.md", "---\ntitle: 新增报告\n---\n新内容。\n");
    server.wait_for("/renda/reports/2025/xin-baogao/", "the new page", |s, b| s == 200 && b.contains("新增报告"));

    // a rename
    std::fs::rename(
        site.root().join("content/reports/2025/2025-03-01-xin-baogao.md"),
        site.root().join("content/reports/2025/2025-03-01-geng-ming.md"),
    )
    .unwrap();
    server.wait_for("/renda/reports/2025/geng-ming/", "the renamed page", |s, _| s == 200);
    server.wait_for("/renda/reports/2025/xin-baogao/", "the old URL gone", |s, _| s == 404);

    // a delete
    std::fs::remove_file(site.root().join("content/reports/2025/2025-03-01-geng-ming.md")).unwrap();
    server.wait_for("/renda/reports/2025/geng-ming/", "the deleted page gone", |s, _| s == 404);

    // an atomic save: write a temporary file, then rename it over the report
    let tmp = site.root().join("content/reports/2024/.gongzuo.md.tmp");
    std::fs::write(&tmp, text.replace("title: 县人大常委会工作报告", "title: 原子保存的标题")).unwrap();
    std::fs::rename(&tmp, site.root().join(REPORT)).unwrap();
    server.wait_for(REPORT_URL, "the atomically saved title", |_, b| b.contains("原子保存的标题"));
    server.interrupt();
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_shows_the_error() {
    let site = Site::fixture("build/basic");
    let server = Server::start(&site);
    assert!(server.status()["error"].is_null());
    let generation = server.status()["generation"].as_u64().unwrap();
    let good = std::fs::read_to_string(site.root().join(REPORT)).unwrap();
    site.write(REPORT, &good.replace("type: 工作报告", "type: 工作报告\ndate: 2024-02-30"));
    let deadline = Instant::now() + Duration::from_secs(30);
    let error = loop {
        let s = server.status();
        if let Some(e) = s["error"].as_str() {
            break e.to_string();
        }
        assert!(Instant::now() < deadline, "no error reported");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(server.status()["generation"].as_u64().unwrap() > generation);
    assert!(error.contains("error[E016]: invalid date"), "{error}");
    assert!(error.contains("content/reports/2024/2024-01-04-gongzuo-baogao.md"), "{error}");
    assert!(error.contains("February 2024 has 29 days"), "{error}");
    // the last good page is still there
    let (status, _, body) = server.get(REPORT_URL);
    assert_eq!(status, 200);
    assert!(body.contains("县人大常委会工作报告"));
    // fixing it removes the error
    site.write(REPORT, &good);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !server.status()["error"].is_null() {
        assert!(Instant::now() < deadline, "error not cleared");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn nothing_outside_the_output_is_served() {
    let site = Site::fixture("build/basic");
    let server = Server::start(&site);
    for path in [
        "/renda/../../../../etc/passwd",
        "/renda/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/renda/..%2f..%2f..%2fetc%2fpasswd",
        "/renda/..%5c..%5c..%5cetc%5cpasswd",
        "/../site.yaml",
        "/renda/%2e%2e/site/site.yaml",
    ] {
        let (status, _, body) = server.get(path);
        assert!(status == 400 || status == 404, "{path}: status {status}");
        assert!(!body.contains("root:") && !body.contains("base_url"), "{path} leaked a file");
    }
    // a folder without its slash is redirected under the base path, not out of it
    let moved = server.request("GET", "/renda/reports", &[]);
    assert_eq!((moved.status, moved.header("location")), (307, Some("/renda/reports/")));
    let (status, content_type, body) = server.get("/renda/no/such/page/");
    assert_eq!(status, 404);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(body.contains("<html"), "the theme's 404 page");
    for (path, expected) in [
        ("/renda/atom.xml", "text/xml; charset=utf-8"),
        ("/renda/sitemap.xml", "text/xml; charset=utf-8"),
        ("/renda/news/2024/visit/notes.pdf", "application/pdf"),
        ("/renda/css/syntax.css", "text/css; charset=utf-8"),
    ] {
        let (status, content_type, _) = server.get(path);
        assert_eq!((status, content_type.as_str()), (200, expected), "{path}");
    }
}

/// `mv content elsewhere && cp -r elsewhere content`: the watch must follow the new folder, so
/// later edits and new pages are served (the native watcher kept watching the moved-away folder).
#[test]
fn a_link_out_of_the_site_is_refused_in_serve() {
    // `ln -s /etc static` used to make `gazette serve` answer 200 for /passwd
    let site = Site::fixture("build/basic");
    let server = Server::start(&site);
    let generation = server.status()["generation"].as_u64().unwrap();
    std::fs::remove_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink("/etc", site.root().join("static")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let error = loop {
        let s = server.status();
        if let Some(e) = s["error"].as_str()
            && s["generation"].as_u64().unwrap() > generation
        {
            break e.to_string();
        }
        assert!(Instant::now() < deadline, "no error reported");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(error.contains("error[E052]: refusing the symbolic link static → /etc"), "{error}");
    for path in ["/renda/etc/passwd", "/renda/passwd"] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("root:"), "{path} leaked /etc/passwd");
    }
}

fn edits_after_content_is_recreated_are_served(extra: &[&str]) {
    let site = Site::fixture("build/basic");
    let server = Server::start_with(&site, extra);
    let moved = site.dir.path().join("moved-content");
    std::fs::rename(site.root().join("content"), &moved).unwrap();
    let text = std::fs::read_to_string(moved.join(REPORT.trim_start_matches("content/"))).unwrap();
    std::fs::write(
        moved.join(REPORT.trim_start_matches("content/")),
        text.replace("title: 县人大常委会工作报告", "title: 搬回来的标题"),
    )
    .unwrap();
    crate::support::copy_dir(&moved, &site.root().join("content"));
    server.wait_for(REPORT_URL, "the copied-back title", |s, b| s == 200 && b.contains("搬回来的标题"));

    // edits inside the new folder
    site.write(REPORT, &text.replace("title: 县人大常委会工作报告", "title: 之后修改的标题"));
    server.wait_for(REPORT_URL, "an edit after the copy", |s, b| s == 200 && b.contains("之后修改的标题"));
    site.write(REPORT, &text.replace("title: 县人大常委会工作报告", "title: 再次修改的标题"));
    server.wait_for(REPORT_URL, "a second edit", |s, b| s == 200 && b.contains("再次修改的标题"));
    site.write("content/reports/2025/2025-03-01-xin-baogao.md", "---\ntitle: 新增报告\n---\n新内容。\n");
    server.wait_for("/renda/reports/2025/xin-baogao/", "a new page", |s, b| s == 200 && b.contains("新增报告"));
    // edits in the moved-away folder are not the site's any more
    std::fs::write(moved.join("about.md"), "---\ntitle: 不应出现\n---\n").unwrap();
    site.write("content/about.md", "---\ntitle: 关于本站\n---\n新的关于。\n");
    let about = server.wait_for("/renda/about/", "the edited about page", |s, b| s == 200 && b.contains("关于本站"));
    assert!(!about.contains("不应出现"));
    server.interrupt();
}

#[test]
fn edits_are_seen_after_content_is_recreated() {
    edits_after_content_is_recreated_are_served(&[]);
}

#[test]
fn edits_are_seen_after_content_is_recreated_when_polling() {
    edits_after_content_is_recreated_are_served(&["--poll"]);
}

#[test]
fn a_folder_created_after_the_start_is_watched() {
    for extra in [&[][..], &["--poll"]] {
        let site = Site::fixture("build/basic");
        std::fs::remove_dir_all(site.root().join("static")).unwrap();
        let server = Server::start_with(&site, extra);
        site.write("static/first.txt", "一");
        server.wait_for("/renda/first.txt", "the first static file", |s, _| s == 200);
        site.write("static/second.txt", "二");
        server.wait_for("/renda/second.txt", "a file added to the new folder", |s, _| s == 200);
    }
}

/// A rebuild looks again only at the paths the watcher reported: a folder of pages moved in from
/// outside the site (one event, for the folder) is walked whole, and moving it out again removes
/// its pages; then a page edited beside them is still served.
#[test]
fn a_folder_of_pages_moved_in_and_out_is_served_and_removed() {
    for extra in [&[][..], &["--poll"]] {
        let site = Site::fixture("build/basic");
        let outside = tempfile::tempdir().unwrap();
        let folder = outside.path().join("2025");
        std::fs::create_dir_all(folder.join("2025-04-01-bundle")).unwrap();
        std::fs::write(folder.join("2025-04-01-yi.md"), "---\ntitle: 移入的报告\n---\n正文。\n").unwrap();
        std::fs::write(folder.join("2025-04-01-bundle/index.md"), "---\ntitle: 移入的文件夹\n---\n正文。\n").unwrap();
        let server = Server::start_with(&site, extra);
        let moved = site.root().join("content/reports/2025");
        std::fs::rename(&folder, &moved).unwrap();
        server.wait_for("/renda/reports/2025/yi/", "a page of the folder moved in", |s, b| {
            s == 200 && b.contains("移入的报告")
        });
        server.wait_for("/renda/reports/2025/bundle/", "a bundle in it", |s, b| s == 200 && b.contains("移入的文件夹"));
        std::fs::rename(&moved, outside.path().join("back")).unwrap();
        server.wait_for("/renda/reports/2025/yi/", "its pages gone with it", |s, _| s == 404);
        let text = std::fs::read_to_string(site.root().join(REPORT)).unwrap();
        site.write(REPORT, &text.replace("title: 县人大常委会工作报告", "title: 之后的标题"));
        server.wait_for(REPORT_URL, "a later edit", |s, b| s == 200 && b.contains("之后的标题"));
        server.interrupt();
    }
}

/// A range of a page counts the overlay script the server adds: the bytes are those of the page
/// as served whole, and the body is exactly the range asked for.
#[test]
fn ranges_of_pages_are_ranges_of_the_page_served() {
    let site = Site::fixture("build/basic");
    let server = Server::start(&site);
    let whole = server.request("GET", REPORT_URL, &[]);
    assert_eq!(whole.status, 200);
    let len = whole.body.len();
    assert!(String::from_utf8_lossy(&whole.body).contains("gazette-error-overlay"));

    let first = server.request("GET", REPORT_URL, &[("Range", "bytes=0-9")]);
    assert_eq!(first.status, 206);
    assert_eq!(first.body, whole.body[..10]);
    assert_eq!(first.header("content-range"), Some(format!("bytes 0-9/{len}").as_str()));
    assert_eq!(first.header("content-length"), Some("10"));

    // the last bytes are the overlay's end, not the file's
    let last = server.request("GET", REPORT_URL, &[("Range", "bytes=-20")]);
    assert_eq!(last.status, 206);
    assert_eq!(last.body, whole.body[len - 20..]);
    assert_eq!(last.header("content-range"), Some(format!("bytes {}-{}/{len}", len - 20, len - 1).as_str()));
    let tail = server.request("GET", REPORT_URL, &[("Range", &format!("bytes={}-", len - 5))]);
    assert_eq!((tail.status, tail.body.as_slice()), (206, &whole.body[len - 5..]));

    // past the end: 416 with the length of the page served
    let past = server.request("GET", REPORT_URL, &[("Range", &format!("bytes={len}-"))]);
    assert_eq!(past.status, 416);
    assert_eq!(past.header("content-range"), Some(format!("bytes */{len}").as_str()));

    // HEAD announces the length a GET sends
    let head = server.request("HEAD", REPORT_URL, &[]);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some(len.to_string().as_str()));
    assert!(head.body.is_empty());

    // files other than pages keep their own ranges
    let pdf = server.request("GET", "/renda/news/2024/visit/notes.pdf", &[]);
    let part = server.request("GET", "/renda/news/2024/visit/notes.pdf", &[("Range", "bytes=0-3")]);
    assert_eq!((part.status, part.body.as_slice()), (206, &pdf.body[..4]));
}

/// Names the file system cannot hold are pages that do not exist, not server errors.
#[test]
fn overlong_names_are_not_found() {
    let site = Site::fixture("build/basic");
    let server = Server::start(&site);
    let long_name = format!("/renda/{}", "a".repeat(256));
    let long_page = format!("/renda/reports/{}/", "%E6%8A%A5".repeat(100));
    let deep = format!("/renda{}", "/a".repeat(5_000));
    let deep_page = format!("/renda{}/", "/reports".repeat(600));
    for path in [&long_name, &long_page, &deep, &deep_page] {
        let (status, content_type, body) = server.get(path);
        assert_eq!(status, 404, "{} bytes: status {status}", path.len());
        assert_eq!(content_type, "text/html; charset=utf-8");
        assert!(body.contains("<html"), "the theme's 404 page");
    }
}

#[test]
fn incremental_rebuilds_equal_a_clean_build() {
    use gazette::config::{Config, Overrides};
    use gazette::pipeline::{BuildCache, Target, build_into};

    let site = Site::fixture("build/basic");
    let root = site.root();
    let live = site.dir.path().join("live");
    let mut cache = BuildCache::default();
    let config = || Config::load(&root, &Overrides::default()).unwrap();
    let edits: Vec<Box<dyn Fn()>> = vec![
        Box::new(|| {}),
        Box::new(|| {
            let t = std::fs::read_to_string(root.join(REPORT)).unwrap();
            std::fs::write(root.join(REPORT), t.replace("title: 县人大常委会工作报告", "title: 新标题")).unwrap();
        }),
        Box::new(|| {
            std::fs::create_dir_all(root.join("content/reports/2021")).unwrap();
            std::fs::write(
                root.join("content/reports/2021/2021-01-01-x.md"),
                "---\ntitle: 新\ntopics: [新专题]\n---\n文\n",
            )
            .unwrap()
        }),
        Box::new(|| std::fs::remove_file(root.join("content/reports/2022/2022-03-01-diaoyan.md")).unwrap()),
        // a template of the site's own, over the built-in theme's
        Box::new(|| {
            let t = std::fs::read_to_string(crate::support::repo().join("themes/default/templates/404.html")).unwrap();
            std::fs::create_dir_all(root.join("templates")).unwrap();
            std::fs::write(root.join("templates/404.html"), t.replace("</ul>", "</ul><p>changed</p>")).unwrap();
        }),
        Box::new(|| std::fs::write(root.join("content/about.md"), "---\ntitle: 关于我们\n---\n改写。\n").unwrap()),
        // the text of a section's and of the home page's _index.md shows on their lists
        Box::new(|| {
            let index = "---\ntitle: 报告\ndescription: 新说明\nweight: 1\n---\n栏目新介绍。\n";
            std::fs::write(root.join("content/reports/_index.md"), index).unwrap();
            let home = std::fs::read_to_string(root.join("content/_index.md")).unwrap();
            std::fs::write(root.join("content/_index.md"), format!("{home}\n首页新段落。\n")).unwrap();
        }),
        // an attachment's size shows on its page, which is not edited
        Box::new(|| {
            std::fs::write(root.join("content/news/2024/2024-03-01-visit/notes.pdf"), vec![b'%'; 5000]).unwrap()
        }),
        // a new answer puts the answered page, which is not edited, into a follow-up chain; its
        // meeting is the site's first, so the meeting pages appear (and the header links them)
        Box::new(|| {
            std::fs::write(
                root.join("content/reports/2024/2024-02-01-chuli.md"),
                "---\ntitle: 研究处理情况的报告\nresponds_to: reports/2023/2023-06-27-shenyi-yijian.md\n\
                 meeting: 江陵县第七届人民代表大会常务委员会第二十次会议\n---\n文\n",
            )
            .unwrap()
        }),
        // the chain box of the answered page and the meeting page show its answer's title
        Box::new(|| {
            let answer = root.join("content/reports/2024/2024-02-01-chuli.md");
            let t = std::fs::read_to_string(&answer).unwrap();
            std::fs::write(&answer, t.replace("研究处理情况的报告", "改过标题的报告")).unwrap();
        }),
        // 政务公开: every page in a section gets its 索引号 (the clean build records them)
        Box::new(|| {
            let t = std::fs::read_to_string(root.join("site.yaml")).unwrap();
            std::fs::write(root.join("site.yaml"), format!("{t}public_info: {{index_prefix: P}}\n")).unwrap();
        }),
        // a new page's number shows on its page and in the feeds, and no other page's changes
        Box::new(|| {
            std::fs::write(
                root.join("content/reports/2024/2024-05-01-xin.md"),
                "---\ntitle: 新报告\ntopics: [生态环保]\n---\n文\n",
            )
            .unwrap()
        }),
    ];
    let first = build_into(&config(), Target::InPlace(&live), Some(&mut cache), None).unwrap();
    gazette::pipeline::refresh_search(&config(), &cache, &live).unwrap();
    // nothing changed: nothing is rendered or written
    let noop = build_into(&config(), Target::InPlace(&live), Some(&mut cache), None).unwrap();
    assert_eq!((noop.rendered, noop.written), (0, 0));
    for (n, edit) in edits.iter().enumerate() {
        edit();
        let report = build_into(&config(), Target::InPlace(&live), Some(&mut cache), None).unwrap();
        gazette::pipeline::refresh_search(&config(), &cache, &live).unwrap();
        let clean = site.dir.path().join(format!("clean-{n}"));
        gazette::pipeline::build(&config(), &clean, None).unwrap();
        // the marker of a staged build lists the files it wrote (to tell them from a user's);
        // serve's private folder has no such files, so its marker lists nothing
        let files = |dir: &std::path::Path| {
            snapshot_dir(dir)
                .into_iter()
                .filter(|(p, _)| p != ".gazette-output")
                .map(|(p, b)| (p, b.len(), b))
                .collect::<Vec<_>>()
        };
        assert_eq!(files(&live), files(&clean), "after edit {n}");
        if n == 1 {
            // one report's title: its page, its neighbours and the lists that show it
            assert!(report.rendered < first.rendered / 2, "{} of {} re-rendered", report.rendered, first.rendered);
        }
    }
}
