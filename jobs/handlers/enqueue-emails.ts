import { listUnsentEmailIds } from "~/models/notification.server";
import { enqueueEmails } from "../producers";
import type { JobDeps } from "./deps";

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
