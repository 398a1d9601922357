// The clue ledger's rules as plain functions: the batch template's columns and row checks,
// masking of personal data, who may act on a clue in which state, what counts as overdue.
import { isPastDeadline, isValidDateOnly, todayLocal } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import { parseYuanToFen } from "~/utils/money";

export const CLUE_SOURCES = ["upper", "complaint", "monitoring", "inspection", "transfer", "other"] as const;
export type ClueSource = (typeof CLUE_SOURCES)[number];
export const CLUE_RISK_LEVELS = ["high", "medium", "low"] as const;
export type ClueRisk = (typeof CLUE_RISK_LEVELS)[number];
export const CLUE_STATUSES = ["pending", "verifying", "closed"] as const;
export type ClueStatus = (typeof CLUE_STATUSES)[number];
/** A batch upload: read and checked by the worker, then (confirmed) imported by it. */
export const CLUE_IMPORT_STATUSES = ["received", "validating", "validated", "refused", "importing", "imported", "failed"] as const;
export type ClueImportStatus = (typeof CLUE_IMPORT_STATUSES)[number];
/** The states in which the worker is at it (the page polls its progress). */
export const CLUE_IMPORT_BUSY: readonly ClueImportStatus[] = ["received", "validating", "importing"];
export const CLUE_VERDICTS = ["true", "partly", "false"] as const;
export type ClueVerdict = (typeof CLUE_VERDICTS)[number];
export const CLUE_RESULTS = ["confirmed", "unfounded"] as const;
export type ClueResult = (typeof CLUE_RESULTS)[number];
export type AnswerState = "unanswered" | "submitted" | "returned" | "accepted";

/** The template's columns, in order (one row per suspicious record). */
export const CLUE_COLUMNS = [
  "nhsaCode",
  "settlementNo",
  "occurredOn",
  "itemCode",
  "itemName",
  "quantity",
  "amount",
  "ruleCode",
  "ruleName",
  "risk",
  "patientName",
  "patientId",
] as const;
export type ClueColumn = (typeof CLUE_COLUMNS)[number];

const OPTIONAL: ReadonlySet<ClueColumn> = new Set(["risk", "patientName", "patientId"]);
const MAX_LENGTH: Record<ClueColumn, number> = {
  nhsaCode: 12,
  settlementNo: 64,
  occurredOn: 10,
  itemCode: 64,
  itemName: 200,
  quantity: 20,
  amount: 20,
  ruleCode: 64,
  ruleName: 200,
  risk: 10,
  patientName: 50,
  patientId: 18,
};

/** A province's batch of 200,000 records is normal. */
export const MAX_CLUE_ROWS = 200_000;

export const clueColumnLabel = (column: ClueColumn) => msgs().clues.columns[column];

/** Header text → column, tolerant of spaces, a required-mark and notes in brackets. */
export function normalizeClueHeader(text: string): string {
  return text
    .replace(/[（(][^）)]*[）)]/g, "")
    .replace(/[\s*＊:：]/g, "")
    .trim();
}

export function mapClueHeader(cells: string[]): { positions: Partial<Record<ClueColumn, number>>; missing: ClueColumn[] } {
  const byLabel = new Map(CLUE_COLUMNS.map((c) => [clueColumnLabel(c), c]));
  const positions: Partial<Record<ClueColumn, number>> = {};
  cells.forEach((cell, index) => {
    const column = byLabel.get(normalizeClueHeader(cell));
    if (column && positions[column] === undefined) positions[column] = index;
  });
  return { positions, missing: CLUE_COLUMNS.filter((c) => !OPTIONAL.has(c) && positions[c] === undefined) };
}

export const isClueHeaderRow = (cells: string[]) => cells.some((c) => normalizeClueHeader(c) === clueColumnLabel("nhsaCode"));

export type RawClueRow = { row: number; values: Record<ClueColumn, string> };
export type ClueRowProblem = { column: ClueColumn; message: string };

/** A valid row's data; the patient fields are the caller's to protect (encrypt, hash, mask). */
export type ClueRowData = {
  nhsaCode: string;
  settlementNo: string;
  occurredOn: string;
  itemCode: string;
  itemName: string;
  quantity: string;
  amountFen: number;
  ruleCode: string;
  ruleName: string;
  risk: ClueRisk;
  patientName: string | null;
  patientId: string | null;
};

export type CheckedClueRow = { row: number; problems: ClueRowProblem[]; data: ClueRowData | null };

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** An 18-character resident ID (GB 11643): shape, birth date and check character. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (!isValidDateOnly(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`)) return false;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17];
}

/** 张三 → 张*, 欧阳娜娜 → 欧***; the first character stays. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return "";
  return chars[0] + "*".repeat(Math.max(1, chars.length - 1));
}

/** 410102199001011234 → 410***********1234 */
export function maskIdNumber(id: string): string {
  const v = id.trim();
  if (v.length <= 7) return "*".repeat(v.length);
  return v.slice(0, 3) + "*".repeat(v.length - 7) + v.slice(-4);
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  const v = phone.trim();
  if (v.length <= 7) return "*".repeat(v.length);
  return v.slice(0, 3) + "*".repeat(v.length - 7) + v.slice(-4);
}

const RISK_BY_LABEL = new Map<string, ClueRisk>([
  ["高", "high"],
  ["高风险", "high"],
  ["中", "medium"],
  ["中风险", "medium"],
  ["低", "low"],
  ["低风险", "low"],
]);

/**
 * Check every row: required cells, lengths, the institution (known and inside the bureau's
 * subtree: `institutionCodes`), dates, amounts, risk, the resident ID's check character, and
 * duplicates within the file (same institution, settlement, item and rule).
 */
export function validateClueRows(rows: RawClueRow[], institutionCodes: ReadonlySet<string>, now: Date = new Date()): CheckedClueRow[] {
  const E = msgs().clues.errors;
  const today = todayLocal(now);
  const seen = new Map<string, number>();
  return rows.map(({ row, values }) => {
    const problems: ClueRowProblem[] = [];
    const v = {} as Record<ClueColumn, string>;
    for (const column of CLUE_COLUMNS) {
      v[column] = (values[column] ?? "").trim();
      if (!v[column] && !OPTIONAL.has(column)) problems.push({ column, message: E.required });
      else if ([...v[column]].length > MAX_LENGTH[column])
        problems.push({ column, message: t("clues.errors.tooLong", { max: MAX_LENGTH[column] }) });
    }
    const has = (c: ClueColumn) => !problems.some((p) => p.column === c);
    const nhsaCode = v.nhsaCode.toUpperCase();
    if (has("nhsaCode") && !institutionCodes.has(nhsaCode)) problems.push({ column: "nhsaCode", message: E.nhsaUnknown });
    const occurredOn = v.occurredOn.replace(/[/.]/g, "-");
    if (has("occurredOn")) {
      if (!isValidDateOnly(occurredOn)) problems.push({ column: "occurredOn", message: E.date });
      else if (occurredOn > today) problems.push({ column: "occurredOn", message: E.futureDate });
    }
    if (has("quantity") && !/^-?\d{1,12}(\.\d{1,2})?$/.test(v.quantity)) problems.push({ column: "quantity", message: E.quantity });
    const amount = parseYuanToFen(v.amount);
    if (has("amount") && !amount.ok) problems.push({ column: "amount", message: E.amount });
    const risk = v.risk ? RISK_BY_LABEL.get(v.risk) : "medium";
    if (has("risk") && !risk) problems.push({ column: "risk", message: E.risk });
    const patientId = v.patientId.toUpperCase();
    if (has("patientId") && patientId && !isValidResidentId(patientId)) problems.push({ column: "patientId", message: E.patientId });
    const key = [nhsaCode, v.settlementNo, v.itemCode, v.ruleCode].join("\u0001");
    if (problems.length === 0) {
      const first = seen.get(key);
      if (first !== undefined) problems.push({ column: "settlementNo", message: t("clues.errors.duplicateRow", { row: first }) });
      else seen.set(key, row);
    }
    if (problems.length > 0) return { row, problems, data: null };
    return {
      row,
      problems,
      data: {
        nhsaCode,
        settlementNo: v.settlementNo,
        occurredOn,
        itemCode: v.itemCode,
        itemName: v.itemName,
        quantity: v.quantity,
        amountFen: amount.ok ? amount.fen : 0,
        ruleCode: v.ruleCode,
        ruleName: v.ruleName,
        risk: risk!,
        patientName: v.patientName || null,
        patientId: patientId || null,
      },
    };
  });
}

/** The highest risk among records decides the clue's risk. */
export function highestRisk(levels: ClueRisk[]): ClueRisk {
  if (levels.includes("high")) return "high";
  if (levels.includes("medium")) return "medium";
  return "low";
}

/** A clue is overdue once its due date (end of day, Asia/Shanghai) has passed while it is still open. */
export function isClueOverdue(clue: { status: ClueStatus; dueOn: string }, now: Date = new Date()): boolean {
  return clue.status !== "closed" && isPastDeadline(clue.dueOn, now);
}

/** The institution may (re)answer a record that was never answered or was returned, on a clue with it. */
export function canAnswerRecord(clueStatus: ClueStatus, state: AnswerState): boolean {
  return clueStatus === "verifying" && (state === "unanswered" || state === "returned");
}

/** Closing needs every record's answer accepted. */
export function canCloseClue(clue: { status: ClueStatus }, openRecords: number): boolean {
  return clue.status !== "closed" && openRecords === 0;
}

/** Age buckets of open clues on the 限期清零 board (days since the clue was registered). */
export const CLUE_AGE_BUCKETS = ["0-7", "8-15", "16-30", "31+"] as const;
export type ClueAgeBucket = (typeof CLUE_AGE_BUCKETS)[number];
export const AGE_BUCKET_BOUNDS: Record<ClueAgeBucket, [number, number]> = {
  "0-7": [0, 7],
  "8-15": [8, 15],
  "16-30": [16, 30],
  "31+": [31, 1_000_000],
};
/** A high-risk clue still open after this many days is flagged for cross-inspection (列入交叉检查). */
export const CROSS_CHECK_AFTER_DAYS = 30;

/** Region path '/410000/411300/411303/' → its codes, province first. */
export const regionPathCodes = (path: string) => path.split("/").filter(Boolean);

/** The 2-digit province prefix: the ledger's distribution key. */
export const provinceOf = (regionCode: string) => regionCode.slice(0, 2);

/** A suspicious record as the clue pages show it (patient fields only masked). */
export type ClueRecordFields = Pick<ClueRowData, "settlementNo" | "occurredOn" | "itemCode" | "itemName" | "quantity" | "amountFen"> & {
  id: number;
  patientNameMasked: string | null;
  patientIdMasked: string | null;
  answerState: AnswerState;
};

/** One submitted answer to a record, with its review: what the answer history of a record lists. */
export type ClueAnswerEntry = {
  id: number;
  recordId: number;
  version: number;
  verdict: ClueVerdict;
  explanation: string;
  confirmedFen: number;
  refundedFen: number;
  submittedAt: string;
  submittedBy: string;
  decision: "accepted" | "returned" | null;
  reviewComment: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
};
