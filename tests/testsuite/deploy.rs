//! `gazette deploy` against real targets: a folder, a zip archive, and an S3 server (moto) on
//! 127.0.0.1. Each test builds the fixture `deploy/basic`, deploys, changes the site, deploys
//! again, and compares what the target holds with what the build wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{Run, Site, gazette};

const MANIFEST: &str = ".gazette-deploy.json";

fn deploy(site: &Site, args: &[&str]) -> Run {
    let (root, out) = (site.root(), site.out());
    let mut argv = vec!["deploy", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()];
    argv.extend_from_slice(args);
    let run = gazette(&argv, None);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn www(site: &Site) -> PathBuf {
    site.dir.path().join("www")
}

/// Every file below `dir` with its bytes, without Gazette's marker and deploy manifest.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
        .filter(|(p, _)| p != ".gazette-output" && p != MANIFEST)
        .collect()
}

/// The operations a `--dry-run` printed: ("upload" | "delete", path, rank).
fn planned(run: &Run) -> Vec<(String, String, String)> {
    run.stdout
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let op = parts.next()?;
            if op != "upload" && op != "delete" {
                return None;
            }
            let path = parts.next()?.to_string();
            let rank =
                parts.next().map(|r| r.trim_start_matches('(').trim_end_matches(',').to_string()).unwrap_or_default();
            Some((op.to_string(), path, rank))
        })
        .collect()
}

fn uploads(run: &Run) -> Vec<String> {
    planned(run).into_iter().filter(|(op, ..)| op == "upload").map(|(_, p, _)| p).collect()
}

fn deletes(run: &Run) -> Vec<String> {
    planned(run).into_iter().filter(|(op, ..)| op == "delete").map(|(_, p, _)| p).collect()
}

/// The upload order's ranks, as `gazette deploy --dry-run` names them.
const RANKS: &[&str] = &["assets", "pages", "lists", "feeds", "sitemap", "home"];

fn rank_of(name: &str) -> usize {
    RANKS.iter().position(|r| *r == name).unwrap_or_else(|| panic!("unknown rank {name}"))
}

/// Files whose bytes differ between two snapshots of the output, and files only in `after`.
fn changed(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    after.iter().filter(|(p, b)| before.get(*p) != Some(b)).map(|(p, _)| p.clone()).collect()
}

fn edit_report(site: &Site, n: u32, title: &str) {
    let rel = format!("content/reports/2024/2024-0{n}-0{n}-report-{n}.md");
    let text = std::fs::read_to_string(site.root().join(&rel)).unwrap();
    let first_title = text.lines().find(|l| l.starts_with("title:")).unwrap().to_string();
    site.write(&rel, &text.replacen(&first_title, &format!("title: {title}"), 1));
}

#[test]
fn folder_first_deploy_sends_the_whole_site() {
    let site = Site::fixture("deploy/basic");
    let run = deploy(&site, &["www"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("已发布到 www"), "{}", run.stdout);
    assert_eq!(files(&www(&site)), files(&site.out()), "the target holds exactly the built site");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(www(&site).join(MANIFEST)).unwrap()).unwrap();
    assert_eq!(manifest["generator"], "gazette");
    assert_eq!(manifest["files"].as_object().unwrap().len(), files(&site.out()).len());
    // the user's own file in the output (never in Gazette's marker) is not published
    assert!(!www(&site).join(".gazette-output").exists());

    // again, unchanged: nothing is sent
    let again = deploy(&site, &["www", "--dry-run"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(planned(&again).is_empty(), "{}", again.stdout);
}

/// `gazette deploy --no-build` with `GAZETTE_TIMINGS`: (files read and hashed, files).
fn hashed(site: &Site) -> (usize, usize) {
    let (root, out) = (site.root(), site.out());
    let argv = ["deploy", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap(), "www", "--no-build"];
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(argv)
        .env("NO_COLOR", "1")
        .env("GAZETTE_TIMINGS", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let line = stderr.lines().find(|l| l.starts_with("deploy: ")).unwrap_or_else(|| panic!("{stderr}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    (words[1].parse().unwrap(), words[3].parse().unwrap())
}

/// Sets every file of the output `secs` seconds in the past: files written in the last 2 s are
/// hashed again by the next deploy (their time may not show a change made within the same tick).
fn age_output(site: &Site, secs: u64) {
    for e in walkdir::WalkDir::new(site.out()).into_iter().map(|e| e.unwrap()).filter(|e| e.file_type().is_file()) {
        let f = std::fs::File::options().write(true).open(e.path()).unwrap();
        f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(secs)).unwrap();
    }
}

#[test]
fn a_second_deploy_reads_no_unchanged_file() {
    let site = Site::fixture("deploy/basic");
    assert_eq!(site.build(&[]).code, 0);
    age_output(&site, 60);
    let (read, total) = hashed(&site);
    assert_eq!(read, total, "the first deploy hashes every file");
    let cache = site.root().join(".gazette-cache/deploy/www.json");
    assert!(cache.is_file());
    assert_eq!(hashed(&site), (0, total), "nothing changed: every hash from the cache");

    // one file changed (as a build changes it: new bytes, new time): only it is read, and sent
    let page = site.out().join("reports/2024/report-3/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, html.replace("</body>", "<!-- changed --></body>")).unwrap();
    let f = std::fs::File::options().write(true).open(&page).unwrap();
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(30)).unwrap();
    let before = files(&www(&site));
    assert_eq!(hashed(&site), (1, total));
    let after = files(&www(&site));
    assert_eq!(changed(&before, &after), ["reports/2024/report-3/index.html"]);

    // a corrupt cache, or one of another Gazette version, is ignored: every file hashed again
    for bad in [
        "{not json".to_string(),
        std::fs::read_to_string(&cache).unwrap().replace("\"version\":\"", "\"version\":\"0.0.0-"),
    ] {
        std::fs::write(&cache, bad).unwrap();
        assert_eq!(hashed(&site), (total, total));
        assert_eq!(files(&www(&site)), after, "nothing sent: the target already holds the site");
    }
    assert_eq!(hashed(&site), (0, total), "the cache was written anew");
}

#[test]
fn one_changed_report_sends_only_what_changed_in_order() {
    let site = Site::fixture("deploy/basic");
    assert_eq!(deploy(&site, &["www"]).code, 0);
    let before = files(&site.out());
    edit_report(&site, 3, "第三号报告（修订）");
    let dry = deploy(&site, &["www", "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let after = files(&site.out());
    let mut expected = changed(&before, &after);
    expected.sort();
    let mut sent = uploads(&dry);
    sent.sort();
    // the oracle: exactly the files whose bytes the build changed
    assert_eq!(sent, expected);
    assert!(sent.contains(&"reports/2024/report-3/index.html".to_string()), "{sent:?}");
    assert!(!sent.contains(&"reports/2024/report-1/index.html".to_string()), "{sent:?}");
    assert!(sent.len() < before.len() / 2, "{} of {} files", sent.len(), before.len());
    // in order: assets, pages, lists, feeds, sitemap, the home page last
    let ranks: Vec<usize> = planned(&dry).iter().map(|(_, _, r)| rank_of(r)).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{}", dry.stdout);
    assert_eq!(uploads(&dry).last().map(String::as_str), Some("index.html"), "{}", dry.stdout);

    let run = deploy(&site, &["www", "--no-build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(&format!("上传 {} 个文件", expected.len())), "{}", run.stdout);
    assert_eq!(files(&www(&site)), after);
}

#[test]
fn dry_run_changes_nothing() {
    let site = Site::fixture("deploy/basic");
    assert_eq!(deploy(&site, &["www"]).code, 0);
    edit_report(&site, 1, "改过的标题");
    std::fs::remove_file(site.root().join("content/news/2024-02-10-news.md")).unwrap();
    let before = crate::support::snapshot_dir(&www(&site));
    let dry = deploy(&site, &["www", "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(!uploads(&dry).is_empty() && !deletes(&dry).is_empty(), "{}", dry.stdout);
    assert!(dry.stdout.contains("试运行（未做任何改动）"), "{}", dry.stdout);
    assert_eq!(crate::support::snapshot_dir(&www(&site)), before);
}

#[test]
fn a_deleted_page_is_deleted_last_and_foreign_files_stay() {
    let site = Site::fixture("deploy/basic");
    // files someone else put at the target
    std::fs::create_dir_all(www(&site).join("reports")).unwrap();
    std::fs::write(www(&site).join("CNAME"), "www.example.gov.cn\n").unwrap();
    std::fs::write(www(&site).join("reports/keep.txt"), "not Gazette's\n").unwrap();
    let first = deploy(&site, &["www"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stderr.contains("compared file by file"), "{}", first.stderr);

    std::fs::remove_file(site.root().join("content/reports/2024/2024-02-02-report-2.md")).unwrap();
    let dry = deploy(&site, &["www", "--dry-run"]);
    assert_eq!(deletes(&dry), ["reports/2024/report-2/index.html"], "{}", dry.stdout);
    let ops = planned(&dry);
    assert_eq!(ops.last().unwrap().0, "delete", "deletions come after every upload");
    let run = deploy(&site, &["www", "--no-build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("删除 1 个"), "{}", run.stdout);
    assert!(!www(&site).join("reports/2024/report-2").exists(), "the emptied folder goes too");
    assert_eq!(std::fs::read_to_string(www(&site).join("CNAME")).unwrap(), "www.example.gov.cn\n");
    assert!(www(&site).join("reports/keep.txt").exists());
    let mut ours = files(&www(&site));
    ours.remove("CNAME");
    ours.remove("reports/keep.txt");
    assert_eq!(ours, files(&site.out()));
}

#[test]
fn max_deletes_refuses_and_sends_nothing() {
    let site = Site::fixture("deploy/basic");
    assert_eq!(deploy(&site, &["www"]).code, 0);
    for n in [1, 2] {
        std::fs::remove_file(site.root().join(format!("content/reports/2024/2024-0{n}-0{n}-report-{n}.md"))).unwrap();
    }
    let before = crate::support::snapshot_dir(&www(&site));
    let run = deploy(&site, &["www", "--max-deletes", "1"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E091]") && run.stderr.contains("would delete 2 files"), "{}", run.stderr);
    assert!(run.stderr.contains("--max-deletes 2"), "{}", run.stderr);
    assert_eq!(crate::support::snapshot_dir(&www(&site)), before, "nothing was sent");
    let run = deploy(&site, &["www", "--max-deletes", "2", "--no-build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!www(&site).join("reports/2024/report-1/index.html").exists());
}

#[test]
fn an_interrupted_deploy_is_finished_by_running_it_again() {
    let site = Site::fixture("deploy/basic");
    assert_eq!(deploy(&site, &["www"]).code, 0);
    let home_before = std::fs::read(www(&site).join("index.html")).unwrap();
    let manifest_before = std::fs::read(www(&site).join(MANIFEST)).unwrap();
    edit_report(&site, 4, "第四号报告（修订）");
    edit_report(&site, 5, "第五号报告（修订）");
    // a folder where a page must go: the rename of that page fails, as a full disk or a
    // dropped mount would fail a write
    let page = www(&site).join("reports/2024/report-5/index.html");
    std::fs::remove_file(&page).unwrap();
    std::fs::create_dir_all(page.join("in-the-way")).unwrap();
    let run = deploy(&site, &["www"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[E092]") && run.stderr.contains("reports/2024/report-5/index.html"),
        "{}",
        run.stderr
    );
    // the pages stage failed: no list and no home page shows the new titles, and the manifest
    // still describes the last complete deploy
    assert_eq!(std::fs::read(www(&site).join("index.html")).unwrap(), home_before);
    assert_eq!(std::fs::read(www(&site).join(MANIFEST)).unwrap(), manifest_before);

    std::fs::remove_dir_all(&page).unwrap();
    // what a deploy killed mid-write leaves: a temporary file beside the page it was writing
    let leftover = www(&site).join("reports/2024/report-4/.index.html.gazette-upload-4242");
    std::fs::write(&leftover, "half a page").unwrap();
    let again = deploy(&site, &["www"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(!leftover.exists(), "the leftover is removed");
    assert_eq!(files(&www(&site)), files(&site.out()));
    assert_eq!(deploy(&site, &["www", "--dry-run"]).stdout.lines().filter(|l| l.starts_with("upload")).count(), 0);
}

#[test]
fn missing_or_foreign_manifest_compares_file_by_file() {
    let site = Site::fixture("deploy/basic");
    assert_eq!(deploy(&site, &["www"]).code, 0);
    let before = files(&site.out());
    edit_report(&site, 1, "第一号报告（修订）");
    for manifest in [None, Some("{\"generator\": \"hugo\", \"files\": {}}")] {
        match manifest {
            None => std::fs::remove_file(www(&site).join(MANIFEST)).unwrap(),
            Some(text) => std::fs::write(www(&site).join(MANIFEST), text).unwrap(),
        }
        let dry = deploy(&site, &["www", "--dry-run"]);
        assert_eq!(dry.code, 0, "{}", dry.stderr);
        assert!(dry.stderr.contains("compared file by file"), "{}", dry.stderr);
        let mut sent = uploads(&dry);
        sent.sort();
        // compared by content: exactly the files whose bytes changed
        assert_eq!(sent, changed(&before, &files(&site.out())));
        assert!(sent.contains(&"reports/2024/report-1/index.html".to_string()), "{sent:?}");
        assert!(!sent.contains(&"reports/2024/report-4/index.html".to_string()), "unchanged bytes are not sent");
        assert!(deletes(&dry).is_empty(), "never a blind wipe: {}", dry.stdout);
    }
}

#[test]
fn drafts_and_foreign_folders_are_refused() {
    let site = Site::fixture("deploy/basic");
    let run = deploy(&site, &["www", "--no-build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E091]") && run.stderr.contains("not a site built by Gazette"), "{}", run.stderr);
    site.write("content/reports/2024/2024-06-01-draft.md", "---\ntitle: 草稿\ndraft: true\n---\n未定稿。\n");
    assert_eq!(site.build(&["--drafts"]).code, 0);
    let run = deploy(&site, &["www", "--no-build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("holds 1 draft page"), "{}", run.stderr);
    assert!(!www(&site).exists(), "nothing was sent");
    // a target that is the output folder itself, or holds it
    for path in ["../out", ".."] {
        let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
        site.write("site.yaml", &yaml.replace("path: ../www", &format!("path: {path}")));
        let run = deploy(&site, &["www", "--no-build", "--dry-run"]);
        assert!(run.code == 1 && run.stderr.contains("is the output folder"), "{path}: {}", run.stderr);
        site.write("site.yaml", &yaml);
    }
    // several targets and none named
    let run = deploy(&site, &[]);
    assert!(run.code == 1 && run.stderr.contains("name one"), "{}", run.stderr);
}

#[test]
fn zip_archives_the_whole_site_in_order_only_when_it_changed() {
    let site = Site::fixture("deploy/basic");
    let archives = site.dir.path().join("archives");
    let run = deploy(&site, &["archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let zips = |dir: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "zip"))
            .collect();
        v.sort();
        v
    };
    let first = zips(&archives);
    assert_eq!(first.len(), 1, "{first:?}");
    let name = first[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("archive-") && name.len() == "archive-20240101-093000.zip".len(), "{name}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&first[0]).unwrap()).unwrap();
    let mut names = Vec::new();
    let mut unpacked = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        let name = f.name().unwrap().to_string();
        names.push(name.clone());
        unpacked.insert(name, bytes);
    }
    assert_eq!(unpacked, files(&site.out()), "the archive holds the whole site");
    assert_eq!(names.last().map(String::as_str), Some("index.html"), "the home page last: {names:?}");
    assert!(names.first().is_some_and(|n| !n.ends_with(".html")), "assets first: {names:?}");

    // unchanged: no second archive
    let run = deploy(&site, &["archive"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("nothing changed since"), "{}", run.stderr);
    assert_eq!(zips(&archives).len(), 1);

    // a changed report: a new archive beside the old one, and its plan names the change
    edit_report(&site, 2, "第二号报告（修订）");
    std::thread::sleep(std::time::Duration::from_millis(1100)); // archives are named by the second
    let dry = deploy(&site, &["archive", "--dry-run"]);
    assert!(uploads(&dry).contains(&"reports/2024/report-2/index.html".to_string()), "{}", dry.stdout);
    assert_eq!(zips(&archives).len(), 1, "--dry-run writes no archive");
    let run = deploy(&site, &["archive", "--no-build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(zips(&archives).len(), 2);
}

// ---------------------------------------------------------------- S3: moto's server on 127.0.0.1

/// Moto's S3 server (PyPI `moto[server]`, installed by `.ci/run`), on a free port of 127.0.0.1,
/// logging every request it receives in order.
struct S3Server {
    child: std::process::Child,
    port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl S3Server {
    fn start() -> S3Server {
        S3Server::start_with(&[])
    }

    /// A server that checks signatures: its first four requests are free (the bucket, a user, its
    /// policy and its access key, made with boto3, which moto brings); then every request must be
    /// signed with that key. Returns the server and the key pair.
    fn start_with_auth() -> (S3Server, String, String) {
        let server = S3Server::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "4")]);
        let script = r#"
import sys, boto3
kw = dict(endpoint_url=sys.argv[1], aws_access_key_id="setup", aws_secret_access_key="setup", region_name="us-east-1")
boto3.client("s3", **kw).create_bucket(Bucket="site")
iam = boto3.client("iam", **kw)
iam.create_user(UserName="publisher")
iam.put_user_policy(UserName="publisher", PolicyName="site", PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}')
key = iam.create_access_key(UserName="publisher")["AccessKey"]
print(key["AccessKeyId"], key["SecretAccessKey"])
"#;
        let out = std::process::Command::new("python3").args(["-c", script, &server.endpoint()]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        let (id, secret) = text.trim().split_once(' ').unwrap();
        (server, id.to_string(), secret.to_string())
    }

    fn start_with(env: &[(&str, &str)]) -> S3Server {
        let dir = tempfile::tempdir().unwrap();
        // werkzeug logs each request to stderr as it answers it
        let log = dir.path().join("requests.log");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = std::process::Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("moto_server is not installed: `pip install 'moto[server]'` (.ci/run installs it)");
        let server = S3Server { child, port, log, _dir: dir };
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed().as_secs() < 30, "moto_server did not start");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        server
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// One HTTP request; (status, headers lowercased, body). Moto checks no signature, but
    /// answers a request without one as an anonymous reader of a private bucket.
    fn request(&self, method: &str, path: &str) -> (u16, String, Vec<u8>) {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\
             Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut response = Vec::new();
        s.read_to_end(&mut response).unwrap();
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, head, response[split + 4..].to_vec())
    }

    /// The requests the server received, in order: ("PUT", "/site/renda/index.html").
    fn received(&self) -> Vec<(String, String)> {
        std::fs::read_to_string(&self.log)
            .unwrap()
            .lines()
            .filter_map(|l| {
                let quoted = l.split('"').nth(1)?;
                let mut parts = quoted.split_whitespace();
                Some((parts.next()?.to_string(), parts.next()?.split('?').next()?.to_string()))
            })
            .collect()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn s3_site(server: &S3Server) -> Site {
    let site = Site::fixture("deploy/basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!(
            "{yaml}  - name: oss\n    kind: s3\n    endpoint: {}\n    bucket: site\n    prefix: renda/\n    style: path\n",
            server.endpoint()
        ),
    );
    assert_eq!(server.request("PUT", "/site").0, 200, "create the bucket");
    site
}

fn deploy_with(site: &Site, args: &[&str], env: &[(&str, &str)]) -> Run {
    let (root, out) = (site.root(), site.out());
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"));
    cmd.args(["deploy", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()]).args(args);
    cmd.env("NO_COLOR", "1")
        .env("HOME", site.dir.path())
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

const KEYS: &[(&str, &str)] = &[
    ("GAZETTE_DEPLOY_OSS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
    ("GAZETTE_DEPLOY_OSS_SECRET_ACCESS_KEY", "not-a-real-secret"),
];

#[test]
fn s3_deploys_in_order_with_headers_and_only_changes() {
    let server = S3Server::start();
    let site = s3_site(&server);
    // a file someone else keeps in the bucket
    let foreign = "/site/renda/foreign.txt";
    assert_eq!(server.request("PUT", foreign).0, 200);

    let dry = deploy_with(&site, &["oss", "--dry-run"], KEYS);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let rank: BTreeMap<String, usize> =
        planned(&dry).into_iter().map(|(_, p, r)| (format!("/site/renda/{p}"), rank_of(&r))).collect();
    assert_eq!(rank.len(), files(&site.out()).len());
    let before = server.received().len();
    let run = deploy_with(&site, &["oss"], KEYS);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(&format!("已发布到 oss：上传 {} 个文件", rank.len())), "{}", run.stdout);

    // the order the server received: assets, pages, lists, feeds, sitemap, home; manifest last
    let puts: Vec<String> =
        server.received()[before..].iter().filter(|(m, _)| m == "PUT").map(|(_, p)| p.clone()).collect();
    assert_eq!(puts.last().map(String::as_str), Some("/site/renda/.gazette-deploy.json"));
    let ranks: Vec<usize> = puts[..puts.len() - 1].iter().map(|p| rank[p]).collect();
    assert_eq!(ranks.len(), rank.len(), "{puts:?}");
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "received out of order: {puts:?}");
    assert_eq!(puts[puts.len() - 2], "/site/renda/index.html");

    // what a reader's browser and a CDN get
    let (status, head, body) = server.request("GET", "/site/renda/index.html");
    assert_eq!(status, 200);
    assert_eq!(body, std::fs::read(site.out().join("index.html")).unwrap());
    assert!(
        head.contains("content-type: text/html; charset=utf-8") && head.contains("cache-control: no-cache"),
        "{head}"
    );
    let (_, head, _) = server.request("GET", "/site/renda/css/gazette.css");
    assert!(head.contains("content-type: text/css; charset=utf-8") && head.contains("max-age=3600"), "{head}");
    let (_, head, _) = server.request("GET", "/site/renda/atom.xml");
    assert!(head.contains("content-type: application/atom+xml; charset=utf-8"), "{head}");

    // one report changes: only the files whose bytes changed are sent
    let built = files(&site.out());
    edit_report(&site, 3, "第三号报告（修订）");
    std::fs::remove_file(site.root().join("content/reports/2024/2024-01-01-report-1.md")).unwrap();
    let before = server.received().len();
    let run = deploy_with(&site, &["oss"], KEYS);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut expected: Vec<String> =
        changed(&built, &files(&site.out())).iter().map(|p| format!("/site/renda/{p}")).collect();
    expected.push("/site/renda/.gazette-deploy.json".into());
    expected.sort();
    let received = server.received()[before..].to_vec();
    let mut puts: Vec<String> = received.iter().filter(|(m, _)| m == "PUT").map(|(_, p)| p.clone()).collect();
    puts.sort();
    assert_eq!(puts, expected);
    // the deleted page: after every upload, before the manifest
    let changes: Vec<&(String, String)> = received.iter().filter(|(m, _)| m == "PUT" || m == "DELETE").collect();
    let n = changes.len();
    assert_eq!(changes[n - 2], &("DELETE".to_string(), "/site/renda/reports/2024/report-1/index.html".to_string()));
    assert_eq!(changes[n - 1].1, "/site/renda/.gazette-deploy.json");
    assert_eq!(server.request("GET", "/site/renda/reports/2024/report-1/index.html").0, 404);
    assert_eq!(server.request("GET", foreign).0, 200, "a file not in Gazette's manifest stays");
}

#[test]
fn s3_without_credentials_or_server_changes_nothing() {
    let server = S3Server::start();
    let site = s3_site(&server);
    let run = deploy_with(&site, &["oss"], &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error[E091]") && run.stderr.contains("GAZETTE_DEPLOY_OSS_ACCESS_KEY_ID"),
        "{}",
        run.stderr
    );
    // a credentials file inside the site is refused
    site.write("creds.yaml", "oss:\n  access_key_id: a\n  secret_access_key: b\n");
    let creds = site.root().join("creds.yaml");
    let run = deploy_with(&site, &["oss", "--no-build"], &[("GAZETTE_CREDENTIALS", creds.to_str().unwrap())]);
    assert!(run.code == 1 && run.stderr.contains("is inside the site"), "{}", run.stderr);
    // outside it, it is read
    let outside = site.dir.path().join("credentials.yaml");
    std::fs::write(&outside, "oss:\n  access_key_id: a\n  secret_access_key: b\n").unwrap();
    let run =
        deploy_with(&site, &["oss", "--no-build", "--dry-run"], &[("GAZETTE_CREDENTIALS", outside.to_str().unwrap())]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let writes: Vec<_> = server.received().into_iter().filter(|(m, p)| m != "GET" && p != "/site").collect();
    assert!(writes.is_empty(), "nothing was written: {writes:?}");

    // the server gone: a clear error after retries, nothing written
    drop(server);
    let run = deploy_with(&site, &["oss", "--no-build"], KEYS);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E092]") && run.stderr.contains("deploying to `oss` failed"), "{}", run.stderr);
}

// ---------------------------------------------------------------- SFTP: Debian's sshd on 127.0.0.1

/// OpenSSH's sshd (Debian `openssh-server`, installed by `.ci/run`) with its own config, host
/// key and authorized user key, on a free port of 127.0.0.1; its sftp-server logs every file
/// operation in order (internal-sftp would log to syslog, which a test machine may lack).
struct SshServer {
    child: std::process::Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl SshServer {
    fn start() -> SshServer {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for key in ["host_key", "user_key", "stranger_key"] {
            let ok = std::process::Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(d.join(key))
                .status()
                .unwrap()
                .success();
            assert!(ok, "ssh-keygen failed");
        }
        std::fs::copy(d.join("user_key.pub"), d.join("authorized_keys")).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let host_pub = std::fs::read_to_string(d.join("host_key.pub")).unwrap();
        let host_pub: Vec<&str> = host_pub.split_whitespace().take(2).collect();
        std::fs::write(d.join("known_hosts"), format!("[127.0.0.1]:{port} {}\n", host_pub.join(" "))).unwrap();
        std::fs::write(d.join("empty_known_hosts"), "").unwrap();
        std::fs::write(
            d.join("sshd_config"),
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nAuthorizedKeysFile {d}/authorized_keys\n\
                 PasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n\
                 StrictModes no\nUsePAM no\nPidFile {d}/sshd.pid\nLogLevel VERBOSE\n\
                 Subsystem sftp {sftp_server} -e -l INFO 2>>{d}/sftp.log\n",
                d = d.display(),
                sftp_server = ["/usr/lib/openssh/sftp-server", "/usr/libexec/sftp-server"]
                    .into_iter()
                    .find(|p| Path::new(p).exists())
                    .expect("sftp-server is not installed (Debian openssh-sftp-server)"),
            ),
        )
        .unwrap();
        // sshd's privilege separation folder, which the service would create at boot
        let _ = std::fs::create_dir_all("/run/sshd");
        let sshd = ["/usr/sbin/sshd", "/usr/bin/sshd"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("sshd is not installed: `apt-get install openssh-server` (.ci/run installs it)");
        let child = std::process::Command::new(sshd)
            .arg("-D")
            .arg("-f")
            .arg(d.join("sshd_config"))
            .arg("-E")
            .arg(d.join("sshd.log"))
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed().as_secs() < 20,
                "sshd did not start: {}",
                std::fs::read_to_string(d.join("sshd.log")).unwrap_or_default()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        SshServer { child, port, dir }
    }

    fn remote(&self) -> PathBuf {
        self.dir.path().join("remote")
    }

    /// The files the server renamed into place, in order (each upload's last step), and the
    /// files it removed: ("rename" | "remove", path relative to the remote folder).
    fn received(&self) -> Vec<(String, String)> {
        let log = std::fs::read_to_string(self.dir.path().join("sftp.log")).unwrap_or_default();
        let remote = format!("{}/", self.remote().display());
        log.lines()
            .filter_map(|l| {
                if let Some(rest) = l.split("posix-rename old ").nth(1).or_else(|| l.split("rename old ").nth(1)) {
                    let new = rest.split(" new ").nth(1)?.trim_matches('"');
                    return Some(("rename".to_string(), new.strip_prefix(&remote)?.to_string()));
                }
                let rest = l.split("remove name ").nth(1)?;
                Some(("remove".to_string(), rest.trim_matches('"').strip_prefix(&remote)?.to_string()))
            })
            .collect()
    }

    fn site(&self, key: &str, known_hosts: &str) -> Site {
        let site = Site::fixture("deploy/basic");
        let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
        let user = std::process::Command::new("id").arg("-un").output().unwrap();
        let d = self.dir.path().display();
        site.write(
            "site.yaml",
            &format!(
                "{yaml}  - name: box\n    kind: sftp\n    host: 127.0.0.1\n    port: {}\n    user: {}\n    path: {}\n    \
                 key: {d}/{key}\n    known_hosts: {d}/{known_hosts}\n",
                self.port,
                String::from_utf8_lossy(&user.stdout).trim(),
                self.remote().display()
            ),
        );
        site
    }
}

impl Drop for SshServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn sftp_deploys_in_order_and_only_changes() {
    let server = SshServer::start();
    let site = server.site("user_key", "known_hosts");
    std::fs::create_dir_all(server.remote()).unwrap();
    std::fs::write(server.remote().join("CNAME"), "www.example.gov.cn\n").unwrap();
    let dry = deploy(&site, &["box", "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let rank: BTreeMap<String, usize> = planned(&dry).into_iter().map(|(_, p, r)| (p, rank_of(&r))).collect();
    let run = deploy(&site, &["box"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut held = files(&server.remote());
    assert_eq!(held.remove("CNAME").as_deref(), Some(&b"www.example.gov.cn\n"[..]));
    assert_eq!(held, files(&site.out()));

    // the order the server completed them: by rank, home page last, the manifest after all
    let renamed: Vec<String> = server.received().into_iter().filter(|(op, _)| op == "rename").map(|(_, p)| p).collect();
    assert_eq!(renamed.last().map(String::as_str), Some(MANIFEST), "{renamed:?}");
    let ranks: Vec<usize> = renamed[..renamed.len() - 1].iter().map(|p| rank[p]).collect();
    assert_eq!(ranks.len(), rank.len());
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "completed out of order: {renamed:?}");
    assert_eq!(renamed[renamed.len() - 2], "index.html");

    // one report changed, one deleted
    let built = files(&site.out());
    edit_report(&site, 3, "第三号报告（修订）");
    std::fs::remove_file(site.root().join("content/reports/2024/2024-01-01-report-1.md")).unwrap();
    let before = server.received().len();
    let run = deploy(&site, &["box"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ops = server.received()[before..].to_vec();
    let mut sent: Vec<String> = ops.iter().filter(|(op, _)| op == "rename").map(|(_, p)| p.clone()).collect();
    sent.sort();
    let mut expected = changed(&built, &files(&site.out()));
    expected.push(MANIFEST.into());
    expected.sort();
    assert_eq!(sent, expected);
    let n = ops.len();
    assert_eq!(ops[n - 2], ("remove".to_string(), "reports/2024/report-1/index.html".to_string()), "{ops:?}");
    assert_eq!(ops[n - 1].1, MANIFEST);
    assert!(!server.remote().join("reports/2024/report-1").exists());
    assert!(server.remote().join("CNAME").exists());
}

#[test]
fn sftp_refuses_an_unknown_host_or_key_and_changes_nothing() {
    let server = SshServer::start();
    for (key, known, expected) in [
        ("user_key", "empty_known_hosts", "Host key verification failed"),
        ("stranger_key", "known_hosts", "Permission denied (publickey)"),
    ] {
        let site = server.site(key, known);
        let run = deploy(&site, &["box"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains("error[E092]") && run.stderr.contains("cannot connect to deploy target `box`"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(expected), "{}", run.stderr);
        assert!(!server.remote().exists(), "nothing was written");
    }
}

#[test]
fn s3_wrong_credentials_are_a_clear_error_and_change_nothing() {
    let (server, id, secret) = S3Server::start_with_auth();
    let site = Site::fixture("deploy/basic");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    // no prefix: moto 5.2 miscomputes the signature of a listing with a `/` in its prefix
    site.write(
        "site.yaml",
        &format!(
            "{yaml}  - name: oss\n    kind: s3\n    endpoint: {}\n    bucket: site\n    style: path\n",
            server.endpoint()
        ),
    );
    let wrong = [("GAZETTE_DEPLOY_OSS_ACCESS_KEY_ID", id.as_str()), ("GAZETTE_DEPLOY_OSS_SECRET_ACCESS_KEY", "wrong")];
    let run = deploy_with(&site, &["oss"], &wrong);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E092]") && run.stderr.contains("SignatureDoesNotMatch"), "{}", run.stderr);
    assert!(run.stderr.contains("the credentials were refused"), "{}", run.stderr);
    let writes: Vec<_> = server.received().into_iter().filter(|(m, _)| m == "PUT" || m == "DELETE").collect();
    assert_eq!(writes, [("PUT".to_string(), "/site".to_string())], "only the setup's bucket was written");

    // the right key: the whole site
    let right =
        [("GAZETTE_DEPLOY_OSS_ACCESS_KEY_ID", id.as_str()), ("GAZETTE_DEPLOY_OSS_SECRET_ACCESS_KEY", secret.as_str())];
    let run = deploy_with(&site, &["oss"], &right);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let puts = server.received().into_iter().filter(|(m, p)| m == "PUT" && p != "/site").count();
    assert_eq!(puts, files(&site.out()).len() + 1, "every file and the manifest");
    // and this server refuses what is not signed with the key
    assert_eq!(server.request("GET", "/site/index.html").0, 403);
}

#[test]
fn a_renamed_bundle_is_sent_under_its_new_name_then_the_old_one_deleted() {
    let site = Site::fixture("deploy/basic");
    assert_eq!(deploy(&site, &["www"]).code, 0);
    assert!(www(&site).join("reports/2023/law-inspection/full-text.pdf").exists());
    std::fs::rename(
        site.root().join("content/reports/2023/law-inspection"),
        site.root().join("content/reports/2023/zhifa-jiancha"),
    )
    .unwrap();
    let dry = deploy(&site, &["www", "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let sent = uploads(&dry);
    for new in ["reports/2023/zhifa-jiancha/index.html", "reports/2023/zhifa-jiancha/full-text.pdf"] {
        assert!(sent.contains(&new.to_string()), "{new} in {sent:?}");
    }
    let mut gone = deletes(&dry);
    gone.sort();
    assert_eq!(gone, ["reports/2023/law-inspection/full-text.pdf", "reports/2023/law-inspection/index.html"]);
    let ops = planned(&dry);
    let first_delete = ops.iter().position(|(op, ..)| op == "delete").unwrap();
    assert!(ops[first_delete..].iter().all(|(op, ..)| op == "delete"), "deletions after every upload");
    let run = deploy(&site, &["www", "--no-build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!www(&site).join("reports/2023/law-inspection").exists());
    assert_eq!(files(&www(&site)), files(&site.out()));
}
