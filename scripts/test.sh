#!/usr/bin/env bash
# The whole test run: static checks, build, Node tests, browser tests. Used by README and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*" >&2; }

step "lint (eslint, prettier, electronegativity)"
npm run -s lint
step "typecheck"
npm run -s typecheck
step "build"
npm run -s build
npx vite build -c cli.vite.config.ts
mkdir -p .tmp
rm -f .tmp/vitest.json .tmp/playwright.json
status=0
# Hard stops: a test that spins the event loop (a microtask loop) never reaches its own timeout,
# and a run that hangs must still end with a report rather than at CI's limit.
step "node tests (vitest)"
timeout --kill-after=30s 20m \
  npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json || status=$?
if [ "$status" -eq 124 ]; then
  echo "vitest did not finish within 20 minutes: a test hangs (see the last file listed)" >&2
fi
step "browser tests (playwright, Debian chromium)"
PLAYWRIGHT_JSON_OUTPUT_FILE=.tmp/playwright.json TAXIWAY_SKIP_BUILD=1 \
  npx playwright test --reporter=list,json || status=$?
npx tsx scripts/test-summary.ts .tmp/vitest.json .tmp/playwright.json
exit "$status"
