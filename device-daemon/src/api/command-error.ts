import type { CompletionCode } from '@hall-kiosk/shared';

/** Thrown by a command handler to end the command with a completion code other than success. */
export class CommandError extends Error {
  constructor(
    readonly code: Exclude<CompletionCode, 'success'>,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}
