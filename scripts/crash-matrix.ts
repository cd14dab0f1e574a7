// `npm run crash-matrix [-- ROUNDS]`: the long crash matrix (default 100 rounds of kill -9 during
// ticketing, printing and rating; see tests/support/crash-matrix.ts). Writes artifacts/crash-matrix.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvaluationEndpoint } from '@hall-kiosk/hardware-mocks';
import { tempDir } from '../tests/support/harness.ts';
import { crashRound, seeded } from '../tests/support/crash-matrix.ts';
import { startPtyEmulator } from '../tests/support/pty-emulators.ts';

const rounds = Number(process.argv[2] ?? 100);
const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
const endpoint = new EvaluationEndpoint();
await endpoint.listen();
const dir = tempDir('crash-matrix');
// The printer is its own process on a pseudo-terminal: each kill -9 hits the daemon only.
const printer = await startPtyEmulator('ticketPrinter', join(dir, 'ttyPrinter'));
const random = seeded(seed);
const reports = [];
const t0 = Date.now();
for (let i = 0; i < rounds; i++) {
  const r = await crashRound(dir, endpoint, printer, i, random);
  reports.push(r);
  process.stderr.write(
    `round ${i + 1}/${rounds}: killed after ${r.killedAfterMs} ms, ${r.ticketsAcknowledged} tickets, ${r.ratingsAcknowledged} ratings, ${r.receiptsPrinted} receipts printed${r.problems.length ? `, PROBLEMS: ${r.problems.join('; ')}` : ''}\n`,
  );
}
await printer.stop();
await endpoint.close();
const problems = reports.flatMap((r) => r.problems);
const summary = {
  seed,
  rounds,
  seconds: Math.round((Date.now() - t0) / 1000),
  ticketsAcknowledged: reports.reduce((n, r) => n + r.ticketsAcknowledged, 0),
  ratingsAcknowledged: reports.reduce((n, r) => n + r.ratingsAcknowledged, 0),
  receiptsPrinted: reports.reduce((n, r) => n + r.receiptsPrinted, 0),
  ratingsDeliveredToTheProvince: endpoint.received.size,
  duplicateDeliveriesAbsorbed: endpoint.duplicates,
  problems,
};
mkdirSync('artifacts', { recursive: true });
writeFileSync('artifacts/crash-matrix.json', `${JSON.stringify({ summary, reports }, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));
process.exit(problems.length === 0 ? 0 : 1);
