//! Diagnostics: the one type for every problem a user can cause.
//!
//! In: a code, a message, and where it happened (a file and a byte range of its text).
//! Out: a rustc-style code frame for the terminal, or a JSON object for `check --format json`.
//! Never: panic on a span that does not fit its source — a bad span degrades to "file only".

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal: $explain:expr;)*) => {
        /// Stable diagnostic codes. Each is declared once, in the table below: its variant, its
        /// code (`E…` an error, `W…` a warning) and its explanation for `gazette explain CODE`.
        /// The enum's order is the table's, and sorts diagnostics of one place by code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the table's order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable code, e.g. `E016`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// A paragraph for `gazette explain`: what the code means and how to fix it.
            pub fn explain(self) -> &'static str {
                match self {
                    $(Code::$variant => $explain,)*
                }
            }
        }
    };
}

// The one list of diagnostic codes: `Variant = "CODE": "explanation";`, with the variant's doc
// comment its short title. A new code needs a line here and a fixture under
// tests/fixtures/errors/ (or tests/fixtures/authoring/errors/ for import, new and init) whose
// folder name starts with the code (test `tests::every_code_is_well_formed_and_has_a_fixture`).
codes! {
    /// site.yaml is missing or unreadable.
    ConfigMissing = "E001":
        "The site root has no readable site.yaml. Run Gazette in the folder that holds \
        site.yaml, pass --root DIR, or create a site with `gazette init DIR`.";
    /// site.yaml is not valid YAML.
    ConfigSyntax = "E002":
        "site.yaml is not valid YAML. Check indentation (spaces, not tabs) and that \
        every `key: value` pair is on its own line.";
    /// site.yaml has a key Gazette does not know.
    ConfigUnknownKey = "E003":
        "site.yaml has a key Gazette does not know, usually a typo. The message \
        suggests the closest known key. Free-form values for themes go under `extra:`.";
    /// site.yaml has a value of the wrong kind or out of range.
    ConfigValue = "E004":
        "A site.yaml value has the wrong kind or is out of range, e.g. a base_url that \
        is not an absolute http(s) URL, or a language other than zh-CN or en.";
    /// A page has no front matter block.
    FrontMatterMissing = "E010":
        "A page must start with a front matter block: a line `---`, YAML fields such as \
        `title:` and `date:`, then another line `---`.";
    /// The front matter block is never closed.
    FrontMatterUnclosed = "E011":
        "The front matter block opened with `---` on the first line is never closed. \
        Add a line that is exactly `---` after the last field.";
    /// The front matter is not valid YAML.
    FrontMatterSyntax = "E012":
        "The front matter is not valid YAML. Common causes: punctuation typed in a Chinese \
        input method's Chinese mode (`：` for `:`, `，` for `,`, `【】` for `[]`, a full-width \
        space `　`, `－` for `-`; the message names the character), a value containing \
        `: ` that needs quotes, tabs used for indentation, a list item without `- `.";
    /// The front matter has a field Gazette does not know.
    FrontMatterUnknownField = "E013":
        "The front matter has a field Gazette does not know. A typo would silently drop \
        a report from an index, so this is an error. Free-form values go under `extra:`.";
    /// A front matter field has the wrong type.
    FrontMatterType = "E014":
        "A front matter field has a value of the wrong type, e.g. a list where text is \
        expected, or a topic or type that holds a Chinese comma, enumeration comma or \
        bracket (`[代表工作，法治建设]` is one topic): the message says what the field \
        expects and the split you probably meant.";
    /// A page has no title.
    MissingTitle = "E015":
        "Every page needs `title:` in its front matter.";
    /// A date is malformed or impossible.
    InvalidDate = "E016":
        "A date must be a real calendar date written as 2024-01-04, \
        2024-01-04T09:30:00+08:00 or 2024年1月4日.";
    /// A page in a section has no date.
    MissingDate = "E017":
        "A page in a section needs a date: add `date:` to its front matter or start its \
        file name with the date, e.g. 2024-01-04-work-report.md.";
    /// A file is not UTF-8.
    NotUtf8 = "E020":
        "Gazette reads text files as UTF-8. Files saved by WPS or older Word as GBK / \
        GB18030 must be converted; `gazette import FILE --encoding gb18030` does it.";
    /// Two pages (or a page and an alias) produce the same URL.
    DuplicateUrl = "E021":
        "Two files produce the same URL, so one would overwrite the other. Rename one \
        of them or give it a different `slug:`. Two spellings of one topic or type whose \
        URLs are equal (`生态环保` and `Sheng Tai Huan Bao`) are this error too: use one \
        spelling.";
    /// A slug or alias is not allowed (escapes its folder, bad characters).
    InvalidSlug = "E022":
        "A `slug:` or alias may only contain letters, digits, `-` and `_` (and Chinese \
        when `slugify: unicode`), and may never contain `/` or `..`.";
    /// A file named by `attachments` or `cover` does not exist in the bundle.
    MissingFile = "E023":
        "A file named by `attachments:` or `cover:` must exist beside the page: put the \
        page in a bundle folder (folder/index.md) with the file next to it.";
    /// `responds_to:`, `related:` or a collection's `pages:` names no page and no `doc_number`.
    UnknownDocument = "E024":
        "`responds_to:` and `related:` of a page, and `pages:` of a collection's _index.md, \
        name other documents by their path under content/ \
        (`reports/2024/2024-06-27-yanglao.md`) or by their `doc_number:` (`江人常〔2024〕5号`), \
        written exactly as in that document. Check the path (with its date prefix and `.md`) \
        or the number, brackets 〔〕 included.";
    /// `responds_to:` links go round in a circle.
    ReferenceCycle = "E025":
        "A follow-up chain must start somewhere: a document cannot answer, directly or \
        through others, a document that answers it. `responds_to:` names the earlier \
        document (the 研究处理情况的报告 responds to the 审议意见, not the reverse); use \
        `related:` for a link back.";
    /// Two pages have one `doc_number`.
    DuplicateDocNumber = "E026":
        "A document number (文号) identifies one document, and `responds_to:` finds a \
        document by it. Two pages with one number are a typo or a copied file: correct one \
        of them.";
    /// A template has a syntax error.
    TemplateSyntax = "E030":
        "A template has a Tera syntax error at the line shown. Check the tag and that \
        every block is closed.";
    /// A template failed while rendering a page.
    TemplateRender = "E031":
        "A template failed while rendering the page named in the message, often by \
        using a variable that does not exist. See the template context in the README.";
    /// A template or theme does not exist.
    MissingTemplate = "E032":
        "A template or theme named by the configuration or a page's `template:` does \
        not exist in templates/ or the theme.";
    /// A link points to a page or file that does not exist.
    BrokenLink = "E040":
        "A link points to a page or file that the site does not contain. Check the \
        path; links to pages end with `/`, e.g. /reports/2024/work-report/.";
    /// A link points to an anchor that does not exist.
    BrokenAnchor = "E041":
        "A link points to a `#anchor` that does not exist on the target page. Heading \
        anchors are the pinyin of the heading text, or set one with `{#id}`.";
    /// Reading or writing a file failed.
    Io = "E050":
        "Reading or writing a file failed; the message names the file and why.";
    /// The output folder is not one Gazette may write to.
    UnsafeOutput = "E051":
        "Gazette only replaces an output folder it created itself. It refuses the site \
        root, content/, /, the home folder, and any folder that holds other files.";
    /// The file to import is not a plain-text or Word (.docx) report (import).
    ImportUnsupported = "E060":
        "`gazette import` reads plain text (.txt) and Word (.docx) reports. Open other \
        files (.doc, .wps, .pdf) in WPS or Word and save them as .docx or as plain text.";
    /// The Word file to import is password-protected (import).
    ImportEncrypted = "E061":
        "The Word file is password-protected, so its text cannot be read. Open it in WPS or \
        Word, remove the password (File → Info → Protect Document), save, and import again.";
    /// The text file to import is in an encoding Gazette cannot tell or was told wrongly (import).
    ImportEncoding = "E062":
        "The text file is neither UTF-8 nor a Chinese encoding Gazette recognises, or it is \
        not in the encoding given with --encoding. Name the right one, e.g. \
        `--encoding gb18030` (also reads GBK) or `--encoding big5`, or save it as UTF-8.";
    /// The file to import holds no report text (import).
    ImportNotReport = "E063":
        "The file holds no report text: it is empty, holds only spaces, or is binary data \
        with a text file's name. Check that you picked the right file.";
    /// The Word file to import is damaged (import).
    ImportDamaged = "E064":
        "The .docx file cannot be read: it is not a complete zip archive, or its \
        word/document.xml is missing or broken. Open it in WPS or Word, save it again as \
        .docx, and import the new file.";
    /// The file to import is larger than import reads, uncompressed (import).
    ImportTooLarge = "E068":
        "`gazette import` reads at most 64 MB from one part of a Word file (the document, \
        its styles, one image) and 256 MB in all, uncompressed, and no input file larger \
        than 256 MB, so that a damaged or hostile file (a zip bomb) cannot fill the disk \
        or the memory. The size a zip declares is checked before anything is read. \
        Compress the pictures in WPS or Word (Picture Format → Compress Pictures), or \
        split the report, and import again.";
    /// The file to write already exists (import, new).
    TargetExists = "E065":
        "Gazette never overwrites a report. Move or rename the existing file, pass another \
        --section, or use --dry-run to see the converted Markdown without writing it.";
    /// The folder for a new site is not empty (init).
    InitNotEmpty = "E066":
        "`gazette init DIR` creates a site only in a new or empty folder, so that it never \
        mixes with or overwrites other files. Pick a new folder name.";
    /// A section name or slug given on the command line is not allowed (import, new).
    InvalidTarget = "E067":
        "A section is one folder name of content/ and a slug one URL segment: letters, \
        digits, `-` and `_` (Chinese too), never `/`, `\\` or `..`.";
    /// A link or file URL with a scheme that runs script (`javascript:`) (check).
    UnsafeUrl = "E070":
        "A link, image, cover or attachment URL uses a scheme that runs script in the \
        reader's browser (`javascript:`, `vbscript:`, `data:` for links). Raw HTML is \
        escaped for the same reason. Link to a page or an https:// address instead.";
    /// Markup that could run script: a heading attribute other than id and class, or a bundled
    /// HTML, XML or SVG file with active content.
    UnsafeMarkup = "E071":
        "Markup from content/ could run script in the reader's browser: a heading \
        attribute other than `{#id .class}` (such as `{onfocus=…}`), or a file of a page \
        bundle that a browser opens as a document (.html, .xhtml, .xml) or an SVG with \
        script, event handlers or script links. Remove it, attach a PDF instead, or, if \
        every editor is trusted, set `markdown.unsafe_html: true`.";
    /// A symbolic link that leads outside the site root.
    LinkOutsideSite = "E052":
        "A symbolic link in the site (content/, static/, templates/, the theme, or one of \
        those folders itself) leads outside the site root. Gazette never publishes files \
        from outside the site: copy the files in instead of linking to them.";
    /// Markdown nested deeper than the limit (lists, blockquotes, emphasis, links).
    NestingTooDeep = "E080":
        "Markdown may nest lists, blockquotes, emphasis and links at most 100 levels deep \
        (counted together). Reports need a handful; deeper nesting is almost always a \
        paste gone wrong (every line indented one step further, or `- - - -` repeated), \
        and each level costs memory and output, so it is an error at the place where the \
        limit is crossed. Flatten the list or quote there.";
    /// A nested `_index.md` that is not a section.
    IgnoredIndex = "W001":
        "Only top-level folders of content/ are sections; an _index.md deeper down is \
        ignored.";
    /// An image without alt text (check).
    ImageWithoutAlt = "W002":
        "An image has no alt text, so screen readers announce nothing (WCAG 1.1.1) and \
        website inspections mark it down. Describe it: `![县人大常委会视察现场](photo.jpg)`.";
    /// Two pages of one section share a title (check).
    DuplicateTitle = "W003":
        "Two pages of one section have the same title, so readers cannot tell them apart \
        in lists and search results. Add what differs, such as the year or meeting.";
    /// No new page in the whole site for longer than `check.stale_site_days` (check).
    StaleSite = "W004":
        "No page of the site is newer than `check.stale_site_days` (14 by default). \
        Government website inspections mark down sites not updated for two weeks. \
        Publish news, or change the threshold under `check:` in site.yaml (0 turns it off).";
    /// A section with nothing new for longer than `check.stale_section_days` (check).
    StaleSection = "W005":
        "A section has nothing newer than `check.stale_section_days` (183 by default): \
        inspections mark down columns not updated for six months. Publish to it, merge \
        it into another section, or change the threshold under `check:` (0 turns it off).";
    /// A section without pages (check).
    EmptySection = "W006":
        "A section has no pages (perhaps only drafts), so its list page is empty. Add a \
        page, remove the folder, or set `check.empty_sections: false`.";
    /// A page without a date (check).
    UndatedPage = "W007":
        "A page has no date. Inspections expect every page to show when it was published. \
        Add `date:` to its front matter. Reported only with `check.undated_pages: true` \
        (pages in sections always need a date; this is about standalone pages).";
    /// `content/_index.md` has a title other than site.yaml's, which is the one shown.
    HomeTitleIgnored = "W008":
        "The site's name is set in one place, `title:` in site.yaml: the header, the home \
        page banner, page titles and feeds show it. A `title:` in content/_index.md that \
        differs is not shown; change site.yaml and remove the line. content/_index.md \
        holds the home page's text (and optionally its `description:`).";
    /// A section with no title: no `_index.md` title and no theme string for its folder name.
    UntitledSection = "W009":
        "A section (a top-level folder of content/) has no `_index.md` with a `title:`, and \
        the theme has no title for its folder name (it knows reports 报告, news 新闻动态, \
        notices 通知公告 and a few more), so navigation shows the English folder name. \
        Write content/<section>/_index.md with `title: 栏目名称`.";
    /// A `meeting` that names no congress term or kind of meeting (check).
    MeetingNotParsed = "W010":
        "A `meeting:` should name the congress term and the meeting as documents write \
        them, e.g. `江陵县第十八届人民代表大会常务委员会第二十一次会议`, \
        `十四届全国人大常委会第十次会议` or `县人大常委会第三十二次主任会议` with its term \
        (`第十八届`). A value Gazette cannot read as a meeting is shown as written, but the \
        report cannot be listed with its meeting.";
    /// A page's 索引号 is not recorded in index-numbers.yaml yet (check).
    IndexNumberNotRecorded = "W011":
        "With `public_info:` in site.yaml, every page in a section has a 索引号 that must never \
        change once published, so Gazette records each one in index-numbers.yaml at the site \
        root. `gazette check` never writes: it names the number the next `gazette build` will \
        assign and record. Build, then commit index-numbers.yaml with the new page; or set \
        `index_no:` in the page's front matter.";
    // deploy (issue 17)
    /// Credentials written into site.yaml.
    DeploySecret = "E090":
        "site.yaml holds a credential: a key such as `secret_access_key` or `password`, or \
        a value shaped like a cloud access key (AKIA…, LTAI…, AKID…) or a private key \
        (-----BEGIN … PRIVATE KEY-----). site.yaml travels \
        with the site; credentials go in environment variables \
        (GAZETTE_DEPLOY_<NAME>_ACCESS_KEY_ID, GAZETTE_DEPLOY_<NAME>_SECRET_ACCESS_KEY, or \
        AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) or in ~/.config/gazette/credentials.yaml. \
        Revoke a key that was ever committed.";
    /// A deploy refused before anything was sent: unknown target, drafts, no marker, too many
    /// deletions, missing credentials.
    DeployRefused = "E091":
        "`gazette deploy` sent nothing: the target is not in site.yaml's `deploy:`, the \
        output holds drafts or was not built by Gazette, credentials are missing, or the \
        plan deletes more files than --max-deletes allows (raise it when the deletions \
        are meant; see them with --dry-run).";
    /// The deploy target failed: unreachable, credentials refused, a write failed.
    DeployFailed = "E092":
        "The deploy target failed (unreachable, credentials refused, a write failed) after \
        retries. What was sent is harmless: the target's manifest is written last, so \
        running `gazette deploy` again compares anew and sends what is still missing.";
    /// Credentials pasted into a page or an `_index.md` (build and check).
    ContentSecret = "E093":
        "A page or an `_index.md` holds something shaped like a credential: a cloud access \
        key (AKIA…, ASIA…, LTAI…, AKID… with digits, at its length) or the first line of a \
        private key (-----BEGIN … PRIVATE KEY-----), in the front matter or the body. The \
        build would publish it to every reader, so the site is refused until it is removed. \
        Revoke a key that was ever committed or shared. Deploy credentials go in environment \
        variables or ~/.config/gazette/credentials.yaml (E090 is the same rule for site.yaml).";
}

impl Code {
    /// The code named by `s` (any case, surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<Code> {
        let s = s.trim().to_ascii_uppercase();
        Code::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A source text shared by all diagnostics about one file.
#[derive(Clone, Debug)]
pub struct Source {
    /// The path shown to the user (relative to the site root where possible).
    pub path: PathBuf,
    pub text: Arc<str>,
}

/// What a diagnostic's code frame is cut from: a [`Source`] in memory, or a file read again
/// when a diagnostic needs its text (a page, whose text is not kept after loading:
/// `pipeline::model::PageSource`).
pub trait SpanSource: Send + Sync {
    /// The text to show; a file that can no longer be read gives an empty text (the diagnostic
    /// still names the file).
    fn span_source(&self) -> Source;
}

impl SpanSource for Source {
    fn span_source(&self) -> Source {
        self.clone()
    }
}

/// Where a diagnostic points: a byte range of a source.
#[derive(Clone, Debug)]
pub struct Span {
    pub source: Source,
    pub range: Range<usize>,
}

impl Span {
    /// 1-based line and column (in characters) of the start of the span.
    pub fn line_col(&self) -> (usize, usize) {
        line_col(&self.source.text, self.range.start)
    }
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The file, when there is no span (or in addition to it).
    pub file: Option<PathBuf>,
    pub span: Option<Span>,
    /// Text under the caret.
    pub label: Option<String>,
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            file: None,
            span: None,
            label: None,
            help: None,
            notes: Vec::new(),
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, message) }
    }

    pub fn with_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Points the diagnostic at `range` of `source`: a [`Source`] in memory, or a page's file,
    /// which pages do not keep in memory and is read again here ([`SpanSource`]).
    pub fn with_span(mut self, source: &(impl SpanSource + ?Sized), range: Range<usize>) -> Self {
        let source = source.span_source();
        let source = &source;
        let len = source.text.len();
        let start = floor_char_boundary(&source.text, range.start.min(len));
        let end = floor_char_boundary(&source.text, range.end.clamp(start, len));
        self.file = Some(source.path.clone());
        self.span = Some(Span { source: source.clone(), range: start..end });
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The sort key: by file, then position, then code.
    pub fn sort_key(&self) -> (Option<PathBuf>, usize, Code) {
        (self.file.clone(), self.span.as_ref().map_or(0, |s| s.range.start), self.code)
    }

    /// Renders like rustc: `error[E016]: invalid date` with a code frame.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(self.message.as_str()).id(self.code.as_str());
        let path_text;
        let mut group = match &self.span {
            Some(span) => {
                let (snippet_text, line_start, range) = excerpt(&span.source.text, &span.range);
                path_text = span.source.path.display().to_string();
                let mut annotation = AnnotationKind::Primary.span(range);
                if let Some(label) = &self.label {
                    annotation = annotation.label(label.as_str());
                }
                Group::with_title(title).element(
                    Snippet::source(snippet_text)
                        .line_start(line_start)
                        .path(path_text.as_str())
                        .annotation(annotation),
                )
            }
            None => {
                let group = Group::with_title(title);
                match &self.file {
                    Some(file) => {
                        path_text = format!("in {}", file.display());
                        group.element(Level::NOTE.message(path_text.as_str()))
                    }
                    None => group,
                }
            }
        };
        for note in &self.notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        renderer.render(&[group])
    }

    pub fn to_json(&self) -> JsonDiagnostic {
        let (line, column) = match &self.span {
            Some(span) => {
                let (l, c) = span.line_col();
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        JsonDiagnostic { line, column, ..self.to_json_unplaced() }
    }

    /// As JSON without line and column (which cost a pass over the text up to the span).
    fn to_json_unplaced(&self) -> JsonDiagnostic {
        let (line, column) = (None, None);
        JsonDiagnostic {
            code: self.code.as_str(),
            severity: self.severity,
            file: self.file.as_ref().map(|f| f.display().to_string()),
            line,
            column,
            message: self.message.clone(),
            help: self.help.clone(),
        }
    }
}

/// One diagnostic as `check --format json` prints it.
#[derive(Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// Renders a list of diagnostics. In one file, at most [`SHOWN_PER_FILE_AND_CODE`] of one code
/// are shown; the rest are counted in one more, so 20,000 broken links in one report stay
/// readable, and cheap to print (each code frame shows the whole line: test
/// `hardening::thousands_of_errors_in_one_file`).
pub fn render_all(diags: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    for d in limit_per_file(diags) {
        let _ = writeln!(out, "{}\n", d.render(color));
    }
    out
}

/// How many diagnostics of one code in one file `render_all` shows.
pub const SHOWN_PER_FILE_AND_CODE: usize = 20;

fn limit_per_file(diags: &[Diagnostic]) -> Vec<std::borrow::Cow<'_, Diagnostic>> {
    use std::borrow::Cow;
    use std::collections::HashMap;
    let mut total: HashMap<(Option<&Path>, Code), usize> = HashMap::new();
    for d in diags {
        *total.entry((d.file.as_deref(), d.code)).or_default() += 1;
    }
    let mut seen: HashMap<(Option<&Path>, Code), usize> = HashMap::new();
    let mut out = Vec::with_capacity(diags.len().min(1000));
    for d in diags {
        let key = (d.file.as_deref(), d.code);
        let all = total[&key];
        let n = seen.entry(key).or_default();
        *n += 1;
        if all <= SHOWN_PER_FILE_AND_CODE + 1 || *n <= SHOWN_PER_FILE_AND_CODE {
            out.push(Cow::Borrowed(d));
        }
        if all > SHOWN_PER_FILE_AND_CODE + 1 && *n == SHOWN_PER_FILE_AND_CODE {
            let more = all - SHOWN_PER_FILE_AND_CODE;
            let mut summary = Diagnostic::error(d.code, format!("{more} more like this in the same file, not shown"))
                .with_help("fix the ones above and run again; `gazette check --format json` lists them all");
            summary.severity = d.severity;
            summary.file = d.file.clone();
            out.push(Cow::Owned(summary));
        }
    }
    out
}

/// Every diagnostic as JSON. Lines and columns are counted on from the previous diagnostic of
/// the same text (they are sorted by position), so thousands of diagnostics on one 5 MB line
/// cost one pass over it, not one each.
pub fn to_json_all(diags: &[Diagnostic]) -> Vec<JsonDiagnostic> {
    // (the text, a byte offset, its line and column)
    let mut cursor: Option<(*const u8, usize, usize, usize)> = None;
    diags
        .iter()
        .map(|d| {
            let mut json = d.to_json_unplaced();
            if let Some(span) = &d.span {
                let text = &span.source.text;
                let offset = floor_char_boundary(text, span.range.start.min(text.len()));
                let (from, mut line, mut column) = match cursor {
                    Some((ptr, o, l, c)) if ptr == text.as_ptr() && o <= offset => (o, l, c),
                    _ => (0, 1, 1),
                };
                for c in text[from..offset].chars() {
                    if c == '\n' {
                        line += 1;
                        column = 1;
                    } else {
                        column += 1;
                    }
                }
                cursor = Some((text.as_ptr(), offset, line, column));
                (json.line, json.column) = (Some(line), Some(column));
            }
            json
        })
        .collect()
}

/// Sorts diagnostics by file and position so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| d.sort_key());
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Byte offset of the start of a 1-based line (clamped to the text).
pub fn line_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The lines of `text` that a range touches, with the 1-based number of the first one and the
/// range rebased onto the excerpt. Keeps code frames cheap on 5 MB files.
fn excerpt<'a>(text: &'a str, range: &Range<usize>) -> (&'a str, usize, Range<usize>) {
    let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[range.end..].find('\n').map_or(text.len(), |i| range.end + i);
    let line_start = text[..start].bytes().filter(|&b| b == b'\n').count() + 1;
    let excerpt = text[start..end].trim_end_matches('\r');
    let local_start = range.start - start;
    let local_end = (range.end - start).min(excerpt.len()).max(local_start);
    (excerpt, line_start, local_start..local_end)
}

/// The closest candidate to `input`, for "did you mean" suggestions.
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(input, c), c))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A path for messages: relative to `root` when inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// Every finding of a stage, or of a whole run: errors and warnings together, in the order they
/// were found, given out sorted by file and position (errors before warnings at one place).
/// Loading returns one beside the site it loaded, so no finding ever drops the site.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    /// The warnings alone (what a run that goes on keeps to print at the end).
    pub fn into_warnings(self) -> Diagnostics {
        Diagnostics { items: self.items.into_iter().filter(|d| !d.is_error()).collect() }
    }

    /// All of them, sorted by file and position; at one place, errors first.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by_key(|d| (d.sort_key(), !d.is_error()));
        self.items
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics { items: vec![d] }
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Diagnostics {
        Diagnostics { items }
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.items.extend(iter);
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Diagnostics {
        Diagnostics { items: iter.into_iter().collect() }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source { path: PathBuf::from("content/a.md"), text: Arc::from(text) }
    }

    #[test]
    fn renders_code_frame_with_help() {
        let src = source("---\ntitle: 报告\ndate: 2024-02-30\n---\n");
        let start = src.text.find("2024-02-30").unwrap();
        let d = Diagnostic::error(Code::InvalidDate, "invalid date")
            .with_span(&src, start..start + 10)
            .with_label("February 2024 has 29 days")
            .with_help("write dates as YYYY-MM-DD or 2024年2月29日");
        insta::assert_snapshot!(d.render(false), @r"
        error[E016]: invalid date
         --> content/a.md:3:7
          |
        3 | date: 2024-02-30
          |       ^^^^^^^^^^ February 2024 has 29 days
          |
          = help: write dates as YYYY-MM-DD or 2024年2月29日
        ");
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("标题\n日期：x", 0), (1, 1));
        assert_eq!(line_col("标题\n日期：x", "标题\n日期：".len()), (2, 4));
        assert_eq!(line_col("ab", 99), (1, 3));
    }

    #[test]
    fn span_out_of_range_does_not_panic() {
        let src = source("中文");
        let d = Diagnostic::error(Code::Io, "x").with_span(&src, 1..100);
        assert!(d.render(false).contains("content/a.md"));
    }

    #[test]
    fn codes_are_unique_and_parse() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {}", c.as_str());
            assert_eq!(Code::parse(c.as_str()), Some(*c));
            assert_eq!(Code::parse(&format!(" {} ", c.as_str().to_ascii_lowercase())), Some(*c));
            assert!(!c.explain().is_empty());
        }
        assert_eq!(Code::parse("E999"), None);
    }

    /// Each code of the table is `E` or `W` and three digits, and has a fixture folder named
    /// after it: tests/fixtures/errors/ (built or checked by `diagnostics::each_fixture_reports_its_code`)
    /// or tests/fixtures/authoring/errors/ (import, new and init, run by
    /// `authoring::each_authoring_error_reports_its_code_and_writes_nothing`).
    #[test]
    fn every_code_is_well_formed_and_has_a_fixture() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut folders = Vec::new();
        for dir in ["errors", "authoring/errors"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                folders.push(entry.unwrap().file_name().to_string_lossy().into_owned());
            }
        }
        assert!(folders.len() > 40, "fixture folders not found: {folders:?}");
        for c in Code::ALL {
            let code = c.as_str();
            let (letter, digits) = code.split_at(1);
            assert!(matches!(letter, "E" | "W"), "{code}: not E… or W…");
            assert!(digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()), "{code}: not three digits");
            if *c == Code::Io {
                // an I/O failure cannot be a fixture's files: output_safety and hardening provoke it
                continue;
            }
            assert!(folders.iter().any(|f| f.starts_with(&format!("{code}-"))), "no fixture folder for {code}");
        }
        // and every fixture folder names a code of the table
        for f in &folders {
            assert!(Code::parse(&f[..4]).is_some(), "fixture {f} names no code");
        }
    }

    #[test]
    fn json_positions_match_line_col() {
        let src = source("一\n二三 x\n\nabc 中文 d\n");
        let offsets = [0, 4, 8, 10, 13, 16, 17, 20, 24];
        let diags: Vec<Diagnostic> =
            offsets.iter().map(|&o| Diagnostic::error(Code::BrokenLink, "x").with_span(&src, o..o + 1)).collect();
        for (d, j) in diags.iter().zip(to_json_all(&diags)) {
            let (l, c) = d.span.as_ref().unwrap().line_col();
            assert_eq!((j.line, j.column), (Some(l), Some(c)), "offset {:?}", d.span.as_ref().unwrap().range);
        }
    }

    #[test]
    fn many_of_one_code_in_one_file_are_counted() {
        let src = source("[a](x) [b](y)\n");
        let many: Vec<Diagnostic> =
            (0..100).map(|_| Diagnostic::error(Code::BrokenLink, "broken").with_span(&src, 0..6)).collect();
        let text = render_all(&many, false);
        assert_eq!(text.matches("error[E040]: broken\n").count(), SHOWN_PER_FILE_AND_CODE);
        assert!(text.contains("error[E040]: 80 more like this in the same file, not shown"), "{text}");
        let few = &many[..SHOWN_PER_FILE_AND_CODE + 1];
        assert_eq!(render_all(few, false).matches("error[E040]: broken\n").count(), SHOWN_PER_FILE_AND_CODE + 1);
    }

    #[test]
    fn suggests_close_names() {
        assert_eq!(suggest("topic", ["topics", "title", "type"]), Some("topics"));
        assert_eq!(suggest("zzzz", ["topics", "title"]), None);
    }

    #[test]
    fn diagnostics_sort_by_place_with_errors_first() {
        let src = source("---\ntitle: a\n---\ntext\n");
        let mut all = Diagnostics::new();
        all.push(Diagnostic::warning(Code::Io, "warning here").with_span(&src, 20..21));
        all.push(Diagnostic::error(Code::Io, "error here").with_span(&src, 20..21));
        all.push(Diagnostic::error(Code::MissingTitle, "earlier").with_span(&src, 0..3));
        all.extend([Diagnostic::warning(Code::Io, "no file")]);
        assert!(all.has_errors());
        assert_eq!((all.errors().count(), all.warnings().count()), (2, 2));
        let sorted = all.clone().into_sorted();
        let order: Vec<&str> = sorted.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["no file", "earlier", "error here", "warning here"]);
        assert!(!all.into_warnings().has_errors());
    }
}
