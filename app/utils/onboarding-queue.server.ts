// The web process's side of onboarding jobs: start a roster import, queue invitation e-mails.
import { enqueueInvitations } from "~jobs/handlers/send-invitation";
import { jobIds } from "~jobs/queues";
import { getQueues } from "~/utils/queue.server";

async function withTimeout<T>(run: Promise<T>, timeoutMs = 3_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      run,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Hand a started import to the worker; false when the queue is unreachable (the caller reverts). */
export async function enqueueRosterImport(importId: string, startedAt: Date): Promise<boolean> {
  try {
    await withTimeout(
      getQueues().onboarding.add(
        "roster-import",
        { type: "roster-import", importId },
        { jobId: jobIds.rosterImport(importId, startedAt), attempts: 1 },
      ),
    );
    return true;
  } catch (error) {
    console.error("could not enqueue a roster import", error);
    return false;
  }
}

/**
 * Queue invitation e-mails after the transaction that made them committed. If Redis is away the
 * invitations stay pending in PostgreSQL and the 5-minute outbox flush queues them.
 */
export async function enqueueInvitationEmails(invitationIds: string[]) {
  try {
    await withTimeout(enqueueInvitations(getQueues(), invitationIds));
  } catch (error) {
    console.error("could not enqueue invitation e-mails", error);
  }
}
