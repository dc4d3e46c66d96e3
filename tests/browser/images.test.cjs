'use strict';
// The example site's home page loads only derived WebP images (issue 16): the six news cards'
// crops, at a phone's and a desktop's size, never an original JPEG. Uses image-requests.cjs.
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { describe, it } = require('node:test');

const SITE_DIR = process.env.SITE_DIR ? path.resolve(process.env.SITE_DIR) : '';

describe('images', { skip: !SITE_DIR && 'SITE_DIR is not set' }, () => {
  for (const viewport of ['390x844@3', '1280x900@1']) {
    it(`the home page loads only derived WebP at ${viewport}`, { timeout: 120_000 }, () => {
      const run = spawnSync(process.execPath, [path.join(__dirname, 'image-requests.cjs'), '', viewport], {
        env: process.env, encoding: 'utf8',
      });
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
      const { images } = JSON.parse(run.stdout);
      const cards = images.filter((i) => i.url.includes('/news/'));
      assert.ok(cards.length >= 6, `the six news cards' images load: ${run.stdout}`);
      for (const i of cards) {
        assert.match(i.type, /^image\/webp/, i.url);
        assert.match(i.url, /\.card\d+w(-\d+-\d+)?\.webp$/, i.url);
      }
    });
  }
});
