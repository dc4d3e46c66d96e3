/*
 * Gazette's search layer: the module the Pagefind UI loads as its `pagefind.js` (the search
 * page gives the UI this folder as its bundle path). It offers the same functions as Pagefind's
 * own module (options, mergeIndex, filters, preload, search, debouncedSearch, init, destroy)
 * and answers with Pagefind's results, but decides itself which pages match (issue 15):
 *
 * - The query is the terms the reader typed, separated by spaces ("quoted" text is one term).
 *   A page matches when it holds every term as typed. Each term is searched on its own, so a
 *   shard that lacks one term cannot answer with the others. A term is found as one word or
 *   the start of one (Pagefind's prefix search, except in a shard where Pagefind found no word
 *   starting with it and fell back to a shorter one: checked on that shard's first result), or
 *   as words in a row (exact phrases: the browser's split, and every split into pieces of up
 *   to four characters, since the index split each page in its own context). A term with
 *   punctuation (a sentence) is its clauses, each of which must be on the page.
 * - The pages that hold every term come first, ranked by one score computed here over all
 *   shards (Pagefind's scores are per shard and not comparable). After them come the pages
 *   that hold every word of the terms but not each term as written, set apart (`partial`).
 * - A term no page holds is reported (the `gazette-search` event) and the pages with the other
 *   terms are offered, set apart.
 *
 * Shards are tagged with a synthetic filter (SHARD) that is hidden from the UI's filters.
 */
const core = await import(new URL("../../pagefind/pagefind.js", import.meta.url).href);

const SHARD = "gazette-shard";
const BUNDLE = new URL("../../pagefind/", import.meta.url).pathname;
let instance = null;
let coreOptions = {};
const shards = [];
let searchId = 0;

const WORDS = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
// BEGIN character classes: generated from crates/cjk-class by `GAZETTE_WRITE_JS_CLASSES=1 cargo test --lib js_classes`; do not edit
// one Chinese character (cjk_class::is_han)
var HAN = "(?:[\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF]|[\\uD840-\\uD8BF][\\uDC00-\\uDFFF])";
// one character of Chinese or Japanese text or its punctuation, written without spaces
// between words (cjk_class::is_cjk_unspaced or is_cjk_punctuation)
var CJK = "(?:[\\u00B7\\u2010-\\u2027\\u2E80-\\u2FDF\\u2FF0-\\u312F\\u3190-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFF9F\\uFFDD-\\uFFEF]|[\\uD840-\\uD8BF][\\uDC00-\\uDFFF])";
// END character classes
/** the dots the index puts inside long Chinese words (财.政.预算; SUBWORD_MARK in src/search/segment.rs) */
const DOT_IN_HAN = new RegExp("(" + HAN + ")\\.(?=" + HAN + ")", "g");
const SEGMENTED = /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F]|[\uD840-\uD8CF][\uDC00-\uDFFF]/;
// what Pagefind drops from a query (its normalisation): punctuation
const PUNCTUATION = /^[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]+$/u;

function pagefind() {
  if (!instance) {
    // Pagefind takes the language from <html lang> and, for Chinese, splits every query again
    // with the browser's segmenter, which would undo the splits tried here: it is told the
    // index's own language, `und` (src/search/mod.rs, RECORD_LANGUAGE), which it leaves as is.
    const html = document.documentElement;
    const lang = html.getAttribute("lang");
    html.setAttribute("lang", "und");
    try {
      instance = core.createInstance({ ...coreOptions, basePath: BUNDLE, mergeFilter: { [SHARD]: "0" } });
    } finally {
      if (lang === null) html.removeAttribute("lang");
      else html.setAttribute("lang", lang);
    }
    shards.forEach((path, i) => instance.mergeIndex(path, { mergeFilter: { [SHARD]: String(i + 1) } }));
  }
  return instance;
}

/** the terms as typed: spaces separate them, "quoted text" is one */
export function parseQuery(query) {
  const terms = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m;
  while ((m = re.exec(query || ""))) {
    const t = (m[1] !== undefined ? m[1] : m[2]).replace(/"/g, "").trim();
    if (t && !terms.includes(t)) terms.push(t);
  }
  return terms;
}

/** a term as the index's words: Chinese split as the index split it, punctuation dropped */
export function wordsOf(term) {
  const words = [];
  for (const chunk of term.split(/\s+/)) {
    if (!chunk) continue;
    if (!WORDS || !SEGMENTED.test(chunk)) {
      words.push(chunk);
      continue;
    }
    for (const s of WORDS.segment(chunk)) {
      if (s.isWordLike) words.push(s.segment);
      else if (!/^\s*$/.test(s.segment) && !PUNCTUATION.test(s.segment)) words.push(s.segment);
    }
  }
  return words.filter((w) => !PUNCTUATION.test(w));
}

/** text compared as the reader reads it: no spaces, no dots inside Chinese words, lower case */
export function plain(text) {
  return String(text || "")
    .replace(/<[^>]*>/g, "")
    .replace(DOT_IN_HAN, "$1")
    .replace(/\s+/g, "")
    .toLowerCase();
}

const withoutShard = (filters) => {
  const out = { ...(filters || {}) };
  delete out[SHARD];
  return out;
};

async function run(query, filters) {
  return pagefind().search(query, { filters });
}

const HAN_ONLY = new RegExp("^" + HAN + "+$");

/**
 * The ways a Chinese part of a term may lie in the index as words in a row. The index was split
 * by ICU4X in each page's context, which may split a term otherwise than the browser splits it
 * alone (雄安新区: 雄安 新区 or 雄 安 新 区; a name: one character a word). So the index is asked
 * which pieces of the part (up to MAX_PIECE characters) it holds as words, and every split of
 * the part into such pieces is tried, fewest pieces first, at most MAX_SPLITS.
 */
const MAX_SPLITS = 16;
const MAX_TERMS = 12;
const MAX_PARTS = 12;
const MAX_PIECE = 6;
async function splitsOf(part, filters) {
  const chars = Array.from(part);
  if (chars.length < 2 || chars.length > 24 || !HAN_ONLY.test(part)) return [];
  // every piece asked at once (the worker answers them in turn, without waiting on this thread)
  const pieces = [];
  for (let i = 0; i < chars.length; i++) {
    for (let n = 1; n <= Math.min(MAX_PIECE, chars.length - i); n++) pieces.push(chars.slice(i, i + n).join(""));
  }
  const unique = [...new Set(pieces)];
  const held = await Promise.all(unique.map((p) => run(`"${p}"`, filters).then((r) => r.results.length > 0)));
  const known = new Map(unique.map((p, i) => [p, held[i]]));
  const isWord = (piece) => known.get(piece);
  // ways[i]: the splits of chars[i..] into words the index holds (fewest pieces first)
  const ways = new Array(chars.length + 1);
  ways[chars.length] = [[]];
  for (let i = chars.length - 1; i >= 0; i--) {
    const here = [];
    for (let n = Math.min(MAX_PIECE, chars.length - i); n >= 1; n--) {
      const rest = ways[i + n];
      if (!rest.length) continue;
      const piece = chars.slice(i, i + n).join("");
      if (!isWord(piece)) continue;
      for (const r of rest) {
        here.push([piece, ...r]);
        if (here.length >= MAX_SPLITS * 4) break;
      }
    }
    here.sort((a, b) => a.length - b.length);
    ways[i] = here.slice(0, MAX_SPLITS * 4);
  }
  return ways[0].filter((w) => w.length > 1).slice(0, MAX_SPLITS);
}

/** the parts of a term between punctuation: each must be on the page (a sentence's clauses) */
export function partsOf(term) {
  // Chinese and other non-ASCII punctuation separates parts; ASCII punctuation is part of a
  // Latin token (PM2.5, 5.2%), as the index keeps it
  return term.split(/[\s\u00A0-\u00BF\u2000-\u206F\u3000-\u303F\uFE10-\uFE6F\uFF00-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]+/u)
    .map((p) => p.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, ""))
    .filter((p, i, l) => p && l.indexOf(p) === i);
}

/** the pages holding one part of a term (no punctuation in it), and the pages holding its words */
async function partPages(part, filters) {
  const words = wordsOf(part);
  if (words.length === 0) return null;
  const [loose, wholeExact] = await Promise.all([
    run(words.join(" "), filters),
    words.length === 1 ? run(`"${words[0]}"`, filters) : null,
  ]);
  const looseById = new Map(loose.results.map((r) => [r.id, r]));
  const exact = new Map();
  const dropped = new Set();
  // the part as one word, or the start of one (when the browser splits it into one word):
  // Pagefind's prefix search. A shard with no word starting with it answers with the longest
  // word that starts it instead, and those results lack the part (some may hold it by chance:
  // pages with a name's first character include the name's own): in a shard where the part is
  // not a word of its own, results spread over the whole list are read, and the shard's answer
  // is dropped unless each holds the part. Pages that hold it as words in a row are found below.
  if (words.length === 1) {
    const counts = (loose.filters || {})[SHARD] || {};
    const exactCounts = (wholeExact.filters || {})[SHARD] || {};
    for (const [shard, n] of Object.entries(counts)) {
      if (!n || exactCounts[shard]) continue;
      const list = (await run(words[0], { ...(filters || {}), [SHARD]: shard })).results;
      const step = Math.max(1, Math.floor(list.length / 12));
      const picked = list.filter((_, i) => i < 2 || i % step === step - 1 || i === list.length - 1);
      const sample = await Promise.all(picked.map((r) => r.data()));
      if (!sample.every((d) => plain(d.content).includes(plain(part)))) list.forEach((r) => dropped.add(r.id));
    }
    for (const r of loose.results) if (!dropped.has(r.id)) exact.set(r.id, r);
  }
  // the part as words in a row: as the browser splits it, every other split, and a Latin token
  // with digits apart where letters meet digits (PM2.5 is also written `PM 2.5`)
  const latin = /^[A-Za-z0-9.%]+$/.test(part) ? part.split(/(?<=[A-Za-z])(?=[0-9])|(?<=[0-9.%])(?=[A-Za-z])/) : [];
  const phrases = [words, latin, ...(await splitsOf(part, filters))].filter((w) => w.length > 1);
  const keys = [...new Set(phrases.map((p) => p.join(" ")))];
  const found = await Promise.all(keys.map((key) => run(`"${key}"`, filters)));
  // the phrase's own result: its excerpt shows and highlights the term, not each word apart
  for (const f of found) for (const r of f.results) if (!exact.has(r.id)) exact.set(r.id, r);
  for (const id of dropped) looseById.delete(id);
  // pages with the words apart are offered for Chinese only (characters of a term apart); for a
  // part with digits or Latin (2035年, PM2.5) Pagefind's fallback to a shorter word makes them noise
  if (!HAN_ONLY.test(part)) return { words, exact, loose: new Map(exact), response: loose };
  return { words, exact, loose: looseById, response: loose };
}

/** the pages holding `term` (every part of it), and the pages holding its words */
async function termPages(term, filters) {
  const parts = (await Promise.all(partsOf(term).slice(0, MAX_PARTS).map((p) => partPages(p, filters)))).filter(Boolean);
  if (parts.length === 0) return null;
  return {
    term,
    words: parts.flatMap((p) => p.words),
    exact: intersect(parts.map((p) => p.exact)),
    // the word search's results where there is one (all the words' places: the count ranks)
    loose: intersect(parts.map((p) => new Map([...p.exact, ...p.loose]))),
    response: parts[0].response,
  };
}

/** one score for every page, whatever its shard: Σ over terms of idf × saturated count */
function ranked(results, perTerm, total) {
  const score = new Map();
  for (const r of results) {
    let s = 0;
    for (const t of perTerm) {
      const df = Math.max(1, t.exact.size || t.loose.size);
      const idf = Math.log(1 + total / df);
      const hit = t.loose.get(r.id) || t.exact.get(r.id);
      const n = hit ? Math.max(1, hit.words.length / t.words.length) : 0;
      s += idf * (n * 2.2) / (n + 1.2) * (t.exact.has(r.id) ? 1 : 0.5);
    }
    score.set(r.id, s);
  }
  return results.slice().sort((a, b) => score.get(b.id) - score.get(a.id) || b.score - a.score);
}

function intersect(maps) {
  if (maps.length === 0) return new Map();
  const [first, ...rest] = maps.slice().sort((a, b) => a.size - b.size);
  const out = new Map();
  for (const [id, r] of first) if (rest.every((m) => m.has(id))) out.set(id, r);
  return out;
}

function marked(result, partial) {
  if (!partial) return result;
  const data = result.data;
  return { ...result, data: async () => ({ ...(await data()), gazettePartial: true }) };
}

export async function search(query, options = {}) {
  const id = ++searchId;
  const filters = options.filters || {};
  // a pasted paragraph is at most MAX_TERMS terms (each costs the index several questions)
  const terms = parseQuery(query).slice(0, MAX_TERMS);
  const everything = run(null, filters);
  const perTerm = (await Promise.all(terms.map((t) => termPages(t, filters)))).filter(Boolean);
  const missing = perTerm.filter((t) => t.exact.size === 0).map((t) => t.term);
  const present = perTerm.filter((t) => t.exact.size > 0);
  const all = await everything;
  const total = Math.max(1, all.unfilteredResultCount || all.results.length);
  const exact = intersect(present.map((t) => t.exact));
  const loose = intersect(present.map((t) => new Map([...t.exact, ...t.loose])));
  for (const key of exact.keys()) loose.delete(key);
  // with a term no page holds, no page matches: the pages with the other terms are offered,
  // those with each of them as typed first
  const first = missing.length ? [] : ranked([...exact.values()], present, total);
  const rest = missing.length
    ? [...ranked([...exact.values()], present, total), ...ranked([...loose.values()], present, total)]
    : ranked([...loose.values()], present, total);
  const base = perTerm[0] ? perTerm[0].response : all;
  const response = {
    ...base,
    results: [...first.map((r) => marked(r, false)), ...rest.map((r) => marked(r, true))],
    filters: withoutShard(base.filters),
    totalFilters: withoutShard(base.totalFilters || all.totalFilters),
    unfilteredResultCount: base.unfilteredResultCount,
  };
  if (typeof window !== "undefined" && id === searchId) {
    window.dispatchEvent(new CustomEvent("gazette-search", {
      detail: { query, terms, missing, matches: first.length, partial: rest.length },
    }));
  }
  return response;
}

/** for tests and the benchmark: how each typed term was found */
export async function explain(query, filters = {}) {
  const out = [];
  for (const term of parseQuery(query)) {
    const t = await termPages(term, filters);
    out.push({ term, parts: partsOf(term), words: t && t.words, exact: t ? t.exact.size : 0, loose: t ? t.loose.size : 0 });
  }
  return out;
}

export async function options(o) {
  coreOptions = { ...coreOptions, ...(o || {}) };
  if (instance) await instance.options(o);
}
export async function mergeIndex(path) {
  if (!shards.includes(path)) shards.push(path);
}
export async function init() {
  pagefind();
}
export async function filters() {
  return withoutShard(await pagefind().filters());
}
export async function preload(term, o = {}) {
  const words = parseQuery(term).flatMap(wordsOf);
  if (words.length) await pagefind().preload(words.join(" "), o);
}
export async function debouncedSearch(term, o, ms = 300) {
  const id = ++searchId;
  await new Promise((r) => setTimeout(r, ms));
  if (id !== searchId) return null;
  return search(term, o);
}
export async function destroy() {
  if (instance) await instance.destroy();
  instance = null;
}
