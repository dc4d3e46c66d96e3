//! QR codes of page permalinks, as inline SVG, for readers who scan a screen or a printed page.
//!
//! In: a URL. Out: the QR code's modules ([`qr_modules`]) and a compact SVG of them ([`qr_svg`]):
//! one path, a run of dark modules per `h` command, in a 4-module quiet zone, black on white.
//! Never: reads or writes anything, or panics: a URL too long for a QR code gives `None` (the
//! page then shows none).
//!
//! Error correction is level M (15 %): a printed page that is folded or smudged still scans,
//! and a permalink of ~100 bytes stays a small code (version 5–7).

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel};

/// Modules of quiet zone on each side, as the standard asks.
pub const QUIET_ZONE: usize = 4;

/// The eight mask patterns of a QR code (not a Micro QR code).
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The dark modules of `url`'s QR code, row by row, and its width in modules (no quiet zone).
///
/// The code is the qrcode crate's (`QrCode::with_error_correction_level`), module for module;
/// only the choice of mask is scored here ([`penalty`]), on plain booleans: the crate's scoring
/// was half the CPU time of a build (a QR code on every page).
pub fn qr_modules(url: &str) -> Option<(usize, Vec<bool>)> {
    let bits = qrcode::bits::encode_auto(url.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = usize::try_from(version.width()).ok()?;
    MASKS
        .iter()
        .map(|&mask| {
            let mut masked = canvas.clone();
            masked.apply_mask(mask);
            masked.into_colors().into_iter().map(|c| c == Color::Dark).collect::<Vec<bool>>()
        })
        .min_by_key(|dark| penalty(width, dark))
        .map(|dark| (width, dark))
}

/// The penalty score of a masked QR code (ISO/IEC 18004 §7.8.3), as the qrcode crate scores
/// it (`Canvas::compute_total_penalty_scores`), so the same mask wins: runs of five or more
/// modules of one colour, 2×2 blocks, finder-like patterns, and the balance of dark and light.
fn penalty(width: usize, dark: &[bool]) -> i64 {
    if width <= 128 {
        return penalty_of_bits(width, dark);
    }
    let mut columns = vec![false; dark.len()];
    for y in 0..width {
        for x in 0..width {
            columns[x * width + y] = dark[y * width + x];
        }
    }
    let mut score = -360i64;
    for line in dark.chunks_exact(width).chain(columns.chunks_exact(width)) {
        score += line_penalty(line);
    }
    for (row, below) in dark.chunks_exact(width).zip(dark.chunks_exact(width).skip(1)) {
        for x in 0..width - 1 {
            let c = row[x];
            if row[x + 1] == c && below[x] == c && below[x + 1] == c {
                score += 3;
            }
        }
    }
    let ratio = (dark.iter().filter(|d| **d).count() * 200 / dark.len()) as i64;
    score + (ratio - 100).abs()
}

/// [`penalty`] with each row and column in the bits of a `u128` (codes up to version 27, a
/// permalink of up to ~1,000 bytes): a few word operations a row instead of a few a module.
fn penalty_of_bits(width: usize, dark: &[bool]) -> i64 {
    let mut rows = [0u128; 128];
    let mut columns = [0u128; 128];
    for (y, row) in dark.chunks_exact(width).enumerate() {
        for (x, _) in row.iter().enumerate().filter(|(_, d)| **d) {
            rows[y] |= 1 << x;
            columns[x] |= 1 << y;
        }
    }
    let all = if width == 128 { u128::MAX } else { (1u128 << width) - 1 };
    let mut score = -360i64;
    for &line in rows[..width].iter().chain(&columns[..width]) {
        // runs: the module at x differs from the one at x + 1 where a bit of `edges` is set
        let mut edges = (line ^ (line >> 1)) & (all >> 1);
        let mut start = 0u32;
        loop {
            let end = if edges == 0 { width as u32 } else { edges.trailing_zeros() + 1 };
            let run = i64::from(end - start);
            if run >= 5 {
                score += run - 2;
            }
            if edges == 0 {
                break;
            }
            edges &= edges - 1;
            start = end;
        }
        // finder-like patterns (dark light dark dark dark light dark, the same both ways): bit j
        // of `found` is set where one starts at j
        let mut found = line & !(line >> 1) & (line >> 2) & (line >> 3) & (line >> 4) & !(line >> 5) & (line >> 6);
        found &= if width >= 7 { all >> 6 } else { 0 };
        while found != 0 {
            let j = found.trailing_zeros() as usize;
            found &= found - 1;
            // up to four modules on each side (a line has no bits past its width)
            let before = (line >> (j - j.min(4))) & ((1u128 << j.min(4)) - 1);
            let after = if j + 7 >= width { 0 } else { (line >> (j + 7)) & 0xf };
            if before == 0 || after == 0 {
                score += 40;
            }
        }
    }
    for pair in rows[..width].windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same = !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & !(a ^ b) & (all >> 1);
        score += 3 * i64::from(same.count_ones());
    }
    let dark_count: u32 = rows[..width].iter().map(|r| r.count_ones()).sum();
    let ratio = (dark_count as usize * 200 / dark.len()) as i64;
    score + (ratio - 100).abs()
}

/// The penalties of one row or column: runs of five or more modules of one colour, and
/// finder-like patterns (dark light dark dark dark light dark) without four light modules on
/// one side.
fn line_penalty(line: &[bool]) -> i64 {
    const FINDER: u8 = 0b101_1101;
    let mut score = 0i64;
    let mut run = 1i64;
    let mut window = 0u8;
    for (k, &module) in line.iter().enumerate() {
        if k > 0 {
            if module == line[k - 1] {
                run += 1;
            } else {
                if run >= 5 {
                    score += run - 2;
                }
                run = 1;
            }
        }
        window = ((window << 1) | u8::from(module)) & 0x7f;
        if k >= 6 && window == FINDER {
            let start = k - 6;
            let dark_before = line[start.saturating_sub(4)..start].iter().any(|d| *d);
            let dark_after = line.get(k + 1..(k + 5).min(line.len())).is_some_and(|s| s.iter().any(|d| *d));
            if !dark_before || !dark_after {
                score += 40;
            }
        }
    }
    if run >= 5 {
        score += run - 2;
    }
    score
}

/// An inline SVG of `url`'s QR code, labelled `label` for screen readers, and its width in
/// modules with the quiet zone; `id` names its path so that a second
/// `<svg><use href="#id"/></svg>` (the printed copy) draws it again.
pub fn qr_svg(url: &str, label: &str, id: &str) -> Option<(String, usize)> {
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
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path id=\"{}\" fill=\"#000\" d=\"{d}\"/></svg>",
        crate::pipeline::render::xml_escape(label),
        crate::pipeline::render::xml_escape(id),
    );
    Some((svg, size))
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
    fn the_same_code_as_the_qrcode_crate_makes() {
        // the crate's own choice of mask, for permalinks of every length up to version 10
        for n in 0..150 {
            let url = format!("https://www.example.gov.cn/renda/{}/", "报告x".repeat(n % 40) + &n.to_string());
            let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).unwrap();
            let theirs: Vec<bool> = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
            assert_eq!(qr_modules(&url), Some((code.width(), theirs)), "{url}");
        }
    }

    #[test]
    fn the_penalty_of_bits_is_the_penalty() {
        // grids of random modules, and of masked codes, scored both ways
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for width in [21, 25, 45, 63, 64, 65, 101, 127, 128] {
            for _ in 0..20 {
                let dark: Vec<bool> = (0..width * width)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        seed.is_multiple_of(3)
                    })
                    .collect();
                let mut columns = vec![false; dark.len()];
                for y in 0..width {
                    for x in 0..width {
                        columns[x * width + y] = dark[y * width + x];
                    }
                }
                let by_modules = -360
                    + dark.chunks_exact(width).chain(columns.chunks_exact(width)).map(line_penalty).sum::<i64>()
                    + (0..width - 1)
                        .flat_map(|y| (0..width - 1).map(move |x| (x, y)))
                        .filter(|&(x, y)| {
                            let c = dark[y * width + x];
                            dark[y * width + x + 1] == c
                                && dark[(y + 1) * width + x] == c
                                && dark[(y + 1) * width + x + 1] == c
                        })
                        .count() as i64
                        * 3
                    + ((dark.iter().filter(|d| **d).count() * 200 / dark.len()) as i64 - 100).abs();
                assert_eq!(penalty_of_bits(width, &dark), by_modules, "width {width}");
            }
        }
    }

    #[test]
    fn too_long_is_none_not_a_panic() {
        assert!(qr_modules(&"a".repeat(5000)).is_none());
        assert!(qr_svg(&"a".repeat(5000), "x", "y").is_none());
    }

    #[test]
    fn svg_label_is_escaped() {
        let (svg, size) = qr_svg("https://e.org/", "a\"<b>", "gz-qr").unwrap();
        assert_eq!(size, qr_modules("https://e.org/").unwrap().0 + 2 * QUIET_ZONE);
        assert!(svg.contains("aria-label=\"a&quot;&lt;b&gt;\""), "{svg}");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
