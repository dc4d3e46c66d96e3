//! Plain-text reports: bytes → text → one paragraph per line.
//!
//! In: the bytes of a `.txt` file and an optional `--encoding` label. Out: the paragraphs (each
//! non-empty line is one; blank lines between them do not matter) and a note saying how the
//! bytes were decoded when that was not plain UTF-8; or a diagnostic saying which encoding to
//! name.
//! Never: guesses silently — a detected encoding is reported, and a decoding that would need
//! replacement characters is an error, not a report with holes in it.

use std::path::Path;

use encoding_rs::Encoding;

use super::structure::{Block, Para, Run};
use crate::diag::{Code, Diagnostic};

/// Decoded text and how it was decoded.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Said to the user when the file was not plain UTF-8.
    pub note: Option<String>,
}

/// Decodes a text file: the `--encoding` given; else a byte order mark; else UTF-8; else the
/// encoding `chardetng` detects, when it is a Chinese one (GB18030/GBK or Big5).
pub fn decode(bytes: &[u8], forced: Option<&str>, path: &Path) -> Result<Decoded, Box<Diagnostic>> {
    if let Some(label) = forced {
        let Some(encoding) = Encoding::for_label(label.trim().as_bytes()) else {
            return Err(Box::new(
                Diagnostic::error(Code::ImportEncoding, format!("`{label}` is not an encoding Gazette knows"))
                    .with_help("name one such as utf-8, gb18030 (also reads GBK and GB2312), big5 or utf-16le"),
            ));
        };
        // GB2312 and GBK labels name encodings that GB18030 extends; decode with the superset.
        let encoding = if encoding == encoding_rs::GBK { encoding_rs::GB18030 } else { encoding };
        return decode_with(bytes, encoding, path, true).map(|text| Decoded {
            text,
            note: (encoding != encoding_rs::UTF_8).then(|| format!("decoded as {} (--encoding)", encoding.name())),
        });
    }
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        let text = decode_with(bytes, encoding, path, false)?;
        let note =
            (encoding != encoding_rs::UTF_8).then(|| format!("decoded as {} (byte order mark)", encoding.name()));
        return Ok(Decoded { text, note });
    }
    if bytes.contains(&0) {
        return Err(Box::new(
            Diagnostic::error(Code::ImportNotReport, "this is not a text file: it holds binary data")
                .with_file(path)
                .with_help("check that you picked the right file; Word files must end in .docx"),
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded { text: text.to_string(), note: None });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let chinese = if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        Some(encoding_rs::GB18030)
    } else if guess == encoding_rs::BIG5 {
        Some(encoding_rs::BIG5)
    } else {
        None
    };
    match chinese {
        Some(encoding) => {
            let text = decode_with(bytes, encoding, path, false)?;
            let what = if encoding == encoding_rs::BIG5 { "Big5 (traditional Chinese)" } else { "GB18030 (GBK)" };
            Ok(Decoded { text, note: Some(format!("the file is not UTF-8; it reads cleanly as {what} and was decoded as such (name another with --encoding)")) })
        }
        None => Err(Box::new(
            Diagnostic::error(Code::ImportEncoding, "cannot tell the file's encoding")
                .with_file(path)
                .with_note(format!(
                    "it is not UTF-8 and does not read as Chinese GB18030 (GBK) text; it looks most like {}",
                    guess.name()
                ))
                .with_help(format!(
                    "if you know the encoding, name it, e.g. `gazette import {} --encoding {}`; or save the file as UTF-8",
                    path.display(),
                    guess.name().to_lowercase()
                )),
        )),
    }
}

/// Decodes with one encoding; an error when any byte sequence is invalid in it.
fn decode_with(
    bytes: &[u8],
    encoding: &'static Encoding,
    path: &Path,
    forced: bool,
) -> Result<String, Box<Diagnostic>> {
    let (text, used, had_errors) = encoding.decode(bytes);
    if !had_errors {
        return Ok(text.into_owned());
    }
    let bad = text.find('\u{FFFD}').unwrap_or(0);
    let line = text[..bad].matches('\n').count() + 1;
    let mut d = Diagnostic::error(Code::ImportEncoding, format!("the file is not valid {} text", used.name()))
        .with_file(path)
        .with_note(format!("the first byte that does not fit is on line {line}"));
    d = if forced {
        d.with_help("leave out --encoding to let Gazette detect it, or name another encoding")
    } else {
        d.with_help("name the encoding with --encoding, e.g. --encoding gb18030, or save the file as UTF-8")
    };
    Err(Box::new(d))
}

/// The paragraphs of plain text: each non-empty line is one. Text pasted from a web page or a
/// Markdown file marks bold as `**…**`: balanced pairs become bold runs, so `**一、工作回顾**` is
/// read as the heading it is (a lone `**` stays text).
pub fn paragraphs(text: &str) -> Vec<Block> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    text.split(['\n', '\r', '\u{000C}', '\u{2028}', '\u{2029}'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| Block::Para(Para { runs: runs_of(l), ..Para::default() }))
        .filter(|b| matches!(b, Block::Para(p) if !p.runs.is_empty()))
        .collect()
}

/// A line's runs, `**bold**` pairs read as bold.
fn runs_of(line: &str) -> Vec<Run> {
    let parts: Vec<&str> = line.split("**").collect();
    if parts.len() < 3 || parts.len().is_multiple_of(2) {
        return vec![Run::plain(line)];
    }
    parts
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .map(|(i, p)| Run { text: (*p).to_string(), bold: i % 2 == 1 && !p.trim().is_empty() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], forced: Option<&str>, expected: Result<(&str, Option<&str>), Code>) {
        let got = decode(bytes, forced, Path::new("a.txt"));
        match (got, expected) {
            (Ok(d), Ok((text, note))) => {
                assert_eq!(d.text, text);
                assert_eq!(d.note.as_deref(), note);
            }
            (Err(d), Err(code)) => assert_eq!(d.code, code, "{}", d.render(false)),
            (got, expected) => panic!("{bytes:?}: got {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn encodings() {
        let text =
            "江陵县人民代表大会常务委员会工作报告\n各位代表：\n我受县人大常委会委托，向大会报告工作，请予审议。\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let (big5, _, _) = encoding_rs::BIG5.encode(
            "江陵縣人民代表大會常務委員會工作報告\n各位代表：我受縣人大常委會委託，向大會報告工作，請予審議。\n",
        );
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        check(text.as_bytes(), None, Ok((text, None)));
        check(&bom, None, Ok((text, None)));
        check(
            &gb,
            None,
            Ok((
                text,
                Some(
                    "the file is not UTF-8; it reads cleanly as GB18030 (GBK) and was decoded as such (name another with --encoding)",
                ),
            )),
        );
        check(&gb, Some("gbk"), Ok((text, Some("decoded as gb18030 (--encoding)"))));
        check(&gb, Some("GB18030"), Ok((text, Some("decoded as gb18030 (--encoding)"))));
        check(&utf16, None, Ok((text, Some("decoded as UTF-16LE (byte order mark)"))));
        assert!(decode(&big5, None, Path::new("a")).unwrap().text.starts_with("江陵縣"));
        check(&gb, Some("utf-8"), Err(Code::ImportEncoding));
        check(&gb, Some("klingon"), Err(Code::ImportEncoding));
        check(
            b"caf\xE9 cr\xE8me br\xFBl\xE9e, na\xEFve r\xE9sum\xE9 \xE0 la fa\xE7on",
            None,
            Err(Code::ImportEncoding),
        );
        check(b"PK\x03\x04\x00\x00binary", None, Err(Code::ImportNotReport));
    }

    #[test]
    fn lines_are_paragraphs() {
        let blocks = paragraphs("\u{FEFF}标题\r\n\r\n\u{3000}\u{3000}第一段。\r第二段。\n \n");
        let texts: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => p.text(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(texts, ["标题", "第一段。", "第二段。"]);
    }

    #[test]
    fn pasted_bold_is_read_in_pairs() {
        let runs =
            |line: &str| -> Vec<(String, bool)> { runs_of(line).into_iter().map(|r| (r.text, r.bold)).collect() };
        let r = |t: &str, b: bool| (t.to_string(), b);
        assert_eq!(runs("**一、工作回顾**"), [r("一、工作回顾", true)]);
        assert_eq!(runs("**（一）稳中向好。**全年增长5%。"), [r("（一）稳中向好。", true), r("全年增长5%。", false)]);
        assert_eq!(runs("**甲** **乙**"), [r("甲", true), r(" ", false), r("乙", true)]);
        // a lone `**`, in a formula or left open, is text
        assert_eq!(runs("5**2 等于 25"), [r("5**2 等于 25", false)]);
        assert_eq!(runs("**注：未完"), [r("**注：未完", false)]);
    }
}
