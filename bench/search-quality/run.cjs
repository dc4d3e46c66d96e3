'use strict';
// Search quality: runs a query set through the REAL /search/ page of a built site in headless
// Chromium, and (optionally) through Pagefind's CLI bundle of the same pages, and scores each
// query against ground truth computed from the text itself (BENCHMARKS.md, "Search quality").
//
//   node bench/search-quality/run.cjs --site OUT --truth SITE/truth.json --queries bench/search-quality/queries.json \
//        [--cli 1] [--cli-only] [--json result.json] [--shots DIR]
//
// --cli 1 also runs every query through Pagefind's CLI bundle, which must be in OUT/pagefind-cli/
// (`npx pagefind@1.6.0 --site OUT --output-subdir pagefind-cli --glob 'reports/**/*.html'`);
// --cli-only runs only that.
//
// Ground truth: a page is relevant when its findable text (title, heading block, body; see
// make-site.py) contains every typed term (the query split at spaces, quotes removed, lower
// case, spaces ignored). Per query and engine:
//   hits      results presented as matches (Gazette: those the page does not set apart as
//             "not containing every term"; the CLI: all)
//   false     presented matches lacking a typed term (target 0)
//   first     the first result contains every typed term (— when no page does)
//   recall    relevant pages among the presented matches (target 100%)
//   p@10      relevant pages in the first 10 results / min(10, relevant)
//   msg       Gazette only: the page says that no page contains a typed term (when none does)
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require(path.join(__dirname, '../../tests/browser/node_modules/playwright-core'));
const { startServer } = require(path.join(__dirname, '../../tests/browser/lib/server.cjs'));

const argv = process.argv.slice(2);
const arg = (n, d) => { const i = argv.indexOf(n); return i >= 0 ? argv[i + 1] : d; };
const SITE = path.resolve(arg('--site'));
const truth = JSON.parse(fs.readFileSync(arg('--truth'), 'utf8'));
const queries = JSON.parse(fs.readFileSync(arg('--queries'), 'utf8'));
const CLI = arg('--cli');
const SHOTS = arg('--shots');

const sq = require(path.join(__dirname, '../../tests/browser/lib/search-quality.cjs'));
const pages = truth.map((p) => ({ url: p.url, text: p.text }));
const isReport = new Set(truth.map((p) => p.url));

const CLI_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>cli</title></head><body>
<script type="module">
const pf = await import('/pagefind-cli/pagefind.js');
await pf.options({ bundlePath: '/pagefind-cli/' });
window.run = async (q) => {
  const r = await pf.search(q);
  const urls = [];
  for (let i = 0; i < r.results.length; i += 50) urls.push(...await Promise.all(r.results.slice(i, i + 50).map((x) => x.data().then((d) => d.url))));
  return urls;
};
window.ready = true;
</script></body></html>`;

const score = (q, list, presented) => sq.score(list, presented, sq.relevant(pages, q), isReport);

(async () => {
  const server = await startServer(SITE, '/');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const out = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await sq.showAllResults(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    let cli;
    if (CLI) {
      cli = await context.newPage();
      await cli.route('**/cli.html', (r) => r.fulfill({ contentType: 'text/html', body: CLI_PAGE }));
      await cli.goto(`${server.baseUrl}cli.html`);
      await cli.waitForFunction(() => window.ready === true, null, { timeout: 120_000 });
    }
    for (const { q, kind } of queries) {
      const row = { q, kind };
      if (!argv.includes('--cli-only')) {
        const t0 = Date.now();
        const g = await sq.searchPage(page, server.baseUrl, q);
        const ms = Date.now() - t0;
        if (SHOTS && /碳达峰$|^唐良智$/.test(q)) await page.screenshot({ path: path.join(SHOTS, `search-${q}.png`) });
        const urls = g.results.map((r) => r.url);
        row.gazette = { ...score(q, urls, g.results.filter((r) => !r.partial).map((r) => r.url)), shown: urls.length, ms, message: g.message };
      }
      if (cli) {
        const list = await cli.evaluate((q) => window.run(q), q);
        row.cli = score(q, list, list);
      }
      out.push(row);
      console.error(`${q}: ${JSON.stringify({ ...row.gazette, message: undefined })}${row.cli ? ' cli ' + JSON.stringify(row.cli) : ''}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (arg('--json')) fs.writeFileSync(arg('--json'), JSON.stringify(out, null, 1));
  const pct = (x) => (x === null ? '—' : `${Math.round(x * 100)}%`);
  const yes = (x) => (x === null ? '—' : x ? 'yes' : '**no**');
  console.log('| query | relevant | Gazette: hits | false | first ok | recall | p@10 | CLI: hits | false | first ok | recall | p@10 |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of out) {
    const g = r.gazette || {}, c = r.cli || {};
    const rel = (r.gazette || r.cli).relevant;
    console.log(`| ${r.q.length > 24 ? r.q.slice(0, 22) + '…' : r.q} | ${rel} | ${g.hits ?? ''} | ${g.false ?? ''} | ${r.gazette ? yes(g.first) : ''} | ${r.gazette ? pct(g.recall) : ''} | ${r.gazette ? pct(g.p10) : ''} | ${c.hits ?? ''} | ${c.false ?? ''} | ${r.cli ? yes(c.first) : ''} | ${r.cli ? pct(c.recall) : ''} | ${r.cli ? pct(c.p10) : ''} |`);
  }
  const sum = (e, f) => out.filter((r) => r[e]).reduce((a, r) => a + f(r[e]), 0);
  for (const e of ['gazette', 'cli']) {
    if (!out[0] || !out[0][e]) continue;
    console.log(`${e}: false hits ${sum(e, (x) => x.false)}; first wrong ${sum(e, (x) => (x.first === false ? 1 : 0))}; recall < 100% in ${sum(e, (x) => (x.recall !== null && x.recall < 1 ? 1 : 0))}; mean p@10 ${(sum(e, (x) => x.p10 ?? 0) / out.filter((r) => r[e] && r[e].p10 !== null).length * 100).toFixed(1)}%`);
  }
})();
