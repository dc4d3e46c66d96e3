//! Text operations, Chinese first and still right for English: decoding, slugs, CJK-aware
//! truncation and reading time.
//!
//! In: strings (or bytes, for decoding). Out: strings and counts.
//! Never: cuts a string in the middle of a character, or panics on any input.

use std::path::Path;
use std::sync::Arc;

use crate::config::SlugMode;
use crate::diag::{Code, Diagnostic, Source};

// The Chinese character classes are decided once, in `crates/cjk-class` (shared with the
// vendored Pagefind); see its documentation for which caller needs which.
pub use cjk_class::{
    is_cjk, is_cjk_punctuation, is_cjk_unspaced, is_cjk_wide, is_han, is_hangul, is_unified_ideograph,
};

/// Decodes a file's bytes as UTF-8 (a BOM is accepted and dropped). Otherwise an error that
/// names the first bad line and, when the bytes read cleanly as GB18030, says how to convert.
/// UTF-16 (Notepad's "Unicode") and NUL bytes are errors too: as text they would only give a
/// confusing "no front matter" later.
pub fn decode_utf8(bytes: &[u8], path: &Path) -> Result<String, Box<Diagnostic>> {
    if looks_utf16(bytes) {
        return Err(Box::new(
            Diagnostic::error(Code::NotUtf8, "file is UTF-16 text, not UTF-8")
                .with_file(path)
                .with_note("Notepad and Word call UTF-16 \"Unicode\"; Gazette reads UTF-8")
                .with_help(
                    "save it as UTF-8 (Notepad: Save As → Encoding: UTF-8; WPS or Word: Save As → \
                     Plain Text → Unicode (UTF-8))",
                ),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => match s.find('\0') {
            None => Ok(s.to_string()),
            Some(nul) => {
                let source = Source { path: path.to_path_buf(), text: Arc::from(s) };
                Err(Box::new(
                    Diagnostic::error(Code::NotUtf8, "file is not text: it contains a NUL byte")
                        .with_span(&source, nul..nul + 1)
                        .with_label("a NUL byte (0x00)")
                        .with_help("this is a binary file or a damaged one; save the text again as UTF-8"),
                ))
            }
        },
        Err(e) => {
            let bad = e.valid_up_to();
            let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
            let (gb, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            let mut d = Diagnostic::error(Code::NotUtf8, "file is not UTF-8 text");
            if had_errors || bytes.contains(&0) {
                // Show where: the text as far as it is UTF-8, the bad byte marked.
                let lossy = String::from_utf8_lossy(bytes);
                let source = Source { path: path.to_path_buf(), text: Arc::from(lossy.as_ref()) };
                d = d
                    .with_span(&source, bad..bad + '\u{FFFD}'.len_utf8())
                    .with_label(format!("the first byte that is not UTF-8 (0x{:02X}), on line {line}", bytes[bad]))
                    .with_help("save the file as UTF-8 (in WPS or Word: Save As → Plain Text → Unicode (UTF-8))");
            } else {
                // Show the line as GB18030 reads it, so the editor recognises the text.
                let source = Source { path: path.to_path_buf(), text: Arc::from(gb.as_ref()) };
                let start = crate::diag::line_offset(&gb, line);
                let end = gb[start..].find('\n').map_or(gb.len(), |i| start + i);
                let shown = path.display();
                let is_report_text = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"));
                d = d
                    .with_span(&source, start..end.max(start))
                    .with_label(format!("line {line} is GB18030 (GBK) text"))
                    .with_note(
                        "the file reads cleanly as GB18030 (GBK), the encoding WPS and older Word use for Chinese",
                    )
                    .with_help(if is_report_text {
                        format!("convert it with `gazette import {shown} --encoding gb18030`, or save it as UTF-8")
                    } else {
                        format!(
                            "save it as UTF-8 (WPS or Word: Save As → Plain Text → Unicode (UTF-8)), or convert it \
                             in place with `iconv -f GB18030 -t UTF-8 '{shown}' > '{shown}.utf8' && mv '{shown}.utf8' '{shown}'`"
                        )
                    });
            }
            Err(Box::new(d))
        }
    }
}

/// A UTF-16 byte order mark, or the NUL in every other byte that UTF-16 gives ASCII text.
fn looks_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(512)];
    let (even, odd) = sample
        .chunks_exact(2)
        .fold((0, 0), |(e, o), pair| (e + usize::from(pair[0] == 0), o + usize::from(pair[1] == 0)));
    let pairs = sample.len() / 2;
    pairs >= 2 && (even * 2 > pairs || odd * 2 > pairs)
}

/// A URL slug: pinyin syllables (or kept CJK in unicode mode), ASCII letters and digits,
/// lowercased, words joined by `-`. `生态环保` → `sheng-tai-huan-bao`, `2024年` → `2024-nian`.
/// Returns an empty string when nothing sluggable is left.
pub fn slugify(input: &str, mode: SlugMode) -> String {
    let mut out = String::with_capacity(input.len());
    // Whether the next token needs a separator before it.
    let mut pending_sep = false;
    let mut last_was_ascii_word = false;
    let push_token = |out: &mut String, token: &str, pending: &mut bool| {
        if *pending && !out.is_empty() {
            out.push('-');
        }
        *pending = false;
        out.push_str(token);
    };
    for c in input.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if !last_was_ascii_word {
                // a new word begins: separated from whatever came before
                pending_sep = pending_sep || !out.is_empty();
            }
            push_token(&mut out, &c.to_ascii_lowercase().to_string(), &mut pending_sep);
            last_was_ascii_word = true;
            continue;
        }
        last_was_ascii_word = false;
        if is_han(c) || (c.is_alphanumeric() && !c.is_ascii()) {
            match mode {
                SlugMode::Unicode => {
                    if is_han(c) || is_cjk(c) {
                        // Chinese reads without spaces: keep runs of ideographs together.
                        let prev_cjk = out.chars().last().is_some_and(is_cjk);
                        if !prev_cjk {
                            pending_sep = pending_sep || !out.is_empty();
                        }
                        push_token(&mut out, &c.to_lowercase().to_string(), &mut pending_sep);
                    } else {
                        pending_sep = pending_sep || !out.is_empty();
                        push_token(&mut out, &c.to_lowercase().to_string(), &mut pending_sep);
                    }
                }
                SlugMode::Pinyin => {
                    let latin = deunicode::deunicode_char(c).unwrap_or("");
                    let word: String = latin
                        .chars()
                        .filter(|ch| ch.is_ascii_alphanumeric())
                        .map(|ch| ch.to_ascii_lowercase())
                        .collect();
                    if word.is_empty() {
                        pending_sep = true;
                    } else if is_han(c) {
                        pending_sep = pending_sep || !out.is_empty();
                        push_token(&mut out, &word, &mut pending_sep);
                        pending_sep = true;
                    } else {
                        // accented Latin and the like: part of the current word (é → e)
                        push_token(&mut out, &word, &mut pending_sep);
                        last_was_ascii_word = true;
                    }
                }
            }
            continue;
        }
        // '-' and every other punctuation or space: a separator
        pending_sep = true;
    }
    out
}

/// Is `slug` an acceptable `slug:` value (one path segment, no traversal)?
pub fn is_valid_slug(slug: &str, mode: SlugMode) -> bool {
    !slug.is_empty()
        && slug != "."
        && slug != ".."
        && slug.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || c == '-'
                || c == '_'
                || (mode == SlugMode::Unicode && (is_cjk(c) || (c.is_alphanumeric() && !c.is_ascii())))
        })
}

/// Counts for reading time: CJK characters and words of other text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextCount {
    pub cjk_chars: usize,
    pub words: usize,
}

impl TextCount {
    pub fn of(text: &str) -> TextCount {
        let mut count = TextCount::default();
        let mut in_word = false;
        for c in text.chars() {
            if c.is_ascii() {
                // the fast path for ASCII, which `is_alphanumeric` would send through tables
                if c.is_ascii_alphanumeric() {
                    if !in_word {
                        count.words += 1;
                    }
                    in_word = true;
                } else {
                    in_word = in_word && c == '\'';
                }
            } else if is_cjk(c) {
                // ideographs, kana and hangul count; CJK punctuation and symbols do not
                if is_han(c) || (!is_cjk_punctuation(c) && c.is_alphanumeric()) {
                    count.cjk_chars += 1;
                }
                in_word = false;
            } else if c.is_alphanumeric() {
                if !in_word {
                    count.words += 1;
                }
                in_word = true;
            } else {
                in_word = in_word && (c == '\'' || c == '’');
            }
        }
        count
    }

    pub fn add(&mut self, other: TextCount) {
        self.cjk_chars += other.cjk_chars;
        self.words += other.words;
    }

    /// Minutes to read: Chinese at ~400 characters a minute, other text at ~200 words.
    pub fn reading_minutes(self) -> u32 {
        let minutes = self.cjk_chars as f64 / 400.0 + self.words as f64 / 200.0;
        (minutes.ceil() as u32).max(1)
    }

    pub fn total(self) -> usize {
        self.cjk_chars + self.words
    }
}

/// Truncates plain text for a summary to about `max` characters (a CJK character counts 1, a
/// Latin character ½): at a sentence end (。！？.!?) past half the limit when there is one,
/// else at a word boundary for Latin text, adding `…`. Never cuts inside a character.
pub fn truncate_summary(text: &str, max: usize) -> String {
    let text = text.trim();
    let budget = max * 2;
    let mut used = 0;
    let mut cut = None;
    let mut last_sentence_end = None;
    let mut last_space = None;
    for (i, c) in text.char_indices() {
        used += if is_cjk(c) { 2 } else { 1 };
        if used > budget {
            cut = Some(i);
            break;
        }
        let end = i + c.len_utf8();
        if matches!(c, '。' | '！' | '？' | '!' | '?' | '；') || (c == '.' && text[end..].starts_with(' ')) {
            last_sentence_end = Some(end);
        }
        if c.is_whitespace() {
            last_space = Some(i);
        }
    }
    let Some(cut) = cut else { return text.to_string() };
    if let Some(end) = last_sentence_end
        && end * 2 >= cut
    {
        return text[..end].to_string();
    }
    let mut end = cut;
    // Latin text: do not cut a word in half.
    let prev = text[..cut].chars().next_back();
    let next = text[cut..].chars().next();
    if prev.is_some_and(|c| c.is_ascii_alphanumeric())
        && next.is_some_and(|c| c.is_ascii_alphanumeric())
        && let Some(space) = last_space
        && space * 2 >= cut
    {
        end = space;
    }
    let head = text[..end].trim_end_matches(|c: char| c.is_whitespace() || "，、：；,;:".contains(c));
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_slug(input: &str, expected: &str) {
        assert_eq!(slugify(input, SlugMode::Pinyin), expected, "slugify({input:?})");
    }

    #[test]
    fn pinyin_slugs() {
        check_slug("生态环保", "sheng-tai-huan-bao");
        check_slug("2024年的主要任务", "2024-nian-de-zhu-yao-ren-wu");
        check_slug("三、存在的问题", "san-cun-zai-de-wen-ti");
        check_slug("（一）政策体系逐步健全", "yi-zheng-ce-ti-xi-zhu-bu-jian-quan");
        check_slug("Budget Review 2024", "budget-review-2024");
        check_slug("law-inspection", "law-inspection");
        check_slug("GDP增速5.2%", "gdp-zeng-su-5-2");
        // polyphonic characters take their most common reading; `slug:` overrides exist for this
        check_slug("增长", "zeng-chang");
        check_slug("Café 会议", "cafe-hui-yi");
        check_slug("？？！", "");
        check_slug("snake_case", "snake_case");
    }

    #[test]
    fn unicode_slugs_keep_chinese() {
        assert_eq!(slugify("生态环保", SlugMode::Unicode), "生态环保");
        assert_eq!(slugify("2024年 工作报告", SlugMode::Unicode), "2024-年-工作报告");
        assert_eq!(slugify("三、存在的问题", SlugMode::Unicode), "三-存在的问题");
    }

    #[test]
    fn slug_validation() {
        assert!(is_valid_slug("work-report_2024", SlugMode::Pinyin));
        assert!(!is_valid_slug("../etc", SlugMode::Pinyin));
        assert!(!is_valid_slug("a/b", SlugMode::Pinyin));
        assert!(!is_valid_slug("工作报告", SlugMode::Pinyin));
        assert!(is_valid_slug("工作报告", SlugMode::Unicode));
        assert!(!is_valid_slug("..", SlugMode::Unicode));
    }

    #[test]
    fn counts_and_reading_time() {
        let c = TextCount::of("县人大常委会，依法履职。GDP grew 5 percent.");
        assert_eq!(c, TextCount { cjk_chars: 10, words: 4 });
        assert_eq!(TextCount { cjk_chars: 8000, words: 0 }.reading_minutes(), 20);
        assert_eq!(TextCount { cjk_chars: 0, words: 1000 }.reading_minutes(), 5);
        assert_eq!(TextCount::default().reading_minutes(), 1);
    }

    #[test]
    fn summaries_end_at_sentences() {
        let t = "过去一年，县人大常委会依法履职。坚持围绕中心、服务大局，扎实开展各项工作，取得了新的成效。";
        assert_eq!(truncate_summary(t, 20), "过去一年，县人大常委会依法履职。");
        assert_eq!(truncate_summary("短文。", 20), "短文。");
        let long = "县人大常委会坚持围绕中心服务大局扎实开展各项工作取得新的成效并且继续努力";
        let s = truncate_summary(long, 10);
        assert_eq!(s.chars().count(), 11);
        assert!(s.ends_with('…'));
        let en = "The standing committee reviewed the budget report and adopted the resolution";
        assert_eq!(truncate_summary(en, 20), "The standing committee reviewed the…");
    }

    #[test]
    fn decode_reports_gb18030() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("标题\n县人大常委会\n");
        let d = decode_utf8(&bytes, Path::new("content/a.md")).unwrap_err();
        let text = d.render(false);
        assert!(text.contains("content/a.md:1:1"), "{text}");
        assert!(text.contains("iconv -f GB18030 -t UTF-8"), "{text}");
        let d = decode_utf8(&bytes, Path::new("report.txt")).unwrap_err();
        assert!(d.render(false).contains("gazette import report.txt --encoding gb18030"));
        assert_eq!(decode_utf8(b"\xEF\xBB\xBFok", Path::new("a")).unwrap(), "ok");
    }

    #[test]
    fn decode_names_the_first_bad_line() {
        let d = decode_utf8(b"---\ntitle: a\n\xFF\xFE\x80 x\n", Path::new("a.md")).unwrap_err();
        assert_eq!(d.span.as_ref().unwrap().line_col(), (3, 1));
        let d = decode_utf8(b"ok\nstill \x00 ok\n", Path::new("a.md")).unwrap_err();
        assert_eq!(d.span.as_ref().unwrap().line_col(), (2, 7));
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("---\ntitle: 报告\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(decode_utf8(&bytes, Path::new("a.md")).unwrap_err().message.contains("UTF-16"));
        let no_bom: Vec<u8> = "---\ntitle: a\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(decode_utf8(&no_bom, Path::new("a.md")).unwrap_err().message.contains("UTF-16"));
    }
}

/// The character classes of the theme's scripts, generated from `crates/cjk-class` (the one
/// owner of them): `js/gazette.js` and `js/search/pagefind.js` hold this block between its
/// BEGIN and END lines, and [`js_classes::the_theme_scripts_hold_the_classes_of_cjk_class`]
/// fails when one differs (`GAZETTE_WRITE_JS_CLASSES=1 cargo test --lib js_classes` rewrites
/// them). The browser then joins and compares exactly the characters the build does.
#[cfg(test)]
mod js_classes {
    const BEGIN: &str = "// BEGIN character classes: generated from crates/cjk-class by `GAZETTE_WRITE_JS_CLASSES=1 cargo test --lib js_classes`; do not edit";
    const END: &str = "// END character classes";
    const FILES: [&str; 2] = ["themes/default/static/js/gazette.js", "themes/default/static/js/search/pagefind.js"];

    /// The code point ranges of a class, found by asking it about every code point.
    fn ranges(class: impl Fn(char) -> bool) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| class(c)) {
            let cp = c as u32;
            match out.last_mut() {
                Some(last) if last.1 + 1 == cp => last.1 = cp,
                _ => out.push((cp, cp)),
            }
        }
        out
    }

    /// A JavaScript regular expression (without the `u` flag, so astral code points are
    /// matched as UTF-16 surrogate pairs) matching one character of `ranges`.
    fn js_regex(ranges: &[(u32, u32)]) -> String {
        let u = |cp: u32| format!("\\\\u{cp:04X}");
        let span = |lo: u32, hi: u32| if lo == hi { u(lo) } else { format!("{}-{}", u(lo), u(hi)) };
        let surrogates = |cp: u32| (0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF));
        let bmp: String = ranges.iter().filter(|r| r.0 < 0x10000).map(|&(lo, hi)| span(lo, hi.min(0xFFFF))).collect();
        let mut alternatives = vec![format!("[{bmp}]")];
        for &(lo, hi) in ranges.iter().filter(|r| r.1 >= 0x10000) {
            let (lo, hi) = (lo.max(0x10000), hi);
            let ((hl, ll), (hh, lh)) = (surrogates(lo), surrogates(hi));
            if hl == hh {
                alternatives.push(format!("{}[{}]", u(hl), span(ll, lh)));
                continue;
            }
            let (mut first, mut last) = (hl, hh);
            if ll != 0xDC00 {
                alternatives.push(format!("{}[{}]", u(hl), span(ll, 0xDFFF)));
                first += 1;
            }
            if lh != 0xDFFF {
                last -= 1;
            }
            if first <= last {
                alternatives.push(format!("[{}][{}]", span(first, last), span(0xDC00, 0xDFFF)));
            }
            if lh != 0xDFFF {
                alternatives.push(format!("{}[{}]", u(hh), span(0xDC00, lh)));
            }
        }
        format!("(?:{})", alternatives.join("|"))
    }

    fn block() -> String {
        let han = js_regex(&ranges(super::is_han));
        let cjk = js_regex(&ranges(|c| super::is_cjk_unspaced(c) || super::is_cjk_punctuation(c)));
        format!(
            "{BEGIN}\n\
             // one Chinese character (cjk_class::is_han)\n\
             var HAN = \"{han}\";\n\
             // one character of Chinese or Japanese text or its punctuation, written without spaces\n\
             // between words (cjk_class::is_cjk_unspaced or is_cjk_punctuation)\n\
             var CJK = \"{cjk}\";\n\
             {END}"
        )
    }

    #[test]
    fn the_theme_scripts_hold_the_classes_of_cjk_class() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let block = block();
        for file in FILES {
            let path = root.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            let (Some(start), Some(end)) = (text.find(BEGIN), text.find(END)) else {
                panic!("{file} has no generated character classes (a line starting `{BEGIN}`)");
            };
            // the block keeps the indentation of its BEGIN line
            let indent = &text[text[..start].rfind('\n').map_or(0, |i| i + 1)..start];
            let indented = block.replace('\n', &format!("\n{indent}"));
            let current = &text[start..end + END.len()];
            if current != indented {
                if std::env::var_os("GAZETTE_WRITE_JS_CLASSES").is_some() {
                    std::fs::write(&path, format!("{}{indented}{}", &text[..start], &text[end + END.len()..])).unwrap();
                } else {
                    panic!(
                        "{file}: its character classes differ from crates/cjk-class; run GAZETTE_WRITE_JS_CLASSES=1 cargo test --lib js_classes"
                    );
                }
            }
        }
    }

    #[test]
    fn the_regexes_match_what_the_classes_hold() {
        // every code point, through the generated expression in Node (the browser's engine)
        let Ok(out) = std::process::Command::new("node")
            .arg("-e")
            .arg(format!(
                "const re = new RegExp('^' + \"{}\" + '$'); let n = 0, h = 0n; \
                 for (let cp = 0; cp <= 0x10FFFF; cp++) {{ if (cp >= 0xD800 && cp <= 0xDFFF) continue; \
                 if (re.test(String.fromCodePoint(cp))) {{ n++; h = (h * 31n + BigInt(cp)) % 1000000007n; }} }} \
                 console.log(n + ' ' + h);",
                js_regex(&ranges(super::is_han))
            ))
            .output()
        else {
            assert!(std::env::var_os("CI").is_none(), "node is needed in CI");
            return;
        };
        let (mut n, mut h) = (0u64, 0u64);
        for cp in (0..=0x10FFFFu32).filter(|&cp| char::from_u32(cp).is_some_and(super::is_han)) {
            n += 1;
            h = (h * 31 + u64::from(cp)) % 1_000_000_007;
        }
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            format!("{n} {h}"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
