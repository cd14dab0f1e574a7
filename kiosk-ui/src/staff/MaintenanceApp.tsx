import { useLayoutEffect, useState } from 'preact/hooks';
import type { Locale } from '@hall-kiosk/shared';
import { staffTranslator } from '../i18n/staff-i18n.ts';
import { BundleButton } from './maintenance/BundleButton.tsx';
import { ConfigPanel } from './maintenance/ConfigPanel.tsx';
import { DevicesPanel } from './maintenance/DevicesPanel.tsx';
import { EventLogPanel } from './maintenance/EventLogPanel.tsx';
import { HallLinkPanel } from './maintenance/HallLinkPanel.tsx';
import { IdleWarning } from './maintenance/IdleWarning.tsx';
import { MaintenanceHeader } from './maintenance/MaintenanceHeader.tsx';
import { OutboxLine } from './maintenance/OutboxLine.tsx';
import { PrintProblemsPanel } from './maintenance/PrintProblemsPanel.tsx';
import { SignInPanel } from './maintenance/SignInPanel.tsx';
import { StatisticsPanel } from './maintenance/StatisticsPanel.tsx';
import { useIdleTimer } from './maintenance/useIdleTimer.ts';
import { useTechnicianApi } from './maintenance/useTechnicianApi.ts';
import { VersionsLine } from './maintenance/VersionsLine.tsx';

/** Without a touch for this long the page warns, then leaves maintenance mode. */
const IDLE_MS = 4 * 60_000;
const WARN_S = 60;

/**
 * Maintenance mode on the kiosk's own screen (reached by the hidden gesture on the attract screen):
 * every device's state, in hall mode the link to the hall server and the clock's offset, the three health checks, statistics with a confirmed reset, the event log,
 * print problems, the rating outbox, versions, the configuration with secrets hidden, reconnect,
 * and the diagnostics bundle. It warns, then leaves by itself after a few idle minutes. The state and
 * requests are in `useTechnicianApi`, the idle timer in `useIdleTimer`, each part in its panel.
 */
export function MaintenanceApp() {
  const [locale, setLocale] = useState<Locale>('zh');
  const t = staffTranslator(locale);
  const tech = useTechnicianApi(t);
  const idle = useIdleTimer({
    active: tech.signedIn,
    idleMs: IDLE_MS,
    warnSeconds: WARN_S,
    onTimeout: () => void tech.leave(),
  });

  useLayoutEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
    document.title = t('maintenance.title');
  }, [locale]);

  const header = (
    <MaintenanceHeader t={t} locale={locale} onLocale={setLocale} onLeave={() => void tech.leave()} />
  );

  if (!tech.signedIn) {
    return (
      <div class="shell staff">
        {header}
        <main class="shell-main">
          <SignInPanel
            t={t}
            error={tech.error}
            onSignedIn={tech.signIn}
            onCardLogin={() => void tech.cardLogin()}
          />
        </main>
      </div>
    );
  }
  const o = tech.overview;
  return (
    <div class="shell staff maintenance">
      {header}
      <main class="shell-main stack">
        {idle.secondsLeft !== null && (
          <IdleWarning t={t} secondsLeft={idle.secondsLeft} onStay={idle.dismiss} />
        )}
        {tech.error && (
          <p class="warning-box" role="alert" data-testid="maintenance-error">
            {tech.error}
          </p>
        )}
        {o && <VersionsLine t={t} overview={o} />}
        {o?.hallLink && <HallLinkPanel t={t} locale={locale} link={o.hallLink} />}
        <DevicesPanel
          t={t}
          devices={o?.devices}
          checks={tech.checks}
          onCheck={(device, level) => void tech.check(device, level)}
          onReconnect={(device) => void tech.reconnect(device)}
        />
        <StatisticsPanel
          t={t}
          statistics={o?.statistics}
          onReset={(device, done) => void tech.resetStatistics(device, done)}
        />
        {o && <OutboxLine t={t} outbox={o.ratings.outbox} />}
        <PrintProblemsPanel t={t} problems={o?.printProblemList} />
        <EventLogPanel
          t={t}
          devices={o?.devices}
          events={tech.events}
          filter={tech.filter}
          onFilter={tech.setFilter}
        />
        <BundleButton t={t} onExport={() => void tech.exportBundle()} />
        <ConfigPanel t={t} config={o?.config} />
      </main>
    </div>
  );
}
