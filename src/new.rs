//! `gazette new SECTION TITLE`: a new report with its front matter filled in.
//!
//! In: the site root, a section name, a title, an optional slug and today's date (passed in, so
//! tests control the clock). Out: `content/<section>/<year>/<date>-<slug>.md` (the path and slug
//! rules of [`crate::authoring`], shared with `import`) with title, date, empty `type` and
//! `topics` ready to fill, and commented optional fields; its path.
//! Never: overwrites a file (or a page bundle of the same name), or writes outside `content/`.

use std::path::{Path, PathBuf};

use crate::authoring::{self, yaml_string};
use crate::config::{Config, Overrides};
use crate::diag::{Code, Diagnostic};

/// What to create.
#[derive(Debug)]
pub struct NewPage<'a> {
    pub root: &'a Path,
    pub section: &'a str,
    pub title: &'a str,
    /// Overrides the slug made from the title.
    pub slug: Option<&'a str>,
    pub today: jiff::civil::Date,
}

/// Writes the new page and returns its path relative to the site root.
pub fn new_page(req: &NewPage<'_>) -> Result<PathBuf, Vec<Diagnostic>> {
    let config = Config::load(req.root, &Overrides::default())?;
    let title = req.title.trim();
    if title.is_empty() {
        return Err(vec![
            Diagnostic::error(Code::InvalidTarget, "the title is empty")
                .with_help("give the title in quotes: gazette new reports \"关于……的调研报告\""),
        ]);
    }
    let section = authoring::check_section(req.section).map_err(|d| vec![d])?;
    let slug = authoring::choose_slug(title, req.slug, config.slugify).map_err(|d| vec![d])?;
    let rel = authoring::report_path(section, Some(req.today), &slug, false);
    let text = page_text(title, req.today, section);
    authoring::write_new(req.root, &rel, text.as_bytes()).map_err(|d| vec![d])?;
    Ok(rel)
}

/// The text of a new page: front matter only, with comments for the fields to fill.
pub fn page_text(title: &str, date: jiff::civil::Date, section: &str) -> String {
    let doc_type = if section == "news" { "新闻" } else { "" };
    format!(
        "---\n\
         title: {title}\n\
         date: {date}\n\
         type: {doc_type}  # the kind of document: 工作报告, 审议意见, 执法检查报告, 调研报告 or 新闻\n\
         topics: []  # e.g. [代表工作, 法治建设]; each topic gets an index page\n\
         # meeting: 江陵县第七届人民代表大会第三次会议  # where it was delivered\n\
         # speaker: 汪新华  # who delivered it\n\
         # speaker_title: 县人大常委会主任  # their office\n\
         # doc_number: 江人常〔2024〕5号  # the official document number (文号)\n\
         ---\n\n",
        title = yaml_string(title),
        doc_type = yaml_string(doc_type),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(title: &str, section: &str, expected: &str) {
        let date = jiff::civil::date(2024, 1, 4);
        let text = page_text(title, date, section);
        assert_eq!(text, expected);
        // what `new` writes must parse as front matter
        let source = crate::diag::Source { path: "a.md".into(), text: text.as_str().into() };
        let split = crate::pipeline::front_matter::split(&source, &text).unwrap();
        let meta = crate::pipeline::front_matter::parse_page(&source, &split, &["topics".into(), "types".into()])
            .unwrap_or_else(|d| panic!("{}", d[0].render(false)));
        assert_eq!(meta.title.as_deref(), Some(title));
    }

    #[test]
    fn page_texts() {
        check(
            "关于全县优化营商环境工作情况的调研报告",
            "reports",
            "---\ntitle: 关于全县优化营商环境工作情况的调研报告\ndate: 2024-01-04\n\
             type: \"\"  # the kind of document: 工作报告, 审议意见, 执法检查报告, 调研报告 or 新闻\n\
             topics: []  # e.g. [代表工作, 法治建设]; each topic gets an index page\n\
             # meeting: 江陵县第七届人民代表大会第三次会议  # where it was delivered\n\
             # speaker: 汪新华  # who delivered it\n\
             # speaker_title: 县人大常委会主任  # their office\n\
             # doc_number: 江人常〔2024〕5号  # the official document number (文号)\n---\n\n",
        );
        let text = page_text("Budget: 2024 #1", jiff::civil::date(2024, 1, 4), "news");
        assert!(text.starts_with("---\ntitle: \"Budget: 2024 #1\"\ndate: 2024-01-04\ntype: 新闻  #"), "{text}");
    }
}
