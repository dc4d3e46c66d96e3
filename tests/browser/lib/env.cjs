'use strict';
// What every browser test reads of its environment, once: where the repository and its build
// are, the Chromium to drive and its flags, and whether a missing Chromium fails (in CI) or
// skips the test (elsewhere). README.md lists the variables.
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..', '..');
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, 'target');
/** the binary the tests that build their own sites run (`GAZETTE_BIN`, else the debug build) */
const GAZETTE = process.env.GAZETTE_BIN ? path.resolve(process.env.GAZETTE_BIN) : path.join(TARGET, 'debug', 'gazette');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const IN_CI = !!process.env.CI && !['0', 'false', ''].includes(process.env.CI.toLowerCase());
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const chromiumMissing = !fs.existsSync(CHROMIUM);
/** a setup problem when Chromium is missing in CI (browser tests must not be skipped there) */
const chromiumProblem = chromiumMissing && IN_CI
  ? `chromium not found at ${CHROMIUM} (CI=${process.env.CI}): browser tests must not be skipped in CI; apt-get install chromium`
  : null;
/** why the tests are skipped: Chromium missing outside CI */
const skipReason = chromiumMissing && !IN_CI ? `chromium not found at ${CHROMIUM}; skipped outside CI (apt-get install chromium)` : false;

module.exports = { REPO, TARGET, GAZETTE, CHROMIUM, IN_CI, CHROMIUM_ARGS, chromiumMissing, chromiumProblem, skipReason };
