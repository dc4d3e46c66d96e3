//! Files of content/ that a reader's browser would open as a document able to run script.
//!
//! In: a bundle file's name and, for SVG, its bytes. Out: why the file could run script, or
//! nothing. An editor attaches PDFs, Word files and photos; an `.html`, `.xhtml` or `.xml` file
//! is a document of the site's origin, so it is refused whatever it holds (a filter of HTML is
//! a parser war that Gazette need not fight). An SVG is an image, also used as a cover or a
//! figure, and is allowed when it holds no script: no `<script>`, `<foreignObject>` or embedded
//! frames, no `on…` event handlers, no links or animations to `javascript:` and the like, no
//! DOCTYPE (its entities could spell any of these) and no processing instructions.
//! Never: reads the disk. Files of static/ and the theme come from the template author, who
//! writes the templates' script anyway; they are not checked (SECURITY.md).

use quick_xml::events::{BytesStart, Event};

/// Extensions a browser opens as a document of the site (HTML, XHTML, XML and XSLT).
const DOCUMENTS: &[&str] = &["html", "htm", "shtml", "xhtml", "xht", "xml", "xsl", "xslt", "mht", "mhtml", "svgz"];

/// Elements of SVG (in any namespace prefix) that run script or embed a document.
/// `meta` (a refresh), `base` and `form` do nothing in an image, but do in an SVG opened as a
/// document: refused too.
const ACTIVE_ELEMENTS: &[&str] =
    &["script", "foreignobject", "iframe", "frame", "embed", "object", "handler", "listener", "meta", "base", "form"];

/// Why this bundle file could run script in the reader's browser, or `None`. `bytes` is asked
/// for only when the name says SVG.
pub fn active_content(name: &str, bytes: impl FnOnce() -> Option<Vec<u8>>) -> Option<String> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if DOCUMENTS.contains(&ext.as_str()) {
        return Some(format!("a .{ext} file opens as a page of the site and can run script"));
    }
    if ext != "svg" {
        return None;
    }
    match bytes() {
        Some(b) => svg_problem(&b),
        None => Some("the SVG file cannot be read".into()),
    }
}

/// What in an SVG document could run script, or `None`.
pub fn svg_problem(bytes: &[u8]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => return Some(format!("the SVG is not well-formed XML ({e}), so what it does cannot be told")),
        };
        match event {
            Event::Eof => return None,
            Event::DocType(_) => return Some("the SVG has a DOCTYPE, whose entities can hide script".into()),
            Event::PI(_) => return Some("the SVG has a processing instruction (<?…?>)".into()),
            Event::Start(e) | Event::Empty(e) => {
                if let Some(problem) = element_problem(&e) {
                    return Some(problem);
                }
            }
            _ => {}
        }
        buf.clear();
    }
}

fn element_problem(e: &BytesStart<'_>) -> Option<String> {
    let name = e.local_name().into_inner().to_ascii_lowercase();
    if ACTIVE_ELEMENTS.contains(&name.as_str()) {
        return Some(format!("the SVG has a <{name}> element"));
    }
    let animates = matches!(name.as_str(), "set" | "animate" | "animatetransform" | "animatemotion");
    for attr in e.attributes().with_checks(false) {
        let Ok(attr) = attr else { return Some("the SVG has a malformed attribute".into()) };
        let key = attr.key.local_name().into_inner().to_ascii_lowercase();
        let Ok(value) = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) else {
            return Some("the SVG has an attribute that cannot be read".into());
        };
        if key.starts_with("on") {
            return Some(format!("the SVG has an event handler `{key}` on <{name}>"));
        }
        // an animation can set a link's address: `<set attributeName="href" to="javascript:…">`
        let animated = value.trim().to_ascii_lowercase();
        if animates && key == "attributename" && (animated.ends_with("href") || animated.starts_with("on")) {
            return Some(format!("the SVG animates a link address or a handler (<{name} attributeName=\"{value}\">)"));
        }
        let url_like =
            matches!(key.as_str(), "href" | "src" | "to" | "from" | "values" | "by" | "action" | "formaction" | "data");
        if url_like && runs_script(&value) {
            return Some(format!("the SVG has a script address in `{key}` on <{name}>"));
        }
    }
    None
}

/// A URL whose scheme runs script (or loads a document) when followed from an SVG: anything but
/// a relative address, `#fragment`, http(s) and data: images.
fn runs_script(value: &str) -> bool {
    // browsers drop whitespace and control characters inside a scheme (`java\tscript:`)
    let squeezed: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = squeezed.to_ascii_lowercase();
    let Some(colon) = lower.find(':') else { return false };
    let scheme = &lower[..colon];
    // `a/b:c` and `#x:y` are paths, not schemes
    if scheme.contains(['/', '?', '#']) {
        return false;
    }
    !(matches!(scheme, "http" | "https") || (scheme == "data" && lower[colon + 1..].starts_with("image/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(svg: &str, expected: Option<&str>) {
        let got = svg_problem(svg.as_bytes());
        match expected {
            None => assert_eq!(got, None, "{svg}"),
            Some(part) => assert!(got.as_deref().is_some_and(|g| g.contains(part)), "{svg}: {got:?}"),
        }
    }

    #[test]
    fn svgs_with_script_are_found() {
        let head = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">"#;
        for (body, why) in [
            ("<script>alert(1)</script>", "<script>"),
            ("<SCRIPT>alert(1)</SCRIPT>", "<script>"),
            (r#"<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>"#, "<script>"),
            ("<foreignObject><iframe/></foreignObject>", "<foreignobject>"),
            (r#"<rect onload="alert(1)"/>"#, "onload"),
            (r#"<rect ONCLICK="alert(1)"/>"#, "onclick"),
            (r#"<a href="javascript:alert(1)"><text>x</text></a>"#, "script address"),
            (r#"<a xlink:href="&#106;avascript:alert(1)"><text>x</text></a>"#, "script address"),
            (r#"<a href=" java&#9;script:alert(1)"><text>x</text></a>"#, "script address"),
            (r#"<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>"#, "script address"),
            (r#"<a><set attributeName="href" to="javascript:alert(1)"/></a>"#, "animates a link"),
            (r#"<animate attributeName="xlink:href" values="https://x;javascript:alert(1)"/>"#, "animates a link"),
            ("<rect>", "not well-formed"),
            (r#"<h:meta xmlns:h="http://www.w3.org/1999/xhtml" http-equiv="refresh" content="0;url=x"/>"#, "<meta>"),
            (r#"<h:form xmlns:h="http://www.w3.org/1999/xhtml"/>"#, "<form>"),
            (r#"<rect><set attributeName="onmouseover" to="alert(1)"/></rect>"#, "a handler"),
        ] {
            check(&format!("{head}{body}</svg>"), Some(why));
        }
        check(r#"<!DOCTYPE svg [<!ENTITY x "javascript">]><svg/>"#, Some("DOCTYPE"));
        check(r#"<?xml-stylesheet href="x.xsl" type="text/xsl"?><svg/>"#, Some("processing instruction"));
    }

    #[test]
    fn plain_svgs_pass() {
        check(
            r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <!-- 县人大常委会 会徽 -->
  <defs><linearGradient id="g"><stop offset="0" stop-color="#a61b1b"/></linearGradient></defs>
  <style>.a { fill: url(#g); }</style>
  <rect class="a" width="10" height="10"/>
  <use href="#g"/><use xlink:href="#g"/>
  <a href="https://www.example.gov.cn/"><text x="1" y="5">人大</text></a>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <image href="photo.jpg" width="1" height="1"/>
  <animate attributeName="opacity" from="0" to="1" dur="1s"/>
</svg>"##,
            None,
        );
    }

    #[test]
    fn documents_are_refused_by_name() {
        for name in ["a.html", "A.HTM", "x.xhtml", "feed.xml", "t.xsl", "p.svgz"] {
            assert!(active_content(name, || None).is_some(), "{name}");
        }
        for name in ["a.pdf", "a.docx", "a.jpg", "readme", "a.txt"] {
            assert_eq!(active_content(name, || None), None, "{name}");
        }
        assert!(active_content("a.svg", || Some(b"<svg onload='x'/>".to_vec())).is_some());
        assert_eq!(active_content("a.svg", || Some(b"<svg/>".to_vec())), None);
    }
}
