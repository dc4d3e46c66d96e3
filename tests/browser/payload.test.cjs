'use strict';
// Script payloads everywhere a user can put text, in a real browser (issue 12, "Done when";
// SPEC.md "Output safety": no front-matter value, heading attribute or file name can make a
// reader's browser run script, on any page, the search page included).
//
//   cargo build && cd tests/browser && node --test payload.test.cjs
//
// Builds its own sites in a temporary folder with target/debug/gazette (or GAZETTE_BIN): every
// front-matter field, every site.yaml value, file and folder names, section titles and Markdown
// bodies carry payloads (lib/payload-site.cjs), each of which calls alert('<marker>') if it runs,
// the marker naming where it was planted (`fm.title/img`: the title, the <img onerror> shape).
// A value the build refuses is the safe outcome: it is dropped, recorded, and the rest builds.
// Two variants: `slugify: unicode` under a base_url whose path is itself a payload, and
// `slugify: pinyin` under /renda/. Each is served on 127.0.0.1 and every HTML file of the output
// is opened in headless Chromium (home, reports, standalone pages, section lists and their
// page 2, taxonomy lists, term pages, years, 404, alias redirects), then the search page with
// results, with every filter group opened and every filter value ticked, with no results, and
// with payloads in ?q=; then the feeds and the sitemap as documents, and the .svg files.
// A page fails on any dialog, console error or uncaught exception, and on any element of its
// DOM with an on* attribute, a javascript:/vbscript:/data:text/html URL, an inline or foreign
// <script>, an <iframe>/<object>/<embed>/<base>, or the text SSTI49 (a value rendered as Tera).
// Every output file is also read for raw payload markup.
//
// Separate tests: heading attributes other than id and class are a build (and check) error
// naming file:line unless markdown.unsafe_html; bundled .svg/.html with script are refused or
// never run as documents.
//
// GAZETTE_BIN   the gazette binary (default <target>/debug/gazette, <target> = CARGO_TARGET_DIR
//               or <repo>/target)
// CHROMIUM_PATH default /usr/bin/chromium; missing: fail when CI is set, else skip
// PAYLOAD_KEEP=1 keep the built sites (their paths are printed)
// PAYLOAD_VARIANTS=unicode,pinyin  only these site variants (default both)
// PAYLOAD_REPORT default <repo>/target/browser-payload: findings.json, one line per finding
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { describe, it, before, after } = require('node:test');
const { chromium } = require('playwright-core');

const { startServer, normalizeBasePath, freePort } = require('./lib/server.cjs');
const { SHAPES, SEARCH_WORD, payloadSite, buildAdaptively, run } = require('./lib/payload-site.cjs');
const { TARGET: TARGET_DIR, GAZETTE, CHROMIUM, CHROMIUM_ARGS, chromiumProblem, skipReason } = require('./lib/env.cjs');

const KEEP = process.env.PAYLOAD_KEEP === '1';
const REPORT_DIR = path.resolve(process.env.PAYLOAD_REPORT || path.join(TARGET_DIR, 'browser-payload'));
const TEST_TIMEOUT = 600_000;
const SETTLE_MS = 300;

const setupProblems = [];
if (!fs.existsSync(GAZETTE)) setupProblems.push(`no gazette binary at ${GAZETTE}: run cargo build, or set GAZETTE_BIN`);
if (chromiumProblem) setupProblems.push(chromiumProblem);

function expectNone(problems, heading) {
  if (problems.length === 0) return;
  assert.fail(`${heading} (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** one line per distinct problem, with the pages it was seen on */
function grouped(failed) {
  const by = new Map();
  for (const { where, problems } of failed) {
    for (const p of problems) {
      if (!by.has(p)) by.set(p, []);
      by.get(p).push(where);
    }
  }
  return [...by].map(([p, ws]) => `${p}\n      on ${ws.length} page(s): ${ws.slice(0, 6).join(', ')}${ws.length > 6 ? ', …' : ''}`);
}

// every finding of the run, for the report file
const findings = [];
function record(variant, where, problems) {
  for (const p of problems) findings.push({ variant, where, problem: p });
}

/** all files under dir, relative, with / separators */
function walk(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

/** the URL of an output file (index.html → its folder) */
function urlFor(baseUrl, rel) {
  const p = rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
  return baseUrl + p.split('/').map(encodeURIComponent).join('/');
}

/** which kind of page an output file is (the kinds the issue lists) */
function kindOf(rel, html) {
  if (/http-equiv="refresh"/i.test(html)) return 'alias';
  const m = /<body class="kind-([\w-]+)"/.exec(html);
  if (!m) return 'other';
  const k = m[1];
  if ((k === 'section' || k === 'term' || k === 'taxonomy_term') && /\/page\/\d+\/index\.html$/.test(rel)) return `${k} page 2+`;
  return k;
}

// ------------------------------------------------------------------ in-page checks

/** runs in the page: DOM elements and attributes that could run script */
function scanDom(allowedScriptPrefix) {
  const out = [];
  const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'ping', 'cite', 'srcset', 'codebase']);
  const BAD_URL = /^(javascript|vbscript|livescript):|^data:(text\/html|image\/svg|application\/xhtml|text\/xml|application\/xml)/i;
  const snip = (s) => String(s).replace(/\s+/g, ' ').slice(0, 160);
  const where = (el) => {
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const parent = el.parentElement ? `${el.parentElement.localName}${el.parentElement.className && typeof el.parentElement.className === 'string' ? '.' + el.parentElement.className.trim().split(/\s+/)[0] : ''} > ` : '';
    return `${parent}<${el.localName}${id}${cls}>`;
  };
  const visit = (rootNode) => {
    for (const el of rootNode.querySelectorAll('*')) {
      for (const a of el.attributes) {
        const n = a.name.toLowerCase();
        if (n.startsWith('on')) out.push(`event handler attribute ${where(el)} ${a.name}="${snip(a.value)}"`);
        if (n === 'srcdoc') out.push(`srcdoc attribute ${where(el)}: ${snip(a.value)}`);
        if (URL_ATTRS.has(n) || n.endsWith(':href')) {
          const v = a.value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
          // an <img> runs no script from an SVG; Pagefind's own form says action="javascript:void(0);"
          const harmless = (el.localName === 'img' && n !== 'srcset' && /^data:image\//i.test(v))
            || (el.localName === 'form' && el.classList.contains('pagefind-ui__form') && v === 'javascript:void(0);');
          if (BAD_URL.test(v) && !harmless) out.push(`script URL ${where(el)} ${a.name}="${snip(a.value)}"`);
        }
        if (el.localName === 'meta' && n === 'content' && /refresh/i.test(el.getAttribute('http-equiv') || '')) {
          const m = /url\s*=\s*['"]?([^'"]*)/i.exec(a.value);
          const u = m ? m[1].replace(/[\u0000-\u0020]/g, '') : '';
          if (BAD_URL.test(u) || (u && !/^https?:/i.test(u) && !u.startsWith('/'))) out.push(`meta refresh to ${snip(u)}`);
        }
      }
      const tag = el.localName;
      if (tag === 'script') {
        const src = el.getAttribute('src');
        if (!src) out.push(`inline <script> ${where(el)}: ${snip(el.textContent)}`);
        else if (!el.src.startsWith(allowedScriptPrefix)) out.push(`foreign <script src="${snip(src)}">`);
        else if (!/\.m?js$/.test(new URL(el.src).pathname)) out.push(`<script src> not a .js file: ${snip(src)}`);
      }
      if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal'].includes(tag)) out.push(`<${tag}> element ${where(el)}`);
      if (tag === 'img' && el.getAttribute('src') === 'x') out.push(`injected <img src=x> ${where(el)}`);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  const html = document.documentElement ? document.documentElement.outerHTML : '';
  if (html.includes('SSTI49')) out.push('a value was rendered as a Tera template (SSTI49 in the page)');
  return out;
}

// ------------------------------------------------------------------ the variants

const VARIANTS = [
  {
    name: 'unicode',
    slugify: 'unicode',
    // the path of base_url is itself a payload (quotes, brackets, an onload): it is in every link
    basePath: `/r'"><svg/onload=alert('site.base_url')>/`,
  },
  { name: 'pinyin', slugify: 'pinyin', basePath: '/renda/' },
];

describe('payload setup', () => {
  it('has the gazette binary and chromium', () => expectNone(setupProblems, 'cannot run the payload tests'));
});

let browser;
let tmpRoot;

describe('script payloads', { skip: skipReason }, () => {
  before(async () => {
    expectNone(setupProblems, 'cannot run the payload tests');
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-payload-'));
    process.env.TMPDIR = tmpRoot; // chromium's profile goes there too
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  }, { timeout: 120_000 });

  after(async () => {
    if (browser) await browser.close();
    fs.mkdirSync(REPORT_DIR, { recursive: true });
    fs.writeFileSync(path.join(REPORT_DIR, 'findings.json'), JSON.stringify(findings, null, 1) + '\n');
    if (tmpRoot && !KEEP) fs.rmSync(tmpRoot, { recursive: true, force: true });
    else if (tmpRoot) console.log(`payload sites kept in ${tmpRoot}`);
  });

  const only = (process.env.PAYLOAD_VARIANTS || '').split(',').filter(Boolean);
  for (const variant of VARIANTS.filter((x) => !only.length || only.includes(x.name))) {
    describe(`${variant.name} slugs, base path ${variant.basePath}`, () => {
      const v = { dir: '', out: '', server: null, context: null, build: null, files: [], html: [] };

      before(async () => {
        const port = await freePort();
        const baseUrl = `http://127.0.0.1:${port}${variant.basePath}`;
        v.dir = path.join(tmpRoot, `site-${variant.name}`);
        v.out = path.join(tmpRoot, `out-${variant.name}`);
        const init = run(GAZETTE, ['init', v.dir]);
        assert.equal(init.status, 0, `gazette init failed:\n${init.stderr}`);
        const site = payloadSite({ slugify: variant.slugify, baseUrl });
        v.build = buildAdaptively(GAZETTE, v.dir, v.out, site);
        v.server = await startServer(v.out, normalizeBasePath(decodeURIComponent(variant.basePath)), port);
        v.baseUrl = v.server.origin + variant.basePath.split('/').map(encodeURIComponent).join('/');
        v.context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 900 } });
        // nothing leaves the machine (and a redirect out would show here as a blocked request)
        await v.context.route((u) => !u.href.startsWith(v.server.origin + '/'), (route) => route.abort('blockedbyclient'));
        v.files = walk(v.out);
        v.html = v.files.filter((f) => /\.html?$/.test(f)).sort();
      }, { timeout: TEST_TIMEOUT });

      after(async () => {
        if (v.context) await v.context.close();
        if (v.server) await v.server.close();
      });

      /** opens a URL, runs `action`, and returns every problem seen */
      async function visit(url, { action, waitRedirect = false } = {}) {
        const page = await v.context.newPage();
        const problems = [];
        page.on('dialog', (d) => {
          problems.push(`DIALOG ${d.type()}("${d.message()}")`);
          d.dismiss().catch(() => {});
        });
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(`console.error: ${m.text().slice(0, 300)}${m.location() && m.location().url ? ` (${m.location().url})` : ''}`);
        });
        page.on('pageerror', (e) => problems.push(`uncaught exception: ${String(e.message).slice(0, 300)}`));
        page.on('popup', (p) => problems.push(`popup window: ${p.url()}`));
        try {
          await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
          if (waitRedirect) await page.waitForURL((u) => u.href !== url, { timeout: 5_000 }).catch(() => {});
          await page.waitForLoadState('load');
          await page.waitForTimeout(SETTLE_MS);
          if (action) await action(page, problems);
          // a page still navigating (a redirect) has no stable DOM: wait and retry once
          let dom;
          try {
            dom = await page.evaluate(scanDom, v.server.origin + '/');
          } catch {
            await page.waitForLoadState('load');
            dom = await page.evaluate(scanDom, v.server.origin + '/');
          }
          problems.push(...dom);
          if (waitRedirect) problems.push(...(page.url() === url ? ['the alias page did not redirect'] : []));
        } catch (e) {
          problems.push(`could not test the page: ${String(e.message).split('\n')[0]}`);
        } finally {
          await page.close();
        }
        return [...new Set(problems)];
      }

      it('builds; every value the build refused is listed', (t) => {
        for (const r of v.build.refused) t.diagnostic(`refused (safe): ${r.file}:${r.line ?? ''} ${r.value.slice(0, 120)} — ${r.error.slice(0, 160)}`);
        for (const w of v.build.warnings) t.diagnostic(`warning: ${w.text.split('\n').slice(0, 2).join(' ').slice(0, 200)}`);
        t.diagnostic(`${v.html.length} HTML files, ${v.files.length} files; built in ${v.build.rounds} round(s); base ${v.baseUrl}`);
        assert.ok(fs.existsSync(path.join(v.out, 'index.html')), 'the site was built');
      });

      it('has every kind of page', () => {
        const kinds = new Set(v.html.map((f) => kindOf(f, fs.readFileSync(path.join(v.out, f), 'utf8'))));
        const need = ['home', 'page', 'section', 'section page 2+', 'taxonomy', 'term', 'alias', '404', 'search'];
        const missing = need.filter((k) => !kinds.has(k));
        // term and year pages: the theme calls both "term" (years are a taxonomy)
        const terms = v.html.filter((f) => /^topics\/[^/]+\/index\.html$/.test(f));
        const types = v.html.filter((f) => /^types\/[^/]+\/index\.html$/.test(f));
        const years = v.html.filter((f) => /^years\/\d{4}\/index\.html$/.test(f));
        if (!terms.length) missing.push('a topic term page');
        if (!types.length) missing.push('a type term page');
        if (!years.length) missing.push('a year page');
        if (!v.html.includes('years/index.html')) missing.push('/years/');
        expectNone(missing, `kinds of page missing from the payload site (have: ${[...kinds].join(', ')})`);
      });

      it('no output file holds payload markup raw (HTML, XML, SVG, JS, JSON, CSS)', (t) => {
        const RAW = [
          /<img src=x onerror=alert\(/i, /<svg onload=alert\(/i, /<svg\/onload=alert\(/i, /<script>alert\(/i,
          /<details open ontoggle=/i, /SSTI49/,
        ];
        const problems = [];
        const pagefindRaw = [];
        for (const f of v.files) {
          const abs = path.join(v.out, f);
          let text;
          if (/\.(html?|xml|js|mjs|json|css|svg|webmanifest|xsl)$/i.test(f)) text = fs.readFileSync(abs, 'utf8');
          else if (/^pagefind\/.*\.pf_(fragment|meta|filter|index)$/.test(f)) {
            try { text = zlib.gunzipSync(fs.readFileSync(abs)).toString('latin1'); } catch { continue; }
            // what the search bundle holds raw is a finding only where the UI inserts it as
            // HTML; the browser tests below decide. Listed for the report.
            for (const re of RAW) if (re.test(Buffer.from(text, 'latin1').toString('utf8'))) pagefindRaw.push(`${f}: ${re}`);
            continue;
          } else continue;
          for (const re of RAW) {
            const m = re.exec(text);
            if (m) problems.push(`${f}: ${re} at …${text.slice(Math.max(0, m.index - 60), m.index + 80).replace(/\s+/g, ' ')}…`);
          }
        }
        for (const p of pagefindRaw) t.diagnostic(`raw in the search bundle: ${p}`);
        record(variant.name, 'output files', problems);
        expectNone(problems, 'raw payload markup in output files');
      });

      it('no page runs a payload: every HTML file of the output in Chromium', { timeout: TEST_TIMEOUT }, async (t) => {
        const failed = [];
        for (const f of v.html) {
          const html = fs.readFileSync(path.join(v.out, f), 'utf8');
          const kind = kindOf(f, html);
          const url = urlFor(v.baseUrl, f);
          const problems = await visit(url, { waitRedirect: kind === 'alias' });
          // the 404 page opened as /404.html answers 200; a missing resource is a real problem
          if (problems.length) {
            failed.push({ where: `/${f} [${kind}]`, problems });
            record(variant.name, `/${f} [${kind}]`, problems);
          }
        }
        t.diagnostic(`${v.html.length} pages opened`);
        expectNone(grouped(failed), `pages where a payload ran or script could run (${failed.length} of ${v.html.length} pages)`);
      });

      it('a missing deep URL gets the 404 page, with no payload running', { timeout: TEST_TIMEOUT }, async () => {
        const problems = (await visit(`${v.baseUrl}no/such/${encodeURIComponent(SHAPES.img('url.404/img'))}/`))
          .filter((p) => !/status of 404/.test(p));
        record(variant.name, '404 at a missing URL', problems);
        expectNone(problems, 'the 404 page at a missing URL');
      });

      // ---------------------------------------------------------------- search

      /** waits until the Pagefind UI has finished a search and shows its message */
      async function searched(page) {
        await page.waitForFunction(() => {
          const m = document.querySelector('.pagefind-ui__message');
          return m && m.textContent.trim() && !/(……|\.\.\.)$/.test(m.textContent.trim());
        }, null, { timeout: 30_000 });
        for (let i = 0; i < 50; i++) {
          const more = await page.$('.pagefind-ui__results-area .pagefind-ui__button');
          if (!more) break;
          await more.click();
          await page.waitForTimeout(100);
        }
        await page.waitForFunction(() => !document.querySelector('.pagefind-ui__result .pagefind-ui__loading'), null, { timeout: 30_000 });
        await page.waitForTimeout(SETTLE_MS);
      }

      /** opens every filter group by clicking its summary, then ticks each value in turn */
      async function everyFilter(page, problems, log) {
        await page.waitForSelector('.pagefind-ui__filter-block', { timeout: 15_000 }).catch(() => {
          problems.push('the search page shows no filter groups');
        });
        const groups = await page.$$('.pagefind-ui__filter-block');
        for (const g of groups) {
          const open = await g.evaluate((d) => d.open);
          if (!open) await (await g.$('summary, .pagefind-ui__filter-name')).click();
        }
        await page.waitForTimeout(SETTLE_MS);
        const opened = await page.$$eval('.pagefind-ui__filter-block', (ds) => ds.map((d) => d.open));
        if (opened.some((o) => !o)) problems.push(`filter groups that did not open: ${opened.filter((o) => !o).length}`);
        problems.push(...await page.evaluate(scanDom, v.server.origin + '/'));
        const boxes = await page.$$('.pagefind-ui__filter-checkbox');
        log.push(`${groups.length} filter groups, ${boxes.length} values`);
        for (let i = 0; i < boxes.length; i++) {
          const box = (await page.$$('.pagefind-ui__filter-checkbox'))[i];
          if (!box) break;
          await box.check({ force: true }).catch((e) => problems.push(`filter ${i}: ${e.message.split('\n')[0]}`));
          await page.waitForTimeout(SETTLE_MS);
          await searched(page).catch(() => {});
          problems.push(...await page.evaluate(scanDom, v.server.origin + '/'));
          const again = (await page.$$('.pagefind-ui__filter-checkbox'))[i];
          if (again) await again.uncheck({ force: true }).catch(() => {});
          await page.waitForTimeout(100);
        }
      }

      it(`search: ?q=${SEARCH_WORD} finds the pages; every filter group opened, every value ticked`, { timeout: TEST_TIMEOUT }, async (t) => {
        const log = [];
        const problems = await visit(`${v.baseUrl}search/?q=${SEARCH_WORD}`, {
          action: async (page, probs) => {
            await searched(page);
            const n = await page.$$eval('.pagefind-ui__result-link', (as) => as.length);
            log.push(`${n} results for ${SEARCH_WORD}`);
            if (n < 5) probs.push(`only ${n} results for ${SEARCH_WORD}: the payload pages are not all found`);
            // the body's raw HTML reaches the excerpts (as text, or this page has failed already)
            const shown = await page.$$eval('.pagefind-ui__result-excerpt', (es) => es.filter((e) => /onerror=alert/.test(e.textContent)).length);
            log.push(`${shown} excerpts show payload markup as text`);
            await everyFilter(page, probs, log);
          },
        });
        for (const l of log) t.diagnostic(l);
        const unique = [...new Set(problems)];
        record(variant.name, `/search/?q=${SEARCH_WORD}`, unique);
        expectNone(unique, `/search/?q=${SEARCH_WORD}`);
      });

      it('search: a query with no results, filters opened', { timeout: TEST_TIMEOUT }, async (t) => {
        const log = [];
        const problems = await visit(`${v.baseUrl}search/?q=qqqnothingqqq`, {
          action: async (page, probs) => {
            await searched(page);
            const groups = await page.$$('.pagefind-ui__filter-block');
            for (const g of groups) {
              if (!(await g.evaluate((d) => d.open))) await (await g.$('summary, .pagefind-ui__filter-name')).click().catch(() => {});
            }
            await page.waitForTimeout(SETTLE_MS);
            log.push(`${groups.length} filter groups`);
          },
        });
        for (const l of log) t.diagnostic(l);
        record(variant.name, '/search/?q=<absent>', problems);
        expectNone(problems, '/search/?q=<absent>');
      });

      it('search: the page without a query', { timeout: TEST_TIMEOUT }, async () => {
        const problems = await visit(`${v.baseUrl}search/`, {
          action: async (page) => { await page.waitForSelector('.pagefind-ui__search-input', { timeout: 15_000 }); },
        });
        record(variant.name, '/search/', problems);
        expectNone(problems, '/search/');
      });

      it('search: payloads in ?q= are shown as text', { timeout: TEST_TIMEOUT }, async () => {
        const failed = [];
        for (const k of ['img', 'svg', 'script', 'details', 'ent', 'ls']) {
          const q = `${SEARCH_WORD} ${SHAPES[k](`search.q/${k}`)}`;
          const problems = await visit(`${v.baseUrl}search/?q=${encodeURIComponent(q)}`, { action: (page) => searched(page) });
          if (problems.length) {
            failed.push(`?q=${q}: ${problems.join('; ')}`);
            record(variant.name, `/search/?q=${q}`, problems);
          }
        }
        expectNone(failed, 'payloads in the search query');
      });

      // ---------------------------------------------------------------- feeds, sitemap, svg

      it('feeds and the sitemap are well-formed and carry no markup from values; opened as documents', { timeout: TEST_TIMEOUT }, async () => {
        const xml = v.files.filter((f) => /\.xml$/.test(f));
        assert.ok(xml.includes('atom.xml') && xml.includes('sitemap.xml'), `atom.xml and sitemap.xml exist (have ${xml.join(', ')})`);
        const failed = [];
        const page = await v.context.newPage();
        try {
          await page.goto(`${v.baseUrl}robots.txt`);
          for (const f of xml) {
            const text = fs.readFileSync(path.join(v.out, f), 'utf8');
            const problems = await page.evaluate((src) => {
              const out = [];
              const doc = new DOMParser().parseFromString(src, 'application/xml');
              const err = doc.getElementsByTagName('parsererror')[0];
              if (err) out.push(`not well-formed XML: ${err.textContent.slice(0, 200)}`);
              for (const el of doc.getElementsByTagName('*')) {
                if (el.namespaceURI === 'http://www.w3.org/1999/xhtml' || el.namespaceURI === 'http://www.w3.org/2000/svg') out.push(`<${el.localName}> in the ${el.namespaceURI} namespace`);
                for (const a of el.attributes) if (/^on/i.test(a.localName)) out.push(`attribute ${a.name} on <${el.localName}>`);
              }
              if (src.includes('SSTI49')) out.push('SSTI49');
              return out;
            }, text);
            // opened as documents: the site feed, the sitemap and the feeds of payload topics
            if (f === 'atom.xml' || f === 'sitemap.xml' || /^(topics|types)\/[^/]*(img|svg|script|cdata|details)[^/]*\/atom\.xml$/.test(f)) {
              problems.push(...await visit(urlFor(v.baseUrl, f)));
            }
            if (problems.length) {
              failed.push(`/${f}: ${problems.join('; ')}`);
              record(variant.name, `/${f}`, problems);
            }
          }
        } finally {
          await page.close();
        }
        expectNone(failed, 'feeds and sitemap');
      });

      it('every .svg of the output opened as a document runs no script', { timeout: TEST_TIMEOUT }, async () => {
        const failed = [];
        for (const f of v.files.filter((x) => /\.svg$/i.test(x))) {
          const problems = await visit(urlFor(v.baseUrl, f));
          if (problems.length) {
            failed.push(`/${f}: ${problems.join('; ')}`);
            record(variant.name, `/${f}`, problems);
          }
        }
        expectNone(failed, '.svg documents');
      });
    });
  }

  // ------------------------------------------------------------------ links from site.yaml

  // The default theme makes links of site.yaml's extra.sponsor_url, icp_url and psb_url (footer,
  // every page). SECURITY.md trusts site.yaml as it trusts templates; a `javascript:` URL there
  // still runs on a reader's click on every page of a .gov.cn site, so the build should refuse it
  // as it refuses one in Markdown (E070), or the theme should not link it.
  it('site.yaml link values (extra.sponsor_url, icp_url, psb_url) never become javascript: links', { timeout: TEST_TIMEOUT }, async () => {
    const dir = path.join(tmpRoot, 'site-extra-urls');
    const out = path.join(tmpRoot, 'out-extra-urls');
    assert.equal(run(GAZETTE, ['init', dir]).status, 0);
    const yaml = fs.readFileSync(path.join(dir, 'site.yaml'), 'utf8').replace(/^extra:.*$/m, [
      'extra:',
      '  sponsor: 主办单位',
      `  sponsor_url: "${SHAPES.js('site.extra.sponsor_url/js')}"`,
      '  icp: 备案号',
      `  icp_url: " JaVaScRiPt:alert('site.extra.icp_url/js-case')"`,
      '  psb: 公安备案',
      `  psb_url: "data:text/html,<script>alert('site.extra.psb_url/data')</script>"`,
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'site.yaml'), yaml);
    const r = run(GAZETTE, ['build', '--root', dir, '--output', out]);
    if (r.status !== 0) {
      assert.match(r.stderr, /site\.yaml:\d+/, `refused, but the error does not name site.yaml:line:\n${r.stderr}`);
      return;
    }
    const server = await startServer(out, '/');
    const context = await browser.newContext();
    const problems = [];
    try {
      const page = await context.newPage();
      page.on('dialog', (d) => { problems.push(`DIALOG ${d.message()}`); d.dismiss().catch(() => {}); });
      await page.goto(server.baseUrl, { waitUntil: 'load' });
      problems.push(...await page.evaluate(scanDom, server.origin + '/'));
      // what a reader's click does
      for (const a of await page.$$('footer a[href^="javascript:" i], footer a[href^=" javascript:" i]')) await a.click().catch(() => {});
      await page.waitForTimeout(SETTLE_MS);
    } finally {
      await context.close();
      await server.close();
    }
    record('site.yaml urls', '/ footer', problems);
    expectNone(problems, 'links made of site.yaml values (build exit 0)');
  });

  // ------------------------------------------------------------------ control characters in base_url

  it('a base_url with a line break is refused (it would add lines to robots.txt)', () => {
    const dir = path.join(tmpRoot, 'site-baseurl');
    assert.equal(run(GAZETTE, ['init', dir]).status, 0);
    const yaml = fs.readFileSync(path.join(dir, 'site.yaml'), 'utf8')
      .replace(/^base_url:.*$/m, 'base_url: "https://www.example.gov.cn/a\\nDisallow:/\\n"');
    fs.writeFileSync(path.join(dir, 'site.yaml'), yaml);
    const out = path.join(tmpRoot, 'out-baseurl');
    const r = run(GAZETTE, ['build', '--root', dir, '--output', out]);
    const robots = r.status === 0 ? fs.readFileSync(path.join(out, 'robots.txt'), 'utf8') : '';
    record('base_url', 'robots.txt', r.status === 0 ? [`built; robots.txt:\n${robots}`] : []);
    assert.notEqual(r.status, 0, `the build accepted a base_url with a line break; robots.txt reads:\n${robots}`);
    assert.match(r.stderr, /site\.yaml:\d+/, 'the error names site.yaml and the line');
  });

  // ------------------------------------------------------------------ gazette serve's error overlay

  describe('gazette serve: the error overlay shows a broken edit\'s payloads as text', () => {
    let child;
    let dir;
    let url;
    const output = [];
    before(async () => {
      dir = path.join(tmpRoot, 'site-serve');
      assert.equal(run(GAZETTE, ['init', dir]).status, 0);
      const port = await freePort();
      const { spawn } = require('node:child_process');
      child = spawn(GAZETTE, ['serve', '--root', dir, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d) => output.push(String(d)));
      child.stderr.on('data', (d) => output.push(String(d)));
      const started = Date.now();
      while (!url && Date.now() - started < 120_000) {
        const m = /serving .* at (http:\/\/\S+)/.exec(output.join(''));
        if (m) url = m[1];
        else await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(url, `gazette serve did not start:\n${output.join('')}`);
    }, { timeout: 180_000 });

    after(async () => {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }, { timeout: 20_000 });

    it('no payload of the error text runs', { timeout: TEST_TIMEOUT }, async (t) => {
      const report = walk(path.join(dir, 'content')).find((f) => f.endsWith('.md') && !f.endsWith('_index.md'));
      assert.ok(report, 'gazette init wrote a report');
      const file = path.join(dir, 'content', report);
      const text = fs.readFileSync(file, 'utf8');
      // a broken edit whose errors quote payloads: an unknown template and an invalid date
      const broken = text.replace(/^title:.*$/m, (l) => `${l}\ntemplate: "${SHAPES.img('overlay.template/img')} ${SHAPES.script('overlay.template/script')}"\nupdated: "${SHAPES.details('overlay.updated/details')}"`);
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems = [];
      page.on('dialog', (d) => { problems.push(`DIALOG ${d.type()}("${d.message()}")`); d.dismiss().catch(() => {}); });
      page.on('pageerror', (e) => problems.push(`uncaught exception: ${e.message}`));
      try {
        // serve's own inline scripts (the overlay, live reload), on the good site
        await page.goto(url, { waitUntil: 'load' });
        const own = new Set(await page.evaluate(scanDom, new URL(url).origin + '/'));
        fs.writeFileSync(file, broken);
        let overlay = null;
        const started = Date.now();
        while (!overlay && Date.now() - started < 60_000) {
          await page.goto(url, { waitUntil: 'load' }).catch(() => {});
          await page.waitForTimeout(1000);
          overlay = await page.$('#gazette-error-overlay');
        }
        assert.ok(overlay, `no error overlay after the broken edit:\n${output.join('').slice(-2000)}`);
        const shown = await overlay.evaluate((e) => e.textContent);
        t.diagnostic(`overlay: ${shown.replace(/\s+/g, ' ').slice(0, 300)}`);
        if (!/overlay\.(template|updated)\//.test(shown)) problems.push('the overlay does not show the error that quotes the payload');
        problems.push(...(await page.evaluate(scanDom, new URL(url).origin + '/')).filter((p) => !own.has(p)));
      } finally {
        await context.close();
        fs.writeFileSync(file, text);
      }
      record('serve', 'error overlay', problems);
      expectNone(problems, 'the error overlay');
    });
  });

  // ------------------------------------------------------------------ heading attributes

  describe('heading attributes', () => {
    const HEADINGS = [
      ['onfocus', "## 标题 {tabindex=0 autofocus=1 onfocus=alert('heading/onfocus')}"],
      ['onmouseover', "## 标题 {onmouseover=alert('heading/onmouseover')}"],
      ['style', '## 标题 {style=position:fixed;inset:0;background:red}'],
      ['onfocus-with-id', "## 标题 {#ok .cls onfocus=alert('heading/onfocus-with-id') autofocus=1 tabindex=0}"],
    ];
    let dir;
    let out;
    let result;
    let check;
    before(() => {
      dir = path.join(tmpRoot, 'site-headings');
      out = path.join(tmpRoot, 'out-headings');
      assert.equal(run(GAZETTE, ['init', dir]).status, 0);
      fs.rmSync(path.join(dir, 'content'), { recursive: true, force: true });
      fs.mkdirSync(path.join(dir, 'content', 'reports'), { recursive: true });
      for (const [name, line] of HEADINGS) {
        fs.writeFileSync(path.join(dir, 'content', 'reports', `2024-01-01-${name}.md`),
          `---\ntitle: ${name}\n---\n\n正文。\n\n${line}\n\n正文。\n`);
      }
      // allowed: an id and classes
      fs.writeFileSync(path.join(dir, 'content', 'reports', '2024-01-02-allowed.md'),
        '---\ntitle: allowed\n---\n\n正文。\n\n## 标题 {#custom-id .a .b}\n\n正文。\n');
      result = run(GAZETTE, ['build', '--root', dir, '--output', out]);
      check = run(GAZETTE, ['check', '--root', dir]);
    });

    it('gazette build refuses each heading attribute other than id and class, naming file:line', async (t) => {
      const problems = [];
      if (result.status === 0) problems.push('the build succeeded (exit 0)');
      for (const [name] of HEADINGS) {
        const at = `content/reports/2024-01-01-${name}.md:7`;
        if (!result.stderr.includes(at)) problems.push(`no error at ${at}`);
      }
      if (result.stderr.includes('2024-01-02-allowed.md')) problems.push('{#custom-id .a .b} was refused too');
      if (result.status === 0) {
        // what a reader gets from the published pages
        const server = await startServer(out, '/');
        const context = await browser.newContext();
        try {
          for (const [name] of HEADINGS) {
            const page = await context.newPage();
            const fired = [];
            page.on('dialog', (d) => { fired.push(d.message()); d.dismiss().catch(() => {}); });
            await page.goto(`${server.baseUrl}reports/2024-01-01-${name}/`.replace('2024-01-01-', ''), { waitUntil: 'load' }).catch(() => {});
            await page.waitForTimeout(SETTLE_MS);
            const dom = await page.evaluate(scanDom, server.origin + '/').catch(() => []);
            const styled = await page.$$eval('.prose h2[style]', (hs) => hs.map((h) => h.getAttribute('style'))).catch(() => []);
            problems.push(`published /reports/${name}/: dialogs [${fired.join(', ')}]; ${dom.concat(styled.map((s) => `style="${s}" on a heading`)).join('; ') || 'no handler in the DOM'}`);
            await page.close();
          }
        } finally {
          await context.close();
          await server.close();
        }
      }
      t.diagnostic(result.stderr.split('\n').slice(0, 12).join('\n'));
      record('headings', 'gazette build', problems);
      expectNone(problems, 'heading attributes');
    });

    it('gazette check reports them too', () => {
      const problems = [];
      if (check.status === 0) problems.push('gazette check exit 0');
      for (const [name] of HEADINGS) {
        const at = `content/reports/2024-01-01-${name}.md:7`;
        if (!(check.stdout + check.stderr).includes(at)) problems.push(`check: no error at ${at}`);
      }
      record('headings', 'gazette check', problems);
      expectNone(problems, 'gazette check on heading attributes');
    });
  });

  // ------------------------------------------------------------------ bundled active files

  describe('bundled files a browser opens as documents', () => {
    const SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:xlink="http://www.w3.org/1999/xlink">';
    const ACTIVE = {
      'evil.svg': `<svg xmlns="http://www.w3.org/2000/svg" onload="alert('bundle.svg/onload')"><script>alert('bundle.svg/script')</script></svg>\n`,
      'evil.html': `<!DOCTYPE html><title>x</title><script>alert('bundle.html/script')</script>\n`,
      'evil.htm': `<script>alert('bundle.htm/script')</script>\n`,
      'evil.xhtml': `<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert('bundle.xhtml/script')</script></body></html>\n`,
      'evil.xml': `<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert('bundle.xml/script')</x:script>\n`,
      // SVGs that get past a filter of <script>, on* and javascript: links, if anything does
      'meta-refresh.svg': `${SVG}<h:meta http-equiv="refresh" content="0;url=javascript:alert('bundle.svg/meta-refresh')"/></svg>\n`,
      'form-action.svg': `${SVG}<h:form action="javascript:alert('bundle.svg/form-action')"><h:input type="submit"/></h:form></svg>\n`,
      'set-handler.svg': `${SVG}<rect width="100" height="100"><set attributeName="onmouseover" to="alert('bundle.svg/set-handler')"/></rect></svg>\n`,
      'animate-handler.svg': `${SVG}<animate attributeName="onbegin" values="alert('bundle.svg/animate-handler')"/></svg>\n`,
      'style-import.svg': `${SVG}<h:style>@import url(javascript:alert('bundle.svg/style-import'))</h:style></svg>\n`,
      'entity-href.svg': `${SVG}<a xlink:href="&#x6A;avascript&#x3A;alert('bundle.svg/entity-href')"><text y="20">x</text></a></svg>\n`,
      'xhtml-frame.svg': `${SVG}<h:frame src="javascript:alert('bundle.svg/xhtml-frame')"/></svg>\n`,
    };

    for (const [name, text] of Object.entries(ACTIVE)) {
      it(`${name}: refused naming the file, or it runs no script when opened on the site`, { timeout: TEST_TIMEOUT }, async (t) => {
        const dir = path.join(tmpRoot, `site-bundle-${name}`);
        const out = path.join(tmpRoot, `out-bundle-${name}`);
        assert.equal(run(GAZETTE, ['init', dir]).status, 0);
        fs.rmSync(path.join(dir, 'content'), { recursive: true, force: true });
        const b = path.join(dir, 'content', 'reports', '2024-01-01-bundle');
        fs.mkdirSync(b, { recursive: true });
        fs.writeFileSync(path.join(b, name), text);
        const link = name.endsWith('.svg') ? `![图](${name})` : `[附件](${name})`;
        fs.writeFileSync(path.join(b, 'index.md'), `---\ntitle: bundle\nattachments:\n  - {file: ${name}, title: 附件}\n---\n\n正文 ${link}\n`);
        const r = run(GAZETTE, ['build', '--root', dir, '--output', out]);
        t.diagnostic(`build exit ${r.status}: ${(r.stderr || '').split('\n')[0]}`);
        if (r.status !== 0) {
          assert.ok(r.stderr.includes(name), `the build failed without naming ${name}:\n${r.stderr}`);
          return;
        }
        const published = walk(out).filter((f) => f.endsWith(`/${name}`));
        const server = await startServer(out, '/');
        const context = await browser.newContext();
        const problems = [];
        try {
          for (const f of published) {
            for (const url of [urlFor(server.baseUrl, f), `${server.baseUrl}reports/bundle/`]) {
              const page = await context.newPage();
              page.on('dialog', (d) => { problems.push(`${url}: DIALOG ${d.message()}`); d.dismiss().catch(() => {}); });
              await page.goto(url, { waitUntil: 'load' }).catch(() => {});
              await page.waitForTimeout(SETTLE_MS);
              // what a reader's pointer does
              await page.mouse.move(10, 10);
              await page.mouse.move(40, 40);
              await page.mouse.click(20, 20).catch(() => {});
              await page.waitForTimeout(SETTLE_MS);
              await page.close().catch(() => {});
            }
          }
        } finally {
          await context.close();
          await server.close();
        }
        t.diagnostic(`published: ${published.join(', ') || 'nothing'}`);
        record('bundle', name, problems);
        expectNone(problems, `${name} published (build exit 0) and runs script`);
      });
    }
  });
});
