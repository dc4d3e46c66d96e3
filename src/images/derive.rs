//! Decoding an original once and encoding each of its derived images: limits set before any
//! pixel is allocated, EXIF orientation applied, crop and resize with `fast_image_resize`,
//! lossy WebP with libwebp, JPEG or PNG with the `image` crate. Pixels only: no metadata of the
//! original is written into a derived file.

use std::io::Cursor;

use fast_image_resize as fr;
use image::{DynamicImage, ImageEncoder};

use crate::images::probe::Kind;
use crate::images::{DerivedImage, Format, JPEG_QUALITY, MAX_ALLOC, MAX_SIDE, Probe, Shape, WEBP_QUALITY};

/// The decoder limits: a header over them is refused before its pixels are allocated.
pub fn limits() -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(MAX_ALLOC);
    l
}

/// Decodes `bytes` within [`limits`] and turns it upright: 8-bit RGB, or RGBA when it has alpha.
pub fn decode(bytes: &[u8], probe: &Probe) -> Result<DynamicImage, String> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes));
    reader.set_format(match probe.kind {
        Kind::Jpeg => image::ImageFormat::Jpeg,
        Kind::Png => image::ImageFormat::Png,
        Kind::Webp => image::ImageFormat::WebP,
        Kind::Gif => image::ImageFormat::Gif,
        Kind::Other => return Err("it is not an image Gazette decodes".into()),
    });
    reader.limits(limits());
    let img = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => format!(
            "decoding it would take more than {} MB of memory, the most Gazette allows one image",
            MAX_ALLOC / (1024 * 1024)
        ),
        e => format!("it cannot be decoded: {e} (a truncated or damaged file: export it again)"),
    })?;
    // 16-bit, grey and CMYK-converted pictures become 8-bit RGB(A): what browsers show
    let mut img = match probe.alpha {
        true => DynamicImage::ImageRgba8(img.into_rgba8()),
        false => DynamicImage::ImageRgb8(img.into_rgb8()),
    };
    if let Some(o) = image::metadata::Orientation::from_exif(probe.orientation) {
        img.apply_orientation(o);
    }
    Ok(img)
}

/// Each size of `outputs`, resized from one decoded original: each size once for both its
/// formats, widest first, and each narrower size of a shape from the one before it (Lanczos3 from
/// an image at least as wide loses nothing visible), so only the widest size of each shape reads
/// the full-size original. The original can be dropped afterwards: [`encode_all`] needs only these.
pub fn resize_all(img: &DynamicImage, outputs: &[&DerivedImage]) -> Result<Resized, String> {
    let pixel = match img {
        DynamicImage::ImageRgba8(_) => fr::PixelType::U8x4,
        _ => fr::PixelType::U8x3,
    };
    let mut resizer = fr::Resizer::new();
    // each distinct (shape, width, height), widest first within a shape
    let mut sizes: Vec<(Shape, u32, u32)> = outputs.iter().map(|d| (d.shape, d.width, d.height)).collect();
    sizes.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    sizes.dedup();
    let mut resized: Vec<((Shape, u32, u32), fr::images::Image<'static>)> = Vec::with_capacity(sizes.len());
    for &(shape, w, h) in &sizes {
        let previous = resized.iter().rev().find(|((s, pw, _), _)| *s == shape && *pw >= w).map(|(_, img)| img);
        let alg = fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3);
        let mut dst = fr::images::Image::new(w, h, pixel);
        let result = match (previous, shape) {
            // a narrower size of the same shape: the whole of the previous one, scaled
            (Some(prev), _) => resizer.resize(prev, &mut dst, &fr::ResizeOptions::new().resize_alg(alg)),
            (None, Shape::Fit) => {
                let src = source_view(img, pixel)?;
                resizer.resize(&src, &mut dst, &fr::ResizeOptions::new().resize_alg(alg))
            }
            (None, Shape::Card(f)) => {
                let src = source_view(img, pixel)?;
                let centre = (f64::from(f.x) / 100.0, f64::from(f.y) / 100.0);
                resizer.resize(
                    &src,
                    &mut dst,
                    &fr::ResizeOptions::new().resize_alg(alg).fit_into_destination(Some(centre)),
                )
            }
        };
        result.map_err(|e| format!("cannot resize it: {e}"))?;
        resized.push(((shape, w, h), dst));
    }
    Ok(Resized { alpha: pixel == fr::PixelType::U8x4, sizes: resized })
}

/// The resized pixels of one original, by (shape, width, height).
pub struct Resized {
    alpha: bool,
    sizes: Vec<((Shape, u32, u32), fr::images::Image<'static>)>,
}

/// Every derived image of `outputs`, encoded from [`resize_all`]'s sizes, in their order.
pub fn encode_all(resized: &Resized, outputs: &[&DerivedImage]) -> Result<Vec<Vec<u8>>, String> {
    outputs
        .iter()
        .map(|d| {
            let (_, img) = resized
                .sizes
                .iter()
                .find(|(key, _)| *key == (d.shape, d.width, d.height))
                .ok_or_else(|| "a size was not made".to_string())?;
            encode(img.buffer(), d.width, d.height, resized.alpha, d.format)
        })
        .collect()
}

fn source_view(img: &DynamicImage, pixel: fr::PixelType) -> Result<fr::images::ImageRef<'_>, String> {
    fr::images::ImageRef::new(img.width(), img.height(), img.as_bytes(), pixel)
        .map_err(|e| format!("cannot resize it: {e}"))
}

/// Encodes RGB or RGBA pixels: lossy WebP, JPEG (alpha flattened onto white) or PNG.
fn encode(buf: &[u8], width: u32, height: u32, alpha: bool, format: Format) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match format {
        Format::Webp => {
            let enc = match alpha {
                true => webp::Encoder::from_rgba(buf, width, height),
                false => webp::Encoder::from_rgb(buf, width, height),
            };
            let mem = enc.encode_simple(false, WEBP_QUALITY).map_err(|e| format!("WebP encoding failed: {e:?}"))?;
            out.extend_from_slice(&mem);
        }
        Format::Jpeg => {
            let rgb: Vec<u8>;
            let pixels = match alpha {
                true => {
                    rgb = flatten(buf);
                    &rgb[..]
                }
                false => buf,
            };
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(pixels, width, height, image::ExtendedColorType::Rgb8)
                .map_err(|e| format!("JPEG encoding failed: {e}"))?;
        }
        Format::Png => {
            let color = if alpha { image::ExtendedColorType::Rgba8 } else { image::ExtendedColorType::Rgb8 };
            image::codecs::png::PngEncoder::new(&mut out)
                .write_image(buf, width, height, color)
                .map_err(|e| format!("PNG encoding failed: {e}"))?;
        }
    }
    Ok(out)
}

fn flatten(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .flat_map(|p| {
            let a = u16::from(p[3]);
            let over = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
            [over(p[0]), over(p[1]), over(p[2])]
        })
        .collect()
}
