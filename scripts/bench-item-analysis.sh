#!/usr/bin/env bash
# npm run bench:item-analysis: the quiz item analysis report over 100,000 seeded attempts (goal: under 2 s).
# Uses the test services and its own database (cascade_bench_items), so it never touches your local data.
# BENCH_DIST=<folder> uses a tree compiled elsewhere (tsc -p tsconfig.build.json --outDir <folder>) instead of building.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/services.sh up test >/dev/null
[ -n "${BENCH_DIST:-}" ] || npm run --silent build

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
port=${CASCADE_TEST_PG_PORT:-55433}
PGPASSWORD=postgres "$PGBIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres \
  -c "DROP DATABASE IF EXISTS cascade_bench_items WITH (FORCE)" -c "CREATE DATABASE cascade_bench_items OWNER cascade"
database="postgres://cascade:cascade@127.0.0.1:$port/cascade_bench_items"
DATABASE_URL="$database" node "${BENCH_DIST:-dist}/src/cli/migrate.js" >/dev/null

echo "Cascade bench:item-analysis, $(nproc) cores shared by Node and PostgreSQL, Node $(node --version)"
# Seeding needs the superuser: it loads the graded attempts directly, past the triggers that guard them.
node scripts/bench-item-analysis.mjs "$database" \
  "postgres://postgres:postgres@127.0.0.1:$port/cascade_bench_items" "${BENCH_RUNS:-7}"
