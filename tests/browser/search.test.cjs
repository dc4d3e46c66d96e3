'use strict';
// Search in a browser: the real Pagefind UI on the built example site's /search/ page, in
// headless Debian Chromium (same setup and variables as site.test.cjs; see README.md).
//
//   SITE_DIR=/tmp/site BASE_PATH=/renda/ node --test search.test.cjs
//
// Searches for 人大代表, 生态环境, 预算, a whole sentence of the 2024 work report and an English
// word, and checks that the reports that say so are among the results; that a year filter
// narrows them to that year; that the query lives in the URL (?q=) and the header search box
// leads there; no console errors, no failed or external requests, no axe-core violations.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { chromium } = require('playwright-core');

const { startServer, normalizeBasePath } = require('./lib/server.cjs');
const { CHROMIUM, CHROMIUM_ARGS, chromiumProblem, skipReason } = require('./lib/env.cjs');

const SITE_DIR = process.env.SITE_DIR ? path.resolve(process.env.SITE_DIR) : '';
const BASE_PATH = normalizeBasePath(process.env.BASE_PATH || '/');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const TEST_TIMEOUT = 120_000;

// What a reader searches for, and reports of the example site that must be found (site paths
// relative to the base path). Each of these pages says the words in its text.
const WORK_REPORT = 'reports/2024/changweihui-gongzuo-baogao/';
const QUERIES = [
  { q: '人大代表', expect: [WORK_REPORT, 'reports/2025/daibiao-zhijia-lianluozhan-jianshe-yunxing/', 'news/2023/daibiao-jiedai-xuanmin/'] },
  { q: '生态环境', expect: [WORK_REPORT, 'reports/2020/huanjing-zhuangkuang-shenyi-yijian/', 'reports/2022/changjiang-baohu-fa-zhifa-jiancha/'] },
  // 预算 inside the longer word 财政预算 (纳入财政预算) is found too
  { q: '预算', expect: [WORK_REPORT, 'reports/2022/juesuan-he-yusuan-zhixing-qingkuang/', 'reports/2023/zhengfu-zhaiwu-guanli-shenyi-yijian/', 'reports/2025/gaobiaozhun-nongtian-jianshe-diaoyan/'] },
  { q: '我受县人大常委会委托，向大会报告工作，请予审议。', expect: [WORK_REPORT] },
  { q: 'Gazette', expect: ['reports/2019/daibiao-jianyi-banli-qingkuang/', 'news/2023/daibiao-jiedai-xuanmin/'] },
];

const setupProblems = [];
if (!SITE_DIR) setupProblems.push('SITE_DIR is not set: build the site (gazette build --output DIR) and pass SITE_DIR=DIR');
else if (!fs.existsSync(path.join(SITE_DIR, 'search', 'index.html'))) setupProblems.push(`${SITE_DIR}/search/index.html does not exist: was the site built with search on?`);
else if (!fs.existsSync(path.join(SITE_DIR, 'pagefind', 'pagefind-entry.json'))) setupProblems.push(`${SITE_DIR}/pagefind/ has no index`);
if (chromiumProblem) setupProblems.push(chromiumProblem);

let server;
let browser;
let context;
let runTmp;

function expectNone(problems, heading) {
  if (problems.length === 0) return;
  assert.fail(`${heading} (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** a page that records console errors, failed requests and requests to other hosts */
async function openPage() {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught exception: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.origin + '/') && !/^(data|blob|about):/.test(r.url())) problems.push(`external request: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure() ? r.failure().errorText : ''}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return { page, problems };
}

/** site path (relative to the base path) of a result link */
function sitePath(href) {
  const u = new URL(href, server.baseUrl);
  return decodeURIComponent(u.pathname).slice(BASE_PATH.length);
}

/**
 * Waits for the Pagefind UI to finish a search, loads every page of results, and returns
 * { count, paths }: the count it announces and the site paths of all result links.
 */
async function results(page) {
  await page.waitForFunction(() => {
    const m = document.querySelector('.pagefind-ui__message');
    return m && m.textContent.trim() && !/(……|\.\.\.)$/.test(m.textContent.trim());
  }, null, { timeout: 30_000 });
  for (let i = 0; i < 100; i++) {
    const more = await page.$('.pagefind-ui__results-area .pagefind-ui__button');
    if (!more) break;
    await more.click();
    await page.waitForTimeout(100);
  }
  await page.waitForFunction(() => !document.querySelector('.pagefind-ui__result .pagefind-ui__loading'), null, { timeout: 30_000 });
  const { message, hrefs } = await page.evaluate(() => ({
    message: document.querySelector('.pagefind-ui__message').textContent.trim(),
    hrefs: [...document.querySelectorAll('.pagefind-ui__result-link')].map((a) => a.getAttribute('href')),
  }));
  const m = /(\d+)/.exec(message);
  return { message, count: m ? Number(m[1]) : 0, paths: hrefs.map(sitePath) };
}

async function searchFor(page, q) {
  await page.goto(`${server.baseUrl}search/?q=${encodeURIComponent(q)}`, { waitUntil: 'load' });
  return results(page);
}

describe('search setup', () => {
  it('has a built site with search, and chromium', () => expectNone(setupProblems, 'cannot run the search tests'));
});

describe('search in the browser', { skip: skipReason }, () => {
  before(async () => {
    expectNone(setupProblems, 'cannot run the search tests');
    runTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-search-'));
    process.env.TMPDIR = runTmp;
    server = await startServer(SITE_DIR, BASE_PATH);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 900 } });
    await context.route((u) => !u.href.startsWith(server.origin + '/'), (route) => route.abort('blockedbyclient'));
  }, { timeout: TEST_TIMEOUT });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.close();
    if (runTmp) fs.rmSync(runTmp, { recursive: true, force: true });
  });

  for (const { q, expect } of QUERIES) {
    it(`finds the reports that say ${q}`, { timeout: TEST_TIMEOUT }, async (t) => {
      const { page, problems } = await openPage();
      try {
        const r = await searchFor(page, q);
        t.diagnostic(`${q}: ${r.count} results (${r.message})`);
        assert.equal(r.paths.length, r.count, `the UI announces ${r.count} results but lists ${r.paths.length}`);
        const missing = expect.filter((p) => !r.paths.includes(p));
        expectNone(missing, `expected reports not found for ${q} (found: ${r.paths.join(', ') || 'nothing'})`);
        const input = await page.inputValue('.pagefind-ui__search-input');
        assert.equal(input, q, 'the query from ?q= is in the search box');
        const excerpt = await page.$eval('.pagefind-ui__result-excerpt', (e) => e.innerHTML);
        assert.match(excerpt, /<mark>/, 'the excerpt highlights the match');
        if (/[\u4e00-\u9fff]/.test(q)) {
          // the index separates Chinese words and punctuation with spaces; the page joins them again
          const cjk = '[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u00b7\u2010-\u2027]';
          assert.doesNotMatch(excerpt.replace(/<[^>]+>/g, ''), new RegExp(`${cjk} ${cjk}`), 'no spaces between Chinese words or punctuation in excerpts');
        }
        expectNone(problems, 'problems on the search page');
      } finally {
        await page.close();
      }
    });
  }

  it('a year filter narrows the results to that year', { timeout: TEST_TIMEOUT }, async () => {
    const { page, problems } = await openPage();
    try {
      const all = await searchFor(page, '人大代表');
      const years = all.paths.map((p) => (/\/(\d{4})\//.exec(p) || [])[1]).filter(Boolean);
      assert.ok(new Set(years).size > 1, `results span several years: ${all.paths.join(', ')}`);
      // the filter group whose values are years (Pagefind loads the filters after the results)
      await page.waitForFunction(() => [...document.querySelectorAll('.pagefind-ui__filter-label')]
        .some((l) => /^2024\b/.test(l.textContent.trim())), null, { timeout: 30_000 }).catch(() => {});
      const clicked = await page.evaluate(() => {
        for (const block of document.querySelectorAll('.pagefind-ui__filter-block')) {
          const labels = [...block.querySelectorAll('.pagefind-ui__filter-label')];
          const year = labels.find((l) => /^2024\b/.test(l.textContent.trim()));
          if (year) {
            block.open = true;
            year.click();
            return block.querySelector('.pagefind-ui__filter-name').textContent.trim();
          }
        }
        return null;
      });
      assert.ok(clicked, 'a filter group offers the year 2024');
      await page.waitForFunction((n) => {
        const links = document.querySelectorAll('.pagefind-ui__result-link');
        return links.length > 0 && links.length < n;
      }, all.count, { timeout: 30_000 });
      const narrowed = await results(page);
      assert.ok(narrowed.count < all.count, `filtered ${narrowed.count} < all ${all.count}`);
      const others = narrowed.paths.filter((p) => !/\/2024\//.test(p));
      expectNone(others, `results outside 2024 with the ${clicked} filter on 2024`);
      assert.ok(narrowed.paths.includes(WORK_REPORT), `${WORK_REPORT} is still found: ${narrowed.paths.join(', ')}`);
      expectNone(problems, 'problems on the search page');
    } finally {
      await page.close();
    }
  });

  it('keeps the query in the URL, and the header search box leads to the search page', { timeout: TEST_TIMEOUT }, async () => {
    const { page, problems } = await openPage();
    try {
      await page.goto(server.baseUrl, { waitUntil: 'load' });
      await page.fill('header form[role=search] input[name=q]', '预算');
      await Promise.all([page.waitForURL(/\/search\/\?q=/), page.press('header form[role=search] input[name=q]', 'Enter')]);
      assert.equal(new URL(page.url()).pathname, `${BASE_PATH}search/`);
      const r = await results(page);
      assert.ok(r.paths.includes(WORK_REPORT), `the header search found ${r.paths.join(', ')}`);
      // typing a new query updates ?q= so the search can be shared
      await page.fill('.pagefind-ui__search-input', '生态环境');
      await page.waitForFunction(() => new URLSearchParams(window.location.search).get('q') === '生态环境', null, { timeout: 10_000 });
      expectNone(problems, 'problems while searching from the header');
    } finally {
      await page.close();
    }
  });

  it('has no axe-core violations with results shown, in light and dark mode', { timeout: TEST_TIMEOUT }, async () => {
    for (const scheme of ['light', 'dark']) {
      const { page, problems } = await openPage();
      try {
        await page.emulateMedia({ colorScheme: scheme });
        await searchFor(page, '人大代表');
        await page.addScriptTag({ content: AXE_SOURCE });
        const r = await page.evaluate(async (tags) => {
          // eslint-disable-next-line no-undef
          const res = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          return res.violations.map((v) => `[${v.impact}] ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('; ')}`);
        }, AXE_TAGS);
        expectNone(r, `axe-core violations on the search page (${scheme})`);
        expectNone(problems, 'problems on the search page');
      } finally {
        await page.close();
      }
    }
  });
});
