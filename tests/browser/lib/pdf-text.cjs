'use strict';
// The text of each page of a PDF written by Chromium (Skia), without a PDF library: enough to
// check page numbers and that no navigation or footer was printed. Skia writes plain objects
// (no object streams), FlateDecode content streams, and Type0 fonts with a /ToUnicode CMap;
// text is shown with <hex> Tj or [<hex> n <hex>] TJ in Type3 or Type0 fonts with a /ToUnicode
// CMap (one or two bytes per glyph, as its codespace says). A new line starts where the text
// moves to another y.
const zlib = require('node:zlib');

/** { num: { dict: string, stream: Buffer | null } } for every "N 0 obj … endobj" */
function objects(buf) {
  const s = Buffer.from(buf).toString('latin1');
  const out = {};
  const re = /(\d+) 0 obj\b/g;
  let m;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endobj', start);
    if (end < 0) break;
    const body = s.slice(start, end);
    const at = body.search(/\bstream\r?\n/);
    let dict = body;
    let stream = null;
    if (at >= 0) {
      dict = body.slice(0, at);
      const from = at + body.slice(at).match(/^stream\r?\n/)[0].length;
      const to = body.lastIndexOf('endstream');
      let raw = Buffer.from(body.slice(from, to), 'latin1');
      const len = /\/Length\s+(\d+)(?!\s+0\s+R)/.exec(dict);
      if (len) raw = raw.subarray(0, Number(len[1]));
      stream = /\/FlateDecode/.test(dict) ? inflate(raw) : raw;
    }
    out[m[1]] = { dict, stream };
    re.lastIndex = end;
  }
  return out;
}

function inflate(raw) {
  try {
    return zlib.inflateSync(raw);
  } catch {
    try { return zlib.inflateSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }); } catch { return Buffer.alloc(0); }
  }
}

const ref = (dict, key) => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(dict);
  return m ? m[1] : null;
};

/** { bytes, map: code (number) -> string } from a ToUnicode CMap */
function parseCMap(text) {
  const map = new Map();
  const hexToStr = (h) => {
    let str = '';
    for (let i = 0; i + 4 <= h.length; i += 4) str += String.fromCharCode(parseInt(h.slice(i, i + 4), 16));
    return str;
  };
  const space = /begincodespacerange\s*<([0-9a-fA-F]+)>/.exec(text);
  const bytes = space ? space[1].length / 2 : 2;
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(m[1], 16), hexToStr(m[2]));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<([0-9a-fA-F]+)>|\[([^\]]*)\])/g)) {
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      if (m[4] !== undefined) {
        const base = parseInt(m[4], 16);
        for (let c = lo; c <= hi && c - lo < 65536; c++) map.set(c, String.fromCodePoint(base + c - lo));
      } else {
        const items = [...m[5].matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => hexToStr(x[1]));
        items.forEach((str, i) => map.set(lo + i, str));
      }
    }
  }
  return { bytes, map };
}

/**
 * The text of each page, in page order: an array of strings, one per page, with a newline
 * wherever the PDF starts a new text line (a new text object or a move to another line).
 */
function pdfPageTexts(buf) {
  const objs = objects(buf);
  const cmaps = new Map(); // font object number -> Map
  const fontMap = (num) => {
    if (!cmaps.has(num)) {
      const font = objs[num];
      const tu = font && ref(font.dict, 'ToUnicode');
      cmaps.set(num, tu && objs[tu] && objs[tu].stream ? parseCMap(objs[tu].stream.toString('latin1')) : { bytes: 2, map: new Map() });
    }
    return cmaps.get(num);
  };
  // page order: walk the page tree from the catalog's /Pages
  const catalog = Object.values(objs).find((o) => /\/Type\s*\/Catalog\b/.test(o.dict));
  const order = [];
  const walk = (num) => {
    const o = objs[num];
    if (!o) return;
    if (/\/Type\s*\/Pages\b/.test(o.dict)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(o.dict);
      for (const k of kids ? kids[1].matchAll(/(\d+)\s+0\s+R/g) : []) walk(k[1]);
    } else if (/\/Type\s*\/Page\b/.test(o.dict)) {
      order.push(num);
    }
  };
  if (catalog) walk(ref(catalog.dict, 'Pages'));

  return order.map((num) => {
    const page = objs[num];
    let resources = page.dict;
    const resRef = ref(page.dict, 'Resources');
    if (resRef && objs[resRef]) resources = objs[resRef].dict;
    const fonts = new Map();
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources);
    for (const f of fontDict ? fontDict[1].matchAll(/\/([^\s/<>]+)\s+(\d+)\s+0\s+R/g) : []) fonts.set(f[1], f[2]);
    const contents = [];
    const single = ref(page.dict, 'Contents');
    if (single) contents.push(single);
    const many = /\/Contents\s*\[([^\]]*)\]/.exec(page.dict);
    for (const c of many ? many[1].matchAll(/(\d+)\s+0\s+R/g) : []) contents.push(c[1]);
    let text = '';
    let font = { bytes: 2, map: new Map() };
    let lastY = null;
    const newline = () => { if (text && !text.endsWith('\n')) text += '\n'; };
    for (const c of contents) {
      const stream = objs[c] && objs[c].stream ? objs[c].stream.toString('latin1') : '';
      const N = '(-?[\\d.]+)\\s+';
      const tokens = new RegExp(`/([^\\s/<>[\\]()]+)\\s+-?[\\d.]+\\s+Tf|${N.repeat(5)}(-?[\\d.]+)\\s+Tm|${N}(-?[\\d.]+)\\s+T[dD]\\b|<([0-9a-fA-F]*)>|T\\*`, 'g');
      let t;
      while ((t = tokens.exec(stream))) {
        if (t[1] !== undefined) {
          font = fonts.has(t[1]) ? fontMap(fonts.get(t[1])) : { bytes: 2, map: new Map() };
        } else if (t[7] !== undefined) {
          const y = Number(t[7]);
          if (lastY !== null && Math.abs(y - lastY) > 0.5) newline();
          lastY = y;
        } else if (t[9] !== undefined) {
          if (Math.abs(Number(t[9])) > 0.5) newline();
        } else if (t[10] !== undefined) {
          const h = t[10];
          const w = font.bytes * 2;
          for (let i = 0; i + w <= h.length; i += w) text += font.map.get(parseInt(h.slice(i, i + w), 16)) ?? '';
        } else {
          newline();
        }
      }
    }
    // Skia's CMaps name some CJK glyphs by their Kangxi radical (⼈ for 人): NFKC folds them back
    return text.normalize('NFKC');
  });
}

module.exports = { pdfPageTexts };
