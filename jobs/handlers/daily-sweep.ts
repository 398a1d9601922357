import { recordClueNotices } from "~/models/clue-notice.server";
import { recordDueNotices } from "~/models/notification.server";
import type { JobDeps } from "./deps";
import { requeueOwedEmails } from "./enqueue-emails";

/** 09:00 daily: reminders, overdue notices and escalations due today; then every owed e-mail. */
export async function runDailySweep(deps: JobDeps, at: Date) {
  const ids = [...(await recordDueNotices(deps.db, at)), ...(await recordClueNotices(deps.db, at))];
  await requeueOwedEmails(deps);
  return { recorded: ids.length };
}
