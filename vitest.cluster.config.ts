// The tests that need the multi-node topology (deploy/cluster-local.sh): a Redis Cluster node
// restarted under the workers, the queue layout over the masters, the read replica. Run by
// scripts/test-cluster.sh, which starts the topology and sets the variables; not part of `npm test`.
import { defineConfig } from "vitest/config";
import { alias } from "./vitest.config";

export default defineConfig({
  resolve: { alias },
  test: {
    name: "cluster",
    include: ["tests/cluster/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/worker-setup.ts"],
    pool: "forks",
    // One file at a time: a test restarts a Redis node and pauses the replica for everyone.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
