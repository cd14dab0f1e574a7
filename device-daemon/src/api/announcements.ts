import type { DeviceStatus, UnsolicitedName, UnsolicitedPayload } from '@hall-kiosk/shared';

type Listener = <N extends UnsolicitedName>(name: N, payload: UnsolicitedPayload<N>) => void;

/**
 * What the daemon tells every screen unasked (the protocol's unsolicited messages). Services and
 * drivers report here when something happens; the WebSocket API listens and sends it to its clients.
 * Neither side knows the other, so a service can be built before the API exists.
 */
export class Announcements {
  readonly #listeners = new Set<Listener>();

  /** Adds a listener; returns the function that removes it. */
  listen(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  announce<N extends UnsolicitedName>(name: N, payload: UnsolicitedPayload<N>): void {
    for (const listener of this.#listeners) listener(name, payload);
  }

  /** A ticket waiting in a printer's presenter was taken, or pulled back in. */
  readonly presenterOutcome = (ticketId: number, outcome: 'taken' | 'retracted'): void =>
    this.announce(outcome === 'taken' ? 'Printer.MediaTaken' : 'Printer.MediaRetracted', { ticketId });

  /** A device's status changed. */
  readonly deviceStatus = (status: DeviceStatus): void => this.announce('Common.StatusChanged', { status });
}
