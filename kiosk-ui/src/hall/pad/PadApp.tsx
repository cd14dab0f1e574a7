import { useEffect, useRef, useState } from 'preact/hooks';
import {
  PadRatingResponse,
  PadState,
  RATING_REASONS,
  type PadStaff,
  type RatingReason,
} from '@hall-kiosk/shared';
import { translator } from '../../i18n/catalogues.ts';
import { HallApiError, hallRequest } from '../common/hall-api.ts';
import { words } from '../common/text.ts';
import { useLiveFeed } from '../common/useLiveFeed.ts';
import { leaveIfUnenrolled, useEnrolmentCheck } from '../devices.ts';
import { MESSAGES } from './messages.ts';

const zh = words(MESSAGES, 'zh');
const en = words(MESSAGES, 'en');
// The 好差评 levels and reasons in the kiosk's own words (its rating screen says the same).
const kzh = translator('zh');
const ken = translator('en');

/** The pad goes back to idle after this long without a touch while asking, and after thanking. */
export const PAD_TIMEOUTS = { askMs: 45_000, thanksMs: 5000 };
/** Staff sign in and out at the window without a ticket event: the pad looks again this often. */
const REFRESH_MS = 60_000;
const LEVELS = [5, 4, 3, 2, 1] as const;

type Rating =
  | { step: 'levels'; ticketId: number }
  | { step: 'reasons'; ticketId: number; level: number; reasons: RatingReason[] }
  | { step: 'sending' | 'failed'; ticketId: number; level: number; reasons: RatingReason[] }
  | { step: 'thanks'; ticketId: number }
  | { step: 'already'; ticketId: number };

function newKey(ticketId: number): string {
  return `pad-${ticketId}-${crypto.randomUUID()}`;
}

/**
 * The rating pad at a window (窗口评价器): while a ticket is served it shows who serves (name, 工号,
 * initials in place of a photo) and the number; when the ticket is done it asks the five 好差评
 * levels, for 不满意 / 非常不满意 the reasons, sends the rating once (one key per rating, reused on
 * a retry), thanks, and goes back after a while. Follows its window's live feed with the resync rule.
 */
export function PadApp() {
  const [state, setState] = useState<PadState | null>(null);
  const [rating, setRating] = useState<Rating | null>(null);
  /** Tickets this pad has finished asking about (rated, timed out): not asked again. */
  const closed = useRef(new Set<number>());
  const key = useRef<{ ticketId: number; key: string } | null>(null);
  const [touched, setTouched] = useState(0);

  const refresh = async () => {
    try {
      const s = await hallRequest('GET', '/api/pad/state', { schema: PadState });
      setState(s);
      const t = s.toRate;
      setRating((r) => {
        if (r) return r;
        if (t && !closed.current.has(t.ticketId)) return { step: 'levels', ticketId: t.ticketId };
        return null;
      });
    } catch (e) {
      leaveIfUnenrolled(e);
    }
  };

  const feed = useLiveFeed('/api/pad/events', { resync: refresh, event: () => void refresh() });
  useEnrolmentCheck(feed === 'lost');

  useEffect(() => {
    document.title = `${zh('title')} ${en('title')}`;
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const close = (ticketId: number) => {
    closed.current.add(ticketId);
    setRating(null);
  };

  // Back to idle: after the asking time without a touch, or after thanking.
  useEffect(() => {
    if (!rating || rating.step === 'sending') return;
    const ms =
      rating.step === 'thanks' || rating.step === 'already' ? PAD_TIMEOUTS.thanksMs : PAD_TIMEOUTS.askMs;
    const timer = setTimeout(() => close(rating.ticketId), ms);
    return () => clearTimeout(timer);
  }, [rating, touched]);

  const send = async (ticketId: number, level: number, reasons: RatingReason[]) => {
    setRating({ step: 'sending', ticketId, level, reasons });
    if (key.current?.ticketId !== ticketId) key.current = { ticketId, key: newKey(ticketId) };
    try {
      await hallRequest('POST', '/api/pad/ratings', {
        body: { ticketId, level, reasons, idempotencyKey: key.current.key },
        schema: PadRatingResponse,
      });
      closed.current.add(ticketId);
      setRating({ step: 'thanks', ticketId });
    } catch (e) {
      if (leaveIfUnenrolled(e)) return;
      if (e instanceof HallApiError && e.code === 'idempotencyConflict') key.current = null;
      if (e instanceof HallApiError && (e.code === 'alreadyRated' || e.code === 'notRatable')) {
        closed.current.add(ticketId);
        setRating({ step: 'already', ticketId });
      } else setRating({ step: 'failed', ticketId, level, reasons });
    }
  };

  const choose = (level: number) => {
    if (!rating) return;
    setTouched((n) => n + 1);
    if (level <= 2) setRating({ step: 'reasons', ticketId: rating.ticketId, level, reasons: [] });
    else void send(rating.ticketId, level, []);
  };

  const toRate = state?.toRate && rating && state.toRate.ticketId === rating.ticketId ? state.toRate : null;
  return (
    <main
      class="hall-device hall-pad"
      data-live={feed}
      data-step={rating?.step ?? (state?.serving ? 'serving' : 'idle')}
    >
      {feed === 'lost' && (
        <p class="pad-lost" role="alert">
          {zh('lost')} · {en('lost')}
        </p>
      )}
      {rating ? (
        <RatingView
          rating={rating}
          ticketNumber={toRate?.number ?? null}
          staff={toRate?.staff ?? null}
          onLevel={choose}
          onToggle={(reason) => {
            setTouched((n) => n + 1);
            if (rating.step !== 'reasons') return;
            const has = rating.reasons.includes(reason);
            setRating({
              ...rating,
              reasons: has ? rating.reasons.filter((r) => r !== reason) : [...rating.reasons, reason],
            });
          }}
          onSubmit={() => {
            if (rating.step === 'reasons' || rating.step === 'failed')
              void send(rating.ticketId, rating.level, rating.reasons);
          }}
        />
      ) : (
        <section class="pad-serving">
          <StaffCard staff={state?.staff ?? null} window={state?.counter.name ?? ''} />
          <p class="pad-now" data-testid="pad-now">
            {state?.serving ? (
              <>
                {zh('serving', { number: state.serving.number })}
                <br />
                <span class="en">{en('serving', { number: state.serving.number })}</span>
              </>
            ) : (
              <>
                {zh('welcome')} <span class="en">{en('welcome')}</span>
              </>
            )}
          </p>
        </section>
      )}
    </main>
  );
}

function StaffCard({ staff, window }: { staff: PadStaff | null; window: string }) {
  if (!staff)
    return (
      <div class="pad-staff" data-testid="pad-staff">
        <p class="pad-window">{window}</p>
        <p>
          {zh('nobody')} <span class="en">{en('nobody')}</span>
        </p>
      </div>
    );
  return (
    <div class="pad-staff" data-testid="pad-staff">
      {staff.photo ? (
        // The photo of the person at this window (the number in the address changes it with them).
        <img
          class="pad-avatar pad-photo"
          src={`/api/pad/staff-photo?number=${encodeURIComponent(staff.number)}`}
          alt=""
          data-testid="pad-photo"
        />
      ) : (
        <div class="pad-avatar" aria-hidden="true">
          {staff.initials}
        </div>
      )}
      <div>
        <p class="pad-window">{window}</p>
        <p class="pad-staff-name">{staff.name}</p>
        <p class="pad-staff-number">
          {zh('staffNumber', { number: staff.number })} · {en('staffNumber', { number: staff.number })}
        </p>
      </div>
    </div>
  );
}

function RatingView(p: {
  rating: Rating;
  ticketNumber: string | null;
  staff: PadStaff | null;
  onLevel: (level: number) => void;
  onToggle: (reason: RatingReason) => void;
  onSubmit: () => void;
}) {
  const r = p.rating;
  if (r.step === 'thanks' || r.step === 'already') {
    const k = r.step === 'thanks' ? 'thanks' : 'already';
    return (
      <section class="pad-thanks" role="status" data-testid="pad-thanks">
        <p class="pad-title">{zh(k)}</p>
        <p class="en">{en(k)}</p>
      </section>
    );
  }
  return (
    <section class="pad-rating" data-testid="pad-rating">
      <h1 class="pad-title">
        {zh('rateTitle')} <span class="en">{en('rateTitle')}</span>
      </h1>
      {p.ticketNumber && (
        <p class="pad-ticket">
          {zh('rateTicket', { number: p.ticketNumber })} · {en('rateTicket', { number: p.ticketNumber })}
        </p>
      )}
      {p.staff && (
        <p class="pad-served-by">
          {zh('rateServedBy', { name: p.staff.name, number: p.staff.number })}
          <br />
          <span class="en">{en('rateServedBy', { name: p.staff.name, number: p.staff.number })}</span>
        </p>
      )}
      {r.step === 'levels' ? (
        <div class="pad-levels">
          {LEVELS.map((level) => (
            <button
              key={level}
              type="button"
              class={`button pad-level level-${level}`}
              data-level={level}
              onClick={() => p.onLevel(level)}
            >
              {kzh(`rating.level${level}`)}
              <span class="en">{ken(`rating.level${level}`)}</span>
            </button>
          ))}
        </div>
      ) : (
        <>
          {r.level <= 2 && (
            <p class="pad-reasons-title">
              {kzh('rating.reasonsTitle')} <span class="en">{ken('rating.reasonsTitle')}</span>
            </p>
          )}
          <div class="pad-reasons" hidden={r.level > 2}>
            {RATING_REASONS.map((reason) => (
              <button
                key={reason}
                type="button"
                class="button secondary pad-reason"
                aria-pressed={r.reasons.includes(reason)}
                disabled={r.step === 'sending'}
                onClick={() => p.onToggle(reason)}
              >
                {kzh(`rating.reason.${reason}`)}
                <span class="en">{ken(`rating.reason.${reason}`)}</span>
              </button>
            ))}
          </div>
          {r.step === 'failed' && (
            <p class="pad-failed" role="alert">
              {zh('failed')} · {en('failed')}
            </p>
          )}
          <button
            type="button"
            class="button primary huge"
            data-testid="pad-submit"
            disabled={r.step === 'sending'}
            onClick={p.onSubmit}
          >
            {r.step === 'sending' ? `${zh('sending')} ${en('sending')}` : `${zh('submit')} ${en('submit')}`}
          </button>
        </>
      )}
    </section>
  );
}
