import { describe, expect, it } from "vitest";
import { findingSchema } from "~/schemas/inspection";
import { compareWithSelfCheck, reportedProblemItems } from "~/domain/inspection-comparison";
import type { SnapshotItem, SubmissionSnapshot } from "~/domain/snapshot";
import { snapshotItem } from "~/domain/snapshot-fixtures";

const item = (id: string, answer: SnapshotItem["answer"]) =>
  snapshotItem({ checklistItemId: id, code: id.toUpperCase(), title: `条目${id}`, answer });

const snapshot = {
  items: [item("a", "problem_found"), item("b", "no_problem"), item("c", "not_applicable"), item("d", "problem_found")],
} as SubmissionSnapshot;

describe("comparison with the self-check", () => {
  it("reported problems are the items answered problem_found", () => {
    expect(reportedProblemItems(snapshot).map((i) => i.checklistItemId)).toEqual(["a", "d"]);
    expect(reportedProblemItems(null)).toEqual([]);
  });

  it("a finding is reported only on a reported item; off-list and other items are unreported", () => {
    const findings = [
      { id: 1, checklistItemId: "a" },
      { id: 2, checklistItemId: "b" },
      { id: 3, checklistItemId: null },
      { id: 4, checklistItemId: "a" },
    ];
    const c = compareWithSelfCheck(findings, snapshot, [{ checklistItemId: "d", verdict: "fixed", note: "已核实" }]);
    expect(c.foundReported.map((f) => f.id)).toEqual([1, 4]);
    expect(c.foundUnreported.map((f) => f.id)).toEqual([2, 3]);
    expect(c.selfReported.map((r) => [r.item.checklistItemId, r.verdict, r.findingCount])).toEqual([
      ["a", null, 2],
      ["d", "fixed", 0],
    ]);
  });

  it("without a compared self-check every finding is unreported", () => {
    const c = compareWithSelfCheck([{ checklistItemId: "a" }], null, []);
    expect(c.foundUnreported).toHaveLength(1);
    expect(c.selfReported).toEqual([]);
  });
});

describe("finding form", () => {
  const base = { checklistItemId: "", description: "多收费", caseCount: "2", amountFoundFen: "1,234.5", amountRecoveredFen: "0" };
  it("parses yuan to fen and an empty item to off-list", () => {
    expect(findingSchema.parse(base)).toEqual({
      checklistItemId: undefined,
      description: "多收费",
      caseCount: 2,
      amountFoundFen: 123450,
      amountRecoveredFen: 0,
    });
  });
  it("refuses more recovered than found, and a malformed item", () => {
    const r = findingSchema.safeParse({ ...base, amountRecoveredFen: "1234.51" });
    expect(r.success ? null : r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["amountRecoveredFen", "追回金额不能超过查实金额"],
    ]);
    expect(findingSchema.safeParse({ ...base, checklistItemId: "x' or 1=1" }).success).toBe(false);
  });
});
