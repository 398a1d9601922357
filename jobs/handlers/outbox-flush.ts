import { DEFAULT_MAIL_RETRY, takeBackFailedEmails } from "~/models/mail-outage.server";
import type { JobDeps } from "./deps";
import { enqueueEmails, enqueueInvitations } from "../producers";
import { requeueOwedEmails } from "./enqueue-emails";
import { requeueOwedInvitations } from "./send-invitation";

/**
 * Every 5 minutes: whatever the database still owes goes back on the queue (e.g. after a Redis
 * restart), and failed mails whose cool-down is over are taken back (a mail outage:
 * docs/decisions/015). The round is part of the job id, so each take-back is a new job.
 */
export async function runOutboxFlush(deps: JobDeps) {
  const requeued = await requeueOwedEmails(deps);
  const invitations = await requeueOwedInvitations(deps);
  const taken = await takeBackFailedEmails(deps.db, deps.mailRetry ?? DEFAULT_MAIL_RETRY);
  for (const { id, round } of taken.notices) await enqueueEmails(deps.queues, [id], `-round${round}`);
  for (const { id, round } of taken.invitations) await enqueueInvitations(deps.queues, [id], `-round${round}`);
  return { requeued, invitations, takenBack: taken.notices.length + taken.invitations.length };
}
