// `deploy/cluster-local.sh status`: where each queue of this deployment lives in the Redis
// Cluster — its key prefix (hash tag), hash slot, and the master that owns the slot now.
import { clusterNodesFromEnv, createRedisConnection, isClusterConnection } from "../jobs/connection";
import { describeLayout } from "../jobs/worker";
import { queueLayout } from "../jobs/queues";

export async function slotOwners(): Promise<(slot: number) => string> {
  const redis = createRedisConnection(undefined, { lazyConnect: false });
  try {
    if (!isClusterConnection(redis)) return () => "(single node)";
    const ranges = await redis.cluster("SLOTS");
    return (slot) => {
      const range = ranges.find(([from, to]) => slot >= from && slot <= to);
      return range ? `${range[2][0]}:${range[2][1]}` : "(unassigned)";
    };
  } finally {
    redis.disconnect();
  }
}

if (process.argv[1]?.endsWith("cluster-layout.ts")) {
  if (!clusterNodesFromEnv()) {
    console.log("  REDIS_CLUSTER_NODES is not set: one Redis node, no hash tags");
  } else {
    const owner = await slotOwners();
    for (const p of describeLayout(queueLayout())) {
      console.log(`  ${p.queue.padEnd(12)} prefix ${p.prefix.padEnd(24)} slot ${String(p.slot).padStart(5)} → ${owner(p.slot!)}`);
    }
  }
}
