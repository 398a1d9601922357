import { createHash } from "node:crypto";
import { z } from "zod";
import { ROLES } from "./domain";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .default("postgres://postgres:postgres@127.0.0.1:5432/zicha"),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").default("redis://127.0.0.1:6379"),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must be an smtp:// URL").default("smtp://127.0.0.1:1025"),
  SESSION_SECRET: z.string().min(16, "must be at least 16 characters").default("zicha-dev-secret-change-me"),
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
  // Encrypts TOTP secrets at rest: 32 random bytes as base64 or hex. Required in production;
  // in development and tests a key is derived from SESSION_SECRET (decision 012).
  MFA_SECRET_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, "must be 32 random bytes as base64 or hex (e.g. `openssl rand -base64 32`)")
    .optional(),
  // Roles that must sign in with a second factor: a comma list of admin, regulator, officer,
  // staff, or "none".
  MFA_REQUIRED_ROLES: z
    .string()
    .default("admin,regulator")
    .transform((v) => (v.trim() === "none" ? [] : v.split(",").map((r) => r.trim()).filter(Boolean)))
    .pipe(z.array(z.enum(ROLES, { error: `must be a comma list of ${ROLES.join(", ")}, or none` }))),
});

/** 32 bytes from 64 hex digits or base64 (padded or not); null for anything else. */
function decodeKey(value: string): Buffer | null {
  const text = value.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : /^[A-Za-z0-9+/_-]{43}=?$/.test(text) ? Buffer.from(text, "base64") : null;
  return bytes?.length === 32 ? bytes : null;
}

export type Env = z.infer<typeof schema>;

/** Validate the environment once; a bad variable stops the process with its name. */
function loadEnv(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    console.error(`Invalid environment:\n${lines.join("\n")}`);
    process.exit(1);
  }
  if (parsed.data.NODE_ENV === "production" && parsed.data.SESSION_SECRET === "zicha-dev-secret-change-me") {
    console.warn("SESSION_SECRET is the development default; set your own in production.");
  }
  return parsed.data;
}

export const env = loadEnv();

export const isSecureCookie =
  env.COOKIE_SECURE === "auto" ? env.APP_URL.startsWith("https://") : env.COOKIE_SECURE === "true";

/**
 * The key that encrypts TOTP secrets. Production must set MFA_SECRET_KEY (losing it makes every
 * enrolled authenticator unusable, so it is never derived there); elsewhere it is derived from
 * SESSION_SECRET so development and tests need no setup.
 */
export function mfaSecretKey(): Buffer {
  if (env.MFA_SECRET_KEY) return decodeKey(env.MFA_SECRET_KEY)!;
  if (env.NODE_ENV === "production") throw new Error("MFA_SECRET_KEY is not set: two-factor secrets cannot be read or written");
  return createHash("sha256").update(`zicha-mfa-key:${env.SESSION_SECRET}`).digest();
}
