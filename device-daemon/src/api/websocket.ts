import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  MAX_IN_FLIGHT,
  parseCommand,
  type AcknowledgeMessage,
  type AnyMessage,
  type Clock,
  type CommandName,
  type CompletionMessage,
  type UnsolicitedName,
  type UnsolicitedPayload,
} from '@hall-kiosk/shared';
import type { Logger } from '../log.ts';
import { CommandError } from '../core/command-error.ts';
import type { CommandContext, CommandHandlers } from './commands.ts';

/** Frames above this are cut off by the WebSocket layer itself (close code 1009). */
const HARD_FRAME_LIMIT = 1024 * 1024;
/** Commands without their own timeout end with timeOut after this long. */
const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;

export type WebSocketApi = {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  broadcast<N extends UnsolicitedName>(name: N, payload: UnsolicitedPayload<N>): void;
  close(): void;
  readonly clients: number;
};

/**
 * The command channel: one JSON envelope per text frame. Every message gets an answer — an
 * acknowledge (accepted, or why not) and, once accepted, a completion — and no message, however
 * broken, can take the daemon down.
 */
export function createWebSocketApi(deps: {
  handlers: CommandHandlers;
  log: Logger;
  clock: Clock;
  isAllowedOrigin: (origin: string | undefined) => boolean;
}): WebSocketApi {
  const { log } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_LIMIT });
  const send = (ws: WebSocket, message: AnyMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  wss.on('connection', (ws) => {
    const inFlight = new Set<number>();
    ws.on('error', (e) => log.warn({ error: e.message }, 'websocket error'));
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        log.warn('binary websocket frame refused');
        send(ws, ack(null, '', 'invalidMessage', 'binary frames are not accepted; send JSON text'));
        return;
      }
      const parsed = parseCommand(data.toString());
      if (!parsed.ok) {
        const e = parsed.error;
        log.warn({ requestId: e.requestId, name: e.name, problem: e.message }, 'message refused');
        if (e.kind === 'ack') {
          send(ws, ack(e.requestId, e.name, e.status, e.message));
        } else {
          send(ws, ack(e.requestId, e.name, null));
          send(ws, completion(e.requestId, e.name, e.code, e.message, {}));
        }
        return;
      }
      const cmd = parsed.value;
      if (inFlight.has(cmd.requestId)) {
        send(
          ws,
          ack(cmd.requestId, cmd.name, 'invalidRequestID', `request ${cmd.requestId} is already in progress`),
        );
        return;
      }
      if (inFlight.size >= MAX_IN_FLIGHT) {
        send(
          ws,
          ack(cmd.requestId, cmd.name, 'tooManyRequests', `at most ${MAX_IN_FLIGHT} commands at once`),
        );
        return;
      }
      inFlight.add(cmd.requestId);
      send(ws, ack(cmd.requestId, cmd.name, null));
      const ctx: CommandContext = {
        emit: (name, payload) =>
          send(ws, { header: { type: 'event', name, requestId: cmd.requestId }, payload }),
      };
      void run(cmd.name, cmd.payload, cmd.timeout ?? DEFAULT_COMMAND_TIMEOUT_MS, ctx)
        .then((message) => send(ws, { ...message, header: { ...message.header, requestId: cmd.requestId } }))
        .finally(() => inFlight.delete(cmd.requestId));
    });
  });

  async function run(
    name: CommandName,
    payload: unknown,
    timeoutMs: number,
    ctx: CommandContext,
  ): Promise<CompletionMessage> {
    const handler = deps.handlers[name] as (
      p: unknown,
      c: CommandContext,
    ) => Promise<Record<string, unknown>>;
    let timer: ReturnType<Clock['setTimeout']> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      if (timeoutMs > 0)
        timer = deps.clock.setTimeout(
          () => reject(new CommandError('timeOut', `no result within ${timeoutMs} ms`)),
          timeoutMs,
        );
    });
    try {
      const result = await Promise.race([handler(payload, ctx), timeout]);
      return completion(0, name, 'success', undefined, result);
    } catch (e) {
      if (e instanceof CommandError) return completion(0, name, e.code, e.message, {});
      log.error({ command: name, error: (e as Error).message, stack: (e as Error).stack }, 'command failed');
      return completion(0, name, 'internalError', 'the daemon could not complete this command', {});
    } finally {
      if (timer) deps.clock.clearTimeout(timer);
    }
  }

  return {
    handleUpgrade(req, socket, head) {
      if (!deps.isAllowedOrigin(req.headers.origin)) {
        log.warn({ origin: req.headers.origin }, 'websocket from a foreign origin refused');
        socket.end(
          'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\norigin not allowed\n',
        );
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    broadcast(name, payload) {
      const text = JSON.stringify({ header: { type: 'unsolicited', name }, payload });
      for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
    get clients() {
      return wss.clients.size;
    },
  };
}

function ack(
  requestId: number | null,
  name: string,
  status: AcknowledgeMessage['header']['status'],
  errorDescription?: string,
): AcknowledgeMessage {
  return {
    header: {
      type: 'acknowledge',
      name,
      requestId,
      status,
      ...(errorDescription ? { errorDescription } : {}),
    },
    payload: {},
  };
}

function completion(
  requestId: number,
  name: string,
  completionCode: CompletionMessage['header']['completionCode'],
  errorDescription: string | undefined,
  payload: Record<string, unknown>,
): CompletionMessage {
  return {
    header: {
      type: 'completion',
      name,
      requestId,
      completionCode,
      ...(errorDescription ? { errorDescription } : {}),
    },
    payload,
  };
}
