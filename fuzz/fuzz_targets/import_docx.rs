//! `gazette import` of a Word file, through [`gazette::import::convert`] as the command calls
//! it, without touching the disk. A flags byte picks the shape of the rest: odd, the rest is the
//! whole `.docx` as is (damaged zips, lying sizes); even, the rest is split at `\0\0` into
//! `word/document.xml`, its relationships, `word/styles.xml` and one image, which are zipped
//! here (stored or deflated), so the fuzzer reaches the XML and structure code behind the zip.
//! Must never panic; what it returns must be writable: a page that reads back, image names that
//! stay in the bundle, a target path inside `content/`, and no more image bytes than the limit.
#![no_main]

use std::io::Write as _;
use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "import_common.rs"]
mod import_common;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let bytes = if flags & 1 == 1 { rest.to_vec() } else { zip_parts(rest, flags & 2 == 2) };
    import_common::check(gazette::import::convert(&bytes, Path::new("报告.docx"), None), "报告.docx", flags);
});

fn zip_parts(rest: &[u8], deflate: bool) -> Vec<u8> {
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + 1 < rest.len() && parts.len() < 3 {
        if rest[i] == 0 && rest[i + 1] == 0 {
            parts.push(&rest[start..i]);
            start = i + 2;
            i += 2;
        } else {
            i += 1;
        }
    }
    parts.push(&rest[start.min(rest.len())..]);
    let names = ["word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml", "word/media/image1.png"];
    let method = if deflate { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in names.iter().zip(parts) {
        if zip.start_file(*name, options).is_err() || zip.write_all(bytes).is_err() {
            return Vec::new();
        }
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}
