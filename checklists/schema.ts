// Schemas for the official problem lists (checklists/data/*.yaml) and the reference lists
// (checklists/reference/*.yaml). See checklists/README.md for the file format.
import { z } from "zod";
import { CHECKLIST_SECTIONS, INSTITUTION_KINDS, type ChecklistSection } from "~/domain/vocabulary";

/** Item-code prefix per section; the number after the dash is the official item number. */
export const SECTION_CODE_PREFIX: Record<ChecklistSection, string> = {
  定点医疗机构: "MI",
  定点药店: "PH",
  参保人员: "IN",
  职业骗保团伙: "GANG",
  异地就医: "XD",
};

/** Key supervision domains named by the national and provincial campaign plans. */
export const CHECKLIST_DOMAINS = [
  "骨科",
  "血液净化",
  "心血管内科",
  "检查",
  "检验",
  "康复理疗",
  "药品耗材",
  "追溯码",
  "集采",
  "进销存",
] as const;
export type ChecklistDomain = (typeof CHECKLIST_DOMAINS)[number];

export const REFERENCE_CATEGORIES = ["西药", "中成药", "中药饮片", "耗材"] as const;
export type ReferenceCategory = (typeof REFERENCE_CATEGORIES)[number];

// A missing key and an empty string are the most common authoring mistakes; say which one it is.
const text = () =>
  z
    .string({ error: (iss) => (iss.input === undefined ? "is required" : "must be a string") })
    .trim()
    .min(1, { error: "must not be empty" });

// Titles are quoted verbatim but without the list numbering and the closing punctuation,
// so the UI can number and punctuate them itself.
const LEADING_NUMBER = /^(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[）)]|[0-9]+\s*[.、．]|[一二三四五六七八九十]+、)/;
const TRAILING_PUNCT = /[；;。.，,、]$/;

const title = () =>
  text()
    .refine((s) => !LEADING_NUMBER.test(s), { error: "must not start with an item number such as （1）" })
    .refine((s) => !TRAILING_PUNCT.test(s), { error: "must not end with ；, 。 or other punctuation" })
    .refine((s) => !/[\r\n]/.test(s), { error: "must be one line (join lines broken by the conversion)" });

const fileHeader = {
  code: text().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: "must be kebab-case, e.g. nmg-wsq-2025-negative-list" }),
  title: text(),
  issuer: text(),
  doc_number: text(),
  year: z.number({ error: "must be a year number" }).int().min(1990).max(2100),
  source_seed: text(),
  region_code: z.string({ error: "must be a quoted 6-digit string" }).regex(/^\d{6}$/, { error: "must be 6 digits" }),
  description: text().optional(),
};

export const checklistItemSchema = z
  .strictObject({
    code: text().regex(/^[A-Z]+-\d{2,}$/, { error: "must look like MI-01 (prefix, dash, 2+ digits)" }),
    section: z.enum(CHECKLIST_SECTIONS),
    domain: z.enum(CHECKLIST_DOMAINS).optional(),
    title: title(),
    guidance: text(),
    legal_basis: text().optional(),
    applies_to: z.array(z.enum(INSTITUTION_KINDS)).min(1, { error: "must list at least one institution kind" }),
    evidence_required: z.boolean({ error: "must be true or false" }),
  })
  .superRefine((item, ctx) => {
    const prefix = SECTION_CODE_PREFIX[item.section];
    if (!item.code.startsWith(`${prefix}-`)) {
      ctx.addIssue({
        code: "custom",
        path: ["code"],
        message: `must start with "${prefix}-" for section ${item.section}`,
      });
    }
    if (new Set(item.applies_to).size !== item.applies_to.length) {
      ctx.addIssue({ code: "custom", path: ["applies_to"], message: "lists an institution kind twice" });
    }
  });

/** Adds an issue at `items[i].<key>` for every value of `key(entry)` already seen earlier. */
function uniqueBy<T>(listKey: string, key: (entry: T) => string, field: string) {
  return (list: T[], ctx: z.RefinementCtx) => {
    const firstSeen = new Map<string, number>();
    list.forEach((entry, i) => {
      const k = key(entry);
      const first = firstSeen.get(k);
      if (first === undefined) firstSeen.set(k, i);
      else
        ctx.addIssue({
          code: "custom",
          path: [listKey, i, field],
          message: `duplicate ${field} "${k}" (already used by #${first + 1})`,
        });
    });
  };
}

export const checklistFileSchema = z
  .strictObject({
    ...fileHeader,
    items: z.array(checklistItemSchema).min(1, { error: "must contain at least one item" }),
  })
  .superRefine((file, ctx) => uniqueBy<ChecklistItem>("items", (i) => i.code, "code")(file.items, ctx));

export const referenceEntrySchema = z.strictObject({
  category: z.enum(REFERENCE_CATEGORIES),
  rank: z.number({ error: "must be a number" }).int().positive(),
  // NHSA drug / consumable codes, kept exactly as printed (some rows carry several).
  codes: z
    .array(text().regex(/^[A-Z][A-Z0-9]+$/, { error: "must be an NHSA code (capital letters and digits)" }))
    .min(1, { error: "must list at least one code" }),
  name: text(),
  dosage_form: text().optional(),
});

export const referenceListFileSchema = z
  .strictObject({
    ...fileHeader,
    kind: z.literal("reference"),
    entries: z.array(referenceEntrySchema).min(1, { error: "must contain at least one entry" }),
  })
  // The same drug may legitimately appear twice in an official ranking, so uniqueness is by position.
  .superRefine((file, ctx) => uniqueBy<ReferenceEntry>("entries", (e) => `${e.category}-${e.rank}`, "rank")(file.entries, ctx));

export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export type ChecklistFile = z.infer<typeof checklistFileSchema>;
export type ReferenceEntry = z.infer<typeof referenceEntrySchema>;
export type ReferenceListFile = z.infer<typeof referenceListFileSchema>;
