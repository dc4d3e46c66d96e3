//! The corpus measurement of issue 18 §6: every report of a folder of pasted reports through
//! [`super::convert`], one tab-separated line per file (title, date, meeting, speaker's office
//! and name, headings by level, run-in headings), for before/after counts of the import rules.
//! Ignored: it reads a folder outside the repository, named by `GAZETTE_IMPORT_CORPUS`
//! (default `/work/shared/corpus/gov-work-reports`), and writes to `GAZETTE_IMPORT_CORPUS_OUT`
//! (default stdout). Run: `cargo test --lib import::corpus -- --ignored --nocapture`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::structure::Element;

#[test]
#[ignore = "reads a corpus outside the repository"]
fn measure_corpus() {
    let root = std::env::var("GAZETTE_IMPORT_CORPUS").unwrap_or("/work/shared/corpus/gov-work-reports".into());
    let mut files = Vec::new();
    collect(Path::new(&root), &mut files);
    files.sort();
    let mut out = String::new();
    let (mut speaker, mut meeting, mut date, mut with_headings) = (0, 0, 0, 0);
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let rel = file.strip_prefix(&root).unwrap_or(file).display().to_string();
        let Ok(imported) = super::convert(&bytes, file, None) else {
            let _ = writeln!(out, "{rel}\tERROR");
            continue;
        };
        let r = &imported.report;
        let m = &r.meta;
        let mut levels = [0usize; 7];
        for e in &r.body {
            if let Element::Heading { level, .. } = e {
                levels[usize::from(*level).min(6)] += 1;
            }
        }
        speaker += usize::from(m.speaker.is_some());
        meeting += usize::from(m.meeting.is_some());
        date += usize::from(m.date.is_some());
        with_headings += usize::from(levels.iter().sum::<usize>() > 0);
        let field = |v: Option<&String>| v.cloned().unwrap_or_else(|| "-".into());
        let _ = writeln!(
            out,
            "{rel}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            field(m.title.as_ref()),
            m.date.map_or("-".into(), |d| d.to_string()),
            field(m.meeting.as_ref()),
            field(m.speaker_title.as_ref()),
            field(m.speaker.as_ref()),
            levels[2..].iter().map(ToString::to_string).collect::<Vec<_>>().join("/"),
            r.run_in_headings,
        );
    }
    let _ = writeln!(
        out,
        "# files {} speaker {speaker} meeting {meeting} date {date} with-headings {with_headings}",
        files.len()
    );
    match std::env::var("GAZETTE_IMPORT_CORPUS_OUT") {
        Ok(path) => std::fs::write(path, out).unwrap(),
        Err(_) => print!("{out}"),
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
}
