//! Where a new report goes: the rules `gazette new` and `gazette import` share.
//!
//! In: a section name, a title (or a slug given on the command line), a date, whether the
//! report is a bundle. Out: the report's path `content/<section>/<year>/<date>-<slug>.md` (or
//! `…/<date>-<slug>/index.md`), its front matter values quoted for YAML, and the one way a new
//! file is written: never over an existing file or over the other form of the same page.
//! Never: reads the site beyond checking that the target is free; `new` and `import` both
//! depend on this module and never on each other.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::SlugMode;
use crate::diag::{Code, Diagnostic};
use crate::text;

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

/// The slug of a new report: `--slug` when given (validated), else [`slug_for`] the title.
pub fn choose_slug(title: &str, given: Option<&str>, mode: SlugMode) -> Result<String, Diagnostic> {
    match given {
        Some(slug) if text::is_valid_slug(slug, mode) => Ok(slug.to_string()),
        Some(slug) => Err(Diagnostic::error(Code::InvalidTarget, format!("`{slug}` is not a valid slug"))
            .with_help("a slug may contain ASCII letters, digits, `-` and `_` (Chinese too with `slugify: unicode`)")),
        None => {
            let slug = slug_for(title, mode);
            if slug.is_empty() {
                Err(Diagnostic::error(Code::InvalidTarget, format!("the title `{title}` gives no URL slug"))
                    .with_help("pass one, e.g. --slug work-report"))
            } else {
                Ok(slug)
            }
        }
    }
}

/// The longest slug made from a title, in characters.
pub const MAX_TITLE_SLUG: usize = 60;

/// A short slug from a title: the words after `关于` or after the issuing body, at most
/// [`MAX_TITLE_SLUG`] characters cut at a word boundary.
/// `江陵县人民代表大会常务委员会工作报告` → `gong-zuo-bao-gao`.
pub fn slug_for(title: &str, mode: SlugMode) -> String {
    let mut core = title;
    if let Some(i) = title.find("关于") {
        core = &title[i + "关于".len()..];
    } else {
        for body in ["常务委员会", "人大常委会", "常委会", "人民政府", "人民代表大会"] {
            if let Some(i) = title.find(body) {
                let rest = &title[i + body.len()..];
                if rest.chars().count() >= 2 {
                    core = rest;
                    break;
                }
            }
        }
    }
    let slug = text::slugify(core, mode);
    if slug.chars().count() <= MAX_TITLE_SLUG {
        return slug;
    }
    let mut cut = String::new();
    for word in slug.split('-') {
        if cut.chars().count() + word.chars().count() + 1 > MAX_TITLE_SLUG && !cut.is_empty() {
            break;
        }
        if !cut.is_empty() {
            cut.push('-');
        }
        cut.push_str(word);
    }
    cut
}

/// A report's path relative to the site root: `content/<section>/<year>/<date>-<slug>.md`,
/// `…/<date>-<slug>/index.md` for a bundle (a report with files beside it), and without a date
/// `content/<section>/<slug>.md`.
pub fn report_path(section: &str, date: Option<jiff::civil::Date>, slug: &str, bundle: bool) -> PathBuf {
    let (dir, name) = match date {
        Some(date) => (PathBuf::from("content").join(section).join(date.year().to_string()), format!("{date}-{slug}")),
        None => (PathBuf::from("content").join(section), slug.to_string()),
    };
    if bundle { dir.join(name).join("index.md") } else { dir.join(format!("{name}.md")) }
}

/// A YAML scalar for a front matter value: plain when that reads back the same, else
/// double-quoted.
pub fn yaml_string(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '~',
        ])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.chars().any(|c| c.is_control())
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n" | "~"
        )
        && !s.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '+');
    if plain {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
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

    fn check(title: &str, expected: &str) {
        assert_eq!(slug_for(title, SlugMode::Pinyin), expected, "{title}");
    }

    #[test]
    fn slugs_from_titles() {
        check("江陵县人民代表大会常务委员会工作报告", "gong-zuo-bao-gao");
        check(
            "关于全县基本养老服务体系建设情况的调研报告",
            "quan-xian-ji-ben-yang-lao-fu-wu-ti-xi-jian-she-qing-kuang-de",
        );
        check("县人大常委会执法检查组", "zhi-fa-jian-cha-zu");
        check("Budget report", "budget-report");
    }

    /// `gazette new` with a long title once slugged the whole title (a 130-character file name
    /// for `关于县人民政府2023年度国有资产管理情况综合报告的审议意见`); it now takes the slug
    /// `import` takes, from the same function.
    #[test]
    fn new_slugs_a_long_title_as_import_does() {
        let title = "关于县人民政府2023年度国有资产管理情况综合报告的审议意见";
        let slug = choose_slug(title, None, SlugMode::Pinyin).unwrap();
        assert_eq!(slug, "xian-ren-min-zheng-fu-2023-nian-du-guo-you-zi-chan-guan-li");
        assert_eq!(slug, slug_for(title, SlugMode::Pinyin));
        assert!(slug.chars().count() <= MAX_TITLE_SLUG);
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
    }

    #[test]
    fn report_paths() {
        let date = Some(jiff::civil::date(2024, 1, 4));
        let path = |date, bundle| report_path("reports", date, "gong-zuo", bundle);
        assert_eq!(path(date, false), PathBuf::from("content/reports/2024/2024-01-04-gong-zuo.md"));
        assert_eq!(path(date, true), PathBuf::from("content/reports/2024/2024-01-04-gong-zuo/index.md"));
        assert_eq!(path(None, false), PathBuf::from("content/reports/gong-zuo.md"));
        assert_eq!(path(None, true), PathBuf::from("content/reports/gong-zuo/index.md"));
    }

    #[test]
    fn yaml_strings() {
        for (input, expected) in [
            ("江陵县人民代表大会常务委员会工作报告", "江陵县人民代表大会常务委员会工作报告"),
            ("江人常〔2024〕5号", "江人常〔2024〕5号"),
            ("Budget: 2024", "\"Budget: 2024\""),
            ("2024年的主要任务", "\"2024年的主要任务\""),
            ("yes", "\"yes\""),
            ("#1", "\"#1\""),
            ("say \"hi\"", "say \"hi\""),
            ("\"quoted\"", "\"\\\"quoted\\\"\""),
            ("", "\"\""),
        ] {
            assert_eq!(yaml_string(input), expected, "{input:?}");
            // and serde_yaml reads it back as the same string
            let back: String = serde_yaml::from_str(&yaml_string(input)).unwrap();
            assert_eq!(back, input);
        }
    }
}
