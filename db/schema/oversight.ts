import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { assessments } from "./assessments";
import { campaigns } from "./campaigns";
import { checklistItems } from "./checklists";
import { clues } from "./clues";
import { institutions } from "./institutions";

import { users } from "./users";
import { provinceCode } from "./province";
import { ref, regionRef, idKey, timestampTz, insertedAt, counter, bigCounter } from "./columns";

// ---------------------------------------------------------------------------------------------
// Rollups for the regulators' dashboards, kept up to date by triggers in the same transaction
// as the change (see the migrations), so a dashboard aggregates a few hundred rows, never the
// millions of answers.
// ---------------------------------------------------------------------------------------------

/** The key every rollup row starts with: the campaign and a region (and the distribution key). */
const rollupKey = () => ({
  provinceCode: provinceCode(),
  campaignId: ref("campaign_id", () => campaigns.id),
  regionCode: regionRef(),
});

/** Per campaign × the institution's own region × institution kind: status counts and sums. */
export const campaignRegionStats = pgTable(
  "campaign_region_stats",
  {
    ...rollupKey(),
    institutionKind: text("institution_kind").notNull(),
    targetCount: counter("target_count"),
    notStartedCount: counter("not_started_count"),
    inProgressCount: counter("in_progress_count"),
    submittedCount: counter("submitted_count"),
    returnedCount: counter("returned_count"),
    resubmittedCount: counter("resubmitted_count"),
    acceptedCount: counter("accepted_count"),
    itemCount: bigCounter("item_count"),
    answeredCount: bigCounter("answered_count"),
    problemCount: bigCounter("problem_count"),
    amountInvolvedFen: bigCounter("amount_involved_fen"),
    refundedFen: bigCounter("refunded_fen"),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.regionCode, t.institutionKind] })],
);

/** Per campaign × region × kind × checklist item: problems reported ("hot spots"). */
export const campaignItemStats = pgTable(
  "campaign_item_stats",
  {
    ...rollupKey(),
    institutionKind: text("institution_kind").notNull(),
    checklistItemId: ref("checklist_item_id", () => checklistItems.id),
    problemCount: counter("problem_count"),
    caseCount: bigCounter("case_count"),
    amountInvolvedFen: bigCounter("amount_involved_fen"),
    refundedFen: bigCounter("refunded_fen"),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.regionCode, t.institutionKind, t.checklistItemId] }),
    index("campaign_item_stats_item_idx").on(t.campaignId, t.checklistItemId),
  ],
);

/** Per campaign × region × Beijing day: first submissions and resubmissions (the line chart). */
export const campaignSubmissionDays = pgTable(
  "campaign_submission_days",
  {
    ...rollupKey(),
    day: date("day").notNull(),
    firstSubmissions: counter("first_submissions"),
    resubmissions: counter("resubmissions"),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.regionCode, t.day] })],
);

// ---------------------------------------------------------------------------------------------
// On-site inspections (飞行检查 / 现场检查 / 交叉检查 / 第三方复核) and their findings.
// ---------------------------------------------------------------------------------------------

export const INSPECTION_TYPES = ["flight", "on_site", "cross", "third_party"] as const;

export const inspections = pgTable(
  "inspections",
  {
    provinceCode: provinceCode(),
    id: idKey(),
    institutionId: ref("institution_id", () => institutions.id),
    /** The institution's region, for tenant filtering without a join. */
    regionCode: regionRef(),
    /** The regulator's region that recorded it. */
    recordedByRegionCode: regionRef("recorded_by_region_code"),
    type: text("type", { enum: INSPECTION_TYPES }).notNull(),
    inspectedOn: date("inspected_on").notNull(),
    /** Inspectors' names as written on the inspection record (free text, 、-separated). */
    inspectorNames: text("inspector_names").notNull(),
    summary: text("summary"),
    /** The self-check the findings are compared with (the institution's latest at recording). */
    comparedAssessmentId: uuid("compared_assessment_id").references(() => assessments.id),
    /** Set when the inspection comes from a drawn sample. */
    sampleId: uuid("sample_id"),
    /** Set when the inspection was recorded from a clue (列入交叉检查 on the 限期清零 board). */
    clueId: uuid("clue_id").references(() => clues.id),
    createdBy: ref("created_by", () => users.id),
    createdAt: insertedAt(),
    updatedAt: insertedAt("updated_at"),
  },
  (t) => [
    check("inspections_type_valid", sql`${t.type} in ('flight','on_site','cross','third_party')`),
    index("inspections_institution_idx").on(t.institutionId, t.inspectedOn),
    index("inspections_region_idx").on(t.regionCode, t.inspectedOn),
    index("inspections_clue_idx")
      .on(t.clueId)
      .where(sql`${t.clueId} is not null`),
  ],
);

/** Regulator accounts that took part in an inspection (used to avoid repeat pairings). */
export const inspectionInspectors = pgTable(
  "inspection_inspectors",
  {
    inspectionId: ref("inspection_id", () => inspections.id),
    userId: ref("user_id", () => users.id),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.userId] }), index("inspection_inspectors_user_idx").on(t.userId)],
);

export const inspectionFindings = pgTable(
  "inspection_findings",
  {
    provinceCode: provinceCode(),
    id: idKey(),
    inspectionId: ref("inspection_id", () => inspections.id),
    /** The checklist item the finding falls under (null: not on the list). */
    checklistItemId: uuid("checklist_item_id").references(() => checklistItems.id),
    description: text("description").notNull(),
    caseCount: counter("case_count"),
    amountFoundFen: bigCounter("amount_found_fen"),
    amountRecoveredFen: bigCounter("amount_recovered_fen"),
    createdAt: insertedAt(),
  },
  (t) => [
    check("inspection_findings_amounts_valid", sql`${t.amountFoundFen} >= 0 and ${t.amountRecoveredFen} >= 0 and ${t.caseCount} >= 0`),
    index("inspection_findings_inspection_idx").on(t.inspectionId),
  ],
);

/** Attachments of an inspection (bytes in the evidence storage under their SHA-256). */
export const inspectionAttachments = pgTable(
  "inspection_attachments",
  {
    provinceCode: provinceCode(),
    id: idKey(),
    inspectionId: ref("inspection_id", () => inspections.id),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: char("sha256", { length: 64 }).notNull(),
    uploadedBy: ref("uploaded_by", () => users.id),
    uploadedAt: insertedAt("uploaded_at"),
  },
  (t) => [
    check("inspection_attachments_sha256_hex", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check("inspection_attachments_size_positive", sql`${t.sizeBytes} > 0`),
    index("inspection_attachments_inspection_idx").on(t.inspectionId),
  ],
);

export const INSPECTION_VERDICTS = ["fixed", "not_fixed"] as const;

/**
 * The inspector's verdict on one problem the compared self-check reported: confirmed fixed
 * on site, or not. No row means the item was not checked.
 */
export const inspectionVerifications = pgTable(
  "inspection_verifications",
  {
    provinceCode: provinceCode(),
    inspectionId: ref("inspection_id", () => inspections.id),
    checklistItemId: ref("checklist_item_id", () => checklistItems.id),
    verdict: text("verdict", { enum: INSPECTION_VERDICTS }).notNull(),
    note: text("note"),
    decidedBy: ref("decided_by", () => users.id),
    decidedAt: insertedAt("decided_at"),
  },
  (t) => [
    primaryKey({ columns: [t.inspectionId, t.checklistItemId] }),
    check("inspection_verifications_verdict_valid", sql`${t.verdict} in ('fixed','not_fixed')`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Risk tier and inspection frequency.
// ---------------------------------------------------------------------------------------------

/** The current computed score of each institution (one row per institution). */
export const riskScores = pgTable(
  "risk_scores",
  {
    provinceCode: provinceCode(),
    institutionId: uuid("institution_id")
      .primaryKey()
      .references(() => institutions.id),
    regionCode: regionRef(),
    score: integer("score").notNull(),
    tier: char("tier", { length: 1 }).notNull(),
    /** The facts the score was computed from (RiskFacts) and each factor's result. */
    facts: jsonb("facts").notNull(),
    factors: jsonb("factors").notNull(),
    lastInspectedOn: date("last_inspected_on"),
    nextInspectionDueOn: date("next_inspection_due_on").notNull(),
    computedAt: insertedAt("computed_at"),
  },
  (t) => [
    check("risk_scores_tier_valid", sql`${t.tier} in ('A','B','C','D')`),
    check("risk_scores_score_range", sql`${t.score} between 0 and 100`),
    index("risk_scores_region_tier_idx").on(t.regionCode, t.tier),
  ],
);

/** Every change of an institution's score or tier, append-only, so a change can be explained. */
export const riskScoreHistory = pgTable(
  "risk_score_history",
  {
    provinceCode: provinceCode(),
    id: idKey(),
    institutionId: ref("institution_id", () => institutions.id),
    regionCode: char("region_code", { length: 6 }).notNull(),
    score: integer("score").notNull(),
    tier: char("tier", { length: 1 }).notNull(),
    facts: jsonb("facts").notNull(),
    factors: jsonb("factors").notNull(),
    /** What triggered the recomputation: submission, review, inspection, nightly … */
    cause: text("cause").notNull(),
    computedAt: insertedAt("computed_at"),
  },
  (t) => [index("risk_score_history_institution_idx").on(t.institutionId, t.computedAt)],
);

/** A regulator's written override of the computed tier, until it expires or is revoked. */
export const riskOverrides = pgTable(
  "risk_overrides",
  {
    provinceCode: provinceCode(),
    id: idKey(),
    institutionId: ref("institution_id", () => institutions.id),
    regionCode: char("region_code", { length: 6 }).notNull(),
    tier: char("tier", { length: 1 }).notNull(),
    reason: text("reason").notNull(),
    expiresOn: date("expires_on").notNull(),
    createdBy: ref("created_by", () => users.id),
    createdAt: insertedAt(),
    revokedAt: timestampTz("revoked_at"),
    revokedBy: uuid("revoked_by").references(() => users.id),
  },
  (t) => [
    check("risk_overrides_tier_valid", sql`${t.tier} in ('A','B','C','D')`),
    check("risk_overrides_reason_nonempty", sql`length(trim(${t.reason})) > 0`),
    index("risk_overrides_institution_idx").on(t.institutionId, t.createdAt),
  ],
);

// ---------------------------------------------------------------------------------------------
// Inspection sample (双随机).
// ---------------------------------------------------------------------------------------------

export const inspectionSamples = pgTable(
  "inspection_samples",
  {
    provinceCode: provinceCode(),
    id: idKey(),
    /** Root of the region subtree drawn from. */
    regionCode: regionRef(),
    title: text("title").notNull(),
    periodStart: date("period_start").notNull(),
    periodEnd: date("period_end").notNull(),
    /** Ratio in basis points (1000 = 10%). */
    ratioBp: integer("ratio_bp").notNull(),
    seed: text("seed").notNull(),
    inputDigest: char("input_digest", { length: 64 }).notNull(),
    candidateCount: integer("candidate_count").notNull(),
    sampleSize: integer("sample_size").notNull(),
    /** The frozen input list: [{ id, tier, weight }], in canonical order. */
    inputs: jsonb("inputs").notNull(),
    inspectorsPerInstitution: counter("inspectors_per_institution"),
    /** The regulator accounts the inspectors were drawn from (frozen with the inputs). */
    inspectorPool: uuid("inspector_pool")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdBy: ref("created_by", () => users.id),
    createdAt: insertedAt(),
  },
  (t) => [
    check("inspection_samples_ratio_valid", sql`${t.ratioBp} between 1000 and 10000`),
    check("inspection_samples_period_order", sql`${t.periodEnd} >= ${t.periodStart}`),
    index("inspection_samples_region_idx").on(t.regionCode, t.createdAt),
  ],
);

export const inspectionSampleEntries = pgTable(
  "inspection_sample_entries",
  {
    provinceCode: provinceCode(),
    sampleId: ref("sample_id", () => inspectionSamples.id),
    institutionId: ref("institution_id", () => institutions.id),
    position: integer("position").notNull(),
    tier: char("tier", { length: 1 }).notNull(),
    reason: text("reason", { enum: ["key_supervision", "must_include", "random"] }).notNull(),
    inspectorIds: uuid("inspector_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    isInspected: boolean("is_inspected").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.sampleId, t.institutionId] })],
);

/**
 * A region's must-include list (migration 0017): an institution put there from a flagged clue is
 * in the next sample drawn over its region; `sample_id` records which draw took it.
 */
export const sampleMustIncludes = pgTable(
  "sample_must_includes",
  {
    provinceCode: char("province_code", { length: 2 }).notNull(),
    id: idKey(),
    clueId: ref("clue_id", () => clues.id),
    institutionId: ref("institution_id", () => institutions.id),
    /** The bureau that added it (its subtree's draws take it). */
    regionCode: regionRef(),
    sampleId: uuid("sample_id").references(() => inspectionSamples.id),
    createdBy: ref("created_by", () => users.id),
    createdAt: insertedAt(),
  },
  (t) => [
    uniqueIndex("sample_must_includes_one_per_clue").on(t.clueId),
    index("sample_must_includes_pending_idx")
      .on(t.provinceCode, t.regionCode)
      .where(sql`${t.sampleId} is null`),
  ],
);
