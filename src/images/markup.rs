//! `<picture>` markup: the values templates get for a cover ([`PictureView`]) and the rewrite
//! of the `<img>` elements of rendered Markdown into `<picture>` with WebP `srcset`, a JPEG or
//! PNG fallback, `sizes`, `width`/`height` (no layout shift), `loading="lazy"` and
//! `decoding="async"` (pure).

use std::borrow::Cow;

use serde::Serialize;

use crate::images::plan::{ImageSet, Sized};

/// `sizes` of a picture in the text column (at most about 44rem wide).
pub const PROSE_SIZES: &str = "(min-width: 52rem) 46rem, calc(100vw - 2rem)";
/// `sizes` of a cover card: a column of the cards' grid, or a thumbnail on narrow screens.
pub const CARD_SIZES: &str = "(min-width: 60rem) 22rem, (min-width: 40rem) 45vw, 10rem";

/// What a template needs to write a `<picture>`: URLs carry the site's base path.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PictureView {
    /// The fallback's URL of a middle width: the `src` of the `<img>`.
    pub src: String,
    pub width: u32,
    pub height: u32,
    /// `url 480w, url 960w`.
    pub srcset: String,
    pub webp_srcset: String,
    /// `image/jpeg` or `image/png`.
    #[serde(rename = "type")]
    pub fallback_type: &'static str,
    pub sizes: &'static str,
}

impl PictureView {
    /// The view of `sizes` (narrowest first); `url` adds the base path to a site path.
    pub fn new(set: &ImageSet, sizes: &[Sized], css_sizes: &'static str, url: &dyn Fn(&str) -> String) -> Option<Self> {
        let largest = sizes.last()?;
        // the `src` for browsers without srcset: about 960 px, enough for a column
        let src = sizes.iter().rev().find(|s| s.width <= 960).unwrap_or(&sizes[0]);
        let list = |pick: &dyn Fn(&Sized) -> &str| {
            sizes.iter().map(|s| format!("{} {}w", url(pick(s)), s.width)).collect::<Vec<_>>().join(", ")
        };
        Some(PictureView {
            src: url(&src.fallback),
            width: largest.width,
            height: largest.height,
            srcset: list(&|s| &s.fallback),
            webp_srcset: list(&|s| &s.webp),
            fallback_type: set.fallback.mime(),
            sizes: css_sizes,
        })
    }

    /// The markup, with `alt` (already escaped) and optional `title` (escaped) attributes.
    pub fn html(&self, alt: &str, title: Option<&str>, lazy: bool) -> String {
        let e = html_attr;
        let title = title.map(|t| format!(" title=\"{t}\"")).unwrap_or_default();
        let loading = if lazy { " loading=\"lazy\"" } else { "" };
        format!(
            "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\"><img src=\"{}\" srcset=\"{}\" sizes=\"{}\" \
             width=\"{}\" height=\"{}\" alt=\"{alt}\"{title}{loading} decoding=\"async\"></picture>",
            e(&self.webp_srcset),
            self.sizes,
            e(&self.src),
            e(&self.srcset),
            self.sizes,
            self.width,
            self.height,
        )
    }
}

fn html_attr(s: &str) -> Cow<'_, str> {
    if s.contains(['&', '"', '<', '>']) {
        Cow::Owned(s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Undoes the escaping pulldown-cmark applies to an `src` (`&amp;`, `&#x27;`, `&quot;`).
fn unescape(s: &str) -> String {
    s.replace("&#x27;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Rewrites each `<img src="…" alt="…"[ title="…"] />` that pulldown-cmark wrote into
/// `<picture>` when `picture_of(src)` knows a derived set for its source; the first picture of
/// the text is loaded at once, the others lazily. Anything else is left as it is.
pub fn rewrite_images<'a>(html: &'a str, picture_of: &dyn Fn(&str) -> Option<PictureView>) -> Cow<'a, str> {
    const OPEN: &str = "<img src=\"";
    if !html.contains(OPEN) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    let mut first = true;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        let Some(parsed) = parse_img(tag) else {
            out.push_str(OPEN);
            rest = &tag[OPEN.len()..];
            continue;
        };
        match picture_of(&unescape(parsed.src)) {
            Some(view) => {
                out.push_str(&view.html(parsed.alt, parsed.title, !first));
                first = false;
            }
            None => out.push_str(&tag[..parsed.len]),
        }
        rest = &tag[parsed.len..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

struct Img<'a> {
    src: &'a str,
    alt: &'a str,
    title: Option<&'a str>,
    len: usize,
}

/// `<img src="S" alt="A"[ title="T"] />` at the start of `tag` (pulldown-cmark's form: its
/// attribute values never hold a raw `"`).
fn parse_img(tag: &str) -> Option<Img<'_>> {
    let after = tag.strip_prefix("<img src=\"")?;
    let src_end = after.find('"')?;
    let src = &after[..src_end];
    let after = after[src_end..].strip_prefix("\" alt=\"")?;
    let alt_end = after.find('"')?;
    let alt = &after[..alt_end];
    let mut after = &after[alt_end + 1..];
    let mut title = None;
    if let Some(t) = after.strip_prefix(" title=\"") {
        let end = t.find('"')?;
        title = Some(&t[..end]);
        after = &t[end + 1..];
    }
    let tail = after.strip_prefix(" />").or_else(|| after.strip_prefix(">"))?;
    Some(Img { src, alt, title, len: tag.len() - tail.len() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> PictureView {
        PictureView {
            src: "/a.1.960w.jpg".into(),
            width: 1600,
            height: 1200,
            srcset: "/a.1.480w.jpg 480w".into(),
            webp_srcset: "/a.1.480w.webp 480w".into(),
            fallback_type: "image/jpeg",
            sizes: PROSE_SIZES,
        }
    }

    #[test]
    fn markdown_images_become_pictures() {
        let html = "<p>x <img src=\"a.jpg\" alt=\"视察&amp;\" title=\"t\" /> <img src=\"b.jpg\" alt=\"\" /> \
                    <img src=\"c.jpg\" alt=\"c\" /></p>";
        let out = rewrite_images(html, &|src| (src != "c.jpg").then(view));
        assert_eq!(out.matches("<picture>").count(), 2, "{out}");
        assert!(out.contains("alt=\"视察&amp;\" title=\"t\" decoding=\"async\""), "{out}");
        assert!(out.contains("alt=\"\" loading=\"lazy\" decoding=\"async\""), "{out}");
        assert!(out.contains("<img src=\"c.jpg\" alt=\"c\" />"), "{out}");
    }

    #[test]
    fn text_that_looks_like_an_image_is_left_alone() {
        let html = "<p>&lt;img src=&quot;x&quot;&gt; <img src=\"broken</p>";
        assert_eq!(rewrite_images(html, &|_| Some(view())), html);
    }
}
