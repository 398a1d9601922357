// Test support for the unit tests of frozen submissions: a snapshot item with nothing filled in
// beyond what the test gives (the same blank every such test used to write out).
import type { SnapshotItem } from "~/domain/snapshot";

export function snapshotItem(fields: Partial<SnapshotItem> & Pick<SnapshotItem, "checklistItemId" | "code">): SnapshotItem {
  return {
    section: "定点医疗机构",
    title: `条目${fields.code}`,
    answer: "no_problem",
    description: null,
    caseCount: null,
    amountInvolvedFen: null,
    refundedFen: null,
    rectificationPlan: null,
    responsiblePerson: null,
    rectificationDueOn: null,
    rectificationStatus: null,
    rectifiedOn: null,
    evidence: [],
    ...fields,
  };
}
