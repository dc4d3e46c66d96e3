//! The dev server's routes and what they do to responses.
//!
//! In: the private output folder, the base path, the build status, the live-reload layer.
//! Out: an axum [`Router`] serving the site under its base path, the status endpoint, and the two
//! scripts added to every page (the error overlay, live reload).
//! Never: serves a file outside the output folder, answers 500 for a path that cannot name a file
//! (it is a missing page), or sends a range of the file on disk for a page it serves changed.

use std::ops::Range;
use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_livereload::LiveReloadLayer;

use super::{CLIENT_JS, STATUS_PATH, Shared};

/// Pages are read whole to add the scripts; nothing Gazette writes comes near this.
const MAX_PAGE: usize = 64 * 1024 * 1024;

/// The routes: the status endpoint, the site under its base path, the scripts in every page.
/// Layers run outside in: `whole_pages` sees a page with both scripts in it.
pub fn router(out_dir: &Path, base_path: &str, status: Shared, livereload: LiveReloadLayer) -> Router {
    let files = SiteFiles {
        dir: ServeDir::new(out_dir).append_index_html_on_directories(true),
        not_found: out_dir.join("404.html"),
        prefix: base_path.trim_end_matches('/').to_string(),
    };
    let serve = move |request: Request<Body>| {
        let files = files.clone();
        async move { files.respond(request).await }
    };
    let mut app = Router::new().route(STATUS_PATH, get(status_handler)).with_state(status);
    if base_path == "/" {
        app = app.fallback(serve);
    } else {
        let prefix = base_path.trim_end_matches('/').to_string();
        app = app
            .nest_service(&prefix, any(serve))
            .route("/", get(move || async move { Redirect::temporary(&format!("{prefix}/")) }));
    }
    app.layer(middleware::from_fn(decorate)).layer(livereload).layer(middleware::from_fn(whole_pages))
}

/// The output folder, and its 404 page for every path that names no file.
#[derive(Clone)]
struct SiteFiles {
    dir: ServeDir,
    not_found: PathBuf,
    /// The base path without its last `/` (`/renda`, or empty): ServeDir sees paths with it
    /// taken off, so its redirects (`/renda/reports` → `/reports/`) need it put back.
    prefix: String,
}

impl SiteFiles {
    async fn respond(mut self, request: Request<Body>) -> Response {
        let head = request.method() == Method::HEAD;
        let path = request.uri().path().to_string();
        match self.dir.try_call(request).await {
            Ok(response) if response.status() == StatusCode::NOT_FOUND => self.not_found_page(head).await,
            Ok(mut response) => {
                if response.status().is_redirection()
                    && let Some(location) = response.headers().get(header::LOCATION).and_then(|l| l.to_str().ok())
                    && location.starts_with('/')
                    && let Ok(v) = HeaderValue::from_str(&format!("{}{location}", self.prefix))
                {
                    response.headers_mut().insert(header::LOCATION, v);
                }
                response.map(Body::new)
            }
            // a name longer than the file system allows (256 bytes, or 5,000 segments) cannot be
            // a file of the site: test `serve::overlong_names_are_not_found`
            Err(e) if cannot_name_a_file(&e) => self.not_found_page(head).await,
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("cannot read {path}: {e}")).into_response(),
        }
    }

    /// The theme's 404 page with status 404, asked for without the request's `Range`.
    async fn not_found_page(&self, head: bool) -> Response {
        let mut request = Request::new(Body::empty());
        if head {
            *request.method_mut() = Method::HEAD;
        }
        let Ok(response) = ServeFile::new(&self.not_found).oneshot(request).await;
        let mut response = response.map(Body::new);
        *response.status_mut() = StatusCode::NOT_FOUND;
        response
    }
}

fn cannot_name_a_file(e: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        e.kind(),
        ErrorKind::NotFound
            | ErrorKind::PermissionDenied
            | ErrorKind::InvalidFilename
            | ErrorKind::InvalidInput
            | ErrorKind::NotADirectory
    )
}

async fn status_handler(State(status): State<Shared>) -> Response {
    let (error, generation) = {
        let s = status.lock().unwrap_or_else(|e| e.into_inner());
        (s.error.clone(), s.generation)
    };
    let body = serde_json::json!({ "error": error, "generation": generation }).to_string();
    ([(header::CACHE_CONTROL, "no-store"), (header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Adds `charset=utf-8` to text types, no caching, and the overlay script to whole HTML pages
/// (a page, or the 404 page; never a part of one).
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
    let whole = matches!(parts.status, StatusCode::OK | StatusCode::NOT_FOUND)
        && !parts.headers.contains_key(header::CONTENT_RANGE);
    if !content_type.starts_with("text/html") || !whole {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE).await else {
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

/// A page is served with two scripts added, so its bytes are not the file's: a `Range` of a page
/// is cut from the page as served, and `HEAD` announces the length a `GET` sends. A range of any
/// other file (PDF viewers ask for them) is ServeDir's, from the file. Test
/// `serve::ranges_of_pages_are_ranges_of_the_page_served`.
async fn whole_pages(request: Request<Body>, next: Next) -> Response {
    let head = request.method() == Method::HEAD;
    let range = request.headers().get(header::RANGE).and_then(|v| v.to_str().ok()).map(str::to_string);
    if !head && range.is_none() {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let mut whole = parts.clone();
    whole.method = Method::GET;
    whole.headers.remove(header::RANGE);
    whole.headers.remove(header::IF_RANGE);
    // a range: the file's own answer stands unless it is (part of) a page
    let partial = if head {
        None
    } else {
        let response = next.clone().run(Request::from_parts(parts, body)).await;
        let page_part = response.status() == StatusCode::PARTIAL_CONTENT && is_html(&response);
        if !page_part && response.status() != StatusCode::RANGE_NOT_SATISFIABLE {
            return response;
        }
        Some(response)
    };
    let response = next.run(Request::from_parts(whole, Body::empty())).await;
    if !is_html(&response) {
        return match partial {
            Some(answer) => answer,
            None => {
                let (parts, _) = response.into_parts();
                Response::from_parts(parts, Body::empty())
            }
        };
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page").into_response();
    };
    parts.headers.remove(header::CONTENT_RANGE);
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    if head {
        return Response::from_parts(parts, Body::empty());
    }
    let len = bytes.len();
    match range.filter(|_| parts.status == StatusCode::OK).and_then(|r| byte_range(&r, len)) {
        None => Response::from_parts(parts, Body::from(bytes)),
        Some(Ok(r)) => {
            parts.status = StatusCode::PARTIAL_CONTENT;
            set_header(&mut parts.headers, header::CONTENT_RANGE, format!("bytes {}-{}/{len}", r.start, r.end - 1));
            parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(r.len()));
            Response::from_parts(parts, Body::from(bytes.slice(r)))
        }
        Some(Err(())) => {
            parts.status = StatusCode::RANGE_NOT_SATISFIABLE;
            set_header(&mut parts.headers, header::CONTENT_RANGE, format!("bytes */{len}"));
            parts.headers.remove(header::CONTENT_TYPE);
            parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(0));
            Response::from_parts(parts, Body::empty())
        }
    }
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"))
}

fn set_header(headers: &mut axum::http::HeaderMap, name: header::HeaderName, value: String) {
    if let Ok(v) = HeaderValue::from_str(&value) {
        headers.insert(name, v);
    }
}

/// One `bytes=` range of a body of `len` bytes: `Some(Ok(..))` to send, `Some(Err(()))` when it
/// lies past the end, `None` when the header is not one range (several ranges, or not a range
/// at all: the whole page is sent then, as RFC 9110 §14.2 allows).
fn byte_range(header: &str, len: usize) -> Option<Result<Range<usize>, ()>> {
    let spec = header.trim().strip_prefix("bytes=")?;
    let (first, last) = spec.split_once('-')?;
    let (first, last) = (first.trim(), last.trim());
    if spec.contains(',') {
        return None;
    }
    if first.is_empty() {
        // the last n bytes
        let n: usize = last.parse().ok()?;
        return Some(if n == 0 || len == 0 { Err(()) } else { Ok(len - n.min(len)..len) });
    }
    let first: usize = first.parse().ok()?;
    let last = match last {
        "" => usize::MAX,
        l => l.parse().ok()?,
    };
    if last < first {
        return None;
    }
    if first >= len {
        return Some(Err(()));
    }
    Some(Ok(first..last.min(len - 1) + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges() {
        assert_eq!(byte_range("bytes=0-9", 100), Some(Ok(0..10)));
        assert_eq!(byte_range("bytes=90-200", 100), Some(Ok(90..100)));
        assert_eq!(byte_range("bytes=95-", 100), Some(Ok(95..100)));
        assert_eq!(byte_range("bytes=-20", 100), Some(Ok(80..100)));
        assert_eq!(byte_range("bytes=-200", 100), Some(Ok(0..100)));
        assert_eq!(byte_range("bytes=100-", 100), Some(Err(())));
        assert_eq!(byte_range("bytes=-0", 100), Some(Err(())));
        assert_eq!(byte_range("bytes=0-1,5-9", 100), None);
        assert_eq!(byte_range("bytes=9-0", 100), None);
        assert_eq!(byte_range("items=0-9", 100), None);
        assert_eq!(byte_range("bytes=x-9", 100), None);
        assert_eq!(byte_range("bytes=99999999999999999999999-", 100), None);
    }
}
