//! `gazette init DIR`: a new site that builds at once.
//!
//! In: a folder that does not exist yet or is empty, and today's date (injected). Out:
//! `site.yaml` with a comment on every key (and, commented out, every `extra` key the default
//! theme reads), one sample report dated today, a section index, a home page and a `.gitignore`
//! for the output folder; or a diagnostic. The default theme is built into the binary, so a new
//! site has no `themes/` folder and gets theme fixes with every upgrade; `--eject-theme` writes a
//! copy into `themes/default/` for a site that wants to edit it.
//! Never: writes into a folder that holds anything (not even hidden files), or leaves a
//! half-made site behind: everything is written into a staging folder beside `DIR` and renamed
//! into place at the end.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// What `init` wrote.
#[derive(Debug)]
pub struct InitReport {
    pub dir: PathBuf,
    /// Paths relative to `dir`, sorted.
    pub files: Vec<String>,
}

/// Creates a new site in `dir`; with `eject_theme`, with a copy of the default theme in
/// `themes/default/`. The sample report is dated `today`.
pub fn init(dir: &Path, eject_theme: bool, today: jiff::civil::Date) -> Result<InitReport, Diagnostic> {
    let files = site_files(eject_theme, today);
    crate::theme::write_new_folder(dir, &files, "site")?;
    let mut names: Vec<String> = files.into_iter().map(|(rel, _)| rel).collect();
    names.sort();
    Ok(InitReport { dir: dir.to_path_buf(), files: names })
}

/// Every file of a new site: (path relative to the site root, bytes).
pub fn site_files(eject_theme: bool, today: jiff::civil::Date) -> Vec<(String, Vec<u8>)> {
    let sample = SAMPLE_REPORT.replace("date: DATE", &format!("date: {today}"));
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("site.yaml".into(), SITE_YAML.as_bytes().to_vec()),
        (".gitignore".into(), GITIGNORE.as_bytes().to_vec()),
        ("content/_index.md".into(), HOME.as_bytes().to_vec()),
        ("content/reports/_index.md".into(), REPORTS_INDEX.as_bytes().to_vec()),
        (sample_report_path(today), sample.into_bytes()),
    ];
    if eject_theme {
        for (rel, bytes) in crate::theme::files() {
            files.push((format!("themes/default/{rel}"), bytes.to_vec()));
        }
    }
    files
}

/// Where the sample report goes: dated today, so that a new site passes `gazette check --strict`
/// (an old date would be a stale-site warning about a site that was never published).
pub fn sample_report_path(today: jiff::civil::Date) -> String {
    format!("content/reports/{}/{today}-changweihui-gongzuo-baogao.md", today.year())
}

const SITE_YAML: &str = r#"# site.yaml: the configuration of this Gazette site. Every key is explained below;
# a key Gazette does not know is an error (with a suggestion), so typos never go unnoticed.

# The site's name: the header, the home page banner, page titles and feeds. This is the one
# place the site's name is set (content/_index.md holds the home page's text).
title: 县人大常委会
# One sentence about the site: the home page, feeds and search engines.
description: 县人民代表大会常务委员会工作报告、审议意见、执法检查与调研报告及新闻
# The address the site will be published at, ending in `/`. A sub-path such as
# https://www.example.gov.cn/renda/ works: every link gets it. `gazette build --base-url URL`
# overrides it, e.g. for a preview server.
base_url: https://www.example.gov.cn/
# zh-CN or en: the theme's words, date formats (2024年1月4日) and reading-time rules.
language: zh-CN
# The time zone of dates without one (`date: 2024-01-04`), for feeds and page metadata.
# Asia/Shanghai by default for zh-CN (UTC for en).
timezone: Asia/Shanghai
# The theme. `default` is built into Gazette and updated with it. To change it, run
# `gazette theme eject`: it writes a copy into themes/default/, which is then used instead.
# To change one template only, put a file of the same name in templates/ (e.g.
# templates/partials/footer.html); files in static/ replace the theme's (e.g. static/favicon.svg).
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
# What `gazette check` warns about, as a government website inspection would.
check:
  # No new page in the whole site for this many days (0: off).
  stale_site_days: 14
  # A section with nothing new for this many days (0: off).
  stale_section_days: 183
  # A section without pages.
  empty_sections: true
  # A page without a date (about pages have none; turn on if your inspection requires it).
  undated_pages: false
# Values the default theme shows. Every line is optional; remove the `#` to use one.
extra:
  # site_name: 县人大常委会              # SiteName meta and og:site_name (default: title)
  # site_domain: www.example.gov.cn     # SiteDomain meta (default: the host of base_url)
  # site_id_code: "0000000000"          # 网站标识码: SiteIDCode meta and the footer
  # sponsor: 县人民代表大会常务委员会办公室   # 主办单位 in the footer
  # sponsor_url: https://www.example.gov.cn/
  # organizer: 县人大常委会办公室          # 承办单位 in the footer
  # contact: {address: 某某省某某县某某路1号, postcode: "000000", phone: 0000-0000000, email: renda@example.gov.cn}
  # icp: 某ICP备00000000号               # ICP 备案号 in the footer
  # icp_url: https://beian.miit.gov.cn/
  # psb: 某公网安备00000000000000号        # 公安备案号 in the footer
  # psb_url: https://beian.mps.gov.cn/
  # column_types: {reports: 信息公开}     # ColumnType meta per section
  # share_image: /share.png             # og:image for pages without a cover (a file of static/)
  # generator_credit: true              # "本站由 Gazette 生成" in the footer (off by default)
"#;

const GITIGNORE: &str = "# The built site: `gazette build` makes it again at any time.\n/public/\n# Gazette's caches (search index, last build record): safe to delete.\n/.gazette-cache/\n";

const HOME: &str = "---\n# The home page's text. The site's name and description come from site.yaml.\n---\n\n县人民代表大会常务委员会的工作报告、审议意见、执法检查报告、调研报告和新闻。\n";

const REPORTS_INDEX: &str = "---\ntitle: 报告\ndescription: 工作报告、审议意见、执法检查报告与调研报告\n---\n";

const SAMPLE_REPORT: &str = "---
# A sample report: an excerpt of the Jiangling County standing committee's 2024 work report,
# dated the day the site was created. Replace it with your own: `gazette new reports 标题`, or
# `gazette import 报告.docx`.
title: 江陵县人民代表大会常务委员会工作报告
date: DATE
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

    #[test]
    fn site_yaml_explains_every_key() {
        for key in [
            "title",
            "description",
            "base_url",
            "language",
            "timezone",
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
            "check",
            "  stale_site_days",
            "  stale_section_days",
            "  empty_sections",
            "  undated_pages",
            "extra",
        ] {
            let line = SITE_YAML.lines().position(|l| l.starts_with(&format!("{key}:"))).unwrap_or(0);
            assert!(line > 0, "no `{key}:`");
            assert!(SITE_YAML.lines().nth(line - 1).is_some_and(|l| l.trim_start().starts_with('#')), "{key}");
        }
        let config = crate::config::Config::parse(Path::new("."), SITE_YAML, &Default::default());
        assert!(config.is_ok(), "{:?}", config.err());
    }

    /// Every `extra` key the default theme reads is listed, commented, in the new site.yaml, and
    /// no key the theme ignores is (the theme's templates are the list).
    #[test]
    fn site_yaml_lists_the_extra_keys_the_theme_reads() {
        let mut read = std::collections::BTreeSet::new();
        for (rel, bytes) in crate::theme::files() {
            if !rel.ends_with(".html") {
                continue;
            }
            let text = String::from_utf8_lossy(bytes);
            // the footer reads `site.extra` as `x`
            let prefixes: &[&str] =
                if text.contains("set x = site.extra") { &["site.extra.", "x."] } else { &["site.extra."] };
            for prefix in prefixes {
                for (i, _) in text.match_indices(prefix) {
                    let before = text[..i].chars().last().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' || before == '.' {
                        continue;
                    }
                    let key: String = text[i + prefix.len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !key.is_empty() {
                        read.insert(key);
                    }
                }
            }
        }
        let listed: std::collections::BTreeSet<String> = SITE_YAML
            .lines()
            .skip_while(|l| !l.starts_with("extra:"))
            .filter_map(|l| l.trim_start().strip_prefix("# "))
            .filter_map(|l| l.split_once(':').map(|(k, _)| k.to_string()))
            .filter(|k| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .collect();
        assert!(read.contains("sponsor") && read.contains("generator_credit"), "{read:?}");
        assert_eq!(listed, read);
    }
}
