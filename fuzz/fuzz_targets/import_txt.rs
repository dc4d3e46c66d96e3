//! `gazette import` of a plain-text report, through [`gazette::import::convert`] as the command
//! calls it, without touching the disk: a flags byte picks `--encoding` (none, gb18030, big5,
//! utf-16le, an unknown label) and the slug mode; the rest is the file's bytes (any encoding,
//! BOMs, NULs). Must never panic; a converted report must read back as a page and land inside
//! `content/`.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "import_common.rs"]
mod import_common;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let encoding =
        [None, Some("gb18030"), Some("big5"), Some("utf-16le"), Some("no-such-encoding")][usize::from(flags & 7) % 5];
    import_common::check(gazette::import::convert(rest, Path::new("报告.txt"), encoding), "报告.txt", flags >> 1);
});
