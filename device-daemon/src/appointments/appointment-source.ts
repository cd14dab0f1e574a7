import { readFile, stat } from 'node:fs/promises';
import * as z from 'zod/mini';
import { Booking, BookingFile } from './booking.ts';

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
 * Bookings from the booking system's HTTP API:
 *   GET {url}/bookings?date=YYYY-MM-DD&idDigest=HEX  → { bookings: [...] }
 *   GET {url}/bookings?code=CODE                     → { bookings: [...] } (zero or one)
 *   GET {url}/bookings?date=YYYY-MM-DD               → { bookings: [...] }
 */
export class HttpAppointmentSource implements AppointmentSource {
  constructor(
    readonly url: string,
    private readonly timeoutMs = 5000,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  get description(): string {
    return `http ${this.url}`;
  }

  async #get(query: Record<string, string>): Promise<Booking[]> {
    const target = new URL(`${this.url.replace(/\/$/, '')}/bookings`);
    for (const [k, v] of Object.entries(query)) target.searchParams.set(k, v);
    let response: Response;
    try {
      response = await this.fetchFn(target, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw new AppointmentSourceError(`${this.description}: ${(e as Error).message}`);
    }
    if (!response.ok) throw new AppointmentSourceError(`${this.description}: HTTP ${response.status}`);
    const text = await response.text();
    if (text.length > 4 * 1024 * 1024)
      throw new AppointmentSourceError(`${this.description}: reply too large`);
    let json: unknown;
    try {
      json = JSON.parse(text);
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
