//! `gazette import FILE`: a plain-text or Word report → one Markdown report with front matter.
//!
//! The import reads as a sentence: [`convert`] sniffs the file (`txt` decodes text, `docx` reads
//! the zip's XML), `structure` recognises the official document layout, `markdown` writes the
//! page; then [`import`] picks the path `content/<section>/<year>/<date>-<slug>.md` (a page
//! bundle folder when there are images) and writes it — or, with `--dry-run`, only returns it.
//!
//! In: the file, the site root, the section, an optional encoding. Out: the path written and a
//! summary of what was recognised and what was not, or diagnostics.
//! Never: overwrites anything, or leaves anything behind when a step fails (a bundle is written
//! into a staging folder and renamed into place).

#[cfg(test)]
mod corpus;
pub mod docx;
pub mod markdown;
pub mod structure;
pub mod txt;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::authoring;
use crate::config::{Config, Overrides, SlugMode};
use crate::diag::{Code, Diagnostic, Source};
use crate::pipeline::front_matter;
use structure::{Element, Report};

/// What to import, resolved from the command line.
#[derive(Debug)]
pub struct ImportOptions<'a> {
    pub file: &'a Path,
    pub root: &'a Path,
    pub section: &'a str,
    pub encoding: Option<&'a str>,
    pub dry_run: bool,
}

/// A converted report, not yet written.
#[derive(Debug)]
pub struct Imported {
    pub report: Report,
    pub markdown: String,
    /// Images for the page bundle: (file name, bytes).
    pub images: Vec<(String, Vec<u8>)>,
    /// How the file was read and what was left out.
    pub notes: Vec<String>,
}

/// The result of `gazette import`.
#[derive(Debug)]
pub struct ImportOutcome {
    /// The page's path relative to the site root (written, or that would be written).
    pub path: PathBuf,
    pub imported: Imported,
    pub written: bool,
    /// What was recognised and what was not, for stderr.
    pub summary: String,
}

/// Converts a report file's bytes into a Markdown page. `path` names the file in messages and
/// gives its extension and, when no title is found, the title.
pub fn convert(bytes: &[u8], path: &Path, encoding: Option<&str>) -> Result<Imported, Box<Diagnostic>> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let unsupported = |what: &str, help: &str| {
        Box::new(
            Diagnostic::error(Code::ImportUnsupported, format!("cannot import {what}"))
                .with_file(path)
                .with_help(help.to_string()),
        )
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Box::new(
            Diagnostic::error(Code::ImportNotReport, "the file is empty: there is no report to import")
                .with_file(path)
                .with_help("check that you picked the right file"),
        ));
    }
    let mut notes = Vec::new();
    let (blocks, images, formatted) = if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        // An OLE compound file: a password-protected .docx, or an old binary .doc / .wps.
        return Err(
            if contains_utf16(bytes, "EncryptionInfo") || (ext == "docx" && !contains_utf16(bytes, "WordDocument")) {
                Box::new(
                Diagnostic::error(Code::ImportEncrypted, "this Word file is password-protected (encrypted)")
                    .with_file(path)
                    .with_note("an encrypted .docx is an OLE compound file, not a zip archive, so its text cannot be read")
                    .with_help("open it in WPS or Word, remove the password (File → Info → Protect Document), save, and import again"),
            )
            } else {
                unsupported(
                    "an old Word 97–2003 (.doc) or WPS (.wps) document",
                    "open it in WPS or Word and save it as .docx (Word document) or as plain text, then import that file",
                )
            },
        );
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let content = docx::read(bytes, path)?;
        notes.extend(content.notes);
        (content.blocks, content.images, true)
    } else if bytes.starts_with(b"%PDF") {
        return Err(unsupported(
            "a PDF file",
            "open the original Word file instead, or copy the text into a .txt file and import that",
        ));
    } else if bytes.starts_with(b"{\\rtf") {
        return Err(unsupported("an RTF file", "open it in WPS or Word and save it as .docx, then import that file"));
    } else if matches!(ext.as_str(), "docx" | "docm" | "dotx") {
        return Err(Box::new(
            Diagnostic::error(
                Code::ImportDamaged,
                "cannot read this Word file: it is not a zip archive as a .docx must be",
            )
            .with_file(path)
            .with_help("open it in WPS or Word, save it again as .docx, and import the new file"),
        ));
    } else if matches!(
        ext.as_str(),
        "doc" | "wps" | "pdf" | "rtf" | "odt" | "xls" | "xlsx" | "ppt" | "pptx" | "et" | "dps"
    ) {
        return Err(unsupported(
            &format!("a .{ext} file"),
            "import reads plain text (.txt) and Word (.docx): save the report in one of those formats",
        ));
    } else {
        let decoded = txt::decode(bytes, encoding, path)?;
        notes.extend(decoded.note);
        (txt::paragraphs(&decoded.text), Vec::new(), false)
    };
    if encoding.is_some() && formatted {
        notes.push("--encoding applies to plain text only; a .docx is always Unicode".into());
    }
    if blocks.is_empty() {
        return Err(Box::new(
            Diagnostic::error(Code::ImportNotReport, "the file holds no report text")
                .with_file(path)
                .with_help("check that you picked the right file"),
        ));
    }
    let mut report = structure::recognise(blocks, formatted);
    if report.meta.title.is_none() {
        let stem = path.file_stem().map(|s| s.to_string_lossy().trim().to_string()).unwrap_or_default();
        if !stem.is_empty() {
            notes.push(format!("no title line found; used the file name `{stem}` as the title"));
            report.meta.doc_type = structure::doc_type(&stem).map(str::to_string);
            report.meta.title = Some(stem);
        }
    }
    if report.date_from_signature {
        notes.push("the date is the one at the end of the document (落款), not from a heading line".into());
    }
    let markdown = markdown::render(&report);
    self_check(&markdown, path)?;
    Ok(Imported { report, markdown, images, notes })
}

/// Converts and writes (or, with `dry_run`, only plans) the page.
pub fn import(opts: &ImportOptions<'_>) -> Result<ImportOutcome, Vec<Diagnostic>> {
    let section = authoring::check_section(opts.section).map_err(|d| vec![d])?;
    let bytes = read_bounded(opts.file).map_err(|d| vec![*d])?;
    // The slug mode comes from the site; a dry run works without one.
    let slug_mode = match Config::load(opts.root, &Overrides::default()) {
        Ok(config) => config.slugify,
        Err(d) if !opts.dry_run => return Err(d),
        Err(_) => SlugMode::Pinyin,
    };
    let imported = convert(&bytes, opts.file, opts.encoding).map_err(|d| vec![*d])?;
    let path = target_path(&imported, opts.file, section, slug_mode);
    let mut written = false;
    if !opts.dry_run {
        authoring::refuse_existing(opts.root, &path).map_err(|d| vec![d])?;
        write(opts.root, &path, &imported).map_err(|d| vec![d])?;
        written = true;
    }
    let summary = summary(&imported, &path, opts.dry_run);
    Ok(ImportOutcome { path, imported, written, summary })
}

/// The largest file `gazette import` reads: a Word file's parts may hold as much again
/// ([`docx::MAX_TOTAL`]), uncompressed.
pub const MAX_FILE: u64 = docx::MAX_TOTAL;

/// Reads the file to import, at most [`MAX_FILE`] bytes: the read itself is capped, so a device
/// or a pipe (`/dev/zero`) is an error too, not an exhausted machine.
fn read_bounded(file: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    use std::io::Read as _;
    let io = |source: std::io::Error| {
        let e = crate::fs::PathError { action: "read", path: file.to_path_buf(), source };
        Box::new(
            Diagnostic::error(Code::Io, e.to_string())
                .with_file(file)
                .with_help("check the file name; quote it if it contains spaces"),
        )
    };
    let mut bytes = Vec::new();
    std::fs::File::open(file).and_then(|f| f.take(MAX_FILE + 1).read_to_end(&mut bytes)).map_err(io)?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(Box::new(
            Diagnostic::error(
                Code::ImportTooLarge,
                format!("the file is too large to import: more than {} MB", MAX_FILE / 1024 / 1024),
            )
            .with_file(file)
            .with_help("a report is rarely over a few MB: check that you picked the right file, or split it"),
        ));
    }
    Ok(bytes)
}

/// `content/<section>/<year>/<date>-<slug>.md`, or `…/<date>-<slug>/index.md` with images;
/// without a date, `content/<section>/<slug>.md`.
pub fn target_path(imported: &Imported, file: &Path, section: &str, mode: SlugMode) -> PathBuf {
    let title = imported.report.meta.title.as_deref().unwrap_or_default();
    let mut slug = authoring::slug_for(title, mode);
    if slug.is_empty() {
        slug = crate::text::slugify(&file.file_stem().unwrap_or_default().to_string_lossy(), mode);
    }
    if slug.is_empty() {
        slug = "report".into();
    }
    authoring::report_path(section, imported.report.meta.date, &slug, !imported.images.is_empty())
}

/// The page must read back as valid front matter: a failure here is a bug in the import, caught
/// before anything is written.
fn self_check(markdown: &str, path: &Path) -> Result<(), Box<Diagnostic>> {
    let source = Source { path: path.to_path_buf(), text: markdown.into() };
    let split = front_matter::split(&source, markdown)?;
    let taxonomies = ["topics".to_string(), "types".to_string()];
    front_matter::parse_page(&source, &split, &taxonomies).map(|_| ()).map_err(|mut d| {
        let first = d.remove(0);
        Box::new(first.with_note("this is a bug in gazette import; please report it with the file"))
    })
}

/// Writes the page, and its images into a bundle folder, all or nothing.
fn write(root: &Path, rel: &Path, imported: &Imported) -> Result<(), Diagnostic> {
    if imported.images.is_empty() {
        let created = missing_ancestors(root, rel);
        return authoring::write_new(root, rel, imported.markdown.as_bytes()).inspect_err(|_| remove_empty(&created));
    }
    let bundle = rel.parent().unwrap_or(rel);
    let final_dir = root.join(bundle);
    let parent = final_dir.parent().unwrap_or(root).to_path_buf();
    let created = missing_ancestors(root, bundle);
    let name = final_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let staging = parent.join(format!(".{name}.gazette-import-{}", std::process::id()));
    let io = |e: crate::fs::PathError| Diagnostic::error(Code::Io, e.to_string()).with_file(bundle.to_path_buf());
    let result = (|| {
        crate::fs::create_dir_all(&staging).map_err(io)?;
        crate::fs::write(&staging.join("index.md"), imported.markdown.as_bytes()).map_err(io)?;
        for (file, bytes) in &imported.images {
            crate::fs::write(&staging.join(file), bytes).map_err(io)?;
        }
        if final_dir.exists() {
            return Err(authoring::refuse_existing(root, rel).err().unwrap_or_else(|| {
                Diagnostic::error(Code::TargetExists, format!("{} already exists", bundle.display()))
            }));
        }
        crate::fs::rename(&staging, &final_dir).map_err(io)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
        remove_empty(&created);
    }
    result
}

/// The folders between `root` and `rel`'s parent that do not exist yet, deepest first.
fn missing_ancestors(root: &Path, rel: &Path) -> Vec<PathBuf> {
    let mut missing = Vec::new();
    let mut dir = rel.parent();
    while let Some(d) = dir {
        if d.as_os_str().is_empty() || root.join(d).exists() {
            break;
        }
        missing.push(root.join(d));
        dir = d.parent();
    }
    missing
}

fn remove_empty(dirs: &[PathBuf]) {
    for d in dirs {
        let _ = std::fs::remove_dir(d);
    }
}

/// `1 table`, `2 tables`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

fn contains_utf16(bytes: &[u8], word: &str) -> bool {
    let needle: Vec<u8> = word.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// What was recognised and what was not.
fn summary(imported: &Imported, path: &Path, dry_run: bool) -> String {
    let report = &imported.report;
    let m = &report.meta;
    let mut found: Vec<(&str, String)> = Vec::new();
    let mut missing: Vec<&str> = Vec::new();
    let date = m.date.map(|d| d.to_string());
    for (key, value) in [
        ("title", m.title.as_ref()),
        ("date", date.as_ref()),
        ("meeting", m.meeting.as_ref()),
        ("speaker", m.speaker.as_ref()),
        ("speaker_title", m.speaker_title.as_ref()),
        ("author", m.author.as_ref()),
        ("doc_number", m.doc_number.as_ref()),
        ("type", m.doc_type.as_ref()),
    ] {
        match value {
            Some(v) => found.push((key, v.clone())),
            None => missing.push(key),
        }
    }
    missing.push("topics");
    let mut by_level = [0usize; 7];
    let (mut paragraphs, mut tables, mut images) = (0, 0, 0);
    for e in &report.body {
        match e {
            Element::Heading { level, .. } => by_level[usize::from(*level).min(6)] += 1,
            Element::Paragraph(_) => paragraphs += 1,
            Element::Table(_) => tables += 1,
            Element::Image { .. } => images += 1,
        }
    }
    let headings: Vec<String> =
        (1..=6).filter(|l| by_level[*l] > 0).map(|l| format!("{} at level {l}", by_level[l])).collect();
    let mut body = vec![
        if headings.is_empty() { "no headings".to_string() } else { format!("headings {}", headings.join(", ")) },
        plural(paragraphs, "paragraph"),
    ];
    if tables > 0 {
        body.push(plural(tables, "table"));
    }
    if images > 0 {
        body.push(plural(images, "image"));
    }
    if report.run_in_headings > 0 {
        body.push(format!("{} split from their paragraphs", plural(report.run_in_headings, "run-in heading")));
    }
    if report.lead_sentences > 0 {
        body.push(format!("{} made bold", plural(report.lead_sentences, "lead sentence")));
    }
    found.push(("body", body.join("; ")));

    let mut out = String::from("recognised:\n");
    for (key, value) in &found {
        let _ = writeln!(out, "  {key:<14}{value}");
    }
    let _ =
        writeln!(out, "not found (left for the editor, with a comment in the front matter):\n  {}", missing.join(", "));
    if m.date.is_none() {
        out.push_str("  the page needs a `date:` before it builds\n");
    }
    if !imported.notes.is_empty() {
        out.push_str("notes:\n");
        for note in &imported.notes {
            let _ = writeln!(out, "  {note}");
        }
    }
    let verb = if dry_run { "would write" } else { "wrote" };
    let _ = writeln!(out, "{verb} {}", path.display());
    for (file, _) in &imported.images {
        let _ = writeln!(out, "{verb} {}", path.with_file_name(file).display());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_files_it_cannot_import() {
        let cases: &[(&[u8], &str, Code)] = &[
            (b"", "a.txt", Code::ImportNotReport),
            (b"  \n\n", "a.txt", Code::ImportNotReport),
            (b"%PDF-1.7 ...", "a.pdf", Code::ImportUnsupported),
            (b"{\\rtf1\\ansi}", "a.doc", Code::ImportUnsupported),
            (b"not a zip", "a.docx", Code::ImportDamaged),
            (b"PK\x03\x04garbage", "a.docx", Code::ImportDamaged),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", "a.docx", Code::ImportEncrypted),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0", "a.doc", Code::ImportUnsupported),
            (
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0",
                "a.doc",
                Code::ImportEncrypted,
            ),
        ];
        for (bytes, name, code) in cases {
            let err = convert(bytes, Path::new(name), None).unwrap_err();
            assert_eq!(err.code, *code, "{name} {bytes:?}: {}", err.render(false));
        }
    }

    /// A small deterministic generator (xorshift) for the no-panic tests.
    fn rng(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// No input makes import panic: text built from the pieces official documents are made of,
    /// random bytes, and damaged Word files.
    #[test]
    fn never_panics_on_odd_input() {
        let mut next = rng(0x2545_F491_4F6C_DD1D);
        let pieces = [
            "一、",
            "（一）",
            "(1)",
            "1.",
            "1．",
            "。",
            "——",
            "2024年1月4日",
            "二〇二四年十二月",
            "在",
            "会议上",
            "通过",
            "**",
            "\n",
            "\n\n",
            " ",
            "\u{3000}",
            "（",
            "）",
            "“",
            "”",
            "主任",
            "汪新华",
            "王 伟",
            "年",
            "月",
            "日",
            "十",
            "〇",
            "关于",
            "报告",
            "审议意见",
            "：",
            "；",
            "|",
            "#",
            "\r",
            "a",
            "9",
            "〔2024〕",
            "号",
            "附件",
            "\u{FEFF}",
            "\t",
            "*",
            "`",
            // the forms of every level's heading block (issue 18 §6)
            "·",
            "•",
            "市长",
            "自治州州长",
            "代理",
            "――",
            "<!--",
            "-->",
            "原标题：",
            "第一部分",
            "２０２４",
            "在",
            "会议上",
            "上海市市长韩正",
            "伊力哈木·沙比尔",
        ];
        for _ in 0..3000 {
            let n = next() % 60;
            let text: String = (0..n).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect();
            if let Ok(imported) = convert(text.as_bytes(), Path::new("x.txt"), None) {
                assert!(imported.markdown.starts_with("---\n"));
            }
        }
        for _ in 0..500 {
            let len = next() % 300;
            let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let _ = convert(&bytes, Path::new("x.txt"), None);
            let _ = convert(&bytes, Path::new("x.txt"), Some("big5"));
            let _ = convert(&bytes, Path::new("x.docx"), None);
        }
        let tags = [
            "<w:p>",
            "</w:p>",
            "<w:p/>",
            "<w:r>",
            "</w:r>",
            "<w:t>",
            "</w:t>",
            "文字。",
            "一、标题",
            "<w:br/>",
            "<w:tbl>",
            "</w:tbl>",
            "<w:tr>",
            "</w:tr>",
            "<w:tc>",
            "</w:tc>",
            "<w:gridSpan w:val=\"99999\"/>",
            "<w:pPr>",
            "</w:pPr>",
            "<w:rPr><w:b/></w:rPr>",
            "<mc:Fallback>",
            "</mc:Fallback>",
            "&amp;",
            "&#xD800;",
            "&bogus;",
            "<a:blip r:embed=\"rId1\"/>",
            "<w:jc w:val=\"center\"/>",
            "<w:pStyle w:val=\"1\"/>",
            "<![CDATA[x]]>",
        ];
        for _ in 0..1500 {
            let n = next() % 50;
            let body: String = (0..n).map(|_| tags[(next() % tags.len() as u64) as usize]).collect();
            let xml = format!("<w:document><w:body>{body}</w:body></w:document>");
            let docx = zip_of(&[
                ("word/document.xml", xml.as_bytes()),
                (
                    "word/_rels/document.xml.rels",
                    b"<Relationships><Relationship Id=\"rId1\" Target=\"media/a.png\"/></Relationships>",
                ),
                ("word/media/a.png", b"png"),
            ]);
            let _ = convert(&docx, Path::new("x.docx"), None);
            // and the same file damaged: truncated, or with flipped bytes
            let cut = (next() as usize) % docx.len();
            let _ = convert(&docx[..cut], Path::new("x.docx"), None);
            let mut flipped = docx.clone();
            for _ in 0..4 {
                let i = (next() as usize) % flipped.len();
                flipped[i] ^= next() as u8;
            }
            let _ = convert(&flipped, Path::new("x.docx"), None);
        }
    }

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write as _;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn converts_text_with_front_matter() {
        let imported = convert("关于某事的报告\n\n正文第一段。\n".as_bytes(), Path::new("x.txt"), None).unwrap();
        assert!(
            imported.markdown.starts_with("---\ntitle: 关于某事的报告\n# date:  # not found"),
            "{}",
            imported.markdown
        );
        assert!(imported.markdown.ends_with("---\n\n正文第一段。\n"), "{}", imported.markdown);
    }
}
