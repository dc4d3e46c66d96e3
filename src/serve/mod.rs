//! `gazette serve`: build, serve on loopback, watch, rebuild what changed, reload the browser.
//!
//! In: the site root and serve options. Out: a running dev server until Ctrl-C, then an exit
//! code. It calls the same `pipeline::build_into` as `gazette build` (with a cache, writing into a
//! private folder in place), serves that folder with tower-http, and reloads open pages with
//! tower-livereload after each build is complete. A broken edit keeps the last good site and
//! shows the diagnostic in every open page.
//! Never: writes into the user's `public/`, serves a file outside its private folder, binds a
//! non-loopback address unless asked, or prints the same diagnostic twice in a row.

mod routes;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tower_livereload::{LiveReloadLayer, Reloader};

use crate::config::{Config, Language, Overrides};
use crate::diag::{self, Diagnostic, Diagnostics};
use crate::pipeline::{self, BuildCache, Target};
use watch::SiteWatcher;

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
    /// Colour and the environment's overrides, resolved by the command line.
    pub settings: crate::settings::Settings,
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
    let color = opts.settings.color;
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
    let overrides = opts.settings.overrides(Some(base_url.clone()), opts.drafts, false);

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
        refreshing: Arc::default(),
        status: status.clone(),
        printed,
        color,
    };
    // The watcher starts before the first build: every change after the first discovery is
    // then reported, and a rebuild looks again only at the paths reported (an edit made while
    // the first build runs is queued and builds again after it).
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Vec<PathBuf>>();
    let watcher = match SiteWatcher::start(&opts.root, opts.poll, tx) {
        Ok(w) => Arc::new(Mutex::new(w)),
        Err(e) => {
            eprintln!("error: cannot watch the site for changes: {e}; try --poll");
            return 1;
        }
    };
    if rebuild.run_blocking(None).await {
        let this = rebuild.clone();
        tokio::task::spawn_blocking(move || this.refresh_search());
    }

    let livereload = LiveReloadLayer::new();
    let reloader = livereload.reloader();
    let app = routes::router(&out_dir, &base_path, status.clone(), livereload);
    // announced once the watcher is ready, so an edit made right after is never missed
    println!("serving {} at {base_url}  (Ctrl-C stops)", opts.root.display());
    if opts.open {
        open_browser(&base_url);
    }

    let rebuild_loop = {
        let reloader: Reloader = reloader.clone();
        let watcher = watcher.clone();
        tokio::spawn(async move {
            while let Some(mut paths) = rx.recv().await {
                // a burst of saves: take everything already queued
                while let Ok(more) = rx.try_recv() {
                    paths.extend(more);
                }
                // a watched folder replaced or created is watched again before the build reads
                // it, so no edit after this point is missed
                let watcher = watcher.clone();
                let refreshed = tokio::task::spawn_blocking(move || {
                    let result = watcher.lock().unwrap_or_else(|e| e.into_inner()).refresh(&paths);
                    (result, paths)
                })
                .await;
                let paths = match refreshed {
                    Ok((Ok(()), paths)) => Some(paths),
                    Ok((Err(e), _)) => {
                        eprintln!("warning: cannot watch the site's folders ({e}); edits there may not be seen");
                        None
                    }
                    Err(_) => None,
                };
                // the paths reported are what changed; when a watch could not be made, the
                // build looks at everything
                let built = rebuild.run_blocking(paths).await;
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

/// Runs builds and records their outcome.
#[derive(Clone)]
struct Rebuilder {
    root: PathBuf,
    overrides: Overrides,
    out_dir: PathBuf,
    cache: Arc<Mutex<BuildCache>>,
    /// Held while the search index is refreshed.
    refreshing: Arc<Mutex<()>>,
    status: Shared,
    printed: Arc<Mutex<String>>,
    color: bool,
}

impl Rebuilder {
    /// Builds, given the paths that changed since the last build (`None`: not known, so
    /// everything is looked at); true when the build succeeded.
    async fn run_blocking(&self, changed: Option<Vec<PathBuf>>) -> bool {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.run(changed)).await.unwrap_or(false)
    }

    /// Rewrites the search index from the last build's records (after a successful build). The
    /// cache is held only to copy them out, so the next build does not wait for the index;
    /// refreshes wait for each other (they share the bundle's folder names).
    fn refresh_search(&self) {
        let Ok(config) = Config::load(&self.root, &self.overrides) else { return };
        let _one_at_a_time = self.refreshing.lock().unwrap_or_else(|e| e.into_inner());
        let records: crate::search::Records = self.cache.lock().unwrap_or_else(|e| e.into_inner()).as_ref().clone();
        let started = Instant::now();
        match pipeline::refresh_search(&config, &records, &self.out_dir) {
            Ok(Some(_)) => println!("search index refreshed in {} ms", started.elapsed().as_millis()),
            Ok(None) => {}
            Err(f) => eprint!("{}", diag::render_all(&f.into_sorted(), self.color)),
        }
    }

    /// One build. The config is read again each time, so a site.yaml edit applies (and a broken
    /// one is shown like any other error).
    fn run(&self, changed: Option<Vec<PathBuf>>) -> bool {
        let started = Instant::now();
        {
            // recorded before anything can fail, so that the next build still looks at them
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            match changed {
                Some(paths) => cache.saw_changes(paths),
                None => cache.forget_changes(),
            }
        }
        let outcome: Result<(pipeline::BuildReport, Language), Vec<Diagnostic>> =
            match Config::load(&self.root, &self.overrides) {
                Err(d) => Err(d),
                Ok(config) => {
                    let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
                    pipeline::build_into(&config, Target::InPlace(&self.out_dir), Some(&mut cache), None)
                        .map(|report| (report, config.language))
                        .map_err(Diagnostics::into_sorted)
                }
            };
        let mut printed = self.printed.lock().unwrap_or_else(|e| e.into_inner());
        let mut status = self.status.lock().unwrap_or_else(|e| e.into_inner());
        status.generation += 1;
        match outcome {
            Ok((report, language)) => {
                status.error = None;
                let warnings = diag::render_all(&report.warnings, self.color);
                if *printed != warnings {
                    eprint!("{warnings}");
                    *printed = warnings;
                }
                println!("{}", crate::summary::rebuild(language, &report, started.elapsed()));
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
