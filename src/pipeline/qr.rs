//! QR codes of page permalinks, as inline SVG, for readers who scan a screen or a printed page.
//!
//! In: a URL. Out: the QR code's modules ([`qr_modules`]) and a compact SVG of them ([`qr_svg`]):
//! one path, a run of dark modules per `h` command, in a 4-module quiet zone, black on white.
//! Never: reads or writes anything, or panics: a URL too long for a QR code gives `None` (the
//! page then shows none).
//!
//! Error correction is level M (15 %): a printed page that is folded or smudged still scans,
//! and a permalink of ~100 bytes stays a small code (version 5–7).

use qrcode::{Color, EcLevel, QrCode};

/// Modules of quiet zone on each side, as the standard asks.
pub const QUIET_ZONE: usize = 4;

/// The dark modules of `url`'s QR code, row by row, and its width in modules (no quiet zone).
pub fn qr_modules(url: &str) -> Option<(usize, Vec<bool>)> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let dark = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
    Some((width, dark))
}

/// An inline SVG of `url`'s QR code, labelled `label` for screen readers; `id` names its path
/// so that a second `<svg><use href="#id"/></svg>` (the printed copy) draws it again.
pub fn qr_svg(url: &str, label: &str, id: &str) -> Option<String> {
    let (width, dark) = qr_modules(url)?;
    let size = width + 2 * QUIET_ZONE;
    let mut d = String::new();
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            d.push_str(&format!("M{} {}h{}v1h-{}z", start + QUIET_ZONE, y + QUIET_ZONE, x - start, x - start));
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path id=\"{}\" fill=\"#000\" d=\"{d}\"/></svg>",
        crate::pipeline::render::xml_escape(label),
        crate::pipeline::render::xml_escape(id),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws modules into a grayscale image, `scale` pixels per module, with the quiet zone, and
    /// decodes it with rqrr (an independent decoder).
    fn decode(width: usize, dark: &[bool]) -> String {
        let scale = 4;
        let size = (width + 2 * QUIET_ZONE) * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let inside =
                (QUIET_ZONE..QUIET_ZONE + width).contains(&mx) && (QUIET_ZONE..QUIET_ZONE + width).contains(&my);
            if inside && dark[(my - QUIET_ZONE) * width + (mx - QUIET_ZONE)] { 0 } else { 255 }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    #[test]
    fn modules_decode_to_the_url() {
        for url in [
            "https://www.example.gov.cn/renda/reports/2024/changweihui-gongzuo-baogao/",
            "https://example.org/",
            "https://example.org/renda/报告/2024/工作报告/",
        ] {
            let (width, dark) = qr_modules(url).unwrap();
            assert_eq!(decode(width, &dark), url);
        }
    }

    #[test]
    fn too_long_is_none_not_a_panic() {
        assert!(qr_modules(&"a".repeat(5000)).is_none());
        assert!(qr_svg(&"a".repeat(5000), "x", "y").is_none());
    }

    #[test]
    fn svg_label_is_escaped() {
        let svg = qr_svg("https://e.org/", "a\"<b>", "gz-qr").unwrap();
        assert!(svg.contains("aria-label=\"a&quot;&lt;b&gt;\""), "{svg}");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
