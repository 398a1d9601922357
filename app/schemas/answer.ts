import { z } from "zod";
import { RECTIFICATION_STATUSES } from "~/domain/vocabulary";
import { t } from "~/utils/i18n";
import { dateOnly, nonNegativeInt, optionalDateOnly, requiredText, yuanToFen } from "~/schemas/fields";

const lockVersion = z.coerce.number().int().min(0).default(0);

const withoutProblem = z.object({
  answer: z.enum(["not_applicable", "no_problem"]),
  lockVersion,
});

const withProblem = z
  .object({
    answer: z.literal("problem_found"),
    lockVersion,
    description: requiredText(2000),
    caseCount: nonNegativeInt(),
    amountInvolvedFen: yuanToFen(),
    refundedFen: yuanToFen(),
    rectificationPlan: requiredText(2000),
    responsiblePerson: requiredText(50),
    rectificationDueOn: dateOnly(),
    rectificationStatus: z.enum(RECTIFICATION_STATUSES, { error: t("validation.required") }),
    rectifiedOn: optionalDateOnly(),
  })
  .superRefine((v, ctx) => {
    if (v.refundedFen > v.amountInvolvedFen)
      ctx.addIssue({ code: "custom", path: ["refundedFen"], message: t("validation.refundExceedsAmount") });
    if (v.rectificationStatus === "rectified" && !v.rectifiedOn)
      ctx.addIssue({ code: "custom", path: ["rectifiedOn"], message: t("institution.rectifiedOnRequired") });
  });

/**
 * One item's answer. A found problem must carry its facts and rectification; the form's
 * amount fields are yuan text (named …Fen because that is what they become).
 */
export const answerSchema = z.discriminatedUnion("answer", [withoutProblem, withProblem], {
  error: t("institution.answerRequired"),
});

export type AnswerData = z.output<typeof answerSchema>;
export type AnswerFormValues = {
  answer: string;
  lockVersion: string;
  description: string;
  caseCount: string;
  amountInvolvedFen: string;
  refundedFen: string;
  rectificationPlan: string;
  responsiblePerson: string;
  rectificationDueOn: string;
  rectificationStatus: string;
  rectifiedOn: string;
};
