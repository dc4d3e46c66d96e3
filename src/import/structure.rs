//! Recognising an official document's structure, as offices lay it out.
//!
//! In: the paragraphs (with run formatting when the source has it), tables and images of a
//! report, in order. Out: a [`Report`]: the front matter fields found in the heading block
//! (title over several lines with letter-spacing collapsed, issuing body, date and meeting,
//! speaker and office, document number, type) and the body as headings (levels by the order in
//! which numbering kinds first appear), paragraphs with bold runs, tables and images.
//! Speaker lines are read at every level of government and in the autonomous regions by one
//! table of offices (`OFFICES`, longest first: 委员长, 自治区主席, 自治州州长, 盟长, 旗长, 代理市长,
//! 人大常委会主任 …) and one name rule (two to four ideographs, or parts joined by `·`); heading
//! blocks pasted from web pages (Markdown emphasis, `原标题：`, captions in HTML comments, date
//! lines broken over lines or run into the title or the speaker line) read as typed ones.
//! Measured on 886 real reports by the ignored test `import::corpus::measure_corpus`.
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
    /// `第一部分`
    Part,
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
    let (body_start, set_aside) = read_heading_block(&blocks, &mut report.meta);
    // notes a web page left inside the heading block open the body, as they were
    for i in set_aside {
        if let Some(Block::Para(p)) = blocks.get(i) {
            report.body.push(Element::Paragraph(merge_runs(p.runs.clone())));
        }
    }
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
                    && !para.runs.iter().any(|r| r.bold)
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
    if let Some((kind, number_len)) = numbering(text) {
        let chars = text.chars().count();
        let last = text.chars().next_back().unwrap_or(' ');
        // `第一部分 2023年工作回顾`: the space after a part's number separates it from a year
        let clean = |t: &str| match kind {
            HeadingKind::Part if t[number_len..].starts_with(char::is_whitespace) => {
                format!("{} {}", &t[..number_len], clean_heading(&t[number_len..]))
            }
            _ => clean_heading(t),
        };
        // `5.“公参民”学校：公办学校举办……`: a term and its definition (名词解释) is a list item
        let defines = |t: &str| t.trim_end_matches(['：', ':']).contains(['：', ':']);
        if !is_sentence_end(last) && !matches!(last, '；' | ';' | '，' | ',' | '、') {
            return (chars <= MAX_HEADING && !defines(text)).then(|| Heading {
                kind,
                text: clean(text),
                rest_at: None,
            });
        }
        // A run-in heading: `（一）政策体系逐步健全。县政府先后……`
        let end = first_sentence_end(text)?;
        let head = &text[..end];
        if head.chars().count() > MAX_RUN_IN + 1 || head.contains(['；', ';']) || defines(head) {
            return None;
        }
        let rest_at = (end < text.len()).then_some(end);
        return Some(Heading { kind, text: clean(head), rest_at });
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
///
/// Lines are compared by [`heading_block_key`] (pasted Markdown emphasis, full-width digits and
/// dash variants set aside), and a date-and-meeting line broken over two or three lines is read
/// whole (`——2015年1月12日在乌鲁木齐市第十五届人民代表大会` / `第四次会议上`). Returns also the
/// lines set aside for the body: a web page's HTML comments (photo captions) between the lines.
fn read_heading_block(blocks: &[Block], meta: &mut Meta) -> (usize, Vec<usize>) {
    let mut set_aside = Vec::new();
    let keys: Vec<Option<String>> = blocks
        .iter()
        .take(16)
        .map(|b| match b {
            Block::Para(p) => Some(heading_block_key(&p.text())),
            _ => None,
        })
        .collect();
    let mut title_lines: Vec<String> = Vec::new();
    let mut seen_after_title = false;
    // The office of a speaker line without a name: the name may follow on the next line.
    let mut office_alone = false;
    let mut after_caption = false;
    let mut i = 0;
    while i < keys.len() && i < 12 {
        let Some(text) = keys[i].as_deref() else { break };
        let mut consumed = 1;
        if text.starts_with("<!--") && text.ends_with("-->") {
            set_aside.push(i);
            // `周海兵` under a caption below the title is a name
            after_caption = !title_lines.is_empty();
        } else if meta.doc_number.is_none() && is_doc_number(text) {
            meta.doc_number = Some(collapse_spacing(text));
        } else if let Some(rest) = text.strip_prefix("原标题：").or_else(|| text.strip_prefix("原标题:")) {
            // A web page's `原标题：` line repeats the title, sometimes with the date line run on.
            let rest = rest.trim();
            match split_title_date(rest) {
                Some((title, date, meeting)) => {
                    if title_lines.is_empty() && !title.is_empty() {
                        title_lines.push(collapse_spacing(title));
                    }
                    (meta.date, meta.meeting) = (date, meeting);
                    seen_after_title = true;
                }
                None if title_lines.is_empty() && !rest.is_empty() => {
                    title_lines.push(collapse_spacing(rest.trim_end_matches(DASHES)));
                }
                None => {}
            }
        } else if let Some((date, meeting, n)) = joined_date_meeting(&keys[i..]).filter(|(date, meeting, _)| {
            // a meeting line and a date line may come apart: `——在……会议上` / `（2002年2月1日）`
            (meta.date.is_none() || date.is_none()) && (meta.meeting.is_none() || meeting.is_none())
        }) {
            meta.date = meta.date.or(date);
            meta.meeting = meta.meeting.take().or(meeting);
            seen_after_title = true;
            consumed = n;
        } else if let Some((date, meeting, (office, name))) =
            date_speaker_line(text).filter(|_| meta.date.is_none() && meta.meeting.is_none() && meta.speaker.is_none())
        {
            (meta.date, meta.meeting) = (date, meeting);
            (meta.speaker_title, meta.speaker) = (Some(office), Some(name));
            seen_after_title = true;
        } else if let Some((date, name)) =
            date_name_line(text).filter(|_| meta.date.is_none() && meta.speaker.is_none())
        {
            meta.date = Some(date);
            meta.speaker = Some(name);
            seen_after_title = true;
        } else if let Some((office, name)) = speaker_line(text).filter(|_| meta.speaker.is_none()) {
            meta.speaker_title = Some(office);
            meta.speaker = Some(name);
            seen_after_title = true;
            office_alone = false;
        } else if meta.speaker_title.is_none() && !title_lines.is_empty() && office_line(text) {
            meta.speaker_title = Some(collapse_spacing(text));
            seen_after_title = true;
            office_alone = true;
        } else if meta.speaker.is_none()
            && (office_alone || seen_after_title || after_caption)
            && let Some(name) = name_line(text).filter(|n| office_alone || looks_like_a_name(n))
        {
            // the name under its office, or alone under the date line (`（2005年2月22日）` / `张昌平`)
            meta.speaker = Some(name);
            office_alone = false;
            seen_after_title = true;
        } else if !seen_after_title
            && title_lines.len() < 4
            && let Some((title, date, meeting)) = split_title_date(text)
        {
            // `政府工作报告——2024年1月10日在……会议上` on one line
            title_lines.push(collapse_spacing(title));
            (meta.date, meta.meeting) = (date, meeting);
            seen_after_title = true;
        } else if !seen_after_title && title_lines.len() < 4 && is_title_line(text) {
            // a web page repeats its title (`2024年东莞市政府工作报告` / `政府工作报告`): a line the
            // title so far already holds is that title again, not more of it
            let line = collapse_spacing(text);
            if !title_lines.concat().contains(&line) {
                title_lines.push(line);
            }
        } else {
            break;
        }
        i += consumed;
    }
    if !title_lines.is_empty() {
        // An issuing-body line above a `关于……` title is the author too.
        if title_lines.len() >= 2 && title_lines[1].starts_with("关于") {
            meta.author = Some(title_lines[0].clone());
        }
        let title = title_lines.concat();
        if meta.meeting.is_none() {
            meta.meeting = meeting_in_title(&title);
        }
        if meta.speaker.is_none()
            && let Some((office, name)) = speaker_in_title(&title)
        {
            meta.speaker_title = meta.speaker_title.take().or(Some(office));
            meta.speaker = Some(name);
        }
        meta.title = Some(title);
    }
    // a set-aside line after the last line read is simply the body's
    set_aside.retain(|&s| s < i);
    (i, set_aside)
}

/// The speaker named at the head of a title: `韩正市长在上海市第十三届人民代表大会……的政府工作报告`.
fn speaker_in_title(title: &str) -> Option<(String, String)> {
    let head = &title[..title.find('在')?];
    OFFICES.iter().find_map(|office| {
        let name = person_name(head.strip_suffix(office)?, 4)?;
        looks_like_a_name(&name).then(|| (office.to_string(), name))
    })
}

/// The dashes that open a date-and-meeting line, as typed or pasted.
const DASHES: &[char] = &['—', '―', '-', '－', '─', '–'];

/// A heading-block line as compared: Markdown emphasis and quote marks of a pasted web page
/// removed, full-width digits made ASCII, whitespace trimmed.
fn heading_block_key(text: &str) -> String {
    let t = text.trim().trim_start_matches(['>', ' ', '\u{3000}']);
    // a Markdown list item: `- 政府工作报告`
    let t = t.strip_prefix("- ").unwrap_or(t);
    t.chars()
        .filter(|c| *c != '*')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// A date-and-meeting line at the start of `keys`, alone or with the one or two lines it was
/// broken into: (date, meeting, lines taken).
fn joined_date_meeting(keys: &[Option<String>]) -> Option<(Option<Date>, Option<String>, usize)> {
    let first = keys.first()?.as_deref()?;
    if let Some((d, m)) = date_meeting_line(first) {
        return Some((d, m, 1));
    }
    // Only a line that opens like one is joined to the next: a dash, a bracket, a date or `在`.
    let opens = first.trim_start_matches(DASHES);
    let opens_like_one = first.starts_with(DASHES)
        || first.starts_with(['（', '('])
        || opens.starts_with('在')
        || parse_date_prefix(opens).is_some();
    if !opens_like_one {
        return None;
    }
    let mut joined = first.to_string();
    for (n, next) in keys.iter().enumerate().skip(1).take(2) {
        joined.push_str(next.as_deref()?);
        if let Some((d, m)) = date_meeting_line(&joined) {
            return Some((d, m, n + 1));
        }
    }
    None
}

/// A date line with the speaker line run on:
/// `——2004年2月9日在大连市第十三届人民代表大会第二次会议上市长　夏德仁`.
#[expect(clippy::type_complexity, reason = "the parts of two lines, named at the one call")]
fn date_speaker_line(text: &str) -> Option<(Option<Date>, Option<String>, (String, String))> {
    let at = text.rfind("会议上")? + "会议上".len();
    let (date, meeting) = date_meeting_line(&text[..at])?;
    Some((date, meeting, speaker_line(&text[at..])?))
}

/// `（2003年2月16日 陈良宇）`: the date and the speaker's name, in brackets.
fn date_name_line(text: &str) -> Option<(Date, String)> {
    let inner = text.strip_prefix(['（', '('])?.strip_suffix(['）', ')'])?.trim();
    let (date, len) = parse_date_prefix(inner)?;
    let name = person_name(inner[len..].trim(), 4)?;
    looks_like_a_name(&name).then_some((date, name))
}

/// `政府工作报告——2024年1月10日在……会议上`: the title, date and meeting of a line holding both.
fn split_title_date(text: &str) -> Option<(&str, Option<Date>, Option<String>)> {
    let at = text.find(DASHES)?;
    let title = text[..at].trim();
    let (date, meeting) = date_meeting_line(&text[at..])?;
    (title.is_empty() || is_title_line(title)).then_some((title, date, meeting))
}

/// The meeting named in a title: `韩正市长在上海市第十三届人民代表大会第三次会议上的政府工作报告`,
/// `厦门市第十四届人民代表大会第一次会议政府工作报告`.
fn meeting_in_title(title: &str) -> Option<String> {
    let end = title.rfind("会议")? + "会议".len();
    let head = &title[..end];
    let start = head.rfind('在').map_or(0, |i| i + '在'.len_utf8());
    let meeting = head[start..].trim();
    let names_a_congress = meeting.contains("人民代表大会") || meeting.contains("人大");
    (names_a_congress && meeting.contains("届") && meeting.contains("次会议")).then(|| meeting.to_string())
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
    // spaces typed into a date or a long line broken and joined again: `2007 年1 月23 日`
    let compact: String = heading_block_key(text).chars().filter(|c| !c.is_whitespace()).collect();
    let trimmed = compact.as_str();
    let dashed = trimmed.starts_with(DASHES);
    let mut t = trimmed.trim_start_matches(|c: char| DASHES.contains(&c) || c.is_whitespace());
    // a dash typed as two `一`
    t = t.strip_prefix("一一").unwrap_or(t).trim();
    let mut bracketed = false;
    if let Some(inner) = t.strip_prefix(['（', '(']).and_then(|s| s.strip_suffix(['）', ')'])) {
        t = inner.trim();
        bracketed = true;
    }
    // `在2006年12月24日在……会议上`: a `在` typed twice
    let t = t.strip_prefix('在').filter(|r| parse_date_prefix(r).is_some()).unwrap_or(t);
    let (date, rest) = match parse_date_prefix(t) {
        Some((d, len)) => (Some(d), t[len..].trim()),
        // a month and day without the year (`——3月1日在……`): the meeting is still there
        None => (None, skip_month_day(t)),
    };
    let at_meeting = |m: &str| -> Option<String> {
        let m = m
            .strip_suffix("上的讲话")
            .or_else(|| m.strip_suffix("上的报告"))
            .or_else(|| m.strip_suffix("上的工作报告"))
            .or_else(|| m.strip_suffix('上'))
            .unwrap_or(m);
        m.ends_with("会议").then(|| m.trim().to_string())
    };
    let meeting = if rest.is_empty() {
        None
    } else if let Some(m) = rest.strip_prefix('在') {
        Some(at_meeting(m)?)
    } else if (date.is_some() || dashed || bracketed) && !rest.ends_with("通过") && !rest.ends_with("批准") {
        // `——2010年1月26日上海市……会议上`, `——佛山市……第三次会议`: the `在` left out, so the
        // meeting must name a congress term
        Some(at_meeting(rest).filter(|m| (m.contains('届') || m.contains("人民代表大会")) && !m.contains('在'))?)
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

/// Offices a report's speaker holds, at every level of government and in the autonomous regions,
/// longest first so the most precise one is the one matched. An office line is any text ending
/// in one of these (`新疆维吾尔自治区人民政府主席`, `呼伦贝尔市人民政府代理市长`).
const OFFICES: &[&str] = &[
    "人大常委会副主任",
    "人大常委会主任",
    "常务委员会副主任",
    "常务委员会主任",
    "自治区副主席",
    "自治州副州长",
    "副主任委员",
    "自治区主席",
    "自治州州长",
    "代理市长",
    "代理县长",
    "代理省长",
    "代理区长",
    "代理州长",
    "代理盟长",
    "代理旗长",
    "主任委员",
    "副委员长",
    "副秘书长",
    "代市长",
    "代县长",
    "代省长",
    "代区长",
    "代州长",
    "代盟长",
    "代旗长",
    "代主席",
    "委员长",
    "秘书长",
    "检察长",
    "副主任",
    "副主席",
    "主任",
    "主席",
    "省长",
    "市长",
    "州长",
    "盟长",
    "旗长",
    "县长",
    "区长",
    "镇长",
    "乡长",
    "书记",
    "局长",
    "院长",
    "部长",
    "厅长",
    "组长",
    "会长",
    "处长",
    "科长",
    "委员",
    "代表",
];

/// The office title `office` ends with, from [`OFFICES`].
fn office_title(office: &str) -> Option<&'static str> {
    OFFICES.iter().copied().find(|o| office.ends_with(o))
}

/// `县人大常委会主任  汪新华`, `县人大常委会副主任 王 伟`, `上海市市长韩正`, `市长：吴庆文`,
/// `市长 伊力哈木·沙比尔`: (office, name). Markdown emphasis of a pasted page is ignored.
pub fn speaker_line(text: &str) -> Option<(String, String)> {
    let text = heading_block_key(text).replace(['：', ':'], " ");
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.is_empty() || text.chars().count() > 40 {
        return None;
    }
    if tokens.len() == 1 {
        // No space between office and name: the first place where a known office ends and a name
        // that starts with a common surname (or a name with `·`) follows.
        let t = tokens[0];
        return t.char_indices().skip(1).find_map(|(at, _)| {
            let (office, name) = t.split_at(at);
            let name = person_name(name, 4)?;
            let surname_first = name.contains('·') || name.starts_with(|c| SURNAMES.contains(c));
            (surname_first && is_office(office)).then(|| (office.to_string(), name))
        });
    }
    // A letter-spaced two- or three-character name: `王 伟`, `王  勇`.
    let singles = tokens.iter().rev().take_while(|t| t.chars().count() == 1).count();
    let (name, office_tokens) = if singles >= 2 {
        (tokens[tokens.len() - singles..].concat(), &tokens[..tokens.len() - singles])
    } else {
        (tokens[tokens.len() - 1].to_string(), &tokens[..tokens.len() - 1])
    };
    let office = office_tokens.concat();
    // set apart by a space, a name may be a long transliteration: `乌兰巴特尔`
    let name = person_name(&name, 6)?;
    is_office(&office).then_some((office, name))
}

/// A line holding only an office, its holder's name on the next line or not given at all:
/// `海口市人民政府市长`, `济南市代市长`. A delegate or member (`代表`, `委员`) is a title's word.
fn office_line(text: &str) -> bool {
    let t: String = heading_block_key(text).chars().filter(|c| !c.is_whitespace()).collect();
    is_office(&t) && !matches!(office_title(&t), Some("代表" | "委员"))
}

/// A line holding only a name: `张广宁`, `王  勇`, `伊力哈木·沙比尔`.
fn name_line(text: &str) -> Option<String> {
    let key: String = heading_block_key(text).chars().filter(|c| !c.is_whitespace()).collect();
    person_name(&key, 4)
}

fn is_office(office: &str) -> bool {
    !office.is_empty()
        && office.chars().count() <= 30
        // two offices held at once: `市委常委、常务副市长`
        && office.chars().all(|c| is_han(c) || c.is_ascii_digit() || c == '、')
        && !office.starts_with('、')
        && office_title(office).is_some()
}

/// A person's name as written in a speaker line: two to four ideographs, or a name of the
/// Uyghur, Mongolian, Tibetan or Kazakh form with `·` between its parts (`艾尔肯·吐尼亚孜`),
/// whatever dot the text used; returned with `·` (U+00B7). Without a dot, at most `max`
/// characters.
fn person_name(text: &str, max: usize) -> Option<String> {
    const DOTS: &[char] = &['·', '•', '・', '‧', '∙', '．', '.'];
    let len = text.chars().count();
    if (2..=max).contains(&len) && text.chars().all(is_han) {
        return Some(text.to_string());
    }
    let parts: Vec<&str> = text.split(DOTS).collect();
    let ok = parts.len() >= 2 && len <= 16 && parts.iter().all(|p| !p.is_empty() && p.chars().all(is_han));
    ok.then(|| parts.join("·"))
}

/// A bare line that is a name rather than a short heading: it begins with a common surname and
/// has two or three characters, or has the parts of a name joined by `·`.
fn looks_like_a_name(name: &str) -> bool {
    name.contains('·')
        || ((2..=3).contains(&name.chars().count()) && name.chars().next().is_some_and(|c| SURNAMES.contains(c)))
}

/// The commonest Chinese surnames, and the first characters of common Mongolian, Tibetan and
/// Uyghur names written without `·` (`布小林`, `洛桑江村`), for telling `上海市市长韩正` apart without a space: the
/// name must begin with one of them (a single-character surname or the first of a double one).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由布努达洛格扎次旦尼多嘎图其额";

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
    if let Some(rest) = text.strip_prefix('第') {
        let end = rest.find(|c: char| !CN.contains(c))?;
        let len = '第'.len_utf8() + end + "部分".len();
        return (end > 0 && rest[end..].starts_with("部分")).then_some((HeadingKind::Part, len));
    }
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

/// `text` after a leading `3月1日`, or all of it.
fn skip_month_day(text: &str) -> &str {
    let rest = take_number(text, 2)
        .and_then(|(_, r)| r.strip_prefix('月'))
        .and_then(|r| take_number(r, 2))
        .and_then(|(_, r)| r.strip_prefix(['日', '号']));
    rest.unwrap_or(text)
}

/// A number written in Arabic digits or Chinese numerals (`二〇二四`, `十二`, `二十七`).
fn take_number(text: &str, max_digits: usize) -> Option<(u32, &str)> {
    let text = text.trim_start();
    let digits_end = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    if digits_end > 0 {
        // a year has all four digits: `19年` is no year
        if digits_end > max_digits || (max_digits == 4 && digits_end != 4) {
            return None;
        }
        return Some((text[..digits_end].parse().ok()?, &text[digits_end..]));
    }
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .find(c)
            .map(|i| (i / 3) as u32)
            // zero as typed: ring, letter O, Greek omicron
            .or(matches!(c, '零' | '○' | 'Ｏ' | 'O' | 'Ο' | 'ο' | '◯').then_some(0))
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
    fn heading_blocks_as_pasted_from_web_pages() {
        // `原标题：` with the date line run on, a caption, the office and the name on two lines
        check(
            "政府工作报告\n原标题：政府工作报告——\n二〇二四年一月二十一日在北京市第十六届人民代表大会第二次会议上\n<!-- 代表们听取报告。 -->\n北京市人民政府市长\n殷  勇\n各位代表：\n",
            &[
                ("title", "政府工作报告"),
                ("date", "2024-01-21"),
                ("meeting", "北京市第十六届人民代表大会第二次会议"),
                ("speaker", "殷勇"),
                ("speaker_title", "北京市人民政府市长"),
                ("type", "工作报告"),
            ],
            &["<!-- 代表们听取报告。 -->", "各位代表："],
        );
        // a meeting line broken in two, the title repeated, the meeting and date apart
        check(
            "2015年政府工作报告\n政府工作报告\n——在乌鲁木齐市第十五届人民代表大会\n第四次会议上\n（2015年1月12日）\n市长伊力哈木·沙比尔\n各位代表：\n",
            &[
                ("title", "2015年政府工作报告"),
                ("date", "2015-01-12"),
                ("meeting", "乌鲁木齐市第十五届人民代表大会第四次会议"),
                ("speaker", "伊力哈木·沙比尔"),
                ("speaker_title", "市长"),
                ("type", "工作报告"),
            ],
            &["各位代表："],
        );
        // the speaker and meeting in the title; a date and a name in brackets
        check(
            "韩正市长在上海市第十三届人民代表大会第三次会议上的政府工作报告\n各位代表：\n",
            &[
                ("title", "韩正市长在上海市第十三届人民代表大会第三次会议上的政府工作报告"),
                ("meeting", "上海市第十三届人民代表大会第三次会议"),
                ("speaker", "韩正"),
                ("speaker_title", "市长"),
                ("type", "工作报告"),
            ],
            &["各位代表："],
        );
        check(
            "上海市2003年政府工作报告\n（2003年2月16日 陈良宇）\n各位代表：\n",
            &[
                ("title", "上海市2003年政府工作报告"),
                ("date", "2003-02-16"),
                ("speaker", "陈良宇"),
                ("type", "工作报告"),
            ],
            &["各位代表："],
        );
        // a title and its date line on one line; a name alone under the date line
        check(
            "政府工作报告——2015年5月30日在深圳市第五届人民代表大会第六次会议上\n许  勤\n一、工作回顾\n",
            &[
                ("title", "政府工作报告"),
                ("date", "2015-05-30"),
                ("meeting", "深圳市第五届人民代表大会第六次会议"),
                ("speaker", "许勤"),
                ("type", "工作报告"),
            ],
            &["## 一、工作回顾"],
        );
        // the speaker line run on after the date line
        check(
            "2004年大连市政府工作报告\n——2004年2月9日在大连市第十三届人民代表大会第二次会议上市长\u{3000}夏德仁\n各位代表：\n",
            &[
                ("title", "2004年大连市政府工作报告"),
                ("date", "2004-02-09"),
                ("meeting", "大连市第十三届人民代表大会第二次会议"),
                ("speaker", "夏德仁"),
                ("speaker_title", "市长"),
                ("type", "工作报告"),
            ],
            &["各位代表："],
        );
        // a short heading under the date line is no name
        check(
            "政府工作报告\n（2024年1月8日）\n工作回顾\n内容。\n",
            &[("title", "政府工作报告"), ("date", "2024-01-08"), ("type", "工作报告")],
            &["## 工作回顾", "内容。"],
        );
    }

    #[test]
    fn bold_runs_of_pasted_text_are_headings_and_keep_their_text() {
        let blocks = crate::import::txt::paragraphs(
            "题目\n（2024年1月8日）\n**一、2023年工作回顾**\n**（一）经济稳中向好。**全年增长5%。\n**第二部分**\n正文**一半**加粗。\n",
        );
        let report = recognise(blocks, false);
        let body: Vec<String> = report
            .body
            .iter()
            .map(|e| match e {
                Element::Heading { level, text } => format!("{level} {text}"),
                Element::Paragraph(runs) => {
                    runs.iter().map(|r| if r.bold { format!("<{}>", r.text) } else { r.text.clone() }).collect()
                }
                _ => String::new(),
            })
            .collect();
        assert_eq!(
            body,
            ["2 一、2023年工作回顾", "3 （一）经济稳中向好", "全年增长5%。", "4 第二部分", "正文<一半>加粗。"]
        );
    }

    /// A 1 MB paste on one line is one paragraph: every rule of the heading block bails out on a
    /// line's length before looking into it (date lines over 90 characters, speaker lines over
    /// 40, titles over 40, offices over 30), and the rest scan the line once.
    #[test]
    fn a_one_megabyte_line_is_one_paragraph() {
        for piece in ["一、", "——2024年1月4日在", "市长", "**", "·", "第一部分", "会议上"] {
            let line = piece.repeat((1 << 20) / piece.len());
            let report = recognise(lines(&format!("题目\n{line}\n")), false);
            assert_eq!(report.meta.title.as_deref(), Some("题目"), "{piece}");
            let text: usize = report
                .body
                .iter()
                .map(|e| match e {
                    Element::Paragraph(runs) => runs.iter().map(|r| r.text.len()).sum(),
                    Element::Heading { text, .. } => text.len(),
                    _ => 0,
                })
                .sum();
            assert!(text >= line.len() - piece.len(), "{piece}: the line is kept");
        }
    }

    #[test]
    fn offices_are_longest_first() {
        for (i, a) in OFFICES.iter().enumerate() {
            for b in &OFFICES[i + 1..] {
                assert!(!b.ends_with(a) || a == b, "{b} must come before {a}, which it ends with");
            }
        }
        assert_eq!(office_title("新疆维吾尔自治区人民政府主席"), Some("主席"));
        assert_eq!(office_title("自治区主席"), Some("自治区主席"));
        assert_eq!(office_title("呼伦贝尔市人民政府代理市长"), Some("代理市长"));
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
        // a glossary's terms and definitions are list items, not headings
        check(
            "题目\n（2024年6月27日）\n一、名词解释\n1.“四好”：好房子、好小区、好社区、好城区\n2.六稳：稳就业、稳金融。\n",
            &[("title", "题目"), ("date", "2024-06-27")],
            &["## 一、名词解释", "1.“四好”：好房子、好小区、好社区、好城区", "2.六稳：稳就业、稳金融。"],
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
                (
                    "（2024年1月10日在平江县第十八届人民代表大会第四次会议）",
                    Some((d(2024, 1, 10), Some("平江县第十八届人民代表大会第四次会议".into()))),
                ),
                ("——在县第七届人大常委会第十次会议上的讲话", Some((None, Some("县第七届人大常委会第十次会议".into())))),
                ("2024年是全面贯彻落实党的二十大精神的深化之年", None),
                ("（2024年2月30日）", None),
                ("工作报告", None),
                // pasted forms: other dashes, full-width digits, spaces in the date, no `在`
                (
                    "――二〇二一年一月十八日在厦门市第十五届人民代表大会第六次会议上",
                    Some((d(2021, 1, 18), Some("厦门市第十五届人民代表大会第六次会议".into()))),
                ),
                (
                    "——２００５年３月２２日在海口市第十三届人民代表大会第三次会议上",
                    Some((d(2005, 3, 22), Some("海口市第十三届人民代表大会第三次会议".into()))),
                ),
                (
                    "（2007 年1 月23 日在杭州市第十届人民代表大会第五次会议上）",
                    Some((d(2007, 1, 23), Some("杭州市第十届人民代表大会第五次会议".into()))),
                ),
                (
                    "——2010年1月26日上海市第十三届人民代表大会第三次会议上",
                    Some((d(2010, 1, 26), Some("上海市第十三届人民代表大会第三次会议".into()))),
                ),
                (
                    "——佛山市第十一届人民代表大会第三次会议",
                    Some((None, Some("佛山市第十一届人民代表大会第三次会议".into()))),
                ),
                (
                    "——3月1日在海口市第十三届人民代表大会第二次会议上",
                    Some((None, Some("海口市第十三届人民代表大会第二次会议".into()))),
                ),
                (
                    "——二Ο一八年一月十日在武汉市第十四届人民代表大会第二次会议上",
                    Some((d(2018, 1, 10), Some("武汉市第十四届人民代表大会第二次会议".into()))),
                ),
                // a year of two digits is no date; a line about a meeting is no meeting line
                ("——19年2月24日在太原市第十四届人民代表大会第四次会议上", None),
                (
                    "——在2006年12月24日在南昌市第十三届人民代表大会第一次会议上",
                    Some((d(2006, 12, 24), Some("南昌市第十三届人民代表大会第一次会议".into()))),
                ),
                ("2024年1月4日上午县人大常委会召开会议", None),
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
                // every level of government and the autonomous regions
                ("黔东南苗族侗族自治州人民政府州长 杨林", s("黔东南苗族侗族自治州人民政府州长", "杨林")),
                ("自治州州长  杨  林", s("自治州州长", "杨林")),
                ("锡林郭勒盟盟长 巴特尔", s("锡林郭勒盟盟长", "巴特尔")),
                ("旗人民政府旗长 乌兰巴特尔", s("旗人民政府旗长", "乌兰巴特尔")),
                ("自治区主席 阿不都热依木·买买提", s("自治区主席", "阿不都热依木·买买提")),
                ("全国人民代表大会常务委员会委员长 王文德", s("全国人民代表大会常务委员会委员长", "王文德")),
                ("呼伦贝尔市人民政府代理市长 王  勇", s("呼伦贝尔市人民政府代理市长", "王勇")),
                ("福州市人民政府代市长 杨益民", s("福州市人民政府代市长", "杨益民")),
                ("省人民政府省长 周明", s("省人民政府省长", "周明")),
                ("区人民政府区长 孙立", s("区人民政府区长", "孙立")),
                ("县人大常委会秘书长 何平", s("县人大常委会秘书长", "何平")),
                ("市委常委、常务副市长 刘 杰", s("市委常委、常务副市长", "刘杰")),
                // no space, a colon, pasted emphasis, another dot
                ("上海市市长韩正", s("上海市市长", "韩正")),
                ("内蒙古自治区人民政府主席布小林", s("内蒙古自治区人民政府主席", "布小林")),
                ("- 市长 李晓波", s("市长", "李晓波")),
                ("市长伊力哈木·沙比尔", s("市长", "伊力哈木·沙比尔")),
                ("市长 艾尔肯•吐尼亚孜", s("市长", "艾尔肯·吐尼亚孜")),
                ("南昌市人民政府市长:李豆罗", s("南昌市人民政府市长", "李豆罗")),
                ("**厦门市人民政府市长 刘可清**", s("厦门市人民政府市长", "刘可清")),
                ("市长 **谭仲池**", s("市长", "谭仲池")),
                // not speaker lines: no known office, no name, a short heading, a hotline
                ("市长热线", None),
                ("海口市人民政府市长", None),
                ("、常务副市长 刘杰", None),
                ("县人大常委会主任 张三丰李四王五", None),
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
                ("第一部分 2023年工作回顾", Some((HeadingKind::Part, 12))),
                ("第十二部分", Some((HeadingKind::Part, 15))),
                ("第一次会议", None),
                ("第", None),
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
