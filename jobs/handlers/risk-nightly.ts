import { recomputeRiskInBatches } from "~/models/risk.server";
import type { JobDeps } from "./deps";

/** 02:30 daily: recompute every institution's risk score in batches (history only on change). */
export async function runRiskNightly(deps: Pick<JobDeps, "db">, at: Date) {
  return recomputeRiskInBatches(deps.db, { cause: "nightly", now: at });
}
