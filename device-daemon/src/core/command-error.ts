import type { CompletionCode } from '@hall-kiosk/shared';

/** Why a command ended other than with success: the wire protocol's completion codes, less `success`. */
export type CommandErrorCode = Exclude<CompletionCode, 'success'>;

/**
 * Thrown by a service to end the command it is running with a completion code other than success.
 * The WebSocket API turns it into the command's completion (code and message); any other error
 * becomes `internalError`. The message reaches the UI and the log, so it never carries personal data.
 */
export class CommandError<C extends CommandErrorCode = CommandErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** A `CommandError`, and (when `code` is given) one with that code. */
export function isCommandError<C extends CommandErrorCode>(e: unknown, code?: C): e is CommandError<C> {
  return e instanceof CommandError && (code === undefined || e.code === code);
}
