// `npm run crash-matrix [-- ROUNDS]`: the long crash matrix (default 100 rounds of kill -9 during
// ticketing, printing and rating; see tests/support/crash-matrix.ts). Writes artifacts/crash-matrix.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { EvaluationEndpoint } from '@hall-kiosk/hardware-mocks';
import { tempDir } from '../tests/support/harness.ts';
import { crashRound, seeded } from '../tests/support/crash-matrix.ts';

const rounds = Number(process.argv[2] ?? 100);
const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
const endpoint = new EvaluationEndpoint();
await endpoint.listen();
const dir = tempDir('crash-matrix');
const random = seeded(seed);
const reports = [];
const t0 = Date.now();
for (let i = 0; i < rounds; i++) {
  const r = await crashRound(dir, endpoint, i, random);
  reports.push(r);
  process.stderr.write(
    `round ${i + 1}/${rounds}: killed after ${r.killedAfterMs} ms, ${r.ticketsAcknowledged} tickets, ${r.ratingsAcknowledged} ratings${r.problems.length ? `, PROBLEMS: ${r.problems.join('; ')}` : ''}\n`,
  );
}
await endpoint.close();
const problems = reports.flatMap((r) => r.problems);
const summary = {
  seed,
  rounds,
  seconds: Math.round((Date.now() - t0) / 1000),
  ticketsAcknowledged: reports.reduce((n, r) => n + r.ticketsAcknowledged, 0),
  ratingsAcknowledged: reports.reduce((n, r) => n + r.ratingsAcknowledged, 0),
  ratingsDeliveredToTheProvince: endpoint.received.size,
  duplicateDeliveriesAbsorbed: endpoint.duplicates,
  problems,
};
mkdirSync('artifacts', { recursive: true });
writeFileSync('artifacts/crash-matrix.json', `${JSON.stringify({ summary, reports }, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));
process.exit(problems.length === 0 ? 0 : 1);
