import type { Clock } from '@hall-kiosk/shared';
import type { ReadFailureReason, SamIdCardReaderDriver } from '../devices/id-card/id-card-driver.ts';
import type { CardIdentity } from '../core/card-identity.ts';

export type OneCard =
  | { kind: 'read'; identity: CardIdentity }
  | { kind: 'failed'; reason: ReadFailureReason }
  | { kind: 'timeout' };

/**
 * Arms the reader for one card outside a citizen's session (a technician's check, a technician card)
 * and waits at most `timeoutMs`. The photo is zeroed at once: these callers need the text only, and
 * must drop it as soon as they have used it; nothing goes to the identity vault.
 */
export function readOneCard(
  reader: SamIdCardReaderDriver,
  clock: Clock,
  timeoutMs: number,
): Promise<OneCard> {
  return new Promise((resolve) => {
    const disarm = reader.arm();
    const finish = (r: OneCard) => {
      disarm();
      clock.clearTimeout(timer);
      reader.off('identityRead', onRead);
      reader.off('readFailed', onFailed);
      resolve(r);
    };
    const onRead: Parameters<typeof reader.on<'identityRead'>>[1] = (read) => {
      read.photo.fill(0);
      finish({ kind: 'read', identity: read.identity });
    };
    const onFailed: Parameters<typeof reader.on<'readFailed'>>[1] = (f) =>
      finish({ kind: 'failed', reason: f.reason });
    const timer = clock.setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    reader.on('identityRead', onRead);
    reader.on('readFailed', onFailed);
  });
}
