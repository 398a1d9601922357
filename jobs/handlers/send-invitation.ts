import { UnrecoverableError, type Job } from "bullmq";
import {
  claimInvitationEmail,
  listUnsentInvitationIds,
  markInvitationFailed,
  markInvitationSent,
  renderInvitationEmail,
} from "~/models/invitation.server";
import { renderNoticeEmail } from "~/utils/mail.server";
import { msgs } from "~/utils/i18n";
import type { OnboardingJob } from "../queues";
import { enqueueInvitations } from "../producers";
import { requeueOwed } from "./enqueue-emails";
import { ClaimedElsewhereError, sendOrRecordFailure } from "./send-email";
import type { JobDeps } from "./deps";

/**
 * Send one invitation (or password reset) e-mail, exactly once in effect (as send-email does for notices): claim it
 * in PostgreSQL — which also makes the link's token and stores only its hash — send, and mark it
 * sent once SMTP accepted it. The token lives in this function and the e-mail, nowhere else.
 */
export async function processInvitationJob(job: Job<OnboardingJob>, deps: JobDeps, invitationId: string) {
  const claim = await claimInvitationEmail(deps.db, invitationId, deps.leaseSeconds);
  if (claim.outcome === "missing") throw new UnrecoverableError(`invitation ${invitationId} does not exist`);
  if (claim.outcome === "done") return { skipped: true };
  if (claim.outcome === "busy") throw new ClaimedElsewhereError("another sender holds this invitation");
  const { email, token } = claim;
  const notice = renderInvitationEmail(email, token);
  const linkLabel = email.purpose === "reset" ? msgs().accounts.resetEmail.linkLabel : msgs().roster.invitation.linkLabel;
  const { text, html } = renderNoticeEmail(notice, deps.appUrl, linkLabel);
  await sendOrRecordFailure(
    job,
    deps,
    {
      from: deps.mailFrom,
      to: { name: email.name, address: email.to },
      subject: notice.subject,
      text,
      html,
      // One id per invitation and claim: a repeat of the same mail can be dropped by mail systems,
      // while a taken-over send (new token) is a different mail.
      messageId: `<${email.purpose === "reset" ? "reset" : "invitation"}-${email.id}-${email.attempt}@zicha.invite>`,
    },
    (message, isFinal, options) => markInvitationFailed(deps.db, email.id, message, isFinal, options),
  );
  await markInvitationSent(deps.db, email.id);
  return { sent: true };
}

/** Queue again every invitation e-mail still owed (e.g. Redis was away when it was made). */
export async function requeueOwedInvitations(deps: JobDeps) {
  return requeueOwed(deps, listUnsentInvitationIds, enqueueInvitations);
}
