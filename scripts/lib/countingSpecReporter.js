// Mocha's spec reporter, plus the counts written to a JSON file for scripts/test-all.js:
//   mocha --reporter scripts/lib/countingSpecReporter.js --reporter-option resultFile=out/x.json
const fs = require('node:fs');
const path = require('node:path');
const mocha = require('mocha');

const Mocha = mocha.default ?? mocha; // an ES module namespace under Node 20, the class under Node 24

class CountingSpecReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const resultFile = options?.reporterOption?.resultFile ?? options?.reporterOptions?.resultFile;
    runner.once('end', () => {
      if (!resultFile) return;
      const { passes, failures, pending } = this.stats;
      fs.mkdirSync(path.dirname(resultFile), { recursive: true });
      fs.writeFileSync(resultFile, JSON.stringify({ passed: passes, failed: failures, pending }));
    });
  }
}

module.exports = CountingSpecReporter;
