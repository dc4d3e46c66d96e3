//! Meetings: the `meeting` of a report parsed into the congress term (届), the kind of meeting
//! and its number, as real documents write them.
//!
//! In: a `meeting` string (`江陵县第十八届人民代表大会常务委员会第二十一次会议`,
//! `十四届全国人大常委会第十次会议`, `县人大常委会第32次主任会议`). Out: a [`Meeting`], or
//! `None` when the text names no term or no kind (then it stays text, and `check` warns).
//! Never: guesses a number it cannot read (a term or number of `第几次` is no number), or
//! depends on the body's name: any county, city, prefecture, league, banner, autonomous region
//! or province prefix, and none, parse alike.

use serde::Serialize;

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

/// Parses a `meeting` value; `None` when it names no term or no kind of meeting.
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
