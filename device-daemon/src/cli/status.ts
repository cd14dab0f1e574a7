import { parseArgs } from 'node:util';
import {
  clockOffsetParts,
  clockOffsetUnits,
  hhmm,
  localMoment,
  type HallLinkStatus,
} from '@hall-kiosk/shared';
import type { TechnicianService } from '../diagnostics/technician.ts';
import { adminGet, adminSocketPath, loadCommandConfig } from './shared.ts';

/** `kiosk status [--json]`: the running daemon's state on one screen. */
export async function statusCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: 'string' }, json: { type: 'boolean' } },
  });
  const config = loadCommandConfig(values.config);
  const s = (await adminGet(adminSocketPath(config), '/status')) as Awaited<
    ReturnType<TechnicianService['status']>
  > | null;
  if (!s) {
    console.error(`No daemon is running with ${config.source} (no socket at ${adminSocketPath(config)}).`);
    return 1;
  }
  if (values.json) {
    console.log(JSON.stringify(s, null, 2));
    return 0;
  }
  console.log(
    `${s.hall.zh} · ${s.hall.en} — version ${s.version}, up ${Math.floor(s.uptimeSeconds / 3600)} h ${Math.floor((s.uptimeSeconds % 3600) / 60)} min`,
  );
  for (const d of s.devices)
    console.log(
      `  ${d.device.padEnd(15)} ${d.state.padEnd(14)} ${d.paper ? `paper ${d.paper}`.padEnd(12) : ''.padEnd(12)} ${d.detail ?? ''}`,
    );
  console.log(
    `  queue today: ${s.queueProblem ?? s.queue.map((q) => `${q.prefix} ${q.ticketsToday} (${q.waiting} waiting)`).join(' · ')}`,
  );
  if (s.hallLink) for (const line of hallLinkLines(s.hallLink)) console.log(`  ${line}`);
  const o = s.ratings.outbox;
  console.log(
    `  ratings: ${Object.values(s.ratings.byLevel).reduce((a, b) => a + b, 0)} · outbox ${o.pending} waiting, ${o.rejected} rejected · print problems: ${s.printProblems}`,
  );
  return 0;
}

const UNIT = { days: 'd', hours: 'h', minutes: 'min', seconds: 's' } as const;

/** `10 min 2 s`, `1 d 2 h 0 min 5 s`, `45 s`: the largest unit first, seconds always. */
export function offsetWords(offsetMs: number): string {
  return clockOffsetUnits(offsetMs)
    .map((u) => `${u.n} ${UNIT[u.unit]}`)
    .join(' ');
}

/** The hall link's two lines of `kiosk status`: the link (and the offline tickets), the clock. */
export function hallLinkLines(h: HallLinkStatus): string[] {
  const since =
    h.since === null ? '' : ` since ${hhmm(localMoment(Date.parse(h.since), h.timeZone).minutes)}`;
  const state =
    h.state === 'online'
      ? 'online'
      : h.state === 'suspect'
        ? `suspect${since} (a request got no answer in time; tickets are issued offline until the hall answers a probe)`
        : `offline${since} (tickets are issued offline)`;
  const link = `hall link: ${state} · ${h.offlinePending} offline ticket(s) waiting to sync`;
  if (h.clockOffsetMs === null) return [link, 'kiosk clock: not measured against the hall’s yet'];
  const p = clockOffsetParts(h.clockOffsetMs);
  const within = h.clockUncertaintyMs === null ? '' : ` (± ${(h.clockUncertaintyMs / 1000).toFixed(1)} s)`;
  const clock =
    p.way === 'same'
      ? `kiosk clock: in step with the hall’s${within}`
      : `kiosk clock: ${offsetWords(h.clockOffsetMs)} ${p.way} against the hall’s${within}`;
  const warn =
    Math.abs(h.clockOffsetMs) >= h.clockWarnMs
      ? ` — WARNING: ${h.clockWarnMs / 1000} s or more off; the hall’s time is used for tickets and the screen, but set this clock right (NTP)`
      : '';
  return [link, clock + warn];
}
