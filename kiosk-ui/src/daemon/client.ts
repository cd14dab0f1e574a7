import { parseDaemonMessage } from '@hall-kiosk/shared/browser';
import type {
  AckStatus,
  CommandName,
  CommandPayload,
  CompletionCode,
  CompletionPayload,
  EventName,
  UnsolicitedName,
  UnsolicitedPayload,
} from '@hall-kiosk/shared';

/** Why a request to the daemon did not succeed. */
export class DaemonError extends Error {
  constructor(
    readonly code: Exclude<CompletionCode, 'success'> | AckStatus | 'disconnected',
    message: string,
  ) {
    super(message);
    this.name = 'DaemonError';
  }
}

export type RequestOptions = {
  timeoutMs?: number;
  /** Progress events of this request (e.g. IdCard.CardDetected). */
  onEvent?: (name: EventName) => void;
};

/** What flows need of the daemon; machines receive it as input so tests can pass a fake. */
export interface DaemonApi {
  request<N extends CommandName>(
    name: N,
    payload: CommandPayload<N>,
    options?: RequestOptions,
  ): Promise<CompletionPayload<N>>;
  onUnsolicited<N extends UnsolicitedName>(
    name: N,
    listener: (payload: UnsolicitedPayload<N>) => void,
  ): () => void;
  /**
   * Calls `listener` each time the connection opens after it was lost or could not be made (a daemon
   * restarting): whatever the daemon announced meanwhile was missed, and a request made meanwhile may
   * have timed out, so what the page follows must be asked again.
   */
  onReconnect(listener: () => void): () => void;
}

type Pending = {
  resolve: (p: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  onEvent: ((name: EventName) => void) | undefined;
};

/**
 * The WebSocket connection to the device daemon. Reconnects by itself (with back-off); requests made
 * while it is down wait for it, up to their time-out. Every message from the daemon is validated
 * before anything else sees it.
 */
export class DaemonClient implements DaemonApi {
  #ws: WebSocket | null = null;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #queue: string[] = [];
  #listeners = new Map<string, Set<(p: never) => void>>();
  #retryMs = 250;
  #closed = false;
  /** Whether a connection was lost or could not be made since the last open: the next open is a reconnection. */
  #missed = false;
  #reconnectListeners = new Set<() => void>();

  /**
   * `open: 'later'`: no connection until `open()` is called. The kiosk page draws its first screen
   * from the boot data in its HTML and opens the connection once that screen is painted, so the
   * WebSocket's set-up is not in the time to the attract screen; requests made before wait for it.
   */
  constructor(
    private readonly url: string,
    { open = 'now' }: { open?: 'now' | 'later' } = {},
  ) {
    if (open === 'now') this.#connect();
  }

  /** Opens the connection, if it is not open, being opened or waiting to be tried again. */
  open(): void {
    if (this.#ws === null && !this.#missed) this.#connect();
  }

  #connect(): void {
    if (this.#closed) return;
    const ws = new WebSocket(this.url);
    this.#ws = ws;
    ws.onopen = () => {
      this.#retryMs = 250;
      for (const text of this.#queue.splice(0)) ws.send(text);
      if (this.#missed) {
        this.#missed = false;
        for (const listener of [...this.#reconnectListeners]) {
          try {
            listener();
          } catch (e) {
            console.error('reconnect listener failed:', e);
          }
        }
      }
    };
    ws.onmessage = (ev) => this.#onMessage(String(ev.data));
    ws.onclose = () => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#missed = true;
      setTimeout(() => this.#connect(), this.#retryMs);
      this.#retryMs = Math.min(5000, this.#retryMs * 2);
    };
  }

  #onMessage(raw: string): void {
    const parsed = parseDaemonMessage(raw);
    if (!parsed.ok) {
      console.error('daemon message refused:', parsed.error);
      return;
    }
    const { header, payload } = parsed.value;
    if (header.type === 'unsolicited') {
      for (const l of this.#listeners.get(header.name) ?? []) (l as (p: unknown) => void)(payload);
      return;
    }
    if (header.requestId === null) return;
    const pending = this.#pending.get(header.requestId);
    if (!pending) return;
    if (header.type === 'event') {
      pending.onEvent?.(header.name as EventName);
    } else if (header.type === 'acknowledge' && header.status !== null) {
      this.#settle(header.requestId);
      pending.reject(new DaemonError(header.status, header.errorDescription ?? header.status));
    } else if (header.type === 'completion') {
      this.#settle(header.requestId);
      if (header.completionCode === 'success') pending.resolve(payload);
      else
        pending.reject(
          new DaemonError(header.completionCode, header.errorDescription ?? header.completionCode),
        );
    }
  }

  #settle(id: number): void {
    const p = this.#pending.get(id);
    if (p) clearTimeout(p.timer);
    this.#pending.delete(id);
  }

  request<N extends CommandName>(
    name: N,
    payload: CommandPayload<N>,
    options: RequestOptions = {},
  ): Promise<CompletionPayload<N>> {
    const requestId = this.#nextId++;
    const timeoutMs = options.timeoutMs ?? 15_000;
    const text = JSON.stringify({
      header: { type: 'command', name, requestId, timeout: timeoutMs },
      payload,
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        reject(
          new DaemonError(
            this.#ws?.readyState === WebSocket.OPEN ? 'timeOut' : 'disconnected',
            `${name}: no answer`,
          ),
        );
      }, timeoutMs + 1000);
      this.#pending.set(requestId, {
        resolve: resolve as (p: unknown) => void,
        reject,
        timer,
        onEvent: options.onEvent,
      });
      if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(text);
      else this.#queue.push(text);
    });
  }

  onUnsolicited<N extends UnsolicitedName>(
    name: N,
    listener: (payload: UnsolicitedPayload<N>) => void,
  ): () => void {
    const set = this.#listeners.get(name) ?? new Set();
    set.add(listener as (p: never) => void);
    this.#listeners.set(name, set);
    return () => set.delete(listener as (p: never) => void);
  }

  onReconnect(listener: () => void): () => void {
    this.#reconnectListeners.add(listener);
    return () => this.#reconnectListeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    this.#ws?.close();
  }
}

/** The daemon that served this page. */
export function daemonUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}
