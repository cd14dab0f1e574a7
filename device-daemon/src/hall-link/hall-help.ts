import { KioskHelpCreated, KioskHelpState, type Clock, type ClockTimer } from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';
import { CommandError } from '../core/command-error.ts';
import type { HallClient } from './hall-client.ts';

export type HallHelpOptions = {
  client: HallClient;
  clock: Clock;
  log: Logger;
  /** Told once a supervisor has acknowledged the call (the kiosk then shows that help is coming). */
  onAcknowledged: () => void;
  /** How often the call's state is asked (ms). */
  pollMs?: number;
  /** After this long without an acknowledgement the kiosk stops asking (ms). */
  giveUpMs?: number;
};

/**
 * 帮办 in hall mode: a citizen's "呼叫工作人员" goes to the hall (`POST /api/kiosk/help`, which knows
 * this kiosk's location from its enrolment; nothing about the person is sent), and the kiosk asks
 * after it (`GET /api/kiosk/help/:id`) until a supervisor acknowledges it. One call is followed at a
 * time: a new call replaces the one being followed.
 */
export class HallHelp {
  readonly #o: HallHelpOptions;
  #timer: ClockTimer | null = null;
  #following = 0;
  #stopped = false;

  constructor(options: HallHelpOptions) {
    this.#o = options;
  }

  /** Sends the call; refuses (the screen says to ask at the desk) when the hall cannot be reached. */
  async request(): Promise<void> {
    const created = await this.#o.client.post('/api/kiosk/help', {}, KioskHelpCreated).catch((e: unknown) => {
      this.#o.log.warn({ error: (e as Error).message }, 'the call for staff could not be sent to the hall');
      return null;
    });
    if (!created)
      throw new CommandError('deviceNotReady', 'the hall cannot be reached: staff were not called');
    this.#follow(created.id);
  }

  #follow(id: number): void {
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    const following = ++this.#following;
    const until = this.#o.clock.now() + (this.#o.giveUpMs ?? 30 * 60_000);
    const ask = async () => {
      this.#timer = null;
      if (this.#stopped || following !== this.#following) return;
      try {
        const { state } = await this.#o.client.get(`/api/kiosk/help/${id}`, KioskHelpState);
        if (following !== this.#following || this.#stopped) return;
        if (state === 'acknowledged') {
          this.#o.log.info({ help: id }, 'a supervisor acknowledged the call for staff');
          this.#o.onAcknowledged();
          return;
        }
      } catch (e) {
        this.#o.log.warn(
          { help: id, error: (e as Error).message },
          'could not ask the hall about the call for staff',
        );
      }
      if (this.#o.clock.now() >= until) return;
      this.#timer = this.#o.clock.setTimeout(() => void ask(), this.#o.pollMs ?? 3000);
    };
    this.#timer = this.#o.clock.setTimeout(() => void ask(), this.#o.pollMs ?? 3000);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
