// Queue names, payloads and job options: the contract between the web process (producer)
// and the worker. Payloads carry ids only, never personal data.
import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";

export const QUEUE_NAMES = { reminders: "reminders", email: "email", onboarding: "onboarding" } as const;

export type ReminderJob =
  | { type: "daily-sweep"; at?: string }
  | { type: "weekly-digest"; at?: string }
  | { type: "campaign-opened"; campaignId: string }
  | { type: "assessment-decided"; assessmentId: string; version: number }
  | { type: "outbox-flush" }
  | { type: "risk-nightly"; at?: string }
  | { type: "temp-sweep"; at?: string }
  | { type: "session-purge"; at?: string };

export type EmailJob = { notificationId: string };

/** Roster imports and invitation e-mails (the token is made at send time, never in the payload). */
export type OnboardingJob = { type: "roster-import"; importId: string } | { type: "invitation"; invitationId: string };

/** Every job retries with exponential backoff; finished jobs are kept a bounded while. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
};

/** Queue key prefix: one per deployment (and one per test run, so tests never share keys). */
export function queuePrefix() {
  return process.env.QUEUE_PREFIX ?? "zicha";
}

export function createQueues(connection: ConnectionOptions, prefix = queuePrefix(), jobOptions: JobsOptions = DEFAULT_JOB_OPTIONS) {
  return {
    reminders: new Queue<ReminderJob>(QUEUE_NAMES.reminders, { connection, prefix, defaultJobOptions: jobOptions }),
    email: new Queue<EmailJob>(QUEUE_NAMES.email, { connection, prefix, defaultJobOptions: jobOptions }),
    onboarding: new Queue<OnboardingJob>(QUEUE_NAMES.onboarding, { connection, prefix, defaultJobOptions: jobOptions }),
  };
}
export type Queues = ReturnType<typeof createQueues>;

/** Deterministic ids (no ':' — BullMQ reserves it), so a repeated enqueue is a no-op. */
export const jobIds = {
  email: (notificationId: string) => `email-${notificationId}`,
  campaignOpened: (campaignId: string) => `campaign-opened-${campaignId}`,
  decided: (assessmentId: string, version: number) => `decided-${assessmentId}-v${version}`,
  invitation: (invitationId: string) => `invitation-${invitationId}`,
  /** Per start: an import that failed may be started again. */
  rosterImport: (importId: string, startedAt: Date) => `roster-import-${importId}-${startedAt.getTime()}`,
};
