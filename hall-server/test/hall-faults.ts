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
    done: 'The link accepts connections and swallows every byte both ways, no FIN or RST (a dead switch port); also right after the hall issued a ticket, so that only its reply is lost. The kiosks have the default settings (5 s time-out, 3 attempts)',
    kiosk:
      'Every attempt at the hall ends within the issue budget (8 s, derived from the page’s 20 s wait), then the ticket comes from the offline series under the same key, printed “离线取号” (measured: 8.1 s); the link is now suspect, so the next citizen gets an offline ticket at once (19 ms); without a printer the kiosk refuses with `hallUnreachable` within the budget. A probe of the hall’s health (1 s, doubling to 8 s) finds the hall again; the offline tickets then join its queue and the hall’s numbers return. A ticket the hall issued whose reply was lost becomes the offline ticket printed for it: one ticket',
    counter: PAGE_RETRIES,
    display:
      'The server’s heartbeat (an event every 15 s) stops: after 20 s of silence the page says the connection is lost, marks the calls stale, and opens a new stream until one opens',
    checked:
      'The offline ticket within the budget plus 3 s and inside the page’s wait; the next at once; nothing issued or called through the dead link; after the heal every offline ticket in the hall once, a hall ticket again, the call answered; after a lost reply the hall holds one ticket for that citizen, under the printed number; no number twice, no ticket called twice; the page’s 20 s silence rule; the link’s state, probe and budget on a manual clock',
    tests: [
      { file: LINK, title: 'half-open link' },
      {
        file: LINK,
        title:
          'half-open after the hall issued: the offline ticket takes the place of the ticket it never heard of',
      },
      {
        file: 'device-daemon/test/hall-link-state.test.ts',
        title:
          'ends every attempt within the budget, well inside the page’s wait, then issues offline under the same key',
      },
      { file: FEED, title: 'a stream that goes silent is lost after SILENT_MS' },
    ],
  },
  {
    fault: 'link down 30 min',
    done: 'The link refuses every connection for `HALL_LINK_DOWN_MS` (60 s in CI; `npm run hall:link-down-30min`: 30 min) while the kiosk, with its default settings, issues a ticket every 10–15 s; then it forwards again',
    kiosk:
      'Issues every ticket from its offline series and prints it so (“离线取号”); probes the hall with a back-off of 1 s doubling to 8 s; `kiosk status` says “offline since HH:MM · N offline ticket(s) waiting to sync”; once the hall answers a probe it sends every offline ticket and issues the hall’s numbers again',
    counter: `${PAGE_RETRIES}; after the link returns the call is done once`,
    display: DISPLAY_LOST_AT_ONCE,
    checked:
      'Every offline ticket in the hall once, at the place of its issue time (within 1 s); all in the hall within the probe’s cap of the heal; no ticket printed twice; no number twice, no ticket called twice; the probes while down a few per minute, not one a second; the kiosk daemon’s memory within 10 MB of its warm-up in the 30-minute run (measured, not held, in CI’s one-minute run). Measured over 30 min (`npm run hall:link-down-30min`, 2 shared cores under load): 120 offline tickets, the slowest 1.8 s; all in the hall 6.3 s after the heal; 226 probes (one per 8 s); kiosk RSS 125.9 MB first, 114.4 MB last, 2.3 MB growth after warm-up',
    tests: [{ file: 'hall-server/test/hallLinkDown.test.ts', title: 'link down 30 min' }],
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
      'Issues from its offline series while the hall is down (the page gets its ticket, marked offline); those tickets reach the hall once it answers. A request whose answer the kill lost is answered offline under the same key: at the hall the offline ticket takes the place of the unanswered one, or, if that was called first, it ends as a no-show (counted)',
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
  {
    fault: 'partition at midnight',
    done: 'Two kiosks in hall mode (one 40 s slow) reach a hall on a manual clock through the proxy; the link drops at 23:58 hall time and returns at 00:03; each kiosk issues offline before and after midnight; a counter calls before, during and after. The control: the hall’s clock crosses midnight with the kiosks online',
    kiosk:
      'Issues offline in the day of its clock corrected by its measured offset: the slow kiosk’s ticket at 23:59:50 by its own clock is the new day’s (00:00:30 hall time), from its series’ 001 of that day, its slip dated 2026-12-01 00:00, and `Kiosk.Clock` gives the page the +40 s offset; the new day’s cap counts afresh',
    counter:
      'At 00:02 calls the old day’s ticket still waiting; after the heal, the old day’s late offline tickets first, then the new day’s by issue time. Its live feed stays open across midnight and the partition: every offline ticket arrives as an `issued` event, every call is seen',
    display: '—',
    checked:
      'Every ticket’s business date is the day of its hall-corrected issue time; no number twice; the new day’s online numbers from A001 without a gap, people ahead counting the old day’s waiting; every ticket of both days served; a ticket of the day before yesterday in no queue; the cap counted per day (old: 2 online; new: 1 offline + 1 online, then refused)',
    tests: [
      {
        file: 'hall-server/test/midnightPartition.test.ts',
        title: 'a partition across midnight: each ticket in the day of its hall-corrected issue time',
      },
      {
        file: 'hall-server/test/midnightPartition.test.ts',
        title: 'the control: the hall’s clock crosses midnight while the kiosks are online',
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
