import { z } from "zod";
import { RECTIFICATION_STATUSES } from "~/domain/vocabulary";
import { t } from "~/utils/i18n";
import { optionalDateOnly } from "~/schemas/fields";

export const rectificationSchema = z
  .object({
    lockVersion: z.coerce.number().int().min(0),
    rectificationStatus: z.enum(RECTIFICATION_STATUSES, { error: t("validation.required") }),
    rectifiedOn: optionalDateOnly(),
  })
  .superRefine((v, ctx) => {
    if (v.rectificationStatus === "rectified" && !v.rectifiedOn)
      ctx.addIssue({ code: "custom", path: ["rectifiedOn"], message: t("institution.rectifiedOnRequired") });
  });

export const commentSchema = z.object({
  body: z
    .string({ error: t("validation.required") })
    .trim()
    .min(1, { error: t("validation.required") })
    .max(2000, { error: t("validation.tooLong", { max: 2000 }) }),
});
