// What the tests of a kiosk behind a failing link share: waiting for a condition, reading what the
// kiosk daemon's own database holds of its offline tickets, and a counter's call next sent through
// the fault proxy (not the fixture's direct client), as the counter page sends it.
import { request } from 'node:https';
import { join } from 'node:path';
import { checkServerIdentity } from 'node:tls';
import Database from 'better-sqlite3';
import type { DaemonProcess } from '../../tests/support/harness.ts';

/** Resolves with `probe`'s first truthy answer, polled every `stepMs`; throws after `ms`. */
export async function until<T>(
  what: string,
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  ms = 20_000,
  stepMs = 100,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Reads the kiosk daemon's database (`<dir>/data/kiosk.db`), read-only, while it runs. */
export function kioskDb<T>(d: Pick<DaemonProcess, 'dir'>, read: (db: Database.Database) => T): T {
  const db = new Database(join(d.dir, 'data', 'kiosk.db'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The kiosk's offline tickets, oldest first. */
export function offlineRows(
  d: Pick<DaemonProcess, 'dir'>,
): { number: string; state: string; issued_at_kiosk: number }[] {
  return kioskDb(
    d,
    (db) =>
      db.prepare('SELECT number, state, issued_at_kiosk FROM offline_tickets ORDER BY id').all() as {
        number: string;
        state: string;
        issued_at_kiosk: number;
      }[],
  );
}

/** The offline series the hall gave the kiosk, or null before it has one. */
export function offlineSeriesOf(d: Pick<DaemonProcess, 'dir'>): number | null {
  return kioskDb(
    d,
    (db) =>
      (db.prepare('SELECT series FROM offline_series').get() as { series: number } | undefined)?.series ??
      null,
  );
}

/**
 * Call next at w001 through the proxy on `port`, with the staff token and the action's key: the
 * ticket's number ('—' for nobody), or null when no answer came within `timeoutMs`.
 */
export function counterCallsThrough(o: {
  port: number;
  ca: string;
  token: string;
  key: string;
  timeoutMs?: number;
}): Promise<string | null> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: o.port,
        path: '/api/counter/w001/call-next',
        method: 'POST',
        agent: false,
        ca: o.ca,
        checkServerIdentity: (_h, cert) => checkServerIdentity('127.0.0.1', cert),
        headers: {
          host: `127.0.0.1:${o.port}`,
          authorization: `Bearer ${o.token}`,
          'idempotency-key': o.key,
        },
        timeout: o.timeoutMs ?? 8000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => resolve(null));
        res.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            ticket: { number: string } | null;
          };
          resolve(res.statusCode === 200 ? (body.ticket?.number ?? '—') : null);
        });
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}
