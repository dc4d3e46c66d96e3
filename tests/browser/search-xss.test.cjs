'use strict';
// Hostile front matter on the search page: the real Pagefind UI, in headless Debian Chromium, on
// a small site this test builds itself with `gazette build` (issue 12, finding 2).
//
//   cargo build && node --test search-xss.test.cjs
//
// The site's pages carry script in topics, type, title, meeting, summary, body text and file
// names. Pagefind's UI inserts filter names and values and excerpts as HTML (src/search/records.rs,
// "Where each string of a record ends"), so this opens /search/ with queries that find the
// hostile page, that find only a harmless one and that find nothing, opens every filter group,
// and fails on any dialog, console error or failed request (an injected `<img src=x>` requests
// `x`), and on any element with an on* attribute, any injected element and any `javascript:` link
// in the search UI. The hostile values must be shown as text: a topic label reads
// `<img src=x onerror=alert(1)>`, a topic `A & B <b>` reads so and filters as it should.
//
// GAZETTE_BIN names the binary (default: target/debug/gazette, or $CARGO_TARGET_DIR/debug/gazette);
// CHROMIUM_PATH and CI as in site.test.cjs (README.md).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { describe, it, before, after } = require('node:test');
const { chromium } = require('playwright-core');

const { startServer } = require('./lib/server.cjs');
const { REPO, GAZETTE, CHROMIUM, CHROMIUM_ARGS, chromiumProblem, skipReason } = require('./lib/env.cjs');

const BASE_PATH = '/renda/';
const TEST_TIMEOUT = 120_000;

// The payloads. Each would run script (or show that a template ran) if it reached an HTML sink
// unescaped; `A & B <b>` checks that escaping does not show `&amp;` and that filtering still works.
const IMG = '<img src=x onerror=alert(1)>';
const SVG = '"><svg onload=alert(1)>';
const JS_URL = 'javascript:alert(1)';
const TEMPLATE = '{{7*7}}';
const AMP = 'A & B <b>';
const SCRIPT = '<script>alert(1)</script>';
const IMG2 = "<img src=y onerror='alert(2)'>";

/** a YAML double-quoted scalar (JSON's string syntax is YAML's) */
const q = (s) => JSON.stringify(s);

/** the site: [relative path, text] */
function siteFiles() {
  return [
    ['site.yaml', 'title: 搜索安全测试\nbase_url: https://example.org/renda/\nlanguage: zh-CN\nsearch: true\n'],
    // the hostile report: every field, and a file name with markup in it
    [`content/reports/2024/2024-01-04-${IMG}.md`, [
      '---',
      `title: ${q(`人大代表${IMG}工作报告${SVG}`)}`,
      `type: ${q(SVG)}`,
      `topics: [${[IMG, SVG, JS_URL, TEMPLATE, AMP, '代表工作'].map(q).join(', ')}]`,
      `meeting: ${q(SCRIPT)}`,
      `summary: ${q(`人大代表 ${IMG} ${TEMPLATE}`)}`,
      '---',
      '',
      `过去一年，常委会认真听取人大代表意见建议。正文里的 ${IMG} 和 ${SVG} 以及 ${SCRIPT}。`,
      '',
      `代码 \`${IMG}\`，实体 &lt;img src=x onerror=alert(1)&gt;，模板 ${TEMPLATE}，链接文字 ${JS_URL}。`,
      '',
    ].join('\n')],
    // a hostile page that no query below finds by its text: its filter values are listed anyway
    [`content/reports/2023/2023-05-06-${SVG}.md`, [
      '---',
      `title: ${q(`财政决算${SVG}`)}`,
      `type: ${q(IMG2)}`,
      `topics: [${[IMG2, AMP].map(q).join(', ')}]`,
      `meeting: ${q(IMG2)}`,
      '---',
      '',
      '本年度财政决算草案已经审查。',
      '',
    ].join('\n')],
    // a harmless report
    ['content/reports/2022/2022-03-01-shengtai-huanjing.md', [
      '---',
      'title: 生态环境保护情况的审议意见',
      'type: 审议意见',
      'topics: [生态环保]',
      '---',
      '',
      '常委会审议了生态环境保护工作情况，人大代表提出了意见。',
      '',
    ].join('\n')],
  ];
}

const setupProblems = [];
if (!fs.existsSync(GAZETTE)) setupProblems.push(`${GAZETTE} does not exist: run \`cargo build\` (or set GAZETTE_BIN)`);
if (chromiumProblem) setupProblems.push(chromiumProblem);

let tmp;
let server;
let browser;
let context;

function expectNone(problems, heading) {
  if (problems.length === 0) return;
  assert.fail(`${heading} (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** a page that records dialogs, console errors, failed requests and requests to other hosts */
async function openPage() {
  const page = await context.newPage();
  const problems = [];
  page.on('dialog', (d) => {
    problems.push(`a ${d.type()} dialog opened: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught exception: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.origin + '/') && !/^(data|blob|about):/.test(r.url())) problems.push(`external request: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure() ? r.failure().errorText : ''}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return { page, problems };
}

/** waits until the Pagefind UI has finished a search and drawn its results */
async function settled(page) {
  await page.waitForFunction(() => {
    const m = document.querySelector('.pagefind-ui__message');
    return m && m.textContent.trim() && !/(……|\.\.\.)$/.test(m.textContent.trim());
  }, null, { timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('.pagefind-ui__result .pagefind-ui__loading'), null, { timeout: 30_000 });
}

/** opens every filter group (year, topic, type), then gives injected images and handlers time to fire */
async function openFilters(page) {
  await page.waitForFunction(() => document.querySelectorAll('.pagefind-ui__filter-block').length >= 3, null, { timeout: 30_000 });
  const groups = await page.$$('.pagefind-ui__filter-block');
  for (const g of groups) {
    const open = await g.evaluate((d) => d.open);
    if (!open) await g.$eval('summary', (s) => s.click());
  }
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  return groups.length;
}

/** what is wrong in the search UI's DOM: handlers, injected elements, script links */
async function domProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const root = document.getElementById('gz-search');
    if (!root) return ['no #gz-search on the page'];
    for (const el of root.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) out.push(`<${el.localName}> has ${a.name}="${a.value}"`);
      }
      if (['img', 'svg', 'script', 'iframe', 'object', 'embed', 'b'].includes(el.localName)) {
        out.push(`an injected <${el.localName}> in ${el.parentElement && el.parentElement.className}`);
      }
      const href = el.getAttribute('href');
      if (href !== null && !href.startsWith('/renda/')) out.push(`<${el.localName} href="${href}"> leaves the site`);
    }
    return out;
  });
}

/** every filter label as text: [[value, count]] */
async function filterLabels(page) {
  return page.$$eval('.pagefind-ui__filter-label', (ls) => ls.map((l) => {
    const m = /^([\s\S]*) \((\d+)\)$/.exec(l.textContent.trim());
    return m ? [m[1], Number(m[2])] : [l.textContent.trim(), -1];
  }));
}

async function searchFor(page, query) {
  await page.goto(`${server.baseUrl}search/?q=${encodeURIComponent(query)}`, { waitUntil: 'load' });
  await settled(page);
}

describe('search page with hostile front matter: setup', () => {
  it('has the gazette binary and chromium', () => expectNone(setupProblems, 'cannot run the search XSS tests'));
});

describe('search page with hostile front matter', { skip: skipReason }, () => {
  before(async () => {
    expectNone(setupProblems, 'cannot run the search XSS tests');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-search-xss-'));
    const root = path.join(tmp, 'site');
    for (const [rel, text] of siteFiles()) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    // the repository's default theme, as the Rust tests' fixture sites have it
    fs.cpSync(path.join(REPO, 'themes', 'default'), path.join(root, 'themes', 'default'), { recursive: true });
    execFileSync(GAZETTE, ['build', '--quiet', '--root', root, '--output', path.join(tmp, 'public')],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    process.env.TMPDIR = tmp;
    server = await startServer(path.join(tmp, 'public'), BASE_PATH);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 900 } });
    await context.route((u) => !u.href.startsWith(server.origin + '/'), (route) => route.abort('blockedbyclient'));
  }, { timeout: TEST_TIMEOUT });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const searches = [
    { query: '人大代表', what: 'finds the hostile report', hits: 2 },
    { query: '生态环境', what: 'finds only the harmless report', hits: 1 },
    { query: 'zqxwvj', what: 'finds nothing', hits: 0 },
    // the query is shown in the UI's message (与“[SEARCH_TERM]”相关的结果): as text. (What it
    // finds is Pagefind's business: it drops a word an index does not have.)
    { query: `zqxwvj ${IMG}`, what: 'a query that is markup', hits: null },
  ];
  for (const { query, what, hits } of searches) {
    it(`runs no script and shows every value as text: ?q=${query} (${what})`, { timeout: TEST_TIMEOUT }, async () => {
      const { page, problems } = await openPage();
      try {
        await searchFor(page, query);
        const groups = await openFilters(page);
        assert.equal(groups, 3, 'three filter groups: year, topic, type');
        expectNone(problems, `problems on /search/?q=${query}`);
        expectNone(await domProblems(page), `script or markup from front matter in the search UI (?q=${query})`);

        const results = await page.$$eval('.pagefind-ui__result-link', (as) => as.map((a) => a.textContent));
        if (hits !== null) assert.equal(results.length, hits, `results for ${query}: ${results.join(' | ')}`);
        const message = await page.$eval('.pagefind-ui__message', (m) => m.textContent);
        assert.ok(message.includes(`“${query}”`), `the message names the query as typed: ${message}`);

        // every hostile filter value is a label that reads as the value itself
        const labels = (await filterLabels(page)).map(([name]) => name);
        for (const value of [IMG, SVG, JS_URL, TEMPLATE, IMG2]) {
          assert.ok(labels.includes(value), `a filter label reads ${value}: labels ${JSON.stringify(labels)}`);
        }
        assert.equal(labels.filter((l) => l === AMP).length, 1, `the topic ${AMP} of two pages is one label: ${JSON.stringify(labels)}`);
        for (const name of labels) assert.doesNotMatch(name, /&(amp|lt|gt|quot|#\d+);/, 'no entity shown as text');

        if (query === '人大代表') {
          // the title and type are text; the excerpt shows the body's markup as text
          const title = `人大代表${IMG}工作报告${SVG}`;
          assert.ok(results.includes(title), `the title reads as written: ${results.join(' | ')}`);
          const hostile = await page.evaluateHandle((t) => [...document.querySelectorAll('.pagefind-ui__result')]
            .find((r) => r.querySelector('.pagefind-ui__result-link').textContent === t), title);
          const tags = await hostile.evaluate((r) => [...r.querySelectorAll('.pagefind-ui__result-tag')].map((t) => t.textContent.trim()));
          assert.ok(tags.some((t) => t.endsWith(`: ${SVG}`)), `the type is shown as text: ${tags.join(' | ')}`);
          const excerpt = await hostile.evaluate((r) => r.querySelector('.pagefind-ui__result-excerpt').innerHTML);
          // one highlight for the term, not one a word with a gap between (issue 15 §7)
          assert.match(excerpt, /<mark>人大代表<\/mark>/, 'the excerpt highlights the match as one');
          assert.doesNotMatch(excerpt, /<\/mark>\s*<mark>/, 'no highlight ends where the next begins');
          assert.doesNotMatch(excerpt.replace(/<\/?mark>/g, ''), /<(?!\/?mark>)/, `only <mark> is markup in the excerpt: ${excerpt}`);
        }
      } finally {
        await page.close();
      }
    });
  }

  it('filters by a topic with & and < in it', { timeout: TEST_TIMEOUT }, async () => {
    const { page, problems } = await openPage();
    try {
      await searchFor(page, '人大代表');
      await openFilters(page);
      const before = await page.$$eval('.pagefind-ui__result-link', (as) => as.length);
      assert.equal(before, 2, 'the hostile and the harmless report say 人大代表');
      // the topic `A & B <b>` is on the hostile report (2024) and the page that does not say 人大代表
      const clicked = await page.evaluate((value) => {
        const label = [...document.querySelectorAll('.pagefind-ui__filter-label')]
          .find((l) => l.textContent.trim().startsWith(`${value} (`));
        if (!label) return false;
        label.click();
        return true;
      }, AMP);
      assert.ok(clicked, `a filter label for ${AMP}`);
      await page.waitForFunction(() => document.querySelectorAll('.pagefind-ui__result-link').length === 1, null, { timeout: 30_000 });
      await settled(page);
      const titles = await page.$$eval('.pagefind-ui__result-link', (as) => as.map((a) => a.textContent));
      assert.deepEqual(titles, [`人大代表${IMG}工作报告${SVG}`]);
      await page.waitForTimeout(300);
      expectNone(problems, 'problems while filtering');
      expectNone(await domProblems(page), 'script or markup from front matter in the search UI');
    } finally {
      await page.close();
    }
  });
});
