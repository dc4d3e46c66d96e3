//! The upload order: a reader never gets a page whose assets are missing, nor a list or the
//! home page that links to a page not yet there.
//!
//! In: an output path (`reports/2024/foo/index.html`). Out: its [`Rank`]; uploads go rank by
//! rank, each rank finished before the next starts, deletions after all of them.
//! Never: reads the disk. Paths are classified by their shape for now; once the output plan
//! (`pipeline::plan`) is merged, the rank should come from each output's render job instead.

/// What an output file is, in upload order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    /// CSS, JavaScript, images, attachments, fonts, the search index: what pages load.
    Asset,
    /// A report or standalone page (and the search index's entry file, which switches search
    /// to the index files uploaded before it).
    Page,
    /// Section, year, term and taxonomy lists, their pagination, meetings, search.
    List,
    /// Atom feeds.
    Feed,
    /// sitemap.xml and robots.txt.
    Sitemap,
    /// `index.html` at the root: last, so the front door shows only what is complete.
    Home,
}

impl Rank {
    pub fn name(self) -> &'static str {
        match self {
            Rank::Asset => "assets",
            Rank::Page => "pages",
            Rank::List => "lists",
            Rank::Feed => "feeds",
            Rank::Sitemap => "sitemap",
            Rank::Home => "home page",
        }
    }
}

/// The rank of an output file. `taxonomies` are the site's taxonomy names (`topics`, `types`).
pub fn rank(path: &str, taxonomies: &[String]) -> Rank {
    if path == "index.html" {
        return Rank::Home;
    }
    if path == "sitemap.xml" || path == "robots.txt" {
        return Rank::Sitemap;
    }
    if path.ends_with(".xml") {
        return Rank::Feed;
    }
    if path == "pagefind/pagefind-entry.json" {
        // the entry names the index files of this build: it switches search to the new index,
        // so it goes after every one of them
        return Rank::Page;
    }
    if !path.ends_with(".html") || path.starts_with("pagefind/") {
        return Rank::Asset;
    }
    let segments: Vec<&str> = path.split('/').collect();
    let first = segments[0];
    let listing = ["years", "meetings", "search"].contains(&first) || taxonomies.iter().any(|t| t == first);
    // `reports/index.html`, `reports/page/2/index.html`: a section's list
    let section_list =
        segments.len() == 2 || segments.windows(2).any(|w| w[0] == "page" && w[1].parse::<u32>().is_ok());
    if listing || (section_list && path.ends_with("/index.html")) { Rank::List } else { Rank::Page }
}

/// Cache-Control for a file: immutable for names that carry a content hash (Pagefind's
/// fragments and index chunks; the default theme fingerprints nothing else), an hour for other
/// assets, and revalidation for everything a reader must see fresh.
pub fn cache_control(path: &str, rank: Rank) -> &'static str {
    let fingerprinted =
        ["pagefind/fragment/", "pagefind/index/", "pagefind/filter/"].iter().any(|p| path.starts_with(p));
    match rank {
        Rank::Asset if fingerprinted => "public, max-age=31536000, immutable",
        Rank::Asset => "public, max-age=3600",
        _ => "no-cache",
    }
}

/// Content-Type by extension; text types say `charset=utf-8` (a store's default would be
/// Latin-1 or none, and Chinese text would show garbled).
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => {
            if path.ends_with("atom.xml") {
                "application/atom+xml; charset=utf-8"
            } else {
                "application/xml; charset=utf-8"
            }
        }
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ofd" => "application/ofd",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(path: &str, expected: Rank) {
        let taxonomies = ["topics".to_string(), "types".to_string()];
        assert_eq!(rank(path, &taxonomies), expected, "{path}");
    }

    #[test]
    fn ranks() {
        check("css/gazette.css", Rank::Asset);
        check("reports/2023/law-inspection/photo.jpg", Rank::Asset);
        check("pagefind/pagefind.js", Rank::Asset);
        check("pagefind/fragment/zh-cn_3f2a.pf_fragment", Rank::Asset);
        check("pagefind/pagefind-entry.json", Rank::Page);
        check("reports/2024/foo/index.html", Rank::Page);
        check("404.html", Rank::Page);
        check("reports/index.html", Rank::List);
        check("reports/page/2/index.html", Rank::List);
        check("topics/sheng-tai/index.html", Rank::List);
        check("years/2024/index.html", Rank::List);
        check("atom.xml", Rank::Feed);
        check("topics/sheng-tai/atom.xml", Rank::Feed);
        check("sitemap.xml", Rank::Sitemap);
        check("robots.txt", Rank::Sitemap);
        check("index.html", Rank::Home);
    }

    #[test]
    fn headers() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "application/atom+xml; charset=utf-8");
        assert_eq!(content_type("x.PNG"), "image/png");
        assert_eq!(cache_control("index.html", Rank::Home), "no-cache");
        assert_eq!(cache_control("css/gazette.css", Rank::Asset), "public, max-age=3600");
        assert_eq!(
            cache_control("pagefind/index/zh_1a2b.pf_index", Rank::Asset),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("pagefind/pagefind-entry.json", Rank::Page), "no-cache");
    }
}
