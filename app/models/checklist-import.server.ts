// Importing a problem list from an official document: the file or pasted text → preview tree
// (checklists/parse-text.ts + app/domain/checklist-preview.ts), and the fixed preview → a draft
// checklist version in the regulator's own region.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { checklistItems, checklistVersions, checklists } from "~db/schema";
import { contentHash } from "~checklists/loader";
import { parseOutline, type RoleMap } from "~checklists/parse-text";
import { CHECKLIST_DOMAINS, type ChecklistDomain } from "~checklists/schema";
import type { ImportMeta, PreviewGroup, PreviewItem, PreviewTree } from "~/schemas/checklist-import";
import { MAX_PREVIEW_ITEMS, MAX_SOURCE_FIELD } from "~/schemas/checklist-import";
import { DEFAULT_APPLIES_TO, cleanTitle, draftItemsOf, previewFromOutline } from "~/domain/checklist-preview";
import type { Executor } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { CHECKLIST_SECTIONS, INSTITUTION_KINDS, type ChecklistSection, type InstitutionKind } from "~/domain/vocabulary";
import type { FieldErrors } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import type { RegionScope } from "~/utils/permissions.server";
import { readUntrustedFile } from "~/utils/untrusted-file.server";
import { recordAudit } from "~/models/audit.server";
import { writeWorkbook } from "~/utils/spreadsheet.server";
import { readNoticeText } from "~/models/notice-text.server";

export { decodeText } from "~/models/notice-text.server";

export const MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024;
/** Text read from a file of at most 5 MB: even UTF-16 or GB18030 turns into at most ~8 MB of UTF-8. */
const MAX_SOURCE_TEXT_BYTES = 16 * 1024 * 1024;

export type ImportFile = { name: string; bytes: Uint8Array };
type Outcome<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors };

const extensionOf = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";
const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * The notice text travels with the preview (docs/decisions/017) so that it can be read again
 * with other levels without uploading it again: deflated, base64url (no escaping in a form).
 */
export function packSourceText(text: string): string {
  return deflateRawSync(Buffer.from(text, "utf8")).toString("base64url");
}

/** Null when the posted field is not a packed text, or unpacks to more than any upload could give. */
export function unpackSourceText(packed: string): string | null {
  if (packed.length > MAX_SOURCE_FIELD) return null;
  try {
    return inflateRawSync(Buffer.from(packed, "base64url"), { maxOutputLength: MAX_SOURCE_TEXT_BYTES }).toString("utf8");
  } catch {
    return null;
  }
}

/** Text → preview tree, or the reason there is none (nothing found, or more than one list may hold). */
function previewOfText(text: string, meta: PreviewTree["meta"], startAt: string, roles: RoleMap): Outcome<PreviewTree> {
  const parsed = parseOutline(text, { ...(startAt ? { startAt } : {}), roles });
  const notFound = parsed.warnings.find((w) => w.line === 0);
  if (notFound) return { ok: false, fieldErrors: { startAt: notFound.message } };
  if (parsed.itemCount > MAX_PREVIEW_ITEMS) {
    return { ok: false, fieldErrors: { text: t("checklistImport.tooManyItems", { count: parsed.itemCount, max: MAX_PREVIEW_ITEMS }) } };
  }
  const tree = previewFromOutline(parsed, meta, { text: packSourceText(text), startAt, roles });
  if (!tree.groups.length) return { ok: false, fieldErrors: { text: t("checklistImport.source.noItems") } };
  return { ok: true, value: tree };
}

/**
 * Step 1 → step 2: reads the uploaded file (or the pasted text) into a preview tree.
 * .xlsx rows map to items directly (documented layout); text goes through the outline parser.
 */
export async function readImportSource(input: {
  meta: ImportMeta;
  text?: string;
  startAt?: string;
  file: ImportFile | null;
}): Promise<Outcome<PreviewTree>> {
  const { file } = input;
  const meta = {
    title: input.meta.title,
    issuer: input.meta.issuer,
    docNumber: input.meta.docNumber,
    year: String(input.meta.year),
    source: `import:${file ? file.name.slice(0, 200) : "paste"}`,
  };
  let text = input.text ?? "";
  if (file) {
    if (file.bytes.byteLength > MAX_IMPORT_FILE_BYTES) return { ok: false, fieldErrors: { file: t("checklistImport.source.tooLarge") } };
    if (extensionOf(file.name) === "xlsx") {
      if (!isZip(file.bytes)) return { ok: false, fieldErrors: { file: t("checklistImport.source.unreadableXlsx") } };
      const rows = await readChecklistWorkbook(file.bytes);
      if (!rows.ok) return rows;
      return { ok: true, value: { meta, groups: rows.value, notes: [] } };
    }
    const read = await readNoticeText(file.bytes, file.name);
    if (!read.ok) return { ok: false, fieldErrors: { file: read.message } };
    text = read.text;
  }
  if (!text.trim()) return { ok: false, fieldErrors: { text: t("checklistImport.source.needText") } };
  const outcome = previewOfText(text, meta, input.startAt ?? "", {});
  // A file's problems are reported next to the file field.
  if (!outcome.ok && file && outcome.fieldErrors.text) return { ok: false, fieldErrors: { file: outcome.fieldErrors.text } };
  return outcome;
}

/**
 * The preview read again from its own text with the regulator's choice of what each marker kind
 * is ("（1） is the group level"). Edits made in the preview are replaced; the typed list data stays.
 */
export function rereadImportSource(tree: PreviewTree, roles: RoleMap): { ok: true; tree: PreviewTree } | { ok: false; message: string } {
  const text = tree.source ? unpackSourceText(tree.source.text) : null;
  if (text === null || !tree.source) return { ok: false, message: t("checklistImport.preview.sourceLost") };
  const outcome = previewOfText(text, tree.meta, tree.source.startAt, roles);
  if (!outcome.ok) return { ok: false, message: Object.values(outcome.fieldErrors)[0] ?? t("checklistImport.source.noItems") };
  return { ok: true, tree: outcome.value };
}

// ---------------------------------------------------------------------------------------
// .xlsx layout (documented in checklists/README.md): one row per item under a header row.

const COLUMN_KEYS = ["number", "section", "domain", "title", "guidance", "legalBasis", "appliesTo", "evidence"] as const;
type ColumnKey = (typeof COLUMN_KEYS)[number];
const columnLabel = (key: ColumnKey) => msgs().checklistImport.xlsx.columns[key];
const MAX_LEN: Partial<Record<ColumnKey, number>> = { title: 2000, guidance: 2000, legalBasis: 500 };

const kindByLabel = () => new Map(INSTITUTION_KINDS.map((k) => [msgs().kinds[k], k] as const));

export async function readChecklistWorkbook(bytes: Uint8Array): Promise<Outcome<PreviewGroup[]>> {
  // Read in a worker thread with unpacked-size, row, memory and time limits (untrusted-file.server.ts).
  const read = await readUntrustedFile({ bytes }, { kind: "xlsx-rows", maxRows: MAX_PREVIEW_ITEMS + 1, firstSheetOnly: true });
  if (!read.ok) {
    const message =
      read.reason === "unreadable"
        ? t("checklistImport.source.unreadableXlsx")
        : read.reason === "too_many_rows"
          ? t("checklistImport.xlsx.tooManyRows", { max: MAX_PREVIEW_ITEMS })
          : read.message;
    return { ok: false, fieldErrors: { file: message } };
  }
  const sheet = read.sheets[0];
  if (!sheet) return { ok: false, fieldErrors: { file: t("checklistImport.xlsx.noSheet") } };
  const header = sheet.rows.find((row) => row.row === 1)?.cells ?? [];
  for (const [i, key] of COLUMN_KEYS.entries()) {
    const found = (header[i] ?? "").trim();
    if (found !== columnLabel(key)) {
      return {
        ok: false,
        fieldErrors: {
          file: t("checklistImport.xlsx.badHeader", { columns: COLUMN_KEYS.map(columnLabel).join(" | "), column: i + 1, found }),
        },
      };
    }
  }
  const errors: string[] = [];
  const items: { row: number; item: PreviewItem }[] = [];
  const kinds = kindByLabel();
  const yes = t("checklistImport.xlsx.yes");
  const no = t("checklistImport.xlsx.no");
  for (const { row: r, cells: raw } of sheet.rows) {
    if (r < 2) continue;
    const cells = Object.fromEntries(COLUMN_KEYS.map((key, i) => [key, (raw[i] ?? "").trim()])) as Record<ColumnKey, string>;
    if (COLUMN_KEYS.every((k) => !cells[k])) continue; // blank row
    const fail = (key: ColumnKey, message: string) =>
      errors.push(t("checklistImport.xlsx.rowError", { row: r, column: columnLabel(key), message }));
    for (const [key, max] of Object.entries(MAX_LEN) as [ColumnKey, number][]) {
      if (cells[key].length > max) fail(key, t("checklistImport.xlsx.tooLong", { max }));
    }
    let section: ChecklistSection | null = null;
    if (!cells.section) fail("section", t("checklistImport.xlsx.required"));
    else if (!CHECKLIST_SECTIONS.includes(cells.section as ChecklistSection))
      fail("section", t("checklistImport.xlsx.badSection", { value: cells.section }));
    else section = cells.section as ChecklistSection;
    const title = cleanTitle(cells.title);
    if (!title) fail("title", t("checklistImport.xlsx.required"));
    let domain: ChecklistDomain | undefined;
    if (cells.domain) {
      if (CHECKLIST_DOMAINS.includes(cells.domain as ChecklistDomain)) domain = cells.domain as ChecklistDomain;
      else fail("domain", t("checklistImport.xlsx.badDomain", { value: cells.domain }));
    }
    let appliesTo: InstitutionKind[] | undefined;
    if (cells.appliesTo) {
      const labels = cells.appliesTo.split(/[、,，;；\s]+/).filter(Boolean);
      const mapped = labels.map((l) => kinds.get(l) ?? (INSTITUTION_KINDS.includes(l as InstitutionKind) ? (l as InstitutionKind) : null));
      const bad = labels.find((_, i) => mapped[i] === null);
      if (bad) fail("appliesTo", t("checklistImport.xlsx.badKind", { value: bad }));
      else appliesTo = [...new Set(mapped as InstitutionKind[])];
    }
    let isEvidenceRequired: boolean | undefined;
    if (cells.evidence) {
      if (cells.evidence === yes) isEvidenceRequired = true;
      else if (cells.evidence === no) isEvidenceRequired = false;
      else fail("evidence", t("checklistImport.xlsx.badYesNo", { value: cells.evidence }));
    }
    if (section && title) {
      items.push({
        row: r,
        item: {
          number: cells.number,
          title,
          section,
          lines: [],
          row: r,
          warnings: [],
          domain,
          guidance: cells.guidance || undefined,
          legalBasis: cells.legalBasis || undefined,
          appliesTo,
          isEvidenceRequired,
        },
      });
    }
  }
  if (errors.length) return { ok: false, fieldErrors: { file: errors.slice(0, 20).join("\n") } };
  if (!items.length) return { ok: false, fieldErrors: { file: t("checklistImport.xlsx.noRows") } };
  if (items.length > MAX_PREVIEW_ITEMS)
    return { ok: false, fieldErrors: { file: t("checklistImport.xlsx.tooManyRows", { max: MAX_PREVIEW_ITEMS }) } };
  // One group per section, in the order the sections first appear.
  const groups = new Map<ChecklistSection, PreviewGroup>();
  for (const { item } of items) {
    let g = groups.get(item.section);
    if (!g) {
      g = {
        heading: item.section,
        number: "",
        section: item.section,
        isSectionGuessed: false,
        isIncluded: true,
        appliesTo: [...DEFAULT_APPLIES_TO[item.section]],
        items: [],
      };
      groups.set(item.section, g);
    }
    g.items.push(item);
  }
  return { ok: true, value: [...groups.values()] };
}

/** The downloadable template: header row, one example row, and a sheet of instructions. */
export async function buildImportTemplate(): Promise<Buffer> {
  const m = msgs().checklistImport.xlsx;
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(m.sheetItems);
  sheet.columns = COLUMN_KEYS.map((key) => ({
    header: columnLabel(key),
    key,
    width: key === "title" || key === "guidance" ? 48 : key === "appliesTo" ? 30 : key === "legalBasis" ? 32 : 12,
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  sheet.addRow({
    number: "1",
    section: "定点医疗机构",
    domain: "",
    title: m.exampleTitle,
    guidance: m.exampleGuidance,
    legalBasis: m.exampleLegalBasis,
    appliesTo: DEFAULT_APPLIES_TO["定点医疗机构"].map((k) => msgs().kinds[k]).join("、"),
    evidence: m.yes,
  });
  // Drop-downs for the closed vocabularies (rows 2–1000).
  for (let r = 2; r <= 1000; r++) {
    sheet.getCell(r, 2).dataValidation = { type: "list", allowBlank: true, formulae: [`"${CHECKLIST_SECTIONS.join(",")}"`] };
    sheet.getCell(r, 3).dataValidation = { type: "list", allowBlank: true, formulae: [`"${CHECKLIST_DOMAINS.join(",")}"`] };
    sheet.getCell(r, 8).dataValidation = { type: "list", allowBlank: true, formulae: [`"${m.yes},${m.no}"`] };
  }
  const help = wb.addWorksheet(m.sheetHelp);
  help.columns = [{ width: 110 }];
  for (const line of m.helpRows) help.addRow([line]);
  return writeWorkbook(wb);
}

// ---------------------------------------------------------------------------------------

const metaIssues = (tree: PreviewTree): FieldErrors => {
  const errors: FieldErrors = {};
  for (const key of ["title", "issuer", "docNumber"] as const) if (!tree.meta[key].trim()) errors[`meta.${key}`] = t("validation.required");
  const year = Number(tree.meta.year);
  if (!/^\d{4}$/.test(tree.meta.year) || year < 1990 || year > 2100) errors["meta.year"] = t("checklistImport.meta.yearInvalid");
  return errors;
};

/**
 * Step 3: the fixed preview becomes a new checklist (code import-<region>-<yyyymmdd>-<n>) with
 * version 1 as a draft, in the regulator's own region; one transaction with its audit event.
 */
export async function createDraftFromPreview(
  exec: Executor,
  scope: RegionScope,
  tree: PreviewTree,
): Promise<Outcome<{ versionId: string; code: string; itemCount: number }>> {
  const metaErrors = metaIssues(tree);
  const draft = draftItemsOf(tree);
  if (!draft.ok || Object.keys(metaErrors).length)
    return { ok: false, fieldErrors: { ...metaErrors, ...(draft.ok ? {} : draft.fieldErrors) } };
  const items = draft.items;
  const prefix = `import-${scope.regionCode}-${todayLocal().replaceAll("-", "")}-`;
  return exec.transaction(async (tx) => {
    // Serialize imports of the same region and day so the running number stays unique.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${prefix}))`);
    const start = prefix.length + 1;
    const [{ n }] = await tx.execute<{ n: number }>(sql`
      select coalesce(max(substring(code from ${start}::int)::int), 0) + 1 as n
      from checklists where starts_with(code, ${prefix}) and substring(code from ${start}::int) ~ '^[0-9]+$'`);
    const code = `${prefix}${n}`;
    const [list] = await tx
      .insert(checklists)
      .values({
        code,
        title: tree.meta.title.trim(),
        issuer: tree.meta.issuer.trim(),
        docNumber: tree.meta.docNumber.trim(),
        year: Number(tree.meta.year),
        source: tree.meta.source,
        regionCode: scope.regionCode,
      })
      .returning({ id: checklists.id });
    const [version] = await tx
      .insert(checklistVersions)
      .values({ checklistId: list.id, version: 1, status: "draft", contentHash: contentHash(items), createdBy: scope.userId })
      .returning({ id: checklistVersions.id });
    await tx.insert(checklistItems).values(items.map((it) => ({ ...it, versionId: version.id })));
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "checklist.draft_imported",
      entityType: "checklist_version",
      entityId: version.id,
      regionCode: scope.regionCode,
      after: {
        code,
        title: tree.meta.title,
        docNumber: tree.meta.docNumber,
        source: tree.meta.source,
        itemCount: items.length,
        perSection: Object.fromEntries(
          CHECKLIST_SECTIONS.map((s) => [s, items.filter((i) => i.section === s).length]).filter(([, c]) => c),
        ),
      },
    });
    return { ok: true as const, value: { versionId: version.id, code, itemCount: items.length } };
  });
}
