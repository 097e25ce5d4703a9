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
step "node tests (vitest)"
npx vitest run
step "browser tests (playwright, Debian chromium)"
TAXIWAY_SKIP_BUILD=1 npx playwright test
