//! Recognising an official document's structure, as offices lay it out.
//!
//! In: the paragraphs (with run formatting when the source has it), tables and images of a
//! report, in order. Out: a [`Report`]: the front matter fields found in the heading block
//! (title over several lines with letter-spacing collapsed, issuing body, date and meeting,
//! speaker and office, document number, type) and the body as headings (levels by the order in
//! which numbering kinds first appear), paragraphs with bold runs, tables and images.
//! Never: drops or reorders text — every paragraph of the source is either a recognised front
//! matter field or in the body; never reads the disk.

use jiff::civil::Date;

use crate::text::{is_cjk_unspaced, is_han};

/// A stretch of text with one formatting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Run {
        Run { text: text.into(), bold: false }
    }
    pub fn bold(text: impl Into<String>) -> Run {
        Run { text: text.into(), bold: true }
    }
}

/// A paragraph of the source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Para {
    pub runs: Vec<Run>,
    /// Centred (Word); title lines usually are.
    pub centered: bool,
    /// The level of a Word heading style (`Heading 1` → 1), when the paragraph has one.
    pub heading_style: Option<u8>,
}

impl Para {
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// What a report is made of before its structure is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Para(Para),
    /// Rows of cells; each cell is its text.
    Table(Vec<Vec<String>>),
    /// An image extracted into the page bundle under `file`.
    Image {
        file: String,
        alt: String,
    },
}

/// The front matter fields recognised.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub date: Option<Date>,
    pub meeting: Option<String>,
    pub speaker: Option<String>,
    pub speaker_title: Option<String>,
    pub author: Option<String>,
    pub doc_number: Option<String>,
    pub doc_type: Option<String>,
}

/// The kinds of heading, by their numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadingKind {
    /// A short line without numbering or end punctuation: `过去一年的主要工作`.
    Unnumbered,
    /// A Word heading style of this level.
    Style(u8),
    /// `一、`
    Chinese,
    /// `（一）`
    ParenChinese,
    /// `1.` `1．` `1、`
    Arabic,
    /// `（1）`
    ParenArabic,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Element {
    Heading { level: u8, text: String },
    Paragraph(Vec<Run>),
    Table(Vec<Vec<String>>),
    Image { file: String, alt: String },
}

/// A recognised report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub meta: Meta,
    pub body: Vec<Element>,
    /// Lead sentences made bold by rule (plain text has no formatting to keep).
    pub lead_sentences: usize,
    /// Run-in headings split from their paragraph.
    pub run_in_headings: usize,
    /// Where the date came from when not from the heading block.
    pub date_from_signature: bool,
}

/// The longest line taken as a heading, in characters.
const MAX_HEADING: usize = 60;
/// The longest unnumbered line taken as a heading.
const MAX_UNNUMBERED_HEADING: usize = 25;
/// The longest first sentence taken as a run-in heading.
const MAX_RUN_IN: usize = 40;
/// The longest lead sentence made bold in plain text.
const MAX_LEAD: usize = 30;

/// Recognises the structure of a report. `formatted` says whether the runs carry real
/// formatting (Word); for plain text, lead sentences are found by rule.
pub fn recognise(blocks: Vec<Block>, formatted: bool) -> Report {
    let blocks: Vec<Block> = blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Para(p) => {
                let p = trim_para(p);
                (!p.runs.is_empty()).then_some(Block::Para(p))
            }
            other => Some(other),
        })
        .collect();
    let mut report = Report::default();
    let body_start = read_heading_block(&blocks, &mut report.meta);
    let signature = find_signature(&blocks[body_start..]).map(|s| s.shift(body_start));
    if let Some(sig) = &signature {
        if report.meta.date.is_none() {
            report.meta.date = sig.date;
            report.date_from_signature = sig.date.is_some();
        }
        if report.meta.author.is_none() {
            report.meta.author = sig.body.clone();
        }
    }
    let mut levels: Vec<HeadingKind> = Vec::new();
    let mut current: Option<HeadingKind> = None;
    let level_of = |kind: HeadingKind, levels: &mut Vec<HeadingKind>| -> u8 {
        let i = levels.iter().position(|k| *k == kind).unwrap_or_else(|| {
            levels.push(kind);
            levels.len() - 1
        });
        (i + 2).min(6) as u8
    };
    for (i, block) in blocks.iter().enumerate().skip(body_start) {
        let para = match block {
            Block::Para(p) => p,
            Block::Table(rows) => {
                report.body.push(table_element(rows));
                continue;
            }
            Block::Image { file, alt } => {
                report.body.push(Element::Image { file: file.clone(), alt: alt.clone() });
                continue;
            }
        };
        let text = para.text();
        let in_signature = signature.as_ref().is_some_and(|s| s.indices.contains(&i));
        let is_last = !blocks[i + 1..].iter().any(|b| matches!(b, Block::Para(_)));
        match (!in_signature).then(|| classify(para, &text, is_last)).flatten() {
            Some(Heading { kind, text: heading, rest_at }) => {
                let level = level_of(kind, &mut levels);
                report.body.push(Element::Heading { level, text: heading });
                current = Some(kind);
                if let Some(at) = rest_at {
                    report.run_in_headings += 1;
                    let rest = trim_runs(split_runs(&para.runs, at).1);
                    if !rest.is_empty() {
                        report.body.push(Element::Paragraph(rest));
                    }
                }
            }
            None => {
                let mut runs = merge_runs(para.runs.clone());
                let under_numbered = current.is_some_and(|k| k != HeadingKind::Unnumbered);
                if !formatted
                    && under_numbered
                    && let Some(at) = lead_sentence_end(&text)
                {
                    runs = vec![Run::bold(&text[..at]), Run::plain(&text[at..])];
                    report.lead_sentences += 1;
                }
                report.body.push(Element::Paragraph(runs));
            }
        }
    }
    if let Some(title) = &report.meta.title {
        report.meta.doc_type = doc_type(title).map(str::to_string);
    }
    report
}

struct Heading {
    kind: HeadingKind,
    text: String,
    /// Byte offset in the paragraph's text where the run-in paragraph starts.
    rest_at: Option<usize>,
}

/// Is this paragraph a heading, and of which kind?
fn classify(para: &Para, text: &str, is_last: bool) -> Option<Heading> {
    if let Some(level) = para.heading_style
        && text.chars().count() <= MAX_HEADING * 2
    {
        return Some(Heading { kind: HeadingKind::Style(level), text: clean_heading(text), rest_at: None });
    }
    if let Some((kind, _)) = numbering(text) {
        let chars = text.chars().count();
        let last = text.chars().next_back().unwrap_or(' ');
        if !is_sentence_end(last) && !matches!(last, '；' | ';' | '，' | ',' | '、') {
            return (chars <= MAX_HEADING).then(|| Heading { kind, text: clean_heading(text), rest_at: None });
        }
        // A run-in heading: `（一）政策体系逐步健全。县政府先后……`
        let end = first_sentence_end(text)?;
        let head = &text[..end];
        if head.chars().count() > MAX_RUN_IN + 1 || head.contains(['；', ';']) {
            return None;
        }
        let rest_at = (end < text.len()).then_some(end);
        return Some(Heading { kind, text: clean_heading(head), rest_at });
    }
    let chars = text.chars().count();
    let unnumbered = !is_last
        && chars <= MAX_UNNUMBERED_HEADING
        && !text.chars().any(|c| is_sentence_end(c) || matches!(c, '；' | ';' | '：' | ':' | '，' | ','))
        && !text.starts_with("附件")
        && parse_date_prefix(text).is_none_or(|(_, len)| len < text.len())
        && text.chars().any(|c| is_cjk_unspaced(c) || c.is_alphabetic());
    unnumbered.then(|| Heading { kind: HeadingKind::Unnumbered, text: clean_heading(text), rest_at: None })
}

/// The heading block: title lines, document number, date and meeting, speaker. Returns the index
/// of the first body block.
fn read_heading_block(blocks: &[Block], meta: &mut Meta) -> usize {
    let mut title_lines: Vec<String> = Vec::new();
    let mut seen_after_title = false;
    let mut i = 0;
    while i < blocks.len() && i < 12 {
        let Block::Para(para) = &blocks[i] else { break };
        let text = para.text();
        let text = text.trim();
        if meta.doc_number.is_none() && is_doc_number(text) {
            meta.doc_number = Some(collapse_spacing(text));
        } else if let Some((date, meeting)) = date_meeting_line(text).filter(|_| meta.date.is_none()) {
            meta.date = date;
            meta.meeting = meeting;
            seen_after_title = true;
        } else if let Some((office, name)) = speaker_line(text).filter(|_| meta.speaker.is_none()) {
            meta.speaker_title = Some(office);
            meta.speaker = Some(name);
            seen_after_title = true;
        } else if !seen_after_title && title_lines.len() < 4 && is_title_line(text) {
            title_lines.push(collapse_spacing(text));
        } else {
            break;
        }
        i += 1;
    }
    if !title_lines.is_empty() {
        // An issuing-body line above a `关于……` title is the author too.
        if title_lines.len() >= 2 && title_lines[1].starts_with("关于") {
            meta.author = Some(title_lines[0].clone());
        }
        meta.title = Some(title_lines.concat());
    }
    i
}

/// A signature at the end: an optional issuing body line, then a date line.
struct Signature {
    indices: Vec<usize>,
    body: Option<String>,
    date: Option<Date>,
}

impl Signature {
    fn shift(mut self, by: usize) -> Signature {
        for i in &mut self.indices {
            *i += by;
        }
        self
    }
}

fn find_signature(blocks: &[Block]) -> Option<Signature> {
    let paras: Vec<(usize, String)> = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Para(p) => Some((i, p.text().trim().to_string())),
            _ => None,
        })
        .collect();
    let (last_i, last) = paras.last()?;
    let (date, len) = parse_date_prefix(last)?;
    if len != last.len() || paras.len() < 2 {
        return None;
    }
    let mut sig = Signature { indices: vec![*last_i], body: None, date: Some(date) };
    if let Some((i, prev)) = paras.get(paras.len().wrapping_sub(2))
        && paras.len() >= 3
        && prev.chars().count() <= 30
        && numbering(prev).is_none()
        && !prev.chars().any(|c| is_sentence_end(c) || matches!(c, '，' | '：' | '；' | ',' | ':'))
    {
        sig.indices.push(*i);
        sig.body = Some(collapse_spacing(prev));
    }
    Some(sig)
}

fn is_title_line(text: &str) -> bool {
    let chars = text.chars().count();
    (1..=40).contains(&chars)
        && !text.chars().any(|c| is_sentence_end(c) || matches!(c, '；' | ';' | '：' | ':' | '，' | ','))
        && numbering(text).is_none()
        && text.chars().any(|c| is_cjk_unspaced(c) || c.is_alphabetic())
}

/// `江人常〔2024〕5号`
fn is_doc_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = t.find(['〔', '[', '［', '（', '(']) else { return false };
    let after = &t[open..];
    let mut chars = after.chars();
    chars.next();
    let year: String = chars.by_ref().take(4).collect();
    let close = chars.next();
    year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && matches!(close, Some('〕' | ']' | '］' | '）' | ')'))
        && t.ends_with('号')
        && t.chars().count() <= 30
        && open > 0
}

/// `——2024年1月4日在江陵县第七届人民代表大会第三次会议上`, `（2024年6月27日在……会议上）`,
/// `（2024年1月6日江陵县第七届人民代表大会第三次会议通过）`, `（2024年6月27日）`: date and meeting.
pub fn date_meeting_line(text: &str) -> Option<(Option<Date>, Option<String>)> {
    if text.chars().count() > 90 {
        return None;
    }
    let mut t = text.trim().trim_start_matches(['—', '-', '－', '─', '一', ' ', '\u{3000}']).trim();
    if let Some(inner) = t.strip_prefix(['（', '(']).and_then(|s| s.strip_suffix(['）', ')'])) {
        t = inner.trim();
    }
    let (date, rest) = match parse_date_prefix(t) {
        Some((d, len)) => (Some(d), t[len..].trim()),
        None => (None, t),
    };
    let meeting = if rest.is_empty() {
        None
    } else if let Some(m) = rest.strip_prefix('在') {
        let m = m
            .strip_suffix("上的讲话")
            .or_else(|| m.strip_suffix("上的报告"))
            .or_else(|| m.strip_suffix("上的工作报告"))
            .or_else(|| m.strip_suffix('上'))?;
        Some(m.trim().to_string())
    } else if let Some(m) = rest.strip_suffix("通过").or_else(|| rest.strip_suffix("批准")) {
        date?;
        Some(m.trim().to_string())
    } else {
        return None;
    };
    if date.is_none() && meeting.is_none() {
        return None;
    }
    if meeting.as_deref().is_some_and(|m| m.is_empty() || !m.contains("会议")) {
        return None;
    }
    Some((date, meeting))
}

/// `县人大常委会主任  汪新华`, `县人大常委会副主任 王 伟`: (office, name).
pub fn speaker_line(text: &str) -> Option<(String, String)> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.len() < 2 || text.chars().count() > 40 {
        return None;
    }
    // A letter-spaced two- or three-character name: `王 伟`.
    let singles = tokens.iter().rev().take_while(|t| t.chars().count() == 1).count();
    let (name, office_tokens) = if singles >= 2 {
        (tokens[tokens.len() - singles..].concat(), &tokens[..tokens.len() - singles])
    } else {
        (tokens[tokens.len() - 1].to_string(), &tokens[..tokens.len() - 1])
    };
    let office = office_tokens.concat();
    let name_len = name.chars().count();
    let name_ok = ((2..=4).contains(&name_len) && name.chars().all(is_han))
        || (name.contains('·') && name_len <= 12 && name.chars().all(|c| is_han(c) || c == '·'));
    const OFFICES: &[&str] = &[
        "主任",
        "主任委员",
        "委员长",
        "主席",
        "秘书长",
        "县长",
        "市长",
        "区长",
        "镇长",
        "乡长",
        "书记",
        "局长",
        "院长",
        "检察长",
        "部长",
        "厅长",
        "组长",
        "会长",
        "处长",
        "科长",
        "委员",
        "代表",
    ];
    let office_ok = !office.is_empty()
        && office.chars().count() <= 30
        && office.chars().all(|c| is_han(c) || c.is_ascii_digit())
        && OFFICES.iter().any(|o| office.ends_with(o));
    (name_ok && office_ok).then_some((office, name))
}

/// The type of document from its title.
pub fn doc_type(title: &str) -> Option<&'static str> {
    const BY_ENDING: &[(&str, &str)] = &[
        ("执法检查报告", "执法检查报告"),
        ("审议意见", "审议意见"),
        ("调研报告", "调研报告"),
        ("视察报告", "视察报告"),
        ("工作报告", "工作报告"),
        ("决议", "决议"),
        ("决定", "决定"),
        ("讲话", "讲话"),
        ("公告", "公告"),
    ];
    if let Some((_, t)) = BY_ENDING.iter().find(|(ending, _)| title.ends_with(ending)) {
        return Some(t);
    }
    if title.ends_with("报告") && (title.contains("执法检查") || title.contains("检查《")) {
        return Some("执法检查报告");
    }
    if title.ends_with("情况的报告") || title.ends_with("情况报告") {
        return Some("工作报告");
    }
    None
}

/// Numbering at the start of a line: its kind and the byte length of the number.
pub fn numbering(text: &str) -> Option<(HeadingKind, usize)> {
    const CN: &str = "一二三四五六七八九十百〇零";
    let mut chars = text.char_indices();
    let (_, first) = chars.next()?;
    if CN.contains(first) {
        let end = text.find(|c: char| !CN.contains(c))?;
        return text[end..].starts_with('、').then_some((HeadingKind::Chinese, end + '、'.len_utf8()));
    }
    if matches!(first, '（' | '(') {
        let inner_start = first.len_utf8();
        let close = text.find(['）', ')'])?;
        let inner = &text[inner_start..close];
        let len = close + text[close..].chars().next().map_or(1, char::len_utf8);
        if !inner.is_empty() && inner.chars().all(|c| CN.contains(c)) && inner.chars().count() <= 3 {
            return Some((HeadingKind::ParenChinese, len));
        }
        if !inner.is_empty() && inner.len() <= 2 && inner.bytes().all(|b| b.is_ascii_digit()) {
            return Some((HeadingKind::ParenArabic, len));
        }
        return None;
    }
    if first.is_ascii_digit() {
        let end = text.find(|c: char| !c.is_ascii_digit())?;
        if end > 2 {
            return None;
        }
        let rest = &text[end..];
        let mark = rest.chars().next()?;
        let after = rest[mark.len_utf8()..].chars().next();
        if matches!(mark, '.' | '．' | '、') && after.is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace()) {
            return Some((HeadingKind::Arabic, end + mark.len_utf8()));
        }
        if matches!(mark, '.' | '．') && after.is_some_and(char::is_whitespace) {
            return Some((HeadingKind::Arabic, end + mark.len_utf8()));
        }
    }
    None
}

/// A date at the start of `text`: `2024年1月4日`, `2024-01-04`, `二〇二四年一月四日`. Returns it
/// and the byte length it takes.
pub fn parse_date_prefix(text: &str) -> Option<(Date, usize)> {
    // ISO form first.
    if text.len() >= 10
        && let Some(prefix) = text.get(..10)
        && let Some(Ok(d)) = crate::pipeline::front_matter::date_from_file_stem(prefix)
    {
        return Some((d.date, 10));
    }
    let (year, rest) = take_number(text, 4)?;
    let rest = rest.strip_prefix('年')?;
    let (month, rest) = take_number(rest, 2)?;
    let rest = rest.strip_prefix('月')?;
    let (day, rest) = take_number(rest, 2)?;
    let rest = rest.strip_prefix(['日', '号'])?;
    let date = Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()?;
    Some((date, text.len() - rest.len()))
}

/// A number written in Arabic digits or Chinese numerals (`二〇二四`, `十二`, `二十七`).
fn take_number(text: &str, max_digits: usize) -> Option<(u32, &str)> {
    let text = text.trim_start();
    let digits_end = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    if digits_end > 0 {
        if digits_end > max_digits {
            return None;
        }
        return Some((text[..digits_end].parse().ok()?, &text[digits_end..]));
    }
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .find(c)
            .map(|i| (i / 3) as u32)
            .or((c == '零' || c == '○' || c == 'Ｏ' || c == 'O').then_some(0))
    };
    let end = text.find(|c: char| digit(c).is_none() && c != '十').unwrap_or(text.len());
    let numeral = &text[..end];
    if numeral.is_empty() {
        return None;
    }
    let value = if max_digits == 4 {
        // a year is read digit by digit: 二〇二四
        if numeral.contains('十') || numeral.chars().count() != 4 {
            return None;
        }
        numeral.chars().try_fold(0u32, |acc, c| Some(acc * 10 + digit(c)?))?
    } else {
        match numeral.split_once('十') {
            None if numeral.chars().count() == 1 => digit(numeral.chars().next()?)?,
            None => return None,
            Some((tens, ones)) => {
                let tens = if tens.is_empty() { 1 } else { digit(single(tens)?)? };
                let ones = if ones.is_empty() { 0 } else { digit(single(ones)?)? };
                tens * 10 + ones
            }
        }
    };
    Some((value, &text[end..]))
}

fn single(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// The byte offset just past the first sentence end (`。！？`) outside quotes and brackets.
fn first_sentence_end(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '“' | '‘' | '《' | '（' | '(' | '「' | '『' => depth += 1,
            '”' | '’' | '》' | '）' | ')' | '」' | '』' => depth = (depth - 1).max(0),
            c if is_sentence_end(c) && depth == 0 => return Some(i + c.len_utf8()),
            _ => {}
        }
    }
    None
}

/// Where a plain-text paragraph's lead sentence ends, when it has one: a short first sentence
/// ending in `。` without commas, followed by a longer rest — the official style
/// (`扎实开展主题教育。按照……`).
fn lead_sentence_end(text: &str) -> Option<usize> {
    let end = first_sentence_end(text)?;
    let lead = &text[..end];
    let lead_chars = lead.chars().count();
    let rest_chars = text[end..].chars().count();
    let ok = lead.ends_with('。')
        && (5..=MAX_LEAD + 1).contains(&lead_chars)
        && !lead.contains([',', '；', ';', '：', ':', '、'])
        // one comma in a short lead: `依法行使监督权，增强人大监督刚性和实效。`
        && lead.matches('，').count() <= usize::from(lead_chars <= 22)
        && rest_chars >= lead_chars
        && !lead.ends_with("如下。");
    ok.then_some(end)
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '…')
}

/// A heading's text: spacing collapsed, a trailing sentence mark or colon dropped.
fn clean_heading(text: &str) -> String {
    let t = collapse_spacing(text);
    t.trim_end_matches(['。', '：', ':', '.', '．']).trim().to_string()
}

/// Removes whitespace beside a character of a script written without spaces (`工 作 报 告` →
/// `工作报告`; not beside Hangul, Korean is spaced) and squeezes other runs of whitespace to one
/// space.
pub fn collapse_spacing(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            if !(before.is_some_and(is_cjk_unspaced) || after.is_some_and(is_cjk_unspaced)) {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Trims whitespace at both ends of a paragraph and drops empty runs.
fn trim_para(mut p: Para) -> Para {
    p.runs = trim_runs(std::mem::take(&mut p.runs));
    p
}

fn trim_runs(runs: Vec<Run>) -> Vec<Run> {
    let mut runs: Vec<Run> = runs.into_iter().filter(|r| !r.text.is_empty()).collect();
    while let Some(first) = runs.first_mut() {
        let t = first.text.trim_start().to_string();
        if t.is_empty() {
            runs.remove(0);
        } else {
            first.text = t;
            break;
        }
    }
    while let Some(last) = runs.last_mut() {
        let t = last.text.trim_end().to_string();
        if t.is_empty() {
            runs.pop();
        } else {
            last.text = t;
            break;
        }
    }
    runs
}

/// Splits runs at a byte offset of their joined text.
fn split_runs(runs: &[Run], at: usize) -> (Vec<Run>, Vec<Run>) {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    let mut offset = 0;
    for run in runs {
        let end = offset + run.text.len();
        if end <= at {
            head.push(run.clone());
        } else if offset >= at {
            tail.push(run.clone());
        } else {
            let cut = at - offset;
            if run.text.is_char_boundary(cut) {
                head.push(Run { text: run.text[..cut].to_string(), bold: run.bold });
                tail.push(Run { text: run.text[cut..].to_string(), bold: run.bold });
            } else {
                tail.push(run.clone());
            }
        }
        offset = end;
    }
    (head, tail)
}

/// Joins neighbouring runs of the same formatting.
pub fn merge_runs(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs {
        match out.last_mut() {
            Some(last) if last.bold == run.bold => last.text.push_str(&run.text),
            _ => out.push(run),
        }
    }
    out
}

/// A one-cell table is a framed paragraph; anything larger stays a table.
fn table_element(rows: &[Vec<String>]) -> Element {
    if rows.len() == 1 && rows[0].len() == 1 {
        return Element::Paragraph(vec![Run::plain(rows[0][0].clone())]);
    }
    Element::Table(rows.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Block> {
        text.lines().map(|l| Block::Para(Para { runs: vec![Run::plain(l)], ..Para::default() })).collect()
    }

    /// Recognises plain text and renders the body compactly: `## h`, `p: text`, bold as `**`.
    fn check(input: &str, expected_meta: &[(&str, &str)], expected_body: &[&str]) {
        let report = recognise(lines(input), false);
        let m = &report.meta;
        let date = m.date.map(|d| d.to_string());
        let fields = [
            ("title", m.title.as_deref()),
            ("date", date.as_deref()),
            ("meeting", m.meeting.as_deref()),
            ("speaker", m.speaker.as_deref()),
            ("speaker_title", m.speaker_title.as_deref()),
            ("author", m.author.as_deref()),
            ("doc_number", m.doc_number.as_deref()),
            ("type", m.doc_type.as_deref()),
        ];
        let got: Vec<(&str, &str)> = fields.iter().filter_map(|(k, v)| v.map(|v| (*k, v))).collect();
        assert_eq!(got, expected_meta, "meta of {input:?}");
        let body: Vec<String> = report
            .body
            .iter()
            .map(|e| match e {
                Element::Heading { level, text } => format!("{} {text}", "#".repeat(*level as usize)),
                Element::Paragraph(runs) => runs
                    .iter()
                    .map(|r| if r.bold { format!("**{}**", r.text) } else { r.text.clone() })
                    .collect::<String>(),
                Element::Table(rows) => format!("table {}x{}", rows.len(), rows.first().map_or(0, Vec::len)),
                Element::Image { file, .. } => format!("image {file}"),
            })
            .collect();
        assert_eq!(body, expected_body, "body of {input:?}");
    }

    #[test]
    fn work_report_heading_block() {
        check(
            "江陵县人民代表大会常务委员会\n\n工 作 报 告\n\n——2024年1月4日在江陵县第七届人民代表大会第三次会议上\n\n县人大常委会主任  汪新华\n\n各位代表：\n我受县人大常委会委托，向大会报告工作，请予审议。\n过去一年的主要工作\n一年来，常委会依法履职。\n一、坚持党的领导\n扎实开展主题教育。按照党中央决策部署，高标准开展第二批主题教育。\n",
            &[
                ("title", "江陵县人民代表大会常务委员会工作报告"),
                ("date", "2024-01-04"),
                ("meeting", "江陵县第七届人民代表大会第三次会议"),
                ("speaker", "汪新华"),
                ("speaker_title", "县人大常委会主任"),
                ("type", "工作报告"),
            ],
            &[
                "各位代表：",
                "我受县人大常委会委托，向大会报告工作，请予审议。",
                "## 过去一年的主要工作",
                "一年来，常委会依法履职。",
                "### 一、坚持党的领导",
                "**扎实开展主题教育。**按照党中央决策部署，高标准开展第二批主题教育。",
            ],
        );
    }

    #[test]
    fn review_opinion_with_issuing_body_number_and_signature() {
        check(
            "江人常〔2025〕8号\n江陵县人大常委会\n关于县人民政府优化营商环境工作情况报告的审议意见\n（2025年6月27日在江陵县第七届人民代表大会常务委员会第二十二次会议上）\n县人民政府：\n现将审议意见交办如下。\n一、总体评价\n（一）政策体系逐步健全。县政府先后出台了若干措施。\n（二）服务水平不断提升\n1.政务服务。窗口服务规范。\n二、存在的问题\n江陵县人大常委会\n2025年6月30日\n",
            &[
                ("title", "江陵县人大常委会关于县人民政府优化营商环境工作情况报告的审议意见"),
                ("date", "2025-06-27"),
                ("meeting", "江陵县第七届人民代表大会常务委员会第二十二次会议"),
                ("author", "江陵县人大常委会"),
                ("doc_number", "江人常〔2025〕8号"),
                ("type", "审议意见"),
            ],
            &[
                "县人民政府：",
                "现将审议意见交办如下。",
                "## 一、总体评价",
                "### （一）政策体系逐步健全",
                "县政府先后出台了若干措施。",
                "### （二）服务水平不断提升",
                "#### 1.政务服务",
                "窗口服务规范。",
                "## 二、存在的问题",
                "江陵县人大常委会",
                "2025年6月30日",
            ],
        );
    }

    #[test]
    fn signature_date_when_the_heading_block_has_none() {
        check(
            "关于全县基本养老服务体系建设情况的调研报告\n\n根据年度工作要点，调研组开展了调研。\n二〇二三年五月二十六日\n",
            &[("title", "关于全县基本养老服务体系建设情况的调研报告"), ("date", "2023-05-26"), ("type", "调研报告")],
            &["根据年度工作要点，调研组开展了调研。", "二〇二三年五月二十六日"],
        );
    }

    #[test]
    fn body_without_heading_block() {
        check(
            "各位代表：\n现在，我代表县人大常委会报告工作。\n",
            &[],
            &["各位代表：", "现在，我代表县人大常委会报告工作。"],
        );
        // list items ending in `；` stay paragraphs; long numbered sentences too
        check(
            "标题\n——2024年1月4日\n1.加强学习；\n2.完善制度，健全机制，推动人大工作高质量发展，为全县经济社会发展作出新的更大贡献，努力开创新局面，谱写新篇章。\n",
            &[("title", "标题"), ("date", "2024-01-04")],
            &[
                "1.加强学习；",
                "2.完善制度，健全机制，推动人大工作高质量发展，为全县经济社会发展作出新的更大贡献，努力开创新局面，谱写新篇章。",
            ],
        );
    }

    #[test]
    fn levels_follow_first_appearance() {
        check(
            "题目\n（2024年6月27日）\n一、甲\n（一）乙\n1.丙\n（1）丁\n二、戊\n内容。\n",
            &[("title", "题目"), ("date", "2024-06-27")],
            &["## 一、甲", "### （一）乙", "#### 1.丙", "##### （1）丁", "## 二、戊", "内容。"],
        );
    }

    fn check_line<T: std::fmt::Debug + PartialEq>(f: fn(&str) -> T, cases: &[(&str, T)]) {
        for (input, expected) in cases {
            assert_eq!(&f(input), expected, "{input:?}");
        }
    }

    #[test]
    fn date_and_meeting_lines() {
        let d = |y, m, day| Some(jiff::civil::date(y, m, day));
        check_line(
            date_meeting_line,
            &[
                (
                    "——2024年1月4日在江陵县第七届人民代表大会第三次会议上",
                    Some((d(2024, 1, 4), Some("江陵县第七届人民代表大会第三次会议".into()))),
                ),
                (
                    "（2024年6月27日在县第七届人大常委会第二十次会议上）",
                    Some((d(2024, 6, 27), Some("县第七届人大常委会第二十次会议".into()))),
                ),
                (
                    "(2024年1月6日江陵县第七届人民代表大会第三次会议通过)",
                    Some((d(2024, 1, 6), Some("江陵县第七届人民代表大会第三次会议".into()))),
                ),
                ("（2024年6月27日）", Some((d(2024, 6, 27), None))),
                ("——在县第七届人大常委会第十次会议上的讲话", Some((None, Some("县第七届人大常委会第十次会议".into())))),
                ("2024年是全面贯彻落实党的二十大精神的深化之年", None),
                ("（2024年2月30日）", None),
                ("工作报告", None),
            ],
        );
    }

    #[test]
    fn speaker_lines() {
        let s = |o: &str, n: &str| Some((o.to_string(), n.to_string()));
        check_line(
            speaker_line,
            &[
                ("县人大常委会主任  汪新华", s("县人大常委会主任", "汪新华")),
                ("县人大常委会副主任\u{3000}王 伟", s("县人大常委会副主任", "王伟")),
                ("县人民政府副县长 李明", s("县人民政府副县长", "李明")),
                ("工 作 报 告", None),
                ("江陵县人大常委会 办公室", None),
                ("各位代表：", None),
            ],
        );
    }

    #[test]
    fn numberings() {
        check_line(
            numbering,
            &[
                ("一、总体评价", Some((HeadingKind::Chinese, 6))),
                ("十二、其他", Some((HeadingKind::Chinese, 9))),
                ("（一）政策", Some((HeadingKind::ParenChinese, 9))),
                ("(二)政策", Some((HeadingKind::ParenChinese, 5))),
                ("1.政务服务", Some((HeadingKind::Arabic, 2))),
                ("12．加强", Some((HeadingKind::Arabic, 5))),
                ("3、完善", Some((HeadingKind::Arabic, 4))),
                ("（1）细则", Some((HeadingKind::ParenArabic, 7))),
                ("1.5亿元", None),
                ("2024年", None),
                ("一是加强", None),
                ("（以下简称食品安全法）", None),
                ("", None),
            ],
        );
    }

    #[test]
    fn dates_in_words_and_digits() {
        let d = |y, m, day, len| Some((jiff::civil::date(y, m, day), len));
        check_line(
            parse_date_prefix,
            &[
                ("2024年1月4日在", d(2024, 1, 4, 15)),
                ("二〇二四年十二月三十一日", d(2024, 12, 31, 36)),
                ("二〇二三年五月二十六日", d(2023, 5, 26, 33)),
                ("2024-01-04", d(2024, 1, 4, 10)),
                ("2024年13月1日", None),
                ("2024年", None),
            ],
        );
    }

    #[test]
    fn types_from_titles() {
        check_line(
            doc_type,
            &[
                ("江陵县人民代表大会常务委员会工作报告", Some("工作报告")),
                ("关于检查《中华人民共和国食品安全法》实施情况的报告", Some("执法检查报告")),
                ("关于全县基本养老服务体系建设情况的调研报告", Some("调研报告")),
                ("县人大常委会关于县人民政府优化营商环境工作情况报告的审议意见", Some("审议意见")),
                ("关于2021年县级决算和2022年上半年预算执行情况的报告", Some("工作报告")),
                ("县人大常委会召开主任会议", None),
            ],
        );
    }

    #[test]
    fn spacing_and_lead_sentences() {
        check_line(
            collapse_spacing,
            &[
                ("工 作 报 告", "工作报告".to_string()),
                (" GDP  增长 5% ", "GDP增长5%".to_string()),
                ("Budget   report", "Budget report".to_string()),
            ],
        );
        check_line(
            lead_sentence_end,
            &[
                ("扎实开展主题教育。按照党中央决策部署和省委工作安排开展。", Some(27)),
                ("依法行使监督权，增强实效。依法行使重大事项决定权，聚焦重点工作。", Some(39)),
                (
                    "深刻把握人民代表大会制度的鲜明特色，将坚持党的领导贯穿人大工作全过程各方面。持续深化巩固学习贯彻习近平新时代中国特色社会主义思想主题教育成果。",
                    None,
                ),
                (
                    "坚持民主集中制，健全制度，严格行使权力。进一步提高人大工作质量和运转效率，坚定不移推进全面从严治党。",
                    None,
                ),
                ("现将有关情况报告如下。一是……", None),
                ("短。后面很长很长很长很长。", None),
                ("一句话完。", None),
            ],
        );
    }
}
