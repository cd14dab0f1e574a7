import type { Clock, DeviceName, DeviceState, DeviceStatus, PaperState } from '@hall-kiosk/shared';
import type { Logger } from '../../log.ts';

/**
 * A device's status as its driver reports it: a change of state, paper or detail makes a new status
 * (stamped `since` now), logs it — info when online, warn otherwise — and hands it to `onChange`;
 * setting the same again does nothing. One place for what every driver did the same way.
 */
export class DeviceStatusCell {
  #value: DeviceStatus;

  constructor(
    private readonly o: {
      device: DeviceName;
      /** Read at each change: a line's description can change (a new baud rate). */
      connection: () => string;
      clock: Clock;
      log: Logger;
      /** The log message, e.g. "printer state changed". */
      message: string;
      /** Printers report paper; others leave it out. */
      paper?: PaperState;
      onChange: (status: DeviceStatus) => void;
    },
  ) {
    this.#value = {
      device: o.device,
      state: 'offline',
      connection: o.connection(),
      ...(o.paper ? { paper: o.paper } : {}),
      detail: 'starting',
      since: new Date(o.clock.now()).toISOString(),
    };
  }

  get value(): DeviceStatus {
    return this.#value;
  }

  set(state: DeviceState, detail: string | undefined, paper?: PaperState): void {
    const s = this.#value;
    if (s.state === state && s.detail === detail && s.paper === paper) return;
    this.#value = {
      device: this.o.device,
      state,
      connection: this.o.connection(),
      ...(paper ? { paper } : {}),
      ...(detail ? { detail } : {}),
      since: new Date(this.o.clock.now()).toISOString(),
    };
    (state === 'online' ? this.o.log.info.bind(this.o.log) : this.o.log.warn.bind(this.o.log))(
      { state, ...(paper ? { paper } : {}), detail },
      this.o.message,
    );
    this.o.onChange(this.#value);
  }
}
