'use strict';
// The default theme in a real browser: keyboard use, larger-text mode, tap targets, the SVG
// statistics, government-site metadata and footer, sharing metadata, and printing as an official
// document (GB/T 9704). Same setup and variables as site.test.cjs (see README.md), on the same
// pages: home, a report, the 2024 work report, a section list, /years/, a year, /topics/, a
// topic, 404 and search.
//
//   SITE_DIR=/tmp/site BASE_PATH=/renda/ SITE_URL=https://www.example.gov.cn/renda/ node --test theme.test.cjs
//
// Screenshots (print, larger text, dark) and the printed PDF go to SCREENSHOT_DIR beside those
// of site.test.cjs.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { chromium } = require('playwright-core');

const { startServer, normalizeBasePath } = require('./lib/server.cjs');
const { discoverPages, WORK_REPORT_2024 } = require('./lib/site.cjs');
const { pdfPages, pngSize } = require('./lib/files.cjs');
const { pdfPageTexts } = require('./lib/pdf-text.cjs');
const { REPO: REPO_ROOT, CHROMIUM, CHROMIUM_ARGS, chromiumProblem, skipReason } = require('./lib/env.cjs');

const SITE_DIR = process.env.SITE_DIR ? path.resolve(process.env.SITE_DIR) : '';
const BASE_PATH = normalizeBasePath(process.env.BASE_PATH || '/');
const SITE_URL = process.env.SITE_URL ? process.env.SITE_URL.replace(/\/*$/, '/') : '';
const SCREENSHOT_DIR = path.resolve(process.env.SCREENSHOT_DIR || path.join(REPO_ROOT, 'target', 'browser-screenshots'));
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TEST_TIMEOUT = 180_000;
const MM = 96 / 25.4; // CSS px per millimetre
const PT = 96 / 72; // CSS px per point
const A4 = { width: 595.28, height: 841.89, tolerance: 1.5 }; // PDF points
const TAP = 44; // CSS px
const LARGE_TEXT_KEY = 'gazette-large-text'; // js/gazette.js

// ------------------------------------------------------------------ setup checks
const setupProblems = [];
if (!SITE_DIR) setupProblems.push('SITE_DIR is not set: build the site (gazette build --output DIR) and pass SITE_DIR=DIR');
else if (!fs.existsSync(path.join(SITE_DIR, 'index.html'))) setupProblems.push(`${SITE_DIR}/index.html does not exist: is SITE_DIR a built site?`);
if (chromiumProblem) setupProblems.push(chromiumProblem);

const PAGES = SITE_DIR && fs.existsSync(SITE_DIR) ? discoverPages(SITE_DIR, BASE_PATH) : [];
const page = (key) => PAGES.find((p) => p.key === key);

/** site paths (relative to the base path) of built pages whose HTML matches `re`, sorted */
function builtPagesMatching(re, under = ['reports', 'news']) {
  const out = [];
  const walk = (dir) => {
    let entries;
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === 'index.html' && !/[/\\]page[/\\]\d+[/\\]/.test(full) && re.test(fs.readFileSync(full, 'utf8'))) {
        out.push(path.relative(SITE_DIR, path.dirname(full)).split(path.sep).join('/') + '/');
      }
    }
  };
  if (SITE_DIR) for (const u of under) walk(path.join(SITE_DIR, u));
  return out;
}

let server;
let browser;
let runTmp;
const ctx = {};

function expectNone(problems, heading) {
  if (problems.length === 0) return;
  assert.fail(`${heading} (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

const isLocal = (u) => u.startsWith(server.origin + '/');
const localize = (u) => (SITE_URL && u.startsWith(SITE_URL) ? server.baseUrl + u.slice(SITE_URL.length) : u);

/** open a site path in a context; console errors, failed and external requests are recorded */
async function open(context, sitePath) {
  const pg = await context.newPage();
  const problems = [];
  pg.on('console', (m) => {
    if (m.type() !== 'error') return;
    const loc = m.location();
    if (loc && loc.url === `${server.origin}/favicon.ico`) return; // Chromium's own request
    problems.push(`console.error: ${m.text()}${loc && loc.url ? ` (at ${loc.url}:${loc.lineNumber})` : ''}`);
  });
  pg.on('pageerror', (e) => problems.push(`uncaught exception: ${e.message}`));
  pg.on('request', (r) => {
    if (!isLocal(r.url()) && !/^(data|blob|about):/.test(r.url())) problems.push(`external request: ${r.url()}`);
  });
  pg.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  const url = server.baseUrl + encodeURI(sitePath);
  const response = await pg.goto(url, { waitUntil: 'load', timeout: 30_000 });
  await pg.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
  return { page: pg, response, problems, url };
}

async function withPage(context, p, fn) {
  if (!p || p.path === null) assert.fail(`page not found in the built site: ${p ? p.error : 'unknown page'}`);
  const opened = await open(context, p.path);
  try {
    assert.ok(opened.response, `no response for ${opened.url}`);
    assert.equal(opened.response.status(), 200, `${opened.url} answered HTTP ${opened.response.status()}`);
    const result = await fn(opened);
    expectNone(opened.problems, `console errors or failed requests on ${opened.url}`);
    return result;
  } finally {
    await opened.page.close();
  }
}

/** load lazy images now (full-page screenshots do not scroll) */
async function loadAllImages(pg) {
  await pg.evaluate(async () => {
    for (const img of document.querySelectorAll('img[loading="lazy"]')) img.loading = 'eager';
    const loaded = (img) => (img.complete && img.naturalWidth ? null : new Promise((resolve) => {
      img.addEventListener('load', resolve, { once: true });
      img.addEventListener('error', resolve, { once: true });
      setTimeout(resolve, 10_000);
    }));
    await Promise.all([...document.images].map(loaded));
  });
}

async function screenshot(pg, file, width, maxHeight = 6000) {
  await loadAllImages(pg);
  const height = await pg.evaluate(() => document.documentElement.scrollHeight);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const png = await pg.screenshot({ path: path.join(SCREENSHOT_DIR, file), fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, maxHeight) } });
  const size = pngSize(png);
  assert.ok(size.width >= width && size.height > 0, `${file}: ${size.width}x${size.height}`);
}

// in the page: is an element rendered and perceivable (not display:none, not hidden, not inert)?
const VISIBLE_FN = `(el) => {
  if (el.closest('[inert], [aria-hidden="true"], [hidden]')) return false;
  const r = el.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return false;
  const s = getComputedStyle(el);
  return s.visibility !== 'hidden' && s.display !== 'none';
}`;

// ------------------------------------------------------------------ the tests
describe('setup', () => {
  it('has a built site and chromium', () => expectNone(setupProblems, 'cannot run the browser tests'));
});

describe('theme', { skip: skipReason }, () => {
  before(async () => {
    expectNone(setupProblems, 'cannot run the browser tests');
    runTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-theme-'));
    process.env.TMPDIR = runTmp;
    server = await startServer(SITE_DIR, BASE_PATH);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    const common = { bypassCSP: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
    // reduced motion: focus scrolls into view at once (gazette.css scrolls smoothly otherwise)
    ctx.desktop = await browser.newContext({ ...common, viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    ctx.phone = await browser.newContext({ ...common, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    ctx.narrow = await browser.newContext({ ...common, viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    ctx.dark = await browser.newContext({ ...common, viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    for (const c of Object.values(ctx)) await c.route((u) => !isLocal(u.href), (route) => route.abort('blockedbyclient'));
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const f of fs.readdirSync(SCREENSHOT_DIR)) {
      if (/-(print-156mm-\d+w|large-text-\d+x\d+|dark-\d+x\d+)\.png$|^work-report-2024-gbt9704\.pdf$/.test(f)) fs.rmSync(path.join(SCREENSHOT_DIR, f));
    }
  }, { timeout: TEST_TIMEOUT });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.close();
    if (runTmp) fs.rmSync(runTmp, { recursive: true, force: true });
  });

  describe('keyboard: Tab reaches every link, with a visible focus indicator; the skip link comes first and works', () => {
    for (const p of PAGES) {
      it(p.title, { timeout: TEST_TIMEOUT }, (t) => withPage(ctx.desktop, p, async ({ page: pg, url }) => {
        const links = await pg.evaluate((visibleSrc) => {
          const visible = eval(visibleSrc); // eslint-disable-line no-eval
          const all = [...document.querySelectorAll('a[href]')].filter(visible);
          all.forEach((a, i) => a.setAttribute('data-gz-link', String(i)));
          return all.map((a) => `${(a.textContent || a.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 30)} -> ${a.getAttribute('href')}`);
        }, VISIBLE_FN);
        const reached = new Set();
        const noIndicator = [];
        let first = null;
        const limit = links.length * 2 + 60;
        for (let i = 0; i < limit; i++) {
          await pg.keyboard.press('Tab');
          const f = await pg.evaluate(() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const s = getComputedStyle(el);
            const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
            const shadow = s.boxShadow && s.boxShadow !== 'none';
            const r = el.getBoundingClientRect();
            return {
              id: el.getAttribute('data-gz-link'),
              name: `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}> "${(el.textContent || el.getAttribute('aria-label') || el.getAttribute('placeholder') || '').trim().replace(/\s+/g, ' ').slice(0, 30)}"`,
              indicator: outline || shadow,
              onScreen: r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth,
              skip: el.classList.contains('skip-link'),
            };
          });
          if (f === null) { if (first) break; else continue; }
          if (first === null) first = f;
          else if (f.name === first.name && f.id === first.id) break; // wrapped around
          if (f.id !== null) reached.add(f.id);
          if (!f.indicator || !f.onScreen) noIndicator.push(`${f.name}: ${!f.indicator ? 'no outline or box-shadow when focused' : 'focused but off screen'}`);
        }
        t.diagnostic(`${links.length} links, ${reached.size} reached by Tab`);
        assert.ok(first && first.skip, `the first Tab stop on ${url} is ${first ? first.name : 'nothing'}, not the skip link`);
        const missed = links.filter((_, i) => !reached.has(String(i)));
        expectNone(missed, `links on ${url} that Tab never reaches`);
        expectNone([...new Set(noIndicator)], `focus stops without a visible focus indicator on ${url}`);
        // the skip link moves focus to the main content
        await pg.evaluate(() => document.activeElement && document.activeElement.blur());
        await pg.goto(url, { waitUntil: 'load' });
        await pg.keyboard.press('Tab');
        await pg.keyboard.press('Enter');
        const after = await pg.evaluate(() => (document.activeElement ? document.activeElement.id || document.activeElement.tagName : null));
        assert.equal(after, 'main', `after the skip link on ${url}, focus is on ${after}, not <main id="main">`);
      }));
    }
  });

  describe('axe-core best practices too: heading order, landmarks, skip link, one h1', () => {
    for (const p of PAGES) {
      it(p.title, { timeout: TEST_TIMEOUT }, () => withPage(ctx.desktop, p, async ({ page: pg, url }) => {
        await pg.addScriptTag({ content: AXE_SOURCE });
        const violations = await pg.evaluate(async () => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
          return r.violations.map((v) => `[${v.impact}] ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`);
        });
        expectNone(violations, `axe-core violations (WCAG 2.1 AA and best practices) on ${url}`);
        const lang = await pg.evaluate(() => document.documentElement.lang);
        assert.match(lang, /^(zh-CN|en)$/, `<html lang> on ${url}`);
      }));
    }
  });

  describe('larger-text mode (适老化)', () => {
    it('is switched on with the keyboard, enlarges text and spacing, is remembered across pages and switched off again', { timeout: TEST_TIMEOUT }, async () => {
      const home = page('home');
      const report = page('work-report-2024') || page('report');
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' });
      await context.route((u) => !isLocal(u.href), (route) => route.abort('blockedbyclient'));
      const sizes = async (pg) => pg.evaluate(() => {
        const button = document.querySelector('.js-text-size');
        const prose = document.querySelector('.prose p') || document.querySelector('main p');
        const ps = getComputedStyle(prose);
        return {
          on: document.documentElement.classList.contains('large-text'),
          pressed: button ? button.getAttribute('aria-pressed') : null,
          buttonVisible: !!button && !button.hidden && button.getBoundingClientRect().height > 0,
          rootPx: parseFloat(getComputedStyle(document.documentElement).fontSize),
          textPx: parseFloat(ps.fontSize),
          lineRatio: parseFloat(ps.lineHeight) / parseFloat(ps.fontSize),
          scrollWidth: document.documentElement.scrollWidth,
          width: window.innerWidth,
        };
      });
      try {
        const a = await open(context, home.path);
        const before = await sizes(a.page);
        assert.ok(before.buttonVisible, 'no visible larger-text button (.js-text-size) on the home page');
        assert.equal(before.on, false, 'larger text is on before anyone asked for it');
        assert.equal(before.pressed, 'false');
        // reach the button with Tab only, switch it on with the space bar
        let found = false;
        for (let i = 0; i < 30 && !found; i++) {
          await a.page.keyboard.press('Tab');
          found = await a.page.evaluate(() => document.activeElement && document.activeElement.classList.contains('js-text-size'));
        }
        assert.ok(found, 'Tab does not reach the larger-text button within 30 presses');
        await a.page.keyboard.press('Space');
        const on = await sizes(a.page);
        assert.equal(on.on, true, 'the space bar on the button did not switch larger text on');
        assert.equal(on.pressed, 'true', 'aria-pressed did not become "true"');
        assert.ok(on.rootPx >= before.rootPx * 1.2, `root font size ${before.rootPx}px -> ${on.rootPx}px: not at least 20% larger`);
        assert.ok(on.textPx >= before.textPx * 1.2, `paragraph text ${before.textPx}px -> ${on.textPx}px: not at least 20% larger`);
        assert.ok(on.lineRatio >= 1.5, `line spacing ${on.lineRatio.toFixed(2)} in larger-text mode, below 1.5`);
        await screenshot(a.page, 'home-large-text-390x844.png', 390);
        expectNone(a.problems, 'problems on the home page');
        await a.page.close();

        // another page remembers it, before any click, and does not scroll sideways
        const b = await open(context, report.path);
        const there = await sizes(b.page);
        assert.equal(there.on, true, `larger text is not remembered on /${report.path}`);
        assert.equal(there.pressed, 'true', `the button on /${report.path} does not show it is on`);
        assert.ok(there.scrollWidth <= there.width, `/${report.path} scrolls sideways in larger-text mode (${there.scrollWidth}px > ${there.width}px)`);
        await screenshot(b.page, 'work-report-2024-large-text-390x844.png', 390, 3000);
        // switched off with Enter this time; the next page is back to normal
        await b.page.focus('.js-text-size');
        await b.page.keyboard.press('Enter');
        assert.equal((await sizes(b.page)).on, false, 'Enter on the button did not switch larger text off');
        expectNone(b.problems, `problems on /${report.path}`);
        await b.page.close();
        const c = await open(context, page('reports').path);
        const off = await sizes(c.page);
        assert.equal(off.on, false, 'larger text came back after it was switched off');
        assert.equal(off.rootPx, before.rootPx);
        expectNone(c.problems, 'problems on the section list');
        await c.page.close();
      } finally {
        await context.close();
      }
    });
  });

  describe(`phone: tap targets at least ${TAP}x${TAP}px (links inside running text excepted)`, () => {
    for (const p of PAGES) {
      it(p.title, { timeout: TEST_TIMEOUT }, () => withPage(ctx.phone, p, async ({ page: pg, url }) => {
        const small = await pg.evaluate(({ visibleSrc, tap }) => {
          const visible = eval(visibleSrc); // eslint-disable-line no-eval
          const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"]):not(table)';
          // inline links in sentences are exempt (WCAG 2.5.5 "inline"); so is the skip link
          // until it is focused
          const inline = '.prose, .entry-summary, .home-intro, .list-intro, .list-desc, .stats-summary, .footer-desc, .skip-link, .pagefind-ui__result-excerpt';
          const out = [];
          for (const el of document.querySelectorAll(sel)) {
            if (!visible(el) || el.closest(inline)) continue;
            let r = el.getBoundingClientRect();
            // a checkbox or radio counts with its label
            if (el.labels && el.labels.length) {
              const l = el.labels[0].getBoundingClientRect();
              r = { width: Math.max(r.width, l.width), height: Math.max(r.height, l.height) };
            }
            if (r.width < tap - 0.5 || r.height < tap - 0.5) {
              out.push(`<${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className ? ` class="${el.className}"` : ''}> "${(el.textContent || el.getAttribute('aria-label') || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 30)}" is ${Math.round(r.width)}x${Math.round(r.height)}px`);
            }
          }
          return out;
        }, { visibleSrc: VISIBLE_FN, tap: TAP });
        expectNone(small, `tap targets smaller than ${TAP}x${TAP}px at 390px wide on ${url}`);
      }));
    }
  });

  describe('phone: wide tables scroll inside themselves and can be scrolled with the keyboard', () => {
    it('a report with a table, at 360px', { timeout: TEST_TIMEOUT }, async () => {
      const withTable = builtPagesMatching(/<div class="prose">[\s\S]*<table/);
      assert.ok(withTable.length > 0, 'no report or news page of the site has a table (the example content has three)');
      const p = { key: 'table', title: withTable[0], path: withTable[0], error: null };
      await withPage(ctx.narrow, p, async ({ page: pg, url }) => {
        const r = await pg.evaluate(() => {
          const tables = [...document.querySelectorAll('.prose table')];
          return {
            page: document.documentElement.scrollWidth,
            tables: tables.map((t) => ({ scroll: t.scrollWidth, client: t.clientWidth, right: t.getBoundingClientRect().right, tabindex: t.getAttribute('tabindex') })),
          };
        });
        assert.ok(r.page <= 360, `${url} scrolls sideways at 360px (${r.page}px)`);
        const outside = r.tables.filter((t) => t.right > 360.5);
        expectNone(outside.map((t) => `a table ends at x=${t.right}`), `tables wider than the screen on ${url}`);
        for (const t of r.tables.filter((x) => x.scroll > x.client + 1)) {
          assert.equal(t.tabindex, '0', `a table that scrolls (${t.scroll}px in ${t.client}px) has no tabindex="0" for keyboard scrolling`);
        }
      });
    });
  });

  describe('statistics: SVG bar charts drawn at build time, with a table for screen readers', () => {
    for (const key of ['home', 'years', 'topics']) {
      it(`/${(page(key) || {}).path ?? key}`, { timeout: TEST_TIMEOUT }, () => withPage(ctx.desktop, page(key), async ({ page: pg, url }) => {
        // in the HTML as served, not drawn by a script
        const html = await (await fetch(url)).text();
        assert.match(html, /<svg class="chart-svg"[^>]*>[\s\S]*?<rect class="chart-bar"/, `${url}: no SVG bar chart in the HTML`);
        const charts = await pg.evaluate(() => [...document.querySelectorAll('figure.chart')].map((f) => {
          const svg = f.querySelector('svg');
          const table = f.querySelector('table');
          return {
            title: (f.querySelector('figcaption') || {}).textContent,
            svgHidden: svg && svg.getAttribute('aria-hidden') === 'true',
            bars: [...f.querySelectorAll('rect.chart-bar')].map((r) => r.getBBox().width),
            rows: table ? [...table.querySelectorAll('tbody tr')].map((tr) => [tr.querySelector('th').textContent.trim(), Number(tr.querySelector('td').textContent)]) : null,
            tableName: table ? (table.getAttribute('aria-labelledby') && document.getElementById(table.getAttribute('aria-labelledby')) || {}).textContent : null,
            renderedWidth: svg.getBoundingClientRect().width,
          };
        }));
        const expected = key === 'home' ? 2 : 1;
        assert.ok(charts.length >= expected, `${url}: ${charts.length} chart(s), expected ${expected}`);
        for (const c of charts) {
          assert.ok(c.svgHidden, `${url}: chart "${c.title}": the SVG is not aria-hidden (the table is its text)`);
          assert.ok(c.rows && c.rows.length === c.bars.length && c.bars.length > 0, `${url}: chart "${c.title}": ${c.bars.length} bars but ${c.rows ? c.rows.length : 'no'} table rows`);
          assert.equal(c.tableName, c.title, `${url}: chart "${c.title}": its table is not named by the caption`);
          const max = Math.max(...c.rows.map((r) => r[1]));
          const longest = Math.max(...c.bars);
          c.rows.forEach(([name, count], i) => {
            const want = (count / max) * longest;
            assert.ok(Math.abs(c.bars[i] - want) <= Math.max(2.5, longest * 0.01), `${url}: chart "${c.title}": the bar of ${name} (${count}) is ${c.bars[i].toFixed(1)} long, expected ${want.toFixed(1)}`);
          });
          assert.ok(c.renderedWidth > 200, `${url}: chart "${c.title}" is only ${c.renderedWidth}px wide`);
        }
        // the numbers agree with the term links of the page
        if (key !== 'home') {
          const links = await pg.evaluate(() => [...document.querySelectorAll('ul.terms a')].map((a) => [a.querySelector('.term-name').textContent.trim(), Number(a.querySelector('.count').textContent.replace(/\D+/g, ''))]));
          assert.deepEqual(charts[0].rows, links, `${url}: the chart's table and the list of terms disagree`);
        }
      }));
    }
  });

  describe('metadata: government-site tags, description, canonical, Open Graph', () => {
    const meta = (pg) => pg.evaluate(() => {
      const m = {};
      for (const el of document.querySelectorAll('meta[name], meta[property]')) m[el.getAttribute('name') || el.getAttribute('property')] = el.getAttribute('content');
      const canonical = document.querySelector('link[rel=canonical]');
      m.canonical = canonical ? canonical.getAttribute('href') : null;
      m.h1 = (document.querySelector('h1') || {}).textContent;
      m.footer = document.querySelector('.site-footer') ? document.querySelector('.site-footer').innerText : '';
      m.footerLinks = [...document.querySelectorAll('.site-footer a')].map((a) => [a.textContent.trim(), a.getAttribute('href')]);
      return m;
    });
    const absolute = (u) => /^https?:\/\//.test(u || '');

    it('home: SiteName, SiteDomain, SiteIDCode (when configured), description, canonical, og:*; the footer shows the filing lines', { timeout: TEST_TIMEOUT }, () => withPage(ctx.desktop, page('home'), async ({ page: pg, url }) => {
      const m = await meta(pg);
      for (const k of ['SiteName', 'SiteDomain', 'description', 'og:title', 'og:site_name', 'og:url', 'og:type', 'og:description']) assert.ok(m[k], `${url}: no <meta ${k}>`);
      assert.ok(absolute(m.canonical) && m.canonical === m['og:url'], `${url}: canonical ${m.canonical} and og:url ${m['og:url']} should be the same absolute URL`);
      assert.ok(m.SiteDomain === new URL(m.canonical).host || !SITE_URL, `${url}: SiteDomain ${m.SiteDomain} is not the host of ${m.canonical}`);
      // every government line in the footer has its tag or its link, and no empty label is left
      const idCode = /网站标识码：\s*(\S+)|Site ID code:\s*(\S+)/.exec(m.footer);
      if (idCode) assert.equal(m.SiteIDCode, idCode[1] || idCode[2], `${url}: the footer's 网站标识码 and <meta name="SiteIDCode"> differ`);
      else assert.equal(m.SiteIDCode, undefined, `${url}: SiteIDCode meta without 网站标识码 in the footer`);
      for (const [text, href] of m.footerLinks) {
        if (/ICP备/.test(text)) assert.match(href, /^https?:\/\/beian\.miit\.gov\.cn\//, `${url}: the ICP filing number links to ${href}`);
        if (/公网安备/.test(text)) assert.match(href, /^https?:\/\/(www\.)?beian\.(mps|gov)\.(gov\.)?cn\//, `${url}: the public-security filing number links to ${href}`);
      }
      assert.doesNotMatch(m.footer, /[：:]\s*(\n|$)/, `${url}: the footer has a label with no value:\n${m.footer}`);
    }));

    it('section list: ColumnName (and ColumnType when configured)', { timeout: TEST_TIMEOUT }, () => withPage(ctx.desktop, page('reports'), async ({ page: pg, url }) => {
      const m = await meta(pg);
      assert.equal(m.ColumnName, m.h1.trim(), `${url}: ColumnName is not the section title`);
      assert.ok(m.SiteName && m.SiteDomain, `${url}: no SiteName or SiteDomain`);
      if ('ColumnType' in m) assert.ok(m.ColumnType, `${url}: an empty ColumnType`);
    }));

    it('report: ArticleTitle, PubDate (YYYY-MM-DD HH:MM), ContentSource, ColumnName; og:type article', { timeout: TEST_TIMEOUT }, () => withPage(ctx.desktop, page('work-report-2024') || page('report'), async ({ page: pg, url }) => {
      const m = await meta(pg);
      assert.equal(m.ArticleTitle, m.h1.trim(), `${url}: ArticleTitle is not the report's title`);
      assert.match(m.PubDate || '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, `${url}: PubDate`);
      assert.ok(m.ContentSource, `${url}: no ContentSource`);
      assert.ok(m.ColumnName, `${url}: no ColumnName`);
      assert.equal(m['og:type'], 'article');
      assert.ok(m.description && m['og:description'], `${url}: no description`);
      assert.ok(absolute(m.canonical) && m.canonical === m['og:url'], `${url}: canonical and og:url`);
    }));

    it('a page with a cover: an absolute og:image that answers 200, a large-image card', { timeout: TEST_TIMEOUT }, async () => {
      const withCover = builtPagesMatching(/<meta property="og:image"/);
      assert.ok(withCover.length > 0, 'no page of the site has og:image (the example news have covers)');
      await withPage(ctx.desktop, { key: 'cover', title: withCover[0], path: withCover[0], error: null }, async ({ page: pg, url }) => {
        const m = await meta(pg);
        assert.ok(absolute(m['og:image']), `${url}: og:image ${m['og:image']} is not absolute`);
        const res = await fetch(localize(m['og:image']));
        assert.equal(res.status, 200, `${url}: og:image ${m['og:image']} answers ${res.status}`);
        assert.match(res.headers.get('content-type') || '', /^image\/(jpeg|png|webp|gif)/, `${url}: og:image is not a raster image`);
        assert.equal(m['twitter:card'], 'summary_large_image');
        assert.ok(m['og:image:alt'], `${url}: no og:image:alt`);
      });
    });
  });

  describe('print as an official document (GB/T 9704-2012)', () => {
    const report = () => page('work-report-2024') || page('report');

    it(`layout in print media: A4 type area 156 mm, 仿宋 16 pt on a 22-line grid of 28 characters, 22 pt title centred, headings by number, no navigation, search or footer (/${WORK_REPORT_2024})`, { timeout: TEST_TIMEOUT }, async () => {
      const context = await browser.newContext({ viewport: { width: Math.round(156 * MM), height: Math.round(225 * MM) }, locale: 'zh-CN' });
      await context.route((u) => !isLocal(u.href), (route) => route.abort('blockedbyclient'));
      try {
        const { page: pg, problems, url } = await open(context, report().path);
        await pg.emulateMedia({ media: 'print' });
        const r = await pg.evaluate(() => {
          const px = (v) => parseFloat(v);
          const shown = (sel) => [...document.querySelectorAll(sel)].filter((el) => {
            const s = getComputedStyle(el);
            return s.display !== 'none' && s.visibility !== 'hidden' && el.getBoundingClientRect().height > 0;
          }).map((el) => sel);
          const p = document.querySelector('.prose > p:nth-of-type(3)') || document.querySelector('.prose p');
          const ps = getComputedStyle(p);
          // 28 and 29 characters in the body's font: the first fits a line, the second does not
          const probe = document.createElement('span');
          probe.style.whiteSpace = 'nowrap';
          p.appendChild(probe);
          probe.textContent = '国'.repeat(28);
          const w28 = probe.getBoundingClientRect().width;
          probe.textContent = '国'.repeat(29);
          const w29 = probe.getBoundingClientRect().width;
          probe.remove();
          const title = document.querySelector('.doc-title');
          const ts = getComputedStyle(title);
          const heading = (re) => {
            const h = [...document.querySelectorAll('.prose h2, .prose h3, .prose h4')].find((x) => re.test(x.textContent.trim()));
            return h ? { tag: h.tagName, font: getComputedStyle(h).fontFamily, size: px(getComputedStyle(h).fontSize) } : null;
          };
          return {
            hidden: [].concat(...['.site-header', '.site-nav', '.site-search', '.site-footer', '.breadcrumb', '.toc', '.adjacent', '.skip-link', '.tool-button', '.back-to-top'].map(shown)),
            proseWidth: document.querySelector('.prose').getBoundingClientRect().width,
            bodyFont: ps.fontFamily,
            bodySize: px(ps.fontSize),
            line: px(ps.lineHeight),
            indent: px(ps.textIndent),
            w28,
            w29,
            titleSize: px(ts.fontSize),
            titleAlign: ts.textAlign,
            titleFont: ts.fontFamily,
            titleWeight: Number(ts.fontWeight),
            numbered: heading(/^[一二三四五六七八九十]+、/),
            sub: heading(/^（[一二三四五六七八九十]+）/),
          };
        });
        expectNone(r.hidden.map((s) => `${s} is printed`), 'screen-only parts in print');
        assert.ok(Math.abs(r.proseWidth - 156 * MM) < 2, `text block ${(r.proseWidth / MM).toFixed(1)} mm wide, expected 156 mm`);
        assert.ok(/^"?(FangSong|仿宋)/.test(r.bodyFont), `body font stack starts with ${r.bodyFont.split(',')[0]}, not a 仿宋`);
        assert.ok(Math.abs(r.bodySize - 16 * PT) < 0.2, `body ${(r.bodySize / PT).toFixed(1)} pt, expected 16 pt (3号)`);
        const lines = (225 * MM) / r.line;
        assert.ok(lines >= 21.9 && lines < 23, `line pitch ${(r.line / PT).toFixed(2)} pt gives ${lines.toFixed(2)} lines per 225 mm, expected 22`);
        assert.ok(r.w28 <= r.proseWidth + 0.5 && r.w29 > r.proseWidth, `28 characters take ${r.w28.toFixed(1)}px and 29 take ${r.w29.toFixed(1)}px of a ${r.proseWidth.toFixed(1)}px line: expected 28 per line`);
        assert.ok(Math.abs(r.indent - 2 * r.bodySize) < 1.5, `first-line indent ${r.indent}px, expected two characters`);
        assert.ok(Math.abs(r.titleSize - 22 * PT) < 0.2 && r.titleAlign === 'center', `title ${(r.titleSize / PT).toFixed(1)} pt ${r.titleAlign}, expected 22 pt (2号) centred`);
        assert.ok(/小标宋|XiaoBiaoSong/.test(r.titleFont.split(',')[0]) && r.titleWeight >= 700, `title font ${r.titleFont.split(',')[0]} weight ${r.titleWeight}: expected a 小标宋 stack, bold as the fallback`);
        assert.ok(r.numbered, 'the work report has no 一、 heading');
        assert.match(r.numbered.font, /^"?(SimHei|黑体)/, `一、 headings (${r.numbered.tag}) print in ${r.numbered.font.split(',')[0]}, not 黑体`);
        assert.ok(Math.abs(r.numbered.size - 16 * PT) < 0.2, '一、 headings are not 16 pt');
        if (r.sub) assert.match(r.sub.font, /^"?(KaiTi|楷体)/, `（一） headings print in ${r.sub.font.split(',')[0]}, not 楷体`);
        // the type area's width: the lines break as on paper
        await screenshot(pg, 'work-report-2024-print-156mm-590w.png', Math.round(156 * MM), 8000);
        expectNone(problems, `problems on ${url}`);
        await pg.close();
      } finally {
        await context.close();
      }
    });

    it(`prints to A4 PDF pages numbered "— 1 —", without navigation or footer (/${WORK_REPORT_2024})`, { timeout: TEST_TIMEOUT }, () => withPage(ctx.desktop, report(), async ({ page: pg, url }) => {
      const strings = await pg.evaluate(() => ({
        generator: (document.querySelector('.site-footer .generator') || {}).textContent || '',
        skip: (document.querySelector('.skip-link') || {}).textContent || '',
        larger: (document.querySelector('.js-text-size') || {}).textContent || '',
        toc: (document.querySelector('.toc summary') || {}).textContent || '',
        backToTop: (document.querySelector('.back-to-top') || {}).textContent || '',
        title: document.querySelector('h1').textContent.trim(),
      }));
      // the same content in print media, at the width of the type area, tells how many pages
      await pg.setViewportSize({ width: Math.round(156 * MM), height: Math.round(225 * MM) });
      await pg.emulateMedia({ media: 'print' });
      const height = await pg.evaluate(() => document.querySelector('main').getBoundingClientRect().height);
      await pg.emulateMedia({ media: null });
      await pg.setViewportSize({ width: 1280, height: 800 });
      const pdf = await pg.pdf({ preferCSSPageSize: true, printBackground: true });
      fs.writeFileSync(path.join(SCREENSHOT_DIR, 'work-report-2024-gbt9704.pdf'), pdf);
      const { pages, mediaBoxes, count } = pdfPages(pdf);
      assert.equal(count, pages);
      const notA4 = mediaBoxes.map(([x0, y0, x1, y1], i) => [x1 - x0, y1 - y0, i + 1])
        .filter(([w, h]) => Math.abs(w - A4.width) > A4.tolerance || Math.abs(h - A4.height) > A4.tolerance)
        .map(([w, h, n]) => `page ${n}: ${w.toFixed(1)} x ${h.toFixed(1)} pt`);
      expectNone(notA4, `${url}: pages that are not A4`);
      const texts = pdfPageTexts(pdf);
      assert.equal(texts.length, pages, 'could not read the text of every PDF page');
      const unnumbered = texts.map((tx, i) => (new RegExp(`— ?${i + 1} ?—`).test(tx) ? null : `page ${i + 1}: no "— ${i + 1} —"`)).filter(Boolean);
      expectNone(unnumbered, `${url}: PDF pages without their page number`);
      // (the PDF's CMaps name a few glyphs by CJK radicals, so compare character by character)
      const titleChars = [...strings.title.replace(/\s+/g, '')];
      const onPage1 = titleChars.filter((ch) => texts[0].includes(ch)).length;
      assert.ok(onPage1 >= titleChars.length * 0.8, `${url}: page 1 of the PDF does not show the title "${strings.title}":\n${texts[0].slice(0, 300)}`);
      const all = texts.join('\n');
      const leaked = Object.entries(strings).filter(([k, v]) => k !== 'title' && v.trim() && all.includes(v.trim().replace(/\s+/g, ' ').slice(0, 12))).map(([k, v]) => `${k}: "${v.trim()}"`);
      expectNone(leaked, `${url}: screen-only text in the printed PDF`);
      // ~ the content height over the type area, give or take the headings kept with their text
      const estimate = height / (225 * MM);
      assert.ok(pages >= Math.floor(estimate) && pages <= Math.ceil(estimate) + 2, `${url}: ${pages} PDF pages for ${(estimate).toFixed(1)} type areas of content`);
    }));
  });

  describe('screenshots: print media (at the type area\'s width), larger text and dark mode', () => {
    for (const p of PAGES) {
      it(p.title, { timeout: TEST_TIMEOUT }, () => withPage(ctx.desktop, p, async ({ page: pg }) => {
        await pg.emulateMedia({ media: 'print' });
        // at the width of the A4 type area (156 mm), so lines break as on paper
        await pg.setViewportSize({ width: Math.round(156 * MM), height: Math.round(225 * MM) });
        await screenshot(pg, `${p.key}-print-156mm-590w.png`, Math.round(156 * MM), 4000);
        await pg.emulateMedia({ media: null });
      }));
    }
    for (const key of ['home', 'work-report-2024', 'years']) {
      it(`${key} in dark mode`, { timeout: TEST_TIMEOUT }, () => withPage(ctx.dark, page(key) || page('report'), async ({ page: pg }) => {
        await screenshot(pg, `${key}-dark-1280x800.png`, 1280, 3000);
      }));
    }
  });
});
