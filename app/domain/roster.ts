// Roster rows: reading the template's columns and validating every row. Pure functions (no I/O):
// the caller looks up regions, registered institutions and taken e-mails and passes them in.
import { z } from "zod";
import { checkCreditCode, checkNhsaCode } from "~/domain/codes";
import {
  INSTITUTION_GRADES,
  INSTITUTION_KINDS,
  OWNERSHIPS,
  type InstitutionGrade,
  type InstitutionKind,
  type Ownership,
} from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";

export const ROSTER_COLUMNS = [
  "name",
  "kind",
  "grade",
  "ownership",
  "regionCode",
  "nhsaCode",
  "creditCode",
  "contactName",
  "contactPhone",
  "contactEmail",
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

const REQUIRED: ReadonlySet<RosterColumn> = new Set([
  "name",
  "kind",
  "ownership",
  "regionCode",
  "nhsaCode",
  "creditCode",
  "contactName",
  "contactEmail",
]);
const MAX_LENGTH: Partial<Record<RosterColumn, number>> = { name: 100, contactName: 50, contactPhone: 30, contactEmail: 200 };

export const MAX_ROSTER_ROWS = 20_000;

export const columnLabel = (column: RosterColumn) => msgs().roster.columns[column];

/** One data row as read from the file: its row number in the file and the text of each column. */
export type RawRosterRow = { row: number; values: Record<RosterColumn, string> };

export type RosterData = {
  name: string;
  kind: InstitutionKind;
  grade: InstitutionGrade;
  ownership: Ownership;
  regionCode: string;
  nhsaCode: string;
  creditCode: string;
  contactName: string;
  contactPhone: string | null;
  contactEmail: string;
};

export type RowProblem = { column: RosterColumn; message: string };
export type RosterOutcome = "new" | "unchanged" | "invalid";

/** A validated row, as kept in roster_imports.rows. */
export type CheckedRosterRow = {
  row: number;
  values: Record<RosterColumn, string>;
  outcome: RosterOutcome;
  problems: RowProblem[];
  data?: RosterData;
  /** The registered institution an unchanged row matches. */
  institutionId?: string;
};

export type RegisteredInstitution = {
  id: string;
  name: string;
  kind: string;
  grade: string;
  ownership: string;
  regionCode: string;
  nhsaCode: string;
  creditCode: string;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
};

export type RosterContext = {
  /** Every known region code → whether it lies inside the regulator's subtree. */
  regions: Map<string, boolean>;
  /** Registered institutions whose credit code or NHSA code appears in the file. */
  registered: RegisteredInstitution[];
  /** E-mails (lower case) that already belong to an account. */
  takenEmails: Set<string>;
};

/** Header text → column: tolerant of spaces, a required-mark (*) and notes in brackets. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/[（(][^）)]*[）)]/g, "")
    .replace(/[\s*＊:：]/g, "")
    .trim();
}

/** Map a header row to column positions; returns the columns it lacks too. */
export function mapHeader(cells: string[]): { positions: Partial<Record<RosterColumn, number>>; missing: RosterColumn[] } {
  const byLabel = new Map(ROSTER_COLUMNS.map((c) => [columnLabel(c), c]));
  const positions: Partial<Record<RosterColumn, number>> = {};
  cells.forEach((cell, index) => {
    const column = byLabel.get(normalizeHeader(cell));
    if (column && positions[column] === undefined) positions[column] = index;
  });
  return { positions, missing: ROSTER_COLUMNS.filter((c) => positions[c] === undefined) };
}

/** Whether a row of cells looks like the header row (it names the first template column). */
export const isHeaderRow = (cells: string[]) => cells.some((c) => normalizeHeader(c) === columnLabel("name"));

function lookupLabel<T extends string>(
  value: string,
  codes: readonly T[],
  labels: Record<T, string>,
  aliases: Record<string, string>,
): T | null {
  const text = value.replace(/\s/g, "");
  if ((codes as readonly string[]).includes(text)) return text as T;
  const byLabel = codes.find((c) => labels[c] === text);
  if (byLabel) return byLabel;
  const alias = aliases[text];
  return alias && (codes as readonly string[]).includes(alias) ? (alias as T) : null;
}

function parseGrade(value: string): InstitutionGrade | null {
  const text = value.replace(/\s/g, "");
  if (!text) return "ungraded";
  const exact = lookupLabel(text, INSTITUTION_GRADES, msgs().grades, msgs().roster.aliases.grades);
  if (exact) return exact;
  // 三级甲等, 二级乙等 …: the level is what the platform records.
  const prefix = Object.entries(msgs().roster.aliases.grades).find(([label]) => label.length > 1 && text.startsWith(label));
  return prefix ? (prefix[1] as InstitutionGrade) : null;
}

const emailShape = z.email();
const MOBILE = /^(?:\+?86-?)?1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$/;

export function isPhoneValid(phone: string): boolean {
  const compact = phone.replace(/[\s()（）]/g, "");
  return MOBILE.test(compact.replace(/-/g, "")) || LANDLINE.test(compact);
}

/** Trim every value; codes upper case, e-mail lower case. */
function normalizeValues(values: Record<RosterColumn, string>): Record<RosterColumn, string> {
  const out = {} as Record<RosterColumn, string>;
  for (const column of ROSTER_COLUMNS) out[column] = (values[column] ?? "").replace(/\u00a0/g, " ").trim();
  out.nhsaCode = out.nhsaCode.toUpperCase();
  out.creditCode = out.creditCode.toUpperCase();
  out.contactEmail = out.contactEmail.toLowerCase();
  return out;
}

/** The checks that need nothing but the row itself. */
function checkRowAlone(values: Record<RosterColumn, string>, regions: Map<string, boolean>): { problems: RowProblem[]; data?: RosterData } {
  const m = msgs().roster.problems;
  const problems: RowProblem[] = [];
  const add = (column: RosterColumn, message: string) => problems.push({ column, message });

  for (const column of ROSTER_COLUMNS) {
    if (REQUIRED.has(column) && !values[column]) add(column, m.required);
    const max = MAX_LENGTH[column];
    if (max && values[column].length > max) add(column, t("roster.problems.tooLong", { max }));
  }
  const has = (column: RosterColumn) => !!values[column] && !problems.some((p) => p.column === column);

  const kind = has("kind") ? lookupLabel(values.kind, INSTITUTION_KINDS, msgs().kinds, msgs().roster.aliases.kinds) : null;
  if (has("kind") && !kind)
    add("kind", t("roster.problems.kindUnknown", { labels: INSTITUTION_KINDS.map((k) => msgs().kinds[k]).join("、") }));
  const grade = parseGrade(values.grade);
  if (!grade) add("grade", m.gradeUnknown);
  const ownership = has("ownership")
    ? lookupLabel(values.ownership, OWNERSHIPS, msgs().ownerships, msgs().roster.aliases.ownerships)
    : null;
  if (has("ownership") && !ownership) add("ownership", m.ownershipUnknown);

  let regionOk = false;
  if (has("regionCode")) {
    if (!/^\d{6}$/.test(values.regionCode)) add("regionCode", m.regionShape);
    else if (!regions.has(values.regionCode)) add("regionCode", m.regionUnknown);
    else if (!regions.get(values.regionCode)) add("regionCode", m.regionOutside);
    else regionOk = true;
  }

  if (has("creditCode")) {
    const problem = checkCreditCode(values.creditCode);
    if (problem === "length") add("creditCode", t("validation.creditCodeLength"));
    if (problem === "characters") add("creditCode", t("validation.creditCodeCharacters"));
    if (problem === "check") add("creditCode", t("validation.creditCodeCheck"));
  }

  if (has("nhsaCode")) {
    const shape = checkNhsaCode(values.nhsaCode);
    if (shape) add("nhsaCode", t("validation.nhsaCodeShape"));
    else {
      const problem = checkNhsaCode(values.nhsaCode, {
        isPharmacy: kind ? kind === "pharmacy" : undefined,
        regionCode: /^\d{6}$/.test(values.regionCode) ? values.regionCode : undefined,
      });
      if (problem === "prefix") add("nhsaCode", t("validation.nhsaCodePrefix"));
      if (problem === "region") add("nhsaCode", t("validation.nhsaCodeRegion"));
    }
  }

  if (has("contactEmail") && !emailShape.safeParse(values.contactEmail).success) add("contactEmail", m.emailInvalid);
  if (has("contactPhone") && !isPhoneValid(values.contactPhone)) add("contactPhone", m.phoneInvalid);

  if (problems.length || !kind || !grade || !ownership || !regionOk) return { problems };
  return {
    problems,
    data: {
      name: values.name,
      kind,
      grade,
      ownership,
      regionCode: values.regionCode,
      nhsaCode: values.nhsaCode,
      creditCode: values.creditCode,
      contactName: values.contactName,
      contactPhone: values.contactPhone || null,
      contactEmail: values.contactEmail,
    },
  };
}

const COMPARED: (keyof RosterData)[] = ["name", "kind", "grade", "ownership", "regionCode", "contactName", "contactPhone", "contactEmail"];

/**
 * Validate every row: its own fields, duplicates within the file (credit code, NHSA code,
 * e-mail: every row of a duplicate group is flagged, since which one is right is unknown) and
 * against what is registered. A row matching a registered institution by both codes with the
 * same data is "unchanged" (re-importing a file changes nothing); any other clash is an error.
 */
export function validateRosterRows(raw: RawRosterRow[], ctx: RosterContext): CheckedRosterRow[] {
  const rows = raw.map((r) => {
    const values = normalizeValues(r.values);
    const { problems, data } = checkRowAlone(values, ctx.regions);
    return { row: r.row, values, problems, data } as CheckedRosterRow;
  });

  for (const column of ["creditCode", "nhsaCode", "contactEmail"] as const) {
    const groups = new Map<string, CheckedRosterRow[]>();
    for (const r of rows) {
      const value = r.values[column];
      if (!value) continue;
      const group = groups.get(value);
      if (group) group.push(r);
      else groups.set(value, [r]);
    }
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      for (const r of group) {
        const others = group.filter((o) => o !== r).map((o) => o.row);
        r.problems.push({
          column,
          message: t("roster.problems.duplicateInFile", { rows: others.slice(0, 5).join("、") + (others.length > 5 ? "…" : "") }),
        });
      }
    }
  }

  const byCredit = new Map(ctx.registered.map((i) => [i.creditCode, i]));
  const byNhsa = new Map(ctx.registered.map((i) => [i.nhsaCode, i]));
  const m = msgs().roster.problems;
  for (const r of rows) {
    const credit = r.values.creditCode ? byCredit.get(r.values.creditCode) : undefined;
    const nhsa = r.values.nhsaCode ? byNhsa.get(r.values.nhsaCode) : undefined;
    if (credit && nhsa && credit.id === nhsa.id) {
      if (r.data) {
        const data = r.data;
        const differing = COMPARED.filter((key) => (data[key] ?? null) !== ((credit as Record<string, unknown>)[key] ?? null));
        for (const key of differing) r.problems.push({ column: key as RosterColumn, message: m.differsFromRegistered });
        if (!differing.length) r.institutionId = credit.id;
      }
    } else {
      if (credit) r.problems.push({ column: "creditCode", message: m.creditTaken });
      if (nhsa) r.problems.push({ column: "nhsaCode", message: m.nhsaTaken });
      if (!credit && !nhsa && r.values.contactEmail && ctx.takenEmails.has(r.values.contactEmail)) {
        r.problems.push({ column: "contactEmail", message: m.emailTaken });
      }
    }
    r.outcome = r.problems.length || !r.data ? "invalid" : r.institutionId ? "unchanged" : "new";
    if (r.outcome === "invalid") delete r.data;
  }
  return rows;
}

export function countOutcomes(rows: CheckedRosterRow[]) {
  const counts = { total: rows.length, new: 0, unchanged: 0, invalid: 0 };
  for (const r of rows) counts[r.outcome]++;
  return { ...counts, valid: counts.new + counts.unchanged };
}
