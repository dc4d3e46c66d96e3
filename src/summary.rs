//! What the commands print about a site when they succeed, written for editors: in the site's
//! language, with counts that agree with their nouns ("1 page", "2 pages"), and no internal
//! words (shards, segmentation).
//!
//! In: the site's language and a command's report. Out: lines of text.
//! Never: prints anything itself, or words a message about Gazette's machinery (the diagnostics
//! and the command line's own errors stay in English, with their stable codes).

use std::time::Duration;

use crate::config::Language;
use crate::pipeline::BuildReport;

/// The summary lines of a finished `gazette build` (or a `serve` rebuild: `rebuilt` with what it
/// rendered), without the warnings themselves.
pub fn build(language: Language, report: &BuildReport, output: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let time = duration(report.elapsed);
    if report.up_to_date {
        lines.push(match language {
            Language::ZhCn => format!("{output} 已是最新：自上次生成以来没有任何改动（{time}）"),
            Language::En => format!("{output} is up to date: nothing changed since the last build ({time})"),
        });
        return lines;
    }
    lines.push(match language {
        Language::ZhCn => format!(
            "已生成 {} 个页面和 {} 个列表页（共 {} 个文件），输出到 {output}，用时 {time}",
            report.pages, report.index_pages, report.files
        ),
        Language::En => format!(
            "built {} and {} ({}) into {output} in {time}",
            count(report.pages, "page", "pages"),
            count(report.index_pages, "index page", "index pages"),
            count(report.files, "file", "files"),
        ),
    });
    if let Some(s) = &report.search {
        let size = format!("{:.1} MB", s.bytes as f64 / 1e6);
        let time = duration(s.elapsed);
        lines.push(match (language, s.segmented) {
            (Language::ZhCn, 0) => format!("搜索索引：收录 {} 个页面，{size}，用时 {time}", s.pages),
            (Language::ZhCn, n) => {
                format!("搜索索引：收录 {} 个页面（其中 {n} 个是新增或改动的），{size}，用时 {time}", s.pages)
            }
            (Language::En, 0) => format!("search index: {}, {size}, in {time}", count(s.pages, "page", "pages")),
            (Language::En, n) => {
                format!("search index: {} ({n} new or changed), {size}, in {time}", count(s.pages, "page", "pages"))
            }
        });
    }
    lines.extend(drafts(language, report.drafts));
    lines.extend(warnings(language, report.warnings.len()));
    lines
}

/// `build --verbose`: how much of the search index came from its cache, in Gazette's own terms
/// (the index is split by year into shards; Chinese text is segmented into words once per page).
pub fn search_details(s: &crate::search::SearchReport) -> String {
    format!(
        "search details: {} in {}, {} indexed again, {} segmented again",
        count(s.pages, "page", "pages"),
        count(s.shards, "shard", "shards"),
        count(s.indexed_shards, "shard", "shards"),
        count(s.segmented, "page", "pages"),
    )
}

/// One line after a `serve` rebuild.
pub fn rebuild(language: Language, report: &BuildReport, elapsed: Duration) -> String {
    let time = duration(elapsed);
    match language {
        Language::ZhCn => format!(
            "已重新生成（{time}）：{} 个页面，重新渲染 {} 个，写入 {} 个文件",
            report.pages, report.rendered, report.written
        ),
        Language::En => format!(
            "rebuilt in {time}: {}, {} rendered again, {} written",
            count(report.pages, "page", "pages"),
            report.rendered,
            count(report.written, "file", "files"),
        ),
    }
}

/// The line `gazette check` ends with when it found no error.
pub fn check_passed(language: Language, warnings: usize) -> String {
    match (language, warnings) {
        (Language::ZhCn, 0) => "检查通过：没有发现错误或警告".into(),
        (Language::ZhCn, n) => format!("检查通过：没有发现错误，有 {n} 条警告"),
        (Language::En, 0) => "no errors or warnings found".into(),
        (Language::En, n) => format!("no errors found, {}", count(n, "warning", "warnings")),
    }
}

/// The line `gazette check` ends with when it found errors.
pub fn check_failed(language: Language, errors: usize, warnings: usize) -> String {
    match language {
        Language::ZhCn => format!("发现 {errors} 个错误、{warnings} 条警告"),
        Language::En => format!("{}, {}", count(errors, "error", "errors"), count(warnings, "warning", "warnings")),
    }
}

/// A note when the output holds drafts (`--drafts`).
fn drafts(language: Language, n: usize) -> Option<String> {
    (n > 0).then(|| match language {
        Language::ZhCn => format!("注意：输出中有 {n} 篇草稿（--drafts），只供预览，请勿发布"),
        Language::En => {
            format!("note: the output holds {} (--drafts): preview it, do not publish it", count(n, "draft", "drafts"))
        }
    })
}

fn warnings(language: Language, n: usize) -> Option<String> {
    (n > 0).then(|| match language {
        Language::ZhCn => format!("{n} 条警告"),
        Language::En => count(n, "warning", "warnings"),
    })
}

/// `1 page`, `2 pages`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn duration(d: Duration) -> String {
    if d.as_secs() >= 1 { format!("{:.2} s", d.as_secs_f64()) } else { format!("{} ms", d.as_millis()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        let report = BuildReport { pages: 1, index_pages: 2, files: 1, drafts: 1, ..BuildReport::default() };
        let en = build(Language::En, &report, "public").join("\n");
        assert!(en.starts_with("built 1 page and 2 index pages (1 file) into public in "), "{en}");
        assert!(en.contains("holds 1 draft "), "{en}");
        assert!(!en.contains("(s)"), "{en}");
        let zh = build(Language::ZhCn, &report, "public").join("\n");
        assert!(zh.starts_with("已生成 1 个页面和 2 个列表页（共 1 个文件），输出到 public"), "{zh}");
        assert!(zh.contains("1 篇草稿"), "{zh}");
        assert_eq!(check_passed(Language::En, 1), "no errors found, 1 warning");
        assert_eq!(check_failed(Language::En, 1, 2), "1 error, 2 warnings");
    }
}
