import { parseArgs } from 'node:util';
import { sleep, systemClock, type DeviceName } from '@hall-kiosk/shared';
import { DeviceRegistry } from '../devices/registry.ts';
import { silentLogger } from '../log.ts';
import { HEALTH_LEVELS, checkHealth, type HealthLevel, type HealthResult } from '../diagnostics/health.ts';
import { VERSION } from '../app/version.ts';
import { adminGet, adminSocketPath, loadCommandConfig } from './shared.ts';
import { mockEntryFor } from './load-mock.ts';

function printDiag(results: HealthResult[], json: boolean, via: string): number {
  const unhealthy = results.filter((r) => r.result !== 'ok').length;
  if (json) console.log(JSON.stringify({ via, results }, null, 2));
  else {
    console.log(`Health checks (${via})`);
    console.log(['device', 'level', 'result', 'state', 'what it says'].join('\t'));
    for (const r of results)
      console.log([r.device, r.level, r.result.toUpperCase(), r.status.state, r.text].join('\t'));
    console.log(unhealthy === 0 ? 'All devices healthy.' : `${unhealthy} device(s) unhealthy.`);
  }
  return unhealthy === 0 ? 0 : 1;
}

/**
 * `kiosk diag [--device NAME] [--level …] [--json]`: health checks through the running daemon, or, if
 * none runs, by opening the devices here. Exit code 1 when any device is unhealthy.
 */
export async function diagCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      device: { type: 'string' },
      level: { type: 'string', default: 'external' },
      json: { type: 'boolean' },
    },
  });
  const level = values.level as HealthLevel;
  if (!HEALTH_LEVELS.includes(level)) {
    console.error('--level takes internal, external or interactive');
    return 2;
  }
  const config = loadCommandConfig(values.config);
  const configured = Object.keys(config.devices);
  if (values.device && !configured.includes(values.device)) {
    console.error(
      `--device: "${values.device}" is not configured (configured: ${configured.join(', ') || 'none'})`,
    );
    return 2;
  }
  const query = `/diag?level=${level}${values.device ? `&device=${values.device}` : ''}`;
  const viaDaemon = (await adminGet(adminSocketPath(config), query)) as {
    results: HealthResult[];
  } | null;
  if (viaDaemon) return printDiag(viaDaemon.results, values.json ?? false, 'through the running daemon');

  // No daemon holds the ports: open the devices here, let them connect, check, close.
  const mock = await mockEntryFor(config);
  const registry = new DeviceRegistry(config.devices, {
    clock: systemClock,
    log: silentLogger,
    ...(mock ? { emulatedTransport: new mock.EmulatedDevices().emulatedTransport } : {}),
  });
  registry.start();
  const started = Date.now();
  while (registry.statuses().some((s) => s.detail === 'starting') && Date.now() - started < 5000)
    await sleep(systemClock, 100);
  await sleep(systemClock, 500);
  try {
    const results: HealthResult[] = [];
    for (const name of values.device ? [values.device as DeviceName] : [...registry.drivers.keys()]) {
      results.push(
        await checkHealth(
          {
            registry,
            clock: systemClock,
            hallName: config.hall.name,
            timeZone: config.hall.timeZone,
            version: VERSION,
          },
          name,
          level,
        ),
      );
    }
    return printDiag(results, values.json ?? false, 'devices opened by this command; no daemon running');
  } finally {
    await registry.stop();
  }
}
