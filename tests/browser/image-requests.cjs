'use strict';
// Which images a page loads in Chromium, and how many bytes: the example site's check that the
// home page downloads only derived WebP images, and the phone-bytes number of bench/images.sh.
//
//   SITE_DIR=public BASE_PATH=/renda/ node tests/browser/image-requests.cjs [PAGE] [WIDTHxHEIGHT@DPR]
//
// Serves SITE_DIR at BASE_PATH on 127.0.0.1, opens PAGE (default: the home page) at the viewport
// (default 390x844@3, a phone), scrolls to the bottom so lazy images load, and prints one JSON
// line: {images: [{url, type, bytes}], total}. Exits 1 when an image that is not WebP loads.
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startServer, normalizeBasePath } = require('./lib/server.cjs');

const SITE_DIR = path.resolve(process.env.SITE_DIR || 'public');
const BASE_PATH = normalizeBasePath(process.env.BASE_PATH || '/');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const page_ = process.argv[2] || '';
const [size, dpr] = (process.argv[3] || '390x844@3').split('@');
const [width, height] = size.split('x').map(Number);

(async () => {
  const server = await startServer(SITE_DIR, BASE_PATH);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({
    viewport: { width, height }, deviceScaleFactor: Number(dpr || 1), isMobile: width < 600, hasTouch: width < 600,
  });
  const page = await context.newPage();
  const images = [];
  page.on('response', async (res) => {
    if (res.request().resourceType() !== 'image') return;
    const body = await res.body().catch(() => Buffer.alloc(0));
    images.push({ url: res.url().replace(server.baseUrl, BASE_PATH), type: res.headers()['content-type'] || '', bytes: body.length });
  });
  await page.goto(server.baseUrl + page_, { waitUntil: 'networkidle' });
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 400) { window.scrollTo(0, y); await new Promise((r) => setTimeout(r, 50)); }
  });
  await page.waitForTimeout(1500);
  await page.waitForLoadState('networkidle');
  await browser.close();
  await server.close();
  const total = images.reduce((n, i) => n + i.bytes, 0);
  console.log(JSON.stringify({ page: BASE_PATH + page_, viewport: `${width}x${height}@${dpr || 1}`, images, total }));
  // favicons are SVG; everything else a page shows must be derived WebP
  const bad = images.filter((i) => !i.type.startsWith('image/webp') && !i.url.endsWith('.svg'));
  process.exit(bad.length ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
