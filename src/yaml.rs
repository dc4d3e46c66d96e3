//! The one module that knows serde_yaml, so the YAML crate can be swapped in one place.
//!
//! In: the text of a YAML mapping (site.yaml or a front matter block).
//! Out: its top-level entries in order, each with the byte range of its key line, and typed
//! accessors that turn a wrong type into a message naming what was expected. A syntax error
//! caused by punctuation typed with a Chinese input method (`title：`, `－ 代表工作`) names that
//! character and the line to type instead ([`ime_fix`]).
//! Never: uses `serde_json::Value` (duplicate keys would silently win last).

use std::ops::Range;

use serde::Serialize;

/// A YAML value, opaque outside this module.
#[derive(Clone, Debug, PartialEq)]
pub struct Value(serde_yaml::Value);

/// A syntax error: a byte offset into the parsed text, a message, and for the errors Gazette
/// explains itself (a duplicate key, aliases that expand too far, nesting too deep, punctuation
/// typed with a Chinese input method) what to do.
#[derive(Debug)]
pub struct SyntaxError {
    pub offset: usize,
    /// How many bytes from `offset` the error is about, when it is one character or word.
    pub width: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// One top-level `key: value` entry.
#[derive(Debug)]
pub struct Entry {
    pub key: String,
    pub value: Value,
    /// Byte range of the key in the parsed text (or of the first line when not found).
    pub key_range: Range<usize>,
    /// Byte range of the value's first line in the parsed text.
    pub value_range: Range<usize>,
    /// Byte range of the whole entry: from its key to the next entry's key.
    pub extent: Range<usize>,
}

/// Parses a YAML mapping. Empty text (or only comments) is an empty mapping. `first_line` is
/// the line of the file the text starts on, so messages name lines of the file.
pub fn parse_mapping(text: &str, first_line: usize) -> Result<Vec<Entry>, SyntaxError> {
    if let Some(outermost) = too_deep(text) {
        return Err(SyntaxError {
            offset: outermost,
            width: None,
            message: format!(
                "`[` and `{{` start lists and `key: value` pairs in YAML, and here they nest deeper than \
                 {MAX_FLOW_DEPTH} levels"
            ),
            help: Some(quote_help(text, outermost)),
        });
    }
    let value: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let line = e.location().map_or(0, |l| l.line().saturating_sub(1));
            return Err(ime_slip(text, line).unwrap_or_else(|| explain(text, &e, first_line)));
        }
    };
    let mapping = match value {
        serde_yaml::Value::Null => return Ok(Vec::new()),
        serde_yaml::Value::Mapping(m) => m,
        other => {
            return Err(ime_slip(text, 0).unwrap_or_else(|| SyntaxError {
                offset: 0,
                width: None,
                message: format!("expected `key: value` lines, found {}", kind_name(&other)),
                help: None,
            }));
        }
    };
    let mut entries = Vec::with_capacity(mapping.len());
    for (key, value) in mapping {
        let key = match key {
            serde_yaml::Value::String(s) => s,
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            other => {
                return Err(SyntaxError {
                    offset: 0,
                    width: None,
                    message: format!("a key must be text, found {}", kind_name(&other)),
                    help: None,
                });
            }
        };
        let (key_range, value_range) = locate_key(text, &key);
        entries.push(Entry { key, value: Value(value), key_range, value_range, extent: 0..text.len() });
    }
    // entries are in the order of the text: each runs to the next one's key
    let starts: Vec<usize> = entries.iter().map(|e| e.key_range.start).collect();
    for (i, entry) in entries.iter_mut().enumerate() {
        let start = entry.key_range.start;
        let end = starts[i + 1..].iter().copied().find(|s| *s > start).unwrap_or(text.len());
        entry.extent = start..end;
    }
    Ok(entries)
}

/// A syntax error explained by punctuation typed with a Chinese input method (`title：关于…`,
/// `topics：[代表工作，法治建设]`, `－ 代表工作`): YAML notices it late, often on the next line, and
/// never names the character (tests `yaml::tests::ime_slips_are_named_where_typed`). The lines
/// from two before the error's line (0-based `error_line`) to it are corrected one by one, then
/// together; the first correction that lets the text parse, or moves the error past that line,
/// names the character.
fn ime_slip(text: &str, error_line: usize) -> Option<SyntaxError> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // an error at the end of the text is on no line of it: the last one is tried first
    let last = error_line.min(lines.len().saturating_sub(1));
    // the error's line first, then the two before it
    let fixes: Vec<(usize, ImeFix)> = (last.saturating_sub(2)..=last)
        .rev()
        .filter_map(|n| Some((n, ime_fix(lines.get(n)?.trim_end_matches(['\n', '\r']))?)))
        .collect();
    let parses_past = |fixed: &[&(usize, ImeFix)]| {
        let mut repaired = String::with_capacity(text.len());
        for (n, line) in lines.iter().enumerate() {
            match fixed.iter().find(|(m, _)| *m == n) {
                Some((_, fix)) => {
                    repaired.push_str(&fix.fixed);
                    repaired.push_str(&line[line.trim_end_matches(['\n', '\r']).len()..]);
                }
                None => repaired.push_str(line),
            }
        }
        match serde_yaml::from_str::<serde_yaml::Value>(&repaired) {
            Ok(v) => v.is_mapping() || v.is_null(),
            Err(e) => e.location().is_some_and(|l| l.line().saturating_sub(1) > error_line),
        }
    };
    let (n, fix) = match fixes.iter().find(|f| parses_past(&[*f])) {
        Some(one) => one,
        // several lines with slips: the earliest is named
        None if fixes.len() > 1 && parses_past(&fixes.iter().collect::<Vec<_>>()) => fixes.last()?,
        None => return None,
    };
    let line_start: usize = lines[..*n].iter().map(|l| l.len()).sum();
    let first = &fix.slips[0];
    Some(SyntaxError {
        offset: line_start + first.range.start,
        width: Some(first.range.len()),
        message: fix.label(),
        help: Some(fix.help()),
    })
}

/// serde_yaml refuses values nested deeper than 128 levels, but only after its scanner has read
/// them, in time quadratic in the depth: 100,000 `[` took minutes (test
/// `yaml::tests::deep_flow_nesting_is_refused_at_once`). Deeper `[`/`{` nesting is refused first.
const MAX_FLOW_DEPTH: usize = 128;

/// Where the outermost `[`/`{` opens of a nesting that goes past [`MAX_FLOW_DEPTH`]: the start
/// of the value to quote, not the 129th bracket (test `yaml::tests::deep_brackets_point_at_the_value`).
/// Quotes and comments are not skipped: that only matters for text with over a hundred
/// unmatched brackets.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut outermost = 0;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                if depth == 0 {
                    outermost = i;
                }
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(outermost);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// "If this is text, quote it", with the key of the line when there is one.
fn quote_help(text: &str, value_start: usize) -> String {
    let line_start = text[..value_start].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..value_start].trim_start().trim_start_matches("- ").trim_end();
    let value: String = text[value_start..].chars().take(6).take_while(|c| *c != '\n').collect();
    match before.strip_suffix(':').map(str::trim).filter(|k| !k.is_empty() && !k.contains(' ')) {
        Some(key) => format!("if this is text, put it in quotes: `{key}: \"{value}…\"`"),
        None => format!("if this is text, put it in quotes: `\"{value}…\"`"),
    }
}

/// Turns a serde_yaml error into a position and a message that says what is wrong.
/// serde_yaml places a duplicate key at the start of its mapping and gives aliases that expand
/// too far no position at all (tests `yaml::tests::duplicate_keys_point_at_the_second`,
/// `yaml::tests::alias_expansion_points_at_the_aliases`).
fn explain(text: &str, e: &serde_yaml::Error, first_line: usize) -> SyntaxError {
    let raw = e.to_string();
    let mark = e.location().map_or(0, |l| l.index()).min(text.len());
    let file_line = |offset: usize| text[..offset].matches('\n').count() + first_line;
    if let Some((path, key)) = duplicate_key(&raw) {
        let within = if path.is_empty() { String::new() } else { format!(" in `{path}`") };
        let (offset, message) = match locate_duplicate(text, mark, &key) {
            Some((first, second)) => {
                (second, format!("`{key}` is set twice{within}; it is already set on line {}", file_line(first)))
            }
            None => (skip_blank(text, mark), format!("`{key}` is set twice{within}")),
        };
        return SyntaxError {
            offset,
            width: None,
            message,
            help: Some(format!("keep one `{key}:` and remove the other; a key may appear once in a mapping")),
        };
    }
    if raw.starts_with("repetition limit exceeded") {
        let offset = first_alias(text).unwrap_or(0);
        let alias: String = text[offset..].chars().take_while(|c| !matches!(c, ',' | ']' | '}' | ' ' | '\n')).collect();
        return SyntaxError {
            offset,
            width: None,
            message: format!(
                "aliases such as `{alias}` repeat values that themselves hold aliases, so the front matter \
                 expands to too many values"
            ),
            help: Some("write the values out instead of using `&anchor` and `*alias`".into()),
        };
    }
    if raw.starts_with("recursion limit exceeded") {
        return SyntaxError {
            offset: skip_blank(text, mark),
            width: None,
            message: "values are nested deeper than 128 levels".into(),
            help: Some(quote_help(text, skip_blank(text, mark))),
        };
    }
    let mut offset = mark;
    // YAML often notices a problem at the start of the next line, or at the end of the text:
    // point at the last line that has something on it instead.
    while offset > 0 && text[..offset].ends_with(['\n', '\r', ' ', '\t']) {
        offset -= 1;
    }
    if offset > 0 && offset == text.len() {
        offset = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    }
    SyntaxError { offset, width: None, message: clean_message(&raw, first_line), help: None }
}

/// `extra: duplicate entry with key "editor" at line 3 column 7` → (`extra`, `editor`).
fn duplicate_key(message: &str) -> Option<(String, String)> {
    let i = message.find("duplicate entry ")?;
    let path = message[..i].trim_end().trim_end_matches(':').to_string();
    let rest = &message[i + "duplicate entry ".len()..];
    let rest = rest.split(" at line ").next().unwrap_or(rest);
    let key = if let Some(k) = rest.strip_prefix("with key ") {
        let k = k.trim();
        if let Some(q) = k.strip_prefix('"').and_then(|k| k.strip_suffix('"')) {
            q.replace("\\\"", "\"").replace("\\\\", "\\")
        } else {
            k.trim_matches('`').to_string()
        }
    } else if rest.starts_with("with null key") {
        "~".to_string()
    } else {
        return None;
    };
    Some((path, key))
}

/// The first byte at or after `at` that is not a space, a line break or part of a comment.
fn skip_blank(text: &str, mut at: usize) -> usize {
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        at += rest.len() - trimmed.len();
        if trimmed.starts_with('#') {
            at += trimmed.find('\n').unwrap_or(trimmed.len());
        } else {
            return at;
        }
    }
}

/// The first two places where `key` is a key of the mapping that starts at (or after blanks
/// from) `mark`: a block mapping's keys are the lines at its first key's column, a flow
/// mapping's the entries at its first level.
fn locate_duplicate(text: &str, mark: usize, key: &str) -> Option<(usize, usize)> {
    let start = skip_blank(text, mark);
    let found = if text[start..].starts_with('{') { flow_keys(text, start) } else { block_keys(text, start) };
    let mut matches = found.into_iter().filter(|(_, k)| k == key).map(|(at, _)| at);
    Some((matches.next()?, matches.next()?))
}

/// The keys of a block mapping whose first key is at `start`, with their offsets.
fn block_keys(text: &str, start: usize) -> Vec<(usize, String)> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let column = start - line_start;
    let mut keys = Vec::new();
    let mut offset = line_start;
    for (n, line) in text[line_start..].split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let blank = body.trim().is_empty() || body.trim_start().starts_with('#');
        if n == 0 {
            keys.extend(key_at(&body[column..]).map(|k| (start, k)));
        } else if !blank {
            if indent < column {
                break;
            }
            if indent == column {
                keys.extend(key_at(&body[column..]).map(|k| (offset + column, k)));
            }
        }
        offset += line.len();
    }
    keys
}

/// The key a line starts with (`key:`, `"key":`, `'key':`), if it does.
fn key_at(line: &str) -> Option<String> {
    let (key, rest) = if let Some(q) = line.strip_prefix('"') {
        let end = q.find('"')?;
        (q[..end].to_string(), &q[end + 1..])
    } else if let Some(q) = line.strip_prefix('\'') {
        let end = q.find('\'')?;
        (q[..end].to_string(), &q[end + 1..])
    } else {
        let end = line.find(": ").or_else(|| line.strip_suffix(':').map(str::len))?;
        (line[..end].trim_end().to_string(), &line[end..])
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    (rest.starts_with(':')).then_some(key)
}

/// The keys of the flow mapping `{…}` at `start`, at its first level, with their offsets.
fn flow_keys(text: &str, start: usize) -> Vec<(usize, String)> {
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut entry_start = None;
    for (i, c) in text[start..].char_indices() {
        let at = start + i;
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '{' | '[' => {
                depth += 1;
                if depth == 1 {
                    entry_start = Some(at + 1);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => entry_start = Some(at + 1),
            ':' if depth == 1 => {
                if let Some(from) = entry_start.take() {
                    let written = &text[from..at];
                    let key = written.trim().trim_matches(['"', '\'']).to_string();
                    keys.push((from + written.len() - written.trim_start().len(), key));
                }
            }
            _ => {}
        }
    }
    keys
}

/// The first alias (`*name`) outside quotes and comments.
fn first_alias(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (i, c) in line.char_indices() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '#' && prev.is_whitespace() => break,
                None if matches!(c, '"' | '\'') && matches!(prev, ' ' | '[' | '{' | ',' | ':') => quote = Some(c),
                None if c == '*'
                    && matches!(prev, ' ' | '\t' | '[' | '{' | ',' | ':')
                    && line[i + 1..].starts_with(|n: char| !n.is_whitespace() && !matches!(n, ',' | ']' | '}')) =>
                {
                    return Some(offset + i);
                }
                None => {}
            }
            prev = c;
        }
        offset += line.len();
    }
    None
}

/// Characters a Chinese input method types where YAML wants ASCII punctuation: what to type
/// instead, and a name for messages. Values keep them (titles are full of `，` and `：`); they are
/// slips only where YAML reads punctuation, which [`ime_fix`] decides.
const LOOKALIKES: &[(char, &str, &str)] = &[
    ('：', ":", "full-width colon"),
    ('　', " ", "full-width space"),
    ('，', ",", "Chinese comma"),
    ('、', ",", "Chinese enumeration comma"),
    ('；', ",", "Chinese semicolon"),
    ('【', "[", "Chinese bracket"),
    ('】', "]", "Chinese bracket"),
    ('［', "[", "full-width bracket"),
    ('］', "]", "full-width bracket"),
    ('｛', "{", "full-width brace"),
    ('｝', "}", "full-width brace"),
    ('“', "\"", "Chinese quotation mark"),
    ('”', "\"", "Chinese quotation mark"),
    ('‘', "'", "Chinese quotation mark"),
    ('’', "'", "Chinese quotation mark"),
    ('－', "-", "full-width hyphen"),
    ('—', "-", "dash"),
];

/// The name and ASCII counterpart of a character an input method types for YAML punctuation.
pub fn lookalike(c: char) -> Option<(&'static str, &'static str)> {
    LOOKALIKES.iter().find(|(l, _, _)| *l == c).map(|(_, ascii, name)| (*name, *ascii))
}

/// A full-width Latin letter, digit or `＿` (`ｔｉｔｌｅ`) as its ASCII character.
fn ascii_of_full_width(c: char) -> Option<char> {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '＿' => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

/// One character (or run of full-width letters) typed with the input method's Chinese punctuation
/// where YAML reads ASCII.
#[derive(Clone, Debug, PartialEq)]
pub struct Slip {
    /// Byte range in the line.
    pub range: Range<usize>,
    pub found: String,
    /// What to type instead, for messages: "`:` and a space"; `None` when nothing.
    pub instead: Option<String>,
    pub name: &'static str,
}

/// A line of YAML with the input method's slips corrected, and the slips.
#[derive(Clone, Debug, PartialEq)]
pub struct ImeFix {
    pub fixed: String,
    pub slips: Vec<Slip>,
}

impl ImeFix {
    /// "`：` is a full-width colon", for the label under the first slip.
    pub fn label(&self) -> String {
        let first = &self.slips[0];
        format!("`{}` is a {}", first.found, first.name)
    }

    /// "type `title: 关于…` in the input method's English mode: `:` and a space instead of `：`": the
    /// whole line as it should be typed, and each character that changes.
    pub fn help(&self) -> String {
        let mut each: Vec<String> = Vec::new();
        for s in &self.slips {
            let phrase = match &s.instead {
                Some(instead) => format!("{instead} instead of `{}`", s.found),
                None => format!("without `{}`", s.found),
            };
            if !each.contains(&phrase) {
                each.push(phrase);
            }
        }
        format!("type `{}` in the input method's English mode: {}", self.fixed.trim_end(), each.join(", "))
    }
}

/// Corrects the punctuation of one YAML line typed with a Chinese input method: a full-width
/// space in the indentation, `－ ` for a list item, full-width letters in a key, `：` after a key
/// or `:　`, `【…】` for a list, `，`、`；` between list items, `“…”` around a value. Text inside
/// values is left alone. `None` when there is nothing to correct.
pub fn ime_fix(line: &str) -> Option<ImeFix> {
    let mut fixed = String::with_capacity(line.len());
    let mut slips = Vec::new();
    let mut i = 0;
    // indentation: ASCII spaces stay, a full-width space goes
    while let Some(c) = line[i..].chars().next().filter(|c| matches!(c, ' ' | '\t' | '　')) {
        if c == '　' {
            slip(&mut slips, i, c, None);
        } else {
            fixed.push(c);
        }
        i += c.len_utf8();
    }
    // list markers, `- ` or `－ `
    loop {
        let rest = &line[i..];
        let marker = rest.chars().next().filter(|c| matches!(c, '-' | '－' | '—'));
        let Some(m) = marker else { break };
        let after = &rest[m.len_utf8()..];
        if !(after.is_empty() || after.starts_with([' ', '　'])) {
            break;
        }
        if m != '-' {
            slip(&mut slips, i, m, Some("`-`"));
        }
        fixed.push('-');
        i += m.len_utf8();
        i = skip_spaces(line, i, &mut slips, &mut fixed, true);
    }
    // a key: up to `: `, `:` at the end, `:　` or `：`
    let rest = &line[i..];
    if !rest.starts_with(['"', '\'', '[', '{', '#', '【', '［', '｛', '“', '‘', '|', '>']) {
        // `title:关于` (no space after an ASCII colon) is one piece of text to YAML, which then
        // fails on the next line: a key of ASCII letters right before it makes it a slip too
        let identifier = |key: &str| {
            key.starts_with(|c: char| c.is_ascii_alphabetic())
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        };
        let sep = rest.char_indices().find(|&(j, c)| {
            c == '：'
                || (c == ':'
                    && (rest[j + 1..].is_empty()
                        || rest[j + 1..].starts_with([' ', '\t', '　'])
                        || (identifier(&rest[..j]) && !rest[j + 1..].starts_with(['/', ':']))))
        });
        if let Some((j, c)) = sep {
            let key = &rest[..j];
            let plausible = !key.trim_end_matches([' ', '　']).is_empty()
                && !key.trim_end_matches([' ', '　']).contains([' ', '\t'])
                && key.chars().count() <= 40;
            if plausible {
                let mut k = 0;
                let key_trimmed = key.trim_end_matches([' ', '　']);
                while k < key_trimmed.len() {
                    let ch = key_trimmed[k..].chars().next().unwrap_or(' ');
                    if let Some(a) = ascii_of_full_width(ch) {
                        let start = k;
                        let mut run = String::new();
                        let mut ascii = String::new();
                        while let Some(c) =
                            key_trimmed[k..].chars().next().filter(|c| ascii_of_full_width(*c).is_some())
                        {
                            run.push(c);
                            ascii.push(ascii_of_full_width(c).unwrap_or(a));
                            k += c.len_utf8();
                        }
                        fixed.push_str(&ascii);
                        slips.push(Slip {
                            range: i + start..i + k,
                            found: run,
                            instead: Some(format!("`{ascii}`")),
                            name: "word in full-width letters",
                        });
                    } else if ch == '　' {
                        slip(&mut slips, i + k, ch, None);
                        k += ch.len_utf8();
                    } else {
                        fixed.push(ch);
                        k += ch.len_utf8();
                    }
                }
                // spaces between the key and its colon
                let mut at = i + key_trimmed.len();
                while at < i + j {
                    let ch = line[at..].chars().next().unwrap_or(' ');
                    if ch == '　' {
                        slip(&mut slips, at, ch, None);
                    }
                    at += ch.len_utf8();
                }
                let after = &line[i + j + c.len_utf8()..];
                if c == '：' {
                    let ends = after.trim().is_empty();
                    slip(&mut slips, i + j, c, Some(if ends { "`:`" } else { "`:` and a space" }));
                } else if !after.is_empty() && !after.starts_with([' ', '\t', '　']) {
                    slips.push(Slip {
                        range: i + j..i + j + 1,
                        found: ":".into(),
                        instead: Some("`: `".into()),
                        name: "colon with no space after it",
                    });
                }
                fixed.push(':');
                i += j + c.len_utf8();
                let before = fixed.len();
                i = skip_spaces(line, i, &mut slips, &mut fixed, false);
                if fixed.len() == before && i < line.len() {
                    fixed.push(' ');
                }
            }
        }
    }
    fix_value(line, i, &mut slips, &mut fixed);
    if slips.is_empty() { None } else { Some(ImeFix { fixed, slips }) }
}

/// A key typed with the input method (`　title`, `ｔｉｔｌｅ`, `title　`): where in `text` its first
/// slip is, and the line corrected. `key` is the key's byte range in `text`.
pub fn ime_key(text: &str, key: &Range<usize>) -> Option<(Range<usize>, ImeFix)> {
    let line_start = text[..key.start.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let fix = ime_fix(text[line_start..line_end].trim_end_matches('\r'))?;
    let first = fix.slips.first()?.range.clone();
    // only slips in the key itself: the value is text and may hold anything
    (first.start < key.end - line_start).then(|| (line_start + first.start..line_start + first.end, fix))
}

/// The first line of `text` with an input-method slip: where the slip is in `text`, and the line
/// corrected. For a value of the wrong kind (`extra:` whose `source：融媒体` is text to YAML).
pub fn ime_line(text: &str) -> Option<(Range<usize>, ImeFix)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(fix) = ime_fix(line.trim_end_matches(['\n', '\r'])) {
            let first = fix.slips[0].range.clone();
            return Some((offset + first.start..offset + first.end, fix));
        }
        offset += line.len();
    }
    None
}

/// `ｔｉｔｌｅ`, `２０２４－０６－２７`: full-width letters, digits and YAML punctuation as ASCII; other
/// text as it is.
pub fn fold_full_width(text: &str) -> String {
    text.chars()
        .map(|c| match (ascii_of_full_width(c), lookalike(c)) {
            (Some(a), _) => a.to_string(),
            (None, Some((_, a))) => a.to_string(),
            (None, None) => c.to_string(),
        })
        .collect()
}

/// Skips spaces and full-width spaces from `i` and writes one space for them (at the end of the
/// line only when `keep_one`); a full-width space is a slip.
fn skip_spaces(line: &str, mut i: usize, slips: &mut Vec<Slip>, fixed: &mut String, keep_one: bool) -> usize {
    let start = i;
    while let Some(c) = line[i..].chars().next().filter(|c| matches!(c, ' ' | '\t' | '　')) {
        if c == '　' {
            slip(slips, i, c, Some("an ordinary space"));
        }
        i += c.len_utf8();
    }
    if i > start && (i < line.len() || keep_one) {
        fixed.push(' ');
    }
    i
}

/// The value part of a line from `i`: a list in `【】`/`［］`, items separated by `，`、`；`, a value
/// in `“”`, and a full-width space after a list or a quoted value. Plain text is copied as is.
fn fix_value(line: &str, i: usize, slips: &mut Vec<Slip>, fixed: &mut String) {
    let value = &line[i..];
    let body = value.trim_end_matches([' ', '　']);
    let closes = |open: char| match open {
        '[' | '【' | '［' => ['】', '］', ']'],
        '{' | '｛' => ['｝', '}', '}'],
        _ => ['”', '’', '"'],
    };
    let first = body.chars().next();
    let flow = first.filter(|c| matches!(c, '[' | '【' | '［' | '{' | '｛'));
    let quoted =
        first.filter(|c| matches!(c, '“' | '‘')).filter(|_| body.chars().count() > 1 && body.ends_with(['”', '’']));
    let Some(open) = flow.or(quoted) else {
        fixed.push_str(value);
        return;
    };
    let last = body.chars().next_back().filter(|c| closes(open).contains(c));
    let mut after_separator = false;
    for (j, c) in body.char_indices() {
        let at = i + j;
        if std::mem::take(&mut after_separator) && c == ' ' {
            after_separator = true;
            continue;
        }
        let is_last = j + c.len_utf8() == body.len() && last.is_some();
        match c {
            '【' | '［' | '｛' | '】' | '］' | '｝' if j == 0 || is_last => {
                let ascii = lookalike(c).map_or("", |(_, a)| a);
                slip(slips, at, c, Some(&format!("`{ascii}`")));
                fixed.push_str(ascii);
            }
            '，' | '、' | '；' if flow.is_some() => {
                slip(slips, at, c, Some("`,` and a space"));
                fixed.push_str(", ");
                after_separator = true;
            }
            '“' | '”' | '‘' | '’' => {
                let ascii = lookalike(c).map_or("", |(_, a)| a);
                slip(slips, at, c, Some(&format!("`{ascii}`")));
                fixed.push_str(ascii);
            }
            _ => fixed.push(c),
        }
    }
    // a full-width space after `]` or a closing quote ends the line with a stray character
    let tail = &value[body.len()..];
    let mut at = i + body.len();
    for c in tail.chars() {
        if c == '　' {
            slip(slips, at, c, None);
        }
        at += c.len_utf8();
    }
}

/// Records the slip of character `c` at byte `at` of the line.
fn slip(slips: &mut Vec<Slip>, at: usize, c: char, instead: Option<&str>) {
    let name = lookalike(c).map_or("full-width character", |(n, _)| n);
    let instead = instead.map(str::to_string);
    slips.push(Slip { range: at..at + c.len_utf8(), found: c.to_string(), instead, name });
}

impl Value {
    pub fn is_null(&self) -> bool {
        self.0.is_null()
    }

    /// Text; numbers and booleans are accepted as their text (`doc_number: 12`).
    pub fn as_text(&self) -> Result<String, String> {
        match &self.0 {
            serde_yaml::Value::String(s) => Ok(s.clone()),
            serde_yaml::Value::Number(n) => Ok(n.to_string()),
            serde_yaml::Value::Bool(b) => Ok(b.to_string()),
            other => Err(format!("expected text, found {}", kind_name(other))),
        }
    }

    /// A list of text; a single text value is a list of one.
    pub fn as_text_list(&self) -> Result<Vec<String>, String> {
        match &self.0 {
            serde_yaml::Value::Null => Ok(Vec::new()),
            serde_yaml::Value::Sequence(items) => {
                items.iter().map(|v| Value(v.clone()).as_text().map_err(|e| format!("in the list: {e}"))).collect()
            }
            _ => self
                .as_text()
                .map(|s| vec![s])
                .map_err(|_| format!("expected a list of text or one text, found {}", kind_name(&self.0))),
        }
    }

    pub fn as_bool(&self) -> Result<bool, String> {
        match &self.0 {
            serde_yaml::Value::Bool(b) => Ok(*b),
            other => Err(format!("expected true or false, found {}", kind_name(other))),
        }
    }

    pub fn as_i64(&self) -> Result<i64, String> {
        match &self.0 {
            serde_yaml::Value::Number(n) if n.is_i64() => Ok(n.as_i64().unwrap_or_default()),
            other => Err(format!("expected a whole number, found {}", kind_name(other))),
        }
    }

    /// A list of mappings, each as (key, value) pairs.
    pub fn as_map_list(&self) -> Result<Vec<Vec<(String, Value)>>, String> {
        match &self.0 {
            serde_yaml::Value::Null => Ok(Vec::new()),
            serde_yaml::Value::Sequence(items) => items
                .iter()
                .map(|item| Value(item.clone()).as_map())
                .collect::<Result<_, _>>()
                .map_err(|e| format!("in the list: {e}")),
            other => Err(format!("expected a list, found {}", kind_name(other))),
        }
    }

    pub fn as_map(&self) -> Result<Vec<(String, Value)>, String> {
        match &self.0 {
            serde_yaml::Value::Null => Ok(Vec::new()),
            serde_yaml::Value::Mapping(m) => {
                m.iter().map(|(k, v)| Value(k.clone()).as_text().map(|k| (k, Value(v.clone())))).collect()
            }
            other => Err(format!("expected `key: value` pairs, found {}", kind_name(other))),
        }
    }

    /// An empty mapping, for `extra` when it is not set.
    pub fn empty_map() -> Value {
        Value(serde_yaml::Value::Mapping(serde_yaml::Mapping::new()))
    }

    pub fn is_map(&self) -> bool {
        self.0.is_mapping()
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

fn kind_name(v: &serde_yaml::Value) -> &'static str {
    match v {
        serde_yaml::Value::Null => "nothing",
        serde_yaml::Value::Bool(_) => "true/false",
        serde_yaml::Value::Number(_) => "a number",
        serde_yaml::Value::String(_) => "text",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "`key: value` pairs",
        serde_yaml::Value::Tagged(_) => "a tagged value",
    }
}

/// serde_yaml appends " at line L column C" (shown by the code frame, so dropped) and may add
/// context such as ", while parsing a flow sequence at line 3 column 9": those lines are
/// renumbered to lines of the file.
fn clean_message(message: &str, first_line: usize) -> String {
    let Some(i) = message.find(" at line ") else { return message.to_string() };
    let (head, rest) = message.split_at(i);
    let context = match rest.find(", ") {
        Some(j) => &rest[j..],
        None => "",
    };
    let mut out = head.to_string();
    let mut tail = context;
    while let Some(k) = tail.find(" at line ") {
        out.push_str(&tail[..k]);
        let after = &tail[k + " at line ".len()..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let n: usize = digits.parse().unwrap_or(0);
        out.push_str(&format!(" on line {}", n + first_line.saturating_sub(1)));
        let after = &after[digits.len()..];
        tail = match after.strip_prefix(" column ") {
            Some(c) => c.trim_start_matches(|ch: char| ch.is_ascii_digit()),
            None => after,
        };
    }
    out.push_str(tail);
    out
}

/// Finds a top-level key's line (`key:` at column 0, optionally quoted) by scanning the text.
fn locate_key(text: &str, key: &str) -> (Range<usize>, Range<usize>) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        let candidates = [key.to_string(), format!("\"{key}\""), format!("'{key}'")];
        for written in &candidates {
            if let Some(rest) = trimmed.strip_prefix(written.as_str())
                && let Some(after) = rest.trim_start_matches([' ', '\t']).strip_prefix(':')
            {
                let key_range = offset..offset + written.len();
                let value_start = offset + trimmed.len() - after.trim_start().len();
                let value_end = (offset + trimmed.len()).max(value_start);
                let value_range = if value_start == value_end { key_range.clone() } else { value_start..value_end };
                return (key_range, value_range);
            }
        }
        offset += line.len();
    }
    let first = text.find('\n').unwrap_or(text.len());
    (0..first, 0..first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_keep_order_and_positions() {
        let text = "title: 报告\ntopics:\n  - 生态环保\ndate: 2024-01-04\n";
        let entries = parse_mapping(text, 1).unwrap();
        let keys: Vec<_> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["title", "topics", "date"]);
        assert_eq!(&text[entries[2].value_range.clone()], "2024-01-04");
        assert_eq!(&text[entries[1].key_range.clone()], "topics");
        assert_eq!(entries[2].value.as_text().unwrap(), "2024-01-04");
    }

    /// (line, column) in the text (1-based) and the message of the error for `text`.
    fn error_at(text: &str) -> (usize, usize, String) {
        let err = parse_mapping(text, 1).unwrap_err();
        let before = &text[..err.offset];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        (line, column, err.message)
    }

    #[test]
    fn duplicate_keys_point_at_the_second() {
        let cases: &[(&str, (usize, usize, &str))] = &[
            ("title: a\ndate: 1\ntitle: b\n", (3, 1, "`title` is set twice; it is already set on line 1")),
            ("# note\n\ntitle: a\n\"title\": b\n", (4, 1, "`title` is set twice; it is already set on line 3")),
            (
                "title: a\nextra:\n  source: x\n  photos:\n    - 1.jpg\n  # editor: no\n  editor: 张\n  editor: 李\n",
                (8, 3, "`editor` is set twice in `extra`; it is already set on line 7"),
            ),
            (
                "extra:\n  a:\n    b: 1\n    c: 2\n    b: 3\n  b: 4\n",
                (5, 5, "`b` is set twice in `extra.a`; it is already set on line 3"),
            ),
            (
                "attachments:\n  - file: a.pdf\n    title: 甲\n  - file: b.pdf\n    file: c.pdf\n",
                (5, 5, "`file` is set twice in `attachments[1]`; it is already set on line 4"),
            ),
            ("extra: {a: 1, b: [1, 2], 'a': 3}\n", (1, 26, "`a` is set twice in `extra`; it is already set on line 1")),
            ("extra:\n  1: x\n  1: y\n", (3, 3, "`1` is set twice in `extra`; it is already set on line 2")),
        ];
        for (text, (line, column, message)) in cases {
            assert_eq!(error_at(text), (*line, *column, message.to_string()), "{text}");
        }
        let err = parse_mapping("title: a\ntitle: b\n", 4).unwrap_err();
        assert_eq!(err.message, "`title` is set twice; it is already set on line 4");
        assert!(err.help.unwrap().contains("keep one `title:`"));
    }

    #[test]
    fn alias_expansion_points_at_the_aliases() {
        let mut text = String::from(
            "title: 报告 # a *star\nextra:\n  s: \"*not\"\n  a: &a [\"哈\",\"哈\",\"哈\",\"哈\",\"哈\",\"哈\"]\n",
        );
        for (name, prev) in
            ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            text.push_str(&format!("  {name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
        }
        let (line, column, message) = error_at(&text);
        assert_eq!((line, column), (5, 10));
        assert!(message.starts_with("aliases such as `*a` repeat values"), "{message}");
        assert!(parse_mapping(&text, 1).unwrap_err().help.unwrap().contains("`&anchor` and `*alias`"));
        // aliases that do not multiply are fine
        assert!(parse_mapping("extra:\n  a: &a [1, 2]\n  b: *a\n", 1).is_ok());
    }

    #[test]
    fn deep_brackets_point_at_the_value() {
        let text = format!("date: 2024-01-04\ntitle: {}\n", "[".repeat(200));
        let err = parse_mapping(&text, 1).unwrap_err();
        assert_eq!(err.offset, text.find('[').unwrap());
        assert!(err.message.contains("nest deeper than 128 levels"), "{}", err.message);
        assert_eq!(err.help.as_deref(), Some("if this is text, put it in quotes: `title: \"[[[[[[…\"`"));
        let block: String = (0..140).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        let err = parse_mapping(&block, 1).unwrap_err();
        assert_eq!(err.message, "values are nested deeper than 128 levels");
        let listed = format!("topics:\n  - {}\n", "{".repeat(150));
        let err = parse_mapping(&listed, 1).unwrap_err();
        assert_eq!(err.offset, listed.find('{').unwrap());
    }

    /// (line, column, the character's name, the line to type) of the slip that explains the
    /// error in `text`.
    fn ime_error(text: &str) -> (usize, usize, String, String) {
        let err = parse_mapping(text, 1).unwrap_err();
        let (line, _, message) = error_at(text);
        let column = text[..err.offset].rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let help = err.help.unwrap_or_default();
        let typed = help.strip_prefix("type `").and_then(|h| h.split_once('`')).map(|(t, _)| t.to_string());
        assert_eq!(err.width, text[err.offset..].chars().next().map(char::len_utf8), "{text}");
        (line, column, message, typed.unwrap_or(help))
    }

    #[test]
    fn ime_slips_are_named_where_typed() {
        // (text, (line, column, message, the line to type))
        type Case<'a> = (&'a str, (usize, usize, &'a str, &'a str));
        let cases: &[Case] = &[
            // the case: YAML noticed it on the next line and never named `：`
            (
                "title：关于加强养老服务的审议意见\ndate: 2024-06-27\n",
                (1, 6, "`：` is a full-width colon", "title: 关于加强养老服务的审议意见"),
            ),
            (
                "title：关于加强养老服务的审议意见\n",
                (1, 6, "`：` is a full-width colon", "title: 关于加强养老服务的审议意见"),
            ),
            ("title: a\ndate：2024-06-27\n", (2, 5, "`：` is a full-width colon", "date: 2024-06-27")),
            (
                "title: a\ntopics：[代表工作，法治建设]\ndate: 2024-06-27\n",
                (2, 7, "`：` is a full-width colon", "topics: [代表工作, 法治建设]"),
            ),
            ("title:　x\n", (1, 7, "`　` is a full-width space", "title: x")),
            ("date: 2024-06-27\ntitle:　关于\n", (2, 7, "`　` is a full-width space", "title: 关于")),
            ("title: a\ntopics:\n－ 代表工作\n", (3, 1, "`－` is a full-width hyphen", "- 代表工作")),
            ("title: a\ntopics:\n  - 代表工作\n  － 法治建设\n", (4, 3, "`－` is a full-width hyphen", "  - 法治建设")),
            (
                "title: a\ntopics: [代表工作, 法治建设]　\n",
                (2, 21, "`　` is a full-width space", "topics: [代表工作, 法治建设]"),
            ),
            ("title: a\nextra: ｛source: 融媒体｝\n", (2, 8, "`｛` is a full-width brace", "extra: {source: 融媒体}")),
            ("title: “关于: 审议”\n", (1, 8, "`“` is a Chinese quotation mark", "title: \"关于: 审议\"")),
            // not full-width, but the same slip in effect: YAML read the line as text
            (
                "title:关于加强养老服务的审议意见\ndate: 2024-06-27\n",
                (1, 6, "`:` is a colon with no space after it", "title: 关于加强养老服务的审议意见"),
            ),
            (
                "title: a\ndate:2024-06-27\ntype: x\n",
                (2, 5, "`:` is a colon with no space after it", "date: 2024-06-27"),
            ),
        ];
        for (text, (line, column, message, typed)) in cases {
            assert_eq!(ime_error(text), (*line, *column, message.to_string(), typed.to_string()), "{text}");
        }
        let help = parse_mapping("title：关于\n", 1).unwrap_err().help.unwrap();
        assert_eq!(help, "type `title: 关于` in the input method's English mode: `:` and a space instead of `：`");
        // other errors keep YAML's words, also when a `，` is near: the list is not closed
        let err = parse_mapping("title: 关于：审议\ntopics: [a, b\n", 1).unwrap_err();
        assert!(err.message.starts_with("did not find expected ',' or ']'"), "{}", err.message);
        let err = parse_mapping("title: a\nsummary: |\n  　　本报告：一、二。\ntopics: [代表工作，法治建设\n", 1)
            .unwrap_err();
        assert!(err.message.starts_with("did not find expected ',' or ']'"), "{}", err.message);
        let err = parse_mapping("title: a\ntopics：\n  - 代表工作\n", 1).unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.help.unwrap().contains("type `topics:`")),
            ("`：` is a full-width colon", true)
        );
    }

    /// Every short text of YAML punctuation and its input-method look-alikes: no panic, and an
    /// error points at a character of the text.
    #[test]
    fn ime_slips_never_panic() {
        let alphabet = ['：', '　', ':', ' ', '-', '－', 'a', '[', '【', '】', '，', '"', '“', '”', '\n', 'ｔ'];
        let n = alphabet.len();
        for mut i in 0..n.pow(4) {
            let mut text = String::from("t:");
            for _ in 0..4 {
                text.push(alphabet[i % n]);
                i /= n;
            }
            for line in text.lines() {
                if let Some(fix) = ime_fix(line) {
                    assert!(
                        fix.slips.iter().all(|s| line.is_char_boundary(s.range.start) && s.range.end <= line.len())
                    );
                }
            }
            if let Err(e) = parse_mapping(&text, 1) {
                assert!(text.is_char_boundary(e.offset) && e.offset <= text.len(), "{text:?}");
                assert!(e.width.is_none_or(|w| text.is_char_boundary(e.offset + w)), "{text:?}");
            }
        }
    }

    #[test]
    fn ime_fix_leaves_text_alone() {
        for line in [
            "title: 关于：审议",
            "title: \"关于：审议\"",
            "title: 关于代表工作，法治建设的报告",
            "doc_number: 江人常〔2024〕5号",
            "summary: “十四五”规划、年度计划；其他",
            "meeting: 江陵县第七届人民代表大会第三次会议",
            "  - 代表工作",
            "- file: a.pdf",
            "extra:",
        ] {
            assert_eq!(ime_fix(line), None, "{line}");
        }
        // full-width letters and spaces in a key are named
        let fix = ime_fix("ｔｉｔｌｅ　: x").unwrap();
        assert_eq!(fix.fixed, "title: x");
        assert_eq!(fix.label(), "`ｔｉｔｌｅ` is a word in full-width letters");
        assert_eq!(fix.slips[1].found, "　");
    }

    #[test]
    fn syntax_error_has_offset() {
        let text = "title: a\nbad: [unclosed\n";
        let err = parse_mapping(text, 1).unwrap_err();
        assert!(err.offset > 0 && err.offset <= text.len());
    }

    #[test]
    fn context_lines_are_file_lines() {
        let err = parse_mapping("title: a\ntopics: [x, y\ndate: 1\n", 2).unwrap_err();
        assert_eq!(err.message, "did not find expected ',' or ']', while parsing a flow sequence on line 3");
    }

    #[test]
    fn deep_flow_nesting_is_refused_at_once() {
        let deep = format!("extra: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse_mapping(&deep, 1).unwrap_err();
        assert!(err.message.contains("nest deeper than 128"), "{}", err.message);
        assert_eq!(err.offset, "extra: ".len());
        let ok = format!("extra: {}1{}\n", "[".repeat(100), "]".repeat(100));
        assert!(parse_mapping(&ok, 1).is_ok());
    }

    #[test]
    fn yes_no_stay_text() {
        let e = parse_mapping("a: no\nb: yes\n", 1).unwrap();
        assert_eq!(e[0].value.as_text().unwrap(), "no");
        assert!(e[1].value.as_bool().is_err());
    }

    #[test]
    fn single_text_is_a_list_of_one() {
        let e = parse_mapping("topics: 生态环保\n", 1).unwrap();
        assert_eq!(e[0].value.as_text_list().unwrap(), ["生态环保"]);
    }
}
