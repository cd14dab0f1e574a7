import type { ActorRefFrom } from 'xstate';
import { useActorSnapshot } from '../../hooks/useActorSnapshot.ts';
import type { Translate } from '../../i18n/i18n.ts';
import type { MessageKey } from '../../i18n/zh.ts';
import type { IdentifyFailure, identifyMachine } from './identify.machine.ts';

const FAILURE_TEXT: Record<IdentifyFailure, MessageKey> = {
  cardMoved: 'identify.failed.cardMoved',
  readFailed: 'identify.failed.cardMoved',
  cardRemoved: 'identify.failed.cardRemoved',
  unreadable: 'identify.failed.unreadable',
  invalidNumber: 'identify.failed.unreadable',
  samError: 'identify.failed.reader',
  timeOut: 'identify.failed.reader',
  noReader: 'identify.failed.reader',
};

/** The title for the shell while identifying. */
export function identifyTitle(flow: ActorRefFrom<typeof identifyMachine>, t: Translate): string {
  const s = flow.getSnapshot();
  if (s.matches('greeting')) return t('identify.greetingTitle');
  if (s.matches('failed')) return t('identify.failedTitle');
  return t('identify.title');
}

/** The identify step: where to put the card, reading, a greeting with the masked name, or what to do. */
export function IdentifyScreens({ flow, t }: { flow: ActorRefFrom<typeof identifyMachine>; t: Translate }) {
  const s = useActorSnapshot(flow);
  const { identity, failure, allowWithoutCard } = s.context;
  const noCard = allowWithoutCard && (
    <button
      type="button"
      class="button secondary"
      data-testid="no-card"
      onClick={() => flow.send({ type: 'user.noCard' })}
    >
      {t('identify.noCard')}
    </button>
  );

  if (s.matches({ waiting: 'placeCard' })) {
    return (
      <div class="identify" data-testid="identify-place">
        <div class="card-reader" aria-hidden="true">
          <div class="card-reader-pad" />
          <div class="card-reader-card" />
        </div>
        <p class="lead" role="status">
          {t('identify.placeCard')}
        </p>
        <p class="meta">{t('identify.placeCardHint')}</p>
        <div class="row">{noCard}</div>
      </div>
    );
  }
  if (s.matches({ waiting: 'reading' })) {
    return (
      <div class="progress" role="status">
        <div class="spinner" aria-hidden="true" />
        <p class="lead">{t('identify.reading')}</p>
      </div>
    );
  }
  if (s.matches('greeting') && identity) {
    return (
      <div class="identify" data-testid="identify-greeting">
        <div class="photo-placeholder" aria-hidden="true" />
        <p class="lead" data-testid="masked-name">
          {t('identify.greeting', { name: identity.maskedName })}
        </p>
        <p class="meta" data-testid="masked-number">
          {identity.maskedNumber}
        </p>
        <p class="meta">{t('identify.removeCard')}</p>
        <button
          type="button"
          class="button primary"
          data-testid="identify-continue"
          onClick={() => flow.send({ type: 'user.continue' })}
        >
          {t('identify.continue')}
        </button>
      </div>
    );
  }
  if (s.matches('failed') && failure) {
    return (
      <div class="warning-box" role="alert" data-testid="identify-failed" data-reason={failure}>
        <p class="lead">{t(FAILURE_TEXT[failure])}</p>
        <div class="row">
          <button
            type="button"
            class="button primary"
            data-testid="identify-retry"
            onClick={() => flow.send({ type: 'user.retry' })}
          >
            {t('identify.retry')}
          </button>
          {noCard}
        </div>
      </div>
    );
  }
  return null;
}
