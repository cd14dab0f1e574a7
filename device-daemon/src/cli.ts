import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { PrintJournal } from './tickets/print-journal.ts';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runEmulate } from '@hall-kiosk/hardware-mocks';
import { ConfigError, configJsonSchema, loadConfigFile } from './config/load.ts';
import { startDaemon } from './daemon.ts';
import { openDatabase } from './storage/database.ts';
import { hashPin } from './auth/pin-hash.ts';
import { writeDemoBookings } from './appointments/demo-bookings.ts';
import { CatalogueError, loadCatalogueFile } from './catalogue/catalogue-file.ts';
import { RatingStore } from './ratings/rating-store.ts';
import { CatalogueFile } from '@hall-kiosk/shared';
import * as z from 'zod/mini';

const DEMO_CONFIG = fileURLToPath(new URL('../config/demo.json', import.meta.url));

const USAGE = `Usage: kiosk COMMAND

  kiosk start [--config FILE] [--port N] [--host ADDR] [--data-dir DIR]
        Run the daemon: serves the kiosk UI and the device API, drives the devices.
        Without --config it runs the demo (emulated hardware, config/demo.json).
  kiosk emulate DEVICE (--pty PATH | --tcp HOST:PORT) [...]
        Run a device emulator as a separate process (kiosk emulate --help).
  kiosk journal [--config FILE] [--problems] [--limit N] [--json]
        The print journal for technicians: recent print jobs, or (--problems) only those not
        printed, interrupted or retracted, with the ticket number and the reason.
  kiosk catalogue check FILE · kiosk catalogue schema [--out FILE]
        Validate a service catalogue (names the matter and field that is wrong) · its JSON Schema.
  kiosk ratings [--config FILE] [--json]
        好差评 counts per level and the delivery outbox (pending, delivered, rejected, oldest waiting).
  kiosk hash-pin
        Read a PIN from standard input and print the hash to put in the configuration
        (staff.pinHash). The PIN itself is never stored.
  kiosk config check FILE
        Validate a configuration file; exit code 1 and the problems if it is invalid.
  kiosk config schema [--out FILE]
        Print (or write) the JSON Schema of the configuration file.`;

async function start(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      demo: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const file = values.config ?? DEMO_CONFIG;
  const config = loadConfigFile(file);
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ConfigError('--port', ['must be 0–65535']);
    config.server.port = port;
  }
  if (values.host !== undefined) config.server.host = values.host;
  if (values['data-dir'] !== undefined) config.dataDir = values['data-dir'];
  // The demo's bookings are made for today, so that check-in can be tried at any time.
  if (file === DEMO_CONFIG && config.appointments && 'file' in config.appointments.source) {
    mkdirSync(dirname(config.appointments.source.file), { recursive: true });
    writeDemoBookings(
      config.appointments.source.file,
      Date.now(),
      config.hall.timeZone,
      config.appointments.digestKey,
    );
  }

  let daemon;
  try {
    daemon = await startDaemon(config);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      console.error(
        `Port ${config.server.port} on ${config.server.host} is already in use. Stop the other program or pass --port N.`,
      );
      return 1;
    }
    throw e;
  }
  console.log(`Kiosk ready: ${daemon.url}`);
  if (daemon.emulators.emulators.size > 0) console.log(`Emulator control page: ${daemon.url}emulator/`);
  console.log(`Health: ${daemon.url}api/health`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await daemon.close();
  return 0;
}

function configCommand(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub === 'check' && rest[0]) {
    try {
      const config = loadConfigFile(rest[0]);
      const devices = Object.keys(config.devices);
      console.log(
        `${rest[0]}: OK — ${devices.length} device(s): ${devices.join(', ') || 'none'}; ${config.areas.length} service areas`,
      );
      return 0;
    } catch (e) {
      if (e instanceof ConfigError) {
        console.error(e.message);
        return 1;
      }
      throw e;
    }
  }
  if (sub === 'schema') {
    const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
    const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

function journalCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      problems: { type: 'boolean' },
      limit: { type: 'string', default: '50' },
      json: { type: 'boolean' },
    },
  });
  const config = loadConfigFile(values.config ?? DEMO_CONFIG);
  const file = join(config.dataDir, 'kiosk.db');
  if (!existsSync(file)) {
    console.error(`No database at ${file}: the daemon has not run with this configuration yet.`);
    return 1;
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const limit = Math.max(1, Math.min(10_000, Number(values.limit) || 50));
    const rows = new PrintJournal(db, Date.now)
      .recent(values.problems ? 10_000 : limit)
      .filter((r) => !values.problems || r.state !== 'printed' || r.presenter === 'retracted')
      .slice(0, limit);
    if (values.json) {
      console.log(JSON.stringify(rows, null, 2));
      return 0;
    }
    if (rows.length === 0) {
      console.log(values.problems ? 'No problems in the print journal.' : 'The print journal is empty.');
      return 0;
    }
    console.log(['job', 'ticket', 'device', 'state', 'presenter', 'when (UTC)', 'reason'].join('\t'));
    for (const r of rows) {
      console.log(
        [r.id, r.number ?? '-', r.device, r.state, r.presenter ?? '-', r.updatedAt, r.failure ?? ''].join(
          '\t',
        ),
      );
    }
    return 0;
  } finally {
    db.close();
  }
}

function catalogueCommand(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub === 'check' && rest[0]) {
    try {
      const c = loadCatalogueFile(rest[0]);
      console.log(`${rest[0]}: OK — ${c.matters.length} matters, ${c.lifeEvents.length} life events`);
      return 0;
    } catch (e) {
      if (!(e instanceof CatalogueError)) throw e;
      console.error(e.message);
      return 1;
    }
  }
  if (sub === 'schema') {
    const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
    const text = `${JSON.stringify(z.toJSONSchema(CatalogueFile, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`;
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

function ratingsCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: 'string' }, json: { type: 'boolean' } },
  });
  const config = loadConfigFile(values.config ?? DEMO_CONFIG);
  const file = join(config.dataDir, 'kiosk.db');
  if (!existsSync(file)) {
    console.error(`No database at ${file}: the daemon has not run with this configuration yet.`);
    return 1;
  }
  // Opened read-write so that a database from an older version is brought up to date first.
  const db = openDatabase(file);
  try {
    const s = new RatingStore(db).summary();
    if (values.json) {
      console.log(JSON.stringify(s, null, 2));
      return 0;
    }
    const names = [
      '',
      '非常不满意 very dissatisfied',
      '不满意 dissatisfied',
      '基本满意 fairly satisfied',
      '满意 satisfied',
      '非常满意 very satisfied',
    ];
    for (const level of ['5', '4', '3', '2', '1'] as const)
      console.log(`${names[Number(level)]!.padEnd(32)} ${s.byLevel[level]}`);
    const o = s.outbox;
    console.log(
      `outbox: ${o.pending} waiting${o.oldestPendingAt ? ` (oldest from ${o.oldestPendingAt})` : ''}, ${o.delivered} delivered, ${o.rejected} rejected` +
        (config.ratings ? '' : ' — no ratings.endpoint configured: ratings stay on this kiosk'),
    );
    return 0;
  } finally {
    db.close();
  }
}

async function hashPinCommand(): Promise<number> {
  const pin = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  if (!/^\d{4,12}$/.test(pin)) {
    console.error(
      'The PIN must be 4–12 digits (it is typed on a number pad). Example: read -s PIN; echo "$PIN" | npx kiosk hash-pin',
    );
    return 1;
  }
  console.log(await hashPin(pin));
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await start(rest);
      case 'emulate':
        return await runEmulate(rest);
      case 'config':
        return configCommand(rest);
      case 'catalogue':
        return catalogueCommand(rest);
      case 'ratings':
        return ratingsCommand(rest);
      case 'hash-pin':
        return await hashPinCommand();
      case 'journal':
        return journalCommand(rest);
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return 0;
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    console.error(`kiosk ${command}: ${(e as Error).stack ?? e}`);
    return 1;
  }
}
