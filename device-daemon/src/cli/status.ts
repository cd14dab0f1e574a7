import { parseArgs } from 'node:util';
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
  const o = s.ratings.outbox;
  console.log(
    `  ratings: ${Object.values(s.ratings.byLevel).reduce((a, b) => a + b, 0)} · outbox ${o.pending} waiting, ${o.rejected} rejected · print problems: ${s.printProblems}`,
  );
  return 0;
}
