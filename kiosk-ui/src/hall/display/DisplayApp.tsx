import { useEffect, useRef, useState } from 'preact/hooks';
import { DisplayState, type HallCall } from '@hall-kiosk/shared';
import { hallRequest } from '../common/hall-api.ts';
import { words } from '../common/text.ts';
import { useLiveFeed } from '../common/useLiveFeed.ts';
import { leaveIfUnenrolled, useEnrolmentCheck } from '../devices.ts';
import { MESSAGES } from './messages.ts';
import { browserSpeaker, callsToSpeak, type Speaker } from './speech.ts';

const zh = words(MESSAGES, 'zh');
const en = words(MESSAGES, 'en');

/**
 * A zone display (叫号显示屏), read from metres away: the latest call very large, the calls before
 * it, and the waiting count per area; each new call is spoken in Chinese and English. It follows the
 * live feed of its zone: after every (re)connect and after each event it fetches the zone's state
 * (the resync rule), so a hall server restart costs nothing but the seconds it is down — meanwhile it
 * says the connection is lost and marks the calls stale. A revoked credential sends it to /enrol.
 */
export function DisplayApp({ speak = browserSpeaker() }: { speak?: Speaker }) {
  const [state, setState] = useState<DisplayState | null>(null);
  const lastSpoken = useRef<number | null>(null);
  const fetching = useRef<Promise<void> | null>(null);
  const again = useRef(false);

  const refresh = async (): Promise<void> => {
    if (fetching.current) {
      again.current = true;
      return fetching.current;
    }
    const run = (async () => {
      do {
        again.current = false;
        try {
          const s = await hallRequest('GET', '/api/display/state', { schema: DisplayState });
          for (const c of callsToSpeak(s.calls, lastSpoken.current, Date.parse(s.now))) speak(c.text);
          const newest = s.calls[0]?.eventId ?? 0;
          lastSpoken.current = Math.max(lastSpoken.current ?? 0, newest);
          setState(s);
        } catch (e) {
          if (leaveIfUnenrolled(e)) return;
        }
      } while (again.current);
    })();
    fetching.current = run;
    try {
      await run;
    } finally {
      fetching.current = null;
    }
  };

  const feed = useLiveFeed('/api/display/events', {
    resync: refresh,
    event: () => void refresh(),
  });
  useEnrolmentCheck(feed === 'lost');

  useEffect(() => {
    document.title = `${zh('title')} ${en('title')}`;
  }, []);

  const stale = feed !== 'live';
  const [latest, ...earlier] = state?.calls ?? [];
  const zone = state?.zone;
  return (
    <main class="hall-device hall-zone-display" data-live={feed} data-stale={stale ? 'yes' : 'no'}>
      <header class="zone-bar">
        <span class="zone-hall">{state ? `${state.hallName.zh} ${state.hallName.en}` : ''}</span>
        <span class="zone-name" data-testid="zone-name">
          {zone ? `${zone.name.zh} ${zone.name.en}` : `${zh('allAreas')} ${en('allAreas')}`}
        </span>
      </header>
      {stale && (
        <p class="zone-lost" role="alert" data-testid="display-lost">
          {feed === 'lost' ? `${zh('lost')} · ${en('lost')}` : `${zh('connecting')} ${en('connecting')}`}
        </p>
      )}
      <section class="zone-latest" aria-live="assertive" data-testid="display-latest">
        {latest ? <LatestCall call={latest} /> : <p class="zone-none">{`${zh('none')} · ${en('none')}`}</p>}
      </section>
      <div class="zone-lower">
        <table class="zone-calls" data-testid="display-calls">
          <caption>
            {zh('earlier')} {en('earlier')}
          </caption>
          <thead>
            <tr>
              <th>
                {zh('number')} <span class="en">{en('number')}</span>
              </th>
              <th>
                {zh('window')} <span class="en">{en('window')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {earlier.map((c) => (
              <tr key={c.eventId}>
                <td class="zone-call-number">
                  {c.number}
                  {c.offline && <OfflineMark />}
                </td>
                <td>{c.counterName}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ul
          class="zone-waiting"
          aria-label={`${zh('waiting')} ${en('waiting')}`}
          data-testid="display-waiting"
        >
          {state?.areas.map((a) => (
            <li key={a.id} data-area={a.id}>
              <span class="zone-area-name">
                {a.prefix} {a.name.zh} <span class="en">{a.name.en}</span>
              </span>
              <span class="zone-area-count">
                {a.waiting}
                <span class="visually-hidden">
                  {' '}
                  {zh('waiting')} {en('waiting')}
                </span>
              </span>
            </li>
          ))}
        </ul>
      </div>
    </main>
  );
}

function LatestCall({ call }: { call: HallCall }) {
  return (
    <>
      <p class="zone-number" data-testid="display-number">
        {call.number}
      </p>
      {call.offline && <OfflineMark />}
      <p class="zone-window">
        {zh('goTo', { window: call.window.zh })}
        <span class="en"> {en('goTo', { window: call.window.en })}</span>
      </p>
      {call.recall && <p class="zone-recall">{`${zh('recall')} ${en('recall')}`}</p>}
    </>
  );
}

/** A ticket that arrived late from a kiosk that could not reach the hall: a small mark, in words. */
function OfflineMark() {
  return (
    <small class="zone-offline" data-testid="display-offline">
      {` ${zh('offline')} ${en('offline')}`}
    </small>
  );
}
