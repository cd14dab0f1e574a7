import { useEffect, useState } from 'preact/hooks';
import { DailyReport, type Locale } from '@hall-kiosk/shared';
import { HallApiError, hallRequest } from '../common/hall-api.ts';
import { levels, localToday, minutes, reasons, timeOfDay, type SupervisorT } from './format.ts';
import type { HallLayout } from './SupervisorApp.tsx';

/**
 * The daily report (日通报) of a chosen business day: the hall, each area, each window, each person.
 * Printed on A4 by the browser (print CSS hides the controls); the CSV is the server's.
 */
export function ReportView({ t, locale, layout }: { t: SupervisorT; locale: Locale; layout: HallLayout }) {
  const initial = new URLSearchParams(location.search).get('date');
  const [date, setDate] = useState(initial && /^\d{4}-\d{2}-\d{2}$/.test(initial) ? initial : localToday());
  const [report, setReport] = useState<DailyReport | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setReport(null);
    setFailed(null);
    history.replaceState(null, '', `?date=${date}`);
    hallRequest('GET', `/api/supervisor/report/${date}`, { schema: DailyReport })
      .then((r) => current && setReport(r))
      .catch((e: unknown) => current && setFailed(e instanceof HallApiError ? e.message : String(e)));
    return () => {
      current = false;
    };
  }, [date]);

  const areaName = (id: string) => layout.areas.find((a) => a.id === id)?.name[locale] ?? id;
  return (
    <div class="report">
      <div class="report-controls">
        <label>
          {t('date')}{' '}
          <input
            type="date"
            value={date}
            required
            onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)}
          />
        </label>
        <button type="button" class="button secondary" onClick={() => print()} disabled={!report}>
          {t('print')}
        </button>
        <a
          class="button secondary"
          href={`/api/supervisor/report/${date}.csv${locale === 'en' ? '?lang=en' : ''}`}
          download
        >
          {t('csv')}
        </a>
      </div>
      {failed && (
        <p class="warning-box" role="alert">
          {failed}
        </p>
      )}
      {!report && !failed && <p role="status">{t('loading')}</p>}
      {report && (
        <article class="report-sheet">
          <h2>
            {report.hallName[locale]} {t('reportTitle')} {report.businessDate}
          </h2>
          <p class="desk-meta">
            {t('generated', { time: `${report.generatedAt.slice(0, 10)} ${timeOfDay(report.generatedAt)}` })}
          </p>
          <table class="desk-table report-table">
            <thead>
              <tr>
                <th>{t('area')}</th>
                <th class="num">{t('issued')}</th>
                <th class="num">{t('served')}</th>
                <th class="num">{t('noShow')}</th>
                <th class="num">{t('inMinutes', { what: t('avgWait') })}</th>
                <th class="num">{t('inMinutes', { what: t('longest') })}</th>
                <th class="num">{t('inMinutes', { what: t('avgService') })}</th>
              </tr>
            </thead>
            <tbody>
              <tr class="hall-row">
                <td>{t('hallRow')}</td>
                <td class="num">{report.totals.issued}</td>
                <td class="num">{report.totals.served}</td>
                <td class="num">{report.totals.noShow}</td>
                <td class="num">{minutes(report.totals.avgWaitSeconds)}</td>
                <td class="num">{minutes(report.totals.longestWaitSeconds)}</td>
                <td class="num">{minutes(report.totals.avgServiceSeconds)}</td>
              </tr>
              {report.areas.map((a) => (
                <tr key={a.areaId} data-area={a.areaId}>
                  <td>{areaName(a.areaId)}</td>
                  <td class="num">{a.issued}</td>
                  <td class="num">{a.served}</td>
                  <td class="num">{a.noShow}</td>
                  <td class="num">{minutes(a.avgWaitSeconds)}</td>
                  <td class="num">{minutes(a.longestWaitSeconds)}</td>
                  <td class="num">{minutes(a.avgServiceSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="desk-table report-table">
            <thead>
              <tr>
                <th>{t('window')}</th>
                <th class="num">{t('served')}</th>
                <th class="num">{t('noShow')}</th>
                <th class="num">{t('inMinutes', { what: t('avgService') })}</th>
                <th class="num">{t('ratings')}</th>
                <th class="num">{t('bad')}</th>
                <th>{t('reasons')}</th>
              </tr>
            </thead>
            <tbody>
              {report.windows.map((w) => (
                <tr key={w.counterId} data-window={w.counterId}>
                  <td>{w.name}</td>
                  <td class="num">{w.served}</td>
                  <td class="num">{w.noShow}</td>
                  <td class="num">{minutes(w.avgServiceSeconds)}</td>
                  <td class="num">{levels(w.ratings)}</td>
                  <td class="num">{w.ratings.bad}</td>
                  <td>{reasons(t, w.ratings)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="desk-table report-table">
            <thead>
              <tr>
                <th>{t('staff')}</th>
                <th class="num">{t('served')}</th>
                <th class="num">{t('noShow')}</th>
                <th class="num">{t('inMinutes', { what: t('avgService') })}</th>
                <th class="num">{t('ratings')}</th>
                <th class="num">{t('bad')}</th>
                <th>{t('reasons')}</th>
              </tr>
            </thead>
            <tbody>
              {report.people.map((p) => (
                <tr key={p.staffId ?? 'nobody'}>
                  <td>{p.number ? `${p.name}（${p.number}）` : t('nobody')}</td>
                  <td class="num">{p.served}</td>
                  <td class="num">{p.noShow}</td>
                  <td class="num">{minutes(p.avgServiceSeconds)}</td>
                  <td class="num">{levels(p.ratings)}</td>
                  <td class="num">{p.ratings.bad}</td>
                  <td>{reasons(t, p.ratings)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.matters.length > 0 && (
            <table class="desk-table report-table" data-testid="report-matters">
              <thead>
                <tr>
                  <th>{t('matter')}</th>
                  <th class="num">{t('served')}</th>
                  <th class="num">{t('noShow')}</th>
                  <th class="num">{t('inMinutes', { what: t('avgService') })}</th>
                  <th class="num">{t('ratings')}</th>
                  <th class="num">{t('bad')}</th>
                  <th>{t('reasons')}</th>
                </tr>
              </thead>
              <tbody>
                {report.matters.map((m) => (
                  <tr key={m.matterId} data-matter={m.matterId}>
                    <td>{m.name ? `${m.name[locale]}（${m.matterId}）` : m.matterId}</td>
                    <td class="num">{m.served}</td>
                    <td class="num">{m.noShow}</td>
                    <td class="num">{minutes(m.avgServiceSeconds)}</td>
                    <td class="num">{levels(m.ratings)}</td>
                    <td class="num">{m.ratings.bad}</td>
                    <td>{reasons(t, m.ratings)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="desk-meta">
            {t('kioskRatings')} (5★…1★): {levels(report.totals.kioskRatings)}
          </p>
        </article>
      )}
    </div>
  );
}
