import { sql } from "drizzle-orm";
import { bigint, char, check, index, pgTable, text } from "drizzle-orm/pg-core";
import { assessments } from "./assessments";
import { checklistItems } from "./checklists";
import { institutions } from "./institutions";
import { users } from "./users";
import { provinceCode } from "./province";
import { ref, idKey, timestampTz, insertedAt } from "./columns";

/**
 * An uploaded evidence file attached to one item of one self-check. The bytes live in the
 * evidence storage under their SHA-256; this row is the metadata. Once a submission includes
 * the file (`frozen_at`), a trigger refuses to change or delete the row.
 */
export const evidenceFiles = pgTable(
  "evidence_files",
  {
    provinceCode: provinceCode(),
    id: idKey(),
    assessmentId: ref("assessment_id", () => assessments.id),
    checklistItemId: ref("checklist_item_id", () => checklistItems.id),
    institutionId: ref("institution_id", () => institutions.id),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: char("sha256", { length: 64 }).notNull(),
    uploadedBy: ref("uploaded_by", () => users.id),
    uploadedAt: insertedAt("uploaded_at"),
    frozenAt: timestampTz("frozen_at"),
  },
  (t) => [
    check("evidence_files_sha256_hex", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check("evidence_files_size_positive", sql`${t.sizeBytes} > 0`),
    index("evidence_files_item_idx").on(t.assessmentId, t.checklistItemId),
    index("evidence_files_sha256_idx").on(t.sha256),
  ],
);

/**
 * Stored bytes an upload is about to point at: written before the bytes are stored and removed
 * in the transaction that inserts the rows. Whoever deletes unreferenced bytes counts a fresh
 * pin as a reference (docs/decisions/014), so bytes are never deleted under an upload in flight.
 */
export const evidenceUploadPins = pgTable(
  "evidence_upload_pins",
  {
    id: idKey(),
    sha256: char("sha256", { length: 64 }).notNull(),
    createdAt: insertedAt(),
  },
  (t) => [index("evidence_upload_pins_sha256_idx").on(t.sha256)],
);
