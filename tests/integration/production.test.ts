// Running as a production service (docs/decisions/016): `npm start` refuses to run without its
// secrets or as a privileged database role, the demo seed refuses a real database, migrations
// are one explicit step that is safe to repeat and to run twice at once, and /readyz tells
// which dependency is down.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { count, eq } from "drizzle-orm";
import postgres from "postgres";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { auditEvents, institutions, users } from "~db/schema";
import { createAdmin } from "../../scripts/create-admin";
import { verifyPassword } from "~/utils/password.server";
import { migrateDatabase } from "~db/migrate";
import { DemoSeedRefusedError, seedDemoDatabase } from "../../seeds/demo";
import { checkReadiness } from "~/models/health.server";
import * as readyz from "~/routes/readyz";
import { db, sqlClient } from "~/utils/db.server";
import { createLocalStorage, getEvidenceStorage } from "~/utils/storage.server";
import { closeQueues } from "~/utils/queue.server";
import { createUser } from "../factories";
import { callLoader } from "../helpers";
import { databaseUrl, dropDatabase, withAdmin } from "../setup/databases";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const SECRETS = { SESSION_SECRET: "a".repeat(64), MFA_SECRET_KEY: "b".repeat(64), PII_SECRET_KEY: "c".repeat(64) };

// A server that started when the test expected a refusal must not outlive the test.
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
});

/** `node server.js` as npm start runs it; resolves with its exit code or, once it answers, a stop function. */
async function startServer(env: Record<string, string | undefined>) {
  if (!fs.existsSync("build/index.js")) throw new Error("build/index.js is missing: run `npx remix build` (npm test does)");
  const port = await freePort();
  const child = spawn(process.execPath, ["server.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: `http://localhost:${port}`,
      SESSION_SECRET: undefined,
      MFA_SECRET_KEY: undefined,
      PII_SECRET_KEY: undefined,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) return { exitCode: await exited, output: () => output };
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    exitCode: null,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

describe("npm start in production", () => {
  it("refuses to start without SESSION_SECRET and MFA_SECRET_KEY, naming them", async () => {
    const none = await startServer({});
    expect(none.exitCode).toBe(1);
    expect(none.output()).toMatch(/SESSION_SECRET: required in production/);
    expect(none.output()).toMatch(/MFA_SECRET_KEY: required in production/);
    expect(none.output()).toMatch(/PII_SECRET_KEY: required in production/);
    const weak = await startServer({ SESSION_SECRET: "zicha-dev-secret-change-me", MFA_SECRET_KEY: SECRETS.MFA_SECRET_KEY });
    expect(weak.exitCode).toBe(1);
    expect(weak.output()).toMatch(/SESSION_SECRET: must be your own random value/);
    const badKey = await startServer({ SESSION_SECRET: SECRETS.SESSION_SECRET, MFA_SECRET_KEY: "short" });
    expect(badKey.exitCode).toBe(1);
    expect(badKey.output()).toMatch(/MFA_SECRET_KEY: must be 32 random bytes/);
  });

  it("refuses a superuser or table-owning database role, runs as the app role and logs JSON with request ids", async () => {
    const asOwner = await startServer({ ...SECRETS, DATABASE_URL: process.env.TEST_OWNER_DATABASE_URL });
    expect(asOwner.exitCode).toBe(1);
    expect(asOwner.output()).toMatch(/superuser/);
    expect(asOwner.output()).toMatch(/refusing to start/);

    const server = await startServer(SECRETS);
    expect(server.exitCode, server.output()).toBeNull();
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      checks: { database: { ok: true }, redis: { ok: true }, storage: { ok: true } },
    });
    const page = await fetch(`${server.url}/login`, { headers: { "X-Request-Id": "smoke-req-42" } });
    expect(page.headers.get("X-Request-Id")).toBe("smoke-req-42");
    await fetch(`${server.url}/invite/${"A".repeat(43)}`);
    expect(await server.stop!()).toBe(0);
    const lines = server
      .output()
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.requestId === "smoke-req-42")).toMatchObject({
      level: "info",
      service: "web",
      msg: "request",
      method: "GET",
      path: "/login",
      status: 200,
    });
    // One-time tokens in links never reach the log.
    expect(server.output()).not.toContain("A".repeat(43));
    expect(lines.some((l) => l.path === "/invite/:token")).toBe(true);
  });
});

describe("the demo seed", () => {
  it("refuses a database that holds accounts outside the demo, and writes nothing", async () => {
    await createUser(db, "admin", { email: "real.person@bureau.example.cn" });
    const before = await db.select({ n: count() }).from(institutions);
    await expect(seedDemoDatabase(db)).rejects.toBeInstanceOf(DemoSeedRefusedError);
    expect(await db.select({ n: count() }).from(institutions)).toEqual(before);
    expect(await db.select().from(users).where(eq(users.email, "admin@demo.zicha.cn"))).toEqual([]);
  });
});

describe("npm run admin:create", () => {
  it("makes the first admin with a one-time password that signs in, audited; never twice", async () => {
    const admin = await createAdmin(db, { email: "Ops@Bureau.example.cn", name: "运维管理员" });
    expect(admin.password.length).toBeGreaterThanOrEqual(16);
    const [row] = await db.select().from(users).where(eq(users.id, admin.id));
    expect(row).toMatchObject({ email: "ops@bureau.example.cn", role: "admin", isActive: true });
    expect(await verifyPassword(row.passwordHash!, admin.password)).toBe(true);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, "user.admin_created"))).toHaveLength(1);
    await expect(createAdmin(db, { email: "ops@bureau.example.cn", name: "x" })).rejects.toThrow(/already has an account/);
  });
});

describe("npm run db:migrate", () => {
  it("is safe to run twice, and twice at the same moment", async () => {
    const name = `zicha_test_${process.pid}_migrate`;
    await dropDatabase(name);
    await withAdmin((sql) => sql.unsafe(`create database "${name}"`));
    try {
      const url = databaseUrl(name);
      await Promise.all([migrateDatabase(url), migrateDatabase(url)]);
      await migrateDatabase(url);
      const sql = postgres(url, { max: 1, onnotice: () => {} });
      try {
        const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
        const journal = JSON.parse(fs.readFileSync("db/migrations/meta/_journal.json", "utf8")) as { entries: unknown[] };
        expect(n).toBe(journal.entries.length);
        // The month partitions ahead exist (this month and three more, for both tables).
        const [{ parts }] = await sql<{ parts: number }[]>`
          select count(*)::int as parts from pg_inherits i join pg_class p on p.oid = i.inhparent
          where p.relname in ('audit_events', 'notifications')`;
        expect(parts).toBeGreaterThanOrEqual(10);
      } finally {
        await sql.end();
      }
    } finally {
      await dropDatabase(name);
    }
  });
});

describe("/readyz", () => {
  it("is ready when PostgreSQL, Redis and storage answer, and names the one that does not", async () => {
    const ok = await callLoader(readyz.loader, "/readyz");
    expect(ok.status).toBe(200);
    await closeQueues();

    const downDb = postgres("postgres://nobody:x@127.0.0.1:1/none", { max: 1, connect_timeout: 1, onnotice: () => {} });
    const downRedis = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    downRedis.on("error", () => {});
    const liveRedis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    try {
      const dbDown = await checkReadiness({ sql: downDb, redis: async () => liveRedis, storage: getEvidenceStorage() }, 1_500);
      expect(dbDown).toMatchObject({ ok: false, checks: { database: { ok: false }, redis: { ok: true }, storage: { ok: true } } });
      const redisDown = await checkReadiness(
        { sql: sqlClient, redis: async () => (downRedis.connect().catch(() => {}), downRedis), storage: getEvidenceStorage() },
        1_500,
      );
      expect(redisDown).toMatchObject({ ok: false, checks: { database: { ok: true }, redis: { ok: false }, storage: { ok: true } } });
      const storageDown = await checkReadiness(
        { sql: sqlClient, redis: async () => liveRedis, storage: createLocalStorage("/proc/zicha-evidence") },
        1_500,
      );
      expect(storageDown).toMatchObject({ ok: false, checks: { database: { ok: true }, redis: { ok: true }, storage: { ok: false } } });
    } finally {
      await downDb.end({ timeout: 1 });
      downRedis.disconnect();
      liveRedis.disconnect();
    }
  });
});
