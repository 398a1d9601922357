// Rows of a clue batch file (the template's columns) for tests: one suspicious record per row.
import { CLUE_COLUMNS, clueColumnLabel, type ClueColumn } from "~/domain/clues";

export type ClueRow = Record<ClueColumn, string>;

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A UTF-8 .csv of the template's header and the rows. */
export const clueCsvOf = (rows: ClueRow[]) =>
  Buffer.from(
    [CLUE_COLUMNS.map(clueColumnLabel), ...rows.map((r) => CLUE_COLUMNS.map((c) => r[c]))]
      .map((cells) => cells.map(csvCell).join(","))
      .join("\r\n") + "\r\n",
    "utf8",
  );

/** Record n of an institution: settlement number JS0000000n, rule R01 (high risk), a patient. */
export function clueRecordOf(nhsaCode: string, n: number, o: Partial<ClueRow> = {}): ClueRow {
  return {
    nhsaCode,
    settlementNo: `JS${String(n).padStart(8, "0")}`,
    occurredOn: "2025-03-01",
    itemCode: "X001",
    itemName: "血液透析",
    quantity: "1",
    amount: "100.00",
    ruleCode: "R01",
    ruleName: "超标准收费",
    risk: "高",
    patientName: "张三",
    patientId: "11010519491231002X",
    ...o,
  };
}
