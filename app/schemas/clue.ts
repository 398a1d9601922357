// Forms and URL filters of the clue ledger: one schema for the form and its action.
import { z } from "zod";
import { CLUE_RESULTS, CLUE_RISK_LEVELS, CLUE_VERDICTS } from "~/domain/clues";
import { dateOnly, optionalDateOnly, optionalText, requiredText } from "~/schemas/fields";
import { t } from "~/utils/i18n";
import { parseYuanToFen } from "~/utils/money";

export const clueReportSchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .catch(() => new Date().toISOString().slice(0, 7)),
});

export const clueRecordPageSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

/** An optional yuan amount: blank → undefined, otherwise fen. */
const optionalYuan = () =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value || !value.trim()) return undefined;
      const parsed = parseYuanToFen(value);
      if (parsed.ok) return parsed.fen;
      ctx.addIssue({ code: "custom", message: t("clues.errors.amountFormat") });
      return z.NEVER;
    });

const recordIds = z
  .array(z.string().regex(/^\d{1,18}$/))
  .max(5_000)
  .default([])
  .transform((ids) => ids.map(Number));

/**
 * An institution's answer to one or many records of a clue. Blank confirmed amount: the
 * record's own amount for 属实, 0 for 不属实 (部分属实 needs one). "Refunded in full" copies the
 * confirmed amount.
 */
export const clueAnswerSchema = z
  .object({
    scope: z.enum(["selected", "all"]).default("selected"),
    recordIds,
    verdict: z.enum(CLUE_VERDICTS, { error: t("clues.errors.verdict") }),
    explanation: requiredText(2000),
    confirmed: optionalYuan(),
    refunded: optionalYuan(),
    refundedAll: z
      .literal("on")
      .optional()
      .transform((v) => v === "on"),
  })
  .superRefine((v, ctx) => {
    if (v.verdict === "partly" && v.confirmed === undefined)
      ctx.addIssue({ code: "custom", path: ["confirmed"], message: t("clues.errors.required") });
    if (v.verdict === "false" && (v.confirmed ?? 0) > 0)
      ctx.addIssue({ code: "custom", path: ["confirmed"], message: t("clues.errors.falseWithAmount") });
    if (v.refunded !== undefined && v.refunded > (v.confirmed ?? (v.verdict === "false" ? 0 : Number.MAX_SAFE_INTEGER)))
      ctx.addIssue({ code: "custom", path: ["refunded"], message: t("clues.errors.refundedOverConfirmed") });
    if (v.scope === "selected" && v.recordIds.length === 0)
      ctx.addIssue({ code: "custom", path: ["recordIds"], message: t("clues.answer.nothing") });
  });
export type ClueAnswerData = z.output<typeof clueAnswerSchema>;

export const clueReviewSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("accepted"), recordId: z.coerce.number().int().positive(), comment: optionalText(1000) }),
  z.object({ decision: z.literal("returned"), recordId: z.coerce.number().int().positive(), comment: requiredText(1000) }),
]);
export type ClueReviewData = z.output<typeof clueReviewSchema>;

export const clueCloseSchema = z
  .object({
    result: z.enum(CLUE_RESULTS, { error: t("clues.errors.result") }),
    recovered: optionalYuan(),
    penalty: optionalYuan(),
    transferTarget: optionalText(200),
    transferOn: optionalDateOnly(),
    note: requiredText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.result === "confirmed") {
      if (v.recovered === undefined) ctx.addIssue({ code: "custom", path: ["recovered"], message: t("clues.errors.required") });
      if (v.penalty === undefined) ctx.addIssue({ code: "custom", path: ["penalty"], message: t("clues.errors.required") });
    }
    if (!!v.transferTarget !== !!v.transferOn)
      ctx.addIssue({ code: "custom", path: [v.transferTarget ? "transferOn" : "transferTarget"], message: t("clues.errors.transferPair") });
    else if (v.transferTarget && v.result !== "confirmed")
      ctx.addIssue({ code: "custom", path: ["transferTarget"], message: t("clues.errors.transferOnlyConfirmed") });
  });
export type ClueCloseData = z.output<typeof clueCloseSchema>;

export const clueDispatchSchema = z.object({
  target: z.string({ error: t("clues.errors.regionUnknown") }).regex(/^\d{6}$/, { error: t("clues.errors.regionUnknown") }),
});

export const clueDispatchAllSchema = z.object({ mode: z.enum(["next", "direct"]).default("next") });

export const PII_FIELDS = ["patientName", "patientId"] as const;
export const clueRevealSchema = z.object({
  recordId: z.coerce.number().int().positive(),
  field: z.enum(PII_FIELDS, { error: t("clues.errors.field") }),
  reason: z
    .string({ error: t("clues.errors.reason") })
    .trim()
    .min(4, { error: t("clues.errors.reason") })
    .max(200, { error: t("validation.tooLong", { max: 200 }) }),
});

export const complaintSchema = z.object({
  nhsaCode: z
    .string()
    .trim()
    .toUpperCase()
    .max(12, { error: t("clues.errors.institutionUnknown") })
    .optional()
    .transform((v) => (v ? v : undefined)),
  regionCode: z.string({ error: t("clues.errors.regionUnknown") }).regex(/^\d{6}$/, { error: t("clues.errors.regionUnknown") }),
  ruleName: requiredText(200),
  /** Optional link to a problem-list item, by its code. */
  itemCode: optionalText(50),
  risk: z.enum(CLUE_RISK_LEVELS, { error: t("clues.errors.risk") }),
  amount: optionalYuan(),
  dueOn: dateOnly(),
  summary: requiredText(4000),
  complainantName: requiredText(50),
  complainantPhone: optionalText(30),
  complainantId: optionalText(18),
});
export type ComplaintData = z.output<typeof complaintSchema>;

export const clueImportFieldsSchema = z.object({
  batchName: requiredText(200),
  docNo: requiredText(100),
  dueOn: dateOnly(t("clues.errors.dueOn")),
});
