// The one line CI reads, "N passed, N failed", from the JSON report of each test runner.
//
//   node scripts/summarize-tests.mjs <report>[=<exit code>] ...
//
// Each runner is judged on its own, not summed: a runner counts as failed when its report is missing or
// unreadable (it crashed), a test file could not be loaded, an error was thrown outside any test, it ran
// no test at all (every test skipped counts as none), or it exited non-zero while its report shows no
// failure. Each such problem is printed on a line of its own before the summary and counted as one
// failure in it, so the line never says "0 failed" for a failing run. Exits 1 when anything failed.
//
// Reports understood: Vitest 4's JSON (written by scripts/vitest-json-reporter.mjs, which adds the
// unhandled errors Vitest's own JSON leaves out) and Playwright's JSON reporter.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** First line of a message, trimmed to something a terminal line can hold. */
function firstLine(text) {
  const line =
    String(text ?? '')
      .split('\n')
      .find((l) => l.trim() !== '') ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line.trim();
}

function guessRunner(file) {
  const name = basename(file).toLowerCase();
  if (name.includes('vitest')) return 'vitest';
  if (name.includes('playwright')) return 'playwright';
  return file;
}

function isNumber(value) {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Counts and problems of one Vitest JSON report. */
function readVitest(report) {
  const problems = [];
  const counts = {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
  for (const file of Array.isArray(report.testResults) ? report.testResults : []) {
    // A file-level message is an error outside any test: the file did not import, or a hook failed.
    if (typeof file.message === 'string' && file.message !== '') {
      problems.push(`could not run ${file.name}: ${firstLine(file.message)}`);
    }
  }
  const unhandled = Array.isArray(report.unhandledErrors) ? report.unhandledErrors : undefined;
  if (unhandled === undefined) {
    problems.push('report has no unhandledErrors field (run Vitest with scripts/vitest-json-reporter.mjs)');
  } else {
    for (const error of unhandled) {
      problems.push(`unhandled error outside any test: ${firstLine(`${error.name}: ${error.message}`)}`);
    }
  }
  if (report.runEndReason === 'interrupted') problems.push('the run was interrupted');
  if (report.success === false && counts.failed === 0 && problems.length === 0) {
    problems.push('the report says the run failed, with no failed test');
  }
  return { counts, problems };
}

/** Counts and problems of one Playwright JSON report. */
function readPlaywright(report) {
  const { stats } = report;
  const counts = {
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected,
    skipped: stats.skipped,
  };
  const problems = (Array.isArray(report.errors) ? report.errors : []).map(
    (error) =>
      `error outside any test: ${firstLine(error?.message ?? error?.value ?? JSON.stringify(error))}`,
  );
  return { counts, problems };
}

/** Judges one runner from its report file and (when known) its exit code. */
function judge(file, exitCode) {
  let runner = guessRunner(file);
  if (!existsSync(file)) {
    return {
      runner,
      counts: { passed: 0, failed: 0, skipped: 0 },
      problems: [`no report at ${file}: the runner crashed or never ran`],
    };
  }
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return {
      runner,
      counts: { passed: 0, failed: 0, skipped: 0 },
      problems: [`unreadable report ${file}: ${firstLine(error.message)}`],
    };
  }
  let result;
  if (report && isNumber(report.numPassedTests) && isNumber(report.numFailedTests)) {
    runner = 'vitest';
    result = readVitest(report);
  } else if (
    report &&
    report.stats &&
    ['expected', 'unexpected', 'flaky', 'skipped'].every((k) => isNumber(report.stats[k]))
  ) {
    runner = 'playwright';
    result = readPlaywright(report);
  } else {
    return {
      runner,
      counts: { passed: 0, failed: 0, skipped: 0 },
      problems: [`unrecognised report ${file}`],
    };
  }
  const { counts, problems } = result;
  if (counts.passed + counts.failed === 0) {
    problems.push(`no test ran${counts.skipped ? ` (${counts.skipped} skipped)` : ''}`);
  }
  if (exitCode !== undefined && exitCode !== 0 && counts.failed === 0 && problems.length === 0) {
    problems.push(`exited with code ${exitCode} although its report shows no failure`);
  }
  return { runner, counts, problems };
}

/** The lines to print and the exit code for a list of `report[=exit code]` arguments. */
function summarize(args) {
  const lines = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (args.length === 0) lines.push('no test report given');
  for (const arg of args) {
    const match = /^(.*)=(\d+)$/.exec(arg);
    const file = match ? match[1] : arg;
    const exitCode = match ? Number(match[2]) : undefined;
    const { runner, counts, problems } = judge(file, exitCode);
    for (const problem of problems) lines.push(`${runner}: ${problem}`);
    passed += counts.passed;
    failed += counts.failed + problems.length;
    skipped += counts.skipped;
  }
  if (args.length === 0) failed += 1;
  lines.push(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return { lines, exitCode: failed === 0 ? 0 : 1 };
}

const { lines, exitCode } = summarize(process.argv.slice(2));
for (const line of lines) console.log(line);
process.exit(exitCode);
