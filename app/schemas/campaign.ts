import { z } from "zod";
import { INSTITUTION_KINDS } from "~/domain/vocabulary";
import { t } from "~/utils/i18n";
import { dateOnly, optionalDateOnly, optionalText, requiredText } from "~/schemas/fields";

export const campaignSchema = z
  .object({
    title: requiredText(120),
    description: optionalText(2000),
    checklistVersionId: z.string({ error: t("validation.required") }).uuid({ error: t("validation.required") }),
    targetRegionCode: z.string({ error: t("validation.required") }).regex(/^\d{6}$/, { error: t("validation.required") }),
    targetKinds: z
      .array(z.enum(INSTITUTION_KINDS), { error: t("regulator.targetKindsRequired") })
      .min(1, { error: t("regulator.targetKindsRequired") }),
    reviewPeriodStart: dateOnly(),
    reviewPeriodEnd: optionalDateOnly(),
    selfCheckDueOn: dateOnly(),
    rectificationDueOn: dateOnly(),
    escalateCountyAfterDays: z.coerce
      .number({ error: t("validation.integerInvalid") })
      .int({ error: t("validation.integerInvalid") })
      .min(1, { error: t("regulator.escalationMin") })
      .max(60, { error: t("regulator.escalationMax") })
      .default(3),
    escalateCityAfterDays: z.coerce
      .number({ error: t("validation.integerInvalid") })
      .int({ error: t("validation.integerInvalid") })
      .min(1, { error: t("regulator.escalationMin") })
      .max(90, { error: t("regulator.escalationMax") })
      .default(7),
  })
  .superRefine((v, ctx) => {
    if (v.escalateCityAfterDays < v.escalateCountyAfterDays)
      ctx.addIssue({ code: "custom", path: ["escalateCityAfterDays"], message: t("regulator.escalationOrder") });
    if (v.rectificationDueOn < v.selfCheckDueOn)
      ctx.addIssue({ code: "custom", path: ["rectificationDueOn"], message: t("regulator.dueOrder") });
    if (v.reviewPeriodEnd && v.reviewPeriodEnd < v.reviewPeriodStart)
      ctx.addIssue({ code: "custom", path: ["reviewPeriodEnd"], message: t("regulator.periodOrder") });
  });
export type CampaignInput = z.input<typeof campaignSchema>;
export type CampaignData = z.output<typeof campaignSchema>;
/** What the model needs; optional text fields may be left out by callers other than the form. */
export type CampaignFields = Omit<CampaignData, "description" | "reviewPeriodEnd" | "escalateCountyAfterDays" | "escalateCityAfterDays"> & {
  description?: string;
  reviewPeriodEnd?: string;
  escalateCountyAfterDays?: number;
  escalateCityAfterDays?: number;
};
