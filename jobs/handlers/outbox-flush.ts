import type { JobDeps } from "./deps";
import { requeueOwedEmails } from "./enqueue-emails";
import { requeueOwedInvitations } from "./send-invitation";

/** Every 5 minutes: whatever the database still owes goes back on the queue (e.g. after a Redis restart). */
export async function runOutboxFlush(deps: JobDeps) {
  return { requeued: await requeueOwedEmails(deps), invitations: await requeueOwedInvitations(deps) };
}
