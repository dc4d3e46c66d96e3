//! Front matter: split the `---` block from the body and parse it into typed fields.
//!
//! In: a file's text (BOM already removed) and its `Source` for diagnostics.
//! Out: [`PageMeta`] or [`SectionMeta`] with the byte range of every field in the `.md` file, the
//! body and its offset — or diagnostics pointing at the line of the `.md` file (not of the YAML
//! block) to fix.
//! Never: reads the disk, or lets an unknown field through (a typo would drop a report from an
//! index).

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::diag::{self, Code, Diagnostic, Source};
use crate::yaml::{self, Value};

/// The fields a page may have. Configured taxonomy names are accepted too.
pub const PAGE_FIELDS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "topics",
    "type",
    "meeting",
    "meeting_term",
    "meeting_no",
    "speaker",
    "speaker_title",
    "author",
    "doc_number",
    "slug",
    "draft",
    "weight",
    "aliases",
    "attachments",
    "cover",
    "cover_focus",
    "template",
    "responds_to",
    "related",
    "index_no",
    "extra",
];

/// The fields of a section's or the home page's `_index.md`.
pub const SECTION_FIELDS: &[&str] =
    &["title", "description", "weight", "sort_by", "paginate", "template", "kind", "pages", "issue", "extra"];

/// The text split at the front matter delimiters.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    /// The YAML between the delimiters, or `None` when the file has no front matter.
    pub yaml: Option<&'a str>,
    pub yaml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Splits front matter from the body. The block opens with a first line `---` and closes with the
/// next line that is exactly `---` (trailing spaces and `\r` allowed); an indented `---` inside a
/// YAML block scalar is content.
pub fn split<'a>(source: &Source, text: &'a str) -> Result<Split<'a>, Box<Diagnostic>> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if !is_delimiter(&text[..first_line_end]) {
        return Ok(Split { yaml: None, yaml_offset: 0, body: text, body_offset: 0 });
    }
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        if is_delimiter(line) {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: Some(&text[first_line_end..offset]),
                yaml_offset: first_line_end,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Box::new(
        Diagnostic::error(Code::FrontMatterUnclosed, "front matter is never closed")
            .with_span(source, 0..3)
            .with_label("the block opens here")
            .with_help("add a line that is exactly `---` after the last front matter field"),
    ))
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r', ' ', '\t']) == "---"
}

/// A date as written: a calendar date with an optional time and UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub date: jiff::civil::Date,
    pub time: Option<jiff::civil::Time>,
    /// Offset from UTC in seconds, when written.
    pub offset_seconds: Option<i32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AttachmentMeta {
    pub file: String,
    pub title: Option<String>,
}

/// A reference to another document (`responds_to:`, `related:`): a content path or a
/// `doc_number`, with its place in the `.md` file for errors.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DocRef {
    pub text: String,
    /// Byte range in the `.md` file: the item itself when it can be found, else the field's value.
    pub span: Range<usize>,
}

/// The typed front matter of a page.
#[derive(Clone, Debug, Default)]
pub struct PageMeta {
    pub title: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub summary: Option<String>,
    pub topics: Vec<String>,
    pub doc_type: Option<String>,
    pub meeting: Option<String>,
    /// `meeting_term:`/`meeting_no:` set by hand: they override what `meeting` is read as
    /// (`pipeline::meeting::of_page`).
    pub meeting_term: Option<u32>,
    pub meeting_no: Option<u32>,
    pub speaker: Option<String>,
    pub speaker_title: Option<String>,
    pub author: Option<String>,
    pub doc_number: Option<String>,
    pub slug: Option<String>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub aliases: Vec<String>,
    pub attachments: Vec<AttachmentMeta>,
    pub cover: Option<String>,
    /// Where a cover's crop keeps its subject, in percent of width and height (`cover_focus:`;
    /// the centre, 50,50, when unset).
    pub cover_focus: Option<crate::images::Focus>,
    pub template: Option<String>,
    /// Documents this one answers or follows up (`responds_to:`).
    pub responds_to: Vec<DocRef>,
    /// Loose links to other documents (`related:`).
    pub related: Vec<DocRef>,
    /// The 索引号 set by hand (`index_no:`).
    pub index_no: Option<String>,
    pub extra: Option<Value>,
    /// Terms of configured taxonomies other than topics and types, by taxonomy name.
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Byte range in the `.md` file of each field's value, by field name.
    pub spans: BTreeMap<String, Range<usize>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Date,
    Weight,
    Title,
}

/// What a section is (`kind:` of its `_index.md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// A folder of pages, listed by the section's sort order.
    #[default]
    List,
    /// A 专题: hand-picked pages from any section (`pages:`), in the order given.
    Collection,
    /// An issue of a bulletin (公报): a collection with an `issue:` number, printable whole.
    Bulletin,
}

/// A bulletin's issue: `issue: {year: 2024, number: 3}` (2024年第3期).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Issue {
    pub year: i64,
    pub number: i64,
}

/// The typed front matter of an `_index.md`.
#[derive(Clone, Debug, Default)]
pub struct SectionMeta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub sort_by: SortBy,
    pub paginate: Option<usize>,
    pub template: Option<String>,
    pub kind: SectionKind,
    /// The documents a collection lists, in order (`pages:`), as `responds_to:` names them.
    pub pages: Vec<DocRef>,
    pub issue: Option<Issue>,
    pub extra: Option<Value>,
    /// Byte range in the `.md` file of each field's value, by field name.
    pub spans: BTreeMap<String, Range<usize>>,
}

/// Parses a page's front matter. `taxonomies` are the configured taxonomy names.
pub fn parse_page(source: &Source, split: &Split<'_>, taxonomies: &[String]) -> Result<PageMeta, Vec<Diagnostic>> {
    let mut meta = PageMeta::default();
    let Some(yaml_text) = split.yaml else { return Ok(meta) };
    let entries = parse_entries(source, yaml_text, split.yaml_offset)?;
    let mut diags = Vec::new();
    let extra_fields: Vec<&str> =
        taxonomies.iter().map(String::as_str).filter(|t| !matches!(*t, "topics" | "types")).collect();
    for entry in &entries {
        let value_range = shift(&entry.value_range, split.yaml_offset);
        let extent = shift(&entry.extent, split.yaml_offset);
        let type_err = |message: String| type_error(source, &entry.key, value_range.clone(), extent.clone(), message);
        let v = &entry.value;
        let result: Result<(), Diagnostic> = (|| {
            match entry.key.as_str() {
                "title" => meta.title = non_empty(v.as_text().map_err(type_err)?),
                "date" => meta.date = Some(parse_date_value(source, v, value_range.clone())?),
                "updated" => meta.updated = Some(parse_date_value(source, v, value_range.clone())?),
                "summary" => meta.summary = non_empty(v.as_text().map_err(type_err)?),
                "topics" => {
                    let terms = v.as_text_list().map_err(type_err)?;
                    check_terms(source, "topics", &terms, extent.clone())?;
                    meta.topics = clean_list(terms);
                }
                "type" => {
                    let doc_type = v.as_text().map_err(type_err)?;
                    check_terms(source, "type", std::slice::from_ref(&doc_type), extent.clone())?;
                    meta.doc_type = non_empty(doc_type);
                }
                "meeting" => meta.meeting = non_empty(v.as_text().map_err(type_err)?),
                "meeting_term" => {
                    meta.meeting_term = Some(meeting_count(v.as_i64().map_err(type_err)?).map_err(type_err)?)
                }
                "meeting_no" => meta.meeting_no = Some(meeting_count(v.as_i64().map_err(type_err)?).map_err(type_err)?),
                "speaker" => meta.speaker = non_empty(v.as_text().map_err(type_err)?),
                "speaker_title" => meta.speaker_title = non_empty(v.as_text().map_err(type_err)?),
                "author" => meta.author = non_empty(v.as_text().map_err(type_err)?),
                "doc_number" => meta.doc_number = non_empty(v.as_text().map_err(type_err)?),
                "slug" => meta.slug = Some(v.as_text().map_err(type_err)?),
                "draft" => meta.draft = v.as_bool().map_err(type_err)?,
                "weight" => meta.weight = Some(v.as_i64().map_err(type_err)?),
                "aliases" => {
                    let aliases = v.as_text_list().map_err(type_err)?;
                    check_terms(source, "aliases", &aliases, extent.clone())?;
                    meta.aliases = aliases;
                }
                "attachments" => meta.attachments = parse_attachments(v).map_err(type_err)?,
                "cover" => meta.cover = non_empty(v.as_text().map_err(type_err)?),
                "cover_focus" => {
                    let text = v.as_text().map_err(&type_err)?;
                    meta.cover_focus = Some(crate::images::Focus::parse(&text).map_err(type_err)?);
                }
                "template" => meta.template = non_empty(v.as_text().map_err(type_err)?),
                "responds_to" | "related" => {
                    // items are searched after the key, in the whole entry (a block list's value
                    // range is not its items)
                    let key_end = shift(&entry.key_range, split.yaml_offset).end;
                    let refs = doc_refs(source, v, key_end.max(extent.start)..extent.end.max(key_end), &value_range)
                        .map_err(type_err)?;
                    if entry.key == "related" { meta.related = refs } else { meta.responds_to = refs }
                }
                "index_no" => meta.index_no = non_empty(v.as_text().map_err(type_err)?),
                "extra" => {
                    if !v.is_null() && !v.is_map() {
                        return Err(type_err("expected `key: value` pairs".into()));
                    }
                    meta.extra = Some(v.clone());
                }
                key if extra_fields.contains(&key) => {
                    let terms = v.as_text_list().map_err(type_err)?;
                    check_terms(source, key, &terms, extent.clone())?;
                    meta.taxonomies.insert(key.to_string(), clean_list(terms));
                }
                key => {
                    let known = PAGE_FIELDS.iter().copied().chain(extra_fields.iter().copied());
                    return Err(unknown_field(source, key, shift(&entry.key_range, split.yaml_offset), known));
                }
            }
            Ok(())
        })();
        match result {
            Ok(()) => {
                meta.spans.insert(entry.key.clone(), value_range);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.is_empty() { Ok(meta) } else { Err(diags) }
}

/// Parses the front matter of an `_index.md`.
pub fn parse_section(source: &Source, split: &Split<'_>) -> Result<SectionMeta, Vec<Diagnostic>> {
    let mut meta = SectionMeta::default();
    let Some(yaml_text) = split.yaml else { return Ok(meta) };
    let entries = parse_entries(source, yaml_text, split.yaml_offset)?;
    let mut diags = Vec::new();
    for entry in &entries {
        let value_range = shift(&entry.value_range, split.yaml_offset);
        let extent = shift(&entry.extent, split.yaml_offset);
        let type_err = |message: String| type_error(source, &entry.key, value_range.clone(), extent.clone(), message);
        let v = &entry.value;
        let result: Result<(), Diagnostic> = (|| {
            match entry.key.as_str() {
                "title" => meta.title = non_empty(v.as_text().map_err(type_err)?),
                "description" => meta.description = non_empty(v.as_text().map_err(type_err)?),
                "weight" => meta.weight = Some(v.as_i64().map_err(type_err)?),
                "template" => meta.template = non_empty(v.as_text().map_err(type_err)?),
                "sort_by" => {
                    meta.sort_by = match v.as_text().map_err(type_err)?.as_str() {
                        "date" => SortBy::Date,
                        "weight" => SortBy::Weight,
                        "title" => SortBy::Title,
                        other => {
                            return Err(type_err(format!("`{other}` is not a sort order"))
                                .with_help("use `sort_by: date`, `weight` or `title`"));
                        }
                    }
                }
                "kind" => {
                    meta.kind = match v.as_text().map_err(type_err)?.as_str() {
                        "list" => SectionKind::List,
                        "collection" => SectionKind::Collection,
                        "bulletin" => SectionKind::Bulletin,
                        other => {
                            return Err(type_err(format!("`{other}` is not a kind of section"))
                                .with_help("use `kind: collection` (专题) or `kind: bulletin` (公报)"));
                        }
                    }
                }
                "pages" => {
                    let key_end = shift(&entry.key_range, split.yaml_offset).end;
                    meta.pages = doc_refs(source, v, key_end.max(extent.start)..extent.end.max(key_end), &value_range)
                        .map_err(type_err)?;
                }
                "issue" => {
                    let mut year = None;
                    let mut number = None;
                    for (k, x) in v.as_map().map_err(type_err)? {
                        match k.as_str() {
                            "year" => year = Some(x.as_i64().map_err(type_err)?),
                            "number" => number = Some(x.as_i64().map_err(type_err)?),
                            other => return Err(type_err(format!("`{other}` is not part of an issue"))),
                        }
                    }
                    match (year, number) {
                        (Some(year), Some(number)) if (1..=9999).contains(&year) && (1..=9999).contains(&number) => {
                            meta.issue = Some(Issue { year, number })
                        }
                        _ => {
                            return Err(type_err("expected a year and a number between 1 and 9999".into())
                                .with_help("write `issue: {year: 2024, number: 3}` for 2024年第3期"));
                        }
                    }
                }
                "paginate" => {
                    let n = v.as_i64().map_err(type_err)?;
                    if !(1..=10_000).contains(&n) {
                        return Err(type_err("must be between 1 and 10000".into()));
                    }
                    meta.paginate = Some(n as usize);
                }
                "extra" => {
                    if !v.is_null() && !v.is_map() {
                        return Err(type_err("expected `key: value` pairs".into()));
                    }
                    meta.extra = Some(v.clone());
                }
                key => {
                    return Err(unknown_field(
                        source,
                        key,
                        shift(&entry.key_range, split.yaml_offset),
                        SECTION_FIELDS.iter().copied(),
                    )
                    .with_note("this is a section's _index.md, which takes fewer fields than a page"));
                }
            }
            Ok(())
        })();
        match result {
            Ok(()) => {
                meta.spans.insert(entry.key.clone(), value_range);
            }
            Err(d) => diags.push(d),
        }
    }
    if meta.kind == SectionKind::List && !meta.pages.is_empty() {
        let range = meta.spans.get("pages").cloned().unwrap_or(0..3);
        diags.push(
            type_error(source, "pages", range.clone(), range, "only a collection lists pages by hand".into())
                .with_help("add `kind: collection` (专题) or `kind: bulletin` (公报) to this _index.md"),
        );
    }
    if diags.is_empty() { Ok(meta) } else { Err(diags) }
}

/// Parses a date as written in front matter: `2024-01-04`, `2024-01-04T09:30:00+08:00`,
/// `2024-01-04 09:30`, or `2024年1月4日`. The error says what is wrong in words.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    if let Some(rest) = text.strip_suffix('日').filter(|_| text.contains('年')) {
        let (y, rest) = rest.split_once('年').ok_or("expected 2024年1月4日")?;
        let (m, d) = rest.split_once('月').ok_or("expected 2024年1月4日")?;
        let date = civil_date(y.trim(), m.trim(), d.trim())?;
        return Ok(Date { date, time: None, offset_seconds: None });
    }
    let (date_part, time_part) = match text.find(['T', 't', ' ']) {
        Some(i) => (&text[..i], Some(text[i + 1..].trim())),
        None => (text, None),
    };
    let mut parts = date_part.splitn(3, ['-', '/']);
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("`{text}` is not a date; write it as YYYY-MM-DD"));
    };
    let date = civil_date(y, m, d)?;
    let (time, offset_seconds) = match time_part {
        None => (None, None),
        Some(t) => {
            let (time, offset) = parse_time(t)?;
            (Some(time), offset)
        }
    };
    Ok(Date { date, time, offset_seconds })
}

fn civil_date(y: &str, m: &str, d: &str) -> Result<jiff::civil::Date, String> {
    let num = |s: &str, what: &str| -> Result<i64, String> {
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{s}` is not a {what}"));
        }
        s.parse::<i64>().map_err(|_| format!("`{s}` is not a {what}"))
    };
    let (y, m, d) = (num(y, "year")?, num(m, "month")?, num(d, "day")?);
    if !(1..=9999).contains(&y) {
        return Err(format!("{y} is not a year Gazette accepts (1–9999)"));
    }
    if !(1..=12).contains(&m) {
        return Err(format!("there is no month {m}; months run from 1 to 12"));
    }
    let first = jiff::civil::Date::new(y as i16, m as i8, 1).map_err(|e| e.to_string())?;
    let days = first.days_in_month() as i64;
    if !(1..=days).contains(&d) {
        return Err(format!("{} {y} has {days} days", month_name(m as usize)));
    }
    jiff::civil::Date::new(y as i16, m as i8, d as i8).map_err(|e| e.to_string())
}

/// The English name of a month (1–12).
pub fn month_name(m: usize) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES.get(m.wrapping_sub(1)).copied().unwrap_or("that month")
}

fn parse_time(t: &str) -> Result<(jiff::civil::Time, Option<i32>), String> {
    let bad = || format!("`{t}` is not a time; write it as 09:30:00+08:00");
    let (clock, offset) = if let Some(c) = t.strip_suffix(['Z', 'z']) {
        (c, Some(0))
    } else if let Some(i) = t.rfind(['+', '-']) {
        let (c, o) = t.split_at(i);
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let digits: String = o[1..].chars().filter(|c| *c != ':').collect();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let h: i32 = digits[..2].parse().map_err(|_| bad())?;
        let m: i32 = digits[2..].parse().map_err(|_| bad())?;
        if h > 23 || m > 59 {
            return Err(bad());
        }
        (c, Some(sign * (h * 3600 + m * 60)))
    } else {
        (t, None)
    };
    let clock = clock.split('.').next().unwrap_or(clock);
    let mut parts = clock.split(':');
    let mut field = |max: i64| -> Result<i8, String> {
        match parts.next() {
            None => Ok(0),
            Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                let n: i64 = p.parse().map_err(|_| bad())?;
                if n > max { Err(bad()) } else { Ok(n as i8) }
            }
            Some(_) => Err(bad()),
        }
    };
    let (h, m, s) = (field(23)?, field(59)?, field(59)?);
    if clock.is_empty() || parts.next().is_some() {
        return Err(bad());
    }
    let time = jiff::civil::Time::new(h, m, s, 0).map_err(|_| bad())?;
    Ok((time, offset))
}

/// Parses a date from a file name prefix `YYYY-MM-DD-…` (or `YYYY-MM-DD …` and `YYYY-MM-DD_…`,
/// as editors also name files); `None` when there is no such prefix.
pub fn date_from_file_stem(stem: &str) -> Option<Result<Date, String>> {
    let prefix = stem.get(..10)?;
    let b = prefix.as_bytes();
    let shape = b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shape || !(stem.len() == 10 || stem[10..].starts_with(['-', '_', ' '])) {
        return None;
    }
    Some(parse_date(prefix))
}

fn parse_date_value(source: &Source, v: &Value, range: Range<usize>) -> Result<Date, Diagnostic> {
    let text = v.as_text().map_err(|m| {
        Diagnostic::error(Code::InvalidDate, "invalid date")
            .with_span(source, range.clone())
            .with_label(m)
            .with_help("write dates as YYYY-MM-DD or 2024年1月4日")
    })?;
    parse_date(&text).map_err(|m| {
        let folded = yaml::fold_full_width(&text);
        // `２０２４-０６-２７`: digits typed in the input method's full-width mode
        let help = if folded != text && parse_date(&folded).is_ok() {
            format!("type the digits in the input method's English mode: `{folded}`")
        } else {
            "write dates as YYYY-MM-DD, 2024-01-04T09:30:00+08:00 or 2024年1月4日".into()
        };
        Diagnostic::error(Code::InvalidDate, "invalid date").with_span(source, range).with_label(m).with_help(help)
    })
}

fn parse_attachments(v: &Value) -> Result<Vec<AttachmentMeta>, String> {
    let mut out = Vec::new();
    for item in v.as_map_list()? {
        let mut file = None;
        let mut title = None;
        for (key, value) in item {
            match key.as_str() {
                "file" => file = Some(value.as_text().map_err(|e| format!("file: {e}"))?),
                "title" => title = non_empty(value.as_text().map_err(|e| format!("title: {e}"))?),
                other => return Err(format!("an attachment has `file` and `title`, not `{other}`")),
            }
        }
        let file = file.ok_or("each attachment needs `file:`")?;
        out.push(AttachmentMeta { file, title });
    }
    Ok(out)
}

fn parse_entries(source: &Source, yaml_text: &str, yaml_offset: usize) -> Result<Vec<yaml::Entry>, Vec<Diagnostic>> {
    yaml::parse_mapping(yaml_text, crate::diag::line_col(&source.text, yaml_offset).0).map_err(|e| {
        let at = yaml_offset + e.offset.min(yaml_text.len());
        let mut line_end = source.text[at..].find('\n').map_or(source.text.len(), |i| at + i);
        if let Some(width) = e.width {
            line_end = line_end.min(at + width);
        }
        // a long line (200 `[`) is underlined for 60 bytes, so the label stays in view
        if line_end - at > 60 {
            line_end = (at + 60..line_end).find(|i| source.text.is_char_boundary(*i)).unwrap_or(line_end);
        }
        let help = e.help.unwrap_or_else(|| {
            "check the indentation (spaces, not tabs); quote values that contain `: ` or start with \
             `[`, `{`, `*`, `&` or `#`"
                .into()
        });
        vec![
            Diagnostic::error(Code::FrontMatterSyntax, "front matter is not valid YAML")
                .with_span(source, at..line_end.max(at + 1))
                .with_label(e.message)
                .with_help(help),
        ]
    })
}

fn unknown_field<'a>(
    source: &Source,
    key: &str,
    range: Range<usize>,
    known: impl Iterator<Item = &'a str> + Clone,
) -> Diagnostic {
    let message = format!("unknown front matter field `{key}`");
    if let Some((slip, fix)) = yaml::ime_key(&source.text, &range) {
        // `　title:` or `ｔｉｔｌｅ:`: the field is right, its letters or indentation are not
        return Diagnostic::error(Code::FrontMatterUnknownField, message)
            .with_span(source, slip)
            .with_label(fix.label())
            .with_help(fix.help());
    }
    let help = match diag::suggest(key, known.clone()) {
        Some(s) => format!("did you mean `{s}`? Free-form values go under `extra:`"),
        None => format!("known fields: {}. Free-form values go under `extra:`", known.collect::<Vec<_>>().join(", ")),
    };
    Diagnostic::error(Code::FrontMatterUnknownField, message)
        .with_span(source, range)
        .with_label("not a front matter field")
        .with_help(help)
}

/// "invalid `extra`": a value of the wrong kind. When a line of the entry holds punctuation typed
/// with the input method (`  source：融媒体` makes `extra` text), the error points at it and says
/// what to type (test `front_matter::tests::ime_terms`).
fn type_error(
    source: &Source,
    key: &str,
    value_range: Range<usize>,
    extent: Range<usize>,
    message: String,
) -> Diagnostic {
    let d = Diagnostic::error(Code::FrontMatterType, format!("invalid `{key}`"));
    match yaml::ime_line(&source.text[extent.clone()]) {
        Some((slip, fix)) => d
            .with_span(source, extent.start + slip.start..extent.start + slip.end)
            .with_label(format!("{}: {message}", fix.label()))
            .with_help(fix.help()),
        None => d.with_span(source, value_range).with_label(message),
    }
}

/// Taxonomy terms typed with the input method's punctuation. YAML splits a list only at `,`, so
/// `[代表工作，法治建设]` is one topic `代表工作，法治建设` (one URL `dai-biao-gong-zuo-fa-zhi-jian-she`)
/// and `【代表工作, 法治建设】` one topic in brackets; `“代表工作”` keeps its quotation marks and
/// `－ 代表工作` its hyphen. The error names the character and gives the list the editor meant; a
/// page has one `type`. Titles and other text keep their punctuation (test
/// `front_matter::tests::ime_terms`). `extent` is the entry's byte range in the file.
fn check_terms(source: &Source, field: &str, terms: &[String], extent: Range<usize>) -> Result<(), Diagnostic> {
    let separators = field != "aliases";
    let Some((term, at, c)) = terms.iter().find_map(|t| term_slip(t, separators).map(|(at, c)| (t, at, c))) else {
        return Ok(());
    };
    let meant: Vec<String> = terms.iter().flat_map(|t| split_term(t, separators)).fold(Vec::new(), |mut all, t| {
        if !all.contains(&t) {
            all.push(t);
        }
        all
    });
    let singular = match field {
        "topics" => "topic",
        "type" => "type",
        "aliases" => "alias",
        _ => "term",
    };
    let name = match c {
        ',' => "comma",
        ';' => "semicolon",
        _ => yaml::lookalike(c).map_or("full-width character", |(n, _)| n),
    };
    let text = &source.text[extent.clone()];
    // the entry's key line comes first: look for the term after it
    let after_key = text.find(':').map_or(0, |i| i + 1);
    let span = match text[after_key..].find(term.as_str()) {
        Some(i) => extent.start + after_key + i + at..extent.start + after_key + i + at + c.len_utf8(),
        None => extent.start..extent.start + text.find('\n').unwrap_or(text.len()),
    };
    let list = format!("`{field}: [{}]`", meant.join(", "));
    let help = if field == "type" && meant.len() > 1 {
        let each: Vec<String> = meant.iter().map(|t| format!("`type: {t}`")).collect();
        format!("a page has one type: keep one, {}", each.join(" or "))
    } else if field == "type" {
        format!("type `type: {}`", meant.join(""))
    } else {
        match c {
            '－' | '—' => {
                let item = meant.first().map_or("…", String::as_str);
                format!("start a list item with `-` and a space (`- {item}`), or write {list}")
            }
            '“' | '”' | '‘' | '’' => format!("leave out the quotation marks: {list}"),
            '【' | '】' | '［' | '］' => format!("write a list in `[` and `]`: {list}"),
            _ => format!("one {singular} per item: {list}"),
        }
    };
    Err(Diagnostic::error(Code::FrontMatterType, format!("invalid `{field}`"))
        .with_span(source, span)
        .with_label(if TERM_SEPARATORS.contains(&c) || matches!(c, '【' | '】' | '［' | '］') {
            format!("`{c}` is a {name}, so YAML reads one {singular} `{term}`")
        } else {
            format!("`{c}` is a {name}, which YAML keeps in the {singular} `{term}`")
        })
        .with_help(help))
}

/// Characters that join what were meant as several terms.
const TERM_SEPARATORS: &[char] = &['，', '、', '；', ',', ';'];

/// The first character of a term that is the input method's punctuation: a separator anywhere,
/// a bracket or a quotation mark around it, a hyphen before it. (byte offset, character)
fn term_slip(term: &str, separators: bool) -> Option<(usize, char)> {
    let trimmed = term.trim_end();
    term.char_indices().find(|&(i, c)| {
        let edge = i == 0 || i + c.len_utf8() == trimmed.len();
        (separators && TERM_SEPARATORS.contains(&c))
            || matches!(c, '【' | '】' | '［' | '］')
            || (edge && matches!(c, '“' | '”' | '‘' | '’'))
            || (i == 0 && matches!(c, '－' | '—'))
    })
}

/// The terms an editor meant by `term`: split at separators, without brackets, quotation marks
/// and list hyphens.
fn split_term(term: &str, separators: bool) -> Vec<String> {
    let strip: &[char] = &['【', '】', '［', '］', '“', '”', '‘', '’', '－', '—', '　', ' '];
    let parts: Vec<&str> = if separators { term.split(TERM_SEPARATORS).collect() } else { vec![term] };
    parts.into_iter().map(|t| t.trim_matches(strip).to_string()).filter(|t| !t.is_empty()).collect()
}

fn shift(r: &Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}

/// The items of `responds_to:` or `related:` (one text or a list), each placed at its text inside
/// the value when it is written there plainly (else at the whole value).
fn doc_refs(
    source: &Source,
    v: &Value,
    search: Range<usize>,
    value_range: &Range<usize>,
) -> Result<Vec<DocRef>, String> {
    let items = v.as_text_list()?;
    let value_text = source.text.get(search.clone()).unwrap_or("");
    let mut from = 0;
    let mut refs = Vec::with_capacity(items.len());
    for item in items {
        let text = item.trim().to_string();
        if text.is_empty() {
            continue;
        }
        let span = match value_text.get(from..).and_then(|rest| rest.find(text.as_str())) {
            Some(at) => {
                let start = search.start + from + at;
                from += at + text.len();
                start..start + text.len()
            }
            None => value_range.clone(),
        };
        refs.push(DocRef { text, span });
    }
    Ok(refs)
}

/// A congress term or meeting number written by hand: 1 to 9999.
fn meeting_count(n: i64) -> Result<u32, String> {
    u32::try_from(n)
        .ok()
        .filter(|n| (1..=9999).contains(n))
        .ok_or_else(|| format!("expected a number from 1 to 9999, found {n}"))
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    if t.is_empty() { None } else { Some(t.to_string()) }
}

fn clean_list(list: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for s in list {
        let s = s.trim().to_string();
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;

    fn source(text: &str) -> Source {
        Source { path: PathBuf::from("content/reports/a.md"), text: Arc::from(text) }
    }

    fn parse(text: &str) -> Result<PageMeta, Vec<Diagnostic>> {
        let src = source(text);
        let split = split(&src, text).map_err(|d| vec![*d])?;
        parse_page(&src, &split, &["topics".into(), "types".into()])
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err()[0].render(false)
    }

    #[test]
    fn splits_at_exact_delimiter_lines() {
        let text = "---\ntitle: a\nsummary: |\n  ---\n  still yaml\n---\nbody\n";
        let src = source(text);
        let s = split(&src, text).unwrap();
        assert_eq!(s.yaml, Some("title: a\nsummary: |\n  ---\n  still yaml\n"));
        assert_eq!(s.body, "body\n");
        let meta = parse(text).unwrap();
        assert_eq!(meta.summary.as_deref(), Some("---\nstill yaml"));
    }

    #[test]
    fn crlf_and_no_front_matter() {
        let text = "---\r\ntitle: 报告\r\n---\r\n正文\r\n";
        assert_eq!(parse(text).unwrap().title.as_deref(), Some("报告"));
        let src = source("正文");
        assert_eq!(split(&src, "正文").unwrap().yaml, None);
    }

    #[test]
    fn unclosed_block() {
        insta::assert_snapshot!(error("---\ntitle: a\nbody\n"), @r"
        error[E011]: front matter is never closed
         --> content/reports/a.md:1:1
          |
        1 | ---
          | ^^^ the block opens here
          |
          = help: add a line that is exactly `---` after the last front matter field
        ");
    }

    #[test]
    fn impossible_date_points_into_md_file() {
        insta::assert_snapshot!(error("---\ntitle: 预算\ndate: 2024-02-30\n---\n"), @r"
        error[E016]: invalid date
         --> content/reports/a.md:3:7
          |
        3 | date: 2024-02-30
          |       ^^^^^^^^^^ February 2024 has 29 days
          |
          = help: write dates as YYYY-MM-DD, 2024-01-04T09:30:00+08:00 or 2024年1月4日
        ");
    }

    #[test]
    fn unknown_field_suggests() {
        insta::assert_snapshot!(error("---\ntitle: a\ntopic: 生态环保\n---\n"), @r"
        error[E013]: unknown front matter field `topic`
         --> content/reports/a.md:3:1
          |
        3 | topic: 生态环保
          | ^^^^^ not a front matter field
          |
          = help: did you mean `topics`? Free-form values go under `extra:`
        ");
    }

    #[test]
    fn yaml_error_line_is_in_md_file() {
        let e = error("---\ntitle: a\ntopics: [生态\n---\n");
        assert!(e.contains("error[E012]"), "{e}");
        assert!(e.contains("content/reports/a.md:4:") || e.contains("content/reports/a.md:3:"), "{e}");
    }

    #[test]
    fn ime_terms() {
        insta::assert_snapshot!(error("---\ntitle: a\ntopics: [代表工作，法治建设]\n---\n"), @r"
        error[E014]: invalid `topics`
         --> content/reports/a.md:3:14
          |
        3 | topics: [代表工作，法治建设]
          |                  ^^ `，` is a Chinese comma, so YAML reads one topic `代表工作，法治建设`
          |
          = help: one topic per item: `topics: [代表工作, 法治建设]`
        ");
        let cases: &[(&str, &str, &str)] = &[
            (
                "topics: 【代表工作, 法治建设】",
                "a.md:3:9",
                "write a list in `[` and `]`: `topics: [代表工作, 法治建设]`",
            ),
            (
                "topics: [“代表工作”, 法治建设]",
                "a.md:3:10",
                "leave out the quotation marks: `topics: [代表工作, 法治建设]`",
            ),
            (
                "topics: ［代表工作, 法治建设］",
                "a.md:3:9",
                "write a list in `[` and `]`: `topics: [代表工作, 法治建设]`",
            ),
            ("topics: 代表工作、法治建设", "a.md:3:13", "one topic per item: `topics: [代表工作, 法治建设]`"),
            ("topics: 代表工作, 法治建设", "a.md:3:13", "one topic per item: `topics: [代表工作, 法治建设]`"),
            (
                "topics:\n  - 代表工作；法治建设\n  - 民生",
                "a.md:4:9",
                "one topic per item: `topics: [代表工作, 法治建设, 民生]`",
            ),
            (
                "topics:\n  － 代表工作",
                "a.md:4:3",
                "start a list item with `-` and a space (`- 代表工作`), or write `topics: [代表工作]`",
            ),
            ("type: 审议意见、报告", "a.md:3:11", "a page has one type: keep one, `type: 审议意见` or `type: 报告`"),
            ("type: “审议意见”", "a.md:3:7", "type `type: 审议意见`"),
        ];
        for (field, at, help) in cases {
            let e = error(&format!("---\ntitle: a\n{field}\n---\n"));
            assert!(e.contains("error[E014]") && e.contains(at) && e.contains(help), "{field}:\n{e}");
        }
        let e = error("---\ntitle: a\nextra:\n  source：融媒体\n---\n");
        assert!(e.contains("a.md:4:9") && e.contains("`：` is a full-width colon: expected `key: value` pairs"), "{e}");
        assert!(e.contains("type `  source: 融媒体`"), "{e}");
        let e = error("---\ntitle: a\naliases:\n  － /old/a.html\n---\n");
        assert!(e.contains("a.md:4:3") && e.contains("`- /old/a.html`"), "{e}");
        let e = error("---\ntitle: a\ndate: ２０２４-０６-２７\n---\n");
        assert!(e.contains("error[E016]") && e.contains("English mode: `2024-06-27`"), "{e}");
        // a hyphen alone, an empty pair of quotation marks: no panic, still an error
        assert!(error("---\ntitle: a\ntopics:\n  － \n---\n").contains("error[E014]"));
        assert!(error("---\ntitle: a\ntype: “”\n---\n").contains("error[E014]"));
        // an alias may hold a comma
        assert_eq!(parse("---\ntitle: a\naliases: [\"/old/a,b.html\"]\n---\n").unwrap().aliases, ["/old/a,b.html"]);
        let e = error("---\ntitle: a\ntype: 审议意见、报告\n---\n");
        assert!(e.contains("`、` is a Chinese enumeration comma, so YAML reads one type `审议意见、报告`"), "{e}");
        let e = error("---\ntitle: a\ntopics: [“代表工作”]\n---\n");
        assert!(e.contains("`“` is a Chinese quotation mark, which YAML keeps in the topic `“代表工作”`"), "{e}");
    }

    #[test]
    fn full_width_text_stays_text() {
        let m = parse(
            "---\ntitle: 关于代表工作，法治建设的报告：一、二\nsummary: |\n  　　本报告分三部分：一、二；三。\n\
             meeting: “十四五”规划：第三次会议\ndoc_number: 江人常〔2024〕5号\nspeaker_title: 主任（兼）\n\
             topics: [代表工作, 法治建设] # 两个，不是一个\n---\n",
        )
        .unwrap();
        assert_eq!(m.title.as_deref(), Some("关于代表工作，法治建设的报告：一、二"));
        assert_eq!(m.summary.as_deref(), Some("本报告分三部分：一、二；三。"));
        assert_eq!(m.meeting.as_deref(), Some("“十四五”规划：第三次会议"));
        assert_eq!(m.doc_number.as_deref(), Some("江人常〔2024〕5号"));
        assert_eq!(m.topics, ["代表工作", "法治建设"]);
    }

    #[test]
    fn ime_keys_are_named() {
        insta::assert_snapshot!(error("---\nｔｉｔｌｅ: 报告\n---\n"), @r"
        error[E013]: unknown front matter field `ｔｉｔｌｅ`
         --> content/reports/a.md:2:1
          |
        2 | ｔｉｔｌｅ: 报告
          | ^^^^^^^^^^ `ｔｉｔｌｅ` is a word in full-width letters
          |
          = help: type `title: 报告` in the input method's English mode: `title` instead of `ｔｉｔｌｅ`
        ");
        let e = error("---\n　title: 报告\n---\n");
        assert!(
            e.contains("a.md:2:1") && e.contains("type `title: 报告` in the input method's English mode: without `　`"),
            "{e}"
        );
    }

    #[test]
    fn wrong_type() {
        let e = error("---\ntitle: [a, b]\n---\n");
        assert!(e.contains("error[E014]") && e.contains("a.md:2:8") && e.contains("expected text"), "{e}");
    }

    #[test]
    fn fields_parse() {
        let m = parse(
            "---\ntitle: 报告\ndate: 2024年1月4日\ntopics: 生态环保\ntype: 工作报告\ndraft: true\nweight: 3\n\
             attachments:\n  - {file: a.pdf, title: 全文}\nextra: {source: 融媒体}\n---\n",
        )
        .unwrap();
        assert_eq!(m.date.unwrap().date, jiff::civil::date(2024, 1, 4));
        assert_eq!(m.topics, ["生态环保"]);
        assert_eq!(m.doc_type.as_deref(), Some("工作报告"));
        assert!(m.draft);
        assert_eq!(m.weight, Some(3));
        assert_eq!(m.attachments, [AttachmentMeta { file: "a.pdf".into(), title: Some("全文".into()) }]);
    }

    #[test]
    fn references_are_placed_at_their_text() {
        let text = "---\ntitle: 报告\nresponds_to: 江人常〔2024〕5号\nrelated:\n  - reports/a.md\n  - \"江人常〔2024〕6号\"\n---\n";
        let m = parse(text).unwrap();
        let shown = |r: &DocRef| &text[r.span.clone()];
        assert_eq!(m.responds_to.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), ["江人常〔2024〕5号"]);
        assert_eq!(shown(&m.responds_to[0]), "江人常〔2024〕5号");
        assert_eq!(m.related.iter().map(shown).collect::<Vec<_>>(), ["reports/a.md", "江人常〔2024〕6号"]);
        assert!(error("---\ntitle: 报告\nresponds_to: {a: 1}\n---\n").contains("E014"));
    }

    #[test]
    fn dates() {
        let ok = |s: &str| parse_date(s).unwrap();
        assert_eq!(ok("2024-01-04").date, jiff::civil::date(2024, 1, 4));
        let d = ok("2024-01-04T09:30:00+08:00");
        assert_eq!(d.time, Some(jiff::civil::time(9, 30, 0, 0)));
        assert_eq!(d.offset_seconds, Some(8 * 3600));
        assert_eq!(ok("2024-01-04T09:30:00Z").offset_seconds, Some(0));
        assert_eq!(ok("2024-01-04 09:30").time, Some(jiff::civil::time(9, 30, 0, 0)));
        assert_eq!(ok("2024年12月31日").date, jiff::civil::date(2024, 12, 31));
        assert_eq!(parse_date("2023-02-29").unwrap_err(), "February 2023 has 28 days");
        assert_eq!(parse_date("2024-13-01").unwrap_err(), "there is no month 13; months run from 1 to 12");
        assert!(parse_date("2024年2月30日").is_err());
        assert!(parse_date("yesterday").is_err());
        assert!(parse_date("2024-01-04T25:00").is_err());
    }

    #[test]
    fn file_stem_dates() {
        assert_eq!(date_from_file_stem("2024-01-04-report").unwrap().unwrap().date, jiff::civil::date(2024, 1, 4));
        assert!(date_from_file_stem("2024-02-30-x").unwrap().is_err());
        assert!(date_from_file_stem("report").is_none());
        assert!(date_from_file_stem("2024-01-04x").is_none());
        assert!(date_from_file_stem("2024-01-04 工作 报告").unwrap().is_ok());
        assert!(date_from_file_stem("2024-01-04_report").unwrap().is_ok());
    }
}
