#!/usr/bin/env bash
# Local services for Cascade: a private PostgreSQL 15 cluster and Redis on loopback, Debian Chromium and fonts.
#   scripts/services.sh up|down|status [local|test]
# "local" (default) is durable (Postgres defaults, Redis AOF) for `npm run local`;
# "test" trades durability for speed (fsync off, no Redis persistence) and uses its own ports and data.
# Idempotent: running `up` twice leaves the running servers alone. Data lives under .local/ (git-ignored).
set -euo pipefail

action=${1:-up}
profile=${2:-local}
root=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
OS_PGUSER=postgres # initdb and postgres refuse to run as root

case "$profile" in
  local) PGPORT=${CASCADE_PG_PORT:-55432}; REDIS_PORT=${CASCADE_REDIS_PORT:-56379} ;;
  test) PGPORT=${CASCADE_TEST_PG_PORT:-55433}; REDIS_PORT=${CASCADE_TEST_REDIS_PORT:-56380} ;; # test/support/test-env.ts reads the same
  *) echo "services.sh: unknown profile '$profile' (expected local or test)" >&2; exit 2 ;;
esac
BASE="$root/.local/$profile"
PGDATA="$BASE/pg"
REDIS_DIR="$BASE/redis"

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$OS_PGUSER" -- "$@"; else "$@"; fi; }

install_packages() {
  local need=()
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  dpkg -s fonts-noto-core >/dev/null 2>&1 || need+=(fonts-noto-core)
  dpkg -s fonts-liberation2 >/dev/null 2>&1 || need+=(fonts-liberation2)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils) # tests read the text of generated PDFs
  command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools) # tests read the QR code printed on certificates
  [ -x "$PGBIN/initdb" ] || need+=(postgresql-15)
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "services.sh: missing packages. Install them as root with:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${need[*]}" >&2
    exit 1
  fi
  echo "services.sh: installing ${need[*]} (apt)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Their post-install scripts try to start system services; without systemd that fails harmlessly.
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

pg_running() { [ -f "$PGDATA/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }
redis_running() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; }

start_postgres() {
  if [ "$(id -u)" = 0 ] && ! id "$OS_PGUSER" >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash "$OS_PGUSER"
  fi
  mkdir -p "$BASE"
  chmod 755 "$root/.local" "$BASE" # the postgres user must be able to reach its data folder
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown "$OS_PGUSER:$OS_PGUSER" "$PGDATA"
    chmod 700 "$PGDATA"
    local pwfile="$BASE/.initdb-password"
    echo postgres >"$pwfile" && chmod 644 "$pwfile"
    as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if ! pg_running && "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" -t 1; then
    echo "services.sh: another PostgreSQL already listens on 127.0.0.1:$PGPORT (not the one in $PGDATA)." >&2
    echo "  Stop it, or choose other ports: CASCADE_PG_PORT (local) or CASCADE_TEST_PG_PORT (test)." >&2
    exit 1
  fi
  if ! pg_running; then
    local opts="-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA"
    if [ "$profile" = test ]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    fi
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 -o "$opts" start >/dev/null
  fi
  "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" -t 30
  local psql=("$PGBIN/psql" -h "$PGDATA" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
  as_pg "${psql[@]}" -c "select 1 from pg_roles where rolname='cascade'" | grep -q 1 ||
    as_pg "${psql[@]}" -c "create role cascade login password 'cascade' createdb"
  as_pg "${psql[@]}" -c "select 1 from pg_database where datname='cascade'" | grep -q 1 ||
    as_pg "${psql[@]}" -c "create database cascade owner cascade"
}

start_redis() {
  mkdir -p "$REDIS_DIR"
  if redis_running; then
    # Ours if its working directory is our data folder; another project's Redis must not be shared.
    local dir
    dir=$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" config get dir 2>/dev/null | tail -1)
    [ "$dir" = "$REDIS_DIR" ] && return 0
    echo "services.sh: another Redis already listens on 127.0.0.1:$REDIS_PORT (data in $dir, not $REDIS_DIR)." >&2
    exit 1
  fi
  local persistence=(--appendonly yes --appendfsync everysec --save '')
  [ "$profile" = test ] && persistence=(--appendonly no --save '')
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --pidfile "$REDIS_DIR/redis.pid" \
    --logfile "$REDIS_DIR/redis.log" --dir "$REDIS_DIR" --maxmemory-policy noeviction "${persistence[@]}"
  for _ in $(seq 100); do redis_running && return 0; sleep 0.1; done
  echo "services.sh: redis did not answer on port $REDIS_PORT; see $REDIS_DIR/redis.log" >&2
  exit 1
}

stop_all() {
  if pg_running; then as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null; fi
  if redis_running && [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" config get dir 2>/dev/null | tail -1)" = "$REDIS_DIR" ]; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
  fi
}

status() {
  local ok=0
  if pg_running; then echo "postgres: up   postgres://cascade:cascade@127.0.0.1:$PGPORT/cascade"; else echo "postgres: down"; ok=1; fi
  if redis_running; then echo "redis:    up   redis://127.0.0.1:$REDIS_PORT"; else echo "redis:    down"; ok=1; fi
  if [ -x /usr/bin/chromium ]; then echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"; else echo "chromium: missing"; ok=1; fi
  return $ok
}

case "$action" in
  up) install_packages; start_postgres; start_redis; status ;;
  down) stop_all; echo "services ($profile) stopped" ;;
  status) status ;;
  *) echo "usage: scripts/services.sh up|down|status [local|test]" >&2; exit 2 ;;
esac
