import { ConfigError } from '../config/load.ts';
import { NoDatabaseError } from '../app/storage.ts';
import { MockEntryMissingError } from './load-mock.ts';
import { USAGE, UsageError } from './usage.ts';
import { startCommand } from './start.ts';
import { emulateCommand } from './emulate.ts';
import { configCommand } from './config.ts';
import { catalogueCommand } from './catalogue.ts';
import { ratingsCommand } from './ratings.ts';
import { diagCommand } from './diag.ts';
import { statusCommand } from './status.ts';
import { hashPinCommand } from './hash-pin.ts';
import { journalCommand } from './journal.ts';

/** Every `kiosk` command: its arguments (after the command's name) in, the process exit code out. */
const COMMANDS: Record<string, (argv: string[]) => number | Promise<number>> = {
  start: startCommand,
  emulate: emulateCommand,
  config: configCommand,
  catalogue: catalogueCommand,
  ratings: ratingsCommand,
  diag: diagCommand,
  status: statusCommand,
  'hash-pin': hashPinCommand,
  journal: journalCommand,
};

/** `kiosk COMMAND …`: runs one command; the problems a user can fix are one line, not a stack. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  const run = command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command]! : null;
  if (!run) {
    console.error(USAGE);
    return 2;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(USAGE);
      return 2;
    }
    if (e instanceof ConfigError || e instanceof NoDatabaseError || e instanceof MockEntryMissingError) {
      console.error(e.message);
      return 1;
    }
    console.error(`kiosk ${command}: ${(e as Error).stack ?? e}`);
    return 1;
  }
}
