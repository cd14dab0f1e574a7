import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, configJsonSchema, loadConfigFile } from '../config/load.ts';
import { UsageError } from './usage.ts';

/** `kiosk config check FILE` · `kiosk config schema [--out FILE]`. */
export function configCommand(argv: string[]): number {
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
  throw new UsageError();
}
