// Query strings of the oversight pages (/reg/oversight…): filters, whitelisted sort keys, paging.
// A value that does not parse falls back to the default; the models 404 on a campaign or
// region the regulator may not see.
import { z } from "zod";
import { INSTITUTION_KINDS } from "~/domain/vocabulary";

export const REGION_SORT_KEYS = [
  "region",
  "targets",
  "completion",
  "notStarted",
  "returned",
  "accepted",
  "overdue",
  "problems",
  "refunded",
] as const;
export type RegionSortKey = (typeof REGION_SORT_KEYS)[number];
export const HOTSPOT_SORT_KEYS = ["problems", "share", "cases", "amount", "refunded", "code"] as const;
export type HotspotSortKey = (typeof HOTSPOT_SORT_KEYS)[number];
export const OVERDUE_SORT_KEYS = ["days", "institution", "region", "status"] as const;
export type OverdueSortKey = (typeof OVERDUE_SORT_KEYS)[number];
export const ESCALATION_LEVELS = ["none", "county", "city"] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

const common = {
  campaign: z.string().max(64).optional().catch(undefined),
  region: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .catch(undefined),
  kind: z.enum(INSTITUTION_KINDS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
};

export const overviewQuerySchema = z.object({ ...common, sort: z.enum(REGION_SORT_KEYS).optional().catch(undefined) });

export type OverviewQuery = z.infer<typeof overviewQuerySchema>;
