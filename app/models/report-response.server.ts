import { xlsxResponse } from "~/utils/xlsx-response.server";
import type { Executor } from "~/utils/db.server";
import { notFound } from "~/utils/permissions.server";
import { buildAssessmentReport, reportFileName } from "~/models/report.server";
import { listItemReviews, type listVersions } from "~/models/review.server";

/**
 * The .xlsx download of one submitted version (the newest unless `?version=N`), with the
 * review decisions once the version is decided. Callers have already checked access.
 */
export async function reportResponse(exec: Executor, versions: Awaited<ReturnType<typeof listVersions>>, versionParam: string | null) {
  const chosen = versionParam ? versions.find((v) => String(v.version) === versionParam) : versions[0];
  if (!chosen) notFound();
  const reviews = chosen.decision === "pending" ? [] : await listItemReviews(exec, [chosen.id]);
  const buffer = await buildAssessmentReport(chosen.snapshot, {
    review: {
      decision: chosen.decision,
      decidedAt: chosen.decidedAt?.toISOString() ?? null,
      comment: chosen.decisionComment,
      items: reviews.length
        ? Object.fromEntries(reviews.map((r) => [r.checklistItemId, { decision: r.decision, comment: r.comment }]))
        : undefined,
    },
  });
  return xlsxResponse(buffer, reportFileName(chosen.snapshot));
}
