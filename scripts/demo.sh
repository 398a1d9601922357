#!/usr/bin/env bash
# `npm run demo`: everything a fresh machine needs, then the app on http://localhost:3000,
# its job worker, and a local mail catcher (maildev) that shows every e-mail the demo sends.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/services.sh
bash scripts/ensure-deps.sh

# Migrations and roles run as the database's owner; the app, the worker, the checklist loader
# and the seed connect as the least-privilege login role, as in production (README, Production).
export DATABASE_OWNER_URL="${DATABASE_OWNER_URL:-${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/zicha}}"
mkdir -p var
[ -s var/db-app-password ] || node -e "console.log(require('crypto').randomBytes(18).toString('hex'))" > var/db-app-password
DATABASE_URL="$(node -e '
  const u = new URL(process.argv[1]);
  u.username = decodeURIComponent(u.pathname.slice(1)) + "_web";
  u.password = process.argv[2];
  console.log(u.toString());
' "$DATABASE_OWNER_URL" "$(cat var/db-app-password)")"
export DATABASE_URL
export PORT="${PORT:-3000}"
export APP_URL="${APP_URL:-http://localhost:$PORT}"
export MAIL_WEB_PORT="${MAIL_WEB_PORT:-1080}"
export MAIL_SMTP_PORT="${MAIL_SMTP_PORT:-1025}"
export SMTP_URL="${SMTP_URL:-smtp://127.0.0.1:$MAIL_SMTP_PORT}"
export NODE_ENV=production
if [ -z "${SESSION_SECRET:-}" ]; then
  # A per-machine secret, kept across restarts so signed cookies stay valid.
  mkdir -p var
  [ -s var/session-secret ] || node -e "console.log(require('crypto').randomBytes(32).toString('hex'))" > var/session-secret
  SESSION_SECRET="$(cat var/session-secret)"
  export SESSION_SECRET
fi
if [ -z "${MFA_SECRET_KEY:-}" ]; then
  # The key that encrypts two-factor secrets, kept like the session secret (losing it voids
  # every enrolled authenticator).
  mkdir -p var
  [ -s var/mfa-secret-key ] || node -e "console.log(require('crypto').randomBytes(32).toString('base64'))" > var/mfa-secret-key
  MFA_SECRET_KEY="$(cat var/mfa-secret-key)"
  export MFA_SECRET_KEY
fi
if [ -z "${PII_SECRET_KEY:-}" ]; then
  # The key that encrypts personal data in the clue ledger, kept like the MFA key.
  mkdir -p var
  [ -s var/pii-secret-key ] || node -e "console.log(require('crypto').randomBytes(32).toString('base64'))" > var/pii-secret-key
  PII_SECRET_KEY="$(cat var/pii-secret-key)"
  export PII_SECRET_KEY
fi
# Every demo account signs in in one step with the printed password; the seed prints one more
# account that has two-factor sign-in set up, with its secret.
export MFA_REQUIRED_ROLES="${MFA_REQUIRED_ROLES:-none}"

npx tsx db/migrate.ts
npx tsx db/roles.ts
npx tsx checklists/import.ts
npx remix build
npx tsx seeds/demo.ts

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

mkdir -p var
npx maildev --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp "$MAIL_SMTP_PORT" --web "$MAIL_WEB_PORT" --silent >var/maildev.log 2>&1 &
pids+=($!)
node --import tsx jobs/worker.ts &
pids+=($!)

echo "Mail sent by the demo: http://localhost:${MAIL_WEB_PORT}"
echo "Open ${APP_URL} and sign in with an account above."
node server.js &
server=$!
pids+=("$server")
# The demo lasts as long as the web server; a mail catcher that could not start (its port
# taken by another demo, say) does not stop it.
wait "$server"
