import type { Job } from "bullmq";
import {
  listUnsentEmailIds,
  recordCampaignOpened,
  recordDecision,
  recordDueNotices,
  recordWeeklyDigest,
} from "../../app/models/notification.server";
import { jobIds, type Queues, type ReminderJob } from "../queues";
import type { JobDeps } from "./deps";

const BATCH = 1_000;

/**
 * Queue the e-mail of each notice, in batches; the job id makes a repeat a no-op. Re-queuing
 * what the database still owes uses a per-window suffix: an older job under the plain id may be
 * finished or dead, and BullMQ would ignore a new job under the same id.
 */
export async function enqueueEmails(queues: Queues, notificationIds: string[], suffix = "") {
  for (let i = 0; i < notificationIds.length; i += BATCH) {
    await queues.email.addBulk(
      notificationIds.slice(i, i + BATCH).map((notificationId) => ({ name: "send", data: { notificationId }, opts: { jobId: `${jobIds.email(notificationId)}${suffix}` } })),
    );
  }
}

/** Queue again every e-mail still owed (pending, or claimed by a sender that died). */
async function requeueOwedEmails(deps: JobDeps) {
  const window = Math.floor(Date.now() / (deps.leaseSeconds * 1000));
  await enqueueEmails(deps.queues, await listUnsentEmailIds(deps.db, deps.leaseSeconds), `-owed${window}`);
}

/**
 * One reminder job: record the notices it stands for, then queue their e-mails. Anything the
 * database still owes (e.g. jobs lost with a Redis restart) is queued again by every sweep.
 */
export async function processReminderJob(job: Job<ReminderJob>, deps: JobDeps) {
  const data = job.data;
  const at = "at" in data && data.at ? new Date(data.at) : new Date();
  let ids: string[];
  switch (data.type) {
    case "daily-sweep":
      ids = await recordDueNotices(deps.db, at);
      await requeueOwedEmails(deps);
      return { recorded: ids.length };
    case "weekly-digest":
      ids = await recordWeeklyDigest(deps.db, at);
      break;
    case "campaign-opened":
      ids = await recordCampaignOpened(deps.db, data.campaignId);
      break;
    case "assessment-decided":
      ids = await recordDecision(deps.db, data.assessmentId, data.version);
      break;
    case "outbox-flush":
      await requeueOwedEmails(deps);
      return { recorded: 0 };
  }
  await enqueueEmails(deps.queues, ids);
  return { recorded: ids.length };
}
