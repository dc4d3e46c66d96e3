//! gen-corpus: writes a synthetic, deterministic benchmark site for Gazette.
//!
//! In: `--reports N --out DIR [--seed S] [--news M] [--theme-dir PATH] [--force]`.
//! Out: a complete site in DIR — `site.yaml`, `content/_index.md`, section `_index.md` files,
//! `content/reports/<year>/<YYYY-MM-DD>-report-NNNNN.md` and `content/news/<year>/…-news-NNNNN.md`
//! — plus a symlink `DIR/themes` to a theme folder (it never copies a theme).
//!
//! The reports imitate the shape of the committee's real 2024 work report
//! (`seeds/000_3ac5a5c451188a47.txt`): `## ` parts, `### 一、` sections, `#### （一）`
//! subsections, paragraphs opening with a bold lead sentence `**……。**正文……`, and now and
//! then a budget table, footnotes, lists, a blockquote or (rarely) a fenced code block. Text is
//! recombined from sentences of that report plus topic sentences written for this generator.
//! Sizes are log-normal around a 10 KB median (σ = 0.5), truncated to 3–30 KB; dates cover
//! 2010–2025.
//!
//! Same arguments → byte-identical output: one SplitMix64 stream per document derived from
//! the seed, no clock, no hash-map iteration, no floating-point library calls (only + − × ÷).
//! Standard library only, so it builds as a Cargo example without extra dependencies.
//!
//! Usage: `cargo run --release --example gen-corpus -- --reports 10000 --out /tmp/bench-site`

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `println!` that ignores a closed stdout (`gen-corpus … | head`) instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

const USAGE: &str = "\
usage: gen-corpus --out DIR [--reports N] [--news M] [--seed S] [--theme-dir PATH] [--force]

Writes a deterministic Gazette benchmark site into DIR.

  --out DIR          target folder; must be empty or missing unless --force
  --reports N        number of reports (default 1000)
  --news M           number of news posts (default: 5% of N, rounded)
  --seed S           PRNG seed, an unsigned integer (default 42)
  --theme-dir PATH   create the symlink DIR/themes -> PATH (default: ./themes if it exists)
  --force            write into a non-empty DIR: replaces DIR/content, DIR/site.yaml and a
                     DIR/themes symlink; leaves every other file alone
  -h, --help         this text
";

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("error: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

pub struct Args {
    out: PathBuf,
    reports: usize,
    news: usize,
    seed: u64,
    theme_dir: Option<PathBuf>,
    force: bool,
}

/// `Ok(None)` means `--help`.
pub fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let (mut out, mut reports, mut news, mut seed, mut theme_dir, mut force) =
        (None, 1000usize, None, 42u64, None, false);
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone().or_else(|| it.next()) {
                Some(v) => Ok(v),
                None => Err(format!("{name} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--reports" => reports = parse_num(&value("--reports")?, "--reports")? as usize,
            "--news" => news = Some(parse_num(&value("--news")?, "--news")? as usize),
            "--seed" => seed = parse_num(&value("--seed")?, "--seed")?,
            "--theme-dir" => theme_dir = Some(PathBuf::from(value("--theme-dir")?)),
            "--force" if inline.is_none() => force = true,
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    if reports > 9_999_999 {
        return Err("--reports: at most 9999999".into());
    }
    let news = news.unwrap_or((reports * 5 + 50) / 100);
    Ok(Some(Args { out, reports, news, seed, theme_dir, force }))
}

fn parse_num(s: &str, name: &str) -> Result<u64, String> {
    s.trim().parse().map_err(|_| format!("{name}: `{s}` is not an unsigned integer"))
}

// ---------------------------------------------------------------------------------------------
// Driver: prepares DIR, writes every file, prints the summary
// ---------------------------------------------------------------------------------------------

pub fn run(args: &Args) -> Result<(), String> {
    let theme = find_theme(args.theme_dir.as_deref())?;
    prepare_out_dir(&args.out, args.force)?;
    link_theme(&args.out, theme.as_deref())?;
    let corpus = Corpus::new();
    let mut stats = Stats::default();
    let io_err = |p: &Path, e: io::Error| format!("{}: {e}", p.display());

    let write = |rel: &str, text: &str, stats: &mut Stats| -> Result<(), String> {
        let path = args.out.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
        }
        fs::write(&path, text).map_err(|e| io_err(&path, e))?;
        stats.files += 1;
        stats.bytes += text.len() as u64;
        Ok(())
    };

    write("site.yaml", &site_yaml(), &mut stats)?;
    write("content/_index.md", &home_index(args.reports, args.news), &mut stats)?;
    write(
        "content/reports/_index.md",
        "---\ntitle: \"报告\"\n---\n\n县人大常委会工作报告、审议意见、执法检查报告和调研报告。\n",
        &mut stats,
    )?;
    write(
        "content/news/_index.md",
        "---\ntitle: \"新闻\"\n---\n\n县人大常委会会议、视察、调研和代表活动新闻。\n",
        &mut stats,
    )?;

    let width = args.reports.max(args.news).max(1).to_string().len().max(5);
    let mut buf = String::with_capacity(64 * 1024);
    for i in 1..=args.reports {
        buf.clear();
        let mut doc = Doc::new(&corpus, doc_rng(args.seed, 1, i as u64), &mut buf);
        let date = doc.report(i, width);
        let rel = format!("content/reports/{}/{date}-report-{i:0width$}.md", date.year);
        stats.report_sizes.push(buf.len());
        write(&rel, &buf, &mut stats)?;
    }
    for i in 1..=args.news {
        buf.clear();
        let mut doc = Doc::new(&corpus, doc_rng(args.seed, 2, i as u64), &mut buf);
        let date = doc.news();
        let rel = format!("content/news/{}/{date}-news-{i:0width$}.md", date.year);
        stats.news_sizes.push(buf.len());
        write(&rel, &buf, &mut stats)?;
    }

    stats.print(&args.out);
    Ok(())
}

#[derive(Default)]
struct Stats {
    files: usize,
    bytes: u64,
    report_sizes: Vec<usize>,
    news_sizes: Vec<usize>,
}

impl Stats {
    fn print(&mut self, out: &Path) {
        say!("wrote {} files, {} bytes in total, to {}", self.files, self.bytes, out.display());
        for (name, sizes) in [("reports", &mut self.report_sizes), ("news", &mut self.news_sizes)] {
            if sizes.is_empty() {
                continue;
            }
            sizes.sort_unstable();
            let q = |p: usize| sizes[(sizes.len() - 1) * p / 100];
            say!(
                "{name}: {} files, median {} bytes (min {}, p10 {}, p90 {}, max {})",
                sizes.len(),
                q(50),
                sizes[0],
                q(10),
                q(90),
                sizes[sizes.len() - 1]
            );
        }
    }
}

fn prepare_out_dir(out: &Path, force: bool) -> Result<(), String> {
    let err = |e: io::Error| format!("{}: {e}", out.display());
    match fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                if !force {
                    return Err(format!("{} is not empty; choose an empty folder or pass --force", out.display()));
                }
                // Remove only what this tool writes, so a re-run never keeps stale reports.
                let content = out.join("content");
                if content.is_dir() {
                    fs::remove_dir_all(&content).map_err(err)?;
                }
                let site = out.join("site.yaml");
                if site.is_file() {
                    fs::remove_file(&site).map_err(err)?;
                }
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(out).map_err(err),
        Err(e) => Err(err(e)),
    }
}

/// The absolute theme folder to link: `--theme-dir`, else `./themes` if it exists.
fn find_theme(theme_dir: Option<&Path>) -> Result<Option<PathBuf>, String> {
    let (dir, explicit) = match theme_dir {
        Some(dir) => (dir, true),
        None => (Path::new("themes"), false),
    };
    if !dir.is_dir() {
        return if explicit { Err(format!("--theme-dir {}: not a folder", dir.display())) } else { Ok(None) };
    }
    fs::canonicalize(dir).map(Some).map_err(|e| format!("{}: {e}", dir.display()))
}

/// Points `DIR/themes` at the theme folder. The build resolves `theme: default` from the site
/// root's `themes/`; a link rather than a copy keeps the corpus on the theme under test.
fn link_theme(out: &Path, theme: Option<&Path>) -> Result<(), String> {
    let link = out.join("themes");
    let existing = fs::symlink_metadata(&link).ok();
    let Some(target) = theme else {
        if existing.is_some() {
            say!("theme: keeping the existing {}", link.display());
        } else {
            say!(
                "note: no ./themes here; {} builds with the theme built into gazette \
                 (--theme-dir PATH links a theme folder instead)",
                out.display()
            );
        }
        return Ok(());
    };
    match existing {
        Some(meta) if meta.file_type().is_symlink() => {
            fs::remove_file(&link).map_err(|e| format!("{}: {e}", link.display()))?;
        }
        Some(_) => {
            say!("note: {} exists and is not a symlink; left as it is", link.display());
            return Ok(());
        }
        None => {}
    }
    symlink_dir(target, &link).map_err(|e| format!("symlink {}: {e}", link.display()))?;
    say!("theme: {} -> {}", link.display(), target.display());
    Ok(())
}

#[cfg(unix)]
fn symlink_dir(target: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(windows)]
fn symlink_dir(target: &Path, link: &Path) -> io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}

fn site_yaml() -> String {
    "\
# Generated by examples/gen-corpus.rs: a synthetic benchmark site. Do not edit by hand.
title: 江陵县人大常委会（基准测试）
description: Gazette 性能基准测试用的合成站点：报告由真实工作报告的句子重新组合而成。
base_url: https://bench.example.org/
language: zh-CN
theme: default
paginate: 20
slugify: pinyin
taxonomies: [topics, types]
markdown:
  unsafe_html: false
  highlight: true
feeds: true
search: false
extra: {}
"
    .to_string()
}

fn home_index(reports: usize, news: usize) -> String {
    format!(
        "---\ntitle: \"江陵县人大常委会\"\n---\n\n本站是 Gazette 性能基准测试自动生成的合成站点，\
         收录报告 {reports} 篇、新闻 {news} 篇。正文由江陵县人大常委会工作报告中的句子\
         重新组合而成，仅供测试，不代表任何真实文件。\n"
    )
}

// ---------------------------------------------------------------------------------------------
// Randomness and dates
// ---------------------------------------------------------------------------------------------

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0), by multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `percent`/100.
    fn pct(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Approximately standard normal (Irwin–Hall: sum of 12 uniforms − 6).
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }
}

/// One independent stream per document, so document i is the same whatever N is.
fn doc_rng(seed: u64, kind: u64, index: u64) -> Rng {
    let mut r = Rng(seed ^ kind.wrapping_mul(0xD1B5_4A32_D192_ED03));
    let base = r.next_u64();
    let mut r = Rng(base ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    r.next_u64();
    r
}

/// e^x by its Taylor series: only basic IEEE arithmetic, so identical on every platform.
fn exp(x: f64) -> f64 {
    let (mut term, mut sum) = (1.0, 1.0);
    for n in 1..60 {
        term *= x / n as f64;
        sum += term;
    }
    sum
}

/// A log-normal size in bytes, `median · e^(σ·z)`, truncated to `lo..=hi` by redrawing (a
/// clamp would pile the tails up at the bounds).
fn lognormal_size(rng: &mut Rng, median: f64, sigma: f64, lo: usize, hi: usize) -> usize {
    let mut size = median as usize;
    for _ in 0..32 {
        size = (median * exp(sigma * rng.normal().clamp(-5.0, 5.0))) as usize;
        if (lo..=hi).contains(&size) {
            break;
        }
    }
    size.clamp(lo, hi)
}

#[derive(Clone, Copy)]
struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    fn days_in_month(year: i32, month: u32) -> u32 {
        match month {
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }
    fn random_in_year(rng: &mut Rng, year: i32, months: (u32, u32)) -> Date {
        let month = rng.range(months.0 as usize, months.1 as usize) as u32;
        let day = rng.range(1, Self::days_in_month(year, month) as usize) as u32;
        Date { year, month, day }
    }
    fn plus_days(self, mut n: u32) -> Date {
        let mut d = self;
        while n > 0 {
            n -= 1;
            d.day += 1;
            if d.day > Self::days_in_month(d.year, d.month) {
                d.day = 1;
                d.month += 1;
                if d.month > 12 {
                    d.month = 1;
                    d.year += 1;
                }
            }
        }
        d
    }
}

const FIRST_YEAR: i32 = 2010;
const LAST_YEAR: i32 = 2025;

/// People's congress term (届) and annual session for a year: terms start 2007, 2012, 2017, 2022
/// (the seed's January 2024 report was given at the seventh congress's third session).
fn congress_term(year: i32) -> (usize, usize) {
    let k = (year - 2007).max(0) as usize;
    (4 + k / 5, k % 5 + 1)
}

fn cn_num(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[n % 10]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", D[n / 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

fn yaml_quoted(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            _ => q.push(c),
        }
    }
    q.push('"');
    q
}

// ---------------------------------------------------------------------------------------------
// Document generation
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    WorkReport,
    ReviewOpinion,
    Inspection,
    Survey,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::WorkReport => "工作报告",
            Kind::ReviewOpinion => "审议意见",
            Kind::Inspection => "执法检查报告",
            Kind::Survey => "调研报告",
        }
    }
}

/// What a `## ` part of a report talks about; it steers sentence and heading choice.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Achievement,
    Problem,
    Suggestion,
}

/// Text sources shared by every document, split once from the embedded seed report.
struct Corpus {
    sentences: Vec<&'static str>,
    leads: Vec<&'static str>,
    clauses: Vec<&'static str>,
}

impl Corpus {
    fn new() -> Corpus {
        let mut c = Corpus { sentences: Vec::new(), leads: Vec::new(), clauses: Vec::new() };
        for para in SEED_TEXT.lines().filter(|l| !l.trim().is_empty()) {
            let mut first = true;
            for s in split_after(para.trim(), &['。', '！']) {
                let chars = s.chars().count();
                if first && chars <= 32 {
                    c.leads.push(s);
                } else if chars >= 12 {
                    c.sentences.push(s);
                }
                first = false;
                for clause in split_after(s, &['，', '；', '：', '。', '！']) {
                    let body = clause.trim_end_matches(['，', '；', '：', '。', '！']);
                    let n = body.chars().count();
                    if (5..=32).contains(&n) && !body.contains('{') && balanced(body) {
                        c.clauses.push(body);
                    }
                }
            }
        }
        c
    }
}

/// True when paired marks (“” 《》 （）) open and close within the piece.
fn balanced(s: &str) -> bool {
    let count = |c: char| s.chars().filter(|&x| x == c).count();
    count('“') == count('”') && count('《') == count('》') && count('（') == count('）')
}

/// Splits after each terminator, keeping it with the piece before.
fn split_after<'a>(s: &'a str, terminators: &'a [char]) -> impl Iterator<Item = &'a str> + 'a {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end =
            rest.char_indices().find(|(_, c)| terminators.contains(c)).map_or(rest.len(), |(i, c)| i + c.len_utf8());
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
}

struct Doc<'a> {
    c: &'a Corpus,
    rng: Rng,
    out: &'a mut String,
    year: i32,
    topics: Vec<&'static Topic>,
    footnotes: Vec<String>,
    footnote_budget: usize,
    tables: usize,
    code_pending: bool,
    used_headings: Vec<&'static str>,
    /// The sentences written lately, so small pools rarely repeat within a document.
    recent: [usize; 64],
    recent_at: usize,
}

impl<'a> Doc<'a> {
    fn new(c: &'a Corpus, rng: Rng, out: &'a mut String) -> Doc<'a> {
        Doc {
            c,
            rng,
            out,
            year: 2024,
            topics: Vec::new(),
            footnotes: Vec::new(),
            footnote_budget: 0,
            tables: 0,
            code_pending: false,
            used_headings: Vec::new(),
            recent: [0; 64],
            recent_at: 0,
        }
    }

    /// Writes report number `index` into `out`; returns its date.
    fn report(&mut self, index: usize, width: usize) -> Date {
        let r = &mut self.rng;
        let kind = match r.below(100) {
            0..=19 => Kind::WorkReport,
            20..=49 => Kind::ReviewOpinion,
            50..=69 => Kind::Inspection,
            _ => Kind::Survey,
        };
        let year = FIRST_YEAR + r.below((LAST_YEAR - FIRST_YEAR + 1) as usize) as i32;
        // Work reports to the annual congress session cluster in January to March.
        let congress = kind == Kind::WorkReport && r.pct(25);
        let months = if congress { (1, 3) } else { (1, 12) };
        let date = Date::random_in_year(r, year, months);
        self.year = year;

        let n_topics = match r.below(100) {
            0..=44 => 1,
            45..=84 => 2,
            _ => 3,
        };
        while self.topics.len() < n_topics {
            let t = &TOPICS[r.below(TOPICS.len())];
            if !self.topics.iter().any(|x| x.name == t.name) {
                self.topics.push(t);
            }
        }
        let target = lognormal_size(r, 10_000.0, 0.5, 3_000, 28_500);
        self.footnote_budget = if r.pct(30) { r.range(1, 3) } else { 0 };
        self.code_pending = r.below(50) == 0;

        let subject = self.subject();
        let law = *self.rng.pick(self.topics[0].laws);
        let title = match kind {
            Kind::WorkReport if congress => "江陵县人民代表大会常务委员会工作报告".to_string(),
            Kind::WorkReport => format!("关于{subject}工作情况的报告"),
            Kind::ReviewOpinion => format!("县人大常委会关于{subject}工作情况报告的审议意见"),
            Kind::Inspection if self.rng.pct(50) => format!("关于检查{law}实施情况的报告"),
            Kind::Inspection => format!("县人大常委会执法检查组关于检查{law}贯彻实施情况的报告"),
            Kind::Survey if self.rng.pct(50) => format!("关于{subject}情况的调研报告"),
            Kind::Survey => format!("关于全县{subject}工作的调研报告"),
        };
        let (term, session) = congress_term(year);
        let standing_meeting = ((year - 2007).max(0) as usize % 5) * 6 + (date.month as usize - 1) / 2 + 1;
        let meeting = if congress {
            Some(format!("江陵县第{}届人民代表大会第{}次会议", cn_num(term), cn_num(session)))
        } else {
            let p = match kind {
                Kind::ReviewOpinion => 80,
                Kind::Inspection => 60,
                Kind::Survey => 40,
                Kind::WorkReport => 70,
            };
            self.rng.pct(p).then(|| {
                format!("江陵县第{}届人民代表大会常务委员会第{}次会议", cn_num(term), cn_num(standing_meeting))
            })
        };

        // Front matter: field order varies a little, as it does when editors write it.
        let out = &mut *self.out;
        let r = &mut self.rng;
        out.push_str("---\ntitle: ");
        out.push_str(&yaml_quoted(&fill_years(&title, year)));
        let _ = write!(out, "\ndate: {date}\n");
        if r.pct(4) {
            let updated = date.plus_days(r.range(1, 120) as u32);
            if updated.year <= LAST_YEAR {
                let _ = writeln!(out, "updated: {updated}");
            }
        }
        let _ = writeln!(out, "type: {}", kind.label());
        if self.topics.len() == 1 && r.pct(15) {
            let _ = writeln!(out, "topics: {}", self.topics[0].name);
        } else if r.pct(20) {
            out.push_str("topics:\n");
            for t in &self.topics {
                let _ = writeln!(out, "  - {}", t.name);
            }
        } else {
            let names: Vec<&str> = self.topics.iter().map(|t| t.name).collect();
            let _ = writeln!(out, "topics: [{}]", names.join(", "));
        }
        if let Some(m) = &meeting {
            let _ = writeln!(out, "meeting: {}", yaml_quoted(m));
        }
        let speaker_p = match kind {
            Kind::WorkReport => 90,
            Kind::Inspection => 50,
            Kind::Survey => 30,
            Kind::ReviewOpinion => 10,
        };
        if r.pct(speaker_p) {
            let name = r.pick(SPEAKERS);
            let office = if congress {
                "县人大常委会主任"
            } else if kind == Kind::WorkReport {
                r.pick(GOV_OFFICES)
            } else {
                r.pick(CONGRESS_OFFICES)
            };
            let _ = writeln!(out, "speaker: {}", yaml_quoted(name));
            let _ = writeln!(out, "speaker_title: {}", yaml_quoted(office));
        }
        if r.pct(50) {
            let author = if congress { "江陵县人大常委会" } else { self.topics[0].committee };
            let _ = writeln!(out, "author: {}", yaml_quoted(author));
        }
        if r.pct(if kind == Kind::ReviewOpinion { 90 } else { 25 }) {
            let prefix = if kind == Kind::ReviewOpinion {
                "江人常审"
            } else {
                r.pick(&["江人常", "江人常发", "江人常办"])
            };
            // unique in the corpus (two pages with one number are E026); the draw keeps the rest
            // of the corpus as it was
            let _ = r.range(1, 60);
            let _ = writeln!(out, "doc_number: \"{prefix}〔{year}〕{}号\"", index + 1);
        }
        if r.pct(3) {
            let _ = writeln!(out, "aliases: [\"/html/{year}/{index:0width$}.html\"]");
        }
        if r.pct(25) {
            // Corpus text holds no ASCII `"` or `\\`, so it can sit in a double-quoted scalar.
            self.out.push_str("summary: \"");
            self.sentence(Mode::Achievement);
            self.out.push_str("\"\n");
        }
        self.out.push_str("---\n\n");

        self.opening(kind, congress, date, &subject, law, meeting.as_deref());
        let closing = self.closing_text(kind, congress);
        // Footnote definitions come on top: a few hundred bytes at most.
        let end = target.saturating_sub(closing.len());
        self.body(kind, congress, end);
        self.out.push_str(&closing);
        self.flush_footnotes();
        date
    }

    /// Writes one news post; returns its date.
    fn news(&mut self) -> Date {
        let r = &mut self.rng;
        let year = FIRST_YEAR + r.below((LAST_YEAR - FIRST_YEAR + 1) as usize) as i32;
        let date = Date::random_in_year(r, year, (1, 12));
        self.year = year;
        self.topics.push(&TOPICS[r.below(TOPICS.len())]);
        let target = lognormal_size(r, 2_600.0, 0.45, 1_000, 8_000);
        let subject = self.subject();
        let r = &mut self.rng;
        let (term, _) = congress_term(year);
        let title = match r.below(6) {
            0 => format!("县人大常委会召开第{}次主任会议", cn_num(r.range(1, 40))),
            1 => format!("县人大常委会组织视察{subject}工作"),
            2 => format!("县人大常委会开展{}执法检查", r.pick(self.topics[0].laws)),
            3 => format!("{}带队调研{subject}工作", r.pick(SPEAKERS)),
            4 => format!("{}人大代表开展“代表行动”活动", r.pick(TOWNS)),
            _ => format!("江陵县第{}届人大常委会第{}次会议召开", cn_num(term), cn_num(r.range(1, 30))),
        };
        let title = fill_years(&title, year);
        let out = &mut *self.out;
        let _ = write!(out, "---\ntitle: {}\ndate: {date}\ntype: 新闻\n", yaml_quoted(&title));
        if r.pct(70) {
            let _ = writeln!(out, "topics: [{}]", self.topics[0].name);
        }
        if r.pct(50) {
            out.push_str("author: \"县人大常委会办公室\"\n");
        }
        out.push_str("---\n\n");
        let _ = write!(out, "{}月{}日，{}，{}。", date.month, date.day, r.pick(NEWS_OPENERS), title);
        self.out.push_str("\n\n");
        while self.out.len() < target {
            let n = self.rng.range(2, 5);
            for _ in 0..n {
                self.sentence(Mode::Achievement);
            }
            self.out.push_str("\n\n");
        }
        self.text(NEWS_CLOSER, false);
        self.out.push('\n');
        date
    }

    fn subject(&mut self) -> String {
        let t = self.topics[0];
        fill_years(self.rng_pick(t.subjects), self.year)
    }

    fn opening(&mut self, kind: Kind, congress: bool, date: Date, subject: &str, law: &str, meeting: Option<&str>) {
        let r = &mut self.rng;
        let out = &mut *self.out;
        match kind {
            Kind::WorkReport if congress => {
                out.push_str("各位代表：\n\n我受县人大常委会委托，向大会报告工作，请予审议。\n\n");
            }
            Kind::WorkReport => {
                let _ = write!(
                    out,
                    "主任、各位副主任、秘书长、各位委员：\n\n我受县人民政府委托，现将全县{subject}工作情况报告如下，请予审议。\n\n"
                );
            }
            Kind::ReviewOpinion => {
                let m = meeting.unwrap_or("县人大常委会会议");
                let _ = write!(
                    out,
                    "县人民政府：\n\n{}年{}月{}日，{m}听取和审议了县人民政府关于{subject}工作情况的报告。\
                     会议认为，县人民政府高度重视{subject}工作，采取有力措施，取得了积极成效。现将审议意见交办如下：\n\n",
                    date.year, date.month, date.day
                );
            }
            Kind::Inspection => {
                let from = date.month.saturating_sub(r.range(1, 3) as u32).max(1);
                let _ = write!(
                    out,
                    "主任、各位副主任、秘书长、各位委员：\n\n根据县人大常委会{}年度监督工作计划，{from}月至{}月，\
                     县人大常委会组成执法检查组，对{law}在我县的贯彻实施情况进行了检查。\
                     检查组深入{}个乡镇和{}个县直部门，采取听取汇报、实地察看、座谈交流、随机抽查等方式，\
                     全面了解法律实施情况。现将检查情况报告如下：\n\n",
                    date.year,
                    date.month,
                    r.range(3, 9),
                    r.range(4, 15)
                );
            }
            Kind::Survey => {
                let _ = write!(
                    out,
                    "为全面了解全县{subject}情况，根据县人大常委会{}年度工作要点安排，{}月，\
                     县人大常委会调研组深入{}个乡镇和有关部门，采取实地察看、听取汇报、座谈交流等方式进行了专题调研。\
                     现将调研情况报告如下：\n\n",
                    date.year,
                    date.month,
                    r.range(3, 9)
                );
            }
        }
        // One plain (not bold-led) introductory paragraph, like the seed's first paragraph.
        let n = self.rng.range(2, 4);
        for _ in 0..n {
            self.sentence(Mode::Achievement);
        }
        self.out.push_str("\n\n");
    }

    fn closing_text(&mut self, kind: Kind, congress: bool) -> String {
        let text = match kind {
            Kind::WorkReport if congress => {
                "各位代表！奋楫扬帆风正劲，勇立潮头逐浪高。让我们更加紧密地团结在以习近平同志为核心的党中央周围，\
                 在县委的坚强领导下，守正创新、开拓进取，踔厉奋发、勇毅前行，为奋力谱写中国式现代化江陵篇章而团结奋斗！\n"
            }
            Kind::ReviewOpinion => {
                "以上审议意见，请县人民政府认真研究处理，并于六个月内将研究处理情况书面报告县人大常委会。\n"
            }
            _ => *self.rng.pick(CLOSERS),
        };
        text.to_string()
    }

    fn body(&mut self, kind: Kind, congress: bool, end: usize) {
        let parts: &[(&str, Mode, usize)] = match kind {
            Kind::WorkReport if congress => {
                &[("过去一年的主要工作", Mode::Achievement, 6), ("{0}年的主要任务", Mode::Suggestion, 3)]
            }
            Kind::WorkReport => &[
                ("主要工作开展情况", Mode::Achievement, 5),
                ("存在的问题和困难", Mode::Problem, 2),
                ("下一步工作打算", Mode::Suggestion, 2),
            ],
            Kind::ReviewOpinion => &[
                ("总体评价", Mode::Achievement, 2),
                ("存在的主要问题", Mode::Problem, 2),
                ("意见和建议", Mode::Suggestion, 4),
            ],
            Kind::Inspection => &[
                ("执法检查的基本情况", Mode::Achievement, 2),
                ("法律实施取得的主要成效", Mode::Achievement, 3),
                ("存在的主要问题", Mode::Problem, 2),
                ("意见和建议", Mode::Suggestion, 2),
            ],
            Kind::Survey => &[
                ("基本情况", Mode::Achievement, 2),
                ("主要做法和成效", Mode::Achievement, 3),
                ("存在的问题和不足", Mode::Problem, 2),
                ("对策和建议", Mode::Suggestion, 3),
            ],
        };
        let start = self.out.len();
        let avail = end.saturating_sub(start);
        let total: usize = parts.iter().map(|p| p.2).sum();
        let mut cum = 0;
        for &(title, mode, weight) in parts {
            cum += weight;
            let part_end = start + avail * cum / total;
            self.out.push_str("## ");
            self.text(title, false);
            self.out.push_str("\n\n");
            if mode == Mode::Problem && self.rng.pct(60) {
                let intro = self.rng_pick(PROBLEM_INTROS);
                self.text(intro, false);
                self.out.push_str("\n\n");
            }
            let mut n = 1;
            loop {
                self.section(n, mode, part_end);
                n += 1;
                if self.out.len() >= part_end || n > 10 {
                    break;
                }
            }
        }
        if self.code_pending {
            self.code_block();
        }
    }

    fn section(&mut self, n: usize, mode: Mode, part_end: usize) {
        let len = self.out.len();
        let mut sec_end = (len + self.rng.range(1_500, 4_500)).min(part_end);
        if part_end.saturating_sub(sec_end) < 900 {
            sec_end = part_end;
        }
        let heading = self.heading(mode, false);
        let _ = write!(self.out, "### {}、", cn_num(n));
        self.text(heading, false);
        self.out.push_str("\n\n");
        let room = sec_end.saturating_sub(self.out.len());
        if room > 2_800 && self.rng.pct(40) {
            let subs = self.rng.range(2, 4);
            for k in 1..=subs {
                let sub_end = self.out.len() + sec_end.saturating_sub(self.out.len()) / (subs + 1 - k);
                let heading = self.heading(mode, true);
                let _ = write!(self.out, "#### （{}）", cn_num(k));
                self.text(heading, false);
                self.out.push_str("\n\n");
                self.paragraphs_until(mode, sub_end);
            }
        } else {
            self.paragraphs_until(mode, sec_end);
        }
    }

    fn paragraphs_until(&mut self, mode: Mode, end: usize) {
        loop {
            let room = end.saturating_sub(self.out.len());
            let budget = self.rng.range(450, 1_800).min(room).max(250);
            self.paragraph(mode, budget);
            let room = end.saturating_sub(self.out.len());
            if room > 700 {
                self.maybe_block(mode);
            }
            if self.out.len() >= end {
                break;
            }
        }
    }

    /// `**lead sentence。**` then body sentences until `budget` bytes are written.
    fn paragraph(&mut self, mode: Mode, budget: usize) {
        let start = self.out.len();
        self.out.push_str("**");
        self.lead(mode);
        self.out.push_str("**");
        let mut n = 0;
        while n < 1 || self.out.len() - start < budget {
            self.sentence(mode);
            n += 1;
        }
        if self.footnote_budget > 0 && self.rng.pct(15) {
            self.footnote();
        }
        self.out.push_str("\n\n");
    }

    fn lead(&mut self, mode: Mode) {
        let c = self.c;
        let roll = self.rng.below(100);
        let t = self.topics[self.rng.below(self.topics.len())];
        let lead: &str = match mode {
            Mode::Achievement if roll < 40 => self.rng_pick(&c.leads),
            Mode::Achievement if roll < 80 => self.rng_pick(t.leads),
            Mode::Problem if roll < 70 => {
                let h = self.rng_pick(PROBLEM_HEADINGS);
                self.text(h, false);
                self.out.push('。');
                return;
            }
            Mode::Suggestion if roll < 60 => self.rng_pick(SUGGESTION_LEADS),
            Mode::Suggestion if roll < 80 => self.rng_pick(&c.leads),
            _ => {
                let clause = self.rng_pick(&c.clauses);
                self.text(clause, true);
                self.out.push('。');
                return;
            }
        };
        self.text(lead, false);
    }

    fn sentence(&mut self, mode: Mode) {
        if self.rng.below(1000) < 6 {
            let e = self.rng_pick(ENGLISH);
            return self.text(e, false);
        }
        for _ in 0..4 {
            let s = self.pick_sentence(mode);
            let Some(s) = s else { return self.recombined() };
            let key = s.as_ptr() as usize;
            if !self.recent.contains(&key) {
                self.recent[self.recent_at % self.recent.len()] = key;
                self.recent_at += 1;
                return self.text(s, true);
            }
        }
        self.recombined();
    }

    /// A sentence from the pool for `mode`, or `None` for "make a new one from clauses".
    fn pick_sentence(&mut self, mode: Mode) -> Option<&'static str> {
        let c = self.c;
        let roll = self.rng.below(100);
        let t = self.topics[self.rng.below(self.topics.len())];
        Some(match mode {
            Mode::Achievement if roll < 45 => self.rng_pick(&c.sentences),
            Mode::Achievement if roll < 72 => self.rng_pick(t.facts),
            Mode::Problem if roll < 35 => self.rng_pick(PROBLEMS),
            Mode::Problem if roll < 65 => self.rng_pick(t.problems),
            Mode::Problem if roll < 80 => self.rng_pick(&c.sentences),
            Mode::Suggestion if roll < 40 => self.rng_pick(SUGGESTIONS),
            Mode::Suggestion if roll < 70 => self.rng_pick(&c.sentences),
            Mode::Suggestion if roll < 80 => self.rng_pick(t.facts),
            _ => return None,
        })
    }

    /// A new sentence from 2–4 clauses of different seed sentences.
    fn recombined(&mut self) {
        let c = self.c;
        let n = self.rng.range(2, 4);
        for i in 0..n {
            if i > 0 {
                self.out.push('，');
            }
            let clause = self.rng_pick(&c.clauses);
            self.text(clause, true);
        }
        self.out.push('。');
    }

    fn heading(&mut self, mode: Mode, sub: bool) -> &'static str {
        let c = self.c;
        for _ in 0..4 {
            let t = self.topics[self.rng.below(self.topics.len())];
            let roll = self.rng.below(100);
            let h: &'static str = match (mode, sub) {
                (Mode::Problem, _) => self.rng_pick(PROBLEM_HEADINGS),
                (Mode::Suggestion, false) if roll < 30 => self.rng_pick(SEED_TASK_HEADINGS),
                (Mode::Suggestion, _) => strip_stop(self.rng_pick(SUGGESTION_LEADS)),
                (Mode::Achievement, false) if roll < 30 => self.rng_pick(SEED_HEADINGS),
                (Mode::Achievement, false) if roll < 60 => self.rng_pick(ACHIEVEMENT_HEADINGS),
                (Mode::Achievement, true) if roll < 50 => strip_stop(self.rng_pick(&c.leads)),
                (Mode::Achievement, _) => strip_stop(self.rng_pick(t.leads)),
            };
            if !self.used_headings.contains(&h) {
                self.used_headings.push(h);
                return h;
            }
        }
        // Give up on uniqueness: a repeated heading is legal and tests anchor de-duplication.
        strip_stop(self.rng_pick(ACHIEVEMENT_HEADINGS))
    }

    /// Between paragraphs: now and then a table, a list, a blockquote or the code block.
    fn maybe_block(&mut self, mode: Mode) {
        let budget_topic = self.topics.iter().any(|t| t.name == "预算审查" || t.name == "营商环境");
        let roll = self.rng.below(1000);
        let table_p = if budget_topic { 120 } else { 40 };
        if roll < table_p && self.tables < 2 {
            self.table();
        } else if roll < table_p + 50 {
            self.ordered_list(mode);
        } else if roll < table_p + 100 {
            self.unordered_list();
        } else if roll < table_p + 130 {
            self.blockquote();
        } else if self.code_pending && roll < table_p + 230 {
            self.code_block();
        }
    }

    fn table(&mut self) {
        self.tables += 1;
        let budget = self.topics.iter().any(|t| t.name == "预算审查" || t.name == "营商环境")
            || !self.topics.iter().any(|t| t.name == "代表工作") && self.rng.pct(70);
        let y = self.year - 1;
        let r = &mut self.rng;
        let out = &mut *self.out;
        if budget {
            let (caption, rows) = *r.pick(BUDGET_TABLES);
            let _ = write!(out, "**表{}　{y}年{caption}（单位：万元）**\n\n", self.tables);
            out.push_str("| 项目 | 预算数 | 执行数 | 完成预算（%） | 同比增长（%） |\n");
            out.push_str("|:---|---:|---:|---:|---:|\n");
            // A "其中：" row is a share of the row above it; the others stand alone.
            let mut above = 0u64;
            for row in rows.iter() {
                let b = if row.starts_with("其中") {
                    above * r.range(45, 85) as u64 / 100
                } else {
                    r.range(20_000, 260_000) as u64
                };
                above = b;
                let e = b * r.range(820, 1_160) as u64 / 1_000;
                let g = r.range(0, 400) as i64 - 150;
                let _ =
                    writeln!(out, "| {row} | {b} | {e} | {} | {} |", permille(e * 1000 / b.max(1)), signed_tenths(g));
            }
        } else {
            let _ = write!(out, "**表{}　{y}年代表建议办理情况统计**\n\n", self.tables);
            out.push_str("| 类别 | 件数 | 已解决或基本解决 | 列入计划逐步解决 | 解决率（%） |\n");
            out.push_str("|:---|---:|---:|---:|---:|\n");
            let (mut tn, mut ts) = (0u64, 0u64);
            for row in SUGGESTION_ROWS {
                let n = r.range(2, 40) as u64;
                let s = n * r.range(40, 100) as u64 / 100;
                tn += n;
                ts += s;
                let _ = writeln!(out, "| {row} | {n} | {s} | {} | {} |", n - s, permille(s * 1000 / n));
            }
            let _ = writeln!(out, "| 合计 | {tn} | {ts} | {} | {} |", tn - ts, permille(ts * 1000 / tn));
        }
        if r.pct(50) {
            out.push_str("\n注：数据来源于县财政局、县统计局，部分数据为快报数。\n");
        }
        out.push('\n');
    }

    fn ordered_list(&mut self, mode: Mode) {
        let intro = *self.rng.pick(&["主要做法如下：", "重点抓好以下几个方面：", "具体情况如下：", "主要表现在："]);
        self.out.push_str(intro);
        self.out.push_str("\n\n");
        let n = self.rng.range(3, 5);
        for i in 1..=n {
            let _ = write!(self.out, "{i}. ");
            self.sentence(mode);
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn unordered_list(&mut self) {
        let c = self.c;
        self.out.push_str("其中：\n\n");
        let n = self.rng.range(3, 6);
        for i in 0..n {
            self.out.push_str("- ");
            let clause = self.rng_pick(&c.clauses);
            self.text(clause, true);
            self.out.push_str(if i + 1 == n { "。\n" } else { "；\n" });
        }
        self.out.push('\n');
    }

    fn blockquote(&mut self) {
        let c = self.c;
        self.out.push_str("> ");
        let q = self.rng_pick(QUOTES);
        self.text(q, false);
        if self.rng.pct(30) {
            self.out.push_str("\n>\n> ");
            let s = self.rng_pick(&c.sentences);
            self.text(s, false);
        }
        self.out.push_str("\n\n");
    }

    fn code_block(&mut self) {
        self.code_pending = false;
        let y = self.year;
        if self.rng.pct(50) {
            let _ = write!(
                self.out,
                "预算联网监督系统的预警规则配置如下：\n\n```yaml\n# 预算联网监督预警规则（{y}年）\n预警规则:\n  - 名称: 支出进度偏慢\n    条件: 执行进度低于序时进度{}个百分点\n    级别: 黄色\n  - 名称: 超预算支出\n    条件: 支出超过人大批准的预算\n    级别: 红色\n通知:\n  - 县人大常委会预算工作委员会\n  - 县财政局\n```\n\n",
                self.rng.range(5, 15)
            );
        } else {
            let _ = write!(
                self.out,
                "系统导出的监督数据摘要如下：\n\n```text\n江陵县人大常委会预算联网监督平台\n数据日期：{y}-06-30\n一般公共预算支出进度：{}.{}%\n预警事项：{} 条（已反馈 {} 条）\n```\n\n",
                self.rng.range(35, 60),
                self.rng.below(10),
                self.rng.range(5, 30),
                self.rng.range(1, 5)
            );
        }
    }

    fn footnote(&mut self) {
        self.footnote_budget -= 1;
        let n = self.footnotes.len() + 1;
        // Before the paragraph's final full stop reads best, but after it is what editors type.
        let _ = write!(self.out, "[^{n}]");
        let mut note = fill_years(self.rng_pick(FOOTNOTES), self.year);
        for _ in 0..4 {
            if !self.footnotes.contains(&note) {
                break;
            }
            note = fill_years(self.rng_pick(FOOTNOTES), self.year);
        }
        self.footnotes.push(note);
    }

    fn flush_footnotes(&mut self) {
        if self.footnotes.is_empty() {
            return;
        }
        self.out.push('\n');
        for (i, note) in self.footnotes.iter().enumerate() {
            let _ = writeln!(self.out, "[^{}]: {note}", i + 1);
        }
    }

    fn rng_pick<T: Copy>(&mut self, xs: &[T]) -> T {
        *self.rng.pick(xs)
    }

    /// Appends corpus text: `{n}` becomes the document year minus n, and (if `vary`) short
    /// ASCII numbers are redrawn so that repeated sentences carry different figures.
    fn text(&mut self, s: &str, vary: bool) {
        let bytes = s.as_bytes();
        let mut i = 0;
        let mut copied = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'{' && i + 2 < bytes.len() && bytes[i + 2] == b'}' {
                self.out.push_str(&s[copied..i]);
                let _ = write!(self.out, "{}", self.year - i32::from(bytes[i + 1] - b'0'));
                i += 3;
                copied = i;
            } else if vary && b.is_ascii_digit() {
                let mut j = i;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                if j - i <= 2 && self.rng.pct(60) {
                    self.out.push_str(&s[copied..i]);
                    let v = if j - i == 1 { self.rng.range(1, 9) } else { self.rng.range(10, 99) };
                    let _ = write!(self.out, "{v}");
                    copied = j;
                }
                i = j;
            } else {
                i += 1;
            }
        }
        self.out.push_str(&s[copied..]);
    }
}

fn fill_years(s: &str, year: i32) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        let b = rest.as_bytes();
        if i + 2 < b.len() && b[i + 2] == b'}' {
            out.push_str(&rest[..i]);
            let _ = write!(out, "{}", year - i32::from(b[i + 1] - b'0'));
            rest = &rest[i + 3..];
        } else {
            out.push_str(&rest[..=i]);
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    out
}

fn strip_stop(s: &'static str) -> &'static str {
    s.trim_end_matches(['。', '！'])
}

/// 1023 → "102.3"
fn permille(v: u64) -> String {
    format!("{}.{}", v / 10, v % 10)
}

/// -37 → "-3.7", 52 → "5.2"
fn signed_tenths(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    format!("{sign}{}.{}", v.abs() / 10, v.abs() % 10)
}

// ---------------------------------------------------------------------------------------------
// Text sources
// ---------------------------------------------------------------------------------------------

struct Topic {
    name: &'static str,
    /// The standing committee's working body for this field (front matter `author`).
    committee: &'static str,
    /// Title subjects: "关于{subject}工作情况的报告".
    subjects: &'static [&'static str],
    laws: &'static [&'static str],
    leads: &'static [&'static str],
    facts: &'static [&'static str],
    problems: &'static [&'static str],
}

const TOPICS: &[Topic] = &[
    Topic {
        name: "生态环保",
        committee: "县人大常委会城乡建设环境保护工作委员会",
        subjects: &[
            "长江大保护",
            "河湖长制落实",
            "大气污染防治",
            "农村人居环境整治",
            "{1}年度环境状况和环境保护目标完成",
            "秸秆禁烧和综合利用",
        ],
        laws: &[
            "《中华人民共和国长江保护法》",
            "《中华人民共和国湿地保护法》",
            "《湖北省湖泊保护条例》",
            "《中华人民共和国固体废物污染环境防治法》",
        ],
        leads: &[
            "生态环境质量持续改善。",
            "河湖长制全面落实。",
            "污染防治攻坚战纵深推进。",
            "绿色低碳转型步伐加快。",
            "长江大保护成效明显。",
        ],
        facts: &[
            "全县空气质量优良天数比例达到85%以上，细颗粒物平均浓度持续下降，国控断面水质稳定达到Ⅲ类标准。",
            "持续推进长江岸线整治和生态修复，完成沿江码头整治和复绿工作，长江干流江陵段水质保持稳定。",
            "全面落实县乡村三级河湖长制，开展河湖“清四乱”专项行动，清理违法占用岸线、非法采砂等问题。",
            "加快推进城乡生活垃圾分类和资源化利用，建成乡镇垃圾中转站，农村生活垃圾无害化处理率稳步提升。",
            "严格落实秸秆禁烧责任，推广秸秆还田、离田和综合利用，秸秆综合利用率达到较高水平。",
            "推进畜禽养殖污染治理，规模养殖场粪污处理设施装备配套率达到100%。",
            "加强饮用水水源地保护，完成水源地规范化建设，定期开展水质监测并向社会公开。",
            "建立生态环境损害赔偿制度，推动生态环境保护综合行政执法改革落地见效。",
            "深入践行“绿水青山就是金山银山”理念，统筹山水林田湖草沙系统治理。",
        ],
        problems: &[
            "部分乡镇污水处理设施运行不正常，管网配套不完善，雨污分流改造任务依然较重。",
            "农业面源污染治理难度较大，化肥农药减量增效工作有待持续推进。",
            "环境监管执法力量不足，基层环保监管存在“最后一公里”问题。",
        ],
    },
    Topic {
        name: "预算审查",
        committee: "县人大常委会预算工作委员会",
        subjects: &[
            "{1}年度县级财政决算",
            "政府债务管理",
            "国有资产管理",
            "审计查出问题整改",
            "{0}年上半年预算执行",
            "预算联网监督",
        ],
        laws: &["《中华人民共和国预算法》", "《中华人民共和国审计法》", "《湖北省预算审查监督条例》"],
        leads: &[
            "预算审查监督全面加强。",
            "政府债务管理更加规范。",
            "国有资产管理情况报告制度深入落实。",
            "审计整改监督持续强化。",
            "财政运行总体平稳。",
        ],
        facts: &[
            "全县一般公共预算收入完成年度预算的102.3%，其中税收收入占比稳步提高，财政收入质量进一步改善。",
            "坚持政府过紧日子，严控一般性支出，“三公”经费较上年下降8.6%，节约资金全部用于保障重点民生支出。",
            "建立健全政府债务限额管理和预算管理制度，严格控制新增隐性债务，稳妥化解存量债务。",
            "推进预算绩效管理全覆盖，将绩效评价结果作为安排预算、调整政策、改进管理的重要依据。",
            "进一步完善预算联网监督系统功能，实现对预算执行情况的实时在线监督和预警分析。",
            "加强国有资产基础管理，摸清行政事业单位资产底数，盘活闲置低效资产。",
            "对审计查出问题实行清单化管理，逐项明确整改责任单位、整改措施和完成时限。",
            "严格执行人大批准的预算，未经法定程序不得随意调整预算。",
            "{1}年全县一般公共预算支出中，民生支出占比达到78.5%，教育、卫生健康、社会保障等重点支出得到有力保障。",
        ],
        problems: &[
            "部分项目预算编制不够细化，年初预算代编比例偏高，预算执行进度前慢后快的问题仍然存在。",
            "财政收支矛盾依然突出，刚性支出持续增加，“三保”支出压力较大。",
            "部分单位预算绩效管理意识不强，绩效目标设置不够科学，评价结果运用不够充分。",
        ],
    },
    Topic {
        name: "代表工作",
        committee: "县人大常委会代表工作委员会",
        subjects: &[
            "代表建议办理",
            "人大代表之家和代表联络站建设",
            "代表履职能力建设",
            "民生实事项目人大代表票决制",
            "代表联系群众",
        ],
        laws: &[
            "《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》",
            "《湖北省实施〈中华人民共和国代表法〉办法》",
        ],
        leads: &[
            "代表主体作用充分发挥。",
            "代表建议办理质效明显提升。",
            "代表履职平台更加完善。",
            "代表联系群众更加紧密。",
        ],
        facts: &[
            "本次会议以来，代表共提出建议45件，已全部办结并答复代表，代表满意和基本满意率达到100%。",
            "坚持把代表建议办理作为联系群众的重要桥梁，建立健全交办、督办、办理、反馈全流程闭环机制。",
            "依托人大代表之家和代表联络站，定期开展代表接待选民活动，收集群众意见建议并及时转交有关部门办理。",
            "组织代表开展专题视察和调研活动，丰富代表闭会期间活动内容，拓宽代表知情知政渠道。",
            "健全代表履职档案，实行代表履职积分管理，定期向选民报告履职情况，接受选民监督。",
            "推动代表建议办理由“答复型”向“落实型”转变，切实做到件件有着落、事事有回音。",
            "加强代表履职培训，采取集中授课、专题研讨、现场教学等方式，提升代表依法履职能力。",
        ],
        problems: &[
            "部分代表建议内容较为笼统，针对性和可操作性不强，个别承办单位存在重答复轻落实的现象。",
            "少数代表履职意识不强，闭会期间参加活动不够经常，联系选民不够紧密。",
        ],
    },
    Topic {
        name: "法治建设",
        committee: "县人大常委会法制工作委员会",
        subjects: &[
            "法治政府建设",
            "“八五”普法中期评估",
            "规范性文件备案审查",
            "县人民法院执行工作",
            "县人民检察院公益诉讼工作",
            "行政复议和行政应诉",
        ],
        laws: &["《中华人民共和国行政处罚法》", "《中华人民共和国行政复议法》", "《中华人民共和国法律援助法》"],
        leads: &["法治政府建设扎实推进。", "备案审查工作更加规范。", "司法公信力持续提升。", "普法宣传深入人心。"],
        facts: &[
            "全面推行行政执法公示、执法全过程记录、重大执法决定法制审核“三项制度”，规范行政执法行为。",
            "认真落实备案审查工作报告制度，对报送备案的规范性文件做到有件必备、有备必审、有错必纠。",
            "深入推进“八五”普法，围绕宪法、民法典等重点法律法规开展集中宣传，全社会法治意识明显增强。",
            "县人民法院深入推进执行攻坚，有效破解“执行难”问题，执行到位金额同比增长12.5%。",
            "县人民检察院围绕生态环境、食品药品安全等领域开展公益诉讼，办理公益诉讼案件23件。",
            "加强行政复议规范化建设，发挥行政复议化解行政争议主渠道作用。",
            "健全公共法律服务体系，实现县乡村三级公共法律服务实体平台全覆盖。",
        ],
        problems: &[
            "部分执法人员法治意识不强，执法不规范、不文明现象时有发生，行政执法与刑事司法衔接机制有待完善。",
            "普法宣传形式较为单一，针对性和实效性不强，农村群众法律意识有待提高。",
        ],
    },
    Topic {
        name: "民生保障",
        committee: "县人大常委会社会建设工作委员会",
        subjects: &[
            "基本养老服务体系建设",
            "稳就业促发展",
            "城乡居民医疗保障",
            "住房公积金管理使用",
            "社会救助",
            "残疾人保障",
        ],
        laws: &["《中华人民共和国社会保险法》", "《中华人民共和国老年人权益保障法》", "《中华人民共和国就业促进法》"],
        leads: &["民生保障水平稳步提高。", "就业形势总体稳定。", "养老服务体系不断完善。", "社会救助兜底有力。"],
        facts: &[
            "全县城镇新增就业2360人，城镇调查失业率控制在5.5%以内，零就业家庭实现动态清零。",
            "城乡居民基本养老保险参保率稳定在95%以上，基础养老金标准逐年提高。",
            "建成乡镇区域性养老服务中心和农村互助养老服务点，居家和社区养老服务网络基本形成。",
            "落实城乡低保、特困供养、临时救助等政策，做到应保尽保、应救尽救。",
            "开展职业技能提升行动，围绕市场需求开设电工、焊工、育婴师等培训项目。",
            "推进医保支付方式改革，扩大异地就医直接结算覆盖范围，群众就医报销更加便捷。",
            "加强住房公积金归集管理，扩大制度覆盖面，支持职工合理住房消费。",
        ],
        problems: &[
            "养老服务专业人才短缺，护理人员年龄偏大、流动性强，服务质量有待提高。",
            "灵活就业人员参保意愿不强，社会保险扩面征缴难度较大。",
        ],
    },
    Topic {
        name: "乡村振兴",
        committee: "县人大常委会农业与农村工作委员会",
        subjects: &[
            "巩固拓展脱贫攻坚成果",
            "高标准农田建设",
            "农村集体经济发展",
            "优质粮食工程",
            "农民专业合作社发展",
            "和美乡村建设",
        ],
        laws: &[
            "《中华人民共和国乡村振兴促进法》",
            "《中华人民共和国农民专业合作社法》",
            "《中华人民共和国农产品质量安全法》",
        ],
        leads: &["乡村产业加快发展。", "粮食安全责任有效落实。", "农村集体经济不断壮大。", "脱贫攻坚成果持续巩固。"],
        facts: &[
            "全县粮食播种面积稳定在80万亩以上，粮食总产量连续多年保持稳定，牢牢守住粮食安全底线。",
            "新建高标准农田5.2万亩，配套完善沟渠路涵等基础设施，农业综合生产能力显著提升。",
            "健全防止返贫动态监测和帮扶机制，对监测对象及时落实帮扶措施，守住不发生规模性返贫底线。",
            "培育壮大稻虾共作、特色蔬菜等主导产业，打造区域公用品牌，农产品附加值不断提高。",
            "持续推进农村人居环境整治，实施村庄清洁行动，改善农村“厕所、垃圾、污水”面貌。",
            "深化农村土地制度改革，规范土地经营权流转，发展多种形式适度规模经营。",
        ],
        problems: &[
            "部分村集体经济收入来源单一，主要依靠资产租赁和上级补助，自我发展能力不强。",
            "农村青壮年劳动力外出务工较多，农业经营主体老龄化问题日益突出。",
        ],
    },
    Topic {
        name: "营商环境",
        committee: "县人大常委会财政经济工作委员会",
        subjects: &["优化营商环境", "开发区建设", "招商引资和项目建设", "民营经济发展", "政务服务改革"],
        laws: &["《优化营商环境条例》", "《湖北省开发区条例》", "《中华人民共和国中小企业促进法》"],
        leads: &["营商环境持续优化。", "政务服务效能明显提升。", "市场主体活力不断激发。", "项目建设提速增效。"],
        facts: &[
            "深化“放管服”改革，推行“一网通办”“一窗通办”“一事联办”，企业开办时间压缩至1个工作日以内。",
            "常态化开展“十问十帮”活动，建立企业诉求快速响应机制，帮助企业解决融资、用工、用地等难题。",
            "全县新增市场主体3800户，其中企业890户，市场主体总量突破3万户。",
            "落实减税降费政策，全年为市场主体减免税费1.2亿元，有效减轻了企业负担。",
            "加强园区基础设施建设，完善水电路气讯等配套，提升园区承载能力和产业集聚水平。",
            "建立重点项目推进工作专班，实行项目清单化、责任化管理，推动项目早开工、早投产、早见效。",
            "依法平等保护各类市场主体产权和合法权益，营造公平竞争的市场环境。",
        ],
        problems: &[
            "部分部门服务意识不强，涉企检查频次偏多，政策兑现不够及时，企业获得感有待增强。",
            "园区产业链条不长，龙头企业带动作用不强，要素保障存在短板。",
        ],
    },
    Topic {
        name: "教育卫生",
        committee: "县人大常委会教育科学文化卫生工作委员会",
        subjects: &[
            "县域教联体建设",
            "义务教育优质均衡发展",
            "医共体建设",
            "公共卫生体系补短板",
            "职业教育发展",
            "中医药事业发展",
        ],
        laws: &[
            "《中华人民共和国义务教育法》",
            "《中华人民共和国基本医疗卫生与健康促进法》",
            "《中华人民共和国中医药法》",
        ],
        leads: &[
            "教育事业均衡发展。",
            "医疗卫生服务能力持续提升。",
            "公共卫生体系不断健全。",
            "教师队伍建设得到加强。",
        ],
        facts: &[
            "推进义务教育优质均衡发展，新建改扩建中小学校舍，城区学校“大班额”问题基本消除。",
            "组建县域教联体，推动城乡学校结对共建、资源共享，农村学校办学水平明显提高。",
            "深化紧密型县域医共体建设，推动优质医疗资源下沉，基层首诊、双向转诊格局初步形成。",
            "完善疾病预防控制体系，加强传染病监测预警和应急处置能力建设。",
            "县中医医院综合服务能力不断增强，中医药服务覆盖所有乡镇卫生院和社区卫生服务中心。",
            "实施家庭医生签约服务，重点人群签约服务覆盖率达到75%以上。",
        ],
        problems: &[
            "乡村教师队伍结构性缺员问题依然存在，音体美等学科专任教师不足。",
            "基层医疗卫生机构人才引不进、留不住，部分村卫生室服务能力较弱。",
        ],
    },
    Topic {
        name: "城市建设",
        committee: "县人大常委会城乡建设环境保护工作委员会",
        subjects: &[
            "国土空间总体规划编制",
            "城区老旧小区改造",
            "全域公交县创建",
            "城市管理和执法",
            "保障性住房建设",
            "智慧城市建设",
        ],
        laws: &["《中华人民共和国城乡规划法》", "《中华人民共和国土地管理法》", "《湖北省城市市容和环境卫生管理条例》"],
        leads: &[
            "城市功能品质不断提升。",
            "城乡规划管理更加规范。",
            "老旧小区改造有序推进。",
            "城乡公共交通更加便利。",
        ],
        facts: &[
            "坚持规划引领，统筹生产、生活、生态空间布局，严守耕地保护红线、生态保护红线和城镇开发边界。",
            "完成城区老旧小区改造12个，惠及居民2100余户，小区水电气路等基础设施明显改善。",
            "开通城乡公交线路，实现行政村通公交全覆盖，群众出行更加便捷。",
            "加强城市精细化管理，整治占道经营、乱搭乱建等突出问题，市容市貌明显改观。",
            "推进智慧城市建设，建成城市运行管理服务平台，提升城市治理智能化水平。",
            "加快保障性租赁住房建设，着力解决新市民、青年人等群体住房困难。",
        ],
        problems: &[
            "部分城区道路、排水等基础设施建设滞后，城市内涝隐患依然存在。",
            "规划执行刚性约束不强，个别项目存在未批先建、批建不符等问题。",
        ],
    },
    Topic {
        name: "安全生产",
        committee: "县人大常委会社会建设工作委员会",
        subjects: &["安全生产工作", "道路交通安全", "消防安全", "食品安全", "危险化学品安全监管", "防汛抗旱"],
        laws: &[
            "《中华人民共和国安全生产法》",
            "《中华人民共和国消防法》",
            "《中华人民共和国道路交通安全法》",
            "《中华人民共和国食品安全法》",
        ],
        leads: &[
            "安全生产形势总体平稳。",
            "安全生产责任体系不断健全。",
            "隐患排查整治扎实开展。",
            "应急救援能力持续增强。",
        ],
        facts: &[
            "严格落实“党政同责、一岗双责、齐抓共管、失职追责”要求，层层压实安全生产责任。",
            "深入开展安全生产专项整治三年行动，排查整改各类安全隐患1200余处。",
            "全县生产安全事故起数和死亡人数实现“双下降”，未发生较大以上生产安全事故。",
            "加强危险化学品全链条安全监管，对化工园区重点企业实行安全风险分级管控。",
            "健全防汛抗旱指挥体系，完善应急预案，加强应急物资储备和抢险队伍建设。",
            "落实食品安全“四个最严”要求，推进省级食品安全县创建工作。",
        ],
        problems: &[
            "部分企业主体责任落实不到位，安全投入不足，从业人员安全意识和技能有待提高。",
            "基层安全监管力量薄弱，专业执法人员不足，监管能力与工作任务不相适应。",
        ],
    },
    Topic {
        name: "文化旅游",
        committee: "县人大常委会教育科学文化卫生工作委员会",
        subjects: &["全域旅游发展", "公共文化服务体系建设", "文物保护利用", "非物质文化遗产保护", "文商旅体融合发展"],
        laws: &["《中华人民共和国文物保护法》", "《中华人民共和国公共文化服务保障法》", "《中华人民共和国旅游法》"],
        leads: &[
            "公共文化服务更加完善。",
            "文旅融合发展态势良好。",
            "文物保护工作扎实有效。",
            "旅游品牌影响力不断扩大。",
        ],
        facts: &[
            "建成县图书馆、文化馆总分馆体系，实现乡镇综合文化站和村级综合性文化服务中心全覆盖。",
            "深入挖掘地方历史文化资源，推进仙鹤楼等文物保护单位修缮和活化利用。",
            "全年接待游客156万人次，实现旅游综合收入11.8亿元，同比分别增长15.2%和18.6%。",
            "加强非物质文化遗产保护传承，建立代表性传承人档案，开展非遗进校园、进社区活动。",
            "推进“文商旅体”一体化融合发展，打造精品旅游线路，培育乡村旅游示范点。",
            "持续开展送戏下乡、全民阅读等文化惠民活动，丰富群众精神文化生活。",
        ],
        problems: &[
            "旅游产品同质化现象较为突出，景区基础设施和配套服务不够完善，游客停留时间较短。",
            "部分基层文化设施利用率不高，文化活动内容单一，群众参与积极性有待提高。",
        ],
    },
    Topic {
        name: "社会治理",
        committee: "县人大常委会监察和司法工作委员会",
        subjects: &["信访工作", "基层社会治理", "平安江陵建设", "社区治理和服务", "矛盾纠纷多元化解", "宗教事务管理"],
        laws: &["《信访工作条例》", "《中华人民共和国人民调解法》", "《宗教事务条例》"],
        leads: &["基层治理体系不断完善。", "平安建设深入推进。", "矛盾纠纷化解成效明显。", "信访秩序持续好转。"],
        facts: &[
            "坚持和发展新时代“枫桥经验”，健全县乡村三级矛盾纠纷排查调处机制，做到小事不出村、大事不出镇。",
            "推进网格化管理，全县划分综合网格860个，配备专兼职网格员，实现基层治理全覆盖。",
            "扎实开展信访积案化解攻坚，县级领导包案化解重点信访事项，信访总量持续下降。",
            "深入推进扫黑除恶常态化，依法严厉打击电信网络诈骗等违法犯罪活动，群众安全感持续提升。",
            "深化“共同缔造”活动，引导群众参与社区治理，形成共建共治共享的社会治理格局。",
            "健全人民调解、行政调解、司法调解联动工作体系，推动矛盾纠纷多元化解。",
        ],
        problems: &[
            "部分村（社区）承担事务较多，基层工作人员负担较重，治理能力和服务水平有待提升。",
            "社会组织发育不充分，参与社会治理的渠道和方式有待拓展。",
        ],
    },
];

const SPEAKERS: &[&str] = &[
    "汪新华",
    "李明远",
    "张建国",
    "王秀兰",
    "刘志强",
    "陈晓燕",
    "杨立新",
    "赵德华",
    "黄海波",
    "周建平",
    "吴春梅",
    "徐国庆",
    "孙丽华",
    "马文斌",
    "朱永红",
    "胡振宇",
];

const GOV_OFFICES: &[&str] = &[
    "县人民政府副县长",
    "县人民政府县长",
    "县财政局局长",
    "县生态环境分局局长",
    "县教育局局长",
    "县卫生健康局局长",
    "县人力资源和社会保障局局长",
    "县农业农村局局长",
];

const CONGRESS_OFFICES: &[&str] = &[
    "县人大常委会副主任",
    "县人大常委会秘书长",
    "县人大常委会执法检查组组长",
    "县人大常委会调研组组长",
    "县人大财政经济委员会主任委员",
    "县人大常委会预算工作委员会主任",
];

const TOWNS: &[&str] =
    &["郝穴镇", "熊河镇", "白马寺镇", "沙岗镇", "普济镇", "资市镇", "马家寨乡", "秦市乡", "滩桥镇", "三湖管理区"];

const NEWS_OPENERS: &[&str] =
    &["据县人大常委会办公室消息", "记者从县人大常委会获悉", "在县委的坚强领导下", "按照年度工作安排"];

const NEWS_CLOSER: &str = "（县人大常委会办公室供稿）";

const CLOSERS: &[&str] = &[
    "县人大常委会将持续跟踪监督有关工作的推进落实情况，推动各项措施落地见效。\n",
    "以上报告，请予审议。\n",
    "我们将认真落实县人大常委会的审议意见，以更加务实的作风推动各项工作取得新成效。\n",
    "同志们！让我们在县委的坚强领导下，守正创新、踔厉奋发，为奋力谱写中国式现代化江陵篇章作出新的更大贡献！\n",
];

const SEED_HEADINGS: &[&str] = &[
    "始终用习近平新时代中国特色社会主义思想统揽人大工作，坚持党对人大工作的全面领导",
    "始终聚焦全县高质量发展，坚持正确有效依法监督",
    "始终支持和保障代表依法履职，坚持人大代表的主体地位",
    "始终聚焦“四个机关”建设，坚持守正创新推动人大工作全面提质增效",
];

const SEED_TASK_HEADINGS: &[&str] = &[
    "坚持党的全面领导，在服务中心大局上展现新作为",
    "坚持依法履职，在增强监督实效上取得新进展",
    "坚持主体地位，在发挥代表作用上彰显新活力",
    "坚持不断创新，在强化自身建设上迈出新步伐",
];

const ACHIEVEMENT_HEADINGS: &[&str] = &[
    "坚持高位推动，工作机制不断健全",
    "坚持问题导向，重点任务扎实推进",
    "坚持依法行政，制度建设日趋完善",
    "坚持统筹兼顾，综合效益逐步显现",
    "坚持以人民为中心，群众满意度不断提升",
    "坚持改革创新，发展活力持续增强",
    "坚持系统治理，基础保障更加有力",
];

const PROBLEM_INTROS: &[&str] = &[
    "在肯定成绩的同时，我们也清醒地看到，工作中还存在一些问题和不足，主要表现在：",
    "通过检查，检查组也发现，法律实施中还存在一些薄弱环节：",
    "调研中也发现，当前工作还面临一些困难和问题：",
];

const PROBLEM_HEADINGS: &[&str] = &[
    "思想认识有待进一步提高",
    "工作机制有待进一步健全",
    "保障能力有待进一步增强",
    "执法监管有待进一步加强",
    "宣传普及有待进一步深入",
    "发展不平衡的问题仍然突出",
];

const PROBLEMS: &[&str] = &[
    "监督工作的刚性有待进一步增强，跟踪问效还不够到位。",
    "部门之间协调配合不够紧密，工作合力尚未充分形成。",
    "工作推进不够平衡，个别乡镇和部门重视程度不够，措施落实不到位。",
    "资金投入相对不足，基础设施短板较为明显。",
    "专业人才队伍建设滞后，基层力量较为薄弱。",
    "宣传引导不够深入，群众知晓率和参与度有待提高。",
    "相关配套制度不够健全，部分政策措施落地见效不够快。",
    "信息化建设相对滞后，数据共享和业务协同水平不高。",
];

const SUGGESTION_LEADS: &[&str] = &[
    "进一步提高思想认识。",
    "进一步压实工作责任。",
    "进一步加大资金投入。",
    "进一步健全工作机制。",
    "进一步加强队伍建设。",
    "进一步强化宣传引导。",
    "进一步加强监督检查。",
    "进一步深化改革创新。",
];

const SUGGESTIONS: &[&str] = &[
    "要坚持问题导向，对照审议中指出的问题逐项制定整改措施，明确责任单位和完成时限。",
    "要加强统筹协调，建立部门联动机制，形成上下贯通、协同推进的工作格局。",
    "要积极争取上级政策和资金支持，统筹整合各类资金，提高资金使用效益。",
    "要加大专业人才引进和培养力度，充实基层工作力量，提升履职能力。",
    "要创新宣传方式，利用新媒体平台广泛宣传相关法律法规和政策，营造全社会共同参与的良好氛围。",
    "要严格落实目标责任考核，将考核结果作为评价工作实绩的重要依据。",
    "要健全完善配套制度，及时清理与上位法不一致的规范性文件。",
    "要强化跟踪问效，定期听取工作进展情况汇报，确保各项措施落到实处。",
];

/// Sentences with English words and acronyms; their figures are kept as written.
const ENGLISH: &[&str] = &[
    "全县实现地区生产总值（GDP）186.5亿元，按可比价格计算同比增长6.8%。",
    "规范推进政府和社会资本合作（PPP）项目管理，坚决遏制新增地方政府隐性债务。",
    "加快5G基站和千兆光网建设，实现乡镇以上区域5G网络全覆盖。",
    "居民消费价格指数（CPI）涨幅控制在3%以内，物价总体保持平稳。",
    "开发人大代表履职APP，实现代表建议网上提交、网上交办、网上答复。",
    "推进政务服务“一网通办”，高频事项实现“掌上办”“指尖办”，政务服务APP注册用户突破12万人。",
    "引导企业开展ISO 9001质量管理体系认证，提升产品质量和品牌竞争力。",
    "依托大数据和AI技术，建设城市运行管理“一网统管”平台。",
    "规模以上工业增加值增长8.2%，企业研发（R&D）经费投入强度达到2.1%。",
    "在城区主要公共场所提供免费Wi-Fi服务，推进智慧景区建设。",
];

const QUOTES: &[&str] = &[
    "人民代表大会制度是坚持党的领导、人民当家作主、依法治国有机统一的根本政治制度安排，必须长期坚持、不断完善。",
    "绿水青山就是金山银山。",
    "全过程人民民主是社会主义民主政治的本质属性，是最广泛、最真实、最管用的民主。",
    "江山就是人民，人民就是江山。",
    "奋楫扬帆风正劲，勇立潮头逐浪高。",
    "法律的生命力在于实施，法律的权威也在于实施。",
];

const FOOTNOTES: &[&str] = &[
    "数据来源：《江陵县{1}年国民经济和社会发展统计公报》。",
    "根据县财政局提供的数据整理，下同。",
    "“一府一委两院”指县人民政府、县监察委员会、县人民法院、县人民检察院。",
    "“四个机关”指政治机关、国家权力机关、工作机关、代表机关。",
    "“两个确立”指确立习近平同志党中央的核心、全党的核心地位，确立习近平新时代中国特色社会主义思想的指导地位。",
    "截至{0}年6月底的统计数据，部分为快报数。",
];

const BUDGET_TABLES: &[(&str, &[&str])] = &[
    (
        "县级一般公共预算收支执行情况",
        &["一般公共预算收入", "其中：税收收入", "非税收入", "一般公共预算支出", "其中：民生支出"],
    ),
    ("县级政府性基金预算执行情况", &["政府性基金收入", "国有土地使用权出让收入", "政府性基金支出", "专项债券安排支出"]),
    (
        "县级国有资本经营和社会保险基金预算执行情况",
        &["国有资本经营收入", "国有资本经营支出", "社会保险基金收入", "社会保险基金支出"],
    ),
];

const SUGGESTION_ROWS: &[&str] = &["工业经济", "农业农村", "城乡建设", "教科文卫", "社会事业", "其他"];

/// The seed report's body paragraphs (seeds/000_3ac5a5c451188a47.txt, the user's own sample,
/// see SPEC.md), with "2024年" → "{0}年", "2023年" → "{1}年", "2022年" → "{2}年".
const SEED_TEXT: &str = r#"
{1}年，是全面贯彻落实党的二十大精神的开局之年，是实施“十四五”规划承上启下之年。一年来，县人大常委会坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，积极践行习近平总书记关于坚持和完善人民代表大会制度的重要思想，深化落实中央和省委、市委人大工作会议精神，在县委坚强领导下，踔厉奋发、依法履职，较好地完成了年度各项目标任务。一年来，先后召开常委会会议6次、主任会议8次，听取审议“一府一委两院”专项工作报告13项，开展视察、专题调研19次，检查6部法律法规实施情况，发出审议意见15期，工作简报11期，为促进全县绿色低碳高质量发展和推进全过程人民民主建设作出了积极贡献。
扎实开展学习贯彻习近平新时代中国特色社会主义思想主题教育。按照党中央决策部署和省委、市委、县委工作安排，牢牢把握“学思想、强党性、重实践、建新功”总要求，坚持学习教育、调查研究、推动发展、检视整改有机融合、一体推进，高标准开展第二批主题教育。坚持思想引领，先后举办为期7天的主题教育读书班和3次专题研讨，常委会领导班子成员带头开展学习交流、讲授专题党课，以理论学习筑牢思想根基。发挥人大调查研究优势，结合县委重点课题和人大重点工作，围绕“全域公交县创建、智慧江陵建设、共享农庄建设、人大代表活动阵地规范化建设”等课题开展调查研究，推动解决了18个制约高质量发展的问题。大力弘扬“四下基层”优良传统，深入开展“下基层、察民情、解民忧、暖民心”活动，常委会领导领办解决了8件民生实事。坚持刀刃向内，把检视问题整改落实作为加强和改进人大工作的重要抓手，重点围绕人大监督、代表作用发挥等方面存在的问题，制定检视问题清单7个，全部整改落实到位，以主题教育实实在在的成效推动了人大工作高质量发展。
始终坚持党的全面领导。县人大常委会始终把坚持党的全面领导作为最高政治原则，县委高度重视人大工作，县委主要领导亲自参加代表行动活动、督办代表重点建议办理等重点工作。严格执行请示报告制度，定期向县委报告人大工作情况，县人大常委会会议议题报请县委批准、审议情况第一时间向县委报告，代表行动等重大活动及时争取县委支持，紧紧围绕县委确定的年度重点任务科学制定监督工作计划，自觉将人大工作置于县委领导之下。坚持党管干部原则，依法做好人事任免工作，严格执行任前法律知识考试、拟任职发言和宪法宣誓等制度，确保县委推荐的干部人选通过法定程序成为国家机关领导人员，全年任免地方国家机关工作人员36人次，补选党政提名的市、县人大代表10名。紧扣全县改革发展中的重大问题依法讨论决定重大事项，先后讨论同意了《江陵县国土空间总体规划（2021—2035年）》《江陵县流域综合治理和统筹发展规划（草案）》，审议批准了{2}年县级财政决算、{1}年县级预算调整方案，努力将县委主张通过法定程序转化为全县人民的共同意志。自觉做到县委工作重心在哪里，人大工作就跟进到哪里，力量就汇聚到哪里，作用就发挥到哪里。坚持人民群众主体地位，切实保障和落实广大群众在参与县域治理中的知情权、选择权、参与权、监督权，把代表审议、代表监督、代表参与司法工作不断抓实抓细。
认真履行党组政治责任。县人大常委会党组突出把方向、管大局、保落实的政治功能。把旗帜鲜明讲政治摆在人大工作首位，深入学习贯彻党的二十大精神，深刻领悟“两个确立”的决定性意义，树牢“四个意识”、坚定“四个自信”、做到“两个维护”，不断筑牢政治忠诚。把加强理论学习作为提高履职能力的重要抓手，坚持“第一议题”，党组会议、主任会议、常委会会议将习近平总书记重要讲话和指示批示精神作为首要议题，开展常委会党组理论学习中心组集中学习9次，不断提高运用党的创新理论指导实践、破解难题、推动工作的能力。把服务中心大局作为履职尽责的重心，常委会班子成员全年带队外出招商考察24次91天，到基层联系点指导督办优质粮食工程、安全生产、秸秆禁烧等工作，领办化解信访积案10件。定期开展河湖巡查，守护清水绿岸。落实食品安全责任，助力省级食品安全县创建。常态化开展“十问十帮”，为企业纾困解难。
奋力谱写绿色高质量发展“人大篇章”。听取审议了全县“十四五”规划纲要实施中期评估情况报告，提出优化经济社会发展指标、加快“四大主导”产业发展、落实“四大片区”建设规划、持续改善公共服务和民生事项等建议。专题视察县流域综合治理和统筹发展工作情况，推进四湖流域西干渠江陵段水系连通及生态修复工程、石子渊湖泊生态修复综合治理工程项目建设、沙岗镇五岔河小流域综合治理试点工作。组织开展国土空间总体规划编制情况专题调研，提出优化城市和产业发展空间布局、统筹城乡融合发展和乡村振兴等建议，对国土空间保护、开发、利用和修复等专项规划进行跟踪监督，确保一张蓝图绘到底，为江陵高质量发展提供高品质空间保障。对《湖北省开发区条例》贯彻情况开展执法检查，推动营商环境持续优化，促进园区产业融合发展。认真贯彻落实习近平总书记生态文明思想和关于长江大保护的重要指示批示精神，依法听取审议了{2}年度全县环境状况和环境保护目标完成情况及长江大保护工作情况等报告，开展了《中华人民共和国湿地保护法》《湖北省湖泊保护条例》《湖北省河湖长制工作规定》贯彻实施情况执法检查，持续巩固生态环境治理和保护成果，用法治力量守护一江碧水东流。
聚力管好人民群众的“钱袋子”。认真贯彻落实预算法及中办《关于加强人大对政府债务审查监督的意见》要求，首次听取审议了政府债务情况报告，督促政府规范债务管理，全力化解存量，控制增量，推动建立健全政府债务管理情况和风险评估报告制度。密切关注宏观经济运行，听取审议了{1}年上半年国民经济和社会发展计划执行情况等报告，支持政府落实促消费政策，优化投资结构，统筹发展与安全。持续深化人大预决算审查工作，发挥预算联网监督平台和预算审查专家组在预算审查监督工作中的支撑作用，加强全口径审查和全过程监管，推动部门科学、细化编制预算，严格预算执行，提高财政资金支出绩效，提升政府预算管理的科学化、规范化、精细化水平。加强国有资产监督，重点听取审议了金融企业国有资产管理情况专项报告，支持深化国有金融企业改革，提高国有金融资本监管质量和水平，实现国有金融资本保值增值，更好地服务实体经济。加强审计监督，听取审议了审计工作报告、审计查出问题整改情况报告，将审计查出“问题清单”与“整改清单”对接，对审计整改情况进行跟踪监督、动态管理，推动形成人大监督、政府督办、纪检监察跟进、审计部门主动作为的联动整改督办机制，从源头上堵塞漏洞，从根本上解决屡审屡犯问题。
协力书写民生“幸福答卷”。县人大常委会深入贯彻以人民为中心的发展思想，坚持以人为本、民生优先，以养老、医疗、教育、就业、文化建设等民生问题作为人大监督工作的切入点，不断满足人民群众对美好生活的需要。组织开展基本养老服务体系建设情况专题调研，支持构建完善兜底型、普惠型、多样化的养老服务体系，推进“医康护养”一体化服务，加强居家养老服务设施建设。组织开展县域教联体建设情况专题调研，推进教联体扩优提质，加快义务教育优质均衡发展和城乡一体化。组织对全县公共卫生体系补短板项目建设情况进行调查，推动县中医医院等项目建设顺利完成，支持进一步完善公共卫生基础设施和服务队伍建设。组织开展全县医共体建设情况专题调研，推动建立“1+9+3+N”县乡村三级紧密型医共体格局，居民就医感受和服务质量得到有效改善。视察了全县住房公积金管理使用情况，促进本地房地产市场平稳健康发展。听取审议了全县稳就业促发展工作情况报告，推进职业技能培训与市场主体精准对接，实现技能“变现”，持续优化就业服务和从业环境，发挥省级返乡创业示范园和市级大学生创业孵化基地创业载体孵化功能。组织对全域旅游工作等情况开展专题调研，推进“文商旅体”一体化融合发展。
着力推进法治建设“江陵进程”。以法治江陵建设为主要抓手，在群众普法宣传、法治政府建设、群众满意司法机关建设上全方位发力。全面落实宪法宣誓制度，认真落实任前法律知识考试制度，常委会任命的国家工作人员32人次进行了法律知识考试和宪法宣誓，激励和教育国家工作人员忠于宪法、尊崇宪法、维护宪法，依照宪法法律履职尽责。认真落实备案审查工作报告制度，推进备案审查信息平台电子报备工作，全面清理县人大常委会及县“一府一委两院”规范性文件，对加快发展保障性租赁住房实施方案等5件政府规范性文件进行了审查，忠实维护法治统一。加强监察司法机关专项工作监督。持续关注县监察委员会关于腐败问题专项整治监督工作情况，推动提高监察工作水平。听取审议了县人民法院半年工作报告和执行工作情况报告、县人民检察院半年工作报告和检察建议落实情况的报告，支持深化司法体制改革。听取审议了县人民政府八五普法中期评估工作、法治政府建设情况等报告，推动全国法治政府建设示范县创建。认真做好信访工作，受理群众来信来访69件、120余人次，转交办率达100%，对涉及工程纠纷、案件执行等信访件进行重点督办，并得到较好解决。
“双联”工作不断深化。深化列席常委会代表座谈机制，常委会领导主持召开列席代表座谈会5次，听取代表意见建议，形成闭会期间代表反映问题“直通车”。安排常委会组成人员固定联系5名县人大代表、每名县人大代表常态化联系5个选民。将辖区内全国、省、市、县四级代表按照代表工作属性分为监察司法、农业农村、教科文卫、财经预算、城建环资、社会建设6个代表小组，由县人大常委会各专工委进行联系服务，统筹开展学习培训、执法检查、视察调研等活动。组建农业、财经两个行业代表小组，行业代表从专业领域和角度，先后围绕乡村振兴产业发展、农业品牌创建、服务企业发展等方面提出针对性意见建议13条。
代表履职服务不断优化。组织开展了县七届人大代表第二期集中培训班、财经小组专业培训班，邀请连任全国人大代表李霞和有关专家学者进行指导授课，组织代表前往北京、深圳等地参加履职能力培训班学习。通过集中培训和专题培训、县内交流和外出学习相结合，不断丰富学习内容、改进学习方式，有效提升代表履职能力。开发了江陵县人大代表履职平台微信小程序，制定了人大代表履职积分考核试行办法，综合运用“互联网+积分制”，有效激发代表履职活力。
代表“家站”建设不断规范。县人大常委会将乡镇人大代表之家、人大代表联络站作为代表活动主阵地，优化站点布局，完善制度机制，在“建、管、用”上持续发力。分别按照“十有”“八有”标准，对全县9个人大代表之家、49个代表联络站进行了提档升级，建设5个代表工作室，不断夯实代表履职基础，畅通代表履职通道。充分发挥“家站”作用，全县838名五级人大代表全部编组进站、入点到岗开展学习交流、政策宣传、联系群众、履职述职，实现代表进驻100%，站点覆盖100%。通过代表家站规范化建设，畅通代表联系群众渠道，让代表真正走进群众。
建议办理质效不断提升。认真落实代表建议“两个高质量”要求，加强代表建议提出、交办、办理全流程管理。为提高代表提出建议质量，组织代表围绕全县经济社会高质量发展的重点工作进行视察调研，安排代表与相关部门面对面沟通，为代表知情知政提供全方位的服务，引导代表提出回应广大群众关切、可操作性强的高质量议案建议。注重代表建议办理质量，县人大常委会在闭会后及时组织召开代表建议交办会，常委会领导对6件重点建议领衔督办，组织提出建议的部分代表对代表建议办理情况进行集中视察，对上年度没有办结的代表建议进行了集中督办。政府及相关部门高度重视代表建议办理工作，积极回应群众关切，{1}年人大代表提出的23件建议中，已经得到解决或基本解决的14件，占60.9%，办理满意率100%。
代表活动不断丰富。深化“聚力共同缔造·代表行动”活动，组织五级人大代表在进村入户、走访群众、联系选民、脚印万家活动中助力乡村振兴，推进共同缔造，推动解决群众急难愁盼问题，活动共收集意见建议94件，均得到有效回复和办理。江陵县人大代表在代表行动活动中的先进事迹被荆州日报和荆州电视台宣传报道。深入开展代表监督小组活动，全县20个人大代表监督小组到全县61个司法、行政执法机关和窗口行业单位，开展“局长·代表面对面”、走访座谈、视察调研等活动，各被监督单位充分尊重代表权力，主动接受人大监督，形成了推动发展、提高效能的工作合力。
票决制成效不断凸显。县人大常委会将民生实事项目人大代表票决制作为践行全过程人民民主的有力抓手和生动实践。充分发扬民主，采取新闻媒体、政府网站、座谈调研等多种方式，面向“两代表一委员”、县直部门、各乡镇基层组织和社会各界，公开征集民生实事项目的意见和建议，一件件民生实事候选项目饱含了满满的民意。加强项目监督，成立3个民生实事项目代表监督小组，对民生实事项目进行全过程跟踪监督，协调解决项目建设过程中的困难和问题，项目进展情况通过人大代表向当地群众进行通报，争取群众支持。通过党委、人大、政府与民众四方合力推进，县七届人大二次会议票决的10件民生实事项目目前已按进度完成7件，其余项目正在全力推进和建设中，3个乡镇社区综合养老服务中心已建成，中医医院医养融合项目已投入运营，仙鹤楼修缮工作已接近尾声，一件件民生实事项目的顺利建设和落地，使人民群众的幸福感、获得感、安全感不断增强。我县民生实事项目票决制工作在荆州日报头版刊登，被人民日报、湖北日报等客户端转载推介，沙岗镇人大代表票决制工作经验在全国人大视频会上作交流发言。
加强自身建设。持续加强常委会和机关党的建设，不断夯实履职基础，着力打造让党放心、让人民满意的政治机关、国家权力机关、工作机关、代表机关。严格落实中央八项规定及其实施细则精神，驰而不息纠“四风”、正作风，压紧压实从严管党治党主体责任，全力配合支持巡视巡察和派驻纪检监察组工作，扎实推进清廉机关建设，营造风清气正的良好工作氛围。加强“三支队伍”建设，县人大各专门委员会和常委会工作机构各司其职、整体协同，形成规范有序、务实高效的工作运行机制。各专工委参加市人大常委会组织的业务培训7批次，开展全县人大系统业务培训1次，人大干部履职能力和工作水平不断提升。
加强人大宣传。认真落实意识形态工作责任制，严守人大意识形态主阵地，通过江陵县人大常委会网站全方位宣传人民代表大会制度，传递人大声音，讲好人大故事。充实人大宣传队伍，组建了一支热爱人大工作、熟悉人大业务、乐于为人大宣传工作奉献的特约信息员队伍，成为人大宣传工作的中坚力量，深度采访了15名人大代表，编撰了代表风采录——《使命》。拓展宣传形式，与县融媒体中心联合开设“干在江陵 人大代表在行动”宣传专栏，每月专题报道1名人大代表履职情况。
加强工作联动。主动接受上级人大指导，配合省、市人大常委会开展乡村振兴促进“一法一条例”、农民专业合作社“一法一办法”、宗教事务“两条例”等执法检查。加强与外地人大交流，先后接待常德市、清远市、宿迁市、宜秀区人大考察交流，赴宣恩县、来凤县、长阳县、京山县、沙市区等地交流学习。密切对乡镇人大联系指导，制定了《江陵县乡镇人大工作考核办法》，指导乡镇依法规范召开人大会议和主席团会议，提高乡镇人大工作规范化水平。
回顾过去一年的工作，我们也清醒地认识到，县人大常委会的工作还存在一些不足，主要是：综合运用监督方式有待深化，监督工作的刚性仍需增强；人大代表履职渠道有待拓展，发展全过程人民民主中的优势仍需扩大；人大工作制度和议事规则有待完善，常委会的自身建设仍需加强。对于这些问题，在今后工作中将高度重视，切实推动解决。
{0}年是全面贯彻落实党的二十大精神的深化之年，是人民代表大会制度建立七十周年，也是“新江陵建制三十周年”。县人大常委会将以习近平新时代中国特色社会主义思想为指引，坚定人民代表大会制度自信，认真践行全过程人民民主，紧扣中心服务大局，紧贴民心以民为本，坚守初心守正创新，不断加强和改进新时代人大工作。
深刻把握人民代表大会制度的鲜明特色，将坚持党的领导贯穿人大工作全过程各方面。持续深化巩固学习贯彻习近平新时代中国特色社会主义思想主题教育成果，切实将主题教育成果转化为做好新时代人大工作的实际行动。持续强化思想政治引领，深入贯彻党的二十大、二十届二中全会精神，把坚定拥护“两个确立”转化为坚决做到“两个维护”的实际行动，不断提高政治判断力、政治领悟力、政治执行力。坚持党的领导、人民当家作主、依法治国有机统一，立足人大职能定位，围绕中心、服务大局，守正创新、依法履职，推动人大工作高质量发展。落实重要会议、重要工作、重大事项向县委请示报告制度，确保人大工作始终在党的领导下进行。
依法行使监督权，增强人大监督刚性和实效。依法行使重大事项决定权，聚焦长江大保护、项目建设、优化营商环境、乡村振兴等重点工作打好人大监督组合拳。着眼经济平稳运行，加强计划、财政预算审查监督，加大常委会依法作出决议决定和审议意见落实情况的跟踪监督。不断改进和完善监督工作机制、创新监督工作方式方法，坚持一切监督工作在县委领导下开展，一切监督从大局的角度出发，一切监督向促进的方向用力。严格落实任前法律知识考试、宪法宣誓制度，加强干部任后监督，增强被任命人员责任意识、法治意识和人大意识。
深入贯彻习近平总书记关于坚持和完善人民代表大会制度的重要思想、关于全过程人民民主的重要论述，持续加强代表履职能力建设，深入开展“聚力共同缔造·代表行动”活动，深入推进民生实事项目人大代表票决制工作，谱写全过程人民民主新篇章。充分发挥代表履职阵地作用，建好管好用好人大代表之家、人大代表联络站。组织人大代表学习培训，不断提高人大代表依法履职的能力和水平。健全代表服务管理机制，突出正向激励，深化人大代表履职积分管理制度，充分调动代表履职积极性。持续开展“干在江陵 人大代表在行动”专题宣传，发挥人大特约信息员作用，拓宽宣传覆盖面，深度挖掘代表履职先进典型事迹，讲好代表故事，激发代表能量，为江陵经济社会高质量发展不断赋能。
坚持民主集中制，健全常委会运行制度和议事规则，严格按照法律规定和法定程序行使权力，进一步提高人大工作质量和运转效率。坚定不移推进全面从严治党，从严从实加强作风建设，着力打造忠诚、干净、担当的人大干部队伍，推动人大系统政治生态持续向上向好。加强人大制度研究宣传工作，开展纪念人民代表大会制度成立70周年学习宣传活动，推进人民代表大会制度深入人心。加强乡镇人大联系指导，持续推进乡镇人大规范化建设，提升全县人大工作整体效能。
"#;
