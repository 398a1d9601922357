import { and, eq, sql } from "drizzle-orm";
import { institutions, regions } from "~db/schema";
import type { InstitutionData } from "~/schemas/institution";
import type { Executor } from "~/utils/db.server";
import { pageList } from "~/lists/list-query.server";
import type { InstitutionListQuery } from "~/lists/institutions";
import { t } from "~/utils/i18n";
import { notFound, type InstitutionScope, type RegionScope } from "~/utils/permissions.server";
import { recordAudit } from "~/models/audit.server";
import { inRegionSubtree, isRegionWithin, listRegionChoices } from "~/models/region.server";

/** The acting institution user's own institution. */
export async function getInstitutionSummary(exec: Executor, scope: InstitutionScope) {
  const { institutionId } = scope;
  const [row] = await exec
    .select({
      id: institutions.id,
      name: institutions.name,
      kind: institutions.kind,
      grade: institutions.grade,
      nhsaCode: institutions.nhsaCode,
      regionCode: institutions.regionCode,
      regionName: regions.name,
    })
    .from(institutions)
    .innerJoin(regions, eq(regions.code, institutions.regionCode))
    .where(eq(institutions.id, institutionId));
  return row ?? notFound();
}

export type CreateInstitutionResult = { ok: true; id: string } | { ok: false; fieldErrors: Record<string, string> };

/** Register an institution inside the regulator's subtree; duplicates are field errors, not crashes. */
export async function createInstitution(exec: Executor, scope: RegionScope, data: InstitutionData): Promise<CreateInstitutionResult> {
  if (!(await isRegionWithin(exec, scope.regionCode, data.regionCode))) {
    return { ok: false, fieldErrors: { regionCode: t("institutions.regionOutside") } };
  }
  const duplicates = await exec
    .select({ nhsaCode: institutions.nhsaCode, creditCode: institutions.creditCode })
    .from(institutions)
    .where(sql`${institutions.nhsaCode} = ${data.nhsaCode} or ${institutions.creditCode} = ${data.creditCode}`);
  const fieldErrors: Record<string, string> = {};
  if (duplicates.some((d) => d.nhsaCode === data.nhsaCode)) fieldErrors.nhsaCode = t("institutions.duplicateNhsa");
  if (duplicates.some((d) => d.creditCode === data.creditCode)) fieldErrors.creditCode = t("institutions.duplicateCredit");
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  return exec.transaction(async (tx) => {
    const [row] = await tx.insert(institutions).values(data).returning({ id: institutions.id });
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "institution.created",
      entityType: "institution",
      entityId: row.id,
      institutionId: row.id,
      regionCode: data.regionCode,
      after: data,
    });
    return { ok: true as const, id: row.id };
  });
}

/** Institutions of the regulator's subtree, filtered, sorted and paged. */
export async function listInstitutionsInRegion(
  exec: Executor,
  scope: RegionScope,
  query: Pick<InstitutionListQuery, "region" | "kind" | "q"> & Partial<InstitutionListQuery>,
) {
  const conditions = [inRegionSubtree(institutions.regionCode, scope.regionCode)];
  if (query.region && (await isRegionWithin(exec, scope.regionCode, query.region))) {
    conditions.push(inRegionSubtree(institutions.regionCode, query.region));
  }
  if (query.kind) conditions.push(eq(institutions.kind, query.kind));
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      sql`(${institutions.name} ilike ${pattern} or ${institutions.nhsaCode} ilike ${pattern} or ${institutions.creditCode} ilike ${pattern})`,
    );
  }
  const where = and(...conditions);
  return pageList(
    { sort: "region", dir: "asc", page: 1, pageSize: 50, ...query },
    {
      count: async () =>
        (
          await exec
            .select({ total: sql<number>`count(*)::int` })
            .from(institutions)
            .where(where)
        )[0].total,
      rows: ({ order, limit, offset }) =>
        exec
          .select({
            id: institutions.id,
            name: institutions.name,
            kind: institutions.kind,
            grade: institutions.grade,
            ownership: institutions.ownership,
            nhsaCode: institutions.nhsaCode,
            creditCode: institutions.creditCode,
            regionName: regions.name,
            contactName: institutions.contactName,
          })
          .from(institutions)
          .innerJoin(regions, eq(regions.code, institutions.regionCode))
          .where(where)
          .orderBy(order)
          .limit(limit)
          .offset(offset),
      orderBy: {
        region: (dir) => sql`${regions.path} ${dir}, ${institutions.name}`,
        name: [sql`${institutions.name}`],
      },
      tiebreak: sql`${institutions.id}`,
    },
  );
}

/** The institution list with the regions to filter by. */
export async function getInstitutionsPage(exec: Executor, scope: RegionScope, filter: InstitutionListQuery) {
  const [list, regions] = await Promise.all([listInstitutionsInRegion(exec, scope, filter), listRegionChoices(exec, scope)]);
  return { list, regions };
}
