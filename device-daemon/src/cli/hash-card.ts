import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TECHNICIAN_CARD_KEY, technicianCardDigest } from '../diagnostics/technician.ts';
import { FileSecretStore, SECRETS_FILE } from '../storage/secret-file.ts';
import { loadCommandConfig } from './shared.ts';

/** A resident ID number: 18 characters (17 digits and a digit or X), or the old 15 digits. */
const ID_NUMBER = /^(\d{17}[\dXx]|\d{15})$/;

/**
 * `kiosk hash-card [--config FILE]`: reads a technician's ID number from standard input and prints the
 * digest to list in `maintenance.technicianCards` — HMAC-SHA256 with this installation's secret (made
 * in the data directory's secrets file if there is none yet). The ID number is not stored or echoed.
 */
export async function hashCardCommand(
  argv: string[] = [],
  input = () => readFileSync(0, 'utf8'),
): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' } } });
  const config = loadCommandConfig(values.config);
  const idNumber = input().trim();
  if (!ID_NUMBER.test(idNumber)) {
    console.error(
      'The input must be an ID number (18 characters, or 15 digits). Example: read -s ID; echo "$ID" | npx kiosk hash-card --config /etc/hall-kiosk/kiosk.json',
    );
    return 1;
  }
  process.umask(0o077);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const key = await new FileSecretStore(join(config.dataDir, SECRETS_FILE)).secret(TECHNICIAN_CARD_KEY);
  console.log(technicianCardDigest(key, idNumber));
  return 0;
}
