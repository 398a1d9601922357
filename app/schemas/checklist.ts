// Forms of the checklist editor: shared by react-hook-form (client) and the actions (server).
import { z } from "zod";
import { CHECKLIST_DOMAINS } from "~checklists/schema";
import { CHECKLIST_SECTIONS, INSTITUTION_KINDS } from "~/domain/vocabulary";
import { t } from "~/utils/i18n";
import { optionalText, requiredText } from "~/schemas/fields";

const appliesTo = () =>
  z
    .array(z.enum(INSTITUTION_KINDS), { error: t("checklists.validation.appliesToRequired") })
    .min(1, { error: t("checklists.validation.appliesToRequired") })
    .refine((kinds) => new Set(kinds).size === kinds.length, { error: t("checklists.validation.appliesToRequired") });

/** "" (the 无 option) means no domain. */
const domain = () =>
  z
    .union([z.enum(CHECKLIST_DOMAINS), z.literal("")], { error: t("checklists.validation.domainInvalid") })
    .optional()
    .transform((v) => (v ? v : undefined));

/** A checkbox: present ("on") or absent. */
const checkbox = () =>
  z
    .union([z.literal("on"), z.literal("true"), z.literal(""), z.boolean()])
    .optional()
    .transform((v) => v === "on" || v === "true" || v === true);

const title = () => requiredText(300).refine((s) => !/[\r\n]/.test(s), { error: t("checklists.validation.titleOneLine") });

const itemFields = {
  domain: domain(),
  guidance: requiredText(2000),
  legalBasis: optionalText(500),
  appliesTo: appliesTo(),
  isEvidenceRequired: checkbox(),
};

/** Editing an item of a draft. `title` is only taken for a local item (the form omits it otherwise). */
export const checklistItemEditSchema = z.object({ ...itemFields, title: title().optional() });
export type ChecklistItemEditInput = z.input<typeof checklistItemEditSchema>;
export type ChecklistItemEditData = z.output<typeof checklistItemEditSchema>;

/** A local item added to a draft; its code is generated from the section. */
export const checklistItemNewSchema = z.object({
  ...itemFields,
  section: z.enum(CHECKLIST_SECTIONS, { error: t("checklists.validation.sectionRequired") }),
  title: title(),
});
export type ChecklistItemNewInput = z.input<typeof checklistItemNewSchema>;
export type ChecklistItemNewData = z.output<typeof checklistItemNewSchema>;

/** Deriving a local version; 文号 and year only matter when a new local list is created. */
export const deriveVersionSchema = z.object({
  docNumber: requiredText(80),
  year: z.coerce
    .number({ error: t("checklists.validation.yearInvalid") })
    .int({ error: t("checklists.validation.yearInvalid") })
    .min(1990, { error: t("checklists.validation.yearInvalid") })
    .max(2100, { error: t("checklists.validation.yearInvalid") }),
});
export type DeriveVersionInput = z.input<typeof deriveVersionSchema>;
export type DeriveVersionData = z.output<typeof deriveVersionSchema>;

/** The buttons of the draft editor (one small form each). */
export const draftActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("discard") }),
  z.object({ intent: z.literal("disable"), itemId: z.uuid() }),
  z.object({ intent: z.literal("restore"), parentItemId: z.uuid() }),
  z.object({ intent: z.literal("move"), itemId: z.uuid(), direction: z.enum(["up", "down"]) }),
]);
export type DraftAction = z.output<typeof draftActionSchema>;
