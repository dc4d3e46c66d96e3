//! floor: the bare minimum a generator must do — read every Markdown file, render it with
//! pulldown-cmark and write the HTML, in parallel. Gazette's build time is compared with this.
//!
//! Usage: `cargo run --release --example floor -- SITE_DIR OUT_DIR`

use std::path::Path;

use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(site), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: floor SITE_DIR OUT_DIR");
        std::process::exit(2);
    };
    let content = Path::new(site).join("content");
    let files: Vec<_> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let out = Path::new(out);
    files.par_iter().for_each(|path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let body = match text.strip_prefix("---\n").and_then(|t| t.find("\n---\n").map(|i| &t[i + 5..])) {
            Some(b) => b,
            None => &text,
        };
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::all()),
        );
        let rel = path.strip_prefix(&content).unwrap_or(path).with_extension("");
        let target = out.join(rel).join("index.html");
        if let Some(parent) = target.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(target, html);
    });
    println!("{} files", files.len());
}
