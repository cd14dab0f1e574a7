import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless, as the benchmarks drive it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * A small benchmark harness: each benchmark is run several times; the table shows the median and the
 * spread (min–max), and, where a physical limit exists, the ratio of the median to it.
 */
export type Benchmark = {
  name: string;
  unit: string;
  /** What a higher/lower figure means, for the reader. */
  better: 'lower' | 'higher';
  runs?: number;
  /** One measurement. */
  measure(): Promise<number>;
  /** The physical limit in the same unit (e.g. serial transfer time), if there is one. */
  limit?: { value: number; what: string };
  /**
   * The same kind of measurement on a minimal page (same Chromium, throttling and harness), taken in
   * the same run right after each measurement, so the figure can be read against the host.
   */
  baseline?: { what: string; measure(): Promise<number> };
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
};

export type Result = {
  name: string;
  unit: string;
  better: 'lower' | 'higher';
  runs: number;
  median: number;
  min: number;
  max: number;
  limit?: { value: number; what: string; ratio: number };
  /** The baseline's median and spread; ratio = median ÷ baseline median. */
  baseline?: { what: string; median: number; min: number; max: number; ratio: number };
};

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export async function run(b: Benchmark): Promise<Result> {
  await b.setup?.();
  const runs = b.runs ?? 7;
  const xs: number[] = [];
  const bs: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      xs.push(await b.measure());
      if (b.baseline) bs.push(await b.baseline.measure());
    }
  } finally {
    await b.teardown?.();
  }
  const med = median(xs);
  const baseMed = bs.length > 0 ? median(bs) : 0;
  return {
    name: b.name,
    unit: b.unit,
    better: b.better,
    runs,
    median: med,
    min: Math.min(...xs),
    max: Math.max(...xs),
    ...(b.limit ? { limit: { ...b.limit, ratio: med / b.limit.value } } : {}),
    ...(b.baseline
      ? {
          baseline: {
            what: b.baseline.what,
            median: baseMed,
            min: Math.min(...bs),
            max: Math.max(...bs),
            ratio: med / baseMed,
          },
        }
      : {}),
  };
}

export const fmt = (n: number) =>
  Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);

export function table(results: Result[]): string {
  const rows = results.map((r) => [
    r.name,
    `${fmt(r.median)} ${r.unit}`,
    `${fmt(r.min)}–${fmt(r.max)}`,
    String(r.runs),
    r.limit ? `${fmt(r.limit.value)} ${r.unit} (${r.limit.what})` : '',
    r.limit ? `${r.limit.ratio.toFixed(2)}×` : '',
    r.baseline ? `${fmt(r.baseline.median)} ${r.unit} (${fmt(r.baseline.min)}–${fmt(r.baseline.max)})` : '',
    r.baseline ? `${r.baseline.ratio.toFixed(2)}×` : '',
  ]);
  const head = [
    'benchmark',
    'median',
    'spread (min–max)',
    'runs',
    'physical limit',
    'ratio',
    'baseline (same run)',
    '× baseline',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
