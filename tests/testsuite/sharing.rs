//! Sharing a page: its QR code (decoded here by an independent decoder) and Open Graph tags.

use crate::support::{Site, attrs, texts};

/// Rasterises the QR code's SVG as the theme writes it (`M{x} {y}h{w}v1h-{w}z` runs of dark
/// modules in a `viewBox="0 0 N N"`) and decodes it with rqrr.
fn decode_qr(svg_html: &scraper::Html) -> String {
    let view_box = attrs(svg_html, ".doc-qr svg", "viewBox");
    assert_eq!(view_box.len(), 1, "one QR code on screen");
    let size: usize = view_box[0].split(' ').nth(2).unwrap().parse().unwrap();
    let d = &attrs(svg_html, ".doc-qr svg path#gz-qr", "d")[0];
    let mut dark = vec![false; size * size];
    for run in d.split('M').filter(|r| !r.is_empty()) {
        let (xy, rest) = run.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let w: usize = rest.split_once('v').unwrap().0.parse().unwrap();
        for i in x..x + w {
            dark[y * size + i] = true;
        }
    }
    let scale = 4;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(size * scale, size * scale, |x, y| {
        if dark[(y / scale) * size + x / scale] { 0 } else { 255 }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1);
    grids[0].decode().unwrap().1
}

#[test]
fn report_and_news_pages_carry_a_qr_code_of_their_permalink() {
    let site = Site::fixture("build/basic");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for rel in ["reports/2024/gongzuo-baogao/index.html", "news/2024/visit/index.html"] {
        let html = site.html(rel);
        let permalink = attrs(&html, "meta[property='og:url']", "content");
        assert_eq!(decode_qr(&html), permalink[0], "{rel}");
        // on screen on request; in print a second copy draws the same path
        assert_eq!(texts(&html, "details.doc-qr summary"), ["手机扫码阅读"]);
        assert_eq!(attrs(&html, ".print-only svg.doc-qr-print use", "href"), ["#gz-qr"]);
    }
    // a standalone page has none
    assert!(attrs(&site.html("about/index.html"), ".doc-qr svg", "viewBox").is_empty());
}

#[test]
fn open_graph_tags_are_complete() {
    let site = Site::fixture("build/basic");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.html("news/2024/visit/index.html");
    let og = |p: &str| attrs(&html, &format!("meta[property='og:{p}']"), "content");
    assert_eq!(og("url"), ["https://example.org/renda/news/2024/visit/"]);
    assert_eq!(og("title"), texts(&html, "h1.doc-title"));
    assert_eq!(og("description").len(), 1);
    assert!(!og("description")[0].is_empty());
    assert_eq!(og("image"), ["https://example.org/renda/news/2024/visit/cover.jpg"]);
    assert_eq!(og("type"), ["article"]);
}
