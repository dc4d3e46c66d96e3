'use strict';
// A tiny static file server for the tests: serves SITE_DIR at BASE_PATH on
// 127.0.0.1 (a free port), like a plain production web server would:
//   /base/path/        -> path/index.html
//   /base/path         -> 301 to /base/path/ when path is a folder
//   anything missing   -> the site's 404.html with status 404
//   outside BASE_PATH  -> 404 (so links that forget the base path are caught)
const fs = require('fs');
const http = require('http');
const path = require('path');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
  '.xsl': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.zip': 'application/zip',
};

/** "/renda" or "renda/" or "" -> "/renda/" ; "/" -> "/" */
function normalizeBasePath(p) {
  const trimmed = String(p || '/').replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

function isFile(p) {
  try { return fs.statSync(p).isFile(); } catch { return false; }
}
function isDir(p) {
  try { return fs.statSync(p).isDirectory(); } catch { return false; }
}

/**
 * Start the server. Resolves to { origin, baseUrl, close(), log }, where
 * baseUrl = origin + basePath and log lists every request as "STATUS METHOD URL".
 * `port` 0 (the default) takes a free one; a site built for a local base_url passes its port.
 */
function startServer(siteDir, basePath, port = 0) {
  const root = fs.realpathSync(siteDir);
  const base = normalizeBasePath(basePath);
  const log = [];

  function send(req, res, status, headers, body) {
    res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
    log.push(`${status} ${req.method} ${req.url}`);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function notFound(req, res) {
    const page = path.join(root, '404.html');
    if (isFile(page)) {
      send(req, res, 404, { 'Content-Type': TYPES['.html'] }, fs.readFileSync(page));
    } else {
      send(req, res, 404, { 'Content-Type': TYPES['.txt'] }, 'not found (and the site has no 404.html)\n');
    }
  }

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(req, res, 405, { Allow: 'GET, HEAD', 'Content-Type': TYPES['.txt'] }, 'method not allowed\n');
    }
    const url = new URL(req.url, 'http://127.0.0.1');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(req, res, 400, { 'Content-Type': TYPES['.txt'] }, 'bad percent-encoding\n');
    }
    if (pathname.includes('\0')) return send(req, res, 400, { 'Content-Type': TYPES['.txt'] }, 'bad path\n');
    // "/renda" (the base without its slash) is the folder: redirect like for any folder
    if (base !== '/' && pathname === base.slice(0, -1)) {
      return send(req, res, 301, { Location: url.pathname + '/' + url.search }, '');
    }
    if (!pathname.startsWith(base)) return notFound(req, res);
    const rel = pathname.slice(base.length);
    if (rel.split('/').some((seg) => seg === '..')) return notFound(req, res);
    let file = path.join(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(req, res);
    if (rel === '' || rel.endsWith('/')) {
      file = path.join(file, 'index.html');
    } else if (isDir(file)) {
      return send(req, res, 301, { Location: url.pathname + '/' + url.search }, '');
    }
    if (!isFile(file)) return notFound(req, res);
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    return send(req, res, 200, { 'Content-Type': type }, fs.readFileSync(file));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port } = server.address();
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        origin,
        basePath: base,
        baseUrl: origin + base,
        log,
        close: () => new Promise((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
      });
    });
  });
}

/** a port that was free a moment ago on 127.0.0.1 (to build a site for before serving it) */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = http.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

module.exports = { startServer, normalizeBasePath, freePort };
