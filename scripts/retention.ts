// `npm run retention`: the retention job (docs/decisions/014), run daily by a systemd timer
// (deploy/zicha-retention.timer) as the owner role. Creates the month partitions ahead, drops
// the audit and notification months older than RETENTION_MONTHS (at least 6), and sweeps
// stored evidence bytes that nothing references. Prints one JSON line.
import { createDatabase } from "~db/client";
import { runRetention } from "~/models/retention.server";
import { loadOpsEnv, logLine, storageFromEnv } from "./ops-env";

const env = loadOpsEnv();
const { db, client } = createDatabase(env.ownerUrl, { max: 1 });
try {
  const result = await runRetention(db, storageFromEnv(env), {
    retentionMonths: env.RETENTION_MONTHS,
    monthsAhead: env.PARTITION_MONTHS_AHEAD,
    evidenceGraceHours: env.EVIDENCE_ORPHAN_GRACE_HOURS,
  });
  logLine("retention", "info", "retention done", { retentionMonths: env.RETENTION_MONTHS, ...result });
} catch (error) {
  logLine("retention", "error", String((error as Error).message ?? error));
  process.exitCode = 1;
} finally {
  await client.end();
}
