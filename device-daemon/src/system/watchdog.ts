import type { Clock, ClockTimer } from '@hall-kiosk/shared';
import type { Notifier } from './sd-notify.ts';

/**
 * systemd's watchdog, fed only while the daemon is really well: every interval the event loop's lag
 * is measured and each health check must pass within its budget; then `WATCHDOG=1` is sent. When
 * anything fails, no ping goes out and STATUS says why, so systemd restarts a daemon that is stuck
 * rather than one that merely has a printer out of paper (device checks ask whether the device
 * layer answers, not whether every device is online).
 */
export type HealthCheck = {
  name: string;
  /** Resolves when healthy; rejects (or takes longer than the budget) when not. */
  run(): Promise<void>;
};

export type WatchdogVerdict = { healthy: true } | { healthy: false; reason: string };

export type WatchdogOptions = {
  notifier: Notifier;
  clock: Clock;
  intervalMs: number;
  checks: HealthCheck[];
  /** A tick later than this means the event loop was blocked (default: the interval). */
  maxLagMs?: number;
  /** Each check's budget (default: half the interval). */
  checkTimeoutMs?: number;
  onVerdict?: (verdict: WatchdogVerdict) => void;
};

export type Watchdog = { stop(): void; readonly last: WatchdogVerdict | undefined };

function withBudget(check: HealthCheck, clock: Clock, ms: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    check.run().then(
      () => {
        clock.clearTimeout(timer);
        resolve();
      },
      (e: unknown) => {
        clock.clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export function startWatchdog(options: WatchdogOptions): Watchdog {
  const { clock, notifier, intervalMs, checks } = options;
  const maxLagMs = options.maxLagMs ?? intervalMs;
  const budget = options.checkTimeoutMs ?? Math.max(1, Math.floor(intervalMs / 2));
  let timer: ClockTimer | undefined;
  let stopped = false;
  let last: WatchdogVerdict | undefined;
  let lastStatus = '';

  const verdictOf = async (lagMs: number): Promise<WatchdogVerdict> => {
    if (lagMs > maxLagMs) return { healthy: false, reason: `event loop blocked for ${Math.round(lagMs)} ms` };
    const results = await Promise.allSettled(checks.map((c) => withBudget(c, clock, budget)));
    const failures = results.flatMap((r, i) =>
      r.status === 'rejected' ? [`${checks[i]!.name}: ${(r.reason as Error).message}`] : [],
    );
    return failures.length === 0 ? { healthy: true } : { healthy: false, reason: failures.join('; ') };
  };

  const schedule = () => {
    const due = clock.now() + intervalMs;
    timer = clock.setTimeout(() => void tick(clock.now() - due), intervalMs);
  };

  const tick = async (lagMs: number) => {
    if (stopped) return;
    const verdict = await verdictOf(lagMs);
    if (stopped) return;
    last = verdict;
    options.onVerdict?.(verdict);
    const status = verdict.healthy ? 'ready' : `unhealthy: ${verdict.reason}`;
    const fields: Record<string, string> = {};
    if (status !== lastStatus) fields.STATUS = status.replaceAll('\n', ' ');
    if (verdict.healthy) fields.WATCHDOG = '1';
    if (Object.keys(fields).length > 0) notifier.send(fields);
    lastStatus = status;
    schedule();
  };

  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clock.clearTimeout(timer);
    },
    get last() {
      return last;
    },
  };
}
