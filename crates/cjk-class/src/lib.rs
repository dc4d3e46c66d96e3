//! Chinese, Japanese and Korean character classes: the one place Gazette decides them.
//!
//! In: a `char`. Out: whether it is in a class. Gazette re-exports these from `gazette::text`;
//! the vendored Pagefind (`vendor/pagefind`, GAZETTE PATCH (6)) calls [`is_unified_ideograph`]
//! and [`is_cjk_punctuation`] from here instead of holding copies, so the segmenter that writes
//! Gazette's search records and the indexer that reads them cannot disagree about punctuation.
//!
//! The classes, and who needs which (each caller asks a different question, so there is more
//! than one "CJK"; every set is written once, below):
//! - [`is_han`]: Chinese characters (ideographs). Search joins lines wrapped inside Chinese and
//!   marks the tails of long Chinese words; text counts one syllable per ideograph and makes
//!   pinyin slugs.
//! - [`is_unified_ideograph`]: the ideographs Unicode normalisation leaves as they are
//!   (`is_han` without the compatibility ideographs): Pagefind's fast path indexes a word made of
//!   them as written, which is right only when its general path would not normalise the word.
//! - [`is_cjk_punctuation`]: Chinese punctuation marks. Search makes each a token of its own,
//!   and Pagefind indexes nothing for such a token.
//! - [`is_cjk`]: any character of CJK text (ideographs, kana, hangul, bopomofo, CJK punctuation
//!   and symbols, full-width forms): counts as two columns in a summary, keeps Chinese together
//!   in a Unicode slug, ends a line that joins the next without a space.
//! - [`is_cjk_unspaced`]: [`is_cjk`] without Hangul: the scripts written without spaces between
//!   words, so that a space between two of their characters is layout, not text (`工 作 报 告`).
//! - [`is_cjk_wide`]: the "CJK character" of the CommonMark CJK-friendly amendment, a snapshot of
//!   its East Asian Width table, for the emphasis rules that cite it.
//!
//! Never: depends on anything (it is `no_std`), or changes a set without a row in the tests.
//! Every function is `#[inline]`: they are called per character, and Pagefind (built with
//! optimisations in debug builds too) would otherwise call this crate's unoptimised copies.

#![no_std]

/// A Chinese character: CJK unified ideographs (the basic block and extensions A to J, with the
/// unassigned code points of planes 2 and 3, which Unicode reserves for ideographs) and the
/// compatibility ideographs (U+F900–U+FAFF and their supplement in plane 2).
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// An ideograph without a decomposition: [`is_han`] without the compatibility ideographs (which
/// normalise to unified ones) and without code points Unicode has not assigned. Pagefind's fast
/// path (GAZETTE PATCH (6)) indexes a word of these characters as it is written; for any other
/// character its general path may normalise the word, so the fast path must not take it (the
/// test `fast_paths_agree_with_the_general_path` in `vendor/pagefind`).
#[inline]
pub fn is_unified_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF | 0x30000..=0x323AF)
}

/// Chinese punctuation marks: CJK symbols and punctuation (`、` `。` `〃` and the brackets `《》`
/// `「」` `【】` `〔〕` …), the general punctuation Chinese uses (`“”` `‘’` `—` `…` `·` `‧`) and the
/// punctuation of the full-width forms (`，` `！` `？` `：` `；` `（）` …).
///
/// Left out on purpose, because a word of only these characters must have nothing to index
/// (Pagefind's fast path, GAZETTE PATCH (6), skips it): anything alphanumeric (`〇`, the
/// Hangzhou numerals, full-width letters and digits), whitespace (the ideographic space
/// U+3000), symbols that are not punctuation (`〒` `〓` `〄`), characters that normalise to an
/// emoji (`＃` `＊`, whose ASCII forms are emoji keycap bases) and the half-width katakana
/// middle dot `･` (katakana).
#[inline]
pub fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32,
        0x00B7                      // · middle dot
        | 0x2010..=0x2027           // dashes, quotes, bullets, leaders (— “ ” ‘ ’ …)
        | 0x3001..=0x3003           // 、 。 〃
        | 0x3008..=0x3011           // 〈〉《》「」『』【】
        | 0x3014..=0x301F           // 〔〕〖〗〘〙〚〛〜〝〞〟
        | 0xFF01 | 0xFF02           // ！ ＂
        | 0xFF04..=0xFF09           // ＄ ％ ＆ ＇ （ ）
        | 0xFF0B..=0xFF0F           // ＋ ， － ． ／
        | 0xFF1A..=0xFF20           // ： ； ＜ ＝ ＞ ？ ＠
        | 0xFF3B..=0xFF40           // ［ ＼ ］ ＾ ＿ ｀
        | 0xFF5B..=0xFF64) // ｛ ｜ ｝ ～ ｟ ｠ ｡ ｢ ｣ ､
}

/// A character of CJK text: ideographs, kana, hangul, bopomofo, CJK radicals, strokes and
/// symbols, CJK punctuation, enclosed and compatibility forms, and the half-width and
/// full-width forms.
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF         // Hangul Jamo
        | 0x2E80..=0x2FDF       // CJK radicals, Kangxi radicals
        | 0x2FF0..=0x303F       // ideographic description, CJK symbols and punctuation
        | 0x3040..=0x30FF       // Hiragana, Katakana
        | 0x3100..=0x312F       // Bopomofo
        | 0x3130..=0x318F       // Hangul compatibility Jamo
        | 0x3190..=0x31FF       // Kanbun, Bopomofo extended, CJK strokes, Katakana extension
        | 0x3200..=0x4DBF       // enclosed CJK, CJK compatibility, extension A
        | 0x4E00..=0x9FFF       // unified ideographs
        | 0xA960..=0xA97F       // Hangul Jamo extended A
        | 0xAC00..=0xD7FF       // Hangul syllables, Jamo extended B
        | 0xF900..=0xFAFF       // compatibility ideographs
        | 0xFE30..=0xFE4F       // CJK compatibility forms
        | 0xFF00..=0xFFEF       // half-width and full-width forms
        | 0x20000..=0x3FFFF) // extension B and beyond
}

/// A character of the CJK scripts written without spaces between words: [`is_cjk`] without
/// Hangul. A space between two of them is layout (a Word document's `工 作 报 告`), not a word
/// boundary; Korean separates its words with spaces, so a space beside Hangul is text.
#[inline]
pub fn is_cjk_unspaced(c: char) -> bool {
    is_cjk(c) && !is_hangul(c)
}

/// Hangul: Jamo, compatibility Jamo, the Jamo extensions, syllables and the half-width forms.
#[inline]
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xFFA0..=0xFFDC)
}

/// A "CJK character" as the CommonMark CJK-friendly amendment defines it
/// (<https://github.com/tats-u/markdown-cjk-friendly/blob/main/specification.md>): East Asian
/// Width W, F or H and not an emoji presentation character, or Hangul script. Unassigned code
/// points in the CJK ideograph planes count as W, as Unicode says. A snapshot of the amendment's
/// ranges.md (Unicode 16/17). Not [`is_cjk`]: the amendment leaves out the quotes `“”`, `·`, `—`
/// and `…` (East Asian Width A), which CJK text shares with Western text, and includes Yi and
/// Tangut; `pipeline::cjk_emphasis` must follow the specification it cites.
#[inline]
pub fn is_cjk_wide(c: char) -> bool {
    let cp = c as u32;
    cp >= 0x1100 && in_ranges(CJK_WIDE_RANGES, cp)
}

/// Whether `cp` is in one of `ranges` (sorted, not overlapping).
#[inline]
fn in_ranges(ranges: &[(u32, u32)], cp: u32) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                core::cmp::Ordering::Less
            } else if lo > cp {
                core::cmp::Ordering::Greater
            } else {
                core::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

#[rustfmt::skip]
const CJK_WIDE_RANGES: &[(u32, u32)] = &[
    (0x1100, 0x11FF), (0x20A9, 0x20A9), (0x2329, 0x232A), (0x2630, 0x2637), (0x268A, 0x268F),
    (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x2FF0, 0x303E), (0x3041, 0x3096),
    (0x3099, 0x30FF), (0x3105, 0x312F), (0x3131, 0x318E), (0x3190, 0x31E5), (0x31EF, 0x321E),
    (0x3220, 0x3247), (0x3250, 0xA48C), (0xA490, 0xA4C6), (0xA960, 0xA97C), (0xAC00, 0xD7A3),
    (0xD7B0, 0xD7C6), (0xD7CB, 0xD7FB), (0xF900, 0xFAFF), (0xFE10, 0xFE19), (0xFE30, 0xFE52),
    (0xFE54, 0xFE66), (0xFE68, 0xFE6B), (0xFF01, 0xFFBE), (0xFFC2, 0xFFC7), (0xFFCA, 0xFFCF),
    (0xFFD2, 0xFFD7), (0xFFDA, 0xFFDC), (0xFFE0, 0xFFE6), (0xFFE8, 0xFFEE), (0x16FE0, 0x16FE4),
    (0x16FF0, 0x16FF6), (0x17000, 0x18CD5), (0x18CFF, 0x18D1E), (0x18D80, 0x18DF2),
    (0x1AFF0, 0x1AFF3), (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), (0x1B000, 0x1B122),
    (0x1B132, 0x1B132), (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B167),
    (0x1B170, 0x1B2FB), (0x1D300, 0x1D356), (0x1D360, 0x1D376), (0x1F200, 0x1F200),
    (0x1F202, 0x1F202), (0x1F210, 0x1F219), (0x1F21B, 0x1F22E), (0x1F230, 0x1F231),
    (0x1F237, 0x1F237), (0x1F23B, 0x1F23B), (0x1F240, 0x1F248), (0x1F260, 0x1F265),
    (0x20000, 0x3FFFD),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// One row per character: its class under each function, in the order
    /// `[han, unified, punctuation, cjk, unspaced, hangul, wide]`.
    #[rustfmt::skip]
    const TABLE: &[(char, [bool; 7])] = &[
        // ideographs, at the edges of their blocks
        ('\u{3400}',  [true,  true,  false, true,  true,  false, true]),  // first of extension A
        ('\u{4DBF}',  [true,  true,  false, true,  true,  false, true]),  // last of extension A
        ('\u{4DC0}',  [false, false, false, false, false, false, true]),  // ䷀ a hexagram: wide, not CJK text
        ('\u{4E00}',  [true,  true,  false, true,  true,  false, true]),  // 一
        ('中',        [true,  true,  false, true,  true,  false, true]),
        ('\u{9FFF}',  [true,  true,  false, true,  true,  false, true]),  // last unified ideograph
        ('\u{A000}',  [false, false, false, false, false, false, true]),  // Yi: wide, not CJK text
        ('\u{F900}',  [true,  false, false, true,  true,  false, true]),  // 豈 compatibility: normalises
        ('\u{FAFF}',  [true,  false, false, true,  true,  false, true]),
        ('\u{20000}', [true,  true,  false, true,  true,  false, true]),  // 𠀀 extension B
        ('𠮟',        [true,  true,  false, true,  true,  false, true]),
        ('\u{2A6E0}', [true,  false, false, true,  true,  false, true]),  // unassigned in plane 2
        ('\u{2F800}', [true,  false, false, true,  true,  false, true]),  // compatibility supplement
        ('\u{3FFFF}', [true,  false, false, true,  true,  false, false]), // a noncharacter
        ('\u{40000}', [false, false, false, false, false, false, false]),
        // Chinese punctuation
        ('，', [false, false, true,  true,  true,  false, true]),
        ('。', [false, false, true,  true,  true,  false, true]),
        ('、', [false, false, true,  true,  true,  false, true]),
        ('《', [false, false, true,  true,  true,  false, true]),
        ('》', [false, false, true,  true,  true,  false, true]),
        ('“',  [false, false, true,  false, false, false, false]), // East Asian Width A
        ('”',  [false, false, true,  false, false, false, false]),
        ('（', [false, false, true,  true,  true,  false, true]),
        ('）', [false, false, true,  true,  true,  false, true]),
        ('！', [false, false, true,  true,  true,  false, true]),
        ('？', [false, false, true,  true,  true,  false, true]),
        ('：', [false, false, true,  true,  true,  false, true]),
        ('；', [false, false, true,  true,  true,  false, true]),
        ('·',  [false, false, true,  false, false, false, false]),
        ('—',  [false, false, true,  false, false, false, false]),
        ('…',  [false, false, true,  false, false, false, false]),
        ('〔', [false, false, true,  true,  true,  false, true]),
        ('〕', [false, false, true,  true,  true,  false, true]),
        ('【', [false, false, true,  true,  true,  false, true]),
        ('｡',  [false, false, true,  true,  true,  false, true]),  // half-width full stop
        // CJK but not punctuation: a space, a numeral, symbols, what normalises to an emoji
        ('\u{3000}', [false, false, false, true,  true,  false, true]), // ideographic space
        ('〇', [false, false, false, true,  true,  false, true]),
        ('〒', [false, false, false, true,  true,  false, true]),
        ('＃', [false, false, false, true,  true,  false, true]),
        ('＊', [false, false, false, true,  true,  false, true]),
        ('･',  [false, false, false, true,  true,  false, true]),  // half-width katakana middle dot
        ('Ａ', [false, false, false, true,  true,  false, true]),
        ('１', [false, false, false, true,  true,  false, true]),
        // kana and hangul
        ('あ', [false, false, false, true,  true,  false, true]),
        ('ア', [false, false, false, true,  true,  false, true]),
        ('한', [false, false, false, true,  false, true,  true]),
        ('ᄀ', [false, false, false, true,  false, true,  true]),
        ('ﾡ',  [false, false, false, true,  false, true,  true]),  // half-width hangul
        // ASCII: never CJK
        ('a', [false, false, false, false, false, false, false]),
        ('1', [false, false, false, false, false, false, false]),
        (',', [false, false, false, false, false, false, false]),
        ('.', [false, false, false, false, false, false, false]),
        ('!', [false, false, false, false, false, false, false]),
        ('?', [false, false, false, false, false, false, false]),
        (':', [false, false, false, false, false, false, false]),
        (';', [false, false, false, false, false, false, false]),
        ('(', [false, false, false, false, false, false, false]),
        (')', [false, false, false, false, false, false, false]),
        ('"', [false, false, false, false, false, false, false]),
        ('-', [false, false, false, false, false, false, false]),
        (' ', [false, false, false, false, false, false, false]),
        // other scripts and symbols
        ('é', [false, false, false, false, false, false, false]),
        ('«', [false, false, false, false, false, false, false]),
        ('🈯', [false, false, false, false, false, false, false]), // emoji presentation
        ('\u{1F200}', [false, false, false, false, false, false, true]), // 🈀 enclosed, text style
    ];

    /// A class by name.
    type Class = (&'static str, fn(char) -> bool);

    #[test]
    fn every_class_of_every_row() {
        let classes: [Class; 7] = [
            ("is_han", is_han),
            ("is_unified_ideograph", is_unified_ideograph),
            ("is_cjk_punctuation", is_cjk_punctuation),
            ("is_cjk", is_cjk),
            ("is_cjk_unspaced", is_cjk_unspaced),
            ("is_hangul", is_hangul),
            ("is_cjk_wide", is_cjk_wide),
        ];
        for &(c, expected) in TABLE {
            for ((name, class), want) in classes.iter().zip(expected) {
                assert_eq!(class(c), want, "{name}({c:?} U+{:04X})", c as u32);
            }
        }
    }

    #[test]
    fn no_ascii_character_is_in_any_class() {
        for c in (0u8..=0x7F).map(char::from) {
            let any = is_han(c)
                || is_unified_ideograph(c)
                || is_cjk_punctuation(c)
                || is_cjk(c)
                || is_hangul(c)
                || is_cjk_wide(c);
            assert!(!any, "{c:?}");
        }
    }

    /// The subsets the callers rely on: a unified ideograph is Han, Han and Chinese punctuation
    /// written full-width are CJK text, and every Chinese punctuation mark is punctuation.
    #[test]
    fn the_classes_nest() {
        for cp in 0..=0x10FFFu32 {
            let Some(c) = char::from_u32(cp) else { continue };
            if is_unified_ideograph(c) {
                assert!(is_han(c), "U+{cp:04X}");
            }
            if is_han(c) {
                assert!(is_cjk(c) && is_cjk_unspaced(c), "U+{cp:04X}");
            }
            if is_hangul(c) {
                assert!(is_cjk(c) && !is_cjk_unspaced(c), "U+{cp:04X}");
            }
            if is_cjk_punctuation(c) {
                assert!(!c.is_alphanumeric() && !c.is_whitespace(), "U+{cp:04X}");
            }
        }
    }

    #[test]
    fn the_wide_ranges_are_sorted_and_apart() {
        for pair in CJK_WIDE_RANGES.windows(2) {
            assert!(pair[0].0 <= pair[0].1 && pair[0].1 < pair[1].0, "{pair:?}");
        }
    }
}
