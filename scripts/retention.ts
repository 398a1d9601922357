// `npm run retention`: the retention job (docs/decisions/014), run daily by a systemd timer
// (deploy/zicha-retention.timer) as the owner role. Creates the month partitions ahead, drops
// the audit and notification months older than RETENTION_MONTHS (at least 6), and sweeps
// stored evidence bytes that nothing references. Prints one JSON line.
import { z } from "zod";
import { createDatabase } from "../db/client";
import { runRetention, MIN_RETENTION_MONTHS } from "../app/models/retention.server";
import { createLocalStorage, createS3Storage } from "../app/utils/storage.server";

const schema = z.object({
  DATABASE_OWNER_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").default("postgres://postgres:postgres@127.0.0.1:5432/zicha"),
  RETENTION_MONTHS: z.coerce.number().int().min(MIN_RETENTION_MONTHS, `must be at least ${MIN_RETENTION_MONTHS} (Cybersecurity Law Art. 21)`).default(MIN_RETENTION_MONTHS),
  PARTITION_MONTHS_AHEAD: z.coerce.number().int().min(1).max(24).default(3),
  EVIDENCE_ORPHAN_GRACE_HOURS: z.coerce.number().min(1).default(24),
  STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
  STORAGE_DIR: z.string().default("var/evidence"),
  S3_ENDPOINT: z.string().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_BUCKET: z.string().default("zicha-evidence"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("true"),
});

const parsed = schema.safeParse(process.env);
if (!parsed.success) {
  console.error(`Invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  process.exit(1);
}
const env = parsed.data;
const storage =
  env.STORAGE_DRIVER === "s3"
    ? createS3Storage({
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        bucket: env.S3_BUCKET,
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
        forcePathStyle: env.S3_FORCE_PATH_STYLE === "true",
      })
    : createLocalStorage(env.STORAGE_DIR);
const { db, client } = createDatabase(env.DATABASE_OWNER_URL ?? env.DATABASE_URL, { max: 1 });
try {
  const result = await runRetention(db, storage, {
    retentionMonths: env.RETENTION_MONTHS,
    monthsAhead: env.PARTITION_MONTHS_AHEAD,
    evidenceGraceHours: env.EVIDENCE_ORPHAN_GRACE_HOURS,
  });
  console.log(JSON.stringify({ level: "info", time: new Date().toISOString(), service: "retention", msg: "retention done", retentionMonths: env.RETENTION_MONTHS, ...result }));
} catch (error) {
  console.error(JSON.stringify({ level: "error", time: new Date().toISOString(), service: "retention", msg: String((error as Error).message ?? error) }));
  process.exitCode = 1;
} finally {
  await client.end();
}
