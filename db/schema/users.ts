import { sql } from "drizzle-orm";
import { boolean, char, check, index, pgTable, text, timestamp, uuid, bigserial } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { regions } from "./regions";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
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

/** Lucia's session table (id, user_id, expires_at), one row per signed-in browser. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Sign-in attempts, used to slow down repeated failures per account and per address. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    succeeded: boolean("succeeded").notNull(),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("login_attempts_email_time_idx").on(t.email, t.attemptedAt),
    index("login_attempts_ip_time_idx").on(t.ip, t.attemptedAt),
  ],
);
