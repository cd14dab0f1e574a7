import { randomUUID } from 'node:crypto';
import {
  KioskAreasResponse,
  KioskIdentitySalt,
  KioskIssueResponse,
  KioskTicketOrigin,
  sleep,
  type Clock,
  type KioskAreaState,
  type KioskIssueRequest,
} from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';
import { CommandError } from '../core/command-error.ts';
import { QueueUnreachableError, type QueueUnreachableKind } from '../core/queue-unreachable.ts';
import type {
  CallRecord,
  IssueRequest,
  IssueResult,
  QueueStore,
  QueueTicket,
  TicketOrigin,
  WaitingEntry,
} from '../queue/queue-store.ts';
import type { SecretStore } from '../storage/ports.ts';
import type { PrintJournal } from '../tickets/print-journal.ts';
import { businessDate } from '../core/local-day.ts';
import { HallRequestError, type HallClient } from './hall-client.ts';
import { pageRequestKey, type LastKnownArea, type OfflineTicketStore } from './offline-tickets.ts';
import { HALL_ISSUE_BUDGET_MS, MIN_ATTEMPT_MS } from './budget.ts';
import { HallLink } from './link-state.ts';

/** What a kiosk needs to issue from its offline series while the hall cannot be reached. */
export type OfflineIssuing = {
  store: OfflineTicketStore;
  /** This kiosk's device id at the hall. */
  deviceId: string;
  /** The hall's time zone (business days). */
  timeZone: string;
  /** Offline tickets are issued only while the ticket printer works (the paper is the citizen's proof). */
  printerReady: () => boolean;
};

export type HallQueueStoreOptions = {
  client: HallClient;
  /** The local print journal: the ticket's print job is written here once the hall has issued it. */
  journal: Pick<PrintJournal, 'createForHallTicket'>;
  clock: Clock;
  log: Logger;
  /** A ticket request is sent at most this many times, with the same key (≥ 1). */
  attempts: number;
  /** Wait between two attempts (ms). */
  retryDelayMs?: number;
  /** The area view is read from the hall at most this often (ms); the issue of a ticket refreshes it. */
  areasMaxAgeMs?: number;
  /** A fresh idempotency key for each request (injected in tests). */
  newKey?: () => string;
  /** Issue from the kiosk's offline series when the hall cannot be reached (absent: refuse). */
  offline?: OfflineIssuing;
  /**
   * The link's state, shared with the client that feeds it (link-state.ts); absent: one of the store's
   * own, without a probe (it comes back when a request is answered).
   */
  link?: HallLink;
  /** Every attempt at the hall for one ticket ends within this long (ms; default budget.ts). */
  issueBudgetMs?: number;
};

/** The counter side of the queue is on the hall server in hall mode, not on a kiosk. */
export class NotInHallModeError extends CommandError<'unsupportedCommand'> {
  constructor(what: string) {
    super(
      'unsupportedCommand',
      `${what}: in hall mode the windows call from the hall server, not from a kiosk`,
    );
    this.name = 'NotInHallModeError';
  }
}

/**
 * The queue of a kiosk in hall mode: the daemon's `QueueStore` seam over the hall server's kiosk API.
 *
 * `issue` sends the request with an idempotency key (made from the page's `requestKey` when there is
 * one — `page-<requestKey>`, so the page's retry after a crash of this daemon is answered with the
 * ticket the hall already issued — otherwise a fresh one) and, when no answer came (the network, a
 * time-out, a 5xx — the hall may have issued and the reply been lost), sends the same request with
 * the same key again, at most `attempts` times and all within the issue budget (budget.ts: well
 * inside the page's wait for the command): the hall answers a repeated key with the ticket it
 * already issued, never a second number. Only then is the ticket's print job written to the local
 * print journal (the journal and the printer stay on the kiosk). If the hall cannot be reached the
 * ticket comes from the kiosk's offline series under the same key (so the hall, when it gets it,
 * knows it for the request that may have reached it: docs/queue.md#a-request-that-timed-out), or,
 * when it cannot issue offline, the call throws `QueueUnreachableError` and nothing is journalled.
 * While the link is not `online` (link-state.ts) tickets go straight to the offline series.
 *
 * The hall decides caps and the per-person limit from its own configuration; `dailyCap` and
 * `maxPerArea` of the request are not sent. Counter methods refuse: windows call on the hall server.
 */
export class HallQueueStore implements QueueStore {
  readonly #o: HallQueueStoreOptions;
  readonly #newKey: () => string;
  #areas: { at: number; byId: Map<string, KioskAreaState> } | null = null;
  #areasInFlight: Promise<Map<string, KioskAreaState>> | null = null;
  /** The hall's last counts per area (memory only: after a restart while offline, none). */
  readonly #lastKnown = new Map<string, LastKnownArea>();
  /** Not online: issue offline at once until the hall answers again (a probe or any request). */
  readonly #link: HallLink;
  readonly #budgetMs: number;

  constructor(options: HallQueueStoreOptions) {
    if (!Number.isInteger(options.attempts) || options.attempts < 1)
      throw new RangeError('attempts must be a whole number ≥ 1');
    const budget = options.issueBudgetMs ?? HALL_ISSUE_BUDGET_MS;
    if (!Number.isInteger(budget) || budget < MIN_ATTEMPT_MS)
      throw new RangeError(`issueBudgetMs must be a whole number ≥ ${MIN_ATTEMPT_MS}`);
    this.#o = options;
    this.#budgetMs = budget;
    this.#link = options.link ?? new HallLink({ clock: options.clock, log: options.log });
    this.#newKey = options.newKey ?? (() => `k-${randomUUID()}`);
  }

  /** Whether the hall is not to be asked for tickets now (suspect or offline). */
  get linkDown(): boolean {
    return !this.#link.online;
  }

  /** The link's state (link-state.ts). */
  get link(): HallLink {
    return this.#link;
  }

  /** The hall answered (true) or could not be reached (false): the offline sync tells it too. */
  setLink(up: boolean, kind: QueueUnreachableKind = 'network'): void {
    if (up) this.#link.answered();
    else this.#link.failed(kind);
  }

  async issue(r: IssueRequest): Promise<IssueResult> {
    const offline = this.#o.offline;
    // One key for the citizen's ticket: every attempt at the hall, and the offline ticket if none
    // answered. Made from the page's `requestKey` when there is one, so the page's retry after this
    // daemon died is answered with the ticket already issued, by the hall or by the offline series.
    const key = r.requestKey !== undefined ? pageRequestKey(r.requestKey) : this.#newKey();
    // The page asks again for a request this kiosk answered from its offline series before it
    // restarted (it died before the answer reached the page): the same ticket, printed again.
    if (offline && r.requestKey !== undefined && r.appointmentId === undefined) {
      const again = await offline.store.again(key, r.printer);
      if (again) {
        this.#o.log.info(
          { ticket: again.ticket.number },
          'the page asked again for an offline ticket; printed again',
        );
        return { ok: true, reprint: true, ticket: again.ticket, printJobId: again.printJobId };
      }
    }
    // Bookings need the hall (one ticket per booking, hall-wide).
    const canGoOffline = offline !== undefined && r.appointmentId === undefined;
    // Without the hall's salt the hall could not count the person's tickets: offline only.
    const saltMissing = r.offlineIdentity !== undefined && r.identity === undefined;
    if (canGoOffline && (saltMissing || this.linkDown)) {
      const issued = await this.#issueOffline(r, offline, key);
      if (issued) return issued;
      // Not offline (no series, no printer): a card holder without the hall's salt cannot be issued;
      // anyone else is tried online (the link may be back before the next sync round says so).
      if (saltMissing)
        throw new QueueUnreachableError(
          'network',
          'the hall cannot be reached and this kiosk cannot issue offline',
        );
    }
    try {
      const issued = await this.#issueOnline(r, key);
      this.setLink(true);
      return issued;
    } catch (e) {
      if (!canGoOffline || !(e instanceof QueueUnreachableError) || !e.retryable) throw e;
      this.setLink(false, e.kind);
      const issued = await this.#issueOffline(r, offline, key);
      if (issued) return issued;
      throw e;
    }
  }

  /**
   * The hall's business day now, by this kiosk's clock corrected with the offset stored with its series:
   * the reckoning that dates its offline tickets (docs/queue.md#midnight).
   */
  async #hallDay(o: OfflineIssuing): Promise<string> {
    const offset = (await o.store.series(o.deviceId))?.clockOffsetMs ?? 0;
    return businessDate(this.#o.clock.now() + offset, o.timeZone);
  }

  /** A series from the hall and a working printer: what offline issuing needs. */
  async #canIssueOffline(o: OfflineIssuing): Promise<boolean> {
    return o.printerReady() && (await o.store.series(o.deviceId)) !== null;
  }

  /** From the offline series, or null when it cannot (no series yet, or the printer does not work). */
  async #issueOffline(r: IssueRequest, o: OfflineIssuing, key: string): Promise<IssueResult | null> {
    if (!o.printerReady()) {
      this.#o.log.warn(
        { area: r.area.id },
        'the hall cannot be reached and the ticket printer does not work',
      );
      return null;
    }
    const local = r.offlineIdentity;
    const result = await o.store.issue({
      deviceId: o.deviceId,
      area: {
        id: r.area.id,
        prefix: r.area.prefix,
        ...(r.dailyCap !== undefined ? { dailyCap: r.dailyCap } : {}),
      },
      now: r.now,
      timeZone: o.timeZone,
      priorityReason: r.priorityReason ?? null,
      ...(local
        ? {
            identity: {
              localDigest: local.localDigest,
              hallDigest: r.identity?.digest ?? null,
              maxPerArea: local.maxPerArea,
            },
          }
        : {}),
      ...(r.pathLimits ? { pathLimits: r.pathLimits } : {}),
      lastKnown: this.#lastKnown.get(r.area.id) ?? null,
      printer: r.printer,
      idempotencyKey: key,
    });
    if (!result.ok) {
      if (result.reason === 'noSeries') {
        this.#o.log.warn({ area: r.area.id }, 'the hall never gave this kiosk an offline series');
        return null;
      }
      return { ok: false, reason: result.reason };
    }
    this.#o.log.warn({ ticket: result.ticket.number, area: r.area.id }, 'ticket issued offline');
    return { ok: true, reprint: false, ticket: result.ticket, printJobId: result.printJobId };
  }

  async #issueOnline(r: IssueRequest, key: string): Promise<IssueResult> {
    const body: KioskIssueRequest = {
      areaId: r.area.id,
      idempotencyKey: key,
      priorityReason: r.priorityReason ?? null,
      ...(r.identity ? { identityDigest: r.identity.digest } : {}),
      ...(r.appointmentId !== undefined ? { appointmentId: r.appointmentId } : {}),
      ...(r.pathLimits ? { pathLimits: r.pathLimits } : {}),
      ...(r.matterId !== undefined ? { matterId: r.matterId } : {}),
    };
    const answer = await this.#withRetries(body);
    this.#areas = null;
    if (!answer.ok) return { ok: false, reason: answer.reason };
    const printJobId = await this.#o.journal.createForHallTicket(r.printer, answer.ticket);
    if (answer.replayed)
      this.#o.log.info({ ticket: answer.ticket.number }, 'hall answered a repeated request with its ticket');
    return { ok: true, reprint: answer.reprint, ticket: answer.ticket, printJobId };
  }

  /** At most `attempts` tries, every one ended by the budget's deadline (budget.ts). */
  async #withRetries(body: KioskIssueRequest) {
    const { clock } = this.#o;
    const deadline = clock.now() + this.#budgetMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#o.client.post('/api/kiosk/tickets', body, KioskIssueResponse, {
          timeoutMs: deadline - clock.now(),
        });
      } catch (e) {
        if (e instanceof HallRequestError)
          // The request itself was refused (a bug on one side, or a reused key): never a citizen's fault.
          throw new Error(`the hall refused the ticket request: ${e.message}`, { cause: e });
        if (!(e instanceof QueueUnreachableError) || !e.retryable || attempt >= this.#o.attempts) throw e;
        const delay = this.#o.retryDelayMs ?? 250;
        if (deadline - clock.now() - delay < MIN_ATTEMPT_MS) throw e;
        this.#o.log.warn(
          { attempt, kind: e.kind, area: body.areaId },
          'no answer from the hall; sending the same ticket request again',
        );
        await sleep(clock, delay);
      }
    }
  }

  /**
   * An area as the hall last told it. While the hall cannot be reached and the kiosk can issue
   * offline, the last counts it had (none after a restart: zeros) with no estimate.
   */
  async #area(areaId: string): Promise<KioskAreaState> {
    const offline = this.#o.offline;
    if (!offline) return this.#areaFromHall(areaId);
    if (!this.linkDown) {
      try {
        return await this.#areaFromHall(areaId);
      } catch (e) {
        if (!(e instanceof QueueUnreachableError) || !e.retryable) throw e;
        this.setLink(false, e.kind);
        if (!(await this.#canIssueOffline(offline))) throw e;
      }
    } else if (!(await this.#canIssueOffline(offline))) {
      throw new QueueUnreachableError(
        'network',
        'the hall cannot be reached and this kiosk cannot issue offline',
      );
    }
    // Only counts of the hall's current day: after midnight the old day's are nobody's.
    const seen = this.#lastKnown.get(areaId);
    const last = seen && seen.businessDate === (await this.#hallDay(offline)) ? seen : undefined;
    return {
      areaId,
      waiting: last?.waiting ?? 0,
      ticketsToday: last?.ticketsToday ?? 0,
      estimatedWaitMinutes: null,
      capReached: last?.capReached ?? false,
    };
  }

  async #areaFromHall(areaId: string): Promise<KioskAreaState> {
    const now = this.#o.clock.now();
    const fresh = this.#areas && now - this.#areas.at < (this.#o.areasMaxAgeMs ?? 1000);
    let byId = fresh ? this.#areas!.byId : null;
    if (!byId) {
      // Callers asking at once (the area screen asks per area) share one request.
      this.#areasInFlight ??= this.#o.client
        .get('/api/kiosk/areas', KioskAreasResponse)
        .then(async (r) => {
          const map = new Map(r.areas.map((a) => [a.areaId, a]));
          this.#areas = { at: now, byId: map };
          const offline = this.#o.offline;
          if (offline) {
            // The counts are of the hall's day, which the kiosk's own clock may not be in yet.
            const day = await this.#hallDay(offline);
            for (const a of r.areas)
              this.#lastKnown.set(a.areaId, {
                businessDate: day,
                ticketsToday: a.ticketsToday,
                waiting: a.waiting,
                capReached: a.capReached,
              });
          }
          return map;
        })
        .finally(() => {
          this.#areasInFlight = null;
        });
      byId = await this.#areasInFlight;
    }
    const area = byId.get(areaId);
    if (!area) throw new QueueUnreachableError('protocol', `the hall has no area "${areaId}"`);
    return area;
  }

  async ticketsToday(areaId: string): Promise<number> {
    return (await this.#area(areaId)).ticketsToday;
  }

  async waitingCount(areaId: string): Promise<number> {
    return (await this.#area(areaId)).waiting;
  }

  /** The hall's estimate for someone joining now (the people ahead are the hall's count). */
  async estimateFor(areaId: string): Promise<number | null> {
    return (await this.#area(areaId)).estimatedWaitMinutes;
  }

  async ticketOrigin(ticketId: number): Promise<TicketOrigin | null> {
    try {
      return await this.#o.client.get(`/api/kiosk/tickets/${ticketId}/origin`, KioskTicketOrigin);
    } catch (e) {
      if (e instanceof HallRequestError && e.status === 404) return null;
      throw e;
    }
  }

  callNext(): Promise<QueueTicket | null> {
    return Promise.reject(new NotInHallModeError('call next'));
  }
  recall(): Promise<QueueTicket | null> {
    return Promise.reject(new NotInHallModeError('recall'));
  }
  transfer(): Promise<QueueTicket | null> {
    return Promise.reject(new NotInHallModeError('transfer'));
  }
  finish(): Promise<QueueTicket | null> {
    return Promise.reject(new NotInHallModeError('finish'));
  }
  currentAt(): Promise<QueueTicket | null> {
    return Promise.reject(new NotInHallModeError('a window’s current ticket'));
  }
  waiting(): Promise<WaitingEntry[]> {
    return Promise.reject(new NotInHallModeError('the waiting list'));
  }
  recentCalls(): Promise<CallRecord[]> {
    return Promise.reject(new NotInHallModeError('the recent calls'));
  }

  /**
   * The hall keeps (and clears) the online digests; the offline tickets' digests are cleared here, up to
   * the hall's day by the corrected clock, not the day the caller reckoned by this kiosk's own clock: a
   * kiosk running fast would otherwise forget the day's digests before the hall's midnight, and one person
   * could take more offline tickets than the limit in those seconds.
   */
  async forgetDigestsBefore(date: string): Promise<number> {
    const offline = this.#o.offline;
    if (!offline) return 0;
    const hallDay = await this.#hallDay(offline);
    return offline.store.forgetDigestsBefore(hallDay < date ? hallDay : date);
  }
}

/** The name under which services ask for the salt of identity digests. */
export const IDENTITY_SALT = 'identityDigestSalt';

/**
 * Secrets for a kiosk in hall mode: the salt of identity digests is the hall's (so a person's tickets
 * count together whichever kiosk they used), fetched from the hall when first needed and kept in
 * memory only; every other secret is the kiosk's own (`local`).
 */
export class HallSecrets implements SecretStore {
  #salt: Promise<Buffer> | null = null;

  constructor(
    private readonly client: HallClient,
    private readonly local: SecretStore,
    /** While the link is not online the salt is not asked for (the card holder is issued offline). */
    private readonly link?: Pick<HallLink, 'online'>,
  ) {}

  secret(name: string): Promise<Buffer> {
    if (name !== IDENTITY_SALT) return this.local.secret(name);
    if (!this.#salt && this.link && !this.link.online)
      return Promise.reject(
        new QueueUnreachableError('network', "the hall's link is down: its salt is not asked for now"),
      );
    this.#salt ??= this.client.get('/api/kiosk/identity-salt', KioskIdentitySalt).then(
      (r) => Buffer.from(r.salt, 'base64'),
      (e: unknown) => {
        this.#salt = null; // asked again next time
        throw e;
      },
    );
    return this.#salt;
  }
}
