import { DailyReport, SupervisorOverview } from '@hall-kiosk/shared';
import type { HallServices } from '../hall.ts';
import { dailyReport, isBusinessDate } from '../reports/daily-report.ts';
import { supervisorOverview } from '../reports/overview.ts';
import { reportCsv } from '../reports/report-csv.ts';
import { HttpError, reply, SECURITY_HEADERS } from './respond.ts';
import type { Route } from './server.ts';
import { openEventStream } from './sse.ts';

/**
 * The supervisors' view: the hall now (`overview`), the live feed as a hint to refetch it, and the
 * daily report (日通报) of any business day as JSON or CSV.
 */
export const supervisorRoutes: Route<HallServices>[] = [
  {
    method: 'GET',
    path: '/api/supervisor/overview',
    access: 'supervisor',
    async handle({ res, hall }) {
      reply(res, SupervisorOverview, await supervisorOverview(hall, hall.clock.now()));
    },
  },
  {
    method: 'GET',
    path: '/api/supervisor/events',
    access: 'supervisor',
    handle(ctx) {
      const token = ctx.staff!.token;
      openEventStream(ctx, {
        // Ends with the session (signed out, deactivated, expired).
        stillAllowed: async () => (await ctx.hall.staff.session(token)) !== null,
      });
    },
  },
  {
    method: 'GET',
    path: '/api/supervisor/report/:file',
    access: 'supervisor',
    async handle({ res, params, url, hall }) {
      const file = params['file'] ?? '';
      const csv = file.endsWith('.csv');
      const date = csv ? file.slice(0, -4) : file;
      if (!isBusinessDate(date))
        throw new HttpError(400, 'the report is for a date: YYYY-MM-DD or YYYY-MM-DD.csv', 'badDate');
      const report = await dailyReport(
        hall.pool,
        hall.config,
        date,
        hall.clock.now(),
        (code) => hall.matters.get(code)?.name ?? null,
      );
      if (!csv) {
        reply(res, DailyReport, report);
        return;
      }
      const locale = url.searchParams.get('lang') === 'en' ? 'en' : 'zh';
      const body = reportCsv(report, locale);
      const name = `${locale === 'zh' ? '日通报' : 'daily-report'}-${date}.csv`;
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/csv; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'content-disposition': `attachment; filename="hall-report-${date}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
      });
      res.end(body);
    },
  },
];
