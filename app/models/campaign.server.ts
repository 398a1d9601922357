import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { assessments, campaigns, checklistVersions, checklists, institutions, regions, users } from "~db/schema";
import type { CampaignFields } from "~/schemas/campaign";
import type { Executor } from "~/utils/db.server";
import type { ListPage } from "~/lists/define-list";
import type { CampaignTargetRow, CampaignTargetsQuery } from "~/lists/campaign-targets";
import { pageList } from "~/lists/list-query.server";
import type { FieldErrors } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { isUuid } from "~/utils/ids";
import { notFound, type RegionScope } from "~/utils/permissions.server";
import { recordAudit } from "~/models/audit.server";
import { listUsableVersions } from "~/models/checklist.server";
import { getRegion, inRegionSubtree, isRegionWithin, listRegionChoices } from "~/models/region.server";

export type CampaignResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors };

/** Check a campaign form against what this regulator may use; returns field errors. */
async function checkCampaignChoices(exec: Executor, scope: RegionScope, data: CampaignFields): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (!(await isRegionWithin(exec, scope.regionCode, data.targetRegionCode))) {
    errors.targetRegionCode = t("institutions.regionOutside");
  }
  const usable = await listUsableVersions(exec, scope.regionCode);
  const version = usable.find((v) => v.versionId === data.checklistVersionId);
  if (!version) {
    errors.checklistVersionId = t("regulator.checklistHint");
  } else {
    const missing = data.targetKinds.filter((k) => !version.kinds.includes(k));
    if (missing.length > 0) {
      errors.targetKinds = t("regulator.kindsNotCovered", { kinds: missing.map((k) => msgs().kinds[k]).join("、") });
    }
  }
  return errors;
}

export async function createCampaign(exec: Executor, scope: RegionScope, data: CampaignFields): Promise<CampaignResult<{ id: string }>> {
  const fieldErrors = await checkCampaignChoices(exec, scope, data);
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  return exec.transaction(async (tx) => {
    const [row] = await tx
      .insert(campaigns)
      .values({
        title: data.title,
        description: data.description ?? null,
        regionCode: scope.regionCode,
        targetRegionCode: data.targetRegionCode,
        targetKinds: data.targetKinds,
        checklistVersionId: data.checklistVersionId,
        reviewPeriodStart: data.reviewPeriodStart,
        reviewPeriodEnd: data.reviewPeriodEnd ?? null,
        selfCheckDueOn: data.selfCheckDueOn,
        rectificationDueOn: data.rectificationDueOn,
        escalateCountyAfterDays: data.escalateCountyAfterDays ?? 3,
        escalateCityAfterDays: data.escalateCityAfterDays ?? 7,
        createdBy: scope.userId,
      })
      .returning();
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "campaign.created",
      entityType: "campaign",
      entityId: row.id,
      regionCode: scope.regionCode,
      after: data,
    });
    return { ok: true as const, value: { id: row.id } };
  });
}

/** SQL for the institutions a campaign's filter selects right now. */
function targetInstitutionsWhere(campaign: { targetRegionCode: string; targetKinds: string[] }) {
  return and(
    inRegionSubtree(institutions.regionCode, campaign.targetRegionCode),
    inArray(institutions.kind, campaign.targetKinds as (typeof institutions.kind.enumValues)[number][]),
  );
}

async function countPotentialTargets(exec: Executor, campaign: { targetRegionCode: string; targetKinds: string[] }) {
  const [row] = await exec
    .select({ count: sql<number>`count(*)::int` })
    .from(institutions)
    .where(targetInstitutionsWhere(campaign));
  return row.count;
}

/** A campaign this regulator manages (issued in its subtree), or 404. */
async function getManagedCampaign(exec: Executor, scope: RegionScope, campaignId: string, lock = false) {
  if (!isUuid(campaignId)) notFound();
  const query = exec
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), inRegionSubtree(campaigns.regionCode, scope.regionCode)));
  const [row] = lock ? await query.for("update") : await query;
  return row ?? notFound();
}

export type OpenResult = { ok: true; targetCount: number } | { ok: false; error: string };

/**
 * Open a draft: snapshot the target institutions and create their self-checks, all in one
 * transaction. Set-based SQL, so a province-wide campaign opens in one statement per table.
 */
export async function openCampaign(exec: Executor, scope: RegionScope, campaignId: string, now = new Date()): Promise<OpenResult> {
  return exec.transaction(async (tx) => {
    const campaign = await getManagedCampaign(tx, scope, campaignId, true);
    if (campaign.status !== "draft") return { ok: false as const, error: t("regulator.notDraft") };
    const inserted = await tx.execute<{ institution_id: string }>(sql`
      insert into campaign_targets (campaign_id, institution_id, institution_name, institution_kind, region_code)
      select ${campaign.id}, institutions.id, institutions.name, institutions.kind, institutions.region_code
      from institutions
      where ${targetInstitutionsWhere(campaign)}
        and exists (select 1 from checklist_items ci where ci.version_id = ${campaign.checklistVersionId} and ci.applies_to @> array[institutions.kind]::text[])
      returning institution_id`);
    if (inserted.length === 0) return { ok: false as const, error: t("regulator.noTargets") };
    await tx.execute(sql`
      insert into assessments (campaign_id, institution_id, region_code, item_count)
      select t.campaign_id, t.institution_id, t.region_code,
             (select count(*) from checklist_items ci where ci.version_id = ${campaign.checklistVersionId} and ci.applies_to @> array[t.institution_kind]::text[])
      from campaign_targets t where t.campaign_id = ${campaign.id}`);
    await tx.update(campaigns).set({ status: "open", openedAt: now, openedBy: scope.userId }).where(eq(campaigns.id, campaign.id));
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "campaign.opened",
      entityType: "campaign",
      entityId: campaign.id,
      regionCode: campaign.regionCode,
      before: { status: "draft" },
      after: { status: "open", targetCount: inserted.length },
    });
    // One event per self-check, so each institution's own history shows when it was assigned.
    await tx.execute(sql`
      insert into audit_events (actor_user_id, action, entity_type, entity_id, institution_id, region_code, after)
      select ${scope.userId}::uuid, 'assessment.created', 'assessment', a.id::text, a.institution_id, a.region_code,
             jsonb_build_object('campaignId', a.campaign_id, 'status', a.status, 'itemCount', a.item_count)
      from assessments a where a.campaign_id = ${campaign.id}`);
    return { ok: true as const, targetCount: inserted.length };
  });
}

/** Rollup of self-checks within the regulator's subtree. */
function summaryColumns() {
  return {
    targetCount: sql<number>`count(${assessments.id})::int`,
    submittedCount: sql<number>`count(${assessments.id}) filter (where ${assessments.status} in ('submitted','resubmitted','accepted'))::int`,
    acceptedCount: sql<number>`count(${assessments.id}) filter (where ${assessments.status} = 'accepted')::int`,
    inProgressCount: sql<number>`count(${assessments.id}) filter (where ${assessments.status} = 'in_progress')::int`,
    returnedCount: sql<number>`count(${assessments.id}) filter (where ${assessments.status} = 'returned')::int`,
    notStartedCount: sql<number>`count(${assessments.id}) filter (where ${assessments.status} = 'not_started')::int`,
    problemCount: sql<number>`coalesce(sum(${assessments.problemCount}), 0)::int`,
    refundedFen: sql<number>`coalesce(sum(${assessments.refundedFen}), 0)::bigint`,
    amountInvolvedFen: sql<number>`coalesce(sum(${assessments.amountInvolvedFen}), 0)::bigint`,
  };
}

/**
 * Campaigns a regulator sees: issued within its subtree, or targeting institutions in it
 * (a county sees the city's campaign, counted over its own institutions only).
 */
export async function listCampaignsForRegulator(exec: Executor, scope: RegionScope, only?: { campaignId: string }) {
  const rows = await exec
    .select({
      id: campaigns.id,
      title: campaigns.title,
      status: campaigns.status,
      regionCode: campaigns.regionCode,
      regionName: regions.name,
      selfCheckDueOn: campaigns.selfCheckDueOn,
      rectificationDueOn: campaigns.rectificationDueOn,
      openedAt: campaigns.openedAt,
      createdAt: campaigns.createdAt,
      checklistTitle: checklists.title,
      ...summaryColumns(),
    })
    .from(campaigns)
    .innerJoin(regions, eq(regions.code, campaigns.regionCode))
    .innerJoin(checklistVersions, eq(checklistVersions.id, campaigns.checklistVersionId))
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .leftJoin(assessments, and(eq(assessments.campaignId, campaigns.id), inRegionSubtree(assessments.regionCode, scope.regionCode)))
    .where(
      and(
        only ? eq(campaigns.id, only.campaignId) : undefined,
        sql`(${inRegionSubtree(campaigns.regionCode, scope.regionCode)}
          or exists (select 1 from assessments a2 where a2.campaign_id = ${campaigns.id} and ${inRegionSubtree(sql`a2.region_code`, scope.regionCode)}))`,
      ),
    )
    .groupBy(campaigns.id, regions.name, checklists.title)
    .orderBy(desc(campaigns.createdAt));
  return rows.map((r) => ({ ...r, refundedFen: Number(r.refundedFen), amountInvolvedFen: Number(r.amountInvolvedFen) }));
}

/** One campaign as this regulator sees it, with its rollup over the regulator's subtree; 404 if not visible. */
export async function getCampaignForRegulator(exec: Executor, scope: RegionScope, campaignId: string) {
  if (!isUuid(campaignId)) notFound();
  const [summary] = await listCampaignsForRegulator(exec, scope, { campaignId });
  if (!summary) notFound();
  const [detail] = await exec
    .select({
      campaign: campaigns,
      checklistTitle: checklists.title,
      checklistDocNumber: checklists.docNumber,
      checklistIssuer: checklists.issuer,
      version: checklistVersions.version,
      targetRegionName: regions.name,
      createdByName: users.name,
    })
    .from(campaigns)
    .innerJoin(checklistVersions, eq(checklistVersions.id, campaigns.checklistVersionId))
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .innerJoin(regions, eq(regions.code, campaigns.targetRegionCode))
    .innerJoin(users, eq(users.id, campaigns.createdBy))
    .where(eq(campaigns.id, campaignId));
  const isManaged = await isRegionWithin(exec, scope.regionCode, detail.campaign.regionCode);
  const potentialTargets = detail.campaign.status === "draft" ? await countPotentialTargets(exec, detail.campaign) : null;
  return { ...detail, summary, isManaged, potentialTargets };
}

export type TargetFilter = Partial<CampaignTargetsQuery>;

/** The target institutions of a campaign within the regulator's subtree, filtered and paged. */
export async function listCampaignTargets(
  exec: Executor,
  scope: RegionScope,
  campaignId: string,
  filter: TargetFilter,
  today: string,
): Promise<ListPage<CampaignTargetRow>> {
  const conditions = [eq(assessments.campaignId, campaignId), inRegionSubtree(assessments.regionCode, scope.regionCode)];
  if (filter.region && (await isRegionWithin(exec, scope.regionCode, filter.region))) {
    conditions.push(inRegionSubtree(assessments.regionCode, filter.region));
  }
  if (filter.status === "overdue") {
    conditions.push(
      sql`${assessments.status} in ('not_started','in_progress','returned')`,
      sql`(select c.self_check_due_on from campaigns c where c.id = ${assessments.campaignId}) < ${today}::date`,
    );
  } else if (filter.status) {
    conditions.push(eq(assessments.status, filter.status));
  }
  const where = and(...conditions);
  const query = { sort: "region" as const, dir: "asc" as const, page: filter.page ?? 1, pageSize: filter.pageSize ?? 50 };
  return pageList(query, {
    count: async () => {
      const [{ total }] = await exec
        .select({ total: sql<number>`count(*)::int` })
        .from(assessments)
        .where(where);
      return total;
    },
    rows: ({ order, limit, offset }) =>
      exec
        .select({
          assessmentId: assessments.id,
          institutionName: institutions.name,
          nhsaCode: institutions.nhsaCode,
          kind: institutions.kind,
          regionName: regions.name,
          status: assessments.status,
          itemCount: assessments.itemCount,
          answeredCount: assessments.answeredCount,
          problemCount: assessments.problemCount,
          refundedFen: assessments.refundedFen,
          submittedAt: assessments.submittedAt,
        })
        .from(assessments)
        .innerJoin(institutions, eq(institutions.id, assessments.institutionId))
        .innerJoin(regions, eq(regions.code, assessments.regionCode))
        .where(where)
        .orderBy(order)
        .limit(limit)
        .offset(offset),
    orderBy: { region: [sql`${regions.path}`, sql`${institutions.name}`] },
    tiebreak: sql`${assessments.id}`,
  });
}

// ---------------------------------------------------------------------------------------------
// Pages: one scoped call each.

/** The regulator's home page: its region's name and its campaigns. */
export async function getRegulatorHomePage(exec: Executor, scope: RegionScope) {
  const [region, campaigns] = await Promise.all([getRegion(exec, scope.regionCode), listCampaignsForRegulator(exec, scope)]);
  return { regionName: region?.name ?? scope.regionCode, campaigns };
}

/** A campaign with its targets (once opened, filtered and paged) and the regions to filter by. */
export async function getCampaignPage(exec: Executor, scope: RegionScope, campaignId: string, filter: TargetFilter, today: string) {
  const detail = await getCampaignForRegulator(exec, scope, campaignId);
  const [targets, regions] = await Promise.all([
    detail.campaign.status === "draft" ? null : listCampaignTargets(exec, scope, detail.campaign.id, filter, today),
    listRegionChoices(exec, scope),
  ]);
  return { detail, targets, regions };
}

/** The new-campaign form: the problem lists usable in the region and its subtree. */
export async function getNewCampaignPage(exec: Executor, scope: RegionScope) {
  const [versions, regions] = await Promise.all([listUsableVersions(exec, scope.regionCode), listRegionChoices(exec, scope)]);
  return { versions, regions };
}
