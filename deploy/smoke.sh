#!/usr/bin/env bash
# deploy/smoke.sh — start Zicha as production would (no systemd needed) on this machine, use
# it, and stop it: a throwaway database migrated by the owner, the least-privilege login role
# (npm run db:roles), the checklists and the demo data, two web processes (node server.js,
# NODE_ENV=production) and the worker; then /healthz and /readyz on both, a sign-in on one and
# an evidence upload through the other (sessions and storage are shared, processes are not),
# the file downloaded back and compared by SHA-256, and SIGTERM to all three (each must exit 0).
# Everything it made (processes, database, role, Redis keys, files) is removed on any exit.
# Needs a build (npx remix build) and PostgreSQL and Redis on 127.0.0.1 (scripts/services.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

ADMIN_URL="${SMOKE_ADMIN_DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
ID="zicha_smoke_$$"
WORK="$(mktemp -d "/tmp/${ID}.XXXX")"
PASSWORD="$(node -e "console.log(require('crypto').randomBytes(18).toString('hex'))")"
base_url() { local u="$ADMIN_URL"; echo "${u%/*}/$1"; }
OWNER_URL="$(base_url "$ID")"
APP_DB_URL="$(node -e "const u=new URL(process.argv[1]); u.username=process.argv[2]; u.password=process.argv[3]; console.log(u.toString())" "$OWNER_URL" "${ID}_app" "$PASSWORD")"
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
WEB1="$(free_port)"
WEB2="$(free_port)"
while [ "$WEB2" = "$WEB1" ]; do WEB2="$(free_port)"; done

log() { printf '\033[1m[smoke %3ss]\033[0m %s\n' "$SECONDS" "$*"; }
fail() { log "FAILED: $*"; for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 30 "$f"; }; done; exit 1; }

pids=()
cleanup() {
  local code=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  node --input-type=module -e "
    import postgres from 'postgres';
    import { Redis } from 'ioredis';
    const sql = postgres(process.argv[1], { max: 1, onnotice: () => {} });
    await sql.unsafe('drop database if exists \"$ID\" with (force)');
    await sql.unsafe('drop role if exists \"${ID}_app\"');
    await sql.end();
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    let cursor = '0';
    do { const [next, keys] = await redis.scan(cursor, 'MATCH', '$ID:*', 'COUNT', 1000); if (keys.length) await redis.del(...keys); cursor = next; } while (cursor !== '0');
    redis.disconnect();
  " "$ADMIN_URL" || log "clean-up incomplete"
  rm -rf "$WORK"
  [ "$code" = 0 ] && log "passed; cleaned up" || log "cleaned up after failure"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -f build/index.js ] || fail "build/index.js is missing: run npx remix build first"

# The environment production gets from /etc/zicha/zicha.env (deploy/zicha.env.example).
export NODE_ENV=production
export DATABASE_URL="$APP_DB_URL"
export DATABASE_OWNER_URL="$OWNER_URL"
export SESSION_SECRET="$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))")"
export MFA_SECRET_KEY="$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))")"
export PII_SECRET_KEY="$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))")"
export QUEUE_PREFIX="$ID"
export STORAGE_DIR="$WORK/evidence"
export SMTP_URL="smtp://127.0.0.1:9" # nothing listens: mail fails and is retried; not this test's business
export TRUST_PROXY=false

log "database $ID: migrate (owner), login role (db:roles), checklists and demo data (app role)"
node --import tsx db/migrate.ts >"$WORK/migrate.log" 2>&1 || fail "db:migrate"
node --import tsx db/roles.ts >"$WORK/roles.log" 2>&1 || fail "db:roles"
node --import tsx checklists/import.ts >"$WORK/checklists.log" 2>&1 || fail "checklists:load"
node --import tsx seeds/demo.ts >"$WORK/seed.log" 2>&1 || fail "db:seed"

log "web on :$WEB1 and :$WEB2, worker"
for port in "$WEB1" "$WEB2"; do
  PORT="$port" APP_URL="http://127.0.0.1:$port" node server.js >"$WORK/web-$port.log" 2>&1 &
  pids+=($!)
done
node --import tsx jobs/worker.ts >"$WORK/worker.log" 2>&1 &
worker=$!
pids+=("$worker")

wait_ready() {
  for _ in $(seq 1 150); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/readyz")" = 200 ] && return 0
    sleep 0.2
  done
  fail "http://127.0.0.1:$1/readyz never answered 200"
}
for port in "$WEB1" "$WEB2"; do
  wait_ready "$port"
  [ "$(curl -s "http://127.0.0.1:$port/healthz")" = ok ] || fail "/healthz on :$port"
done
for _ in $(seq 1 100); do grep -q '"msg":"worker started' "$WORK/worker.log" && break; sleep 0.2; done
grep -q '"msg":"worker started' "$WORK/worker.log" || fail "the worker did not start"

JAR="$WORK/cookies"
log "sign in on :$WEB1"
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" -H "Origin: http://127.0.0.1:$WEB1" \
  --data-urlencode "email=wolong-renhe@demo.zicha.cn" --data-urlencode "password=Zicha@2026" "http://127.0.0.1:$WEB1/login")
[ "$status" = 302 ] || fail "sign-in answered $status"

log "upload evidence through :$WEB2"
home=$(curl -s -b "$JAR" "http://127.0.0.1:$WEB2/inst")
assessments=$(grep -a -o '/inst/assessments/[0-9a-f-]\{36\}' <<<"$home" | sort -u)
[ -n "$assessments" ] || fail "no self-check on /inst (not signed in on the second process?)"
printf '%%PDF-1.4\n%% smoke %s\n%%%%EOF\n' "$ID" >"$WORK/evidence.pdf"
evidence=""
# The first self-check whose items are still open for evidence (the demo also has a closed one).
for assessment in $assessments; do
  item=$(curl -s -b "$JAR" "http://127.0.0.1:$WEB2$assessment" | grep -a -o "$assessment/items/[^\"#?]*" | head -n 1)
  [ -n "$item" ] || continue
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR" -H "Origin: http://127.0.0.1:$WEB2" \
    -F "files=@$WORK/evidence.pdf;type=application/pdf;filename=整改佐证.pdf" "http://127.0.0.1:$WEB2$item/evidence")
  [ "$status" = 302 ] || fail "upload to $item answered $status"
  evidence=$(curl -s -b "$JAR" "http://127.0.0.1:$WEB1$item" | grep -a -o '/evidence/[0-9a-f-]\{36\}' | head -n 1)
  [ -n "$evidence" ] && break
done
[ -n "$evidence" ] || fail "no uploaded file is listed on any item"
curl -s -b "$JAR" -o "$WORK/downloaded.pdf" "http://127.0.0.1:$WEB1$evidence"
[ "$(sha256sum <"$WORK/evidence.pdf")" = "$(sha256sum <"$WORK/downloaded.pdf")" ] || fail "the downloaded file differs from the upload"
grep -q '"path":"/login","status":302' "$WORK/web-$WEB1.log" || fail "no JSON access log line for the sign-in"

log "SIGTERM to web and worker"
for pid in "${pids[@]}"; do kill -TERM "$pid"; done
for pid in "${pids[@]}"; do
  code=0
  wait "$pid" || code=$?
  [ "$code" = 0 ] || fail "process $pid exited with $code"
done
pids=()
log "ok: migrate, roles, seed, 2 × web + worker ready, sign-in, upload on another process, download intact, clean stop"
