import { afterAll, describe, expect, it } from 'vitest';
import { EvaluationEndpoint } from '@hall-kiosk/hardware-mocks';
import { join } from 'node:path';
import { tempDir } from '../support/harness.ts';
import { crashRound, seeded } from '../support/crash-matrix.ts';
import { startPtyEmulator, type PtyEmulator } from '../support/pty-emulators.ts';

// The short version of the crash matrix (`npm run crash-matrix` runs 100 rounds): kill -9 at random
// moments while tickets are issued, printed and rated, then check every invariant. The printer is
// an emulator in its own process on a pseudo-terminal, so the kill hits the daemon only.
describe('kill -9 at random moments while ticketing, printing and rating', () => {
  const endpoint = new EvaluationEndpoint();
  let printer: PtyEmulator | undefined;
  afterAll(async () => {
    await printer?.stop();
    await endpoint.close();
  });

  it('keeps numbering, tickets, print jobs and ratings consistent over 4 crashes', async () => {
    await endpoint.listen();
    const dir = tempDir('kill9-matrix');
    printer = await startPtyEmulator('ticketPrinter', join(dir, 'ttyPrinter'));
    const random = seeded(20261126);
    const reports = [];
    for (let i = 0; i < 4; i++) reports.push(await crashRound(dir, endpoint, printer, i, random));
    expect(reports.flatMap((r) => r.problems)).toEqual([]);
    expect(reports.reduce((n, r) => n + r.ticketsAcknowledged, 0)).toBeGreaterThan(0);
    // The same printer process served every round: it outlived four kills of the daemon.
    expect(reports.reduce((n, r) => n + r.receiptsPrinted, 0)).toBeGreaterThan(0);
  }, 60_000);
});
