#!/usr/bin/env bash
# npm run bench:allocation: peer review allocation of 10,000 submissions × 3 reviews (goal: under 1 s), then 200 late
# submissions on top of that result; constraints checked on both. No services needed.
# BENCH_DIST=<folder> uses a tree compiled elsewhere (tsc -p tsconfig.build.json --outDir <folder>) instead of building.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
[ -n "${BENCH_DIST:-}" ] || npm run --silent build
echo "Cascade bench:allocation, $(nproc) cores, Node $(node --version)"
node scripts/bench-allocation.mjs "${BENCH_RUNS:-5}"
