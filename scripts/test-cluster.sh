#!/usr/bin/env bash
# `npm run test:cluster` (and CI, after `npm test`): start the multi-node topology
# (deploy/cluster-local.sh up), run against it the integration tests that touch Redis, the
# queues and mail, then the topology's own tests (tests/cluster: the queue layout over the
# masters, a master restarted under two workers, the read replica with replay paused), and
# always take the topology down again, whatever happened.
#
# Which integration tests, and why: those whose code paths use Redis — reminders (exactly-once
# delivery with two workers, a worker killed mid-send), inbox (the admin's queue page, retries),
# mail-outage (the retry ladder and the outbox flush), roster (onboarding jobs), risk (its
# nightly job) and production (readiness with Redis) — with REDIS_CLUSTER_NODES set and the
# test databases on the topology's primary. The rest of the suite never opens a Redis
# connection, so it would test nothing new here; `npm test` runs it on the single-node setup.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh
[ -f build/index.js ] || npx remix build >/dev/null

cleanup() { bash deploy/cluster-local.sh down || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
# No demo data: the tests make their own databases from a template on the primary.
CLUSTER_SEED=none bash deploy/cluster-local.sh up
eval "$(bash deploy/cluster-local.sh env | grep -E '^export (REDIS_CLUSTER_NODES|CLUSTER_PG_ADMIN_URL|CLUSTER_PG_REPLICA_ADMIN_URL)=')"
unset REDIS_URL
export TEST_ADMIN_DATABASE_URL="$CLUSTER_PG_ADMIN_URL"

echo "[test:cluster] integration tests on the Redis Cluster ($REDIS_CLUSTER_NODES)"
npx vitest run --project integration \
  tests/integration/reminders.test.ts tests/integration/inbox.test.ts tests/integration/mail-outage.test.ts \
  tests/integration/roster.test.ts tests/integration/risk.test.ts tests/integration/production.test.ts

echo "[test:cluster] topology tests (tests/cluster)"
TEST_REPLICA_ADMIN_DATABASE_URL="$CLUSTER_PG_REPLICA_ADMIN_URL" npx vitest run --config vitest.cluster.config.ts

echo "[test:cluster] passed in $(($(date +%s) - started)) s"
