import { describe, expect, it } from "vitest";
import {
  CLUE_COLUMNS,
  canAnswerRecord,
  canCloseClue,
  isClueOverdue,
  isValidResidentId,
  mapClueHeader,
  maskIdNumber,
  maskName,
  validateClueRows,
  clueColumnLabel,
  type ClueColumn,
} from "~/domain/clues";

const row = (n: number, o: Partial<Record<ClueColumn, string>> = {}) => ({
  row: n,
  values: {
    nhsaCode: "H41130300001",
    settlementNo: `JS${n}`,
    occurredOn: "2025-03-01",
    itemCode: "X001",
    itemName: "血液透析",
    quantity: "2",
    amount: "123.45",
    ruleCode: "R01",
    ruleName: "超量开药",
    risk: "高",
    patientName: "张三",
    patientId: "11010519491231002X",
    ...o,
  },
});

describe("clue rows", () => {
  const codes = new Set(["H41130300001"]);
  it("accepts a clean row and parses amounts into fen", () => {
    const [checked] = validateClueRows([row(2)], codes);
    expect(checked.problems).toEqual([]);
    expect(checked.data).toMatchObject({ amountFen: 12345, risk: "high", patientId: "11010519491231002X" });
  });
  it("names the column of each problem in Chinese", () => {
    const [checked] = validateClueRows(
      [row(2, { nhsaCode: "H99999999999", occurredOn: "2025-02-30", amount: "1.234", risk: "极高", patientId: "110105194912310021" })],
      codes,
    );
    expect(checked.problems.map((p) => p.column).sort()).toEqual(["amount", "nhsaCode", "occurredOn", "patientId", "risk"]);
    expect(checked.data).toBeNull();
  });
  it("refuses a duplicate within the file", () => {
    const checked = validateClueRows([row(2), row(3, { settlementNo: "JS2" })], codes);
    expect(checked[1].problems[0].message).toContain("第 2 行");
  });
  it("finds the header by its labels", () => {
    expect(mapClueHeader(CLUE_COLUMNS.map(clueColumnLabel)).missing).toEqual([]);
    expect(mapClueHeader(["机构编码"]).missing).toContain("amount");
  });
});

describe("personal data", () => {
  it("masks names and ID numbers", () => {
    expect(maskName("张三")).toBe("张*");
    expect(maskName("欧阳娜娜")).toBe("欧***");
    expect(maskIdNumber("410102199001011234")).toBe("410***********1234");
  });
  it("checks the resident ID's check character", () => {
    expect(isValidResidentId("11010519491231002X")).toBe(true);
    expect(isValidResidentId("110105194912310021")).toBe(false);
  });
});

describe("clue states", () => {
  it("lets an institution answer only unanswered or returned records of a clue with it", () => {
    expect(canAnswerRecord("verifying", "returned")).toBe(true);
    expect(canAnswerRecord("verifying", "submitted")).toBe(false);
    expect(canAnswerRecord("pending", "unanswered")).toBe(false);
  });
  it("closes only when every record is accepted", () => {
    expect(canCloseClue({ status: "verifying" }, 1)).toBe(false);
    expect(canCloseClue({ status: "verifying" }, 0)).toBe(true);
  });
  it("counts a clue overdue after the end of its due day in Asia/Shanghai", () => {
    expect(isClueOverdue({ status: "verifying", dueOn: "2026-03-01" }, new Date("2026-03-01T15:59:00Z"))).toBe(false);
    expect(isClueOverdue({ status: "verifying", dueOn: "2026-03-01" }, new Date("2026-03-01T16:00:00Z"))).toBe(true);
    expect(isClueOverdue({ status: "closed", dueOn: "2026-03-01" }, new Date("2026-04-01T00:00:00Z"))).toBe(false);
  });
});
