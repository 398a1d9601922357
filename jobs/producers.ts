// Every job the system enqueues, in one place: its queue, name, payload (typed by jobs/queues.ts)
// and job id. Ids are a function of the arguments only (no ':' — BullMQ reserves it), so a
// repeated call is a no-op; where a job must run again after an earlier one with the same id
// finished or died, the caller passes what makes the new one distinct (a re-queue window, a
// take-back round, the time of an admin's retry). Producers take the queues they add to: the
// web process passes its own through ~/utils/queue.server (which also bounds how long a request
// waits for Redis), the worker passes the queues in its JobDeps. Recurring jobs (BullMQ job
// schedulers) are at the end. docs/decisions/020-page-calls-stored-files-producers.md.
import { jobIds, type Queues, type ReminderJob } from "./queues";

const BATCH = 1_000;

/** A campaign was opened: its notices (and their e-mails) are recorded by the worker. */
export async function enqueueCampaignOpened(queues: Pick<Queues, "reminders">, campaignId: string) {
  await queues.reminders.add("campaign-opened", { type: "campaign-opened", campaignId }, { jobId: jobIds.campaignOpened(campaignId) });
}

/** A submitted version was accepted or returned: the institution is told. */
export async function enqueueAssessmentDecided(queues: Pick<Queues, "reminders">, assessmentId: string, version: number) {
  await queues.reminders.add(
    "assessment-decided",
    { type: "assessment-decided", assessmentId, version },
    { jobId: jobIds.decided(assessmentId, version) },
  );
}

/** A started roster import, run once by the worker (an import that failed may be started again: the id carries the start). */
export async function enqueueRosterImport(queues: Pick<Queues, "onboarding">, importId: string, startedAt: Date) {
  await queues.onboarding.add(
    "roster-import",
    { type: "roster-import", importId },
    { jobId: jobIds.rosterImport(importId, startedAt), attempts: 1 },
  );
}

/** An uploaded clue batch, read and validated by the worker (retried: validation writes only its own row). */
export async function enqueueClueValidate(queues: Pick<Queues, "onboarding">, importId: string) {
  await queues.onboarding.add("clue-validate", { type: "clue-validate", importId }, { jobId: jobIds.clueValidate(importId), attempts: 3 });
}

/** A started clue batch import, run once by the worker (a failed import may be started again: the id carries the start). */
export async function enqueueClueImport(queues: Pick<Queues, "onboarding">, importId: string, startedAt: Date) {
  await queues.onboarding.add(
    "clue-import",
    { type: "clue-import", importId },
    { jobId: jobIds.clueImport(importId, startedAt), attempts: 1 },
  );
}

/**
 * The e-mail of each notice, in batches. Re-queuing what the database still owes passes a
 * suffix (`-owed<window>`, `-round<n>`, `-retryall-<time>`): an older job under the plain id may
 * be finished or dead, and BullMQ would ignore a new job under the same id.
 */
export async function enqueueEmails(queues: Pick<Queues, "email">, notificationIds: string[], suffix = "") {
  for (let i = 0; i < notificationIds.length; i += BATCH) {
    await queues.email.addBulk(
      notificationIds
        .slice(i, i + BATCH)
        .map((notificationId) => ({ name: "send", data: { notificationId }, opts: { jobId: `${jobIds.email(notificationId)}${suffix}` } })),
    );
  }
}

/** An admin's retry of one notice's e-mail: a new job (the first may sit in the failed set), named by the retry's time. */
export async function enqueueEmailRetry(queues: Pick<Queues, "email">, notificationId: string, retriedAt: Date) {
  await queues.email.add("send", { notificationId }, { jobId: `${jobIds.email(notificationId)}-retry-${retriedAt.getTime()}` });
}

/** Invitation and password-reset e-mails, in batches (the token is made when the worker sends, never in the payload). */
export async function enqueueInvitations(queues: Pick<Queues, "onboarding">, invitationIds: string[], suffix = "") {
  for (let i = 0; i < invitationIds.length; i += BATCH) {
    await queues.onboarding.addBulk(
      invitationIds.slice(i, i + BATCH).map((invitationId) => ({
        name: "invitation",
        data: { type: "invitation" as const, invitationId },
        opts: { jobId: `${jobIds.invitation(invitationId)}${suffix}` },
      })),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Recurring jobs: BullMQ job schedulers in Asia/Shanghai time (upsert: idempotent on every start).

export const SCHEDULES = {
  /** 09:00 every day: reminders 7/3/1 days ahead, overdue notices, escalations. */
  dailySweep: { pattern: "0 9 * * *", tz: "Asia/Shanghai" },
  /** Monday 09:00: the regulators' weekly digest. */
  weeklyDigest: { pattern: "0 9 * * 1", tz: "Asia/Shanghai" },
  /** Every 5 minutes: queue again any e-mail the database still owes (e.g. after a Redis restart). */
  outboxFlush: { every: 5 * 60 * 1000 },
  /** 02:30 every day: recompute every institution's risk score (e.g. rectifications falling due). */
  riskNightly: { pattern: "30 2 * * *", tz: "Asia/Shanghai" },
  /** Every hour: remove upload temp files a crash left behind (untouched for an hour). */
  tempSweep: { every: 60 * 60 * 1000 },
  /** 03:15 every day: delete expired sessions (idle or past their 12-hour absolute end). */
  sessionPurge: { pattern: "15 3 * * *", tz: "Asia/Shanghai" },
};

type ScheduledType = Extract<
  ReminderJob["type"],
  "daily-sweep" | "weekly-digest" | "outbox-flush" | "risk-nightly" | "temp-sweep" | "session-purge"
>;

/** OUTBOX_FLUSH_SECONDS overrides the 5-minute flush (tests of mail outages run it every second). */
export async function upsertSchedulers(queues: Pick<Queues, "reminders">, options: { outboxFlushMs?: number } = {}) {
  const schedule = (type: ScheduledType, repeat: { pattern: string; tz: string } | { every: number }) =>
    queues.reminders.upsertJobScheduler(type, repeat, { name: type, data: { type } });
  await schedule("daily-sweep", SCHEDULES.dailySweep);
  await schedule("weekly-digest", SCHEDULES.weeklyDigest);
  await schedule("outbox-flush", options.outboxFlushMs ? { every: options.outboxFlushMs } : SCHEDULES.outboxFlush);
  await schedule("risk-nightly", SCHEDULES.riskNightly);
  await schedule("temp-sweep", SCHEDULES.tempSweep);
  await schedule("session-purge", SCHEDULES.sessionPurge);
}
