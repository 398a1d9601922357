import { describe, expect, it } from "vitest";
import type { SnapshotItem, SubmissionSnapshot } from "~/domain/snapshot";
import { diffSnapshots } from "~/domain/snapshot-diff";
import { snapshotItem } from "~/domain/snapshot-fixtures";

const item = (code: string, over: Partial<SnapshotItem> = {}) => snapshotItem({ checklistItemId: `id-${code}`, code, ...over });
const snap = (items: SnapshotItem[]) => ({ items }) as SubmissionSnapshot;
const file = (name: string, sha: string) => ({ id: name, fileName: name, contentType: "application/pdf", sizeBytes: 1, sha256: sha });

describe("diffSnapshots", () => {
  it("lists changed fields and evidence per item, and nothing for unchanged items", () => {
    const v1 = snap([item("MI-01", { answer: "problem_found", amountInvolvedFen: 100, evidence: [file("a.pdf", "aa")] }), item("MI-02")]);
    const v2 = snap([item("MI-01", { answer: "problem_found", amountInvolvedFen: 150, evidence: [file("b.pdf", "bb")] }), item("MI-02")]);
    expect(diffSnapshots(v1, v2)).toEqual([
      {
        checklistItemId: "id-MI-01",
        code: "MI-01",
        title: "条目MI-01",
        changes: [{ field: "amountInvolvedFen", before: 100, after: 150 }],
        evidenceAdded: ["b.pdf"],
        evidenceRemoved: ["a.pdf"],
      },
    ]);
  });
  it("identical versions have no differences", () => {
    const v = snap([item("MI-01"), item("MI-02", { answer: "not_applicable" })]);
    expect(diffSnapshots(v, v)).toEqual([]);
  });
});
