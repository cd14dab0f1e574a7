import type { Clock } from '@hall-kiosk/shared';
import type { OneCard, SamIdCardReaderDriver } from '../devices/id-card/id-card-driver.ts';

export type { OneCard } from '../devices/id-card/id-card-driver.ts';

/**
 * Arms the reader for one card outside a citizen's session (a technician's check, a technician card)
 * and waits at most `timeoutMs` on the reader's clock (`SamIdCardReaderDriver.readOne`). The photo is
 * zeroed at once: these callers need the text only, and must drop it as soon as they have used it;
 * nothing goes to the identity vault.
 */
export function readOneCard(
  reader: SamIdCardReaderDriver,
  _clock: Clock,
  timeoutMs: number,
): Promise<OneCard> {
  return reader.readOne(timeoutMs);
}
