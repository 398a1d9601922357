import { and, asc, eq, sql } from "drizzle-orm";
import { institutions, regions } from "../../db/schema";
import type { InstitutionData } from "~/schemas/institution";
import type { Executor } from "~/utils/db.server";
import { notFound, type RegionScope } from "~/utils/permissions.server";
import { recordAudit } from "./audit.server";
import { inRegionSubtree, isRegionWithin } from "./region.server";

export async function getInstitutionSummary(exec: Executor, institutionId: string) {
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
    return { ok: false, fieldErrors: { regionCode: "所选地区不在您的辖区内" } };
  }
  const duplicates = await exec
    .select({ nhsaCode: institutions.nhsaCode, creditCode: institutions.creditCode })
    .from(institutions)
    .where(sql`${institutions.nhsaCode} = ${data.nhsaCode} or ${institutions.creditCode} = ${data.creditCode}`);
  const fieldErrors: Record<string, string> = {};
  if (duplicates.some((d) => d.nhsaCode === data.nhsaCode)) fieldErrors.nhsaCode = "该医保定点机构编码已登记";
  if (duplicates.some((d) => d.creditCode === data.creditCode)) fieldErrors.creditCode = "该统一社会信用代码已登记";
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

export async function listInstitutionsInRegion(exec: Executor, scope: RegionScope, limit = 200) {
  return exec
    .select({ id: institutions.id, name: institutions.name, kind: institutions.kind, regionCode: institutions.regionCode })
    .from(institutions)
    .where(and(inRegionSubtree(institutions.regionCode, scope.regionCode)))
    .orderBy(asc(institutions.name))
    .limit(limit);
}
