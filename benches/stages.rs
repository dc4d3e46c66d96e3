//! Per-stage benchmarks (divan): one stage at a time, on inputs of a real size.
//!
//! In: the committee's 2024 work report of the example site (24 KB of Chinese Markdown) and a
//! generated 1,000-report site (`examples/gen-corpus.rs`, seed 42, written once per run into a
//! temporary folder and removed at the end). Out: divan's table of times per stage.
//! Never: asserts on a time (benchmarks are read by people; `bench/run.sh` runs the whole build).
//!
//! Usage: `cargo bench --bench stages` (about a minute; `-- NAME` runs the benchmarks whose
//! name contains NAME). `cargo test --benches` runs each once, as a smoke test.

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use gazette::config::{Config, Overrides};
use gazette::diag::Source;
use gazette::pipeline::markdown::{self, MarkdownOptions};
use gazette::pipeline::render::Renderer;
use gazette::pipeline::{Site, discover, front_matter, taxonomy};

#[path = "../examples/gen-corpus.rs"]
#[expect(dead_code, reason = "the generator's `main` is its own binary's; the benchmarks call `parse_args` and `run`")]
mod gen_corpus;

/// The committee's published 2024 work report: the largest real report of the example site.
const REPORT: &str = include_str!("../content/reports/2024/2024-01-04-changweihui-gongzuo-baogao.md");
const EXAMPLE_SITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/site.yaml");

fn main() {
    // written before divan prints its table (the generator prints a summary); removed even when
    // a benchmark panics
    let corpus = LazyLock::force(&CORPUS);
    let outcome = std::panic::catch_unwind(divan::main);
    let _ = std::fs::remove_dir_all(corpus);
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// The example site's settings (pinyin slugs, highlighting, the CJK emphasis pass on).
static EXAMPLE_CONFIG: LazyLock<Config> = LazyLock::new(|| {
    let root = Path::new(EXAMPLE_SITE).parent().expect("site.yaml has a folder");
    Config::load(root, &Overrides::default()).expect("the example site's site.yaml is valid")
});

/// A generated 1,000-report site (plus 50 news), written once.
static CORPUS: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join(format!("gazette-bench-stages-{}", std::process::id()));
    let args = ["--reports", "1000", "--out", dir.to_str().expect("a UTF-8 temporary folder")];
    let args =
        gen_corpus::parse_args(args.into_iter().map(String::from)).expect("valid arguments").expect("not --help");
    gen_corpus::run(&args).expect("the corpus is written");
    // the generator links ./themes when there is one; a build refuses a link leading outside
    // the site (E052), and the built-in theme is the same default theme
    let _ = std::fs::remove_file(dir.join("themes"));
    dir
});

static CORPUS_CONFIG: LazyLock<Config> =
    LazyLock::new(|| Config::load(&CORPUS, &Overrides::default()).expect("the generated site.yaml is valid"));

static CORPUS_SITE: LazyLock<Site> = LazyLock::new(|| {
    let (site, diags) = gazette::pipeline::load_site(&CORPUS_CONFIG, None);
    assert!(!diags.has_errors(), "the generated site builds");
    site
});

fn report_source() -> Source {
    Source {
        path: PathBuf::from("content/reports/2024/2024-01-04-changweihui-gongzuo-baogao.md"),
        text: Arc::from(REPORT),
    }
}

#[divan::bench]
fn front_matter_parse() -> front_matter::PageMeta {
    let source = report_source();
    let split = front_matter::split(&source, divan::black_box(REPORT)).expect("front matter splits");
    front_matter::parse_page(&source, &split, &EXAMPLE_CONFIG.taxonomies).expect("front matter parses")
}

/// pulldown-cmark with the CJK emphasis pre-pass, heading ids, TOC, links; the argument is
/// whether the plain text is kept too (search on).
#[divan::bench(args = [false, true])]
fn markdown_render_keep_plain(bencher: divan::Bencher, keep_plain: bool) {
    let source = report_source();
    let split = front_matter::split(&source, REPORT).expect("front matter splits");
    let opts = MarkdownOptions { keep_plain, ..MarkdownOptions::for_site(&EXAMPLE_CONFIG) };
    bencher.bench(|| markdown::render_markdown(divan::black_box(split.body), split.body_offset, &opts));
}

/// The CJK emphasis pass alone (its share of `markdown_render`).
#[divan::bench]
fn cjk_emphasis_prepare(bencher: divan::Bencher) {
    let source = report_source();
    let split = front_matter::split(&source, REPORT).expect("front matter splits");
    bencher.bench(|| gazette::pipeline::cjk_emphasis::prepare(divan::black_box(split.body), markdown::options()));
}

/// The search stage's word segmentation (ICU4X dictionary) of the report's plain text.
#[divan::bench]
fn search_segment(bencher: divan::Bencher) {
    let source = report_source();
    let split = front_matter::split(&source, REPORT).expect("front matter splits");
    let opts = MarkdownOptions { keep_plain: true, ..MarkdownOptions::for_site(&EXAMPLE_CONFIG) };
    let plain = markdown::render_markdown(split.body, split.body_offset, &opts).plain;
    let segmenter = gazette::search::segmenter();
    bencher.bench(|| gazette::search::segment(segmenter, divan::black_box(&plain)));
}

/// Walking and reading a generated 1,000-report site.
#[divan::bench(sample_count = 20)]
fn discover_1k(bencher: divan::Bencher) {
    let config = &*CORPUS_CONFIG;
    bencher.bench(|| discover::discover(config, &|_, _| false).expect("the site is discovered"));
}

/// `load_site`: discovery, front matter, Markdown, sections, indexes, URL and link checks.
#[divan::bench(sample_count = 10)]
fn load_site_1k(bencher: divan::Bencher) {
    let config = &*CORPUS_CONFIG;
    bencher.bench(|| gazette::pipeline::load_site(config, None).0.pages.len());
}

/// Templates and shared values (every page's summary value): once per build.
#[divan::bench(sample_count = 20)]
fn renderer_1k(bencher: divan::Bencher) {
    let (config, site) = (&*CORPUS_CONFIG, &*CORPUS_SITE);
    bencher.bench(|| Renderer::for_site(config, site, &|_, _| None).expect("the templates load").fingerprint());
}

/// One report's page (`page.html`), and one page of the largest topic's list
/// (`taxonomy_term.html`, 20 summaries and the pagination bar), on the 1,000-report site.
#[divan::bench(args = ["page", "term_first", "term_middle", "section_middle"])]
fn render_one(bencher: divan::Bencher, what: &str) {
    let (config, site) = (&*CORPUS_CONFIG, &*CORPUS_SITE);
    let renderer = Renderer::for_site(config, site, &|_, _| None).expect("the templates load");
    let topics = site.taxonomies.iter().find(|t| t.name == "topics").expect("a topics taxonomy");
    let term = &topics.terms[0];
    let term_pagers = taxonomy::paginate(&term.path, term.pages.len(), config.paginate);
    let section = site.sections.iter().max_by_key(|s| s.pages.len()).expect("a section");
    let section_pagers = taxonomy::paginate(&section.path, section.pages.len(), config.paginate);
    let page = section.pages[0];
    bencher.bench(|| {
        let file = match what {
            "page" => renderer.render_page(page),
            "term_first" => renderer.render_term(topics, term, &term_pagers[0]),
            "term_middle" => renderer.render_term(topics, term, &term_pagers[term_pagers.len() / 2]),
            _ => renderer.render_section(section, &section_pagers[section_pagers.len() / 2]),
        };
        file.expect("the page renders").len()
    });
}
