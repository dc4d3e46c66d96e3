//! The `resize_image` template function: a derived image of a site image, with its URL, width
//! and height (like Zola's `resize_image`). It picks among the derived images the plan lists
//! (the `images.widths` of site.yaml, and card crops of covers), so a template never asks for
//! a file the build does not make.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::config::Config;
use crate::images::Focus;
use crate::images::plan::{ImageSet, Sized};
use crate::pipeline::Site;

#[derive(Serialize)]
struct Resized {
    /// The WebP file (or the fallback with `format="fallback"`).
    url: String,
    width: u32,
    height: u32,
    webp: String,
    fallback: String,
    /// Every width of the same shape: `url 480w, url 960w`.
    srcset: String,
    webp_srcset: String,
    /// The original's size, upright.
    original_width: u32,
    original_height: u32,
}

/// Registers `resize_image(path, width=960, crop=false, format="webp")`.
pub fn register(tera: &mut tera::Tera, config: &Config, site: &Site) {
    let sets: Arc<BTreeMap<String, ImageSet>> = Arc::new(site.plan.images.clone());
    let base = config.base_path.clone();
    tera.register_function("resize_image", move |kwargs: tera::Kwargs, _: &tera::State| {
        let path: String = kwargs.must_get("path")?;
        let width: u32 = kwargs.get::<i64>("width")?.map_or(960, |w| w.clamp(1, 100_000) as u32);
        let crop: bool = kwargs.get("crop")?.unwrap_or(false);
        let fallback = match kwargs.get::<&str>("format")?.unwrap_or("webp") {
            "webp" => false,
            "fallback" | "jpeg" | "jpg" | "png" => true,
            other => {
                return Err(tera::Error::message(format!(
                    "resize_image: format `{other}` is neither \"webp\" nor \"fallback\""
                )));
            }
        };
        let site_path = site_path(&path, &base);
        let Some(set) = sets.get(&site_path) else {
            return Err(tera::Error::message(format!(
                "resize_image: {path} is not a JPEG, PNG or WebP image of the site (GIFs and SVGs are used as they are)"
            )));
        };
        let sizes: &[Sized] = match crop {
            false => &set.fit,
            true => set.cards.get(&Focus::default()).or_else(|| set.cards.values().next()).ok_or_else(|| {
                tera::Error::message(format!("resize_image: {path} is no page's cover, so it has no card crop"))
            })?,
        };
        let pick = sizes
            .iter()
            .find(|s| s.width >= width)
            .or(sizes.last())
            .ok_or_else(|| tera::Error::message(format!("resize_image: {path} has no derived images")))?;
        let url = |p: &str| format!("{}{}", base, crate::pipeline::render::encode_path(p.trim_start_matches('/')));
        let list = |f: &dyn Fn(&Sized) -> &str| {
            sizes.iter().map(|s| format!("{} {}w", url(f(s)), s.width)).collect::<Vec<_>>().join(", ")
        };
        let r = Resized {
            url: url(if fallback { &pick.fallback } else { &pick.webp }),
            width: pick.width,
            height: pick.height,
            webp: url(&pick.webp),
            fallback: url(&pick.fallback),
            srcset: list(&|s| &s.fallback),
            webp_srcset: list(&|s| &s.webp),
            original_width: set.width,
            original_height: set.height,
        };
        Ok::<tera::Value, tera::Error>(tera::Value::from_serializable(&r))
    });
}

/// `path` as the plan's key: without the base path, percent-decoded, with a leading `/`.
fn site_path(path: &str, base: &str) -> String {
    let p = path.trim();
    let p = match p.strip_prefix(base.trim_end_matches('/')) {
        Some(rest) if rest.starts_with('/') && base != "/" => rest,
        _ => p,
    };
    let decoded = crate::pipeline::percent_decode(p);
    format!("/{}", decoded.trim_start_matches('/'))
}
