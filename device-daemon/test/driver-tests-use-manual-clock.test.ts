import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Driver unit tests run driver, emulator and link on one ManualClock (EmulatorTransport, runUntil):
// they never sleep or poll the wall clock, so their outcome does not depend on the machine's load.
// This check finds every test that builds a driver and fails on any wall-clock wait in it.

const DIR = fileURLToPath(new URL('.', import.meta.url));

const BUILDS_A_DRIVER = /new (\w+Driver|DeviceRegistry|DeviceLink)\(/;

const WALL_CLOCK: [RegExp, string][] = [
  [/\bsystemClock\b/, 'systemClock'],
  [/\bsleep\(/, 'sleep('],
  [/\bsetTimeout\(/, 'setTimeout('],
  [/\bsetInterval\(/, 'setInterval('],
  [/\bsetImmediate\(/, 'setImmediate('],
  [/expect\s*\.poll\b/, 'expect.poll'],
  [/\bvi\s*\.waitFor\b/, 'vi.waitFor'],
  [/\bvi\s*\.waitUntil\b/, 'vi.waitUntil'],
  [/\bDate\.now\(/, 'Date.now('],
  [/\bperformance\.now\(/, 'performance.now('],
];

/** Every wall-clock wait in a test's source, as "<what> on line <n>". */
function wallClockWaits(source: string): string[] {
  const found: string[] = [];
  source.split('\n').forEach((line, i) => {
    for (const [re, what] of WALL_CLOCK) if (re.test(line)) found.push(`${what} on line ${i + 1}`);
  });
  return found;
}

const testFiles = readdirSync(DIR).filter((f) => f.endsWith('.test.ts'));
const driverTests = testFiles.filter((f) => BUILDS_A_DRIVER.test(readFileSync(DIR + f, 'utf8')));

describe('driver unit tests run on the manual clock', () => {
  it('finds the driver unit tests', () => {
    for (const f of [
      'printer-driver.test.ts',
      'id-card-driver.test.ts',
      'scanner.test.ts',
      'presenter.test.ts',
      'hid-transport.test.ts',
      'identify-service.test.ts',
      'device-link.test.ts',
      'device-kinds.test.ts',
    ])
      expect(driverTests).toContain(f);
  });

  it.each(driverTests)('%s never waits on the wall clock', (file) => {
    expect(wallClockWaits(readFileSync(DIR + file, 'utf8'))).toEqual([]);
  });

  it('would catch each kind of wall-clock wait', () => {
    expect(wallClockWaits('await expect.poll(() => d.status.state).toBe("online");')).toEqual([
      'expect.poll on line 1',
    ]);
    expect(wallClockWaits('x\nawait new Promise((r) => setTimeout(r, 150));')).toEqual([
      'setTimeout( on line 2',
    ]);
    expect(wallClockWaits('await sleep(systemClock, 10);')).toEqual([
      'systemClock on line 1',
      'sleep( on line 1',
    ]);
    expect(wallClockWaits('await vi.waitFor(() => ok);')).toEqual(['vi.waitFor on line 1']);
    expect(wallClockWaits('await runUntil(clock, () => ok);')).toEqual([]);
  });
});
