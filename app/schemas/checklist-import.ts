// The import form (step 1) and the preview tree that travels between the browser and the
// server on every round trip of step 2 (hidden JSON field, validated here each time).
import { z } from "zod";
import { MARKER_KINDS, MARKER_ROLES } from "~checklists/parse-text";
import { CHECKLIST_DOMAINS } from "~checklists/schema";
import { CHECKLIST_SECTIONS, INSTITUTION_KINDS } from "~/domain/vocabulary";
import { t } from "~/utils/i18n";
import { optionalText, requiredText } from "~/schemas/fields";

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

/** What one list may hold: the parse step refuses more, and so does saving. */
export const MAX_PREVIEW_ITEMS = 500;
/** Splits in the preview may add items; the posted tree is bounded well above the save limit. */
const MAX_TREE_ITEMS = 2 * MAX_PREVIEW_ITEMS;
/** The notice text travels in the preview compressed (deflate, base64url): at most this many characters. */
export const MAX_SOURCE_FIELD = 8_000_000;

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

export const markerKindSchema = z.enum(MARKER_KINDS);
export const markerRoleSchema = z.enum(MARKER_ROLES);
/** The regulator's choice per marker kind, posted as role.<kind> fields. */
export const roleMapSchema = z.partialRecord(markerKindSchema, markerRoleSchema);

export const previewTreeSchema = z
  .object({
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
    /** For a text source: the text itself (compressed), so the preview can be read again with other levels. */
    source: z.object({ text: z.string().max(MAX_SOURCE_FIELD), startAt: z.string().max(200), roles: roleMapSchema }).optional(),
    /** Which marker kinds the text uses and what each was taken for. */
    structure: z
      .array(
        z.object({
          kind: markerKindSchema,
          example: z.string().max(20),
          count: z.number().int().nonnegative(),
          role: markerRoleSchema,
          isForced: z.boolean(),
        }),
      )
      .max(MARKER_KINDS.length)
      .optional(),
    /** Text before and after the list, not imported. */
    skipped: z
      .array(z.object({ line: z.number().int().nonnegative(), text: z.string().max(300) }))
      .max(200)
      .optional(),
    skippedCount: z.number().int().nonnegative().optional(),
  })
  .refine((t) => t.groups.reduce((n, g) => n + g.items.length, 0) <= MAX_TREE_ITEMS);
export type PreviewTree = z.infer<typeof previewTreeSchema>;
