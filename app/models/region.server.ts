import { asc, eq, like, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { regions } from "~db/schema";
import { REGION_ROWS } from "~db/regions-data";
import type { Executor } from "~/utils/db.server";

/** SQL condition: `column` holds a region code inside the subtree rooted at `rootCode`. */
export function inRegionSubtree(column: SQLWrapper, rootCode: string): SQL {
  return sql`${column} in (select r.code from regions r where r.path like (select p.path from regions p where p.code = ${rootCode}) || '%')`;
}

export async function getRegion(exec: Executor, code: string) {
  const [row] = await exec.select().from(regions).where(eq(regions.code, code));
  return row ?? null;
}

export async function isRegionWithin(exec: Executor, rootCode: string, code: string): Promise<boolean> {
  const rows = await exec.execute(
    sql`select 1 from regions r where r.code = ${code} and r.path like (select p.path from regions p where p.code = ${rootCode}) || '%'`,
  );
  return rows.length > 0;
}

/** The regions of a subtree, parents before children, with their depth below the root. */
async function listRegionSubtree(exec: Executor, rootCode: string) {
  const root = await getRegion(exec, rootCode);
  if (!root) return [];
  const rows = await exec
    .select()
    .from(regions)
    .where(like(regions.path, `${root.path}%`))
    .orderBy(asc(regions.path));
  const rootDepth = root.path.split("/").length;
  return rows.map((r) => ({ ...r, depth: r.path.split("/").length - rootDepth }));
}

/** The ancestors of a region and the region itself, province first. */
export async function listRegionAncestry(exec: Executor, code: string): Promise<string[]> {
  const region = await getRegion(exec, code);
  return region ? region.path.split("/").filter(Boolean) : [];
}

/** Insert the reference regions (idempotent). */
export async function ensureRegions(exec: Executor) {
  const byCode = new Map(REGION_ROWS.map((r) => [r.code, r]));
  const pathOf = (code: string): string => {
    const row = byCode.get(code)!;
    return (row.parent ? pathOf(row.parent) : "/") + code + "/";
  };
  const levelOf = (code: string) => {
    const depth = pathOf(code).split("/").filter(Boolean).length;
    return depth === 1 ? "province" : depth === 2 ? "city" : "county";
  };
  for (const row of REGION_ROWS) {
    await exec
      .insert(regions)
      .values({ code: row.code, name: row.name, level: levelOf(row.code), parentCode: row.parent, path: pathOf(row.code) })
      .onConflictDoNothing();
  }
}

/** The regions a regulator may filter by: its subtree, parents first, with each one's depth. */
export async function listRegionChoices(exec: Executor, scope: { regionCode: string }) {
  const rows = await listRegionSubtree(exec, scope.regionCode);
  return rows.map((r) => ({ code: r.code, name: r.name, depth: r.depth }));
}
