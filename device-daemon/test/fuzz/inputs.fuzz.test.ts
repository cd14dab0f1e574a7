import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EscPosDecoder } from '@hall-kiosk/hardware-mocks';
import { MAX_MESSAGE_BYTES, parseCommand, parseDaemonMessage } from '@hall-kiosk/shared';
import { PrinterReplyFramer } from '../../src/devices/printer/status.ts';
import { ConfigError, parseConfig } from '../../src/config/load.ts';
import { DEFAULT_HID_PROFILE, fromReport } from '../../src/transport/hid-reports.ts';
import { RUNS, TIMEOUT_MS } from './runs.ts';

const envelopeish = fc.record(
  {
    header: fc.record(
      {
        type: fc.oneof(
          fc.constantFrom('command', 'completion', 'event', 'acknowledge', 'unsolicited'),
          fc.string(),
        ),
        name: fc.oneof(
          fc.constantFrom('Queue.IssueTicket', 'IdCard.Read', 'Common.Status', 'Session.End'),
          fc.string(),
        ),
        requestId: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
        timeout: fc.oneof(fc.nat(), fc.string()),
      },
      { requiredKeys: [] },
    ),
    payload: fc.oneof(fc.object(), fc.jsonValue()),
  },
  { requiredKeys: [] },
);

describe('every parser of outside input under generated input', () => {
  it(
    'parseCommand answers any text with a command or a typed refusal',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            fc.json(),
            envelopeish.map((e) => JSON.stringify(e)),
          ),
          (raw) => {
            const r = parseCommand(raw);
            if (!r.ok) expect(['ack', 'completion']).toContain(r.error.kind);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'parseDaemonMessage never throws',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            envelopeish.map((e) => JSON.stringify(e)),
          ),
          (raw) => {
            parseDaemonMessage(raw);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it('refuses an oversized message before parsing it', () => {
    expect(parseCommand(`"${'x'.repeat(MAX_MESSAGE_BYTES)}"`)).toMatchObject({ ok: false });
  });

  it(
    'configuration: any JSON value is either a configuration or a ConfigError',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.jsonValue(),
            fc.record(
              { devices: fc.object(), server: fc.object(), areas: fc.jsonValue() },
              { requiredKeys: [] },
            ),
          ),
          (value) => {
            try {
              parseConfig(value, 'fuzz.json', '/tmp');
            } catch (e) {
              expect(e).toBeInstanceOf(ConfigError);
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'the ESC/POS decoder and the printer reply framer take any bytes',
    () => {
      fc.assert(
        fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), (parts) => {
          const d = new EscPosDecoder();
          const f = new PrinterReplyFramer();
          for (const p of parts) {
            d.push(p);
            f.push(p);
          }
          d.flush();
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'HID reports of any content and length',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (report, withId) => {
          const out = fromReport(report, { ...DEFAULT_HID_PROFILE, inputHasReportId: withId });
          expect(out.length).toBeLessThanOrEqual(report.length);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
