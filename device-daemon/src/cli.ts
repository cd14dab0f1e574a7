import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runEmulate } from '@hall-kiosk/hardware-mocks';
import { ConfigError, configJsonSchema, loadConfigFile } from './config/load.ts';
import { startDaemon } from './daemon.ts';

const DEMO_CONFIG = fileURLToPath(new URL('../config/demo.json', import.meta.url));

const USAGE = `Usage: kiosk COMMAND

  kiosk start [--config FILE] [--port N] [--host ADDR] [--data-dir DIR]
        Run the daemon: serves the kiosk UI and the device API, drives the devices.
        Without --config it runs the demo (emulated hardware, config/demo.json).
  kiosk emulate DEVICE (--pty PATH | --tcp HOST:PORT) [...]
        Run a device emulator as a separate process (kiosk emulate --help).
  kiosk config check FILE
        Validate a configuration file; exit code 1 and the problems if it is invalid.
  kiosk config schema [--out FILE]
        Print (or write) the JSON Schema of the configuration file.`;

async function start(argv: string[]): Promise<number> {
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
  const file = values.config ?? DEMO_CONFIG;
  const config = loadConfigFile(file);
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ConfigError('--port', ['must be 0–65535']);
    config.server.port = port;
  }
  if (values.host !== undefined) config.server.host = values.host;
  if (values['data-dir'] !== undefined) config.dataDir = values['data-dir'];

  let daemon;
  try {
    daemon = await startDaemon(config);
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
  console.log(`Kiosk ready: ${daemon.url}`);
  if (daemon.emulators.emulators.size > 0) console.log(`Emulator control page: ${daemon.url}emulator/`);
  console.log(`Health: ${daemon.url}api/health`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await daemon.close();
  return 0;
}

function configCommand(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub === 'check' && rest[0]) {
    try {
      const config = loadConfigFile(rest[0]);
      const devices = Object.keys(config.devices);
      console.log(
        `${rest[0]}: OK — ${devices.length} device(s): ${devices.join(', ') || 'none'}; ${config.areas.length} service areas`,
      );
      return 0;
    } catch (e) {
      if (e instanceof ConfigError) {
        console.error(e.message);
        return 1;
      }
      throw e;
    }
  }
  if (sub === 'schema') {
    const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
    const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await start(rest);
      case 'emulate':
        return await runEmulate(rest);
      case 'config':
        return configCommand(rest);
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return 0;
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    console.error(`kiosk ${command}: ${(e as Error).stack ?? e}`);
    return 1;
  }
}
