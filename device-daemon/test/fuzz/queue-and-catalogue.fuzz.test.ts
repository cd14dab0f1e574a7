import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppointmentSourceError, parseBookings } from '../../src/appointments/appointment-source.ts';
import { CatalogueError, loadCatalogueFile, parseCatalogue } from '../../src/catalogue/catalogue-file.ts';
import { SearchIndex } from '../../src/catalogue/search-index.ts';
import { SAMPLE_CATALOGUE } from '../../src/config/load.ts';
import { parseHidPosBody } from '../../src/devices/scanner/hid-pos-report.ts';
import { BootKeyboardDecoder, MAX_WEDGE_CODE } from '../../src/devices/scanner/boot-keyboard.ts';
import { localMoment } from '@hall-kiosk/shared';
import { availability } from '../../src/queue/calendar.ts';
import { nextToCall } from '../../src/queue/call-order.ts';
import { RUNS, TIMEOUT_MS } from './runs.ts';

const index = new SearchIndex(loadCatalogueFile(SAMPLE_CATALOGUE).matters);

describe('queue, appointment, catalogue and scanner parsers under generated input', () => {
  it(
    'a booking import is parsed or refused with AppointmentSourceError, never anything else',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), fc.record({ bookings: fc.array(fc.object()) })), (value) => {
          try {
            parseBookings(value, 'fuzz');
          } catch (e) {
            expect(e).toBeInstanceOf(AppointmentSourceError);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'a catalogue file is parsed or refused with CatalogueError naming fields, never anything else',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), fc.record({ matters: fc.array(fc.object()) })), (value) => {
          try {
            parseCatalogue(value, 'fuzz');
          } catch (e) {
            expect(e).toBeInstanceOf(CatalogueError);
            expect((e as CatalogueError).problems.length).toBeGreaterThan(0);
            expect((e as CatalogueError).problems.length).toBeLessThanOrEqual(50);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'search answers any text with at most 30 hits and a total of at least that many',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^[a-z ]{0,24}$/)), (q) => {
          const r = index.search(q);
          expect(r.hits.length).toBeLessThanOrEqual(30);
          expect(r.total).toBeGreaterThanOrEqual(r.hits.length);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'HID POS report bodies of any bytes decode or are refused, and never claim more data than the body holds',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 0, maxLength: 80 }), (bytes) => {
          const r = parseHidPosBody(bytes);
          if (typeof r !== 'string') expect(r.data.length).toBeLessThanOrEqual(56);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'a keyboard wedge fed any reports never throws and never yields a code over the limit',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.uint8Array({ minLength: 0, maxLength: 10 }), { maxLength: 400 }),
          (reports) => {
            const d = new BootKeyboardDecoder();
            for (const r of reports) {
              const code = d.push(r);
              if (code !== null) expect(code.length).toBeLessThanOrEqual(MAX_WEDGE_CODE);
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'opening hours answer for any moment and any valid hours, with a next opening after now',
    () => {
      const range = fc
        .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 }))
        .filter(([a, b]) => b > a)
        .map(
          ([a, b]) =>
            `${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}-${String(Math.floor(b / 60)).padStart(2, '0')}:${String(b % 60).padStart(2, '0')}`,
        );
      fc.assert(
        fc.property(
          fc.dictionary(
            fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'),
            fc.array(range, { maxLength: 3 }),
          ),
          fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
          fc.boolean(),
          (hours, now, cap) => {
            const a = availability(
              hours,
              now,
              { timeZone: 'Asia/Shanghai', holidays: new Set(), makeUpWorkdays: new Set() },
              cap,
            );
            const here = localMoment(now, 'Asia/Shanghai');
            const nowLocal = `${here.date} ${String(Math.floor(here.minutes / 60)).padStart(2, '0')}:${String(here.minutes % 60).padStart(2, '0')}`;
            if (!a.open && a.opensAt !== null) expect(a.opensAt > nowLocal).toBe(true);
            if (cap) expect(a.open).toBe(false);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'the call order always picks a waiting ticket, and never two priority streaks past the rule while a regular one waits',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ id: fc.nat(), priority: fc.boolean(), queuedAt: fc.nat() }), {
            maxLength: 30,
          }),
          fc.nat({ max: 10 }),
          fc.nat({ max: 5 }),
          (waiting, streak, n) => {
            const pick = nextToCall(waiting, streak, { priorityPerRegular: n });
            if (waiting.length === 0) {
              expect(pick).toBeNull();
            } else {
              expect(waiting).toContain(pick);
              if (n > 0 && streak >= n && waiting.some((t) => !t.priority))
                expect(pick!.priority).toBe(false);
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
