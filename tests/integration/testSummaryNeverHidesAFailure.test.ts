// scripts/summarize-tests.mjs writes the one line CI reads ("N passed, N failed"). These tests feed it
// genuine reports: each fixture in fixtures/test-reports was written by Vitest 4.1 (through
// scripts/vitest-json-reporter.mjs, except vitest-builtin-reporter.json) or Playwright on a tiny test file
// that passes, fails, is skipped, cannot be imported, throws outside any test or uses `.only` (paths
// replaced by /repo). Every failing case must print the reason on a line of its own, count it as failed
// and exit 1; judging is per runner, so a healthy Vitest run cannot hide an empty Playwright run.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, '../../scripts/summarize-tests.mjs');
const fixture = (name: string) => join(here, 'fixtures/test-reports', name);

interface Summary {
  /** Every line printed, the problems first. */
  lines: string[];
  /** The last line: the one CI reads. */
  summary: string;
  exitCode: number | null;
}

/** Runs the summarizer on `vitest=<exit code>` and `playwright=<exit code>` report fixtures. */
function summarize(...args: string[]): Summary {
  const run = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  return { lines, summary: lines.at(-1) ?? '', exitCode: run.status };
}

describe('the test summary', () => {
  it('counts the tests of both runners when both ran cleanly, and exits 0', () => {
    const result = summarize(`${fixture('vitest-passed.json')}=0`, `${fixture('playwright-passed.json')}=0`);
    // Vitest: 1 passed, 1 skipped, 1 todo. Playwright: 1 passed, 1 skipped.
    expect(result.lines).toEqual(['2 passed, 0 failed, 3 skipped']);
    expect(result.exitCode).toBe(0);
  });

  it('counts a flaky Playwright test that passed on retry as passed', () => {
    const result = summarize(fixture('vitest-passed.json'), fixture('playwright-flaky.json'));
    expect(result.lines).toEqual(['2 passed, 0 failed, 2 skipped']);
    expect(result.exitCode).toBe(0);
  });

  it('names each failed test of both runners just above the count, with its error', () => {
    const result = summarize(`${fixture('vitest-failed.json')}=1`, `${fixture('playwright-failed.json')}=1`);
    // The last lines are all a CI log may keep: they say which test failed, without colour codes.
    expect(result.lines).toEqual([
      'vitest: failed /repo/fail.test.ts › fails: AssertionError: expected 1 to be 2 // Object.is equality',
      'playwright: failed fail.spec.ts:2 › fails: Error: expect(received).toBe(expected) // Object.is equality',
      '0 passed, 2 failed',
    ]);
    expect(result.exitCode).toBe(1);
  });

  it('fails when a Vitest file cannot be imported, though every test that ran passed', () => {
    const result = summarize(
      `${fixture('vitest-unloadable-file.json')}=1`,
      `${fixture('playwright-passed.json')}=0`,
    );
    expect(result.lines[0]).toBe(
      "vitest: could not run /repo/unloadable.test.ts: Cannot find module './does-not-exist.js' imported from /repo/unloadable.test.ts",
    );
    expect(result.summary).toBe('2 passed, 1 failed, 3 skipped');
    expect(result.exitCode).toBe(1);
  });

  it('fails when Vitest saw an error thrown outside any test', () => {
    const result = summarize(
      `${fixture('vitest-unhandled-error.json')}=1`,
      `${fixture('playwright-passed.json')}=0`,
    );
    expect(result.lines).toEqual([
      'vitest: unhandled error outside any test: Error: late boom',
      '3 passed, 1 failed, 1 skipped',
    ]);
    expect(result.exitCode).toBe(1);
  });

  it("fails on a report from Vitest's own JSON reporter, which cannot show unhandled errors", () => {
    const result = summarize(fixture('vitest-builtin-reporter.json'), fixture('playwright-passed.json'));
    expect(result.lines[0]).toMatch(/^vitest: report has no unhandledErrors field/);
    expect(result.summary).toBe('2 passed, 1 failed, 3 skipped');
    expect(result.exitCode).toBe(1);
  });

  it('fails when every Playwright test was skipped, even though Vitest ran tests', () => {
    const result = summarize(
      `${fixture('vitest-passed.json')}=0`,
      `${fixture('playwright-all-skipped.json')}=0`,
    );
    expect(result.lines).toEqual(['playwright: no test ran (2 skipped)', '1 passed, 1 failed, 4 skipped']);
    expect(result.exitCode).toBe(1);
  });

  it('fails when every Vitest test was skipped, even though Playwright ran tests', () => {
    const result = summarize(
      `${fixture('vitest-all-skipped.json')}=0`,
      `${fixture('playwright-passed.json')}=0`,
    );
    expect(result.lines).toEqual(['vitest: no test ran (3 skipped)', '1 passed, 1 failed, 4 skipped']);
    expect(result.exitCode).toBe(1);
  });

  it('fails when Vitest found no test file at all', () => {
    const result = summarize(
      `${fixture('vitest-no-test-file.json')}=0`,
      `${fixture('playwright-passed.json')}=0`,
    );
    expect(result.lines).toEqual(['vitest: no test ran', '1 passed, 1 failed, 1 skipped']);
    expect(result.exitCode).toBe(1);
  });

  it('fails when Playwright found no test file, naming its error', () => {
    const result = summarize(
      `${fixture('vitest-passed.json')}=0`,
      `${fixture('playwright-no-test-file.json')}=1`,
    );
    expect(result.lines).toEqual([
      'playwright: error outside any test: Error: No tests found.',
      'playwright: no test ran',
      '1 passed, 2 failed, 2 skipped',
    ]);
    expect(result.exitCode).toBe(1);
  });

  it('fails when a Playwright spec cannot be imported', () => {
    const result = summarize(
      `${fixture('vitest-passed.json')}=0`,
      `${fixture('playwright-unloadable-file.json')}=1`,
    );
    expect(result.lines[0]).toBe(
      "playwright: error outside any test: Error: Cannot find module '/repo/does-not-exist.js' imported from /repo/unloadable.spec.ts",
    );
    expect(result.summary).toBe('1 passed, 3 failed, 2 skipped');
    expect(result.exitCode).toBe(1);
  });

  it('fails on a `.only` in either runner', () => {
    const vitest = summarize(
      `${fixture('vitest-only-forbidden.json')}=1`,
      `${fixture('playwright-passed.json')}=0`,
    );
    expect(vitest.summary).toBe('1 passed, 1 failed, 1 skipped');
    expect(vitest.exitCode).toBe(1);

    const playwright = summarize(
      `${fixture('vitest-passed.json')}=0`,
      `${fixture('playwright-only-forbidden.json')}=1`,
    );
    expect(playwright.lines[0]).toMatch(
      /^playwright: error outside any test: Error: item focused with '\.only' is not allowed/,
    );
    expect(playwright.exitCode).toBe(1);
  });

  it('fails when a runner left no report (it crashed), naming it', () => {
    const result = summarize(
      `${fixture('nowhere/vitest-report.json')}=1`,
      `${fixture('playwright-passed.json')}=0`,
    );
    expect(result.lines[0]).toMatch(
      /^vitest: no report at .*nowhere\/vitest-report\.json: the runner crashed or never ran$/,
    );
    expect(result.summary).toBe('1 passed, 1 failed, 1 skipped');
    expect(result.exitCode).toBe(1);
  });

  it('fails when a report is cut short or is not a test report', () => {
    const cut = summarize(fixture('../../../../package.json'), fixture('playwright-passed.json'));
    expect(cut.lines[0]).toMatch(/^.*package\.json: unrecognised report /);
    expect(cut.exitCode).toBe(1);

    const unreadable = summarize(script, fixture('playwright-passed.json'));
    expect(unreadable.lines[0]).toMatch(/unreadable report .*summarize-tests\.mjs/);
    expect(unreadable.exitCode).toBe(1);
  });

  it('fails when a runner exited non-zero although its report shows nothing wrong', () => {
    const result = summarize(`${fixture('vitest-passed.json')}=1`, `${fixture('playwright-passed.json')}=0`);
    expect(result.lines).toEqual([
      'vitest: exited with code 1 although its report shows no failure',
      '2 passed, 1 failed, 3 skipped',
    ]);
    expect(result.exitCode).toBe(1);
  });

  it('fails when given no report at all', () => {
    const result = summarize();
    expect(result.lines).toEqual(['no test report given', '0 passed, 1 failed']);
    expect(result.exitCode).toBe(1);
  });
});
