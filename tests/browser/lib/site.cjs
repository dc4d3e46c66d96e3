'use strict';
// Finds the pages to test in a built site by reading its files: the fixed
// entry points (home, section list, taxonomy lists, 404) and, by following
// their links in document order, a concrete report, year and topic page.
// Nothing here knows a slug of the example site except the long 2024 work
// report named by the test brief.
const fs = require('fs');
const path = require('path');

const WORK_REPORT_2024 = 'reports/2024/changweihui-gongzuo-baogao/';

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** href values of <a> elements, in document order */
function anchorHrefs(html) {
  const out = [];
  const tag = /<a\b[^>]*>/gi;
  const attr = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;
  for (const m of html.matchAll(tag)) {
    const a = attr.exec(m[0]);
    if (a) out.push(decodeEntities(a[1] ?? a[2] ?? a[3]));
  }
  return out;
}

/**
 * Resolve an href found on the page at site path `from` (relative to the base
 * path, e.g. "years/") to a site path, or null when it leaves the site.
 */
function toSitePath(href, from, basePath) {
  let u;
  try {
    u = new URL(href, `http://site.invalid${basePath}${from}`);
  } catch {
    return null;
  }
  if (u.origin !== 'http://site.invalid' || !u.pathname.startsWith(basePath)) return null;
  try {
    return decodeURIComponent(u.pathname.slice(basePath.length));
  } catch {
    return null;
  }
}

/** the file a site path is served from */
function fileFor(siteDir, sitePath) {
  return path.join(siteDir, sitePath === '' || sitePath.endsWith('/') ? path.join(sitePath, 'index.html') : sitePath);
}

function exists(siteDir, sitePath) {
  try { return fs.statSync(fileFor(siteDir, sitePath)).isFile(); } catch { return false; }
}

function linksOf(siteDir, sitePath, basePath) {
  const html = fs.readFileSync(fileFor(siteDir, sitePath), 'utf8');
  return anchorHrefs(html).map((h) => toSitePath(h, sitePath, basePath)).filter((p) => p !== null);
}

/**
 * First page linked from `listPath` whose site path matches `re` and exists.
 * Throws with a useful message otherwise.
 */
function firstLinked(siteDir, basePath, listPath, re, what) {
  if (!exists(siteDir, listPath)) throw new Error(`cannot find ${what}: ${fileFor(siteDir, listPath)} does not exist`);
  const links = linksOf(siteDir, listPath, basePath);
  const hit = links.find((p) => re.test(p) && exists(siteDir, p));
  if (!hit) {
    throw new Error(`cannot find ${what}: no link on /${listPath} matching ${re} points to an existing file ` +
      `(links seen: ${[...new Set(links)].slice(0, 20).join(', ') || 'none'}; is BASE_PATH=${basePath} the path the site was built for?)`);
  }
  return hit;
}

function fixed(siteDir, sitePath, what) {
  if (!exists(siteDir, sitePath)) throw new Error(`${what}: ${fileFor(siteDir, sitePath)} does not exist`);
  return sitePath;
}

/**
 * The pages under test: [{ key, title, path | null, error | null }], path
 * relative to the base path ("" is the home page). A page that cannot be found
 * keeps its entry with an error, so every test on it fails instead of vanishing.
 */
function discoverPages(siteDir, basePath) {
  const specs = [
    ['home', 'home /', () => fixed(siteDir, '', 'home page')],
    ['report', 'first report page /reports/…/', () => firstLinked(siteDir, basePath, 'reports/',
      /^reports\/(?!page\/\d+\/$).+\/$/, 'a report page (first link on /reports/ to reports/…/)')],
    ['work-report-2024', `2024 work report /${WORK_REPORT_2024}`, () => fixed(siteDir, WORK_REPORT_2024, 'the 2024 work report')],
    ['reports', 'section list /reports/', () => fixed(siteDir, 'reports/', 'section list')],
    ['years', 'taxonomy list /years/', () => fixed(siteDir, 'years/', 'years list')],
    ['year', 'first year page /years/<y>/', () => firstLinked(siteDir, basePath, 'years/', /^years\/\d{4}\/$/, 'a year page')],
    ['topics', 'taxonomy list /topics/', () => fixed(siteDir, 'topics/', 'topics list')],
    ['topic', 'a topic term page /topics/<term>/', () => firstLinked(siteDir, basePath, 'topics/',
      /^topics\/(?!page\/)[^/]+\/$/, 'a topic term page')],
    ['404', 'not-found page /404.html', () => fixed(siteDir, '404.html', 'not-found page')],
  ];
  const pages = [];
  for (const [key, title, find] of specs) {
    try {
      const p = find();
      pages.push({ key, title, path: p, error: null });
    } catch (e) {
      pages.push({ key, title, path: null, error: e.message });
    }
  }
  // the search page, when the site has search on (a missing one still fails the link checks)
  if (exists(siteDir, 'search/')) pages.push({ key: 'search', title: 'search page /search/', path: 'search/', error: null });
  // the first report may be the 2024 work report itself: test it once
  const report = pages.find((p) => p.key === 'report');
  const work = pages.find((p) => p.key === 'work-report-2024');
  if (report.path && work.path && report.path === work.path) pages.splice(pages.indexOf(work), 1);
  return pages;
}

module.exports = { discoverPages, anchorHrefs, toSitePath, WORK_REPORT_2024 };
