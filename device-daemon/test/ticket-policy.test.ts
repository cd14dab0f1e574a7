import { describe, expect, it } from 'vitest';
import { ManualClock } from '@hall-kiosk/shared';
import { SAMPLE_CARDS, encodeTextBlock } from '@hall-kiosk/hardware-mocks';
import { DEFAULT_AREAS } from '../src/config/areas.ts';
import { parseConfig } from '../src/config/load.ts';
import { decodeTextBlock } from '../src/devices/id-card/id-text.ts';
import type { CardIdentity } from '../src/core/card-identity.ts';
import { describeTicketPolicy } from '../src/queue/ticket-policy.ts';
import { openDatabase } from '../src/storage/sqlite/database.ts';
import { SqlitePrintJournal } from '../src/storage/sqlite/print-journal.ts';
import { SqliteQueueStore } from '../src/storage/sqlite/queue-store.ts';
import { SqliteSecretStore } from '../src/storage/sqlite/secrets.ts';
import { TicketService, type TicketServiceDeps } from '../src/tickets/ticket-service.ts';
import { silentLogger } from '../src/log.ts';

const card = (id: string) =>
  decodeTextBlock(encodeTextBlock(SAMPLE_CARDS.find((c) => c.id === id)!)) as CardIdentity;

/** A kiosk at 10:00 Shanghai on a Monday, every area open, with the given policy. */
function kiosk(
  policy: Partial<TicketServiceDeps>,
  wrapStore: (s: SqliteQueueStore) => TicketServiceDeps['store'] = (s) => s,
) {
  const clock = new ManualClock(Date.parse('2026-03-02T02:00:00Z'));
  const db = openDatabase(':memory:');
  let person: CardIdentity | null = null;
  const tickets = new TicketService({
    areas: DEFAULT_AREAS,
    hallName: { zh: '测试', en: 'Test' },
    calendar: { timeZone: 'Asia/Shanghai', holidays: new Set(), makeUpWorkdays: new Set() },
    store: wrapStore(new SqliteQueueStore(db, 'Asia/Shanghai')),
    journal: new SqlitePrintJournal(db, () => clock.now()),
    secrets: new SqliteSecretStore(db),
    printer: () => undefined,
    paperWidth: 80,
    priority: { age: 60, disability: true, appointment: true },
    maxTicketsPerIdentity: 1,
    callOrder: { zh: '规则', en: 'rule' },
    identity: () => person,
    clock,
    log: silentLogger,
    ...policy,
  });
  return { tickets, clock, read: (id: string | null) => (person = id ? card(id) : null) };
}

const outcome = (r: Awaited<ReturnType<TicketService['issue']>>) =>
  r.result === 'issued' ? (r.ticket.priority ? 'priority' : 'issued') : r.reason;

describe('anti-hoarding as a per-hall policy', () => {
  it('defaults to today: a card only for age priority, no limit on the paths without a card', async () => {
    const c = parseConfig({}, 'x', '/tmp').queue;
    expect([c.identify, c.maxDeclaredDisabilityPerDay, c.maxWithoutCardPerDay]).toEqual(['priority', 0, 0]);
    const { tickets } = kiosk({});
    const r = [];
    for (let i = 0; i < 5; i++) r.push(outcome(await tickets.issue('tax', { declaredDisability: true })));
    for (let i = 0; i < 5; i++) r.push(outcome(await tickets.issue('tax')));
    expect(r).toEqual([...Array<string>(5).fill('priority'), ...Array<string>(5).fill('issued')]);
  });

  it('limits self-declared disability priority per kiosk and day; a regular ticket is still given', async () => {
    const { tickets, clock } = kiosk({ pathLimits: { declaredDisability: 2, withoutCard: 0 } });
    const r = [];
    for (let i = 0; i < 3; i++) r.push(outcome(await tickets.issue('tax', { declaredDisability: true })));
    r.push(outcome(await tickets.issue('realEstate', { declaredDisability: true })));
    r.push(outcome(await tickets.issue('tax')));
    expect(r).toEqual(['priority', 'priority', 'priorityLimit', 'priorityLimit', 'issued']);
    await clock.advance(24 * 3600_000); // the next day
    expect(outcome(await tickets.issue('tax', { declaredDisability: true }))).toBe('priority');
  });

  it('limits tickets without a card per kiosk and day, then asks for the card (which its own limit bounds)', async () => {
    const { tickets, read } = kiosk({ pathLimits: { declaredDisability: 0, withoutCard: 2 } });
    const r = [];
    for (let i = 0; i < 3; i++) r.push(outcome(await tickets.issue(i === 1 ? 'realEstate' : 'tax')));
    read('resident');
    r.push(outcome(await tickets.issue('tax', { useIdentity: true })));
    r.push(outcome(await tickets.issue('tax', { useIdentity: true })));
    expect(r).toEqual(['issued', 'issued', 'identityRequired', 'issued', 'identityLimit']);
  });

  it('always: every ticket needs the card; never: no card is read for a ticket', async () => {
    const always = kiosk({ identify: 'always' });
    expect(outcome(await always.tickets.issue('tax'))).toBe('identityRequired');
    expect(outcome(await always.tickets.issue('tax', { declaredDisability: true }))).toBe('identityRequired');
    always.read('elderResident');
    expect(outcome(await always.tickets.issue('tax', { useIdentity: true }))).toBe('priority');
    expect(outcome(await always.tickets.issue('tax', { useIdentity: true }))).toBe('identityLimit');

    const never = kiosk({ identify: 'never' });
    never.read('elderResident');
    await expect(never.tickets.issue('tax', { useIdentity: true })).rejects.toThrow(
      /queue\.identify is never/,
    );
    expect(outcome(await never.tickets.issue('tax'))).toBe('issued');
  });

  it('says the limits in one sentence for the screen, and nothing when nothing limits', () => {
    const base = {
      identify: 'priority',
      maxTicketsPerIdentity: 0,
      maxDeclaredDisabilityPerDay: 0,
      maxWithoutCardPerDay: 0,
    } as const;
    expect(describeTicketPolicy(base)).toBeNull();
    expect(describeTicketPolicy({ ...base, identify: 'always', maxTicketsPerIdentity: 1 })).toEqual({
      zh: '本厅取号需刷身份证；刷身份证取号每人每个服务区每天限 1 个。',
      en: 'Tickets here need your ID card; with an ID card, 1 per person per area a day.',
    });
    expect(
      describeTicketPolicy({ ...base, maxDeclaredDisabilityPerDay: 20, maxWithoutCardPerDay: 300 })?.zh,
    ).toBe('自报残疾优先号本机每天限 20 个；本机每天可不刷证取号 300 个，之后需刷身份证。');
  });
});

describe('the matter chosen with a ticket', () => {
  it('goes to the queue store with the ticket (the hall keeps it), and is absent when none was chosen', async () => {
    const seen: unknown[] = [];
    const { tickets } = kiosk({}, (inner) => {
      const issue: SqliteQueueStore['issue'] = (r) => {
        seen.push('matterId' in r ? r.matterId : 'none');
        return inner.issue(r);
      };
      return new Proxy(inner, {
        get: (t, k) => (k === 'issue' ? issue : (Reflect.get(t, k) as unknown)),
      });
    });
    expect((await tickets.issue('tax', { matterCode: 'SW-001' })).result).toBe('issued');
    expect((await tickets.issue('tax')).result).toBe('issued');
    expect(seen).toEqual(['SW-001', 'none']);
  });
});

describe('opening hours in hall mode', () => {
  // Opens at 10:05 on Mondays; the kiosk's clock says 10:00.
  const areas = [{ ...DEFAULT_AREAS[0]!, hours: { mon: ['10:05-12:00'] } }];

  it("are read by the hall's time: a kiosk whose clock is behind issues once the hall has opened", async () => {
    // The hall is 10 minutes ahead of this kiosk's clock: 10:10 there.
    const { tickets } = kiosk({ areas, hallTime: () => Date.parse('2026-03-02T02:10:00Z') });
    expect((await tickets.areaViews())[0]!.availability.open).toBe(true);
    expect(outcome(await tickets.issue('tax'))).toBe('issued');
  });

  it("are read by the kiosk's own clock without the hall's time", async () => {
    const { tickets } = kiosk({ areas });
    expect((await tickets.areaViews())[0]!.availability).toMatchObject({
      open: false,
      reason: 'outsideHours',
    });
    const r = await tickets.issue('tax');
    expect(r).toMatchObject({ result: 'refused', reason: 'outsideHours' });
  });
});
