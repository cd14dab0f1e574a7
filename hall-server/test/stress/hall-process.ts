// The hall server as its own process for the through-the-server harness: `openHall` on a hall.json, as
// `kiosk hall start` runs it, except that new staff PINs are hashed with a cheap scrypt cost (the
// harness creates 200 accounts and signs each in; at the production cost that alone is ~40 s of CPU on
// the hall's cores) and the first admin is made here rather than by `kiosk hall init` (when
// HALL_ADMIN_PIN is set: the first start; a restart on the same database leaves it unset).
// Argument: the hall.json path. Prints `READY {"url": …}`; warnings and errors go to standard error;
// stops when standard input ends.
import { createInterface } from 'node:readline';
import { createLogger } from '@hall-kiosk/device-daemon';
import { loadHallConfig } from '../../src/config.ts';
import { openHall } from '../../src/hall.ts';

const file = process.argv[2];
const pin = process.env['HALL_ADMIN_PIN'];
if (!file) {
  console.error('usage: hall-process.ts hall.json (HALL_ADMIN_PIN: make the first admin)');
  process.exit(2);
}
const hall = await openHall(loadHallConfig(file), {
  pagesRoot: null,
  pinHashCost: { N: 1024 },
  log: createLogger({ level: 'warn', destination: process.stderr }),
});
if (pin)
  await hall.services.staff.create(
    { number: '9001', name: '管理员', role: 'admin', pin },
    'hall stress harness',
    'local',
  );
process.stdout.write(`READY ${JSON.stringify({ url: hall.url })}\n`);
const lines = createInterface({ input: process.stdin });
for await (const line of lines) void line;
await hall.close();
