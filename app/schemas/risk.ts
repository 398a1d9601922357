import { z } from "zod";
import { t } from "~/utils/i18n";
import { dateOnly, requiredText } from "~/schemas/fields";

export const TIER_VALUES = ["A", "B", "C", "D"] as const;
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
