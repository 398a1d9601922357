// The import preview: built from the outline parser's result (or an .xlsx), fixed by the
// regulator through plain form posts, then turned into checklist items. Pure functions, no
// I/O: the tree travels as JSON in the page (see docs/decisions/007-checklist-import-preview.md).
import { SECTION_CODE_PREFIX } from "~checklists/schema";
import type { ParseResult } from "~checklists/parse-text";
import { MAX_PREVIEW_ITEMS, type PreviewGroup, type PreviewItem, type PreviewTree } from "~/schemas/checklist-import";
import { CHECKLIST_SECTIONS, INSTITUTION_KINDS, type ChecklistSection, type InstitutionKind } from "~/domain/vocabulary";
import { t } from "~/utils/i18n";

const MEDICAL_KINDS = INSTITUTION_KINDS.filter((k) => k !== "pharmacy");

/** Who checks an item of each section, unless the preview or the .xlsx says otherwise. */
export const DEFAULT_APPLIES_TO: Record<ChecklistSection, InstitutionKind[]> = {
  定点医疗机构: [...MEDICAL_KINDS],
  定点药店: ["pharmacy"],
  参保人员: [...INSTITUTION_KINDS],
  职业骗保团伙: [...INSTITUTION_KINDS],
  异地就医: [...INSTITUTION_KINDS],
};

export const defaultEvidenceRequired = (section: ChecklistSection) => section === "定点医疗机构" || section === "定点药店";

// Checked in this order: "异地就医过程中…定点医疗机构…" is about 异地就医, "医师及参保人员" about 参保人员.
const SECTION_HINTS: [ChecklistSection, RegExp][] = [
  ["异地就医", /异地/],
  ["职业骗保团伙", /团伙/],
  ["定点药店", /药店|药房|零售/],
  ["参保人员", /参保|患者/],
  ["定点医疗机构", /医疗机构|医药机构|医院|卫生院|卫生室|诊所|医师|医务|医养/],
];

/** The product section a heading names, or null when it names none. */
export function guessSection(heading: string): ChecklistSection | null {
  return SECTION_HINTS.find(([, re]) => re.test(heading))?.[0] ?? null;
}

const TRAILING = /[\s；;。]+$/;
export const cleanTitle = (s: string) =>
  s
    .replace(/\s*\n\s*/g, "")
    .trim()
    .replace(TRAILING, "");

export function previewFromOutline(result: ParseResult, meta: PreviewTree["meta"], source?: PreviewTree["source"]): PreviewTree {
  const withItems = result.sections.filter((s) => s.items.length > 0);
  const guesses = withItems.map((s) => guessSection(s.heading));
  const anyNamed = guesses.some((g) => g !== null);
  // Each warning once, on the first item that comes from its line (a map keeps this linear).
  const byLine = new Map<number, number[]>();
  result.warnings.forEach((w, wi) => {
    if (w.line > 0) byLine.set(w.line, [...(byLine.get(w.line) ?? []), wi]);
  });
  const attached = new Set<number>();
  const groups: PreviewGroup[] = withItems.map((s, gi) => {
    const section = guesses[gi] ?? "定点医疗机构";
    return {
      heading: s.heading,
      number: s.number,
      parent: s.parent,
      section,
      isSectionGuessed: !s.heading.startsWith(section),
      // A whole notice has 一、工作目标, 二、基本原则 … besides the list: import only the groups
      // whose heading names a section, unless none does (a bare list was pasted). A group with no
      // heading at all is part of the list.
      isIncluded: anyNamed ? guesses[gi] !== null || s.heading === "" : true,
      appliesTo: [...DEFAULT_APPLIES_TO[section]],
      items: s.items.map((it) => {
        const warnings: string[] = [];
        for (const line of it.lines) {
          for (const wi of byLine.get(line) ?? []) {
            if (attached.has(wi)) continue;
            attached.add(wi);
            warnings.push(result.warnings[wi].message);
          }
        }
        return { number: it.number, title: it.title, section, lines: it.lines, warnings: warnings.slice(0, 50) };
      }),
    };
  });
  const notes = result.warnings.filter((_, wi) => !attached.has(wi)).slice(0, 500);
  return {
    meta,
    groups,
    notes,
    ...(source ? { source } : {}),
    structure: result.structure,
    skipped: result.skipped,
    skippedCount: result.skippedCount,
  };
}

export type PreviewForm = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const isSection = (v: unknown): v is ChecklistSection => CHECKLIST_SECTIONS.includes(v as ChecklistSection);

/**
 * Applies what the regulator typed or chose in the preview form to the tree: metadata, each
 * group's section and kinds, each item's wording and section ("||" is kept: see splitMarkedItems).
 */
export function applyPreviewForm(tree: PreviewTree, form: PreviewForm): PreviewTree {
  const meta = { ...tree.meta };
  for (const key of ["title", "issuer", "docNumber", "year"] as const) {
    const v = one(form[`meta.${key}`]);
    if (v !== undefined) meta[key] = v.trim();
  }
  const groups = tree.groups.map((g, gi): PreviewGroup => {
    const chosen = one(form[`g.${gi}.section`]);
    const kindsField = form[`g.${gi}.appliesTo`];
    const kinds = (Array.isArray(kindsField) ? kindsField : kindsField ? [kindsField] : []).filter((k): k is InstitutionKind =>
      INSTITUTION_KINDS.includes(k as InstitutionKind),
    );
    const hasKindsField = form[`g.${gi}.appliesToShown`] !== undefined;
    const heading = one(form[`g.${gi}.heading`]);
    let group: PreviewGroup = {
      ...g,
      heading: heading === undefined ? g.heading : heading.trim().slice(0, 500),
      appliesTo: hasKindsField && kinds.length ? kinds : g.appliesTo,
    };
    const sectionChanged = isSection(chosen) && chosen !== g.section;
    if (sectionChanged) {
      const kindsUntouched = !hasKindsField || sameSet(group.appliesTo, g.appliesTo);
      group = {
        ...group,
        section: chosen,
        isSectionGuessed: false,
        appliesTo: kindsUntouched ? [...DEFAULT_APPLIES_TO[chosen]] : group.appliesTo,
      };
    }
    const items = g.items.map((it, ii): PreviewItem => {
      const text = one(form[`i.${gi}.${ii}.title`]);
      const itemSection = one(form[`i.${gi}.${ii}.section`]);
      let section = it.section;
      if (sectionChanged) section = group.section;
      else if (isSection(itemSection)) section = itemSection;
      return { ...it, section, title: cleanTitle(text === undefined ? it.title : text) };
    });
    return { ...group, items };
  });
  return { ...tree, meta, groups };
}

/** Splits every wording at its "||" markers (the new pieces follow the item they came from). */
export function splitMarkedItems(tree: PreviewTree): PreviewTree {
  const groups = tree.groups.map((g) => ({
    ...g,
    items: g.items.flatMap((it): PreviewItem[] => {
      if (!it.title.includes("||")) return [it];
      const pieces = it.title.split("||").map(cleanTitle).filter(Boolean);
      return pieces.map((p, k) => (k === 0 ? { ...it, title: p } : { ...it, number: "", title: p, warnings: [] }));
    }),
  }));
  return { ...tree, groups: groups.filter((g) => g.items.length > 0) };
}

/**
 * One round trip of the preview: the typed edits, then the pressed button's operation (on the
 * items as the page showed them, so the indexes hold), then the "||" splits.
 */
export function revisePreview(tree: PreviewTree, form: PreviewForm, op: PreviewOp | "apply" | "save"): OpResult {
  const edited = applyPreviewForm(tree, form);
  if (op === "apply" || op === "save") return { ok: true, tree: splitMarkedItems(edited), message: t("checklistImport.preview.applied") };
  const result = applyPreviewOp(edited, op);
  return { ...result, tree: splitMarkedItems(result.tree) };
}

function sameSet(a: string[], b: string[]) {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export type PreviewOp =
  | { op: "merge"; group: number; item: number }
  | { op: "split"; group: number; item: number }
  | { op: "remove"; group: number; item: number }
  | { op: "newgroup"; group: number; item: number }
  | { op: "include" | "exclude" | "mergegroup"; group: number };

export function parseIntent(intent: string | undefined): PreviewOp | "apply" | "save" | null {
  if (intent === "apply" || intent === "save") return intent;
  const m = /^(merge|split|remove|newgroup|include|exclude|mergegroup):(\d+)(?::(\d+))?$/.exec(intent ?? "");
  if (!m) return null;
  const [, op, g, i] = m;
  if (op === "include" || op === "exclude" || op === "mergegroup") return i === undefined ? { op, group: Number(g) } : null;
  if (i === undefined) return null;
  return { op: op as "merge" | "split" | "remove" | "newgroup", group: Number(g), item: Number(i) };
}

/** The first sentence (up to ；or 。) and the rest; null when there is only one sentence. */
export function splitAtFirstSentence(title: string): [string, string] | null {
  const m = /[；;。]/.exec(title);
  if (!m) return null;
  const head = cleanTitle(title.slice(0, m.index));
  const rest = cleanTitle(title.slice(m.index + 1));
  return head && rest ? [head, rest] : null;
}

export type OpResult = { ok: true; tree: PreviewTree; message: string } | { ok: false; tree: PreviewTree; message: string };

export function applyPreviewOp(tree: PreviewTree, op: PreviewOp): OpResult {
  const group = tree.groups[op.group];
  if (!group) return { ok: false, tree, message: t("checklistImport.preview.badTree") };
  const withGroup = (g: PreviewGroup | null): PreviewTree => ({
    ...tree,
    groups: tree.groups.flatMap((x, gi) => (gi === op.group ? (g && g.items.length ? [g] : []) : [x])),
  });
  if (op.op === "mergegroup") {
    // The group's items join the group above it, which keeps its heading and section.
    if (op.group === 0) return { ok: false, tree, message: t("checklistImport.preview.cannotMergeGroup") };
    const above = tree.groups[op.group - 1];
    const merged: PreviewGroup = {
      ...above,
      items: [...above.items, ...group.items.map((it) => (it.section === group.section ? { ...it, section: above.section } : it))],
    };
    const groups = tree.groups.flatMap((x, gi) => (gi === op.group ? [] : gi === op.group - 1 ? [merged] : [x]));
    return { ok: true, tree: { ...tree, groups }, message: t("checklistImport.preview.groupsMerged") };
  }
  if (!("item" in op)) {
    return { ok: true, tree: withGroup({ ...group, isIncluded: op.op === "include" }), message: t("checklistImport.preview.applied") };
  }
  const item = group.items[op.item];
  if (!item) return { ok: false, tree, message: t("checklistImport.preview.badTree") };
  const items = [...group.items];
  if (op.op === "newgroup") {
    // This item and the ones after it become a new group right below, with its own heading.
    if (op.item === 0) return { ok: false, tree, message: t("checklistImport.preview.cannotNewGroup") };
    const rest = items.splice(op.item);
    const fresh: PreviewGroup = {
      ...group,
      heading: t("checklistImport.preview.newGroupHeading"),
      number: "",
      parent: undefined,
      isSectionGuessed: false,
      items: rest,
    };
    const groups = tree.groups.flatMap((x, gi) => (gi === op.group ? [{ ...group, items }, fresh] : [x]));
    return { ok: true, tree: { ...tree, groups }, message: t("checklistImport.preview.groupCreated") };
  }
  if (op.op === "remove") {
    items.splice(op.item, 1);
    return { ok: true, tree: withGroup({ ...group, items }), message: t("checklistImport.preview.removed") };
  }
  if (op.op === "merge") {
    if (op.item === 0) return { ok: false, tree, message: t("checklistImport.preview.cannotMerge") };
    const prev = items[op.item - 1];
    items.splice(op.item - 1, 2, {
      ...prev,
      title: `${prev.title}；${item.title}`,
      lines: [...new Set([...prev.lines, ...item.lines])],
      warnings: [...prev.warnings, ...item.warnings],
    });
    return { ok: true, tree: withGroup({ ...group, items }), message: t("checklistImport.preview.merged") };
  }
  // "||" typed in this item: the split happens there (after the operation), not at a sentence.
  if (item.title.includes("||")) return { ok: true, tree, message: t("checklistImport.preview.splitDone") };
  const parts = splitAtFirstSentence(item.title);
  if (!parts) return { ok: false, tree, message: t("checklistImport.preview.cannotSplit") };
  items.splice(op.item, 1, { ...item, title: parts[0] }, { ...item, number: "", title: parts[1], warnings: [] });
  return { ok: true, tree: withGroup({ ...group, items }), message: t("checklistImport.preview.splitDone") };
}

export type DraftItem = {
  code: string;
  position: number;
  section: ChecklistSection;
  domain: string | null;
  title: string;
  guidance: string;
  legalBasis: string | null;
  appliesTo: InstitutionKind[];
  isEvidenceRequired: boolean;
};

/** Included items in preview order, numbered per section (MI-01, MI-02 … PH-01 …). */
export function draftItemsOf(tree: PreviewTree): { ok: true; items: DraftItem[] } | { ok: false; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  const perSection = new Map<ChecklistSection, number>();
  const items: DraftItem[] = [];
  tree.groups.forEach((g, gi) => {
    if (!g.isIncluded) return;
    g.items.forEach((it, ii) => {
      const title = cleanTitle(it.title);
      if (!title) fieldErrors[`i.${gi}.${ii}.title`] = t("checklistImport.preview.emptyTitle");
      else if (title.includes("||")) fieldErrors[`i.${gi}.${ii}.title`] = t("checklistImport.preview.splitMarkerLeft");
      const n = (perSection.get(it.section) ?? 0) + 1;
      perSection.set(it.section, n);
      items.push({
        code: `${SECTION_CODE_PREFIX[it.section]}-${String(n).padStart(2, "0")}`,
        position: items.length + 1,
        section: it.section,
        domain: it.domain ?? null,
        title,
        guidance: it.guidance?.trim() || t("checklistImport.defaultGuidance"),
        legalBasis: it.legalBasis?.trim() || null,
        appliesTo: it.appliesTo ?? (it.section === g.section ? g.appliesTo : [...DEFAULT_APPLIES_TO[it.section]]),
        isEvidenceRequired: it.isEvidenceRequired ?? defaultEvidenceRequired(it.section),
      });
    });
  });
  if (!items.length) fieldErrors._form = t("checklistImport.preview.noItemsLeft");
  else if (items.length > MAX_PREVIEW_ITEMS)
    fieldErrors._form = t("checklistImport.tooManyItems", { count: items.length, max: MAX_PREVIEW_ITEMS });
  return Object.keys(fieldErrors).length ? { ok: false, fieldErrors } : { ok: true, items };
}

export function countIncluded(tree: PreviewTree) {
  const included = tree.groups.filter((g) => g.isIncluded);
  return { groups: included.length, items: included.reduce((n, g) => n + g.items.length, 0) };
}
