//! Front matter: any bytes as a page or an `_index.md` — decoding, the `---` split, YAML, typed
//! fields and dates — and every diagnostic rendered as text and JSON. Must never panic.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use gazette::pipeline::front_matter;
use gazette::diag::{Diagnostic, Source};
use libfuzzer_sys::fuzz_target;

fn exercise(d: &Diagnostic) {
    let _ = d.render(false);
    let _ = serde_json::to_string(&d.to_json());
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("content/reports/2024/2024-01-04-a.md");
    let text = match gazette::text::decode_utf8(data, path) {
        Ok(t) => t,
        Err(d) => return exercise(&d),
    };
    let source = Source { path: path.to_path_buf(), text: Arc::from(text.as_str()) };
    let split = match front_matter::split(&source, &text) {
        Ok(s) => s,
        Err(d) => return exercise(&d),
    };
    assert!(split.body_offset <= text.len());
    assert_eq!(&text[split.body_offset..], split.body);
    let taxonomies = ["topics".to_string(), "types".to_string(), "meetings".to_string()];
    match front_matter::parse_page(&source, &split, &taxonomies) {
        Ok(meta) => {
            for range in meta.spans.values() {
                assert!(range.start <= range.end && range.end <= text.len(), "span {range:?} outside the file");
            }
        }
        Err(ds) => ds.iter().for_each(exercise),
    }
    if let Err(ds) = front_matter::parse_section(&source, &split) {
        ds.iter().for_each(exercise);
    }
    // dates as written in front matter and file names
    let _ = front_matter::parse_date(&text);
    let _ = front_matter::date_from_file_stem(&text);
    // site.yaml goes through the same YAML layer
    if let Err(ds) = gazette::config::Config::parse(Path::new("/site"), &text, &Default::default()) {
        ds.iter().for_each(exercise);
    }
});
