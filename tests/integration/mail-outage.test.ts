// Mail outages (docs/decisions/015): SMTP down for longer than the whole retry ladder, then up
// again — every mail arrives exactly once with nobody doing anything; the admin is told while
// mail is failing, and can send every failed mail again at once. Times are shrunk (attempts
// 100 ms apart, a flush every 300 ms, cool-downs of 1–2 s) so the outage lasts seconds.
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { auditEvents, notifications } from "~db/schema";
import { processEmailJob } from "~jobs/handlers/send-email";
import { DEFAULT_JOB_OPTIONS } from "~jobs/queues";
import { startWorkers } from "~jobs/worker";
import { getMailHealth, takeBackFailedEmails, type MailRetryPolicy } from "~/models/mail-outage.server";
import { markEmailFailed, recordDueNotices } from "~/models/notification.server";
import * as adminQueuesRoute from "~/routes/admin_.queues";
import * as adminRoute from "~/routes/admin";
import { db } from "~/utils/db.server";
import { closeQueues, getQueues } from "~/utils/queue.server";
import { createTestJobDeps } from "../job-deps";
import { startSmtpSink } from "../setup/smtp";
import { createUser } from "../factories";
import { callAction, callLoader } from "../helpers";
import { openDemoCampaign } from "./fixtures";
import { waitFor as waitUntil } from "../wait";

const waitFor = (check: () => Promise<boolean> | boolean, timeoutMs = 30000) => waitUntil(check, timeoutMs, 100);

// Unset in scripts/test-cluster.sh: then the Redis Cluster of REDIS_CLUSTER_NODES.
const REDIS_URL = process.env.REDIS_URL;
const at9 = (date: string) => new Date(`${date}T09:00:00+08:00`);
const FAST: MailRetryPolicy = { cooldownSeconds: 1, maxCooldownSeconds: 2, maxAgeHours: 48 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A worker as `npm run worker` runs it (schedules included), with a short ladder and fast flush. */
async function startFastWorker(smtpUrl: string) {
  const { deps, close } = createTestJobDeps(`${smtpUrl}?pool=false`, {
    redisUrl: REDIS_URL,
    jobOptions: { ...DEFAULT_JOB_OPTIONS, attempts: 3, backoff: { type: "fixed", delay: 100 } },
    mailRetry: FAST,
  });
  const stop = await startWorkers(deps, REDIS_URL, { outboxFlushMs: 300 });
  cleanups.push(async () => {
    await stop();
    await close();
  });
  return deps;
}

const rows = () => db.select().from(notifications);

describe("a mail outage longer than the retry ladder", () => {
  it(
    "every mail arrives exactly once after SMTP comes back, with no manual step; the admin is told meanwhile",
    { timeout: 90_000 },
    async () => {
      const probe = await startSmtpSink();
      const port = probe.port;
      await probe.close(); // the mail server goes down
      const s = await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
      await recordDueNotices(db, at9("2026-12-07")); // 3 days before: the officers
      await recordDueNotices(db, at9("2026-12-13")); // overdue notices and the county escalation
      const admin = await createUser(db, "admin");
      const owed = (await rows()).filter((n) => n.emailStatus === "pending");
      expect(owed.length).toBeGreaterThanOrEqual(4);
      const deps = await startFastWorker(`smtp://127.0.0.1:${port}`);
      await deps.queues.reminders.add("flush", { type: "outbox-flush" }); // queue what is owed now

      // Down long enough that every mail ran through its whole ladder twice and is failed.
      await waitFor(
        async () =>
          (await rows()).every((n) => n.emailStatus !== "pending" || n.emailFailedRounds >= 2) &&
          (await rows()).some((n) => n.emailFailedRounds >= 2),
      );
      await waitFor(async () => (await rows()).filter((n) => n.emailFailedRounds >= 2).length === owed.length);
      const health = await getMailHealth(db);
      expect(health).toMatchObject({ isFailing: true, undeliveredCount: owed.length, retryingCount: owed.length });
      expect(health.lastError).toMatch(/ECONNREFUSED/);
      const page = await callLoader(adminRoute.loader, "/admin", { user: admin });
      expect(page.data.mailHealth).toMatchObject({ isFailing: true, undeliveredCount: owed.length });
      // Cool-downs grow with each round, up to the cap.
      const failed = (await rows()).filter((n) => n.emailStatus === "failed");
      for (const n of failed) expect(n.emailRetryAt!.getTime() - Date.now()).toBeLessThanOrEqual(FAST.maxCooldownSeconds * 1000 + 500);

      // The mail server comes back; nobody touches anything.
      const back = await startSmtpSink(port);
      cleanups.push(back.close);
      await waitFor(async () => (await rows()).filter((n) => n.emailStatus === "sent").length === owed.length, 30_000);
      await new Promise((r) => setTimeout(r, 1_000)); // any duplicate would arrive by now
      expect(back.received).toHaveLength(owed.length);
      expect(new Set(back.received.map((m) => m.messageId)).size).toBe(owed.length);
      expect(back.received.map((m) => m.messageId).sort()).toEqual(owed.map((n) => `<${n.id}@zicha.notice>`).sort());
      expect((await getMailHealth(db)).isFailing).toBe(false);
      void s;
    },
  );
});

describe("taking failed mails back", () => {
  it("waits for the cool-down, stops at the age limit, and never takes back a permanent refusal", async () => {
    await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    const ids = await recordDueNotices(db, at9("2026-12-07"));
    expect(ids.length).toBe(2);
    const [fresh, permanent] = ids;
    const fail = async (id: string, isPermanent: boolean) => {
      await db.execute(sql`update notifications set email_status = 'sending' where id = ${id}`);
      await markEmailFailed(db, id, isPermanent ? "550 mailbox unavailable" : "connect ECONNREFUSED", true, { isPermanent, policy: FAST });
    };
    await fail(fresh, false);
    await fail(permanent, true);
    expect(await takeBackFailedEmails(db, FAST)).toMatchObject({ notices: [] }); // cool-down not over
    await new Promise((r) => setTimeout(r, 1_100));
    const taken = await takeBackFailedEmails(db, FAST);
    expect(taken.notices).toEqual([{ id: fresh, round: 1 }]);
    const [permanentRow] = await db.select().from(notifications).where(eq(notifications.id, permanent));
    expect(permanentRow).toMatchObject({ emailStatus: "failed", emailRetryAt: null });
    // Past the age limit: failed stays failed (visible, for the admin's "retry all").
    await fail(fresh, false);
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await takeBackFailedEmails(db, { ...FAST, maxAgeHours: 0 })).notices).toEqual([]);
  });

  it("a 5xx answer ends the ladder at once and is not retried by itself", async () => {
    // A real SMTP server that refuses every recipient for good.
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo: (_address, _session, callback) => callback(Object.assign(new Error("5.1.1 mailbox unavailable"), { responseCode: 550 })),
    });
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => refusing.close(() => resolve())));
    const port = (refusing.server.address() as AddressInfo).port;
    const { deps, close } = createTestJobDeps(`smtp://127.0.0.1:${port}?pool=false`, { redisUrl: REDIS_URL, mailRetry: FAST });
    cleanups.push(close);
    await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    const [id] = await recordDueNotices(db, at9("2026-12-07"));
    const job = { data: { notificationId: id }, opts: { attempts: 6 }, attemptsMade: 0 } as never;
    await expect(processEmailJob(job, deps)).rejects.toThrow(/mailbox unavailable/);
    const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
    expect(row).toMatchObject({ emailStatus: "failed", emailAttempts: 1, emailRetryAt: null, emailFailedRounds: 1 });
  });
});

describe("retry all failed", () => {
  it("'全部重新发送' puts every failed mail back in one audited step; a repeat finds nothing", async () => {
    await openDemoCampaign({ selfCheckDueOn: "2026-12-10" });
    const admin = await createUser(db, "admin");
    const ids = await recordDueNotices(db, at9("2026-12-13"));
    await db.execute(
      sql`update notifications set email_status = 'failed', email_attempts = 6, email_last_error = '550 no' where email_status = 'pending'`,
    );
    const regulator = await createUser(db, "regulator", { regionCode: "411300" });
    expect((await callAction(adminQueuesRoute.action, "/admin/queues", { user: regulator, form: { intent: "retry-all" } })).status).toBe(
      403,
    );
    const done = await callAction(adminQueuesRoute.action, "/admin/queues", { user: admin, form: { intent: "retry-all" } });
    expect(done.status).toBe(302);
    expect((await rows()).every((n) => n.emailStatus === "pending")).toBe(true);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, "notification.email_retried_all"));
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ notices: ids.length, invitations: 0 });
    const queued = await getQueues().email.getJobs(["waiting", "delayed", "prioritized"]);
    expect(new Set(queued.map((j) => j.data.notificationId))).toEqual(new Set(ids));
    await callAction(adminQueuesRoute.action, "/admin/queues", { user: admin, form: { intent: "retry-all" } });
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, "notification.email_retried_all"))).toHaveLength(1);
    await getQueues().email.drain();
    await closeQueues();
  });
});
