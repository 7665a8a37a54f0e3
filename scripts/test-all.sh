#!/usr/bin/env bash
# The whole suite, as `npm test` runs it: lint, typecheck, unit, engine, build, integration, end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n==== %s ====\n' "$1"; }

step "lint";          npx eslint --max-warnings=0 .
step "typecheck";     npx tsc --noEmit -p tsconfig.json
step "unit";          npx vitest run --project unit
step "engine";        npm run test --silent -w packages/embedded-mongo
step "build";         npx next build
# The integration and end-to-end suites run the production build made just above.
export SKIP_NEXT_BUILD=1
step "integration";   npx vitest run --project integration
step "end to end";    npx playwright test
printf '\nAll suites passed.\n'
