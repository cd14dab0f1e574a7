import {
  HallCounterActionResponse,
  HallCounterMatterRequest,
  HallCounterState,
  HallCounterTransferRequest,
  HallMatterList,
} from '@hall-kiosk/shared';
import type { QueueTicket } from '../../../device-daemon/src/queue/queue-store.ts';
import type { HallServices } from '../hall.ts';
import { HallStoreError, type AuditNote, type CounterState } from '../store.ts';
import { HttpError, readBody, reply } from './respond.ts';
import { openEventStream } from './sse.ts';
import type { Route, RouteContext } from './server.ts';

type Ctx = RouteContext<HallServices>;

/** A store refusal as an HTTP answer (anything else is a 500, logged by the router). */
function asHttp(e: unknown): never {
  if (e instanceof HallStoreError) {
    const status =
      e.code === 'notAtCounter'
        ? 403
        : e.code === 'unknownCounter' || e.code === 'unknownArea'
          ? 404
          : e.code === 'idempotencyConflict'
            ? 409
            : 400;
    throw new HttpError(status, e.message, e.code);
  }
  throw e;
}

const actor = (ctx: Ctx) => `staff#${ctx.staff!.number}`;

/** An action refused because the person is not the one signed in at the window is audited. */
async function auditRefusal(ctx: Ctx, e: unknown, action: string, counterId: string): Promise<void> {
  if (e instanceof HallStoreError && e.code === 'notAtCounter')
    await ctx.hall.audit.write(
      actor(ctx),
      ctx.source,
      'refused',
      `${action} at ${counterId}: not signed in there`,
    );
}

const counterIdOf = (ctx: Ctx) => ctx.params['counterId']!;

/** The store's state of a window with the matters named from the hall's catalogue. */
export function withMatters(state: CounterState, hall: Pick<HallServices, 'matters'>): HallCounterState {
  const { current, ...rest } = state;
  const named = (id: string) => ({ id, name: hall.matters.get(id)?.name ?? null });
  return {
    ...rest,
    current: current
      ? {
          ticketId: current.ticketId,
          number: current.number,
          areaId: current.areaId,
          priority: current.priority,
          priorityReason: current.priorityReason,
          appointment: current.appointment,
          calledAt: current.calledAt,
          matter: current.matterId === null ? null : named(current.matterId),
          transferredFrom: current.transferredFrom,
          ...(current.offline ? { offline: true } : {}),
        }
      : null,
  };
}

/**
 * The action's idempotency key (`Idempotency-Key`, chosen by the page and sent again on its retries):
 * a repeat does nothing and gets the first answer. The store checks its form (400 otherwise).
 */
function actionKeyOf(ctx: Ctx): { actionKey?: string } {
  const k = ctx.req.headers['idempotency-key'];
  if (k === undefined) return {};
  if (typeof k !== 'string') throw new HttpError(400, 'one Idempotency-Key only', 'badRequest');
  return { actionKey: k };
}

async function stateOf(ctx: Ctx): Promise<HallCounterState> {
  try {
    return withMatters(await ctx.hall.store.counterState(counterIdOf(ctx), ctx.hall.clock.now()), ctx.hall);
  } catch (e) {
    return asHttp(e);
  }
}

/**
 * A window action by the person signed in there: the store checks, under the window's lock, that
 * this staff member is the one at the window (403 `notAtCounter` otherwise), does it, and the action
 * is written to the audit log (ticket numbers and windows only).
 */
async function act(
  ctx: Ctx,
  action: string,
  run: (request: {
    counterId: string;
    now: number;
    staffId: number;
    audit: AuditNote;
  }) => Promise<QueueTicket | null>,
  describe: (ticketNumber: string | null, counterId: string) => string,
): Promise<void> {
  const counterId = counterIdOf(ctx);
  let ticket: QueueTicket | null;
  try {
    ticket = await run({
      counterId,
      now: ctx.hall.clock.now(),
      staffId: ctx.staff!.staffId,
      ...actionKeyOf(ctx),
      // Written in the action's transaction: never an action without its row.
      audit: { actor: actor(ctx), source: ctx.source, action, detail: (n) => describe(n, counterId) },
    });
  } catch (e) {
    await auditRefusal(ctx, e, action, counterId);
    return asHttp(e);
  }
  const body: HallCounterActionResponse = {
    ticket: ticket
      ? { id: ticket.id, number: ticket.number, areaId: ticket.areaId, priority: ticket.priority }
      : null,
    state: await stateOf(ctx),
  };
  reply(ctx.res, HallCounterActionResponse, body);
}

const at = (n: string | null, counterId: string) => `${n ?? 'nobody'} at ${counterId}`;

async function setPaused(ctx: Ctx, paused: boolean): Promise<void> {
  const counterId = counterIdOf(ctx);
  const action = paused ? 'paused' : 'resumed';
  try {
    await ctx.hall.store.setPaused(counterId, paused, ctx.hall.clock.now(), {
      staffId: ctx.staff!.staffId,
      ...actionKeyOf(ctx),
      audit: { actor: actor(ctx), source: ctx.source, action, detail: () => counterId },
    });
  } catch (e) {
    await auditRefusal(ctx, e, action, counterId);
    return asHttp(e);
  }
  reply(ctx.res, HallCounterState, await stateOf(ctx));
}

const P = '/api/counter/:counterId';

/**
 * The counter page's API: sign in at a window and out of it, the window's state, the actions at a
 * window and its live feed. Open to every signed-in staff member (role `counter` and above).
 */
export const counterRoutes: Route<HallServices>[] = [
  {
    // The catalogue's matters, read once by the counter page for its picker (not with every state:
    // a comprehensive window serves every area, and its state is read after every burst of events).
    method: 'GET',
    path: '/api/matters',
    access: 'counter',
    handle(ctx) {
      reply(ctx.res, HallMatterList, { matters: ctx.hall.matters.all() });
    },
  },
  {
    method: 'GET',
    path: P,
    access: 'counter',
    async handle(ctx) {
      reply(ctx.res, HallCounterState, await stateOf(ctx));
    },
  },
  {
    method: 'POST',
    path: `${P}/open`,
    access: 'counter',
    async handle(ctx) {
      const counterId = counterIdOf(ctx);
      let opened;
      try {
        opened = await ctx.hall.store.openCounter({
          counterId,
          staffId: ctx.staff!.staffId,
          now: ctx.hall.clock.now(),
        });
      } catch (e) {
        return asHttp(e);
      }
      const notes = [
        ...(opened.movedFrom ? [`moved from ${opened.movedFrom}`] : []),
        ...(opened.replaced ? [`took over from staff#${opened.replaced.number}`] : []),
      ];
      await ctx.hall.audit.write(
        actor(ctx),
        ctx.source,
        'openedWindow',
        notes.length > 0 ? `${counterId} (${notes.join(', ')})` : counterId,
      );
      reply(ctx.res, HallCounterState, await stateOf(ctx));
    },
  },
  {
    method: 'POST',
    path: `${P}/close`,
    access: 'counter',
    async handle(ctx) {
      const counterId = counterIdOf(ctx);
      let closed: boolean;
      try {
        closed = await ctx.hall.store.closeCounter({
          counterId,
          staffId: ctx.staff!.staffId,
          now: ctx.hall.clock.now(),
        });
      } catch (e) {
        return asHttp(e);
      }
      if (!closed) throw new HttpError(403, `you are not signed in at ${counterId}`, 'notAtCounter');
      await ctx.hall.audit.write(actor(ctx), ctx.source, 'closedWindow', counterId);
      reply(ctx.res, HallCounterState, await stateOf(ctx));
    },
  },
  {
    method: 'POST',
    path: `${P}/call-next`,
    access: 'counter',
    handle: (ctx) => act(ctx, 'called', (r) => ctx.hall.store.callNext(r), at),
  },
  {
    method: 'POST',
    path: `${P}/recall`,
    access: 'counter',
    handle: (ctx) => act(ctx, 'recalled', (r) => ctx.hall.store.recall(r), at),
  },
  {
    method: 'POST',
    path: `${P}/transfer`,
    access: 'counter',
    async handle(ctx) {
      const target = await readBody(ctx.req, HallCounterTransferRequest);
      const to = 'toCounterId' in target ? `window ${target.toCounterId}` : `area ${target.toAreaId}`;
      await act(
        ctx,
        'transferred',
        (r) => ctx.hall.store.transfer({ ...r, ...target }),
        (n, w) => `${at(n, w)} to ${to}`,
      );
    },
  },
  {
    method: 'POST',
    path: `${P}/no-show`,
    access: 'counter',
    handle: (ctx) => act(ctx, 'noShow', (r) => ctx.hall.store.finish({ ...r, outcome: 'noShow' }), at),
  },
  {
    method: 'POST',
    path: `${P}/matter`,
    access: 'counter',
    async handle(ctx) {
      const { matterId } = await readBody(ctx.req, HallCounterMatterRequest);
      if (matterId !== null && !ctx.hall.matters.accepts(matterId))
        throw new HttpError(400, `no matter ${JSON.stringify(matterId)}`, 'unknownMatter');
      const counterId = counterIdOf(ctx);
      let ticket;
      try {
        ticket = await ctx.hall.store.setMatter({
          counterId,
          now: ctx.hall.clock.now(),
          staffId: ctx.staff!.staffId,
          matterId,
          audit: {
            actor: actor(ctx),
            source: ctx.source,
            action: 'setMatter',
            detail: (n) => `${at(n, counterId)}: ${matterId ?? 'none'}`,
          },
        });
      } catch (e) {
        await auditRefusal(ctx, e, 'setMatter', counterId);
        return asHttp(e);
      }
      if (!ticket) throw new HttpError(409, `nobody is being served at ${counterId}`, 'noCurrentTicket');
      reply(ctx.res, HallCounterState, await stateOf(ctx));
    },
  },
  {
    method: 'POST',
    path: `${P}/done`,
    access: 'counter',
    handle: (ctx) => act(ctx, 'done', (r) => ctx.hall.store.finish({ ...r, outcome: 'done' }), at),
  },
  { method: 'POST', path: `${P}/pause`, access: 'counter', handle: (ctx) => setPaused(ctx, true) },
  { method: 'POST', path: `${P}/resume`, access: 'counter', handle: (ctx) => setPaused(ctx, false) },
  {
    method: 'GET',
    path: `${P}/events`,
    access: 'counter',
    async handle(ctx) {
      // The window must exist (and the state answers 404 for one that does not).
      const state = await stateOf(ctx);
      const counterId = state.counter.id;
      const areas = new Set(state.counter.areaIds);
      const token = ctx.staff!.token;
      openEventStream(ctx, {
        keep: (e) => areas.has(e.areaId) || e.counterId === counterId || e.toCounterId === counterId,
        stillAllowed: async () => (await ctx.hall.staff.session(token)) !== null,
      });
    },
  },
];
