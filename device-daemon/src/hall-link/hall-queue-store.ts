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
import { QueueUnreachableError } from '../core/queue-unreachable.ts';
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
import { HallRequestError, type HallClient } from './hall-client.ts';

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
 * `issue` sends the request with a fresh idempotency key and, when no answer came (the network, a
 * time-out, a 5xx — the hall may have issued and the reply been lost), sends the same request with
 * the same key again, at most `attempts` times: the hall answers a repeated key with the ticket it
 * already issued, never a second number. Only then is the ticket's print job written to the local
 * print journal (the journal and the printer stay on the kiosk). If the hall cannot be reached the
 * call throws `QueueUnreachableError` and nothing is journalled.
 *
 * The hall decides caps and the per-person limit from its own configuration; `dailyCap` and
 * `maxPerArea` of the request are not sent. Counter methods refuse: windows call on the hall server.
 */
export class HallQueueStore implements QueueStore {
  readonly #o: HallQueueStoreOptions;
  readonly #newKey: () => string;
  #areas: { at: number; byId: Map<string, KioskAreaState> } | null = null;
  #areasInFlight: Promise<Map<string, KioskAreaState>> | null = null;

  constructor(options: HallQueueStoreOptions) {
    if (!Number.isInteger(options.attempts) || options.attempts < 1)
      throw new RangeError('attempts must be a whole number ≥ 1');
    this.#o = options;
    this.#newKey = options.newKey ?? (() => `k-${randomUUID()}`);
  }

  async issue(r: IssueRequest): Promise<IssueResult> {
    const body: KioskIssueRequest = {
      areaId: r.area.id,
      idempotencyKey: this.#newKey(),
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

  async #withRetries(body: KioskIssueRequest) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#o.client.post('/api/kiosk/tickets', body, KioskIssueResponse);
      } catch (e) {
        if (e instanceof HallRequestError)
          // The request itself was refused (a bug on one side, or a reused key): never a citizen's fault.
          throw new Error(`the hall refused the ticket request: ${e.message}`, { cause: e });
        if (!(e instanceof QueueUnreachableError) || !e.retryable || attempt >= this.#o.attempts) throw e;
        this.#o.log.warn(
          { attempt, kind: e.kind, area: body.areaId },
          'no answer from the hall; sending the same ticket request again',
        );
        await sleep(this.#o.clock, this.#o.retryDelayMs ?? 250);
      }
    }
  }

  async #area(areaId: string): Promise<KioskAreaState> {
    const now = this.#o.clock.now();
    const fresh = this.#areas && now - this.#areas.at < (this.#o.areasMaxAgeMs ?? 1000);
    let byId = fresh ? this.#areas!.byId : null;
    if (!byId) {
      // Callers asking at once (the area screen asks per area) share one request.
      this.#areasInFlight ??= this.#o.client
        .get('/api/kiosk/areas', KioskAreasResponse)
        .then((r) => {
          const map = new Map(r.areas.map((a) => [a.areaId, a]));
          this.#areas = { at: now, byId: map };
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

  /** Nothing to forget here: the hall keeps the digests (and clears them). */
  async forgetDigestsBefore(): Promise<number> {
    return 0;
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
  ) {}

  secret(name: string): Promise<Buffer> {
    if (name !== IDENTITY_SALT) return this.local.secret(name);
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
