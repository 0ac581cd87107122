#!/usr/bin/env bash
# npm run bench:quiz: 500 participants of one cohort start, answer and submit a quiz at the same time against the
# running API and worker; prints throughput, p50/p95/p99 and errors, then checks every answer and grade in the database.
# Uses the test services and its own database (cascade_bench_quiz), so it never touches your local data.
# Env: BENCH_PARTICIPANTS (500), BENCH_THINK_MS (4000), BENCH_RAMP_MS (10000), BENCH_MODULE (res-m01), BENCH_WARMUP
# (20), BENCH_PORT (a free one), BENCH_API_NODE_OPTIONS (extra node flags for the API); see scripts/bench-quiz.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/services.sh up test >/dev/null
npm run --silent build

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
port=${CASCADE_TEST_PG_PORT:-55433}
PGPASSWORD=postgres "$PGBIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS cascade_bench_quiz WITH (FORCE)" -c "CREATE DATABASE cascade_bench_quiz OWNER cascade"
export DATABASE_URL="postgres://cascade:cascade@127.0.0.1:$port/cascade_bench_quiz"
export REDIS_URL="redis://127.0.0.1:${CASCADE_TEST_REDIS_PORT:-56380}" REDIS_PREFIX=benchquiz NODE_ENV=production
export SESSION_SECRET=bench-only-secret-bench-only-secret-0000
PORT=${BENCH_PORT:-$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")}
export PORT PUBLIC_URL="http://127.0.0.1:$PORT"
node dist/src/cli/migrate.js >/dev/null
node dist/src/cli/content-import.js >/dev/null

logs=$(mktemp -d /tmp/bench-quiz.XXXXXX)
node ${BENCH_API_NODE_OPTIONS:-} dist/src/main.js >"$logs/api.log" 2>&1 &
api=$!
node dist/src/worker.js >"$logs/worker.log" 2>&1 &
worker=$!
trap 'kill $api $worker 2>/dev/null || true' EXIT
for _ in $(seq 150); do curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null || { echo "the API did not become ready; see $logs/api.log" >&2; exit 1; }
kill -0 $worker 2>/dev/null || { echo "the worker did not start; see $logs/worker.log" >&2; exit 1; }
echo "Cascade bench:quiz, $(nproc) cores shared by the bench client, API, worker, PostgreSQL and Redis, Node $(node --version); logs in $logs"
node scripts/bench-quiz.mjs "http://127.0.0.1:$PORT" "$DATABASE_URL"
