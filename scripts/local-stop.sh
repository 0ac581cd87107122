#!/usr/bin/env bash
# Stops the API and worker started by `npm run local` (the databases keep running: scripts/services.sh down).
set -euo pipefail
cd "$(dirname "$0")/.."
for name in api worker; do
  pidfile=".local/run/$name.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
done
[ "${1:-}" = --quiet ] || echo "Cascade API and worker stopped."
