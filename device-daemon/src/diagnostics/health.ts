import type { Clock, DeviceName, DeviceStatus, LocalizedText } from '@hall-kiosk/shared';
import type { DeviceRegistry } from '../devices/registry.ts';
import { testPage } from '../printing/slips.ts';
import { localDateTime } from '../core/local-day.ts';
import { toMasked } from '../identity/mask.ts';
import type { HealthLevel } from '../devices/device.ts';

export { HEALTH_LEVELS, type HealthLevel } from '../devices/device.ts';

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

/**
 * The three health checks of UnifiedPOS `checkHealth`, per device; each device kind runs them
 * (`DeviceDriver.health`, e.g. printer: DLE EOT status, then a test page; card reader: SAM status,
 * then a card placed, shown masked; scanner: link open, then a code scanned). This supplies what only
 * the services know — the test page and the masked form of a card — and nothing personal is kept:
 * the card's data is masked and dropped at once.
 */
export async function checkHealth(
  ctx: HealthContext,
  device: DeviceName,
  level: HealthLevel,
): Promise<HealthResult> {
  const driver = ctx.registry.drivers.get(device);
  if (!driver) throw new Error(`${device} is not configured`);
  const verdict = await driver.health(level, {
    clock: ctx.clock,
    interactiveWaitMs: ctx.interactiveWaitMs ?? 30_000,
    testPage: (name, connection) =>
      testPage({
        hallName: ctx.hallName,
        printedAtLocal: localDateTime(ctx.clock.now(), ctx.timeZone),
        paperWidth: 80,
        device: name,
        connection,
        version: ctx.version,
      }),
    describeCard: (identity) => {
      const masked = toMasked(identity, ctx.clock.now(), ctx.timeZone);
      return `${masked.maskedName} ${masked.maskedNumber} (${masked.documentType})`;
    },
  });
  return { device, level, ...verdict, status: driver.status };
}
