// The hall's fault matrix (docs/hall-faults.md): one row per failure of the hall's network, server,
// database or clocks — what the test does, what the kiosk, the counter page and the hall display show,
// and what is checked — and the tests that run it. The document is rendered from these rows
// (hallFaultsDoc.test.ts fails when it is stale, and when a row names a test that is not there); each
// scenario test takes its row by name with `hallFault`, so a row cannot lose its test silently.
import { readFileSync, writeFileSync } from 'node:fs';

export type HallFaultRow = {
  fault: string;
  done: string;
  kiosk: string;
  counter: string;
  display: string;
  checked: string;
  /** Test files (from the repository's root) and a test title in each that runs the scenario. */
  tests: { file: string; title: string }[];
};

const LINK = 'hall-server/test/hallLinkFaults.test.ts';
const PAGE = 'kiosk-ui/test/hallCounterRetry.test.tsx';
const FEED = 'kiosk-ui/test/hallLiveFeed.test.tsx';
const MATRIX = 'hall-server/test/crashMatrix.test.ts';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const KIOSK_REFUSES =
  'refuses the ticket with `hallUnreachable` (“暂时无法连接大厅排队系统，请联系工作人员。”); nothing printed';
const PAGE_RETRIES =
  'No answer: the page sends the action again with the same idempotency key (3 tries, 8 s each), then says “未确认：无法连接大厅服务器…” with 重试, which sends the same key again';
const DISPLAY_LOST_AT_ONCE =
  'The live feed errors at once: “与大厅服务器的连接中断…”, the calls dimmed as stale; it reconnects and reads its state again by itself';

export const HALL_FAULTS: HallFaultRow[] = [
  {
    fault: 'hall unreachable at start-up',
    done: 'The kiosk daemon starts while the link refuses every connection; then the link comes up',
    kiosk: `Starts, and ${KIOSK_REFUSES}; issues as soon as the link is up, without a restart`,
    counter: '—',
    display: '—',
    checked: 'The refusal, then a ticket issued on the same running daemon',
    tests: [{ file: LINK, title: 'hall unreachable at start-up' }],
  },
  {
    fault: 'link down 10 s',
    done: 'The link refuses and resets every connection for 10 s (a pulled cable), then forwards again',
    kiosk: `${cap(KIOSK_REFUSES)}; issues again by itself once the link is back`,
    counter: `${PAGE_RETRIES}; after the link returns the call is done once`,
    display: DISPLAY_LOST_AT_ONCE,
    checked:
      'Nothing issued while down, one ticket after; the keyed call answered after the link returns; no number twice, no ticket called twice',
    tests: [
      { file: LINK, title: 'link down 10 s' },
      { file: PAGE, title: 'is tried again with the same key' },
      { file: FEED, title: 'says lost at once when the stream errors' },
    ],
  },
  {
    fault: '30 % packet loss',
    done: 'Each chunk waits with probability 0.3 as TCP does after a lost segment (200 ms, doubled per loss in a row)',
    kiosk: 'Issues every ticket, later than usual',
    counter: 'Every action answered (a slow one is sent again with its key)',
    display: 'Live, events late',
    checked:
      'Eight tickets in one series with no gap (F001…F008); four keyed calls answered; no number twice, no ticket called twice',
    tests: [{ file: LINK, title: '30 % packet loss' }],
  },
  {
    fault: '2 s latency',
    done: 'Every chunk delayed 1 s each way (2 s round trip), the kiosk with its default 5 s time-out',
    kiosk: 'Issues the ticket, after several seconds',
    counter: 'The action answered within the page’s 8 s',
    display: 'Live, events 1 s late',
    checked: 'The ticket issued, the keyed call answered; no number twice, no ticket called twice',
    tests: [{ file: LINK, title: '2 s latency' }],
  },
  {
    fault: 'half-open link',
    done: 'The link accepts connections and swallows every byte both ways, no FIN or RST (a dead switch port)',
    kiosk:
      'The ticket command fails after 30 s (the daemon’s command time-out ends it before the hall link’s attempts give up; a gap, below), nothing issued or printed; issues at once when the link is back',
    counter: PAGE_RETRIES,
    display:
      'The server’s heartbeat (an event every 15 s) stops: after 20 s of silence the page says the connection is lost, marks the calls stale, and opens a new stream until one opens',
    checked:
      'Nothing issued or called through the dead link; both work at once after; the page’s 20 s silence rule',
    tests: [
      { file: LINK, title: 'half-open link' },
      { file: FEED, title: 'a stream that goes silent is lost after SILENT_MS' },
    ],
  },
  {
    fault: 'counter reply lost',
    done: 'Call next gets through and is committed, then the reply is swallowed (half-open) or the connection reset',
    kiosk: '—',
    counter: 'The retry with the same key is answered with the same ticket',
    display: 'One call shown',
    checked:
      'One `called` event, one audit row, the next ticket still waiting; without the key the same retry would call a second ticket',
    tests: [
      {
        file: 'hall-server/test/counterLinkFlaps.test.ts',
        title: 'the retry with the same key answers the same ticket',
      },
    ],
  },
  {
    fault: 'hall server kill -9',
    done: 'In the crash matrix (8 kiosk daemons issuing, 190 windows calling with their pads rating): the hall server (a process) is killed with SIGKILL at a random moment and started again on its port with `kiosk hall start`, 3 times in the default run (`npm run hall:crash-matrix`: 100, among 100 kiosk kills and 20 PostgreSQL stops)',
    kiosk:
      'Issues from its offline series while the hall is down (the page gets its ticket, marked offline); those tickets reach the hall once it answers. A request whose answer the kill lost, answered offline, leaves the hall’s ticket nobody holds (counted; it ends as a no-show)',
    counter:
      'Signed out by the restart (sessions are in memory): signs in again, reopens the window, then sends the same key; a pad sends its rating again with its key',
    display: 'A live feed (a counter page’s) ends; it is opened again after each restart',
    checked:
      'From the database against every answer: each acknowledged ticket there once, none nobody asked for, numbers unique and gapless, no ticket called twice, every call, done and rating the acknowledged one, once; every kiosk answered and a window called again after each start',
    tests: [{ file: MATRIX, title: '× hall server SIGKILL' }],
  },
  {
    fault: 'kiosk daemon kill -9',
    done: 'In the crash matrix: one of the 8 kiosk daemons, at random, is killed with SIGKILL while its page issues (between the hall’s answer and the print, at times) and started again on its data directory and credential, 3 times in the default run (`npm run hall:crash-matrix`: 100)',
    kiosk:
      'The page sends its request again with the same `requestKey` until answered: the restarted daemon answers with the ticket already issued for it (the hall’s, by the key made from the request; its own offline one, from its data), printed again',
    counter: 'Unaffected (tickets keep coming from the other kiosks)',
    display: '—',
    checked:
      'Every request answered exactly once and with one ticket: no second ticket for a request in the hall; the same checks as above',
    tests: [{ file: MATRIX, title: '× kiosk daemon SIGKILL' }],
  },
  {
    fault: 'PostgreSQL stop and start under the whole hall',
    done: 'In the crash matrix: the hall’s PostgreSQL is stopped (`fast` and `immediate` in turn) for 0.3–1.5 s and started again, 2 times in the default run (`npm run hall:crash-matrix`: 20)',
    kiosk: 'The hall answers 503: the kiosk issues from its offline series until it answers again',
    counter: 'The action fails (503): sent again with its key until answered',
    display: '— (not checked in this scenario)',
    checked: 'The hall ready again after each start (readiness measured); the same checks as above',
    tests: [{ file: MATRIX, title: '× PostgreSQL stop' }],
  },
  {
    fault: 'PostgreSQL crash and restart',
    done: 'The hall’s PostgreSQL is stopped (immediate) under load from eight kiosks and started again; then backends killed mid-transaction ten times',
    kiosk: 'Requests fail (503) while it is down; each is sent again with its key until answered',
    counter: '— (not run in this scenario)',
    display: '—',
    checked:
      'Readiness false meanwhile; nothing acknowledged lost, every request one ticket, numbers without a gap',
    tests: [
      { file: 'hall-server/test/databaseOutages.test.ts', title: 'a crash and restart of PostgreSQL' },
      {
        file: 'hall-server/test/databaseOutages.test.ts',
        title: 'connections killed in the middle of transactions',
      },
    ],
  },
  {
    fault: 'database failover',
    done: 'The primary stops; the synchronous standby is promoted',
    kiosk: 'Requests fail until the hall moves to the standby',
    counter: '— (not run in this scenario)',
    display: 'The live feed follows the new primary',
    checked: 'Readiness false while nothing can write; everything acknowledged is there; numbering goes on',
    tests: [
      {
        file: 'hall-server/test/databaseFailover.test.ts',
        title: 'readiness is false while nothing can write',
      },
    ],
  },
  {
    fault: 'kiosk clock off',
    done: 'A kiosk’s clock 10 minutes slow, or a day ahead, ten minutes before the hall’s midnight',
    kiosk:
      'Issues for the hall’s business date with the hall’s time on the ticket; `Kiosk.Clock` gives the page the measured offset for the time it shows; logs a warning with the offset',
    counter: '—',
    display: '—',
    checked:
      'The ticket’s business date and issue time are the hall’s; the warning’s offset within 1.5 s of the true one',
    tests: [
      {
        file: 'hall-server/test/kioskClockSkew.test.ts',
        title: 'tickets of the hall’s day at the hall’s time',
      },
    ],
  },
];

/** A row by its fault's name (a scenario test names its row with this; a name not in the matrix throws). */
export function hallFault(fault: string): HallFaultRow & { id: string } {
  const row = HALL_FAULTS.find((r) => r.fault === fault);
  if (!row) throw new Error(`no row "${fault}" in the hall's fault matrix`);
  return { ...row, id: row.fault };
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The matrix as docs/hall-faults.md shows it. */
export function renderHallFaults(rows: readonly HallFaultRow[] = HALL_FAULTS): string {
  const head =
    '| fault | what the test does | kiosk | counter page | hall display | checked | tests |\n' +
    '| --- | --- | --- | --- | --- | --- | --- |\n';
  const body = rows
    .map((r) =>
      [
        r.fault,
        r.done,
        r.kiosk,
        r.counter,
        r.display,
        r.checked,
        [...new Set(r.tests.map((t) => `\`${t.file}\``))].join(', '),
      ]
        .map(cell)
        .join(' | '),
    )
    .map((line) => `| ${line} |`)
    .join('\n');
  return `${head}${body}\n`;
}

export const HALL_FAULTS_DOC = new URL('../../docs/hall-faults.md', import.meta.url);
const BEGIN = '<!-- matrix: generated from hall-server/test/hall-faults.ts -->\n';
const END = '<!-- end of matrix -->';

/** The document's generated table, and a way to write a new one in its place. */
export function hallFaultsDoc(): { table: string; write(table: string): void } {
  const text = readFileSync(HALL_FAULTS_DOC, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error('docs/hall-faults.md has no generated matrix markers');
  return {
    table: text.slice(start + BEGIN.length, end),
    write: (table) =>
      writeFileSync(HALL_FAULTS_DOC, text.slice(0, start + BEGIN.length) + table + text.slice(end)),
  };
}
