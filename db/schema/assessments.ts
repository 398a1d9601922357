import { sql } from "drizzle-orm";
import { bigint, char, check, date, foreignKey, index, integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { campaignTargets, campaigns } from "./campaigns";
import { checklistItems } from "./checklists";
import { institutions } from "./institutions";
import { users } from "./users";
import { provinceCode } from "./province";

/**
 * One self-check per campaign × institution. The counters are rollups kept up to date in
 * the same transaction as each answer, so list pages never scan the answers.
 */
export const assessments = pgTable(
  "assessments",
  {
    provinceCode: provinceCode(),
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    regionCode: char("region_code", { length: 6 }).notNull(),
    status: text("status", {
      enum: ["not_started", "in_progress", "submitted", "returned", "resubmitted", "accepted"],
    })
      .notNull()
      .default("not_started"),
    itemCount: integer("item_count").notNull(),
    answeredCount: integer("answered_count").notNull().default(0),
    problemCount: integer("problem_count").notNull().default(0),
    amountInvolvedFen: bigint("amount_involved_fen", { mode: "number" }).notNull().default(0),
    refundedFen: bigint("refunded_fen", { mode: "number" }).notNull().default(0),
    commitmentSignedBy: text("commitment_signed_by"),
    commitmentSignedAt: timestamp("commitment_signed_at", { withTimezone: true }),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    submittedBy: uuid("submitted_by").references(() => users.id),
    startedAt: timestamp("started_at", { withTimezone: true }),
    /** Number of the newest submitted version (0 before the first submission). */
    currentVersion: integer("current_version").notNull().default(0),
    /** When returned for rework: the date the rework is due. */
    reworkDueOn: date("rework_due_on"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
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
    id: uuid("id").primaryKey().defaultRandom(),
    assessmentId: uuid("assessment_id")
      .notNull()
      .references(() => assessments.id),
    checklistItemId: uuid("checklist_item_id")
      .notNull()
      .references(() => checklistItems.id),
    answer: text("answer", { enum: ["not_applicable", "no_problem", "problem_found"] }).notNull(),
    description: text("description"),
    caseCount: integer("case_count"),
    amountInvolvedFen: bigint("amount_involved_fen", { mode: "number" }),
    refundedFen: bigint("refunded_fen", { mode: "number" }),
    rectificationPlan: text("rectification_plan"),
    responsiblePerson: text("responsible_person"),
    rectificationDueOn: date("rectification_due_on"),
    rectificationStatus: text("rectification_status", {
      enum: ["open", "in_progress", "rectified"],
    }),
    rectifiedOn: date("rectified_on"),
    answeredBy: uuid("answered_by")
      .notNull()
      .references(() => users.id),
    answeredAt: timestamp("answered_at", { withTimezone: true }).notNull().defaultNow(),
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
