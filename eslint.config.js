// Lint: the recommended JS and TypeScript rules, without type information so it stays fast on 2 cores.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.tsbuild/**',
      'test-results/**',
      'playwright-report/**',
      'artifacts/**',
      'build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Command-line entry points and test harnesses talk to a terminal.
    files: [
      '**/cli/*.ts',
      'hall-server/src/cli.ts',
      '**/bin/*.js',
      'scripts/**',
      'packaging/*.ts',
      'tests/**',
      'bench/**',
      '**/emulate.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    // The kiosk page takes values from the shared package only through its zod-free entry, so the
    // page does not bundle the schemas (docs/performance.md); types come from anywhere.
    files: ['kiosk-ui/src/**/*.{ts,tsx}'],
    ignores: ['kiosk-ui/src/staff/**', 'kiosk-ui/src/hall/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@hall-kiosk/shared',
              message: 'the kiosk page imports values from @hall-kiosk/shared/browser (no zod)',
              allowTypeImports: true,
            },
            { name: 'zod', message: 'the kiosk page does not bundle zod', allowTypeImports: true },
            { name: 'zod/mini', message: 'the kiosk page does not bundle zod', allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
