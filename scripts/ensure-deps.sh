#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than the lockfile.
# `npm ci` cannot be used here: the registry lacks some platforms' optional binaries that the lockfile would need.
set -euo pipefail
cd "$(dirname "$0")/.."
# A worktree that shares another checkout's dependencies through a symlink is left alone: installing would replace
# the link with a folder of its own.
if [ -L node_modules ]; then exit 0; fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm dependencies…"
  npm install --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi
