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
        let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
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
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        // HTTP/1.0: no chunked bodies to decode
        write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let content_type = head
            .lines()
            .find_map(|l| l.strip_prefix("content-type: ").or_else(|| l.strip_prefix("Content-Type: ")))
            .unwrap_or("")
            .to_string();
        (status, content_type, body.to_string())
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

#[test]
fn incremental_rebuilds_equal_a_clean_build() {
    use gazette::build::{BuildCache, Target, build_into};
    use gazette::config::{Config, Overrides};

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
        Box::new(|| {
            let p = root.join("themes/default/templates/404.html");
            let t = std::fs::read_to_string(&p).unwrap();
            std::fs::write(&p, t.replace("</main>", "<p>changed</p></main>")).unwrap();
        }),
        Box::new(|| std::fs::write(root.join("content/about.md"), "---\ntitle: 关于我们\n---\n改写。\n").unwrap()),
    ];
    let first = build_into(&config(), Target::InPlace(&live), Some(&mut cache), None).unwrap();
    gazette::build::refresh_search(&config(), &cache, &live).unwrap();
    // nothing changed: nothing is rendered or written
    let noop = build_into(&config(), Target::InPlace(&live), Some(&mut cache), None).unwrap();
    assert_eq!((noop.rendered, noop.written), (0, 0));
    for (n, edit) in edits.iter().enumerate() {
        edit();
        let report = build_into(&config(), Target::InPlace(&live), Some(&mut cache), None).unwrap();
        gazette::build::refresh_search(&config(), &cache, &live).unwrap();
        let clean = site.dir.path().join(format!("clean-{n}"));
        gazette::build::build(&config(), &clean, None).unwrap();
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
