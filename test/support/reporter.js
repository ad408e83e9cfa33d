// Mocha's spec reporter plus one plain closing line ("N passed, N failed, N skipped")
// that CI reads to know how many tests ran. Under scripts/test-all.mjs each layer
// (HELPDESK_TEST_LAYER) prints "<layer>: ..." instead and records its counts, so the
// whole run ends with a single "tests:" line.
'use strict';
const Mocha = require('mocha');
const { recordLayer } = require('./summary');

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      recordLayer({ passed: passes, failed: failures, skipped: pending });
    });
  }
}

module.exports = SpecWithSummary;
