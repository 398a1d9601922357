// The environment of the operator's commands (retention, backup, restore): they run as the
// owner role (DATABASE_OWNER_URL, or DATABASE_URL when unset) and reach evidence storage as
// the app does. Validated like the app's (a bad variable stops the command with its name).
import { z } from "zod";
import { MIN_RETENTION_MONTHS } from "~/models/retention.server";
import { createLocalStorage, createS3Storage, type EvidenceStorage } from "~/utils/storage.server";

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL");

const schema = z.object({
  DATABASE_OWNER_URL: postgresUrl.optional(),
  DATABASE_URL: postgresUrl.default("postgres://postgres:postgres@127.0.0.1:5432/zicha"),
  RETENTION_MONTHS: z.coerce
    .number()
    .int()
    .min(MIN_RETENTION_MONTHS, `must be at least ${MIN_RETENTION_MONTHS} (Cybersecurity Law Art. 21)`)
    .default(MIN_RETENTION_MONTHS),
  PARTITION_MONTHS_AHEAD: z.coerce.number().int().min(1).max(24).default(3),
  EVIDENCE_ORPHAN_GRACE_HOURS: z.coerce.number().min(1).default(24),
  BACKUP_DIR: z.string().default("var/backups"),
  STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
  STORAGE_DIR: z.string().default("var/evidence"),
  S3_ENDPOINT: z.string().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_BUCKET: z.string().default("zicha-evidence"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("true"),
});

export type OpsEnv = z.infer<typeof schema> & { ownerUrl: string };

export function loadOpsEnv(): OpsEnv {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    console.error(`Invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
    process.exit(1);
  }
  return { ...parsed.data, ownerUrl: parsed.data.DATABASE_OWNER_URL ?? parsed.data.DATABASE_URL };
}

export function storageFromEnv(env: OpsEnv, storageDir = env.STORAGE_DIR): EvidenceStorage {
  return env.STORAGE_DRIVER === "s3"
    ? createS3Storage({
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        bucket: env.S3_BUCKET,
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
        forcePathStyle: env.S3_FORCE_PATH_STYLE === "true",
      })
    : createLocalStorage(storageDir);
}

/** One JSON line, like the web and worker logs. */
export function logLine(service: string, level: "info" | "error", msg: string, fields: Record<string, unknown> = {}) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), service, msg, ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}
