#!/usr/bin/env bash
# npm run bench:pages: the module page against a bare Fastify JSON route of the same app, in one run.
# Uses the test services and its own database (cascade_bench), so it never touches your local data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/services.sh up test >/dev/null
npm run --silent build

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
port=${CASCADE_TEST_PG_PORT:-55433}
PGPASSWORD=postgres "$PGBIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "DROP DATABASE IF EXISTS cascade_bench WITH (FORCE)" -c "CREATE DATABASE cascade_bench OWNER cascade"
export DATABASE_URL="postgres://cascade:cascade@127.0.0.1:$port/cascade_bench"
export REDIS_URL="redis://127.0.0.1:${CASCADE_TEST_REDIS_PORT:-56380}" REDIS_PREFIX=bench NODE_ENV=production
export SESSION_SECRET=bench-only-secret-bench-only-secret-0000 PORT=${BENCH_PORT:-3999}
node dist/src/cli/migrate.js >/dev/null
node dist/src/cli/content-import.js >/dev/null

node dist/src/main.js >/dev/null 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
echo "Cascade bench:pages, $(nproc) cores shared by autocannon and the API, Node $(node --version)"
node scripts/bench-pages.mjs "http://127.0.0.1:$PORT" "${BENCH_SECONDS:-10}" "${BENCH_CONNECTIONS:-50}"
