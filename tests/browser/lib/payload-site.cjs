'use strict';
// Writes a Gazette site whose every value is a script payload, and builds it with the gazette
// binary, dropping each value the build refuses (a refusal is the safe outcome; it is recorded)
// until the rest builds. Used by payload.test.cjs (issue 12, "Output safety" in SPEC.md).
//
// Every payload carries a marker (`fm.title/img`: where it was planted / which shape), and fires
// alert('<marker>') if it ever runs, so a dialog names the field and the shape that got through.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/** The payload shapes. `m` is the marker; keep each free of `/` only where file names need it. */
const SHAPES = {
  img: (m) => `<img src=x onerror=alert('${m}')>`,
  svg: (m) => `"><svg onload=alert('${m}')>`,
  sq: (m) => `'-alert('${m}')-'`,
  script: (m) => `</script><script>alert('${m}')</script>`,
  js: (m) => `javascript:alert('${m}')`,
  // Tera syntax: a value rendered as a template shows SSTI49, or fails the build
  tera: (m) => `SSTI{{ 7*7 }}{% raw %}${m}`,
  // feeds and other XML: break out of CDATA and the element
  cdata: (m) => `]]></title><script>alert('${m}')</script>`,
  // U+2028/U+2029 end a line in old JavaScript string literals; then a quote break-out
  ls: (m) => `\u2028\u2029'";alert('${m}')//`,
  // full-width brackets: harmless unless something NFKC-normalises them into < >
  fw: (m) => `＜script＞alert('${m}')＜/script＞`,
  // fires by itself on load (no user action) wherever HTML is inserted raw
  details: (m) => `<details open ontoggle=alert('${m}')>`,
  // already-escaped text: fires only where something decodes entities and inserts HTML
  ent: (m) => `&lt;img src=x onerror=alert('${m}')&gt;`,
  // percent-encoded: fires where a path or value is URL-decoded and inserted as HTML
  pct: (m) => `%3Cimg%20src%3Dx%20onerror%3Dalert('${m}')%3E`,
};

/** every shape in one string (a polyglot), each with its own marker `<m>/<shape>` */
function all(m) {
  return Object.entries(SHAPES).map(([k, f]) => f(`${m}/${k}`)).join(' ');
}

/** the word every page says, so one search finds them all */
const SEARCH_WORD = 'zebra';

/** Markdown body with payloads in every construct; blocks, so a refused block can be dropped */
function body(m) {
  return [
    `${SEARCH_WORD} 正文 预算。原始 HTML：${SEARCH_WORD} <img src=x onerror=alert('${m}/raw-img')> ${SEARCH_WORD} <svg onload=alert('${m}/raw-svg')> ${SEARCH_WORD}`,
    `<details open ontoggle=alert('${m}/raw-details')><summary>x</summary>y</details>`,
    `<script>alert('${m}/raw-script')</script>`,
    `${SEARCH_WORD} </script><script>alert('${m}/text-script')</script> ${SEARCH_WORD} ${SHAPES.ent(`${m}/text-ent`)} ${SEARCH_WORD} ${SHAPES.tera(`${m}/text-tera`)} ${SEARCH_WORD}`,
    `[链接](javascript:alert('${m}/md-jslink'))`,
    `[大写](JaVaScRiPt:alert('${m}/md-jslink-case'))`,
    `[实体](javascript&colon;alert('${m}/md-jslink-ent'))`,
    `[制表符](java&#9;script:alert('${m}/md-jslink-tab'))`,
    `[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
    `[vb](vbscript:msgbox('${m}/md-vbscript'))`,
    `自动链接 <javascript:alert('${m}/md-autolink')>`,
    `![图片](javascript:alert('${m}/md-jsimg'))`,
    `![svg](data:image/svg+xml,%3Csvg%20onload%3Dalert('${m}/md-datasvg')%3E)`,
    `[svg 链接](data:image/svg+xml,%3Csvg%20xmlns%3D%22http://www.w3.org/2000/svg%22%20onload%3Dalert('${m}/md-datasvg-link')%3E%3C/svg%3E)`,
    `[标题](/search/ "t\\" onmouseover=alert('${m}/md-title') x=\\"")`,
    `[引用][r1]`,
    `[r1]: javascript:alert('${m}/md-ref')`,
    `脚注[^n1]\n\n[^n1]: 脚注 <img src=x onerror=alert('${m}/fn')>`,
    '```"><img src=x onerror=alert(\'' + m + '/fence\')>\ncode\n```',
    '```html\n<script>alert(\'' + m + '/fence-html\')</script><img src=x onerror=alert(\'' + m + '/fence-html-img\')>\n```',
    `**加粗<img src=x onerror=alert('${m}/cjk-em')>。**紧跟正文 ${SEARCH_WORD}`,
    `脚注标签[^<img src=x onerror=alert('${m}/fn-label')>]\n\n[^<img src=x onerror=alert('${m}/fn-label')>]: 定义`,
    `## 一、标题 <img src=x onerror=alert('${m}/h-text')> ${SHAPES.tera(`${m}/h-tera`)}`,
    `## 二、显式标识 {#h-${m.replace(/[^a-z0-9]/gi, '-')}" .c"onfocus=alert('${m}/h-attr')}`,
    `## 三、反斜杠标识 {#x\\}`,
    `| a | b |\n|---|---|\n| <img src=x onerror=alert('${m}/table')> | ${SEARCH_WORD} |`,
  ];
}

// a 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/**
 * The site as data: site.yaml (an object) and files (path → {fm, body} or {bytes}).
 * `variant.slugify`: pinyin or unicode; `variant.baseUrl`: the base_url.
 */
function payloadSite(variant) {
  const siteYaml = {
    title: all('site.title'),
    description: all('site.description'),
    base_url: variant.baseUrl,
    language: 'zh-CN',
    theme: 'default',
    paginate: 3,
    slugify: variant.slugify,
    taxonomies: ['topics', 'types', SHAPES.img('site.taxonomies/img')],
    markdown: { unsafe_html: false, highlight: true },
    feeds: true,
    search: true,
    extra: {
      site_name: all('site.extra.site_name'),
      site_domain: all('site.extra.site_domain'),
      site_id_code: all('site.extra.site_id_code'),
      sponsor: all('site.extra.sponsor'),
      // http(s) with markup after it; `javascript:` here has a test of its own
      sponsor_url: `https://x.invalid/${SHAPES.svg('site.extra.sponsor_url/svg')}${SHAPES.sq('site.extra.sponsor_url/sq')}`,
      organizer: all('site.extra.organizer'),
      contact: {
        address: all('site.extra.contact.address'),
        postcode: all('site.extra.contact.postcode'),
        phone: all('site.extra.contact.phone'),
        email: all('site.extra.contact.email'),
      },
      icp: all('site.extra.icp'),
      icp_url: `https://x.invalid/${SHAPES.svg('site.extra.icp_url/svg')}${SHAPES.sq('site.extra.icp_url/sq')}`,
      psb: all('site.extra.psb'),
      psb_url: `https://x.invalid/${SHAPES.svg('site.extra.psb_url/svg')}${SHAPES.sq('site.extra.psb_url/sq')}`,
      column_types: { reports: all('site.extra.column_types.reports'), news: all('site.extra.column_types.news') },
      share_image: all('site.extra.share_image'),
      free: all('site.extra.free'),
    },
  };

  const files = {};
  const md = (rel, fm, b) => { files[rel] = { fm, body: b }; };
  const raw = (rel, bytes) => { files[rel] = { bytes }; };

  md('content/_index.md', {
    title: all('home.title'),
    description: all('home.description'),
    extra: { x: all('home.extra') },
  }, body('home.body'));

  md('content/reports/_index.md', {
    title: all('sect.title'),
    description: all('sect.description'),
    weight: all('sect.weight'),
    sort_by: all('sect.sort_by'),
    paginate: all('sect.paginate'),
    template: all('sect.template'),
    extra: { x: all('sect.extra') },
  }, body('sect.body'));

  // no summary: it is derived from the first paragraph, which is full of payloads
  md('content/reports/2024/2024-01-06-derived-summary.md', { title: `摘要 ${SEARCH_WORD}`, topics: ['预算'] }, body('derived'));

  // the report with every field (a page bundle, so attachments and a cover can be files)
  const bundle = 'content/reports/2024/2024-01-04-all-fields';
  const attName = `a'"><img src=x onerror=alert('att.file')>.pdf`;
  const coverName = `c'"><svg onload=alert('cover.file')>.png`;
  // an attachment whose extension is markup (the theme shows the extension)
  const extName = `e.<img src=x onerror=alert('att_ext')>`;
  md(`${bundle}/index.md`, {
    title: all('fm.title'),
    date: '2024-01-04',
    updated: all('fm.updated'),
    summary: all('fm.summary'),
    topics: ['预算', ...Object.entries(SHAPES).map(([k, f]) => f(`fm.topics/${k}`))],
    type: '工作报告',
    meeting: all('fm.meeting'),
    speaker: all('fm.speaker'),
    speaker_title: all('fm.speaker_title'),
    author: all('fm.author'),
    doc_number: all('fm.doc_number'),
    slug: all('fm.slug'),
    draft: all('fm.draft'),
    weight: all('fm.weight'),
    aliases: [
      '/old/all-fields/',
      `/old/${SHAPES.img('fm.aliases_img')}/`,
      `/old/a'"><svg onload=alert('fm.aliases_svg')>.html`,
      SHAPES.js('fm.aliases/js'),
      `https://evil.invalid/${SHAPES.img('fm.aliases_abs')}`,
    ],
    attachments: [
      { file: 'doc.pdf', title: all('fm.attachments.title') },
      { file: attName, title: '文件名' },
      { file: extName, title: '扩展名' },
      // no title: the file name is shown
      { file: `n'"><img src=x onerror=alert('att.untitled')>.pdf` },
      { file: SHAPES.js('fm.attachments.file/js'), title: 'js' },
    ],
    cover: coverName,
    template: all('fm.template'),
    responds_to: all('fm.responds_to'),
    related: [all('fm.related')],
    index_no: all('fm.index_no'),
    cover_focus: all('fm.cover_focus'),
    extra: { source: all('fm.extra.source'), note: all('fm.extra.note'), nested: { deep: all('fm.extra.nested') }, list: [all('fm.extra.list')] },
  }, body('fm.body'));
  raw(`${bundle}/doc.pdf`, PDF);
  raw(`${bundle}/${attName}`, PDF);
  raw(`${bundle}/${extName}`, PDF);
  raw(`${bundle}/n'"><img src=x onerror=alert('att.untitled')>.pdf`, PDF);
  raw(`${bundle}/${coverName}`, PNG);

  // values that are not paths where paths go, and dates that are not dates
  md('content/reports/2024/2024-01-05-bad-values.md', {
    title: `非法值 ${SEARCH_WORD}`,
    date: `2024年1月5日${SHAPES.img('fm.date/img')}`,
    cover: SHAPES.js('fm.cover/js'),
    topics: ['预算'],
  }, [`${SEARCH_WORD}`]);

  // one report per shape, each with that shape as its type (one term each: a polyglot of all
  // shapes makes a term slug longer than a file name may be), enough for /reports/page/2/ and for
  // term and year pages with several entries
  Object.entries(SHAPES).forEach(([k, f], i) => {
    const y = i % 2 ? 2023 : 2024;
    const n = String(i + 1).padStart(2, '0');
    md(`content/reports/${y}/${y}-02-${n}-shape-${k}.md`, {
      title: `形状 ${k} ${SEARCH_WORD}`,
      topics: ['预算', f(`shape.topic/${k}`)],
      type: f(`fm.type/${k}`),
      // a meeting that parses (term, kind, number) with the payload as the body's name: the
      // meeting pages (issue 18) show that name
      meeting: `${f(`fm.meeting-parsed/${k}`)}县第十八届人民代表大会常务委员会第${'一二三四五六七八九十'[i % 10]}次会议`,
    }, [`${SEARCH_WORD} 预算 第 ${n} 篇。`]);
  });

  // file and folder names
  md(`content/news/2024-03-02-${SHAPES.img('fname_img')}.md`, { title: `文件名 img ${SEARCH_WORD}`, date: '2024-03-02' }, [SEARCH_WORD]);
  md(`content/news/2024-03-03-${SHAPES.js('fname_js')}.md`, { title: `文件名 js ${SEARCH_WORD}`, date: '2024-03-03' }, [SEARCH_WORD]);
  md(`content/news/2024-03-04-${SHAPES.tera('fname_tera')}.md`, { title: `文件名 tera ${SEARCH_WORD}`, date: '2024-03-04' }, [SEARCH_WORD]);
  md(`content/news/2024-03-05-＜script＞alert('fname_fw')＜／script＞.md`, { title: `文件名 全角 ${SEARCH_WORD}`, date: '2024-03-05' }, [SEARCH_WORD]);
  md(`content/news/2024-03-06-${SHAPES.pct('fname_pct')}.md`, { title: `文件名 pct ${SEARCH_WORD}`, date: '2024-03-06' }, [SEARCH_WORD]);
  md(`content/news/2024-03-07-b'"><svg onload=alert('dname_svg')>/index.md`, { title: `目录名 ${SEARCH_WORD}`, date: '2024-03-07' }, [SEARCH_WORD]);
  md(`content/news/x"'><img src=x onerror=alert('subdir_img')>/2024-03-08-y.md`, { title: `子目录 ${SEARCH_WORD}`, date: '2024-03-08' }, [SEARCH_WORD]);
  // a section whose folder name is a payload (no _index.md: its title comes from the name)
  md(`content/s'"><svg onload=alert('sectdir_svg')>/2024-03-09-p.md`, { title: `栏目目录 ${SEARCH_WORD}`, date: '2024-03-09' }, [SEARCH_WORD]);
  // standalone pages at the content root
  md('content/about.md', { title: all('standalone.title'), summary: all('standalone.summary') }, body('standalone.body'));
  md(`content/p'"><img src=x onerror=alert('fname_standalone_img')>.md`, { title: `独立页 ${SEARCH_WORD}` }, [SEARCH_WORD]);

  return { siteYaml, files };
}

// ------------------------------------------------------------------ YAML out, with line maps

/** a YAML double-quoted scalar (JSON, with U+2028/U+2029 escaped as YAML allows) */
function q(v) {
  return JSON.stringify(v).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
function flow(v) {
  if (typeof v === 'string') return q(v);
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${q(k)}: ${flow(x)}`).join(', ')}}`;
  return String(v);
}

/**
 * Block YAML for an object. Returns lines: [{ text, path }], path the key path the line
 * belongs to (maps and arrays of scalars in block style, one entry a line; arrays of maps
 * flow, one item a line).
 */
function yamlLines(obj, indent = '', prefix = []) {
  const out = [];
  for (const [k, v] of Object.entries(obj)) {
    const p = [...prefix, k];
    if (Array.isArray(v)) {
      if (v.length === 0) { out.push({ text: `${indent}${k}: []`, path: p }); continue; }
      out.push({ text: `${indent}${k}:`, path: p });
      v.forEach((item, i) => out.push({ text: `${indent}  - ${flow(item)}`, path: [...p, i] }));
    } else if (v && typeof v === 'object') {
      out.push({ text: `${indent}${k}:`, path: p });
      out.push(...yamlLines(v, `${indent}  `, p));
    } else {
      out.push({ text: `${indent}${k}: ${flow(v)}`, path: p });
    }
  }
  return out;
}

function getPath(obj, p) {
  let o = obj;
  for (const k of p) { if (o === undefined || o === null) return undefined; o = o[k]; }
  return o;
}
function strings(v) {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

function deletePath(obj, p) {
  let o = obj;
  for (const k of p.slice(0, -1)) { o = o[k]; if (o === undefined) return; }
  const last = p[p.length - 1];
  if (Array.isArray(o)) o.splice(last, 1); else delete o[last];
}

/** text of a Markdown file, and a map from line number (1-based) to what is on it */
function mdText(file) {
  const lines = [{ text: '---', what: null }];
  for (const l of yamlLines(file.fm)) lines.push({ text: l.text, what: { fm: l.path } });
  lines.push({ text: '---', what: null });
  file.body.forEach((block, i) => {
    for (const t of block.split('\n')) lines.push({ text: t, what: { block: i } });
    lines.push({ text: '', what: null });
  });
  return { text: lines.map((l) => l.text).join('\n') + '\n', lineMap: lines.map((l) => l.what) };
}

function writeSite(dir, site) {
  fs.rmSync(path.join(dir, 'content'), { recursive: true, force: true });
  const yl = yamlLines(site.siteYaml);
  fs.writeFileSync(path.join(dir, 'site.yaml'), yl.map((l) => l.text).join('\n') + '\n');
  const maps = { 'site.yaml': yl.map((l) => ({ fm: l.path })) };
  for (const [rel, f] of Object.entries(site.files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (f.bytes) { fs.writeFileSync(abs, f.bytes); continue; }
    const { text, lineMap } = mdText(f);
    fs.writeFileSync(abs, text);
    maps[rel] = lineMap;
  }
  return maps;
}

/** `error[...]: message` blocks of the build's stderr with their `--> file:line:col` */
function parseDiagnostics(stderr) {
  const out = [];
  let cur = null;
  for (const line of stderr.split('\n')) {
    const head = /^(error|warning)(\[\w+\])?: (.*)$/s.exec(line);
    if (head) { cur = { level: head[1], code: head[2] || '', message: head[3], file: null, line: null, text: line }; out.push(cur); continue; }
    if (!cur) continue;
    cur.text += '\n' + line;
    const at = /^\s*--> (.+?)(?::(\d+)(?::(\d+))?)?$/s.exec(line);
    if (at && cur.file === null) { cur.file = at[1]; cur.line = at[2] ? Number(at[2]) : null; }
  }
  return out;
}

function run(bin, args, opts = {}) {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  return r;
}

/**
 * Writes the site into `dir` (made with `gazette init`) and builds it into `out`. Each value
 * the build refuses with an error at a line of a generated file is dropped (recorded in
 * `refused`), and the build is tried again. Throws when an error cannot be traced to a value.
 */
function buildAdaptively(bin, dir, out, site, { maxRounds = 40 } = {}) {
  const refused = [];
  const warnings = [];
  for (let round = 1; round <= maxRounds; round++) {
    const maps = writeSite(dir, site);
    fs.rmSync(out, { recursive: true, force: true });
    const r = run(bin, ['build', '--root', dir, '--output', out], { cwd: dir });
    const diags = parseDiagnostics(r.stderr || '');
    if (r.status === 0) {
      warnings.push(...diags.filter((d) => d.level === 'warning'));
      return { refused, warnings, rounds: round, stdout: r.stdout, stderr: r.stderr };
    }
    const errors = diags.filter((d) => d.level === 'error');
    const actions = [];
    const seen = new Set();
    for (const e of errors) {
      const rel = e.file && e.file.replace(/\\/g, '/').replace(/^\.\//, '');
      const map = rel && maps[rel];
      const what = map && e.line ? map[e.line - 1] : null;
      const key = `${rel}|${JSON.stringify(what)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const rec = { file: rel, line: e.line, error: e.text.split('\n')[0], full: e.text };
      if (what && what.fm) {
        const target = rel === 'site.yaml' ? site.siteYaml : site.files[rel].fm;
        const value = getPath(target, what.fm);
        // an error at a list's key that quotes one item (`invalid alias …`): drop that item only
        const items = Array.isArray(value)
          ? value.map((v, i) => [i, v]).filter(([, v]) => strings(v).some((x) => /alert\(|SSTI/.test(x) && e.text.includes(x)))
          : [];
        if (items.length) {
          for (const [i, v] of items.reverse()) {
            actions.push({ rel, line: e.line + 0.001 * i, rec: { ...rec, value: `${what.fm.join('.')}[${i}] ${JSON.stringify(v)}` }, apply: () => deletePath(target, [...what.fm, i]) });
          }
        } else {
          actions.push({ rel, line: e.line, rec: { ...rec, value: what.fm.join('.') }, apply: () => deletePath(target, what.fm) });
        }
      } else if (what && what.block !== undefined) {
        const f = site.files[rel];
        actions.push({ rel, line: e.line, rec: { ...rec, value: `body block ${what.block}: ${f.body[what.block].slice(0, 100)}` }, apply: () => f.body.splice(what.block, 1) });
      } else if (rel && site.files[rel] && rel !== 'site.yaml') {
        // an error about the file as a whole (its name, its place, its bytes): drop the file
        actions.push({ rel, line: Infinity, rec: { ...rec, value: '(the whole file)' }, apply: () => { delete site.files[rel]; } });
      }
    }
    // an error without file:line that quotes a planted value (a section's `template:` is only
    // found missing while rendering): drop the value, and say the error did not name its line
    for (const e of errors) {
      if (e.file) continue;
      for (const [rel, f] of Object.entries(site.files)) {
        if (!f.fm) continue;
        for (const [k, val] of Object.entries(f.fm)) {
          if (typeof val === 'string' && val.length >= 8 && e.text.includes(val.slice(0, 60)) && !seen.has(`${rel}|${k}`)) {
            seen.add(`${rel}|${k}`);
            actions.push({ rel, line: 0, rec: { file: rel, line: null, value: `${k} (the error names no file:line)`, error: e.text.split('\n')[0], full: e.text }, apply: () => { delete f.fm[k]; } });
          }
        }
      }
    }
    if (actions.length === 0) {
      throw new Error(`gazette build failed (exit ${r.status}) with errors not traced to a planted value:\n${r.stderr}`);
    }
    // from the bottom of each file up, so earlier list indices and block numbers stay valid
    actions.sort((a, b) => (a.rel === b.rel ? (b.line ?? 0) - (a.line ?? 0) : a.rel < b.rel ? -1 : 1));
    for (const a of actions) { refused.push(a.rec); a.apply(); }
  }
  throw new Error(`gazette build still fails after ${maxRounds} rounds`);
}

module.exports = { SHAPES, all, body, SEARCH_WORD, payloadSite, buildAdaptively, writeSite, parseDiagnostics, run, yamlLines, q, PNG, PDF };
