// Mutation testing (`npm run mutation`): StrykerJS changes one expression at a time in the pure modules
// that decide something a citizen or a hall depends on, and runs the unit tests of vitest.mutation.config.ts
// against each change. A change no test notices ("survived") is a test missing, or an equivalent mutant
// listed in docs/testing.md. Incremental: a re-run tests only the mutants whose code or tests changed.
// Reports: artifacts/mutation/mutation.{json,html}; bench/run.ts reads the score from the JSON.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  mutate: [
    'device-daemon/src/identity/mask.ts',
    'device-daemon/src/devices/id-card/id-number.ts',
    'device-daemon/src/devices/id-card/sam-frame.ts',
    'device-daemon/src/devices/id-card/sam-protocol.ts',
    'device-daemon/src/devices/id-card/id-text.ts',
    'device-daemon/src/devices/printer/status.ts',
    'device-daemon/src/devices/scanner/hid-pos-report.ts',
    'device-daemon/src/devices/scanner/boot-keyboard.ts',
    'device-daemon/src/queue/call-order.ts',
    'device-daemon/src/queue/calendar.ts',
    'device-daemon/src/queue/wait-estimate.ts',
    'device-daemon/src/auth/credential-guard.ts',
    'device-daemon/src/ratings/rating-outbox.ts',
    'device-daemon/src/catalogue/search-index.ts',
  ],
  incremental: true,
  incrementalFile: 'artifacts/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'artifacts/mutation/mutation.json' },
  htmlReporter: { fileName: 'artifacts/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
  concurrency: 2,
  tempDirName: 'artifacts/.stryker-tmp',
  // Not copied into the sandbox: outputs (build/ holds packages whose links point into /opt), the UI,
  // docs, benches, and the other workspaces the mutated modules never import.
  ignorePatterns: [
    '/artifacts',
    '/build',
    '/kiosk-ui',
    '/docs',
    '/bench',
    '/hall-server',
    '/packaging',
    '/.kiosk-data',
    '/.tmp-fx',
  ],
  cleanTempDir: true,
};
