import {
  type AckStatus,
  type CommandName,
  type CommandPayload,
  type CompletionCode,
  type CompletionPayload,
  type EventName,
  type UnsolicitedName,
  type UnsolicitedPayload,
} from '@hall-kiosk/shared';
/** Why a request to the daemon did not succeed. */
export declare class DaemonError extends Error {
  readonly code: Exclude<CompletionCode, 'success'> | AckStatus | 'disconnected';
  constructor(code: Exclude<CompletionCode, 'success'> | AckStatus | 'disconnected', message: string);
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
}
/**
 * The WebSocket connection to the device daemon. Reconnects by itself (with back-off); requests made
 * while it is down wait for it, up to their time-out. Every message from the daemon is validated
 * before anything else sees it.
 */
export declare class DaemonClient implements DaemonApi {
  #private;
  private readonly url;
  constructor(url: string);
  request<N extends CommandName>(
    name: N,
    payload: CommandPayload<N>,
    options?: RequestOptions,
  ): Promise<CompletionPayload<N>>;
  onUnsolicited<N extends UnsolicitedName>(
    name: N,
    listener: (payload: UnsolicitedPayload<N>) => void,
  ): () => void;
  close(): void;
}
/** The daemon that served this page. */
export declare function daemonUrl(location: Location): string;
