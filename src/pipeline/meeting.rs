//! Meetings: the `meeting` of a report parsed into the congress term (届), the kind of meeting
//! and its number, as real documents write them.
//!
//! In: a `meeting` string (`江陵县第十八届人民代表大会常务委员会第二十一次会议`,
//! `十四届全国人大常委会第十次会议`, `县人大常委会第32次主任会议`). Out: a [`Meeting`], or
//! `None` when the text names no term or no kind (then it stays text, and `check` warns).
//! Never: guesses a number it cannot read (a term or number of `第几次` is no number), or
//! depends on the body's name: any county, city, prefecture, league, banner, autonomous region
//! or province prefix, and none, parse alike.
//!
//! [`build_meetings`] groups the pages by term and meeting for the `/meetings/` pages: terms
//! newest first, each term's meetings by kind and number, each meeting's documents work
//! reports first, then by type. A term's URL is its number (`/meetings/7/`), a meeting's its kind
//! and number (`/meetings/7/standing-committee-17/`): stable, and the same under any `slugify`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::pipeline::model::Page;

/// The URL of the meetings index.
pub const MEETINGS_URL: &str = "/meetings/";

/// Which body met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// 人民代表大会 (a session of the congress itself)
    Congress,
    /// 人民代表大会常务委员会 (its standing committee)
    StandingCommittee,
    /// 主任会议 (the standing committee's council of chairpersons)
    Chairpersons,
}

impl MeetingKind {
    /// The URL segment of a meeting of this kind.
    pub fn slug(self) -> &'static str {
        match self {
            MeetingKind::Congress => "congress",
            MeetingKind::StandingCommittee => "standing-committee",
            MeetingKind::Chairpersons => "chairpersons",
        }
    }
}

/// A parsed `meeting`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Meeting {
    /// The body's place as written before the term (`江陵县`, `湖北省`, `全国`), possibly empty.
    pub body: String,
    /// The congress term, 届.
    pub term: u32,
    pub kind: MeetingKind,
    /// 第几次会议, when written.
    pub number: Option<u32>,
}

impl Meeting {
    /// The URL path of its term: `/meetings/7/`.
    pub fn term_path(&self) -> String {
        term_path(self.term)
    }

    /// The URL path of its meeting page: `/meetings/7/standing-committee-17/`, or
    /// `/meetings/7/standing-committee/` for meetings written without a number.
    pub fn path(&self) -> String {
        match self.number {
            Some(n) => format!("/meetings/{}/{}-{n}/", self.term, self.kind.slug()),
            None => format!("/meetings/{}/{}/", self.term, self.kind.slug()),
        }
    }
}

/// The URL path of a term's page.
pub fn term_path(term: u32) -> String {
    format!("{MEETINGS_URL}{term}/")
}

/// The meetings of the site, by term.
#[derive(Debug, Default)]
pub struct Meetings {
    /// Terms, newest (highest) first.
    pub terms: Vec<CongressTerm>,
}

/// One congress term (届) and its meetings.
#[derive(Debug)]
pub struct CongressTerm {
    pub term: u32,
    /// The body as written before the term, from the longest `meeting` text (`江陵县`).
    pub body: String,
    pub path: String,
    /// Its meetings: sessions of the congress, then of the standing committee, then councils of
    /// chairpersons, each by number (unnumbered last).
    pub meetings: Vec<MeetingGroup>,
}

/// One meeting and the documents delivered there.
#[derive(Debug)]
pub struct MeetingGroup {
    pub kind: MeetingKind,
    pub number: Option<u32>,
    /// The meeting's name: the longest way a document writes it.
    pub name: String,
    pub path: String,
    /// Its documents: work reports first, then by type, then by date and title.
    pub pages: Vec<usize>,
}

/// Groups the pages in sections whose `meeting` parses by term and meeting. Empty when none
/// does: then no `/meetings/` page is built.
pub fn build_meetings(pages: &[Arc<Page>]) -> Meetings {
    // term → (kind, number) → pages
    type ByMeeting = BTreeMap<(MeetingKind, u32), Vec<(usize, Meeting)>>;
    let mut terms: BTreeMap<u32, ByMeeting> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if p.section.is_none() {
            continue;
        }
        let Some(m) = of_page(&p.meta) else { continue };
        // unnumbered meetings sort after the numbered ones
        let key = (m.kind, m.number.unwrap_or(u32::MAX));
        terms.entry(m.term).or_default().entry(key).or_default().push((i, m));
    }
    let longest = |texts: &mut dyn Iterator<Item = String>| {
        texts.fold(String::new(), |best, t| {
            if t.chars().count() > best.chars().count() || (t.chars().count() == best.chars().count() && t < best) {
                t
            } else {
                best
            }
        })
    };
    let terms = terms
        .into_iter()
        .rev()
        .map(|(term, groups)| {
            let meetings: Vec<MeetingGroup> = groups
                .into_values()
                .map(|docs| {
                    let first = docs[0].1.clone();
                    let name = longest(&mut docs.iter().filter_map(|(i, _)| pages[*i].meta.meeting.clone()));
                    let mut idx: Vec<usize> = docs.iter().map(|(i, _)| *i).collect();
                    idx.sort_by(|&a, &b| {
                        let (pa, pb) = (&pages[a], &pages[b]);
                        let (ra, rb) = (type_rank(pa.meta.doc_type.as_deref()), type_rank(pb.meta.doc_type.as_deref()));
                        ra.cmp(&rb)
                            .then_with(|| pa.meta.doc_type.cmp(&pb.meta.doc_type))
                            .then_with(|| pa.date.cmp(&pb.date))
                            .then_with(|| pa.title.cmp(&pb.title))
                            .then_with(|| pa.path.cmp(&pb.path))
                    });
                    MeetingGroup { kind: first.kind, number: first.number, name, path: first.path(), pages: idx }
                })
                .collect();
            let body = longest(
                &mut meetings
                    .iter()
                    .flat_map(|g| g.pages.iter().filter_map(|&i| of_page(&pages[i].meta)).map(|m| m.body)),
            );
            CongressTerm { term, body, path: term_path(term), meetings }
        })
        .collect();
    Meetings { terms }
}

/// The order of documents on a meeting's page: work reports (any type naming 工作报告) first,
/// then the kinds of document in the order a meeting takes them up, then other types (by name),
/// then documents without a type.
const TYPE_ORDER: &[&str] =
    &["执法检查报告", "调研报告", "视察报告", "审议意见", "研究处理情况报告", "满意度测评", "决议", "决定"];

fn type_rank(doc_type: Option<&str>) -> usize {
    match doc_type {
        Some(t) if t.contains("工作报告") => 0,
        Some(t) => TYPE_ORDER.iter().position(|k| *k == t).map_or(TYPE_ORDER.len() + 1, |p| p + 1),
        None => TYPE_ORDER.len() + 2,
    }
}

/// `7` → `七`, `17` → `十七`, `21` → `二十一`, `102` → `一百零二` (up to 9999; larger as digits),
/// as a term or meeting number is written in a title.
pub fn chinese_number(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    if (10..20).contains(&n) {
        return match n % 10 {
            0 => "十".to_string(),
            d => format!("十{}", DIGITS[d as usize]),
        };
    }
    let mut out = String::new();
    let mut zero = false;
    for (unit, name) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
        let d = (n / unit) % 10;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(DIGITS[d as usize]);
        out.push_str(name);
    }
    out
}

/// Parses a `meeting` value; `None` when it names no term or no kind of meeting.
/// The meeting of a page: its `meeting` read by [`parse_meeting`], with `meeting_term:` and
/// `meeting_no:` (set by hand) taking the place of what was read. A `meeting` that cannot be read
/// is still a meeting when `meeting_term:` is given, of the kind its words name (常委会, 主任会议,
/// else the congress itself). The one place a page's meeting comes from: the `/meetings/` pages,
/// a page's link to its meeting and `check`'s W010 all ask it.
pub fn of_page(meta: &crate::pipeline::front_matter::PageMeta) -> Option<Meeting> {
    let text = meta.meeting.as_deref()?;
    let mut m = match (parse_meeting(text), meta.meeting_term) {
        (Some(m), _) => m,
        (None, Some(term)) => Meeting { body: String::new(), term, kind: kind_named(text), number: None },
        (None, None) => return None,
    };
    if let Some(term) = meta.meeting_term {
        m.term = term;
    }
    if let Some(number) = meta.meeting_no {
        m.number = Some(number);
    }
    Some(m)
}

/// The kind of meeting its words name, the congress itself when they name none.
fn kind_named(text: &str) -> MeetingKind {
    if text.contains("主任会议") {
        MeetingKind::Chairpersons
    } else if text.contains("常务委员会") || text.contains("常委会") {
        MeetingKind::StandingCommittee
    } else {
        MeetingKind::Congress
    }
}

pub fn parse_meeting(text: &str) -> Option<Meeting> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    // the term: 第十八届, 十八届, 第18届
    let ji = text.find('届')?;
    let before = &text[..ji];
    let numeral_start = before.char_indices().rev().take_while(|(_, c)| is_numeral(*c)).last().map(|(i, _)| i)?;
    let term = parse_number(&before[numeral_start..])?;
    let body_end = before[..numeral_start].strip_suffix('第').map_or(numeral_start, str::len);
    let mut body = before[..body_end].to_string();
    let after = &text[ji + '届'.len_utf8()..];

    let kind = if after.contains("主任会议") {
        MeetingKind::Chairpersons
    } else if after.contains("常务委员会") || after.contains("常委会") {
        MeetingKind::StandingCommittee
    } else if after.contains("人民代表大会") || after.contains("人大") {
        MeetingKind::Congress
    } else {
        return None;
    };
    // 第十四届全国人民代表大会: the body comes after the term
    if body.is_empty() {
        let end = after.find("人民代表大会").or_else(|| after.find("人大")).unwrap_or(0);
        body = after[..end].to_string();
    }
    // the number: the last 第…次 (第二十一次会议, 第32次主任会议)
    let number = after.rfind('次').and_then(|ci| {
        let head = &after[..ci];
        let di = head.rfind('第')?;
        parse_number(&head[di + '第'.len_utf8()..])
    });
    Some(Meeting { body, term, kind, number })
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || "〇零一二两三四五六七八九十百千".contains(c)
}

/// `十八` → 18, `二十一` → 21, `一百零二` → 102, `18` or `１８` → 18; `None` for anything else.
pub fn parse_number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        let ascii: String = s
            .chars()
            .map(|c| if c.is_ascii_digit() { c } else { char::from(b'0' + (c as u32 - '０' as u32) as u8) })
            .collect();
        return ascii.parse().ok();
    }
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    for c in s.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                let d = "〇一二三四五六七八九".chars().position(|x| x == c).map(|p| p as u32);
                let d = match c {
                    '零' => Some(0),
                    '两' => Some(2),
                    _ => d,
                }?;
                digit = Some(d);
                continue;
            }
        };
        // 十 alone stands for 一十
        total += digit.take().unwrap_or(1) * unit;
    }
    Some(total + digit.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    use MeetingKind::{Chairpersons, Congress, StandingCommittee};

    #[test]
    fn real_shaped_meetings() {
        for (text, body, term, kind, number) in [
            ("江陵县第七届人民代表大会第三次会议", "江陵县", 7, Congress, Some(3)),
            ("江陵县第十八届人民代表大会常务委员会第二十一次会议", "江陵县", 18, StandingCommittee, Some(21)),
            ("荆州市第五届人民代表大会常务委员会第十二次会议", "荆州市", 5, StandingCommittee, Some(12)),
            ("湖北省第十四届人民代表大会第二次会议", "湖北省", 14, Congress, Some(2)),
            ("第十四届全国人民代表大会第三次会议", "全国", 14, Congress, Some(3)),
            ("十四届全国人大常委会第十次会议", "全国", 14, StandingCommittee, Some(10)),
            ("县十八届人大常委会第三十次会议", "县", 18, StandingCommittee, Some(30)),
            ("江陵县第十八届人大常委会第15次会议", "江陵县", 18, StandingCommittee, Some(15)),
            ("第十八届人大常委会第五十次主任会议", "", 18, Chairpersons, Some(50)),
            ("恩施土家族苗族自治州第八届人民代表大会第四次会议", "恩施土家族苗族自治州", 8, Congress, Some(4)),
            ("内蒙古自治区第十四届人民代表大会常务委员会第五次会议", "内蒙古自治区", 14, StandingCommittee, Some(5)),
            ("北京市西城区第十七届人民代表大会第三次会议", "北京市西城区", 17, Congress, Some(3)),
            ("阿拉善左旗第十八届人民代表大会第一次会议", "阿拉善左旗", 18, Congress, Some(1)),
            ("锡林郭勒盟第二届人大常委会第一百零二次会议", "锡林郭勒盟", 2, StandingCommittee, Some(102)),
            ("江陵县 第十八届 人大常委会 第二十次会议", "江陵县", 18, StandingCommittee, Some(20)),
            ("第１８届人大常委会第２次会议", "", 18, StandingCommittee, Some(2)),
            ("江陵县第十八届人民代表大会常务委员会会议", "江陵县", 18, StandingCommittee, None),
        ] {
            let m = parse_meeting(text).unwrap_or_else(|| panic!("{text}: not parsed"));
            assert_eq!(m, Meeting { body: body.into(), term, kind, number }, "{text}");
        }
    }

    #[test]
    fn text_without_term_or_kind_stays_text() {
        for text in ["县人大常委会主任会议", "全县政法工作会议", "第几届人民代表大会", "", "届", "第十八届政协会议"]
        {
            assert_eq!(parse_meeting(text), None, "{text}");
        }
    }

    #[test]
    fn chinese_numbers_read_back() {
        for (n, text) in
            [(1, "一"), (7, "七"), (10, "十"), (17, "十七"), (21, "二十一"), (100, "一百"), (102, "一百零二")]
        {
            assert_eq!(chinese_number(n), text);
        }
        for n in 1..=9999 {
            assert_eq!(parse_number(&chinese_number(n)), Some(n), "{n}");
        }
    }

    #[test]
    fn meeting_urls() {
        let m = |s| parse_meeting(s).unwrap();
        assert_eq!(m("江陵县第七届人民代表大会常务委员会第十七次会议").path(), "/meetings/7/standing-committee-17/");
        assert_eq!(m("江陵县第七届人民代表大会第三次会议").path(), "/meetings/7/congress-3/");
        assert_eq!(m("第十八届人大常委会第五十次主任会议").path(), "/meetings/18/chairpersons-50/");
        assert_eq!(m("江陵县第十八届人民代表大会常务委员会会议").path(), "/meetings/18/standing-committee/");
        assert_eq!(m("江陵县第十八届人民代表大会常务委员会会议").term_path(), "/meetings/18/");
    }

    #[test]
    fn numbers() {
        for (s, n) in
            [("一", 1), ("十", 10), ("十八", 18), ("二十一", 21), ("一百零二", 102), ("两百", 200), ("18", 18)]
        {
            assert_eq!(parse_number(s), Some(n), "{s}");
        }
        assert_eq!(parse_number("几"), None);
        assert_eq!(parse_number(""), None);
    }
}
