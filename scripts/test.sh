#!/usr/bin/env bash
# `npm test`: services, dependencies, formatting, lint, type-check, build, the production smoke run, then unit,
# integration and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/services.sh --browser
bash scripts/ensure-deps.sh

echo "[test] formatting"
npx prettier --check . >/dev/null || { npx prettier --check . 2>&1 | tail -20; echo "[test] run: npm run format"; exit 1; }
echo "[test] lint (eslint: typescript-eslint and the layer rules)"
npx eslint . --max-warnings 0
echo "[test] type-check"
npx tsc --noEmit
echo "[test] build"
npx remix build >/dev/null
echo "[test] production smoke (deploy/smoke.sh)"
bash deploy/smoke.sh
echo "[test] vitest"
npx vitest run "$@"
