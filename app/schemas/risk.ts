import { z } from "zod";
import { t } from "~/utils/i18n";
import { dateOnly, requiredText } from "~/schemas/fields";
import { INSTITUTION_KINDS } from "~/domain/vocabulary";

export const TIER_VALUES = ["A", "B", "C", "D"] as const;
export const RISK_SORTS = ["score", "name", "due"] as const;
export type RiskSort = (typeof RISK_SORTS)[number];

/** The risk list's URL filter (the page and its .xlsx export read the same). */
export const riskFilterSchema = z.object({
  region: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .catch(undefined),
  kind: z.enum(INSTITUTION_KINDS).optional().catch(undefined),
  tier: z.enum(TIER_VALUES).optional().catch(undefined),
  sort: z.enum(RISK_SORTS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).optional().catch(undefined),
});

export function parseRiskFilter(request: Request) {
  const f = riskFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { regionCode: f.region, kind: f.kind, tier: f.tier, sort: f.sort, page: f.page };
}

/** A regulator's override of the computed tier: tier, written reason, expiry date. */
export const overrideSchema = z.object({
  tier: z.enum(TIER_VALUES, { error: t("riskPages.override.tierRequired") }),
  reason: requiredText(500),
  expiresOn: dateOnly(),
});
export type OverrideInput = z.input<typeof overrideSchema>;
export type OverrideData = z.output<typeof overrideSchema>;

/** A draw of the inspection sample (双随机). */
export const sampleSchema = z
  .object({
    title: requiredText(120),
    regionCode: z.string({ error: t("validation.required") }).regex(/^\d{6}$/, { error: t("validation.required") }),
    periodStart: dateOnly(),
    periodEnd: dateOnly(),
    ratioPercent: z.coerce
      .number({ error: t("riskPages.sample.ratioInvalid") })
      .int({ error: t("riskPages.sample.ratioInvalid") })
      .min(10, { error: t("riskPages.sample.ratioMin") })
      .max(100, { error: t("riskPages.sample.ratioMax") }),
    seed: z
      .string({ error: t("validation.required") })
      .trim()
      .min(1, { error: t("validation.required") })
      .max(64, { error: t("validation.tooLong", { max: 64 }) })
      .regex(/^[0-9A-Za-z_-]+$/, { error: t("riskPages.sample.seedInvalid") }),
    inspectorsPerInstitution: z.coerce
      .number({ error: t("riskPages.sample.inspectorsInvalid") })
      .int({ error: t("riskPages.sample.inspectorsInvalid") })
      .min(0, { error: t("riskPages.sample.inspectorsInvalid") })
      .max(3, { error: t("riskPages.sample.inspectorsInvalid") }),
  })
  .superRefine((v, ctx) => {
    if (v.periodEnd < v.periodStart) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: t("regulator.periodOrder") });
  });
export type SampleInput = z.input<typeof sampleSchema>;
export type SampleData = z.output<typeof sampleSchema>;
