import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { Locale } from '@hall-kiosk/shared';
import { hallRequest } from '../common/hall-api.ts';
import { mayUse, notAllowedText, StaffSignIn, useStaffSession } from '../common/StaffSignIn.tsx';
import { supervisorWords } from './format.ts';
import { LiveView } from './LiveView.tsx';
import { ReportView } from './ReportView.tsx';

/** The hall's layout as every page reads it (GET /api/hall). */
export type HallLayout = {
  name: { zh: string; en: string };
  areas: Array<{ id: string; prefix: string; name: { zh: string; en: string } }>;
};

/**
 * The supervisors' page: `/supervisor` the hall now (refetched on every ticket event of the live feed
 * and every 5 s for what is not a ticket event: 帮办 calls, ratings, pauses), `/supervisor/report` the
 * daily report (日通报) of a chosen day, printable on A4 and downloadable as CSV.
 */
export function SupervisorApp() {
  const [locale, setLocale] = useState<Locale>('zh');
  const t = supervisorWords(locale);
  const session = useStaffSession();
  const [layout, setLayout] = useState<HallLayout | null>(null);
  const report = location.pathname.replace(/\/$/, '').endsWith('/report');

  useLayoutEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
    document.title = report ? t('reportTitle') : t('title');
  }, [locale, report]);
  useEffect(() => {
    void hallRequest('GET', '/api/hall')
      .then((h) => setLayout(h as HallLayout))
      .catch(() => undefined);
  }, []);

  const me = session.me;
  let body;
  if (me === undefined || !layout) body = <p role="status">{t('loading')}</p>;
  else if (me === null) body = <StaffSignIn locale={locale} onSignedIn={() => void session.refresh()} />;
  else if (!mayUse(me.role, 'supervisor'))
    body = (
      <p class="warning-box" role="alert">
        {notAllowedText(locale, 'supervisor')}
      </p>
    );
  else if (report) body = <ReportView t={t} locale={locale} layout={layout} />;
  else body = <LiveView t={t} locale={locale} layout={layout} />;

  return (
    <div class="desk">
      <header class="desk-bar">
        <h1>
          {layout?.name[locale] ?? ''} · {report ? t('reportTitle') : t('title')}
        </h1>
        <nav class="desk-actions">
          {me && (
            <a class="button secondary" href={report ? '/supervisor' : '/supervisor/report'}>
              {report ? t('toLive') : t('toReport')}
            </a>
          )}
          <button
            type="button"
            class="button secondary"
            lang={locale === 'zh' ? 'en' : 'zh-CN'}
            onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}
          >
            {t('otherLanguage')}
          </button>
          {me && (
            <button type="button" class="button secondary" onClick={() => void session.signOut()}>
              {me.name} · {t('signOut')}
            </button>
          )}
        </nav>
      </header>
      <main class="desk-main">{body}</main>
    </div>
  );
}
