#!/usr/bin/env bash
# npm run local: the whole LMS on this machine, from a fresh clone.
# Installs what is missing, starts PostgreSQL and Redis (durable settings), builds, migrates, imports the
# courses, creates the demo data, starts the API and the worker in the background and prints the URL.
# Run it again at any time: it rebuilds and restarts the API and worker; data is kept in .local/local.
# Stop with: npm run local:stop
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
run="$root/.local/run"
logs="$root/.local/logs"
mkdir -p "$run" "$logs"

bash scripts/ensure-deps.sh
bash scripts/services.sh up local
echo "Building…"
npm run --silent build
node dist/src/cli/migrate.js
node dist/src/cli/content-import.js
node dist/src/cli/seed-demo.js > "$run/demo-logins.txt"
node dist/src/cli/seed-demo-certificate.js >> "$run/demo-logins.txt" # a participant who has completed, and her certificate

bash scripts/local-stop.sh --quiet
export PORT=${PORT:-3000}
export PUBLIC_URL=${PUBLIC_URL:-http://localhost:$PORT}
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "Port $PORT is already in use by another program: stop it, or choose another port with PORT=<port> npm run local" >&2
  exit 1
fi
setsid node dist/src/main.js >>"$logs/api.log" 2>&1 < /dev/null &
echo $! >"$run/api.pid"
setsid node dist/src/worker.js >>"$logs/worker.log" 2>&1 < /dev/null &
echo $! >"$run/worker.pid"

for _ in $(seq 150); do
  if curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; then ready=1; break; fi
  if ! kill -0 "$(cat "$run/api.pid")" 2>/dev/null; then break; fi
  sleep 0.2
done
if [ "${ready:-0}" != 1 ]; then
  echo "The API did not become ready; the end of $logs/api.log:" >&2
  tail -n 30 "$logs/api.log" >&2
  exit 1
fi
if ! kill -0 "$(cat "$run/worker.pid")" 2>/dev/null; then
  echo "The worker stopped; the end of $logs/worker.log:" >&2
  tail -n 30 "$logs/worker.log" >&2
  exit 1
fi

cat <<INFO

Cascade is running: $PUBLIC_URL
  API docs:  $PUBLIC_URL/api/docs
  Health:    $PUBLIC_URL/health/ready
  Logs:      .local/logs/api.log, .local/logs/worker.log
  Stop:      npm run local:stop

$(cat "$run/demo-logins.txt")
INFO
