// The tests that need the multi-node topology (deploy/cluster-local.sh): a Redis Cluster node
// restarted under the workers, the queue layout over the masters, the read replica. Run by
// scripts/test-cluster.sh, which starts the topology and sets the variables; not part of `npm test`.
import path from "node:path";
import { defineConfig } from "vitest/config";

// The same aliases as vitest.config.ts and tsconfig.json's paths (decision 019).
const alias = {
  "~db": path.resolve(__dirname, "db"),
  "~jobs": path.resolve(__dirname, "jobs"),
  "~checklists": path.resolve(__dirname, "checklists"),
  "~": path.resolve(__dirname, "app"),
};

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
