// Writes this package's pass/fail counts to $GA_RESULTS_DIR so that
// tools/ci/summary.mjs can print the one "N passed, N failed" line CI reads.
const fs = require('node:fs');
const path = require('node:path');

class ResultsReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const dir = process.env.GA_RESULTS_DIR;
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    let name = path.basename(this.rootDir);
    try {
      name = JSON.parse(fs.readFileSync(path.join(this.rootDir, 'package.json'), 'utf8')).name;
    } catch {}
    // npm names the script being run (test, test:e2e, test:vm): one results file per script.
    const kind = (process.env.GA_RESULTS_KIND || process.env.npm_lifecycle_event || 'test').replace(/:/g, '-');
    const file = path.join(dir, `${name.replace(/[@/]/g, '_')}.${kind}.json`);
    const failedSuites = results.testResults.filter((r) => r.testExecError || r.failureMessage && r.numFailingTests === 0).length;
    fs.writeFileSync(file, JSON.stringify({
      name, kind,
      passed: results.numPassedTests,
      failed: results.numFailedTests + failedSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    }));
  }
}
module.exports = ResultsReporter;
