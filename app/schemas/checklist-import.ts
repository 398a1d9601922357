// The import form (step 1) and the preview tree that travels between the browser and the
// server on every round trip of step 2 (hidden JSON field, validated here each time).
import { z } from "zod";
import { CHECKLIST_DOMAINS } from "../../checklists/schema";
import { CHECKLIST_SECTIONS, INSTITUTION_KINDS } from "~/utils/domain";
import { t } from "~/utils/i18n";
import { optionalText, requiredText } from "./fields";

export const importMetaSchema = z.object({
  title: requiredText(200),
  issuer: requiredText(200),
  docNumber: requiredText(100),
  year: z.coerce
    .number({ error: t("checklistImport.meta.yearInvalid") })
    .int({ error: t("checklistImport.meta.yearInvalid") })
    .min(1990, { error: t("checklistImport.meta.yearInvalid") })
    .max(2100, { error: t("checklistImport.meta.yearInvalid") }),
});
export type ImportMeta = z.output<typeof importMetaSchema>;

export const importSourceSchema = importMetaSchema.extend({
  text: optionalText(500_000),
  startAt: optionalText(200),
});
export type ImportSourceInput = z.input<typeof importSourceSchema>;

export const MAX_PREVIEW_ITEMS = 500;

export const previewItemSchema = z.object({
  number: z.string().max(20),
  title: z.string().max(4000),
  section: z.enum(CHECKLIST_SECTIONS),
  /** Where it came from: source lines of the text, or the row of the .xlsx. */
  lines: z.array(z.number().int().nonnegative()).max(500),
  row: z.number().int().positive().optional(),
  warnings: z.array(z.string().max(500)).max(50),
  domain: z.enum(CHECKLIST_DOMAINS).optional(),
  guidance: z.string().max(4000).optional(),
  legalBasis: z.string().max(1000).optional(),
  appliesTo: z.array(z.enum(INSTITUTION_KINDS)).min(1).optional(),
  isEvidenceRequired: z.boolean().optional(),
});
export type PreviewItem = z.infer<typeof previewItemSchema>;

export const previewGroupSchema = z.object({
  heading: z.string().max(500),
  number: z.string().max(20),
  parent: z.string().max(500).optional(),
  section: z.enum(CHECKLIST_SECTIONS),
  isSectionGuessed: z.boolean(),
  isIncluded: z.boolean(),
  appliesTo: z.array(z.enum(INSTITUTION_KINDS)).min(1),
  items: z.array(previewItemSchema).max(MAX_PREVIEW_ITEMS),
});
export type PreviewGroup = z.infer<typeof previewGroupSchema>;

export const previewTreeSchema = z.object({
  meta: z.object({
    title: z.string().max(200),
    issuer: z.string().max(200),
    docNumber: z.string().max(100),
    year: z.string().max(10),
    /** e.g. "import:负面清单.docx" or "import:paste". */
    source: z.string().max(300),
  }),
  groups: z.array(previewGroupSchema).max(200),
  /** Warnings not tied to an item (text outside any item). */
  notes: z.array(z.object({ line: z.number().int().nonnegative(), message: z.string().max(1000) })).max(500),
});
export type PreviewTree = z.infer<typeof previewTreeSchema>;
