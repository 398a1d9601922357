#!/usr/bin/env bash
# The multi-node topology on one machine, loopback only, from Debian's own packages (no Docker):
#   - a Redis Cluster of 3 masters (redis-server --cluster-enabled yes; redis-cli --cluster create)
#   - a PostgreSQL primary and one streaming hot-standby replica (pg_basebackup -R)
#   - N web processes (node server.js) behind nginx round robin, M job workers
#   - a mail catcher (maildev) for the workers' e-mail
# Everything lives under var/cluster/ (logs, data, pids, secrets); `down` removes it all.
#
#   deploy/cluster-local.sh up | down | status | env | redis-restart PORT
#
# `env` prints the variables that point the app and the tests at this topology
# (`eval "$(deploy/cluster-local.sh env)"`). Ports and counts come from the environment:
#   CLUSTER_REDIS_PORTS  "7101 7102 7103"     CLUSTER_PG_PRIMARY_PORT 5441
#   CLUSTER_PG_REPLICA_PORT 5442              CLUSTER_WEB_COUNT 2 (ports from CLUSTER_WEB_BASE_PORT 3101)
#   CLUSTER_WORKER_COUNT 2                    CLUSTER_NGINX_PORT 8088
#   CLUSTER_MAIL_SMTP_PORT 1126, CLUSTER_MAIL_WEB_PORT 1181
#   CLUSTER_SEED=demo|none (demo data in the database; default demo)
# Runs as root (installs missing packages with apt; PostgreSQL runs as the postgres user) or as
# a user who owns the packages already and can run PostgreSQL's binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

DIR="${CLUSTER_DIR:-$ROOT/var/cluster}"
REDIS_PORTS=(${CLUSTER_REDIS_PORTS:-7101 7102 7103})
PG_PRIMARY_PORT="${CLUSTER_PG_PRIMARY_PORT:-5441}"
PG_REPLICA_PORT="${CLUSTER_PG_REPLICA_PORT:-5442}"
WEB_COUNT="${CLUSTER_WEB_COUNT:-2}"
WEB_BASE_PORT="${CLUSTER_WEB_BASE_PORT:-3101}"
WORKER_COUNT="${CLUSTER_WORKER_COUNT:-2}"
NGINX_PORT="${CLUSTER_NGINX_PORT:-8088}"
MAIL_SMTP_PORT="${CLUSTER_MAIL_SMTP_PORT:-1126}"
MAIL_WEB_PORT="${CLUSTER_MAIL_WEB_PORT:-1181}"
SEED="${CLUSTER_SEED:-demo}"
DB_NAME=zicha
QUEUE_PREFIX_NAME=zicha

log() { printf '\033[1m[cluster]\033[0m %s\n' "$*"; }
die() { log "$*"; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 1 120); do port_open "$1" && return 0; sleep 0.25; done; die "nothing answers on 127.0.0.1:$1"; }
pid_alive() { [ -s "$1" ] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; }

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  log "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_packages() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || apt_install redis-server
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || apt_install nginx
  command -v curl >/dev/null 2>&1 || apt_install curl
  # Debian's nginx package starts its own site on port 80: this topology runs its own nginx.
}

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"

# PostgreSQL refuses to run as root: its files and processes belong to the postgres user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    # runuser keeps the caller's environment variables we pass explicitly, nothing else.
    runuser -u postgres -- env PGPASSWORD="${PGPASSWORD:-}" "$@"
  else
    "$@"
  fi
}

secret() {
  local file="$DIR/secrets/$1"
  if [ ! -s "$file" ]; then
    mkdir -p "$DIR/secrets" && chmod 700 "$DIR/secrets"
    node -e "process.stdout.write(require('crypto').randomBytes(${2:-24}).toString('${3:-hex}'))" >"$file"
    chmod 600 "$file"
  fi
  cat "$file"
}

redis_nodes_csv() { local out=(); for p in "${REDIS_PORTS[@]}"; do out+=("127.0.0.1:$p"); done; (IFS=,; echo "${out[*]}"); }

# ---------------------------------------------------------------------------------------------
# Redis Cluster

start_redis_node() {
  local port=$1 dir="$DIR/redis/$1"
  mkdir -p "$dir"
  if pid_alive "$dir/redis.pid" && port_open "$port"; then return 0; fi
  # No persistence, like the single Redis of the tests: a restarted node comes back empty and
  # the outbox flush queues again what PostgreSQL still owes (docs/decisions/015). Its cluster
  # identity and slots are kept in nodes.conf, so it rejoins as the same master.
  redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes \
    --cluster-enabled yes --cluster-config-file "$dir/nodes.conf" --cluster-node-timeout 5000 \
    --save "" --appendonly no --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  wait_port "$port"
}

cluster_ok() { redis-cli -p "${REDIS_PORTS[0]}" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }

up_redis() {
  for port in "${REDIS_PORTS[@]}"; do start_redis_node "$port"; done
  local known
  known=$(redis-cli -p "${REDIS_PORTS[0]}" cluster info | awk -F: '/^cluster_known_nodes/ {print $2}' | tr -d '\r')
  if [ "$known" != "${#REDIS_PORTS[@]}" ]; then
    log "creating the Redis Cluster (${#REDIS_PORTS[@]} masters, no replicas)"
    local nodes=(); for p in "${REDIS_PORTS[@]}"; do nodes+=("127.0.0.1:$p"); done
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$DIR/redis/create.log"
  fi
  for _ in $(seq 1 80); do cluster_ok && break; sleep 0.25; done
  cluster_ok || die "the Redis Cluster did not reach cluster_state:ok (see $DIR/redis/*/redis.log)"
  log "Redis Cluster ok on ports ${REDIS_PORTS[*]}"
}

# Kill one master (SIGKILL: nothing saved) and start it again on the same nodes.conf: the
# node comes back empty and owning the same slots (tests of a restarted node use this).
redis_restart() {
  local port=$1 dir="$DIR/redis/$1"
  [ -s "$dir/redis.pid" ] || die "no Redis node of this topology on port $port"
  kill -9 "$(cat "$dir/redis.pid")" 2>/dev/null || true
  for _ in $(seq 1 40); do port_open "$port" || break; sleep 0.1; done
  rm -f "$dir/redis.pid"
  start_redis_node "$port"
  for _ in $(seq 1 120); do
    redis-cli -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' && cluster_ok && { log "Redis node $port restarted"; return 0; }
    sleep 0.25
  done
  die "Redis node $port did not rejoin the cluster"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL primary and hot standby

pg_ctl_() { as_pg "$PG_BIN/pg_ctl" "$@"; }

up_postgres() {
  [ -n "$PG_BIN" ] || die "PostgreSQL binaries not found"
  local pgdir="$DIR/pg" primary="$DIR/pg/primary" replica="$DIR/pg/replica" run="$DIR/pg/run"
  mkdir -p "$pgdir" "$run"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdir" "$run"
  local su_pw repl_pw
  su_pw=$(secret pg-superuser-password)
  repl_pw=$(secret pg-replicator-password)
  if [ ! -s "$primary/PG_VERSION" ]; then
    log "initdb: primary in $primary"
    local pwfile="$pgdir/.pw"
    printf '%s\n' "$su_pw" >"$pwfile"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$pwfile"
    as_pg "$PG_BIN/initdb" -D "$primary" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log"
    rm -f "$pwfile"
    cat >>"$primary/postgresql.conf" <<EOF

# deploy/cluster-local.sh
listen_addresses = '127.0.0.1'
port = $PG_PRIMARY_PORT
unix_socket_directories = '$run'
max_connections = 300
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
hot_standby = on
hot_standby_feedback = on
EOF
    cat >>"$primary/pg_hba.conf" <<EOF
host replication replicator 127.0.0.1/32 scram-sha-256
EOF
  fi
  if ! port_open "$PG_PRIMARY_PORT"; then
    pg_ctl_ -D "$primary" -l "$pgdir/primary.log" -w -t 60 start >/dev/null
  fi
  log "PostgreSQL primary on 127.0.0.1:$PG_PRIMARY_PORT"
  psql_primary -q -c "do \$\$ begin
      if not exists (select 1 from pg_roles where rolname = 'replicator') then
        create role replicator with replication login password '$repl_pw';
      end if;
    end \$\$;"
  if [ ! -s "$replica/PG_VERSION" ]; then
    log "pg_basebackup -R: replica in $replica"
    psql_primary -q -c "select pg_create_physical_replication_slot('zicha_replica') where not exists (select 1 from pg_replication_slots where slot_name = 'zicha_replica')" >/dev/null
    PGPASSWORD="$repl_pw" as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U replicator -D "$replica" \
      -R -X stream -S zicha_replica -c fast >/dev/null
    cat >>"$replica/postgresql.auto.conf" <<EOF
port = $PG_REPLICA_PORT
EOF
  fi
  if ! port_open "$PG_REPLICA_PORT"; then
    pg_ctl_ -D "$replica" -l "$pgdir/replica.log" -w -t 60 start >/dev/null
  fi
  local state=""
  for _ in $(seq 1 80); do
    state=$(psql_primary -Atc "select state from pg_stat_replication where application_name <> '' limit 1" 2>/dev/null || true)
    [ "$state" = streaming ] && break
    sleep 0.25
  done
  [ "$state" = streaming ] || die "the replica is not streaming (see $pgdir/replica.log)"
  log "PostgreSQL hot standby on 127.0.0.1:$PG_REPLICA_PORT (streaming)"
}

psql_primary() { as_pg "$PG_BIN/psql" -h "$DIR/pg/run" -p "$PG_PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
psql_replica() { as_pg "$PG_BIN/psql" -h "$DIR/pg/run" -p "$PG_REPLICA_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

# ---------------------------------------------------------------------------------------------
# The application: database, web processes, workers, nginx

owner_url() { echo "postgres://zicha_owner:$(secret pg-owner-password)@127.0.0.1:$PG_PRIMARY_PORT/$DB_NAME"; }
app_url_on() { echo "postgres://zicha_web:$(secret pg-app-password)@127.0.0.1:$1/$DB_NAME"; }

app_env() {
  cat <<EOF
export NODE_ENV=production
export DATABASE_URL='$(app_url_on "$PG_PRIMARY_PORT")'
export DATABASE_READ_URL='$(app_url_on "$PG_REPLICA_PORT")'
export DATABASE_OWNER_URL='$(owner_url)'
export REDIS_CLUSTER_NODES='$(redis_nodes_csv)'
export QUEUE_PREFIX='$QUEUE_PREFIX_NAME'
export SMTP_URL='smtp://127.0.0.1:$MAIL_SMTP_PORT'
export APP_URL='http://127.0.0.1:$NGINX_PORT'
export TRUST_PROXY=true
export COOKIE_SECURE=false
export SESSION_SECRET='$(secret session-secret 32)'
export MFA_SECRET_KEY='$(secret mfa-secret-key 32 base64)'
export PII_SECRET_KEY='$(secret pii-secret-key 32 base64)'
export MFA_REQUIRED_ROLES=none
export STORAGE_DIR='$DIR/evidence'
export UPLOAD_TMP_DIR='$DIR/uploads'
EOF
}

up_database() {
  local owner_pw
  owner_pw=$(secret pg-owner-password)
  psql_primary -q -c "do \$\$ begin
      if not exists (select 1 from pg_roles where rolname = 'zicha_owner') then
        create role zicha_owner login createrole password '$owner_pw';
      end if;
    end \$\$;"
  if [ -z "$(psql_primary -Atc "select 1 from pg_database where datname = '$DB_NAME'")" ]; then
    psql_primary -q -c "create database $DB_NAME owner zicha_owner"
    local fresh=1
  fi
  (
    eval "$(app_env)"
    npx tsx db/migrate.ts >"$DIR/logs/migrate.log" 2>&1
    npx tsx db/roles.ts >>"$DIR/logs/migrate.log" 2>&1
    if [ "${fresh:-0}" = 1 ]; then
      npx tsx checklists/import.ts >"$DIR/logs/seed.log" 2>&1
      if [ "$SEED" = demo ]; then npx tsx seeds/demo.ts >>"$DIR/logs/seed.log" 2>&1; fi
    fi
  ) || die "migrating or seeding failed (see $DIR/logs/migrate.log, seed.log)"
  log "database $DB_NAME migrated (app role zicha_web)${fresh:+; checklists loaded}$( [ "${fresh:-0}" = 1 ] && [ "$SEED" = demo ] && echo ", demo data seeded")"
}

start_process() {
  local name=$1; shift
  local pidfile="$DIR/run/$name.pid"
  if pid_alive "$pidfile"; then return 0; fi
  (
    eval "$(app_env)"
    [ $# -eq 0 ] || export "$@"
    # setsid: its own process group, so `down` ends the process and everything it started.
    setsid nohup "${CMD[@]}" >>"$DIR/logs/$name.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
  )
}

up_app() {
  [ -f build/index.js ] || { log "building the app (npx remix build)"; npx remix build >/dev/null; }
  mkdir -p "$DIR/run" "$DIR/evidence" "$DIR/uploads"
  CMD=(npx maildev --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp "$MAIL_SMTP_PORT" --web "$MAIL_WEB_PORT" --silent)
  start_process maildev
  CMD=(node --import tsx jobs/worker.ts)
  for i in $(seq 1 "$WORKER_COUNT"); do start_process "worker-$i" LOG_LEVEL=info; done
  CMD=(node server.js)
  for i in $(seq 1 "$WEB_COUNT"); do start_process "web-$i" PORT=$((WEB_BASE_PORT + i - 1)); done
  for i in $(seq 1 "$WEB_COUNT"); do wait_port $((WEB_BASE_PORT + i - 1)); done
  log "web processes on ports $(seq -s ' ' "$WEB_BASE_PORT" $((WEB_BASE_PORT + WEB_COUNT - 1))), $WORKER_COUNT workers, mail at http://127.0.0.1:$MAIL_WEB_PORT"
}

up_nginx() {
  local ndir="$DIR/nginx"
  mkdir -p "$ndir/tmp" "$ndir/logs"
  local user_line=""
  if [ "$(id -u)" = 0 ]; then
    user_line="user www-data;"
    chown -R www-data "$ndir/tmp" 2>/dev/null || { user_line="user nobody nogroup;"; chown -R nobody "$ndir/tmp"; }
  fi
  local upstream=""
  for i in $(seq 1 "$WEB_COUNT"); do upstream+="    server 127.0.0.1:$((WEB_BASE_PORT + i - 1)) max_fails=1 fail_timeout=2s;"$'\n'; done
  cat >"$ndir/nginx.conf" <<EOF
# Written by deploy/cluster-local.sh: round robin over the web processes, loopback only.
$user_line
worker_processes 1;
pid $ndir/nginx.pid;
error_log $ndir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log $ndir/logs/access.log;
  client_body_temp_path $ndir/tmp/body;
  proxy_temp_path $ndir/tmp/proxy;
  fastcgi_temp_path $ndir/tmp/fastcgi;
  uwsgi_temp_path $ndir/tmp/uwsgi;
  scgi_temp_path $ndir/tmp/scgi;
  upstream zicha_web {
$upstream    keepalive 64;
    # Shorter than node's keep-alive timeout (5 s, server.js): nginx drops an idle upstream
    # connection before node closes it, else a POST sent on a closing connection fails with 502.
    keepalive_timeout 4s;
  }
  # Compression here, in C (decision 030); text/html is always in gzip_types.
  gzip on;
  gzip_comp_level 5;
  gzip_min_length 1024;
  gzip_vary on;
  gzip_proxied any;
  gzip_types text/css text/plain application/javascript application/json image/svg+xml;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    client_max_body_size 1010m;
    proxy_request_buffering off;
    location / {
      proxy_pass http://zicha_web;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Accept-Encoding "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$http_host;
      proxy_set_header X-Request-Id \$request_id;
      proxy_next_upstream error timeout http_502;
    }
  }
}
EOF
  if pid_alive "$ndir/nginx.pid"; then
    "$NGINX_BIN" -p "$ndir" -c "$ndir/nginx.conf" -s reload 2>/dev/null
  else
    "$NGINX_BIN" -p "$ndir" -c "$ndir/nginx.conf" -e "$ndir/logs/error.log"
  fi
  wait_port "$NGINX_PORT"
  log "nginx on http://127.0.0.1:$NGINX_PORT → $WEB_COUNT web processes"
}

# ---------------------------------------------------------------------------------------------

stop_pidfile() {
  local pidfile=$1
  [ -s "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    # The process group (setsid): node and whatever it started.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

down() {
  [ -d "$DIR" ] || { log "nothing to stop ($DIR does not exist)"; return 0; }
  if [ -s "$DIR/nginx/nginx.pid" ]; then "$NGINX_BIN" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -s quit 2>/dev/null || stop_pidfile "$DIR/nginx/nginx.pid"; fi
  for _ in $(seq 1 25); do pid_alive "$DIR/nginx/nginx.pid" || break; sleep 0.2; done
  for pidfile in "$DIR"/run/*.pid; do [ -e "$pidfile" ] && stop_pidfile "$pidfile"; done
  for name in replica primary; do
    if [ -s "$DIR/pg/$name/postmaster.pid" ]; then pg_ctl_ -D "$DIR/pg/$name" -m fast -w -t 60 stop >/dev/null 2>&1 || true; fi
  done
  for port in "${REDIS_PORTS[@]}"; do
    if [ -s "$DIR/redis/$port/redis.pid" ]; then
      redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || stop_pidfile "$DIR/redis/$port/redis.pid"
    fi
  done
  for port in "${REDIS_PORTS[@]}" "$PG_PRIMARY_PORT" "$PG_REPLICA_PORT" "$NGINX_PORT"; do
    for _ in $(seq 1 25); do port_open "$port" || break; sleep 0.2; done
    port_open "$port" && log "warning: something still answers on port $port"
  done
  rm -rf "$DIR"
  log "down: processes stopped, $DIR removed"
}

status() {
  [ -d "$DIR" ] || { log "down ($DIR does not exist)"; return 1; }
  local bad=0
  echo "Redis Cluster:"
  if cluster_ok; then
    redis-cli -p "${REDIS_PORTS[0]}" cluster nodes | awk '{ split($2, a, "@"); printf "  %s %s slots %s\n", a[1], ($3 ~ /master/ ? "master" : $3), $9 }'
  else echo "  NOT OK"; bad=1; fi
  echo "Queues (prefix $QUEUE_PREFIX_NAME) → hash slot → master:"
  (eval "$(app_env)"; npx tsx deploy/cluster-layout.ts) || bad=1
  echo "PostgreSQL:"
  if port_open "$PG_PRIMARY_PORT"; then
    psql_primary -Atc "select '  primary 127.0.0.1:$PG_PRIMARY_PORT → ' || application_name || ' ' || state || ', replay lag ' || coalesce(replay_lag::text, '0') || ', ' || pg_wal_lsn_diff(sent_lsn, replay_lsn) || ' bytes behind' from pg_stat_replication" || bad=1
  else echo "  primary DOWN"; bad=1; fi
  if port_open "$PG_REPLICA_PORT"; then
    psql_replica -Atc "select '  replica 127.0.0.1:$PG_REPLICA_PORT in recovery: ' || pg_is_in_recovery() || ', replay paused: ' || pg_is_wal_replay_paused()" || bad=1
  else echo "  replica DOWN"; bad=1; fi
  echo "Processes:"
  for pidfile in "$DIR"/run/*.pid; do
    [ -e "$pidfile" ] || continue
    local name; name=$(basename "$pidfile" .pid)
    if pid_alive "$pidfile"; then echo "  $name running (pid $(cat "$pidfile"))"; else echo "  $name NOT RUNNING (see $DIR/logs/$name.log)"; bad=1; fi
  done
  for i in $(seq 1 "$WEB_COUNT"); do
    local port=$((WEB_BASE_PORT + i - 1))
    printf '  web-%s /readyz: %s\n' "$i" "$(curl -s -m 5 "http://127.0.0.1:$port/readyz" || echo unreachable)"
  done
  printf '  nginx :%s /healthz: %s\n' "$NGINX_PORT" "$(curl -s -m 5 "http://127.0.0.1:$NGINX_PORT/healthz" || { bad=1; echo unreachable; })"
  return $bad
}

case "${1:-}" in
  up)
    ensure_packages
    mkdir -p "$DIR/logs" "$DIR/run"
    bash scripts/ensure-deps.sh >/dev/null
    up_redis
    up_postgres
    up_database
    up_app
    up_nginx
    log "up: http://127.0.0.1:$NGINX_PORT  (variables: deploy/cluster-local.sh env)"
    ;;
  down) down ;;
  status) status ;;
  env)
    [ -d "$DIR/secrets" ] || die "not up ($DIR/secrets missing)"
    app_env
    echo "export CLUSTER_PG_ADMIN_URL='postgres://postgres:$(secret pg-superuser-password)@127.0.0.1:$PG_PRIMARY_PORT/postgres'"
    echo "export CLUSTER_PG_REPLICA_ADMIN_URL='postgres://postgres:$(secret pg-superuser-password)@127.0.0.1:$PG_REPLICA_PORT/postgres'"
    ;;
  redis-restart) redis_restart "${2:?usage: $0 redis-restart PORT}" ;;
  *)
    echo "usage: $0 up|down|status|env|redis-restart PORT" >&2
    exit 2
    ;;
esac
