import { useLayoutEffect, useState } from 'preact/hooks';
import type { Locale } from '@hall-kiosk/shared';
import { mayUse, notAllowedText, StaffSignIn, useStaffSession } from '../common/StaffSignIn.tsx';
import { words } from '../common/text.ts';
import { ADMIN_TEXT } from './messages.ts';
import { AuditPanel, DevicesPanel, StaffPanel } from './panels.tsx';

export const adminWords = (locale: Locale) => words(ADMIN_TEXT, locale);
export type AdminT = ReturnType<typeof adminWords>;

/** The hall admin page: staff accounts, devices with their one-time enrolment codes, the audit log. */
export function AdminApp() {
  const [locale, setLocale] = useState<Locale>('zh');
  const t = adminWords(locale);
  const session = useStaffSession();
  // Each change re-reads the audit log.
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((n) => n + 1);
  useLayoutEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
  }, [locale]);

  const me = session.me;
  let body;
  if (me === undefined) body = <p role="status">{t('loading')}</p>;
  else if (me === null) body = <StaffSignIn locale={locale} onSignedIn={() => void session.refresh()} />;
  else if (!mayUse(me.role, 'admin'))
    body = (
      <p class="warning-box" role="alert">
        {notAllowedText(locale, 'admin')}
      </p>
    );
  else
    body = (
      <>
        <StaffPanel t={t} myId={me.id} onChange={changed} />
        <DevicesPanel t={t} locale={locale} onChange={changed} />
        <AuditPanel t={t} changes={changes} />
      </>
    );
  return (
    <div class="desk">
      <header class="desk-bar">
        <h1>{t('title')}</h1>
        <nav class="desk-actions">
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
