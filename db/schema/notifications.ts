import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Every notice a user gets: the in-app list and the e-mail outbox in one. `dedupe_key` is
 * deterministic (kind + recipient + subject + deadline + threshold), so a notice is recorded
 * once however often the sweep or an event runs; the e-mail is claimed before sending and
 * marked sent only after SMTP accepted it.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    recipientId: uuid("recipient_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", {
      enum: ["campaign_opened", "due_soon", "overdue", "escalation", "rectification_due", "rectification_overdue", "returned", "accepted", "weekly_digest"],
    }).notNull(),
    isEscalation: boolean("is_escalation").notNull().default(false),
    subject: text("subject").notNull(),
    bodyText: text("body_text").notNull(),
    linkPath: text("link_path").notNull(),
    payload: jsonb("payload").notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
    emailStatus: text("email_status", { enum: ["pending", "sending", "sent", "failed", "skipped"] }).notNull().default("pending"),
    emailAttempts: integer("email_attempts").notNull().default(0),
    emailClaimedAt: timestamp("email_claimed_at", { withTimezone: true }),
    emailSentAt: timestamp("email_sent_at", { withTimezone: true }),
    emailLastError: text("email_last_error"),
  },
  (t) => [
    check(
      "notifications_kind_valid",
      sql`${t.kind} in ('campaign_opened','due_soon','overdue','escalation','rectification_due','rectification_overdue','returned','accepted','weekly_digest')`,
    ),
    check("notifications_email_status_valid", sql`${t.emailStatus} in ('pending','sending','sent','failed','skipped')`),
    check("notifications_sent_has_time", sql`(${t.emailStatus} = 'sent') = (${t.emailSentAt} is not null)`),
    index("notifications_recipient_idx").on(t.recipientId, t.createdAt),
    index("notifications_unread_idx").on(t.recipientId).where(sql`${t.readAt} is null`),
    index("notifications_email_status_idx").on(t.emailStatus).where(sql`${t.emailStatus} in ('pending','sending','failed')`),
  ],
);
