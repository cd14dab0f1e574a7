import { useLayoutEffect } from 'preact/hooks';
import type { ActorRefFrom } from 'xstate';
import type { Locale, Matter } from '@hall-kiosk/shared';
import { useActorSnapshot } from '../../hooks/useActorSnapshot.ts';
import type { Translate } from '../../i18n/i18n.ts';
import type { MessageKey } from '../../i18n/zh.ts';
import { OnScreenKeyboard } from '../../components/OnScreenKeyboard.tsx';
import type { guideMachine } from './guide.machine.ts';

type Props = { flow: ActorRefFrom<typeof guideMachine>; t: Translate; locale: Locale };

export function guideTitle(flow: ActorRefFrom<typeof guideMachine>, t: Translate, locale: Locale): string {
  const s = flow.getSnapshot();
  if ((s.matches('viewing') || s.matches('printing')) && s.context.matter)
    return s.context.matter.name[locale];
  return t('guide.title');
}

const FORM_KEYS: Record<Matter['materials'][number]['form'], MessageKey> = {
  original: 'guide.form.original',
  copy: 'guide.form.copy',
  originalAndCopy: 'guide.form.originalAndCopy',
};

function visitsText(visits: number, t: Translate): string {
  return visits === 0
    ? t('guide.visits0')
    : visits === 1
      ? t('guide.visits1')
      : t('guide.visitsN', { n: visits });
}

/** The guide, readable standing up: what to bring first (what people need most), then the rest. */
function GuideView({ matter, t, locale }: { matter: Matter; t: Translate; locale: Locale }) {
  const l = (x: { zh: string; en: string }) => x[locale];
  return (
    // A long guide scrolls by itself; focusable so it can also be scrolled without touch.
    <div
      class="guide"
      data-testid="guide"
      data-scrolls="text"
      tabIndex={0}
      role="region"
      aria-label={matter.name[locale]}
    >
      <p class="badge">{visitsText(matter.visits, t)}</p>
      <p class="meta">
        {t('guide.code', { code: matter.code })} · {l(matter.department)}
      </p>
      <h2>{t('guide.materials')}</h2>
      <ol class="materials" data-testid="guide-materials">
        {matter.materials.map((m, i) => (
          <li key={i}>
            <strong>{l(m.name)}</strong> — {t(FORM_KEYS[m.form])} × {m.count}
            {m.note && <span class="meta"> ({l(m.note)})</span>}
          </li>
        ))}
      </ol>
      <h2>{t('guide.timeAndFees')}</h2>
      <p>
        {t('guide.days', { promised: matter.promisedDays, legal: matter.legalDays })} · {l(matter.fees)}
      </p>
      {matter.conditions.length > 0 && (
        <>
          <h2>{t('guide.conditions')}</h2>
          <ul>
            {matter.conditions.map((c, i) => (
              <li key={i}>{l(c)}</li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('guide.steps')}</h2>
      <ol>
        {matter.steps.map((s, i) => (
          <li key={i}>{l(s)}</li>
        ))}
      </ol>
      {matter.online && <p>{t('guide.online', { url: matter.online.url })}</p>}
      {matter.faq.map((f, i) => (
        <p key={i}>
          <strong>{l(f.q)}</strong> {l(f.a)}
        </p>
      ))}
      {(matter.contact.phone || matter.contact.place) && (
        <p class="meta">
          {t('guide.contact')}: {matter.contact.place ? l(matter.contact.place) : ''}{' '}
          {matter.contact.phone ?? ''}
        </p>
      )}
    </div>
  );
}

export function GuideScreens({ flow, t, locale }: Props) {
  const s = useActorSnapshot(flow);
  const c = s.context;
  const ready = s.matches({ finding: 'ready' });
  // The page's own marker of which query the results on screen answer (benchmarks wait for it).
  useLayoutEffect(() => {
    if (ready) document.documentElement.dataset.searchedFor = c.query.trim();
  }, [ready, c.query, c.results]);
  if (s.matches('viewing') || s.matches('printing') || s.matches('opening')) {
    if (!c.matter || s.matches('opening')) {
      return (
        <p class="notice" role="status">
          {t('ticket.loading')}
        </p>
      );
    }
    return (
      <div class="guide-page">
        <GuideView matter={c.matter} t={t} locale={locale} />
        {c.print && (
          <p class={c.print.print.printed ? 'notice-box' : 'warning-box'} role="status">
            {c.print.print.printed ? t('guide.printed') : t('guide.notPrinted')}
          </p>
        )}
        <div class="row">
          <button
            type="button"
            class="button primary"
            disabled={s.matches('printing')}
            onClick={() => flow.send({ type: 'user.print' })}
          >
            {s.matches('printing') ? t('guide.printing') : t('guide.print')}
          </button>
          <button type="button" class="button secondary" onClick={() => flow.send({ type: 'user.back' })}>
            {t('nav.back')}
          </button>
          <button
            type="button"
            class="button secondary"
            data-testid="finish"
            onClick={() => flow.send({ type: 'user.finish' })}
          >
            {t('ticket.finish')}
          </button>
        </div>
      </div>
    );
  }
  const searching = c.query.trim().length > 0;
  return (
    <div class="guide-finder">
      <p class="search-box finder-query" data-testid="search-query" aria-live="polite">
        <span class="meta">{t('guide.searchLabel')}</span> <strong>{c.query || '…'}</strong>
      </p>
      <OnScreenKeyboard
        t={t}
        onKey={(key) => flow.send({ type: 'user.key', key })}
        onBackspace={() => flow.send({ type: 'user.backspace' })}
        onClear={() => flow.send({ type: 'user.clear' })}
      />
      <div class="finder-browse" data-scrolls="list">
        {!searching && (
          <div class="finder-chips stack">
            <div class="row chips" role="group" aria-label={t('guide.byArea')}>
              {c.areas.map((a) => (
                <button
                  key={a.id}
                  type="button"
                  class={c.areaId === a.id ? 'button primary' : 'button secondary'}
                  aria-pressed={c.areaId === a.id}
                  data-testid={`browse-area-${a.id}`}
                  onClick={() =>
                    flow.send({ type: 'user.filterArea', areaId: c.areaId === a.id ? null : a.id })
                  }
                >
                  {a.name[locale]}
                </button>
              ))}
            </div>
            {c.areaId && (
              <div
                class="row chips"
                data-testid="browse-departments"
                role="group"
                aria-label={t('guide.byDepartment')}
              >
                {c.departments.map((d) => (
                  <button
                    key={d.zh}
                    type="button"
                    class={c.department === d.zh ? 'button primary' : 'button secondary'}
                    aria-pressed={c.department === d.zh}
                    onClick={() =>
                      flow.send({
                        type: 'user.filterDepartment',
                        department: c.department === d.zh ? null : d.zh,
                      })
                    }
                  >
                    {d[locale]}
                  </button>
                ))}
              </div>
            )}
            <div class="row chips" role="group" aria-label={t('guide.byLifeEvent')}>
              {c.lifeEvents.map((e) => (
                <button
                  key={e.id}
                  type="button"
                  class={c.lifeEventId === e.id ? 'button primary' : 'button secondary'}
                  aria-pressed={c.lifeEventId === e.id}
                  onClick={() =>
                    flow.send({
                      type: 'user.filterLifeEvent',
                      lifeEventId: c.lifeEventId === e.id ? null : e.id,
                    })
                  }
                >
                  {e.name[locale]}
                </button>
              ))}
            </div>
          </div>
        )}
        <p class="meta finder-count" role="status" data-testid="result-count">
          {s.matches({ finding: 'failed' }) ? t('ticket.unavailable.body') : t('guide.found', { n: c.total })}
        </p>
        <ul class="results finder-results" data-testid="results">
          {c.results.map((m) => (
            <li key={m.code}>
              <button
                type="button"
                class="result"
                data-testid={`matter-${m.code}`}
                onClick={() => flow.send({ type: 'user.open', code: m.code })}
              >
                <span class="result-name">{m.name[locale]}</span>
                <span class="meta">
                  {m.department[locale]} · {visitsText(m.visits, t)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
