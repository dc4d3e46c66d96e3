//! Discovery: walk the site and read what the build needs.
//!
//! In: a validated `Config`. Out: a [`SourceTree`] — content pages and `_index.md` files with
//! their bytes, asset files (bundle files and other non-Markdown files in content/), static files
//! (theme first, then the site's `static/`, which wins), templates (theme first, then the site's
//! `templates/`, which win) and the theme's strings.
//!
//! The theme is the site's `themes/<theme>/` when that folder exists (a whole theme: nothing of
//! the built-in one is mixed in), else, for `theme: default`, the theme built into the binary
//! ([`crate::theme`]), read from memory ([`ThemeSource`]).
//! Never: reads a file outside the site root (a symbolic link that leads outside, the folder
//! itself or anything below it, is an error; one that stays inside is reported and skipped),
//! drops a folder it cannot read without an error, writes anything, or returns files in an
//! unstable order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diag::{self, Code, Diagnostic};
use crate::fs;

/// A Markdown file of content/.
#[derive(Debug)]
pub struct ContentFile {
    /// Path relative to content/, with `/` separators.
    pub rel: String,
    pub path: PathBuf,
    pub stamp: Stamp,
    /// The file's bytes, read here for an `_index.md`; a page's are read by the stage that
    /// parses it (`model::parse_pages`), one file at a time, so the texts of all pages are
    /// never in memory together.
    pub bytes: Option<Vec<u8>>,
    /// The caller knew this stamp and asked not to read the file again.
    pub unchanged: bool,
}

impl ContentFile {
    /// Its bytes: those read by discovery, else read now.
    pub fn take_bytes(&mut self, root: &Path) -> Result<Vec<u8>, Diagnostic> {
        match self.bytes.take() {
            Some(bytes) => Ok(bytes),
            None => fs::read_regular(&self.path)
                .map_err(|e| Diagnostic::error(Code::Io, e.to_string()).with_file(diag::display_path(root, &e.path))),
        }
    }
}

/// Size and modification time: a file whose stamp is unchanged is not read again by `serve`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub len: u64,
    pub modified_ns: i128,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        Stamp { len: meta.len(), modified_ns }
    }
}

/// A file copied to the output as it is.
#[derive(Clone, Debug)]
pub struct Asset {
    /// Path relative to its root (content/ or static/), with `/` separators.
    pub rel: String,
    pub path: PathBuf,
    pub size: u64,
    pub stamp: Stamp,
    /// For a file of content/: why a browser opening it could run script
    /// ([`crate::pipeline::active_content`]); checked only unless `markdown.unsafe_html`.
    pub active: Option<String>,
    /// The bytes of a file of the built-in theme (then `path` only names it for messages).
    pub embedded: Option<&'static [u8]>,
    /// A raster image's header, EXIF and content hash ([`crate::images::probe`]), read here so
    /// the plan can list its derived images; `None` for other files.
    pub image: Option<std::sync::Arc<crate::images::Probe>>,
}

/// Where the site's theme comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ThemeSource {
    /// The site's own `themes/<theme>/` folder.
    Folder(PathBuf),
    /// The default theme built into the binary.
    BuiltIn,
}

impl ThemeSource {
    /// The site's `themes/<theme>/` when it exists, else the built-in theme for `theme: default`;
    /// `None` when neither exists.
    pub fn of(config: &Config) -> Option<ThemeSource> {
        let dir = config.theme_dir();
        if std::fs::symlink_metadata(&dir).is_ok() {
            Some(ThemeSource::Folder(dir))
        } else if config.theme == crate::theme::BUILT_IN {
            Some(ThemeSource::BuiltIn)
        } else {
            None
        }
    }

    /// How a file of the theme is named in messages: its path, or `(built-in theme)/rel`.
    fn shown(&self, rel: &str) -> PathBuf {
        match self {
            ThemeSource::Folder(dir) => dir.join(rel),
            ThemeSource::BuiltIn => Path::new(crate::theme::BUILT_IN_SHOWN).join(rel),
        }
    }
}

#[derive(Debug)]
pub struct Template {
    /// Name as templates refer to it: `page.html`, `partials/nav.html`.
    pub name: String,
    pub path: PathBuf,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct SourceTree {
    pub pages: Vec<ContentFile>,
    pub indexes: Vec<ContentFile>,
    pub content_assets: Vec<Asset>,
    pub static_files: Vec<Asset>,
    pub templates: Vec<Template>,
    /// The theme's strings for the site's language, flat `key → text`.
    pub strings: BTreeMap<String, String>,
    /// The recorded 索引号 assignments (`index-numbers.yaml` at the site root), when the file is
    /// there ([`crate::pipeline::public_info`]).
    pub index_numbers: Option<crate::diag::Source>,
    pub warnings: Vec<Diagnostic>,
    /// The files of content/ as this discovery found them, for `serve`'s next one; `None` when
    /// the walk of content/ found anything to report (then the next discovery walks it whole).
    pub listing: Option<std::sync::Arc<ContentListing>>,
}

/// The files of content/ as a discovery found them: `serve` keeps it, and its next discovery,
/// told which paths its watcher saw change ([`Since`]), looks only at those (a changed folder:
/// all of it) and takes the rest from here instead of walking 10,000 files again.
#[derive(Debug, Default)]
pub struct ContentListing {
    /// The site root resolved, under which a watcher names the paths that changed.
    resolved_root: PathBuf,
    /// content/ as the config names it (each file's `path` is below it).
    content_dir: PathBuf,
    /// By [`listing_key`] of the path relative to content/ (the order of a sorted walk).
    files: BTreeMap<String, Listed>,
}

#[derive(Clone, Debug)]
struct Listed {
    rel: String,
    path: PathBuf,
    stamp: Stamp,
    /// For a file that is not Markdown: [`Asset::active`].
    active: Option<String>,
}

/// The last discovery's listing of content/ and every path a watcher saw change since it (files
/// or folders, absolute, below the resolved site root). A path outside the root, or the root
/// itself, makes the discovery walk content/ whole.
#[derive(Clone, Copy, Debug)]
pub struct Since<'a> {
    pub listing: &'a ContentListing,
    pub changed: &'a [PathBuf],
}

/// A path below content/ as a key that sorts as a sorted walk lists files: folder by folder, so
/// `a/x.md` comes before `a.md` (`/` becomes `\0`, below every character of a name).
fn listing_key(rel: &str) -> String {
    rel.replace('/', "\0")
}

/// Walks content/, static/, templates/ and the theme. Content problems become diagnostics in
/// `warnings` or errors returned together; a missing theme is an error. A Markdown file for
/// which `unchanged(rel, stamp)` is true is listed without being read.
pub fn discover(
    config: &Config,
    unchanged: &(dyn Fn(&str, Stamp) -> bool + Sync),
) -> Result<SourceTree, Vec<Diagnostic>> {
    discover_since(config, unchanged, None)
}

/// [`discover`], given (by `serve`) the last discovery's listing of content/ and the paths that
/// changed since: only those are looked at again in content/ (static/, templates/ and the theme,
/// a few files, are walked whole). Gives the tree a clean walk would give (test
/// `incremental::incremental_rebuilds_equal_a_clean_build_after_any_edits`, which tells the
/// cache the paths each edit touched, as the watcher does).
pub fn discover_since(
    config: &Config,
    unchanged: &(dyn Fn(&str, Stamp) -> bool + Sync),
    since: Option<Since<'_>>,
) -> Result<SourceTree, Vec<Diagnostic>> {
    let mut tree = SourceTree::default();
    let mut errors = Vec::new();
    let mut found = Vec::new();
    let theme_dir = config.theme_dir();
    let site = SiteRoot::of(&config.root);
    // every folder Gazette reads, and the theme's strings, must be inside the site; checked first,
    // so that no message lists what is in a folder outside it
    let strings_rel = format!("i18n/{}.yaml", config.language.code());
    let folders = [config.content_dir(), config.static_dir(), config.templates_dir(), config.root.join("themes")];
    for path in folders.into_iter().chain([theme_dir.clone(), theme_dir.join(&strings_rel)]) {
        if let Err(d) = site.check_inside(&path) {
            errors.push(d);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let theme = match ThemeSource::of(config) {
        Some(ThemeSource::Folder(dir)) if !dir.join("templates").is_dir() => {
            return Err(vec![
                Diagnostic::error(Code::MissingTemplate, format!("theme `{}` has no templates/ folder", config.theme))
                    .with_file(diag::display_path(&config.root, &dir.join("templates")))
                    .with_help(format!(
                        "a folder of themes/ is a whole theme and replaces the built-in one: put its templates in \
                         {}/templates/, or remove the folder to use the built-in theme",
                        diag::display_path(&config.root, &dir).display()
                    )),
            ]);
        }
        Some(theme) => theme,
        None => return Err(vec![missing_theme(config, &theme_dir)]),
    };
    // content/
    let content_dir = config.content_dir();
    let mut markdown: Vec<(String, PathBuf, Stamp)> = Vec::new();
    let (files, clean) = match since.and_then(|since| update_listing(config, &site, since)) {
        Some(files) => (files, true),
        None => walk_content(config, &site, &content_dir, &mut found),
    };
    for f in files.values() {
        let Listed { rel, path, stamp, active } = f.clone();
        if rel.ends_with(".md") {
            markdown.push((rel, path, stamp));
        } else {
            tree.content_assets.push(Asset { rel, path, size: stamp.len, stamp, active, embedded: None, image: None });
        }
    }
    tree.listing = match (clean, &site.resolved) {
        (true, Some(resolved_root)) => Some(std::sync::Arc::new(ContentListing {
            resolved_root: resolved_root.clone(),
            content_dir: content_dir.clone(),
            files,
        })),
        _ => None,
    };
    let read: Vec<Result<ContentFile, Diagnostic>> = markdown
        .into_par_iter()
        .map(|(rel, path, stamp)| {
            if unchanged(&rel, stamp) {
                return Ok(ContentFile { rel, path, stamp, bytes: None, unchanged: true });
            }
            if !is_index(&rel) {
                return Ok(ContentFile { rel, path, stamp, bytes: None, unchanged: false });
            }
            fs::read(&path).map(|bytes| ContentFile { rel, path, stamp, bytes: Some(bytes), unchanged: false }).map_err(
                |e| Diagnostic::error(Code::Io, e.to_string()).with_file(diag::display_path(&config.root, &e.path)),
            )
        })
        .collect();
    for r in read {
        match r {
            Ok(f) if is_index(&f.rel) => tree.indexes.push(f),
            Ok(f) => tree.pages.push(f),
            Err(d) => errors.push(d),
        }
    }

    // static files: the theme's, then the site's (same name: the site wins)
    let mut statics: BTreeMap<String, Asset> = BTreeMap::new();
    if theme == ThemeSource::BuiltIn {
        for (rel, bytes) in built_in_files("static/") {
            let stamp = Stamp { len: bytes.len() as u64, modified_ns: 0 };
            let path = theme.shown(&format!("static/{rel}"));
            let asset = Asset {
                rel: rel.to_string(),
                path,
                size: stamp.len,
                stamp,
                active: None,
                embedded: Some(bytes),
                image: None,
            };
            statics.insert(rel.to_string(), asset);
        }
    }
    let theme_static = match &theme {
        ThemeSource::Folder(dir) => Some(dir.join("static")),
        ThemeSource::BuiltIn => None,
    };
    for dir in theme_static.into_iter().chain([config.static_dir()]) {
        if dir.is_dir() {
            for (rel, path, stamp) in walk_files(&site, &dir, &mut found) {
                let asset =
                    Asset { rel: rel.clone(), path, size: stamp.len, stamp, active: None, embedded: None, image: None };
                statics.insert(rel, asset);
            }
        }
    }
    tree.static_files = statics.into_values().collect();

    // templates: the theme's, then the site's overrides
    let mut templates: BTreeMap<String, (PathBuf, Option<&'static [u8]>)> = BTreeMap::new();
    if theme == ThemeSource::BuiltIn {
        for (rel, bytes) in built_in_files("templates/") {
            templates.insert(rel.to_string(), (theme.shown(&format!("templates/{rel}")), Some(bytes)));
        }
    }
    let theme_templates = match &theme {
        ThemeSource::Folder(dir) => Some(dir.join("templates")),
        ThemeSource::BuiltIn => None,
    };
    for dir in theme_templates.into_iter().chain([config.templates_dir()]) {
        if dir.is_dir() {
            for (rel, path, _) in walk_files(&site, &dir, &mut found) {
                templates.insert(rel, (path, None));
            }
        }
    }
    for (name, (path, embedded)) in templates {
        let bytes = match embedded {
            Some(b) => Ok(b.to_vec()),
            None => fs::read(&path),
        };
        match bytes {
            Ok(bytes) => match crate::text::decode_utf8(&bytes, &diag::display_path(&config.root, &path)) {
                Ok(text) => tree.templates.push(Template { name, path, text }),
                Err(d) => errors.push(*d),
            },
            Err(e) => errors.push(Diagnostic::error(Code::Io, e.to_string())),
        }
    }

    // the theme's strings
    let strings_path = theme.shown(&strings_rel);
    let strings_text = match &theme {
        ThemeSource::Folder(_) => strings_path.is_file().then(|| fs::read(&strings_path)),
        ThemeSource::BuiltIn => crate::theme::file(&strings_rel).map(|b| Ok(b.to_vec())),
    };
    if let Some(bytes) = strings_text {
        match bytes
            .map_err(|e| Diagnostic::error(Code::Io, e.to_string()))
            .and_then(|b| read_strings(config, &strings_path, &b))
        {
            Ok(s) => tree.strings = s,
            Err(d) => errors.push(d),
        }
    }
    // the recorded index numbers (政务公开), read only when the site asks for them
    let registry = config.root.join(crate::pipeline::public_info::REGISTRY_FILE);
    if config.public_info.is_some() && registry.is_file() {
        match site.check_inside(&registry).and_then(|()| {
            let bytes = fs::read(&registry).map_err(|e| Diagnostic::error(Code::Io, e.to_string()))?;
            String::from_utf8(bytes)
                .map_err(|_| Diagnostic::error(Code::NotUtf8, "index-numbers.yaml is not UTF-8").with_file(&registry))
        }) {
            Ok(text) => {
                let path = PathBuf::from(crate::pipeline::public_info::REGISTRY_FILE);
                tree.index_numbers = Some(crate::diag::Source { path, text: text.into() });
            }
            Err(d) => errors.push(d),
        }
    }
    // raster images: header, orientation, GPS and content hash (recorded ones are not read again)
    crate::images::probe::probe_assets(config, tree.content_assets.iter_mut().chain(tree.static_files.iter_mut()));
    let (walk_errors, warnings): (Vec<_>, Vec<_>) = found.into_iter().partition(Diagnostic::is_error);
    errors.extend(walk_errors);
    tree.warnings.extend(warnings);
    if errors.is_empty() { Ok(tree) } else { Err(errors) }
}

/// Walks content/ whole: its files by [`listing_key`], and whether the walk found nothing to
/// report (only then is the listing kept for the next discovery).
fn walk_content(
    config: &Config,
    site: &SiteRoot<'_>,
    content_dir: &Path,
    found: &mut Vec<Diagnostic>,
) -> (BTreeMap<String, Listed>, bool) {
    let mut files = BTreeMap::new();
    if !content_dir.is_dir() {
        return (files, true);
    }
    let before = found.len();
    for (rel, path, stamp) in walk_files(site, content_dir, found) {
        let active = asset_active(config, &rel, &path);
        files.insert(listing_key(&rel), Listed { rel, path, stamp, active });
    }
    (files, found.len() == before)
}

/// For a file of content/ that is not Markdown: why a browser opening it could run script.
fn asset_active(config: &Config, rel: &str, path: &Path) -> Option<String> {
    if rel.ends_with(".md") || config.markdown.unsafe_html {
        return None;
    }
    crate::pipeline::active_content::active_content(rel, || std::fs::read(path).ok())
}

/// The last listing of content/ brought up to date by looking again at the paths that changed
/// (a folder: everything below it). `None` when only a whole walk can tell: a path outside the
/// site or above content/, a symbolic link, a name that is not UTF-8, anything unreadable, or a
/// listing of another site.
fn update_listing(config: &Config, site: &SiteRoot<'_>, since: Since<'_>) -> Option<BTreeMap<String, Listed>> {
    let listing = since.listing;
    let content_dir = config.content_dir();
    if site.resolved.as_deref() != Some(listing.resolved_root.as_path()) || content_dir != listing.content_dir {
        return None;
    }
    let resolved_content = listing.resolved_root.join(content_dir.strip_prefix(&config.root).ok()?);
    // content/ itself must still be the real folder it was (not a link, not replaced by a file)
    let meta = std::fs::symlink_metadata(&content_dir).ok()?;
    if !meta.is_dir() {
        return None;
    }
    let mut files = listing.files.clone();
    for changed in since.changed {
        let Ok(below_root) = changed.strip_prefix(&listing.resolved_root) else { return None };
        if below_root.as_os_str().is_empty() {
            return None;
        }
        // site.yaml, static/, templates/, themes/: not content (those are walked whole)
        let Ok(rel) = changed.strip_prefix(&resolved_content) else {
            if resolved_content.starts_with(changed) {
                return None;
            }
            continue;
        };
        let mut parts = Vec::new();
        for c in rel.components() {
            match c {
                std::path::Component::Normal(name) => parts.push(name.to_str()?),
                _ => return None,
            }
        }
        if parts.is_empty() {
            return None;
        }
        // what a walk skips (hidden, editor files, and all below a hidden folder) is not listed
        if parts.iter().any(|p| is_editor_temp_file(p)) {
            continue;
        }
        let rel = parts.join("/");
        let key = listing_key(&rel);
        let below = format!("{key}\0");
        files.retain(|k, _| k != &key && !k.starts_with(&below));
        let path = content_dir.join(&rel);
        // every folder between content/ and the path must be a real folder, as a walk sees it
        let mut dir = content_dir.clone();
        for part in &parts[..parts.len() - 1] {
            dir.push(part);
            match std::fs::symlink_metadata(&dir) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => return None,
                // gone with its folder: nothing below it is listed any more
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
                Err(_) => return None,
            }
        }
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => continue,
            Err(_) => return None,
        };
        if meta.file_type().is_symlink() {
            return None;
        }
        if meta.is_dir() {
            let mut found = Vec::new();
            for (sub, path, stamp) in walk_files(site, &path, &mut found) {
                let rel = format!("{rel}/{sub}");
                let active = asset_active(config, &rel, &path);
                files.insert(listing_key(&rel), Listed { rel, path, stamp, active });
            }
            if !found.is_empty() {
                return None;
            }
        } else if meta.is_file() {
            let stamp = Stamp::of(&meta);
            let active = asset_active(config, &rel, &path);
            files.insert(key, Listed { rel, path, stamp, active });
        }
    }
    Some(files)
}

/// The stamp of the site's `index-numbers.yaml` (part of [`input_fingerprint`]; `gazette build`
/// hashes it again after recording new numbers, so the next build is up to date).
pub fn registry_stamp(config: &Config) -> Stamp {
    let registry = config.root.join(crate::pipeline::public_info::REGISTRY_FILE);
    std::fs::metadata(&registry).map(|m| Stamp::of(&m)).unwrap_or_default()
}

/// The input fingerprint of everything but `index-numbers.yaml` ([`input_fingerprint`] is
/// [`with_registry`] of it): `gazette build` records the fingerprint with the file's stamp after
/// it recorded new numbers, so the next build of unchanged inputs is up to date.
pub fn with_registry(config: &Config, others: u64) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (others, registry_stamp(config)).hash(&mut h);
    h.finish()
}

/// A hash of every input of a build: Gazette's version, the config, the path and stamp of every
/// file in content/, static/, templates/ and the site's theme folder, the bytes of the built-in
/// theme (a rebuilt binary with a changed theme but the same version number must not find the
/// old site up to date), and the stamp of `index-numbers.yaml`. Equal fingerprints mean an
/// identical site.
pub fn input_fingerprint(config: &Config) -> u64 {
    with_registry(config, input_fingerprint_without_registry(config))
}

/// [`input_fingerprint`] without `index-numbers.yaml`.
pub fn input_fingerprint_without_registry(config: &Config) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (env!("CARGO_PKG_VERSION"), config.fingerprint()).hash(&mut h);
    let theme = ThemeSource::of(config);
    theme.hash(&mut h);
    if theme == Some(ThemeSource::BuiltIn) {
        crate::theme::fingerprint().hash(&mut h);
    }
    let mut ignored = Vec::new();
    let site = SiteRoot::of(&config.root);
    let site_yaml = config.root.join(crate::config::CONFIG_FILE);
    std::fs::metadata(&site_yaml).map(|m| Stamp::of(&m)).unwrap_or_default().hash(&mut h);
    for dir in [config.content_dir(), config.static_dir(), config.templates_dir(), config.theme_dir()] {
        dir.hash(&mut h);
        if dir.is_dir() {
            for (rel, _, stamp) in walk_files(&site, &dir, &mut ignored) {
                (rel, stamp).hash(&mut h);
            }
        }
    }
    h.finish()
}

/// The files of the built-in theme below `prefix` (`templates/`), by their path below it.
fn built_in_files(prefix: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> + '_ {
    crate::theme::files().iter().filter_map(move |(rel, bytes)| rel.strip_prefix(prefix).map(|r| (r, *bytes)))
}

/// E032 for a theme that is neither a folder of themes/ nor the built-in one.
fn missing_theme(config: &Config, theme_dir: &Path) -> Diagnostic {
    let mut themes: Vec<String> = std::fs::read_dir(config.root.join("themes"))
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    themes.push(crate::theme::BUILT_IN.to_string());
    themes.sort();
    themes.dedup();
    let help = match diag::suggest(&config.theme, themes.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `theme: {s}`?"),
        None => format!(
            "themes found: {} (`default` is built in); a theme of your own goes in themes/<name>/templates/",
            themes.join(", ")
        ),
    };
    Diagnostic::error(Code::MissingTemplate, format!("theme `{}` not found", config.theme))
        .with_file(diag::display_path(&config.root, &theme_dir.join("templates")))
        .with_help(help)
}

fn read_strings(config: &Config, path: &Path, bytes: &[u8]) -> Result<BTreeMap<String, String>, Diagnostic> {
    let shown = diag::display_path(&config.root, path);
    let text = crate::text::decode_utf8(bytes, &shown).map_err(|d| *d)?;
    let entries = crate::yaml::parse_mapping(&text, 1).map_err(|e| {
        let source = diag::Source { path: shown.clone(), text: std::sync::Arc::from(text.as_str()) };
        Diagnostic::error(Code::ConfigSyntax, format!("theme strings are not valid YAML: {}", e.message))
            .with_span(&source, e.offset..e.offset + 1)
    })?;
    let mut out = BTreeMap::new();
    for entry in entries {
        let value = entry.value.as_text().map_err(|m| {
            Diagnostic::error(Code::ConfigValue, format!("theme string `{}`: {m}", entry.key)).with_file(&shown)
        })?;
        out.insert(entry.key, value);
    }
    Ok(out)
}

/// The site root, as given (for paths shown to the user) and resolved (to tell what is inside).
pub struct SiteRoot<'a> {
    shown: &'a Path,
    resolved: Option<PathBuf>,
}

impl<'a> SiteRoot<'a> {
    pub fn of(root: &'a Path) -> SiteRoot<'a> {
        SiteRoot { shown: root, resolved: std::fs::canonicalize(root).ok() }
    }

    /// Where a symbolic link leads, when that is outside the site root (`None`: inside, or it
    /// leads nowhere).
    fn outside_target(&self, link: &Path) -> Option<PathBuf> {
        let target = std::fs::canonicalize(link).ok()?;
        let root = self.resolved.as_deref()?;
        (!target.starts_with(root)).then_some(target)
    }

    /// An error when `path` (a folder or file Gazette reads) is, or passes through, a symbolic
    /// link that leads outside the site (test `security::symlinks_out_of_the_site_are_refused`).
    pub fn check_inside(&self, path: &Path) -> Result<(), Diagnostic> {
        let Some(root) = self.resolved.as_deref() else { return Ok(()) };
        let Ok(resolved) = std::fs::canonicalize(path) else { return Ok(()) };
        if resolved.starts_with(root) {
            return Ok(());
        }
        // name the link itself: the first part of the path below the root that is one
        let rel = path.strip_prefix(self.shown).unwrap_or(path);
        let mut link = self.shown.to_path_buf();
        for part in rel.components() {
            link.push(part);
            if std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()) {
                break;
            }
        }
        Err(outside_error(&diag::display_path(self.shown, &link), &resolved))
    }
}

fn outside_error(shown: &Path, target: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::LinkOutsideSite,
        format!("refusing the symbolic link {} → {}: it leads outside the site", shown.display(), target.display()),
    )
    .with_file(shown)
    .with_help("Gazette publishes only files inside the site root; copy the files in instead of linking to them")
}

/// Every regular file below `dir`, sorted, skipping hidden and editor temporary files. A symbolic
/// link that leads outside the site is an error; one that stays inside is reported and skipped.
/// A folder or file that cannot be read is an error: its pages would silently vanish.
fn walk_files(site: &SiteRoot<'_>, dir: &Path, found: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf, Stamp)> {
    let root = site.shown;
    let mut out = Vec::new();
    let walker = WalkDir::new(dir).follow_links(false).sort_by_file_name().into_iter();
    for entry in
        walker.filter_entry(|e| e.depth() == 0 || !is_editor_temp_file(e.file_name().to_string_lossy().as_ref()))
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| diag::display_path(root, p)).unwrap_or_default();
                let reason = e.io_error().map(crate::fs::io_reason).unwrap_or_else(|| e.to_string());
                found.push(
                    Diagnostic::error(Code::Io, format!("cannot read {}: {reason}", path.display()))
                        .with_file(&path)
                        .with_help("make it readable (chmod), or move it out of the site"),
                );
                continue;
            }
        };
        // the folder itself was checked by `check_inside`
        if entry.depth() == 0 {
            continue;
        }
        if entry.path_is_symlink() {
            let shown = diag::display_path(root, entry.path());
            if let Some(target) = site.outside_target(entry.path()) {
                found.push(outside_error(&shown, &target));
                continue;
            }
            found.push(
                Diagnostic::warning(Code::Io, format!("skipped symbolic link {}", shown.display()))
                    .with_file(shown)
                    .with_help("Gazette does not follow links inside the site; copy the file in instead"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else { continue };
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let stamp = entry.metadata().map(|m| Stamp::of(&m)).unwrap_or_default();
        out.push((rel, entry.path().to_path_buf(), stamp));
    }
    out
}

/// Hidden files, editor backups and temporary files are not content, and a change to one is not
/// a change to the site (`serve`'s watcher asks this same function): dot files (`.a.md.swp`,
/// `.DS_Store`), `a.md~`, `x.swp`, `x.tmp`, Word's and WPS's lock files (`~$报告.docx`), Emacs's
/// autosaves (`#a.md#`) and the file Vim writes to test a folder (`4913`).
pub fn is_editor_temp_file(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("~$")
        || name.starts_with('#')
        || name == "4913"
}

/// Is this content file a section's (or the home page's) `_index.md`?
fn is_index(rel: &str) -> bool {
    rel == "_index.md" || rel.ends_with("/_index.md")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// What a discovery lists of content/: Markdown and other files, with their stamps.
    fn listed(tree: &SourceTree) -> Vec<(String, Stamp)> {
        let md = tree.pages.iter().chain(&tree.indexes).map(|f| (f.rel.clone(), f.stamp));
        let assets = tree.content_assets.iter().map(|a| (a.rel.clone(), a.stamp));
        let mut all: Vec<_> = md.chain(assets).collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// Told what changed, discovery looks only there: the result equals a whole walk, and a file
    /// no watcher reported is not seen (so the walk really was not made again).
    #[test]
    fn a_discovery_since_the_last_one_looks_only_at_the_changed_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        write(&root, "site.yaml", "title: 测试\nbase_url: https://example.org/\nlanguage: zh-CN\n");
        write(&root, "content/reports/2024/2024-01-01-a.md", "---\ntitle: 甲\n---\n正文。\n");
        write(&root, "content/reports/2024/2024-02-01-b.md", "---\ntitle: 乙\n---\n正文。\n");
        write(&root, "content/reports/2024/2024-03-01-c/index.md", "---\ntitle: 丙\n---\n正文。\n");
        write(&root, "content/reports/2024/2024-03-01-c/附件.pdf", "%PDF");
        write(&root, "content/reports/2024.md", "---\ntitle: 丁\n---\n");
        let config = Config::load(&root, &crate::config::Overrides::default()).unwrap();
        let first = discover(&config, &|_, _| false).unwrap();
        let listing = first.listing.clone().expect("a clean walk keeps its listing");

        // a file edited, one added, one removed, a bundle's folder renamed, a hidden file and a
        // file nobody reported
        write(&root, "content/reports/2024/2024-01-01-a.md", "---\ntitle: 甲\n---\n正文，改了。\n");
        write(&root, "content/reports/2024/2024-04-01-d.md", "---\ntitle: 戊\n---\n");
        std::fs::remove_file(root.join("content/reports/2024/2024-02-01-b.md")).unwrap();
        let (from, to) = ("content/reports/2024/2024-03-01-c", "content/reports/2024/2024-05-01-c");
        std::fs::rename(root.join(from), root.join(to)).unwrap();
        write(&root, "content/reports/.2024-06-01-e.md.swp", "x");
        write(&root, "content/news/2024-07-01-f.md", "---\ntitle: 己\n---\n");
        let changed: Vec<PathBuf> = [
            "content/reports/2024/2024-01-01-a.md",
            "content/reports/2024/2024-04-01-d.md",
            "content/reports/2024/2024-02-01-b.md",
            from,
            to,
            "content/reports/.2024-06-01-e.md.swp",
            "templates/page.html",
        ]
        .iter()
        .map(|p| root.join(p))
        .collect();
        let since = Since { listing: &listing, changed: &changed };
        let incremental = discover_since(&config, &|_, _| false, Some(since)).unwrap();
        let whole = discover(&config, &|_, _| false).unwrap();
        let mut expected = listed(&whole);
        expected.retain(|(rel, _)| rel != "news/2024-07-01-f.md");
        assert_eq!(listed(&incremental), expected);
        // the same order as a walk: folder by folder (`2024/…` before `2024.md`)
        let order = |t: &SourceTree| t.pages.iter().map(|f| f.rel.clone()).collect::<Vec<_>>();
        let mut walked = order(&whole);
        walked.retain(|rel| rel != "news/2024-07-01-f.md");
        assert_eq!(order(&incremental), walked);
        assert!(order(&incremental).iter().position(|r| r == "reports/2024.md") > Some(0));

        // the root itself (what the watcher sends when it lost events) means everything
        let changed = vec![root.clone()];
        let since = Since { listing: &listing, changed: &changed };
        let everything = discover_since(&config, &|_, _| false, Some(since)).unwrap();
        assert_eq!(listed(&everything), listed(&whole));
    }

    #[test]
    fn ignores_editor_files() {
        for name in [".DS_Store", "a.md~", ".a.md.swp", "~$report.docx", "#a.md#", "x.tmp", "4913"] {
            assert!(is_editor_temp_file(name), "{name}");
        }
        for name in ["report.md", "49130.md", "a#b.md", "photo.jpg"] {
            assert!(!is_editor_temp_file(name), "{name}");
        }
    }
}
