//! What the build and `check` report about images: W015 for a picture a page shows that cannot
//! be derived, so is published as it is (build and check); `check`'s warnings W012 (an original
//! with a GPS position would be published), W013 (a file over 2 MB or 4,000 pixels) and W014 (a
//! cover smaller than its card) (pure).

use std::ops::Range;
use std::sync::Arc;

use crate::config::Config;
use crate::diag::{self, Code, Diagnostic};
use crate::images::plan::{cover_url, link_target, probe_of};
use crate::images::probe::Kind;
use crate::images::{CARD_WIDTHS, Probe, card_box};
use crate::pipeline::Site;
use crate::pipeline::model::PageSource;
use crate::pipeline::plan::{AssetRef, Job};

/// A file larger than this is W013.
pub const LARGE_BYTES: u64 = 2 * 1024 * 1024;
/// A side longer than this is W013.
pub const LARGE_SIDE: u32 = 4000;

/// Every picture a page shows: (page source, span, target URL).
fn shown<'s>(config: &Config, site: &'s Site) -> Vec<(&'s PageSource, Range<usize>, String, bool)> {
    let mut out = Vec::new();
    let bundles = crate::pipeline::model::bundle_paths(&site.pages);
    for p in &site.pages {
        if let Some(url) = cover_url(&bundles, config, p) {
            out.push((&p.source, p.meta.spans.get("cover").cloned().unwrap_or(0..3), url, true));
        }
        for l in p.rendered.links.iter().filter(|l| l.is_image) {
            if let Some(url) = link_target(&site.plan, &p.path, &l.dest) {
                out.push((&p.source, l.range.clone(), url, false));
            }
        }
    }
    out
}

/// W015 for each picture a page shows whose file cannot be derived: it is published as it is (a
/// GIF is published as it is without a warning, and so is any file that is no raster image,
/// such as an SVG).
pub fn validate(config: &Config, site: &Site) -> Vec<Diagnostic> {
    shown(config, site)
        .into_iter()
        .filter_map(|(source, range, url, _)| {
            let probe = probe_of(site, &url)?;
            let why = probe.problem.as_deref()?;
            let file = original_file(site, &url)?;
            Some(
                Diagnostic::warning(
                    Code::ImageNotDerived,
                    format!("{} is published as it is, without derived images: {why}", file.display()),
                )
                .with_span(source, range)
                .with_label("this picture")
                .with_help("open it in an image editor and export it again as JPEG or PNG"),
            )
        })
        .collect()
}

/// `check`'s image warnings.
pub fn warnings(config: &Config, site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for o in &site.plan.outputs {
        let asset = match o.job {
            Job::Copy(AssetRef::Content(i)) | Job::Original(AssetRef::Content(i)) => &site.tree.content_assets[i],
            Job::Copy(AssetRef::Static(i)) | Job::Original(AssetRef::Static(i)) => &site.tree.static_files[i],
            _ => continue,
        };
        let Some(probe) = &asset.image else { continue };
        let shown_path = diag::display_path(&config.root, &asset.path);
        let published = matches!(o.job, Job::Copy(_)) && !o.shadowed;
        if published && probe.gps {
            diags.push(
                Diagnostic::warning(
                    Code::ImageGps,
                    format!("{} holds a GPS position and would be published as it is", shown_path.display()),
                )
                .with_file(&shown_path)
                .with_note(format!("{} serves the original with its EXIF data", o.url))
                .with_help(
                    "remove the position from the photo, or show it as a picture only (derived images carry no \
                     EXIF) instead of linking it",
                ),
            );
        }
        if probe.bytes > LARGE_BYTES || probe.width.max(probe.height) > LARGE_SIDE {
            diags.push(
                Diagnostic::warning(
                    Code::ImageTooLarge,
                    format!(
                        "{} is {}, {}×{} pixels: larger than 2 MB or 4,000 pixels",
                        shown_path.display(),
                        match probe.bytes {
                            b if b >= 1_048_576 => format!("{:.1} MB", b as f64 / 1_048_576.0),
                            b => format!("{} KB", b.div_ceil(1024)),
                        },
                        probe.width,
                        probe.height
                    ),
                )
                .with_file(&shown_path)
                .with_help("export a copy about 2,400 pixels wide; readers get derived images either way"),
            );
        }
    }
    for (source, range, url, is_cover) in shown(config, site) {
        if !is_cover {
            continue;
        }
        let Some(probe) = probe_of(site, &url) else { continue };
        if let Some(d) = small_cover(probe, source, range) {
            diags.push(d);
        }
    }
    diags
}

fn small_cover(probe: &Arc<Probe>, source: &PageSource, range: Range<usize>) -> Option<Diagnostic> {
    if !probe.derivable() || probe.kind == Kind::Gif {
        return None;
    }
    let (w, h) = card_box(probe.width, probe.height);
    let wanted = CARD_WIDTHS[CARD_WIDTHS.len() - 1];
    (w < wanted).then(|| {
        Diagnostic::warning(
            Code::CoverTooSmall,
            format!(
                "the cover is {}×{} pixels: its card crop is {w}×{h}, narrower than {wanted}",
                probe.width, probe.height
            ),
        )
        .with_span(source, range)
        .with_label("blurred on sharp screens")
        .with_help(format!("use a photo at least {wanted} pixels wide (and about half as tall)"))
    })
}

fn original_file(site: &Site, url: &str) -> Option<std::path::PathBuf> {
    match site.plan.get(url)?.origin {
        crate::pipeline::Origin::File(ref p) => Some(p.clone()),
        _ => None,
    }
}
