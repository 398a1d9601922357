// A user's own notices (the in-app inbox and the e-mail preference), and the admin's view of
// e-mail delivery problems and the job queues. Every inbox query filters by the acting user's
// id: a notice is only ever read or changed by its recipient.
import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { notifications, users } from "~db/schema";
import { QUEUE_NAMES, type Queues } from "~jobs/queues";
import { enqueueEmailRetry } from "~jobs/producers";
import type { Executor } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { getMailHealth } from "~/models/mail-outage.server";
import { recordAudit } from "~/models/audit.server";

export const INBOX_PAGE_SIZE = 20;
export const EMAIL_PROBLEMS_PAGE_SIZE = 20;
/** A claim older than this means the sender died mid-send; the admin may send it again. */
export const STALE_SENDING_MINUTES = 10;

export type NotificationKind = (typeof notifications.kind.enumValues)[number];

function pageOf(total: number, requested: number | undefined, pageSize: number) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(requested ?? 1) || 1), pageCount);
  return { page, pageCount, offset: (page - 1) * pageSize };
}

/** The user's notices, newest first. */
export async function listNotifications(exec: Executor, userId: string, options: { page?: number } = {}) {
  const mine = eq(notifications.recipientId, userId);
  const [{ total }] = await exec
    .select({ total: sql<number>`count(*)::int` })
    .from(notifications)
    .where(mine);
  const { page, pageCount, offset } = pageOf(total, options.page, INBOX_PAGE_SIZE);
  const rows = await exec
    .select({
      id: notifications.id,
      kind: notifications.kind,
      subject: notifications.subject,
      bodyText: notifications.bodyText,
      linkPath: notifications.linkPath,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      isEscalation: notifications.isEscalation,
    })
    .from(notifications)
    .where(mine)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(INBOX_PAGE_SIZE)
    .offset(offset);
  return { rows, total, page, pageCount };
}

export async function countUnread(exec: Executor, userId: string, provinceCode?: string): Promise<number> {
  const [{ count }] = await exec
    .select({ count: sql<number>`count(*)::int` })
    .from(notifications)
    .where(
      and(
        provinceCode ? eq(notifications.provinceCode, provinceCode) : undefined,
        eq(notifications.recipientId, userId),
        isNull(notifications.readAt),
      ),
    );
  return count;
}

/**
 * Mark the user's own notices read; ids of other users' notices (or malformed ids) are
 * ignored, never touched. Returns how many notices changed.
 */
export async function markRead(exec: Executor, userId: string, ids: string[] | "all"): Promise<number> {
  const conditions = [eq(notifications.recipientId, userId), isNull(notifications.readAt)];
  if (ids !== "all") {
    const valid = ids.filter((id) => isUuid(id));
    if (valid.length === 0) return 0;
    conditions.push(inArray(notifications.id, valid));
  }
  const changed = await exec
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(...conditions))
    .returning({ id: notifications.id });
  return changed.length;
}

/** Mark one of the user's notices read and return where it points; null if it is not theirs. */
export async function openNotification(exec: Executor, userId: string, notificationId: string): Promise<{ linkPath: string } | null> {
  if (!isUuid(notificationId)) return null;
  const [row] = await exec
    .select({ linkPath: notifications.linkPath })
    .from(notifications)
    .where(and(eq(notifications.id, notificationId), eq(notifications.recipientId, userId)));
  if (!row) return null;
  await markRead(exec, userId, [notificationId]);
  return row;
}

async function getWantsEmail(exec: Executor, userId: string): Promise<boolean> {
  const [row] = await exec.select({ wantsEmail: users.wantsEmail }).from(users).where(eq(users.id, userId));
  return row?.wantsEmail ?? true;
}

/** Ordinary notices by e-mail or not; escalations are e-mailed regardless (the sender decides). */
export async function setWantsEmail(exec: Executor, userId: string, wantsEmail: boolean) {
  await exec.update(users).set({ wantsEmail }).where(eq(users.id, userId));
}

// ---------------------------------------------------------------------------------------------
// Admin: e-mail delivery problems

const staleClaim = () => sql`now() - make_interval(mins => ${STALE_SENDING_MINUTES})`;

/** Failed e-mails, and e-mails claimed for sending long ago and never finished. */
const hasEmailProblem = () =>
  or(
    eq(notifications.emailStatus, "failed"),
    and(eq(notifications.emailStatus, "sending"), lt(notifications.emailClaimedAt, staleClaim())),
  );

export async function listEmailProblems(exec: Executor, options: { page?: number } = {}) {
  const where = hasEmailProblem();
  const [{ total }] = await exec
    .select({ total: sql<number>`count(*)::int` })
    .from(notifications)
    .where(where);
  const { page, pageCount, offset } = pageOf(total, options.page, EMAIL_PROBLEMS_PAGE_SIZE);
  const rows = await exec
    .select({
      id: notifications.id,
      recipientEmail: users.email,
      recipientName: users.name,
      kind: notifications.kind,
      subject: notifications.subject,
      emailStatus: notifications.emailStatus,
      emailAttempts: notifications.emailAttempts,
      emailLastError: notifications.emailLastError,
      emailClaimedAt: notifications.emailClaimedAt,
      emailRetryAt: notifications.emailRetryAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.recipientId))
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(EMAIL_PROBLEMS_PAGE_SIZE)
    .offset(offset);
  return { rows, total, page, pageCount };
}

export type RetryEmailResult = { ok: true; isQueued: boolean } | { ok: false; reason: "not-found" | "queue-unavailable" };

/**
 * Put a failed (or stale "sending") e-mail back to pending and queue it again. The state
 * change and its audit event commit together; the job is added only after the commit, so the
 * worker never finds the notice not yet pending. Redis is asked first: while it is away the
 * notice is left as it is (still listed, so the admin can try again). Should Redis go away
 * between that check and the add, the notice stays pending (isQueued: false).
 * The job id is new on every retry: the notice's first job id may still sit in the failed set.
 * Call with `db`, not inside an outer transaction.
 */
export async function retryEmail(
  exec: Executor,
  queues: Pick<Queues, "email">,
  notificationId: string,
  adminUserId: string,
): Promise<RetryEmailResult> {
  if (!isUuid(notificationId)) return { ok: false, reason: "not-found" };
  try {
    await withTimeout(queues.email.getJobCounts("waiting"), QUEUE_TIMEOUT_MS);
  } catch {
    return { ok: false, reason: "queue-unavailable" };
  }
  const reset = await exec.transaction(async (tx) => {
    const [before] = await tx
      .select({
        id: notifications.id,
        emailStatus: notifications.emailStatus,
        emailAttempts: notifications.emailAttempts,
        emailLastError: notifications.emailLastError,
        emailClaimedAt: notifications.emailClaimedAt,
      })
      .from(notifications)
      .where(and(eq(notifications.id, notificationId), hasEmailProblem()))
      .for("update");
    if (!before) return null;
    await tx.update(notifications).set({ emailStatus: "pending", emailClaimedAt: null }).where(eq(notifications.id, notificationId));
    await recordAudit(tx, {
      actorUserId: adminUserId,
      action: "notification.email_retried",
      entityType: "notification",
      entityId: notificationId,
      before,
      after: { emailStatus: "pending", emailClaimedAt: null },
    });
    return before;
  });
  if (!reset) return { ok: false, reason: "not-found" };
  try {
    await withTimeout(enqueueEmailRetry(queues, notificationId, new Date()), QUEUE_TIMEOUT_MS);
    return { ok: true, isQueued: true };
  } catch (error) {
    console.error("could not enqueue the e-mail retry", notificationId, error);
    return { ok: true, isQueued: false };
  }
}

// ---------------------------------------------------------------------------------------------
// Admin: queue overview

/**
 * BullMQ waits for the connection to become ready before a command, and ioredis keeps
 * reconnecting forever, so a call against an unreachable Redis never settles by itself.
 */
export const QUEUE_TIMEOUT_MS = 3_000;

export class QueueUnavailableError extends Error {
  constructor(cause?: unknown) {
    super("the job queue (Redis) did not answer", { cause });
    this.name = "QueueUnavailableError";
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } catch (error) {
    throw error instanceof QueueUnavailableError ? error : new QueueUnavailableError(error);
  } finally {
    clearTimeout(timer);
  }
}

export const JOB_COUNT_TYPES = ["waiting", "active", "delayed", "failed", "completed"] as const;
export type JobCountType = (typeof JOB_COUNT_TYPES)[number];
export type QueueName = keyof typeof QUEUE_NAMES;

export type QueueOverview = {
  name: QueueName;
  counts: Record<JobCountType, number>;
  failedJobs: {
    id: string | null;
    name: string;
    failedReason: string;
    attemptsMade: number;
    timestamp: number;
    finishedOn: number | null;
  }[];
};

/** Job counts and the latest failed jobs of both queues; throws QueueUnavailableError if Redis does not answer. */
async function getQueueOverview(queues: Queues, options: { timeoutMs?: number } = {}): Promise<QueueOverview[]> {
  const names = Object.keys(QUEUE_NAMES) as QueueName[];
  return withTimeout(
    Promise.all(
      names.map(async (name): Promise<QueueOverview> => {
        const queue = queues[name];
        const [counts, failed] = await Promise.all([queue.getJobCounts(...JOB_COUNT_TYPES), queue.getFailed(0, 19)]);
        return {
          name,
          counts: Object.fromEntries(JOB_COUNT_TYPES.map((type) => [type, counts[type] ?? 0])) as Record<JobCountType, number>,
          // A job removed between the two reads comes back empty.
          failedJobs: failed.filter(Boolean).map((job) => ({
            id: job.id ?? null,
            name: job.name,
            failedReason: job.failedReason ?? "",
            attemptsMade: job.attemptsMade,
            timestamp: job.timestamp,
            finishedOn: job.finishedOn ?? null,
          })),
        };
      }),
    ),
    options.timeoutMs ?? QUEUE_TIMEOUT_MS,
  );
}

/** A user's notification page: one page of notices, the unread count, the e-mail preference. */
export async function getInboxPage(exec: Executor, userId: string, options: { page?: number } = {}) {
  const [list, unread, wantsEmail] = await Promise.all([
    listNotifications(exec, userId, options),
    countUnread(exec, userId),
    getWantsEmail(exec, userId),
  ]);
  return { list, unread, wantsEmail };
}

/** The admin's queue page: mails that failed or hang, each queue's counts, and mail health. */
export async function getQueuesPage(exec: Executor, queues: Queues, options: { page?: number; timeoutMs?: number } = {}) {
  const [emailProblems, queueOverview, mailHealth] = await Promise.all([
    listEmailProblems(exec, { page: options.page }),
    // The page still shows the e-mail problems (they live in PostgreSQL) when Redis is away.
    getQueueOverview(queues, { timeoutMs: options.timeoutMs }).catch((error: unknown) => {
      console.error("queue overview unavailable", error);
      return null;
    }),
    getMailHealth(exec),
  ]);
  return { emailProblems, queues: queueOverview, mailHealth };
}
