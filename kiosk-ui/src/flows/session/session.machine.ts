import { assign, fromCallback, fromPromise, not, raise } from 'xstate';
import { setup } from '../setup.ts';
import type { CompletionPayload, DeviceName, DeviceStatus, KioskBoot, Locale } from '@hall-kiosk/shared';
import type { DaemonApi } from '../../daemon/client.ts';
import type { VolumeStep } from '../../voice/voice.ts';
import { takeTicketMachine } from '../take-ticket/takeTicket.machine.ts';
import { checkInMachine } from '../check-in/checkIn.machine.ts';
import { guideMachine } from '../guide/guide.machine.ts';
import { ratingMachine } from '../rating/rating.machine.ts';
import type { FlowOutput, ServiceEvent } from '../service-event.ts';

/** Inactivity limits (ms). 关怀模式 gets more time; the warning always gives at least 20 s (WCAG 2.2.1). */
export type SessionTiming = {
  idleMs: number;
  idleCareMs: number;
  warnMs: number;
  warnCareMs: number;
  /** The longest the boot self-test waits for every device to be tried. */
  selfTestMs: number;
  /** The shortest time the self-test is shown at boot, unless the daemon says otherwise (ui.selfTestMinSeconds). */
  selfTestMinMs: number;
};

export const DEFAULT_TIMING: SessionTiming = {
  idleMs: 60_000,
  idleCareMs: 120_000,
  warnMs: 20_000,
  warnCareMs: 40_000,
  selfTestMs: 15_000,
  selfTestMinMs: 2_000,
};

/** A device the daemon has not tried to open yet (every driver starts so). */
export function deviceStillStarting(d: DeviceStatus): boolean {
  return d.state === 'offline' && d.detail === 'starting';
}

/** Whether the ticket printer can print now (a printer not configured at all counts as down). */
export function ticketPrinterCanPrint(devices: SessionContext['devices']): boolean {
  return devices.ticketPrinter?.state === 'online';
}

/** Taking tickets is paused: the printer cannot print and the hall chose to pause rather than show numbers. */
export function ticketsPaused(context: Pick<SessionContext, 'info' | 'devices'>): boolean {
  return (
    context.info?.whenTicketPrinterDown === 'pause' &&
    context.devices.ticketPrinter !== undefined &&
    !ticketPrinterCanPrint(context.devices)
  );
}

/** Whether two states of a device say the same, field by field (every field is a string or absent). */
function sameStatus(a: DeviceStatus, b: DeviceStatus): boolean {
  const fields = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof DeviceStatus)[]);
  return [...fields].every((f) => a[f] === b[f]);
}

/** Whether a list of devices says the same as the page's record of them, device by device. */
function sameDevices(known: SessionContext['devices'], listed: DeviceStatus[]): boolean {
  return (
    listed.length === Object.keys(known).length &&
    listed.every((d) => known[d.device] !== undefined && sameStatus(known[d.device]!, d))
  );
}

/**
 * The time of the last touch on the glass, and the clock it is read on (the page's own, monotonic).
 * The inactivity watch asks it when its time is up rather than being told of every touch: a touch is
 * the page's commonest input, and an event for each made a new snapshot, so the whole page was
 * rendered again on every pointerdown, inside the time to the next screen (docs/performance.md).
 */
export type TouchClock = { now(): number; lastTouchAt(): number };

/** No touches recorded (a session driven by events alone): the watch counts from its own start. */
const NO_TOUCHES: TouchClock = { now: () => performance.now(), lastTouchAt: () => -Infinity };

/** The idle limit of the session's mode (关怀模式 gets more time). */
function idleLimit(context: Pick<SessionContext, 'care' | 'timing'>): number {
  return context.care ? context.timing.idleCareMs : context.timing.idleMs;
}

/** How long the glass has gone untouched since the watch last started afresh. */
function idleFor({ touches, watchFrom }: Pick<SessionContext, 'touches' | 'watchFrom'>): number {
  return touches.now() - Math.max(touches.lastTouchAt(), watchFrom);
}

export type SessionInput = {
  api: DaemonApi;
  timing?: Partial<SessionTiming>;
  /** The page's touches (watchTouches in app/touches.ts); the inactivity watch reads them. */
  touches?: TouchClock;
  /** What the page was served with (Kiosk.Info and the devices' states then): its first screen needs no round trip. */
  boot?: KioskBoot | null;
};

export type SessionContext = {
  api: DaemonApi;
  timing: SessionTiming;
  touches: TouchClock;
  /** When the inactivity watch last started afresh (on the touches' clock): a session begun, "more time". */
  watchFrom: number;
  /** Not personal: what the attract screen shows. Survives sessions. */
  info: CompletionPayload<'Kiosk.Info'> | null;
  /** Not personal: the state of each device, kept current by the daemon's StatusChanged messages. */
  devices: Partial<Record<DeviceName, DeviceStatus>>;
  /** Per person: reset when the session ends. */
  locale: Locale;
  care: boolean;
  /** Spoken prompts; on by default in 关怀模式. */
  voice: boolean;
  volume: VolumeStep;
  /** Per person: what the last flow did, to be rated. */
  serviceEvent: ServiceEvent | null;
  /** The daemon has sent the list of configured devices (the self-test waits for it). */
  devicesListed: boolean;
  /** The self-test runs once per page load, at boot. */
  selfTested: boolean;
};

export type SessionEvent =
  | { type: 'user.start' }
  | { type: 'user.home' }
  | { type: 'user.chooseTakeTicket' }
  | { type: 'user.chooseCheckIn' }
  | { type: 'user.chooseGuide' }
  | { type: 'user.setLocale'; locale: Locale }
  | { type: 'user.toggleCare' }
  | { type: 'user.toggleVoice' }
  | { type: 'user.nextVolume' }
  | { type: 'user.goodbyeDone' }
  | { type: 'user.moreTime' }
  | { type: 'session.timeout' }
  /** The person ends their session themselves ("home" on the home screen). */
  | { type: 'user.leave' }
  | { type: 'device.status'; status: DeviceStatus }
  /** The daemon's list of its configured devices, each with its state: it replaces what the page had. */
  | { type: 'devices.listed'; devices: DeviceStatus[] };

/**
 * One citizen's session. The attract screen waits for a touch; `active` runs a flow (each flow is its
 * own machine, invoked here) beside an inactivity watch that warns before it ends the session. Ending
 * a session — finished, timed out or abandoned — returns to `attract`, whose entry wipes everything
 * that belonged to the person (language, mode, and the flow actor with all it held).
 */
export const sessionMachine = setup({
  types: {
    input: {} as SessionInput,
    context: {} as SessionContext,
    events: {} as SessionEvent,
    children: {} as { takeTicket: 'takeTicket'; checkIn: 'checkIn'; guide: 'guide'; rating: 'rating' },
  },
  actors: {
    takeTicket: takeTicketMachine,
    checkIn: checkInMachine,
    guide: guideMachine,
    rating: ratingMachine,
    loadInfo: fromPromise<CompletionPayload<'Kiosk.Info'>, { api: DaemonApi }>(({ input }) =>
      input.api.request('Kiosk.Info', {}),
    ),
    /**
     * Keeps the device states current: the current list, then every change the daemon announces, and
     * the list again after the connection was lost (changes announced meanwhile were missed).
     */
    watchDevices: fromCallback<SessionEvent, { api: DaemonApi }>(({ input, sendBack }) => {
      const off = input.api.onUnsolicited('Common.StatusChanged', ({ status }) =>
        sendBack({ type: 'device.status', status }),
      );
      const list = () =>
        void input.api
          .request('Common.Status', {})
          .then(({ devices }) => sendBack({ type: 'devices.listed', devices }))
          .catch(() => undefined);
      list();
      const offReconnect = input.api.onReconnect(list);
      return () => {
        off();
        offReconnect();
      };
    }),
    /** Tells the daemon the person is gone: it cancels card reads and wipes the identity it held. */
    // A callback, not a promise: nothing waits for the answer, and a promise's completion would change
    // the session's snapshot (its children), rendering the attract screen again for nothing.
    endSession: fromCallback<SessionEvent, { api: DaemonApi }>(({ input }) => {
      input.api.request('Session.End', {}).catch(() => undefined);
    }),
  },
  delays: {
    // What is left of the idle limit since the last touch (all of it when the watch has just started).
    idle: ({ context }) => Math.max(0, idleLimit(context) - idleFor(context)),
    warn: ({ context }) => (context.care ? context.timing.warnCareMs : context.timing.warnMs),
    retryInfo: 5000,
    selfTest: ({ context }) => context.timing.selfTestMs,
    selfTestMin: ({ context }) => context.info?.selfTestMinMs ?? context.timing.selfTestMinMs,
    goodbye: 6000,
  },
  guards: {
    idleLongEnough: ({ context }) => idleFor(context) >= idleLimit(context),
    allDevicesChecked: ({ context }) =>
      context.devicesListed && Object.values(context.devices).every((d) => !deviceStillStarting(d)),
    ticketsPaused: ({ context }) => ticketsPaused(context),
    noMinimumShowing: ({ context }) => (context.info?.selfTestMinMs ?? context.timing.selfTestMinMs) <= 0,
  },
  actions: {
    wipeSession: assign({
      locale: 'zh' as Locale,
      care: false,
      voice: false,
      volume: 1 as VolumeStep,
      serviceEvent: null,
    }),
    rememberServiceEvent: assign({
      serviceEvent: ({ event }) => (event as unknown as { output: FlowOutput }).output.serviceEvent,
    }),
    startWatch: assign({ watchFrom: ({ context }) => context.touches.now() }),
    // 关怀模式 turns voice on (it stays on if the person turns the mode off again).
    toggleCare: assign(({ context }) => ({ care: !context.care, voice: context.voice || !context.care })),
  },
}).createMachine({
  id: 'session',
  context: ({ input }) => ({
    api: input.api,
    timing: { ...DEFAULT_TIMING, ...input.timing },
    touches: input.touches ?? NO_TOUCHES,
    watchFrom: -Infinity,
    info: input.boot?.info ?? null,
    devices: Object.fromEntries((input.boot?.devices ?? []).map((d) => [d.device, d])),
    locale: 'zh',
    care: false,
    voice: false,
    volume: 1,
    serviceEvent: null,
    devicesListed: input.boot != null,
    selfTested: false,
  }),
  initial: 'attract',
  invoke: { src: 'watchDevices', input: ({ context }) => ({ api: context.api }) },
  on: {
    'device.status': {
      actions: assign({
        devices: ({ context, event }) => ({ ...context.devices, [event.status.device]: event.status }),
      }),
    },
    // The whole list: a device no longer configured (a daemon restarted with another configuration)
    // goes with it.
    'devices.listed': {
      // The same list as the page has (the boot data, or nothing changed while the link was down):
      // no new snapshot, so the screen is not rendered again for it.
      guard: ({ context, event }) => !context.devicesListed || !sameDevices(context.devices, event.devices),
      actions: assign({
        devicesListed: true,
        devices: ({ event }) => Object.fromEntries(event.devices.map((d) => [d.device, d])),
      }),
    },
    'user.setLocale': { actions: assign({ locale: ({ event }) => event.locale }) },
    'user.toggleCare': { actions: 'toggleCare' },
    'user.toggleVoice': { actions: assign({ voice: ({ context }) => !context.voice }) },
    'user.nextVolume': {
      actions: assign({ volume: ({ context }) => ((context.volume + 1) % 3) as VolumeStep }),
    },
  },
  states: {
    // Thanks, and the reminder to take the ID card and the ticket; then the next person.
    goodbye: {
      after: { goodbye: 'attract' },
      on: { 'user.goodbyeDone': 'attract', 'user.start': 'attract' },
    },
    attract: {
      entry: 'wipeSession',
      invoke: { src: 'endSession', input: ({ context }) => ({ api: context.api }) },
      initial: 'loading',
      states: {
        loading: {
          // At boot with what the page was served with, the self-test starts at once; afterwards
          // (every return here) Kiosk.Info is asked again.
          always: {
            guard: ({ context }) => !context.selfTested && context.info !== null,
            target: 'selfTest',
          },
          invoke: {
            src: 'loadInfo',
            input: ({ context }) => ({ api: context.api }),
            onDone: [
              {
                guard: ({ context }) => !context.selfTested,
                target: 'selfTest',
                actions: assign({ info: ({ event }) => event.output }),
              },
              { target: 'ready', actions: assign({ info: ({ event }) => event.output }) },
            ],
            onError: 'waitingForDaemon',
          },
        },
        // At boot: the devices are checked (each has been tried once: online, or a definite fault)
        // before the first citizen is invited; one still starting when the time is up is left to its
        // retries, and the screens that need it say so.
        selfTest: {
          initial: 'showing',
          states: {
            // Shown for a moment at least, so the check can be seen on the glass (and by technicians).
            showing: {
              always: { guard: 'noMinimumShowing', target: 'waiting' },
              after: { selfTestMin: 'waiting' },
            },
            waiting: {
              always: {
                guard: 'allDevicesChecked',
                target: '#session.attract.ready',
                actions: assign({ selfTested: true }),
              },
            },
          },
          after: { selfTest: { target: 'ready', actions: assign({ selfTested: true }) } },
          // Nobody starts a session on a kiosk that is still checking itself.
          on: { 'user.start': {} },
        },
        waitingForDaemon: { after: { retryInfo: 'loading' } },
        ready: {},
      },
      on: { 'user.start': 'active' },
    },
    active: {
      type: 'parallel',
      on: {
        'session.timeout': '#session.attract',
        'user.leave': '#session.attract',
        'user.home': { target: ['.flow.home', '.idle.watching'], actions: 'startWatch' },
      },
      states: {
        flow: {
          initial: 'home',
          states: {
            home: {
              on: {
                'user.chooseTakeTicket': { guard: not('ticketsPaused'), target: 'takeTicket' },
                'user.chooseCheckIn': {
                  guard: ({ context }) => context.info?.appointments === true,
                  target: 'checkIn',
                },
                'user.chooseGuide': 'guide',
              },
            },
            takeTicket: {
              invoke: {
                id: 'takeTicket',
                src: 'takeTicket',
                input: ({ context }) => ({
                  api: context.api,
                  priorityAge:
                    context.info?.idCardReader && context.info.ticketIdentify !== 'never'
                      ? context.info.priorityAge
                      : null,
                  disabilityPriority: context.info?.disabilityPriority ?? false,
                  callOrder: context.info?.callOrder ?? null,
                  ticketPolicy: context.info?.ticketPolicy ?? null,
                }),
                onDone: { target: 'afterFlow', actions: 'rememberServiceEvent' },
              },
            },
            guide: {
              invoke: {
                id: 'guide',
                src: 'guide',
                input: ({ context }) => ({ api: context.api }),
                onDone: { target: 'afterFlow', actions: 'rememberServiceEvent' },
              },
            },
            // A service was given: offer the rating (一次一评); nothing given: straight to goodbye.
            afterFlow: {
              always: [
                { guard: ({ context }) => context.serviceEvent !== null, target: 'rating' },
                { target: '#session.goodbye' },
              ],
            },
            rating: {
              invoke: {
                id: 'rating',
                src: 'rating',
                input: ({ context }) => ({ api: context.api, serviceEvent: context.serviceEvent! }),
                onDone: { target: '#session.goodbye', actions: assign({ serviceEvent: null }) },
              },
            },
            checkIn: {
              invoke: {
                id: 'checkIn',
                src: 'checkIn',
                input: ({ context }) => ({ api: context.api, scanner: context.info?.scanner ?? false }),
                onDone: { target: 'afterFlow', actions: 'rememberServiceEvent' },
              },
            },
          },
        },
        idle: {
          initial: 'watching',
          entry: 'startWatch',
          states: {
            watching: {
              // Touches are not events here. When the time is up, the watch reads when the last touch
              // was: a full limit ago, it warns; otherwise it waits out the rest of the limit since.
              after: {
                idle: [
                  { guard: 'idleLongEnough', target: 'warning' },
                  { target: 'watching', reenter: true },
                ],
              },
              on: {
                // The idle limit depends on the mode: restart the watch with the new limit.
                'user.toggleCare': {
                  target: 'watching',
                  reenter: true,
                  actions: ['toggleCare', 'startWatch'],
                },
              },
            },
            warning: {
              after: { warn: { actions: raise({ type: 'session.timeout' }) } },
              on: {
                'user.moreTime': { target: 'watching', actions: 'startWatch' },
                'user.toggleCare': { target: 'watching', actions: ['toggleCare', 'startWatch'] },
              },
            },
          },
        },
      },
    },
  },
});
