import * as z from 'zod/mini';
import { ACK_STATUSES, COMPLETION_CODES } from '../vocabulary.ts';

export { ACK_STATUSES, COMPLETION_CODES };

/**
 * The envelope of every WebSocket message, modelled on XFS4IoT: `{ header, payload }`.
 *
 *   UI ── command (requestId 7) ──────────────▶ daemon
 *   UI ◀─ acknowledge (7, status null) ─────── daemon   accepted, or status says why not
 *   UI ◀─ event (7) … ──────────────────────── daemon   progress of command 7 (optional)
 *   UI ◀─ completion (7, completionCode) ───── daemon   the result; ends request 7
 *   UI ◀─ unsolicited ─────────────────────── daemon   device state changes etc.
 */
export const PROTOCOL_VERSION = '1.0';

/** Larger messages are refused unread. Nothing legitimate comes near it. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** The longest time-out a command may ask for (1 h); larger values would overflow timers. */
export const MAX_COMMAND_TIMEOUT_MS = 3_600_000;

/** How many commands one connection may have in flight at once. */
export const MAX_IN_FLIGHT = 32;

export const MESSAGE_TYPES = ['command', 'acknowledge', 'event', 'completion', 'unsolicited'] as const;

export const AckStatus = z.enum(ACK_STATUSES);
export type AckStatus = z.infer<typeof AckStatus>;

export const CompletionCode = z.enum(COMPLETION_CODES);
export type CompletionCode = z.infer<typeof CompletionCode>;

const Name = z.string().check(z.regex(/^[A-Z][A-Za-z]*\.[A-Z][A-Za-z]*$/));
export const RequestId = z.int().check(z.positive(), z.maximum(2 ** 31 - 1));
const Payload = z.record(z.string(), z.unknown());

export const CommandHeader = z.strictObject({
  type: z.literal('command'),
  name: Name,
  requestId: RequestId,
  version: z.optional(z.string()),
  /** Milliseconds; 0 or absent means the daemon's default for that command. */
  timeout: z.optional(z.int().check(z.nonnegative(), z.maximum(MAX_COMMAND_TIMEOUT_MS))),
});

export const AcknowledgeHeader = z.strictObject({
  type: z.literal('acknowledge'),
  name: z.string(),
  /** null when the message was too broken to read a request id from. */
  requestId: z.nullable(RequestId),
  status: z.nullable(AckStatus),
  errorDescription: z.optional(z.string()),
});

export const EventHeader = z.strictObject({
  type: z.literal('event'),
  name: Name,
  requestId: RequestId,
});

export const CompletionHeader = z.strictObject({
  type: z.literal('completion'),
  name: Name,
  requestId: RequestId,
  completionCode: CompletionCode,
  errorDescription: z.optional(z.string()),
});

export const UnsolicitedHeader = z.strictObject({
  type: z.literal('unsolicited'),
  name: Name,
});

export const Envelope = z.strictObject({
  header: z.discriminatedUnion('type', [
    CommandHeader,
    AcknowledgeHeader,
    EventHeader,
    CompletionHeader,
    UnsolicitedHeader,
  ]),
  payload: Payload,
});
export type Envelope = z.infer<typeof Envelope>;
export type CommandMessage = { header: z.infer<typeof CommandHeader>; payload: Record<string, unknown> };
export type AcknowledgeMessage = {
  header: z.infer<typeof AcknowledgeHeader>;
  payload: Record<string, unknown>;
};
export type EventMessage = { header: z.infer<typeof EventHeader>; payload: Record<string, unknown> };
export type CompletionMessage = {
  header: z.infer<typeof CompletionHeader>;
  payload: Record<string, unknown>;
};
export type UnsolicitedMessage = {
  header: z.infer<typeof UnsolicitedHeader>;
  payload: Record<string, unknown>;
};
export type AnyMessage =
  CommandMessage | AcknowledgeMessage | EventMessage | CompletionMessage | UnsolicitedMessage;

/** A short, human-readable account of a validation failure that names the offending field. */
export function describeIssues(error: z.core.$ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
      return `${path || '(root)'}: ${issue.message}`;
    })
    .join('; ');
}
