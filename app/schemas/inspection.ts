import { z } from "zod";
import { t } from "~/utils/i18n";
import { dateOnly, nonNegativeInt, optionalText, requiredText, yuanToFen } from "~/schemas/fields";

// Same values as the database's check constraints (db/schema/oversight.ts).
export const INSPECTION_TYPES = ["flight", "on_site", "cross", "third_party"] as const;
export type InspectionType = (typeof INSPECTION_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = z.string().regex(UUID);
const optionalUuid = z
  .string()
  .optional()
  .transform((v) => (v && UUID.test(v) ? v : undefined));
export const inspectionSchema = z.object({
  institutionId: z
    .string({ error: t("inspections.create.institutionRequired") })
    .regex(UUID, { error: t("inspections.create.institutionRequired") }),
  type: z.enum(INSPECTION_TYPES, { error: t("validation.required") }),
  inspectedOn: dateOnly(),
  inspectorNames: requiredText(200),
  inspectorIds: z
    .array(uuid, { error: t("inspections.create.inspectorOutside") })
    .max(20)
    .default([]),
  summary: optionalText(4000),
  /** Set when recorded from a drawn sample (双随机): /reg/inspections/new?institution=…&sample=… */
  sampleId: optionalUuid,
  /** Set when recorded from a clue flagged for cross-inspection: /reg/inspections/new?institution=…&clue=… */
  clueId: optionalUuid.optional(),
});
export type InspectionInput = z.input<typeof inspectionSchema>;
export type InspectionData = z.output<typeof inspectionSchema>;

/** One finding; amounts are typed in yuan and become fen. An empty item means "not on the list". */
export const findingSchema = z
  .object({
    checklistItemId: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || uuid.safeParse(v).success, { error: t("inspections.detail.itemNotOnList") }),
    description: requiredText(2000),
    caseCount: nonNegativeInt(),
    amountFoundFen: yuanToFen(),
    amountRecoveredFen: yuanToFen(),
  })
  .superRefine((v, ctx) => {
    if (v.amountRecoveredFen > v.amountFoundFen)
      ctx.addIssue({ code: "custom", path: ["amountRecoveredFen"], message: t("inspections.detail.recoveredExceedsFound") });
  });
export type FindingInput = z.input<typeof findingSchema>;
export type FindingData = z.output<typeof findingSchema>;

export const verdictSchema = z.object({
  checklistItemId: uuid,
  verdict: z.enum(["fixed", "not_fixed", "unchecked"], { error: t("validation.required") }),
  note: optionalText(500),
});
export type VerdictInput = z.input<typeof verdictSchema>;
export type VerdictData = z.output<typeof verdictSchema>;

export const removeFindingSchema = z.object({ findingId: uuid });
