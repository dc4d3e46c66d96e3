//! Chinese segmentation for the index: text → space-separated words, with ICU4X.
//!
//! In: plain text (a page's title, summary, body). Out: the same text as words separated by
//! single spaces, the way Pagefind is told to index them (records in language
//! [`RECORD_LANGUAGE`](super::RECORD_LANGUAGE), which it does not segment again).
//! Runs of Chinese (and any other script without spaces) are split by ICU4X's dictionary word
//! segmenter (`icu_segmenter`, the segmenter Pagefind itself uses, and the same dictionary as
//! the browser's `Intl.Segmenter`, which the search page splits a query with: the theme's
//! `js/search/pagefind.js`, which also tries every other split of a term into words the index
//! holds, since a page's context may split a term otherwise); words of two characters or more
//! carry dots that make Pagefind index their tails and characters too ([`push_han_word`]). The character classes are `crates/cjk-class`'s, which the vendored
//! Pagefind's fast path (GAZETTE PATCH (6)) shares.
//! Never: allocates per character, drops a character that is not whitespace, or panics.

use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};

use crate::text::{is_cjk_punctuation, is_han};

/// Segments text into words for the index: runs of Chinese (and any other script without
/// spaces) are split by ICU4X's dictionary segmenter, other text is left as it is, and the
/// words are separated by single spaces. Chinese punctuation is a token of its own, which
/// Pagefind keeps in the text for excerpts and indexes nothing for; other punctuation stays
/// attached to the word it follows (opening brackets and quotes to the word they precede), as
/// in English text. A line break between two Chinese characters is not a word boundary
/// (editors wrap long lines).
pub fn segment(segmenter: WordSegmenterBorrowed<'_>, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let joined = join_wrapped_lines(text);
    for chunk in joined.split_whitespace() {
        if chunk.is_ascii() || !chunk.chars().any(needs_segmenting) {
            push_word(&mut out, chunk);
            continue;
        }
        segment_chunk(segmenter, chunk, &mut out);
    }
    out
}

/// The segmenter [`segment`] expects: ICU4X's dictionary word segmenter, built once.
pub fn segmenter() -> WordSegmenterBorrowed<'static> {
    WordSegmenter::new_dictionary(WordBreakInvariantOptions::default())
}

/// True for characters of scripts written without spaces between words, which ICU4X segments
/// with its dictionary (Han, kana; hangul is spaced and left alone) or its models (Thai, Lao,
/// Khmer, Myanmar).
fn needs_segmenting(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x3040..=0x30FF         // hiragana, katakana
            | 0x0E00..=0x0EFF       // Thai, Lao
            | 0x1000..=0x109F       // Myanmar
            | 0x1780..=0x17FF       // Khmer
            | 0xFF66..=0xFF9F) // halfwidth katakana
}

/// Punctuation that opens: it belongs to the word after it.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '“' | '‘'
            | '（'
            | '《'
            | '〈'
            | '【'
            | '〔'
            | '［'
            | '｛'
            | '「'
            | '『'
            | '('
            | '['
            | '{'
            | '<'
            | '"'
            | '\''
    )
}

/// Drops line breaks between two Han characters; other line breaks stay whitespace.
fn join_wrapped_lines(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\n') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        if c == '\n' || c == '\r' {
            // look past the whole run of line breaks
            let mut next = chars.peek().copied();
            while matches!(next, Some('\n' | '\r')) {
                chars.next();
                next = chars.peek().copied();
            }
            let wrapped = prev.is_some_and(is_han) && next.is_some_and(is_han);
            if !wrapped {
                out.push(' ');
            }
            prev = Some(' ');
            continue;
        }
        out.push(c);
        prev = Some(c);
    }
    std::borrow::Cow::Owned(out)
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// Segments one whitespace-free chunk into words, appending them to `out`.
fn segment_chunk(segmenter: WordSegmenterBorrowed<'_>, chunk: &str, out: &mut String) {
    // `open` is a word begun in `out` that punctuation may still be appended to; `prefix` is
    // opening punctuation waiting for its word.
    let mut open = false;
    let mut prefix = String::new();
    let mut start = 0;
    for (end, kind) in segmenter.segment_str(chunk).iter_with_word_type().skip(1) {
        let piece = &chunk[start..end];
        start = end;
        if kind.is_word_like() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&prefix);
            prefix.clear();
            push_han_word(out, piece);
            open = true;
        } else if piece.chars().all(is_cjk_punctuation) {
            // A token of its own: Pagefind keeps it in the text and indexes nothing for it.
            if !prefix.is_empty() {
                push_word(out, &prefix);
                prefix.clear();
            }
            push_word(out, piece);
            open = false;
        } else if open && !piece.chars().next().is_some_and(is_opening) {
            out.push_str(piece);
        } else {
            prefix.push_str(piece);
            open = false;
        }
    }
    if !prefix.is_empty() {
        push_word(out, &prefix);
    }
}

/// The separator [`push_han_word`] puts inside long Chinese words; the search page removes it.
pub const SUBWORD_MARK: char = '.';

/// Appends a word; a Chinese word of two or more characters gets [`SUBWORD_MARK`] after each
/// character but the last (`财政预算` → `财.政.预.算`). Pagefind indexes such a word whole
/// (`财政预算`), each tail after a dot (`政预算`, `预算`, `算`) and each character as a part of it,
/// at the word's position, and it matches a query word against the start of an indexed word: so
/// every piece of a long word is found (`预算` in `纳入财政预算`), as Pagefind's own Chinese
/// indexing finds them with its pairs of characters, without Pagefind segmenting anything. And a
/// term that begins or ends inside a word of the page's split is found as words in a row (the
/// search page tries every split of a term into words the index holds): ICU4X splits
/// `以供给侧结构性改革` as `以供 给 侧 结构 性 改革` and `非典和` as `非 典和`, and 供给侧结构性改革 is
/// then `供 给 侧 结构 性 改革`, 非典 `非 典` (issue 15 §3).
fn push_han_word(out: &mut String, word: &str) {
    let count = word.chars().count();
    if count < 2 || !word.chars().all(is_han) {
        out.push_str(word);
        return;
    }
    for (i, c) in word.chars().enumerate() {
        out.push(c);
        if i + 1 < count {
            out.push(SUBWORD_MARK);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(segment(segmenter(), input), expected, "segmenting {input:?}");
    }

    #[test]
    fn segments_chinese_into_words() {
        check("人大代表", "人.大 代.表");
        check("生态环境保护", "生.态 环.境 保.护");
        check("预算审查监督", "预.算 审.查 监.督");
    }

    #[test]
    fn marks_the_tails_of_words() {
        check("纳入财政预算", "纳.入 财.政.预.算");
        check("2024年", "2024 年");
    }

    #[test]
    fn chinese_punctuation_is_a_token_of_its_own() {
        check("审议意见，报告。", "审.议 意.见 ， 报.告 。");
        check("听取（一）", "听.取 （ 一 ）");
        check("“人大代表”", "“ 人.大 代.表 ”");
        check("《预算法》……", "《 预.算 法 》 … …");
    }

    #[test]
    fn other_punctuation_stays_with_its_word() {
        check("增长5.2%", "增.长 5.2%");
        check("(草案)", "(草.案)");
    }

    #[test]
    fn leaves_spaced_text_alone() {
        check("Budget review, 2024", "Budget review, 2024");
        check("  several   spaces\tand\ttabs ", "several spaces and tabs");
        check("", "");
    }

    #[test]
    fn mixed_scripts() {
        check("2024年GDP增长", "2024 年 GDP 增.长");
    }

    #[test]
    fn joins_lines_wrapped_inside_chinese() {
        check("人大\n代表", "人.大 代.表");
        check("报告\n\nBudget", "报.告 Budget");
        check("end\nof line", "end of line");
    }
}
