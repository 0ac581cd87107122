#!/usr/bin/env bash
# npm run bench:reports: seeds 50 institutes, 2,000 cohorts and 60,000 participants (progress, quiz attempts, action
# plans and grades, peer reviews, certificates) with set-based SQL, starts the API, and times the cohort, institute
# and hub dashboards over HTTP as a platform admin: a few warm-up requests, then the median and p95 of BENCH_RUNS.
# Uses the test services and its own database (cascade_bench_reports), never your local data.
# Env: BENCH_RUNS (20), BENCH_PORT (3998), BENCH_REUSE=1 keeps an already seeded cascade_bench_reports.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/services.sh up test >/dev/null
npm run --silent build

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
port=${CASCADE_TEST_PG_PORT:-55433}
export DATABASE_URL="postgres://cascade:cascade@127.0.0.1:$port/cascade_bench_reports"
export REDIS_URL="redis://127.0.0.1:${CASCADE_TEST_REDIS_PORT:-56380}" REDIS_PREFIX="benchreports$$" NODE_ENV=production
export SESSION_SECRET=bench-only-secret-bench-only-secret-0000 LOG_LEVEL=warn PORT=${BENCH_PORT:-3998}
if [ "${BENCH_REUSE:-0}" != 1 ] || ! PGPASSWORD=postgres "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d cascade_bench_reports -tAc "SELECT 1 FROM institutes WHERE slug = 'bench-1'" 2>/dev/null | grep -q 1; then
  PGPASSWORD=postgres "$PGBIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS cascade_bench_reports WITH (FORCE)" -c "CREATE DATABASE cascade_bench_reports OWNER cascade"
  node dist/src/cli/migrate.js >/dev/null
  node dist/src/cli/content-import.js >/dev/null
  NODE_ENV=development node dist/src/cli/seed-demo.js --without-submissions >/dev/null # the hub and the platform admin
  node scripts/bench-reports.mjs seed
else
  node dist/src/cli/migrate.js >/dev/null
fi

logs=$(mktemp -d /tmp/bench-reports.XXXXXX)
node dist/src/main.js >"$logs/api.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT
for _ in $(seq 150); do curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
echo "Cascade bench:reports, $(nproc) cores shared by PostgreSQL, the API and the bench; Node $(node --version); logs in $logs"
node scripts/bench-reports.mjs time "http://127.0.0.1:$PORT" "${BENCH_RUNS:-20}"
