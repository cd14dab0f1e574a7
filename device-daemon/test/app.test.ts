import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { parseConfig } from '../src/config/load.ts';
import { createLogger, silentLogger } from '../src/log.ts';
import { startDaemon } from '../src/app/start-daemon.ts';
import { ShutdownSequence } from '../src/app/shutdown.ts';
import { Housekeeping } from '../src/app/housekeeping.ts';
import { openStorage, NoDatabaseError } from '../src/app/storage.ts';
import { Announcements } from '../src/api/announcements.ts';
import { EmulatorsNotLoadedError } from '../src/transport/factory.ts';
import { CommandError, isCommandError } from '../src/core/command-error.ts';
import { MockEntryMissingError, loadMockEntry } from '../src/cli/load-mock.ts';
import { EmulatedDevices } from '../src/mock/index.ts';

/** A logger at debug level whose lines land in `lines`. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n'))
        if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ level: 'debug', destination }), lines };
}

const SHUTDOWN_ORDER = [
  'stop accepting connections',
  'stop timers',
  'end sessions',
  'stop devices',
  'flush statistics',
  'close storage',
];

describe('stopping the daemon', () => {
  it('runs the named steps in order: connections, timers, sessions, devices, statistics, storage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-shutdown-'));
    const config = parseConfig(
      { server: { port: 0 }, dataDir: dir, devices: { ticketPrinter: { connection: { emulated: {} } } } },
      'test',
      dir,
    );
    const { log, lines } = capturingLogger();
    const daemon = await startDaemon(config, { log, uiDir: null, emulation: new EmulatedDevices() });
    while (daemon.registry.statuses()[0]?.state !== 'online') await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50)); // some powered time to count

    expect(daemon.shutdownSteps).toEqual(SHUTDOWN_ORDER);
    await daemon.close();
    expect(lines.filter((l) => l.msg === 'shutdown step done').map((l) => l.step)).toEqual(SHUTDOWN_ORDER);
    expect(lines.at(-1)?.msg).toBe('daemon stopped');

    // Storage is closed: a store refuses work.
    await expect(daemon.storage.statistics.totals()).rejects.toThrow();
    await expect(fetch(`${daemon.url}api/health`)).rejects.toThrow();
    // The last flush reached storage: the printer's time online was counted.
    const storage = openStorage(config, { readOnly: true });
    try {
      const totals = await storage.statistics.totals();
      const powered = totals.find((t) => t.device === 'ticketPrinter' && t.name === 'HoursPoweredCount');
      expect(powered?.value).toBeGreaterThan(0);
    } finally {
      await storage.close();
    }
    await daemon.close(); // a second close does nothing
    expect(lines.filter((l) => l.msg === 'shutdown step done')).toHaveLength(SHUTDOWN_ORDER.length);
  });

  it('a failing step is logged and the later steps still run, once', async () => {
    const { log, lines } = capturingLogger();
    const ran: string[] = [];
    const seq = new ShutdownSequence(log)
      .add('a', () => void ran.push('a'))
      .add('b', () => {
        ran.push('b');
        throw new Error('flush failed');
      })
      .add('c', async () => {
        await Promise.resolve();
        ran.push('c');
      });
    await Promise.all([seq.run(), seq.run()]);
    await seq.run();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(lines.find((l) => l.msg === 'shutdown step failed')).toMatchObject({
      step: 'b',
      error: 'flush failed',
    });
  });
});

describe('starting the daemon', () => {
  it('refuses an emulated device without the mock entry, before opening storage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-noemu-'));
    const config = parseConfig(
      { server: { port: 0 }, dataDir: dir, devices: { scanner: { connection: { emulated: {} } } } },
      'test',
      dir,
    );
    const started = startDaemon(config, { log: silentLogger, uiDir: null });
    await expect(started).rejects.toBeInstanceOf(EmulatorsNotLoadedError);
    await expect(started).rejects.toThrow(/devices\.scanner: an "emulated" connection needs the emulators/);
    expect(existsSync(join(dir, 'kiosk.db'))).toBe(false);
  });

  it('mounts the emulator control page only when the mock entry supplies it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-page-'));
    const plain = await startDaemon(parseConfig({ server: { port: 0 }, dataDir: dir }, 'test', dir), {
      log: silentLogger,
      uiDir: null,
    });
    try {
      expect(plain.emulatorPage).toBe(false);
      const res = await fetch(`${plain.url}emulator/api/emulators`);
      expect(res.headers.get('content-type') ?? '').not.toContain('application/json');
    } finally {
      await plain.close();
    }
    const emulation = new EmulatedDevices();
    const dir2 = mkdtempSync(join(tmpdir(), 'app-page2-'));
    const demo = await startDaemon(
      parseConfig(
        { server: { port: 0 }, dataDir: dir2, devices: { scanner: { connection: { emulated: {} } } } },
        'test',
        dir2,
      ),
      { log: silentLogger, uiDir: null, emulation },
    );
    try {
      expect(demo.emulatorPage).toBe(true);
      const body = (await (await fetch(`${demo.url}emulator/api/emulators`)).json()) as {
        emulators: { name: string }[];
      };
      expect(body.emulators.map((e) => e.name)).toEqual(['scanner']);
      expect(emulation.get('scanner')).toBeDefined();
    } finally {
      await demo.close();
    }
  });
});

describe('the pieces of the composition', () => {
  it('housekeeping runs each chore first after its delay, then every period, through failures, until stopped', async () => {
    const clock = new ManualClock();
    const { log, lines } = capturingLogger();
    const runs: number[] = [];
    const hk = new Housekeeping(clock, log, [
      {
        name: 'tick',
        firstAfterMs: 5_000,
        everyMs: 60_000,
        run: () => {
          runs.push(clock.now());
          if (runs.length === 2) throw new Error('disk full');
        },
        failure: 'tick failed',
      },
    ]);
    const t0 = clock.now();
    hk.start();
    await clock.advance(4_999);
    expect(runs).toEqual([]);
    await clock.advance(1 + 2 * 60_000);
    expect(runs).toEqual([t0 + 5_000, t0 + 65_000, t0 + 125_000]);
    expect(lines.filter((l) => l.msg === 'tick failed')).toHaveLength(1);
    hk.stop();
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(10 * 60_000);
    expect(runs).toHaveLength(3);
  });

  it('announcements reach every listener until it stops listening; a presenter outcome becomes its message', () => {
    const a = new Announcements();
    const heard: [string, unknown][] = [];
    const stop = a.listen((name, payload) => heard.push([name, payload]));
    a.presenterOutcome(7, 'taken');
    a.presenterOutcome(8, 'retracted');
    stop();
    a.presenterOutcome(9, 'taken');
    expect(heard).toEqual([
      ['Printer.MediaTaken', { ticketId: 7 }],
      ['Printer.MediaRetracted', { ticketId: 8 }],
    ]);
  });

  it('storage: read-only commands refuse a data directory where no daemon ran, and create nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-storage-'));
    const config = parseConfig({ dataDir: dir }, 'test.json', dir);
    expect(() => openStorage(config, { readOnly: true })).toThrow(NoDatabaseError);
    expect(() => openStorage(config, { mustExist: true })).toThrow(/No database at .*kiosk\.db/);
    expect(existsSync(join(dir, 'kiosk.db'))).toBe(false);
    await openStorage(config).close();
    const ro = openStorage(config, { readOnly: true });
    // Read-only: what would write (a secret made on first use) is refused.
    await expect(ro.secrets.secret('never-made')).rejects.toThrow(/readonly|read-only/i);
    await ro.close();
  });

  it('command errors carry a typed code', () => {
    const e: unknown = new CommandError('deviceNotReady', 'no reader');
    expect(isCommandError(e)).toBe(true);
    expect(isCommandError(e, 'deviceNotReady')).toBe(true);
    expect(isCommandError(e, 'timeOut')).toBe(false);
    expect(isCommandError(new Error('x'))).toBe(false);
  });

  it('the CLI says plainly when the emulators are not installed, and passes other failures on', async () => {
    const missing = Object.assign(new Error("Cannot find package '@hall-kiosk/hardware-mocks'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const load = loadMockEntry('The demo', () => Promise.reject(missing));
    await expect(load).rejects.toBeInstanceOf(MockEntryMissingError);
    await expect(load).rejects.toThrow(/^The demo needs the device emulators .* not installed here/);
    const broken = new SyntaxError('bad');
    await expect(loadMockEntry('The demo', () => Promise.reject(broken))).rejects.toBe(broken);
    expect((await loadMockEntry('The demo')).EmulatedDevices).toBe(EmulatedDevices);
  });
});
