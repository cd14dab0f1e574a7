// Sums the JSON reports of every test runner into the one line CI reads: "N passed, N failed".
// Exits non-zero when a report is missing or no test ran at all.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.error(`missing test report: ${file} (did the runner crash?)`);
    ok = false;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    // Vitest (Jest-compatible JSON)
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    if (report.numRuntimeErrorTestSuites > 0 || report.success === false)
      ok = ok && report.numFailedTests > 0;
  } else if (report.stats) {
    // Playwright
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
    if ((report.errors ?? []).length > 0) {
      failed += report.errors.length;
    }
  } else {
    console.error(`unrecognised report: ${file}`);
    ok = false;
  }
}

if (passed + failed === 0) {
  console.error('no test ran');
  ok = false;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok && failed === 0 ? 0 : 1);
