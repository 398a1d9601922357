// `npm run bench:page [-- N]`: the page users wait on, next to a bare Remix page, in one run.
//
// Builds a bare Remix 2 app (one route whose loader returns N items and whose page renders them
// as a list, in node_modules/.cache/zicha-bench-page) and serves it with @remix-run/express,
// then starts the app's production server (`node server.js` on its build, as the least-privilege
// role) over a bench database with one open campaign of a 40-item list, signs a hospital officer
// in through the real POST /login and drives, one after the other with autocannon at the same
// concurrency:
//   bare 10, bare 40, bare 150   the bare page with 10, 40 and 150 items
//   app 40                       the officer's signed-in 40-item self-check page
// and prints req/s, p50 and p99 per page, and the app's share of bare at 40 items. Both
// servers run side by side; the pages take turns, round after round.
// Checks: every response 200 with no errors or timeouts, each page shows its items, the
// session is still live afterwards and its expiry was written at most once per minute.
//
// Arguments: N = requests per page and round (default 5000; the bench smoke test runs a small N).
// Environment: BENCH_DATABASE_URL (dropped and recreated; its name must contain "bench"),
// BENCH_CONNECTIONS (default 50), BENCH_RUNS (rounds, default 3: every page once per round, in
// turn, and the median round reported), BENCH_PROFILE_DIR (a V8 CPU profile of each server).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { eq } from "drizzle-orm";
import { createDatabase } from "~db/client";
import { assessments, sessions } from "~db/schema";
import { saveAnswer } from "~/models/assessment.server";
import { ensureRegions } from "~/models/region.server";
import { createInstitution, createUser, DEFAULT_PASSWORD } from "../tests/factories";
import {
  benchAppRoleUrl,
  benchItemCode,
  ensureAppBuild,
  recreateBenchDatabase,
  seedBenchCampaign,
  signIn,
  startAppServer,
  startNodeServer,
} from "./bench-web";

const N = Number((process.argv[2] ?? process.env.BENCH_N ?? "5000").replace(/_/g, ""));
if (!Number.isInteger(N) || N < 1) {
  console.error(`N must be a positive whole number, got "${process.argv[2]}"`);
  process.exit(2);
}
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_RUNS ?? 3);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/zicha_bench_page";
const ITEMS = 40;
const BARE_SIZES = [10, 40, 150];
const BARE_DIR = path.resolve("node_modules/.cache/zicha-bench-page");

const checks: { name: string; ok: boolean; detail?: string }[] = [];
const check = (name: string, ok: boolean, detail?: string) => {
  checks.push({ name, ok, detail });
  if (!ok) console.error(`  CHECK FAILED: ${name}${detail ? ` (${detail})` : ""}`);
};

/** The bare Remix 2 app: the same Remix, React and compiler the app uses, nothing else. */
function buildBareApp() {
  const files: Record<string, string> = {
    "remix.config.js": `export default { serverModuleFormat: "esm", future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true } };\n`,
    "app/root.tsx": `import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";
export function Layout({ children }: { children: React.ReactNode }) {
  return (<html lang="zh-CN"><head><meta charSet="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><Meta /><Links /></head>
    <body>{children}<ScrollRestoration /><Scripts /></body></html>);
}
export default function App() { return <Outlet />; }
`,
    "app/routes/items.$n.tsx": `import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
export async function loader({ params }: LoaderFunctionArgs) {
  const n = Math.min(Number(params.n) || 0, 1000);
  return { items: Array.from({ length: n }, (_, i) => ({ id: "item-" + i, code: "BP-" + String(i + 1).padStart(2, "0"),
    title: "基准测试问题第" + (i + 1) + "项：将不属于医疗保障基金支付范围的医药费用纳入结算", answer: i % 3 === 0 ? "no_problem" : null })) };
}
export default function Items() {
  const { items } = useLoaderData<typeof loader>();
  return (<main><h1>问题清单</h1><ol>{items.map((item) => (
    <li key={item.id} data-item={item.code}><a href={"/items/" + item.code}>{item.code}</a> <span>{item.title}</span> <span>{item.answer ?? "未作答"}</span></li>
  ))}</ol></main>);
}
`,
    "server.mjs": `import express from "express";
import { createRequestHandler } from "@remix-run/express";
const build = await import("./build/index.js");
const app = express();
app.disable("x-powered-by");
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.get("/healthz", (_req, res) => res.send("ok"));
app.all("*", createRequestHandler({ build }));
app.listen(Number(process.env.PORT), "127.0.0.1");
`,
  };
  fs.rmSync(BARE_DIR, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(BARE_DIR, name)), { recursive: true });
    fs.writeFileSync(path.join(BARE_DIR, name), text);
  }
  // The same versions as the app's (the compiler reads the runtime from the dependencies).
  const ours = JSON.parse(fs.readFileSync("package.json", "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const pick = (names: string[], from: Record<string, string>) => Object.fromEntries(names.map((n) => [n, from[n]]));
  const bareDependencies = pick(
    ["@remix-run/express", "@remix-run/node", "@remix-run/react", "express", "isbot", "react", "react-dom"],
    ours.dependencies,
  );
  fs.writeFileSync(
    path.join(BARE_DIR, "package.json"),
    JSON.stringify({
      type: "module",
      private: true,
      dependencies: bareDependencies,
      devDependencies: pick(["@remix-run/dev"], ours.devDependencies),
    }),
  );
  const result = spawnSync("npx", ["remix", "build", BARE_DIR], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("building the bare Remix app failed");
}

type PageResult = { label: string; items: number; requests: number; rps: number; p50: number; p99: number; errors: number; non2xx: number };

async function drive(label: string, items: number, url: string, headers: Record<string, string> = {}): Promise<PageResult> {
  // Warm up (JIT, connection pools), then measure.
  await autocannon({ url, connections: CONNECTIONS, amount: Math.max(CONNECTIONS, Math.floor(N / 5)), headers });
  const result = await autocannon({ url, connections: CONNECTIONS, amount: N, headers, timeout: 30 });
  return {
    label,
    items,
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main() {
  console.log(`bench:page: ${N} requests per page at ${CONNECTIONS} connections`);
  ensureAppBuild();
  buildBareApp();

  console.log("seeding …");
  await recreateBenchDatabase(DATABASE_URL);
  const { db, client } = createDatabase(DATABASE_URL, { max: 2 });
  const appUrl = await benchAppRoleUrl(DATABASE_URL);
  await ensureRegions(db);
  const regulator = await createUser(db, "regulator", { regionCode: "411300", name: "基准监管员" });
  const hospital = await createInstitution(db, { kind: "hospital", regionCode: "411303", name: "基准测试人民医院" });
  const officer = await createUser(db, "officer", { institutionId: hospital.id, name: "基准填报员", email: "bench-officer@bench.test" });
  await seedBenchCampaign(db, ITEMS, "411300", regulator.id);
  const [assessment] = await db.select().from(assessments).where(eq(assessments.institutionId, hospital.id));
  const scope = { kind: "institution" as const, userId: officer.id, role: "officer" as const, institutionId: hospital.id };
  // Half the list answered, as on a page mid-way through.
  for (let i = 0; i < ITEMS; i += 2) {
    const saved = await saveAnswer(db, scope, {
      assessmentId: assessment.id,
      itemCode: benchItemCode(i),
      data: { answer: "no_problem", lockVersion: 0 },
    });
    if (!saved.ok) throw new Error(`saveAnswer: ${JSON.stringify(saved)}`);
  }
  const servers: { stop: () => Promise<void> }[] = [];
  try {
    const results: PageResult[] = [];
    const bare = await startNodeServer("server.mjs", {}, { cwd: BARE_DIR });
    servers.push(bare);
    for (const size of BARE_SIZES) {
      const html = await (await fetch(`${bare.url}/items/${size}`)).text();
      check(`bare page shows ${size} items`, (html.match(/data-item="/g) ?? []).length === size);
    }
    const app = await startAppServer(appUrl);
    servers.push(app);
    const cookie = await signIn(app.url, officer.email, DEFAULT_PASSWORD);
    const pageUrl = `${app.url}/inst/assessments/${assessment.id}`;
    const html = await (await fetch(pageUrl, { headers: { Cookie: cookie } })).text();
    const shown = new Set(html.match(/MI-\d\d/g) ?? []);
    check(
      `the app page shows the ${ITEMS} items`,
      Array.from({ length: ITEMS }, (_, i) => benchItemCode(i)).every((c) => shown.has(c)),
    );
    check("the app page is the officer's (signed in)", html.includes("基准填报员"));

    // Rounds, each page once per round, so that the machine's other load falls on all pages
    // alike; the median round per page is reported.
    const pages = [
      ...BARE_SIZES.map((size) => ({ label: `bare ${size}`, items: size, url: `${bare.url}/items/${size}`, headers: {} })),
      { label: `app ${ITEMS}`, items: ITEMS, url: pageUrl, headers: { Cookie: cookie } },
    ];
    const rounds: PageResult[][] = pages.map(() => []);
    const started = Date.now();
    const before = await db.select({ expiresAt: sessions.expiresAt }).from(sessions);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, page] of pages.entries()) rounds[i].push(await drive(page.label, page.items, page.url, page.headers));
    }
    const after = await db.select({ expiresAt: sessions.expiresAt }).from(sessions);
    for (const perPage of rounds) {
      const sorted = [...perPage].sort((a, b) => a.rps - b.rps);
      const median = sorted[Math.floor(sorted.length / 2)];
      results.push({ ...median, errors: perPage.reduce((n, r) => n + r.errors, 0), non2xx: perPage.reduce((n, r) => n + r.non2xx, 0) });
    }
    check("one session, still live after the run", after.length === 1 && after[0].expiresAt.getTime() > Date.now());
    const minutes = Math.ceil((Date.now() - started) / 60_000);
    check(
      "the session's expiry was written at most once a minute during the run",
      after[0].expiresAt.getTime() - before[0].expiresAt.getTime() <= 60_000 * (minutes + 1),
    );
    const stillIn = await fetch(pageUrl, { headers: { Cookie: cookie }, redirect: "manual" });
    check("the session still opens the page", stillIn.status === 200);

    for (const r of results)
      check(`${r.label}: every response 200, no errors`, r.errors === 0 && r.non2xx === 0, `${r.errors} errors, ${r.non2xx} non-2xx`);

    console.log("");
    console.log("page        items   req/s    p50 ms   p99 ms");
    for (const r of results) {
      console.log(
        `${r.label.padEnd(11)} ${String(r.items).padStart(5)} ${r.rps.toFixed(0).padStart(7)} ${String(r.p50).padStart(9)} ${String(r.p99).padStart(8)}`,
      );
    }
    const bare40 = results.find((r) => r.label === "bare 40")!;
    const app40 = results.find((r) => r.label === `app ${ITEMS}`)!;
    console.log(`app at ${ITEMS} items serves ${((100 * app40.rps) / bare40.rps).toFixed(0)} % of bare at ${ITEMS} items`);
  } finally {
    for (const s of servers) await s.stop();
    await client.end();
  }
  const failed = checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    console.error(`bench: ${failed.length} of ${checks.length} checks failed`);
    process.exit(1);
  }
  console.log(`bench: all ${checks.length} checks passed`);
  process.exit(0);
}

await main();
