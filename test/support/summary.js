// One place that writes test counts, for every layer (mocha in Node, mocha inside the
// VS Code extension host's launcher, Playwright suites): a plain line for people and CI,
// and, when run by scripts/test-all.mjs, a JSON line in the file it names.
'use strict';
const { appendFileSync } = require('node:fs');

/** @param {{passed: number, failed: number, skipped: number}} counts */
function recordLayer(counts, layer = process.env.HELPDESK_TEST_LAYER) {
  const line = `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
  const file = process.env.HELPDESK_TEST_RESULTS;
  if (layer && file) {
    appendFileSync(file, JSON.stringify({ layer, ...counts }) + '\n');
    process.stdout.write(`\n${layer}: ${line}\n`);
  } else {
    process.stdout.write(`\ntests: ${line}\n`);
  }
}

module.exports = { recordLayer };
