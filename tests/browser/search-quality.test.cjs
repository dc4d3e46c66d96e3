'use strict';
// Search quality in a browser (issue 15), on a small site this test builds itself with
// `gazette build`, sharded one year a shard or smaller (GAZETTE_SEARCH_SHARD_PAGES=2), so that
// terms occur in some shards only. The real /search/ page is opened for each query, and what it
// presents is scored against ground truth computed from the pages' own text
// (lib/search-quality.cjs, shared with bench/search-quality/run.cjs):
//
// - no result presented as a match lacks a typed term (pages with only some of the words may
//   follow, marked); the first result holds every term; every page holding them is presented;
// - terms of some years only, a pair of them, a policy term with its characters elsewhere
//   apart, a name only in the heading block (speaker), a 文号, a whole sentence, Latin tokens
//   and numbers;
// - a word no page holds: the page says so and presents no match;
// - the text of an HTML comment (a photo caption) is not found;
// - adjacent highlighted words are one highlight.
//
//   cargo build && cd tests/browser && node --test search-quality.test.cjs
//
// GAZETTE_BIN names the binary (default: target/debug/gazette, or $CARGO_TARGET_DIR/debug/gazette).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { describe, it, before, after } = require('node:test');
const { chromium } = require('playwright-core');

const { startServer } = require('./lib/server.cjs');
const sq = require('./lib/search-quality.cjs');
const { GAZETTE, CHROMIUM, CHROMIUM_ARGS, chromiumProblem, skipReason } = require('./lib/env.cjs');

const TEST_TIMEOUT = 120_000;

// The reports: [year, slug, front matter lines, body]. Sentences in the style of real work
// reports; each query below has pages that hold it and pages that only look like they might.
const REPORTS = [
  [2019, 'a', ['speaker: 李明'], '加快发展养老服务业，新建社区养老服务中心20个。深入推进招商引资，新签约项目120个。'],
  [2019, 'b', [], '持续优化营商环境，加强新型基础设施建设，做好H1N1流感防控。'],
  [2019, 'c', [], '推动新的质量变革，全面提高生产力水平，加大工作力度。'],
  [2020, 'd', [], '统筹疫情防控和经济社会发展，有序推进复工复产。新冠肺炎疫情发生后，全力做好养老服务机构防控。'],
  [2020, 'e', [], '做好新冠病毒核酸检测，提升检测能力。'],
  [2020, 'f', ['speaker: 布小林', 'speaker_title: 市长'],
    '<!-- 布小林同志作政府工作报告。摄影 王小明 -->\n\n现在，我代表市人民政府，向大会报告工作，请予审议。'],
  [2021, 'g', [], '实现碳达峰碳中和目标，全面推进乡村振兴。'],
  [2021, 'h', [], '制定碳达峰行动方案，招商引资再创新高。'],
  [2021, 'i', ['doc_number: "江人常〔2021〕5号"'], '乡村振兴取得新进展，农民收入稳步增长。'],
  [2024, 'j', [], '因地制宜发展新质生产力，培育低空经济。'],
  [2024, 'k', [], '加快形成新质生产力，完善养老服务体系。'],
  [2024, 'l', [], '推进新型工业化，GDP增长5.2%，PM2.5平均浓度下降，为实现2035年远景目标打下基础。'],
];

// [query, what the reader must see besides the scores]
const QUERIES = [
  ['新冠 养老服务'], ['核酸'], ['新质生产力'], ['碳达峰'], ['碳达峰 招商引资'], ['疫情防控 复工复产'],
  ['布小林'], ['江人常〔2021〕5号'], ['现在，我代表市人民政府，向大会报告工作，请予审议。'],
  ['GDP'], ['PM2.5'], ['2035年'], ['乡村振兴'], ['H1N1 养老服务'],
  ['DeepSeek 乡村振兴', 'missing'], ['王小明', 'missing'],
];

function siteFiles() {
  const files = [['site.yaml', 'title: 搜索质量测试\nbase_url: https://example.org/\nlanguage: zh-CN\nsearch: true\nmarkdown:\n  unsafe_html: false\n']];
  for (const [year, slug, fm, body] of REPORTS) {
    files.push([`content/reports/${year}/report-${slug}.md`,
      ['---', `title: ${year}年工作报告${slug.toUpperCase()}`, `date: ${year}-03-01`, 'type: 工作报告', ...fm, '---', '', body, ''].join('\n')]);
  }
  return files;
}

/** each page's URL and findable text: title, heading block, body without comments */
function truth() {
  return REPORTS.map(([year, slug, fm, body]) => {
    const url = `/reports/${year}/report-${slug}/`;
    const heading = fm.map((l) => l.split(':').slice(1).join(':').trim().replace(/^"|"$/g, '')).join(' ');
    const text = `${year}年工作报告${slug.toUpperCase()} ${heading} ${body.replace(/<!--[\s\S]*?-->/g, '')}`;
    return { url, text: sq.flat(text) };
  });
}

const setupProblems = [];
if (!fs.existsSync(GAZETTE)) setupProblems.push(`${GAZETTE} does not exist: run \`cargo build\` (or set GAZETTE_BIN)`);
if (chromiumProblem) setupProblems.push(chromiumProblem);

let tmp;
let server;
let browser;
let context;
let pages;

describe('search quality setup', () => {
  it('has gazette and chromium', () => {
    assert.deepEqual(setupProblems, []);
  });
});

describe('search quality in the browser', { skip: skipReason || setupProblems.length > 0 }, () => {
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-search-quality-'));
    const root = path.join(tmp, 'site');
    for (const [rel, text] of siteFiles()) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const out = path.join(tmp, 'out');
    execFileSync(GAZETTE, ['build', '--root', root, '--output', out], {
      env: { ...process.env, GAZETTE_SEARCH_SHARD_PAGES: '2' }, stdio: 'pipe',
    });
    const shards = fs.readFileSync(path.join(out, 'pagefind', 'gazette-shards.js'), 'utf8');
    assert.ok((shards.match(/\//g) || []).length >= 4, `the site is sharded: ${shards}`);
    pages = truth();
    for (const p of pages) assert.ok(fs.existsSync(path.join(out, p.url, 'index.html')), `${p.url} was built`);
    server = await startServer(out, '/');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await sq.showAllResults(context);
  }, { timeout: TEST_TIMEOUT });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const [q, expect] of QUERIES) {
    it(`presents what holds ${q}, and only that`, { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      try {
        const got = await sq.searchPage(page, server.baseUrl, q);
        const rel = sq.relevant(pages, q);
        const all = got.results.map((r) => r.url);
        const s = sq.score(all, got.results.filter((r) => !r.partial).map((r) => r.url), rel, new Set(pages.map((p) => p.url)));
        t.diagnostic(`${q}: ${rel.size} hold it; ${s.hits} presented as matches, ${all.length - s.hits} after them; ${got.message}`);
        assert.deepEqual(errors, [], 'no script errors');
        assert.equal(s.false, 0, `no match lacks a typed term: ${s.falseUrls.join(' ')}`);
        assert.equal(s.recall ?? 1, 1, `every page that holds the terms is presented: missed ${s.missedUrls.join(' ')}`);
        if (rel.size > 0) assert.equal(s.first, true, 'the first result holds every term');
        // the pages set apart come after every match
        const firstPartial = got.results.findIndex((r) => r.partial);
        if (firstPartial >= 0) assert.ok(got.results.slice(firstPartial).every((r) => r.partial), 'matches come first');
        if (expect === 'missing') {
          assert.equal(rel.size, 0);
          assert.match(got.note, /没有页面包含“(DeepSeek|王小明)”/, 'the page says which term no page holds');
        }
        if (q === '新质生产力') {
          // 新的质量 … 生产力 … 力度: the characters apart, only after the matches, marked
          const apart = got.results.find((r) => r.url.endsWith('report-c/'));
          if (apart) assert.equal(apart.partial, true, 'a page with the characters apart is marked');
        }
        if (q === '乡村振兴') {
          const excerpts = got.results.map((r) => r.excerpt).join(' ');
          assert.match(excerpts, /<mark>乡村振兴<\/mark>/, `one highlight: ${excerpts}`);
          assert.doesNotMatch(excerpts, /<\/mark>\s*<mark>/, 'no gap between highlights');
        }
      } finally {
        await page.close();
      }
    });
  }
});
