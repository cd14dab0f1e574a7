import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { ConfigError, configJsonSchema, hallCredentialFile, loadConfigFile } from '../config/load.ts';
import { unstablePathWarnings } from '../system/udev-rules.ts';
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
      if (config.queue.mode === 'hall' && config.hall.server)
        console.log(
          `queue: hall mode — numbers from the hall server ${config.hall.server.url}, with the credential in ${hallCredentialFile(config)}`,
        );
      else console.log("queue: local — this kiosk's own numbers, in its own database");
      for (const w of configWarnings(rest[0], config)) console.error(`warning: ${w}`);
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

/** What is valid but unwise: device paths that change on re-plug, a configuration others can read. */
export function configWarnings(file: string, config: ReturnType<typeof loadConfigFile>): string[] {
  const out = unstablePathWarnings(config.devices);
  if (config.queue.mode === 'hall' && !existsSync(hallCredentialFile(config)))
    out.push(
      `no hall credential at ${hallCredentialFile(config)}: the daemon will not start in hall mode until \`kiosk enrol\` has run`,
    );
  const mode = statSync(file).mode;
  if (mode & 0o004)
    out.push(
      `${file} can be read by every user (mode ${(mode & 0o777).toString(8)}); it holds PIN hashes and technician card digests: chmod 0640 and give it to the kiosk group`,
    );
  return out;
}
