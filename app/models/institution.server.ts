import { and, asc, eq, sql } from "drizzle-orm";
import { institutions, regions } from "~db/schema";
import type { InstitutionData } from "~/schemas/institution";
import type { Executor } from "~/utils/db.server";
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

export const INSTITUTION_PAGE_SIZE = 50;

export type InstitutionFilter = { regionCode?: string; kind?: string; q?: string; page?: number };

/** Institutions of the regulator's subtree, filtered and paged. */
export async function listInstitutionsInRegion(exec: Executor, scope: RegionScope, filter: InstitutionFilter = {}) {
  const conditions = [inRegionSubtree(institutions.regionCode, scope.regionCode)];
  if (filter.regionCode && (await isRegionWithin(exec, scope.regionCode, filter.regionCode))) {
    conditions.push(inRegionSubtree(institutions.regionCode, filter.regionCode));
  }
  if (filter.kind) conditions.push(eq(institutions.kind, filter.kind as (typeof institutions.kind.enumValues)[number]));
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      sql`(${institutions.name} ilike ${pattern} or ${institutions.nhsaCode} ilike ${pattern} or ${institutions.creditCode} ilike ${pattern})`,
    );
  }
  const where = and(...conditions);
  const [{ total }] = await exec
    .select({ total: sql<number>`count(*)::int` })
    .from(institutions)
    .where(where);
  const pageCount = Math.max(1, Math.ceil(total / INSTITUTION_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pageCount);
  const rows = await exec
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
    .orderBy(asc(regions.path), asc(institutions.name))
    .limit(INSTITUTION_PAGE_SIZE)
    .offset((page - 1) * INSTITUTION_PAGE_SIZE);
  return { rows, total, page, pageCount };
}

/** The institution list with the regions to filter by. */
export async function getInstitutionsPage(exec: Executor, scope: RegionScope, filter: InstitutionFilter) {
  const [list, regions] = await Promise.all([listInstitutionsInRegion(exec, scope, filter), listRegionChoices(exec, scope)]);
  return { list, regions };
}
