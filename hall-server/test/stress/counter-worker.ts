// Windows and their rating pads for the through-the-server harness, in their own process (the counter
// PCs and pads of part of the hall): each window's staff member signs in with their own account and
// opens the window, then calls through the counter API until the deadline — done, no-show, transfer to
// an area or to a window, call next without done (which finishes the current ticket as done), pause
// and resume once on some windows, a hand-over to another person half-way on others — and the window's
// pad rates a share of the tickets finished there, sometimes late (after the next call, or after the
// hand-over), sometimes twice with one key. Everything the clients were told is reported as one JSON
// line (CounterWorkerReport) at the end, for the harness to hold against the database.
import { performance } from 'node:perf_hooks';
import type { RatingReason } from '@hall-kiosk/shared';
import { HallHttps, goAndStop, rng, waitForGo, type JsonAnswer } from './https-json.ts';

export type WindowPlan = {
  counterId: string;
  staff: { number: string; pin: string };
  /** Half-way, this person takes the window over (the first signs out). */
  handover?: { number: string; pin: string };
  /** Pause (暂停服务) half-way, check that call next gives nobody, resume. */
  pause?: boolean;
  padToken: string;
};

export type WorkerSettings = {
  url: string;
  ca: string;
  windows: WindowPlan[];
  /** Every area of the hall and the windows that serve it (for transfers). */
  servers: Record<string, string[]>;
  durationMs: number;
  seed: number;
  /** Share of finished tickets the pad rates. */
  rateShare: number;
  /**
   * The hall server, its database or the network may fail during the run (the crash matrix): every
   * window action carries an idempotency key and is sent again with it until answered, a window signed
   * out by a restart signs in again and reopens, a pad sends a rating again with its key until
   * answered; the run lasts until the harness sends a second line (not `durationMs`).
   */
  outages?: boolean;
};

/** [ticket id, counter id, staff id, start ms, end ms] of a call-next that gave a ticket. */
export type CallRow = [number, string, number, number, number];
/** [ticket id, counter id, staff id] of a ticket the window finished as done. */
export type DoneRow = [number, string, number];
/** [rating id, ticket id, counter id, level, staff id who finished the ticket] of a rating acknowledged. */
export type RatingRow = [number, number, string, number, number];

export type CounterWorkerReport = {
  calls: CallRow[];
  dones: DoneRow[];
  noShows: number;
  /** Tickets this worker's windows transferred (they may be called again). */
  transferred: number[];
  windowTransfers: number;
  areaTransfers: number;
  ratings: RatingRow[];
  /** Ratings sent again with the same key (a lost reply): must answer the same rating, replayed. */
  ratingReplays: number;
  callNextLatencyMs: number[];
  pausesChecked: number;
  handovers: number;
  /** Tickets the first person finished, rated by the pad after another person took the window over. */
  ratedAfterHandover: number;
  /** Requests sent again because their kept-alive connection had just been closed by the server. */
  resentOnClosedConnection: number;
  /** With `outages`: requests sent again (same key) after no answer or a 5xx. */
  retried: number;
  /** With `outages`: windows that signed in again and reopened (a hall restart ends every session). */
  signInsAgain: number;
  /** Anything a window was told that breaks the rules, or a request that failed. */
  violations: string[];
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const REASONS: RatingReason[] = ['waitTooLong', 'staffAttitude'];
/** With `outages`, a request unanswered this long is a failure of the hall to come back. */
const GIVE_UP_MS = 180_000;

async function main(): Promise<void> {
  const s = JSON.parse(process.env['HALL_COUNTER_WORKER'] ?? '') as WorkerSettings;
  const http = new HallHttps(s.url, s.ca);
  const random = rng(s.seed);
  const report: CounterWorkerReport = {
    calls: [],
    dones: [],
    noShows: 0,
    transferred: [],
    windowTransfers: 0,
    areaTransfers: 0,
    ratings: [],
    ratingReplays: 0,
    callNextLatencyMs: [],
    pausesChecked: 0,
    handovers: 0,
    ratedAfterHandover: 0,
    resentOnClosedConnection: 0,
    retried: 0,
    signInsAgain: 0,
    violations: [],
  };
  /**
   * One request; with `outages`, sent again (the same request: its key is in it) after a network
   * failure or a 5xx until answered, and after a 401 once `signedOut` has signed in again.
   */
  const send = async (
    request: () => Promise<JsonAnswer>,
    signedOut?: () => Promise<void>,
  ): Promise<JsonAnswer> => {
    if (!s.outages) return request();
    const since = Date.now();
    for (;;) {
      const r = await request().catch(() => null);
      if (r && r.status < 500 && !(r.status === 401 && signedOut)) return r;
      if (Date.now() - since > GIVE_UP_MS)
        throw new Error(`no answer for ${GIVE_UP_MS / 1000} s (last: ${r ? r.status : 'no answer'})`);
      if (r?.status === 401) await signedOut!();
      else {
        report.retried++;
        await sleep(150);
      }
    }
  };
  const timeoutMs = s.outages ? 15_000 : undefined;
  const login = async (who: { number: string; pin: string }) => {
    let r = await send(() => http.call('POST', '/api/staff/login', { body: who, timeoutMs }));
    // With outages, sign-ins sent again after a time-out may still be checked on the server: the
    // lock-out counts checks in flight, and answers 429 until they are done. Wait as it says.
    for (let n = 0; s.outages && r.status === 429 && n < 60; n++) {
      await sleep(1000 * Math.max(1, Number(r.body?.retryAfterSeconds) || 1));
      r = await send(() => http.call('POST', '/api/staff/login', { body: who, timeoutMs }));
    }
    if (r.status !== 200)
      throw new Error(`sign-in of ${who.number}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return { token: r.body.token as string, id: r.body.staff.id as number, number: who.number };
  };
  // Every window signed in and opened before the clock starts.
  const people = await Promise.all(
    s.windows.map(async (w) => {
      const p = await login(w.staff);
      await http.ok('POST', `/api/counter/${w.counterId}/open`, { token: p.token, body: {} });
      return p;
    }),
  );
  process.stdout.write('ready\n');
  const stop = s.outages ? await goAndStop() : (await waitForGo(), null);
  const started = Date.now();
  const deadline = started + s.durationMs;
  const finished = () => (stop ? stop.stopped() : Date.now() >= deadline);

  const windowLoop = async (w: WindowPlan, index: number) => {
    let person = people[index]!;
    const base = `/api/counter/${w.counterId}`;
    let current: { id: number; areaId: string } | null = null;
    // Tickets finished here waiting for a late rating, with who finished them.
    const pending: { late: { ticketId: number; staffId: number } | null } = { late: null };
    let pauseAt = w.pause ? started + s.durationMs / 2 : Infinity;
    let handoverAt = w.handover ? started + s.durationMs / 2 + 500 : Infinity;

    /** A hall restart signed everyone out: the same person signs in again and reopens the window. */
    const signInAgain = async () => {
      const who = person.number === w.staff.number ? w.staff : w.handover!;
      // Signed out again between the two (another restart): sign in again.
      for (;;) {
        person = await login(who);
        const opened = await send(() =>
          http.call('POST', `${base}/open`, { token: person.token, body: {}, timeoutMs }),
        );
        if (opened.status === 401) continue;
        if (opened.status !== 200)
          throw new Error(`${w.counterId} reopening: HTTP ${opened.status} ${JSON.stringify(opened.body)}`);
        break;
      }
      report.signInsAgain++;
    };
    let actions = 0;
    const act = async (path: string, body: unknown = {}) => {
      // With outages every action has its key: a repeat is answered as the first, never done twice.
      const headers = s.outages ? { 'idempotency-key': `act-${w.counterId}-${++actions}` } : undefined;
      const r = await send(
        () =>
          http.call('POST', `${base}/${path}`, {
            token: person.token,
            body,
            ...(headers ? { headers, timeoutMs } : {}),
          }),
        signInAgain,
      );
      if (r.status !== 200)
        throw new Error(`${w.counterId} ${path}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as { ticket: { id: number; number: string; areaId: string } | null; state: unknown };
    };
    const rate = async (ticketId: number, staffId: number) => {
      const level = 1 + Math.floor(random() * 5);
      const body = {
        ticketId,
        level,
        reasons: level <= 2 ? [REASONS[Math.floor(random() * REASONS.length)]!] : [],
        idempotencyKey: `pad-${w.counterId}-${ticketId}`,
      };
      const rateOnce = () => http.call('POST', '/api/pad/ratings', { token: w.padToken, body, timeoutMs });
      const r = await send(rateOnce);
      // With outages a first answer may have been lost: the repeat's answer (200, replayed) is the rating.
      const answered =
        r.status === 201 || (s.outages === true && r.status === 200 && r.body.replayed === true);
      if (!answered) {
        report.violations.push(
          `pad at ${w.counterId} rating ticket ${ticketId}: HTTP ${r.status} ${JSON.stringify(r.body)}`,
        );
        return;
      }
      report.ratings.push([r.body.ratingId, ticketId, w.counterId, level, staffId]);
      if (random() < 0.1) {
        // The pad did not see the answer and sends the rating again.
        const again = await send(rateOnce);
        report.ratingReplays++;
        if (again.status !== 200 || again.body.ratingId !== r.body.ratingId || again.body.replayed !== true)
          report.violations.push(
            `pad at ${w.counterId}: a repeated rating of ${ticketId} got ${again.status} ${JSON.stringify(again.body)}`,
          );
      }
    };
    // The tickets the window's current person finished as done and the pad has not rated (yet).
    let unrated: number[] = [];
    const finishedDone = async (ticketId: number) => {
      report.dones.push([ticketId, w.counterId, person.id]);
      unrated.push(ticketId);
      if (random() >= s.rateShare) return;
      unrated.pop();
      // Half rated at once, half later (after the next call, or after a hand-over).
      if (random() < 0.5 || pending.late) await rate(ticketId, person.id);
      else pending.late = { ticketId, staffId: person.id };
    };

    // A window due to pause or to be handed over does so even when a slow request under load took it
    // past the deadline.
    while (!finished() || pauseAt !== Infinity || handoverAt !== Infinity) {
      if (Date.now() >= handoverAt) {
        handoverAt = Infinity;
        // The first person's last ticket, finished as done: the pad rates it after the hand-over, when
        // another person works at the window; the rating must still be the first person's.
        for (let k = 0; k < 20 && unrated.length === 0 && !current; k++) {
          const start = Date.now();
          const got = await act('call-next');
          if (got.ticket) {
            current = { id: got.ticket.id, areaId: got.ticket.areaId };
            report.calls.push([got.ticket.id, w.counterId, person.id, start, Date.now()]);
          } else await sleep(100);
        }
        if (current) {
          const r = await act('done');
          if (r.ticket?.id !== current.id)
            report.violations.push(`${w.counterId}: done answered ${r.ticket?.id}, serving ${current.id}`);
          report.dones.push([current.id, w.counterId, person.id]);
          unrated.push(current.id);
          current = null;
        }
        const ratedLater = unrated.at(-1);
        const first = person;
        // The next person signs in and takes the window over; the first signs out. A ticket being
        // served stays with the window; the pad may still rate what the first person finished.
        const next = await login(w.handover!);
        await http.ok('POST', `${base}/open`, { token: next.token, body: {} });
        const old = await http.call('POST', `${base}/close`, { token: person.token, body: {} });
        if (old.status !== 403)
          report.violations.push(
            `${w.counterId}: the replaced person could still sign out there (${old.status})`,
          );
        const stale = await http.call('POST', `${base}/call-next`, { token: person.token, body: {} });
        if (stale.status !== 403)
          report.violations.push(
            `${w.counterId}: the replaced person could still call there (${stale.status})`,
          );
        person = next;
        unrated = [];
        report.handovers++;
        if (ratedLater !== undefined) {
          await rate(ratedLater, first.id);
          report.ratedAfterHandover++;
        }
        if (pending.late) {
          await rate(pending.late.ticketId, pending.late.staffId);
          pending.late = null;
        }
      }
      if (Date.now() >= pauseAt) {
        pauseAt = Infinity;
        await http.ok('POST', `${base}/pause`, { token: person.token, body: {} });
        for (let k = 0; k < 3; k++) {
          const got = await act('call-next');
          if (got.ticket)
            report.violations.push(`paused window ${w.counterId} was given ${got.ticket.number}`);
          await sleep(10);
        }
        await http.ok('POST', `${base}/resume`, { token: person.token, body: {} });
        report.pausesChecked++;
      }
      const roll = random();
      if (current && roll < 0.02) {
        const areaIds = Object.keys(s.servers);
        const to = areaIds[Math.floor(random() * areaIds.length)]!;
        await act('transfer', { toAreaId: to });
        report.transferred.push(current.id);
        report.areaTransfers++;
        current = null;
      } else if (current && roll < 0.03) {
        // To another window of the ticket's area: only that window may call it now.
        const peers = (s.servers[current.areaId] ?? []).filter((id) => id !== w.counterId);
        await act('transfer', { toCounterId: peers[Math.floor(random() * peers.length)]! });
        report.transferred.push(current.id);
        report.windowTransfers++;
        current = null;
      } else if (current && roll < 0.06) {
        const r = await act('no-show');
        if (r.ticket?.id !== current.id)
          report.violations.push(`${w.counterId}: no-show answered ${r.ticket?.id}, serving ${current.id}`);
        report.noShows++;
        current = null;
      } else if (current && roll < 0.8) {
        const r = await act('done');
        if (r.ticket?.id !== current.id)
          report.violations.push(`${w.counterId}: done answered ${r.ticket?.id}, serving ${current.id}`);
        const id = current.id;
        current = null;
        await finishedDone(id);
      }
      // Call next (with a ticket still current it is finished as done by this call).
      const implicit = current;
      const start = Date.now();
      const t0 = performance.now();
      const r = await act('call-next');
      report.callNextLatencyMs.push(performance.now() - t0);
      if (implicit) await finishedDone(implicit.id);
      current = null;
      if (pending.late) {
        await rate(pending.late.ticketId, pending.late.staffId);
        pending.late = null;
      }
      if (!r.ticket) {
        // Nobody waiting: the person presses again a moment later (the page's live feed would say when).
        await sleep(250 + Math.floor(random() * 500));
        continue;
      }
      current = { id: r.ticket.id, areaId: r.ticket.areaId };
      report.calls.push([r.ticket.id, w.counterId, person.id, start, Date.now()]);
      await sleep(5 + Math.floor(random() * 35));
    }
    if (pending.late) await rate(pending.late.ticketId, pending.late.staffId);
  };
  await Promise.all(
    s.windows.map((w, i) =>
      windowLoop(w, i).catch((e: unknown) => {
        report.violations.push(`${w.counterId} stopped: ${(e as Error).message}`);
      }),
    ),
  );
  report.resentOnClosedConnection = http.resentOnClosedConnection;
  http.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
