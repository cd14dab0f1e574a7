import { readFile, stat } from 'node:fs/promises';
import * as z from 'zod/mini';
import { Booking, BookingFile } from './booking.ts';
import {
  checkOutboundUrl,
  OutboundError,
  outboundRequest,
  redactUrl,
  type OutboundAuth,
  type OutboundRequest,
  type OutboundResponse,
} from '../net/outbound.ts';

/** Why bookings could not be looked up: the caller tells the citizen to ask at the desk. */
export class AppointmentSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppointmentSourceError';
  }
}

/**
 * Where bookings come from. Two adapters: a file a booking system exports (or a hall copies in),
 * and the booking system's HTTP API. Both validate everything they return.
 */
export interface AppointmentSource {
  readonly description: string;
  /** The bookings of one date held by the person whose number has this digest. */
  forIdentity(idDigest: string, date: string): Promise<Booking[]>;
  /** The booking a QR code names, or null. */
  byCode(code: string): Promise<Booking | null>;
  /** Every booking of a date (for recording no-shows). */
  onDate(date: string): Promise<Booking[]>;
}

/** Names the booking and field a problem is in: `bookings[3].time: must be HH:mm`. */
function describe(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => {
      const path = i.path
        .map((p, n) => (typeof p === 'number' ? `[${p}]` : `${n ? '.' : ''}${String(p)}`))
        .join('');
      return `${path || '(top level)'}: ${i.message}`;
    })
    .join('; ');
}

export function parseBookings(value: unknown, source: string): Booking[] {
  const result = BookingFile.safeParse(value);
  if (!result.success) throw new AppointmentSourceError(`${source}: ${describe(result.error.issues)}`);
  const seen = new Set<string>();
  for (const [i, b] of result.data.bookings.entries()) {
    if (seen.has(b.id))
      throw new AppointmentSourceError(`${source}: bookings[${i}].id: "${b.id}" appears twice`);
    seen.add(b.id);
  }
  return result.data.bookings;
}

/** Bookings from a JSON file (`{ "bookings": [...] }`), re-read when the file changes. */
export class FileAppointmentSource implements AppointmentSource {
  #cache: { mtimeMs: number; size: number; bookings: Booking[] } | null = null;

  constructor(readonly file: string) {}

  get description(): string {
    return `file ${this.file}`;
  }

  async #all(): Promise<Booking[]> {
    let info;
    try {
      info = await stat(this.file);
    } catch (e) {
      throw new AppointmentSourceError(`${this.file}: cannot read (${(e as NodeJS.ErrnoException).code})`);
    }
    if (this.#cache && this.#cache.mtimeMs === info.mtimeMs && this.#cache.size === info.size) {
      return this.#cache.bookings;
    }
    let json: unknown;
    try {
      json = JSON.parse(await readFile(this.file, 'utf8'));
    } catch (e) {
      throw new AppointmentSourceError(`${this.file}: not valid JSON (${(e as Error).message})`);
    }
    const bookings = parseBookings(json, this.file);
    this.#cache = { mtimeMs: info.mtimeMs, size: info.size, bookings };
    return bookings;
  }

  async forIdentity(idDigest: string, date: string): Promise<Booking[]> {
    return (await this.#all()).filter((b) => b.idDigest === idDigest && b.date === date);
  }

  async byCode(code: string): Promise<Booking | null> {
    return (await this.#all()).find((b) => b.code === code) ?? null;
  }

  async onDate(date: string): Promise<Booking[]> {
    return (await this.#all()).filter((b) => b.date === date);
  }
}

/**
 * Bookings from the booking system's HTTP API, through net/outbound.ts (https, or http only to this
 * machine; no redirects; the reply cut off at `maxBytes` as it streams in; a header token and/or a
 * client certificate; the URL in messages without its query):
 *   GET {url}/bookings?date=YYYY-MM-DD&idDigest=HEX  → { bookings: [...] }
 *   GET {url}/bookings?code=CODE                     → { bookings: [...] } (zero or one)
 *   GET {url}/bookings?date=YYYY-MM-DD               → { bookings: [...] }
 * `idDigest` is date-bound (booking.ts `bookingDigest`): the same person's digest differs each day.
 */
export class HttpAppointmentSource implements AppointmentSource {
  readonly #base: URL;
  readonly #send: (url: URL, req: OutboundRequest) => Promise<OutboundResponse>;

  constructor(
    private readonly options: {
      url: string;
      timeoutMs?: number;
      maxBytes?: number;
      auth?: OutboundAuth;
      send?: (url: URL, req: OutboundRequest) => Promise<OutboundResponse>;
    },
  ) {
    this.#base = checkOutboundUrl(options.url, 'appointments.source.url');
    this.#send = options.send ?? outboundRequest;
  }

  get description(): string {
    return `http ${redactUrl(this.#base)}`;
  }

  async #get(query: Record<string, string>): Promise<Booking[]> {
    const target = new URL(this.#base);
    target.pathname = `${target.pathname.replace(/\/$/, '')}/bookings`;
    for (const [k, v] of Object.entries(query)) target.searchParams.set(k, v);
    let response: OutboundResponse;
    try {
      response = await this.#send(target, {
        method: 'GET',
        headers: { accept: 'application/json' },
        timeoutMs: this.options.timeoutMs ?? 5000,
        maxBytes: this.options.maxBytes ?? 4 * 1024 * 1024,
        ...(this.options.auth ? { auth: this.options.auth } : {}),
      });
    } catch (e) {
      // OutboundError messages are already redacted; anything else is named by kind only.
      throw new AppointmentSourceError(
        e instanceof OutboundError ? e.message : `${this.description}: request failed`,
      );
    }
    if (response.status < 200 || response.status >= 300)
      throw new AppointmentSourceError(`${this.description}: HTTP ${response.status}`);
    let json: unknown;
    try {
      json = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new AppointmentSourceError(`${this.description}: reply is not JSON`);
    }
    return parseBookings(json, this.description);
  }

  forIdentity(idDigest: string, date: string): Promise<Booking[]> {
    return this.#get({ date, idDigest });
  }

  async byCode(code: string): Promise<Booking | null> {
    return (await this.#get({ code })).find((b) => b.code === code) ?? null;
  }

  onDate(date: string): Promise<Booking[]> {
    return this.#get({ date });
  }
}
