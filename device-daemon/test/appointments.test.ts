import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { SAMPLE_CARDS } from '@hall-kiosk/hardware-mocks';
import { OutboundUrlError } from '../src/net/outbound.ts';
import { bookingDigest, checkInVerdict, chooseBooking, type Booking } from '../src/appointments/booking.ts';
import {
  AppointmentSourceError,
  FileAppointmentSource,
  HttpAppointmentSource,
} from '../src/appointments/appointment-source.ts';
import { CheckInService } from '../src/appointments/check-in-service.ts';
import { demoBookings } from '../src/mock/demo-bookings.ts';
import { DEFAULT_AREAS } from '../src/config/areas.ts';
import { SqliteAppointmentVisits } from '../src/storage/sqlite/appointment-visits.ts';
import { openDatabase } from '../src/storage/sqlite/database.ts';
import { SqlitePrintJournal } from '../src/storage/sqlite/print-journal.ts';
import { SqliteQueueStore } from '../src/storage/sqlite/queue-store.ts';
import { SqliteSecretStore } from '../src/storage/sqlite/secrets.ts';
import { TicketService } from '../src/tickets/ticket-service.ts';
import { silentLogger } from '../src/log.ts';
import type { CardIdentity } from '../src/core/card-identity.ts';

const KEY = 'test-digest-key';
const window = { beforeMinutes: 30, afterMinutes: 15 };
const elder = SAMPLE_CARDS.find((c) => c.id === 'elderResident')!;

describe('check-in window', () => {
  const b = { date: '2026-03-02', time: '10:00' };
  it('opens 30 minutes before and closes 15 minutes after the booked time', () => {
    expect(checkInVerdict(b, '2026-03-02', 9 * 60 + 29, window)).toEqual({
      verdict: 'tooEarly',
      opensAt: '2026-03-02 09:30',
    });
    expect(checkInVerdict(b, '2026-03-02', 9 * 60 + 30, window)).toEqual({ verdict: 'open' });
    expect(checkInVerdict(b, '2026-03-02', 10 * 60 + 15, window)).toEqual({ verdict: 'open' });
    expect(checkInVerdict(b, '2026-03-02', 10 * 60 + 16, window)).toEqual({ verdict: 'tooLate' });
  });
  it('a booking on another day is too early or too late', () => {
    expect(checkInVerdict(b, '2026-03-01', 600, window).verdict).toBe('tooEarly');
    expect(checkInVerdict(b, '2026-03-03', 600, window).verdict).toBe('tooLate');
  });
  it('of several bookings picks an open one, else the next, else the last', () => {
    const list = [
      { id: 'late', date: '2026-03-02', time: '08:00' },
      { id: 'now', date: '2026-03-02', time: '10:00' },
      { id: 'later', date: '2026-03-02', time: '15:00' },
    ];
    expect(chooseBooking(list, '2026-03-02', 600, window)?.booking.id).toBe('now');
    expect(chooseBooking(list.slice(0, 1).concat(list.slice(2)), '2026-03-02', 600, window)?.booking.id).toBe(
      'later',
    );
    expect(chooseBooking(list.slice(0, 1), '2026-03-02', 600, window)?.verdict.verdict).toBe('tooLate');
    expect(chooseBooking([], '2026-03-02', 600, window)).toBeNull();
  });
  it('digests are HMAC-SHA256 hex, case-insensitive in the check letter', () => {
    const d = '2026-03-02';
    expect(bookingDigest(KEY, d, '11010519491231002x')).toBe(bookingDigest(KEY, d, '11010519491231002X'));
    expect(bookingDigest(KEY, d, elder.idNumber)).toMatch(/^[0-9a-f]{64}$/);
    expect(bookingDigest('other-key', d, elder.idNumber)).not.toBe(bookingDigest(KEY, d, elder.idNumber));
  });
  it('digests are bound to the date: the same person has a different digest each day (no lasting pseudonym)', () => {
    expect(bookingDigest(KEY, '2026-03-03', elder.idNumber)).not.toBe(
      bookingDigest(KEY, '2026-03-02', elder.idNumber),
    );
  });
});

const dir = () => mkdtempSync(join(tmpdir(), 'bookings-'));
const booking = (over: Partial<Booking> = {}): Booking => ({
  id: 'bk-1',
  code: 'QR-BK-1',
  areaId: 'socialSecurity',
  date: '2026-03-02',
  time: '10:00',
  idDigest: bookingDigest(KEY, '2026-03-02', elder.idNumber),
  ...over,
});

describe('booking file source', () => {
  it('names the booking and field of a bad entry', async () => {
    const file = join(dir(), 'b.json');
    writeFileSync(file, JSON.stringify({ bookings: [booking(), booking({ id: 'bk-2', time: '25:00' })] }));
    await expect(new FileAppointmentSource(file).onDate('2026-03-02')).rejects.toThrow(
      /bookings\[1\]\.time: must be HH:mm/,
    );
  });
  it('refuses duplicate ids, non-JSON and a missing file, with the file named', async () => {
    const file = join(dir(), 'b.json');
    writeFileSync(file, JSON.stringify({ bookings: [booking(), booking({ code: 'other' })] }));
    await expect(new FileAppointmentSource(file).onDate('x')).rejects.toThrow(
      /bookings\[1\]\.id: "bk-1" appears twice/,
    );
    writeFileSync(file, '{ nope');
    await expect(new FileAppointmentSource(file).onDate('x')).rejects.toThrow(/not valid JSON/);
    await expect(new FileAppointmentSource(join(dir(), 'none.json')).onDate('x')).rejects.toThrow(/ENOENT/);
  });
  it('re-reads the file when it changes', async () => {
    const file = join(dir(), 'b.json');
    writeFileSync(file, JSON.stringify({ bookings: [booking()] }));
    const source = new FileAppointmentSource(file);
    expect(await source.byCode('QR-BK-1')).toMatchObject({ id: 'bk-1' });
    writeFileSync(file, JSON.stringify({ bookings: [booking({ code: 'QR-NEW-CODE' })] }));
    expect(await source.byCode('QR-BK-1')).toBeNull();
    expect(await source.byCode('QR-NEW-CODE')).toMatchObject({ id: 'bk-1' });
  });
});

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function bookingServer(handler: (url: URL) => { status: number; body: string } | 'hang') {
  const server = createServer((req, res) => {
    const r = handler(new URL(req.url ?? '/', 'http://x'));
    if (r === 'hang') return;
    res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
}

describe('booking HTTP source', () => {
  it('asks by date and digest, and by code', async () => {
    const seen: string[] = [];
    const url = await bookingServer((u) => {
      seen.push(`${u.pathname}?${u.searchParams.toString()}`);
      return { status: 200, body: JSON.stringify({ bookings: [booking()] }) };
    });
    const source = new HttpAppointmentSource({ url });
    expect(await source.forIdentity('abc', '2026-03-02')).toHaveLength(1);
    expect(await source.byCode('QR-BK-1')).toMatchObject({ id: 'bk-1' });
    expect(await source.byCode('QR-OTHER')).toBeNull();
    expect(seen[0]).toBe('/api/bookings?date=2026-03-02&idDigest=abc');
    expect(seen[1]).toBe('/api/bookings?code=QR-BK-1');
  });
  it('turns HTTP errors, bad replies and time-outs into AppointmentSourceError', async () => {
    let reply: { status: number; body: string } | 'hang' = { status: 503, body: '{}' };
    const url = await bookingServer(() => reply);
    const source = new HttpAppointmentSource({ url, timeoutMs: 300 });
    await expect(source.onDate('d')).rejects.toThrow(/HTTP 503/);
    reply = { status: 200, body: 'not json' };
    await expect(source.onDate('d')).rejects.toThrow(/not JSON/);
    reply = { status: 200, body: JSON.stringify({ bookings: [{ id: 1 }] }) };
    await expect(source.onDate('d')).rejects.toBeInstanceOf(AppointmentSourceError);
    reply = 'hang';
    await expect(source.onDate('d')).rejects.toBeInstanceOf(AppointmentSourceError);
  });
});

describe('booking HTTP source, through the outbound rules', () => {
  it('requires https (http only to this machine) and no credentials in the URL', () => {
    expect(() => new HttpAppointmentSource({ url: 'http://bookings.example/api' })).toThrow(/must be https/);
    expect(() => new HttpAppointmentSource({ url: 'https://u:pw@bookings.example/api' })).toThrow(
      OutboundUrlError,
    );
    expect(new HttpAppointmentSource({ url: 'https://bookings.example/api?token=s3cret' }).description).toBe(
      'http https://bookings.example/api?…',
    );
  });

  it('sends the header token, keeps the query token out of errors, follows no redirect', async () => {
    const headers: (string | undefined)[] = [];
    let reply: 'redirect' | 'big' | 'down' = 'redirect';
    const server = createServer((req, res) => {
      headers.push(req.headers['x-booking-token'] as string | undefined);
      if (reply === 'redirect') res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
      else if (reply === 'big') {
        // No content-length: the cap must hold while the reply streams in.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"bookings":[');
        const chunk = `${JSON.stringify(booking())},`.repeat(200);
        let sent = 0;
        const more = () => {
          while (sent < 100 && res.write(chunk)) sent++;
          if (sent < 100) res.once('drain', more);
          else res.end('{}]}');
        };
        more();
      } else res.writeHead(503).end();
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api?token=s3cret`;
    const source = new HttpAppointmentSource({
      url,
      maxBytes: 64 * 1024,
      auth: { headerToken: { name: 'x-booking-token', value: 'tok' } },
    });
    const failure = async () => {
      try {
        await source.onDate('2026-03-02');
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a refusal');
    };
    const redirected = await failure();
    expect(redirected).toBeInstanceOf(AppointmentSourceError);
    expect(redirected.message).toMatch(/redirect/);
    reply = 'big';
    expect((await failure()).message).toMatch(/over the 65536-byte limit/);
    reply = 'down';
    expect((await failure()).message).toMatch(/HTTP 503/);
    expect(headers.every((h) => h === 'tok')).toBe(true);
    for (const m of [redirected.message, source.description]) expect(m).not.toContain('s3cret');
  });
});

function checkInRig(bookings: Booking[], start = '2026-03-02T01:50:00Z' /* 09:50 Shanghai */) {
  const file = join(dir(), 'bookings.json');
  writeFileSync(file, JSON.stringify({ bookings }));
  const clock = new ManualClock(Date.parse(start));
  const db = openDatabase(':memory:');
  const store = new SqliteQueueStore(db, 'Asia/Shanghai');
  let person: CardIdentity | null = null;
  const tickets = new TicketService({
    areas: DEFAULT_AREAS,
    hallName: { zh: '测试', en: 'Test' },
    calendar: { timeZone: 'Asia/Shanghai', holidays: new Set(), makeUpWorkdays: new Set() },
    store,
    journal: new SqlitePrintJournal(db, () => clock.now()),
    secrets: new SqliteSecretStore(db),
    printer: () => undefined,
    paperWidth: 80,
    priority: { age: 60, disability: true, appointment: true },
    maxTicketsPerIdentity: 1,
    callOrder: { zh: '规则', en: 'rule' },
    identity: () => person,
    clock,
    log: silentLogger,
  });
  const service = new CheckInService({
    source: new FileAppointmentSource(file),
    digestKey: KEY,
    window,
    tickets,
    visits: new SqliteAppointmentVisits(db, 'Asia/Shanghai'),
    identity: () => person,
    clock,
    log: silentLogger,
  });
  return {
    service,
    clock,
    db,
    setPerson: (idNumber: string | null) => {
      person = idNumber ? ({ idNumber, birthDate: '1950-03-15' } as CardIdentity) : null;
    },
  };
}

describe('appointment check-in', () => {
  it('by card: issues the appointment ticket (priority), then reprints the same number', async () => {
    const { service, setPerson } = checkInRig([booking()]);
    setPerson(elder.idNumber);
    const first = await service.checkIn({ by: 'idCard' });
    expect(first).toMatchObject({
      result: 'ticket',
      reprint: false,
      ticket: { number: 'C001', appointment: true, priority: true, priorityReason: 'appointment' },
      booking: { areaId: 'socialSecurity', time: '10:00', areaName: { zh: '社保服务' } },
      print: { printed: false, reason: 'noDevice' },
    });
    const again = await service.checkIn({ by: 'code', code: 'QR-BK-1' });
    expect(again).toMatchObject({ result: 'ticket', reprint: true, ticket: { number: 'C001' } });
  });

  it('says too early (with the time it opens), too late, or not found', async () => {
    const { service, setPerson, clock } = checkInRig([booking({ time: '11:00' })]);
    setPerson(elder.idNumber);
    expect(await service.checkIn({ by: 'idCard' })).toMatchObject({
      result: 'tooEarly',
      opensAt: '2026-03-02 10:30',
    });
    await clock.advance(90 * 60_000); // 11:20
    expect(await service.checkIn({ by: 'idCard' })).toMatchObject({ result: 'tooLate' });
    setPerson('360102199208204522');
    expect(await service.checkIn({ by: 'idCard' })).toEqual({ result: 'notFound' });
    expect(await service.checkIn({ by: 'code', code: 'NO-SUCH-CODE' })).toEqual({ result: 'notFound' });
  });

  it('needs a card read in this session to check in by card', async () => {
    const { service } = checkInRig([booking()]);
    await expect(service.checkIn({ by: 'idCard' })).rejects.toMatchObject({ code: 'sequenceError' });
  });

  it('records no-shows once their window has passed, and not for checked-in bookings', async () => {
    const { service, setPerson, clock, db } = checkInRig([
      booking(),
      booking({ id: 'bk-2', code: 'QR-BK-2', time: '10:05', idDigest: 'f'.repeat(64) }),
    ]);
    setPerson(elder.idNumber);
    await service.checkIn({ by: 'idCard' });
    expect(await service.sweepNoShows()).toBe(0);
    await clock.advance(60 * 60_000); // 10:50
    expect(await service.sweepNoShows()).toBe(1);
    expect(await service.sweepNoShows()).toBe(0);
    expect(db.prepare('SELECT booking_id, state FROM appointment_visits ORDER BY booking_id').all()).toEqual([
      { booking_id: 'bk-1', state: 'checkedIn' },
      { booking_id: 'bk-2', state: 'noShow' },
    ]);
  });

  it('the demo makes bookings for today that exercise every answer', () => {
    const list = demoBookings(Date.parse('2026-03-02T02:00:00Z'), 'Asia/Shanghai', KEY);
    expect(list.map((b) => checkInVerdict(b, '2026-03-02', 10 * 60, window).verdict)).toEqual([
      'open',
      'tooEarly',
      'tooLate',
    ]);
    expect(list[0]!.idDigest).toBe(bookingDigest(KEY, '2026-03-02', elder.idNumber));
  });
});
