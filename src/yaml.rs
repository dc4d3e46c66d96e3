//! The one module that knows serde_yaml, so the YAML crate can be swapped in one place.
//!
//! In: the text of a YAML mapping (site.yaml or a front matter block).
//! Out: its top-level entries in order, each with the byte range of its key line, and typed
//! accessors that turn a wrong type into a message naming what was expected.
//! Never: uses `serde_json::Value` (duplicate keys would silently win last).

use std::ops::Range;

use serde::Serialize;

/// A YAML value, opaque outside this module.
#[derive(Clone, Debug, PartialEq)]
pub struct Value(serde_yaml::Value);

/// A syntax error: a byte offset into the parsed text and a message.
#[derive(Debug)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
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
}

/// Parses a YAML mapping. Empty text (or only comments) is an empty mapping. `first_line` is
/// the line of the file the text starts on, so messages name lines of the file.
pub fn parse_mapping(text: &str, first_line: usize) -> Result<Vec<Entry>, SyntaxError> {
    if let Some(offset) = too_deep(text) {
        return Err(SyntaxError {
            offset,
            message: format!("`[` and `{{` nested deeper than {MAX_FLOW_DEPTH} levels"),
        });
    }
    let value: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let mut offset = e.location().map_or(0, |l| l.index()).min(text.len());
            // YAML often notices a problem at the start of the next line, or at the end of the
            // text: point at the last line that has something on it instead.
            while offset > 0 && text[..offset].ends_with(['\n', '\r', ' ', '\t']) {
                offset -= 1;
            }
            if offset > 0 && offset == text.len() {
                offset = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            }
            return Err(SyntaxError { offset, message: clean_message(&e.to_string(), first_line) });
        }
    };
    let mapping = match value {
        serde_yaml::Value::Null => return Ok(Vec::new()),
        serde_yaml::Value::Mapping(m) => m,
        other => {
            return Err(SyntaxError {
                offset: 0,
                message: format!("expected `key: value` lines, found {}", kind_name(&other)),
            });
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
                    message: format!("a key must be text, found {}", kind_name(&other)),
                });
            }
        };
        let (key_range, value_range) = locate_key(text, &key);
        entries.push(Entry { key, value: Value(value), key_range, value_range });
    }
    Ok(entries)
}

/// serde_yaml refuses values nested deeper than 128 levels, but only after its scanner has read
/// them, in time quadratic in the depth: 100,000 `[` took minutes (test
/// `yaml::tests::deep_flow_nesting_is_refused_at_once`). Deeper `[`/`{` nesting is refused first.
const MAX_FLOW_DEPTH: usize = 128;

/// Where `[`/`{` nesting first goes past [`MAX_FLOW_DEPTH`] (quotes and comments are not
/// skipped: that only matters for text with over a hundred unmatched brackets).
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
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

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse_mapping("title: a\ntitle: b\n", 1).unwrap_err();
        assert!(err.message.contains("duplicate"), "{}", err.message);
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
        assert!(err.message.contains("nested deeper than 128"), "{}", err.message);
        assert_eq!(err.offset, "extra: ".len() + 128);
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
