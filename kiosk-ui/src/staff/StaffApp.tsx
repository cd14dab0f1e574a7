import { useLayoutEffect, useState } from 'preact/hooks';
import type { Locale } from '@hall-kiosk/shared';
import { staffTranslator } from '../i18n/staff-i18n.ts';
import { CounterChooser } from './counter/CounterChooser.tsx';
import { CounterDesk } from './counter/CounterDesk.tsx';
import { useCounterApi } from './counter/useCounterApi.ts';
import { PinLogin } from './PinLogin.tsx';

/**
 * The counter page for staff: sign in, pick a counter, then call next, recall, transfer, no-show and
 * done. It shows ticket numbers only — nothing personal is on a ticket. The state and requests are in
 * `useCounterApi`; the chooser and the desk are components of their own.
 */
export function StaffApp() {
  const [locale, setLocale] = useState<Locale>('zh');
  const t = staffTranslator(locale);
  const staff = useCounterApi(t);
  const { setup, view } = staff;

  useLayoutEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
    document.title = t('staff.title');
  }, [locale]);

  const areaName = (id: string) => setup?.areas.find((a) => a.id === id)?.name[locale] ?? id;

  let body;
  if (!staff.signedIn) body = <PinLogin t={t} onSignedIn={staff.signIn} />;
  else if (!setup) body = <p role="status">{t('ticket.loading')}</p>;
  else if (!staff.counterId || !view)
    body = (
      <CounterChooser t={t} counters={setup.counters} areaName={areaName} onChoose={staff.chooseCounter} />
    );
  else
    body = (
      <CounterDesk
        t={t}
        locale={locale}
        view={view}
        areas={setup.areas}
        areaName={areaName}
        onAct={(action, toAreaId, done) => void staff.act(action, toAreaId, done)}
      />
    );

  return (
    <div class="shell staff">
      <header class="shell-bar">
        <h1 class="shell-title">{t('staff.title')}</h1>
        <div class="row">
          <button
            type="button"
            class="button secondary"
            lang={locale === 'zh' ? 'en' : 'zh-CN'}
            onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}
          >
            {t('lang.other')}
          </button>
          {staff.signedIn && (
            <button type="button" class="button secondary" onClick={staff.signOut}>
              {t('staff.signOut')}
            </button>
          )}
        </div>
      </header>
      <main class="shell-main">
        {staff.error && (
          <p class="warning-box" role="alert">
            {staff.error}
          </p>
        )}
        {body}
      </main>
    </div>
  );
}
