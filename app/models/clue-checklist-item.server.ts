// Which problem-list item a clue's rule or item code names, for the new-clue form (one code) and
// the batch import (every institution × rule of a file, in one statement): one definition.
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "~/utils/db.server";

/**
 * For each row of `pairs` (a query with the columns `code` text and `institution_id` uuid), the
 * id of the problem-list item with that code (`item_id`, null when none): in the list version of
 * the institution's latest self-check campaign, else in the newest published version that has
 * the code. Set-based: the versions are found once per institution and once per code.
 */
export function checklistItemsFor(pairs: SQL) {
  return sql`
    with pairs as (${pairs}),
    institution_version as (
      select distinct on (a.institution_id) a.institution_id, c.checklist_version_id as version_id
      from assessments a join campaigns c on c.id = a.campaign_id
      where a.institution_id in (select institution_id from pairs where institution_id is not null)
      order by a.institution_id, c.self_check_due_on desc, c.id),
    code_version as (
      select distinct on (x.code) x.code, v.id as version_id
      from checklist_items x join checklist_versions v on v.id = x.version_id
      where v.status = 'published' and x.code in (select code from pairs)
      order by x.code, v.published_at desc, v.id)
    select p.code, p.institution_id, ci.id as item_id
    from pairs p
    left join institution_version iv on iv.institution_id = p.institution_id
    left join code_version cv on cv.code = p.code
    left join checklist_items ci on ci.code = p.code and ci.version_id = coalesce(iv.version_id, cv.version_id)`;
}

/** The problem-list item with this code for this institution (or, with none, in the newest published list). */
export async function findChecklistItemId(exec: Executor, code: string, institutionId: string | null): Promise<string | null> {
  const [row] = await exec.execute<{ itemId: string | null }>(sql`
    select item_id as "itemId" from (${checklistItemsFor(sql`select ${code}::text as code, ${institutionId}::uuid as institution_id`)}) x`);
  return row?.itemId ?? null;
}
