'use strict';
// Time to the first page of results on the real /search/ page (page size as shipped, 5), per
// query, median of --runs fresh page loads after one warm-up (the browser's HTTP cache kept):
//
//   node bench/search-quality/latency.cjs --site OUT [--runs 3] [-- 碳达峰 …]
const path = require('node:path');
const { chromium } = require(path.join(__dirname, '../../tests/browser/node_modules/playwright-core'));
const { startServer } = require(path.join(__dirname, '../../tests/browser/lib/server.cjs'));

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const arg = (n, d) => { const i = argv.indexOf(n); return i >= 0 && (dash < 0 || i < dash) ? argv[i + 1] : d; };
const queries = dash >= 0 ? argv.slice(dash + 1) : ['碳达峰', '新冠 养老服务', '供给侧结构性改革', '唐良智', '兰府〔2020〕101号', 'Gazette 乡村振兴'];
const runs = Number(arg('--runs', 3));

(async () => {
  const server = await startServer(path.resolve(arg('--site')), '/');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    for (const q of queries) {
      const times = [];
      for (let i = 0; i <= runs; i++) {
        const t0 = Date.now();
        await page.goto(`${server.baseUrl}search/?q=${encodeURIComponent(q)}`);
        await page.waitForFunction(() => {
          const m = document.querySelector('.pagefind-ui__message');
          return m && m.textContent.trim() && !/(……|\.\.\.)$/.test(m.textContent.trim()) && !document.querySelector('.pagefind-ui__loading');
        }, null, { timeout: 120_000 });
        if (i > 0) times.push(Date.now() - t0);
      }
      times.sort((a, b) => a - b);
      console.log(`${q}\t${times[Math.floor(times.length / 2)]} ms`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
})();
