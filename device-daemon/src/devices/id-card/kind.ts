import { defineKind } from '../kind.ts';
import { SamIdCardReaderDriver } from './id-card-driver.ts';

/** GA/T 467 SAM ID-card readers (docs/devices/id-card.md). */
export const samIdCardReaderKind = defineKind({
  kind: 'samIdCardReader',
  devices: ['idCardReader'],
  emulatorOptions: () => ({}),
  // Driver-free SAM readers: the transport's default report layout (transport/hid-reports.ts).
  hidDefaults: () => ({}),
  build: (_device, config, { transport, clock, log }) =>
    new SamIdCardReaderDriver({
      transport,
      clock,
      log,
      pollMs: config.pollMs,
      withFingerprint: config.withFingerprint,
    }),
});
