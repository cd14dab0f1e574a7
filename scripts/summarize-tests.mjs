// The one line CI reads, "N passed, N failed", from the JSON report of each test runner.
//
//   node scripts/summarize-tests.mjs <report>[=<exit code>] ...
//
// Each runner is judged on its own, not summed: a runner counts as failed when its report is missing or
// unreadable (it crashed), a test file could not be loaded, an error was thrown outside any test, it ran
// no test at all (every test skipped counts as none), or it exited non-zero while its report shows no
// failure. Each such problem is printed on a line of its own before the summary and counted as one
// failure in it, so the line never says "0 failed" for a failing run. Each failed test is named on a
// line of its own too (file, titles and the first line of its error; at most MAX_NAMED per runner), so
// the last lines of a CI log say which test failed however long the output above them. Exits 1 when
// anything failed.
//
// Reports understood: Vitest 4's JSON (written by scripts/vitest-json-reporter.mjs, which adds the
// unhandled errors Vitest's own JSON leaves out) and Playwright's JSON reporter.
import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, relative } from 'node:path';

/** Failed tests named per runner; more are counted in one line. */
const MAX_NAMED = 20;

/** First line of a message, trimmed to something a terminal line can hold. */
function firstLine(text) {
  const line =
    String(text ?? '')
      .split('\n')
      .find((l) => l.trim() !== '') ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line.trim();
}

/** A report's file path, relative to the working directory when it lies under it. */
function shortPath(file) {
  const path = String(file ?? '');
  if (!isAbsolute(path)) return path;
  const inside = relative(process.cwd(), path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

/** Text without terminal colour codes (Playwright's errors carry them). */
function plain(text) {
  // eslint-disable-next-line no-control-regex
  return String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
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
  const failures = [];
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
    for (const test of Array.isArray(file.assertionResults) ? file.assertionResults : []) {
      if (test?.status !== 'failed') continue;
      const error = Array.isArray(test.failureMessages) ? test.failureMessages[0] : undefined;
      failures.push(`${shortPath(file.name)} › ${test.fullName ?? test.title}: ${firstLine(error)}`);
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
  return { counts, problems, failures };
}

/** Every spec of a Playwright suite tree, with the titles of the suites around it. */
function* playwrightSpecs(suite, titles = []) {
  const inner = suite.title && !suite.file?.endsWith(suite.title) ? [...titles, suite.title] : titles;
  for (const spec of Array.isArray(suite.specs) ? suite.specs : []) yield { spec, titles: inner };
  for (const child of Array.isArray(suite.suites) ? suite.suites : []) yield* playwrightSpecs(child, inner);
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
  const failures = [];
  for (const top of Array.isArray(report.suites) ? report.suites : []) {
    for (const { spec, titles } of playwrightSpecs(top)) {
      for (const test of Array.isArray(spec.tests) ? spec.tests : []) {
        if (test?.status !== 'unexpected') continue;
        const results = Array.isArray(test.results) ? test.results : [];
        const error = results.map((result) => result?.error?.message).findLast(Boolean);
        const where = `${shortPath(spec.file)}:${spec.line}`;
        failures.push(`${[where, ...titles, spec.title].join(' › ')}: ${firstLine(plain(error))}`);
      }
    }
  }
  return { counts, problems, failures };
}

/** Judges one runner from its report file and (when known) its exit code. */
function judge(file, exitCode) {
  let runner = guessRunner(file);
  if (!existsSync(file)) {
    return {
      runner,
      counts: { passed: 0, failed: 0, skipped: 0 },
      problems: [`no report at ${file}: the runner crashed or never ran`],
      failures: [],
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
      failures: [],
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
      failures: [],
    };
  }
  const { counts, problems, failures } = result;
  if (counts.passed + counts.failed === 0) {
    problems.push(`no test ran${counts.skipped ? ` (${counts.skipped} skipped)` : ''}`);
  }
  if (exitCode !== undefined && exitCode !== 0 && counts.failed === 0 && problems.length === 0) {
    problems.push(`exited with code ${exitCode} although its report shows no failure`);
  }
  return { runner, counts, problems, failures };
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
    const { runner, counts, problems, failures } = judge(file, exitCode);
    for (const failure of failures.slice(0, MAX_NAMED)) lines.push(`${runner}: failed ${failure}`);
    if (failures.length > MAX_NAMED) {
      lines.push(
        `${runner}: and ${failures.length - MAX_NAMED} more failed tests (see the runner's output above)`,
      );
    }
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
