import { recordWeeklyDigest } from "~/models/notification.server";
import type { JobDeps } from "./deps";
import { enqueueEmails } from "../producers";

/** Monday 09:00: one digest per regulator and open campaign in its region. */
export async function runWeeklyDigest(deps: JobDeps, at: Date) {
  const ids = await recordWeeklyDigest(deps.db, at);
  await enqueueEmails(deps.queues, ids);
  return { recorded: ids.length };
}
