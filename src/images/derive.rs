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

/// Every derived image of one decoded original, encoded, in the order of `outputs`.
pub fn encode_all(img: &DynamicImage, outputs: &[&DerivedImage]) -> Result<Vec<Vec<u8>>, String> {
    let mut resizer = fr::Resizer::new();
    outputs.iter().map(|d| encode_one(&mut resizer, img, d)).collect()
}

fn encode_one(resizer: &mut fr::Resizer, img: &DynamicImage, d: &DerivedImage) -> Result<Vec<u8>, String> {
    let (pixel, channels) = match img {
        DynamicImage::ImageRgba8(_) => (fr::PixelType::U8x4, 4),
        _ => (fr::PixelType::U8x3, 3),
    };
    let src = fr::images::ImageRef::new(img.width(), img.height(), img.as_bytes(), pixel)
        .map_err(|e| format!("cannot resize it: {e}"))?;
    let mut dst = fr::images::Image::new(d.width, d.height, pixel);
    let alg = fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3);
    let options = match d.shape {
        Shape::Fit => fr::ResizeOptions::new().resize_alg(alg),
        Shape::Card(f) => fr::ResizeOptions::new()
            .resize_alg(alg)
            .fit_into_destination(Some((f64::from(f.x) / 100.0, f64::from(f.y) / 100.0))),
    };
    resizer.resize(&src, &mut dst, &options).map_err(|e| format!("cannot resize it: {e}"))?;
    let buf = dst.buffer();
    let mut out = Vec::new();
    match d.format {
        Format::Webp => {
            let enc = match channels {
                4 => webp::Encoder::from_rgba(buf, d.width, d.height),
                _ => webp::Encoder::from_rgb(buf, d.width, d.height),
            };
            let mem = enc.encode_simple(false, WEBP_QUALITY).map_err(|e| format!("WebP encoding failed: {e:?}"))?;
            out.extend_from_slice(&mem);
        }
        Format::Jpeg => {
            let rgb: Vec<u8>;
            let pixels = match channels {
                // a JPEG has no alpha: flatten onto white
                4 => {
                    rgb = flatten(buf);
                    &rgb[..]
                }
                _ => buf,
            };
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(pixels, d.width, d.height, image::ExtendedColorType::Rgb8)
                .map_err(|e| format!("JPEG encoding failed: {e}"))?;
        }
        Format::Png => {
            let color = if channels == 4 { image::ExtendedColorType::Rgba8 } else { image::ExtendedColorType::Rgb8 };
            image::codecs::png::PngEncoder::new(&mut out)
                .write_image(buf, d.width, d.height, color)
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
