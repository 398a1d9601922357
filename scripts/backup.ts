// `npm run backup [-- DIR]`: a backup into DIR (default BACKUP_DIR/zicha-<UTC time>): the
// database (pg_dump, custom format, as the owner role), the evidence (a verified copy for the
// local driver, a listing for S3) and manifest.json. See README, Production → Backup.
import path from "node:path";
import { createBackup } from "./backup-lib";
import { loadOpsEnv, logLine, storageFromEnv } from "./ops-env";

const env = loadOpsEnv();
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
const outDir = path.resolve(process.argv[2] ?? path.join(env.BACKUP_DIR, `zicha-${stamp}`));
const started = performance.now();
try {
  const manifest = await createBackup({
    databaseUrl: env.ownerUrl,
    storage: storageFromEnv(env),
    storageDriver: env.STORAGE_DRIVER,
    outDir,
    log: (message) => logLine("backup", "info", message),
  });
  logLine("backup", "info", "backup done", {
    dir: outDir,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    database: manifest.database,
    evidence: manifest.evidence,
  });
} catch (error) {
  logLine("backup", "error", String((error as Error).message ?? error), { dir: outDir });
  process.exitCode = 1;
}
