import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock, waitFor } from 'xstate';
import { DaemonError } from '../src/daemon/client.ts';
import { sessionMachine } from '../src/flows/session/session.machine.ts';
import { TICKET_SCREEN_SECONDS, takeTicketMachine } from '../src/flows/take-ticket/takeTicket.machine.ts';
import { areaView, fakeDaemon, TICKET_EXTRAS } from './fakes.ts';
import { identifyMachine } from '../src/flows/identify/identify.machine.ts';
import { SEARCH_DEBOUNCE_MS, guideMachine } from '../src/flows/guide/guide.machine.ts';
import { ratingMachine } from '../src/flows/rating/rating.machine.ts';
import type { CommandPayload } from '@hall-kiosk/shared';

describe('take-ticket flow', () => {
  it('loads areas, issues a ticket for the chosen area and shows it as printed', async () => {
    const api = fakeDaemon();
    const flow = createActor(takeTicketMachine, {
      input: { api, priorityAge: null, disabilityPriority: false, callOrder: null },
    }).start();
    await waitFor(flow, (s) => s.matches('choosingArea'));
    flow.send({ type: 'user.chooseArea', areaId: 'realEstate' });
    const s = await waitFor(flow, (x) => x.matches('printed'));
    expect(s.context.ticket?.number).toBe('B001');
    expect(api.calls).toEqual(['Queue.ListAreas', 'Queue.IssueTicket']);
  });

  it('ignores an area that is not on the list', async () => {
    const flow = createActor(takeTicketMachine, {
      input: { api: fakeDaemon(), priorityAge: null, disabilityPriority: false, callOrder: null },
    }).start();
    await waitFor(flow, (s) => s.matches('choosingArea'));
    flow.send({ type: 'user.chooseArea', areaId: 'moon' });
    expect(flow.getSnapshot().matches('choosingArea')).toBe(true);
  });

  it('keeps the number on screen when the ticket was not printed, until the person is done', async () => {
    const api = fakeDaemon({
      'Queue.IssueTicket': async () => ({
        result: 'issued' as const,
        ticket: {
          ...TICKET_EXTRAS,
          id: 9,
          number: 'A009',
          areaId: 'tax',
          businessDate: '2026-03-02',
          issuedAt: '2026-03-02T01:00:00Z',
          peopleAhead: 2,
          priority: false,
        },
        print: { printed: false, reason: 'paperOut' },
        presented: false,
      }),
    });
    const clock = new SimulatedClock();
    const flow = createActor(takeTicketMachine, {
      input: { api, priorityAge: null, disabilityPriority: false, callOrder: null },
      clock,
    }).start();
    await waitFor(flow, (s) => s.matches('choosingArea'));
    flow.send({ type: 'user.chooseArea', areaId: 'tax' });
    await waitFor(flow, (s) => s.matches('notPrinted'));
    clock.increment(10 * 60_000);
    expect(flow.getSnapshot().matches('notPrinted')).toBe(true);
    flow.send({ type: 'user.finish' });
    expect(flow.getSnapshot().status).toBe('done');
  });

  it('counts down on the ticket screen and finishes by itself', async () => {
    const clock = new SimulatedClock();
    const flow = createActor(takeTicketMachine, {
      input: { api: fakeDaemon(), priorityAge: null, disabilityPriority: false, callOrder: null },
      clock,
    }).start();
    await waitFor(flow, (s) => s.matches('choosingArea'));
    flow.send({ type: 'user.chooseArea', areaId: 'tax' });
    await waitFor(flow, (s) => s.matches('printed'));
    clock.increment(1000);
    expect(flow.getSnapshot().context.secondsLeft).toBe(TICKET_SCREEN_SECONDS - 1);
    for (let i = 0; i < TICKET_SCREEN_SECONDS; i++) clock.increment(1000);
    expect(flow.getSnapshot().status).toBe('done');
  });

  it('says tickets are unavailable when the daemon fails, and retries on request', async () => {
    let fail = true;
    const api = fakeDaemon({
      'Queue.ListAreas': async () => {
        if (fail) throw new DaemonError('disconnected', 'down');
        return { areas: [areaView({ id: 'tax', prefix: 'A', name: { zh: '办税服务', en: 'Tax' } })] };
      },
    });
    const flow = createActor(takeTicketMachine, {
      input: { api, priorityAge: null, disabilityPriority: false, callOrder: null },
    }).start();
    await waitFor(flow, (s) => s.matches('unavailable'));
    fail = false;
    flow.send({ type: 'user.retry' });
    await waitFor(flow, (s) => s.matches('choosingArea'));
  });

  it('a retry after no answer sends the same request key (the daemon answers with the ticket it issued); a new attempt a new key', async () => {
    const keys: (string | undefined)[] = [];
    let answer = false;
    const api = fakeDaemon({
      'Queue.IssueTicket': async ({ requestKey }) => {
        keys.push(requestKey);
        if (!answer) throw new DaemonError('disconnected', 'no answer');
        return {
          result: 'issued',
          ticket: { ...TICKET_EXTRAS, id: 1, number: 'A001', areaId: 'tax' },
          print: { printed: true },
          presented: false,
        } as never;
      },
    });
    const flow = createActor(takeTicketMachine, {
      input: { api, priorityAge: null, disabilityPriority: false, callOrder: null },
    }).start();
    await waitFor(flow, (s) => s.matches('choosingArea'));
    flow.send({ type: 'user.chooseArea', areaId: 'tax' });
    await waitFor(flow, (s) => s.matches('unavailable'));
    answer = true;
    flow.send({ type: 'user.retry' });
    await waitFor(flow, (s) => !s.matches('issuing') && !s.matches('unavailable'));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(keys[1]).toBe(keys[0]);
    // Another citizen's attempt (a new flow) has its own key.
    const other = createActor(takeTicketMachine, {
      input: { api, priorityAge: null, disabilityPriority: false, callOrder: null },
    }).start();
    await waitFor(other, (s) => s.matches('choosingArea'));
    other.send({ type: 'user.chooseArea', areaId: 'tax' });
    await waitFor(other, (s) => !s.matches('issuing'));
    expect(keys[2]).not.toBe(keys[0]);
  });
});

describe('session', () => {
  const timing = { idleMs: 60_000, idleCareMs: 120_000, warnMs: 20_000, warnCareMs: 40_000 };

  async function started() {
    const clock = new SimulatedClock();
    // The page's touches, on the same clock as the machine's timers: `touch()` is a finger on the glass.
    let last = -Infinity;
    const touches = { now: () => clock.now(), lastTouchAt: () => last };
    const touch = () => {
      last = clock.now();
    };
    const session = createActor(sessionMachine, {
      input: { api: fakeDaemon(), timing, touches },
      clock,
    }).start();
    await waitFor(session, (s) => s.matches({ attract: 'ready' }));
    session.send({ type: 'user.start' });
    return { session, clock, touch };
  }

  it('a touch puts the warning off to a full idle time after it, with no new snapshot', async () => {
    const { session, clock, touch } = await started();
    clock.increment(30_000);
    const before = session.getSnapshot();
    touch();
    expect(session.getSnapshot()).toBe(before);
    clock.increment(30_000); // the limit since the start, half of it since the touch
    expect(session.getSnapshot().matches({ active: { idle: 'watching' } })).toBe(true);
    clock.increment(29_999);
    expect(session.getSnapshot().matches({ active: { idle: 'watching' } })).toBe(true);
    clock.increment(1);
    expect(session.getSnapshot().matches({ active: { idle: 'warning' } })).toBe(true);
  });

  it('touches while the warning shows do not end it: only "more time" does', async () => {
    const { session, clock, touch } = await started();
    clock.increment(60_000);
    touch();
    clock.increment(19_999);
    expect(session.getSnapshot().matches({ active: { idle: 'warning' } })).toBe(true);
    clock.increment(1);
    expect(session.getSnapshot().matches('attract')).toBe(true);
  });

  it('"more time" and going home start the watch afresh, whatever the last touch', async () => {
    const { session, clock } = await started();
    clock.increment(60_000);
    session.send({ type: 'user.moreTime' });
    clock.increment(59_999);
    expect(session.getSnapshot().matches({ active: { idle: 'watching' } })).toBe(true);
    session.send({ type: 'user.home' });
    clock.increment(59_999);
    expect(session.getSnapshot().matches({ active: { idle: 'watching' } })).toBe(true);
    clock.increment(1);
    expect(session.getSnapshot().matches({ active: { idle: 'warning' } })).toBe(true);
  });

  it('warns before ending an idle session, and a tap on "more time" extends it', async () => {
    const { session, clock } = await started();
    clock.increment(59_999);
    expect(session.getSnapshot().matches({ active: { idle: 'watching' } })).toBe(true);
    clock.increment(1);
    expect(session.getSnapshot().matches({ active: { idle: 'warning' } })).toBe(true);
    clock.increment(19_000);
    session.send({ type: 'user.moreTime' });
    expect(session.getSnapshot().matches({ active: { idle: 'watching' } })).toBe(true);
    clock.increment(59_000);
    expect(session.getSnapshot().matches('active')).toBe(true);
  });

  it('ends the session after the warning and wipes language and mode', async () => {
    const { session, clock } = await started();
    session.send({ type: 'user.setLocale', locale: 'en' });
    session.send({ type: 'user.toggleCare' });
    session.send({ type: 'user.chooseTakeTicket' });
    await waitFor(session.getSnapshot().children.takeTicket!, (s) => s.matches('choosingArea'));
    clock.increment(120_000); // 关怀模式: twice the idle time
    expect(session.getSnapshot().matches({ active: { idle: 'warning' } })).toBe(true);
    clock.increment(40_000);
    const s = session.getSnapshot();
    expect(s.matches('attract')).toBe(true);
    expect(s.context).toMatchObject({ locale: 'zh', care: false });
    expect(s.children.takeTicket).toBeUndefined();
  });

  it('gives 关怀模式 more time before warning', async () => {
    const { session, clock } = await started();
    session.send({ type: 'user.toggleCare' });
    clock.increment(60_000);
    expect(session.getSnapshot().matches({ active: { idle: 'watching' } })).toBe(true);
  });

  it('says goodbye when the ticket flow finishes, then returns to the attract screen', async () => {
    const { session, clock } = await started();
    session.send({ type: 'user.chooseTakeTicket' });
    const flow = session.getSnapshot().children.takeTicket!;
    await waitFor(flow, (s) => s.matches('choosingArea'));
    flow.send({ type: 'user.chooseArea', areaId: 'tax' });
    flow.send({ type: 'user.noPriority' });
    await waitFor(flow, (s) => s.matches('printed'));
    flow.send({ type: 'user.finish' });
    // The ticket is a service event: the rating is offered first, and skipping it is always possible.
    const rating = await waitFor(session, (s) => s.children.rating !== undefined);
    expect(rating.context.serviceEvent).toEqual({ kind: 'ticket', ref: '1' });
    rating.children.rating!.send({ type: 'user.skip' });
    await waitFor(session, (s) => s.matches('goodbye'));
    clock.increment(6000);
    expect(session.getSnapshot().matches('attract')).toBe(true);
  });

  it('an unanswered rating gives way by itself, so it never blocks the next person', async () => {
    const { session, clock } = await started();
    session.send({ type: 'user.chooseGuide' });
    const guide = session.getSnapshot().children.guide!;
    await waitFor(guide, (s) => s.matches({ finding: 'ready' }));
    guide.send({ type: 'user.open', code: 'SW-001' });
    await waitFor(guide, (s) => s.matches('viewing'));
    guide.send({ type: 'user.finish' });
    const s = await waitFor(session, (x) => x.children.rating !== undefined);
    expect(s.context.serviceEvent).toEqual({ kind: 'guide', ref: '11' });
    clock.increment(30_000);
    await waitFor(session, (x) => x.matches('goodbye'));
  });

  it('goes home from inside a flow, stopping the flow', async () => {
    const { session } = await started();
    session.send({ type: 'user.chooseTakeTicket' });
    await waitFor(session, (s) => s.children.takeTicket !== undefined);
    session.send({ type: 'user.home' });
    expect(session.getSnapshot().matches({ active: { flow: 'home' } })).toBe(true);
    expect(session.getSnapshot().children.takeTicket).toBeUndefined();
  });
});

describe('identify step', () => {
  const identity = {
    documentType: 'resident' as const,
    maskedName: '李**',
    maskedNumber: '3601**********1238',
    age: 76,
    expired: false,
  };

  it('shows "reading" when the daemon reports a card, then greets with the masked identity', async () => {
    let finish!: (v: { result: 'identified'; identity: typeof identity }) => void;
    const api = fakeDaemon({
      'IdCard.Read': (_p) => new Promise((resolve) => (finish = resolve)),
    });
    const original = api.request.bind(api);
    let onEvent: ((n: 'IdCard.CardDetected') => void) | undefined;
    api.request = ((name: never, payload: never, options?: { onEvent?: typeof onEvent }) => {
      if (name === 'IdCard.Read') onEvent = options?.onEvent;
      return original(name, payload);
    }) as typeof api.request;
    const clock = new SimulatedClock();
    const flow = createActor(identifyMachine, { input: { api, allowWithoutCard: true }, clock }).start();
    expect(flow.getSnapshot().matches({ waiting: 'placeCard' })).toBe(true);
    onEvent!('IdCard.CardDetected');
    expect(flow.getSnapshot().matches({ waiting: 'reading' })).toBe(true);
    finish({ result: 'identified', identity });
    await waitFor(flow, (s) => s.matches('greeting'));
    clock.increment(2500);
    expect(flow.getSnapshot().status).toBe('done');
    expect(flow.getSnapshot().output).toEqual({ identity });
  });

  it('explains a failed read and lets the person try again', async () => {
    let attempts = 0;
    const api = fakeDaemon({
      'IdCard.Read': async () =>
        ++attempts === 1 ? { result: 'failed', reason: 'cardMoved' } : { result: 'identified', identity },
    });
    const flow = createActor(identifyMachine, { input: { api, allowWithoutCard: false } }).start();
    await waitFor(flow, (s) => s.matches('failed'));
    expect(flow.getSnapshot().context.failure).toBe('cardMoved');
    flow.send({ type: 'user.noCard' });
    expect(flow.getSnapshot().matches('failed')).toBe(true); // not allowed in this flow
    flow.send({ type: 'user.retry' });
    await waitFor(flow, (s) => s.matches('greeting'));
  });

  it('goes on without a card where the flow allows it, and cancels the read on the daemon', async () => {
    const api = fakeDaemon({ 'IdCard.Read': () => new Promise(() => {}) });
    const flow = createActor(identifyMachine, { input: { api, allowWithoutCard: true } }).start();
    flow.send({ type: 'user.noCard' });
    expect(flow.getSnapshot().output).toEqual({ identity: null });
    await new Promise((r) => setTimeout(r, 0));
    expect(api.calls).toEqual(['IdCard.Read', 'IdCard.Cancel']);
  });

  it('reports an unavailable reader as a failure the person can leave', async () => {
    const api = fakeDaemon({
      'IdCard.Read': async () => {
        throw new DaemonError('deviceNotReady', 'reader offline');
      },
    });
    const flow = createActor(identifyMachine, { input: { api, allowWithoutCard: true } }).start();
    await waitFor(flow, (s) => s.matches('failed'));
    expect(flow.getSnapshot().context.failure).toBe('noReader');
  });

  it('issues the ticket with the identity after a priority identification', async () => {
    const issued: CommandPayload<'Queue.IssueTicket'>[] = [];
    const base = fakeDaemon();
    const api = fakeDaemon({
      'Queue.IssueTicket': async (p) => {
        issued.push(p);
        return base.request('Queue.IssueTicket', p);
      },
    });
    const flow = createActor(takeTicketMachine, {
      input: { api, priorityAge: 60, disabilityPriority: false, callOrder: null },
    }).start();
    await waitFor(flow, (s) => s.matches('choosingArea'));
    flow.send({ type: 'user.chooseArea', areaId: 'tax' });
    flow.send({ type: 'user.priority' });
    const identify = flow.getSnapshot().children.identify!;
    await waitFor(identify, (s) => s.matches('greeting'));
    identify.send({ type: 'user.continue' });
    await waitFor(flow, (s) => s.matches('printed'));
    expect(issued).toEqual([
      { areaId: 'tax', useIdentity: true, requestKey: expect.stringMatching(/^[0-9a-f]{32}$/) },
    ]);
  });
});

describe('a hall that wants the ID card for a ticket', () => {
  it('asks for the card when the daemon answers identityRequired (no skipping it), then issues with it', async () => {
    const issued: CommandPayload<'Queue.IssueTicket'>[] = [];
    const base = fakeDaemon();
    const api = fakeDaemon({
      'Queue.IssueTicket': async (p) => {
        issued.push(p);
        return p.useIdentity
          ? base.request('Queue.IssueTicket', p)
          : { result: 'refused', reason: 'identityRequired', opensAt: null };
      },
    });
    const flow = createActor(takeTicketMachine, {
      input: { api, priorityAge: 60, disabilityPriority: false, callOrder: null },
    }).start();
    await waitFor(flow, (s) => s.matches('choosingArea'));
    flow.send({ type: 'user.chooseArea', areaId: 'tax' });
    flow.send({ type: 'user.noPriority' });
    await waitFor(flow, (s) => s.matches('identifying'));
    const identify = flow.getSnapshot().children.identify!;
    expect(identify.getSnapshot().context.allowWithoutCard).toBe(false);
    await waitFor(identify, (s) => s.matches('greeting'));
    identify.send({ type: 'user.continue' });
    await waitFor(flow, (s) => s.matches('printed'));
    expect(issued.map((p) => p.useIdentity ?? false)).toEqual([false, true]);
  });

  it('shows the refusal when this kiosk has no card reader to ask with', async () => {
    const api = fakeDaemon({
      'Queue.IssueTicket': async () => ({ result: 'refused', reason: 'identityRequired', opensAt: null }),
    });
    const flow = createActor(takeTicketMachine, {
      input: { api, priorityAge: null, disabilityPriority: false, callOrder: null },
    }).start();
    await waitFor(flow, (s) => s.matches('choosingArea'));
    flow.send({ type: 'user.chooseArea', areaId: 'tax' });
    // No reader to read it with: the refusal is shown.
    const s = await waitFor(flow, (x) => x.matches('refused'));
    expect(s.context.refusal?.reason).toBe('identityRequired');
  });
});

describe('ticket presenter', () => {
  async function printedWithPresenter() {
    const base = fakeDaemon();
    const api = fakeDaemon({
      'Queue.IssueTicket': async (p) => ({
        ...(await base.request('Queue.IssueTicket', p)),
        presented: true,
      }),
    });
    const clock = new SimulatedClock();
    const flow = createActor(takeTicketMachine, {
      input: { api, priorityAge: null, disabilityPriority: false, callOrder: null },
      clock,
    }).start();
    await waitFor(flow, (s) => s.matches('choosingArea'));
    flow.send({ type: 'user.chooseArea', areaId: 'tax' });
    await waitFor(flow, (s) => s.matches({ printed: 'inPresenter' }));
    return { api, flow, clock };
  }

  it('waits for the ticket to be taken instead of counting down, then thanks and finishes', async () => {
    const { api, flow, clock } = await printedWithPresenter();
    clock.increment(60_000);
    expect(flow.getSnapshot().matches({ printed: 'inPresenter' })).toBe(true);
    api.emit('Printer.MediaTaken', { ticketId: 999 }); // someone else's ticket
    expect(flow.getSnapshot().matches({ printed: 'inPresenter' })).toBe(true);
    api.emit('Printer.MediaTaken', { ticketId: flow.getSnapshot().context.ticket!.id });
    expect(flow.getSnapshot().matches({ printed: 'taken' })).toBe(true);
    clock.increment(3000);
    expect(flow.getSnapshot().status).toBe('done');
  });

  it('shows the number again when the ticket was retracted', async () => {
    const { api, flow } = await printedWithPresenter();
    api.emit('Printer.MediaRetracted', { ticketId: flow.getSnapshot().context.ticket!.id });
    expect(flow.getSnapshot().matches('retracted')).toBe(true);
    flow.send({ type: 'user.finish' });
    expect(flow.getSnapshot().status).toBe('done');
  });
});

describe('guide flow', () => {
  it('searches after a pause in typing, opens a guide, prints its checklist, and rates the print', async () => {
    const api = fakeDaemon();
    const clock = new SimulatedClock();
    const flow = createActor(guideMachine, { input: { api }, clock }).start();
    await waitFor(flow, (s) => s.matches({ finding: 'ready' }));
    expect(flow.getSnapshot().context.results).toHaveLength(2);
    for (const key of 'bdc') flow.send({ type: 'user.key', key });
    expect(flow.getSnapshot().context.query).toBe('bdc');
    expect(api.calls.filter((c) => c === 'Catalogue.Search')).toHaveLength(0);
    clock.increment(SEARCH_DEBOUNCE_MS);
    await waitFor(flow, (s) => s.matches({ finding: 'ready' }));
    expect(api.calls.filter((c) => c === 'Catalogue.Search')).toHaveLength(1);
    flow.send({ type: 'user.clear' });
    await waitFor(flow, (s) => s.matches({ finding: 'ready' }) && s.context.query === '');
    flow.send({ type: 'user.open', code: 'BDC-001' });
    await waitFor(flow, (s) => s.matches('viewing'));
    flow.send({ type: 'user.print' });
    await waitFor(flow, (s) => s.matches('viewing') && s.context.print !== null);
    flow.send({ type: 'user.finish' });
    expect(flow.getSnapshot().output).toEqual({ serviceEvent: { kind: 'print', ref: '21' } });
  });
});

describe('rating flow (好差评)', () => {
  it('asks reasons only for the two 差评 levels and submits them with the service event', async () => {
    const sent: CommandPayload<'Rating.Submit'>[] = [];
    const api = fakeDaemon({
      'Rating.Submit': async (p) => {
        sent.push(p);
        return { result: 'recorded', reference: 'R000009' };
      },
    });
    const serviceEvent = { kind: 'ticket' as const, ref: '5' };
    const happy = createActor(ratingMachine, { input: { api, serviceEvent } }).start();
    happy.send({ type: 'user.rate', level: 4 });
    await waitFor(happy, (s) => s.matches('thanks'));
    const unhappy = createActor(ratingMachine, { input: { api, serviceEvent } }).start();
    unhappy.send({ type: 'user.rate', level: 1 });
    expect(unhappy.getSnapshot().matches('reasons')).toBe(true);
    unhappy.send({ type: 'user.toggleReason', reason: 'waitTooLong' });
    unhappy.send({ type: 'user.toggleReason', reason: 'other' });
    unhappy.send({ type: 'user.toggleReason', reason: 'other' });
    for (const key of 'tai man') unhappy.send({ type: 'user.commentKey', key });
    unhappy.send({ type: 'user.commentBackspace' });
    unhappy.send({ type: 'user.submit' });
    await waitFor(unhappy, (s) => s.matches('thanks'));
    expect(sent).toEqual([
      { event: serviceEvent, level: 4 },
      { event: serviceEvent, level: 1, reasons: ['waitTooLong'], comment: 'tai ma' },
    ]);
  });

  it('a failure to record still thanks the person (it is not their problem)', async () => {
    const api = fakeDaemon({
      'Rating.Submit': async () => {
        throw new DaemonError('disconnected', 'down');
      },
    });
    const flow = createActor(ratingMachine, {
      input: { api, serviceEvent: { kind: 'guide', ref: '1' } },
    }).start();
    flow.send({ type: 'user.rate', level: 5 });
    await waitFor(flow, (s) => s.matches('thanks'));
  });
});
