import { sql } from "drizzle-orm";
import { char, check, date, foreignKey, index, integer, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { campaignTargets, campaigns } from "./campaigns";
import { checklistItems } from "./checklists";
import { institutions } from "./institutions";
import { users } from "./users";
import { provinceCode } from "./province";
import { ref, idKey, timestampTz, insertedAt, counter, bigCounter, fen } from "./columns";

/**
 * One self-check per campaign × institution. The counters are rollups kept up to date in
 * the same transaction as each answer, so list pages never scan the answers.
 */
export const assessments = pgTable(
  "assessments",
  {
    provinceCode: provinceCode(),
    id: idKey(),
    campaignId: ref("campaign_id", () => campaigns.id),
    institutionId: ref("institution_id", () => institutions.id),
    regionCode: char("region_code", { length: 6 }).notNull(),
    status: text("status", {
      enum: ["not_started", "in_progress", "submitted", "returned", "resubmitted", "accepted"],
    })
      .notNull()
      .default("not_started"),
    itemCount: integer("item_count").notNull(),
    answeredCount: counter("answered_count"),
    problemCount: counter("problem_count"),
    amountInvolvedFen: bigCounter("amount_involved_fen"),
    refundedFen: bigCounter("refunded_fen"),
    commitmentSignedBy: text("commitment_signed_by"),
    commitmentSignedAt: timestampTz("commitment_signed_at"),
    submittedAt: timestampTz("submitted_at"),
    submittedBy: uuid("submitted_by").references(() => users.id),
    startedAt: timestampTz("started_at"),
    /** Number of the newest submitted version (0 before the first submission). */
    currentVersion: counter("current_version"),
    /** When returned for rework: the date the rework is due. */
    reworkDueOn: date("rework_due_on"),
    updatedAt: insertedAt("updated_at"),
  },
  (t) => [
    unique("assessments_campaign_institution_unique").on(t.campaignId, t.institutionId),
    foreignKey({
      name: "assessments_target_fk",
      columns: [t.campaignId, t.institutionId],
      foreignColumns: [campaignTargets.campaignId, campaignTargets.institutionId],
    }),
    check("assessments_status_valid", sql`${t.status} in ('not_started','in_progress','submitted','returned','resubmitted','accepted')`),
    check(
      "assessments_counts_valid",
      sql`${t.answeredCount} between 0 and ${t.itemCount} and ${t.problemCount} between 0 and ${t.answeredCount}`,
    ),
    check("assessments_amounts_nonnegative", sql`${t.amountInvolvedFen} >= 0 and ${t.refundedFen} >= 0`),
    check("assessments_returned_has_due", sql`${t.status} <> 'returned' or ${t.reworkDueOn} is not null`),
    check(
      "assessments_submitted_is_complete",
      sql`${t.status} in ('not_started','in_progress') or (${t.submittedAt} is not null and ${t.commitmentSignedAt} is not null and ${t.answeredCount} = ${t.itemCount})`,
    ),
    index("assessments_campaign_status_idx").on(t.campaignId, t.status),
    index("assessments_institution_idx").on(t.institutionId),
  ],
);

/** One answer per assessment × checklist item, created on first save. */
export const assessmentItems = pgTable(
  "assessment_items",
  {
    provinceCode: provinceCode(),
    id: idKey(),
    assessmentId: ref("assessment_id", () => assessments.id),
    checklistItemId: ref("checklist_item_id", () => checklistItems.id),
    answer: text("answer", { enum: ["not_applicable", "no_problem", "problem_found"] }).notNull(),
    description: text("description"),
    caseCount: integer("case_count"),
    amountInvolvedFen: fen("amount_involved_fen"),
    refundedFen: fen("refunded_fen"),
    rectificationPlan: text("rectification_plan"),
    responsiblePerson: text("responsible_person"),
    rectificationDueOn: date("rectification_due_on"),
    rectificationStatus: text("rectification_status", {
      enum: ["open", "in_progress", "rectified"],
    }),
    rectifiedOn: date("rectified_on"),
    answeredBy: ref("answered_by", () => users.id),
    answeredAt: insertedAt("answered_at"),
    lockVersion: integer("lock_version").notNull().default(1),
  },
  (t) => [
    unique("assessment_items_one_answer").on(t.assessmentId, t.checklistItemId),
    check("assessment_items_answer_valid", sql`${t.answer} in ('not_applicable','no_problem','problem_found')`),
    check(
      "assessment_items_rectification_status_valid",
      sql`${t.rectificationStatus} is null or ${t.rectificationStatus} in ('open','in_progress','rectified')`,
    ),
    check(
      "assessment_items_amounts_valid",
      sql`coalesce(${t.amountInvolvedFen}, 0) >= 0 and coalesce(${t.refundedFen}, 0) >= 0
          and coalesce(${t.refundedFen}, 0) <= coalesce(${t.amountInvolvedFen}, 0)
          and coalesce(${t.caseCount}, 0) >= 0`,
    ),
    // A found problem carries its facts and its rectification; other answers carry none.
    check(
      "assessment_items_problem_details",
      sql`case when ${t.answer} = 'problem_found' then
            ${t.description} is not null and ${t.caseCount} is not null and ${t.amountInvolvedFen} is not null
            and ${t.refundedFen} is not null and ${t.rectificationPlan} is not null
            and ${t.responsiblePerson} is not null and ${t.rectificationDueOn} is not null
            and ${t.rectificationStatus} is not null
          else
            ${t.description} is null and ${t.caseCount} is null and ${t.amountInvolvedFen} is null
            and ${t.refundedFen} is null and ${t.rectificationPlan} is null
            and ${t.responsiblePerson} is null and ${t.rectificationDueOn} is null
            and ${t.rectificationStatus} is null
          end`,
    ),
    check("assessment_items_rectified_has_date", sql`(${t.rectificationStatus} = 'rectified') = (${t.rectifiedOn} is not null)`),
  ],
);
