// What changed between two submitted versions, item by item. Pure: used by both sides' pages.
import type { SnapshotItem, SubmissionSnapshot } from "~/domain/snapshot";

export const DIFF_FIELDS = [
  "answer",
  "description",
  "caseCount",
  "amountInvolvedFen",
  "refundedFen",
  "rectificationPlan",
  "responsiblePerson",
  "rectificationDueOn",
  "rectificationStatus",
  "rectifiedOn",
] as const satisfies readonly (keyof SnapshotItem)[];
export type DiffField = (typeof DIFF_FIELDS)[number];

export type ItemDiff = {
  checklistItemId: string;
  code: string;
  title: string;
  changes: { field: DiffField; before: SnapshotItem[DiffField]; after: SnapshotItem[DiffField] }[];
  evidenceAdded: string[];
  evidenceRemoved: string[];
};

export function diffSnapshots(before: SubmissionSnapshot, after: SubmissionSnapshot): ItemDiff[] {
  const previous = new Map(before.items.map((i) => [i.checklistItemId, i]));
  const diffs: ItemDiff[] = [];
  for (const item of after.items) {
    const old = previous.get(item.checklistItemId);
    const changes = DIFF_FIELDS.filter((f) => (old?.[f] ?? null) !== (item[f] ?? null)).map((field) => ({
      field,
      before: old?.[field] ?? null,
      after: item[field],
    }));
    const oldHashes = new Set((old?.evidence ?? []).map((e) => e.sha256));
    const newHashes = new Set(item.evidence.map((e) => e.sha256));
    const evidenceAdded = item.evidence.filter((e) => !oldHashes.has(e.sha256)).map((e) => e.fileName);
    const evidenceRemoved = (old?.evidence ?? []).filter((e) => !newHashes.has(e.sha256)).map((e) => e.fileName);
    if (changes.length || evidenceAdded.length || evidenceRemoved.length) {
      diffs.push({ checklistItemId: item.checklistItemId, code: item.code, title: item.title, changes, evidenceAdded, evidenceRemoved });
    }
  }
  return diffs;
}
