#!/usr/bin/env bash
# Make sure PostgreSQL and Redis are reachable on 127.0.0.1: start them when they are down,
# install them from Debian's packages when they are missing. `--browser` also installs
# Debian's Chromium and CJK fonts for the browser tests.
set -euo pipefail

log() { printf '\033[1m[services]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  log "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  log "nothing answers on 127.0.0.1:$1"; return 1
}

ensure_postgres() {
  port_open 5432 && return 0
  local fresh=0
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql
    fresh=1
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  log "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_port 5432
  if [ "$fresh" = 1 ]; then
    # A fresh Debian cluster asks TCP clients for a password: give the superuser the one the defaults use.
    as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\""
  fi
}

ensure_redis() {
  port_open 6379 && return 0
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  log "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_port 6379
}

ensure_browser() {
  [ -x /usr/bin/chromium ] || apt_install chromium
  if ! fc-list :lang=zh 2>/dev/null | grep -q .; then apt_install fonts-noto-cjk; fi
}

# deploy/smoke.sh (part of npm test) talks HTTP with curl; backups use pg_dump/pg_restore,
# which come with Debian's postgresql package; the bench smoke and deploy/cluster-local.sh put
# nginx in front of the web processes (it is only installed here, never started: Debian's
# package would start its default site on port 80, so stop that one when the package is fresh).
ensure_tools() {
  command -v curl >/dev/null 2>&1 || apt_install curl
  command -v pg_dump >/dev/null 2>&1 || apt_install postgresql-client
  if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    apt_install nginx
    as_root service nginx stop >/dev/null 2>&1 || as_root nginx -s quit >/dev/null 2>&1 || true
  fi
}

ensure_postgres
ensure_redis
ensure_tools
if [ "${1:-}" = "--browser" ]; then ensure_browser; fi
