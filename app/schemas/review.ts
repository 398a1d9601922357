import { z } from "zod";
import { t } from "~/utils/i18n";
import { dateOnly, optionalText } from "~/schemas/fields";

export const itemReviewSchema = z
  .object({
    checklistItemId: z.string().uuid(),
    decision: z.enum(["accepted", "returned"], { error: t("validation.required") }),
    comment: optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "returned" && !v.comment)
      ctx.addIssue({ code: "custom", path: ["comment"], message: t("review.returnNeedsComment") });
  });

export const decisionSchema = z.discriminatedUnion(
  "decision",
  [
    z.object({ decision: z.literal("accepted"), comment: optionalText(1000) }),
    z.object({ decision: z.literal("returned"), comment: optionalText(1000), reworkDueOn: dateOnly() }),
  ],
  { error: t("validation.required") },
);
