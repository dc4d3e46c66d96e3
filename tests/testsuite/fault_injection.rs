//! Fault injection: `gazette build` killed with SIGKILL (through `strace -e inject`, which
//! `.ci/run` installs) at every rename it makes, and at steps of writing the new site and of
//! removing the old one. After
//! each kill the output is the old site or the new one, never missing and never mixed; the next
//! build finishes the new site and leaves no litter beside it. The same where the filesystem
//! has no `RENAME_EXCHANGE` (renameat2 made to fail with EINVAL): then a kill between the two
//! renames leaves no output for a moment, and the next build restores the old site first.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Site, copy_dir, snapshot_dir};

type Tree = Vec<(String, Vec<u8>)>;

/// A site built once (`old`), then edited, with the tree a clean build of the edit gives (`new`).
struct Case {
    site: Site,
    old: Tree,
    new: Tree,
    saved: PathBuf,
}

impl Case {
    fn new() -> Case {
        let site = Site::fixture("build/basic");
        assert_eq!(site.build(&[]).code, 0);
        // files a user put into the output, which every build carries over
        let user_files = |dir: &Path| {
            std::fs::create_dir_all(dir.join(".git")).unwrap();
            std::fs::write(dir.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
            std::fs::write(dir.join("CNAME"), "www.example.gov.cn\n").unwrap();
        };
        user_files(&site.out());
        let old = snapshot_dir(&site.out());
        let saved = site.dir.path().join("saved-old");
        copy_dir(&site.out(), &saved);
        site.write("content/about.md", "---\ntitle: 关于我们（修订）\n---\n新的正文。\n");
        let expected = site.dir.path().join("expected");
        assert_eq!(site.build_to(&expected, &[]).code, 0);
        user_files(&expected);
        let new = snapshot_dir(&expected);
        std::fs::remove_dir_all(&expected).unwrap();
        assert_ne!(old, new);
        Case { site, old, new, saved }
    }

    /// The output as the first build left it, and nothing beside it.
    fn reset(&self) {
        for path in self.litter() {
            std::fs::remove_dir_all(path).unwrap();
        }
        if self.site.out().exists() {
            std::fs::remove_dir_all(self.site.out()).unwrap();
        }
        copy_dir(&self.saved, &self.site.out());
    }

    /// Staging and old folders beside the output.
    fn litter(&self) -> Vec<PathBuf> {
        let parent = self.site.out().parent().unwrap().to_path_buf();
        std::fs::read_dir(&parent)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(".out.gazette-"))
            .collect()
    }

    /// `gazette build` under strace with these options; `true` when the build was killed.
    fn traced_build(&self, strace_args: &[String], trace_to: Option<&Path>) -> bool {
        let root = self.site.root();
        let out = self.site.out();
        let mut cmd = Command::new("strace");
        cmd.args(["-f", "-qq", "-o"]).arg(trace_to.unwrap_or(Path::new("/dev/null")));
        cmd.args(strace_args);
        cmd.arg(env!("CARGO_BIN_EXE_gazette"));
        cmd.args(["build", "--quiet", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
        let status = cmd.env("NO_COLOR", "1").output().expect("run strace").status;
        match status.signal().or(status.code().filter(|c| *c > 128).map(|c| c - 128)) {
            Some(9) => true,
            _ => {
                assert_eq!(status.code(), Some(0), "the traced build failed: {strace_args:?}");
                false
            }
        }
    }

    /// After a kill: the next, normal build gives the new site and leaves nothing beside it.
    fn assert_next_build_finishes(&self, what: &str) {
        let run = self.site.build(&[]);
        assert_eq!(run.code, 0, "{what}: the next build failed\n{}", run.stderr);
        assert!(snapshot_dir(&self.site.out()) == self.new, "{what}: the next build did not give the new site");
        assert_eq!(self.litter(), Vec::<PathBuf>::new(), "{what}: litter survived the next build");
    }

    /// How often a traced build makes these calls (names separated by commas). Every rename
    /// call is traced: strace injects only into calls it traces.
    fn count_calls(&self, calls: &str, extra: &[String]) -> usize {
        self.reset();
        let trace = self.site.dir.path().join("trace");
        let mut args = vec![format!("--trace={calls},rename,renameat,renameat2")];
        args.extend_from_slice(extra);
        assert!(!self.traced_build(&args, Some(&trace)));
        let names: Vec<String> = calls.split(',').map(|c| format!(" {c}(")).collect();
        let text = std::fs::read_to_string(&trace).unwrap();
        text.lines().filter(|l| names.iter().any(|n| l.contains(n.as_str()))).count()
    }
}

fn have_strace() -> bool {
    if Command::new("strace").arg("-V").output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "strace is missing: .ci/run installs it");
    eprintln!("skipped: strace is not installed (apt-get install strace; .ci/run does it)");
    false
}

/// `when` values for a call made `count` times: every one up to 12, else 12 spread evenly
/// (always the first and the last).
fn kill_points(count: usize) -> Vec<usize> {
    if count <= 12 {
        return (1..=count).collect();
    }
    let mut v: Vec<usize> = (0..12).map(|i| 1 + i * (count - 1) / 11).collect();
    v.dedup();
    v
}

#[test]
fn a_build_killed_at_any_step_leaves_a_whole_site() {
    if !have_strace() {
        return;
    }
    let case = Case::new();
    let mut kills = 0;
    // every rename (the search cache's, then the swap), steps of writing the site and the
    // marker and of linking files over, and steps of removing the old site
    let steps = [("rename,renameat,renameat2", true), ("write,link,linkat", false), ("unlink,unlinkat,rmdir", false)];
    for (calls, every) in steps {
        let count = case.count_calls(calls, &[]);
        assert!(count > 0, "no {calls} calls traced");
        let points = if every { (1..=count).collect() } else { kill_points(count) };
        for n in points {
            let what = format!("killed at {calls} #{n} of {count}");
            case.reset();
            let killed = case.traced_build(&[format!("--inject={calls}:signal=KILL:when={n}")], None);
            if !killed {
                // fewer calls than counted this time (the search cache had less to prune): the
                // build finished, which must have given the new site
                assert!(n > 1, "{what}: the build was not killed");
                assert!(snapshot_dir(&case.site.out()) == case.new, "{what}: not killed, yet not the new site");
                continue;
            }
            kills += 1;
            let now = snapshot_dir(&case.site.out());
            assert!(case.site.out().is_dir(), "{what}: the output is missing");
            assert!(now == case.old || now == case.new, "{what}: the output is neither the old site nor the new one");
            case.assert_next_build_finishes(&what);
        }
    }
    assert!(kills >= 8, "only {kills} kills");
}

#[test]
fn without_rename_exchange_the_next_build_restores_the_old_site() {
    if !have_strace() {
        return;
    }
    let case = Case::new();
    let no_exchange = "--inject=renameat2:error=EINVAL".to_string();
    let calls = "rename,renameat";
    let count = case.count_calls(calls, std::slice::from_ref(&no_exchange));
    assert!(count >= 2, "expected the two renames of the swap, traced {count}");
    let mut missing_seen = false;
    for n in 1..=count {
        let what = format!("no exchange, killed at {calls} #{n} of {count}");
        case.reset();
        let killed = case.traced_build(&[no_exchange.clone(), format!("--inject={calls}:signal=KILL:when={n}")], None);
        assert!(killed, "{what}: the build was not killed");
        if case.site.out().exists() {
            let now = snapshot_dir(&case.site.out());
            assert!(now == case.old || now == case.new, "{what}: the output is neither the old site nor the new one");
        } else {
            // between the two renames: the old site is whole, beside the output
            missing_seen = true;
            let old: Vec<PathBuf> = case
                .litter()
                .into_iter()
                .filter(|p| p.file_name().unwrap().to_string_lossy().contains("gazette-old-"))
                .collect();
            assert_eq!(old.len(), 1, "{what}: {:?}", case.litter());
            assert!(snapshot_dir(&old[0]) == case.old, "{what}: the old site set aside is not whole");
        }
        case.assert_next_build_finishes(&what);
    }
    assert!(missing_seen, "no kill fell between the two renames of the swap");
}
