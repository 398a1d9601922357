import { listUnsentEmailIds } from "~/models/notification.server";
import { jobIds, type Queues } from "../queues";
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
      notificationIds
        .slice(i, i + BATCH)
        .map((notificationId) => ({ name: "send", data: { notificationId }, opts: { jobId: `${jobIds.email(notificationId)}${suffix}` } })),
    );
  }
}

/** Queue again every e-mail still owed (pending, or claimed by a sender that died), page by page. */
export async function requeueOwedEmails(deps: JobDeps) {
  const window = Math.floor(Date.now() / (deps.leaseSeconds * 1000));
  let total = 0;
  let afterId: string | undefined;
  for (;;) {
    const ids = await listUnsentEmailIds(deps.db, deps.leaseSeconds, { afterId });
    if (ids.length === 0) return total;
    await enqueueEmails(deps.queues, ids, `-owed${window}`);
    total += ids.length;
    afterId = ids[ids.length - 1];
  }
}
