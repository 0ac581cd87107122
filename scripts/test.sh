#!/usr/bin/env bash
# npm test: everything CI runs. Installs what is missing, starts the test services (fast, throwaway settings,
# own ports and data under .local/test), type-checks, lints, then runs the unit, medium and e2e Jest projects.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh
bash scripts/services.sh up test
export NODE_ENV=test TZ=UTC LOG_LEVEL=${LOG_LEVEL:-warn}

echo "== tsc --noEmit"
npm run --silent check
echo "== eslint"
npm run --silent lint
echo "== build (the e2e tests run the compiled API, worker and CLIs as separate processes)"
npm run --silent build
echo "== jest (unit, medium, e2e)"
node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js --maxWorkers=2 "$@"
