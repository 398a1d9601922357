import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid, boolean } from "drizzle-orm/pg-core";
import type { SubmissionSnapshot } from "./submission-snapshot";
import { assessments } from "./assessments";
import { checklistItems } from "./checklists";
import { users } from "./users";
import { provinceCode } from "./province";

/**
 * One submission of a self-check, frozen. The regulator reviews this, never the live answers.
 * A trigger allows exactly one change: recording the decision on a pending version.
 */
export const assessmentVersions = pgTable(
  "assessment_versions",
  {
    provinceCode: provinceCode(),
    id: uuid("id").primaryKey().defaultRandom(),
    assessmentId: uuid("assessment_id")
      .notNull()
      .references(() => assessments.id),
    version: integer("version").notNull(),
    snapshot: jsonb("snapshot").$type<SubmissionSnapshot>().notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    submittedBy: uuid("submitted_by")
      .notNull()
      .references(() => users.id),
    decision: text("decision", { enum: ["pending", "accepted", "returned"] })
      .notNull()
      .default("pending"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedBy: uuid("decided_by").references(() => users.id),
    decisionComment: text("decision_comment"),
    reworkDueOn: date("rework_due_on"),
  },
  (t) => [
    unique("assessment_versions_number_unique").on(t.assessmentId, t.version),
    check("assessment_versions_decision_valid", sql`${t.decision} in ('pending','accepted','returned')`),
    check("assessment_versions_decided_has_date", sql`(${t.decision} = 'pending') = (${t.decidedAt} is null)`),
    check("assessment_versions_returned_has_due", sql`${t.decision} <> 'returned' or ${t.reworkDueOn} is not null`),
  ],
);

/** The regulator's verdict on one item of one submitted version. */
export const itemReviews = pgTable(
  "item_reviews",
  {
    provinceCode: provinceCode(),
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => assessmentVersions.id),
    checklistItemId: uuid("checklist_item_id")
      .notNull()
      .references(() => checklistItems.id),
    decision: text("decision", { enum: ["accepted", "returned"] }).notNull(),
    comment: text("comment"),
    /** Carried over from the previous version because the item was not returned there. */
    isCarriedOver: boolean("is_carried_over").notNull().default(false),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("item_reviews_one_per_item").on(t.versionId, t.checklistItemId),
    check("item_reviews_decision_valid", sql`${t.decision} in ('accepted','returned')`),
    check("item_reviews_returned_has_comment", sql`${t.decision} = 'accepted' or coalesce(length(trim(${t.comment})), 0) > 0`),
  ],
);

/** A conversation per item between the institution and the regulator. Append-only. */
export const itemComments = pgTable(
  "item_comments",
  {
    provinceCode: provinceCode(),
    id: uuid("id").primaryKey().defaultRandom(),
    assessmentId: uuid("assessment_id")
      .notNull()
      .references(() => assessments.id),
    checklistItemId: uuid("checklist_item_id")
      .notNull()
      .references(() => checklistItems.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("item_comments_body_nonempty", sql`length(trim(${t.body})) > 0`),
    index("item_comments_item_idx").on(t.assessmentId, t.checklistItemId, t.createdAt),
  ],
);

/** Which staff account fills in which item (科室填报人). */
export const itemAssignments = pgTable(
  "item_assignments",
  {
    provinceCode: provinceCode(),
    assessmentId: uuid("assessment_id")
      .notNull()
      .references(() => assessments.id),
    checklistItemId: uuid("checklist_item_id")
      .notNull()
      .references(() => checklistItems.id),
    assigneeId: uuid("assignee_id")
      .notNull()
      .references(() => users.id),
    assignedBy: uuid("assigned_by")
      .notNull()
      .references(() => users.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.checklistItemId] }), index("item_assignments_assignee_idx").on(t.assigneeId)],
);
