// The in-app inbox (each user sees and changes only their own notices), the e-mail
// preference, and the admin's queue page with its "send again" for failed e-mails.
import { randomUUID } from "node:crypto";
import { Worker } from "bullmq";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditEvents, notifications, users } from "~db/schema";
import { createRedisConnection } from "~jobs/connection";
import { createQueues, jobIds, QUEUE_NAMES } from "~jobs/queues";
import { countUnread, listEmailProblems, listNotifications, markRead, retryEmail, type NotificationKind } from "~/models/inbox.server";
import * as adminQueuesRoute from "~/routes/admin_.queues";
import * as notificationsRoute from "~/routes/notifications";
import * as root from "~/root";
import { db } from "~/utils/db.server";
import { closeQueues, getQueues } from "~/utils/queue.server";
import { createInstitution, createUser } from "../factories";
import { callAction, callLoader } from "../helpers";

type User = Awaited<ReturnType<typeof createUser>>;
let alice: User;
let bob: User;
let admin: User;

const BASE_TIME = Date.parse("2026-03-02T01:00:00Z");
let sequence = 0;

type NoticeOverrides = Partial<typeof notifications.$inferInsert>;

async function insertNotice(recipientId: string, o: NoticeOverrides = {}) {
  const n = ++sequence;
  const [row] = await db
    .insert(notifications)
    .values({
      dedupeKey: `test-${randomUUID()}`,
      recipientId,
      kind: "due_soon" satisfies NotificationKind,
      subject: `通知 ${n}`,
      bodyText: `正文 ${n}`,
      linkPath: "/inst",
      // One minute apart, in insertion order, so "newest first" is well defined.
      createdAt: new Date(BASE_TIME + n * 60_000),
      emailStatus: "skipped",
      ...o,
    })
    .returning();
  return row;
}

async function readAtOf(id: string) {
  const [row] = await db.select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, id));
  return row.readAt;
}

beforeEach(async () => {
  const hospital = await createInstitution(db);
  alice = await createUser(db, "officer", { institutionId: hospital.id, name: "王医保" });
  bob = await createUser(db, "regulator", { regionCode: "411300", name: "市局经办" });
  admin = await createUser(db, "admin");
});

afterAll(async () => {
  await closeQueues();
});

describe("the inbox", () => {
  it("lists only the user's own notices, newest first, 20 to a page", async () => {
    const mine = [];
    for (let i = 0; i < 23; i++) mine.push(await insertNotice(alice.id));
    const bobs = await insertNotice(bob.id, { subject: "别人的通知" });

    const first = await listNotifications(db, alice.id, { page: 1 });
    expect(first.total).toBe(23);
    expect(first.pageCount).toBe(2);
    expect(first.rows).toHaveLength(20);
    expect(first.rows.map((r) => r.id)).toEqual(
      mine
        .slice(3)
        .reverse()
        .map((r) => r.id),
    );

    const second = await callLoader(notificationsRoute.loader, "/notifications?page=2", { user: alice });
    expect(second.status).toBe(200);
    expect(second.data.list.page).toBe(2);
    expect(second.data.list.rows.map((r: { id: string }) => r.id)).toEqual(
      mine
        .slice(0, 3)
        .reverse()
        .map((r) => r.id),
    );

    // A page past the end shows the last page; a nonsense page the first.
    expect((await listNotifications(db, alice.id, { page: 99 })).page).toBe(2);
    expect((await callLoader(notificationsRoute.loader, "/notifications?page=abc", { user: alice })).data.list.page).toBe(1);

    const bobsList = await callLoader(notificationsRoute.loader, "/notifications", { user: bob });
    expect(bobsList.data.list.rows.map((r: { id: string }) => r.id)).toEqual([bobs.id]);
  });

  it("needs a session; every role has one, admins included", async () => {
    expect((await callLoader(notificationsRoute.loader, "/notifications")).location).toBe(
      `/login?redirectTo=${encodeURIComponent("/notifications")}`,
    );
    expect((await callAction(notificationsRoute.action, "/notifications", { form: { intent: "read-all" } })).status).toBe(302);
    expect((await callLoader(notificationsRoute.loader, "/notifications", { user: admin })).status).toBe(200);
  });

  it("counts unread notices, and the root loader passes the count to the header", async () => {
    await insertNotice(alice.id);
    await insertNotice(alice.id);
    await insertNotice(alice.id, { readAt: new Date() });
    await insertNotice(bob.id);
    expect(await countUnread(db, alice.id)).toBe(2);
    expect(await countUnread(db, bob.id)).toBe(1);
    expect(await countUnread(db, admin.id)).toBe(0);

    const page = await callLoader(root.loader, "/inst", { user: alice });
    expect(page.data.unreadCount).toBe(2);
    expect((await callLoader(root.loader, "/login")).data.unreadCount).toBe(0);
  });

  it("marks only the user's own notices read; another user's id changes nothing", async () => {
    const own = await insertNotice(alice.id);
    const ownToo = await insertNotice(alice.id);
    const foreign = await insertNotice(bob.id);

    expect(await markRead(db, alice.id, [foreign.id])).toBe(0);
    expect(await readAtOf(foreign.id)).toBeNull();
    expect(await markRead(db, alice.id, [own.id, foreign.id, "not-a-uuid"])).toBe(1);
    expect(await readAtOf(own.id)).not.toBeNull();
    expect(await readAtOf(foreign.id)).toBeNull();

    expect(await markRead(db, alice.id, "all")).toBe(1);
    expect(await readAtOf(ownToo.id)).not.toBeNull();
    expect(await countUnread(db, alice.id)).toBe(0);
    expect(await countUnread(db, bob.id)).toBe(1);
  });

  it("'全部标为已读' marks the user's notices and says how many", async () => {
    await insertNotice(alice.id);
    await insertNotice(alice.id);
    const foreign = await insertNotice(bob.id);
    const result = await callAction(notificationsRoute.action, "/notifications", { user: alice, form: { intent: "read-all" } });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/notifications");
    expect(result.headers.get("Set-Cookie")).toContain("zicha_flash=");
    expect(await countUnread(db, alice.id)).toBe(0);
    expect(await readAtOf(foreign.id)).toBeNull();
  });

  it("'打开' marks the notice read and goes to its page", async () => {
    const notice = await insertNotice(alice.id, { linkPath: "/inst/assessments/abc?tab=items" });
    const result = await callAction(notificationsRoute.action, "/notifications", { user: alice, form: { intent: "open", id: notice.id } });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/inst/assessments/abc?tab=items");
    expect(await readAtOf(notice.id)).not.toBeNull();
  });

  it("never follows a link off the site", async () => {
    for (const linkPath of ["//evil.example", "https://evil.example/x", "/\\evil.example"]) {
      const notice = await insertNotice(alice.id, { linkPath });
      const result = await callAction(notificationsRoute.action, "/notifications", {
        user: alice,
        form: { intent: "open", id: notice.id },
      });
      expect(result.status).toBe(302);
      expect(result.location).toBe("/notifications");
    }
  });

  it("will not open another user's notice, nor a malformed request", async () => {
    const foreign = await insertNotice(bob.id, { linkPath: "/reg" });
    const result = await callAction(notificationsRoute.action, "/notifications", { user: alice, form: { intent: "open", id: foreign.id } });
    expect(result.status).toBe(404);
    expect(await readAtOf(foreign.id)).toBeNull();
    expect((await callAction(notificationsRoute.action, "/notifications", { user: alice, form: { intent: "open", id: "x" } })).status).toBe(
      400,
    );
    expect((await callAction(notificationsRoute.action, "/notifications", { user: alice, form: { intent: "delete-all" } })).status).toBe(
      400,
    );
  });

  it("saves the e-mail preference (an unticked box means no)", async () => {
    const wantsEmailOf = async (id: string) => (await db.select({ v: users.wantsEmail }).from(users).where(eq(users.id, id)))[0].v;
    expect((await callLoader(notificationsRoute.loader, "/notifications", { user: alice })).data.wantsEmail).toBe(true);

    const off = await callAction(notificationsRoute.action, "/notifications", { user: alice, form: { intent: "preferences" } });
    expect(off.status).toBe(302);
    expect(await wantsEmailOf(alice.id)).toBe(false);
    expect(await wantsEmailOf(bob.id)).toBe(true);
    expect((await callLoader(notificationsRoute.loader, "/notifications", { user: alice })).data.wantsEmail).toBe(false);

    await callAction(notificationsRoute.action, "/notifications", { user: alice, form: { intent: "preferences", wantsEmail: "on" } });
    expect(await wantsEmailOf(alice.id)).toBe(true);

    const tampered = await callAction(notificationsRoute.action, "/notifications", {
      user: alice,
      form: { intent: "preferences", wantsEmail: "yes" },
    });
    expect(tampered.status).toBe(400);
  });
});

describe("the admin's queue page", () => {
  it("shows each queue's counts to an admin only", async () => {
    const page = await callLoader(adminQueuesRoute.loader, "/admin/queues", { user: admin });
    expect(page.status).toBe(200);
    expect(page.data.queues.map((q: { name: string }) => q.name)).toEqual(["reminders", "email", "onboarding"]);
    for (const queue of page.data.queues) {
      expect(Object.keys(queue.counts).sort()).toEqual(["active", "completed", "delayed", "failed", "waiting"]);
      expect(queue.failedJobs).toEqual([]);
    }

    expect((await callLoader(adminQueuesRoute.loader, "/admin/queues", { user: alice })).status).toBe(403);
    expect((await callLoader(adminQueuesRoute.loader, "/admin/queues", { user: bob })).status).toBe(403);
    expect((await callLoader(adminQueuesRoute.loader, "/admin/queues")).status).toBe(302);
    const notice = await insertNotice(alice.id, { emailStatus: "failed", emailAttempts: 6 });
    const refused = await callAction(adminQueuesRoute.action, "/admin/queues", {
      user: bob,
      form: { intent: "retry-email", notificationId: notice.id },
    });
    expect(refused.status).toBe(403);
  });

  it("lists a failed job with its error", async () => {
    const added = await getQueues().reminders.add(
      "daily-sweep",
      { type: "daily-sweep" },
      { jobId: `inbox-test-${randomUUID()}`, attempts: 1 },
    );
    // Fail it the way a worker would, by hand (BullMQ's "manually processing jobs").
    const worker = new Worker(QUEUE_NAMES.reminders, null, {
      connection: createRedisConnection(process.env.REDIS_URL),
      prefix: getQueues().reminders.opts.prefix,
    });
    try {
      const job = await worker.getNextJob("inbox-test-token");
      expect(job?.id).toBe(added.id);
      await job!.moveToFailed(new Error("数据库连接超时"), "inbox-test-token");
    } finally {
      await worker.close();
    }
    const job = added;
    const page = await callLoader(adminQueuesRoute.loader, "/admin/queues", { user: admin });
    const reminders = page.data.queues.find((q: { name: string }) => q.name === "reminders");
    expect(reminders.counts.failed).toBeGreaterThanOrEqual(1);
    expect(reminders.failedJobs).toContainEqual(
      expect.objectContaining({ id: job.id, name: "daily-sweep", failedReason: "数据库连接超时" }),
    );
    await job.remove();
  });

  it("still renders, with the e-mail problems, when Redis cannot be reached", async () => {
    await insertNotice(alice.id, { emailStatus: "failed", emailAttempts: 6, emailLastError: "550 mailbox unavailable" });
    await closeQueues();
    const globals = globalThis as unknown as { __zichaQueues?: unknown };
    // Nothing listens on port 1: BullMQ would wait for the connection for ever.
    globals.__zichaQueues = createQueues(
      createRedisConnection("redis://127.0.0.1:1", { maxRetriesPerRequest: 1, enableOfflineQueue: false }),
    );
    // BullMQ logs every failed reconnect; keep the test output readable.
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const page = await callLoader(adminQueuesRoute.loader, "/admin/queues", { user: admin });
      expect(page.status).toBe(200);
      expect(page.data.queues).toBeNull();
      expect(page.data.emailProblems.total).toBe(1);
      expect(quiet).toHaveBeenCalledWith("queue overview unavailable", expect.anything());
      const notice = await insertNotice(alice.id, { emailStatus: "failed", emailAttempts: 6 });
      // Nothing is changed while the job cannot be queued: the row stays listed for a later try.
      expect(await retryEmail(db, getQueues(), notice.id, admin.id)).toEqual({ ok: false, reason: "queue-unavailable" });
      const [row] = await db.select().from(notifications).where(eq(notifications.id, notice.id));
      expect(row.emailStatus).toBe("failed");
    } finally {
      await closeQueues();
      quiet.mockRestore();
    }
  });

  it("lists failed and stuck e-mails with their recipient, and no others", async () => {
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    const failed = await insertNotice(alice.id, { emailStatus: "failed", emailAttempts: 6, emailLastError: "550 mailbox unavailable" });
    const stale = await insertNotice(bob.id, { emailStatus: "sending", emailAttempts: 1, emailClaimedAt: minutesAgo(11) });
    await insertNotice(bob.id, { emailStatus: "sending", emailAttempts: 1, emailClaimedAt: minutesAgo(2) });
    await insertNotice(alice.id, { emailStatus: "sent", emailSentAt: new Date(), emailAttempts: 1 });
    await insertNotice(alice.id, { emailStatus: "pending" });

    const problems = await listEmailProblems(db);
    expect(problems.total).toBe(2);
    expect(problems.rows.map((r) => r.id)).toEqual([stale.id, failed.id]);
    expect(problems.rows[1]).toMatchObject({
      recipientEmail: alice.email,
      recipientName: "王医保",
      kind: "due_soon",
      subject: failed.subject,
      emailStatus: "failed",
      emailAttempts: 6,
      emailLastError: "550 mailbox unavailable",
    });
  });

  it("sends a failed e-mail again: pending, audited, queued", async () => {
    const notice = await insertNotice(alice.id, { emailStatus: "failed", emailAttempts: 6, emailLastError: "550 mailbox unavailable" });
    const before = Date.now();
    const result = await retryEmail(db, getQueues(), notice.id, admin.id);
    expect(result).toEqual({ ok: true, isQueued: true });

    const [row] = await db.select().from(notifications).where(eq(notifications.id, notice.id));
    expect(row.emailStatus).toBe("pending");
    expect(row.emailClaimedAt).toBeNull();

    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "notification"), eq(auditEvents.entityId, notice.id)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "notification.email_retried", actorUserId: admin.id });
    expect(events[0].before).toMatchObject({ emailStatus: "failed", emailAttempts: 6 });

    const jobs = await getQueues().email.getJobs(["waiting", "prioritized", "delayed"]);
    const job = jobs.find((j) => j.data.notificationId === notice.id);
    expect(job).toBeDefined();
    expect(job!.id).toMatch(new RegExp(`^${jobIds.email(notice.id)}-retry-\\d+$`));
    expect(Number(job!.id!.split("-retry-")[1])).toBeGreaterThanOrEqual(before);
    await job!.remove();
  });

  it("sends a stuck e-mail again too, but refuses a sent one or an unknown id", async () => {
    const stale = await insertNotice(bob.id, {
      emailStatus: "sending",
      emailAttempts: 1,
      emailClaimedAt: new Date(Date.now() - 11 * 60_000),
    });
    const fresh = await insertNotice(bob.id, { emailStatus: "sending", emailAttempts: 1, emailClaimedAt: new Date() });
    const sent = await insertNotice(alice.id, { emailStatus: "sent", emailSentAt: new Date(), emailAttempts: 1 });

    expect(await retryEmail(db, getQueues(), sent.id, admin.id)).toEqual({ ok: false, reason: "not-found" });
    expect(await retryEmail(db, getQueues(), fresh.id, admin.id)).toEqual({ ok: false, reason: "not-found" });
    expect(await retryEmail(db, getQueues(), randomUUID(), admin.id)).toEqual({ ok: false, reason: "not-found" });
    expect(await retryEmail(db, getQueues(), "nonsense", admin.id)).toEqual({ ok: false, reason: "not-found" });
    const [sentRow] = await db.select().from(notifications).where(eq(notifications.id, sent.id));
    expect(sentRow.emailStatus).toBe("sent");
    const [freshRow] = await db.select().from(notifications).where(eq(notifications.id, fresh.id));
    expect(freshRow.emailStatus).toBe("sending");
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, "notification.email_retried"))).toHaveLength(0);

    expect(await retryEmail(db, getQueues(), stale.id, admin.id)).toEqual({ ok: true, isQueued: true });
    const [staleRow] = await db.select().from(notifications).where(eq(notifications.id, stale.id));
    expect(staleRow).toMatchObject({ emailStatus: "pending", emailClaimedAt: null });
    await getQueues().email.drain();
  });

  it("'重新发送' on the page retries and comes back with a message", async () => {
    const notice = await insertNotice(alice.id, { emailStatus: "failed", emailAttempts: 6 });
    const result = await callAction(adminQueuesRoute.action, "/admin/queues?page=1", {
      user: admin,
      form: { intent: "retry-email", notificationId: notice.id },
    });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/admin/queues?page=1");
    expect(result.headers.get("Set-Cookie")).toContain("zicha_flash=");
    const [row] = await db.select().from(notifications).where(eq(notifications.id, notice.id));
    expect(row.emailStatus).toBe("pending");

    const again = await callAction(adminQueuesRoute.action, "/admin/queues", {
      user: admin,
      form: { intent: "retry-email", notificationId: notice.id },
    });
    expect(again.status).toBe(302);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.entityId, notice.id))).toHaveLength(1);
    await getQueues().email.drain();
  });
});
