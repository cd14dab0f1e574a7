import type { Clock, CompletionPayload } from '@hall-kiosk/shared';
import { CommandError } from '../core/command-error.ts';
import type { SamIdCardReaderDriver } from '../devices/id-card/id-card-driver.ts';
import type { Logger } from '../log.ts';
import type { IdentityVault } from './identity-vault.ts';
import { toMasked } from './mask.ts';

type ReadResult = CompletionPayload<'IdCard.Read'>;

/**
 * Serves IdCard.Read: arms the reader, waits for a card, keeps the identity in the vault and answers
 * with the masked view. Reads can be cancelled (IdCard.Cancel, Session.End, the command's time-out).
 */
export class IdentifyService {
  #pending = new Set<() => void>();

  constructor(
    private readonly reader: () => SamIdCardReaderDriver | undefined,
    private readonly vault: IdentityVault,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly log: Logger,
  ) {}

  read(onCardDetected: () => void): Promise<ReadResult> {
    const reader = this.reader();
    if (!reader) throw new CommandError('deviceNotReady', 'no ID-card reader is configured');
    if (reader.status.state !== 'online') {
      throw new CommandError(
        'deviceNotReady',
        `the ID-card reader is ${reader.status.state}: ${reader.status.detail ?? ''}`,
      );
    }
    return new Promise<ReadResult>((resolve, reject) => {
      const disarm = reader.arm();
      const cleanup = () => {
        disarm();
        reader.off('readStarted', onStarted);
        reader.off('identityRead', onRead);
        reader.off('readFailed', onFailed);
        reader.off('status', onStatus);
        this.#pending.delete(cancel);
      };
      // Detection comes only from a read that has really begun: a card the driver still believes
      // present (its removal not yet polled) must not count. A card lifted during the read is
      // reported by the driver itself as readFailed('cardRemoved').
      const onStarted = () => onCardDetected();
      const onRead: Parameters<typeof reader.on<'identityRead'>>[1] = (read) => {
        cleanup();
        this.vault.hold(read);
        resolve({ result: 'identified', identity: toMasked(read.identity, this.clock.now(), this.timeZone) });
      };
      const onFailed: Parameters<typeof reader.on<'readFailed'>>[1] = (f) => {
        cleanup();
        resolve({ result: 'failed', reason: f.reason });
      };
      const onStatus = () => {
        if (reader.status.state === 'online') return;
        cleanup();
        reject(new CommandError('deviceNotReady', `the ID-card reader went ${reader.status.state}`));
      };
      const cancel = () => {
        cleanup();
        reject(new CommandError('canceled', 'card reading was cancelled'));
      };
      reader.on('readStarted', onStarted);
      reader.on('identityRead', onRead);
      reader.on('readFailed', onFailed);
      reader.on('status', onStatus);
      this.#pending.add(cancel);
    });
  }

  /** Ends every read in progress (their commands complete with `canceled`). */
  cancelAll(): number {
    const n = this.#pending.size;
    for (const cancel of [...this.#pending]) cancel();
    return n;
  }

  /** Session.End: nothing of the person stays. */
  endSession(): void {
    const cancelled = this.cancelAll();
    this.vault.wipe('session ended');
    if (cancelled > 0) this.log.info({ cancelled }, 'card reads cancelled at session end');
  }
}
