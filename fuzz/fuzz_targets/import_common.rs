//! What both import targets check of what `convert` returns (not a fuzz target itself).

use std::path::{Component, Path};

use gazette::config::SlugMode;
use gazette::import::{self, docx};

/// Shared by the import targets: a diagnostic renders; a converted report is writable as it is.
pub fn check(result: Result<import::Imported, Box<gazette::diag::Diagnostic>>, file: &str, flags: u8) {
    let imported = match result {
        Ok(i) => i,
        Err(d) => {
            let _ = d.render(false);
            let _ = serde_json::to_string(&d.to_json());
            return;
        }
    };
    assert!(imported.markdown.starts_with("---\n"), "no front matter: {}", imported.markdown);
    let total: usize = imported.images.iter().map(|(_, b)| b.len()).sum();
    assert!(total as u64 <= docx::MAX_TOTAL, "{total} image bytes");
    for (name, _) in &imported.images {
        assert!(
            !name.is_empty() && name != "index.md" && !name.contains(['/', '\\']) && !name.starts_with('.'),
            "image name {name:?} leaves the bundle"
        );
    }
    let mode = if flags & 4 == 4 { SlugMode::Unicode } else { SlugMode::Pinyin };
    let path = import::target_path(&imported, Path::new(file), "reports", mode);
    assert!(path.starts_with("content/reports"), "{path:?}");
    assert!(path.components().all(|c| matches!(c, Component::Normal(_))), "{path:?}");
}
