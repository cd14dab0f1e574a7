#!/usr/bin/env bash
# `npm test`: every check and every test, in the order that fails fastest. Ends with one line
# "N passed, N failed" over every test runner, preceded by a line per problem (a runner that crashed,
# a file that did not load, an error outside any test, a runner that ran no test); see
# scripts/summarize-tests.mjs. Fails if any check, test or problem failed.
set -uo pipefail
cd "$(dirname "$0")/.."

mkdir -p artifacts
rm -f artifacts/vitest-report.json artifacts/playwright-report.json
status=0
step() { echo; echo "── $*"; }

step "system packages"
bash scripts/ensure-system-deps.sh || exit 1

step "format (prettier --check)"
npx prettier --check . --log-level warn || status=1

step "lint (eslint)"
npx eslint . || status=1

step "types (tsc -b)"
npx tsc -b || status=1

step "build the kiosk UI"
npm run --silent build:ui >/dev/null || { echo "UI build failed"; status=1; }

step "unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=./scripts/vitest-json-reporter.mjs \
  --outputFile.json=artifacts/vitest-report.json
vitest_status=$?
[ $vitest_status -eq 0 ] || status=1

step "end-to-end tests (playwright + chromium)"
npx playwright test -c tests/playwright.config.ts
playwright_status=$?
[ $playwright_status -eq 0 ] || status=1

echo
node scripts/summarize-tests.mjs "artifacts/vitest-report.json=$vitest_status" \
  "artifacts/playwright-report.json=$playwright_status" || status=1
exit $status
