import path from "node:path";
import { defineConfig } from "vitest/config";

// The same aliases as tsconfig.json's paths (docs/decisions/019-layers-and-imports.md); the
// cluster tests' config (vitest.cluster.config.ts) imports them.
export const alias = {
  "~db": path.resolve(__dirname, "db"),
  "~jobs": path.resolve(__dirname, "jobs"),
  "~checklists": path.resolve(__dirname, "checklists"),
  "~": path.resolve(__dirname, "app"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["app/**/*.test.{ts,tsx}", "checklists/**/*.test.ts", "tests/unit/**/*.test.ts", "tests/security/**/*.unit.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/worker-setup.ts"],
          pool: "forks",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // Attacks as they were tried (sign-in, accounts, abusive input): *.unit.test.ts run as
          // unit tests, *.browser.test.ts with the built app and Chromium (e2e), the rest here.
          name: "security",
          include: ["tests/security/**/*.test.ts"],
          exclude: ["tests/security/**/*.unit.test.ts", "tests/security/**/*.browser.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/worker-setup.ts"],
          pool: "forks",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts", "tests/security/**/*.browser.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/worker-setup.ts"],
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          // Every page a test loads is also checked with axe (tests/e2e/browser.ts).
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
