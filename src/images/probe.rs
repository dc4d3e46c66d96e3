//! What discovery learns of a raster image without decoding its pixels: format, size as shown
//! (after EXIF orientation), transparency, EXIF and GPS, and the content hash the cache is keyed
//! by. A probe that finds a problem records it (`problem`): the plan then derives nothing, and
//! `validate` reports it for an image a page shows.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::images::{MAX_PIXELS, MAX_SIDE};
use crate::pipeline::discover::{Asset, Stamp};

/// A raster file's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Jpeg,
    Png,
    Gif,
    Webp,
    /// Not an image the file's bytes say it is.
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Probe {
    /// SHA-256 of the file, in hex.
    pub hash: String,
    pub bytes: u64,
    pub kind: Kind,
    /// Width and height as shown, after the EXIF orientation.
    pub width: u32,
    pub height: u32,
    /// The EXIF orientation, 1 (none) to 8.
    pub orientation: u8,
    /// The pixels have an alpha channel (the fallback is PNG, not JPEG).
    pub alpha: bool,
    /// The file carries EXIF data / a GPS position.
    pub exif: bool,
    pub gps: bool,
    /// Why no derived image can be made of it (a truncated header, a decompression bomb, an
    /// unsupported colour type); `None` when it can be.
    pub problem: Option<String>,
}

impl Probe {
    /// Derived images are made of it (GIFs are published as they are: they are animations or
    /// small graphics, which a still WebP would break).
    pub fn derivable(&self) -> bool {
        self.problem.is_none() && matches!(self.kind, Kind::Jpeg | Kind::Png | Kind::Webp)
    }
}

/// A file name Gazette treats as a raster image.
pub fn is_raster(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "jpg" | "jpeg" | "png" | "gif" | "webp")
}

/// Probes an image from its bytes. Never decodes pixels, so never allocates for them.
pub fn probe_bytes(bytes: &[u8]) -> Probe {
    let hash = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect::<String>();
    let mut p = Probe {
        hash,
        bytes: bytes.len() as u64,
        kind: Kind::Other,
        width: 0,
        height: 0,
        orientation: 1,
        alpha: false,
        exif: false,
        gps: false,
        problem: None,
    };
    p.kind = match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => Kind::Jpeg,
        Ok(image::ImageFormat::Png) => Kind::Png,
        Ok(image::ImageFormat::Gif) => Kind::Gif,
        Ok(image::ImageFormat::WebP) => Kind::Webp,
        _ => {
            p.problem = Some("it is not a JPEG, PNG, GIF or WebP image (its first bytes are not an image's)".into());
            return p;
        }
    };
    if let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) {
        p.exif = true;
        p.gps = exif.fields().any(|f| f.tag.context() == exif::Context::Gps);
        p.orientation = exif
            .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
            .and_then(|f| f.value.get_uint(0))
            .filter(|o| (1..=8).contains(o))
            .map_or(1, |o| o as u8);
    }
    // the header only: no limits are needed to read it, and it is checked against ours below
    let mut reader = image::ImageReader::new(Cursor::new(bytes));
    reader.set_format(match p.kind {
        Kind::Jpeg => image::ImageFormat::Jpeg,
        Kind::Png => image::ImageFormat::Png,
        Kind::Gif => image::ImageFormat::Gif,
        _ => image::ImageFormat::WebP,
    });
    reader.no_limits();
    let decoder = match reader.into_decoder() {
        Ok(d) => d,
        Err(e) => {
            p.problem = Some(format!("its header cannot be read ({e})"));
            return p;
        }
    };
    use image::ImageDecoder;
    let (w, h) = decoder.dimensions();
    let color = decoder.color_type();
    p.alpha = color.has_alpha();
    (p.width, p.height) = if p.orientation >= 5 { (h, w) } else { (w, h) };
    if w == 0 || h == 0 {
        p.problem = Some("its header says it has no pixels".into());
    } else if p.kind == Kind::Jpeg && jpeg_truncated(bytes) {
        // decoders fill the missing part with grey rather than fail
        p.problem =
            Some("it is truncated: its data ends before the picture does (an interrupted copy or upload)".into());
    } else if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        p.problem = Some(format!(
            "its header claims {w}×{h} pixels, more than Gazette decodes (at most {MAX_SIDE} a side and {} \
             megapixels): a decompression bomb, or a scan to shrink before publishing",
            MAX_PIXELS / 1_000_000
        ));
    }
    p
}

/// The probes recorded by the last build: file → (stamp, probe), so a file whose size and time
/// did not change is not read and hashed again.
pub type Recorded = HashMap<String, (Stamp, Arc<Probe>)>;

#[derive(Serialize, Deserialize)]
struct RecordedFile {
    version: u32,
    probes: Vec<(String, u64, i128, Probe)>,
}

const RECORD_VERSION: u32 = 1;

/// The recorded probes in `cache_dir` (none when the file is missing, corrupt or of another version).
pub fn read_recorded(cache_dir: &Path) -> Recorded {
    let Ok(bytes) = std::fs::read(cache_dir.join(super::cache::PROBES_FILE)) else { return Recorded::new() };
    match serde_json::from_slice::<RecordedFile>(&bytes) {
        Ok(f) if f.version == RECORD_VERSION => f
            .probes
            .into_iter()
            .map(|(path, len, modified_ns, p)| (path, (Stamp { len, modified_ns }, Arc::new(p))))
            .collect(),
        _ => Recorded::new(),
    }
}

/// The JSON of the probes to record.
pub fn recorded_json(probes: &[(String, Stamp, Arc<Probe>)]) -> Vec<u8> {
    let file = RecordedFile {
        version: RECORD_VERSION,
        probes: probes.iter().map(|(p, s, probe)| (p.clone(), s.len, s.modified_ns, (**probe).clone())).collect(),
    };
    serde_json::to_vec(&file).unwrap_or_default()
}

/// Sets `image` of every raster file among `assets` (files of the built-in theme excepted):
/// recorded when its stamp is, else read and probed, in parallel.
pub fn probe_assets<'a>(config: &Config, assets: impl Iterator<Item = &'a mut Asset>) {
    let mut wanted: Vec<&'a mut Asset> =
        assets.filter(|a| a.embedded.is_none() && is_raster(&a.rel) && a.stamp.len > 0).collect();
    if wanted.is_empty() {
        return;
    }
    let recorded = read_recorded(&super::cache::dir(config));
    wanted.par_iter_mut().for_each(|a| {
        let key = a.path.to_string_lossy();
        if let Some((stamp, probe)) = recorded.get(key.as_ref())
            && *stamp == a.stamp
        {
            a.image = Some(Arc::clone(probe));
            return;
        }
        a.image = Some(Arc::new(match std::fs::read(&a.path) {
            Ok(bytes) => probe_bytes(&bytes),
            Err(e) => Probe {
                hash: String::new(),
                bytes: a.stamp.len,
                kind: Kind::Other,
                width: 0,
                height: 0,
                orientation: 1,
                alpha: false,
                exif: false,
                gps: false,
                problem: Some(format!("it cannot be read: {e}")),
            },
        }));
    });
}

/// A JPEG whose data ends before its end-of-image marker: walks the segments (by their lengths,
/// so an EXIF thumbnail's own marker is skipped) and the entropy-coded data of each scan.
pub fn jpeg_truncated(b: &[u8]) -> bool {
    let len = b.len();
    let mut i = 2;
    loop {
        while i < len && b[i] != 0xFF {
            i += 1;
        }
        while i < len && b[i] == 0xFF {
            i += 1;
        }
        if i >= len {
            return true;
        }
        let marker = b[i];
        i += 1;
        match marker {
            0xD9 => return false,
            0xD0..=0xD7 | 0x01 | 0xD8 => continue,
            _ => {
                if i + 2 > len {
                    return true;
                }
                let seg = usize::from(u16::from_be_bytes([b[i], b[i + 1]]));
                if seg < 2 || i + seg > len {
                    return true;
                }
                i += seg;
                if marker == 0xDA {
                    // a scan's data runs to the next marker that is neither a stuffed 0xFF00 nor a restart
                    loop {
                        if i + 1 >= len {
                            return true;
                        }
                        if b[i] == 0xFF {
                            match b[i + 1] {
                                0x00 | 0xD0..=0xD7 => i += 2,
                                0xFF => i += 1,
                                _ => break,
                            }
                        } else {
                            i += 1;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        use image::ImageEncoder;
        let px: Vec<u8> = (0..w * h * 3).map(|i| (i * 7 % 251) as u8).collect();
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .write_image(&px, w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    #[test]
    fn truncated_jpegs_are_told_from_whole_ones() {
        let whole = jpeg(64, 48);
        assert!(!jpeg_truncated(&whole));
        // data after the end (a motion photo's video, a maker's trailer) is not truncation
        let mut trailer = whole.clone();
        trailer.extend(b"\xFF\xDA\x00\x10 trailing video data");
        assert!(!jpeg_truncated(&trailer));
        for cut in [3, whole.len() / 4, whole.len() / 2, whole.len() - 2] {
            assert!(jpeg_truncated(&whole[..cut]), "cut at {cut}");
        }
        let p = probe_bytes(&whole[..whole.len() / 2]);
        assert!(p.problem.as_deref().is_some_and(|m| m.contains("truncated")), "{p:?}");
        assert!(!p.derivable());
    }

    #[test]
    fn a_probe_reads_size_but_never_pixels() {
        let p = probe_bytes(&jpeg(64, 48));
        assert_eq!((p.kind, p.width, p.height, p.orientation, p.gps), (Kind::Jpeg, 64, 48, 1, false));
        assert!(p.derivable());
        let p = probe_bytes(b"GIF89a");
        assert_eq!(p.kind, Kind::Gif);
        assert!(!p.derivable());
        let p = probe_bytes(b"<svg/>");
        assert!(p.problem.is_some());
    }
}
