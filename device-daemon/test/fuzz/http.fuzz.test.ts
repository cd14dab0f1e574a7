import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffBodies } from '../../src/api/staff-http.ts';
import { BodyError, readJsonBody } from '../../src/api/json-body.ts';
import { TechnicianBodies } from '../../src/api/technician-http.ts';
import { parseConfig } from '../../src/config/load.ts';
import { startDaemon, type RunningDaemon } from '../../src/app/start-daemon.ts';
import { hashPin } from '../../src/auth/pin-hash.ts';
import { silentLogger } from '../../src/log.ts';
import { RUNS, TIMEOUT_MS } from './runs.ts';

// Every HTTP body the daemon reads (staff and technician APIs), under generated input: always a
// typed 4xx or a success, never a 500, and the daemon keeps serving.
describe('HTTP bodies under generated input', () => {
  let daemon: RunningDaemon;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzz-http-'));
    const pinHash = await hashPin('246810', { N: 1 << 10 });
    daemon = await startDaemon(
      parseConfig(
        { server: { port: 0 }, dataDir: dir, staff: { pinHash }, maintenance: { pinHash } },
        'fuzz',
        dir,
      ),
      { log: silentLogger, uiDir: null },
    );
  });
  afterAll(() => daemon.close());

  it(
    'answers any body on any staff or technician endpoint with a 2xx or a typed 4xx',
    async () => {
      const paths = [
        'api/staff/login',
        'api/staff/counters/1',
        'api/staff/logout',
        'api/tech/login',
        'api/tech/check',
        'api/tech/reconnect',
        'api/tech/statistics/reset',
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...paths),
          fc.oneof(
            fc.json(),
            fc.string({ maxLength: 300 }),
            fc.jsonValue().map((v) => JSON.stringify(v)),
          ),
          fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8'),
          fc.boolean(),
          async (path, body, type, withToken) => {
            const r = await fetch(`${daemon.url}${path}`, {
              method: 'POST',
              headers: { 'content-type': type, ...(withToken ? { authorization: 'Bearer x' } : {}) },
              body,
            });
            await r.arrayBuffer();
            expect(r.status === 200 || (r.status >= 400 && r.status < 500), `${path} ${r.status}`).toBe(true);
          },
        ),
        { numRuns: Math.min(RUNS, 20_000) },
      );
      expect((await fetch(`${daemon.url}api/health`)).status).toBe(200);
    },
    TIMEOUT_MS,
  );
});

describe('HTTP body parsing in process (the long run reaches 1,000,000 cases)', () => {
  it(
    'reads any body as JSON or refuses it with a typed status, and every body schema answers without throwing',
    async () => {
      const schemas = [...Object.values(StaffBodies), ...Object.values(TechnicianBodies)];
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.string({ maxLength: 200 }), fc.json(), fc.string({ minLength: 4090, maxLength: 4200 })),
          fc.constantFrom('application/json', 'text/plain', '', 'application/json; charset=utf-8'),
          fc.option(fc.nat({ max: 10_000 })),
          async (body, type, declared) => {
            const req = Object.assign(Readable.from([Buffer.from(body)]), {
              headers: {
                'content-type': type,
                ...(declared !== null ? { 'content-length': String(declared) } : {}),
              },
            }) as unknown as IncomingMessage;
            try {
              const value = await readJsonBody(req);
              for (const schema of schemas) schema.safeParse(value);
            } catch (e) {
              expect(e).toBeInstanceOf(BodyError);
              expect([400, 413, 415]).toContain((e as BodyError).status);
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});
