import { UnrecoverableError, type Job } from "bullmq";
import type { SendMailOptions } from "nodemailer";
import { claimEmail, markEmailFailed, markEmailSent } from "~/models/notification.server";
import { renderNoticeEmail } from "~/utils/mail.server";
import type { EmailJob } from "../queues";
import type { JobDeps } from "./deps";
import { isPermanentSmtpError, type MailRetryPolicy } from "~/models/mail-outage.server";

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
  await sendOrRecordFailure(
    job,
    deps,
    {
      from: deps.mailFrom,
      to: { name: email.name, address: email.to },
      subject: email.subject,
      text,
      html,
      // The same notice always has the same Message-ID, so mail systems can drop a repeat.
      messageId: `<${email.id}@zicha.notice>`,
    },
    (message, isFinal, options) => markEmailFailed(deps.db, email.id, message, isFinal, options),
  );
  await markEmailSent(deps.db, email.id);
  return { sent: true };
}

type RecordFailure = (message: string, isFinal: boolean, options: { isPermanent: boolean; policy?: MailRetryPolicy }) => Promise<unknown>;

/**
 * Send one claimed mail. A refusal is recorded (final after the job's last attempt, or at once for
 * a 5xx: retrying cannot help, and it is not taken back later) and thrown again for BullMQ.
 */
export async function sendOrRecordFailure(job: Job, deps: JobDeps, mail: SendMailOptions, recordFailure: RecordFailure) {
  try {
    await deps.mailer.sendMail(mail);
  } catch (error) {
    const attempts = job.opts.attempts ?? 1;
    const isPermanent = isPermanentSmtpError(error);
    await recordFailure(String((error as Error).message ?? error), isPermanent || job.attemptsMade + 1 >= attempts, {
      isPermanent,
      policy: deps.mailRetry,
    });
    if (isPermanent) throw new UnrecoverableError(String((error as Error).message ?? error));
    throw error;
  }
}
