import { sql } from "drizzle-orm";
import {
  bigint,
  char,
  check,
  customType,
  date,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  index,
} from "drizzle-orm/pg-core";
import { checklistItems } from "./checklists";
import { bigCounter, fen, idKey, insertedAt, provinceKey, ref, regionRef } from "./columns";
import { institutions } from "./institutions";
import { regions } from "./regions";
import { users } from "./users";

/** Raw bytes (an uploaded file kept until the worker has read it). */
const bytea = customType<{ data: Uint8Array }>({ dataType: () => "bytea" });

// The clue verification ledger (migrations 0013, 0014, 0017). Every table carries `province_code`,
// the first two digits of the region code: the ledger's distribution key, first in every hot index.

export const CLUE_SOURCES = ["upper", "complaint", "monitoring", "inspection", "transfer", "other"] as const;
export const CLUE_RISK_LEVELS = ["high", "medium", "low"] as const;
export const CLUE_STATUSES = ["pending", "verifying", "closed"] as const;
export const CLUE_RESULTS = ["confirmed", "unfounded"] as const;
export const CLUE_VERDICTS = ["true", "partly", "false"] as const;
export const CLUE_ANSWER_STATES = ["unanswered", "submitted", "returned", "accepted"] as const;

export const CLUE_IMPORT_STATUSES = ["received", "validating", "validated", "refused", "importing", "imported", "failed"] as const;

/**
 * An uploaded batch file: its bytes until the worker has validated it, then the checked rows kept
 * for the preview (patient fields already encrypted), then the import's progress and outcome.
 */
export const clueImports = pgTable(
  "clue_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provinceCode: char("province_code", { length: 2 }).notNull(),
    regionCode: char("region_code", { length: 6 })
      .notNull()
      .references(() => regions.code),
    fileName: text("file_name").notNull(),
    fileSha256: char("file_sha256", { length: 64 }).notNull(),
    batchName: text("batch_name").notNull(),
    docNo: text("doc_no").notNull(),
    dueOn: date("due_on").notNull(),
    status: text("status", { enum: CLUE_IMPORT_STATUSES }).notNull(),
    totalRows: integer("total_rows").notNull().default(0),
    validRows: integer("valid_rows").notNull().default(0),
    rows: jsonb("rows")
      .notNull()
      .default(sql`'[]'::jsonb`),
    fileBytes: bytea("file_bytes"),
    processedRows: integer("processed_rows").notNull().default(0),
    error: text("error"),
    importedBy: uuid("imported_by").references(() => users.id),
    startedAt: timestamp("started_at", { withTimezone: true }),
    validatedAt: timestamp("validated_at", { withTimezone: true }),
    batchId: uuid("batch_id"),
    createdRecords: integer("created_records").notNull().default(0),
    createdClues: integer("created_clues").notNull().default(0),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    importedAt: timestamp("imported_at", { withTimezone: true }),
  },
  (t) => [
    check(
      "clue_imports_status_valid",
      sql`${t.status} in ('received', 'validating', 'validated', 'refused', 'importing', 'imported', 'failed')`,
    ),
    index("clue_imports_region_idx").on(t.provinceCode, t.regionCode, t.createdAt),
  ],
);

export const clueBatches = pgTable(
  "clue_batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provinceCode: char("province_code", { length: 2 }).notNull(),
    regionCode: char("region_code", { length: 6 })
      .notNull()
      .references(() => regions.code),
    source: text("source", { enum: CLUE_SOURCES }).notNull(),
    name: text("name").notNull(),
    docNo: text("doc_no"),
    fileSha256: char("file_sha256", { length: 64 }),
    dueOn: date("due_on").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("clue_batches_one_per_file")
      .on(t.provinceCode, t.regionCode, t.fileSha256)
      .where(sql`${t.fileSha256} is not null`),
  ],
);

export const clues = pgTable(
  "clues",
  {
    id: idKey(),
    provinceCode: provinceKey(),
    batchId: uuid("batch_id").references(() => clueBatches.id),
    source: text("source", { enum: CLUE_SOURCES }).notNull(),
    /** The bureau that registered (or imported) the clue. */
    registeredRegionCode: regionRef("registered_region_code"),
    /** The bureau the clue is with now (逐级下发 moves it down the subject's branch). */
    handlerRegionCode: regionRef("handler_region_code"),
    /** The institution's region, or only a region while the institution is not known. */
    subjectRegionCode: regionRef("subject_region_code"),
    institutionId: uuid("institution_id").references(() => institutions.id),
    checklistItemId: uuid("checklist_item_id").references(() => checklistItems.id),
    ruleCode: text("rule_code").notNull(),
    ruleName: text("rule_name").notNull(),
    summary: text("summary").notNull().default(""),
    riskLevel: text("risk_level", { enum: CLUE_RISK_LEVELS }).notNull(),
    amountFen: bigCounter("amount_fen"),
    recordCount: integer("record_count").notNull().default(0),
    dueOn: date("due_on").notNull(),
    status: text("status", { enum: CLUE_STATUSES }).notNull(),
    result: text("result", { enum: CLUE_RESULTS }),
    recoveredFen: fen("recovered_fen"),
    penaltyFen: fen("penalty_fen"),
    transferTarget: text("transfer_target"),
    transferOn: date("transfer_on"),
    closingNote: text("closing_note"),
    closedBy: uuid("closed_by").references(() => users.id),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdBy: ref("created_by", () => users.id),
    createdAt: insertedAt("created_at"),
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("clues_one_per_batch_institution_rule")
      .on(t.provinceCode, t.batchId, t.institutionId, t.ruleCode)
      .where(sql`${t.batchId} is not null`),
    index("clues_handler_idx").on(t.provinceCode, t.handlerRegionCode, t.status, t.dueOn),
  ],
);

export const clueRecords = pgTable(
  "clue_records",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    provinceCode: provinceKey(),
    clueId: ref("clue_id", () => clues.id),
    institutionId: ref("institution_id", () => institutions.id),
    settlementNo: text("settlement_no").notNull(),
    occurredOn: date("occurred_on").notNull(),
    itemCode: text("item_code").notNull(),
    itemName: text("item_name").notNull(),
    quantity: numeric("quantity", { precision: 14, scale: 2 }).notNull(),
    amountFen: fen("amount_fen").notNull(),
    ruleCode: text("rule_code").notNull(),
    patientNameEnc: text("patient_name_enc"),
    patientNameHash: char("patient_name_hash", { length: 64 }),
    patientNameMasked: text("patient_name_masked"),
    patientIdEnc: text("patient_id_enc"),
    patientIdHash: char("patient_id_hash", { length: 64 }),
    patientIdMasked: text("patient_id_masked"),
    answerState: text("answer_state", { enum: CLUE_ANSWER_STATES }).notNull().default("unanswered"),
    answerVersion: integer("answer_version").notNull().default(0),
  },
  (t) => [
    uniqueIndex("clue_records_natural_key").on(t.provinceCode, t.institutionId, t.settlementNo, t.itemCode, t.ruleCode),
    index("clue_records_clue_idx").on(t.provinceCode, t.clueId, t.answerState),
  ],
);

/** One submitted answer version of a record; frozen by a trigger, reviewed once. */
export const clueRecordAnswers = pgTable(
  "clue_record_answers",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    provinceCode: provinceKey(),
    recordId: bigint("record_id", { mode: "number" })
      .notNull()
      .references(() => clueRecords.id),
    clueId: ref("clue_id", () => clues.id),
    version: integer("version").notNull(),
    verdict: text("verdict", { enum: CLUE_VERDICTS }).notNull(),
    explanation: text("explanation").notNull(),
    confirmedFen: fen("confirmed_fen").notNull(),
    refundedFen: fen("refunded_fen").notNull(),
    submittedBy: ref("submitted_by", () => users.id),
    submittedAt: insertedAt("submitted_at"),
    decision: text("decision", { enum: ["accepted", "returned"] }),
    reviewComment: text("review_comment"),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("clue_record_answers_version").on(t.provinceCode, t.recordId, t.version)],
);

/** Who filed a complaint: shown only to the handlers of the bureau that registered it. */
export const clueComplainants = pgTable("clue_complainants", {
  clueId: uuid("clue_id")
    .primaryKey()
    .references(() => clues.id),
  provinceCode: provinceKey(),
  registeredRegionCode: regionRef("registered_region_code"),
  nameEnc: text("name_enc").notNull(),
  nameMasked: text("name_masked").notNull(),
  phoneEnc: text("phone_enc"),
  phoneMasked: text("phone_masked"),
  idNumberEnc: text("id_number_enc"),
  idNumberMasked: text("id_number_masked"),
});

/** Monthly rollups (月报), kept by statement-level triggers on clues (migrations 0015, 0019): by subject region and month. */
export const clueMonthStats = pgTable(
  "clue_month_stats",
  {
    provinceCode: provinceKey(),
    regionCode: regionRef("region_code"),
    month: date("month").notNull(),
    received: integer("received").notNull().default(0),
    closed: integer("closed").notNull().default(0),
    confirmed: integer("confirmed").notNull().default(0),
    recoveredFen: bigCounter("recovered_fen"),
    penaltyFen: bigCounter("penalty_fen"),
    transfers: integer("transfers").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.provinceCode, t.regionCode, t.month] })],
);

/** Evidence an institution attaches to its answers on a clue (bytes in the stored-file model). */
export const clueFiles = pgTable(
  "clue_files",
  {
    id: idKey(),
    provinceCode: provinceKey(),
    clueId: ref("clue_id", () => clues.id),
    institutionId: ref("institution_id", () => institutions.id),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: char("sha256", { length: 64 }).notNull(),
    uploadedBy: ref("uploaded_by", () => users.id),
    uploadedAt: insertedAt("uploaded_at"),
  },
  (t) => [index("clue_files_clue_idx").on(t.provinceCode, t.clueId)],
);
