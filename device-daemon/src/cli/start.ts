import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/load.ts';
import { startDaemon, type DaemonOptions } from '../app/start-daemon.ts';
import { DEMO_CONFIG, loadCommandConfig } from './shared.ts';
import { emulatedDeviceNames, mockEntryFor } from './load-mock.ts';

/** `kiosk start`: the daemon, until SIGINT or SIGTERM. */
export async function startCommand(argv: string[]): Promise<number> {
  // Everything the daemon creates (database, WAL, secrets, sockets, demo files) is its own alone.
  process.umask(0o077);
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      demo: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const config = loadCommandConfig(values.config);
  const isDemo = values.config === undefined || values.config === DEMO_CONFIG;
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ConfigError('--port', ['must be 0–65535']);
    config.server.port = port;
  }
  if (values.host !== undefined) config.server.host = values.host;
  if (values['data-dir'] !== undefined) config.dataDir = values['data-dir'];

  // The emulators are loaded only for a configuration that asks for them, and for the demo.
  const mock = await mockEntryFor(config, isDemo || values.demo === true);
  // The demo's bookings are made for today, so that check-in can be tried at any time.
  if (mock && isDemo && config.appointments && 'file' in config.appointments.source) {
    mkdirSync(dirname(config.appointments.source.file), { recursive: true });
    mock.writeDemoBookings(
      config.appointments.source.file,
      Date.now(),
      config.hall.timeZone,
      config.appointments.digestKey,
    );
  }
  const emulation = mock && emulatedDeviceNames(config).length > 0 ? new mock.EmulatedDevices() : null;
  const options: DaemonOptions = emulation ? { emulation } : {};

  let daemon;
  try {
    daemon = await startDaemon(config, options);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      console.error(
        `Port ${config.server.port} on ${config.server.host} is already in use. Stop the other program or pass --port N.`,
      );
      return 1;
    }
    throw e;
  }
  if (daemon.lanUrl) console.log(`Counter pages and hall display for the LAN: ${daemon.lanUrl}`);
  console.log(`Kiosk ready: ${daemon.url}`);
  if (daemon.emulatorPage) console.log(`Emulator control page: ${daemon.url}emulator/`);
  console.log(`Health: ${daemon.url}api/health`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await daemon.close();
  return 0;
}
