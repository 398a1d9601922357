import { createHash } from "node:crypto";
import { z } from "zod";
import { ROLES } from "~/domain/vocabulary";

const DEV_SESSION_SECRET = "zicha-dev-secret-change-me";

/** 32 bytes, written as 64 hex digits or as base64 (44 characters with padding). */
export function decodeKey32(value: string): Buffer | null {
  const bytes = /^[0-9a-f]{64}$/i.test(value)
    ? Buffer.from(value, "hex")
    : /^[A-Za-z0-9+/]{43}=?$/.test(value)
      ? Buffer.from(value, "base64")
      : null;
  return bytes && bytes.length === 32 ? bytes : null;
}

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .default("postgres://postgres:postgres@127.0.0.1:5432/zicha"),
  // Optional read replica (hot standby) for dashboards, exports and reports (docs/decisions/023).
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .default("redis://127.0.0.1:6379"),
  // A Redis Cluster instead of REDIS_URL: its masters as host:port,host:port (docs/decisions/022).
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/, "must be host:port,host:port (the cluster's masters)")
    .optional(),
  MAIL_QUEUE_SHARDS: z.coerce.number().int().min(1, "must be from 1 to 64").max(64, "must be from 1 to 64").optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// URL")
    .default("smtp://127.0.0.1:1025"),
  SESSION_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  // Encrypts TOTP secrets at rest (two-factor sign-in): 32 random bytes, hex or base64.
  MFA_SECRET_KEY: z
    .string()
    .refine((v) => decodeKey32(v) !== null, "must be 32 random bytes as 64 hex digits or base64 (openssl rand -hex 32)")
    .optional(),
  // Encrypts personal data of the clue ledger (patients, complainants) and keys its hashes: 32 random bytes.
  PII_SECRET_KEY: z
    .string()
    .refine((v) => decodeKey32(v) !== null, "must be 32 random bytes as 64 hex digits or base64 (openssl rand -hex 32)")
    .optional(),
  // Roles that must sign in with a second factor: a comma list of admin, regulator, officer,
  // staff, or "none".
  MFA_REQUIRED_ROLES: z
    .string()
    .default("admin,regulator")
    .transform((v) =>
      v.trim() === "none"
        ? []
        : v
            .split(",")
            .map((r) => r.trim())
            .filter(Boolean),
    )
    .pipe(z.array(z.enum(ROLES, { error: `must be a comma list of ${ROLES.join(", ")}, or none` }))),
  APP_URL: z.string().url("must be a URL like http://localhost:3000").default("http://localhost:3000"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  COOKIE_SECURE: z.enum(["true", "false", "auto"]).default("auto"),
  // Evidence storage: a local directory (default) or an S3-compatible bucket.
  STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
  STORAGE_DIR: z.string().min(1).default("var/evidence"),
  S3_ENDPOINT: z.string().url("must be a URL like http://127.0.0.1:9000").optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_BUCKET: z.string().default("zicha-evidence"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("true"),
  UPLOAD_MAX_FILE_MB: z.coerce.number().positive("must be a positive number of megabytes").default(50),
  UPLOAD_MAX_FILES: z.coerce.number().int().min(1).max(100).default(20),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

type ParsedEnv = z.infer<typeof schema>;
export type Env = Omit<ParsedEnv, "SESSION_SECRET"> & { SESSION_SECRET: string };

/**
 * What production refuses to start without (docs/decisions/016). Development and tests get
 * fixed stand-ins; in production a missing secret stops the process with its name.
 */
export function productionProblems(parsed: ParsedEnv): string[] {
  if (parsed.NODE_ENV !== "production") return [];
  const problems: string[] = [];
  if (!parsed.SESSION_SECRET) problems.push("SESSION_SECRET: required in production (openssl rand -hex 32)");
  else if (parsed.SESSION_SECRET === DEV_SESSION_SECRET || parsed.SESSION_SECRET.length < 32)
    problems.push("SESSION_SECRET: must be your own random value of at least 32 characters in production");
  if (!parsed.MFA_SECRET_KEY) problems.push("MFA_SECRET_KEY: required in production (openssl rand -hex 32)");
  if (!parsed.PII_SECRET_KEY) problems.push("PII_SECRET_KEY: required in production (openssl rand -hex 32)");
  return problems;
}

/** Validate the environment once; a bad variable stops the process with its name. */
function loadEnv(): Env {
  const parsed = schema.safeParse(process.env);
  const problems = parsed.success ? productionProblems(parsed.data) : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  if (!parsed.success || problems.length > 0) {
    console.error(`Invalid environment:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    process.exit(1);
  }
  return { ...parsed.data, SESSION_SECRET: parsed.data.SESSION_SECRET ?? DEV_SESSION_SECRET };
}

export const env = loadEnv();

export const isSecureCookie = env.COOKIE_SECURE === "auto" ? env.APP_URL.startsWith("https://") : env.COOKIE_SECURE === "true";

/**
 * The key that encrypts TOTP secrets. Production must set MFA_SECRET_KEY (losing it makes every
 * enrolled authenticator unusable, so it is never derived there); elsewhere it is derived from
 * SESSION_SECRET so development and tests need no setup.
 */
export function mfaSecretKey(): Buffer {
  if (env.MFA_SECRET_KEY) return decodeKey32(env.MFA_SECRET_KEY)!;
  if (env.NODE_ENV === "production") throw new Error("MFA_SECRET_KEY is not set: two-factor secrets cannot be read or written");
  return createHash("sha256").update(`zicha-mfa-key:${env.SESSION_SECRET}`).digest();
}

/**
 * The key that encrypts personal data in the clue ledger. Production must set PII_SECRET_KEY
 * (losing it makes every stored name and ID number unreadable); elsewhere it is derived from
 * SESSION_SECRET like the MFA key.
 */
export function piiSecretKey(): Buffer {
  if (env.PII_SECRET_KEY) return decodeKey32(env.PII_SECRET_KEY)!;
  if (env.NODE_ENV === "production") throw new Error("PII_SECRET_KEY is not set: personal data cannot be read or written");
  return createHash("sha256").update(`zicha-pii-key:${env.SESSION_SECRET}`).digest();
}
