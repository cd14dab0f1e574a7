// Memory of the soak's processes, from Linux /proc: the resident set of each process, and of the
// PostgreSQL cluster (its postmaster and every backend) the private part only — a backend's RSS also
// counts the pages of shared buffers it has touched, which grows as the cache warms and is not a leak.
// "Flat" is decided on the samples after the first quarter of the run (start-up, caches and JIT warming):
// the median of the last quarter's samples is within FLAT_SHARE of the second quarter's median (plus
// FLAT_SLACK_MIB, so that a small process's page or two is no verdict). Medians, because a leak raises
// the level a process keeps, while a burst of work raises a few samples until the next collection; the
// quarters' highest samples and the least-squares slope over the second half (MiB per hour of wall time)
// are reported beside the verdict.
import { readdirSync, readFileSync } from 'node:fs';

export const FLAT_SHARE = 0.1;
export const FLAT_SLACK_MIB = 4;

/** VmRSS (or another field of /proc/PID/status) in MiB; null when the process is gone. */
export function statusMiB(pid: number, field: 'VmRSS' | 'RssAnon' = 'VmRSS'): number | null {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

/** The postmaster of a cluster's data directory and its children now: [pid, …]. */
export function clusterPids(dataDir: string): number[] {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  } catch {
    return [];
  }
  const pids = [postmaster];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The fields after the command's closing parenthesis: state, ppid, …
      const ppid = Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      if (ppid === postmaster) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Private memory of the whole cluster in MiB, and how many processes it has. */
export function clusterMiB(dataDir: string): { mib: number; processes: number } {
  const pids = clusterPids(dataDir);
  let mib = 0;
  for (const pid of pids) mib += statusMiB(pid, 'RssAnon') ?? 0;
  return { mib, processes: pids.length };
}

export type MemorySeries = { name: string; samples: [number, number][] };

export type MemoryVerdict = {
  name: string;
  startMiB: number;
  endMiB: number;
  maxMiB: number;
  /** Median and highest sample of the second quarter and of the last quarter of the run. */
  secondQuarterMedianMiB: number;
  lastQuarterMedianMiB: number;
  secondQuarterMaxMiB: number;
  lastQuarterMaxMiB: number;
  /** Least-squares slope over the second half of the run, MiB per hour of wall time. */
  slopeMiBPerHour: number;
  flat: boolean;
};

const r1 = (x: number) => Math.round(x * 10) / 10;

/** The verdict on one process's samples ([ms since start, MiB]) over a run of `durationMs`. */
export function judge(series: MemorySeries, durationMs: number): MemoryVerdict {
  const s = series.samples;
  const inRange = (from: number, to: number) =>
    s.filter(([t]) => t >= from * durationMs && t <= to * durationMs);
  const max = (xs: [number, number][]) => xs.reduce((m, [, v]) => Math.max(m, v), 0);
  const median = (xs: [number, number][]) => {
    const v = xs.map(([, m]) => m).sort((a, b) => a - b);
    if (v.length === 0) return 0;
    return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
  };
  const second = inRange(0.25, 0.5);
  const last = inRange(0.75, 1.01);
  const q2 = median(second);
  const q4 = median(last);
  const half = inRange(0.5, 1.01);
  let slope = 0;
  if (half.length >= 2) {
    const mt = half.reduce((n, [t]) => n + t, 0) / half.length;
    const mv = half.reduce((n, [, v]) => n + v, 0) / half.length;
    const num = half.reduce((n, [t, v]) => n + (t - mt) * (v - mv), 0);
    const den = half.reduce((n, [t]) => n + (t - mt) ** 2, 0);
    slope = den === 0 ? 0 : (num / den) * 3_600_000;
  }
  return {
    name: series.name,
    startMiB: r1(s[0]?.[1] ?? 0),
    endMiB: r1(s.at(-1)?.[1] ?? 0),
    maxMiB: r1(max(s)),
    secondQuarterMedianMiB: r1(q2),
    lastQuarterMedianMiB: r1(q4),
    secondQuarterMaxMiB: r1(max(second)),
    lastQuarterMaxMiB: r1(max(last)),
    slopeMiBPerHour: r1(slope),
    flat: q2 > 0 && q4 <= q2 * (1 + FLAT_SHARE) + FLAT_SLACK_MIB,
  };
}
