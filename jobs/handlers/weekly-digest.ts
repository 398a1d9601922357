import { recordWeeklyClueDigest, recordWeeklyDigest } from "~/models/notification.server";
import { readDbAfterPrimary } from "~db/replica";
import type { JobDeps } from "./deps";
import { enqueueEmails } from "../producers";

/**
 * Monday 09:00: one digest per regulator and open campaign in its region, and one of the open and
 * overdue clues of its subtree. The counts are read
 * from the replica once it has replayed what the primary held when the job started (else from
 * the primary); the notices are written to the primary.
 */
export async function runWeeklyDigest(deps: JobDeps, at: Date) {
  const readDb = await readDbAfterPrimary(deps.db, deps.readDb);
  const ids = [...(await recordWeeklyDigest(deps.db, at, readDb)), ...(await recordWeeklyClueDigest(deps.db, at, readDb))];
  await enqueueEmails(deps.queues, ids);
  return { recorded: ids.length, readFrom: readDb === deps.db ? "primary" : "replica" };
}
