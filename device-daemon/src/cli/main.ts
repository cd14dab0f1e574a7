import { ConfigError } from '../config/load.ts';
import { NoDatabaseError } from '../app/storage.ts';
import { DatabaseTooNewError } from '../storage/sqlite/index.ts';
import { MockEntryMissingError } from './load-mock.ts';
import { OutboundAuthFileError } from '../net/outbound-auth.ts';
import { SecretFileError } from '../storage/secret-file.ts';
import { HallCredentialError } from '../hall-link/credential.ts';
import { EnrolError } from './enrol.ts';
import { USAGE, UsageError } from './usage.ts';

type Command = (argv: string[]) => number | Promise<number>;

/**
 * Every `kiosk` command: its arguments (after the command's name) in, the process exit code out. Each
 * is loaded when run, so `kiosk status` does not load the daemon.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./start.ts')).startCommand,
  emulate: async () => (await import('./emulate.ts')).emulateCommand,
  config: async () => (await import('./config.ts')).configCommand,
  catalogue: async () => (await import('./catalogue.ts')).catalogueCommand,
  ratings: async () => (await import('./ratings.ts')).ratingsCommand,
  diag: async () => (await import('./diag.ts')).diagCommand,
  status: async () => (await import('./status.ts')).statusCommand,
  'hash-pin': async () => (await import('./hash-pin.ts')).hashPinCommand,
  'hash-card': async () => (await import('./hash-card.ts')).hashCardCommand,
  enrol: async () => (await import('./enrol.ts')).enrolCommand,
  journal: async () => (await import('./journal.ts')).journalCommand,
  'udev-rules': async () => (await import('./system.ts')).udevRulesCommand,
  'device-access': async () => (await import('./system.ts')).deviceAccessCommand,
  upgrade: async () => (await import('./upgrade.ts')).upgradeCommand,
  'package-keygen': async () => (await import('./upgrade.ts')).packageKeygenCommand,
  'package-sign': async () => (await import('./upgrade.ts')).packageSignCommand,
};

/** `kiosk COMMAND …`: runs one command; the problems a user can fix are one line, not a stack. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  const load = command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command]! : null;
  if (!load) {
    console.error(USAGE);
    return 2;
  }
  try {
    return await (
      await load()
    )(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(USAGE);
      return 2;
    }
    if (
      e instanceof ConfigError ||
      e instanceof NoDatabaseError ||
      e instanceof MockEntryMissingError ||
      e instanceof DatabaseTooNewError ||
      e instanceof OutboundAuthFileError ||
      e instanceof SecretFileError ||
      e instanceof HallCredentialError ||
      e instanceof EnrolError
    ) {
      console.error(e.message);
      return 1;
    }
    console.error(`kiosk ${command}: ${(e as Error).stack ?? e}`);
    return 1;
  }
}
