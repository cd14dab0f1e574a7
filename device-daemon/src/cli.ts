import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runEmulate } from '@hall-kiosk/hardware-mocks';
import { ConfigError, configJsonSchema, loadConfigFile, type ResolvedConfig } from './config/load.ts';
import { VERSION, startDaemon } from './daemon.ts';
import { request as httpRequest } from 'node:http';
import { sleep, systemClock, type DeviceName } from '@hall-kiosk/shared';
import { DeviceRegistry } from './devices/registry.ts';
import { silentLogger } from './log.ts';
import { HEALTH_LEVELS, checkHealth, type HealthLevel, type HealthResult } from './diagnostics/health.ts';
import type { TechnicianService } from './diagnostics/technician.ts';
import { openSqliteStorage } from './storage/sqlite/index.ts';
import { StorageNotFoundError } from './storage/ports.ts';
import { hashPin } from './auth/pin-hash.ts';
import { writeDemoBookings } from './appointments/demo-bookings.ts';
import { CatalogueError, loadCatalogueFile } from './catalogue/catalogue-file.ts';
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
  kiosk diag [--config FILE] [--device NAME] [--level internal|external|interactive] [--json]
        Health checks of the configured devices: through the running daemon (its local socket) or, if
        none runs, by opening the devices itself. Exit code 1 when any device is unhealthy.
  kiosk status [--config FILE] [--json]
        The running daemon's state on one screen: devices, queue, ratings outbox, print problems.
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

async function journalCommand(argv: string[]): Promise<number> {
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
  const storage = openStorage(config, { readOnly: true });
  if (!storage) return 1;
  try {
    const limit = Math.max(1, Math.min(10_000, Number(values.limit) || 50));
    const rows = await (values.problems ? storage.journal.problems(limit) : storage.journal.recent(limit));
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
    await storage.close();
  }
}

/** The daemon's storage for a command, or null (and why, on stderr) when the daemon never ran here. */
function openStorage(config: ResolvedConfig, options: { readOnly?: boolean } = {}) {
  try {
    return openSqliteStorage({
      dataDir: config.dataDir,
      timeZone: config.hall.timeZone,
      mustExist: true,
      ...options,
    });
  } catch (e) {
    if (!(e instanceof StorageNotFoundError)) throw e;
    console.error(e.message);
    return null;
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

async function ratingsCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: 'string' }, json: { type: 'boolean' } },
  });
  const config = loadConfigFile(values.config ?? DEMO_CONFIG);
  // Opened read-write so that a database from an older version is brought up to date first.
  const storage = openStorage(config);
  if (!storage) return 1;
  try {
    const s = await storage.ratings.summary();
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
    await storage.close();
  }
}

/** GET from the running daemon's admin socket; null when no daemon listens there. */
function adminGet(socketPath: string, path: string): Promise<unknown | null> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ socketPath, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          const body = JSON.parse(text) as unknown;
          if ((res.statusCode ?? 500) >= 400) reject(new Error((body as { error?: string }).error ?? text));
          else resolve(body);
        } catch {
          reject(new Error(text));
        }
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ENOENT' || e.code === 'ECONNREFUSED' ? resolve(null) : reject(e),
    );
    req.end();
  });
}

function printDiag(results: HealthResult[], json: boolean, via: string): number {
  const unhealthy = results.filter((r) => r.result !== 'ok').length;
  if (json) console.log(JSON.stringify({ via, results }, null, 2));
  else {
    console.log(`Health checks (${via})`);
    console.log(['device', 'level', 'result', 'state', 'what it says'].join('\t'));
    for (const r of results)
      console.log([r.device, r.level, r.result.toUpperCase(), r.status.state, r.text].join('\t'));
    console.log(unhealthy === 0 ? 'All devices healthy.' : `${unhealthy} device(s) unhealthy.`);
  }
  return unhealthy === 0 ? 0 : 1;
}

async function diagCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      device: { type: 'string' },
      level: { type: 'string', default: 'external' },
      json: { type: 'boolean' },
    },
  });
  const level = values.level as HealthLevel;
  if (!HEALTH_LEVELS.includes(level)) {
    console.error('--level takes internal, external or interactive');
    return 2;
  }
  const config = loadConfigFile(values.config ?? DEMO_CONFIG);
  const configured = Object.keys(config.devices);
  if (values.device && !configured.includes(values.device)) {
    console.error(
      `--device: "${values.device}" is not configured (configured: ${configured.join(', ') || 'none'})`,
    );
    return 2;
  }
  const query = `/diag?level=${level}${values.device ? `&device=${values.device}` : ''}`;
  const viaDaemon = (await adminGet(join(config.dataDir, 'kiosk.sock'), query)) as {
    results: HealthResult[];
  } | null;
  if (viaDaemon) return printDiag(viaDaemon.results, values.json ?? false, 'through the running daemon');

  // No daemon holds the ports: open the devices here, let them connect, check, close.
  const registry = new DeviceRegistry(config.devices, { clock: systemClock, log: silentLogger });
  registry.start();
  const started = Date.now();
  while (registry.statuses().some((s) => s.detail === 'starting') && Date.now() - started < 5000)
    await sleep(systemClock, 100);
  await sleep(systemClock, 500);
  try {
    const results: HealthResult[] = [];
    for (const name of values.device ? [values.device as DeviceName] : [...registry.drivers.keys()]) {
      results.push(
        await checkHealth(
          {
            registry,
            clock: systemClock,
            hallName: config.hall.name,
            timeZone: config.hall.timeZone,
            version: VERSION,
          },
          name,
          level,
        ),
      );
    }
    return printDiag(results, values.json ?? false, 'devices opened by this command; no daemon running');
  } finally {
    await registry.stop();
  }
}

async function statusCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: 'string' }, json: { type: 'boolean' } },
  });
  const config = loadConfigFile(values.config ?? DEMO_CONFIG);
  const s = (await adminGet(join(config.dataDir, 'kiosk.sock'), '/status')) as Awaited<
    ReturnType<TechnicianService['status']>
  > | null;
  if (!s) {
    console.error(
      `No daemon is running with ${config.source} (no socket at ${join(config.dataDir, 'kiosk.sock')}).`,
    );
    return 1;
  }
  if (values.json) {
    console.log(JSON.stringify(s, null, 2));
    return 0;
  }
  console.log(
    `${s.hall.zh} · ${s.hall.en} — version ${s.version}, up ${Math.floor(s.uptimeSeconds / 3600)} h ${Math.floor((s.uptimeSeconds % 3600) / 60)} min`,
  );
  for (const d of s.devices)
    console.log(
      `  ${d.device.padEnd(15)} ${d.state.padEnd(14)} ${d.paper ? `paper ${d.paper}`.padEnd(12) : ''.padEnd(12)} ${d.detail ?? ''}`,
    );
  console.log(
    `  queue today: ${s.queue.map((q) => `${q.prefix} ${q.ticketsToday} (${q.waiting} waiting)`).join(' · ')}`,
  );
  const o = s.ratings.outbox;
  console.log(
    `  ratings: ${Object.values(s.ratings.byLevel).reduce((a, b) => a + b, 0)} · outbox ${o.pending} waiting, ${o.rejected} rejected · print problems: ${s.printProblems}`,
  );
  return 0;
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
        return await ratingsCommand(rest);
      case 'diag':
        return await diagCommand(rest);
      case 'status':
        return await statusCommand(rest);
      case 'hash-pin':
        return await hashPinCommand();
      case 'journal':
        return await journalCommand(rest);
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
