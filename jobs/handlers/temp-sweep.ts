// Hourly: remove upload temp files that a crashed web process (or worker) left behind — files in
// the upload temp dirs untouched for an hour, which no live upload holds (app/utils/temp-files.server.ts).
import { ORPHAN_AGE_MS, sweepOrphanedTempFiles, uploadTempDirs } from "~/utils/temp-files.server";

export async function runTempSweep(at: Date, dirs: string[] = uploadTempDirs()) {
  const { removed, kept } = await sweepOrphanedTempFiles(dirs, { now: at, maxAgeMs: ORPHAN_AGE_MS });
  if (removed.length) console.log(`[temp-sweep] removed ${removed.length} orphaned upload temp file(s) from ${dirs.join(", ")}`);
  return { removed: removed.length, kept };
}
