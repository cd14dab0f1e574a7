import type { Clock, DeviceName, DeviceStatus, LocalizedText } from '@hall-kiosk/shared';
import type { DeviceRegistry } from '../devices/registry.ts';
import { testPage } from '../printing/slips.ts';
import { localDateTime } from '../core/local-day.ts';
import { toMasked } from '../identity/mask.ts';
import { readOneCard } from '../identity/read-one-card.ts';

export type HealthLevel = 'internal' | 'external' | 'interactive';
export const HEALTH_LEVELS: readonly HealthLevel[] = ['internal', 'external', 'interactive'];

export type HealthResult = {
  device: DeviceName;
  level: HealthLevel;
  result: 'ok' | 'failed';
  /** A sentence a technician can act on. */
  text: string;
  status: DeviceStatus;
};

export type HealthContext = {
  registry: DeviceRegistry;
  clock: Clock;
  hallName: LocalizedText;
  timeZone: string;
  version: string;
  /** How long an interactive check waits for a person (a card placed, a code scanned). */
  interactiveWaitMs?: number;
};

const WHAT_TO_DO: Partial<Record<DeviceStatus['state'], string>> = {
  noDevice: 'nothing at the configured address: check the cable and the configuration',
  offline: 'it was there and does not answer: check power and cable, then reconnect',
  userError: 'needs a person: load paper or close the cover',
  hardwareError: 'needs a technician',
};

function internal(status: DeviceStatus): Pick<HealthResult, 'result' | 'text'> {
  if (status.state === 'online') {
    return {
      result: 'ok',
      text: `online since ${status.since}${status.paper === 'low' ? '; paper low' : ''}`,
    };
  }
  return {
    result: 'failed',
    text: `${status.state}${status.detail ? ` (${status.detail})` : ''}: ${WHAT_TO_DO[status.state] ?? 'see the event log'}`,
  };
}

/**
 * The three health checks of UnifiedPOS `checkHealth`, per device:
 * - internal: what the driver knows (state, detail), no I/O;
 * - external: talk to the device (printer: DLE EOT status; card reader: SAM status; scanner: its link
 *   is open — HID scanners have no status command);
 * - interactive: a person takes part (printer: a test page; card reader: place a card, the masked
 *   result is shown; scanner: scan a code). Nothing personal is kept: the card's data is masked and
 *   dropped at once.
 */
export async function checkHealth(
  ctx: HealthContext,
  device: DeviceName,
  level: HealthLevel,
): Promise<HealthResult> {
  const driver = ctx.registry.drivers.get(device);
  if (!driver) throw new Error(`${device} is not configured`);
  const done = (r: Pick<HealthResult, 'result' | 'text'>): HealthResult => ({
    device,
    level,
    ...r,
    status: driver.status,
  });
  if (level === 'internal') return done(internal(driver.status));

  if (device === 'ticketPrinter' || device === 'receiptPrinter') {
    const printer = ctx.registry.printer(device)!;
    if (level === 'external') {
      const s = await printer.refresh();
      return done(
        s.state === 'online'
          ? { result: 'ok', text: `answers status requests; paper ${s.paper ?? 'unknown'}` }
          : internal(s),
      );
    }
    const result = await printer.print(
      testPage({
        hallName: ctx.hallName,
        printedAtLocal: localDateTime(ctx.clock.now(), ctx.timeZone),
        paperWidth: 80,
        device,
        connection: driver.status.connection,
        version: ctx.version,
      }),
    );
    return done(
      result.ok
        ? { result: 'ok', text: 'test page printed: check it for every size, GBK text, QR and bar code' }
        : { result: 'failed', text: `test page not printed: ${result.reason} (${result.detail})` },
    );
  }

  if (device === 'idCardReader') {
    const reader = ctx.registry.idCardReader()!;
    if (level === 'external') {
      if (driver.status.state === 'noDevice' || driver.status.state === 'offline')
        return done(internal(driver.status));
      const sam = await reader.samStatus();
      return done(
        sam.ok
          ? { result: 'ok', text: `SAM answers: ${sam.text}; SAM id ${reader.samId ?? 'unknown'}` }
          : { result: 'failed', text: `SAM: ${sam.text}` },
      );
    }
    if (driver.status.state !== 'online') return done(internal(driver.status));
    const waitMs = ctx.interactiveWaitMs ?? 30_000;
    const card = await readOneCard(reader, ctx.clock, waitMs);
    if (card.kind === 'timeout')
      return done({ result: 'failed', text: `no card placed within ${waitMs / 1000} s` });
    if (card.kind === 'failed') return done({ result: 'failed', text: `card not read: ${card.reason}` });
    const masked = toMasked(card.identity, ctx.clock.now(), ctx.timeZone);
    return done({
      result: 'ok',
      text: `card read: ${masked.maskedName} ${masked.maskedNumber} (${masked.documentType})`,
    });
  }

  const scanner = ctx.registry.scanner()!;
  if (level === 'external') {
    return done(
      driver.status.state === 'online'
        ? { result: 'ok', text: `link open (${scanner.protocol}); scanners have no status command` }
        : internal(driver.status),
    );
  }
  if (driver.status.state !== 'online') return done(internal(driver.status));
  const waitMs = ctx.interactiveWaitMs ?? 30_000;
  return done(
    await new Promise((resolve) => {
      const disarm = scanner.arm();
      const onScan: Parameters<typeof scanner.on<'scan'>>[1] = (s) => {
        disarm();
        ctx.clock.clearTimeout(timer);
        scanner.off('scan', onScan);
        resolve({ result: 'ok', text: `code read: ${s.symbology}, ${s.code.length} characters` });
      };
      const timer = ctx.clock.setTimeout(() => {
        disarm();
        scanner.off('scan', onScan);
        resolve({ result: 'failed', text: `no code scanned within ${waitMs / 1000} s` });
      }, waitMs);
      scanner.on('scan', onScan);
    }),
  );
}
