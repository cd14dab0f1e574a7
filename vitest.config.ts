import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// One Vitest run covers every workspace: Node tests for shared/daemon/mocks/integration,
// happy-dom for the kiosk UI's component tests.
export default defineConfig({
  test: {
    // `allowOnly: false` in each project (projects do not inherit it from here): a `.only` left in a test
    // file fails the run, on a laptop as in CI.
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          allowOnly: false,
          include: [
            'shared/test/**/*.test.ts',
            'device-daemon/test/**/*.test.ts',
            'hardware-mocks/test/**/*.test.ts',
            'tests/integration/**/*.test.ts',
            'bench/**/*.test.ts',
            'hall-server/test/**/*.test.ts',
          ],
          // Limits for a hang, not for speed: these tests start daemons, emulators and PostgreSQL as
          // processes, and one of 15 s on an idle machine was too near the old 20 s (docs/testing.md).
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [preact()],
        test: {
          name: 'ui',
          environment: 'happy-dom',
          allowOnly: false,
          include: ['kiosk-ui/test/**/*.test.{ts,tsx}'],
          setupFiles: ['kiosk-ui/test/setup.ts'],
        },
      },
    ],
  },
});
