import { EventEmitter } from 'node:events';
import type { Clock, LocalizedText } from '@hall-kiosk/shared';
import type { AreaConfig } from '../config/schema.ts';
import type { Logger } from '../log.ts';
import type { CallRecord, QueueStore, QueueTicket, WaitingEntry } from '../queue/queue-store.ts';

export type Counter = { id: string; areaIds: string[] };

/** What the hall display shows and says when a number is called. */
export type Announcement = CallRecord & { areaName: LocalizedText; text: LocalizedText };

export type CounterView = {
  counter: Counter;
  current: QueueTicket | null;
  /** Waiting tickets of the counter's areas in the order they would be called (numbers only, nothing personal). */
  waiting: WaitingEntry[];
};

export type CounterAction = 'call' | 'recall' | 'transfer' | 'noShow' | 'done';

/** "请 A001 号到 3 号窗口" — the words the display shows and speaks. */
export function announcementText(number: string, counterId: string): LocalizedText {
  const spoken = number.split('').join(' ');
  return {
    zh: `请 ${number} 号到 ${counterId} 号窗口办理`,
    en: `Number ${spoken}, please go to counter ${counterId}`,
  };
}

/**
 * The counters of the hall: call next (by the call order), recall, transfer to another area, no-show,
 * done. Every action is stored by the queue store as a ticket event; calls are announced to the hall
 * display through the `announce` event.
 */
export class CounterService extends EventEmitter<{ announce: [Announcement]; changed: [] }> {
  readonly counters: Counter[];

  constructor(
    private readonly store: QueueStore,
    private readonly areas: AreaConfig[],
    counters: Counter[] | undefined,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    super();
    this.counters = counters ?? areas.map((a, i) => ({ id: String(i + 1), areaIds: [a.id] }));
  }

  counter(id: string): Counter | undefined {
    return this.counters.find((c) => c.id === id);
  }

  async view(counter: Counter): Promise<CounterView> {
    const now = this.clock.now();
    return {
      counter,
      current: await this.store.currentAt(counter.id),
      waiting: await this.store.waiting(counter.areaIds, now),
    };
  }

  /** Runs an action; the ticket it acted on, or null when there was none (nobody waiting, nobody called). */
  async act(counter: Counter, action: CounterAction, toAreaId?: string): Promise<QueueTicket | null> {
    const now = this.clock.now();
    const at = { counterId: counter.id, now };
    let ticket: QueueTicket | null;
    switch (action) {
      case 'call':
        ticket = await this.store.callNext({ ...at, areaIds: counter.areaIds });
        break;
      case 'recall':
        ticket = await this.store.recall(at);
        break;
      case 'transfer':
        ticket = await this.store.transfer({ ...at, toAreaId: toAreaId! });
        break;
      case 'noShow':
      case 'done':
        ticket = await this.store.finish({ ...at, outcome: action });
        break;
    }
    this.log.info({ counter: counter.id, action, ticket: ticket?.number ?? null }, 'counter action');
    if (ticket && (action === 'call' || action === 'recall')) {
      const area = this.areas.find((a) => a.id === ticket.areaId);
      this.emit('announce', {
        ticketId: ticket.id,
        number: ticket.number,
        areaId: ticket.areaId,
        counterId: counter.id,
        at: new Date(now).toISOString(),
        areaName: area?.name ?? { zh: ticket.areaId, en: ticket.areaId },
        text: announcementText(ticket.number, counter.id),
      });
    }
    this.emit('changed');
    return ticket;
  }

  /** The latest calls, newest first, for the hall display. */
  async recentCalls(limit = 8): Promise<Announcement[]> {
    return (await this.store.recentCalls(this.clock.now(), limit)).map((c) => ({
      ...c,
      areaName: this.areas.find((a) => a.id === c.areaId)?.name ?? { zh: c.areaId, en: c.areaId },
      text: announcementText(c.number, c.counterId),
    }));
  }
}
