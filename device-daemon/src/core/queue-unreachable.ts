/** Why the queue elsewhere (the hall server) could not answer. */
export type QueueUnreachableKind =
  /** No connection, or it broke before an answer. */
  | 'network'
  /** No answer in time. */
  | 'timeout'
  /** The hall server answered that it cannot do it now (5xx: its database is down, say). */
  | 'server'
  /** The hall refused this kiosk's credential (revoked, or never enrolled). */
  | 'credential'
  /** The answer was not what the protocol says. */
  | 'protocol';

/**
 * The shared queue could not be asked: the kiosk cannot issue now and says so ("please ask staff").
 * Raised by the hall link (`hall-link/`); services turn it into a refusal the screen shows. The
 * message names the hall's address and the kind, never a token or personal data.
 */
export class QueueUnreachableError extends Error {
  constructor(
    readonly kind: QueueUnreachableKind,
    message: string,
  ) {
    super(message);
    this.name = 'QueueUnreachableError';
  }

  /** Worth sending the same request again (the hall may have answered, and the answer was lost). */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || this.kind === 'server';
  }
}
