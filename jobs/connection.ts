// The one Redis connection factory for BullMQ queues and workers: a single node (REDIS_URL), or
// a Redis Cluster when REDIS_CLUSTER_NODES is set (docs/decisions/022-redis-cluster-queues.md).
import { Cluster, Redis, type RedisOptions } from "ioredis";

export type RedisConnection = Redis | Cluster;
export type ClusterNode = { host: string; port: number };

const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/**
 * REDIS_CLUSTER_NODES: comma-separated `host:port` of the cluster's masters (seeds: ioredis
 * discovers the rest). Null when unset, i.e. single-node mode.
 */
export function clusterNodesFromEnv(value = process.env.REDIS_CLUSTER_NODES): ClusterNode[] | null {
  if (!value?.trim()) return null;
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(entry);
      if (!match) throw new Error(`REDIS_CLUSTER_NODES: "${entry}" is not host:port`);
      return { host: match[1], port: Number(match[2]) };
    });
}

export function isClusterConnection(connection: unknown): connection is Cluster {
  return connection instanceof Cluster;
}

/**
 * A connection for BullMQ. Without `url`, the deployment's Redis: the cluster when
 * REDIS_CLUSTER_NODES is set, else REDIS_URL. With `url`, that single node (tests use a
 * private Redis to restart it). Workers need `maxRetriesPerRequest: null` so blocking commands
 * survive reconnects; producers may pass stricter options.
 */
export function createRedisConnection(url?: string, options: RedisOptions = {}): RedisConnection {
  const nodes = url ? null : clusterNodesFromEnv();
  const label = nodes
    ? `cluster ${nodes.map((n) => `${n.host}:${n.port}`).join(",")}`
    : (url ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL);
  const redis: RedisConnection = nodes
    ? createCluster(nodes, options)
    : new Redis(url ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL, { maxRetriesPerRequest: null, ...options });
  // ioredis reconnects by itself; say so once per outage instead of an "unhandled error" per retry.
  let isDown = false;
  redis.on("error", (error: Error) => {
    if (!isDown) console.warn(`Redis ${label}: ${error.message} (reconnecting)`);
    isDown = true;
  });
  redis.on("ready", () => (isDown = false));
  return redis;
}

function createCluster(nodes: ClusterNode[], options: RedisOptions) {
  // Options that belong to the cluster client itself; the rest apply to each node connection.
  const { enableOfflineQueue, lazyConnect, ...redisOptions } = options;
  return new Cluster(nodes, {
    redisOptions: { maxRetriesPerRequest: null, ...redisOptions },
    enableOfflineQueue: enableOfflineQueue ?? true,
    lazyConnect: lazyConnect ?? false,
    // Every command goes to the master that owns its slot (BullMQ's scripts write).
    scaleReads: "master",
    // A restarted or failed-over master: find the new owner of the slot quickly.
    clusterRetryStrategy: (times) => Math.min(100 * times, 2_000),
    retryDelayOnMoved: 50,
    retryDelayOnClusterDown: 200,
    slotsRefreshTimeout: 2_000,
  });
}

/**
 * Delete every key matching a SCAN pattern. A cluster is scanned master by master (SCAN sees
 * one node's keys), and keys are deleted one by one: a multi-key DEL across slots is refused.
 */
export async function deleteKeysMatching(redis: RedisConnection, pattern: string) {
  const nodes = isClusterConnection(redis) ? redis.nodes("master") : [redis];
  let deleted = 0;
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (keys.length) {
        const pipeline = node.pipeline();
        for (const key of keys) pipeline.unlink(key);
        await pipeline.exec();
        deleted += keys.length;
      }
      cursor = next;
    } while (cursor !== "0");
  }
  return deleted;
}
