import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Translate } from '../i18n/i18n.ts';

/**
 * The inactivity warning: a full screen (never a pop-up), a countdown, and one large button that
 * gives more time. The session machine ends the session when its own timer runs out; this countdown
 * is only what the person sees. The language and 关怀模式 switches stay available.
 */
export function TimeoutWarning({
  t,
  seconds,
  onMoreTime,
  bar,
}: {
  t: Translate;
  seconds: number;
  onMoreTime: () => void;
  /** The hall bar: hall, date, hours, help and the switches, as on every screen. */
  bar: ComponentChildren;
}) {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const id = setInterval(() => setLeft((n) => Math.max(0, n - 1)), 1000);
    return () => clearInterval(id);
  }, []);
  return (
    <div class="timeout" role="alertdialog" aria-labelledby="timeout-title" aria-describedby="timeout-body">
      {bar}
      <div class="timeout-main">
        <h1 id="timeout-title" class="screen-title">
          {t('timeout.title')}
        </h1>
        <p id="timeout-body" class="lead">
          {t('timeout.body', { n: left })}
        </p>
        <button
          type="button"
          class="button primary huge"
          data-testid="more-time"
          onClick={onMoreTime}
          autoFocus
        >
          {t('timeout.moreTime')}
        </button>
      </div>
    </div>
  );
}
