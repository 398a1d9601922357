// On-site inspections (飞行检查 / 现场检查 / 交叉检查 / 第三方复核): records, findings, attachments
// and the comparison with the institution's own self-check. Every function takes the acting
// regulator's scope; an inspection outside its region subtree does not exist for it (404).
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import {
  assessmentVersions,
  assessments,
  campaigns,
  checklistItems,
  inspectionAttachments,
  inspectionFindings,
  inspectionInspectors,
  inspectionVerifications,
  inspections,
  institutions,
  regions,
  users,
} from "~db/schema";
import type { FindingData, InspectionData, VerdictData } from "~/schemas/inspection";
import type { InstitutionKind } from "~/domain/vocabulary";
import type { InspectionListQuery, InspectionListRow } from "~/lists/inspections";
import { queryListAll, queryListPage, type ListSql, type SortOrder } from "~/lists/list-query.server";
import type { Executor } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";
import { t } from "~/utils/i18n";
import { isUuid } from "~/utils/ids";
import { compareWithSelfCheck, reportedProblemItems } from "~/domain/inspection-comparison";
import { forbidden, notFound, type RegionScope } from "~/utils/permissions.server";
import type { SubmissionSnapshot } from "~/domain/snapshot";
import type { EvidenceStorage } from "~/utils/storage.server";
import type { ReceivedFile, RejectedFile } from "~/utils/upload.server";
import { getInstitutionRiskProfile, recomputeRisk } from "~/models/risk.server";
import { findComparedAssessment, isUnreportedSql } from "~/models/inspection-comparison.server";
import { openStoredFile, receiveAndAttach, type FileOwnerKind } from "~/models/stored-file.server";
import { listInstitutionsInRegion } from "~/models/institution.server";
import { recordAudit } from "~/models/audit.server";
import { findClueForInspection } from "~/models/clue.server";
import { inRegionSubtree, isRegionWithin, listRegionChoices } from "~/models/region.server";

// ---------------------------------------------------------------------------------------------
// Recording an inspection

/** An institution of the regulator's subtree, or 404. */
async function getInstitutionInScope(exec: Executor, scope: RegionScope, institutionId: string) {
  if (!isUuid(institutionId)) notFound();
  const [row] = await exec
    .select({
      id: institutions.id,
      name: institutions.name,
      kind: institutions.kind,
      nhsaCode: institutions.nhsaCode,
      regionCode: institutions.regionCode,
      regionName: regions.name,
    })
    .from(institutions)
    .innerJoin(regions, eq(regions.code, institutions.regionCode))
    .where(and(eq(institutions.id, institutionId), inRegionSubtree(institutions.regionCode, scope.regionCode)));
  return row ?? notFound();
}

/** The institution chosen on the new-inspection form, with the self-check it will be compared with. */
async function getInstitutionForInspection(exec: Executor, scope: RegionScope, institutionId: string) {
  const institution = await getInstitutionInScope(exec, scope, institutionId);
  return { institution, compared: await findComparedAssessment(exec, institution.id) };
}

/** Regulator accounts of the acting regulator's subtree who can be named as inspectors. */
async function listInspectorCandidates(exec: Executor, scope: RegionScope) {
  return exec
    .select({ id: users.id, name: users.name, regionName: regions.name })
    .from(users)
    .innerJoin(regions, eq(regions.code, users.regionCode))
    .where(and(eq(users.role, "regulator"), eq(users.isActive, true), inRegionSubtree(users.regionCode, scope.regionCode)))
    .orderBy(asc(regions.path), asc(users.name))
    .limit(200);
}

/** The institution is an entry of a sample drawn in the regulator's subtree. */
async function isInstitutionInSample(exec: Executor, scope: RegionScope, sampleId: string, institutionId: string) {
  const rows = await exec.execute(sql`
    select 1 from inspection_sample_entries e join inspection_samples s on s.id = e.sample_id
    where e.sample_id = ${sampleId} and e.institution_id = ${institutionId} and ${inRegionSubtree(sql`s.region_code`, scope.regionCode)}`);
  return rows.length > 0;
}

export type InspectionResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors };

export async function createInspection(
  exec: Executor,
  scope: RegionScope,
  data: InspectionData,
  today: string,
): Promise<InspectionResult<{ id: string }>> {
  if (data.inspectedOn > today) return { ok: false, fieldErrors: { inspectedOn: t("inspections.create.dateInFuture") } };
  const institution = await getInstitutionInScope(exec, scope, data.institutionId).catch((error) => {
    if (error instanceof Response && error.status === 404) return null;
    throw error;
  });
  if (!institution) return { ok: false, fieldErrors: { institutionId: t("inspections.create.institutionRequired") } };
  const inspectorIds = [...new Set(data.inspectorIds)];
  if (inspectorIds.length > 0) {
    const allowed = await exec
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.id, inspectorIds), eq(users.role, "regulator"), inRegionSubtree(users.regionCode, scope.regionCode)));
    if (allowed.length !== inspectorIds.length)
      return { ok: false, fieldErrors: { inspectorIds: t("inspections.create.inspectorOutside") } };
  }
  if (data.sampleId && !(await isInstitutionInSample(exec, scope, data.sampleId, institution.id))) {
    return { ok: false, fieldErrors: { institutionId: t("inspections.create.notInSample") } };
  }
  if (data.clueId && !(await findClueForInspection(exec, scope, data.clueId, institution.id))) {
    return { ok: false, fieldErrors: { institutionId: t("inspections.create.notFromClue") } };
  }
  return exec.transaction(async (tx) => {
    // Chosen inside the transaction, so the record names the self-check as it stood when saved.
    const compared = await findComparedAssessment(tx, institution.id);
    const [row] = await tx
      .insert(inspections)
      .values({
        institutionId: institution.id,
        regionCode: institution.regionCode,
        recordedByRegionCode: scope.regionCode,
        type: data.type,
        inspectedOn: data.inspectedOn,
        inspectorNames: data.inspectorNames,
        summary: data.summary ?? null,
        comparedAssessmentId: compared?.assessmentId ?? null,
        sampleId: data.sampleId ?? null,
        clueId: data.clueId ?? null,
        createdBy: scope.userId,
      })
      .returning({ id: inspections.id });
    if (inspectorIds.length > 0) {
      await tx.insert(inspectionInspectors).values(inspectorIds.map((userId) => ({ inspectionId: row.id, userId })));
    }
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "inspection.created",
      entityType: "inspection",
      entityId: row.id,
      institutionId: institution.id,
      regionCode: institution.regionCode,
      after: {
        type: data.type,
        inspectedOn: data.inspectedOn,
        inspectorNames: data.inspectorNames,
        inspectorIds,
        summary: data.summary ?? null,
        comparedAssessmentId: compared?.assessmentId ?? null,
        comparedVersion: compared?.version ?? null,
        sampleId: data.sampleId ?? null,
        clueId: data.clueId ?? null,
      },
    });
    if (data.sampleId) {
      // The sample's entry is now inspected (the only change its frozen row allows).
      await tx.execute(sql`update inspection_sample_entries set is_inspected = true
        where sample_id = ${data.sampleId} and institution_id = ${institution.id} and not is_inspected`);
    }
    // The unreported-findings factor and the last-inspected date change with it.
    await recomputeRisk(tx, [institution.id], "inspection");
    return { ok: true as const, value: { id: row.id } };
  });
}

// ---------------------------------------------------------------------------------------------
// Lists

/** Each sort key of the list (~/lists/inspections) as ORDER BY; the kit adds the direction and `i.id`. */
const ORDER_BY: Record<InspectionListQuery["sort"], SortOrder> = {
  newest: [sql`i.inspected_on`, sql`i.created_at`],
  oldest: [sql`i.inspected_on`, sql`i.created_at`],
  institution: (dir) => sql`inst.name ${dir}, i.inspected_on desc`,
  amount: (dir) => sql`amount_found_fen ${dir}, i.inspected_on desc`,
  unreported: (dir) => sql`unreported_count ${dir}, i.inspected_on desc`,
};

type InspectionRowRaw = {
  id: string;
  institution_id: string;
  institution_name: string;
  nhsa_code: string;
  kind: string;
  region_name: string;
  recorded_by_region_name: string;
  type: string;
  inspected_on: string;
  inspector_names: string;
  summary: string | null;
  compared_assessment_id: string | null;
  finding_count: number;
  case_count: string;
  amount_found_fen: string;
  amount_recovered_fen: string;
  unreported_count: number;
};

function toInspectionRow(r: InspectionRowRaw): InspectionListRow {
  return {
    id: r.id,
    institutionId: r.institution_id,
    institutionName: r.institution_name,
    nhsaCode: r.nhsa_code,
    kind: r.kind as InstitutionKind,
    regionName: r.region_name,
    recordedByRegionName: r.recorded_by_region_name,
    type: r.type as (typeof inspections.type.enumValues)[number],
    inspectedOn: r.inspected_on,
    inspectorNames: r.inspector_names,
    summary: r.summary,
    hasSelfCheck: r.compared_assessment_id !== null,
    findingCount: Number(r.finding_count),
    caseCount: Number(r.case_count),
    amountFoundFen: Number(r.amount_found_fen),
    amountRecoveredFen: Number(r.amount_recovered_fen),
    unreportedCount: Number(r.unreported_count),
  };
}
export type InspectionRow = InspectionListRow;

async function inspectionWhere(
  exec: Executor,
  scope: RegionScope,
  filter: Partial<Omit<InspectionListQuery, "page" | "pageSize" | "sort" | "dir">> & { institutionId?: string },
) {
  const parts: SQL[] = [inRegionSubtree(sql`i.region_code`, scope.regionCode)];
  if (filter.region && (await isRegionWithin(exec, scope.regionCode, filter.region)))
    parts.push(inRegionSubtree(sql`i.region_code`, filter.region));
  if (filter.institutionId) parts.push(sql`i.institution_id = ${filter.institutionId}`);
  if (filter.type) parts.push(sql`i.type = ${filter.type}`);
  if (filter.from) parts.push(sql`i.inspected_on >= ${filter.from}::date`);
  if (filter.to) parts.push(sql`i.inspected_on <= ${filter.to}::date`);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`(inst.name ilike ${pattern} or inst.nhsa_code ilike ${pattern})`);
  }
  return sql.join(parts, sql` and `);
}

/** The list's SQL for the kit: rows with their findings' totals, and their count. */
function inspectionsSql(where: SQL): ListSql<InspectionRowRaw, InspectionListRow, InspectionListQuery["sort"]> {
  return {
    count: sql`select count(*)::int as total from inspections i join institutions inst on inst.id = i.institution_id where ${where}`,
    rows: ({ order, limit }) => sql`
      select i.id, i.institution_id, inst.name as institution_name, inst.nhsa_code, inst.kind, r.name as region_name,
             rr.name as recorded_by_region_name, i.type, i.inspected_on::text as inspected_on, i.inspector_names, i.summary,
             i.compared_assessment_id, t.finding_count, t.case_count, t.amount_found_fen, t.amount_recovered_fen, t.unreported_count
      from inspections i
      join institutions inst on inst.id = i.institution_id
      join regions r on r.code = i.region_code
      join regions rr on rr.code = i.recorded_by_region_code
      cross join lateral (
        select count(f.id)::int as finding_count,
               coalesce(sum(f.case_count), 0)::bigint as case_count,
               coalesce(sum(f.amount_found_fen), 0)::bigint as amount_found_fen,
               coalesce(sum(f.amount_recovered_fen), 0)::bigint as amount_recovered_fen,
               (count(f.id) filter (where ${isUnreportedSql("f", "i")}))::int as unreported_count
        from inspection_findings f where f.inspection_id = i.id
      ) t
      where ${where}
      order by ${order}
      ${limit}`,
    orderBy: ORDER_BY,
    tiebreak: sql`i.id`,
    map: toInspectionRow,
  };
}

/** Inspections of the regulator's subtree, filtered, sorted and paged, with their findings' totals. */
async function listInspections(exec: Executor, scope: RegionScope, query: InspectionListQuery) {
  return queryListPage(exec, query, inspectionsSql(await inspectionWhere(exec, scope, query)));
}

/** Every inspection the filter selects (no paging, bounded), for the .xlsx export. */
export async function listInspectionsForExport(exec: Executor, scope: RegionScope, query: InspectionListQuery) {
  return queryListAll(exec, query, inspectionsSql(await inspectionWhere(exec, scope, query)));
}

/** An institution's inspections, newest first, for the regulator's institution page; 404 outside the subtree. */
export async function listInspectionsForInstitution(exec: Executor, scope: RegionScope, institutionId: string) {
  await getInstitutionInScope(exec, scope, institutionId);
  const where = await inspectionWhere(exec, scope, { institutionId });
  const page = await queryListPage(exec, { sort: "newest", dir: "desc", page: 1, pageSize: 100 }, inspectionsSql(where));
  return page.rows;
}

// ---------------------------------------------------------------------------------------------
// One inspection

/** An inspection of the regulator's subtree (404 otherwise), optionally locked for a change. */
async function getInspectionInScope(exec: Executor, scope: RegionScope, inspectionId: string, lock = false) {
  if (!isUuid(inspectionId)) notFound();
  const query = exec
    .select()
    .from(inspections)
    .where(and(eq(inspections.id, inspectionId), inRegionSubtree(inspections.regionCode, scope.regionCode)));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? notFound();
}

/**
 * An inspection this regulator may change: recorded by its own region or one below it. A
 * county sees the city's inspection of its institution but cannot rewrite the city's record.
 */
async function getManagedInspection(exec: Executor, scope: RegionScope, inspectionId: string) {
  const row = await getInspectionInScope(exec, scope, inspectionId, true);
  if (!(await isRegionWithin(exec, scope.regionCode, row.recordedByRegionCode))) forbidden();
  return row;
}

/** The newest submitted version's snapshot of a self-check (the comparison's basis). */
async function newestSnapshot(exec: Executor, assessmentId: string | null) {
  if (!assessmentId) return null;
  const [row] = await exec
    .select({ version: assessmentVersions.version, snapshot: assessmentVersions.snapshot, submittedAt: assessmentVersions.submittedAt })
    .from(assessmentVersions)
    .where(eq(assessmentVersions.assessmentId, assessmentId))
    .orderBy(desc(assessmentVersions.version))
    .limit(1);
  return row ?? null;
}

/**
 * The checklist version findings are filed under: the compared self-check's; without one, that
 * of the institution's latest self-check of any status (so an item can still be named).
 */
async function findingListVersion(exec: Executor, inspection: { comparedAssessmentId: string | null; institutionId: string }) {
  const [row] = await exec
    .select({ versionId: campaigns.checklistVersionId })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .where(
      inspection.comparedAssessmentId
        ? eq(assessments.id, inspection.comparedAssessmentId)
        : eq(assessments.institutionId, inspection.institutionId),
    )
    .orderBy(sql`${campaigns.openedAt} desc nulls last`)
    .limit(1);
  return row?.versionId ?? null;
}

async function listFindingItems(exec: Executor, versionId: string | null, kind: string) {
  if (!versionId) return [];
  return exec
    .select({ id: checklistItems.id, code: checklistItems.code, section: checklistItems.section, title: checklistItems.title })
    .from(checklistItems)
    .where(and(eq(checklistItems.versionId, versionId), sql`${checklistItems.appliesTo} @> array[${kind}]::text[]`))
    .orderBy(asc(checklistItems.position));
}

/** Everything the inspection page shows. */
export async function getInspectionDetail(exec: Executor, scope: RegionScope, inspectionId: string) {
  const inspection = await getInspectionInScope(exec, scope, inspectionId);
  const [[facts], findings, attachments, inspectors, verdicts, newest, isManaged] = await Promise.all([
    exec
      .select({
        institutionName: institutions.name,
        nhsaCode: institutions.nhsaCode,
        kind: institutions.kind,
        regionName: regions.name,
        createdByName: users.name,
        recordedByRegionName: sql<string>`(select r2.name from regions r2 where r2.code = ${inspections.recordedByRegionCode})`,
        comparedCampaignTitle: sql<
          string | null
        >`(select c.title from assessments a join campaigns c on c.id = a.campaign_id where a.id = ${inspections.comparedAssessmentId})`,
        clueRuleName: sql<string | null>`(select c.rule_name from clues c where c.id = ${inspections.clueId})`,
      })
      .from(inspections)
      .innerJoin(institutions, eq(institutions.id, inspections.institutionId))
      .innerJoin(regions, eq(regions.code, inspections.regionCode))
      .innerJoin(users, eq(users.id, inspections.createdBy))
      .where(eq(inspections.id, inspection.id)),
    exec
      .select({
        id: inspectionFindings.id,
        checklistItemId: inspectionFindings.checklistItemId,
        itemCode: checklistItems.code,
        itemTitle: checklistItems.title,
        description: inspectionFindings.description,
        caseCount: inspectionFindings.caseCount,
        amountFoundFen: inspectionFindings.amountFoundFen,
        amountRecoveredFen: inspectionFindings.amountRecoveredFen,
        createdAt: inspectionFindings.createdAt,
      })
      .from(inspectionFindings)
      .leftJoin(checklistItems, eq(checklistItems.id, inspectionFindings.checklistItemId))
      .where(eq(inspectionFindings.inspectionId, inspection.id))
      .orderBy(asc(inspectionFindings.createdAt), asc(inspectionFindings.id)),
    exec
      .select({
        id: inspectionAttachments.id,
        fileName: inspectionAttachments.fileName,
        contentType: inspectionAttachments.contentType,
        sizeBytes: inspectionAttachments.sizeBytes,
        sha256: inspectionAttachments.sha256,
        uploadedAt: inspectionAttachments.uploadedAt,
        uploadedByName: users.name,
      })
      .from(inspectionAttachments)
      .innerJoin(users, eq(users.id, inspectionAttachments.uploadedBy))
      .where(eq(inspectionAttachments.inspectionId, inspection.id))
      .orderBy(asc(inspectionAttachments.uploadedAt)),
    exec
      .select({ id: users.id, name: users.name })
      .from(inspectionInspectors)
      .innerJoin(users, eq(users.id, inspectionInspectors.userId))
      .where(eq(inspectionInspectors.inspectionId, inspection.id))
      .orderBy(asc(users.name)),
    exec
      .select({
        checklistItemId: inspectionVerifications.checklistItemId,
        verdict: inspectionVerifications.verdict,
        note: inspectionVerifications.note,
      })
      .from(inspectionVerifications)
      .where(eq(inspectionVerifications.inspectionId, inspection.id)),
    newestSnapshot(exec, inspection.comparedAssessmentId),
    isRegionWithin(exec, scope.regionCode, inspection.recordedByRegionCode),
  ]);
  const items = await listFindingItems(exec, await findingListVersion(exec, inspection), facts.kind);
  const snapshot: SubmissionSnapshot | null = newest?.snapshot ?? null;
  const comparison = compareWithSelfCheck(findings, snapshot, verdicts);
  const sum = (pick: (f: (typeof findings)[number]) => number) => findings.reduce((total, f) => total + pick(f), 0);
  return {
    inspection,
    facts,
    compared: newest
      ? { campaignTitle: facts.comparedCampaignTitle ?? "", version: newest.version, submittedAt: newest.submittedAt }
      : null,
    findings,
    totals: {
      findingCount: findings.length,
      caseCount: sum((f) => f.caseCount),
      amountFoundFen: sum((f) => f.amountFoundFen),
      amountRecoveredFen: sum((f) => f.amountRecoveredFen),
      unreportedCount: comparison.foundUnreported.length,
    },
    comparison,
    reportedItemIds: reportedProblemItems(snapshot).map((item) => item.checklistItemId),
    items,
    attachments,
    inspectors,
    isManaged,
  };
}

// ---------------------------------------------------------------------------------------------
// Changes to an inspection: findings, verdicts, attachments

export type ChangeResult = { ok: true; message: string } | { ok: false; fieldErrors: FieldErrors };

function auditBase(scope: RegionScope, inspection: { id: string; institutionId: string; regionCode: string }) {
  return {
    actorUserId: scope.userId,
    entityType: "inspection",
    entityId: inspection.id,
    institutionId: inspection.institutionId,
    regionCode: inspection.regionCode,
  };
}

export async function addFinding(exec: Executor, scope: RegionScope, inspectionId: string, data: FindingData): Promise<ChangeResult> {
  return exec.transaction(async (tx) => {
    const inspection = await getManagedInspection(tx, scope, inspectionId);
    let item: { code: string } | null = null;
    if (data.checklistItemId) {
      const [institution] = await tx
        .select({ kind: institutions.kind })
        .from(institutions)
        .where(eq(institutions.id, inspection.institutionId));
      const allowed = await listFindingItems(tx, await findingListVersion(tx, inspection), institution.kind);
      item = allowed.find((i) => i.id === data.checklistItemId) ?? null;
      if (!item) return { ok: false as const, fieldErrors: { checklistItemId: t("inspections.detail.itemNotOnList") } };
    }
    const [row] = await tx
      .insert(inspectionFindings)
      .values({
        inspectionId: inspection.id,
        checklistItemId: data.checklistItemId ?? null,
        description: data.description,
        caseCount: data.caseCount,
        amountFoundFen: data.amountFoundFen,
        amountRecoveredFen: data.amountRecoveredFen,
      })
      .returning({ id: inspectionFindings.id });
    await recordAudit(tx, {
      ...auditBase(scope, inspection),
      action: "inspection.finding_added",
      after: { findingId: row.id, itemCode: item?.code ?? null, ...data, checklistItemId: data.checklistItemId ?? null },
    });
    // The unreported-findings factor and the last-inspected date change with it.
    await recomputeRisk(tx, [inspection.institutionId], "inspection");
    return { ok: true as const, message: t("inspections.detail.findingAdded") };
  });
}

export async function removeFinding(exec: Executor, scope: RegionScope, inspectionId: string, findingId: string): Promise<ChangeResult> {
  if (!isUuid(findingId)) notFound();
  return exec.transaction(async (tx) => {
    const inspection = await getManagedInspection(tx, scope, inspectionId);
    const [finding] = await tx
      .delete(inspectionFindings)
      .where(and(eq(inspectionFindings.id, findingId), eq(inspectionFindings.inspectionId, inspection.id)))
      .returning();
    if (!finding) notFound();
    await recordAudit(tx, {
      ...auditBase(scope, inspection),
      action: "inspection.finding_removed",
      before: {
        findingId: finding.id,
        checklistItemId: finding.checklistItemId,
        description: finding.description,
        caseCount: finding.caseCount,
        amountFoundFen: finding.amountFoundFen,
        amountRecoveredFen: finding.amountRecoveredFen,
      },
    });
    // The unreported-findings factor and the last-inspected date change with it.
    await recomputeRisk(tx, [inspection.institutionId], "inspection");
    return { ok: true as const, message: t("inspections.detail.findingRemoved") };
  });
}

/** The inspector's verdict on a problem the compared self-check reported; "unchecked" clears it. */
export async function setVerdict(
  exec: Executor,
  scope: RegionScope,
  inspectionId: string,
  data: VerdictData,
  now = new Date(),
): Promise<ChangeResult> {
  return exec.transaction(async (tx) => {
    const inspection = await getManagedInspection(tx, scope, inspectionId);
    const newest = await newestSnapshot(tx, inspection.comparedAssessmentId);
    const item = reportedProblemItems(newest?.snapshot).find((i) => i.checklistItemId === data.checklistItemId);
    if (!item) return { ok: false as const, fieldErrors: { verdict: t("inspections.comparison.notSelfReported") } };
    const [before] = await tx
      .select({ verdict: inspectionVerifications.verdict, note: inspectionVerifications.note })
      .from(inspectionVerifications)
      .where(
        and(eq(inspectionVerifications.inspectionId, inspection.id), eq(inspectionVerifications.checklistItemId, item.checklistItemId)),
      );
    if (data.verdict === "unchecked") {
      await tx
        .delete(inspectionVerifications)
        .where(
          and(eq(inspectionVerifications.inspectionId, inspection.id), eq(inspectionVerifications.checklistItemId, item.checklistItemId)),
        );
    } else {
      await tx
        .insert(inspectionVerifications)
        .values({
          inspectionId: inspection.id,
          checklistItemId: item.checklistItemId,
          verdict: data.verdict,
          note: data.note ?? null,
          decidedBy: scope.userId,
          decidedAt: now,
        })
        .onConflictDoUpdate({
          target: [inspectionVerifications.inspectionId, inspectionVerifications.checklistItemId],
          set: { verdict: data.verdict, note: data.note ?? null, decidedBy: scope.userId, decidedAt: now },
        });
    }
    await recordAudit(tx, {
      ...auditBase(scope, inspection),
      action: "inspection.verdict_set",
      before: { itemCode: item.code, verdict: before?.verdict ?? "unchecked", note: before?.note ?? null },
      after: { itemCode: item.code, verdict: data.verdict, note: data.verdict === "unchecked" ? null : (data.note ?? null) },
    });
    // The unreported-findings factor and the last-inspected date change with it.
    await recomputeRisk(tx, [inspection.institutionId], "inspection");
    return { ok: true as const, message: t("inspections.comparison.verdictSaved", { code: item.code }) };
  });
}

/** Attachments of an inspection: regulators of the recording region (or above), while it is theirs to manage. */
const attachmentOwner: FileOwnerKind<RegionScope, { inspectionId: string }> = {
  async authorize(exec, scope, target) {
    await getManagedInspection(exec, scope, target.inspectionId);
    return null;
  },
  async insertRows(tx, scope, target, files, now) {
    const inspection = await getManagedInspection(tx, scope, target.inspectionId);
    for (const file of files) {
      const [row] = await tx
        .insert(inspectionAttachments)
        .values({
          inspectionId: inspection.id,
          fileName: file.originalName,
          contentType: file.contentType,
          sizeBytes: file.sizeBytes,
          sha256: file.sha256,
          uploadedBy: scope.userId,
          uploadedAt: now,
        })
        .returning({ id: inspectionAttachments.id });
      await recordAudit(tx, {
        ...auditBase(scope, inspection),
        action: "inspection.attachment_uploaded",
        after: {
          attachmentId: row.id,
          fileName: file.originalName,
          sha256: file.sha256,
          sizeBytes: file.sizeBytes,
          contentType: file.contentType,
        },
      });
    }
    return { ok: true as const, count: files.length };
  },
};

/** An upload form's attachments: refused (404/403) before a byte of the body is read outside the regulator's inspections. */
export async function uploadAttachments(
  exec: Executor,
  storage: EvidenceStorage,
  scope: RegionScope,
  inspectionId: string,
  receive: () => Promise<{ files: ReceivedFile[]; rejected: RejectedFile[] }>,
  now = new Date(),
) {
  return receiveAndAttach(exec, storage, attachmentOwner, scope, { inspectionId }, receive, now);
}

/** An attachment for download, only through an inspection of the regulator's subtree. */
async function getAttachmentForDownload(exec: Executor, scope: RegionScope, inspectionId: string, attachmentId: string) {
  const inspection = await getInspectionInScope(exec, scope, inspectionId);
  if (!isUuid(attachmentId)) notFound();
  const [row] = await exec
    .select()
    .from(inspectionAttachments)
    .where(and(eq(inspectionAttachments.id, attachmentId), eq(inspectionAttachments.inspectionId, inspection.id)));
  return row ?? notFound();
}

/** The inspection ledger with the regions to filter by. */
export async function getInspectionsPage(exec: Executor, scope: RegionScope, filter: InspectionListQuery) {
  const [list, regions] = await Promise.all([listInspections(exec, scope, filter), listRegionChoices(exec, scope)]);
  return { list, regions };
}

/**
 * The form that records an inspection: the institution searched for (first results), or the
 * chosen one with the self-check it will be compared with and the inspectors to pick from.
 */
export async function getNewInspectionPage(
  exec: Executor,
  scope: RegionScope,
  query: { institutionId?: string; q?: string },
  searchLimit: number,
) {
  const chosen = query.institutionId ? await getInstitutionForInspection(exec, scope, query.institutionId) : null;
  const [results, candidates] = await Promise.all([
    !chosen && query.q ? listInstitutionsInRegion(exec, scope, { q: query.q }) : null,
    chosen ? listInspectorCandidates(exec, scope) : [],
  ]);
  return { results: results ? { rows: results.rows.slice(0, searchLimit), total: results.total } : null, chosen, candidates };
}

/** One institution as a regulator sees it: its risk profile and its inspections. */
export async function getInstitutionPage(exec: Executor, scope: RegionScope, institutionId: string) {
  const profile = await getInstitutionRiskProfile(exec, scope, institutionId);
  const inspections = await listInspectionsForInstitution(exec, scope, profile.institution.id);
  return { ...profile, inspections };
}

/** An inspection attachment opened for download, only through an inspection of the regulator's subtree. */
export async function openAttachmentDownload(
  exec: Executor,
  storage: EvidenceStorage,
  scope: RegionScope,
  inspectionId: string,
  attachmentId: string,
) {
  return openStoredFile(storage, await getAttachmentForDownload(exec, scope, inspectionId, attachmentId));
}
