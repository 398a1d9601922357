import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid, boolean } from "drizzle-orm/pg-core";
import type { SubmissionSnapshot } from "./submission-snapshot";
import { assessments } from "./assessments";
import { checklistItems } from "./checklists";
import { users } from "./users";
import { provinceCode } from "./province";
import { ref, idKey, timestampTz, insertedAt } from "./columns";

/**
 * One submission of a self-check, frozen. The regulator reviews this, never the live answers.
 * A trigger allows exactly one change: recording the decision on a pending version.
 */
export const assessmentVersions = pgTable(
  "assessment_versions",
  {
    provinceCode: provinceCode(),
    id: idKey(),
    assessmentId: ref("assessment_id", () => assessments.id),
    version: integer("version").notNull(),
    snapshot: jsonb("snapshot").$type<SubmissionSnapshot>().notNull(),
    submittedAt: timestampTz("submitted_at").notNull(),
    submittedBy: ref("submitted_by", () => users.id),
    decision: text("decision", { enum: ["pending", "accepted", "returned"] })
      .notNull()
      .default("pending"),
    decidedAt: timestampTz("decided_at"),
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
    id: idKey(),
    versionId: ref("version_id", () => assessmentVersions.id),
    checklistItemId: ref("checklist_item_id", () => checklistItems.id),
    decision: text("decision", { enum: ["accepted", "returned"] }).notNull(),
    comment: text("comment"),
    /** Carried over from the previous version because the item was not returned there. */
    isCarriedOver: boolean("is_carried_over").notNull().default(false),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    reviewedAt: insertedAt("reviewed_at"),
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
    id: idKey(),
    assessmentId: ref("assessment_id", () => assessments.id),
    checklistItemId: ref("checklist_item_id", () => checklistItems.id),
    authorId: ref("author_id", () => users.id),
    body: text("body").notNull(),
    createdAt: insertedAt(),
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
    assessmentId: ref("assessment_id", () => assessments.id),
    checklistItemId: ref("checklist_item_id", () => checklistItems.id),
    assigneeId: ref("assignee_id", () => users.id),
    assignedBy: ref("assigned_by", () => users.id),
    assignedAt: insertedAt("assigned_at"),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.checklistItemId] }), index("item_assignments_assignee_idx").on(t.assigneeId)],
);
