import { sql } from "drizzle-orm";
import { boolean, char, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { users } from "./users";
import { provinceCode } from "./province";
import { ref, regionRef, idKey, timestampTz, insertedAt, counter } from "./columns";

/**
 * A one-time link to set a password. Only the SHA-256 of the token is stored; the token is in
 * the e-mail alone, made when the e-mail is sent (so `token_hash` is null while queued). Used
 * once (`used_at`), void after `expires_at` or once superseded by a re-send (`revoked_at`).
 * Migration 0010 adds the checks and the one-open-invitation-per-user index.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: idKey(),
    userId: ref("user_id", () => users.id),
    tokenHash: char("token_hash", { length: 64 }).unique(),
    expiresAt: timestampTz("expires_at").notNull(),
    usedAt: timestampTz("used_at"),
    revokedAt: timestampTz("revoked_at"),
    invitedBy: uuid("invited_by").references(() => users.id),
    /** 'invite' sets a first password (7 days); 'reset' replaces a forgotten one (30 minutes). */
    purpose: text("purpose", { enum: ["invite", "reset"] })
      .notNull()
      .default("invite"),
    createdAt: insertedAt(),
    emailStatus: text("email_status", { enum: ["pending", "sending", "sent", "failed"] })
      .notNull()
      .default("pending"),
    emailAttempts: counter("email_attempts"),
    emailClaimedAt: timestampTz("email_claimed_at"),
    emailSentAt: timestampTz("email_sent_at"),
    emailLastError: text("email_last_error"),
    /** As notifications: rounds of the retry ladder used up, and when the outbox flush may take it back. */
    emailFailedRounds: counter("email_failed_rounds"),
    emailRetryAt: timestampTz("email_retry_at"),
  },
  (t) => [
    check("invitations_email_status_valid", sql`${t.emailStatus} in ('pending','sending','sent','failed')`),
    index("invitations_user_idx").on(t.userId, t.createdAt),
    check("invitations_sent_has_token", sql`${t.emailStatus} <> 'sent' or ${t.tokenHash} is not null`),
    check("invitations_used_xor_revoked", sql`${t.usedAt} is null or ${t.revokedAt} is null`),
    check("invitations_attempts_nonnegative", sql`${t.emailAttempts} >= 0`),
    check("invitations_purpose_valid", sql`${t.purpose} in ('invite', 'reset')`),
    uniqueIndex("invitations_one_open_per_user")
      .on(t.userId)
      .where(sql`${t.usedAt} is null and ${t.revokedAt} is null`),
  ],
);

/** One roster upload: parsed and validated rows kept for the preview, then imported. */
export const rosterImports = pgTable(
  "roster_imports",
  {
    provinceCode: provinceCode(),
    id: idKey(),
    regionCode: regionRef(),
    fileName: text("file_name").notNull(),
    fileSha256: char("file_sha256", { length: 64 }).notNull(),
    status: text("status", { enum: ["validated", "importing", "imported", "failed"] }).notNull(),
    totalRows: integer("total_rows").notNull(),
    validRows: integer("valid_rows").notNull(),
    processedRows: counter("processed_rows"),
    createdCount: counter("created_count"),
    unchangedCount: counter("unchanged_count"),
    invitedCount: counter("invited_count"),
    /** Import everything (only when clean) or only the valid rows; set when the import starts. */
    onlyValid: boolean("only_valid"),
    importedBy: uuid("imported_by").references(() => users.id),
    startedAt: timestampTz("started_at"),
    /** Parsed rows (valid and invalid) with their problems, for the preview and the import. */
    rows: jsonb("rows").notNull(),
    error: text("error"),
    createdBy: ref("created_by", () => users.id),
    createdAt: insertedAt(),
    finishedAt: timestampTz("finished_at"),
  },
  (t) => [
    check("roster_imports_status_valid", sql`${t.status} in ('validated','importing','imported','failed')`),
    index("roster_imports_region_idx").on(t.regionCode, t.createdAt),
    check(
      "roster_imports_counts_valid",
      sql`${t.validRows} between 0 and ${t.totalRows} and ${t.processedRows} >= 0
          and ${t.createdCount} >= 0 and ${t.unchangedCount} >= 0 and ${t.invitedCount} >= 0
          and ${t.createdCount} + ${t.unchangedCount} <= ${t.totalRows}`,
    ),
    check(
      "roster_imports_started_has_mode",
      sql`${t.status} = 'validated' or (${t.onlyValid} is not null and ${t.importedBy} is not null)`,
    ),
  ],
);
