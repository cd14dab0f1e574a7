// `npm run bench`: runs every benchmark, prints one table, writes artifacts/bench.json and merges the
// figures into bench/results.json (committed; `npm run bench:doc` puts them in docs/performance.md).
// How to read it: docs/performance.md.
import { run, table, type Benchmark, type Result } from './harness.ts';
import { recordRun } from './record.ts';
import { tapToLastByte, ticketBytes } from './printer.bench.ts';
import { issueP50, issueP99, issueRate } from './queue.bench.ts';
import { hallCallNextBurstP99, hallIssueP50, hallIssueP99, hallIssueRate } from './hall.bench.ts';
import { cardToIdentity, cardToPaint } from './id-card.bench.ts';
import {
  firstTapOnEnglish,
  initialCss,
  initialJs,
  kioskAllFiles,
  kioskTotal,
  laterFiles,
  tapToNextScreen,
  timeToAttract,
} from './ui.bench.ts';
import { searchApiP50, searchApiP99, searchChromiumP50, searchChromiumP99 } from './search.bench.ts';
import { mutationRow, readMutationReport } from './mutation-score.ts';
import { builtRssAtStart, builtStartToReady, devStartToReady } from './startup.bench.ts';
import { callToDisplayPainted } from './hall-display.bench.ts';
import { builtRssAfterSessions } from './memory.bench.ts';

const benchmarks: Benchmark[] = [
  ticketBytes,
  tapToLastByte(),
  tapToLastByte({ asb: true }),
  issueRate,
  issueP50,
  issueP99,
  hallIssueRate,
  hallIssueP50,
  hallIssueP99,
  hallCallNextBurstP99,
  cardToIdentity(),
  cardToPaint(),
  initialJs,
  initialCss,
  kioskTotal,
  laterFiles,
  kioskAllFiles,
  timeToAttract('node'),
  timeToAttract('page'),
  tapToNextScreen('node'),
  tapToNextScreen('page'),
  firstTapOnEnglish(),
  searchApiP50,
  searchApiP99,
  searchChromiumP50,
  searchChromiumP99,
  devStartToReady,
  builtStartToReady,
  builtRssAtStart,
  builtRssAfterSessions,
  callToDisplayPainted(),
];

// `npm run bench -- ui "id card"`: only the benchmarks whose name contains one of the words.
const only = process.argv.slice(2);
const results: Result[] = [];
for (const b of benchmarks) {
  if (only.length > 0 && !only.some((w) => b.name.includes(w))) continue;
  process.stderr.write(`running ${b.name} …\n`);
  results.push(await run(b));
}
const mutation = readMutationReport();
if (mutation && only.length === 0) results.push(mutationRow(mutation));
console.log(table(results));
recordRun(
  results,
  benchmarks.map((b) => b.name),
);
console.log(
  '\nwritten: artifacts/bench.json, bench/results.json (npm run bench:doc for docs/performance.md)',
);
