#!/usr/bin/env bash
# npm run bench:certificates: 300 participants become eligible at once; the real worker issues their certificates
# through the real queue (tab pool, batched renders, storage, database). Prints certificates/s end to end, p95 from
# eligible to downloadable, the worker's peak memory (Node and its Chromium), then renders a sample the naive way (a
# new browser per certificate) and prints the ratio. `npm run bench:certificates -- --memory` issues 1,000 instead
# and prints the worker's memory along the run (flat or not).
# Uses the test services and its own database (cascade_bench_certificates), never your local data.
# Env: BENCH_CERTIFICATES (300; 1000 with --memory), BENCH_NAIVE (20 certificates rendered the naive way).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/services.sh up test >/dev/null
npm run --silent build

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
port=${CASCADE_TEST_PG_PORT:-55433}
PGPASSWORD=postgres "$PGBIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS cascade_bench_certificates WITH (FORCE)" -c "CREATE DATABASE cascade_bench_certificates OWNER cascade"
export DATABASE_URL="postgres://cascade:cascade@127.0.0.1:$port/cascade_bench_certificates"
export REDIS_URL="redis://127.0.0.1:${CASCADE_TEST_REDIS_PORT:-56380}" REDIS_PREFIX="benchcert$$" NODE_ENV=production
export SESSION_SECRET=bench-only-secret-bench-only-secret-0000 LOG_LEVEL=warn
export PUBLIC_URL="https://cascade.example.org" SMTP_URL="smtp://127.0.0.1:9" # mails fail and retry: not measured
logs=$(mktemp -d /tmp/bench-certificates.XXXXXX)
export STORAGE_DIR="$logs/files"
node dist/src/cli/migrate.js >/dev/null
node dist/src/cli/content-import.js >/dev/null
NODE_ENV=development node dist/src/cli/seed-demo.js --without-submissions >/dev/null # the demo institutes and cohorts

LOG_LEVEL=info node ${BENCH_WORKER_NODE_OPTIONS:-} dist/src/worker.js >"$logs/worker.log" 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true; rm -rf "$logs/files"' EXIT
for _ in $(seq 150); do grep -q "Cascade worker started" "$logs/worker.log" 2>/dev/null && break; sleep 0.2; done
grep -q "Cascade worker started" "$logs/worker.log" || { echo "the worker did not start; see $logs/worker.log" >&2; exit 1; }
echo "Cascade bench:certificates, $(nproc) cores shared by the worker, its Chromium, PostgreSQL, Redis and the bench; Node $(node --version); logs in $logs"
node scripts/bench-certificates.mjs "$worker" "$@"
