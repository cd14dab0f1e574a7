/** Cases per property: modest in CI, FUZZ_RUNS for the long run (`npm run fuzz`). */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
export const TIMEOUT_MS = Math.max(60_000, RUNS * 5);
