import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  char,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { regions } from "./regions";
import { provinceCode } from "./province";
import { ref, idKey, timestampTz, insertedAt } from "./columns";

export const users = pgTable(
  "users",
  {
    provinceCode: provinceCode(),
    id: idKey(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    phone: text("phone"),
    passwordHash: text("password_hash"),
    role: text("role", { enum: ["admin", "regulator", "officer", "staff"] }).notNull(),
    institutionId: uuid("institution_id").references(() => institutions.id),
    regionCode: char("region_code", { length: 6 }).references(() => regions.code),
    isActive: boolean("is_active").notNull().default(true),
    /** Ordinary notices by e-mail; escalations are always e-mailed. */
    wantsEmail: boolean("wants_email").notNull().default(true),
    createdAt: insertedAt(),
    deactivatedAt: timestampTz("deactivated_at"),
    passwordChangedAt: timestampTz("password_changed_at"),
  },
  (t) => [
    check("users_role_valid", sql`${t.role} in ('admin','regulator','officer','staff')`),
    check("users_email_lowercase", sql`${t.email} = lower(${t.email})`),
    // The scope a role acts in: institution users belong to one institution, regulators to one region.
    check(
      "users_scope_matches_role",
      sql`case ${t.role}
            when 'admin' then ${t.institutionId} is null and ${t.regionCode} is null
            when 'regulator' then ${t.institutionId} is null and ${t.regionCode} is not null
            else ${t.institutionId} is not null and ${t.regionCode} is null
          end`,
    ),
    index("users_institution_idx").on(t.institutionId),
    index("users_region_idx").on(t.regionCode),
  ],
);

/**
 * Lucia's session table (id, user_id, expires_at), one row per signed-in browser, plus what
 * the "signed-in devices" page shows and the absolute end of the session (decision 011).
 * `is_mfa_pending`: the password was right but the second factor is still owed; such a
 * session opens only the second-factor page.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: ref("user_id", () => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    absoluteExpiresAt: timestamp("absolute_expires_at", { withTimezone: true, mode: "date" })
      .notNull()
      .default(sql`now() + interval '12 hours'`),
    ip: text("ip"),
    userAgent: text("user_agent"),
    isMfaPending: boolean("is_mfa_pending").notNull().default(false),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export const THROTTLE_KINDS = ["login_account", "login_ip", "mfa_account", "reset_ip", "reset_account"] as const;

/**
 * Sign-in (and second-factor, and reset-request) attempts per account or address in a fixed
 * window. A try takes its slot first, in one atomic upsert, and only then is the password checked.
 */
export const authThrottles = pgTable(
  "auth_throttles",
  {
    kind: text("kind", { enum: THROTTLE_KINDS }).notNull(),
    key: text("key").notNull(),
    attempts: integer("attempts").notNull(),
    windowStartedAt: timestampTz("window_started_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "auth_throttles_pk", columns: [t.kind, t.key] }),
    check("auth_throttles_kind_valid", sql`${t.kind} in ('login_account', 'login_ip', 'mfa_account', 'reset_ip', 'reset_account')`),
    check("auth_throttles_attempts_nonnegative", sql`${t.attempts} >= 0`),
    index("auth_throttles_window_idx").on(t.windowStartedAt),
  ],
);

/** A user's TOTP secret (RFC 6238), encrypted at rest; confirmed once a code was accepted. */
export const userTotp = pgTable("user_totp", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secretEnc: text("secret_enc").notNull(),
  confirmedAt: timestampTz("confirmed_at"),
  /** The newest time step whose code was accepted: a code is never accepted twice. */
  lastUsedStep: bigint("last_used_step", { mode: "number" }),
  createdAt: insertedAt(),
});

/** One-time recovery codes (SHA-256 of each; the codes are shown once). */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: ref("user_id", () => users.id, { onDelete: "cascade" }),
    codeHash: char("code_hash", { length: 64 }).notNull(),
    usedAt: timestampTz("used_at"),
    createdAt: insertedAt(),
  },
  (t) => [unique("recovery_codes_user_code_unique").on(t.userId, t.codeHash)],
);
