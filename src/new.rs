//! `gazette new SECTION TITLE`: a new report with its front matter filled in.
//!
//! In: the site root, a section name, a title, an optional slug and today's date (passed in, so
//! tests control the clock). Out: `content/<section>/<year>/<date>-<slug>.md` with title, date,
//! empty `type` and `topics` ready to fill, and commented optional fields; its path.
//! Never: overwrites a file (or a page bundle of the same name), or writes outside `content/`.

use std::path::{Path, PathBuf};

use crate::config::{Config, Overrides, SlugMode};
use crate::diag::{Code, Diagnostic};
use crate::import::markdown::yaml_string;
use crate::text;

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
    let section = check_section(req.section).map_err(|d| vec![d])?;
    let slug = choose_slug(title, req.slug, config.slugify).map_err(|d| vec![d])?;
    let rel = page_path(section, req.today, &slug);
    let text = page_text(title, req.today, section);
    write_new(req.root, &rel, text.as_bytes()).map_err(|d| vec![d])?;
    Ok(rel)
}

/// Today's date: `GAZETTE_TODAY` when set (tests pin the clock with it), else the local date.
pub fn today(pinned: Option<&str>) -> Result<jiff::civil::Date, Diagnostic> {
    match pinned {
        Some(s) => crate::pipeline::front_matter::parse_date(s)
            .map(|d| d.date)
            .map_err(|m| Diagnostic::error(Code::InvalidDate, format!("invalid GAZETTE_TODAY: {m}"))),
        None => Ok(jiff::ZonedDateTime::now().date()),
    }
}

/// `content/<section>/<year>/<date>-<slug>.md`.
pub fn page_path(section: &str, date: jiff::civil::Date, slug: &str) -> PathBuf {
    PathBuf::from("content").join(section).join(date.year().to_string()).join(format!("{date}-{slug}.md"))
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

/// A section is one folder name of `content/`: no separators, no `..`, no hidden folder.
pub fn check_section(section: &str) -> Result<&str, Diagnostic> {
    let s = section.trim();
    let bad = s.is_empty()
        || s.starts_with('.')
        || s.starts_with('_')
        || s.chars().any(|c| c == '/' || c == '\\' || c == ':' || c.is_control());
    if bad {
        return Err(Diagnostic::error(Code::InvalidTarget, format!("`{section}` is not a section name"))
            .with_help("a section is one folder of content/, such as `reports` or `news`"));
    }
    Ok(s)
}

/// The slug: `--slug` when given (validated), else the title's.
pub fn choose_slug(title: &str, given: Option<&str>, mode: SlugMode) -> Result<String, Diagnostic> {
    match given {
        Some(slug) if text::is_valid_slug(slug, mode) => Ok(slug.to_string()),
        Some(slug) => Err(Diagnostic::error(Code::InvalidTarget, format!("`{slug}` is not a valid slug"))
            .with_help("a slug may contain ASCII letters, digits, `-` and `_` (Chinese too with `slugify: unicode`)")),
        None => {
            let slug = text::slugify(title, mode);
            if slug.is_empty() {
                Err(Diagnostic::error(Code::InvalidTarget, format!("the title `{title}` gives no URL slug"))
                    .with_help("pass one, e.g. --slug work-report"))
            } else {
                Ok(slug)
            }
        }
    }
}

/// Writes a new file under `root`, creating folders; refuses when the file, or a page bundle
/// folder of the same name, exists.
pub fn write_new(root: &Path, rel: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let path = root.join(rel);
    refuse_existing(root, rel)?;
    if let Some(parent) = path.parent() {
        crate::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(Code::Io, e.to_string()).with_file(rel.to_path_buf()))?;
    }
    let written = (|| -> std::io::Result<()> {
        use std::io::Write as _;
        let mut f = std::fs::File::options().write(true).create_new(true).open(&path)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists(rel)),
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            Err(Diagnostic::error(Code::Io, format!("cannot write {}: {}", rel.display(), crate::fs::io_reason(&e)))
                .with_file(rel.to_path_buf()))
        }
    }
}

/// Errors when `rel` or the other form of the same page (`x.md` ↔ `x/index.md`) exists.
pub fn refuse_existing(root: &Path, rel: &Path) -> Result<(), Diagnostic> {
    let other = match rel.file_name().and_then(|n| n.to_str()) {
        Some("index.md") => rel.parent().map(|p| p.with_extension("md")),
        Some(_) => Some(rel.with_extension("")),
        None => None,
    };
    if root.join(rel).exists() {
        return Err(exists(rel));
    }
    if let Some(other) = other
        && root.join(&other).exists()
    {
        return Err(exists(&other).with_note(format!("{} would have the same URL", rel.display())));
    }
    Ok(())
}

fn exists(rel: &Path) -> Diagnostic {
    Diagnostic::error(Code::TargetExists, format!("{} already exists", rel.display()))
        .with_file(rel.to_path_buf())
        .with_help("Gazette never overwrites a report: rename or move the existing one first")
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

    #[test]
    fn sections_and_slugs() {
        assert!(check_section("reports").is_ok());
        assert!(check_section("新闻").is_ok());
        for bad in ["", "../x", "a/b", ".hidden", "_index", "a\\b"] {
            assert!(check_section(bad).is_err(), "{bad}");
        }
        assert_eq!(choose_slug("生态环保", None, SlugMode::Pinyin).unwrap(), "sheng-tai-huan-bao");
        assert_eq!(choose_slug("生态环保", Some("eco"), SlugMode::Pinyin).unwrap(), "eco");
        assert!(choose_slug("x", Some("../eco"), SlugMode::Pinyin).is_err());
        assert!(choose_slug("？？", None, SlugMode::Pinyin).is_err());
        assert_eq!(
            page_path("reports", jiff::civil::date(2024, 1, 4), "gong-zuo"),
            PathBuf::from("content/reports/2024/2024-01-04-gong-zuo.md")
        );
    }
}
