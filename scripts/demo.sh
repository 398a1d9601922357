#!/usr/bin/env bash
# `npm run demo`: everything a fresh machine needs, then the app on http://localhost:3000.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/services.sh
bash scripts/ensure-deps.sh

export DATABASE_URL="${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/zicha}"
export PORT="${PORT:-3000}"
export APP_URL="${APP_URL:-http://localhost:$PORT}"
export NODE_ENV=production
if [ -z "${SESSION_SECRET:-}" ]; then
  # A per-machine secret, kept across restarts so signed cookies stay valid.
  mkdir -p var
  [ -s var/session-secret ] || node -e "console.log(require('crypto').randomBytes(32).toString('hex'))" > var/session-secret
  SESSION_SECRET="$(cat var/session-secret)"
  export SESSION_SECRET
fi

npx tsx db/migrate.ts
npx tsx checklists/import.ts
npx remix build
npx tsx db/seed.ts
echo "Open ${APP_URL} and sign in with an account above."
exec node server.js
