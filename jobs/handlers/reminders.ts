import type { Job } from "bullmq";
import type { ReminderJob } from "../queues";
import { runAssessmentDecided } from "./assessment-decided";
import { runCampaignOpened } from "./campaign-opened";
import { runDailySweep } from "./daily-sweep";
import type { JobDeps } from "./deps";
import { runOutboxFlush } from "./outbox-flush";
import { runWeeklyDigest } from "./weekly-digest";
import { runRiskNightly } from "./risk-nightly";
import { runTempSweep } from "./temp-sweep";
import { runSessionPurge } from "./session-purge";

/** The reminders queue carries several job types; each has its own handler module. */
export async function processReminderJob(job: Job<ReminderJob>, deps: JobDeps) {
  const data = job.data;
  const at = "at" in data && data.at ? new Date(data.at) : new Date();
  switch (data.type) {
    case "daily-sweep":
      return runDailySweep(deps, at);
    case "weekly-digest":
      return runWeeklyDigest(deps, at);
    case "campaign-opened":
      return runCampaignOpened(deps, data.campaignId);
    case "assessment-decided":
      return runAssessmentDecided(deps, data.assessmentId, data.version);
    case "outbox-flush":
      return runOutboxFlush(deps);
    case "risk-nightly":
      return runRiskNightly(deps, at);
    case "temp-sweep":
      return runTempSweep(at);
    case "session-purge":
      return runSessionPurge(deps, at);
  }
}
