import type { Executor } from "~db/client";
import { listUnsentEmailIds } from "~/models/notification.server";
import type { Queues } from "../queues";
import { enqueueEmails } from "../producers";
import type { JobDeps } from "./deps";

/** Queue again every e-mail still owed (pending, or claimed by a sender that died), page by page. */
export async function requeueOwedEmails(deps: JobDeps) {
  return requeueOwed(deps, listUnsentEmailIds, enqueueEmails);
}

/**
 * Page through the ids `listOwed` finds and queue each page with `enqueue`; the job-id suffix
 * changes once per lease, so a mail owed again after a lease is queued again.
 */
export async function requeueOwed(
  deps: JobDeps,
  listOwed: (exec: Executor, leaseSeconds: number, page: { afterId?: string }) => Promise<string[]>,
  enqueue: (queues: Queues, ids: string[], suffix: string) => Promise<unknown>,
) {
  const window = Math.floor(Date.now() / (deps.leaseSeconds * 1000));
  let total = 0;
  let afterId: string | undefined;
  for (;;) {
    const ids = await listOwed(deps.db, deps.leaseSeconds, { afterId });
    if (ids.length === 0) return total;
    await enqueue(deps.queues, ids, `-owed${window}`);
    total += ids.length;
    afterId = ids[ids.length - 1];
  }
}
