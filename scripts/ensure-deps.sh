#!/usr/bin/env bash
# Install npm packages when node_modules is missing or older than the lock file.
set -euo pipefail
if [ ! -x node_modules/.bin/remix ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[deps] npm ci"
  npm ci --no-audit --no-fund
fi
