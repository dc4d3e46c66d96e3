//! `gazette serve`: build, serve on loopback, watch, rebuild what changed, reload the browser.
//!
//! In: the site root and serve options. Out: a running dev server until Ctrl-C, then an exit
//! code. It calls the same `build::build_into` as `gazette build` (with a cache, writing into a
//! private folder in place), serves that folder with tower-http, and reloads open pages with
//! tower-livereload after each build is complete. A broken edit keeps the last good site and
//! shows the diagnostic in every open page.
//! Never: writes into the user's `public/`, serves a file outside its private folder, binds a
//! non-loopback address unless asked, or prints the same diagnostic twice in a row.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use notify::{EventKind, RecursiveMode};
use tower_http::services::{ServeDir, ServeFile};
use tower_livereload::{LiveReloadLayer, Reloader};

use crate::build::{self, BuildCache, Target};
use crate::config::{Config, Overrides};
use crate::diag::{self, Diagnostic};

/// The script added to every HTML page: the error overlay and scroll keeping across reloads.
const CLIENT_JS: &str = include_str!("client.js");
/// Where the page asks whether the last build failed.
pub const STATUS_PATH: &str = "/__gazette/status";

#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    pub drafts: bool,
    pub poll: bool,
}

/// What the server shares between requests and the rebuild loop.
#[derive(Default)]
struct Status {
    /// The diagnostics of the last failed build, as plain text; `None` after a good build.
    error: Option<String>,
    /// Counts finished builds (good or bad), so tests and pages can tell a new result.
    generation: u64,
}

type Shared = Arc<Mutex<Status>>;

/// Runs the dev server until Ctrl-C. Returns the exit code.
pub fn serve(opts: ServeOptions) -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return 1;
        }
    };
    let out_dir = std::env::temp_dir().join(format!("gazette-serve-{}", std::process::id()));
    let code = runtime.block_on(run(opts, out_dir.clone()));
    // dropping the runtime waits for a build still in flight; only then is the folder ours alone
    drop(runtime);
    let _ = std::fs::remove_dir_all(&out_dir);
    code
}

async fn run(opts: ServeOptions, out_dir: PathBuf) -> i32 {
    let color = std::io::IsTerminal::is_terminal(&std::io::stderr()) && std::env::var_os("NO_COLOR").is_none();
    // The base path comes from site.yaml; a broken site.yaml is reported and the server stops.
    let base_path = match Config::load(&opts.root, &Overrides::default()) {
        Ok(c) => c.base_path,
        Err(d) => {
            eprint!("{}", diag::render_all(&d, color));
            return 1;
        }
    };
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}, which other computers can reach; use the default 127.0.0.1 unless you mean it",
            opts.bind
        );
    }
    let listener = match bind(opts.bind, opts.port).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", opts.bind, opts.port);
            return 1;
        }
    };
    let addr = listener.local_addr().unwrap_or(SocketAddr::new(opts.bind, opts.port));
    let host = match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let base_url = format!("http://{host}:{}{base_path}", addr.port());
    let overrides = Overrides { base_url: Some(base_url.clone()), drafts: opts.drafts };

    let _ = std::fs::remove_dir_all(&out_dir);
    let status: Shared = Arc::new(Mutex::new(Status::default()));
    let cache = Arc::new(Mutex::new(BuildCache::default()));
    let printed = Arc::new(Mutex::new(String::new()));

    // first build, before the first request
    let rebuild = Rebuilder {
        root: opts.root.clone(),
        overrides,
        out_dir: out_dir.clone(),
        cache,
        status: status.clone(),
        printed,
        color,
    };
    if rebuild.run_blocking().await {
        let this = rebuild.clone();
        tokio::task::spawn_blocking(move || this.refresh_search());
    }

    let livereload = LiveReloadLayer::new();
    let reloader = livereload.reloader();
    let app = router(&out_dir, &base_path, status.clone()).layer(livereload);

    // watch and rebuild
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Vec<PathBuf>>();
    let watcher = match watch(&opts, tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch the site for changes: {e}; try --poll");
            return 1;
        }
    };
    // announced once the watcher is ready, so an edit made right after is never missed
    println!("serving {} at {base_url}  (Ctrl-C stops)", opts.root.display());
    if opts.open {
        open_browser(&base_url);
    }

    let rebuild_loop = {
        let reloader: Reloader = reloader.clone();
        tokio::spawn(async move {
            while let Some(mut paths) = rx.recv().await {
                // a burst of saves: take everything already queued
                while let Ok(more) = rx.try_recv() {
                    paths.extend(more);
                }
                let built = rebuild.run_blocking().await;
                reloader.reload();
                // the search index follows in the background: the reload does not wait for it
                if built {
                    let this = rebuild.clone();
                    tokio::task::spawn_blocking(move || this.refresh_search());
                }
            }
        })
    };

    let server = axum::serve(listener, app).with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    });
    let result = server.await;
    drop(watcher);
    rebuild_loop.abort();
    println!("stopped; the preview folder is removed");
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: the server stopped: {e}");
            1
        }
    }
}

/// Binds the port, or the next free one (saying so). Port 0 lets the system choose.
async fn bind(ip: IpAddr, port: u16) -> std::io::Result<tokio::net::TcpListener> {
    let mut last_err = None;
    for candidate in port..=port.saturating_add(20) {
        match tokio::net::TcpListener::bind(SocketAddr::new(ip, candidate)).await {
            Ok(l) => {
                if candidate != port {
                    eprintln!("port {port} is in use; using {candidate} instead");
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => last_err = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_err.unwrap_or_else(|| std::io::Error::other("no free port")))
}

/// The routes: the status endpoint, the site under its base path, the overlay script.
fn router(out_dir: &Path, base_path: &str, status: Shared) -> Router {
    let files = ServeDir::new(out_dir)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(out_dir.join("404.html")));
    let mut app = Router::new().route(STATUS_PATH, get(status_handler)).with_state(status);
    if base_path == "/" {
        app = app.fallback_service(files);
    } else {
        let prefix = base_path.trim_end_matches('/').to_string();
        let files = files.clone();
        app = app
            .nest_service(&prefix, files)
            .route("/", get(move || async move { Redirect::temporary(&format!("{prefix}/")) }));
    }
    app.layer(middleware::from_fn(decorate))
}

async fn status_handler(State(status): State<Shared>) -> Response {
    let (error, generation) = {
        let s = status.lock().unwrap_or_else(|e| e.into_inner());
        (s.error.clone(), s.generation)
    };
    let body = serde_json::json!({ "error": error, "generation": generation }).to_string();
    ([(header::CACHE_CONTROL, "no-store"), (header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Adds `charset=utf-8` to text types, no caching, and the overlay script to HTML pages.
async fn decorate(request: Request<Body>, next: Next) -> Response {
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let textual = content_type.starts_with("text/")
        || ["application/javascript", "application/json", "application/xml", "image/svg+xml", "application/atom+xml"]
            .iter()
            .any(|t| content_type.starts_with(t));
    if textual
        && !content_type.contains("charset")
        && let Ok(v) = HeaderValue::from_str(&format!("{content_type}; charset=utf-8"))
    {
        parts.headers.insert(header::CONTENT_TYPE, v);
    }
    if !content_type.starts_with("text/html") {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page").into_response();
    };
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    let script = format!("<script>{CLIENT_JS}</script>");
    match html.rfind("</body>") {
        Some(i) => html.insert_str(i, &script),
        None => html.push_str(&script),
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}

/// Runs builds and records their outcome.
#[derive(Clone)]
struct Rebuilder {
    root: PathBuf,
    overrides: Overrides,
    out_dir: PathBuf,
    cache: Arc<Mutex<BuildCache>>,
    status: Shared,
    printed: Arc<Mutex<String>>,
    color: bool,
}

impl Rebuilder {
    /// Builds; true when the build succeeded.
    async fn run_blocking(&self) -> bool {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.run()).await.unwrap_or(false)
    }

    /// Rewrites the search index from the cached pages (after a successful build).
    fn refresh_search(&self) {
        let Ok(config) = Config::load(&self.root, &self.overrides) else { return };
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let started = Instant::now();
        match build::refresh_search(&config, &cache, &self.out_dir) {
            Ok(Some(_)) => println!("search index refreshed in {} ms", started.elapsed().as_millis()),
            Ok(None) => {}
            Err(f) => eprint!("{}", diag::render_all(&f.diagnostics, self.color)),
        }
    }

    /// One build. The config is read again each time, so a site.yaml edit applies (and a broken
    /// one is shown like any other error).
    fn run(&self) -> bool {
        let started = Instant::now();
        let outcome: Result<build::BuildReport, Vec<Diagnostic>> = match Config::load(&self.root, &self.overrides) {
            Err(d) => Err(d),
            Ok(config) => {
                let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
                build::build_into(&config, Target::InPlace(&self.out_dir), Some(&mut cache), None)
                    .map_err(|f| f.diagnostics)
            }
        };
        let mut printed = self.printed.lock().unwrap_or_else(|e| e.into_inner());
        let mut status = self.status.lock().unwrap_or_else(|e| e.into_inner());
        status.generation += 1;
        match outcome {
            Ok(report) => {
                status.error = None;
                let warnings = diag::render_all(&report.warnings, self.color);
                if *printed != warnings {
                    eprint!("{warnings}");
                    *printed = warnings;
                }
                println!(
                    "built in {} ms: {} pages, {} rendered, {} files written",
                    started.elapsed().as_millis(),
                    report.pages,
                    report.rendered,
                    report.written
                );
                true
            }
            Err(diagnostics) => {
                status.error = Some(diag::render_all(&diagnostics, false));
                let text = diag::render_all(&diagnostics, self.color);
                if *printed != text {
                    eprint!("{text}");
                    eprintln!("the last good site is still served; fix the error and save again");
                    *printed = text;
                }
                false
            }
        }
    }
}

/// Watches content/, templates/, static/, the theme and site.yaml. Access events and editor
/// temporary files are ignored; each debounced burst of changes sends one message.
fn watch(
    opts: &ServeOptions,
    tx: tokio::sync::mpsc::UnboundedSender<Vec<PathBuf>>,
) -> Result<Box<dyn std::any::Any + Send>, String> {
    let root = std::fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let theme = Config::load(&root, &Overrides::default()).map(|c| c.theme).unwrap_or_else(|_| "default".into());
    let dirs = [root.join("content"), root.join("templates"), root.join("static"), root.join("themes").join(theme)];
    let filter_root = root.clone();
    let handler = move |result: notify_debouncer_full::DebounceEventResult| {
        let Ok(events) = result else { return };
        let paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
            .flat_map(|e| e.event.paths.clone())
            .filter(|p| relevant(&filter_root, p))
            .collect();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    };
    let timeout = Duration::from_millis(60);
    if opts.poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
        let mut d = notify_debouncer_full::new_debouncer_opt::<_, notify::PollWatcher, _>(
            timeout,
            None,
            handler,
            notify_debouncer_full::NoCache,
            config,
        )
        .map_err(|e| e.to_string())?;
        d.watch(&root, RecursiveMode::NonRecursive).map_err(|e| e.to_string())?;
        for dir in dirs.iter().filter(|d| d.is_dir()) {
            d.watch(dir, RecursiveMode::Recursive).map_err(|e| e.to_string())?;
        }
        Ok(Box::new(d))
    } else {
        let mut d = notify_debouncer_full::new_debouncer(timeout, None, handler).map_err(|e| e.to_string())?;
        d.watch(&root, RecursiveMode::NonRecursive).map_err(|e| e.to_string())?;
        for dir in dirs.iter().filter(|d| d.is_dir()) {
            d.watch(dir, RecursiveMode::Recursive).map_err(|e| e.to_string())?;
        }
        Ok(Box::new(d))
    }
}

/// Is a changed path part of the site's input? Root-level entries count only for site.yaml and
/// the watched folders; hidden, backup and temporary files never count.
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return true };
    let mut components = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
    let Some(first) = components.next() else { return false };
    if !matches!(first.as_str(), "site.yaml" | "content" | "templates" | "static" | "themes") {
        return false;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    !(name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name == "4913")
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_inputs_are_relevant() {
        let root = Path::new("/site");
        assert!(relevant(root, Path::new("/site/content/reports/a.md")));
        assert!(relevant(root, Path::new("/site/site.yaml")));
        assert!(relevant(root, Path::new("/site/themes/default/templates/page.html")));
        assert!(!relevant(root, Path::new("/site/public/index.html")));
        assert!(!relevant(root, Path::new("/site/target/debug/x")));
        assert!(!relevant(root, Path::new("/site/content/.a.md.swp")));
        assert!(!relevant(root, Path::new("/site/content/a.md~")));
        assert!(!relevant(root, Path::new("/site/README.md")));
    }
}
