import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { provinceCode } from "./province";
import { ref, timestampTz, insertedAt, emailOutbox } from "./columns";

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
    recipientId: ref("recipient_id", () => users.id),
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
        "clue_new",
        "clue_due_soon",
        "clue_overdue",
        "clue_escalation",
      ],
    }).notNull(),
    isEscalation: boolean("is_escalation").notNull().default(false),
    subject: text("subject").notNull(),
    bodyText: text("body_text").notNull(),
    linkPath: text("link_path").notNull(),
    payload: jsonb("payload")
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: insertedAt(),
    readAt: timestampTz("read_at"),
    ...emailOutbox(["pending", "sending", "sent", "failed", "skipped"]),
  },
  (t) => [
    primaryKey({ name: "notifications_pkey", columns: [t.id, t.createdAt] }),
    check(
      "notifications_kind_valid",
      sql`${t.kind} in ('campaign_opened','due_soon','overdue','escalation','rectification_due','rectification_overdue','returned','accepted','weekly_digest','clue_new','clue_due_soon','clue_overdue','clue_escalation')`,
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
    createdAt: timestampTz("created_at").notNull(),
  },
  (t) => [index("notification_keys_created_idx").on(t.createdAt)],
);
