// Helpers for the benchmarks that drive the web tier over HTTP (bench:page, bench:deadline): a
// bench database with the least-privilege login role, a campaign seeded through the models,
// the production build served by `node server.js`, and signing in through the real POST /login.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { parseChecklistSet } from "~checklists/loader";
import type { Database } from "~db/client";
import { ensureDatabase, migrateDatabase } from "~db/migrate";
import { createCampaign, openCampaign } from "~/models/campaign.server";
import { importChecklists } from "~/models/checklist.server";
import { ensureRegions } from "~/models/region.server";

export const BENCH_SECRETS = {
  SESSION_SECRET: randomBytes(32).toString("hex"),
  MFA_SECRET_KEY: randomBytes(32).toString("hex"),
  PII_SECRET_KEY: randomBytes(32).toString("hex"),
};

/** Drop and recreate the bench database (its name must contain "bench"), then migrate it. */
export async function recreateBenchDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/bench/i.test(name)) throw new Error(`refusing to drop database "${name}": the bench database's name must contain "bench"`);
  await withAdmin(url, (sql) => sql.unsafe(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`));
  await ensureDatabase(url);
  await migrateDatabase(url);
}

async function withAdmin<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The URL of the same database as a login role in zicha_app: production's web refuses a
 * superuser (decision 014), and the benchmark runs the web as production does.
 */
export async function benchAppRoleUrl(url: string): Promise<string> {
  const user = `${decodeURIComponent(new URL(url).pathname.slice(1))}_app`.replace(/\W/g, "_").slice(0, 60);
  const password = randomBytes(18).toString("hex");
  await withAdmin(url, async (sql) => {
    await sql.unsafe(`drop role if exists "${user}"`).catch(() => {});
    await sql.unsafe(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${user}') then create role "${user}" login in role zicha_app; end if;
    end $$`);
    await sql.unsafe(`alter role "${user}" with login password '${password}'`);
  });
  const appUrl = new URL(url);
  appUrl.username = user;
  appUrl.password = password;
  return appUrl.toString();
}

/** The checklist code of the bench's list; its items are MI-01 … MI-nn. */
export const BENCH_LIST_CODE = "bench-page-list";
export const benchItemCode = (i: number) => `MI-${String(i + 1).padStart(2, "0")}`;

/** Import an n-item list for hospitals and open a campaign over `regionCode` with it. */
export async function seedBenchCampaign(db: Database, itemCount: number, regionCode: string, regulatorId: string) {
  await ensureRegions(db);
  const items = Array.from({ length: itemCount }, (_, i) => ({
    code: benchItemCode(i),
    section: "定点医疗机构",
    title: `基准测试问题第${i + 1}项：将不属于医疗保障基金支付范围的医药费用纳入结算`,
    guidance: "核对住院病历、收费明细与医保结算清单，抽查近一年的病例。",
    applies_to: ["hospital"],
    evidence_required: i % 5 === 0,
  }));
  const list = {
    code: BENCH_LIST_CODE,
    title: "基准测试问题清单",
    issuer: "基准测试医疗保障局",
    doc_number: "基准〔2026〕1号",
    year: 2026,
    source_seed: "test",
    region_code: regionCode,
    items,
  };
  await importChecklists(
    db,
    parseChecklistSet({ checklists: [{ file: `checklists/data/${BENCH_LIST_CODE}.yaml`, text: JSON.stringify(list) }], references: [] }),
  );
  const [version] = await db.execute<{ id: string }>(
    sql`select v.id from checklist_versions v join checklists c on c.id = v.checklist_id where c.code = ${BENCH_LIST_CODE} and v.status = 'published'`,
  );
  const scope = { kind: "region" as const, userId: regulatorId, regionCode };
  const created = await createCampaign(db, scope, {
    title: "2026年医保基金使用自查自纠（基准测试）",
    checklistVersionId: version.id,
    targetRegionCode: regionCode,
    targetKinds: ["hospital"],
    reviewPeriodStart: "2025-01-01",
    selfCheckDueOn: "2099-12-20",
    rectificationDueOn: "2099-12-31",
  });
  if (!created.ok) throw new Error(`createCampaign: ${JSON.stringify(created)}`);
  const opened = await openCampaign(db, scope, created.value.id);
  if (opened && typeof opened === "object" && "ok" in opened && !opened.ok) throw new Error(`openCampaign: ${JSON.stringify(opened)}`);
  return created.value.id;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `npx remix build` when the production build is missing (npm test builds before it runs the benches). */
export function ensureAppBuild() {
  if (fs.existsSync("build/index.js") && process.env.BENCH_REBUILD !== "1") return;
  console.log("building the app (npx remix build) …");
  const result = spawnSync("npx", ["remix", "build"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("remix build failed");
}

export type WebProcess = { url: string; port: number; child: ChildProcess; output: () => string; stop: () => Promise<void> };

/** Start a Node HTTP server (`node <script>`) and wait until `healthPath` answers. */
export async function startNodeServer(
  script: string,
  env: Record<string, string | undefined>,
  options: { cwd?: string; healthPath?: string; port?: number } = {},
): Promise<WebProcess> {
  const port = options.port ?? (await freePort());
  // BENCH_PROFILE_DIR: a V8 CPU profile of each server, to see where the time goes.
  const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, script], {
    cwd: options.cwd,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (d: Buffer) => {
    output += d;
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode}):\n${output.slice(-3000)}`);
    try {
      if ((await fetch(url + (options.healthPath ?? "/healthz"))).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error(`${script} did not answer within 30 s:\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The app's production server on `databaseUrl` (the app role). */
export function startAppServer(databaseUrl: string, env: Record<string, string | undefined> = {}, port?: number) {
  return startNodeServer(
    "server.js",
    { DATABASE_URL: databaseUrl, DATABASE_READ_URL: undefined, APP_URL: "http://localhost", LOG_LEVEL: "warn", ...BENCH_SECRETS, ...env },
    { port },
  );
}

/**
 * Sign in through the real POST /login (the form the browser posts) and return the session
 * cookie ("name=value"). Throws with the status when it did not sign in.
 */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const body = new URLSearchParams({ email, password, redirectTo: "" });
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("zicha_session="));
  if (response.status !== 302 || !cookie) throw new Error(`sign-in of ${email} answered ${response.status}`);
  return cookie;
}
