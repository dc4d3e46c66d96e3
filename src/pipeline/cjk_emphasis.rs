//! CJK-friendly emphasis: makes `**扎实开展主题教育。**县人大常委会` bold.
//!
//! CommonMark's flanking rules treat `。` like `.`: a closing `**` preceded by punctuation and
//! followed by a letter is not right-flanking, so Chinese, Japanese and Korean text loses its
//! emphasis (commonmark-spec issue 650). The "CommonMark CJK-friendly amendments" by Tatsunori
//! Uchino (<https://github.com/tats-u/markdown-cjk-friendly/blob/main/specification.md>) fix this
//! by telling CJK punctuation from other punctuation. pulldown-cmark 0.13.6 does not implement
//! them, so this module emulates them while pulldown-cmark stays the parser.
//!
//! In: the Markdown source and the [`Options`] the caller will parse it with.
//! Out: [`prepare`] returns the source with [`SENTINEL`] inserted beside the `*`/`_` delimiter
//! runs whose CommonMark flanking differs from the amendment's, or `None` when nothing needs
//! changing (the usual case, decided without allocating or parsing when no run touches CJK).
//! The caller parses the prepared text and passes every `Event::Text` through [`strip`];
//! [`render_html`] does all of this for callers that only want HTML.
//!
//! How: a sentinel is a private-use character, which pulldown-cmark classes as neither
//! whitespace nor punctuation, i.e. like a letter. Putting one between `。` and `**` therefore
//! turns the run's "preceded by punctuation" into "preceded by a letter". For every run we
//! compute the can-open/can-close flags pulldown-cmark gives it and the flags the amendment
//! gives it, and insert a sentinel before and/or after the run only when that makes the two
//! agree. Since emphasis matching depends on nothing but these flags and the run lengths, the
//! re-parse then matches emphasis as the amendment does.
//!
//! Never: touch anything but the positions right beside `*`/`_` runs that pulldown-cmark itself
//! reported as inline text or emphasis delimiters, so code spans, code blocks, metadata blocks,
//! link destinations, autolinks, raw HTML and math stay byte-for-byte as written; give a run
//! flags that the amendment does not give it (a run ends up with the amendment's flags or keeps
//! pulldown-cmark's own); put a sentinel next to a delimiter whose own flags it would change
//! (`~`, `^`, `'`/`"` with smart punctuation, `$` with math, or a `*`/`_` run unless that run's
//! flags are checked too); panic (every slice is taken at a char boundary through `str::get`).
//!
//! Known gaps, all deliberate:
//! - A source that already contains [`SENTINEL`] is left alone (`prepare` returns `None`),
//!   because [`strip`] could not tell the author's U+E000 from ours.
//! - The text of collapsed/shortcut reference links (`[标签]`, `[标签][]`), autolinks and wiki
//!   links is also their label or URL, so sentinels there would break the link; the amendment
//!   is not applied inside them.
//! - Two corner cases need pulldown-cmark to see punctuation where the source has a variation
//!   selector, which a letter-like sentinel cannot provide: `_` right after "punctuation +
//!   U+FE00..U+FE0E" (`正體字。︁_Traditional._`) cannot open, and `*` right after "non-CJK
//!   punctuation + variation selector" followed by a letter still closes as in CommonMark.
//! - A run touching another `*`/`_` run is corrected only if the sentinel would not change the
//!   other run's flags, which with a letter-like sentinel is rarely possible: `**_重点_**`
//!   beside CJK keeps CommonMark's reading (`***重点***` works). Likewise with smart
//!   punctuation, runs touching an ASCII `'`/`"` are left alone.
//! - Only `*` and `_` are handled; GFM strikethrough (`~~`) keeps CommonMark/GFM rules.
//! - Table cells: a run touching a cell's `|` follows pulldown-cmark's table rule unchanged.
//!
//! In every gap the run keeps exactly the flags plain pulldown-cmark gives it, so the result is
//! never further from the amendment than not using this module.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::text;

/// A private-use character inserted between a CJK-adjacent delimiter run and its neighbour so
/// that CommonMark's flanking rules accept it; it is removed from Text events after parsing.
///
/// Private use (general category Co) is neither punctuation nor whitespace for pulldown-cmark,
/// so to the flanking rules it looks like a letter.
pub const SENTINEL: char = '\u{E000}';

/// Returns the source with sentinels inserted where the CJK-friendly amendment makes a `*`/`_`
/// delimiter run flanking but CommonMark does not (or the other way round); `None` when
/// nothing needs changing.
///
/// The common case is cheap: when no `*`/`_` run touches a CJK character or a variation
/// selector this returns `None` after one pass over the bytes, without parsing or allocating.
/// Also `None` when the source already contains [`SENTINEL`] (the amendment is then not
/// applied). `options` must be the options the caller parses the result with.
pub fn prepare(source: &str, options: Options) -> Option<String> {
    if !has_cjk_adjacent_run(source) || source.contains(SENTINEL) {
        return None;
    }
    let inline = scan_inline(source, options);
    let positions = plan_insertions(source, &inline, options);
    if positions.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(source.len() + positions.len() * SENTINEL.len_utf8());
    let mut last = 0;
    for &pos in &positions {
        // Positions are edges of ASCII runs, hence char boundaries; `get` keeps this panic-free
        // even if that reasoning were ever wrong.
        out.push_str(source.get(last..pos)?);
        out.push(SENTINEL);
        last = pos;
    }
    out.push_str(source.get(last..)?);
    Some(out)
}

/// Removes sentinels from text (borrowed when there are none).
///
/// Apply it only to events parsed from a string that [`prepare`] returned: when `prepare`
/// returned `None` the original source is parsed and any U+E000 in it is the author's.
pub fn strip(text: &str) -> Cow<'_, str> {
    if text.contains(SENTINEL) { Cow::Owned(text.replace(SENTINEL, "")) } else { Cow::Borrowed(text) }
}

/// Renders Markdown to HTML with the amendment applied (prepare, parse, strip, push_html).
pub fn render_html(source: &str, options: Options) -> String {
    let mut html = String::with_capacity(source.len() + source.len() / 2);
    match prepare(source, options) {
        None => pulldown_cmark::html::push_html(&mut html, Parser::new_ext(source, options)),
        Some(prepared) => {
            let events = Parser::new_ext(&prepared, options).map(|event| match event {
                Event::Text(text) => match strip(&text) {
                    Cow::Borrowed(_) => Event::Text(text),
                    Cow::Owned(clean) => Event::Text(CowStr::from(clean)),
                },
                other => other,
            });
            pulldown_cmark::html::push_html(&mut html, events);
        }
    }
    html
}

// ---------------------------------------------------------------------------------------------
// Finding the runs

/// Cheap pre-check: is there a `*`/`_` run with a CJK character, a variation selector or an
/// ideographic variation selector right before it, or a CJK character right after it? Without
/// one the amendment's rules reduce exactly to CommonMark's (its "non-CJK punctuation" is then
/// all punctuation), so there is nothing to do.
fn has_cjk_adjacent_run(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let delim = bytes[i];
        if delim != b'*' && delim != b'_' {
            i += 1;
            continue;
        }
        let end = run_end(bytes, i, delim);
        let before = char_before(source, i);
        let after = char_at(source, end);
        if before.is_some_and(|c| is_cjk(c) || is_general_vs(c) || is_ideographic_vs(c)) || after.is_some_and(is_cjk) {
            return true;
        }
        i = end;
    }
    false
}

/// What the first parse tells us about where Markdown inline syntax is.
#[derive(Default)]
struct InlineMap {
    /// Byte ranges whose `*`/`_` bytes are emphasis syntax (inline text and the delimiters of
    /// matched emphasis), each with whether it lies in a table cell.
    spans: Vec<(Range<usize>, bool)>,
    /// Offsets where a line's inline content starts. pulldown-cmark only looks at the line's
    /// content, so a run there counts as preceded by whitespace even after a `>` or `|`.
    line_starts: Vec<usize>,
}

/// Parses once and collects the places where `*`/`_` are inline syntax. Working from
/// pulldown-cmark's own events (rather than guessing from the source) is what keeps code, link
/// destinations, autolinks, HTML and metadata untouched.
fn scan_inline(source: &str, options: Options) -> InlineMap {
    let mut map = InlineMap::default();
    // Code and metadata blocks: their Text is verbatim, not Markdown.
    let mut verbatim = 0usize;
    // Open links/images, and how many of them use their text as a label or URL.
    let mut links: Vec<bool> = Vec::new();
    let mut label_text = 0usize;
    let mut table_cells = 0usize;
    let mut line_start_pending = true;

    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        let starts_inline_content = match &event {
            Event::Start(tag) => match tag {
                Tag::Emphasis | Tag::Strong => {
                    if label_text == 0 {
                        let width = if matches!(tag, Tag::Strong) { 2 } else { 1 };
                        push_delimiters(source, &range, width, table_cells > 0, &mut map.spans);
                    }
                    true
                }
                Tag::Strikethrough | Tag::Superscript | Tag::Subscript => true,
                Tag::Link { link_type, .. } | Tag::Image { link_type, .. } => {
                    let is_label = text_is_label(*link_type);
                    links.push(is_label);
                    label_text += usize::from(is_label);
                    true
                }
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) => {
                    verbatim += 1;
                    line_start_pending = true;
                    false
                }
                Tag::TableCell => {
                    table_cells += 1;
                    line_start_pending = true;
                    false
                }
                _ => {
                    line_start_pending = true;
                    false
                }
            },
            Event::End(tag) => match tag {
                TagEnd::Link | TagEnd::Image => {
                    if links.pop() == Some(true) {
                        label_text = label_text.saturating_sub(1);
                    }
                    false
                }
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {
                    false
                }
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => {
                    verbatim = verbatim.saturating_sub(1);
                    line_start_pending = true;
                    false
                }
                TagEnd::TableCell => {
                    table_cells = table_cells.saturating_sub(1);
                    line_start_pending = true;
                    false
                }
                _ => {
                    line_start_pending = true;
                    false
                }
            },
            Event::Text(_) => {
                if verbatim == 0 && label_text == 0 {
                    map.spans.push((range.clone(), table_cells > 0));
                }
                true
            }
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => true,
            Event::SoftBreak | Event::HardBreak | Event::Rule | Event::Html(_) => {
                line_start_pending = true;
                false
            }
        };
        if starts_inline_content && line_start_pending {
            map.line_starts.push(range.start);
            line_start_pending = false;
        }
    }
    map.spans.sort_unstable_by_key(|(span, _)| span.start);
    map.line_starts.sort_unstable();
    map
}

/// Records the opening and closing delimiters of a matched emphasis (its event range spans
/// `*text*`). Checked byte by byte so a surprising range can never widen what we edit.
fn push_delimiters(
    source: &str,
    range: &Range<usize>,
    width: usize,
    in_table: bool,
    spans: &mut Vec<(Range<usize>, bool)>,
) {
    if range.end < range.start + 2 * width {
        return;
    }
    for span in [range.start..range.start + width, range.end - width..range.end] {
        let is_delimiter =
            source.as_bytes().get(span.clone()).is_some_and(|b| b.iter().all(|&c| c == b'*' || c == b'_'));
        if is_delimiter {
            spans.push((span, in_table));
        }
    }
}

/// Link kinds whose visible text is also their reference label or URL.
fn text_is_label(link_type: LinkType) -> bool {
    matches!(
        link_type,
        LinkType::Autolink
            | LinkType::Email
            | LinkType::Collapsed
            | LinkType::CollapsedUnknown
            | LinkType::Shortcut
            | LinkType::ShortcutUnknown
            | LinkType::WikiLink { .. }
    )
}

/// A maximal run of one delimiter character, as pulldown-cmark scans it, with what
/// pulldown-cmark sees around it.
#[derive(Clone, Copy, Debug)]
struct Run {
    start: usize,
    end: usize,
    delim: u8,
    /// The character before the run; `None` at the start of the line's content, where
    /// pulldown-cmark ignores what precedes (a `>` or `|`), as CommonMark counts the beginning
    /// of a line as whitespace.
    prev: Option<char>,
    /// The character before `prev`: the amendment judges a variation selector by its base.
    prev2: Option<char>,
    /// The character after the run; `None` at the end of the document.
    next: Option<char>,
    /// `prev` is a backslash-escaped copy of the delimiter: a literal, so a sentinel may go
    /// beside it.
    prev_escaped: bool,
    in_table: bool,
}

impl Run {
    /// Touches a table cell's `|`: pulldown-cmark then applies a table rule, which the
    /// amendment (and pulldown-cmark's own implementation of it) keeps, so the run is left as
    /// it is.
    fn at_table_pipe(&self) -> bool {
        self.in_table && (self.prev == Some('|') || self.next == Some('|'))
    }
}

/// Byte offsets (sorted, unique) where a sentinel goes.
fn plan_insertions(source: &str, inline: &InlineMap, options: Options) -> Vec<usize> {
    let runs = collect_runs(source, inline);
    let mut positions = Vec::new();
    let mut first = 0;
    while first < runs.len() {
        let mut last = first;
        while last + 1 < runs.len() && runs[last].end == runs[last + 1].start {
            last += 1;
        }
        positions.extend(plan_cluster(&runs[first..=last], options));
        first = last + 1;
    }
    positions
}

/// The `*`/`_` runs inside the spans, in source order.
fn collect_runs(source: &str, inline: &InlineMap) -> Vec<Run> {
    let bytes = source.as_bytes();
    let mut runs = Vec::new();
    // Runs are disjoint and spans are sorted, so one watermark avoids taking a run twice (a
    // run can show up in several text events and as a matched delimiter).
    let mut done_until = 0;
    for (span, in_table) in &inline.spans {
        let mut i = span.start;
        while i < span.end.min(bytes.len()) {
            let delim = bytes[i];
            if delim != b'*' && delim != b'_' {
                i += 1;
                continue;
            }
            if i < done_until {
                // Part of the run taken last (pulldown-cmark reports an unmatched run one
                // character per event); skipping ahead keeps long runs linear.
                i = done_until;
                continue;
            }
            let mut start = run_start(bytes, i, delim);
            let end = run_end(bytes, i, delim);
            i = end;
            done_until = end;
            // `\*` is a literal; pulldown-cmark starts the run after it.
            let prev_escaped = is_escaped(bytes, start);
            if prev_escaped {
                start += 1;
            }
            if start == end {
                continue;
            }
            let prev = if inline.line_starts.binary_search(&start).is_ok() { None } else { char_before(source, start) };
            let prev2 = prev.and_then(|p| char_before(source, start - p.len_utf8()));
            let next = char_at(source, end);
            runs.push(Run { start, end, delim, prev, prev2, next, prev_escaped, in_table: *in_table });
        }
    }
    runs
}

fn run_start(bytes: &[u8], mut i: usize, delim: u8) -> usize {
    while i > 0 && bytes[i - 1] == delim {
        i -= 1;
    }
    i
}

fn run_end(bytes: &[u8], mut i: usize, delim: u8) -> usize {
    while i < bytes.len() && bytes[i] == delim {
        i += 1;
    }
    i
}

/// Preceded by an odd number of backslashes.
fn is_escaped(bytes: &[u8], i: usize) -> bool {
    bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

fn char_before(source: &str, i: usize) -> Option<char> {
    source.get(..i)?.chars().next_back()
}

fn char_at(source: &str, i: usize) -> Option<char> {
    source.get(i..)?.chars().next()
}

// ---------------------------------------------------------------------------------------------
// Deciding

/// Clusters longer than this (`*_*_*_*_`…) are left alone; real text has one or two runs.
const MAX_CLUSTER: usize = 6;

/// Chooses sentinel positions for a cluster: runs that touch each other (usually just one
/// run; `**_` is two). The candidate positions are the edges of its runs, and a sentinel
/// between two runs changes what both see, so every placement is tried. A placement is
/// acceptable only if every run ends up with either the amendment's flags or the flags it had
/// (so no run gets flags that neither rule set gives it); the best one corrects the most runs
/// with the fewest sentinels.
fn plan_cluster(runs: &[Run], options: Options) -> Vec<usize> {
    let m = runs.len();
    if m == 0 || m > MAX_CLUSTER {
        return Vec::new();
    }
    // Runs at a table pipe follow pulldown-cmark's table rule: no target, and no sentinel
    // beside them (one could move the run off the cell start, where that rule differs).
    let targets: Vec<Option<(bool, bool)>> = runs
        .iter()
        .map(|run| {
            (!run.at_table_pipe())
                .then(|| amended_flags(run.delim, before_kind(run.prev, run.prev2), after_kind(run.next)))
        })
        .collect();
    // Bit i < m: a sentinel at the start of run i; bit m: at the end of the last run.
    let mut allowed: u32 = 0;
    for i in 1..m {
        if targets[i - 1].is_some() && targets[i].is_some() {
            allowed |= 1 << i;
        }
    }
    let (first, last) = (&runs[0], &runs[m - 1]);
    if targets[0].is_some()
        && (first.prev_escaped || first.prev.is_some_and(|c| may_insert_beside(c, first.in_table, options)))
    {
        allowed |= 1;
    }
    if targets[m - 1].is_some() && last.next.is_some_and(|c| may_insert_beside(c, last.in_table, options)) {
        allowed |= 1 << m;
    }
    let flags = |run: &Run, i: usize, mask: u32| {
        let sentinel_before = mask & (1 << i) != 0;
        let sentinel_after = mask & (1 << (i + 1)) != 0;
        commonmark_flags(
            run.delim,
            if sentinel_before { Class::Other } else { class_of(run.prev) },
            if sentinel_after { Class::Other } else { class_of(run.next) },
        )
    };
    // The number of runs left with other flags than the amendment's, or `None` if some run
    // would get flags that are neither the amendment's nor its original ones.
    let wrong_runs = |mask: u32| -> Option<u32> {
        let mut wrong = 0;
        for (i, (run, target)) in runs.iter().zip(&targets).enumerate() {
            let Some(target) = target else { continue };
            let got = flags(run, i, mask);
            if got != *target {
                if got != flags(run, i, 0) {
                    return None;
                }
                wrong += 1;
            }
        }
        Some(wrong)
    };
    let mut best = match wrong_runs(0) {
        Some(0) | None => return Vec::new(),
        Some(wrong) => (wrong, 0, 0),
    };
    for mask in 1..(1u32 << (m + 1)) {
        if mask & !allowed != 0 {
            continue;
        }
        if let Some(wrong) = wrong_runs(mask)
            && (wrong, mask.count_ones()) < (best.0, best.1)
        {
            best = (wrong, mask.count_ones(), mask);
        }
    }
    (0..=m).filter(|i| best.2 & (1 << i) != 0).map(|i| if i < m { runs[i].start } else { runs[m - 1].end }).collect()
}

/// Whether a sentinel may go between a cluster and this neighbour. Not beside whitespace (never
/// needed: both rule sets agree there), not beside a table cell's pipe, and not beside
/// characters whose own flanking matters, since the sentinel would change their flags too.
fn may_insert_beside(c: char, in_table: bool, options: Options) -> bool {
    !(c.is_whitespace()
        || matches!(c, '*' | '_' | '~' | '^')
        || (in_table && c == '|')
        || (options.contains(Options::ENABLE_SMART_PUNCTUATION) && matches!(c, '\'' | '"'))
        || (options.contains(Options::ENABLE_MATH) && c == '$'))
}

/// How pulldown-cmark 0.13.6 sees a neighbour of a run. `None` (the start of a line's content,
/// the end of the document) counts as whitespace, as the spec says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Space,
    Punct,
    Other,
}

fn class_of(c: Option<char>) -> Class {
    match c {
        None => Class::Space,
        Some(c) if c.is_whitespace() => Class::Space,
        Some(c) if is_punctuation(c) => Class::Punct,
        Some(_) => Class::Other,
    }
}

/// `(can_open, can_close)` as pulldown-cmark 0.13.6 computes them (`delim_run_can_open` /
/// `delim_run_can_close` in its firstpass.rs, outside tables): CommonMark's flanking rules,
/// plus "`_` must not be intraword".
fn commonmark_flags(delim: u8, prev: Class, next: Class) -> (bool, bool) {
    if delim == b'_' {
        (next != Class::Space && prev != Class::Other, prev != Class::Space && next != Class::Other)
    } else {
        (
            next != Class::Space && (next != Class::Punct || prev != Class::Other),
            prev != Class::Space && (prev != Class::Punct || next != Class::Other),
        )
    }
}

/// What precedes a run, in the amendment's terms. A "sequence" is a character optionally
/// followed by a non-emoji general-use variation selector (U+FE00..U+FE0E), judged by that
/// first character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Before {
    Space,
    /// Non-CJK punctuation sequence.
    NonCjkPunct,
    /// CJK sequence (including CJK punctuation and the CJK ambiguous punctuation sequences
    /// such as `”` + U+FE01).
    Cjk,
    /// Ideographic variation selector (U+E0100..U+E01EF), i.e. the end of an ideograph.
    Ivs,
    Other,
}

/// What follows a run. Only the single next character counts here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum After {
    Space,
    NonCjkPunct,
    Cjk,
    Other,
}

/// Classifies what precedes a run: the kind, and whether it is a Unicode punctuation sequence
/// (which the `_` rules ask).
fn before_kind(prev: Option<char>, prev2: Option<char>) -> (Before, bool) {
    let Some(prev) = prev else {
        return (Before::Space, false);
    };
    if prev.is_whitespace() {
        return (Before::Space, false);
    }
    if is_ideographic_vs(prev) {
        return (Before::Ivs, false);
    }
    let base = if is_general_vs(prev) {
        match prev2 {
            // The amendment leaves a selector after whitespace or after an ideographic
            // variation selector unspecified; treating it as the plain mark it is keeps
            // CommonMark's behaviour there.
            Some(base) if !base.is_whitespace() && !is_ideographic_vs(base) => {
                // Quotes with U+FE01 are the fullwidth (CJK) forms of ambiguous-width quotes.
                if prev == '\u{FE01}' && matches!(base, '‘' | '’' | '“' | '”') {
                    return (Before::Cjk, true);
                }
                base
            }
            _ => return (Before::Other, false),
        }
    } else {
        prev
    };
    let punct = is_punctuation(base);
    let kind = if is_cjk(base) {
        Before::Cjk
    } else if punct {
        Before::NonCjkPunct
    } else {
        Before::Other
    };
    (kind, punct)
}

/// Classifies what follows a run: the kind, and whether it is Unicode punctuation.
fn after_kind(next: Option<char>) -> (After, bool) {
    match next {
        None => (After::Space, false),
        Some(c) if c.is_whitespace() => (After::Space, false),
        Some(c) => {
            let punct = is_punctuation(c);
            let kind = if is_cjk(c) {
                After::Cjk
            } else if punct {
                After::NonCjkPunct
            } else {
                After::Other
            };
            (kind, punct)
        }
    }
}

/// `(can_open, can_close)` under the CJK-friendly amendments:
///
/// - left-flanking: not followed by whitespace, and either not followed by a non-CJK
///   punctuation character, or preceded by whitespace, a non-CJK punctuation sequence, a CJK
///   sequence or an ideographic variation selector;
/// - right-flanking: not preceded by whitespace, and either not preceded by a non-CJK
///   punctuation sequence, or followed by whitespace, a non-CJK punctuation character or a CJK
///   character;
/// - `*` opens iff left-flanking and closes iff right-flanking;
/// - `_` opens iff left-flanking and (not right-flanking or preceded by a Unicode punctuation
///   sequence), and closes iff right-flanking and (not left-flanking or followed by Unicode
///   punctuation) — the amendment changes only the opening rule, and only by "sequence".
fn amended_flags(delim: u8, before: (Before, bool), after: (After, bool)) -> (bool, bool) {
    let (before, before_punct) = before;
    let (after, after_punct) = after;
    let left = after != After::Space
        && (after != After::NonCjkPunct
            || matches!(before, Before::Space | Before::NonCjkPunct | Before::Cjk | Before::Ivs));
    let right = before != Before::Space
        && (before != Before::NonCjkPunct || matches!(after, After::Space | After::NonCjkPunct | After::Cjk));
    if delim == b'_' { (left && (!right || before_punct), right && (!left || after_punct)) } else { (left, right) }
}

// ---------------------------------------------------------------------------------------------
// Character classes

/// Non-emoji general-use variation selectors U+FE00..U+FE0E (U+FE0F asks for emoji).
fn is_general_vs(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0E}')
}

/// Ideographic variation selectors (Variation Selectors Supplement block).
fn is_ideographic_vs(c: char) -> bool {
    matches!(c, '\u{E0100}'..='\u{E01EF}')
}

fn in_ranges(ranges: &[(u32, u32)], cp: u32) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// A "CJK character" of the amendment (East Asian Width W, F or H and not an emoji
/// presentation character, or Hangul script): the snapshot of its ranges lives with Gazette's
/// other character classes, in `crates/cjk-class` (`text::is_cjk_wide`).
fn is_cjk(c: char) -> bool {
    text::is_cjk_wide(c)
}

/// Unicode punctuation as pulldown-cmark 0.13.6 defines it (general categories P* and S*,
/// CommonMark 0.31). Must agree with pulldown-cmark exactly, because it is what decides the
/// flags we are correcting; a test checks it against the parser.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    in_ranges(PUNCT_RANGES, u32::from(c))
}

/// Non-ASCII code point ranges that pulldown-cmark 0.13.6 counts as punctuation, derived from
/// its puncttable.rs.
#[rustfmt::skip]
const PUNCT_RANGES: &[(u32, u32)] = &[
    (0x00A1, 0x00A9), (0x00AB, 0x00AC), (0x00AE, 0x00B1), (0x00B4, 0x00B4), (0x00B6, 0x00B8),
    (0x00BB, 0x00BB), (0x00BF, 0x00BF), (0x00D7, 0x00D7), (0x00F7, 0x00F7), (0x02C2, 0x02C5),
    (0x02D2, 0x02DF), (0x02E5, 0x02EB), (0x02ED, 0x02ED), (0x02EF, 0x02FF), (0x0375, 0x0375),
    (0x037E, 0x037E), (0x0384, 0x0385), (0x0387, 0x0387), (0x03F6, 0x03F6), (0x0482, 0x0482),
    (0x055A, 0x055F), (0x0589, 0x058A), (0x058D, 0x058F), (0x05BE, 0x05BE), (0x05C0, 0x05C0),
    (0x05C3, 0x05C3), (0x05C6, 0x05C6), (0x05F3, 0x05F4), (0x0606, 0x060F), (0x061B, 0x061B),
    (0x061D, 0x061F), (0x066A, 0x066D), (0x06D4, 0x06D4), (0x06DE, 0x06DE), (0x06E9, 0x06E9),
    (0x06FD, 0x06FE), (0x0700, 0x070D), (0x07F6, 0x07F9), (0x07FE, 0x07FF), (0x0830, 0x083E),
    (0x085E, 0x085E), (0x0888, 0x0888), (0x0964, 0x0965), (0x0970, 0x0970), (0x09F2, 0x09F3),
    (0x09FA, 0x09FB), (0x09FD, 0x09FD), (0x0A76, 0x0A76), (0x0AF0, 0x0AF1), (0x0B70, 0x0B70),
    (0x0BF3, 0x0BFA), (0x0C77, 0x0C77), (0x0C7F, 0x0C7F), (0x0C84, 0x0C84), (0x0D4F, 0x0D4F),
    (0x0D79, 0x0D79), (0x0DF4, 0x0DF4), (0x0E3F, 0x0E3F), (0x0E4F, 0x0E4F), (0x0E5A, 0x0E5B),
    (0x0F01, 0x0F17), (0x0F1A, 0x0F1F), (0x0F34, 0x0F34), (0x0F36, 0x0F36), (0x0F38, 0x0F38),
    (0x0F3A, 0x0F3D), (0x0F85, 0x0F85), (0x0FBE, 0x0FC5), (0x0FC7, 0x0FCC), (0x0FCE, 0x0FDA),
    (0x104A, 0x104F), (0x109E, 0x109F), (0x10FB, 0x10FB), (0x1360, 0x1368), (0x1390, 0x1399),
    (0x1400, 0x1400), (0x166D, 0x166E), (0x169B, 0x169C), (0x16EB, 0x16ED), (0x1735, 0x1736),
    (0x17D4, 0x17D6), (0x17D8, 0x17DB), (0x1800, 0x180A), (0x1940, 0x1940), (0x1944, 0x1945),
    (0x19DE, 0x19FF), (0x1A1E, 0x1A1F), (0x1AA0, 0x1AA6), (0x1AA8, 0x1AAD), (0x1B5A, 0x1B6A),
    (0x1B74, 0x1B7E), (0x1BFC, 0x1BFF), (0x1C3B, 0x1C3F), (0x1C7E, 0x1C7F), (0x1CC0, 0x1CC7),
    (0x1CD3, 0x1CD3), (0x1FBD, 0x1FBD), (0x1FBF, 0x1FC1), (0x1FCD, 0x1FCF), (0x1FDD, 0x1FDF),
    (0x1FED, 0x1FEF), (0x1FFD, 0x1FFE), (0x2010, 0x2027), (0x2030, 0x205E), (0x207A, 0x207E),
    (0x208A, 0x208E), (0x20A0, 0x20C0), (0x2100, 0x2101), (0x2103, 0x2106), (0x2108, 0x2109),
    (0x2114, 0x2114), (0x2116, 0x2118), (0x211E, 0x2123), (0x2125, 0x2125), (0x2127, 0x2127),
    (0x2129, 0x2129), (0x212E, 0x212E), (0x213A, 0x213B), (0x2140, 0x2144), (0x214A, 0x214D),
    (0x214F, 0x214F), (0x218A, 0x218B), (0x2190, 0x2426), (0x2440, 0x244A), (0x249C, 0x24E9),
    (0x2500, 0x2775), (0x2794, 0x2B73), (0x2B76, 0x2B95), (0x2B97, 0x2BFF), (0x2CE5, 0x2CEA),
    (0x2CF9, 0x2CFC), (0x2CFE, 0x2CFF), (0x2D70, 0x2D70), (0x2E00, 0x2E2E), (0x2E30, 0x2E5D),
    (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x2FF0, 0x2FFF), (0x3001, 0x3004),
    (0x3008, 0x3020), (0x3030, 0x3030), (0x3036, 0x3037), (0x303D, 0x303F), (0x309B, 0x309C),
    (0x30A0, 0x30A0), (0x30FB, 0x30FB), (0x3190, 0x3191), (0x3196, 0x319F), (0x31C0, 0x31E3),
    (0x31EF, 0x31EF), (0x3200, 0x321E), (0x322A, 0x3247), (0x3250, 0x3250), (0x3260, 0x327F),
    (0x328A, 0x32B0), (0x32C0, 0x33FF), (0x4DC0, 0x4DFF), (0xA490, 0xA4C6), (0xA4FE, 0xA4FF),
    (0xA60D, 0xA60F), (0xA673, 0xA673), (0xA67E, 0xA67E), (0xA6F2, 0xA6F7), (0xA700, 0xA716),
    (0xA720, 0xA721), (0xA789, 0xA78A), (0xA828, 0xA82B), (0xA836, 0xA839), (0xA874, 0xA877),
    (0xA8CE, 0xA8CF), (0xA8F8, 0xA8FA), (0xA8FC, 0xA8FC), (0xA92E, 0xA92F), (0xA95F, 0xA95F),
    (0xA9C1, 0xA9CD), (0xA9DE, 0xA9DF), (0xAA5C, 0xAA5F), (0xAA77, 0xAA79), (0xAADE, 0xAADF),
    (0xAAF0, 0xAAF1), (0xAB5B, 0xAB5B), (0xAB6A, 0xAB6B), (0xABEB, 0xABEB), (0xFB29, 0xFB29),
    (0xFBB2, 0xFBC2), (0xFD3E, 0xFD4F), (0xFDCF, 0xFDCF), (0xFDFC, 0xFDFF), (0xFE10, 0xFE19),
    (0xFE30, 0xFE52), (0xFE54, 0xFE66), (0xFE68, 0xFE6B), (0xFF01, 0xFF0F), (0xFF1A, 0xFF20),
    (0xFF3B, 0xFF40), (0xFF5B, 0xFF65), (0xFFE0, 0xFFE6), (0xFFE8, 0xFFEE), (0xFFFC, 0xFFFD),
    (0x10100, 0x10102), (0x10137, 0x1013F), (0x10179, 0x10189), (0x1018C, 0x1018E),
    (0x10190, 0x1019C), (0x101A0, 0x101A0), (0x101D0, 0x101FC), (0x1039F, 0x1039F),
    (0x103D0, 0x103D0), (0x1056F, 0x1056F), (0x10857, 0x10857), (0x10877, 0x10878),
    (0x1091F, 0x1091F), (0x1093F, 0x1093F), (0x10A50, 0x10A58), (0x10A7F, 0x10A7F),
    (0x10AC8, 0x10AC8), (0x10AF0, 0x10AF6), (0x10B39, 0x10B3F), (0x10B99, 0x10B9C),
    (0x10EAD, 0x10EAD), (0x10F55, 0x10F59), (0x10F86, 0x10F89), (0x11047, 0x1104D),
    (0x110BB, 0x110BC), (0x110BE, 0x110C1), (0x11140, 0x11143), (0x11174, 0x11175),
    (0x111C5, 0x111C8), (0x111CD, 0x111CD), (0x111DB, 0x111DB), (0x111DD, 0x111DF),
    (0x11238, 0x1123D), (0x112A9, 0x112A9), (0x1144B, 0x1144F), (0x1145A, 0x1145B),
    (0x1145D, 0x1145D), (0x114C6, 0x114C6), (0x115C1, 0x115D7), (0x11641, 0x11643),
    (0x11660, 0x1166C), (0x116B9, 0x116B9), (0x1173C, 0x1173F), (0x1183B, 0x1183B),
    (0x11944, 0x11946), (0x119E2, 0x119E2), (0x11A3F, 0x11A46), (0x11A9A, 0x11A9C),
    (0x11A9E, 0x11AA2), (0x11B00, 0x11B09), (0x11C41, 0x11C45), (0x11C70, 0x11C71),
    (0x11EF7, 0x11EF8), (0x11F43, 0x11F4F), (0x11FD5, 0x11FF1), (0x11FFF, 0x11FFF),
    (0x12470, 0x12474), (0x12FF1, 0x12FF2), (0x16A6E, 0x16A6F), (0x16AF5, 0x16AF5),
    (0x16B37, 0x16B3F), (0x16B44, 0x16B45), (0x16E97, 0x16E9A), (0x16FE2, 0x16FE2),
    (0x1BC9C, 0x1BC9C), (0x1BC9F, 0x1BC9F), (0x1CF50, 0x1CFC3), (0x1D000, 0x1D0F5),
    (0x1D100, 0x1D126), (0x1D129, 0x1D164), (0x1D16A, 0x1D16C), (0x1D183, 0x1D184),
    (0x1D18C, 0x1D1A9), (0x1D1AE, 0x1D1EA), (0x1D200, 0x1D241), (0x1D245, 0x1D245),
    (0x1D300, 0x1D356), (0x1D6C1, 0x1D6C1), (0x1D6DB, 0x1D6DB), (0x1D6FB, 0x1D6FB),
    (0x1D715, 0x1D715), (0x1D735, 0x1D735), (0x1D74F, 0x1D74F), (0x1D76F, 0x1D76F),
    (0x1D789, 0x1D789), (0x1D7A9, 0x1D7A9), (0x1D7C3, 0x1D7C3), (0x1D800, 0x1D9FF),
    (0x1DA37, 0x1DA3A), (0x1DA6D, 0x1DA74), (0x1DA76, 0x1DA83), (0x1DA85, 0x1DA8B),
    (0x1E14F, 0x1E14F), (0x1E2FF, 0x1E2FF), (0x1E95E, 0x1E95F), (0x1ECAC, 0x1ECAC),
    (0x1ECB0, 0x1ECB0), (0x1ED2E, 0x1ED2E), (0x1EEF0, 0x1EEF1), (0x1F000, 0x1F02B),
    (0x1F030, 0x1F093), (0x1F0A0, 0x1F0AE), (0x1F0B1, 0x1F0BF), (0x1F0C1, 0x1F0CF),
    (0x1F0D1, 0x1F0F5), (0x1F10D, 0x1F1AD), (0x1F1E6, 0x1F202), (0x1F210, 0x1F23B),
    (0x1F240, 0x1F248), (0x1F250, 0x1F251), (0x1F260, 0x1F265), (0x1F300, 0x1F6D7),
    (0x1F6DC, 0x1F6EC), (0x1F6F0, 0x1F6FC), (0x1F700, 0x1F776), (0x1F77B, 0x1F7D9),
    (0x1F7E0, 0x1F7EB), (0x1F7F0, 0x1F7F0), (0x1F800, 0x1F80B), (0x1F810, 0x1F847),
    (0x1F850, 0x1F859), (0x1F860, 0x1F887), (0x1F890, 0x1F8AD), (0x1F8B0, 0x1F8B1),
    (0x1F900, 0x1FA53), (0x1FA60, 0x1FA6D), (0x1FA70, 0x1FA7C), (0x1FA80, 0x1FA88),
    (0x1FA90, 0x1FABD), (0x1FABF, 0x1FAC5), (0x1FACE, 0x1FADB), (0x1FAE0, 0x1FAE8),
    (0x1FAF0, 0x1FAF8), (0x1FB00, 0x1FB92), (0x1FB94, 0x1FBCA),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The options Gazette renders pages with.
    fn options() -> Options {
        Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_DEFINITION_LIST
    }

    fn check(input: &str, expected_html: &str) {
        assert_eq!(render_html(input, options()), expected_html, "input: {input:?}");
    }

    fn check_all(cases: &[(&str, &str)]) {
        for (input, expected_html) in cases {
            check(input, expected_html);
        }
    }

    /// testcases/strong.md of tats-u/markdown-cjk-friendly, expected HTML from the
    /// markdown-it-cjk-friendly snapshot (pulldown-cmark leaves `"` unescaped in text).
    #[test]
    fn amendment_examples_japanese_and_chinese() {
        check_all(&[
            (
                "これは**私のやりたかったこと。**だからするの。",
                "<p>これは<strong>私のやりたかったこと。</strong>だからするの。</p>\n",
            ),
            (
                "**[製品ほげ](./product-foo)**と**[製品ふが](./product-bar)**をお試しください",
                "<p><strong><a href=\"./product-foo\">製品ほげ</a></strong>と<strong><a href=\"./product-bar\">製品ふが</a></strong>をお試しください</p>\n",
            ),
            ("単語と**[単語と](word-and)**単語", "<p>単語と<strong><a href=\"word-and\">単語と</a></strong>単語</p>\n"),
            (
                "**これは太字になりません。**ご注意ください。",
                "<p><strong>これは太字になりません。</strong>ご注意ください。</p>\n",
            ),
            (
                "カッコに注意**（太字にならない）**文が続く場合に要警戒。",
                "<p>カッコに注意<strong>（太字にならない）</strong>文が続く場合に要警戒。</p>\n",
            ),
            (
                "**[リンク](https://example.com)**も注意。（画像も同様）",
                "<p><strong><a href=\"https://example.com\">リンク</a></strong>も注意。（画像も同様）</p>\n",
            ),
            ("先頭の**`コード`も注意。**", "<p>先頭の<strong><code>コード</code>も注意。</strong></p>\n"),
            ("**末尾の`コード`**も注意。", "<p><strong>末尾の<code>コード</code></strong>も注意。</p>\n"),
            ("税込**¥10,000**で入手できます。", "<p>税込<strong>¥10,000</strong>で入手できます。</p>\n"),
            ("正解は**④**です。", "<p>正解は<strong>④</strong>です。</p>\n"),
            ("太郎は**「こんにちわ」**といった", "<p>太郎は<strong>「こんにちわ」</strong>といった</p>\n"),
            ("太郎は**\"こんにちわ\"**といった", "<p>太郎は<strong>\"こんにちわ\"</strong>といった</p>\n"),
            ("太郎は**「Hello」**といった", "<p>太郎は<strong>「Hello」</strong>といった</p>\n"),
            ("太郎は**\"Oh my god\"**といった", "<p>太郎は<strong>\"Oh my god\"</strong>といった</p>\n"),
            (
                "**C#**や**F#**は**「.NET」**というプラットフォーム上で動作します。",
                "<p><strong>C#</strong>や<strong>F#</strong>は<strong>「.NET」</strong>というプラットフォーム上で動作します。</p>\n",
            ),
            ("IDが**００１号**になります。", "<p>IDが<strong>００１号</strong>になります。</p>\n"),
            ("Go**「初心者」**を対象とした記事です。", "<p>Go<strong>「初心者」</strong>を対象とした記事です。</p>\n"),
            ("・**㋐**:選択肢１つ目", "<p>・<strong>㋐</strong>:選択肢１つ目</p>\n"),
            ("**真，**她", "<p><strong>真，</strong>她</p>\n"),
            ("**真。**她", "<p><strong>真。</strong>她</p>\n"),
            ("**真、**她", "<p><strong>真、</strong>她</p>\n"),
            ("**真；**她", "<p><strong>真；</strong>她</p>\n"),
            ("**真：**她", "<p><strong>真：</strong>她</p>\n"),
            ("**真？**她", "<p><strong>真？</strong>她</p>\n"),
            ("**真！**她", "<p><strong>真！</strong>她</p>\n"),
            ("**真“**她", "<p><strong>真“</strong>她</p>\n"),
            ("**真”**她", "<p><strong>真”</strong>她</p>\n"),
            ("**真‘**她", "<p><strong>真‘</strong>她</p>\n"),
            ("**真’**她", "<p><strong>真’</strong>她</p>\n"),
            ("**真（**她", "<p><strong>真（</strong>她</p>\n"),
            ("真**（她**", "<p>真<strong>（她</strong></p>\n"),
            ("**真）**她", "<p><strong>真）</strong>她</p>\n"),
            ("**真【**她", "<p><strong>真【</strong>她</p>\n"),
            ("真**【她**", "<p>真<strong>【她</strong></p>\n"),
            ("**真】**她", "<p><strong>真】</strong>她</p>\n"),
            ("**真《**她", "<p><strong>真《</strong>她</p>\n"),
            ("真**《她**", "<p>真<strong>《她</strong></p>\n"),
            ("**真》**她", "<p><strong>真》</strong>她</p>\n"),
            ("**真—**她", "<p><strong>真—</strong>她</p>\n"),
            ("**真～**她", "<p><strong>真～</strong>她</p>\n"),
            ("**真…**她", "<p><strong>真…</strong>她</p>\n"),
            ("**真·**她", "<p><strong>真·</strong>她</p>\n"),
            ("**真〃**她", "<p><strong>真〃</strong>她</p>\n"),
            ("**真-**她", "<p><strong>真-</strong>她</p>\n"),
            ("**真々**她", "<p><strong>真々</strong>她</p>\n"),
            ("**真**她", "<p><strong>真</strong>她</p>\n"),
            ("**真，** 她", "<p><strong>真，</strong> 她</p>\n"),
            ("**真**，她", "<p><strong>真</strong>，她</p>\n"),
            ("**真，**&ZeroWidthSpace;她", "<p><strong>真，</strong>\u{200B}她</p>\n"),
            ("選択肢**㋐**: 1つ目の選択肢", "<p>選択肢<strong>㋐</strong>: 1つ目の選択肢</p>\n"),
            ("**さようなら︙**と太郎はいった。", "<p><strong>さようなら︙</strong>と太郎はいった。</p>\n"),
            (".NET**（.NET Frameworkは不可）**では、", "<p>.NET<strong>（.NET Frameworkは不可）</strong>では、</p>\n"),
            ("「禰󠄀」の偏は示ではなく**礻**です。", "<p>「禰󠄀」の偏は示ではなく<strong>礻</strong>です。</p>\n"),
            ("Git**（注：不是GitHub）**", "<p>Git<strong>（注：不是GitHub）</strong></p>\n"),
            ("𰻞𰻞**（ビャンビャン）**麺", "<p>𰻞𰻞<strong>（ビャンビャン）</strong>麺</p>\n"),
            ("𰻞𰻞**(ビャンビャン)**麺", "<p>𰻞𰻞<strong>(ビャンビャン)</strong>麺</p>\n"),
            (
                "ハイパーテキストコーヒーポット制御プロトコル**(HTCPCP)**",
                "<p>ハイパーテキストコーヒーポット制御プロトコル<strong>(HTCPCP)</strong></p>\n",
            ),
            ("﨑**(崎)**", "<p>﨑<strong>(崎)</strong></p>\n"),
            (
                "国際規格**[ECMA-262](https://tc39.es/ecma262/)**",
                "<p>国際規格<strong><a href=\"https://tc39.es/ecma262/\">ECMA-262</a></strong></p>\n",
            ),
            ("㐧**(第の俗字)**", "<p>㐧<strong>(第の俗字)</strong></p>\n"),
            ("𠮟**(こちらが正式表記)**", "<p>𠮟<strong>(こちらが正式表記)</strong></p>\n"),
            ("谺𬤲**(こだま)**石神社", "<p>谺𬤲<strong>(こだま)</strong>石神社</p>\n"),
            (
                "**推荐几个框架：**React、Vue等前端框架。",
                "<p><strong>推荐几个框架：</strong>React、Vue等前端框架。</p>\n",
            ),
            // Ideographic variation selector (U+E0100) after 葛.
            ("葛\u{E0100}**(こちらが正式表記)**城市", "<p>葛\u{E0100}<strong>(こちらが正式表記)</strong>城市</p>\n"),
            (
                "阿寒湖アイヌシアターイコㇿ**(Akanko Ainu Theater Ikor)**",
                "<p>阿寒湖アイヌシアターイコㇿ<strong>(Akanko Ainu Theater Ikor)</strong></p>\n",
            ),
            ("あ𛀙**(か)**よろし", "<p>あ𛀙<strong>(か)</strong>よろし</p>\n"),
            // Standardized variation sequence 塚 + U+FE00, and the compatibility ideograph 塚.
            (
                "大塚\u{FE00}**(U+585A U+FE00)** 大塚**(U+FA10)**",
                "<p>大塚\u{FE00}<strong>(U+585A U+FE00)</strong> 大塚<strong>(U+FA10)</strong></p>\n",
            ),
            ("〽\u{FE0E}**(庵点)**は、", "<p>〽\u{FE0E}<strong>(庵点)</strong>は、</p>\n"),
            // CJK ambiguous punctuation sequence: ” + U+FE01 is the fullwidth form.
            ("**“\u{FE01}Git”\u{FE01}**Hub", "<p><strong>“\u{FE01}Git”\u{FE01}</strong>Hub</p>\n"),
            // README example.
            (
                "**该星号不会被识别，而是直接显示。**这是因为它没有被识别为强调符号。",
                "<p><strong>该星号不会被识别，而是直接显示。</strong>这是因为它没有被识别为强调符号。</p>\n",
            ),
        ]);
    }

    /// testcases/korean.md.
    #[test]
    fn amendment_examples_korean() {
        check_all(&[
            (
                "**이 [링크](https://example.kr/)**만을 강조하고 싶다.",
                "<p><strong>이 <a href=\"https://example.kr/\">링크</a></strong>만을 강조하고 싶다.</p>\n",
            ),
            ("**스크립트(script)**라고", "<p><strong>스크립트(script)</strong>라고</p>\n"),
            (
                "패키지를 발행하려면 **`npm publish`**를 실행하십시오.",
                "<p>패키지를 발행하려면 <strong><code>npm publish</code></strong>를 실행하십시오.</p>\n",
            ),
            ("**안녕(hello)**하세요.", "<p><strong>안녕(hello)</strong>하세요.</p>\n"),
            ("ᅡ**(a)**", "<p>ᅡ<strong>(a)</strong></p>\n"),
            ("**(k)**ᄏ", "<p><strong>(k)</strong>ᄏ</p>\n"),
            (
                "**이 별표는 강조 표시로 인식되지 않고 그대로 표시됩니다(이 괄호 때문에)**이 문장 때문에.",
                "<p><strong>이 별표는 강조 표시로 인식되지 않고 그대로 표시됩니다(이 괄호 때문에)</strong>이 문장 때문에.</p>\n",
            ),
        ]);
    }

    /// testcases/pseudo-emoji.md (CJK symbols that are also emoji without U+FE0F) and
    /// testcases/non-bmp.md (non-CJK punctuation, which must stay literal).
    #[test]
    fn amendment_examples_symbols() {
        check_all(&[
            ("a**〰**a", "<p>a<strong>〰</strong>a</p>\n"),
            ("a**〽**a", "<p>a<strong>〽</strong>a</p>\n"),
            ("a**🈂**a", "<p>a<strong>🈂</strong>a</p>\n"),
            ("a**🈷**a", "<p>a<strong>🈷</strong>a</p>\n"),
            ("a**㊗**a", "<p>a<strong>㊗</strong>a</p>\n"),
            ("a**㊙**a", "<p>a<strong>㊙</strong>a</p>\n"),
            ("a**a«**a", "<p>a**a«**a</p>\n"),
            ("a**»a**a", "<p>a**»a**a</p>\n"),
            ("a**a∇**a", "<p>a**a∇**a</p>\n"),
            ("a**∇a**a", "<p>a**∇a**a</p>\n"),
            ("a**a𝜵**a", "<p>a**a𝜵**a</p>\n"),
            ("a**𝜵a**a", "<p>a**𝜵a**a</p>\n"),
            ("a**𐬻a**a", "<p>a**𐬻a**a</p>\n"),
            ("a**a𐬻**a", "<p>a**a𐬻**a</p>\n"),
            // Emoji presentation characters are not CJK: like any other symbol.
            ("a**🈯a**a", "<p>a**🈯a**a</p>\n"),
            ("a**a❌**a", "<p>a**a❌**a</p>\n"),
        ]);
    }

    /// testcases/underscore-cjk-punct.md: `_` beside CJK punctuation.
    #[test]
    fn amendment_examples_underscore() {
        check_all(&[
            ("__注意__：注意事項", "<p><strong>注意</strong>：注意事項</p>\n"),
            ("注意：__注意事項__", "<p>注意：<strong>注意事項</strong></p>\n"),
        ]);
        // Known gap (see the module doc): after "punctuation + variation selector" the
        // amendment lets `_` open (the reference renders `<em>Traditional.</em>` and
        // `<strong>Hub</strong>`), which needs pulldown-cmark to see punctuation there; the
        // text keeps its CommonMark reading.
        check_all(&[
            ("正體字。\u{FE01}_Traditional._", "<p>正體字。\u{FE01}_Traditional._</p>\n"),
            ("“\u{FE01}Git”\u{FE01}__Hub__", "<p>“\u{FE01}Git”\u{FE01}__Hub__</p>\n"),
        ]);
    }

    /// What Gazette's authors write.
    #[test]
    fn chinese_report_cases() {
        check_all(&[
            ("**扎实开展主题教育。**县人大常委会", "<p><strong>扎实开展主题教育。</strong>县人大常委会</p>\n"),
            ("**“一府一委两院”**监督", "<p><strong>“一府一委两院”</strong>监督</p>\n"),
            ("加强对**“一府一委两院”**的监督", "<p>加强对<strong>“一府一委两院”</strong>的监督</p>\n"),
            ("*中文。*中文", "<p><em>中文。</em>中文</p>\n"),
            ("***中文。***中文", "<p><em><strong>中文。</strong></em>中文</p>\n"),
            (
                "一是**坚持党的领导，**二是**依法履职；**三是",
                "<p>一是<strong>坚持党的领导，</strong>二是<strong>依法履职；</strong>三是</p>\n",
            ),
            ("**（一）**聚焦中心工作", "<p><strong>（一）</strong>聚焦中心工作</p>\n"),
            ("全年**审议议案12件，**听取报告", "<p>全年<strong>审议议案12件，</strong>听取报告</p>\n"),
            ("会议**《决议》**全文", "<p>会议<strong>《决议》</strong>全文</p>\n"),
            // Underscore: the closing `__` is followed by a letter, so it is intraword and
            // cannot close, with or without the amendment.
            ("__中文。__中文", "<p>__中文。__中文</p>\n"),
            ("__中文。__，中文", "<p><strong>中文。</strong>，中文</p>\n"),
            ("中文_强调_中文", "<p>中文_强调_中文</p>\n"),
            ("中__「重要」__中", "<p>中__「重要」__中</p>\n"),
            // Headings, lists, quotes and tables.
            ("## **一、总体要求。**全面贯彻", "<h2><strong>一、总体要求。</strong>全面贯彻</h2>\n"),
            ("- **任务一：**完成", "<ul>\n<li><strong>任务一：</strong>完成</li>\n</ul>\n"),
            (">**中文。**中文", "<blockquote>\n<p><strong>中文。</strong>中文</p>\n</blockquote>\n"),
            ("第一行\n**中文。**中文", "<p>第一行\n<strong>中文。</strong>中文</p>\n"),
            (
                "| 项目 | 说明 |\n|---|---|\n| **重点。**任务 | 甲 |\n",
                "<table><thead><tr><th>项目</th><th>说明</th></tr></thead><tbody>\n<tr><td><strong>重点。</strong>任务</td><td>甲</td></tr>\n</tbody></table>\n",
            ),
            (
                "见**注释。**[^1]\n\n[^1]: **说明。**内容\n",
                "<p>见<strong>注释。</strong><sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\n<div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup>\n<p><strong>说明。</strong>内容</p>\n</div>\n",
            ),
            ("![**图一。**说明](a.png)", "<p><img src=\"a.png\" alt=\"图一。说明\" /></p>\n"),
            ("~~**删除。**文字~~", "<p><del><strong>删除。</strong>文字</del></p>\n"),
        ]);
    }

    /// No CJK involved: exactly CommonMark, and `prepare` does not even parse.
    #[test]
    fn non_cjk_text_is_plain_commonmark() {
        let cases: &[(&str, &str)] = &[
            ("**foo.**bar", "<p>**foo.**bar</p>\n"),
            ("**foo**bar", "<p><strong>foo</strong>bar</p>\n"),
            ("foo*bar*", "<p>foo<em>bar</em></p>\n"),
            ("foo_bar_", "<p>foo_bar_</p>\n"),
            ("*(*foo*)*", "<p><em>(<em>foo</em>)</em></p>\n"),
            ("a * foo bar*", "<p>a * foo bar*</p>\n"),
            ("**foo \"*bar*\" foo**", "<p><strong>foo \"<em>bar</em>\" foo</strong></p>\n"),
        ];
        for (input, expected) in cases {
            assert_eq!(prepare(input, options()), None, "input: {input:?}");
            check(input, expected);
        }
    }

    /// Code, link destinations, autolinks, HTML, escapes and verbatim blocks keep their bytes.
    #[test]
    fn non_markdown_text_is_untouched() {
        check_all(&[
            ("`**中文。**中文`", "<p><code>**中文。**中文</code></p>\n"),
            ("文字`**中文。**中文`文字", "<p>文字<code>**中文。**中文</code>文字</p>\n"),
            ("```\n**中文。**中文\n```\n", "<pre><code>**中文。**中文\n</code></pre>\n"),
            ("    **中文。**中文\n", "<pre><code>**中文。**中文\n</code></pre>\n"),
            ("[链接](/a/**中。**b)", "<p><a href=\"/a/**%E4%B8%AD%E3%80%82**b\">链接</a></p>\n"),
            (
                "[链接](</a/**中。**b> \"**中。**b\")",
                "<p><a href=\"/a/**%E4%B8%AD%E3%80%82**b\" title=\"**中。**b\">链接</a></p>\n",
            ),
            (
                "<https://例子.cn/**中。**b>",
                "<p><a href=\"https://%E4%BE%8B%E5%AD%90.cn/**%E4%B8%AD%E3%80%82**b\">https://例子.cn/**中。**b</a></p>\n",
            ),
            ("<span title=\"**中。**b\">x</span>", "<p><span title=\"**中。**b\">x</span></p>\n"),
            ("\\*\\*中文。\\*\\*中文", "<p>**中文。**中文</p>\n"),
            ("\\***中文。**中文", "<p>*<strong>中文。</strong>中文</p>\n"),
            ("[**中。**中]\n\n[**中。**中]: /u\n", "<p><a href=\"/u\">**中。**中</a></p>\n"),
            ("[**中。**中][]\n\n[**中。**中]: /u\n", "<p><a href=\"/u\">**中。**中</a></p>\n"),
            ("[**中。**中][r]\n\n[r]: /u\n", "<p><a href=\"/u\"><strong>中。</strong>中</a></p>\n"),
        ]);
        // Front matter is verbatim too.
        let meta = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
        assert_eq!(prepare("---\ntitle: **中。**中\n---\n\n正文\n", meta), None);
    }

    #[test]
    fn prepare_returns_none_when_nothing_changes() {
        for input in [
            "",
            "没有任何强调符号的中文段落。",
            "plain English",
            "**中文**中文",
            "中文 **强调。** 中文",
            "**中文，**，中文",
            "`**中文。**中文`",
        ] {
            assert_eq!(prepare(input, options()), None, "input: {input:?}");
        }
    }

    #[test]
    fn prepare_inserts_sentinels_beside_the_runs() {
        let s = SENTINEL;
        assert_eq!(prepare("**扎实。**县", options()).as_deref(), Some(format!("**扎实。{s}**县").as_str()));
        assert_eq!(prepare("真**（她**", options()).as_deref(), Some(format!("真**{s}（她**").as_str()));
    }

    /// An author's own U+E000 is kept: the amendment is skipped rather than risk deleting it.
    #[test]
    fn source_with_sentinel_is_left_alone() {
        let input = "**中文。**中文\u{E000}";
        assert_eq!(prepare(input, options()), None);
        check(input, "<p>**中文。**中文\u{E000}</p>\n");
    }

    #[test]
    fn strip_borrows_when_clean() {
        assert!(matches!(strip("中文"), Cow::Borrowed("中文")));
        assert_eq!(strip("中\u{E000}文\u{E000}"), "中文");
        assert_eq!(strip(""), "");
    }

    /// Sentinels must not sit next to other delimiters whose flags they would change.
    #[test]
    fn other_delimiters_keep_their_flags() {
        let smart = options() | Options::ENABLE_SMART_PUNCTUATION;
        assert_eq!(render_html("他说**\"中文。\"**中文", smart), "<p>他说**“中文。”**中文</p>\n");
        check("~~中文。~~中文", "<p>~~中文。~~中文</p>\n");
    }

    /// Without this module pulldown-cmark leaves these literal; the tests above are not vacuous.
    #[test]
    fn commonmark_alone_misses_them() {
        for input in ["**扎实开展主题教育。**县人大常委会", "**“一府一委两院”**监督", "*中文。*中文"]
        {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(input, options()));
            assert!(!html.contains("<strong>") && !html.contains("<em>"), "{html}");
        }
    }

    #[test]
    fn other_block_kinds() {
        check_all(&[
            (
                "# **一、总体要求。**全面贯彻 {#yaoqiu}",
                "<h1 id=\"yaoqiu\"><strong>一、总体要求。</strong>全面贯彻</h1>\n",
            ),
            ("术语\n: **定义。**内容", "<dl>\n<dt>术语</dt>\n<dd><strong>定义。</strong>内容</dd>\n</dl>\n"),
            (
                "- [x] **已完成。**事项",
                "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n<strong>已完成。</strong>事项</li>\n</ul>\n",
            ),
            ("> 引文\n> **重点。**内容", "<blockquote>\n<p>引文\n<strong>重点。</strong>内容</p>\n</blockquote>\n"),
            ("1. 第一\n   **重点。**内容", "<ol>\n<li>第一\n<strong>重点。</strong>内容</li>\n</ol>\n"),
        ]);
        // Raw HTML blocks are not Markdown: nothing to prepare.
        assert_eq!(prepare("<div>\n**中文。**中文\n</div>\n", options()), None);
    }

    /// Runs touching other runs: `***` is one run and works; mixed `**_` clusters are left as
    /// CommonMark has them when a sentinel would break the neighbouring run (documented gap).
    #[test]
    fn adjacent_runs() {
        check_all(&[
            ("中文***重点。***中文", "<p>中文<em><strong>重点。</strong></em>中文</p>\n"),
            ("**_重点。_**中文", "<p>**<em>重点。</em>**中文</p>\n"),
            ("_**重点。**_中文", "<p>_<strong>重点。</strong>_中文</p>\n"),
            ("\\***中文。**中文", "<p>*<strong>中文。</strong>中文</p>\n"),
        ]);
    }

    /// Every way a neighbour can look, on both sides of `*` and `_` runs: the prepared source
    /// parses with the amendment's flags, except in the documented variation-selector gaps.
    #[test]
    fn all_neighbour_kinds_get_the_amendment_flags() {
        let befores = [
            None,
            Some(" "),
            Some("a"),
            Some("."),
            Some("“"),
            Some("中"),
            Some("。"),
            Some("中\u{FE00}"),
            Some("。\u{FE01}"),
            Some(".\u{FE00}"),
            Some("”\u{FE01}"),
            Some("葛\u{E0100}"),
            Some(" \u{FE00}"),
            Some("a\u{FE0F}"),
        ];
        let afters = [None, Some(" "), Some("a"), Some("."), Some("“"), Some("中"), Some("。")];
        for delim in [b'*', b'_'] {
            for before in befores {
                for after in afters {
                    let (prev, prev2) = match before {
                        None => (None, None),
                        Some(b) => {
                            let mut chars = b.chars().rev();
                            (chars.next(), chars.next())
                        }
                    };
                    let next = after.and_then(|a| a.chars().next());
                    let target = amended_flags(delim, before_kind(prev, prev2), after_kind(next));
                    let source = format!(
                        "x{}{}{}",
                        before.unwrap_or(" "),
                        if delim == b'*' { "**" } else { "__" },
                        after.unwrap_or("")
                    );
                    let start = 1 + before.unwrap_or(" ").len();
                    let run =
                        Run { start, end: start + 2, delim, prev, prev2, next, prev_escaped: false, in_table: false };
                    let fix = plan_cluster(&[run], Options::empty());
                    let got = commonmark_flags(
                        delim,
                        if fix.contains(&run.start) { Class::Other } else { class_of(prev) },
                        if fix.contains(&run.end) { Class::Other } else { class_of(next) },
                    );
                    let known_gap = matches!(before, Some("。\u{FE01}" | ".\u{FE00}" | "”\u{FE01}")) && got != target;
                    assert!(got == target || known_gap, "{source:?}: flags {got:?}, amendment {target:?}, fix {fix:?}");
                }
            }
        }
    }

    /// The punctuation table must be pulldown-cmark's: `x*Cx*y` has emphasis exactly when C is
    /// neither whitespace nor punctuation (the first `*` then opens).
    #[test]
    fn punctuation_table_matches_pulldown_cmark() {
        let probes = (0x80u32..=0x1_FFFF).chain([0x2_0000, 0x3_0000, 0xE_0001, 0xE_0100, 0x10_FFFD]);
        for cp in probes {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if c.is_whitespace() {
                continue;
            }
            let source = format!("x*{c}x*y");
            let has_emphasis = Parser::new(&source).any(|e| matches!(e, Event::Start(Tag::Emphasis)));
            assert_eq!(is_punctuation(c), !has_emphasis, "U+{cp:04X}");
        }
    }

    #[test]
    fn cjk_classification() {
        for c in ['中', '。', '，', '「', '（', 'ア', 'あ', '한', 'ᄀ', '〰', '㊗', '𠮟', '﨑', '・', '\u{3000}']
        {
            assert!(is_cjk(c), "{c:?}");
        }
        for c in ['a', '.', '“', '”', '·', '—', '…', '«', '🈯', '❌', '\u{FE01}', '\u{E0100}', '\u{E000}']
        {
            assert!(!is_cjk(c), "{c:?}");
        }
    }

    /// Never panics, never leaves a sentinel in the output, and stripping a prepared source
    /// gives back the original.
    #[test]
    fn awkward_input_is_safe() {
        let awkward = [
            "",
            "*",
            "_",
            "**",
            "***",
            "****",
            "*_*_",
            "\\",
            "\\*",
            "\\\\*中。*中",
            "中*",
            "*中",
            "。**",
            "**。",
            "中\u{FE00}",
            "\u{FE00}**中",
            "\u{E0100}*",
            "*\u{E0100}",
            "𠮟**",
            "**𠮟",
            "\u{E000}",
            "*\u{E000}*",
            "中\u{E000}**。**中",
            "|**中。**|",
            "| a |\n|-|\n|*中。*|",
            ">*",
            ">**中。**中\n>**中。**中",
            "- **中。**中\n  **中。**中",
            "[*中。*](*中。*)中",
            "<*中。*>中",
            "`*中。`*中",
            "**中。**\n===",
            "# **中。**中 #",
            "# **中。**中 {#id}",
            "中。**\r\n**中",
            "\t**中。**中",
            "**中。**中  \n**中。**中\\\n中",
        ];
        let option_sets = [Options::empty(), options(), Options::all()];
        for input in awkward {
            for opts in option_sets {
                check_round_trip(input, opts);
            }
        }
        // Pseudo-random strings over an alphabet of troublemakers.
        let alphabet: Vec<char> = "*_*_\\`[]()<>!|~^$'\"\n 中。，“”（a.\u{FE01}\u{E0100}#>-:".chars().collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..4000 {
            let mut input = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 16) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                input.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            for opts in option_sets {
                check_round_trip(&input, opts);
            }
        }
    }

    /// Long runs and many runs stay fast (pulldown-cmark reports an unmatched run one character
    /// per event, which a naive scan would make quadratic).
    #[test]
    fn large_input_is_linear_enough() {
        let stars = format!("中{}。中", "*".repeat(200_000));
        let _ = prepare(&stars, options());
        let report = "**扎实开展主题教育。**县人大常委会认真履职，*突出重点。*推进工作。\n\n".repeat(5_000);
        let prepared = prepare(&report, options()).unwrap_or_default();
        // Per paragraph: `。**县` and `。*推` get a sentinel, and so does `，*突`, which the
        // amendment also lets close (CJK punctuation before it is not "non-CJK punctuation").
        assert_eq!(prepared.matches(SENTINEL).count(), 15_000);
    }

    fn check_round_trip(input: &str, opts: Options) {
        if let Some(prepared) = prepare(input, opts) {
            assert_eq!(strip(&prepared), input, "round trip of {input:?}");
        }
        let html = render_html(input, opts);
        assert!(!html.contains(SENTINEL) || input.contains(SENTINEL), "sentinel leaked: {input:?}");
    }
}
