import { UnrecoverableError, type Job } from "bullmq";
import { claimEmail, markEmailFailed, markEmailSent } from "~/models/notification.server";
import { renderNoticeEmail } from "~/utils/mail.server";
import type { EmailJob } from "../queues";
import type { JobDeps } from "./deps";
import { isPermanentSmtpError } from "~/models/mail-outage.server";

/** Thrown when another sender holds the claim: BullMQ retries later, after the lease. */
export class ClaimedElsewhereError extends Error {}

/**
 * Send one notice's e-mail, exactly once in effect: claim it in PostgreSQL, send, and mark it
 * sent only after SMTP accepted it. A retry or a second worker finds it sent (or claimed) and
 * does nothing; a sender that died mid-way loses its claim after the lease.
 */
export async function processEmailJob(job: Job<EmailJob>, deps: JobDeps) {
  const claim = await claimEmail(deps.db, job.data.notificationId, deps.leaseSeconds);
  if (claim.outcome === "missing") throw new UnrecoverableError(`notification ${job.data.notificationId} does not exist`);
  if (claim.outcome === "done") return { skipped: true };
  if (claim.outcome === "busy") throw new ClaimedElsewhereError("another sender holds this e-mail");
  const { email } = claim;
  const { text, html } = renderNoticeEmail(email, deps.appUrl);
  try {
    await deps.mailer.sendMail({
      from: deps.mailFrom,
      to: { name: email.name, address: email.to },
      subject: email.subject,
      text,
      html,
      // The same notice always has the same Message-ID, so mail systems can drop a repeat.
      messageId: `<${email.id}@zicha.notice>`,
    });
  } catch (error) {
    const attempts = job.opts.attempts ?? 1;
    // A 5xx refusal ends the ladder at once: retrying cannot help (and is not taken back later).
    const isPermanent = isPermanentSmtpError(error);
    await markEmailFailed(deps.db, email.id, String((error as Error).message ?? error), isPermanent || job.attemptsMade + 1 >= attempts, {
      isPermanent,
      policy: deps.mailRetry,
    });
    if (isPermanent) throw new UnrecoverableError(String((error as Error).message ?? error));
    throw error;
  }
  await markEmailSent(deps.db, email.id);
  return { sent: true };
}
