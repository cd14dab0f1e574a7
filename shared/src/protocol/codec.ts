import * as z from 'zod/mini';
import { COMMANDS, isCommandName, type CommandName, type CommandPayload } from './catalogue.ts';
import {
  Envelope,
  MAX_MESSAGE_BYTES,
  describeIssues,
  type AckStatus,
  type CompletionCode,
} from './envelope.ts';

/** Why a message could not be taken as a command, as a value (never thrown). */
export type InboundError =
  | { kind: 'ack'; status: AckStatus; requestId: number | null; name: string; message: string }
  | { kind: 'completion'; code: CompletionCode; requestId: number; name: string; message: string };

export type ParsedCommand = {
  [N in CommandName]: { name: N; requestId: number; timeout: number | undefined; payload: CommandPayload<N> };
}[CommandName];

export type ParseResult<T, E> = { ok: true; value: T } | { ok: false; error: E };

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Reads what little can be trusted from a broken message so the error reply can be matched to it. */
function salvageIds(value: unknown): { requestId: number | null; name: string } {
  if (typeof value !== 'object' || value === null) return { requestId: null, name: '' };
  const header = (value as { header?: unknown }).header;
  if (typeof header !== 'object' || header === null) return { requestId: null, name: '' };
  const { requestId, name } = header as { requestId?: unknown; name?: unknown };
  return {
    requestId:
      typeof requestId === 'number' && Number.isInteger(requestId) && requestId > 0 && requestId < 2 ** 31
        ? requestId
        : null,
    name: typeof name === 'string' ? name.slice(0, 64) : '',
  };
}

/** An `invalidMessage` refusal; ids are whatever could be read from the message. */
function invalidMessage(
  message: string,
  ids: { requestId: number | null; name: string } = { requestId: null, name: '' },
): { ok: false; error: InboundError } {
  return { ok: false, error: { kind: 'ack', status: 'invalidMessage', ...ids, message } };
}

/**
 * Daemon side: turns one WebSocket text frame into a typed command, or into the error reply it deserves.
 * Never throws, whatever the input.
 */
export function parseCommand(raw: string): ParseResult<ParsedCommand, InboundError> {
  if (byteLength(raw) > MAX_MESSAGE_BYTES)
    return invalidMessage(`message is larger than ${MAX_MESSAGE_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return invalidMessage('message is not JSON');
  }
  const ids = salvageIds(json);
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) return invalidMessage(describeIssues(envelope.error), ids);
  const { header, payload } = envelope.data;
  if (header.type !== 'command') {
    return invalidMessage(`header.type: the daemon accepts only commands, not ${header.type}`, ids);
  }
  if (!isCommandName(header.name)) {
    return {
      ok: false,
      error: {
        kind: 'completion',
        code: 'unsupportedCommand',
        requestId: header.requestId,
        name: header.name,
        message: `header.name: unknown command ${header.name}`,
      },
    };
  }
  const schema = COMMANDS[header.name].payload as z.ZodMiniType;
  const checked = schema.safeParse(payload);
  if (!checked.success) {
    return {
      ok: false,
      error: {
        kind: 'completion',
        code: 'invalidData',
        requestId: header.requestId,
        name: header.name,
        message: describeIssues(checked.error, 'payload'),
      },
    };
  }
  return {
    ok: true,
    value: {
      name: header.name,
      requestId: header.requestId,
      timeout: header.timeout,
      payload: checked.data,
    } as ParsedCommand,
  };
}
