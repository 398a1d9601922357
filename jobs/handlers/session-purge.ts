import { purgeExpiredSessions } from "~/models/auth.server";
import type { JobDeps } from "./deps";

/** 03:15 daily: delete sessions past their idle or absolute end, and throttle windows long over. */
export async function runSessionPurge(deps: Pick<JobDeps, "db">, at: Date) {
  return purgeExpiredSessions(deps.db, at);
}
