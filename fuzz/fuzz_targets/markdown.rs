//! The Markdown stage: any text as a page body, with and without the CJK-friendly emphasis
//! pre-pass, raw HTML allowed or escaped, under a base path; then the summary and slugs cut
//! from what it returns. Must never panic, and every position it reports must lie in the file.
#![no_main]

use gazette::pipeline::{cjk_emphasis, markdown};
use gazette::config::{MarkdownConfig, SlugMode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let Ok(body) = std::str::from_utf8(rest) else { return };
    let config =
        MarkdownConfig { unsafe_html: flags & 1 != 0, highlight: flags & 2 != 0, cjk_emphasis: flags & 4 == 0 };
    let slugify = if flags & 8 != 0 { SlugMode::Unicode } else { SlugMode::Pinyin };
    let base_path = if flags & 16 != 0 { "/renda/" } else { "/" };
    let keep_plain = flags & 32 != 0;
    // the body starts after some front matter in its file
    let offset = usize::from(flags >> 6) * 7;
    let opts = markdown::MarkdownOptions { config: &config, slugify, base_path, keep_plain };
    let r = markdown::render_markdown(body, offset, &opts);
    let end = offset + body.len();
    for link in &r.links {
        assert!(link.range.start <= link.range.end && link.range.end <= end, "link {:?} outside 0..{end}", link.range);
    }
    for range in &r.images_without_alt {
        assert!(range.start <= range.end && range.end <= end, "image {range:?} outside 0..{end}");
    }
    if let Some(range) = &r.too_deep {
        // one line of the file, where the 101st level starts; and nothing rendered
        assert!(
            range.start >= offset && range.start <= range.end && range.end <= end,
            "too deep {range:?} outside {offset}..{end}"
        );
        assert!(!body[range.start - offset..range.end - offset].contains('\n'), "too deep {range:?} spans lines");
        assert!(r.html.is_empty());
    }
    if !config.unsafe_html {
        assert!(!r.html.contains("<script"), "raw HTML passed through: {}", r.html);
    }
    let _ = gazette::text::truncate_summary(&r.first_paragraph, 120);
    for entry in &r.toc {
        let _ = gazette::text::slugify(&entry.title, slugify);
    }
    // the pre-pass on its own: what it inserts must come out again
    if let Some(prepared) = cjk_emphasis::prepare(body, markdown::options()) {
        assert_eq!(cjk_emphasis::strip(&prepared), body);
    }
});
