// Benchmarks must not rot: every `npm run bench:*` runs here at a small N in its own database
// and must pass its own correctness checks (it prints "bench: all N checks passed" and exits 0
// only then). Timings are printed, never asserted. A new bench script joins by being listed in
// package.json; it must take N as its first argument and BENCH_DATABASE_URL / BENCH_RUNS.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { databaseUrl, dropDatabase } from "../setup/databases";

const scripts = Object.entries(JSON.parse(fs.readFileSync("package.json", "utf8")).scripts as Record<string, string>).filter(([name]) =>
  name.startsWith("bench:"),
);
/** Small enough for CI, large enough that every phase and check runs. */
const SMOKE_N: Record<string, number> = {
  "bench:reminders": 200,
  "bench:dashboard": 400,
  "bench:page": 300,
  "bench:deadline": 20,
  "bench:clues": 500,
};

function run(file: string, n: number, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, String(n)], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("benchmarks in smoke mode", () => {
  it("lists the benchmarks", () => {
    expect(scripts.map(([name]) => name)).toEqual(expect.arrayContaining(["bench:reminders", "bench:dashboard"]));
  });

  for (const [name, command] of scripts) {
    it(`${name} passes its own checks at a small N`, { timeout: 180_000 }, async () => {
      const file = /tsx (scripts\/bench-[\w-]+\.ts)/.exec(command)?.[1];
      expect(file, `${name} should run "tsx scripts/bench-….ts"`).toBeTruthy();
      const database = `zicha_test_${process.pid}_${name.replace(/\W/g, "_")}`; // contains "bench"
      try {
        const { code, output } = await run(file!, SMOKE_N[name] ?? 500, {
          BENCH_DATABASE_URL: databaseUrl(database),
          BENCH_RUNS: "1",
          BENCH_SINK: "inline",
          NODE_ENV: "test",
        });
        expect(code, output.slice(-3000)).toBe(0);
        expect(output).toMatch(/bench: all \d+ checks passed/);
      } finally {
        await dropDatabase(database);
      }
    });
  }
});
