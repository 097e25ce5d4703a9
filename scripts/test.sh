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
step "node tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json || status=$?
step "browser tests (playwright, Debian chromium)"
PLAYWRIGHT_JSON_OUTPUT_FILE=.tmp/playwright.json TAXIWAY_SKIP_BUILD=1 \
  npx playwright test --reporter=list,json || status=$?
npx tsx scripts/test-summary.ts .tmp/vitest.json .tmp/playwright.json
exit "$status"
