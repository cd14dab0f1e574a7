// `npm run demo:hall`: a whole demo hall with one command — a throw-away PostgreSQL, the hall server
// (its own CA, the seed hall's 9 areas and 190 windows), staff accounts of each role, two kiosks in
// hall mode with emulated devices (enrolled with one-time codes like real ones), a zone display and a
// rating pad registered; prints every page's URL and the sign-ins. Ctrl-C stops everything and
// removes the database.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@hall-kiosk/device-daemon';
import { SAMPLE_CATALOGUE } from '../device-daemon/src/config/load.ts';
import { startPostgres } from '../tests/support/postgres.ts';
import { parseHallConfig } from '../hall-server/src/config.ts';
import { openHall } from '../hall-server/src/hall.ts';
import { makeHallCertificates, fingerprint } from '../hall-server/src/tls.ts';
import { demoKioskConfig, demoWindows, startDemoKiosks } from './demo-hall-kiosks.ts';

const HOST = process.env['HALL_DEMO_HOST'] ?? '127.0.0.1';
const PORT = Number(process.env['HALL_DEMO_PORT'] ?? 8443);

export const DEMO_STAFF = [
  { number: '9001', name: '管理员', role: 'admin', pin: '900190' },
  { number: '8001', name: '值班主任', role: 'supervisor', pin: '800180' },
  { number: '1037', name: '李敏', role: 'counter', pin: '103710' },
  { number: '1038', name: '王芳', role: 'counter', pin: '103810' },
] as const;

const dir = mkdtempSync(join(tmpdir(), 'hall-demo-'));
const log = createLogger({ level: process.env['LOG_LEVEL'] ?? 'warn' });
console.log('starting a throw-away PostgreSQL …');
const pg = await startPostgres({ maxConnections: 300 });
const stops: Array<() => Promise<void>> = [
  async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  },
];
const stopAll = async () => {
  for (const s of stops.reverse()) await s().catch((e: unknown) => console.error(String(e)));
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));

try {
  const tls = makeHallCertificates([HOST, 'localhost'], 'Demo hall');
  writeFileSync(join(dir, 'server.pem'), tls.cert);
  writeFileSync(join(dir, 'server.key'), tls.key, { mode: 0o600 });
  writeFileSync(join(dir, 'ca.pem'), tls.caCert);
  // The hall's areas are the demo kiosks' areas: a kiosk asks the hall for numbers by area id.
  const areas = demoKioskConfig().areas.map((a) => ({ id: a.id, prefix: a.prefix, name: a.name }));
  const ids = areas.map((a) => a.id);
  const config = parseHallConfig(
    {
      hall: {
        name: { zh: '示范区政务服务中心', en: 'Demo District Government Service Centre' },
        timeZone: 'Asia/Shanghai',
      },
      server: {
        host: HOST,
        port: PORT,
        tls: { certFile: 'server.pem', keyFile: 'server.key', caFile: 'ca.pem' },
        allowedHosts: [`localhost:${PORT}`],
      },
      database: { url: `postgres://${pg.connection.user}@127.0.0.1:${pg.port}/postgres`, poolSize: 30 },
      areas,
      counters: demoWindows(ids),
      zones: [
        { id: 'z1', name: { zh: '一楼', en: 'Floor 1' }, areaIds: ids.slice(0, 5) },
        { id: 'z2', name: { zh: '二楼', en: 'Floor 2' }, areaIds: ids.slice(5) },
      ],
      // The demo kiosks' catalogue: the counter page names a ticket's matter and offers its area's.
      catalogue: { file: SAMPLE_CATALOGUE },
    },
    'demo hall',
    dir,
  );
  const hall = await openHall(config, { log });
  stops.push(() => hall.close());
  for (const s of DEMO_STAFF) await hall.services.staff.create(s, 'demo', 'local');
  const by = { staffId: 1, actor: 'staff#9001', source: 'demo' };
  const kiosks = await startDemoKiosks({ hall, dir, caCert: tls.caCert, log });
  stops.push(kiosks.stop);
  const display = await hall.services.devices.register(
    { id: 'display-z1', kind: 'display', zoneId: 'z1', location: '一楼大厅' },
    by,
  );
  const pad = await hall.services.devices.register(
    { id: 'pad-w014', kind: 'pad', counterId: 'w014', location: '14号窗口' },
    by,
  );

  const u = hall.url;
  console.log(`
Demo hall is running (Ctrl-C stops it and removes its database).
The pages use the hall's own CA (${join(dir, 'ca.pem')}, SHA-256 ${fingerprint(tls.caCert)}):
the browser warns once; accept it for the demo.

  hall server         ${u}/api/health
  counter page        ${u}/counter?window=w014        staff 1037 / PIN 103710 (or 1038 / 103810)
  supervisor          ${u}/supervisor                 8001 / PIN 800180
  admin               ${u}/admin                      9001 / PIN 900190
  zone display (一楼) ${u}/enrol  then code ${display.code}
  rating pad (w014)   ${u}/enrol  then code ${pad.code}   (codes valid 60 minutes)
${kiosks.lines.map((l) => `  ${l}`).join('\n')}
`);
} catch (e) {
  console.error(e);
  await stopAll();
  process.exit(1);
}
