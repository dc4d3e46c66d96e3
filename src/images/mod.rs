//! Derived images: the resized, re-encoded copies of the raster images a site shows.
//!
//! In: each raster file's [`Probe`] (header, EXIF orientation and GPS, content hash), read by
//! discovery; `images:` of site.yaml. Out: the derived images the output plan lists
//! ([`plan`]: widths, formats, card crops, their URLs), the `<picture>` markup of covers and
//! Markdown images, and the encoded bytes ([`derive`]), kept in `.gazette-cache/images/`
//! ([`cache`]) by the source's content hash and the parameters.
//! Never: decodes an image without limits (at most [`MAX_SIDE`] pixels a side, [`MAX_PIXELS`]
//! in all, [`MAX_ALLOC`] bytes), upscales, or copies EXIF, GPS or maker notes into a derived
//! image (pixels are encoded afresh; nothing of the original file's metadata is carried over).

pub mod cache;
pub mod check;
pub mod derive;
pub mod markup;
pub mod plan;
pub mod probe;
pub mod tera;

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use probe::Probe;

/// The longest side Gazette decodes.
pub const MAX_SIDE: u32 = 16_384;
/// The most pixels Gazette decodes (a 50-megapixel photo; 4,000×3,000 phone photos are 12).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The most a decoder may allocate for one image.
pub const MAX_ALLOC: u64 = 256 * 1024 * 1024;

/// The aspect ratio of the theme's cover cards (width, height): covers are cropped to it.
pub const CARD_ASPECT: (u32, u32) = (40, 21);
/// The widths of cover cards (a card is at most about 480 CSS pixels wide; 960 for 2× screens).
pub const CARD_WIDTHS: [u32; 2] = [480, 960];

/// Lossy WebP quality for photos (quality per byte: 75–82 is where photos stop improving).
pub const WEBP_QUALITY: f32 = 78.0;
/// JPEG quality of the fallback.
pub const JPEG_QUALITY: u8 = 80;
/// Changes when the encoders or their settings change, so cached files are made again.
pub const ENCODER_VERSION: u32 = 1;

/// Where a crop keeps its subject: percent of the width and the height (`cover_focus:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Focus {
    pub x: u8,
    pub y: u8,
}

impl Default for Focus {
    fn default() -> Self {
        Focus { x: 50, y: 50 }
    }
}

impl Focus {
    /// `top`, `center`, `bottom`, `left`, `right`, or `x,y` in percent (`30,20`, `30%,20%`,
    /// `30，20` typed with the input method).
    pub fn parse(text: &str) -> Result<Focus, String> {
        let t = text.trim().to_ascii_lowercase();
        let named = match t.as_str() {
            "top" | "上" => Some((50, 0)),
            "bottom" | "下" => Some((50, 100)),
            "center" | "centre" | "middle" | "中" => Some((50, 50)),
            "left" | "左" => Some((0, 50)),
            "right" | "右" => Some((100, 50)),
            _ => None,
        };
        if let Some((x, y)) = named {
            return Ok(Focus { x, y });
        }
        let bad = || format!("`{text}` is not a focus: write top, center, bottom, left, right, or `x,y` in percent");
        let (x, y) = t.split_once([',', '，']).ok_or_else(bad)?;
        let num = |s: &str| -> Option<u8> {
            let s = s.trim().trim_end_matches(['%', '％']).trim();
            s.parse::<u8>().ok().filter(|n| *n <= 100)
        };
        Ok(Focus { x: num(x).ok_or_else(bad)?, y: num(y).ok_or_else(bad)? })
    }

    fn is_center(self) -> bool {
        self == Focus::default()
    }
}

/// The format of a derived image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Format {
    Webp,
    Jpeg,
    Png,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }
}

/// How a derived image is cut from its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Shape {
    /// The whole picture, scaled.
    Fit,
    /// Cropped to [`CARD_ASPECT`] around the focus, then scaled.
    Card(Focus),
}

/// One derived file: what the plan's `Job::Image` makes.
#[derive(Clone, Debug, PartialEq)]
pub struct DerivedImage {
    /// The original file.
    pub source: PathBuf,
    pub probe: Arc<Probe>,
    pub shape: Shape,
    pub width: u32,
    pub height: u32,
    pub format: Format,
}

impl DerivedImage {
    /// Its file name in the cache: the source's content hash and every parameter.
    pub fn cache_name(&self) -> String {
        let shape = match self.shape {
            Shape::Fit => "fit".to_string(),
            Shape::Card(f) => format!("card{}-{}", f.x, f.y),
        };
        let quality = match self.format {
            Format::Webp => format!("q{WEBP_QUALITY}"),
            Format::Jpeg => format!("q{JPEG_QUALITY}"),
            Format::Png => "lossless".into(),
        };
        let hash = &self.probe.hash[..self.probe.hash.len().min(32)];
        format!(
            "{hash}-o{}-{shape}-{}x{}-{quality}-v{ENCODER_VERSION}.{}",
            self.probe.orientation,
            self.width,
            self.height,
            self.format.ext()
        )
    }
}

/// The widths made of an image `width` pixels wide: each configured width below it, and the
/// largest wanted width capped at the image's own (never upscaled).
pub fn widths_for(width: u32, wanted: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = wanted.iter().copied().filter(|&w| w < width).collect();
    let largest = wanted.iter().copied().max().unwrap_or(width).min(width);
    if !out.contains(&largest) {
        out.push(largest);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The height of `width` at the aspect `(w, h)`, at least 1.
pub fn scaled(width: u32, (w, h): (u32, u32)) -> u32 {
    ((u64::from(width) * u64::from(h) + u64::from(w) / 2) / u64::from(w.max(1))).max(1) as u32
}

/// The part of a `(w, h)` picture a card shows: the largest [`CARD_ASPECT`] box.
pub fn card_box(w: u32, h: u32) -> (u32, u32) {
    let (aw, ah) = CARD_ASPECT;
    let by_width = scaled(w, (aw, ah));
    if by_width <= h { (w, by_width) } else { (scaled(h, (ah, aw)).min(w), h) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focus_parses_names_and_percentages() {
        assert_eq!(Focus::parse("top"), Ok(Focus { x: 50, y: 0 }));
        assert_eq!(Focus::parse(" 30, 70 "), Ok(Focus { x: 30, y: 70 }));
        assert_eq!(Focus::parse("30%,70%"), Ok(Focus { x: 30, y: 70 }));
        assert_eq!(Focus::parse("30，70"), Ok(Focus { x: 30, y: 70 }));
        assert!(Focus::parse("130,0").is_err());
        assert!(Focus::parse("upper").is_err());
        assert!(Focus::parse("").is_err());
    }

    #[test]
    fn widths_never_upscale() {
        assert_eq!(widths_for(4000, &[480, 960, 1600]), vec![480, 960, 1600]);
        assert_eq!(widths_for(1000, &[480, 960, 1600]), vec![480, 960, 1000]);
        assert_eq!(widths_for(960, &[480, 960, 1600]), vec![480, 960]);
        assert_eq!(widths_for(300, &[480, 960, 1600]), vec![300]);
    }

    #[test]
    fn card_boxes_keep_the_aspect() {
        assert_eq!(card_box(4000, 3000), (4000, 2100));
        assert_eq!(card_box(1000, 200), (381, 200));
        assert_eq!(scaled(480, CARD_ASPECT), 252);
    }
}
