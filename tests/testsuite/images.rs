//! Derived images (issue 16): sizes and formats, no EXIF or GPS in anything published,
//! orientation applied, the cache, bad images, `<picture>` markup and `resize_image`. Test
//! images are made here (small, with EXIF written by hand), not committed; only a 386-byte CMYK
//! JPEG is a fixture (the `image` crate cannot encode CMYK).

use std::io::Cursor;
use std::path::Path;

use gazette::config::{Config, Overrides};
use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

use crate::support::{Site, attrs, gazette, repo};

const SITE: &str = "title: 图片测试\nbase_url: https://example.org/renda/\nlanguage: zh-CN\n";

fn site(yaml_extra: &str) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let site = Site { dir };
    site.write("site.yaml", &format!("{SITE}{yaml_extra}"));
    site.write("content/_index.md", "---\ndescription: 首页\n---\n");
    site.write("content/news/_index.md", "---\ntitle: 新闻\n---\n");
    site
}

fn write_bytes(site: &Site, rel: &str, bytes: &[u8]) {
    let p = site.root().join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// A photo-like picture: smooth gradients, `tl` in the top-left quarter.
fn photo(w: u32, h: u32, tl: [u8; 3]) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        if x < w / 2 && y < h / 2 { Rgb(tl) } else { Rgb([(x * 40 / w) as u8, (y * 60 / h) as u8 + 20, 200]) }
    })
}

fn jpeg(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn png_rgba(img: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

/// An EXIF APP1 segment (little-endian TIFF) with an orientation and, when `gps`, a GPS IFD
/// holding a latitude reference and a latitude.
fn app1(orientation: u16, gps: bool) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    let entries: u16 = if gps { 2 } else { 1 };
    t.extend(entries.to_le_bytes());
    // Orientation, SHORT, 1
    t.extend(0x0112u16.to_le_bytes());
    t.extend(3u16.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    t.extend(u32::from(orientation).to_le_bytes());
    let gps_ifd = 8 + 2 + 12 * u32::from(entries) + 4;
    if gps {
        // GPSInfo, LONG, 1 → the GPS IFD
        t.extend(0x8825u16.to_le_bytes());
        t.extend(4u16.to_le_bytes());
        t.extend(1u32.to_le_bytes());
        t.extend(gps_ifd.to_le_bytes());
    }
    t.extend(0u32.to_le_bytes());
    if gps {
        let rationals = gps_ifd + 2 + 12 * 2 + 4;
        t.extend(2u16.to_le_bytes());
        // GPSLatitudeRef, ASCII, 2: "N"
        t.extend(0x0001u16.to_le_bytes());
        t.extend(2u16.to_le_bytes());
        t.extend(2u32.to_le_bytes());
        t.extend(*b"N\0\0\0");
        // GPSLatitude, RATIONAL, 3 → 30° 35' 0"
        t.extend(0x0002u16.to_le_bytes());
        t.extend(5u16.to_le_bytes());
        t.extend(3u32.to_le_bytes());
        t.extend(rationals.to_le_bytes());
        t.extend(0u32.to_le_bytes());
        for (n, d) in [(30u32, 1u32), (35, 1), (0, 1)] {
            t.extend(n.to_le_bytes());
            t.extend(d.to_le_bytes());
        }
    }
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(((t.len() + 8) as u16).to_be_bytes());
    seg.extend(b"Exif\0\0");
    seg.extend(t);
    seg
}

/// A JPEG with an EXIF segment right after SOI.
fn jpeg_with_exif(img: &RgbImage, orientation: u16, gps: bool) -> Vec<u8> {
    let plain = jpeg(img);
    let mut out = plain[..2].to_vec();
    out.extend(app1(orientation, gps));
    out.extend(&plain[2..]);
    out
}

fn decode(path: &Path) -> image::DynamicImage {
    image::ImageReader::open(path).unwrap().with_guessed_format().unwrap().decode().unwrap()
}

fn exif_of(path: &Path) -> Option<exif::Exif> {
    let bytes = std::fs::read(path).unwrap();
    exif::Reader::new().read_from_container(&mut Cursor::new(bytes)).ok()
}

/// The output file of a URL the page gives (`/renda/…`).
fn out_file(site: &Site, url: &str) -> std::path::PathBuf {
    site.out().join(url.trim_start_matches("/renda/"))
}

fn srcset_urls(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|item| {
            let (url, w) = item.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

fn news_page(site: &Site, slug: &str, front: &str, body: &str) {
    site.write(
        &format!("content/news/2024-03-0{}-{slug}/index.md", slug.len() % 9 + 1),
        &format!("---\ntitle: 视察{slug}\ndate: 2024-03-01\n{front}---\n\n{body}\n"),
    );
}

fn config(site: &Site) -> Config {
    Config::load(&site.root(), &Overrides::default()).unwrap()
}

#[test]
fn covers_and_markdown_images_get_derived_sizes_and_formats() {
    let site = site("");
    news_page(&site, "visit", "cover: cover.jpg\n", "![现场照片](photo.png)\n\n[原图下载](scan.jpg)");
    let dir = "content/news/2024-03-06-visit";
    write_bytes(&site, &format!("{dir}/cover.jpg"), &jpeg(&photo(2000, 1500, [200, 30, 30])));
    let transparent = RgbaImage::from_fn(1200, 800, |x, _| Rgba([10, 120, 200, (x % 256) as u8]));
    write_bytes(&site, &format!("{dir}/photo.png"), &png_rgba(&transparent));
    write_bytes(&site, &format!("{dir}/scan.jpg"), &jpeg(&photo(300, 200, [0, 0, 0])));
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // the home page's card: a crop to 40:21 at 480 and 960 px, WebP and JPEG
    let home = site.html("index.html");
    let webp = attrs(&home, "picture.entry-cover source[type=\"image/webp\"]", "srcset");
    assert_eq!(webp.len(), 1, "one cover card");
    let widths: Vec<u32> = srcset_urls(&webp[0]).iter().map(|(_, w)| *w).collect();
    assert_eq!(widths, [480, 960]);
    for (url, w) in srcset_urls(&webp[0]) {
        assert!(url.ends_with(".webp"), "{url}");
        let img = decode(&out_file(&site, &url));
        assert_eq!((img.width(), img.height()), (w, w * 21 / 40), "{url}");
    }
    let card = attrs(&home, "picture.entry-cover img", "srcset");
    for (url, w) in srcset_urls(&card[0]) {
        assert!(url.ends_with(".jpg"), "{url}");
        assert_eq!(decode(&out_file(&site, &url)).width(), w);
    }
    assert_eq!(attrs(&home, "picture.entry-cover img", "width"), ["960"]);
    assert_eq!(attrs(&home, "picture.entry-cover img", "height"), ["504"]);
    // the first cover of the home page loads at once
    assert_eq!(attrs(&home, "picture.entry-cover img", "loading"), Vec::<String>::new());

    // the page: its cover at the configured widths, the PNG with alpha with a PNG fallback
    let page = site.html("news/visit/index.html");
    let cover = attrs(&page, ".doc-cover picture source", "srcset");
    let widths: Vec<u32> = srcset_urls(&cover[0]).iter().map(|(_, w)| *w).collect();
    assert_eq!(widths, [480, 960, 1600], "never wider than configured");
    assert_eq!(attrs(&page, ".doc-cover img", "width"), ["1600"]);
    assert_eq!(attrs(&page, ".doc-cover img", "height"), ["1200"]);
    let body_webp = attrs(&page, ".prose picture source[type=\"image/webp\"]", "srcset");
    let widths: Vec<u32> = srcset_urls(&body_webp[0]).iter().map(|(_, w)| *w).collect();
    assert_eq!(widths, [480, 960, 1200], "the largest is the original's width, never upscaled");
    let fallback = attrs(&page, ".prose picture img", "src");
    assert!(fallback[0].ends_with(".png"), "alpha keeps a PNG fallback: {fallback:?}");
    let png = decode(&out_file(&site, &fallback[0]));
    assert!(png.color().has_alpha());
    assert_eq!(attrs(&page, ".prose picture img", "alt"), ["现场照片"]);
    assert_eq!(attrs(&page, ".prose picture img", "width"), ["1200"]);
    assert_eq!(attrs(&page, ".prose picture img", "height"), ["800"]);
    assert_eq!(attrs(&page, ".prose picture img", "decoding"), ["async"]);

    // links share the card crop as JPEG (the original is not published), absolute
    let og = attrs(&page, "meta[property=\"og:image\"]", "content");
    assert_eq!(og.len(), 1, "{og:?}");
    let og_path = og[0].strip_prefix("https://example.org").expect("absolute");
    assert!(og_path.ends_with(".card960w.jpg"), "{og:?}");
    assert!(out_file(&site, og_path).is_file(), "{og:?}");

    // originals shown only as pictures are not published; a linked one (an attachment) is
    let out = site.out().join("news/visit");
    assert!(!out.join("cover.jpg").exists() && !out.join("photo.png").exists());
    assert!(out.join("scan.jpg").is_file());
    // derived images are not in the sitemap
    assert!(!site.read("sitemap.xml").contains(".webp"));
}

#[test]
fn nothing_published_carries_exif_or_gps() {
    let site = site("");
    news_page(&site, "gps", "cover: cover.jpg\n", "![现场](inline.jpg)");
    let dir = "content/news/2024-03-04-gps";
    write_bytes(&site, &format!("{dir}/cover.jpg"), &jpeg_with_exif(&photo(1200, 900, [9, 9, 9]), 1, true));
    write_bytes(&site, &format!("{dir}/inline.jpg"), &jpeg_with_exif(&photo(800, 600, [9, 9, 9]), 6, true));
    // the test photos do carry EXIF and GPS
    let original = site.root().join(dir).join("cover.jpg");
    let exif = exif_of(&original).expect("the original has EXIF");
    assert!(exif.fields().any(|f| f.tag.context() == exif::Context::Gps));
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut images = 0;
    for entry in walkdir::WalkDir::new(site.out()) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_lowercase();
        if [".jpg", ".jpeg", ".png", ".webp"].iter().any(|e| name.ends_with(e)) {
            images += 1;
            assert!(exif_of(entry.path()).is_none(), "{} carries EXIF", entry.path().display());
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "{}", entry.path().display());
        }
    }
    assert!(images >= 10, "derived images were written: {images}");
    // `check` has nothing to say: the originals with GPS are not published
    let root = site.root();
    let run = gazette(&["check", "--root", root.to_str().unwrap()], None);
    assert!(!run.stderr.contains("W012"), "{}", run.stderr);

    // published originals keep their EXIF: `check` warns
    site.write("site.yaml", &format!("{SITE}images:\n  publish_originals: true\n"));
    let run = gazette(&["check", "--root", root.to_str().unwrap()], None);
    assert!(run.stderr.contains("warning[W012]"), "{}", run.stderr);
    assert!(run.stderr.contains("cover.jpg holds a GPS position"), "{}", run.stderr);
}

#[test]
fn a_rotated_photo_is_shown_upright() {
    let site = site("");
    news_page(&site, "rot", "", "![旋转](rot.jpg)");
    // stored 64×48 with a red top-left quarter; orientation 6 turns it 90° clockwise, so shown
    // 48×64 with the red quarter at the top right
    let stored = photo(64, 48, [230, 0, 0]);
    write_bytes(&site, "content/news/2024-03-04-rot/rot.jpg", &jpeg_with_exif(&stored, 6, false));
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.html("news/rot/index.html");
    assert_eq!(attrs(&page, ".prose picture img", "width"), ["48"]);
    assert_eq!(attrs(&page, ".prose picture img", "height"), ["64"]);
    for url in [
        attrs(&page, ".prose picture img", "src"),
        srcset_urls(&attrs(&page, ".prose source", "srcset")[0]).into_iter().map(|(u, _)| u).collect(),
    ] {
        let img = decode(&out_file(&site, &url[0])).into_rgb8();
        assert_eq!(img.dimensions(), (48, 64), "{}", url[0]);
        let red = |p: &Rgb<u8>| p[0] > 150 && p[2] < 100;
        assert!(red(img.get_pixel(44, 3)), "top right is red: {:?}", img.get_pixel(44, 3));
        assert!(!red(img.get_pixel(3, 3)), "top left is not: {:?}", img.get_pixel(3, 3));
        assert!(!red(img.get_pixel(44, 60)), "bottom right is not: {:?}", img.get_pixel(44, 60));
    }
}

#[test]
fn a_second_build_decodes_nothing_and_stale_entries_are_pruned() {
    let site = site("");
    news_page(&site, "cache", "cover: cover.jpg\n", "正文。");
    let photo_path = "content/news/2024-03-06-cache/cover.jpg";
    write_bytes(&site, photo_path, &jpeg(&photo(1000, 700, [1, 2, 3])));
    let config = config(&site);
    let first = gazette::pipeline::build(&config, &site.out(), None).unwrap();
    assert_eq!(first.images.decoded, 1);
    assert_eq!(first.images.encoded, first.images.derived);
    // another output folder: the whole build runs, the images come from the cache
    let second = gazette::pipeline::build(&config, &site.dir.path().join("out2"), None).unwrap();
    assert_eq!((second.images.decoded, second.images.encoded), (0, 0), "{:?}", second.images);
    assert_eq!(second.images.derived, first.images.derived);
    let cached = |site: &Site| std::fs::read_dir(site.root().join(".gazette-cache/images")).unwrap().count();
    let before = cached(&site);
    // a new photo: decoded once; the old one's entries are removed
    write_bytes(&site, photo_path, &jpeg(&photo(1000, 700, [250, 2, 3])));
    let third = gazette::pipeline::build(&config, &site.dir.path().join("out3"), None).unwrap();
    assert_eq!(third.images.decoded, 1);
    assert_eq!(third.images.pruned, first.images.derived, "{:?}", third.images);
    assert_eq!(cached(&site), before);
}

#[test]
fn bad_images_get_a_diagnostic_or_pass_through() {
    let site = site("");
    // a header that claims 100,000×100,000 pixels: a valid PNG signature and IHDR, no pixels
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend(100_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    bomb.extend(13u32.to_be_bytes());
    bomb.extend(&ihdr);
    bomb.extend(crc32(&ihdr).to_be_bytes());
    for chunk in [&b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01"[..], b"IEND"] {
        bomb.extend(((chunk.len() - 4) as u32).to_be_bytes());
        bomb.extend(chunk);
        bomb.extend(crc32(chunk).to_be_bytes());
    }
    // a 16-bit PNG, an animated GIF, a CMYK JPEG, an SVG cover, a file that is no image
    let deep = image::ImageBuffer::<Rgb<u16>, Vec<u16>>::from_fn(40, 30, |x, _| Rgb([x as u16 * 1500, 40_000, 9]));
    let mut png16 = Vec::new();
    image::DynamicImage::ImageRgb16(deep).write_to(&mut Cursor::new(&mut png16), image::ImageFormat::Png).unwrap();
    let mut gif = Vec::new();
    {
        let mut enc = image::codecs::gif::GifEncoder::new(&mut gif);
        for c in [0u8, 255] {
            let frame = image::Frame::new(RgbaImage::from_pixel(8, 8, Rgba([c, 0, 0, 255])));
            enc.encode_frame(frame).unwrap();
        }
    }
    let cmyk = std::fs::read(repo().join("tests/fixtures/images/cmyk.jpg")).unwrap();
    let dir = "content/news/2024-03-04-bad";
    for (name, bytes) in [
        ("bomb.png", bomb),
        ("deep.png", png16),
        ("anim.gif", gif),
        ("cmyk.jpg", cmyk),
        ("text.jpg", b"not a photo".to_vec()),
    ] {
        write_bytes(&site, &format!("{dir}/{name}"), &bytes);
    }
    site.write(&format!("{dir}/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>");
    news_page(
        &site,
        "bad",
        "cover: logo.svg\n",
        "![炸弹](bomb.png)\n\n![深](deep.png)\n\n![动](anim.gif)\n\n![印](cmyk.jpg)\n\n![字](text.jpg)",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"));
    // the bomb and the text are published as they are, each with a warning naming it
    assert!(run.stderr.contains("warning[W015]"), "{}", run.stderr);
    assert!(run.stderr.contains("bomb.png is published as it is"), "{}", run.stderr);
    assert!(run.stderr.contains("100000×100000"), "{}", run.stderr);
    assert!(run.stderr.contains("text.jpg is published as it is"), "{}", run.stderr);
    let page = site.html("news/bad/index.html");
    let plain: Vec<String> = attrs(&page, ".prose img:not(picture img)", "src");
    let names: Vec<&str> = plain.iter().map(|s| s.rsplit('/').next().unwrap()).collect();
    assert_eq!(names, ["bomb.png", "anim.gif", "text.jpg"], "GIFs pass through too");
    // the 16-bit PNG and the CMYK JPEG are derived: 8-bit, upright, RGB
    let derived = attrs(&page, ".prose picture img", "src");
    assert_eq!(derived.len(), 2, "{derived:?}");
    for url in &derived {
        let img = decode(&out_file(&site, url));
        assert_eq!(img.color(), image::ColorType::Rgb8, "{url}");
    }
    // the SVG cover is shown as it is on the home page
    let home = site.html("index.html");
    let covers = attrs(&home, "img.entry-cover", "src");
    assert!(covers[0].ends_with("logo.svg"), "{covers:?}");
    assert!(site.out().join("news/bad/bomb.png").is_file());
}

#[test]
fn truncated_and_damaged_photos_are_named() {
    let site = site("");
    // a truncated JPEG: decoders would fill the rest with grey; it is published as it is
    let whole = jpeg(&photo(400, 300, [50, 60, 70]));
    write_bytes(&site, "content/news/2024-03-04-cut/cut.jpg", &whole[..whole.len() / 3]);
    news_page(&site, "cut", "", "![截断](cut.jpg)");
    let run = site.build(&[]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning[W015]"), "{}", run.stderr);
    assert!(run.stderr.contains("cut.jpg is published as it is, without derived images: it is truncated"));
    // a PNG whose header is whole but whose pixels are damaged: the build stops, naming it
    let mut png = png_rgba(&RgbaImage::from_pixel(64, 48, Rgba([1, 2, 3, 255])));
    let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
    png[idat + 8] ^= 0xFF;
    write_bytes(&site, "content/news/2024-03-04-cut/cut.jpg", &whole);
    write_bytes(&site, "content/news/2024-03-04-cut/bad.png", &png);
    news_page(&site, "cut", "", "![截断](cut.jpg)\n\n![坏](bad.png)");
    let run = site.build(&[]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E094]: cannot make the derived images of content/news/2024-03-04-cut/bad.png"));
}

#[test]
fn resize_image_gives_a_derived_image_to_templates() {
    let site = site("images:\n  widths: [320, 640]\n");
    news_page(&site, "tpl", "cover: cover.jpg\ncover_focus: top\n", "正文。");
    write_bytes(&site, "content/news/2024-03-04-tpl/cover.jpg", &jpeg(&photo(1000, 800, [0, 0, 0])));
    site.write(
        "templates/index.html",
        "{% set r = resize_image(path=\"/news/tpl/cover.jpg\", width=400) %}\
         {% set f = resize_image(path=\"/renda/news/tpl/cover.jpg\", width=10, format=\"fallback\") %}\
         {% set c = resize_image(path=\"/news/tpl/cover.jpg\", crop=true) %}\
         <p id=\"r\">{{ r.url }} {{ r.width }} {{ r.height }}</p><p id=\"f\">{{ f.url }} {{ f.width }}</p>\
         <p id=\"c\">{{ c.url }} {{ c.width }} {{ c.height }}</p>",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = site.read("index.html");
    let text = |id: &str| {
        let html = scraper::Html::parse_document(&home);
        crate::support::texts(&html, &format!("#{id}"))[0].clone()
    };
    let r = text("r");
    let parts: Vec<&str> = r.split(' ').collect();
    assert!(parts[0].starts_with("/renda/news/tpl/cover.") && parts[0].ends_with(".640w.webp"), "{r}");
    assert_eq!(&parts[1..], ["640", "512"]);
    assert!(out_file(&site, parts[0]).is_file());
    let f = text("f");
    assert!(f.ends_with(".320w.jpg 320"), "{f}");
    let c = text("c");
    assert!(c.contains(".card960w-50-0.webp 960 504"), "the cover's crop at its focus: {c}");
    assert!(out_file(&site, c.split(' ').next().unwrap()).is_file());

    // an image the site does not have is a template error naming it
    site.write("templates/index.html", "{% set r = resize_image(path=\"/nope.jpg\") %}{{ r.url }}");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("resize_image: /nope.jpg is not a JPEG, PNG or WebP image"), "{}", run.stderr);
}

#[test]
fn check_warns_about_large_images_and_small_covers() {
    let site = site("");
    news_page(&site, "big", "cover: small.jpg\n", "![宽图](wide.png)");
    let dir = "content/news/2024-03-04-big";
    write_bytes(&site, &format!("{dir}/small.jpg"), &jpeg(&photo(600, 400, [0, 0, 0])));
    let wide = RgbaImage::from_pixel(4100, 20, Rgba([1, 2, 3, 255]));
    write_bytes(&site, &format!("{dir}/wide.png"), &png_rgba(&wide));
    let root = site.root();
    let run = gazette(&["check", "--root", root.to_str().unwrap()], None);
    assert!(run.stderr.contains("warning[W013]"), "{}", run.stderr);
    assert!(run.stderr.contains("wide.png is 2 KB, 4100×20 pixels"), "{}", run.stderr);
    assert!(run.stderr.contains("warning[W014]"), "{}", run.stderr);
    assert!(run.stderr.contains("the cover is 600×400 pixels"), "{}", run.stderr);
}

#[test]
fn images_config_is_checked() {
    let site = site("images:\n  widths: [480, big]\n");
    news_page(&site, "x", "", "正文。");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("images.widths: `big` is not a width"), "{}", run.stderr);
    site.write("site.yaml", &format!("{SITE}images:\n  publish_original: true\n"));
    let run = site.build(&[]);
    assert!(run.stderr.contains("did you mean `images.publish_originals`?"), "{}", run.stderr);
    site.write("site.yaml", SITE);
    news_page(&site, "x", "cover_focus: 上面\n", "正文。");
    let run = site.build(&[]);
    assert!(run.stderr.contains("is not a focus"), "{}", run.stderr);
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// `serve`'s rebuilds (one `BuildCache`, in place) share the image cache with `build`: a photo
/// `build` derived is not decoded again, an added one is decoded once and shown, and a removed
/// one's derived files leave the output.
#[test]
fn serve_rebuilds_share_the_cache_and_follow_added_and_removed_photos() {
    use gazette::pipeline::{BuildCache, Target, build_into};
    let site = site("");
    news_page(&site, "one", "cover: cover.jpg\n", "正文。");
    write_bytes(&site, "content/news/2024-03-04-one/cover.jpg", &jpeg(&photo(700, 500, [9, 9, 200])));
    let config = config(&site);
    let built = gazette::pipeline::build(&config, &site.out(), None).unwrap();
    assert_eq!(built.images.decoded, 1);
    let live = site.dir.path().join("live");
    std::fs::create_dir_all(&live).unwrap();
    let mut cache = BuildCache::default();
    let first = build_into(&config, Target::InPlace(&live), Some(&mut cache), None).unwrap();
    assert_eq!(first.images.decoded, 0, "the build's cache serves serve");
    // a second page with a new photo
    news_page(&site, "two", "cover: cover.jpg\n", "正文。");
    write_bytes(&site, "content/news/2024-03-04-two/cover.jpg", &jpeg(&photo(700, 500, [200, 9, 9])));
    let second = build_into(&config, Target::InPlace(&live), Some(&mut cache), None).unwrap();
    assert_eq!(second.images.decoded, 1);
    let page = scraper::Html::parse_document(&std::fs::read_to_string(live.join("news/two/index.html")).unwrap());
    let src = attrs(&page, ".doc-cover picture img", "src");
    assert!(live.join(src[0].trim_start_matches("/renda/")).is_file(), "{src:?}");
    // the photo removed: its page shows no picture, and its derived files are gone
    std::fs::remove_file(site.root().join("content/news/2024-03-04-two/cover.jpg")).unwrap();
    news_page(&site, "two", "", "正文。");
    build_into(&config, Target::InPlace(&live), Some(&mut cache), None).unwrap();
    let left: Vec<_> = std::fs::read_dir(live.join("news/two")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["index.html"], "derived files of a removed photo are removed");
}
