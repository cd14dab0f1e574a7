import type { ActorRefFrom } from 'xstate';
import { RATING_REASONS } from '@hall-kiosk/shared/browser';
import type { RatingReason } from '@hall-kiosk/shared';
import { useActorSnapshot } from '../../hooks/useActorSnapshot.ts';
import type { Translate } from '../../i18n/i18n.ts';
import type { MessageKey } from '../../i18n/zh.ts';
import type { ratingMachine } from './rating.machine.ts';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard.tsx';
import { useState } from 'preact/hooks';

const LEVEL_KEYS: Record<number, MessageKey> = {
  5: 'rating.level5',
  4: 'rating.level4',
  3: 'rating.level3',
  2: 'rating.level2',
  1: 'rating.level1',
};

const REASON_TEXT: Record<RatingReason, MessageKey> = {
  waitTooLong: 'rating.reason.waitTooLong',
  staffAttitude: 'rating.reason.staffAttitude',
  unclearGuide: 'rating.reason.unclearGuide',
  missingMaterialsNotTold: 'rating.reason.missingMaterialsNotTold',
  systemFault: 'rating.reason.systemFault',
  notSolved: 'rating.reason.notSolved',
  other: 'rating.reason.other',
};

export function ratingTitle(flow: ActorRefFrom<typeof ratingMachine>, t: Translate): string {
  const s = flow.getSnapshot();
  if (s.matches('reasons')) return t('rating.reasonsTitle');
  if (s.matches('thanks') || s.matches('submitting')) return t('rating.thanks');
  return t('rating.title');
}

/** 好差评: five large buttons, a reasons list for the two 差评 levels, and "skip" always there. */
export function RatingScreens({ flow, t }: { flow: ActorRefFrom<typeof ratingMachine>; t: Translate }) {
  const s = useActorSnapshot(flow);
  const [typing, setTyping] = useState(false);
  const skip = (
    <button
      type="button"
      class="button secondary"
      data-testid="rating-skip"
      onClick={() => flow.send({ type: 'user.skip' })}
    >
      {t('rating.skip')}
    </button>
  );
  if (s.matches('reasons')) {
    return (
      <div class="stack" data-testid="rating-reasons">
        <p class="lead">{t('rating.reasonsHint')}</p>
        <div class="row chips">
          {RATING_REASONS.map((r) => (
            <button
              key={r}
              type="button"
              class={s.context.reasons.includes(r) ? 'button primary' : 'button secondary'}
              aria-pressed={s.context.reasons.includes(r)}
              data-testid={`reason-${r}`}
              onClick={() => flow.send({ type: 'user.toggleReason', reason: r })}
            >
              {t(REASON_TEXT[r])}
            </button>
          ))}
        </div>
        {typing ? (
          <div class="stack">
            <p class="search-box" data-testid="rating-comment" aria-live="polite">
              <span class="meta">{t('rating.commentLabel')}</span> <strong>{s.context.comment || '…'}</strong>
            </p>
            <p class="meta" data-testid="rating-numbers-hidden">
              {t('rating.numbersHidden')}
            </p>
            <OnScreenKeyboard
              t={t}
              onKey={(key) => flow.send({ type: 'user.commentKey', key })}
              onBackspace={() => flow.send({ type: 'user.commentBackspace' })}
              onClear={() => {
                for (let i = 0; i < s.context.comment.length; i++)
                  flow.send({ type: 'user.commentBackspace' });
              }}
            />
          </div>
        ) : (
          <button
            type="button"
            class="button secondary"
            data-testid="rating-add-comment"
            onClick={() => setTyping(true)}
          >
            {t('rating.addComment')}
          </button>
        )}
        <div class="row">
          <button
            type="button"
            class="button primary"
            data-testid="rating-submit"
            onClick={() => flow.send({ type: 'user.submit' })}
          >
            {t('rating.submit')}
          </button>
          {skip}
        </div>
      </div>
    );
  }
  if (s.matches('thanks') || s.matches('submitting')) {
    return (
      <p class="lead" role="status" data-testid="rating-thanks">
        {t('rating.thanksBody')}
      </p>
    );
  }
  return (
    <div class="stack" data-testid="rating">
      <p class="lead">{t('rating.question')}</p>
      <div class="rating-levels">
        {[5, 4, 3, 2, 1].map((level) => (
          <button
            key={level}
            type="button"
            class="choice rating-level"
            data-testid={`rate-${level}`}
            onClick={() => flow.send({ type: 'user.rate', level })}
          >
            <span class="stars" aria-hidden="true">
              {'★'.repeat(level)}
              {'☆'.repeat(5 - level)}
            </span>
            <span class="choice-label">{t(LEVEL_KEYS[level]!)}</span>
          </button>
        ))}
      </div>
      <div class="row">{skip}</div>
    </div>
  );
}
