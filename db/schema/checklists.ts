import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, unique, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";

import { users } from "./users";
import { ref, idKey, timestampTz, insertedAt, publication } from "./columns";

/** A problem list (问题清单) as a document: who issued it, under which 文号. */
export const checklists = pgTable("checklists", {
  id: idKey(),
  ...publication(),
  description: text("description"),
  createdAt: insertedAt(),
});

/**
 * A version of a list. Items hang off a version, never off the list, so a version that a
 * campaign uses is never edited: a changed file or a localization becomes a new version.
 */
export const checklistVersions = pgTable(
  "checklist_versions",
  {
    id: idKey(),
    checklistId: ref("checklist_id", () => checklists.id),
    version: integer("version").notNull(),
    status: text("status", { enum: ["draft", "published"] }).notNull(),
    parentVersionId: uuid("parent_version_id").references((): AnyPgColumn => checklistVersions.id),
    contentHash: text("content_hash").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: insertedAt(),
    publishedAt: timestampTz("published_at"),
  },
  (t) => [
    unique("checklist_versions_number_unique").on(t.checklistId, t.version),
    check("checklist_versions_status_valid", sql`${t.status} in ('draft','published')`),
    check("checklist_versions_version_positive", sql`${t.version} > 0`),
    check("checklist_versions_published_has_date", sql`(${t.status} = 'published') = (${t.publishedAt} is not null)`),
    // Migration 0009 also freezes published versions and their items with triggers.
    uniqueIndex("checklist_versions_one_draft_per_list")
      .on(t.checklistId)
      .where(sql`${t.status} = 'draft'`),
  ],
);

export const checklistItems = pgTable(
  "checklist_items",
  {
    id: idKey(),
    versionId: ref("version_id", () => checklistVersions.id),
    code: text("code").notNull(),
    position: integer("position").notNull(),
    section: text("section").notNull(),
    domain: text("domain"),
    title: text("title").notNull(),
    guidance: text("guidance").notNull(),
    legalBasis: text("legal_basis"),
    appliesTo: text("applies_to").array().notNull(),
    isEvidenceRequired: boolean("is_evidence_required").notNull(),
    /**
     * In a localized version: the item of the parent version this one was copied from (its
     * official wording stays visible beside a local rewrite). Null for a local addition or an
     * item of an original list.
     */
    inheritedItemId: uuid("inherited_item_id").references((): AnyPgColumn => checklistItems.id),
  },
  (t) => [
    unique("checklist_items_code_unique").on(t.versionId, t.code),
    check("checklist_items_section_valid", sql`${t.section} in ('定点医疗机构','定点药店','参保人员','职业骗保团伙','异地就医')`),
    check("checklist_items_applies_to_nonempty", sql`cardinality(${t.appliesTo}) > 0`),
    check(
      "checklist_items_applies_to_valid",
      sql`${t.appliesTo} <@ array['hospital','primary_care','village_clinic','pharmacy','elderly_care_clinic','other']::text[]`,
    ),
    index("checklist_items_version_position_idx").on(t.versionId, t.position),
    index("checklist_items_inherited_idx")
      .on(t.inheritedItemId)
      .where(sql`${t.inheritedItemId} is not null`),
  ],
);

/** Reference data shipped with a notice (e.g. key drugs and consumables for monitoring). */
export const referenceLists = pgTable("reference_lists", {
  id: idKey(),
  ...publication(),
  contentHash: text("content_hash").notNull(),
  importedAt: insertedAt("imported_at"),
});

export const referenceEntries = pgTable(
  "reference_entries",
  {
    id: idKey(),
    listId: ref("list_id", () => referenceLists.id, { onDelete: "cascade" }),
    category: text("category").notNull(),
    rank: integer("rank").notNull(),
    codes: text("codes").array().notNull(),
    name: text("name").notNull(),
    dosageForm: text("dosage_form"),
  },
  (t) => [unique("reference_entries_rank_unique").on(t.listId, t.category, t.rank)],
);
