import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { PrinterEmulator } from '@hall-kiosk/hardware-mocks';
import {
  parseConfig,
  silentLogger,
  startDaemon,
  ticketSlip,
  type RunningDaemon,
} from '@hall-kiosk/device-daemon';
import { EmulatedDevices } from '@hall-kiosk/device-daemon/mock';
import type { Benchmark } from './harness.ts';

const BAUD = 115200;
const serialMs = (bytes: number) => (bytes * 10 * 1000) / BAUD;

/** A representative ticket: its size decides the serial transfer time. */
const sample = ticketSlip({
  hallName: { zh: '示范区政务服务中心', en: 'Demo District Government Service Centre' },
  area: { id: 'realEstate', prefix: 'B', name: { zh: '不动产登记服务', en: 'Real Estate Registration' } },
  ticket: {
    id: 1234,
    number: 'B123',
    areaId: 'realEstate',
    businessDate: '2026-11-26',
    issuedAt: '2026-11-26T01:00:00Z',
    peopleAhead: 17,
    priority: false,
    priorityReason: null,
    appointment: false,
    estimatedWaitMinutes: 25,
  },
  issuedAtLocal: '2026-11-26 09:00',
  paperWidth: 80,
});

export const ticketBytes: Benchmark = {
  name: 'printer: bytes per ticket (native QR, no raster)',
  unit: 'B',
  better: 'lower',
  runs: 1,
  measure: async () => sample.length,
};

/**
 * Tap → last ticket byte: from sending Queue.IssueTicket on the WebSocket to the emulated printer
 * receiving the ticket's final (cut) byte, through the daemon, SQLite (synchronous=FULL) and the
 * serial stack; the emulated link takes each byte's transfer time at 115200 baud. With `asb`, the
 * printer reports its status by itself (GS a) and the driver asks nothing before the job.
 */
export function tapToLastByte(options: { asb?: boolean } = {}): Benchmark {
  let daemon: RunningDaemon;
  let ws: WebSocket;
  let printer: PrinterEmulator;
  let id = 0;
  // The bytes the printer received for one job, up to its cut: the slip and whatever the driver sent
  // with it (status requests). Measured on every job; the limit is their transfer time.
  let jobBytes = 0;
  return {
    name: options.asb
      ? 'printer: tap → last ticket byte at 115200 baud, automatic status back'
      : 'printer: tap → last ticket byte at 115200 baud',
    unit: 'ms',
    better: 'lower',
    runs: 15,
    get limit() {
      return { value: serialMs(jobBytes), what: `${jobBytes} B at ${BAUD} baud` };
    },
    async setup() {
      const dir = mkdtempSync(join(tmpdir(), 'bench-'));
      const config = parseConfig(
        {
          server: { port: 0 },
          dataDir: dir,
          devices: {
            ticketPrinter: {
              connection: { emulated: { baudRate: BAUD } },
              automaticStatusBack: options.asb ?? false,
            },
          },
        },
        'bench',
        dir,
      );
      const emulation = new EmulatedDevices();
      daemon = await startDaemon(config, { log: silentLogger, uiDir: null, emulation });
      printer = emulation.get('ticketPrinter') as PrinterEmulator;
      while (daemon.registry.statuses()[0]?.state !== 'online') await new Promise((r) => setTimeout(r, 20));
      ws = new WebSocket(`${daemon.url.replace('http', 'ws')}ws`, { origin: new URL(daemon.url).origin });
      await new Promise((r) => ws.once('open', r));
    },
    async measure() {
      const before = printer.stats.cuts;
      const bytesBefore = printer.stats.bytesReceived;
      const t0 = performance.now();
      const done = new Promise<number>((resolve) => {
        const onChange = () => {
          if (printer.stats.cuts > before) {
            printer.off('changed', onChange);
            jobBytes = printer.stats.bytesReceived - bytesBefore;
            resolve(performance.now() - t0);
          }
        };
        printer.on('changed', onChange);
      });
      const requestId = ++id;
      // The tap is measured from an idle kiosk, as a citizen meets it: the measurement ends only when
      // the command has completed (the job confirmed by GS r 1 and the status read after it), so the
      // next tap does not queue behind this job's confirmation on the link.
      const completed = new Promise<void>((resolve) => {
        const onMessage = (data: unknown) => {
          const m = JSON.parse(String(data)) as { header: { type: string; requestId?: number } };
          if (m.header.type === 'completion' && m.header.requestId === requestId) {
            ws.off('message', onMessage);
            resolve();
          }
        };
        ws.on('message', onMessage);
      });
      ws.send(
        JSON.stringify({
          header: { type: 'command', name: 'Queue.IssueTicket', requestId },
          payload: { areaId: 'tax' },
        }),
      );
      const ms = await done;
      await completed;
      return ms;
    },
    async teardown() {
      ws.close();
      await daemon.close();
    },
  };
}
