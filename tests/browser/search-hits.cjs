'use strict';
// Compares what two or more Pagefind bundles find for the same queries, in headless Chromium
// with the real Pagefind JS API (a benchmark tool for BENCHMARKS.md, not a test):
//
//   node search-hits.cjs ours=/tmp/b-ours pagefind=/tmp/b-pagefind [-- 人大代表 预算 …]
//
// A bundle named `ours*` gets the query segmented the way the search page's processTerm did before issue 15
// (Intl.Segmenter('zh', word), words joined by spaces); the others get the query as typed,
// which Pagefind segments itself (the page is <html lang="zh-CN">). Shards listed in a
// bundle's gazette-shards.js are merged. Prints, per query and bundle, the hit count, and the
// pages one bundle finds that another does not.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startServer } = require('./lib/server.cjs');

const args = process.argv.slice(2);
const dash = args.indexOf('--');
const bundles = (dash < 0 ? args : args.slice(0, dash)).map((a) => a.split('='));
const DEFAULT_QUERIES = ['人大代表', '生态环境', '预算', '我受县人大常委会委托，向大会报告工作，请予审议。', 'Gazette'];
const queries = dash < 0 ? DEFAULT_QUERIES : args.slice(dash + 1);
const withUrls = !process.env.COUNTS_ONLY;

const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>hits</title></head><body>
<script type="module">
const b = new URLSearchParams(location.search).get('b');
const pf = await import('/' + b + '/pagefind.js');
await pf.options({ bundlePath: '/' + b + '/' });
const s = await fetch('/' + b + '/gazette-shards.js').then((r) => (r.ok ? r.text() : ''));
const m = /=\\s*(\\[.*\\])/.exec(s);
for (const shard of m ? JSON.parse(m[1]) : []) await pf.mergeIndex('/' + b + '/' + shard);
const seg = new Intl.Segmenter('zh', { granularity: 'word' });
const segment = (q) => q.split(/\\s+/).flatMap((c) => [...seg.segment(c)].filter((x) => x.isWordLike).map((x) => x.segment)).join(' ');
window.run = async (q, ours, urls) => {
  const t = performance.now();
  const r = await pf.search(ours ? segment(q) : q);
  const ms = performance.now() - t;
  const list = [];
  // in batches: thousands of fragment requests at once fail
  for (let i = 0; urls && i < r.results.length; i += 50) {
    list.push(...await Promise.all(r.results.slice(i, i + 50).map((x) => x.data().then((d) => d.url))));
  }
  return { count: r.results.length, urls: list, ms };
};
window.ready = true;
</script></body></html>`;

(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-hits-'));
  fs.writeFileSync(path.join(root, 'index.html'), PAGE);
  for (const [name, dir] of bundles) fs.symlinkSync(path.resolve(dir), path.join(root, name));
  process.env.TMPDIR = root;
  const server = await startServer(root, '/');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const results = {};
  try {
    for (const [name] of bundles) {
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.error(`${name}: ${e.message}`));
      await page.goto(`${server.baseUrl}?b=${name}`);
      await page.waitForFunction(() => window.ready === true, null, { timeout: 120_000 });
      results[name] = {};
      for (const q of queries) {
        results[name][q] = await page.evaluate(([q, ours, urls]) => window.run(q, ours, urls), [q, name.startsWith('ours'), withUrls]);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
  for (const q of queries) {
    console.log(`\n${q}`);
    for (const [name] of bundles) {
      const r = results[name][q];
      console.log(`  ${name.padEnd(18)} ${String(r.count).padStart(6)} hits  (${r.ms.toFixed(0)} ms)`);
    }
    if (!withUrls) continue;
    for (const [a] of bundles) {
      for (const [b] of bundles) {
        if (a >= b) continue;
        const A = new Set(results[a][q].urls);
        const B = new Set(results[b][q].urls);
        const onlyA = [...A].filter((u) => !B.has(u));
        const onlyB = [...B].filter((u) => !A.has(u));
        console.log(`  both ${[...A].filter((u) => B.has(u)).length}; only ${a}: ${onlyA.length}${onlyA.length ? ` (${onlyA.slice(0, 5).join(' ')})` : ''}; only ${b}: ${onlyB.length}${onlyB.length ? ` (${onlyB.slice(0, 5).join(' ')})` : ''}`);
      }
    }
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
