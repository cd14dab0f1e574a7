import type { Clock } from '@hall-kiosk/shared';
import type { DeviceRegistry } from '../devices/registry.ts';
import type { Logger } from '../log.ts';
import type { Storage } from '../storage/ports.ts';
import { systemdNotifier, watchdogIntervalMs } from '../system/sd-notify.ts';
import { startWatchdog, type Watchdog } from '../system/watchdog.ts';

/**
 * What systemd hears from the daemon (hall-kiosk.service is Type=notify with WatchdogSec=): READY=1
 * once the page is served, then WATCHDOG=1 every half watchdog period while the event loop keeps time,
 * the database takes writes and the device layer answers; STOPPING=1 at shutdown. Outside systemd
 * ($NOTIFY_SOCKET unset) it does nothing.
 */
export function systemdIntegration(deps: {
  env: NodeJS.ProcessEnv;
  clock: Clock;
  log: Logger;
  storage: Storage;
  registry: DeviceRegistry;
}) {
  const notifier = systemdNotifier({
    env: deps.env,
    onError: (message) => deps.log.warn({ error: message }, 'systemd not told'),
  });
  let watchdog: Watchdog | null = null;
  return {
    ready(url: string): void {
      if (!notifier.enabled) return;
      notifier.send({ READY: '1', STATUS: `serving ${url}` });
      const intervalMs = watchdogIntervalMs(deps.env);
      if (intervalMs === undefined) return;
      watchdog = startWatchdog({
        notifier,
        clock: deps.clock,
        intervalMs,
        checks: [
          { name: 'database', run: () => deps.storage.writable() },
          {
            name: 'devices',
            run: async () => {
              if (deps.registry.statuses().length !== deps.registry.drivers.size)
                throw new Error('a driver has no status');
            },
          },
        ],
        onVerdict: (v) => {
          if (!v.healthy) deps.log.warn({ reason: v.reason }, 'watchdog not fed');
        },
      });
    },
    stopping(): void {
      watchdog?.stop();
      if (notifier.enabled) notifier.send({ STOPPING: '1' });
    },
    close: () => notifier.close(),
  };
}
