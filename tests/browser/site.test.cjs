'use strict';
// Browser tests of a site built by Gazette, in headless Debian Chromium driven
// by playwright-core, with axe-core injected by hand (Node 20: no @axe-core/playwright).
//
//   SITE_DIR=/tmp/site [BASE_PATH=/renda/] [SITE_URL=https://example.org/renda/] npm test
//
// SITE_DIR      the built site folder (required)
// BASE_PATH     the URL path the site was built for (default "/"): the local server
//               serves SITE_DIR there, so links that forget it fail
// SITE_URL      the site's base_url; absolute links to it (canonical, og:url, feeds)
//               are checked against the local copy. Optional.
// CHROMIUM_PATH default /usr/bin/chromium. Missing: the tests fail when CI is set,
//               and are skipped otherwise.
// SCREENSHOT_DIR default <repo>/target/browser-screenshots
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { chromium } = require('playwright-core');

const { startServer, normalizeBasePath } = require('./lib/server.cjs');
const { discoverPages, WORK_REPORT_2024 } = require('./lib/site.cjs');
const { pdfPages, pngSize } = require('./lib/files.cjs');
const { REPO: REPO_ROOT, CHROMIUM, CHROMIUM_ARGS, chromiumProblem, skipReason } = require('./lib/env.cjs');

const SITE_DIR = process.env.SITE_DIR ? path.resolve(process.env.SITE_DIR) : '';
const BASE_PATH = normalizeBasePath(process.env.BASE_PATH || '/');
const SITE_URL = process.env.SITE_URL ? process.env.SITE_URL.replace(/\/*$/, '/') : '';
const SCREENSHOT_DIR = path.resolve(process.env.SCREENSHOT_DIR || path.join(REPO_ROOT, 'target', 'browser-screenshots'));
// flags from shared/DEPENDENCIES.md (browser tests row); the user-data-dir is a
// fresh temporary profile that playwright creates under TMPDIR for every launch
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const A4 = { width: 595.28, height: 841.89, tolerance: 1.5 }; // points; Chromium writes 594.96 x 841.92
const TEST_TIMEOUT = 120_000;

// ------------------------------------------------------------------ setup checks
const setupProblems = [];
if (!SITE_DIR) setupProblems.push('SITE_DIR is not set: build the site (gazette build --output DIR) and pass SITE_DIR=DIR');
else if (!fs.existsSync(path.join(SITE_DIR, 'index.html'))) setupProblems.push(`${SITE_DIR}/index.html does not exist: is SITE_DIR a built site?`);
if (chromiumProblem) setupProblems.push(chromiumProblem);

const PAGES = SITE_DIR && fs.existsSync(SITE_DIR) ? discoverPages(SITE_DIR, BASE_PATH) : [];

// ------------------------------------------------------------------ helpers
let server;
let browser;
let runTmp;
const ctx = {};

/** fail with a heading and one bullet per problem, unless there are none */
function expectNone(problems, heading) {
  if (problems.length === 0) return;
  assert.fail(`${heading} (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

function urlOf(p) {
  return server.baseUrl + encodeURI(p.path);
}

function isLocal(u) {
  return u.startsWith(server.origin + '/');
}

/** map an absolute URL of the deployed site (SITE_URL) onto the local server */
function localize(u) {
  if (SITE_URL && u.startsWith(SITE_URL)) return server.baseUrl + u.slice(SITE_URL.length);
  return u;
}

/**
 * Open a page of the site in a browser context, recording console errors,
 * uncaught exceptions, failed requests and requests that leave the local server.
 */
async function open(context, p) {
  if (p.path === null) assert.fail(`page not found in the built site: ${p.error}`);
  const page = await context.newPage();
  const rec = { consoleErrors: [], failedRequests: [], externalRequests: [] };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const loc = m.location();
    // Chromium asks for /favicon.ico at the host root on its own when a page declares no
    // icon, once per context and at a random moment: that is the browser, not the page
    if (loc && loc.url === `${server.origin}/favicon.ico`) return;
    const where = loc && loc.url ? ` (at ${loc.url}:${loc.lineNumber})` : '';
    rec.consoleErrors.push(`console.error: ${m.text()}${where}`);
  });
  page.on('pageerror', (e) => rec.consoleErrors.push(`uncaught exception: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!isLocal(u) && !/^(data|blob|about|chrome-extension):/.test(u)) rec.externalRequests.push(`${r.method()} ${u} (external: the site must not depend on other hosts)`);
  });
  page.on('requestfailed', (r) => {
    if (isLocal(r.url())) rec.failedRequests.push(`${r.method()} ${r.url()}: ${r.failure() ? r.failure().errorText : 'failed'}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) rec.failedRequests.push(`${r.request().method()} ${r.url()}: HTTP ${r.status()}`);
  });
  const url = urlOf(p);
  const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  // load lazy images now, as scrolling down would (their failures count, and the
  // screenshots show them); then let late requests and deferred scripts finish
  await page.evaluate(() => {
    for (const img of document.querySelectorAll('img[loading="lazy"]')) img.loading = 'eager';
  });
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
  const pending = await page.evaluate(() => Promise.race([
    Promise.all([...document.images].map((img) => img.complete || new Promise((r) => { img.onload = r; img.onerror = r; }))).then(() => []),
    new Promise((r) => setTimeout(() => r([...document.images].filter((i) => !i.complete).map((i) => i.currentSrc || i.src)), 10_000)),
  ]));
  for (const src of pending) rec.failedRequests.push(`image still loading after 10 s: ${src}`);
  return { page, response, rec, url };
}

async function withPage(context, p, fn) {
  const opened = await open(context, p);
  try {
    return await fn(opened);
  } finally {
    await opened.page.close();
  }
}

function expectOk(response, url) {
  assert.ok(response, `no response for ${url}`);
  assert.equal(response.status(), 200, `${url} answered HTTP ${response.status()}`);
}

function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 8).map((n) => `      ${n.target}\n        ${n.html.replace(/\s+/g, ' ').slice(0, 200)}\n` +
      `        ${(n.summary || '').replace(/\n\s*/g, ' | ')}`).join('\n');
    const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more element(s)` : '';
    return `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s)) ${v.helpUrl}\n${nodes}${more}`;
  });
}

async function runAxe(page, options) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (opts) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, opts);
    return {
      version: r.testEngine.version,
      violations: r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
      })),
      incomplete: r.incomplete.map((v) => `${v.id} (${v.nodes.length})`),
    };
  }, options);
}

// ------------------------------------------------------------------ the tests
describe('setup', () => {
  it('has a built site and chromium', () => expectNone(setupProblems, 'cannot run the browser tests'));
  it('finds every page under test in the built site', () => {
    expectNone(PAGES.filter((p) => p.error).map((p) => `${p.title}: ${p.error}`), 'pages not found');
    assert.ok(PAGES.length >= 8, `expected at least 8 pages under test, found ${PAGES.length}`);
  });
});

describe('browser', { skip: skipReason }, () => {
  before(async () => {
    expectNone(setupProblems, 'cannot run the browser tests');
    runTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-browser-'));
    // playwright puts its fresh --user-data-dir (and Chromium its temp files) here
    process.env.TMPDIR = runTmp;
    server = await startServer(SITE_DIR, BASE_PATH);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    const common = { bypassCSP: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
    ctx.desktop = await browser.newContext({ ...common, viewport: { width: 1280, height: 800 } });
    ctx.dark = await browser.newContext({ ...common, viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    ctx.narrow = await browser.newContext({ ...common, viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    ctx.phone = await browser.newContext({ ...common, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    // never let a page reach the network: such requests are recorded and fail test (a)
    for (const c of Object.values(ctx)) await c.route((u) => !isLocal(u.href), (route) => route.abort('blockedbyclient'));
    console.log(`# chromium ${browser.version()}, serving ${SITE_DIR} at ${server.baseUrl}` +
      `${SITE_URL ? `, ${SITE_URL} mapped to it` : ''}; pages: ${PAGES.map((p) => `/${p.path ?? '?'}`).join(' ')}`);
  }, { timeout: TEST_TIMEOUT });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.close();
    if (runTmp) fs.rmSync(runTmp, { recursive: true, force: true });
  });

  describe('(a) no console errors and no failed requests', () => {
    for (const p of PAGES) {
      it(p.title, { timeout: TEST_TIMEOUT }, () => withPage(ctx.desktop, p, ({ response, rec, url }) => {
        expectOk(response, url);
        expectNone([...rec.consoleErrors, ...rec.failedRequests, ...rec.externalRequests], `problems while loading ${url}`);
      }));
    }
    // web servers answer any missing URL with 404.html, so its own links must not be relative
    it('404.html served for a missing deep URL, with status 404, loads all it needs', { timeout: TEST_TIMEOUT }, async () => {
      const missing = { key: 'missing', title: 'missing', path: 'no-such-folder/no-such-page/', error: null };
      assert.ok(fs.existsSync(path.join(SITE_DIR, '404.html')), 'the site has no 404.html');
      await withPage(ctx.desktop, missing, ({ response, rec, url }) => {
        assert.ok(response, `no response for ${url}`);
        assert.equal(response.status(), 404, `${url} answered HTTP ${response.status()}`);
        const others = rec.failedRequests.filter((f) => !f.startsWith(`GET ${url}: `));
        const consoleErrors = rec.consoleErrors.filter((e) => !e.includes(`(at ${url}:`));
        expectNone([...consoleErrors, ...others, ...rec.externalRequests], `problems while loading the 404 page at ${url}`);
      });
    });
  });

  describe(`(b) axe-core: no WCAG 2.1 A/AA violations (${AXE_TAGS.join(', ')})`, () => {
    for (const p of PAGES) {
      it(p.title, { timeout: TEST_TIMEOUT }, (t) => withPage(ctx.desktop, p, async ({ page, response, url }) => {
        expectOk(response, url);
        const r = await runAxe(page, { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] });
        if (r.incomplete.length) t.diagnostic(`axe "needs review" (not failures): ${r.incomplete.join(', ')}`);
        expectNone(formatViolations(r.violations), `axe-core ${r.version} violations on ${url}`);
      }));
    }
  });

  describe('(b) axe-core: colour contrast with prefers-color-scheme: dark', () => {
    for (const p of PAGES) {
      it(p.title, { timeout: TEST_TIMEOUT }, () => withPage(ctx.dark, p, async ({ page, response, url }) => {
        expectOk(response, url);
        const r = await runAxe(page, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations'] });
        expectNone(formatViolations(r.violations), `axe-core ${r.version} violations on ${url} in dark mode`);
      }));
    }
  });

  describe('(c) no horizontal scroll at 360px', () => {
    for (const p of PAGES) {
      it(p.title, { timeout: TEST_TIMEOUT }, () => withPage(ctx.narrow, p, async ({ page, response, url }) => {
        expectOk(response, url);
        const r = await page.evaluate(() => {
          const vw = 360;
          const outside = (el) => {
            const b = el.getBoundingClientRect();
            return b.width > 0 && (b.right > vw + 0.5 || b.left < -0.5);
          };
          const offenders = [];
          if (document.documentElement.scrollWidth > vw) {
            for (const el of document.querySelectorAll('body *')) {
              // report the outermost elements that stick out, not all their children
              if (outside(el) && !(el.parentElement && el.parentElement !== document.body && outside(el.parentElement))) {
                const b = el.getBoundingClientRect();
                const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
                  (typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
                offenders.push(`${name} spans x=${Math.round(b.left)}..${Math.round(b.right)}: "${(el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`);
                if (offenders.length >= 10) break;
              }
            }
          }
          const meta = document.querySelector('meta[name="viewport"]');
          return { scrollWidth: document.documentElement.scrollWidth, viewport: meta ? meta.getAttribute('content') : null, offenders };
        });
        const hint = !/width\s*=\s*device-width/.test(r.viewport || '') ? ` The page has ${r.viewport === null ? 'no <meta name="viewport">' : `<meta name="viewport" content="${r.viewport}">`}: phones lay it out 980px wide.` : '';
        assert.ok(r.scrollWidth <= 360,
          `${url} scrolls sideways at 360px: document.documentElement.scrollWidth = ${r.scrollWidth}.${hint}\n` +
          `elements beyond the viewport:\n${r.offenders.map((o) => `  - ${o}`).join('\n') || '  (none found)'}`);
      }));
    }
  });

  describe('(d) every internal link resolves, #fragments included', () => {
    const statusCache = new Map(); // document URL -> { ok, html, why }
    const idCache = new Map(); // document URL -> Set of ids and anchor names
    const idsOf = (page) => page.evaluate(() => [
      ...[...document.querySelectorAll('[id]')].map((e) => e.id),
      ...[...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name')),
    ]);
    /** GET a document once: { ok, html, why } */
    async function status(u) {
      if (!statusCache.has(u)) {
        let r;
        try {
          const res = await fetch(u, { redirect: 'follow' });
          await res.arrayBuffer();
          r = { ok: res.status === 200, html: (res.headers.get('content-type') || '').startsWith('text/html'), why: `HTTP ${res.status}` };
        } catch (e) {
          r = { ok: false, html: false, why: `request failed: ${e.cause ? e.cause.message : e.message}` };
        }
        statusCache.set(u, r);
      }
      return statusCache.get(u);
    }
    async function targetIds(u) {
      if (!idCache.has(u)) {
        const page = await ctx.desktop.newPage();
        try {
          await page.goto(u, { waitUntil: 'load', timeout: 30_000 });
          idCache.set(u, new Set(await idsOf(page)));
        } finally {
          await page.close();
        }
      }
      return idCache.get(u);
    }

    for (const p of PAGES) {
      it(p.title, { timeout: TEST_TIMEOUT }, (t) => withPage(ctx.desktop, p, async ({ page, response, url }) => {
        expectOk(response, url);
        const links = await page.evaluate(() => {
          const out = [];
          const abs = (u) => { try { return new URL(u, document.baseURI).href; } catch { return null; } };
          const add = (el, attr, u) => {
            const label = (el.textContent || el.getAttribute('alt') || el.getAttribute('rel') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
            if (u) out.push({ url: u, what: `<${el.tagName.toLowerCase()} ${attr}>${label ? ` "${label}"` : ''}` });
          };
          for (const el of document.querySelectorAll('a[href], area[href], link[href]')) add(el, 'href', abs(el.getAttribute('href')));
          for (const el of document.querySelectorAll('img[src], script[src], iframe[src], source[src], video[src], audio[src], track[src], embed[src], input[type=image][src]')) add(el, 'src', abs(el.getAttribute('src')));
          for (const el of document.querySelectorAll('img[srcset], source[srcset]')) {
            for (const part of el.getAttribute('srcset').split(',')) add(el, 'srcset', abs(part.trim().split(/\s+/)[0]));
          }
          for (const el of document.querySelectorAll('video[poster]')) add(el, 'poster', abs(el.getAttribute('poster')));
          for (const el of document.querySelectorAll('object[data]')) add(el, 'data', abs(el.getAttribute('data')));
          for (const el of document.querySelectorAll('form[action]')) {
            if ((el.getAttribute('method') || 'get').toLowerCase() === 'get') add(el, 'action', abs(el.getAttribute('action')));
          }
          return out;
        });
        const here = url.split('#')[0];
        const hereIds = new Set(await idsOf(page));
        const problems = [];
        let checked = 0;
        let external = 0;
        for (const { url: raw, what } of links) {
          if (!/^https?:/.test(raw)) continue; // mailto:, tel:, javascript:, data:
          const u = localize(raw);
          if (!isLocal(u)) { external += 1; continue; }
          checked += 1;
          const [doc, ...rest] = u.split('#');
          const fragment = rest.join('#');
          const s = await status(doc);
          if (!s.ok) {
            problems.push(`${what} -> ${raw}: ${s.why}`);
            continue;
          }
          if (!fragment || fragment.toLowerCase() === 'top' || !s.html) continue;
          let id;
          try { id = decodeURIComponent(fragment); } catch { id = fragment; }
          const ids = doc === here ? hereIds : await targetIds(doc);
          if (!ids.has(id)) problems.push(`${what} -> ${raw}: no element with id="${id}" on ${doc}`);
        }
        t.diagnostic(`${checked} internal links checked, ${external} external ones left alone`);
        assert.ok(checked > 0 || p.key === '404', `no internal link found on ${url}: even the site navigation is missing`);
        expectNone([...new Set(problems)], `broken internal links on ${url}`);
      }));
    }
  });

  describe(`(e) screenshots at 1280x800 and 390x844 (saved in ${path.relative(REPO_ROOT, SCREENSHOT_DIR) || SCREENSHOT_DIR})`, () => {
    before(() => {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      // only this file's own shots: theme.test.cjs writes its own beside them
      for (const f of fs.readdirSync(SCREENSHOT_DIR)) if (/-(desktop|mobile)-\d+x\d+\.png$|^work-report-2024-print\.pdf$/.test(f)) fs.rmSync(path.join(SCREENSHOT_DIR, f));
    });
    const MAX_HEIGHT = 6000; // CSS px: long reports are cut there
    for (const p of PAGES) {
      it(p.title, { timeout: TEST_TIMEOUT }, async () => {
        for (const [name, context, w, h, dpr] of [['desktop', 'desktop', 1280, 800, 1], ['mobile', 'phone', 390, 844, 2]]) {
          await withPage(ctx[context], p, async ({ page, response, url }) => {
            expectOk(response, url);
            const { textLength, height } = await page.evaluate(() => ({
              textLength: document.body ? document.body.innerText.trim().length : 0,
              height: document.documentElement.scrollHeight,
            }));
            assert.ok(textLength > 0, `${url} shows no text at ${w}x${h}`);
            const file = path.join(SCREENSHOT_DIR, `${p.key}-${name}-${w}x${h}.png`);
            const png = await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: w, height: Math.min(Math.max(height, h), MAX_HEIGHT) } });
            const size = pngSize(png);
            assert.equal(size.width, w * dpr, `${file}: ${size.width}px wide, expected ${w * dpr}`);
            assert.ok(size.height >= h * dpr, `${file}: ${size.height}px high, expected at least ${h * dpr}`);
          });
        }
      });
    }
  });

  describe('(g) search', () => {
    const search = PAGES.find((p) => p.key === 'search');
    it('finds the 2024 work report by its title, and every result link works', { timeout: TEST_TIMEOUT, skip: search ? false : 'the site has no /search/ page' }, async () => {
      const work = PAGES.find((x) => x.path === WORK_REPORT_2024);
      assert.ok(work, `the 2024 work report (/${WORK_REPORT_2024}) is not in the site`);
      const title = await withPage(ctx.desktop, work, async ({ page }) => (await page.locator('h1').first().innerText()).trim());
      assert.ok(title, 'the 2024 work report has no <h1>');
      await withPage(ctx.desktop, search, async ({ page, response, rec, url }) => {
        expectOk(response, url);
        const before = new Set(await page.evaluate(() => [...document.querySelectorAll('main a[href]')].map((a) => a.href)));
        const input = page.locator('main input[type=search], main input[type=text], main input:not([type])').first();
        await input.fill(title, { timeout: 10_000 });
        // results are the links that appear in <main> after typing
        const first = await page.waitForFunction((old) => {
          const now = [...document.querySelectorAll('main a[href]')].map((a) => a.href).filter((h) => !old.includes(h));
          return now.length ? now : null;
        }, [...before], { timeout: 15_000 }).then((h) => h.jsonValue()).catch(() => []);
        await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
        // results appear one by one as their fragments load: take them all once loading is done
        const old = [...before];
        const results = first.length
          ? await page.evaluate((o) => [...document.querySelectorAll('main a[href]')].map((a) => a.href).filter((h) => !o.includes(h)), old)
          : first;
        expectNone([...rec.consoleErrors, ...rec.failedRequests, ...rec.externalRequests], `problems while searching for "${title}" on ${url}`);
        assert.ok(results.length > 0, `searching for "${title}" on ${url} showed no result link within 15 s`);
        const broken = [];
        for (const r of results) {
          const res = await fetch(localize(r)).catch((e) => ({ status: `request failed: ${e.message}` }));
          if (res.status !== 200) broken.push(`${r}: ${typeof res.status === 'number' ? `HTTP ${res.status}` : res.status}`);
        }
        expectNone(broken, `search result links that do not work (searching for "${title}")`);
        const want = server.baseUrl + WORK_REPORT_2024;
        assert.ok(results.map(localize).includes(want), `no result links to ${want}; results: ${results.join(', ')}`);
      });
    });
  });

  describe('(f) print', () => {
    it(`the 2024 work report prints on A4 paper, on 2 pages or more (/${WORK_REPORT_2024})`, { timeout: TEST_TIMEOUT }, async () => {
      const p = PAGES.find((x) => x.path === WORK_REPORT_2024) || PAGES.find((x) => x.key === 'work-report-2024');
      assert.ok(p, 'the 2024 work report is not among the pages under test');
      await withPage(ctx.desktop, p, async ({ page, response, url }) => {
        expectOk(response, url);
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        fs.writeFileSync(path.join(SCREENSHOT_DIR, 'work-report-2024-print.pdf'), pdf);
        const { pages, mediaBoxes, count } = pdfPages(pdf);
        assert.equal(count, pages, `PDF page tree says ${count} pages but has ${pages} page objects`);
        assert.ok(pages >= 2, `printing ${url} gave ${pages} page(s); the ~8,000-character report needs at least 2`);
        assert.equal(mediaBoxes.length, pages, `expected one /MediaBox per page, found ${mediaBoxes.length} for ${pages} pages`);
        const sizes = new Map(); // "w x h pt" -> page numbers
        mediaBoxes.forEach(([x0, y0, x1, y1], i) => {
          const [w, h] = [x1 - x0, y1 - y0];
          if (Math.abs(w - A4.width) <= A4.tolerance && Math.abs(h - A4.height) <= A4.tolerance) return;
          const key = `${w.toFixed(2)} x ${h.toFixed(2)} pt`;
          sizes.set(key, [...(sizes.get(key) || []), i + 1]);
        });
        const notA4 = [...sizes].map(([size, nums]) => `${size} on page(s) ${nums.join(', ')} of ${pages}`);
        expectNone(notA4, `pages not A4 (${A4.width} x ${A4.height} pt, portrait; does the print stylesheet set @page { size: A4 }?)`);
      });
    });
  });
});
