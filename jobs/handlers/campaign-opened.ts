import { recordCampaignOpened } from "~/models/notification.server";
import type { JobDeps } from "./deps";
import { enqueueEmails } from "../producers";

/** A campaign opened: tell the officers of every target institution. */
export async function runCampaignOpened(deps: JobDeps, campaignId: string) {
  const ids = await recordCampaignOpened(deps.db, campaignId);
  await enqueueEmails(deps.queues, ids);
  return { recorded: ids.length };
}
