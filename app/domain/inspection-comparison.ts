// Inspection findings against the self-check (自查) they are compared with. The rule, shared by
// the inspection page and the risk score (through countUnreportedFindings, which applies it in
// SQL): the compared self-check's reported problems are the items answered 'problem_found' in
// its newest submitted version; a finding is "reported" when its checklist item is one of
// them, otherwise (also when it is tied to no item, or there is no compared self-check) it is
// "unreported" (未自查出).
import type { SnapshotItem, SubmissionSnapshot } from "~/domain/snapshot";

export type Verdict = "fixed" | "not_fixed";

/** The items the newest submitted version reported as a problem; none without a snapshot. */
export function reportedProblemItems(snapshot: SubmissionSnapshot | null | undefined): SnapshotItem[] {
  return snapshot ? snapshot.items.filter((item) => item.answer === "problem_found") : [];
}

export function isFindingReported(finding: { checklistItemId: string | null }, reportedItemIds: ReadonlySet<string>): boolean {
  return finding.checklistItemId !== null && reportedItemIds.has(finding.checklistItemId);
}

export type Comparison<F> = {
  /** Found by the inspection and reported by the self-check. */
  foundReported: F[];
  /** Found by the inspection, not reported by the self-check (未自查出). */
  foundUnreported: F[];
  /** Every problem the self-check reported, with the inspector's verdict (null: not checked). */
  selfReported: { item: SnapshotItem; verdict: Verdict | null; note: string | null; findingCount: number }[];
};

export function compareWithSelfCheck<F extends { checklistItemId: string | null }>(
  findings: F[],
  snapshot: SubmissionSnapshot | null | undefined,
  verdicts: { checklistItemId: string; verdict: Verdict; note: string | null }[],
): Comparison<F> {
  const reported = reportedProblemItems(snapshot);
  const reportedIds = new Set(reported.map((item) => item.checklistItemId));
  const verdictOf = new Map(verdicts.map((v) => [v.checklistItemId, v]));
  return {
    foundReported: findings.filter((f) => isFindingReported(f, reportedIds)),
    foundUnreported: findings.filter((f) => !isFindingReported(f, reportedIds)),
    selfReported: reported.map((item) => ({
      item,
      verdict: verdictOf.get(item.checklistItemId)?.verdict ?? null,
      note: verdictOf.get(item.checklistItemId)?.note ?? null,
      findingCount: findings.filter((f) => f.checklistItemId === item.checklistItemId).length,
    })),
  };
}
