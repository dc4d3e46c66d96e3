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
    // the same name without the marker is not Gazette's, and one of a running process is in use
    let foreign = parent.join(format!(".{name}.gazette-staging-999999998"));
    std::fs::create_dir_all(&foreign).unwrap();
    let running = parent.join(format!(".{name}.gazette-old-{}", std::process::id()));
    std::fs::create_dir_all(&running).unwrap();
    std::fs::write(running.join(".gazette-output"), "generated").unwrap();

    assert_eq!(site.build(&[]).code, 0);
    if std::path::Path::new("/proc/self").exists() {
        assert!(!killed.exists(), "the killed build's staging folder is still there");
    }
    assert!(foreign.exists(), "a folder without the marker was removed");
    assert!(running.exists(), "the folder of a running process was removed");
}
