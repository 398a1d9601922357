import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { provinceCode } from "./province";

/**
 * Every notice a user gets: the in-app list and the e-mail outbox in one. `dedupe_key` is
 * deterministic (kind + recipient + subject + deadline + threshold), so a notice is recorded
 * once however often the sweep or an event runs; the e-mail is claimed before sending and
 * marked sent only after SMTP accepted it.
 *
 * Partitioned by month of `created_at` (migration 0012; docs/decisions/014): the primary key
 * is (id, created_at), and the dedupe key's uniqueness lives in `notification_keys`, claimed
 * by a BEFORE INSERT trigger that skips a row whose key exists (as ON CONFLICT DO NOTHING did).
 */
export const notifications = pgTable(
  "notifications",
  {
    provinceCode: provinceCode(),
    id: uuid("id").notNull().defaultRandom(),
    dedupeKey: text("dedupe_key").notNull(),
    recipientId: uuid("recipient_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", {
      enum: [
        "campaign_opened",
        "due_soon",
        "overdue",
        "escalation",
        "rectification_due",
        "rectification_overdue",
        "returned",
        "accepted",
        "weekly_digest",
      ],
    }).notNull(),
    isEscalation: boolean("is_escalation").notNull().default(false),
    subject: text("subject").notNull(),
    bodyText: text("body_text").notNull(),
    linkPath: text("link_path").notNull(),
    payload: jsonb("payload")
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
    emailStatus: text("email_status", { enum: ["pending", "sending", "sent", "failed", "skipped"] })
      .notNull()
      .default("pending"),
    emailAttempts: integer("email_attempts").notNull().default(0),
    emailClaimedAt: timestamp("email_claimed_at", { withTimezone: true }),
    emailSentAt: timestamp("email_sent_at", { withTimezone: true }),
    emailLastError: text("email_last_error"),
    /** Times the whole retry ladder ran out; the outbox flush takes it back at `emailRetryAt`. */
    emailFailedRounds: integer("email_failed_rounds").notNull().default(0),
    emailRetryAt: timestamp("email_retry_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: "notifications_pkey", columns: [t.id, t.createdAt] }),
    check(
      "notifications_kind_valid",
      sql`${t.kind} in ('campaign_opened','due_soon','overdue','escalation','rectification_due','rectification_overdue','returned','accepted','weekly_digest')`,
    ),
    check("notifications_email_status_valid", sql`${t.emailStatus} in ('pending','sending','sent','failed','skipped')`),
    check("notifications_sent_has_time", sql`(${t.emailStatus} = 'sent') = (${t.emailSentAt} is not null)`),
    index("notifications_recipient_idx").on(t.recipientId, t.createdAt),
    index("notifications_unread_idx")
      .on(t.recipientId)
      .where(sql`${t.readAt} is null`),
    index("notifications_email_status_idx")
      .on(t.emailStatus)
      .where(sql`${t.emailStatus} in ('pending','sending','failed')`),
    index("notifications_id_idx").on(t.id),
    index("notifications_retry_idx")
      .on(t.emailRetryAt)
      .where(sql`${t.emailStatus} = 'failed'`),
    check("notifications_failed_rounds_nonnegative", sql`${t.emailFailedRounds} >= 0`),
  ],
);

/** Every dedupe key ever recorded (unpartitioned, so uniqueness spans all months). */
export const notificationKeys = pgTable(
  "notification_keys",
  {
    dedupeKey: text("dedupe_key").primaryKey(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("notification_keys_created_idx").on(t.createdAt)],
);
