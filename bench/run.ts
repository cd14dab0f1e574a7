// `npm run bench`: runs every benchmark, prints one table and writes artifacts/bench.json.
// How to read it: docs/performance.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { run, table, type Benchmark, type Result } from './harness.ts';
import { tapToLastByte, ticketBytes } from './printer.bench.ts';
import { issueP50, issueP99, issueRate } from './queue.bench.ts';
import { cardToIdentity, cardToPaint } from './id-card.bench.ts';
import { initialCss, initialJs, tapToNextScreen, timeToAttract } from './ui.bench.ts';
import { searchApiP50, searchApiP99, searchChromiumP50, searchChromiumP99 } from './search.bench.ts';
import { mutationRow, readMutationReport } from './mutation-score.ts';

const benchmarks: Benchmark[] = [
  ticketBytes,
  tapToLastByte(),
  issueRate,
  issueP50,
  issueP99,
  cardToIdentity(),
  cardToPaint(),
  initialJs,
  initialCss,
  timeToAttract(),
  tapToNextScreen(),
  searchApiP50,
  searchApiP99,
  searchChromiumP50,
  searchChromiumP99,
];

const only = process.argv[2];
const results: Result[] = [];
for (const b of benchmarks) {
  if (only && !b.name.includes(only)) continue;
  process.stderr.write(`running ${b.name} …\n`);
  results.push(await run(b));
}
const mutation = readMutationReport();
if (mutation) results.push(mutationRow(mutation));
console.log(table(results));
mkdirSync('artifacts', { recursive: true });
writeFileSync(
  'artifacts/bench.json',
  JSON.stringify(
    { date: new Date().toISOString(), node: process.version, cpus: cpus().length, results, mutation },
    null,
    2,
  ),
);
console.log('\nwritten: artifacts/bench.json');
