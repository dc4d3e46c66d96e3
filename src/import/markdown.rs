//! Writing a recognised report as Markdown with front matter.
//!
//! In: a [`Report`]. Out: the text of a `.md` page: front matter with every recognised field,
//! and a YAML comment for each field the editor still has to fill; then the body, with bold lead
//! sentences written the CJK-friendly way (`**扎实开展主题教育。**按照……`, which Gazette's Markdown
//! stage renders bold), tables as pipe tables and images as bundle-relative links.
//! Never: lets source text turn into Markdown syntax by accident — `*`, `#`, `1.` at a line start
//! and the like are escaped, so the page shows exactly the words of the source.

use std::fmt::Write as _;

use super::structure::{Element, Report, Run};
use crate::authoring::yaml_string;

/// The page text.
pub fn render(report: &Report) -> String {
    let mut out = front_matter(report);
    for element in &report.body {
        out.push('\n');
        match element {
            Element::Heading { level, text } => {
                let _ = writeln!(out, "{} {}", "#".repeat(usize::from(*level).clamp(1, 6)), escape(text, false));
            }
            Element::Paragraph(runs) => {
                out.push_str(&paragraph(runs));
                out.push('\n');
            }
            Element::Table(rows) => out.push_str(&table(rows)),
            Element::Image { file, alt } => {
                let _ = writeln!(out, "![{}]({})", escape(alt, false), file);
            }
        }
    }
    out
}

fn front_matter(report: &Report) -> String {
    let m = &report.meta;
    let mut out = String::from("---\n");
    let field = |out: &mut String, key: &str, value: Option<String>, missing: &str| match value {
        Some(v) => {
            let _ = writeln!(out, "{key}: {}", yaml_string(&v));
        }
        None => {
            let _ = writeln!(out, "# {key}:  # {missing}");
        }
    };
    field(&mut out, "title", m.title.clone(), "not found: the report's title");
    match m.date {
        // a date is written bare: front matter reads `2024-01-04` as a date
        Some(d) => {
            let _ = writeln!(out, "date: {d}");
        }
        None => out.push_str("# date:  # not found: the date it was delivered or issued, e.g. 2024-01-04\n"),
    }
    field(&mut out, "meeting", m.meeting.clone(), "not found: the meeting, e.g. 江陵县第七届人民代表大会第三次会议");
    field(&mut out, "speaker", m.speaker.clone(), "not found: who delivered it, e.g. 汪新华");
    field(&mut out, "speaker_title", m.speaker_title.clone(), "not found: their office, e.g. 县人大常委会主任");
    field(&mut out, "author", m.author.clone(), "not found: the issuing body, e.g. 县人大常委会办公室");
    field(
        &mut out,
        "doc_number",
        m.doc_number.clone(),
        "not found: the document number (文号), e.g. 江人常〔2024〕5号",
    );
    match &m.doc_type {
        Some(t) => {
            let _ = writeln!(out, "type: {}", yaml_string(t));
        }
        None => out.push_str("type: \"\"  # fill in: 工作报告, 审议意见, 执法检查报告, 调研报告 or 新闻\n"),
    }
    out.push_str("topics: []  # fill in, e.g. [代表工作, 法治建设]\n");
    out.push_str("---\n");
    out
}

/// A paragraph of runs on one line; bold runs as `**…**` with spaces kept outside.
fn paragraph(runs: &[Run]) -> String {
    let mut out = String::new();
    for (i, run) in runs.iter().enumerate() {
        let text = escape(&run.text, i == 0 && !run.bold);
        let has_word = run.text.chars().any(char::is_alphanumeric);
        if run.bold && has_word {
            let inner = text.trim();
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            let inner = if i == 0 { escape(run.text.trim(), true) } else { inner.to_string() };
            let _ = write!(out, "{lead}**{inner}**{trail}");
        } else {
            out.push_str(&text);
        }
    }
    // Line breaks inside a run would start new Markdown blocks.
    out.replace(['\n', '\r'], " ").replace('\t', " ")
}

fn table(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        out.push('|');
        for c in 0..width {
            let cell = row.get(c).map_or(String::new(), |t| escape(t, false).replace(['\n', '\r', '\t'], " "));
            let _ = write!(out, " {} |", cell.trim());
        }
        out.push('\n');
        if i == 0 {
            out.push('|');
            out.push_str(&" --- |".repeat(width));
            out.push('\n');
        }
    }
    out
}

/// Escapes Markdown syntax in source text. `line_start`: the text begins a line, where `1.`,
/// `-`, `+` and `=` would start lists or underline headings.
pub fn escape(text: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '~' | '|' | '&' | '{' | '}' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    if line_start {
        let trimmed = out.trim_start();
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && matches!(trimmed.as_bytes().get(digits), Some(b'.' | b')')) {
            let at = out.len() - trimmed.len() + digits;
            out.insert(at, '\\');
        } else if trimmed.starts_with(['-', '+', '=']) {
            let at = out.len() - trimmed.len();
            out.insert(at, '\\');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(runs: &[Run], expected: &str) {
        assert_eq!(paragraph(runs), expected, "{runs:?}");
    }

    #[test]
    fn paragraphs() {
        check(&[Run::bold("扎实开展主题教育。"), Run::plain("按照部署。")], "**扎实开展主题教育。**按照部署。");
        check(&[Run::bold("“双联”工作不断深化。 "), Run::plain("深化机制。")], "**“双联”工作不断深化。** 深化机制。");
        check(&[Run::plain("1.全年*完成*"), Run::bold("。")], "1\\.全年\\*完成\\*。");
        check(&[Run::plain("- 列表 # 不是")], "\\- 列表 \\# 不是");
        check(&[Run::bold("1.加强学习。"), Run::plain("内容")], "**1\\.加强学习。**内容");
        check(&[Run::plain("2023年，GDP增长5.2%。")], "2023年，GDP增长5.2%。");
    }

    #[test]
    fn tables() {
        let rows = vec![vec!["项目".to_string(), "金额|万元".to_string()], vec!["教育".to_string()]];
        assert_eq!(table(&rows), "| 项目 | 金额\\|万元 |\n| --- | --- |\n| 教育 |  |\n");
    }
}
