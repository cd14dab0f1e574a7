import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import { openStorage } from '../src/app/storage.ts';
import { loadConfigFile } from '../src/config/load.ts';

describe('the kiosk command', () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());

  const configIn = (dir: string) => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ dataDir: join(dir, 'data') }));
    return file;
  };

  it('prints the usage for help (exit 0) and for an unknown command (exit 2)', async () => {
    expect(await main(['help'])).toBe(0);
    expect(out.join('\n')).toMatch(/^Usage: kiosk COMMAND/);
    expect(await main(['frobnicate'])).toBe(2);
    expect(await main([])).toBe(2);
    expect(await main(['toString'])).toBe(2);
    expect(await main(['config', 'nonsense'])).toBe(2);
    expect(err).toHaveLength(4);
    for (const e of err) expect(e).toMatch(/^Usage: kiosk COMMAND/);
  });

  it('journal and ratings refuse, in one line, a data directory where no daemon has run, and create nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-nodb-'));
    const config = configIn(dir);
    expect(await main(['journal', '--config', config])).toBe(1);
    expect(await main(['ratings', '--config', config])).toBe(1);
    expect(err).toEqual([
      `No database at ${join(dir, 'data', 'kiosk.db')}: the daemon has not run with this configuration yet.`,
      `No database at ${join(dir, 'data', 'kiosk.db')}: the daemon has not run with this configuration yet.`,
    ]);
    expect(existsSync(join(dir, 'data', 'kiosk.db'))).toBe(false);
  });

  it('journal and ratings read the database the daemon made', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-db-'));
    const config = configIn(dir);
    await openStorage(loadConfigFile(config)).close();
    expect(await main(['journal', '--config', config, '--problems'])).toBe(0);
    expect(out).toEqual(['No problems in the print journal.']);
    expect(await main(['ratings', '--config', config, '--json'])).toBe(0);
    expect(JSON.parse(out[1]!)).toMatchObject({ outbox: { pending: 0, delivered: 0, rejected: 0 } });
    expect(err).toEqual([]);
  });

  it('config check says which queue a kiosk uses, and warns when hall mode has no credential yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-hall-'));
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        dataDir: join(dir, 'data'),
        queue: { mode: 'hall' },
        hall: { name: { zh: '大厅', en: 'Hall' }, server: { url: 'https://hall.local:8443' } },
      }),
      { mode: 0o640 },
    );
    expect(await main(['config', 'check', file])).toBe(0);
    const credential = join(dir, 'data', 'hall-credential.json');
    expect(out[1]).toBe(
      `queue: hall mode — numbers from the hall server https://hall.local:8443, with the credential in ${credential}`,
    );
    expect(err).toEqual([
      `warning: no hall credential at ${credential}: the daemon will not start in hall mode until \`kiosk enrol\` has run`,
    ]);
    // Started anyway, the daemon refuses in one line, before it opens (or creates) its database.
    expect(await main(['start', '--config', file])).toBe(1);
    expect(err[1]).toMatch(/^.*hall-credential\.json: no hall credential: enrol this kiosk first/);
    expect(existsSync(join(dir, 'data', 'kiosk.db'))).toBe(false);
  });

  it('a configuration that is wrong is named in one line, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-bad-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ server: { port: 'eighty' } }));
    expect(await main(['config', 'check', file])).toBe(1);
    expect(await main(['journal', '--config', file])).toBe(1);
    expect(err).toHaveLength(2);
    for (const e of err) expect(e).toContain('server.port');
  });
});
