'use strict';
// Just enough PDF and PNG reading to check what Chromium wrote.

/**
 * Page boxes of a PDF as written by Chromium (Skia): page objects and their
 * /MediaBox are plain dictionaries (no object streams), so a byte scan finds
 * them. Returns { pages: number, mediaBoxes: [[x0, y0, x1, y1], ...], count }.
 * `count` is the /Count of the page tree root (the largest /Count), a cross-check.
 */
function pdfPages(buf) {
  const s = Buffer.from(buf).toString('latin1');
  if (!s.startsWith('%PDF-')) throw new Error('not a PDF (no %PDF- header)');
  if (/\/Type\s*\/ObjStm\b/.test(s)) throw new Error('PDF uses object streams: this scanner cannot read it');
  const pages = (s.match(/\/Type\s*\/Page(?![A-Za-z])/g) || []).length;
  const mediaBoxes = [...s.matchAll(/\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g)]
    .map((m) => m.slice(1, 5).map(Number));
  const counts = [...s.matchAll(/\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  return { pages, mediaBoxes, count: counts.length ? Math.max(...counts) : 0 };
}

/** width and height of a PNG, from its IHDR chunk */
function pngSize(buf) {
  const sig = '89504e470d0a1a0a';
  if (buf.length < 24 || buf.subarray(0, 8).toString('hex') !== sig || buf.subarray(12, 16).toString('latin1') !== 'IHDR') {
    throw new Error('not a PNG');
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

module.exports = { pdfPages, pngSize };
