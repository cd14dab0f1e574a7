import * as z from 'zod/mini';
import { DeviceStatus } from '../devices.ts';
import { LocalizedText } from '../text.ts';
import { AreaId, PrintOutcome, ServiceArea, Ticket } from '../queue.ts';

/**
 * Every command the daemon accepts: the payload it takes and the payload of its successful completion.
 * Adding a command means adding one entry here and one handler in the daemon; both ends validate
 * against these schemas.
 */
export const COMMANDS = {
  /** What the attract screen shows: the hall's name, its time zone, the software version. */
  'Kiosk.Info': {
    payload: z.object({}),
    completion: z.object({ hallName: LocalizedText, timeZone: z.string(), version: z.string() }),
  },
  /** The state of every configured device. */
  'Common.Status': {
    payload: z.object({}),
    completion: z.object({ devices: z.array(DeviceStatus) }),
  },
  /** The service areas a citizen can take a ticket for. */
  'Queue.ListAreas': {
    payload: z.object({}),
    completion: z.object({ areas: z.array(ServiceArea) }),
  },
  /** Issue the next number of an area and print it on the ticket printer. */
  'Queue.IssueTicket': {
    payload: z.object({ areaId: AreaId }),
    completion: z.object({ ticket: Ticket, print: PrintOutcome }),
  },
} as const;

export type CommandName = keyof typeof COMMANDS;
export type CommandPayload<N extends CommandName> = z.infer<(typeof COMMANDS)[N]['payload']>;
export type CompletionPayload<N extends CommandName> = z.infer<(typeof COMMANDS)[N]['completion']>;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

/** Messages the daemon sends without being asked. */
export const UNSOLICITED = {
  /** A device changed state (came online, ran out of paper, was unplugged …). */
  'Common.StatusChanged': z.object({ status: DeviceStatus }),
} as const;

export type UnsolicitedName = keyof typeof UNSOLICITED;
export type UnsolicitedPayload<N extends UnsolicitedName> = z.infer<(typeof UNSOLICITED)[N]>;

export function isUnsolicitedName(name: string): name is UnsolicitedName {
  return Object.prototype.hasOwnProperty.call(UNSOLICITED, name);
}
