#!/usr/bin/env bash
# `npm test`: lint (ESLint, then Biome's format and import-order check), typecheck, unit tests, production build, end-to-end tests in Chromium.
# Every step runs even when an earlier one fails, so one run reports everything; the last line is
# "N passed, N failed, N skipped" (tests, plus lint/typecheck/build counted as one check each).
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p reports
rm -f reports/unit.json reports/e2e.json

checks_failed=0; checks_passed=0
step() {
  local name="$1"; shift
  echo; echo "=== $name"
  if "$@"; then checks_passed=$((checks_passed + 1)); else echo "!!! $name failed"; checks_failed=$((checks_failed + 1)); fi
}

step lint bash -c "npx eslint . && npx biome check ."
step typecheck bash -c "npx next typegen >/dev/null && npx tsc --noEmit"
echo; echo "=== unit tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/unit.json
unit_rc=$?
# A planted key at build time: e2e/embedded/key-leak.spec.ts checks no client asset contains it.
step build env KLAVIYO_API_KEY=pk_planted_build_key_4f1c npx next build
echo; echo "=== end-to-end tests"
e2e_rc=0
if node scripts/ensure-chromium.mjs; then
  npx playwright test
  e2e_rc=$?
else
  e2e_rc=1
fi

node scripts/test-summary.mjs "$checks_passed" "$checks_failed" "$unit_rc" "$e2e_rc"
