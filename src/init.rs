//! `gazette init DIR`: a new site that builds at once.
//!
//! In: a folder that does not exist yet or is empty. Out: `site.yaml` with a comment on every
//! key, a copy of the default theme (embedded in the binary by `build.rs`, so the site keeps
//! working when Gazette is upgraded and its theme can be edited in place), one sample report, a
//! section index, a home page and a `.gitignore` for the output folder; or a diagnostic.
//! Never: writes into a folder that holds anything (not even hidden files), or leaves a
//! half-made site behind: everything is written into a staging folder beside `DIR` and renamed
//! into place at the end.

use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic};
use crate::fs;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// What `init` wrote.
#[derive(Debug)]
pub struct InitReport {
    pub dir: PathBuf,
    /// Paths relative to `dir`, sorted.
    pub files: Vec<String>,
}

/// Creates a new site in `dir`.
pub fn init(dir: &Path) -> Result<InitReport, Diagnostic> {
    refuse_non_empty(dir)?;
    let files = site_files();
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "site".into());
    let staging = parent.join(format!(".{name}.gazette-init-{}", std::process::id()));
    let result = (|| -> fs::Result<()> {
        fs::create_dir_all(&staging)?;
        for (rel, bytes) in &files {
            let path = staging.join(rel);
            if let Some(p) = path.parent() {
                fs::create_dir_all(p)?;
            }
            fs::write(&path, bytes)?;
        }
        // An empty existing folder is replaced by the staging folder.
        if dir.exists() {
            std::fs::remove_dir(dir).map_err(|source| fs::PathError {
                action: "replace",
                path: dir.to_path_buf(),
                source,
            })?;
        }
        fs::rename(&staging, dir)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Diagnostic::error(Code::Io, format!("cannot create the site: {e}")).with_file(dir));
    }
    let mut names: Vec<String> = files.into_iter().map(|(rel, _)| rel).collect();
    names.sort();
    Ok(InitReport { dir: dir.to_path_buf(), files: names })
}

/// Every file of a new site: (path relative to the site root, bytes).
pub fn site_files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("site.yaml".into(), SITE_YAML.as_bytes().to_vec()),
        (".gitignore".into(), GITIGNORE.as_bytes().to_vec()),
        ("content/_index.md".into(), HOME.as_bytes().to_vec()),
        ("content/reports/_index.md".into(), REPORTS_INDEX.as_bytes().to_vec()),
        (SAMPLE_REPORT_PATH.into(), SAMPLE_REPORT.as_bytes().to_vec()),
    ];
    for (rel, bytes) in DEFAULT_THEME {
        files.push((format!("themes/default/{rel}"), bytes.to_vec()));
    }
    files
}

/// Where the sample report goes.
pub const SAMPLE_REPORT_PATH: &str = "content/reports/2024/2024-01-04-changweihui-gongzuo-baogao.md";

fn refuse_non_empty(dir: &Path) -> Result<(), Diagnostic> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if let Some(first) = entries.next() {
                let shown = first.map(|e| e.file_name().to_string_lossy().into_owned()).unwrap_or_default();
                return Err(Diagnostic::error(
                    Code::InitNotEmpty,
                    format!("{} is not empty, so no site was created there", dir.display()),
                )
                .with_note(format!("it holds {shown}"))
                .with_help("pick a new folder name, e.g. `gazette init my-site`"));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            Err(Diagnostic::error(Code::InitNotEmpty, format!("{} is a file, not a folder", dir.display()))
                .with_help("pick a new folder name, e.g. `gazette init my-site`"))
        }
        Err(e) => Err(Diagnostic::error(Code::Io, format!("cannot read {}: {}", dir.display(), fs::io_reason(&e)))),
    }
}

const SITE_YAML: &str = r#"# site.yaml: the configuration of this Gazette site. Every key is explained below;
# a key Gazette does not know is an error (with a suggestion), so typos never go unnoticed.

# The site's name: the header, page titles and feeds.
title: 县人大常委会
# One sentence about the site: the home page, feeds and search engines.
description: 县人民代表大会常务委员会工作报告、审议意见、执法检查与调研报告及新闻
# The address the site will be published at, ending in `/`. A sub-path such as
# https://www.example.gov.cn/renda/ works: every link gets it. `gazette build --base-url URL`
# overrides it, e.g. for a preview server.
base_url: https://www.example.gov.cn/
# zh-CN or en: the theme's words, date formats (2024年1月4日) and reading-time rules.
language: zh-CN
# A folder of themes/. `gazette init` copied the default theme there: edit it in place, or put
# a template of the same name in templates/ to override just that one.
theme: default
# How many reports a list page shows before it continues on /page/2/.
paginate: 20
# How Chinese in file names, folders and topics becomes URLs: pinyin gives ASCII URLs
# (生态环保 → sheng-tai-huan-bao) that survive being pasted anywhere; unicode keeps the Chinese.
slugify: pinyin
# The indexes built from front matter: `topics:` and `type:` (as `types`). Years are always built.
taxonomies: [topics, types]
# How Markdown is turned into HTML.
markdown:
  # Raw HTML in Markdown is shown as text unless this is true. Keep it false unless you trust
  # every editor: HTML can break the page or embed outside content.
  unsafe_html: false
  # Colour fenced code blocks (rare in reports; harmless).
  highlight: true
  # Bold lead sentences written **像这样。**紧跟正文 render bold, as Chinese documents need.
  cjk_emphasis: true
# Atom feeds: /atom.xml for the whole site and one per topic.
feeds: true
# The /search/ page and its index (works offline, no outside service).
search: true
# Free-form values for the theme, e.g. `extra: {footer_note: 联系电话 0716-0000000}`.
extra: {}
"#;

const GITIGNORE: &str = "# The built site: `gazette build` makes it again at any time.\n/public/\n# Gazette's caches (search index, last build record): safe to delete.\n/.gazette-cache/\n";

const HOME: &str =
    "---\ntitle: 县人大常委会\n---\n\n县人民代表大会常务委员会的工作报告、审议意见、执法检查报告、调研报告和新闻。\n";

const REPORTS_INDEX: &str = "---\ntitle: 报告\ndescription: 工作报告、审议意见、执法检查报告与调研报告\n---\n";

const SAMPLE_REPORT: &str = "---
# A sample report: an excerpt of the Jiangling County standing committee's 2024 work report.
# Replace it with your own: `gazette new reports 标题`, or `gazette import 报告.docx`.
title: 江陵县人民代表大会常务委员会工作报告
date: 2024-01-04
meeting: 江陵县第七届人民代表大会第三次会议
speaker: 汪新华
speaker_title: 县人大常委会主任
type: 工作报告
topics: [代表工作, 预算审查]
---

各位代表：

我受县人大常委会委托，向大会报告工作，请予审议。

## 过去一年的主要工作

2023年，是全面贯彻落实党的二十大精神的开局之年。一年来，县人大常委会在县委坚强领导下，踔厉奋发、依法履职，较好地完成了年度各项目标任务。

### 一、始终聚焦全县高质量发展，坚持正确有效依法监督

**聚力管好人民群众的“钱袋子”。**认真贯彻落实预算法，首次听取审议了政府债务情况报告，推动政府债务管理规范化。

**协力书写民生“幸福答卷”。**坚持以人为本、民生优先，以养老、医疗、教育、就业等民生领域为重点开展监督。

### 二、始终支持和保障代表依法履职，坚持人大代表的主体地位

**建议办理质效不断提升。**认真落实代表建议“两个高质量”要求，加强代表建议提出、交办、办理全流程管理。

## 2024年的主要任务

2024年是人民代表大会制度建立七十周年。县人大常委会将坚定人民代表大会制度自信，认真践行全过程人民民主，为大局服务、为人民履职。
";

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded theme is exactly the files of themes/default (build.rs generates the list;
    /// this catches a build script that silently skipped something).
    #[test]
    fn embedded_theme_matches_the_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path().strip_prefix(&root).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default())
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = DEFAULT_THEME.iter().map(|(rel, _)| rel.to_string()).collect();
        assert_eq!(embedded, on_disk);
        assert!(embedded.iter().any(|f| f == "templates/page.html"));
    }

    #[test]
    fn site_yaml_explains_every_key() {
        for key in [
            "title",
            "description",
            "base_url",
            "language",
            "theme",
            "paginate",
            "slugify",
            "taxonomies",
            "markdown",
            "  unsafe_html",
            "  highlight",
            "  cjk_emphasis",
            "feeds",
            "search",
            "extra",
        ] {
            let line = SITE_YAML.lines().position(|l| l.starts_with(&format!("{key}:"))).unwrap_or(0);
            assert!(line > 0, "no `{key}:`");
            assert!(SITE_YAML.lines().nth(line - 1).is_some_and(|l| l.trim_start().starts_with('#')), "{key}");
        }
        let config = crate::config::Config::parse(Path::new("."), SITE_YAML, &Default::default());
        assert!(config.is_ok(), "{:?}", config.err());
    }
}
