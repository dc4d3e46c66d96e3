// Runs queries through Pagefind's own search (the bundle's pagefind.js and WebAssembly, as a
// browser runs them) and prints every answer as JSON: the golden test compares the answers of
// the published and the patched Pagefind's bundles.
//
// usage: node query.mjs BUNDLE_DIR QUERIES_JSON
//   QUERIES_JSON: [{"term": "预算" or null, "filters": {...}, "sort": {...}}, ...]
// The bundle is served over HTTP on 127.0.0.1 (Pagefind fetches its files); Node >= 20.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, queriesJson] = process.argv.slice(2);
const queries = JSON.parse(queriesJson);
const server = http.createServer((req, res) => {
  const file = path.join(dir, decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname));
  if (!file.startsWith(dir)) {
    res.writeHead(403).end();
    return;
  }
  fs.readFile(file, (err, data) => (err ? res.writeHead(404).end() : res.writeHead(200).end(data)));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
try {
  const pagefind = await import(pathToFileURL(path.join(dir, "pagefind.js")).href);
  await pagefind.options({ basePath: `http://127.0.0.1:${server.address().port}/` });
  await pagefind.init();
  const answers = [];
  for (const q of queries) {
    const options = {};
    if (q.filters) options.filters = q.filters;
    if (q.sort) options.sort = q.sort;
    const r = await pagefind.search(q.term, options);
    const results = [];
    for (const result of r.results) {
      results.push({ id: result.id, score: result.score, words: result.words, data: await result.data() });
    }
    answers.push({ query: q, unfilteredResultCount: r.unfilteredResultCount, filters: r.filters, totalFilters: r.totalFilters, results });
  }
  process.stdout.write(JSON.stringify(answers, null, 1) + "\n");
} finally {
  server.close();
}
