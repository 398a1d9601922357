// `npm run bench:reminders [-- N]`: how fast the reminder pipeline moves N due self-checks.
//
// Seeds N institutions (one officer each) with a self-check due in 3 days into a database of
// its own, then times three phases against the same Redis:
//   1. sweep     recordDueNotices + enqueueEmails (what the daily sweep does)
//   2. delivery  all N mails through 2 × startWorkers to a local SMTP sink
//   3. baseline  bare BullMQ: N jobs, an empty processor, the same workers and concurrency
// and checks that every officer got exactly one notice and exactly one mail.
//
// Environment: BENCH_N (or the first argument), BENCH_DATABASE_URL (dropped and recreated on
// every run; its name must contain "bench"), REDIS_URL, BENCH_EMAIL_CONCURRENCY (per worker),
// BENCH_SINK=inline (SMTP sink in this process instead of a child process),
// BENCH_DB_POOL, BENCH_SMTP_MAX_CONNECTIONS (nodemailer pool size; its default is 5).
import { randomUUID } from "node:crypto";
import os from "node:os";
import { Queue, Worker } from "bullmq";
import { addDays, format, parseISO } from "date-fns";
import { sql } from "drizzle-orm";
import { loadChecklistDir } from "~checklists/loader";
import { createDatabase, type Database } from "~db/client";
import { createCampaign, openCampaign } from "~/models/campaign.server";
import { importChecklists } from "~/models/checklist.server";
import { recordDueNotices } from "~/models/notification.server";
import { ensureRegions } from "~/models/region.server";
import { todayLocal } from "~/utils/dates";
import { INSTITUTION_KINDS } from "~/domain/vocabulary";
import { createMailer } from "~/utils/mail.server";
import { hashPassword } from "~/utils/password.server";
import type { RegionScope } from "~/utils/permissions.server";
import { createRedisConnection } from "~jobs/connection";
import type { JobDeps } from "~jobs/handlers/deps";
import { enqueueEmails } from "~jobs/producers";
import { createQueues, DEFAULT_JOB_OPTIONS, queuePrefix, type EmailJob } from "~jobs/queues";
import { startWorkers } from "~jobs/worker";
import { getChecklistVersionId } from "../tests/factories";
import {
  deleteKeysWithPrefix,
  fmtSeconds,
  insertBenchInstitutions,
  perSecond,
  readCount,
  recreateDatabase,
  startCountingSmtpSink,
  startSmtpSinkProcess,
  timed,
  waitForCount,
} from "./bench-lib";

const WORKER_COUNT = 2;
/** One campaign must reach every institution, so they all sit in one province's counties. */
const ROOT_REGION = "410000";
const ROOT_CHECKLIST = "henan-2023-key-violations";
const MAX_SERIAL = 99_999; // NHSA codes end in 5 digits
const ADD_BATCH = 1_000;

const N = readCount(100_000);
// Not DATABASE_URL: in a developer's shell that names the demo database, and this one is dropped.
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/zicha_bench";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const EMAIL_CONCURRENCY = Number(process.env.BENCH_EMAIL_CONCURRENCY ?? 20);
const DB_POOL = Number(process.env.BENCH_DB_POOL ?? 10);
/** The sink runs in a child process unless BENCH_SINK=inline (then it shares this process's CPU). */
const IS_SINK_INLINE = process.env.BENCH_SINK === "inline";
/** Unset: nodemailer's pool default (5 connections), as the worker runs today. */
const SMTP_MAX_CONNECTIONS = process.env.BENCH_SMTP_MAX_CONNECTIONS;
// Before any queue is made: the bench's keys never mix with a running app's or a test run's.
process.env.QUEUE_PREFIX = `zicha-bench-${process.pid}`;

// Ctrl-C stops the phase in progress and still cleans up Redis; a second one exits at once.
let isInterrupted = false;
process.on("SIGINT", () => {
  if (isInterrupted) process.exit(130);
  isInterrupted = true;
  console.error("\ninterrupted: cleaning up (Ctrl-C again to quit now)");
});
const isStopped = () => isInterrupted;
function stopIfInterrupted() {
  if (isInterrupted) throw new Error("interrupted");
}

/** Regions, checklists, N institutions over the root's counties, their officers, a regulator per region. */
async function seed(db: Database, n: number, passwordHash: string) {
  await ensureRegions(db);
  await importChecklists(db, loadChecklistDir());
  const counties = await db.execute<{ code: string }>(
    sql`select code from regions where level = 'county' and path like ${`/${ROOT_REGION}/%`} order by code`,
  );
  if (counties.length === 0) throw new Error(`no county-level regions under ${ROOT_REGION}`);
  if (n > counties.length * MAX_SERIAL) throw new Error(`N = ${n} is more than ${counties.length} counties × ${MAX_SERIAL} NHSA serials`);

  // Round-robin over the counties; within a county, serial s gets kind s % 6, so every
  // county holds every kind. Credit codes: 12/91 + region + serial + a last char from the
  // allowed set (no GB 32100 check character; the database checks the shape only).
  await insertBenchInstitutions(db, n, ROOT_REGION);

  await db.execute(sql`
    insert into users (email, name, password_hash, role, institution_id)
    select 'o' || n || '@bench.test', '联络员' || n, ${passwordHash}, 'officer', id
    from (select id, row_number() over (order by nhsa_code) as n from institutions) i`);

  const regulators = await db.execute<{ id: string; region_code: string }>(sql`
    insert into users (email, name, password_hash, role, region_code)
    select 'r' || code || '@bench.test', name || '医保局', ${passwordHash}, 'regulator', code from regions
    returning id, region_code`);
  const rootRegulator = regulators.find((r) => r.region_code === ROOT_REGION);
  if (!rootRegulator) throw new Error(`no regulator for ${ROOT_REGION}`);
  await db.execute(sql`analyze`);
  return { regulatorId: rootRegulator.id, countyCount: counties.length };
}

/** One campaign over the whole root region, self-checks due in 3 days; created and opened in one transaction. */
async function createAndOpenCampaign(db: Database, regulatorId: string, now: Date) {
  const today = todayLocal(now);
  const plus = (days: number) => format(addDays(parseISO(today), days), "yyyy-MM-dd");
  const scope: RegionScope = { kind: "region", userId: regulatorId, regionCode: ROOT_REGION };
  const checklistVersionId = await getChecklistVersionId(db, ROOT_CHECKLIST);
  return db.transaction(async (tx) => {
    const created = await createCampaign(tx, scope, {
      title: "基准测试：定点医药机构医保基金使用自查自纠",
      checklistVersionId,
      targetRegionCode: ROOT_REGION,
      targetKinds: [...INSTITUTION_KINDS],
      reviewPeriodStart: "2024-01-01",
      selfCheckDueOn: plus(3),
      rectificationDueOn: plus(90),
    });
    if (!created.ok) throw new Error(`createCampaign: ${JSON.stringify(created.fieldErrors)}`);
    const opened = await openCampaign(tx, scope, created.value.id, now);
    if (!opened.ok) throw new Error(`openCampaign: ${opened.error}`);
    return opened.targetCount;
  });
}

type Check = { name: string; expected: number; actual: number };

/** This process's CPU time since `since`, as a percentage of one core over `seconds`. */
function cpuPercent(since: NodeJS.CpuUsage, seconds: number) {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 1e4 / seconds);
}

async function main() {
  const prefix = queuePrefix();
  console.log(
    `bench:reminders N=${N} · ${WORKER_COUNT} workers × email concurrency ${EMAIL_CONCURRENCY} · pg pool ${DB_POOL} · ` +
      `SMTP pool ${SMTP_MAX_CONNECTIONS ?? "5 (default)"} · sink ${IS_SINK_INLINE ? "in-process" : "child process"} · ` +
      `${os.cpus().length} cores · node ${process.version}\n  db ${new URL(DATABASE_URL).pathname.slice(1)} · redis ${REDIS_URL} prefix ${prefix}`,
  );
  const now = new Date();
  const results: [string, string][] = [["N (institutions = officers = mails)", String(N)]];
  const checks: Check[] = [];

  const migrated = await timed(() => recreateDatabase(DATABASE_URL));
  console.log(`database recreated and migrated in ${fmtSeconds(migrated.seconds)} s`);

  const { db, client } = createDatabase(DATABASE_URL, { max: DB_POOL });
  const queueConnection = createRedisConnection(REDIS_URL);
  const queues = createQueues(queueConnection, prefix);
  const baselineQueue = new Queue<EmailJob>("bench-baseline", {
    connection: queueConnection,
    prefix,
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
  });
  const sink = IS_SINK_INLINE ? await startCountingSmtpSink() : await startSmtpSinkProcess();
  const mailer = createMailer(SMTP_MAX_CONNECTIONS ? `${sink.url}?maxConnections=${SMTP_MAX_CONNECTIONS}` : sink.url);
  const closers: (() => Promise<unknown>)[] = [];

  try {
    // Seed.
    const passwordHash = await hashPassword("Bench@2026");
    const seeded = await timed(() => seed(db, N, passwordHash));
    console.log(`seeded ${N} institutions + officers over ${seeded.value.countyCount} counties in ${fmtSeconds(seeded.seconds)} s`);
    results.push(["seed (regions, checklists, institutions, users; set-based)", `${fmtSeconds(seeded.seconds)} s`]);

    const opened = await timed(() => createAndOpenCampaign(db, seeded.value.regulatorId, now));
    console.log(`campaign created + opened (${opened.value} self-checks) in ${fmtSeconds(opened.seconds)} s`);
    results.push(["create + open campaign (one transaction)", `${fmtSeconds(opened.seconds)} s`]);
    checks.push({ name: "self-checks created", expected: N, actual: opened.value });
    // What autovacuum would have done by the next morning's sweep.
    await db.execute(sql`analyze`);

    // Phase 1: the sweep.
    stopIfInterrupted();
    const recorded = await timed(() => recordDueNotices(db, now));
    const ids = recorded.value;
    const enqueued = await timed(() => enqueueEmails(queues, ids));
    const sweepSeconds = recorded.seconds + enqueued.seconds;
    console.log(
      `sweep: ${ids.length} notices recorded in ${fmtSeconds(recorded.seconds)} s, ` +
        `enqueued in ${fmtSeconds(enqueued.seconds)} s (${perSecond(ids.length, enqueued.seconds)} jobs/s)`,
    );
    results.push(
      ["sweep SQL (recordDueNotices)", `${fmtSeconds(recorded.seconds)} s (${perSecond(ids.length, recorded.seconds)} notices/s)`],
      ["sweep enqueue (enqueueEmails)", `${fmtSeconds(enqueued.seconds)} s (${perSecond(ids.length, enqueued.seconds)} jobs/s)`],
      ["sweep total", `${fmtSeconds(sweepSeconds)} s (${perSecond(ids.length, sweepSeconds)} jobs/s)`],
    );
    checks.push({ name: "notices recorded by the sweep", expected: N, actual: ids.length });
    const waiting = await queues.email.getJobCountByTypes("waiting", "prioritized", "delayed");
    checks.push({ name: "e-mail jobs queued", expected: N, actual: waiting });

    stopIfInterrupted();
    // Phase 2: delivery, 2 workers as `npm run worker` would start them, into the SMTP sink.
    const deps: JobDeps = {
      db,
      queues,
      mailer,
      appUrl: "http://localhost:3000",
      mailFrom: "医保基金使用自查自纠平台 <no-reply@zicha.local>",
      leaseSeconds: 300,
    };
    // Counted as "recorded minus still owed": the owed rows sit in a small partial index,
    // where counting 'sent' would scan the whole (growing) table twice a second.
    const countSent = async () => {
      const [row] = await db.execute<{ owed: number }>(
        sql`select count(*)::int as owed from notifications where email_status in ('pending', 'sending', 'failed')`,
      );
      return ids.length - row.owed;
    };
    const deliveryCpu = process.cpuUsage();
    const deliveryStarted = performance.now();
    for (let i = 0; i < WORKER_COUNT; i++) {
      closers.push(await startWorkers(deps, REDIS_URL, { schedule: false, concurrency: { email: EMAIL_CONCURRENCY } }));
    }
    const delivered = await waitForCount("delivery (sent)", N, countSent, { isStopped });
    const deliverySeconds = (performance.now() - deliveryStarted) / 1000;
    console.log(
      `delivery: ${delivered.last} mails in ${fmtSeconds(deliverySeconds)} s (${perSecond(delivered.last, deliverySeconds)} mails/s; ` +
        `this process used ${cpuPercent(deliveryCpu, deliverySeconds)}% of one core)`,
    );
    if (!delivered.reached) throw new Error("delivery did not finish");
    results.push([
      "delivery (claim → SMTP → mark sent)",
      `${fmtSeconds(deliverySeconds)} s (${perSecond(delivered.last, deliverySeconds)} mails/s)`,
    ]);
    await Promise.all(closers.splice(0).map((close) => close()));

    stopIfInterrupted();
    // Phase 3: bare BullMQ on the same Redis, same job count, options, workers and concurrency.
    const baselineIds = ids.length === N ? ids : Array.from({ length: N }, () => randomUUID());
    const baselineEnqueued = await timed(async () => {
      for (let i = 0; i < N; i += ADD_BATCH) {
        await baselineQueue.addBulk(
          baselineIds
            .slice(i, i + ADD_BATCH)
            .map((notificationId) => ({ name: "send", data: { notificationId }, opts: { jobId: `baseline-${notificationId}` } })),
        );
      }
    });
    let completed = 0;
    let lastCompletedAt = 0;
    const baselineCpu = process.cpuUsage();
    const baselineStarted = performance.now();
    const baselineWorkers = Array.from({ length: WORKER_COUNT }, () => {
      const worker = new Worker<EmailJob>("bench-baseline", async () => {}, {
        connection: createRedisConnection(REDIS_URL),
        prefix,
        concurrency: EMAIL_CONCURRENCY,
      });
      worker.on("completed", () => {
        completed++;
        lastCompletedAt = performance.now();
      });
      return worker;
    });
    closers.push(() => Promise.all(baselineWorkers.map((w) => w.close())));
    const processed = await waitForCount("baseline (completed)", N, async () => completed, { isStopped });
    const baselineSeconds = ((processed.reached ? lastCompletedAt : performance.now()) - baselineStarted) / 1000;
    console.log(
      `baseline: enqueued ${N} in ${fmtSeconds(baselineEnqueued.seconds)} s (${perSecond(N, baselineEnqueued.seconds)} jobs/s), ` +
        `processed in ${fmtSeconds(baselineSeconds)} s (${perSecond(completed, baselineSeconds)} jobs/s; ` +
        `this process used ${cpuPercent(baselineCpu, baselineSeconds)}% of one core)`,
    );
    results.push(
      ["baseline enqueue (addBulk × 1000)", `${fmtSeconds(baselineEnqueued.seconds)} s (${perSecond(N, baselineEnqueued.seconds)} jobs/s)`],
      ["baseline process (empty processor)", `${fmtSeconds(baselineSeconds)} s (${perSecond(completed, baselineSeconds)} jobs/s)`],
    );
    checks.push({ name: "baseline jobs completed", expected: N, actual: completed });

    // Correctness: one notice per officer, each mailed exactly once.
    const [totals] = await db.execute<{ officers: number; notices: number; due_soon: number; sent: number; retried: number }>(sql`
      select (select count(*)::int from users where role = 'officer') as officers,
             count(*)::int as notices,
             (count(*) filter (where kind = 'due_soon'))::int as due_soon,
             (count(*) filter (where email_status = 'sent'))::int as sent,
             (count(*) filter (where email_attempts > 1))::int as retried
      from notifications`);
    const received = await sink.counts();
    checks.push(
      { name: "officers", expected: N, actual: totals.officers },
      { name: "notifications (one per officer)", expected: totals.officers, actual: totals.notices },
      { name: "due_soon notifications", expected: N, actual: totals.due_soon },
      { name: "email_status = sent", expected: N, actual: totals.sent },
      { name: "mails received by the SMTP sink", expected: N, actual: received.received },
      { name: "distinct Message-IDs received", expected: N, actual: received.distinctMessageIds },
      { name: "distinct recipients received", expected: N, actual: received.distinctRecipients },
      { name: "notices sent more than once (email_attempts > 1)", expected: 0, actual: totals.retried },
    );
  } finally {
    await Promise.all(closers.map((close) => close()));
    for (const queue of [queues.email, queues.reminders, baselineQueue]) await queue.obliterate({ force: true }).catch(() => {});
    const leftover = await deleteKeysWithPrefix(queueConnection, prefix);
    await Promise.all([queues.email.close(), queues.reminders.close(), baselineQueue.close()]);
    await queueConnection.quit();
    mailer.close();
    await sink.close();
    await client.end();
    if (leftover > 0) console.log(`removed ${leftover} leftover Redis keys under ${prefix}:`);
  }

  console.log("\n| measure | value |\n|---|---|");
  for (const [name, value] of results) console.log(`| ${name} | ${value} |`);
  console.log("\n| check | expected | actual | |\n|---|---:|---:|---|");
  for (const c of checks) console.log(`| ${c.name} | ${c.expected} | ${c.actual} | ${c.expected === c.actual ? "ok" : "FAIL"} |`);
  const failed = checks.filter((c) => c.expected !== c.actual);
  if (failed.length > 0) console.error(`\n${failed.length} check(s) failed`);
  else console.log(`bench: all ${checks.length} checks passed`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  // startWorkers leaves the Redis connections it made open after close(); exit explicitly.
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
