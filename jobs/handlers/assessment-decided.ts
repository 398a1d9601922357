import { recordDecision } from "~/models/notification.server";
import type { JobDeps } from "./deps";
import { enqueueEmails } from "../producers";

/** A submitted version was returned or accepted: tell the institution's officers. */
export async function runAssessmentDecided(deps: JobDeps, assessmentId: string, version: number) {
  const ids = await recordDecision(deps.db, assessmentId, version);
  await enqueueEmails(deps.queues, ids);
  return { recorded: ids.length };
}
