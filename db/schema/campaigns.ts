import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { checklistVersions } from "./checklists";
import { institutions } from "./institutions";

import { users } from "./users";
import { provinceCode } from "./province";
import { ref, regionRef, idKey, timestampTz, insertedAt } from "./columns";

export const campaigns = pgTable(
  "campaigns",
  {
    id: idKey(),
    title: text("title").notNull(),
    description: text("description"),
    /** The issuing regulator's region: who owns and manages the campaign. */
    regionCode: regionRef(),
    /** The subtree whose institutions are targeted (the issuing region or a sub-region). */
    targetRegionCode: regionRef("target_region_code"),
    targetKinds: text("target_kinds").array().notNull(),
    checklistVersionId: ref("checklist_version_id", () => checklistVersions.id),
    reviewPeriodStart: date("review_period_start").notNull(),
    reviewPeriodEnd: date("review_period_end"),
    selfCheckDueOn: date("self_check_due_on").notNull(),
    rectificationDueOn: date("rectification_due_on").notNull(),
    status: text("status", { enum: ["draft", "open", "closed"] })
      .notNull()
      .default("draft"),
    /** Days overdue after which the county's regulators, then the city's, are told too. */
    escalateCountyAfterDays: integer("escalate_county_after_days").notNull().default(3),
    escalateCityAfterDays: integer("escalate_city_after_days").notNull().default(7),
    createdBy: ref("created_by", () => users.id),
    createdAt: insertedAt(),
    openedAt: timestampTz("opened_at"),
    openedBy: uuid("opened_by").references(() => users.id),
    closedAt: timestampTz("closed_at"),
  },
  (t) => [
    check("campaigns_status_valid", sql`${t.status} in ('draft','open','closed')`),
    check("campaigns_kinds_nonempty", sql`cardinality(${t.targetKinds}) > 0`),
    check(
      "campaigns_kinds_valid",
      sql`${t.targetKinds} <@ array['hospital','primary_care','village_clinic','pharmacy','elderly_care_clinic','other']::text[]`,
    ),
    check("campaigns_due_order", sql`${t.rectificationDueOn} >= ${t.selfCheckDueOn}`),
    check(
      "campaigns_escalation_order",
      sql`${t.escalateCountyAfterDays} >= 1 and ${t.escalateCityAfterDays} >= ${t.escalateCountyAfterDays}`,
    ),
    check("campaigns_period_order", sql`${t.reviewPeriodEnd} is null or ${t.reviewPeriodEnd} >= ${t.reviewPeriodStart}`),
    check("campaigns_opened_has_date", sql`${t.status} = 'draft' or ${t.openedAt} is not null`),
    index("campaigns_region_idx").on(t.regionCode, t.status),
  ],
);

/** The institutions a campaign targets, snapshotted (name, kind, region) when it opens. */
export const campaignTargets = pgTable(
  "campaign_targets",
  {
    provinceCode: provinceCode(),
    campaignId: ref("campaign_id", () => campaigns.id),
    institutionId: ref("institution_id", () => institutions.id),
    institutionName: text("institution_name").notNull(),
    institutionKind: text("institution_kind").notNull(),
    regionCode: regionRef(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.institutionId] }), index("campaign_targets_institution_idx").on(t.institutionId)],
);
