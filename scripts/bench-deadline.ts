// `npm run bench:deadline [-- N] [--officers N] [--window S] [--items K]`: the deadline-day spike.
//
// N officers (default 1,000) come from a roster import (createRosterImport + runRosterImport,
// the models behind the upload page; their passwords are set as the invitation link would).
// One open campaign of a K-item list (default 10) targets their hospitals. Each officer, at a
// start time drawn so that arrivals peak in the middle of the window with the peak second at
// 2× the window's mean, opens /inst and the self-check page, saves every answer (POST to the
// item page, as the form without JavaScript does) and submits. Officers sign in through the real
// POST /login beforehand, as a warm-up phase with its own figures: on the day they sign in over
// the morning, not all inside the deadline minute (each sign-in is an argon2id verification,
// ~0.2 s of a core by design), so the spike measures what the deadline minute holds.
// The same run goes, side by side, against
//   nginx → 2 web   two `node server.js` behind nginx round robin (the web tier of
//                   deploy/cluster-local.sh; sessions are in PostgreSQL, so any process serves
//                   any request)
//   1 web           one `node server.js`
// each over a freshly seeded bench database. Reports throughput, p50/p95/p99 per request and
// errors, then checks that every acknowledged answer and submission is in the database.
// Redis: REDIS_URL or REDIS_CLUSTER_NODES as set (the cluster's, after
// `eval "$(deploy/cluster-local.sh env)"`). nginx comes from Debian (`apt-get install nginx`;
// cluster-local.sh installs it); without it only the single process runs, and it says so.
//
// The load generator shares the machine's cores with the servers, so it stays cheap: undici's
// request() over a keep-alive agent (idle sockets closed at 4 s, before node's 5 s), no fetch.
//
// Environment: BENCH_DATABASE_URL (dropped and recreated; its name must contain "bench"),
// BENCH_SIGNIN_CONCURRENCY (sign-ins in flight during the warm-up, default 8).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { Agent, request } from "undici";
import { createDatabase, type Database } from "~db/client";
import { assessmentItems, assessments, checklistItems, institutions, users } from "~db/schema";
import { ROSTER_COLUMNS, columnLabel } from "~/domain/roster";
import { createRosterImport, runRosterImport, startRosterImport } from "~/models/roster.server";
import { ensureRegions } from "~/models/region.server";
import { hashPassword } from "~/utils/password.server";
import { creditCodeCheckChar } from "~/domain/codes";
import { createUser } from "../tests/factories";
import {
  benchAppRoleUrl,
  benchItemCode,
  ensureAppBuild,
  freePort,
  recreateBenchDatabase,
  seedBenchCampaign,
  startAppServer,
  type WebProcess,
} from "./bench-web";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}
const positional = process.argv[2] && !process.argv[2].startsWith("--") ? process.argv[2] : undefined;
const OFFICERS = Number((option("officers") ?? positional ?? process.env.BENCH_N ?? "1000").replace(/_/g, ""));
const ITEMS = Number(option("items") ?? 10);
const WINDOW_SECONDS = Number(option("window") ?? (OFFICERS < 100 ? 5 : 60));
if (!Number.isInteger(OFFICERS) || OFFICERS < 1 || OFFICERS > 99_999) {
  console.error("officers must be a whole number from 1 to 99,999");
  process.exit(2);
}
const SIGNIN_CONCURRENCY = Number(process.env.BENCH_SIGNIN_CONCURRENCY ?? 8);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/zicha_bench_deadline";
const PASSWORD = "Deadline@2026";
const REGION = "411303";

const checks: { name: string; ok: boolean }[] = [];
const check = (name: string, ok: boolean, detail = "") => {
  checks.push({ name, ok });
  if (!ok) console.error(`  CHECK FAILED: ${name}${detail ? ` (${detail})` : ""}`);
};

/** A roster file of n hospitals in 卧龙区, as a bureau uploads it (CSV, the template's columns). */
function rosterCsv(n: number): Buffer {
  const credit = (serial: number) => {
    const first17 = `12411303${String(serial).padStart(9, "0")}`;
    return first17 + creditCodeCheckChar(first17);
  };
  const rows = Array.from({ length: n }, (_, i) => {
    const values: Record<string, string> = {
      name: `截止日基准医院${i + 1}`,
      kind: "医院",
      grade: "二级",
      ownership: "公立",
      regionCode: REGION,
      nhsaCode: `H${REGION}${String(i + 1).padStart(5, "0")}`,
      creditCode: credit(i + 1),
      contactName: `填报员${i + 1}`,
      contactPhone: "13800138000",
      contactEmail: `deadline${i + 1}@bench.test`,
    };
    return ROSTER_COLUMNS.map((c) => values[c]);
  });
  return Buffer.from([ROSTER_COLUMNS.map(columnLabel), ...rows].map((cells) => cells.join(",")).join("\r\n") + "\r\n", "utf8");
}

type Officer = { email: string; assessmentId: string; address: string };

async function seed(): Promise<{ db: Database; end: () => Promise<void>; officers: Officer[]; appUrl: string }> {
  await recreateBenchDatabase(DATABASE_URL);
  const { db, client } = createDatabase(DATABASE_URL, { max: 4 });
  await ensureRegions(db);
  const regulator = await createUser(db, "regulator", { regionCode: "411300", name: "截止日基准监管员" });
  const scope = { kind: "region" as const, userId: regulator.id, regionCode: "411300" };
  const created = await createRosterImport(db, scope, { name: "定点医疗机构名单.csv", bytes: rosterCsv(OFFICERS) });
  if (!created.ok) throw new Error(`roster: ${created.error}`);
  const started = await startRosterImport(db, scope, created.id, false);
  if (!started.ok) throw new Error(`roster: ${started.error}`);
  await runRosterImport(db, created.id);
  // What the invitation link does for each officer: a password of their own (one hash for all here).
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(PASSWORD) })
    .where(eq(users.role, "officer"));
  await seedBenchCampaign(db, ITEMS, "411300", regulator.id);
  const rows = await db
    .select({ email: users.email, assessmentId: assessments.id })
    .from(users)
    .innerJoin(institutions, eq(institutions.id, users.institutionId))
    .innerJoin(assessments, eq(assessments.institutionId, institutions.id))
    .where(eq(users.role, "officer"));
  const appUrl = await benchAppRoleUrl(DATABASE_URL);
  // Each officer signs in from an address of their own, as hospitals do (the sign-in throttle
  // counts tries per address: a thousand sign-ins from one address would rightly be refused).
  const officers = rows.map((r, i) => ({ ...r, address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }));
  return { db, end: () => client.end(), officers, appUrl };
}

/** Start offsets (ms): a triangle over the window, so the peak second holds 2× the mean. */
function arrivals(n: number, windowSeconds: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const p = (i + 0.5) / n;
    const x = p <= 0.5 ? Math.sqrt(p / 2) : 1 - Math.sqrt((1 - p) / 2);
    return Math.round(x * windowSeconds * 1000);
  });
}

type Sample = { ms: number; ok: boolean; at: number; what: string };

type Answer = { status: number; setCookies: string[] };
type Init = { method?: "GET" | "POST"; body?: URLSearchParams; headers: Record<string, string> };

async function timedRequest(
  agent: Agent,
  samples: Sample[],
  step: string,
  url: string,
  init: Init,
  expected: number[],
): Promise<Answer | null> {
  const started = performance.now();
  try {
    const headers = init.body ? { ...init.headers, "Content-Type": "application/x-www-form-urlencoded" } : init.headers;
    const response = await request(url, {
      dispatcher: agent,
      method: init.method ?? "GET",
      headers,
      body: init.body?.toString(),
      headersTimeout: 60_000,
      bodyTimeout: 60_000,
    });
    await response.body.dump({ limit: Infinity });
    const ok = expected.includes(response.statusCode);
    samples.push({ ms: performance.now() - started, ok, at: started, what: `${step} ${response.statusCode}` });
    const setCookie = response.headers["set-cookie"];
    return ok ? { status: response.statusCode, setCookies: [setCookie ?? []].flat() } : null;
  } catch (error) {
    samples.push({ ms: performance.now() - started, ok: false, at: started, what: `${step} ${(error as Error).name}` });
    return null;
  }
}

/** The morning: an officer signs in through the real login and keeps the session cookie. */
async function signInOfficer(agent: Agent, base: string, officer: Officer, samples: Sample[]): Promise<string | null> {
  const body = new URLSearchParams({ email: officer.email, password: PASSWORD, redirectTo: "" });
  const login = await timedRequest(
    agent,
    samples,
    "POST /login",
    `${base}/login`,
    { method: "POST", body, headers: { "X-Forwarded-For": officer.address, Origin: base } },
    [302],
  );
  return login?.setCookies.map((c) => c.split(";")[0]).find((c) => c.startsWith("zicha_session=")) ?? null;
}

/** One officer's deadline minute: open the self-check, answer every item, submit. */
async function officerRun(
  agent: Agent,
  base: string,
  officer: Officer,
  cookie: string,
  samples: Sample[],
  acknowledged: { answers: Set<string>; submitted: Set<string> },
) {
  const headers = { "X-Forwarded-For": officer.address, Cookie: cookie, Origin: base };
  await timedRequest(agent, samples, "GET /inst", `${base}/inst`, { headers }, [200]);
  const page = `${base}/inst/assessments/${officer.assessmentId}`;
  if (!(await timedRequest(agent, samples, "GET self-check", page, { headers }, [200]))) return;
  for (let i = 0; i < ITEMS; i++) {
    const body = new URLSearchParams({ answer: "no_problem", lockVersion: "0" });
    const saved = await timedRequest(
      agent,
      samples,
      "POST answer",
      `${page}/items/${benchItemCode(i)}`,
      { method: "POST", body, headers },
      [302, 303],
    );
    if (saved) acknowledged.answers.add(`${officer.assessmentId}/${benchItemCode(i)}`);
  }
  const submit = new URLSearchParams({ signerName: "填报员", agree: "on" });
  if (await timedRequest(agent, samples, "POST submit", `${page}/submit`, { method: "POST", body: submit, headers }, [302, 303]))
    acknowledged.submitted.add(officer.assessmentId);
}

function startNginx(ports: number[], port: number): { url: string; stop: () => Promise<void> } | null {
  const nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => fs.existsSync(p));
  if (!nginx) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zicha-bench-nginx-"));
  const conf = `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
daemon off;
events { worker_connections 8192; }
http {
  access_log off;
  # As deploy/nginx/zicha.conf: nginx compresses, the web processes are asked for plain answers.
  gzip on; gzip_types text/css application/javascript application/json text/plain text/x-script image/svg+xml; gzip_min_length 1024;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  # An idle upstream connection is dropped by nginx (4 s) before node's keep-alive timeout (5 s)
  # closes it: otherwise a POST sent on a connection node is closing fails with 502 (not retried).
  upstream web { ${ports.map((p) => `server 127.0.0.1:${p};`).join(" ")} keepalive 128; keepalive_timeout 4s; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://web;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Accept-Encoding "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $http_x_forwarded_for;
      proxy_read_timeout 120s;
    }
  }
}
`;
  fs.writeFileSync(path.join(dir, "nginx.conf"), conf);
  const test = spawnSync(nginx, ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf")], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx -t: ${test.stderr}`);
  const child = spawn(nginx, ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: "ignore" });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGQUIT");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitFor(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

type Figures = { requests: number; seconds: number; rps: number; p50: number; p95: number; p99: number; errors: number };
type RunResult = Figures & {
  label: string;
  signIn: Figures;
  peakRatio: number;
};

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);

function figures(samples: Sample[], seconds: number): Figures {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    requests: samples.length,
    seconds,
    rps: samples.length / seconds,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    errors: samples.filter((s) => !s.ok).length,
  };
}

function reportFailures(label: string, samples: Sample[]) {
  const failures = new Map<string, number>();
  for (const f of samples.filter((x) => !x.ok)) failures.set(f.what, (failures.get(f.what) ?? 0) + 1);
  if (failures.size > 0) console.log(`  ${label}: failed requests: ${[...failures].map(([k, n]) => `${k} ×${n}`).join(", ")}`);
}

async function runTopology(label: string, webCount: number): Promise<RunResult | null> {
  const { db, end, officers, appUrl } = await seed();
  const servers: WebProcess[] = [];
  let proxy: { url: string; stop: () => Promise<void> } | null = null;
  // Keep-alive sockets, closed by the client after 4 s idle (node closes at 5 s).
  const agent = new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 4_000, connections: 512 });
  try {
    // Behind nginx, and (for the single process) behind the bench: the client's address is the
    // X-Forwarded-For the bench sends, as a real proxy would pass it on.
    for (let i = 0; i < webCount; i++) servers.push(await startAppServer(appUrl, { TRUST_PROXY: "true" }));
    let base = servers[0].url;
    if (webCount > 1) {
      proxy = startNginx(
        servers.map((s) => s.port),
        await freePort(),
      );
      if (!proxy) {
        console.log(`  ${label}: nginx is not installed (apt-get install nginx); skipped`);
        return null;
      }
      await waitFor(proxy.url);
      base = proxy.url;
    }
    // Warm-up, the morning: every officer signs in, a few at a time.
    const signInSamples: Sample[] = [];
    const cookies: (string | null)[] = new Array(officers.length).fill(null);
    const signInStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(SIGNIN_CONCURRENCY, officers.length) }, async () => {
        for (let i = next++; i < officers.length; i = next++) cookies[i] = await signInOfficer(agent, base, officers[i], signInSamples);
      }),
    );
    const signIn = figures(signInSamples, (performance.now() - signInStarted) / 1000);
    reportFailures(`${label} sign-in`, signInSamples);
    check(`${label}: every officer signed in`, cookies.every(Boolean), `${cookies.filter(Boolean).length} of ${officers.length}`);

    // The deadline minute: open, save, submit.
    const samples: Sample[] = [];
    const acknowledged = { answers: new Set<string>(), submitted: new Set<string>() };
    const offsets = arrivals(officers.length, WINDOW_SECONDS);
    const started = performance.now();
    await Promise.all(
      officers.map(async (officer, i) => {
        await new Promise((r) => setTimeout(r, offsets[i]));
        const cookie = cookies[i];
        if (cookie) await officerRun(agent, base, officer, cookie, samples, acknowledged);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // Arrivals per second: the peak second against the window's mean.
    const perSecond = new Map<number, number>();
    for (const o of offsets) perSecond.set(Math.floor(o / 1000), (perSecond.get(Math.floor(o / 1000)) ?? 0) + 1);
    const peakRatio = Math.max(...perSecond.values()) / (officers.length / Math.max(1, WINDOW_SECONDS));

    // Nothing lost: every acknowledged answer and submission is in the database. (A request the
    // client gave up on may still have committed: the database may hold more than was acknowledged.)
    const storedRows = await db
      .select({ assessmentId: assessmentItems.assessmentId, code: checklistItems.code })
      .from(assessmentItems)
      .innerJoin(checklistItems, eq(checklistItems.id, assessmentItems.checklistItemId))
      .where(eq(assessmentItems.answer, "no_problem"));
    const stored = new Set(storedRows.map((r) => `${r.assessmentId}/${r.code}`));
    const lost = [...acknowledged.answers].filter((key) => !stored.has(key)).length;
    check(
      `${label}: every acknowledged answer is in the database`,
      lost === 0,
      `${lost} of ${acknowledged.answers.size} acknowledged missing, ${stored.size} stored`,
    );
    const submittedRows = await db.select({ id: assessments.id, status: assessments.status }).from(assessments);
    const submittedInDb = new Set(submittedRows.filter((r) => r.status === "submitted").map((r) => r.id));
    check(
      `${label}: every acknowledged submission is submitted in the database`,
      [...acknowledged.submitted].every((id) => submittedInDb.has(id)),
    );
    const spike = figures(samples, seconds);
    reportFailures(label, samples);
    check(
      `${label}: no request failed`,
      spike.errors === 0 && signIn.errors === 0,
      `${spike.errors + signIn.errors} of ${samples.length + signInSamples.length}`,
    );
    check(
      `${label}: every officer submitted`,
      acknowledged.submitted.size === officers.length,
      `${acknowledged.submitted.size} of ${officers.length}`,
    );
    check(
      `${label}: arrivals peak at about 2× the mean`,
      officers.length < 2 * WINDOW_SECONDS || (peakRatio >= 1.6 && peakRatio <= 2.5),
      peakRatio.toFixed(2),
    );
    return { label, ...spike, signIn, peakRatio };
  } finally {
    await agent.close();
    await proxy?.stop();
    for (const s of servers) await s.stop();
    await end();
  }
}

async function main() {
  console.log(`bench:deadline: ${OFFICERS} officers, ${ITEMS} items each, arrivals over ${WINDOW_SECONDS} s (peak second 2× the mean)`);
  ensureAppBuild();
  const results: RunResult[] = [];
  for (const [label, count] of [
    ["nginx → 2 web", 2],
    ["1 web", 1],
  ] as const) {
    console.log(`  ${label} …`);
    const result = await runTopology(label, count);
    if (result) results.push(result);
  }
  const row = (label: string, f: Figures) =>
    `${label.padEnd(24)} ${String(f.requests).padStart(8)} ${f.seconds.toFixed(1).padStart(8)} ${f.rps.toFixed(0).padStart(7)} ${f.p50.toFixed(0).padStart(8)} ${f.p95.toFixed(0).padStart(8)} ${f.p99.toFixed(0).padStart(8)} ${String(f.errors).padStart(7)}`;
  console.log("");
  console.log(`phase / topology         requests  seconds   req/s   p50 ms   p95 ms   p99 ms  errors`);
  for (const r of results) console.log(row(`sign-in, ${r.label}`, r.signIn));
  for (const r of results) console.log(row(`deadline, ${r.label}`, r));
  for (const r of results)
    console.log(`goal (deadline minute) p95 < 1 s, 0 errors — ${r.label}: ${r.p95 < 1000 && r.errors === 0 ? "met" : "NOT met"}`);
  const failed = checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    console.error(`bench: ${failed.length} of ${checks.length} checks failed`);
    process.exit(1);
  }
  console.log(`bench: all ${checks.length} checks passed`);
  process.exit(0);
}

await main();
