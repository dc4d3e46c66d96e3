//! Output safety: staging and swap, the marker, refusals, a failed build leaves the old site.

use crate::support::{Site, gazette, snapshot_dir};

#[test]
fn failed_build_leaves_previous_site_byte_identical() {
    let site = Site::fixture("build/basic");
    assert_eq!(site.build(&[]).code, 0);
    let before = snapshot_dir(&site.out());
    site.write("content/reports/2024/2024-06-01-bad.md", "---\ntitle: 坏\ndate: 2024-02-30\n---\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("previous site is unchanged"));
    assert_eq!(snapshot_dir(&site.out()), before);
}

#[test]
fn rebuild_replaces_a_gazette_folder_and_removes_stale_files() {
    let site = Site::fixture("build/basic");
    assert_eq!(site.build(&[]).code, 0);
    std::fs::remove_file(site.root().join("content/about.md")).unwrap();
    assert_eq!(site.build(&[]).code, 0);
    assert!(!site.out().join("about/index.html").exists());
    assert!(site.out().join(".gazette-output").is_file());
}

#[test]
fn refuses_a_folder_with_foreign_files_and_keeps_them() {
    let site = Site::fixture("build/basic");
    std::fs::create_dir_all(site.out()).unwrap();
    std::fs::write(site.out().join("mine.txt"), "do not delete").unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E051]"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(site.out().join("mine.txt")).unwrap(), "do not delete");
}

#[test]
fn refuses_site_root_and_filesystem_root() {
    let site = Site::fixture("build/basic");
    let root = site.root();
    for out in [root.to_str().unwrap(), "/", root.join("content").to_str().unwrap()] {
        let run = gazette(&["build", "--root", root.to_str().unwrap(), "--output", out], None);
        assert_eq!(run.code, 1, "{out}");
        assert!(run.stderr.contains("error[E051]"), "{out}: {}", run.stderr);
    }
    assert!(root.join("content/about.md").is_file());
}

#[test]
fn unwritable_output_reports_the_path_and_keeps_the_site() {
    let site = Site::fixture("build/basic");
    let root = site.root();
    let run = gazette(&["build", "--root", root.to_str().unwrap(), "--output", "/dev/null/site"], None);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E050]") && run.stderr.contains("/dev/null"), "{}", run.stderr);
}

#[test]
fn removes_what_a_killed_build_left_and_nothing_else() {
    let site = Site::fixture("build/basic");
    let parent = site.out().parent().unwrap().to_path_buf();
    let name = site.out().file_name().unwrap().to_string_lossy().into_owned();
    // a build killed with SIGKILL leaves its staging folder (with the marker) behind; no process
    // has the number 999999999 (above Linux's pid_max)
    let killed = parent.join(format!(".{name}.gazette-staging-999999999"));
    std::fs::create_dir_all(killed.join("reports")).unwrap();
    std::fs::write(killed.join(".gazette-output"), "generated").unwrap();
    // the same name without the marker is not Gazette's (unless it is empty: a staging folder
    // killed before its marker was written, or after its removal took the marker), and one of a
    // running process is in use
    let foreign = parent.join(format!(".{name}.gazette-staging-999999998"));
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let empty = parent.join(format!(".{name}.gazette-staging-999999997"));
    std::fs::create_dir_all(&empty).unwrap();
    let running = parent.join(format!(".{name}.gazette-old-{}", std::process::id()));
    std::fs::create_dir_all(&running).unwrap();
    std::fs::write(running.join(".gazette-output"), "generated").unwrap();

    assert_eq!(site.build(&[]).code, 0);
    if std::path::Path::new("/proc/self").exists() {
        assert!(!killed.exists(), "the killed build's staging folder is still there");
    }
    assert!(foreign.join("notes.txt").exists(), "a folder without the marker was removed");
    if std::path::Path::new("/proc/self").exists() {
        assert!(!empty.exists(), "an empty leftover is still there");
    }
    assert!(running.exists(), "the folder of a running process was removed");
}

#[test]
fn files_put_into_the_output_by_hand_are_kept() {
    // publishing public/ as a git work tree (gh-pages), a CNAME for the host: common habits
    let site = Site::fixture("build/basic");
    assert_eq!(site.build(&[]).code, 0);
    let out = site.out();
    std::fs::create_dir_all(out.join(".git/refs")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(out.join("CNAME"), "www.example.gov.cn\n").unwrap();
    std::fs::write(out.join("reports/verify.txt"), "token").unwrap();
    // a change, so that the site is rebuilt and swapped
    std::fs::remove_file(site.root().join("content/about.md")).unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!out.join("about/index.html").exists(), "a page Gazette no longer makes is still there");
    assert_eq!(std::fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref: refs/heads/gh-pages\n");
    assert!(out.join(".git/refs").is_dir());
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "www.example.gov.cn\n");
    assert_eq!(std::fs::read_to_string(out.join("reports/verify.txt")).unwrap(), "token");
    assert!(
        run.stderr.contains("note: kept what was put into") && run.stderr.contains(".git/, CNAME, reports/verify.txt"),
        "{}",
        run.stderr
    );
    // and again: still kept, still said
    site.write("content/about.md", "---\ntitle: 关于\n---\n文\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join(".git/HEAD").is_file() && out.join("CNAME").is_file());
    // the site now makes a CNAME of its own with other text: which to keep is the user's choice
    site.write("static/CNAME", "other.example.org\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E051]") && run.stderr.contains("CNAME was put there by hand"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "www.example.gov.cn\n");
    // the same text: the site's file takes over, nothing is lost
    site.write("static/CNAME", "www.example.gov.cn\n");
    assert_eq!(site.build(&[]).code, 0);
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "www.example.gov.cn\n");
}

#[test]
fn a_damaged_output_is_rebuilt() {
    let site = Site::fixture("build/basic");
    assert_eq!(site.build(&[]).code, 0);
    let before = snapshot_dir(&site.out());
    let run = site.build(&[]);
    assert!(run.stdout.contains("已是最新"), "{}", run.stdout);
    // a file removed, a file changed: not up to date, and the build puts them back
    std::fs::remove_file(site.out().join("index.html")).unwrap();
    let run = site.build(&[]);
    assert!(!run.stdout.contains("已是最新"), "{}", run.stdout);
    assert_eq!(snapshot_dir(&site.out()), before);
    std::fs::write(site.out().join("about/index.html"), "defaced").unwrap();
    let run = site.build(&[]);
    assert!(!run.stdout.contains("已是最新"), "{}", run.stdout);
    assert_eq!(snapshot_dir(&site.out()), before);
}

#[test]
fn the_old_site_is_restored_after_a_kill_between_two_renames() {
    // what a build killed between `public → .public.gazette-old-N` and the staging folder's
    // rename leaves where the OS has no RENAME_EXCHANGE (the kill itself: fault_injection.rs)
    let site = Site::fixture("build/basic");
    assert_eq!(site.build(&[]).code, 0);
    let before = snapshot_dir(&site.out());
    let parent = site.out().parent().unwrap().to_path_buf();
    let old = parent.join(".out.gazette-old-999999999");
    let staging = parent.join(".out.gazette-staging-999999999");
    std::fs::rename(site.out(), &old).unwrap();
    crate::support::copy_dir(&old, &staging);
    std::fs::write(staging.join("index.html"), "half").unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("note: restored the previous site"), "{}", run.stderr);
    assert_eq!(snapshot_dir(&site.out()), before);
    assert!(!old.exists() && !staging.exists(), "litter survived the build");
}

#[test]
fn a_write_over_the_file_size_limit_is_an_error() {
    // `ulimit -f` (in 512-byte blocks): the example site has pages larger than 8 KiB
    let site = Site::fixture("build/basic");
    let run = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -f 16 && exec {} build --root {} --output {}",
            env!("CARGO_BIN_EXE_gazette"),
            site.root().display(),
            site.out().display()
        ))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[E050]") && stderr.contains("larger than the system allows"), "{stderr}");
    assert!(!site.out().exists());
}
