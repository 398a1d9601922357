// `npm run restore -- DIR`: restore a backup made by `npm run backup` into the database of
// RESTORE_DATABASE_URL (default: DATABASE_OWNER_URL / DATABASE_URL), which must be empty
// (it is created when missing), and into the configured evidence storage; then checks that
// every evidence file the database references is present. See README, Production → Restore.
import path from "node:path";
import { ensureDatabase } from "~db/migrate";
import { restoreBackup } from "./backup-lib";
import { loadOpsEnv, logLine, storageFromEnv } from "./ops-env";

const env = loadOpsEnv();
const backupDir = process.argv[2];
if (!backupDir) {
  console.error("usage: npm run restore -- <backup directory>");
  process.exit(2);
}
const databaseUrl = process.env.RESTORE_DATABASE_URL ?? env.ownerUrl;
const started = performance.now();
try {
  await ensureDatabase(databaseUrl);
  const report = await restoreBackup({
    backupDir: path.resolve(backupDir),
    databaseUrl,
    storage: storageFromEnv(env),
    storageDriver: env.STORAGE_DRIVER,
    jobs: Number(process.env.RESTORE_JOBS ?? 2),
    log: (message) => logLine("restore", "info", message),
  });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  if (report.missing.length > 0) {
    logLine("restore", "error", "restored, but evidence is missing", { seconds, ...report, missing: report.missing.slice(0, 50) });
    process.exitCode = 1;
  } else {
    logLine("restore", "info", "restore done", { seconds, database: new URL(databaseUrl).pathname.slice(1), ...report });
  }
} catch (error) {
  logLine("restore", "error", String((error as Error).message ?? error));
  process.exitCode = 1;
}
