import { sql } from "drizzle-orm";
import { boolean, char, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { users } from "./users";
import { provinceCode } from "./province";
import { ref, regionRef, idKey, timestampTz, insertedAt, counter, emailOutbox } from "./columns";

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
    ...emailOutbox(["pending", "sending", "sent", "failed"]),
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
