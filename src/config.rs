//! site.yaml → a validated [`Config`].
//!
//! In: the site root and the command-line overrides. Out: a `Config` whose paths are resolved
//! and whose values are checked, or diagnostics naming the line of site.yaml to fix.
//! Never: accepts an unknown key silently — a typo would change the site without a word.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{self, Code, Diagnostic, Source};
use crate::yaml::{self, Value};

pub const CONFIG_FILE: &str = "site.yaml";

const KEYS: &[&str] = &[
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
    "feeds",
    "search",
    "check",
    "public_info",
    "deploy",
    "images",
    "extra",
];
const MARKDOWN_KEYS: &[&str] = &["unsafe_html", "highlight", "cjk_emphasis"];
const PUBLIC_INFO_KEYS: &[&str] = &["index_prefix", "publisher"];
const IMAGES_KEYS: &[&str] = &["widths", "publish_originals"];
const CHECK_KEYS: &[&str] = &["stale_site_days", "stale_section_days", "empty_sections", "undated_pages"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    ZhCn,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SlugMode {
    /// Chinese is transliterated to pinyin: ASCII URLs.
    Pinyin,
    /// Chinese is kept in URLs.
    Unicode,
}

#[derive(Clone, Debug, Hash)]
pub struct MarkdownConfig {
    pub unsafe_html: bool,
    pub highlight: bool,
    /// The CJK-friendly emphasis amendment (on by default).
    pub cjk_emphasis: bool,
}

/// The inspection warnings of `gazette check` (`check:` in site.yaml): what a government
/// website inspection would mark down.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CheckConfig {
    /// Warn when no page in the whole site is newer than this many days; 0 turns it off.
    pub stale_site_days: u32,
    /// Warn when a section has nothing newer than this many days; 0 turns it off.
    pub stale_section_days: u32,
    /// Warn about a section without pages.
    pub empty_sections: bool,
    /// Warn about a page without a date (a standalone page such as about.md). Off by default:
    /// an about page has no date, and a warning every site gets means nothing.
    pub undated_pages: bool,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig { stale_site_days: 14, stale_section_days: 183, empty_sections: true, undated_pages: false }
    }
}

/// Derived images (`images:` in site.yaml): the widths made of every raster image the site
/// shows, and whether originals (with their EXIF and GPS) are published too.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImagesConfig {
    /// Widths in pixels, ascending, without duplicates; never upscaled.
    pub widths: Vec<u32>,
    pub publish_originals: bool,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig { widths: vec![480, 960, 1600], publish_originals: false }
    }
}

/// Public-information metadata (政务公开, `public_info:` in site.yaml): when set, every page in a
/// section shows its 索引号 (`index_prefix`, the year and a recorded sequence) and 发布机构.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PublicInfo {
    /// The first part of every 索引号, e.g. the publisher's organisation code (`11421024MB0000000X`).
    pub index_prefix: String,
    /// 发布机构 (default: the site's title).
    pub publisher: String,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Absolute, ends in `/`.
    pub base_url: String,
    /// The path part of `base_url`, begins and ends in `/`.
    pub base_path: String,
    pub language: Language,
    /// The time zone of dates written without an offset (`timezone:`; Asia/Shanghai for zh-CN,
    /// UTC for en by default).
    pub timezone: jiff::tz::TimeZone,
    pub theme: String,
    pub paginate: usize,
    pub slugify: SlugMode,
    /// Configured taxonomies (not `years`, which is always built).
    pub taxonomies: Vec<String>,
    pub markdown: MarkdownConfig,
    pub feeds: bool,
    pub search: bool,
    pub check: CheckConfig,
    pub public_info: Option<PublicInfo>,
    pub extra: Value,
    pub drafts: bool,
    /// Pages per search shard when set (`GAZETTE_SEARCH_SHARD_PAGES`, read by `settings`), else
    /// search's default. Part of the config, so the up-to-date check and `serve`'s cache see it.
    pub search_shard_pages: Option<usize>,
    /// The targets of `gazette deploy` (`deploy:`), in site.yaml's order.
    pub deploy: Vec<DeployTarget>,
    /// Derived images (`images:`).
    pub images: ImagesConfig,
}

/// What the command line and the environment override, resolved by `settings` and applied here,
/// while loading: no command changes a `Config` after it is loaded.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub drafts: bool,
    /// `--no-search`: no search page or index, whatever `search:` in site.yaml says.
    pub no_search: bool,
    /// `GAZETTE_SEARCH_SHARD_PAGES`.
    pub search_shard_pages: Option<usize>,
}

impl Config {
    /// A hash of every value of the config: `serve`'s cache of one config is not used for
    /// another. Every field is named (a new one is a compile error here until it is hashed).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let Config {
            root,
            title,
            description,
            base_url,
            base_path,
            language,
            timezone,
            theme,
            paginate,
            slugify,
            taxonomies,
            markdown,
            feeds,
            search,
            check,
            public_info,
            extra,
            drafts,
            search_shard_pages,
            // where the site is deployed changes nothing in it
            deploy: _,
            images,
        } = self;
        let mut h = std::hash::DefaultHasher::new();
        (root, title, description, base_url, base_path, language, theme, paginate, slugify).hash(&mut h);
        (taxonomies, markdown, feeds, search, check, public_info, drafts, search_shard_pages).hash(&mut h);
        images.hash(&mut h);
        // neither a time zone nor a YAML value is `Hash`; their debug text names all they hold
        format!("{timezone:?}").hash(&mut h);
        format!("{extra:?}").hash(&mut h);
        h.finish()
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
    pub fn static_dir(&self) -> PathBuf {
        self.root.join("static")
    }
    pub fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }

    /// Loads and validates `root/site.yaml`.
    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        // a site.yaml linked to a file outside the site would show that file in error messages
        crate::pipeline::discover::SiteRoot::of(root).check_inside(&path).map_err(|d| vec![d])?;
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                return Err(vec![
                    Diagnostic::error(
                        Code::ConfigMissing,
                        format!("cannot read site.yaml in {}: {}", root.display(), crate::fs::io_reason(&e)),
                    )
                    .with_help(
                        "run Gazette in the folder that holds site.yaml, pass --root DIR, or \
                         create a site with `gazette init DIR`",
                    ),
                ]);
            }
        };
        let source_path = PathBuf::from(CONFIG_FILE);
        let text = match crate::text::decode_utf8(&bytes, &source_path) {
            Ok(t) => t,
            Err(d) => return Err(vec![*d]),
        };
        Config::parse(root, &text, overrides)
    }

    /// Validates the text of site.yaml (separate from `load` for tests).
    pub fn parse(root: &Path, text: &str, overrides: &Overrides) -> Result<Config, Vec<Diagnostic>> {
        let source = Source { path: PathBuf::from(CONFIG_FILE), text: Arc::from(text) };
        let entries = yaml::parse_mapping(text, 1).map_err(|e| {
            vec![
                Diagnostic::error(Code::ConfigSyntax, format!("site.yaml is not valid YAML: {}", e.message))
                    .with_span(&source, e.offset..e.offset + e.width.unwrap_or(1))
                    .with_help(e.help.unwrap_or_else(|| {
                        "check the indentation (spaces, not tabs) and quote values that contain `: `".into()
                    })),
            ]
        })?;

        let mut diags = Vec::new();
        let mut config = Config {
            root: root.to_path_buf(),
            title: String::new(),
            description: String::new(),
            base_url: String::new(),
            base_path: "/".into(),
            language: Language::ZhCn,
            timezone: jiff::tz::TimeZone::UTC,
            theme: "default".into(),
            paginate: 20,
            slugify: SlugMode::Pinyin,
            taxonomies: vec!["topics".into(), "types".into()],
            markdown: MarkdownConfig { unsafe_html: false, highlight: true, cjk_emphasis: true },
            feeds: true,
            search: true,
            check: CheckConfig::default(),
            public_info: None,
            extra: Value::empty_map(),
            drafts: overrides.drafts,
            search_shard_pages: overrides.search_shard_pages.filter(|&n| n > 0),
            deploy: Vec::new(),
            images: ImagesConfig::default(),
        };
        let mut base_url_span = None;
        let mut timezone = None;
        for entry in &entries {
            let err = |message: String| {
                let d = Diagnostic::error(Code::ConfigValue, format!("invalid `{}` in site.yaml", entry.key));
                // `extra:` whose `  icp：京ICP备…` is text to YAML: point at the `：`
                match yaml::ime_line(&text[entry.extent.clone()]) {
                    Some((slip, fix)) => d
                        .with_span(&source, entry.extent.start + slip.start..entry.extent.start + slip.end)
                        .with_label(format!("{}: {message}", fix.label()))
                        .with_help(fix.help()),
                    None => d.with_span(&source, entry.value_range.clone()).with_label(message),
                }
            };
            let result: Result<(), Diagnostic> = (|| {
                match entry.key.as_str() {
                    "title" => config.title = entry.value.as_text().map_err(err)?,
                    "description" => config.description = entry.value.as_text().map_err(err)?,
                    "base_url" => {
                        config.base_url = entry.value.as_text().map_err(err)?;
                        base_url_span = Some(entry.value_range.clone());
                    }
                    "language" => {
                        config.language = match entry.value.as_text().map_err(err)?.as_str() {
                            "zh-CN" | "zh-cn" | "zh" => Language::ZhCn,
                            "en" | "en-US" | "en-GB" => Language::En,
                            other => {
                                return Err(err(format!("`{other}` is not supported"))
                                    .with_help("use `language: zh-CN` or `language: en`"));
                            }
                        }
                    }
                    "timezone" => {
                        let name = entry.value.as_text().map_err(err)?;
                        timezone = Some(time_zone(&name).ok_or_else(|| {
                            err(format!("`{name}` is not a time zone Gazette knows"))
                                .with_help("write an IANA time zone name such as `Asia/Shanghai`, or `UTC`")
                        })?);
                    }
                    "theme" => {
                        let theme = entry.value.as_text().map_err(err)?;
                        // a folder of themes/: a name such as `../../etc` would read templates
                        // from outside the site (tests/testsuite/security.rs)
                        if theme.is_empty() || theme == "." || theme == ".." || theme.contains(['/', '\\']) {
                            return Err(err(format!("`{theme}` is not a folder name of themes/"))
                                .with_help("name a folder of themes/, e.g. `theme: default`"));
                        }
                        config.theme = theme;
                    }
                    "paginate" => {
                        let n = entry.value.as_i64().map_err(err)?;
                        if !(1..=10_000).contains(&n) {
                            return Err(err("must be between 1 and 10000".into()));
                        }
                        config.paginate = n as usize;
                    }
                    "slugify" => {
                        config.slugify = match entry.value.as_text().map_err(err)?.as_str() {
                            "pinyin" => SlugMode::Pinyin,
                            "unicode" => SlugMode::Unicode,
                            other => {
                                return Err(err(format!("`{other}` is not a slug mode"))
                                    .with_help("use `slugify: pinyin` (ASCII URLs) or `slugify: unicode`"));
                            }
                        }
                    }
                    "taxonomies" => {
                        let list = entry.value.as_text_list().map_err(err)?;
                        for name in &list {
                            let ok = !name.is_empty()
                                && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                                && name != "years";
                            if !ok {
                                return Err(err(format!("`{name}` is not a taxonomy name")).with_help(
                                    "taxonomy names are lowercase ASCII like `topics`; `years` is always built",
                                ));
                            }
                        }
                        config.taxonomies = list;
                    }
                    "markdown" => {
                        for (key, value) in entry.value.as_map().map_err(err)? {
                            let target = match key.as_str() {
                                "unsafe_html" => &mut config.markdown.unsafe_html,
                                "highlight" => &mut config.markdown.highlight,
                                "cjk_emphasis" => &mut config.markdown.cjk_emphasis,
                                _ => {
                                    return Err(unknown_key(&source, text, &key, MARKDOWN_KEYS, "markdown."));
                                }
                            };
                            *target = value.as_bool().map_err(|m| err(format!("markdown.{key}: {m}")))?;
                        }
                    }
                    "deploy" => {
                        config.deploy = parse_deploy(&source, text, &entry.value).map_err(|e| match e {
                            Ok(message) => err(message),
                            Err(d) => d,
                        })?
                    }
                    "feeds" => config.feeds = entry.value.as_bool().map_err(err)?,
                    "search" => config.search = entry.value.as_bool().map_err(err)?,
                    "check" => {
                        for (key, value) in entry.value.as_map().map_err(err)? {
                            let days = |value: &Value| -> Result<u32, Diagnostic> {
                                let n = value.as_i64().map_err(|m| err(format!("check.{key}: {m}")))?;
                                u32::try_from(n)
                                    .ok()
                                    .filter(|n| *n <= 36_500)
                                    .ok_or_else(|| err(format!("check.{key}: must be between 0 (off) and 36500 days")))
                            };
                            let flag = |value: &Value| value.as_bool().map_err(|m| err(format!("check.{key}: {m}")));
                            match key.as_str() {
                                "stale_site_days" => config.check.stale_site_days = days(&value)?,
                                "stale_section_days" => config.check.stale_section_days = days(&value)?,
                                "empty_sections" => config.check.empty_sections = flag(&value)?,
                                "undated_pages" => config.check.undated_pages = flag(&value)?,
                                _ => return Err(unknown_key(&source, text, &key, CHECK_KEYS, "check.")),
                            }
                        }
                    }
                    "images" => {
                        for (key, value) in entry.value.as_map().map_err(err)? {
                            match key.as_str() {
                                "widths" => {
                                    let mut widths = Vec::new();
                                    for w in value.as_text_list().map_err(|m| err(format!("images.widths: {m}")))? {
                                        match w.trim().parse::<u32>() {
                                            Ok(n) if (16..=8192).contains(&n) => widths.push(n),
                                            _ => {
                                                return Err(err(format!(
                                                    "images.widths: `{w}` is not a width between 16 and 8192 pixels"
                                                ))
                                                .with_help("write widths in pixels, e.g. `widths: [480, 960, 1600]`"));
                                            }
                                        }
                                    }
                                    widths.sort_unstable();
                                    widths.dedup();
                                    if widths.is_empty() || widths.len() > 8 {
                                        return Err(err("images.widths: name one to eight widths".into())
                                            .with_help("e.g. `widths: [480, 960, 1600]`"));
                                    }
                                    config.images.widths = widths;
                                }
                                "publish_originals" => {
                                    config.images.publish_originals =
                                        value.as_bool().map_err(|m| err(format!("images.{key}: {m}")))?
                                }
                                _ => return Err(unknown_key(&source, text, &key, IMAGES_KEYS, "images.")),
                            }
                        }
                    }
                    "public_info" => {
                        let mut info = PublicInfo { index_prefix: String::new(), publisher: String::new() };
                        for (key, value) in entry.value.as_map().map_err(err)? {
                            let given = value.as_text().map_err(|m| err(format!("public_info.{key}: {m}")))?;
                            match key.as_str() {
                                "index_prefix" => info.index_prefix = given.trim().to_string(),
                                "publisher" => info.publisher = given.trim().to_string(),
                                _ => return Err(unknown_key(&source, text, &key, PUBLIC_INFO_KEYS, "public_info.")),
                            }
                        }
                        if info.index_prefix.is_empty() || info.index_prefix.chars().any(|c| c.is_control()) {
                            return Err(err("public_info.index_prefix: write the prefix of every 索引号, \
                                 e.g. `index_prefix: \"11421024MB0000000X\"`"
                                .into()));
                        }
                        config.public_info = Some(info);
                    }
                    "extra" => {
                        if !entry.value.is_null() && !entry.value.is_map() {
                            return Err(err("expected `key: value` pairs".into()));
                        }
                        if entry.value.is_map() {
                            // `sponsor_url: javascript:…` would be a link in every page's footer
                            // (test `security::script_urls_in_site_extra_are_refused`)
                            let mut found = Vec::new();
                            script_urls(&entry.value, "extra", &mut found);
                            if let Some((key, url)) = found.into_iter().next() {
                                let at = text[entry.value_range.start..]
                                    .find(url.trim())
                                    .map(|i| {
                                        entry.value_range.start + i..entry.value_range.start + i + url.trim().len()
                                    })
                                    .unwrap_or_else(|| entry.key_range.clone());
                                return Err(Diagnostic::error(
                                    Code::UnsafeUrl,
                                    format!("`{key}` is an address that would run script: {url}"),
                                )
                                .with_span(&source, at)
                                .with_label("a theme makes this a link")
                                .with_help("write an https:// address"));
                            }
                            config.extra = entry.value.clone();
                        }
                    }
                    other => {
                        let unknown =
                            Diagnostic::error(Code::ConfigUnknownKey, format!("unknown key `{other}` in site.yaml"));
                        if let Some((slip, fix)) = yaml::ime_key(text, &entry.key_range) {
                            // `　title:` or `ｔｉｔｌｅ:`, typed with the input method
                            return Err(unknown.with_span(&source, slip).with_label(fix.label()).with_help(fix.help()));
                        }
                        return Err(unknown
                            .with_span(&source, entry.key_range.clone())
                            .with_label("not a site.yaml key")
                            .with_help(match diag::suggest(other, KEYS.iter().copied()) {
                                Some(s) => format!("did you mean `{s}`? Free-form values for themes go under `extra:`"),
                                None => format!("known keys: {}. Free-form values go under `extra:`", KEYS.join(", ")),
                            }));
                    }
                }
                Ok(())
            })();
            if let Err(d) = result {
                diags.push(d);
            }
        }

        if overrides.no_search {
            config.search = false;
        }
        config.timezone = match timezone {
            Some(tz) => tz,
            None => default_time_zone(config.language),
        };
        if let Some(url) = &overrides.base_url {
            config.base_url = url.clone();
            base_url_span = None;
        }
        match normalize_base_url(&config.base_url) {
            Ok((url, path)) => {
                config.base_url = url;
                config.base_path = path;
            }
            Err(message) => {
                let mut d = Diagnostic::error(Code::ConfigValue, format!("invalid base_url: {message}"))
                    .with_help("write an absolute URL such as `base_url: https://www.example.gov.cn/renda/`");
                d = match base_url_span {
                    Some(range) => d.with_span(&source, range),
                    None if overrides.base_url.is_some() => d.with_note("from --base-url"),
                    None => d.with_file(CONFIG_FILE),
                };
                diags.push(d);
            }
        }
        if config.title.trim().is_empty() {
            diags.push(
                Diagnostic::error(Code::ConfigValue, "site.yaml has no `title`")
                    .with_file(CONFIG_FILE)
                    .with_help("add a line such as `title: 江陵县人大常委会`"),
            );
        }
        // credentials pasted into site.yaml (any key, `extra:` too) would be published with the
        // site's repository: refused before anything else looks at them
        diags.extend(secrets_in(&source, text));
        if diags.is_empty() { Ok(config) } else { Err(diags) }
    }
}

/// A time zone by its IANA name. `Asia/Shanghai` (and `PRC`) work without the system's time zone
/// database: China has kept +08:00 all year since 1991, and a Windows computer has no database.
fn time_zone(name: &str) -> Option<jiff::tz::TimeZone> {
    if name.eq_ignore_ascii_case("utc") || name == "Z" {
        return Some(jiff::tz::TimeZone::UTC);
    }
    jiff::tz::TimeZone::get(name).ok().or_else(|| {
        matches!(name, "Asia/Shanghai" | "PRC" | "Asia/Chongqing" | "Asia/Harbin")
            .then(|| jiff::tz::TimeZone::fixed(jiff::tz::offset(8)))
    })
}

/// The time zone of a site that names none: China's for a Chinese site, else UTC.
fn default_time_zone(language: Language) -> jiff::tz::TimeZone {
    match language {
        Language::ZhCn => time_zone("Asia/Shanghai").unwrap_or(jiff::tz::TimeZone::UTC),
        Language::En => jiff::tz::TimeZone::UTC,
    }
}

fn unknown_key(source: &Source, text: &str, key: &str, known: &[&str], prefix: &str) -> Diagnostic {
    // Nested keys are indented, so find the key anywhere at the start of a line.
    let range = text
        .lines()
        .scan(0usize, |off, line| {
            let start = *off;
            *off += line.len() + 1;
            Some((start, line))
        })
        .find_map(|(start, line)| {
            let indent = line.len() - line.trim_start().len();
            line.trim_start()
                .strip_prefix(key)
                .filter(|rest| rest.trim_start().starts_with(':'))
                .map(|_| start + indent..start + indent + key.len())
        })
        .unwrap_or(0..0);
    Diagnostic::error(Code::ConfigUnknownKey, format!("unknown key `{prefix}{key}` in site.yaml"))
        .with_span(source, range)
        .with_label("not a site.yaml key")
        .with_help(match diag::suggest(key, known.iter().copied()) {
            Some(s) => format!("did you mean `{prefix}{s}`?"),
            None => format!("known keys: {}", known.join(", ")),
        })
}

/// Checks an absolute http(s) URL and returns it with a trailing `/`, and its path.
/// Values under keys ending in `url` (`sponsor_url`, `icp_url`) that are script addresses.
fn script_urls(value: &yaml::Value, path: &str, found: &mut Vec<(String, String)>) {
    let Ok(entries) = value.as_map() else { return };
    for (key, v) in entries {
        let here = format!("{path}.{key}");
        if v.is_map() {
            script_urls(&v, &here, found);
        } else if key.to_ascii_lowercase().ends_with("url")
            && let Ok(url) = v.as_text()
            && crate::pipeline::validate::is_script_url(&url, false)
        {
            found.push((here, url));
        }
    }
}

pub fn normalize_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("it is empty".into());
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` does not start with http:// or https://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("`{url}` has no host"));
    }
    if url.contains(['?', '#', ' ']) || url.chars().any(char::is_control) {
        return Err(format!("`{}` must not contain `?`, `#`, spaces or line breaks", url.escape_debug()));
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    let scheme_len = if url.starts_with("https://") { 8 } else { 7 };
    let path = match url[scheme_len..].find('/') {
        Some(i) => url[scheme_len + i..].to_string(),
        None => "/".to_string(),
    };
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err(format!("`{url}` has `.` or `..` in its path"));
    }
    Ok((url, path))
}

/// A target of `gazette deploy`: one item of `deploy:` in site.yaml. Credentials are never here
/// (see [`secrets_in`]); they come from the environment or a credentials file outside the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeployTarget {
    /// Lowercase ASCII letters, digits, `-` and `_`: it names the target on the command line
    /// and in credentials' environment variables (`GAZETTE_DEPLOY_<NAME>_…`).
    pub name: String,
    pub kind: DeployKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeployKind {
    /// A local or mounted folder (a web server's document root); relative to the site root.
    Folder { path: PathBuf },
    /// A folder that receives a dated archive of the whole site when it changed.
    Zip { path: PathBuf },
    /// Any S3-compatible store: Aliyun OSS, Tencent COS, Huawei OBS, MinIO, AWS.
    S3(S3Target),
    /// A server reached by SFTP, with a key and known_hosts checking.
    Sftp(SftpTarget),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Target {
    /// `https://oss-cn-wuhan-lr.aliyuncs.com`, without the bucket.
    pub endpoint: String,
    pub bucket: String,
    /// Signing region; `us-east-1` when not given (OSS, COS and MinIO accept it).
    pub region: String,
    /// The folder inside the bucket: `` (the bucket's root) or `renda/`.
    pub prefix: String,
    /// `style: path` (`endpoint/bucket/key`, MinIO) instead of virtual-host (`bucket.endpoint/key`,
    /// required by OSS).
    pub path_style: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SftpTarget {
    pub host: String,
    pub port: u16,
    pub user: String,
    /// The remote folder, absolute or relative to the user's home.
    pub path: String,
    /// The private key; `~/.ssh/id_ed25519` when not given.
    pub key: Option<PathBuf>,
    /// The known_hosts file checked strictly; ssh's own (`~/.ssh/known_hosts`) when not given.
    pub known_hosts: Option<PathBuf>,
}

const DEPLOY_KEYS: &[&str] = &["name", "kind"];
const DEPLOY_KIND_KEYS: &[(&str, &[&str])] = &[
    ("folder", &["path"]),
    ("zip", &["path"]),
    ("s3", &["endpoint", "bucket", "region", "prefix", "style"]),
    ("sftp", &["host", "port", "user", "path", "key", "known_hosts"]),
];

/// `deploy:` → targets. `Err(Ok(message))` is a message about the whole value, `Err(Err(d))` a
/// diagnostic at its own place.
fn parse_deploy(source: &Source, text: &str, value: &Value) -> Result<Vec<DeployTarget>, Result<String, Diagnostic>> {
    let items = value.as_map_list().map_err(|m| Ok(format!("{m}; write a list of `- name: …` targets")))?;
    let mut targets: Vec<DeployTarget> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let get = |key: &str| item.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let text_of = |key: &str| -> Result<Option<String>, Result<String, Diagnostic>> {
            get(key).map(|v| v.as_text().map_err(|m| Ok(format!("deploy target {n}, `{key}`: {m}")))).transpose()
        };
        let name = text_of("name")?.ok_or_else(|| Ok(format!("deploy target {n} has no `name`")))?;
        if name.is_empty()
            || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            return Err(Ok(format!("deploy target name `{name}`: use lowercase ASCII letters, digits, `-` and `_`")));
        }
        if targets.iter().any(|t| t.name == name) {
            return Err(Ok(format!("two deploy targets are named `{name}`")));
        }
        let kind = text_of("kind")?.ok_or_else(|| Ok(format!("deploy target `{name}` has no `kind`")))?;
        let Some((_, kind_keys)) = DEPLOY_KIND_KEYS.iter().find(|(k, _)| *k == kind) else {
            return Err(Ok(format!("deploy target `{name}`: `{kind}` is not a kind; use folder, s3, sftp or zip")));
        };
        for (key, _) in item {
            if DEPLOY_KEYS.contains(&key.as_str()) || kind_keys.contains(&key.as_str()) || is_secret_key(key) {
                continue; // a secret-looking key gets its own error from `secrets_in`
            }
            let known: Vec<&str> = DEPLOY_KEYS.iter().chain(kind_keys.iter()).copied().collect();
            return Err(Err(unknown_key(source, text, key, &known, "deploy.")));
        }
        let required = |key: &str| -> Result<String, Result<String, Diagnostic>> {
            text_of(key)?
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| Ok(format!("deploy target `{name}` (kind {kind}) needs `{key}`")))
        };
        let kind = match kind.as_str() {
            "folder" => DeployKind::Folder { path: PathBuf::from(required("path")?) },
            "zip" => DeployKind::Zip { path: PathBuf::from(required("path")?) },
            "s3" => {
                let endpoint = required("endpoint")?.trim_end_matches('/').to_string();
                if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
                    return Err(Ok(format!("deploy target `{name}`: endpoint `{endpoint}` must start with https://")));
                }
                let style = text_of("style")?.unwrap_or_else(|| "virtual-host".into());
                let path_style = match style.as_str() {
                    "path" => true,
                    "virtual-host" | "virtual_host" => false,
                    other => {
                        return Err(Ok(format!(
                            "deploy target `{name}`: style `{other}`: use `path` or `virtual-host`"
                        )));
                    }
                };
                let prefix = text_of("prefix")?.unwrap_or_default();
                let prefix = prefix.trim_matches('/');
                if prefix.split('/').any(|seg| seg == ".." || seg == ".") {
                    return Err(Ok(format!("deploy target `{name}`: prefix `{prefix}` has `.` or `..`")));
                }
                DeployKind::S3(S3Target {
                    endpoint,
                    bucket: required("bucket")?,
                    region: text_of("region")?.unwrap_or_else(|| "us-east-1".into()),
                    prefix: if prefix.is_empty() { String::new() } else { format!("{prefix}/") },
                    path_style,
                })
            }
            _ => {
                let port = match get("port") {
                    None => 22,
                    Some(v) => v
                        .as_i64()
                        .ok()
                        .and_then(|p| u16::try_from(p).ok())
                        .filter(|p| *p > 0)
                        .ok_or_else(|| Ok(format!("deploy target `{name}`: port must be 1 to 65535")))?,
                };
                DeployKind::Sftp(SftpTarget {
                    host: required("host")?,
                    port,
                    user: required("user")?,
                    path: required("path")?,
                    key: text_of("key")?.map(PathBuf::from),
                    known_hosts: text_of("known_hosts")?.map(PathBuf::from),
                })
            }
        };
        targets.push(DeployTarget { name, kind });
    }
    Ok(targets)
}

/// A key whose value is a credential: it belongs in the environment or a credentials file.
fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase().replace(['-', '_'], "");
    ["secret", "password", "passwd", "token", "privatekey", "passphrase", "accesskeyid", "accesskey", "secretid"]
        .iter()
        .any(|s| k.contains(s))
}

/// Credentials written into site.yaml: a key such as `secret_access_key`/`password`, or a value
/// shaped like a cloud access key (AWS `AKIA…`, Aliyun `LTAI…`, Tencent `AKID…`), anywhere.
pub fn secrets_in(source: &Source, text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        let body = trimmed.trim_start_matches("- ");
        let key_at = start + (line.len() - body.len());
        let key = body.split(':').next().unwrap_or("").trim();
        let has_value = body.split_once(':').is_some_and(|(_, v)| !v.trim().is_empty());
        let mut at = None;
        if body.contains(':') && is_secret_key(key) && has_value && !key.contains(' ') {
            at = Some((key_at..key_at + key.len(), format!("`{key}` holds a credential")));
        } else if let Some((range, what)) = secret_shape(line) {
            at = Some((start + range.start..start + range.end, what.into()));
        }
        if let Some((range, label)) = at {
            found.push(
                Diagnostic::error(Code::DeploySecret, "credentials in site.yaml")
                    .with_span(source, range)
                    .with_label(label)
                    .with_help(
                        "remove it (and revoke the key if site.yaml was ever shared or committed); \
                         put credentials in environment variables such as GAZETTE_DEPLOY_<NAME>_ACCESS_KEY_ID \
                         and GAZETTE_DEPLOY_<NAME>_SECRET_ACCESS_KEY, or in ~/.config/gazette/credentials.yaml",
                    ),
            );
        }
    }
    found
}

/// The byte range of something in `line` shaped like a credential, and what it looks like: a
/// cloud access key ([`access_key_shape`]) or the first line of a PEM private key
/// (`-----BEGIN RSA PRIVATE KEY-----`, `-----BEGIN OPENSSH PRIVATE KEY-----`, …). Shared by
/// site.yaml's E090 and the content's E093 ([`crate::secrets`]).
pub(crate) fn secret_shape(line: &str) -> Option<(Range<usize>, &'static str)> {
    if let Some(range) = access_key_shape(line) {
        return Some((range, "this looks like a cloud access key"));
    }
    let begin = line.find("-----BEGIN ")?;
    let end = line[begin..].find("PRIVATE KEY-----")? + begin + "PRIVATE KEY-----".len();
    // one header on one line: `-----BEGIN <words> PRIVATE KEY-----`
    let words = &line[begin + "-----BEGIN ".len()..end - "PRIVATE KEY-----".len()];
    words
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b == b' ')
        .then_some((begin..end, "this is the first line of a private key"))
}

/// The byte range of an access-key-shaped word in `line`.
fn access_key_shape(line: &str) -> Option<Range<usize>> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let word = &line[start..i];
        let shaped = |prefix: &str, lengths: std::ops::RangeInclusive<usize>, upper_only: bool| {
            word.starts_with(prefix)
                && lengths.contains(&word.len())
                && word[prefix.len()..].bytes().any(|b| b.is_ascii_digit())
                && (!upper_only || word.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
        };
        if shaped("AKIA", 20..=20, true)
            || shaped("ASIA", 20..=20, true)
            || shaped("LTAI", 16..=30, false)
            || shaped("AKID", 17..=40, false)
        {
            return Some(start..i);
        }
    }
    None
}
#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(Path::new("/site"), text, &Overrides::default())
    }

    fn first_error(text: &str) -> String {
        parse(text).unwrap_err()[0].render(false)
    }

    #[test]
    fn minimal_config_uses_defaults() {
        let c = parse("title: 站点\nbase_url: https://example.org/renda\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/renda/");
        assert_eq!(c.base_path, "/renda/");
        assert_eq!(c.paginate, 20);
        assert_eq!(c.language, Language::ZhCn);
        assert_eq!(c.taxonomies, ["topics", "types"]);
        assert_eq!(c.timezone.iana_name(), Some("Asia/Shanghai"));
    }

    #[test]
    fn time_zones() {
        let c = parse("title: a\nbase_url: https://e.org/\nlanguage: en\n").unwrap();
        assert_eq!(c.timezone, jiff::tz::TimeZone::UTC);
        let c = parse("title: a\nbase_url: https://e.org/\ntimezone: UTC\n").unwrap();
        assert_eq!(c.timezone, jiff::tz::TimeZone::UTC);
        let e = first_error("title: a\nbase_url: https://e.org/\ntimezone: Asia/Beijing\n");
        assert!(e.contains("site.yaml:3:11") && e.contains("Asia/Shanghai"), "{e}");
    }

    #[test]
    fn public_info() {
        let c = parse("title: 县\nbase_url: https://e.org/\npublic_info: {index_prefix: \" P-1 \"}\n").unwrap();
        assert_eq!(c.public_info, Some(PublicInfo { index_prefix: "P-1".into(), publisher: String::new() }));
        let e = first_error("title: a\nbase_url: https://e.org/\npublic_info: {publisher: 办公室}\n");
        assert!(e.contains("index_prefix"), "{e}");
        let e = first_error("title: a\nbase_url: https://e.org/\npublic_info: {index_prefix: P, publsher: x}\n");
        assert!(e.contains("publisher"), "{e}");
        assert_eq!(parse("title: a\nbase_url: https://e.org/\n").unwrap().public_info, None);
    }

    #[test]
    fn unknown_key_suggests() {
        insta::assert_snapshot!(first_error("title: a\nbase_url: https://e.org/\ntaxonomy: [topics]\n"), @r"
        error[E003]: unknown key `taxonomy` in site.yaml
         --> site.yaml:3:1
          |
        3 | taxonomy: [topics]
          | ^^^^^^^^ not a site.yaml key
          |
          = help: did you mean `taxonomies`? Free-form values for themes go under `extra:`
        ");
    }

    #[test]
    fn ime_punctuation_is_named() {
        insta::assert_snapshot!(first_error("title：江陵县人大常委会\nbase_url: https://e.org/\n"), @r"
        error[E002]: site.yaml is not valid YAML: `：` is a full-width colon
         --> site.yaml:1:6
          |
        1 | title：江陵县人大常委会
          |      ^^
          |
          = help: type `title: 江陵县人大常委会` in the input method's English mode: `:` and a space instead of `：`
        ");
        let e = first_error("title: a\nbase_url: https://e.org/\nextra:\n  icp：京ICP备12345678号\n");
        assert!(
            e.contains("error[E004]") && e.contains("site.yaml:4:6") && e.contains("type `  icp: 京ICP备12345678号`"),
            "{e}"
        );
        let e = first_error("title: a\n　base_url: https://e.org/\n");
        assert!(
            e.contains("error[E003]") && e.contains("site.yaml:2:1") && e.contains("type `base_url: https://e.org/`"),
            "{e}"
        );
    }

    #[test]
    fn unknown_markdown_key_suggests() {
        let e = first_error("title: a\nbase_url: https://e.org/\nmarkdown:\n  unsafe_htm: true\n");
        assert!(e.contains("markdown.unsafe_html"), "{e}");
        assert!(e.contains("site.yaml:4:3"), "{e}");
    }

    #[test]
    fn check_thresholds() {
        let c = parse("title: a\nbase_url: https://e.org/\n").unwrap();
        assert_eq!(c.check, CheckConfig::default());
        let c = parse("title: a\nbase_url: https://e.org/\ncheck:\n  stale_site_days: 30\n  empty_sections: false\n")
            .unwrap();
        assert_eq!(c.check.stale_site_days, 30);
        assert_eq!(c.check.stale_section_days, 183);
        assert!(!c.check.empty_sections);
        let e = first_error("title: a\nbase_url: https://e.org/\ncheck:\n  stale_site_day: 30\n");
        assert!(
            e.contains("unknown key `check.stale_site_day`") && e.contains("did you mean `check.stale_site_days`?"),
            "{e}"
        );
        assert!(e.contains("site.yaml:4:3"), "{e}");
        let e = first_error("title: a\nbase_url: https://e.org/\ncheck:\n  stale_site_days: -1\n");
        assert!(e.contains("between 0 (off) and 36500"), "{e}");
        let e = first_error("title: a\nbase_url: https://e.org/\ncheck: 14\n");
        assert!(e.contains("invalid `check`"), "{e}");
    }

    #[test]
    fn bad_values_are_located() {
        let e = first_error("title: a\nbase_url: https://e.org/\nlanguage: fr\n");
        assert!(e.contains("site.yaml:3:11") && e.contains("`fr` is not supported"), "{e}");
        let e = first_error("title: a\nbase_url: example.org\n");
        assert!(e.contains("invalid base_url") && e.contains("site.yaml:2:11"), "{e}");
    }

    #[test]
    fn base_url_override_wins() {
        let o = Overrides { base_url: Some("http://127.0.0.1:1111/renda".into()), ..Overrides::default() };
        let c = Config::parse(Path::new("/s"), "title: a\nbase_url: https://e.org/\n", &o).unwrap();
        assert_eq!(c.base_path, "/renda/");
    }

    /// The loader applies every override: `--no-search` turns search off whatever site.yaml says
    /// (no command changes a loaded config), and the search shard size is carried into the
    /// config, so the up-to-date fingerprint and serve's cache key (both of the config) see it.
    #[test]
    fn overrides_apply_while_loading() {
        let text = "title: a\nbase_url: https://e.org/\nsearch: true\n";
        let plain = Config::parse(Path::new("/s"), text, &Overrides::default()).unwrap();
        assert!(plain.search && !plain.drafts);
        assert_eq!(plain.search_shard_pages, None);
        let o = Overrides { drafts: true, no_search: true, search_shard_pages: Some(3), ..Overrides::default() };
        let c = Config::parse(Path::new("/s"), text, &o).unwrap();
        assert!(!c.search && c.drafts);
        assert_eq!(c.search_shard_pages, Some(3));
        assert_ne!(format!("{plain:?}"), format!("{c:?}"));
        let off = Config::parse(
            Path::new("/s"),
            "title: a\nbase_url: https://e.org/\nsearch: false\n",
            &Overrides::default(),
        );
        assert!(!off.unwrap().search);
    }

    #[test]
    fn deploy_targets() {
        let c = parse(
            "title: a\nbase_url: https://e.org/\ndeploy:\n  - name: www\n    kind: folder\n    path: /srv/www\n  \
             - name: oss\n    kind: s3\n    endpoint: https://oss-cn-wuhan-lr.aliyuncs.com/\n    bucket: b\n    prefix: /renda/\n  \
             - name: box\n    kind: sftp\n    host: h\n    user: u\n    path: /var/www\n",
        )
        .unwrap();
        assert_eq!(c.deploy.len(), 3);
        assert_eq!(c.deploy[0].kind, DeployKind::Folder { path: "/srv/www".into() });
        let DeployKind::S3(s3) = &c.deploy[1].kind else { panic!() };
        assert_eq!(
            (s3.endpoint.as_str(), s3.prefix.as_str(), s3.path_style),
            ("https://oss-cn-wuhan-lr.aliyuncs.com", "renda/", false)
        );
        let DeployKind::Sftp(sftp) = &c.deploy[2].kind else { panic!() };
        assert_eq!((sftp.port, sftp.key.as_ref()), (22, None));

        let e = first_error(
            "title: a\nbase_url: https://e.org/\ndeploy:\n  - name: oss\n    kind: s3\n    endpiont: https://x\n",
        );
        assert!(
            e.contains("error[E003]") && e.contains("did you mean `deploy.endpoint`?") && e.contains("site.yaml:6:5"),
            "{e}"
        );
        let e = first_error("title: a\nbase_url: https://e.org/\ndeploy:\n  - name: w\n    kind: ftp\n");
        assert!(e.contains("`ftp` is not a kind"), "{e}");
        let e = first_error("title: a\nbase_url: https://e.org/\ndeploy:\n  - name: w\n    kind: s3\n    bucket: b\n");
        assert!(e.contains("needs `endpoint`"), "{e}");
    }

    #[test]
    fn secrets_are_refused_anywhere() {
        for (yaml, line) in [
            ("deploy:\n  - name: w\n    kind: folder\n    path: /x\n    password: hunter2\n", 7),
            ("extra:\n  oss_key: LTAI5tQ7exampleK9z3\n", 4),
            ("extra:\n  aws: AKIAIOSFODNN7EXAMPLE\n", 4),
        ] {
            let e = first_error(&format!("title: a\nbase_url: https://e.org/\n{yaml}"));
            assert!(e.contains("error[E090]") && e.contains(&format!("site.yaml:{line}:")), "{e}");
        }
        let e = first_error(
            "title: a\nbase_url: https://e.org/\nextra:\n  key: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n",
        );
        assert!(e.contains("error[E090]") && e.contains("site.yaml:5:5") && e.contains("private key"), "{e}");
        // words that merely start alike, and comments, are not credentials
        assert!(parse("title: a\nbase_url: https://e.org/\nextra:\n  note: LTAI\n# password: see the wiki\n").is_ok());
    }

    #[test]
    fn normalizes_urls() {
        assert_eq!(normalize_base_url("https://e.org").unwrap(), ("https://e.org/".into(), "/".into()));
        assert!(normalize_base_url("https://e.org/../x/").is_err());
        assert!(normalize_base_url("ftp://e.org/").is_err());
    }
}
