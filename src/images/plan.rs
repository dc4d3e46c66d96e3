//! Which derived images the output plan lists: every raster image of the site that can be
//! derived gets its widths ([`ImagesConfig`](crate::config::ImagesConfig)) in WebP and a JPEG
//! (PNG when it has alpha) fallback; a page's cover also gets card crops at its `cover_focus`.
//! An original of content/ that pages only show as a picture (never link to or attach) is not
//! published unless `images.publish_originals` (pure).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use crate::config::Config;
use crate::images::{CARD_WIDTHS, DerivedImage, Focus, Format, Probe, Shape, card_box, scaled, widths_for};
use crate::pipeline::Site;
use crate::pipeline::markdown::LinkRef;
use crate::pipeline::model;
use crate::pipeline::plan::{AssetRef, Job, Plan};

/// The derived images of one original.
#[derive(Clone, Debug, PartialEq, Hash, Serialize)]
pub struct ImageSet {
    /// Width and height as shown (upright).
    pub width: u32,
    pub height: u32,
    pub fallback: Format,
    /// The whole picture, narrowest first.
    pub fit: Vec<Sized>,
    /// Card crops by focus, narrowest first.
    pub cards: BTreeMap<Focus, Vec<Sized>>,
}

/// One width, in WebP and in the fallback format (site paths, without the base path).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Sized {
    pub width: u32,
    pub height: u32,
    pub webp: String,
    pub fallback: String,
}

/// What the plan adds for images.
#[derive(Default)]
pub struct ImagePlan {
    /// Original URL → its derived images.
    pub sets: BTreeMap<String, ImageSet>,
    /// (URL, the original's asset, the job) of each derived file.
    pub outputs: Vec<(String, AssetRef, DerivedImage)>,
    /// URLs of originals shown only through derived images: not written.
    pub withheld: Vec<String>,
}

/// Where a page's cover is published (a site path), or `None` for a full URL. `bundles` is
/// [`model::bundle_paths`] of the site's pages (made once, not per page).
pub fn cover_url(bundles: &HashMap<&str, &str>, config: &Config, page: &model::Page) -> Option<String> {
    let cover = page.meta.cover.as_deref()?;
    if cover.contains("://") {
        return None;
    }
    Some(match cover.strip_prefix('/') {
        Some(abs) => format!("/{abs}"),
        None => {
            let path = model::content_file_path(&page.file_rel(cover), bundles, config.slugify);
            format!("/{}", path.trim_start_matches('/'))
        }
    })
}

/// The site path a Markdown link or image of a page at `page_path` names, as the plan has it.
pub fn link_target(plan: &Plan, page_path: &str, dest: &str) -> Option<String> {
    let (path, _) = crate::pipeline::validate::resolve_link(page_path, dest)?;
    if path.is_empty() { None } else { plan.find(&path) }
}

/// Plans the derived images of `site`, whose files are already in `plan`.
pub fn plan_images(config: &Config, site: &Site, plan: &Plan) -> ImagePlan {
    let mut out = ImagePlan::default();
    // what pages, sections and the home page show as pictures and link to
    let mut shown: HashSet<String> = HashSet::new();
    let mut linked: HashSet<String> = HashSet::new();
    let mut covers: BTreeMap<String, BTreeSet<Focus>> = BTreeMap::new();
    let mut read_links = |path: &str, links: &[LinkRef]| {
        for l in links {
            if let Some(url) = link_target(plan, path, &l.dest) {
                if l.is_image {
                    shown.insert(url)
                } else {
                    linked.insert(url)
                };
            }
        }
    };
    for p in &site.pages {
        read_links(&p.path, &p.rendered.links);
    }
    for s in &site.sections {
        read_links(&s.path, &s.content.links);
    }
    read_links("/", &site.home.content.links);
    let bundles = model::bundle_paths(&site.pages);
    for p in &site.pages {
        if let Some(url) = cover_url(&bundles, config, p) {
            covers.entry(url.clone()).or_default().insert(p.meta.cover_focus.unwrap_or_default());
            shown.insert(url);
        }
        for a in &p.meta.attachments {
            let path = model::content_file_path(&p.file_rel(&a.file), &bundles, config.slugify);
            linked.insert(format!("/{}", path.trim_start_matches('/')));
        }
    }

    for o in &plan.outputs {
        let Job::Copy(asset_ref) = o.job else { continue };
        if o.shadowed {
            continue;
        }
        let asset = match asset_ref {
            AssetRef::Content(i) => &site.tree.content_assets[i],
            AssetRef::Static(i) => &site.tree.static_files[i],
        };
        let Some(probe) = asset.image.as_ref().filter(|p| p.derivable()) else { continue };
        let fallback = if probe.alpha { Format::Png } else { Format::Jpeg };
        let stem = derived_stem(&o.url, &probe.hash);
        let mut set =
            ImageSet { width: probe.width, height: probe.height, fallback, fit: Vec::new(), cards: BTreeMap::new() };
        let mut add = |shape: Shape, w: u32, h: u32, name: String| -> Sized {
            let url = |f: Format| format!("{stem}.{name}.{}", f.ext());
            for format in [Format::Webp, fallback] {
                let d = DerivedImage {
                    source: asset.path.clone(),
                    probe: Arc::clone(probe),
                    shape,
                    width: w,
                    height: h,
                    format,
                };
                out.outputs.push((url(format), asset_ref, d));
            }
            Sized { width: w, height: h, webp: url(Format::Webp), fallback: url(fallback) }
        };
        for w in widths_for(probe.width, &config.images.widths) {
            let h = scaled(w, (probe.width, probe.height));
            set.fit.push(add(Shape::Fit, w, h, format!("{w}w")));
        }
        for focus in covers.get(&o.url).into_iter().flatten() {
            let (cw, _) = card_box(probe.width, probe.height);
            let sizes = widths_for(cw, &CARD_WIDTHS)
                .into_iter()
                .map(|w| {
                    let h = scaled(w, crate::images::CARD_ASPECT);
                    let name = match focus.is_center() {
                        true => format!("card{w}w"),
                        false => format!("card{w}w-{}-{}", focus.x, focus.y),
                    };
                    add(Shape::Card(*focus), w, h, name)
                })
                .collect();
            set.cards.insert(*focus, sizes);
        }
        let is_content = matches!(asset_ref, AssetRef::Content(_));
        if is_content && !config.images.publish_originals && shown.contains(&o.url) && !linked.contains(&o.url) {
            out.withheld.push(o.url.clone());
        }
        out.sets.insert(o.url.clone(), set);
    }
    out
}

/// `/news/x/photo.jpg` → `/news/x/photo.1a2b3c4d`: the original's name and 8 hex digits of its
/// content hash, so two files of one name never share a derived file and a changed photo gets
/// new URLs (browsers may cache derived images for ever).
fn derived_stem(url: &str, hash: &str) -> String {
    let (dir, name) = url.rsplit_once('/').unwrap_or(("", url));
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    format!("{dir}/{stem}.{}", &hash[..hash.len().min(8)])
}

/// The image set of the original at `url`, if it has derived images.
pub fn set_of<'a>(plan: &'a Plan, url: &str) -> Option<&'a ImageSet> {
    plan.images.get(url)
}

/// The probe of a planned original, by its URL.
pub fn probe_of<'a>(site: &'a Site, url: &str) -> Option<&'a Arc<Probe>> {
    let asset = match site.plan.get(url)?.job {
        Job::Copy(AssetRef::Content(i)) | Job::Original(AssetRef::Content(i)) => &site.tree.content_assets[i],
        Job::Copy(AssetRef::Static(i)) | Job::Original(AssetRef::Static(i)) => &site.tree.static_files[i],
        _ => return None,
    };
    asset.image.as_ref()
}
