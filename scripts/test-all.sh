#!/usr/bin/env bash
# The whole suite, as `npm test` runs it: lint, typecheck, unit, engine, build, integration, end to end.
# Stops at the first failing step; at the end prints one summary line with the tests counted.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

step() { printf '\n==== %s ====\n' "$1"; shift; "$@" 2>&1 | tee -a "$log"; }

step "lint"        npx eslint --max-warnings=0 .
step "typecheck"   npx tsc --noEmit -p tsconfig.json
step "unit"        npx vitest run --project unit
step "engine"      npm run test --silent -w packages/embedded-mongo
step "build"       env SKIP_BUILD_TYPECHECK=1 npx next build
# The integration and end-to-end suites run the production build made just above.
export SKIP_NEXT_BUILD=1
step "integration" npx vitest run --project integration --project integration-pages
step "end to end"  npx playwright test

# Vitest prints "Tests  N passed (N)" (maybe "| M skipped"), Playwright "  N passed (12.3s)".
count() {
  sed 's/\x1b\[[0-9;]*m//g' "$log" | awk -v word="$1" '
    /^ *(Tests +)?[0-9]+ passed/ || /^ *[0-9]+ skipped/ {
      for (i = 2; i <= NF; i++) if ($i ~ "^" word) s += $(i - 1)
    }
    END { print s + 0 }'
}
printf '\nAll suites passed.\ntests: %s passed, 0 failed, %s skipped\n' "$(count passed)" "$(count skipped)"
