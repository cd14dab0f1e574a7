import type { HallEvent } from '../store.ts';
import type { HallServices } from '../hall.ts';
import { SECURITY_HEADERS } from './respond.ts';
import type { RouteContext } from './server.ts';

/** How often an open stream says it is alive. */
export const HEARTBEAT_MS = 15_000;

/**
 * Streams the hall's live feed to one page as Server-Sent Events: `event: ticket` with a HallEvent
 * (ids, kinds, areas, windows — nothing personal) and the event's id as the SSE id, and every
 * `HEARTBEAT_MS` an `event: beat` whose data is the hall's clock (ms): it keeps proxies from closing an
 * idle stream, and a page that hears nothing for `SILENT_MS` (useLiveFeed) knows the stream is dead
 * even when the connection is half-open (a comment would not do: EventSource never shows comments to
 * the page). The stream says nothing about what happened
 * before it opened: a page fetches its full state after every (re)connect and then applies events
 * (the hint/resync rule of docs/hall.md). `keep` chooses the events this page needs. The stream ends
 * when the client goes, or when `stillAllowed` (checked with each heartbeat) says the session ended.
 */
export function openEventStream(
  ctx: RouteContext<HallServices>,
  options: { keep?: (e: HallEvent) => boolean; stillAllowed?: () => Promise<boolean> } = {},
): void {
  const { res, req, hall } = ctx;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    connection: 'keep-alive',
  });
  res.write(`retry: 2000\n: live since ${hall.live.lastId}\n\n`);
  const onEvent = (e: HallEvent) => {
    if (options.keep && !options.keep(e)) return;
    res.write(`id: ${e.id}\nevent: ticket\ndata: ${JSON.stringify(e)}\n\n`);
  };
  hall.live.on('event', onEvent);
  let beat: ReturnType<HallServices['clock']['setTimeout']> | null = null;
  const heartbeat = () => {
    beat = hall.clock.setTimeout(() => {
      void (async () => {
        if (options.stillAllowed && !(await options.stillAllowed().catch(() => false))) {
          end();
          return;
        }
        res.write(`event: beat\ndata: ${hall.clock.now()}\n\n`);
        heartbeat();
      })();
    }, HEARTBEAT_MS);
  };
  const end = () => {
    hall.live.off('event', onEvent);
    if (beat) hall.clock.clearTimeout(beat);
    beat = null;
    res.end();
  };
  req.on('close', end);
  heartbeat();
}
