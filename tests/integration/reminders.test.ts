// Reminders and notices end to end: real PostgreSQL, real Redis (BullMQ), a real SMTP server.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { assessments, notifications, users } from "~db/schema";
import { processEmailJob } from "~jobs/handlers/send-email";
import { enqueueEmails } from "~jobs/producers";
import { DEFAULT_JOB_OPTIONS, jobIds } from "~jobs/queues";
import { startWorkers } from "~jobs/worker";
import { runWeeklyDigest } from "~jobs/handlers/weekly-digest";
import { registerComplaint } from "~/models/clue.server";
import { complaintSchema } from "~/schemas/clue";
import { claimEmail, recordDecision, recordDueNotices, recordWeeklyDigest } from "~/models/notification.server";
import { decideAssessment, reviewItem } from "~/models/review.server";
import { saveAnswer, submitAssessment } from "~/models/assessment.server";
import * as campaignRoute from "~/routes/reg.campaigns.$campaignId";
import { db } from "~/utils/db.server";
import { closeQueues } from "~/utils/queue.server";
import { createCampaign } from "~/models/campaign.server";
import { createTestJobDeps } from "../job-deps";
import { startSmtpSink } from "../setup/smtp";
import { callAction } from "../helpers";
import { createInstitution, createUser, getChecklistVersionId } from "../factories";
import { institutionScope, openDemoCampaign, regionScope } from "./fixtures";
import { waitFor } from "../wait";

// Unset in scripts/test-cluster.sh: then the Redis Cluster of REDIS_CLUSTER_NODES.
const REDIS_URL = process.env.REDIS_URL;
/** 09:00 in Beijing on a given local date. */
const at9 = (date: string) => new Date(`${date}T09:00:00+08:00`);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Queues, mailer and (optionally) running workers against this test's Redis prefix and SMTP sink. */
async function harness(smtpUrl: string, opts: { redisUrl?: string; leaseSeconds?: number; workers?: number } = {}) {
  const redisUrl = opts.redisUrl ?? REDIS_URL;
  const {
    deps,
    queues,
    close: closeDeps,
  } = createTestJobDeps(`${smtpUrl}?pool=false`, {
    redisUrl,
    jobOptions: { ...DEFAULT_JOB_OPTIONS, attempts: 5, backoff: { type: "fixed", delay: 300 } },
    leaseSeconds: opts.leaseSeconds,
  });
  const stops: (() => Promise<void>)[] = [];
  for (let i = 0; i < (opts.workers ?? 0); i++) stops.push(await startWorkers(deps, redisUrl, { schedule: false }));
  const close = async () => {
    for (const stop of stops) await stop();
    await closeDeps();
  };
  cleanups.push(close);
  return { deps, queues, close, startWorker: async () => stops.push(await startWorkers(deps, redisUrl, { schedule: false })) };
}

async function noticesOf(userId: string) {
  return db.select().from(notifications).where(eq(notifications.recipientId, userId));
}

async function sink() {
  const s = await startSmtpSink();
  cleanups.push(s.close);
  return s;
}

describe("reminder thresholds (fake clock, Asia/Shanghai days)", () => {
  it("7, 3 and 1 days before, daily while overdue, escalating at 3 and 7 days; nothing once submitted", async () => {
    const s = await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    const kindsOn = async (date: string, user: { id: string }) => {
      await recordDueNotices(db, at9(date));
      return (await noticesOf(user.id)).map((n) => `${n.kind}:${JSON.stringify(n.payload)}`).sort();
    };
    expect(await kindsOn("2026-12-02", s.officer)).toEqual([]); // 8 days before
    expect((await kindsOn("2026-12-03", s.officer)).length).toBe(1); // 7 days
    expect((await kindsOn("2026-12-05", s.officer)).length).toBe(1); // 5 days: nothing new
    expect((await kindsOn("2026-12-07", s.officer)).length).toBe(2); // 3 days
    expect((await kindsOn("2026-12-09", s.officer)).length).toBe(3); // 1 day
    expect((await kindsOn("2026-12-10", s.officer)).length).toBe(3); // due today: no notice
    expect((await kindsOn("2026-12-11", s.officer)).filter((k) => k.startsWith("overdue")).length).toBe(1);
    expect((await noticesOf(s.wolongRegulator.id)).length).toBe(0);
    await recordDueNotices(db, at9("2026-12-13")); // 3 days overdue → the county bureau
    expect((await noticesOf(s.wolongRegulator.id)).map((n) => n.kind)).toEqual(["escalation"]);
    expect((await noticesOf(s.cityRegulator.id)).length).toBe(0);
    await recordDueNotices(db, at9("2026-12-17")); // 7 days → the city bureau as well
    expect((await noticesOf(s.cityRegulator.id)).map((n) => n.kind)).toEqual(["escalation", "escalation"]); // hospital and pharmacy
    expect((await noticesOf(s.wolongRegulator.id)).length).toBe(1); // once per threshold
    const overdueDays = (await noticesOf(s.officer.id)).filter((n) => n.kind === "overdue").length;
    expect(overdueDays).toBe(3); // 11th, 13th, 17th: one per day the sweep ran

    // Staff are not reminded; the pharmacy's own officer is, for its own self-check only.
    expect(await noticesOf(s.staff.id)).toEqual([]);
    const pharmacy = await noticesOf(s.pharmacyOfficer.id);
    expect(pharmacy.every((n) => (n.payload as { assessmentId: string }).assessmentId === s.pharmacyAssessmentId)).toBe(true);
  });

  it("escalation thresholds are the campaign's own settings", async () => {
    const s = await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    await db.execute(sql`update campaigns set escalate_county_after_days = 1, escalate_city_after_days = 2 where id = ${s.campaign.id}`);
    await recordDueNotices(db, at9("2026-12-11"));
    expect((await noticesOf(s.wolongRegulator.id)).map((n) => n.kind)).toEqual(["escalation"]);
    expect(await noticesOf(s.cityRegulator.id)).toEqual([]);
    await recordDueNotices(db, at9("2026-12-12"));
    expect((await noticesOf(s.cityRegulator.id)).length).toBe(2);
  });

  it("the local day counts, not the UTC day: 00:30 in Beijing is already the next day", async () => {
    const s = await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    await recordDueNotices(db, new Date("2026-12-02T16:30:00Z")); // 2026-12-03 00:30 Beijing: 7 days before
    expect((await noticesOf(s.officer.id)).map((n) => n.kind)).toEqual(["due_soon"]);
    await recordDueNotices(db, new Date("2026-12-06T15:59:00Z")); // still the 6th in Beijing: 4 days
    expect((await noticesOf(s.officer.id)).length).toBe(1);
  });

  it("no reminder for a submitted self-check", async () => {
    const s = await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    await db
      .update(assessments)
      .set({ status: "submitted", submittedAt: new Date(), commitmentSignedAt: new Date(), answeredCount: sql`item_count` })
      .where(eq(assessments.id, s.assessmentId));
    await recordDueNotices(db, at9("2026-12-07"));
    await recordDueNotices(db, at9("2026-12-20"));
    expect(await noticesOf(s.officer.id)).toEqual([]);
    expect((await noticesOf(s.pharmacyOfficer.id)).length).toBeGreaterThan(0);
  });

  it("e-mail can be turned off for ordinary notices, never for overdue notices and escalations", async () => {
    const s = await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    await db.update(users).set({ wantsEmail: false }).where(eq(users.id, s.officer.id));
    await recordDueNotices(db, at9("2026-12-07"));
    await recordDueNotices(db, at9("2026-12-11"));
    const rows = await noticesOf(s.officer.id);
    expect(rows.find((n) => n.kind === "due_soon")!.emailStatus).toBe("skipped");
    expect(rows.find((n) => n.kind === "overdue")!.emailStatus).toBe("pending");
  });
});

describe("delivery exactly once", () => {
  it("the sweep job records and mails; running it twice and with two workers sends each mail once", async () => {
    const smtp = await sink();
    const s = await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    const h = await harness(smtp.url, { workers: 2 });
    await h.queues.reminders.add("sweep", { type: "daily-sweep", at: at9("2026-12-07").toISOString() }, { jobId: "sweep-1" });
    await h.queues.reminders.add("sweep", { type: "daily-sweep", at: at9("2026-12-07").toISOString() }, { jobId: "sweep-2" });
    await waitFor(async () => (await db.select().from(notifications).where(eq(notifications.emailStatus, "sent"))).length === 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([s.officer.email, s.pharmacyOfficer.email].sort());
    const mail = smtp.received.find((m) => m.to[0] === s.officer.email)!;
    expect(mail.subject).toBe("【提醒】自查任务还有 3 天截止：南阳测试任务");
    expect(mail.raw.replace(/=\r\n/g, "")).toContain(`/inst/assessments/${s.assessmentId}`);
    expect(mail.messageId).toMatch(/@zicha\.notice>$/);
  });

  it("two workers racing on the same notice send one mail", async () => {
    const smtp = await sink();
    const s = await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    const [id] = await recordDueNotices(db, at9("2026-12-09")).then((ids) => ids.slice(0, 1));
    const h = await harness(smtp.url, { workers: 2, leaseSeconds: 1 });
    // The same notice queued under several job ids, as duplicates from retries would be.
    await h.queues.email.addBulk(
      [1, 2, 3, 4].map((n) => ({ name: "send", data: { notificationId: id }, opts: { jobId: `${jobIds.email(id)}-dup${n}` } })),
    );
    await waitFor(async () => (await h.queues.email.getJobCounts("completed")).completed === 4, 20_000);
    expect(smtp.received.filter((m) => m.messageId === `<${id}@zicha.notice>`)).toHaveLength(1);
    void s;
  });

  it("a worker killed between claiming and sending: another takes over after the lease, one mail", async () => {
    const smtp = await sink();
    await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    const [id] = await recordDueNotices(db, at9("2026-12-09"));
    // The dead worker: it claimed the send, then died before SMTP.
    expect((await claimEmail(db, id, 1)).outcome).toBe("claimed");
    const h = await harness(smtp.url, { workers: 1, leaseSeconds: 1 });
    await enqueueEmails(h.queues, [id]);
    await waitFor(async () => (await db.select().from(notifications).where(eq(notifications.id, id)))[0].emailStatus === "sent");
    expect(smtp.received).toHaveLength(1);
    const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
    expect(row.emailAttempts).toBe(2);
  });

  it("SMTP down: the job fails, retries with backoff and delivers once SMTP is back; nothing is lost", async () => {
    const first = await startSmtpSink();
    const port = first.port;
    await first.close(); // the mail server is down
    await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    const [id] = await recordDueNotices(db, at9("2026-12-09"));
    const h = await harness(`smtp://127.0.0.1:${port}`, { workers: 1 });
    await enqueueEmails(h.queues, [id]);
    await waitFor(async () => {
      const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
      return row.emailAttempts >= 1 && row.emailStatus === "pending" && !!row.emailLastError;
    });
    const back = await startSmtpSink(port);
    cleanups.push(back.close);
    await waitFor(async () => (await db.select().from(notifications).where(eq(notifications.id, id)))[0].emailStatus === "sent", 20_000);
    expect(back.received).toHaveLength(1);
  });

  it("after the last attempt a failed send stays visible with its error", async () => {
    await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    const [id] = await recordDueNotices(db, at9("2026-12-09"));
    const h = await harness("smtp://127.0.0.1:9", { workers: 0 }); // nothing listens on port 9
    const job = { data: { notificationId: id }, opts: { attempts: 1 }, attemptsMade: 0 } as never;
    await expect(processEmailJob(job, h.deps)).rejects.toThrow();
    const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
    expect(row).toMatchObject({ emailStatus: "failed", emailAttempts: 1 });
    expect(row.emailLastError).toBeTruthy();
  });

  it("a Redis restart loses queued jobs, and the outbox flush queues them again: each mail once", async () => {
    const smtp = await sink();
    const redis = await startPrivateRedis();
    cleanups.push(redis.stop);
    await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    const ids = await recordDueNotices(db, at9("2026-12-09"));
    const before = await harness(smtp.url, { redisUrl: redis.url });
    await enqueueEmails(before.queues, ids);
    await before.close();
    await redis.restart(); // a Redis that keeps nothing on disk comes back empty
    const after = await harness(smtp.url, { redisUrl: redis.url, workers: 1 });
    expect(await after.queues.email.getJobCounts("waiting")).toMatchObject({ waiting: 0 });
    await after.queues.reminders.add("flush", { type: "outbox-flush" });
    await waitFor(async () => (await db.select().from(notifications).where(eq(notifications.emailStatus, "sent"))).length === ids.length);
    expect(smtp.received).toHaveLength(ids.length);
  });
});

describe("rectification reminders and review decisions", () => {
  it("before each rectification due date while not rectified, daily once overdue; nothing for rectified items", async () => {
    const s = await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    const scope = institutionScope(s.officer);
    const codes = await db.execute<{ code: string }>(sql`
      select code from checklist_items where version_id = ${s.campaign.checklistVersionId} and applies_to @> array['hospital']::text[] order by position limit 2`);
    const problem = (code: string, status: "in_progress" | "rectified") =>
      saveAnswer(db, scope, {
        assessmentId: s.assessmentId,
        itemCode: code,
        data: {
          answer: "problem_found",
          lockVersion: 0,
          description: "d",
          caseCount: 1,
          amountInvolvedFen: 100,
          refundedFen: 100,
          rectificationPlan: "p",
          responsiblePerson: "r",
          rectificationDueOn: "2026-12-20",
          rectificationStatus: status,
          rectifiedOn: status === "rectified" ? "2026-12-01" : undefined,
        },
      });
    await problem(codes[0].code, "in_progress");
    await problem(codes[1].code, "rectified");
    await recordDueNotices(db, at9("2026-12-17")); // 3 days before the rectification due date
    const due = (await noticesOf(s.officer.id)).filter((n) => n.kind === "rectification_due");
    expect(due.map((n) => n.subject)).toEqual(["【提醒】1 项整改还有 3 天到期：南阳测试任务"]);
    await recordDueNotices(db, at9("2026-12-22"));
    await recordDueNotices(db, at9("2026-12-22"));
    expect((await noticesOf(s.officer.id)).filter((n) => n.kind === "rectification_overdue")).toHaveLength(1);
  });

  it("returned and accepted decisions reach the institution's officers, once per version", async () => {
    const s = await openDemoCampaign({ selfCheckDueOn: "2099-12-10" });
    const scope = institutionScope(s.officer);
    for (const row of await db.execute<{ code: string }>(sql`
      select code from checklist_items where version_id = ${s.campaign.checklistVersionId} and applies_to @> array['hospital']::text[]`)) {
      await saveAnswer(db, scope, { assessmentId: s.assessmentId, itemCode: row.code, data: { answer: "no_problem", lockVersion: 0 } });
    }
    await submitAssessment(db, scope, s.assessmentId, { signerName: "王医保", agree: "on" });
    const review = regionScope(s.wolongRegulator);
    const [item] = await db.execute<{ id: string }>(
      sql`select checklist_item_id as id from assessment_items where assessment_id = ${s.assessmentId} limit 1`,
    );
    await reviewItem(db, review, { assessmentId: s.assessmentId, checklistItemId: item.id, decision: "returned", comment: "请补充" });
    await decideAssessment(db, review, { assessmentId: s.assessmentId, decision: "returned", reworkDueOn: "2099-12-20" });
    expect(await recordDecision(db, s.assessmentId, 1)).toHaveLength(1);
    expect(await recordDecision(db, s.assessmentId, 1)).toHaveLength(0);
    const [notice] = await noticesOf(s.officer.id);
    expect(notice).toMatchObject({ kind: "returned", subject: "【退回整改】南阳测试任务" });
    expect(notice.bodyText).toContain("2099年12月20日");
  });
});

describe("event notices and the weekly digest", () => {
  it("opening a campaign notifies every target institution's officers once", async () => {
    const smtp = await sink();
    const s = await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    const versionId = await getChecklistVersionId(db, "henan-2023-key-violations");
    const draft = await createCampaign(db, regionScope(s.cityRegulator), {
      title: "第二个任务",
      checklistVersionId: versionId,
      targetRegionCode: "411303",
      targetKinds: ["hospital"],
      reviewPeriodStart: "2021-05-01",
      selfCheckDueOn: "2099-01-01",
      rectificationDueOn: "2099-02-01",
    });
    if (!draft.ok) throw new Error("draft");
    const h = await harness(smtp.url, { workers: 1 });
    const opened = await callAction(campaignRoute.action, "/x", {
      user: s.cityRegulator,
      params: { campaignId: draft.value.id },
      form: { intent: "open" },
    });
    expect(opened.status).toBe(302);
    await waitFor(() => smtp.received.length === 1);
    expect(smtp.received[0].to).toEqual([s.officer.email]);
    expect(smtp.received[0].subject).toBe("【自查任务】第二个任务");
    // The route's producer shares the process-wide queue handle; close it with the test.
    cleanups.push(closeQueues);
    void h;
  });

  it("the weekly digest's numbers match a direct count", async () => {
    const s = await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    // The hospital submits; the pharmacy does nothing and is overdue by the Monday after.
    for (const row of await db.execute<{ code: string }>(sql`
      select ci.code from checklist_items ci where ci.version_id = ${s.campaign.checklistVersionId} and ci.applies_to @> array['hospital']::text[]`)) {
      await saveAnswer(db, institutionScope(s.officer), {
        assessmentId: s.assessmentId,
        itemCode: row.code,
        data: { answer: "no_problem", lockVersion: 0 },
      });
    }
    const result = await submitAssessment(db, institutionScope(s.officer), s.assessmentId, { signerName: "王医保", agree: "on" });
    expect(result.ok).toBe(true);
    await recordWeeklyDigest(db, at9("2026-12-14")); // a Monday
    const [digest] = await noticesOf(s.cityRegulator.id);
    const [direct] = await db.execute<{ total: number; submitted: number; not_started: number; overdue: number }>(sql`
      select count(*)::int as total,
             count(*) filter (where status in ('submitted','resubmitted','accepted'))::int as submitted,
             count(*) filter (where status = 'not_started')::int as not_started,
             count(*) filter (where status in ('not_started','in_progress','returned'))::int as overdue
      from assessments where campaign_id = ${s.campaign.id}`);
    expect(digest.payload).toMatchObject({
      total: direct.total,
      submitted: direct.submitted,
      notStarted: direct.not_started,
      overdue: direct.overdue,
      newlyOverdue: ["宛城测试药店"],
    });
    expect(digest.bodyText).toContain(`共 ${direct.total} 家机构，已提交 ${direct.submitted} 家`);
    // The county sees only its own institution; running it again records nothing.
    const [county] = await noticesOf(s.wolongRegulator.id);
    expect(county.payload).toMatchObject({ total: 1, submitted: 1, overdue: 0 });
    expect(await recordWeeklyDigest(db, at9("2026-12-14"))).toEqual([]);
    const [rows] = await db.execute<{ n: number }>(sql`select count(*)::int as n from notifications where kind = 'weekly_digest'`);
    expect(rows.n).toBe(3); // city, 卧龙区, 宛城区
    const unused = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, "weekly_digest"), eq(notifications.recipientId, s.officer.id)));
    expect(unused).toEqual([]);
  });
});

describe("the weekly clue digest", () => {
  it("mails each regulator the open and overdue clues of its subtree, once a week", async () => {
    const smtp = await sink();
    const city = await createUser(db, "regulator", { regionCode: "411300", name: "市局经办" });
    const wolong = await createUser(db, "regulator", { regionCode: "411303", name: "卧龙区经办" });
    const wancheng = await createUser(db, "regulator", { regionCode: "411302", name: "宛城区经办" });
    const hospital = await createInstitution(db, { kind: "hospital", regionCode: "411303", name: "卧龙测试医院" });
    const complaint = (dueOn: string) =>
      registerComplaint(
        db,
        regionScope(wolong),
        complaintSchema.parse({
          nhsaCode: hospital.nhsaCode,
          regionCode: "411303",
          ruleName: "分解住院",
          risk: "high",
          dueOn,
          summary: "患者反映多次办理出入院",
          complainantName: "赵六",
        }),
      );
    await complaint("2026-12-01"); // overdue by the Monday
    await complaint("2099-12-31");
    const h = await harness(smtp.url, { workers: 1 });

    await runWeeklyDigest(h.deps, at9("2026-12-14"));
    await waitFor(() => smtp.received.filter((m) => m.subject.includes("线索核查")).length === 2);
    const clueMails = smtp.received.filter((m) => m.subject.includes("线索核查"));
    expect(clueMails.map((m) => [m.to[0], m.subject]).sort()).toEqual(
      [
        [city.email, "【每周汇总】线索核查（南阳市）"],
        [wolong.email, "【每周汇总】线索核查（卧龙区）"],
      ].sort(),
    );
    const [notice] = await noticesOf(city.id);
    expect(notice.payload).toMatchObject({ open: 2, overdue: 1 });
    expect(notice.bodyText).toContain("在办线索 2 条，其中逾期未办结 1 条");
    // The sibling county has no open clue in its subtree and gets nothing; a second run records nothing.
    expect(await noticesOf(wancheng.id)).toEqual([]);
    expect(await runWeeklyDigest(h.deps, at9("2026-12-14"))).toMatchObject({ recorded: 0 });
  });
});

describe("the worker process", () => {
  it("starts, registers its schedules, and on SIGTERM finishes and exits cleanly", async () => {
    const smtp = await sink();
    const child = spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], {
      env: { ...process.env, SMTP_URL: smtp.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    await waitFor(() => output.includes("worker started"), 30_000);
    const h = await harness(smtp.url);
    const schedulers = (await h.queues.reminders.getJobSchedulers()).map((j) => j.key).sort();
    expect(schedulers).toEqual(["daily-sweep", "outbox-flush", "risk-nightly", "session-purge", "temp-sweep", "weekly-digest"]);
    const daily = (await h.queues.reminders.getJobSchedulers()).find((j) => j.key === "daily-sweep")!;
    expect(daily).toMatchObject({ pattern: "0 9 * * *", tz: "Asia/Shanghai" });
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    expect(output).toContain("SIGTERM");
  });
});

/** A Redis of our own on a free port, so restarting it disturbs nobody else. */
async function startPrivateRedis() {
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  let child: ChildProcess;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const socket = net.connect(port, "127.0.0.1", () => {
            socket.end();
            resolve(true);
          });
          socket.on("error", () => resolve(false));
        }),
    );
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, stop, restart: async () => (await stop(), await start()) };
}
