import { useEffect, useRef, useState } from 'preact/hooks';

/** A ticket event of the hall's live feed (hall-server/src/store.ts HallEvent). */
export type HallFeedEvent = {
  id: number;
  ticketId: number;
  event: 'issued' | 'reprinted' | 'called' | 'recalled' | 'transferred' | 'done' | 'noShow';
  areaId: string;
  counterId: string | null;
  /** A `transferred` event sent to one window: that window. */
  toCounterId?: string | null;
  at: string;
};

export type FeedState = 'connecting' | 'live' | 'lost';

/** After the server closed a stream with an error answer, a new one is opened this much later. */
export const RECONNECT_MS = 3000;

/**
 * A stream silent this long is dead: the hall server sends `event: beat` every 15 s
 * (hall-server/src/http/sse.ts), so silence means a half-open link (a dead switch port, a NAT that
 * forgot the flow) that EventSource alone would wait on for many minutes. The page then says the
 * connection is lost and opens a new stream; a stream that does not open within this time is
 * replaced the same way.
 */
export const SILENT_MS = 20_000;

/**
 * Follows an SSE stream of the hall server (`url`), with the resync rule: every time the stream
 * (re)opens, `resync` runs (the page fetches its whole state), and only then are events applied; a
 * page therefore never misses what happened while it was disconnected. `state` is `lost` while the
 * stream is down (the page says so and marks what it shows as stale); EventSource reconnects by itself,
 * after an error answer (which stops an EventSource) a new one is opened, and a stream that says
 * nothing (no event, no heartbeat) for `SILENT_MS` is closed and replaced.
 */
export function useLiveFeed(
  url: string | null,
  handlers: { resync: () => Promise<void> | void; event?: (e: HallFeedEvent) => void },
): FeedState {
  const [state, setState] = useState<FeedState>('connecting');
  const h = useRef(handlers);
  h.current = handlers;
  useEffect(() => {
    if (!url) return;
    let source: EventSource;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let silence: ReturnType<typeof setTimeout> | undefined;
    let pending: HallFeedEvent[] | null = null;
    /** Anything heard from the stream: it is alive for another SILENT_MS. */
    const heard = () => {
      clearTimeout(silence);
      silence = setTimeout(() => {
        setState('lost');
        source.close();
        clearTimeout(reopen);
        open();
      }, SILENT_MS);
    };
    const open = () => {
      source = new EventSource(url);
      heard();
      source.addEventListener('beat', heard);
      source.onopen = () => {
        heard();
        pending = [];
        void Promise.resolve(h.current.resync())
          .catch(() => undefined)
          .finally(() => {
            const queued = pending ?? [];
            pending = null;
            setState('live');
            for (const e of queued) h.current.event?.(e);
          });
      };
      source.onerror = () => {
        setState('lost');
        // A network error reconnects by itself; an HTTP error answer (a 5xx while the hall server
        // starts, a 401) closes the EventSource for good, so a new one is opened after a pause.
        if (source.readyState === EventSource.CLOSED) reopen = setTimeout(open, RECONNECT_MS);
      };
      source.addEventListener('ticket', (m) => {
        heard();
        let e: HallFeedEvent;
        try {
          e = JSON.parse((m as MessageEvent<string>).data) as HallFeedEvent;
        } catch {
          return;
        }
        if (pending) pending.push(e);
        else h.current.event?.(e);
      });
    };
    open();
    return () => {
      clearTimeout(reopen);
      clearTimeout(silence);
      source.close();
    };
  }, [url]);
  return state;
}
