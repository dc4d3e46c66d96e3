//! Word reports: a `.docx` zip → paragraphs with run formatting, tables and images.
//!
//! In: the bytes of a `.docx` file. Out: the blocks of its main document (`word/document.xml`)
//! in order — paragraphs with bold runs (direct `w:b`, character and paragraph styles, and runs
//! set in 黑体/楷体 inside a paragraph count as bold), centring and heading styles, tables as rows
//! of cell text, images as files to put in the page bundle — plus notes on what was left out.
//! Never: reads more than a bounded amount from any zip entry (a zip bomb is an error, not an
//! exhausted machine), follows external links, or panics on malformed XML.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use super::structure::{Block, Para, Run};
use crate::diag::{Code, Diagnostic};

/// The most Gazette reads from one zip entry, uncompressed.
pub const MAX_ENTRY: u64 = 64 * 1024 * 1024;
/// The most Gazette reads from one Word file in all, uncompressed: the document, its styles
/// and every image. A report with 40 photos of 60 MB each wrote 2.4 GB into `content/` before
/// this limit (test `resources::import_stops_at_the_total_size_limit`).
pub const MAX_TOTAL: u64 = 256 * 1024 * 1024;

/// What a Word file holds.
#[derive(Debug, Default)]
pub struct DocxContent {
    pub blocks: Vec<Block>,
    /// Image files for the page bundle: (file name, bytes).
    pub images: Vec<(String, Vec<u8>)>,
    /// What was left out or needs the editor's eye.
    pub notes: Vec<String>,
}

/// Reads a `.docx` file.
pub fn read(bytes: &[u8], path: &Path) -> Result<DocxContent, Box<Diagnostic>> {
    let damaged = |why: EntryError| {
        match why {
        EntryError::Damaged(why) => Box::new(
            Diagnostic::error(Code::ImportDamaged, format!("cannot read this Word file: {why}"))
                .with_file(path)
                .with_help("open it in WPS or Word, save it again as .docx, and import the new file"),
        ),
        EntryError::TooLarge(why) => Box::new(
            Diagnostic::error(Code::ImportTooLarge, format!("this Word file is too large to import: {why}"))
                .with_file(path)
                .with_note(format!(
                    "import reads at most {} MB from one part of a Word file and {} MB in all, uncompressed",
                    MAX_ENTRY / MB,
                    MAX_TOTAL / MB
                ))
                .with_help(
                    "make the images smaller (in WPS or Word: Picture Format → Compress Pictures), save, and import again",
                ),
        ),
    }
    };
    let mut budget = MAX_TOTAL;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged(EntryError::Damaged(format!("it is not a complete zip archive ({e})"))))?;
    let names: Vec<String> = zip.file_names().filter_map(Result::ok).map(|n| n.to_string()).collect();
    let Some(document) = read_entry(&mut zip, "word/document.xml", &mut budget).map_err(&damaged)? else {
        let what = if names.iter().any(|n| n.starts_with("xl/")) {
            Some("an Excel workbook")
        } else if names.iter().any(|n| n.starts_with("ppt/")) {
            Some("a PowerPoint presentation")
        } else {
            None
        };
        return Err(match what {
            Some(what) => Box::new(
                Diagnostic::error(Code::ImportUnsupported, format!("this is {what}, not a Word document"))
                    .with_file(path)
                    .with_help("import reads Word (.docx) and plain-text reports"),
            ),
            None => damaged(EntryError::Damaged("it has no word/document.xml".into())),
        });
    };
    let document = xml_text(document).map_err(EntryError::Damaged).map_err(&damaged)?;
    let rels = match read_entry(&mut zip, "word/_rels/document.xml.rels", &mut budget).map_err(&damaged)? {
        Some(b) => parse_rels(&xml_text(b).map_err(EntryError::Damaged).map_err(&damaged)?),
        None => HashMap::new(),
    };
    let styles = match read_entry(&mut zip, "word/styles.xml", &mut budget).map_err(&damaged)? {
        Some(b) => parse_styles(&xml_text(b).map_err(EntryError::Damaged).map_err(&damaged)?),
        None => Styles::default(),
    };
    let parsed = parse_document(&document, &styles)
        .map_err(|e| damaged(EntryError::Damaged(format!("word/document.xml is broken ({e})"))))?;

    // The images' declared sizes first: a file over the limit is refused before any image is
    // read (each read is capped again, since a declared size may lie).
    let mut declared = MAX_TOTAL - budget;
    let mut seen = std::collections::HashSet::new();
    for block in &parsed.blocks {
        if let Raw::Image { rel, .. } = block
            && let Some(rel) = rels.get(rel)
            && !rel.external
            && let entry = resolve_target(&rel.target)
            && seen.insert(entry.clone())
            && let Ok(file) = zip.by_name(&entry)
        {
            declared = declared.saturating_add(file.size());
            if file.size() > MAX_ENTRY || declared > MAX_TOTAL {
                return Err(damaged(too_large(&entry, file.size())));
            }
        }
    }

    let mut content = DocxContent::default();
    let mut image_files: HashMap<String, String> = HashMap::new();
    for block in parsed.blocks {
        let Raw::Image { rel, alt } = block else {
            if let Raw::Block(b) = block {
                content.blocks.push(b);
            }
            continue;
        };
        let Some(rel) = rels.get(&rel) else { continue };
        if rel.external {
            content.notes.push(format!("left out a linked (not embedded) image: {}", rel.target));
            continue;
        }
        let entry = resolve_target(&rel.target);
        let file = match image_files.get(&entry) {
            Some(f) => f.clone(),
            None => {
                let Some(bytes) = read_entry(&mut zip, &entry, &mut budget).map_err(&damaged)? else {
                    content.notes.push(format!("left out an image missing from the file: {entry}"));
                    continue;
                };
                let file = unique_name(&entry, &content.images);
                if file.ends_with(".emf") || file.ends_with(".wmf") {
                    content
                        .notes
                        .push(format!("{file} is a Windows metafile that browsers cannot show; convert it to PNG"));
                }
                content.images.push((file.clone(), bytes));
                image_files.insert(entry, file.clone());
                file
            }
        };
        let alt = if alt.trim().is_empty() { format!("图{}", content.images.len()) } else { alt };
        content.blocks.push(Block::Image { file, alt });
    }
    if parsed.footnotes {
        content.notes.push("left out footnotes and endnotes (add them as Markdown footnotes: text[^1])".into());
    }
    if parsed.numbered_lists {
        content.notes.push(
            "some paragraphs use Word's automatic numbering, whose numbers are not in the text; check their headings"
                .into(),
        );
    }
    Ok(content)
}

const MB: u64 = 1024 * 1024;

/// Why an entry could not be read.
enum EntryError {
    Damaged(String),
    /// Over [`MAX_ENTRY`] or over what is left of [`MAX_TOTAL`].
    TooLarge(String),
}

/// Reads one zip entry, bounded by [`MAX_ENTRY`] and by `budget`, what is left of
/// [`MAX_TOTAL`]; `None` when it does not exist. The size the zip declares is checked before
/// anything is read, and the read itself is capped, since a zip bomb's declared size lies.
fn read_entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<Vec<u8>>, EntryError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(EntryError::Damaged(format!("{name}: {e}"))),
    };
    let limit = MAX_ENTRY.min(*budget);
    if file.size() > limit {
        return Err(too_large(name, file.size()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0).min(1024 * 1024));
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| EntryError::Damaged(format!("{name}: {e}")))?;
    let read = bytes.len() as u64;
    if read > limit {
        return Err(too_large(name, read));
    }
    *budget -= read;
    Ok(Some(bytes))
}

/// Entry `name` of `size` bytes is over [`MAX_ENTRY`], or else it takes the file over [`MAX_TOTAL`].
fn too_large(name: &str, size: u64) -> EntryError {
    EntryError::TooLarge(if size > MAX_ENTRY {
        format!("{name} is larger than {} MB", MAX_ENTRY / MB)
    } else {
        format!("with {name} it holds more than {} MB", MAX_TOTAL / MB)
    })
}

fn xml_text(bytes: Vec<u8>) -> Result<String, String> {
    let mut s = String::from_utf8(bytes).map_err(|_| "its XML is not UTF-8".to_string())?;
    if s.starts_with('\u{FEFF}') {
        s.remove(0);
    }
    Ok(s)
}

struct Rel {
    target: String,
    external: bool,
}

fn parse_rels(xml: &str) -> HashMap<String, Rel> {
    let mut rels = HashMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if local(&e) == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                    rels.insert(id, Rel { target, external });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    rels
}

/// `media/image1.png` relative to `word/`, or an absolute part name.
fn resolve_target(target: &str) -> String {
    let mut parts: Vec<&str> = if let Some(abs) = target.strip_prefix('/') { vec![abs] } else { vec!["word", target] };
    let joined = parts.join("/");
    parts = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A safe, unique file name for an extracted image: `image1.png`.
fn unique_name(entry: &str, taken: &[(String, Vec<u8>)]) -> String {
    let base = entry.rsplit('/').next().unwrap_or("image");
    let (stem, ext) = base.rsplit_once('.').unwrap_or((base, ""));
    let clean = |s: &str| -> String {
        let s: String = s
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_') { c.to_ascii_lowercase() } else { '-' })
            .collect();
        s.trim_matches('-').to_string()
    };
    let stem = match clean(stem) {
        s if s.is_empty() => "image".to_string(),
        s => s,
    };
    let ext = match clean(ext) {
        e if e.is_empty() => String::new(),
        e => format!(".{e}"),
    };
    let mut name = format!("{stem}{ext}");
    let mut n = 2;
    while taken.iter().any(|(f, _)| *f == name) || name == "index.md" {
        name = format!("{stem}-{n}{ext}");
        n += 1;
    }
    name
}

/// Run formatting from styles: by style id.
#[derive(Debug, Default)]
struct Styles {
    styles: HashMap<String, Style>,
}

#[derive(Debug, Default, Clone)]
struct Style {
    based_on: Option<String>,
    bold: Option<bool>,
    heavy_font: Option<bool>,
    heading: Option<u8>,
}

impl Styles {
    /// Follows `basedOn` until a style says something about `get`.
    fn lookup<T>(&self, id: &str, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut id = id.to_string();
        for _ in 0..16 {
            let style = self.styles.get(&id)?;
            if let Some(v) = get(style) {
                return Some(v);
            }
            id = style.based_on.clone()?;
        }
        None
    }
}

fn parse_styles(xml: &str) -> Styles {
    let mut styles = Styles::default();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut current: Option<(String, Style)> = None;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = local(&e);
                match (name, current.as_mut()) {
                    ("style", _) => current = attr(&e, "styleId").map(|id| (id, Style::default())),
                    ("name", Some((_, s))) => {
                        let n = attr(&e, "val").unwrap_or_default().to_lowercase();
                        if let Some(level) = n.strip_prefix("heading ").or_else(|| n.strip_prefix("标题 ")) {
                            s.heading = level.trim().parse().ok();
                        } else if n == "title" || n == "标题" {
                            s.heading = Some(0);
                        }
                    }
                    ("basedOn", Some((_, s))) => s.based_on = attr(&e, "val"),
                    ("outlineLvl", Some((_, s))) => {
                        if let Some(level) = attr(&e, "val").and_then(|v| v.parse::<u8>().ok()).filter(|l| *l < 9) {
                            s.heading = Some(level + 1);
                        }
                    }
                    ("b", Some((_, s))) => s.bold = Some(on(&e)),
                    ("rFonts", Some((_, s))) => s.heavy_font = Some(is_heavy_font(&e)),
                    _ => {}
                }
            }
            Event::End(e) if e.local_name().into_inner() == "style" => {
                if let Some((id, s)) = current.take() {
                    styles.styles.insert(id, s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    styles
}

/// A block of the document before image references are resolved.
enum Raw {
    Block(Block),
    Image { rel: String, alt: String },
}

#[derive(Default)]
struct Parsed {
    blocks: Vec<Raw>,
    footnotes: bool,
    numbered_lists: bool,
}

/// A run being read: its text and formatting.
#[derive(Default, Clone)]
struct RawRun {
    text: String,
    bold: bool,
    heavy_font: bool,
}

#[derive(Default)]
struct ParaState {
    runs: Vec<RawRun>,
    centered: bool,
    style: Option<String>,
    outline: Option<u8>,
    images: Vec<(String, String)>,
}

#[derive(Default)]
struct RunState {
    bold: Option<bool>,
    heavy_font: Option<bool>,
    style: Option<String>,
}

struct TableState {
    rows: Vec<Vec<String>>,
    span: usize,
}

fn parse_document(xml: &str, styles: &Styles) -> Result<Parsed, String> {
    let mut out = Parsed::default();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut paras: Vec<ParaState> = Vec::new();
    let mut run: Option<RunState> = None;
    let mut tables: Vec<TableState> = Vec::new();
    // Inside these, nothing is read: fallbacks duplicate their `mc:Choice`; deleted text and
    // field instructions are not content.
    let mut skip_depth = 0usize;
    let mut in_ppr = false;
    let mut in_text = false;
    let mut pending_alt = String::new();
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = local(&e).to_string();
            if skip_depth > 0 {
                if !empty {
                    skip_depth += 1;
                }
                continue;
            }
            match name.as_str() {
                "Fallback" | "del" | "instrText" | "delText" | "moveFrom" if !empty => skip_depth = 1,
                "footnoteReference" | "endnoteReference" => out.footnotes = true,
                "p" => {
                    paras.push(ParaState::default());
                    if empty {
                        end_paragraph(&mut paras, &mut tables, &mut out, styles);
                    }
                }
                "pPr" => in_ppr = !empty,
                "pStyle" if in_ppr => {
                    if let Some(p) = paras.last_mut() {
                        p.style = attr(&e, "val");
                    }
                }
                "jc" if in_ppr => {
                    if let Some(p) = paras.last_mut() {
                        p.centered = attr(&e, "val").is_some_and(|v| v == "center");
                    }
                }
                "outlineLvl" if in_ppr => {
                    if let Some(p) = paras.last_mut() {
                        p.outline = attr(&e, "val").and_then(|v| v.parse::<u8>().ok()).filter(|l| *l < 9);
                    }
                }
                "numPr" if in_ppr => out.numbered_lists = true,
                "r" if !in_ppr => {
                    run = Some(RunState::default());
                }
                "b" if !in_ppr => {
                    if let Some(r) = run.as_mut() {
                        r.bold = Some(on(&e));
                    }
                }
                "rFonts" if !in_ppr => {
                    if let Some(r) = run.as_mut() {
                        r.heavy_font = Some(is_heavy_font(&e));
                    }
                }
                "rStyle" if !in_ppr => {
                    if let Some(r) = run.as_mut() {
                        r.style = attr(&e, "val");
                    }
                }
                "t" => in_text = !empty,
                "tab" if !in_ppr => push_text(&mut paras, run.as_ref(), styles, "\t"),
                "noBreakHyphen" => push_text(&mut paras, run.as_ref(), styles, "-"),
                // A line break inside a paragraph: a new paragraph with the same layout. Page
                // and column breaks only change the layout.
                "br" | "cr" if !in_ppr && attr(&e, "type").is_none_or(|t| t == "textWrapping") => {
                    if let Some(p) = paras.last_mut() {
                        let next = ParaState {
                            centered: p.centered,
                            style: p.style.clone(),
                            outline: p.outline,
                            ..Default::default()
                        };
                        end_paragraph(&mut paras, &mut tables, &mut out, styles);
                        paras.push(next);
                    }
                }
                "docPr" => pending_alt = attr(&e, "descr").or_else(|| attr(&e, "title")).unwrap_or_default(),
                "blip" | "imagedata" => {
                    let id = attr(&e, "embed").or_else(|| attr(&e, "id"));
                    if let (Some(id), Some(p)) = (id, paras.last_mut()) {
                        p.images.push((id, std::mem::take(&mut pending_alt)));
                    }
                }
                "tbl" => tables.push(TableState { rows: Vec::new(), span: 1 }),
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.rows.push(Vec::new());
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.span = 1;
                        if let Some(row) = t.rows.last_mut() {
                            row.push(String::new());
                        }
                    }
                }
                "gridSpan" => {
                    if let Some(t) = tables.last_mut() {
                        t.span = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                match e.local_name().into_inner() {
                    "p" => end_paragraph(&mut paras, &mut tables, &mut out, styles),
                    "pPr" => in_ppr = false,
                    "r" => run = None,
                    "t" => in_text = false,
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            let span = std::mem::replace(&mut t.span, 1);
                            if let Some(row) = t.rows.last_mut() {
                                if let Some(cell) = row.last_mut() {
                                    *cell = cell.trim().to_string();
                                }
                                row.extend(std::iter::repeat_n(String::new(), span - 1));
                            }
                        }
                    }
                    "tbl" => {
                        if let Some(table) = tables.pop() {
                            let rows: Vec<Vec<String>> = table.rows.into_iter().filter(|r| !r.is_empty()).collect();
                            match tables.last_mut().and_then(|t| t.rows.last_mut()).and_then(|r| r.last_mut()) {
                                // A table inside a cell: its text joins the cell.
                                Some(cell) => {
                                    let text: Vec<String> =
                                        rows.into_iter().flatten().filter(|c| !c.is_empty()).collect();
                                    append_cell(cell, &text.join(" "));
                                }
                                None if !rows.is_empty() => out.blocks.push(Raw::Block(Block::Table(rows))),
                                None => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip_depth == 0 => {
                let text = t.xml10_content();
                push_text(&mut paras, run.as_ref(), styles, &text);
            }
            Event::CData(t) if in_text && skip_depth == 0 => {
                let text = t.xml10_content();
                push_text(&mut paras, run.as_ref(), styles, &text);
            }
            Event::GeneralRef(r) if in_text && skip_depth == 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).map(str::to_string),
                };
                if let Some(s) = resolved {
                    push_text(&mut paras, run.as_ref(), styles, &s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Unclosed paragraphs in a truncated document: keep their text.
    while !paras.is_empty() {
        end_paragraph(&mut paras, &mut tables, &mut out, styles);
    }
    Ok(out)
}

/// Adds text to the current paragraph with the current run's resolved formatting.
fn push_text(paras: &mut [ParaState], run: Option<&RunState>, styles: &Styles, text: &str) {
    let Some(p) = paras.last_mut() else { return };
    let from_para = |get: fn(&Style) -> Option<bool>| p.style.as_deref().and_then(|s| styles.lookup(s, get));
    let (bold, heavy) = match run {
        Some(r) => {
            let from_run = |get: fn(&Style) -> Option<bool>| r.style.as_deref().and_then(|s| styles.lookup(s, get));
            (
                r.bold.or_else(|| from_run(|s| s.bold)).or_else(|| from_para(|s| s.bold)).unwrap_or(false),
                r.heavy_font
                    .or_else(|| from_run(|s| s.heavy_font))
                    .or_else(|| from_para(|s| s.heavy_font))
                    .unwrap_or(false),
            )
        }
        None => (from_para(|s| s.bold).unwrap_or(false), from_para(|s| s.heavy_font).unwrap_or(false)),
    };
    match p.runs.last_mut() {
        Some(last) if last.bold == bold && last.heavy_font == heavy => last.text.push_str(text),
        _ => p.runs.push(RawRun { text: text.to_string(), bold, heavy_font: heavy }),
    }
}

/// Ends the innermost paragraph: into the table cell it is in, or as a block.
fn end_paragraph(paras: &mut Vec<ParaState>, tables: &mut [TableState], out: &mut Parsed, styles: &Styles) {
    let Some(p) = paras.pop() else { return };
    let text: String = p.runs.iter().map(|r| r.text.as_str()).collect();
    if let Some(cell) = tables.last_mut().and_then(|t| t.rows.last_mut()).and_then(|r| r.last_mut()) {
        append_cell(cell, text.trim());
        for (rel, alt) in p.images {
            out.blocks.push(Raw::Image { rel, alt });
        }
        return;
    }
    // 黑体/楷体 marks emphasis only against a different body font: a paragraph set wholly in
    // 楷体 (a date line, a quotation) is not bold.
    let all_heavy = p.runs.iter().filter(|r| !r.text.trim().is_empty()).all(|r| r.heavy_font);
    let runs: Vec<Run> =
        p.runs.into_iter().map(|r| Run { bold: r.bold || (r.heavy_font && !all_heavy), text: r.text }).collect();
    let heading_style = p
        .style
        .as_deref()
        .and_then(|s| styles.lookup(s, |st| st.heading))
        .or(p.outline.map(|l| l + 1))
        .map(|l| l.max(1));
    if !text.trim().is_empty() {
        out.blocks.push(Raw::Block(Block::Para(Para { runs, centered: p.centered, heading_style })));
    }
    for (rel, alt) in p.images {
        out.blocks.push(Raw::Image { rel, alt });
    }
}

fn append_cell(cell: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push(' ');
    }
    cell.push_str(text);
}

/// The local name of an element (`w:p` → `p`).
fn local<'a>(e: &'a BytesStart<'_>) -> &'a str {
    let name = e.name().into_inner();
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// An attribute by local name, unescaped.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.into_inner();
        let key_local = key.rsplit_once(':').map_or(key, |(_, l)| l);
        (key_local == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
}

/// A toggle property such as `<w:b/>` or `<w:b w:val="0"/>`.
fn on(e: &BytesStart<'_>) -> bool {
    attr(e, "val").is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off" | "none"))
}

/// 黑体 and 楷体 (and their Founder and Windows names) set lead sentences apart in official
/// documents.
fn is_heavy_font(e: &BytesStart<'_>) -> bool {
    ["eastAsia", "ascii", "hAnsi"].iter().filter_map(|a| attr(e, a)).any(|font| {
        let f = font.to_lowercase();
        ["黑体", "楷体", "simhei", "kaiti", "stkaiti", "华文楷体", "华文黑体", "微软雅黑"].iter().any(|h| f.contains(h))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str, expected: &[&str]) {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#
        );
        let styles = parse_styles(
            r#"<w:styles xmlns:w="x"><w:style w:styleId="1"><w:name w:val="heading 1"/></w:style><w:style w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style></w:styles>"#,
        );
        let parsed = parse_document(&xml, &styles).unwrap();
        let got: Vec<String> = parsed
            .blocks
            .iter()
            .map(|b| match b {
                Raw::Block(Block::Para(p)) => {
                    let mut s = String::new();
                    if let Some(l) = p.heading_style {
                        s.push_str(&format!("h{l} "));
                    }
                    if p.centered {
                        s.push_str("center ");
                    }
                    for r in &p.runs {
                        if r.bold {
                            s.push_str(&format!("**{}**", r.text));
                        } else {
                            s.push_str(&r.text);
                        }
                    }
                    s
                }
                Raw::Block(Block::Table(rows)) => format!("table {rows:?}"),
                Raw::Block(Block::Image { file, .. }) => format!("image {file}"),
                Raw::Image { rel, alt } => format!("image {rel} {alt}"),
            })
            .collect();
        assert_eq!(got, expected, "{body}");
    }

    #[test]
    fn runs_and_formatting() {
        check(
            r#"<w:p><w:pPr><w:jc w:val="center"/><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>工作报告</w:t></w:r></w:p>"#,
            &["center 工作报告"],
        );
        check(
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>扎实开展主题教育。</w:t></w:r><w:r><w:t xml:space="preserve">按照&amp;部署&#x3002;</w:t></w:r></w:p>"#,
            &["**扎实开展主题教育。**按照&部署。"],
        );
        check(
            r#"<w:p><w:r><w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/></w:rPr><w:t>政策体系逐步健全。</w:t></w:r><w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr><w:t>县政府出台措施。</w:t></w:r></w:p>"#,
            &["**政策体系逐步健全。**县政府出台措施。"],
        );
        // a paragraph wholly in 楷体 is not bold; w:b w:val="0" is off
        check(
            r#"<w:p><w:r><w:rPr><w:rFonts w:eastAsia="楷体"/></w:rPr><w:t>（2024年6月27日）</w:t></w:r></w:p><w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>普通</w:t></w:r></w:p>"#,
            &["（2024年6月27日）", "普通"],
        );
        check(
            r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p><w:p><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>强调</w:t></w:r><w:r><w:t>文字</w:t></w:r></w:p>"#,
            &["h1 标题", "**强调**文字"],
        );
    }

    #[test]
    fn breaks_fallbacks_tables_images() {
        check(
            r#"<w:p><w:r><w:t>江陵县人大常委会</w:t><w:br/><w:t>关于……的审议意见</w:t></w:r></w:p>"#,
            &["江陵县人大常委会", "关于……的审议意见"],
        );
        check(
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>一次</w:t></mc:Choice><mc:Fallback><w:t>两次</w:t></mc:Fallback></mc:AlternateContent></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p>"#,
            &["一次"],
        );
        check(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>金额</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
            &[r#"table [["项目", "金额", ""], ["a b", "", "3"]]"#],
        );
        check(
            r#"<w:p><w:r><w:drawing><wp:inline xmlns:wp="x"><wp:docPr id="1" name="图片 1" descr="调研现场"/><a:graphic xmlns:a="y"><a:blip r:embed="rId5" xmlns:r="z"/></a:graphic></wp:inline></w:drawing></w:r></w:p>"#,
            &["image rId5 调研现场"],
        );
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        let styles = Styles::default();
        assert!(parse_document("<w:document><w:body><w:p></w:body>", &styles).is_err());
        assert!(parse_document("", &styles).is_ok());
    }

    /// A Word file whose image `word/media/image1.png` holds `size` zeros, deflated, and
    /// declares `declared` bytes in its local header and in the central directory.
    fn lying_docx(size: usize, declared: u32) -> Vec<u8> {
        use std::io::Write as _;
        let document = r#"<w:document><w:body><w:p><w:r><w:t>报告</w:t></w:r></w:p><w:p><a:blip r:embed="rId1"/></w:p></w:body></w:document>"#;
        let rels = r#"<Relationships><Relationship Id="rId1" Target="media/image1.png"/></Relationships>"#;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, bytes) in [
            ("word/document.xml", document.as_bytes().to_vec()),
            ("word/_rels/document.xml.rels", rels.as_bytes().to_vec()),
            ("word/media/image1.png", vec![0; size]),
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(&bytes).unwrap();
        }
        let mut bytes = zip.finish().unwrap().into_inner();
        let name = b"word/media/image1.png";
        // local headers (size at 22, name at 30) and central directory headers (24, 46)
        for (signature, size_at, name_len_at, name_at) in [(b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)] {
            let mut i = 0;
            while let Some(found) = bytes[i..].windows(4).position(|w| w == signature) {
                let at = i + found;
                let len = usize::from(u16::from_le_bytes([bytes[at + name_len_at], bytes[at + name_len_at + 1]]));
                if bytes.get(at + name_at..at + name_at + len) == Some(name.as_slice()) {
                    bytes[at + size_at..at + size_at + 4].copy_from_slice(&declared.to_le_bytes());
                }
                i = at + 4;
            }
        }
        bytes
    }

    #[test]
    fn sizes_are_checked_before_and_while_reading() {
        let path = Path::new("x.docx");
        // as declared: 1 KB is read
        let ok = read(&lying_docx(1024, 1024), path).unwrap();
        assert_eq!(ok.images.iter().map(|(_, b)| b.len()).collect::<Vec<_>>(), [1024]);
        // declared over the limit: refused before reading
        let err = read(&lying_docx(1024, 100 * 1024 * 1024), path).unwrap_err();
        assert_eq!(err.code, Code::ImportTooLarge, "{}", err.render(false));
        // a zip bomb that declares 1 KB and holds 70 MB: never more than the limit is read
        let err = read(&lying_docx(70 * 1024 * 1024, 1024), path).unwrap_err();
        assert!(matches!(err.code, Code::ImportTooLarge | Code::ImportDamaged), "{}", err.render(false));
    }

    #[test]
    fn targets_and_names() {
        assert_eq!(resolve_target("media/image1.png"), "word/media/image1.png");
        assert_eq!(resolve_target("../media/a.png"), "media/a.png");
        assert_eq!(resolve_target("/word/media/b.jpeg"), "word/media/b.jpeg");
        let taken = vec![("image1.png".to_string(), vec![])];
        assert_eq!(unique_name("word/media/image1.png", &taken), "image1-2.png");
        assert_eq!(unique_name("word/media/图 片.PNG", &[]), "image.png");
    }
}
