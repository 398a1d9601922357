// The comparison of inspections with self-checks, in SQL (app/domain/inspection-comparison.ts
// has the same rule in TypeScript). Used by the inspection pages and by the risk score, so it
// sits below both (inspection.server imports risk.server to recompute after a change).
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";

/**
 * SQL condition: finding `f` of inspection `i` is unreported (未自查出) — the newest submitted
 * version of the inspection's compared self-check does not answer its item 'problem_found'.
 * True as well for a finding tied to no item and for an inspection with no compared self-check.
 */
export function isUnreportedSql(f: string, i: string): SQL {
  const finding = sql.raw(f);
  const inspection = sql.raw(i);
  return sql`not exists (
    select 1 from assessment_versions v
    where v.assessment_id = ${inspection}.compared_assessment_id
      and ${finding}.checklist_item_id is not null
      and v.version = (select max(v2.version) from assessment_versions v2 where v2.assessment_id = v.assessment_id)
      and v.snapshot->'items' @> jsonb_build_array(jsonb_build_object('checklistItemId', ${finding}.checklist_item_id::text, 'answer', 'problem_found')))`;
}

/**
 * Findings of on-site inspections that the institution's compared self-check did not report,
 * counted over all inspections of each institution (set-based: one statement for any number
 * of institutions). Every requested institution is in the map, 0 when nothing was found.
 */
export async function countUnreportedFindings(exec: Executor, institutionIds: string[]): Promise<Map<string, number>> {
  const ids = [...new Set(institutionIds)].filter(isUuid);
  const counts = new Map<string, number>(ids.map((id) => [id, 0]));
  if (ids.length === 0) return counts;
  const rows = await exec.execute<{ institution_id: string; n: number }>(sql`
    select i.institution_id, count(*)::int as n
    from inspections i join inspection_findings f on f.inspection_id = i.id
    where i.institution_id = any(${`{${ids.join(",")}}`}::uuid[])
      and ${isUnreportedSql("f", "i")}
    group by i.institution_id`);
  for (const row of rows) counts.set(row.institution_id, Number(row.n));
  return counts;
}

/**
 * The self-check an inspection recorded now is compared with: the institution's latest
 * self-check (by its campaign's opening) that has at least one submitted version.
 */
export async function findComparedAssessment(exec: Executor, institutionId: string) {
  const rows = await exec.execute<{ assessment_id: string; campaign_title: string; version: number; submitted_at: string }>(sql`
    select a.id as assessment_id, c.title as campaign_title, lv.version, lv.submitted_at
    from assessments a
    join campaigns c on c.id = a.campaign_id
    join lateral (
      select v.version, v.submitted_at from assessment_versions v where v.assessment_id = a.id order by v.version desc limit 1
    ) lv on true
    where a.institution_id = ${institutionId}
    order by c.opened_at desc nulls last, lv.submitted_at desc, a.id
    limit 1`);
  const row = rows[0];
  return row
    ? {
        assessmentId: row.assessment_id,
        campaignTitle: row.campaign_title,
        version: Number(row.version),
        submittedAt: new Date(row.submitted_at),
      }
    : null;
}
