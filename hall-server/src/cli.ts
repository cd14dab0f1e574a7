import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { systemClock } from '@hall-kiosk/shared';
import { Audit } from './audit.ts';
import { StaffAccounts } from './auth/staff-accounts.ts';
import { configPath, HallConfigError, loadHallConfig } from './config.ts';
import { openHall } from './hall.ts';
import { migrate } from './migrations.ts';
import { checkHallInvariants, formatInvariantReport } from './reports/invariants.ts';
import { fingerprint, makeHallCertificates, writeHallCertificates } from './tls.ts';

export const HALL_USAGE = `Usage:
  kiosk hall init --config hall.json --admin NUMBER --name NAME [--cert-names host1,10.0.0.5]
        Create the hall's schema in its PostgreSQL database, the hall's certificates (its own CA and
        the server's, if the files named in the configuration do not exist yet) and a first admin
        account. The admin's PIN is read from HALL_ADMIN_PIN or standard input (6–64 characters).
  kiosk hall start --config hall.json
        Run the hall server (HTTPS on the hall LAN) until SIGINT or SIGTERM.
  kiosk hall check --config hall.json [--date YYYY-MM-DD]
        Recompute the queue's invariants from its event log (one business day, or every day) and
        print each check; exit status 1 when one is broken. Reads only.`;

async function readPin(): Promise<string> {
  const fromEnv = process.env['HALL_ADMIN_PIN'];
  if (fromEnv) return fromEnv.trim();
  const chunks: Buffer[] = [];
  for await (const c of process.stdin as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8').trim();
}

async function init(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      admin: { type: 'string' },
      name: { type: 'string' },
      'cert-names': { type: 'string' },
    },
  });
  if (!values.config || !values.admin || !values.name) {
    console.error(HALL_USAGE);
    return 2;
  }
  const config = loadHallConfig(values.config);
  const tls = config.server.tls;
  const files = {
    caFile: configPath(config, tls.caFile),
    caKeyFile: configPath(config, tls.caFile).replace(/(\.pem)?$/, '.key'),
    certFile: configPath(config, tls.certFile),
    keyFile: configPath(config, tls.keyFile),
  };
  if (!existsSync(files.certFile)) {
    const names = values['cert-names']
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? [config.server.host];
    writeHallCertificates(makeHallCertificates(names, config.hall.name.en), files);
    console.log(`made the hall's CA (${files.caFile}) and the server certificate for ${names.join(', ')}`);
  }
  console.log(
    `hall CA fingerprint (devices check it when they enrol): ${fingerprint(readFileSync(files.caFile))}`,
  );
  const pool = new pg.Pool({ connectionString: config.database.url, max: 2 });
  try {
    const applied = await migrate(pool);
    console.log(applied.length ? `schema: applied migrations ${applied.join(', ')}` : 'schema: up to date');
    const { rows } = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM staff WHERE role = 'admin'",
    );
    if ((rows[0]?.n ?? 0) > 0) {
      console.log('an admin account exists already; none made');
      return 0;
    }
    const pin = await readPin();
    const accounts = new StaffAccounts({
      pool,
      clock: systemClock,
      audit: new Audit(pool, systemClock),
      sessionMs: 60_000,
    });
    await accounts.create(
      { number: values.admin, name: values.name, role: 'admin', pin },
      'kiosk hall init',
      'local',
    );
    console.log(`admin ${values.admin} created`);
    return 0;
  } finally {
    await pool.end();
  }
}

async function start(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' } } });
  if (!values.config) {
    console.error(HALL_USAGE);
    return 2;
  }
  const config = loadHallConfig(values.config);
  const hall = await openHall(config);
  console.log(`hall server: ${hall.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await hall.close();
  return 0;
}

async function check(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: 'string' }, date: { type: 'string' } },
  });
  if (!values.config || (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date))) {
    console.error(HALL_USAGE);
    return 2;
  }
  const config = loadHallConfig(values.config);
  const pool = new pg.Pool({ connectionString: config.database.url, max: 1 });
  try {
    const report = await checkHallInvariants(pool, values.date ? { businessDate: values.date } : {});
    console.log(formatInvariantReport(report));
    return report.violations === 0 ? 0 : 1;
  } finally {
    await pool.end();
  }
}

/** `kiosk hall …`: the hall server's commands (loaded only when run, so kiosks never load pg). */
export async function hallCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'init') return await init(rest);
    if (sub === 'start') return await start(rest);
    if (sub === 'check') return await check(rest);
  } catch (e) {
    if (e instanceof HallConfigError) {
      console.error(e.message);
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    if (
      err.code === 'ECONNREFUSED' ||
      err.code === 'ENOENT' ||
      err.code === '28P01' ||
      err.code === '3D000'
    ) {
      console.error(`hall: ${err.message}`);
      return 1;
    }
    throw e;
  }
  console.error(HALL_USAGE);
  return 2;
}
