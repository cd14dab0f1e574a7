// One kiosk of the through-the-server harness, in its own process: enrols with the hall as `kiosk enrol`
// does (the CA checked against its fingerprint, the credential file written), then issues tickets
// through the kiosk daemon's own hall-mode queue (HallQueueStore over HallClient: HTTPS trusting only
// the hall's CA, its device token, a fresh idempotency key per ticket, the same key again when no
// answer came) as fast as the hall answers, until the deadline. The printer side of the daemon is not
// run (its print journal is a counter here): the hall sees exactly the requests a daemon sends.
//
// Lost replies are made on purpose: for some tickets the hall's answer is read and then dropped, so the
// daemon's store sends the same request again; the second answer must be the same ticket, replayed.
// Some requests are also sent twice at once with one key. Prints `ready`, waits for a line, prints one
// JSON line (KioskClientReport) at the end.
import { performance } from 'node:perf_hooks';
import { KioskIssueResponse, systemClock, type ServiceArea } from '@hall-kiosk/shared';
import { createLogger } from '@hall-kiosk/device-daemon';
import { enrolDevice } from '../../../device-daemon/src/cli/enrol.ts';
import { HallClient, type HallSend } from '../../../device-daemon/src/hall-link/hall-client.ts';
import { HallQueueStore } from '../../../device-daemon/src/hall-link/hall-queue-store.ts';
import { OutboundError, outboundRequest } from '../../../device-daemon/src/net/outbound.ts';
import { rng, waitForGo } from './https-json.ts';

export type KioskClientReport = {
  kioskId: string;
  /** [ticket id, number, area id, ms when the answer arrived] of every ticket acknowledged. */
  acked: [number, string, string, number][];
  /** Latency of the tickets whose first answer was not dropped on purpose. */
  latenciesMs: number[];
  refused: number;
  /** Answers dropped on purpose (the store then sent the same key again). */
  lostReplies: number;
  racingDuplicates: number;
  /** Retries or duplicates answered with another ticket, or not as a replay (must stay 0). */
  mismatches: string[];
  /** Requests that failed for good (no ticket, no refusal): the hall could not be reached. */
  failures: string[];
};

export type KioskClientSettings = {
  url: string;
  code: string;
  fingerprint: string;
  credentialFile: string;
  areas: ServiceArea[];
  durationMs: number;
  seed: number;
  /** Share of tickets whose first answer is dropped. */
  lossRate: number;
  /** Share of tickets sent twice at once with one key. */
  raceRate: number;
};

async function main(): Promise<void> {
  const s = JSON.parse(process.env['HALL_KIOSK_CLIENT'] ?? '') as KioskClientSettings;
  const random = rng(s.seed);
  const { credential } = await enrolDevice({
    url: s.url,
    code: s.code,
    fingerprint: s.fingerprint,
    file: s.credentialFile,
  });
  const report: KioskClientReport = {
    kioskId: credential.deviceId,
    acked: [],
    latenciesMs: [],
    refused: 0,
    lostReplies: 0,
    racingDuplicates: 0,
    mismatches: [],
    failures: [],
  };
  // The first answer of each key that was dropped, to compare with what the retry is told.
  const dropped = new Map<string, number | null>();
  let loseThis = false;
  const send: HallSend = async (url, req) => {
    const res = await outboundRequest(url, req);
    if (req.method !== 'POST' || url.pathname !== '/api/kiosk/tickets' || req.body === undefined) return res;
    const key = (JSON.parse(req.body) as { idempotencyKey: string }).idempotencyKey;
    const answer = res.status === 200 ? KioskIssueResponse.safeParse(JSON.parse(res.body.toString())) : null;
    const ticketId = answer?.success && answer.data.ok ? answer.data.ticket.id : null;
    if (dropped.has(key)) {
      const first = dropped.get(key);
      const replayed = answer?.success && answer.data.ok && answer.data.replayed;
      if (ticketId === null || ticketId !== first || !replayed)
        report.mismatches.push(
          `key ${key}: first answer ticket ${first}, retry ${ticketId} replayed=${replayed}`,
        );
      dropped.delete(key);
    } else if (loseThis && res.status === 200) {
      loseThis = false;
      dropped.set(key, ticketId);
      report.lostReplies++;
      throw new OutboundError('network', `${url.pathname}: reply dropped by the harness`);
    }
    return res;
  };
  const client = new HallClient({ url: s.url, credential, timeoutMs: 30_000, send });
  let printJobs = 0;
  const store = new HallQueueStore({
    client,
    journal: { createForHallTicket: () => Promise.resolve(++printJobs) },
    clock: systemClock,
    log: createLogger({ level: 'error', destination: process.stderr }),
    attempts: 3,
    retryDelayMs: 50,
  });
  process.stdout.write('ready\n');
  await waitForGo();

  const deadline = Date.now() + s.durationMs;
  let n = 0;
  while (Date.now() < deadline) {
    const area = s.areas[Math.floor(random() * s.areas.length)]!;
    const priorityReason = random() < 0.2 ? ('age' as const) : null;
    const racing = random() < s.raceRate;
    const lose = !racing && random() < s.lossRate;
    const t0 = performance.now();
    try {
      if (racing) {
        // The same request twice at once (a double tap sent twice): one ticket, one of them a replay.
        const body = {
          areaId: area.id,
          idempotencyKey: `${report.kioskId}-race-${++n}`,
          priorityReason,
        };
        const [a, b] = await Promise.all([
          client.post('/api/kiosk/tickets', body, KioskIssueResponse),
          client.post('/api/kiosk/tickets', body, KioskIssueResponse),
        ]);
        report.latenciesMs.push(performance.now() - t0);
        if (!a.ok || !b.ok) {
          report.refused++;
          continue;
        }
        report.racingDuplicates++;
        if (a.ticket.id !== b.ticket.id || [a, b].filter((x) => !x.replayed).length !== 1)
          report.mismatches.push(`racing key ${body.idempotencyKey}: ${a.ticket.id}/${b.ticket.id}`);
        report.acked.push([a.ticket.id, a.ticket.number, area.id, Date.now()]);
        continue;
      }
      loseThis = lose;
      const r = await store.issue({ area, now: Date.now(), printer: 'ticketPrinter', priorityReason });
      loseThis = false;
      if (!lose) report.latenciesMs.push(performance.now() - t0);
      if (!r.ok) {
        report.refused++;
        continue;
      }
      report.acked.push([r.ticket.id, r.ticket.number, area.id, Date.now()]);
    } catch (e) {
      loseThis = false;
      report.failures.push((e as Error).message);
      if (report.failures.length > 20) break;
    }
  }
  for (const key of dropped.keys()) report.mismatches.push(`key ${key}: dropped answer never retried`);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
