import { z } from "zod";

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
});

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
