import type { Job } from "bullmq";
import type { OnboardingJob } from "../queues";
import type { JobDeps } from "./deps";
import { enqueueInvitations } from "../producers";
import { processInvitationJob } from "./send-invitation";

/** Import a started roster (one transaction), then queue its invitation e-mails after commit. */
export async function runRosterImportJob(deps: JobDeps, importId: string) {
  // Loaded on first use: the roster module brings the spreadsheet libraries, which the worker
  // should not pay for at start-up.
  const { runRosterImport } = await import("~/models/roster.server");
  const result = await runRosterImport(deps.db, importId);
  if (!result.skipped && result.ok) await enqueueInvitations(deps.queues, result.invitationIds);
  return result.skipped ? { skipped: true } : { ok: result.ok, created: result.created, unchanged: result.unchanged };
}

/** Read and validate an uploaded clue batch; then import a confirmed one (one transaction, progress as it goes). */
export async function runClueImportJob(deps: JobDeps, kind: "validate" | "import", importId: string) {
  // Loaded on first use, like the roster module (spreadsheet libraries).
  const { runClueImport, validateClueImport } = await import("~/models/clue-import.server");
  return kind === "validate" ? validateClueImport(deps.db, importId) : runClueImport(deps.db, importId);
}

export async function processOnboardingJob(job: Job<OnboardingJob>, deps: JobDeps) {
  const data = job.data;
  switch (data.type) {
    case "roster-import":
      return runRosterImportJob(deps, data.importId);
    case "clue-validate":
      return runClueImportJob(deps, "validate", data.importId);
    case "clue-import":
      return runClueImportJob(deps, "import", data.importId);
    case "invitation":
      return processInvitationJob(job, deps, data.invitationId);
  }
}
