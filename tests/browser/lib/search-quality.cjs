'use strict';
// Reading and scoring what the real search page presents (issue 15), shared by
// search-quality.test.cjs and bench/search-quality/run.cjs.
//
// A page "holds" a query when its findable text (title, heading block, body, HTML comments
// removed) contains every typed term: the query split at spaces, quotes removed, lower case,
// compared without spaces; a term's Latin or digit edge must not run on into more of them. Results the page sets apart as holding only some of the words (the
// tag "匹配: 只含部分字词" / "Match: some words only") are not presented as matches.

/** the typed terms of a query */
const terms = (q) => q.split(/\s+/).map((t) => t.replace(/^"|"$/g, '').toLowerCase()).filter(Boolean);

/** text as compared: lower case, no whitespace */
const flat = (s) => String(s).replace(/\s+/g, '').toLowerCase();

/** whether flat text holds term t: a term that begins or ends with a Latin letter or digit
 *  must not continue a Latin word or number there (5G is not in 85GWh) */
function holds(text, t) {
  const edge = /[a-z0-9]/;
  for (let i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + 1)) {
    if (edge.test(t[0]) && i > 0 && edge.test(text[i - 1])) continue;
    if (edge.test(t[t.length - 1]) && edge.test(text[i + t.length] || '')) continue;
    return true;
  }
  return false;
}

/** the set of URLs (of `pages`: [{url, text}], text already flat) that hold query q */
function relevant(pages, q) {
  const ts = terms(q).map(flat);
  return new Set(pages.filter((p) => ts.every((t) => holds(p.text, t))).map((p) => p.url));
}

/** opens /search/?q= on `base` and returns every result the page shows, in order, and its messages */
async function searchPage(page, base, q) {
  await page.goto(`${base}search/?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => {
    const m = document.querySelector('.pagefind-ui__message');
    return m && m.textContent.trim() && !/(……|\.\.\.)$/.test(m.textContent.trim()) && !document.querySelector('.pagefind-ui__loading');
  }, null, { timeout: 120_000 });
  for (;;) {
    const more = await page.$('.pagefind-ui__results-area > button.pagefind-ui__button');
    if (!more) break;
    await more.click();
    await page.waitForFunction(() => !document.querySelector('.pagefind-ui__loading'), null, { timeout: 120_000 });
  }
  return page.evaluate(() => ({
    message: [...document.querySelectorAll('.pagefind-ui__message, .gz-search-note')].filter((m) => !m.hidden)
      .map((m) => m.textContent.trim()).join(' | '),
    note: (() => { const n = document.querySelector('.gz-search-note'); return n && !n.hidden ? n.textContent.trim() : ''; })(),
    results: [...document.querySelectorAll('.pagefind-ui__result')].map((r) => ({
      url: new URL(r.querySelector('.pagefind-ui__result-link').href).pathname,
      partial: [...r.querySelectorAll('.pagefind-ui__result-tag')].some((t) => /^(匹配|Match):/.test(t.textContent.trim())),
      excerpt: (r.querySelector('.pagefind-ui__result-excerpt') || {}).innerHTML || '',
    })),
  }));
}

/**
 * The scores of one query: `list` every result URL in order, `presented` those presented as
 * matches, `rel` the relevant set, `known` the URLs that count (others, e.g. list pages the
 * CLI indexes, are ignored).
 */
function score(list, presented, rel, known) {
  const norm = (u) => u.replace(/index\.html$/, '');
  const pres = presented.map(norm).filter((u) => known.has(u));
  const top = list.map(norm).filter((u) => known.has(u)).slice(0, 10);
  return {
    relevant: rel.size,
    hits: pres.length,
    false: pres.filter((u) => !rel.has(u)).length,
    first: rel.size === 0 ? null : (pres.length > 0 && rel.has(pres[0])),
    recall: rel.size === 0 ? null : pres.filter((u) => rel.has(u)).length / rel.size,
    p10: rel.size === 0 ? null : top.filter((u) => rel.has(u)).length / Math.min(10, rel.size),
    falseUrls: pres.filter((u) => !rel.has(u)).slice(0, 5),
    missedUrls: [...rel].filter((u) => !pres.includes(u)).slice(0, 5),
  };
}

/** a context option for the runner: every result on one page (Pagefind UI's pageSize) */
async function showAllResults(context) {
  await context.addInitScript(() => {
    let ui;
    Object.defineProperty(window, 'PagefindUI', {
      configurable: true,
      get() { return ui; },
      set(v) { ui = class extends v { constructor(o) { super({ ...o, pageSize: 1000 }); } }; },
    });
  });
}

module.exports = { terms, flat, holds, relevant, searchPage, score, showAllResults };
