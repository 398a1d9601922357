// Risk tier of each institution, computed from the facts the system holds (see app/domain/risk.ts
// for the rule). Facts are gathered set-based for a list of institutions, so a whole province
// recomputes in batches of a few queries each.
//
// Which self-check counts as "the latest": the institution's newest self-check (by campaign due
// date) that is either submitted or past its due date. A campaign still running and not yet
// submitted does not count against anyone; an institution never asked for a self-check is scored
// as on time and complete (nothing was due).
import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { assessments, campaigns, institutions, regions, riskOverrides, riskScoreHistory, riskScores, users } from "~db/schema";
import type { OverrideData } from "~/schemas/risk";
import type { RiskListQuery } from "~/lists/risk";
import { listAll, pageList, type SortOrder } from "~/lists/list-query.server";
import type { SQL } from "drizzle-orm";
import type { Executor } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import type { FieldErrors } from "~/utils/forms";
import { t } from "~/utils/i18n";
import { isUuid } from "~/utils/ids";
import { notFound, type RegionScope } from "~/utils/permissions.server";
import { effectiveTier, nextInspectionDue, RISK_RULES, scoreRisk, type RiskFacts, type RiskResult, type Tier } from "~/domain/risk";
import { recordAudit } from "~/models/audit.server";
import { countUnreportedFindings } from "~/models/inspection-comparison.server";
import { inRegionSubtree, isRegionWithin, listRegionChoices } from "~/models/region.server";

export const RISK_BATCH_SIZE = 1000;

export const uuidArray = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

export type GatheredFacts = { facts: RiskFacts; lastInspectedOn: string | null };

/** The risk facts of each institution, set-based (a handful of queries for the whole list). */
async function gatherRiskFacts(exec: Executor, institutionIds: string[], now: Date = new Date()): Promise<Map<string, GatheredFacts>> {
  const out = new Map<string, GatheredFacts>();
  if (institutionIds.length === 0) return out;
  const ids = uuidArray(institutionIds);
  const today = todayLocal(now);

  const latest = await exec.execute<{
    institution_id: string;
    item_count: number;
    answered_count: number;
    first_submitted_at: string | null;
    is_on_time: boolean | null;
    problems: number;
    problems_with_evidence: number;
  }>(sql`
    select distinct on (a.institution_id)
      a.institution_id, a.item_count, a.answered_count,
      fv.submitted_at as first_submitted_at,
      fv.submitted_at <= ((c.self_check_due_on + 1)::timestamp at time zone 'Asia/Shanghai') as is_on_time,
      (select count(*)::int from assessment_items ai where ai.assessment_id = a.id and ai.answer = 'problem_found') as problems,
      (select count(*)::int from assessment_items ai where ai.assessment_id = a.id and ai.answer = 'problem_found'
         and exists (select 1 from evidence_files e where e.assessment_id = a.id and e.checklist_item_id = ai.checklist_item_id)) as problems_with_evidence
    from assessments a
    join campaigns c on c.id = a.campaign_id
    left join assessment_versions fv on fv.assessment_id = a.id and fv.version = 1
    where a.institution_id = any(${ids})
      and (a.current_version > 0 or c.self_check_due_on < ${today}::date)
    order by a.institution_id, c.self_check_due_on desc, c.opened_at desc nulls last, a.id`);

  const totals = await exec.execute<{
    institution_id: string;
    amount_involved_fen: string;
    refunded_fen: string;
    rect_due: number;
    rect_on_time: number;
    returns: number;
  }>(sql`
    select a.institution_id,
      coalesce(sum(a.amount_involved_fen) filter (where a.current_version > 0), 0)::bigint as amount_involved_fen,
      coalesce(sum(a.refunded_fen) filter (where a.current_version > 0), 0)::bigint as refunded_fen,
      coalesce(sum((select count(*) from assessment_items ai where ai.assessment_id = a.id and ai.answer = 'problem_found'
         and ai.rectification_due_on < ${today}::date)) filter (where a.current_version > 0), 0)::int as rect_due,
      coalesce(sum((select count(*) from assessment_items ai where ai.assessment_id = a.id and ai.answer = 'problem_found'
         and ai.rectification_due_on < ${today}::date and ai.rectification_status = 'rectified'
         and ai.rectified_on <= ai.rectification_due_on)) filter (where a.current_version > 0), 0)::int as rect_on_time,
      coalesce(sum((select count(*) from assessment_versions v where v.assessment_id = a.id and v.decision = 'returned')), 0)::int as returns
    from assessments a
    where a.institution_id = any(${ids})
    group by a.institution_id`);

  const inspected = await exec.execute<{ institution_id: string; last: string }>(sql`
    select institution_id, max(inspected_on)::text as last from inspections
    where institution_id = any(${ids}) group by institution_id`);

  const confirmedClues = await exec.execute<{ institution_id: string; confirmed: number }>(sql`
    select institution_id, count(*)::int as confirmed from clues
    where institution_id = any(${ids}) and status = 'closed' and result = 'confirmed'
    group by institution_id`);

  const unreported = await countUnreportedFindings(exec, institutionIds);
  const confirmedBy = new Map(confirmedClues.map((r) => [r.institution_id, Number(r.confirmed)]));
  const latestBy = new Map(latest.map((r) => [r.institution_id, r]));
  const totalsBy = new Map(totals.map((r) => [r.institution_id, r]));
  const inspectedBy = new Map(inspected.map((r) => [r.institution_id, r.last]));

  for (const id of institutionIds) {
    const l = latestBy.get(id);
    const tt = totalsBy.get(id);
    const facts: RiskFacts = {
      selfCheck: !l ? "on_time" : l.first_submitted_at == null ? "never" : l.is_on_time ? "on_time" : "late",
      completeness: !l || Number(l.item_count) === 0 ? 1 : Number(l.answered_count) / Number(l.item_count),
      problemsReported: l ? Number(l.problems) : 0,
      problemsWithEvidence: l ? Number(l.problems_with_evidence) : 0,
      rectificationsDue: tt ? Number(tt.rect_due) : 0,
      rectificationsDoneOnTime: tt ? Number(tt.rect_on_time) : 0,
      refundedFen: tt ? Number(tt.refunded_fen) : 0,
      amountInvolvedFen: tt ? Number(tt.amount_involved_fen) : 0,
      unreportedFoundByInspection: unreported.get(id) ?? 0,
      returnsForRework: tt ? Number(tt.returns) : 0,
      confirmedClues: confirmedBy.get(id) ?? 0,
    };
    out.set(id, { facts, lastInspectedOn: inspectedBy.get(id) ?? null });
  }
  return out;
}

type ActiveOverride = {
  id: string;
  institutionId: string;
  tier: Tier;
  reason: string;
  expiresOn: string;
  createdAt: Date;
  createdByName: string | null;
};

/** The override in force today for each institution (the newest one not revoked and not expired). */
export async function listActiveOverrides(exec: Executor, institutionIds: string[], today: string): Promise<Map<string, ActiveOverride>> {
  if (institutionIds.length === 0) return new Map();
  const rows = await exec
    .selectDistinctOn([riskOverrides.institutionId], {
      id: riskOverrides.id,
      institutionId: riskOverrides.institutionId,
      tier: riskOverrides.tier,
      reason: riskOverrides.reason,
      expiresOn: riskOverrides.expiresOn,
      createdAt: riskOverrides.createdAt,
      createdByName: users.name,
    })
    .from(riskOverrides)
    .leftJoin(users, eq(users.id, riskOverrides.createdBy))
    .where(
      and(
        sql`${riskOverrides.institutionId} = any(${uuidArray(institutionIds)})`,
        isNull(riskOverrides.revokedAt),
        sql`${riskOverrides.expiresOn} >= ${today}::date`,
      ),
    )
    .orderBy(riskOverrides.institutionId, desc(riskOverrides.createdAt));
  return new Map(rows.map((r) => [r.institutionId, { ...r, tier: r.tier as Tier }]));
}

/**
 * Recompute and store the scores of these institutions: upsert risk_scores, and append a
 * history row only when the score or the tier changed (or on the first computation). The next
 * inspection date follows the effective tier (an override in force counts). Call inside the
 * transaction of the change that triggered it.
 */
export async function recomputeRisk(exec: Executor, institutionIds: string[], cause: string, now: Date = new Date()) {
  const unique = [...new Set(institutionIds)];
  let computed = 0;
  let changed = 0;
  // Chunks keep every statement well under PostgreSQL's bind-parameter limit.
  for (let i = 0; i < unique.length; i += RISK_BATCH_SIZE) {
    const result = await recomputeChunk(exec, unique.slice(i, i + RISK_BATCH_SIZE), cause, now);
    computed += result.computed;
    changed += result.changed;
  }
  return { computed, changed };
}

async function recomputeChunk(exec: Executor, ids: string[], cause: string, now: Date) {
  const today = todayLocal(now);
  const [gathered, regionRows, previousRows, overrides] = await Promise.all([
    gatherRiskFacts(exec, ids, now),
    exec
      .select({ id: institutions.id, regionCode: institutions.regionCode })
      .from(institutions)
      .where(sql`${institutions.id} = any(${uuidArray(ids)})`),
    exec
      .select({ institutionId: riskScores.institutionId, score: riskScores.score, tier: riskScores.tier })
      .from(riskScores)
      .where(sql`${riskScores.institutionId} = any(${uuidArray(ids)})`),
    listActiveOverrides(exec, ids, today),
  ]);
  const previous = new Map(previousRows.map((r) => [r.institutionId, r]));
  const rows = regionRows.map((inst) => {
    const g = gathered.get(inst.id)!;
    const result = scoreRisk(g.facts);
    const o = overrides.get(inst.id) ?? null;
    const effective = effectiveTier(result.tier, o, today).tier;
    return {
      institutionId: inst.id,
      regionCode: inst.regionCode,
      score: result.score,
      tier: result.tier,
      facts: g.facts,
      factors: result.factors.map((f) => ({ factor: f.factor, points: f.points, explanation: f.explanation })),
      lastInspectedOn: g.lastInspectedOn,
      nextInspectionDueOn: nextInspectionDue(g.lastInspectedOn, effective, today),
      computedAt: now,
    };
  });
  if (rows.length === 0) return { computed: 0, changed: 0 };
  // One jsonb parameter per statement: thousands of bind parameters make planning the slow part.
  const payload = JSON.stringify(rows.map((r) => ({ ...r, computedAt: r.computedAt.toISOString() })));
  await exec.execute(sql`
    insert into risk_scores (institution_id, region_code, score, tier, facts, factors, last_inspected_on, next_inspection_due_on, computed_at)
    select x."institutionId", x."regionCode", x.score, x.tier, x.facts, x.factors, x."lastInspectedOn", x."nextInspectionDueOn", x."computedAt"
    from jsonb_to_recordset(${payload}::jsonb) as x("institutionId" uuid, "regionCode" char(6), score int, tier char(1), facts jsonb, factors jsonb,
      "lastInspectedOn" date, "nextInspectionDueOn" date, "computedAt" timestamptz)
    on conflict (institution_id) do update set
      region_code = excluded.region_code, score = excluded.score, tier = excluded.tier, facts = excluded.facts, factors = excluded.factors,
      last_inspected_on = excluded.last_inspected_on, next_inspection_due_on = excluded.next_inspection_due_on, computed_at = excluded.computed_at`);
  const changed = rows.filter((r) => {
    const p = previous.get(r.institutionId);
    return !p || p.score !== r.score || p.tier !== r.tier;
  });
  if (changed.length > 0) {
    const history = JSON.stringify(changed.map((r) => ({ ...r, computedAt: r.computedAt.toISOString() })));
    await exec.execute(sql`
      insert into risk_score_history (institution_id, region_code, score, tier, facts, factors, cause, computed_at)
      select x."institutionId", x."regionCode", x.score, x.tier, x.facts, x.factors, ${cause}, x."computedAt"
      from jsonb_to_recordset(${history}::jsonb) as x("institutionId" uuid, "regionCode" char(6), score int, tier char(1), facts jsonb, factors jsonb, "computedAt" timestamptz)`);
  }
  return { computed: rows.length, changed: changed.length };
}

/**
 * Recompute every institution (of a region subtree, or all), in batches by id, each batch its
 * own transaction so a long run never holds one big lock.
 */
export async function recomputeRiskInBatches(exec: Executor, opts: { regionCode?: string; cause: string; now?: Date; batchSize?: number }) {
  const batchSize = opts.batchSize ?? RISK_BATCH_SIZE;
  let after: string | null = null;
  let computed = 0;
  let changed = 0;
  for (;;) {
    const batch: { id: string }[] = await exec
      .select({ id: institutions.id })
      .from(institutions)
      .where(
        and(
          opts.regionCode ? inRegionSubtree(institutions.regionCode, opts.regionCode) : undefined,
          after ? gt(institutions.id, after) : undefined,
        ),
      )
      .orderBy(asc(institutions.id))
      .limit(batchSize);
    if (batch.length === 0) break;
    const result = await exec.transaction((tx) =>
      recomputeRisk(
        tx,
        batch.map((b) => b.id),
        opts.cause,
        opts.now,
      ),
    );
    computed += result.computed;
    changed += result.changed;
    after = batch[batch.length - 1].id;
    if (batch.length < batchSize) break;
  }
  return { computed, changed };
}

// ---------------------------------------------------------------------------------------------
// The regulator's views

/** An institution of the regulator's subtree, or 404. */
export async function getInstitutionInScope(exec: Executor, scope: RegionScope, institutionId: string) {
  if (!isUuid(institutionId)) notFound();
  const [row] = await exec
    .select({
      id: institutions.id,
      name: institutions.name,
      kind: institutions.kind,
      grade: institutions.grade,
      ownership: institutions.ownership,
      regionCode: institutions.regionCode,
      regionName: regions.name,
      nhsaCode: institutions.nhsaCode,
      creditCode: institutions.creditCode,
      contactName: institutions.contactName,
      contactPhone: institutions.contactPhone,
    })
    .from(institutions)
    .innerJoin(regions, eq(regions.code, institutions.regionCode))
    .where(and(eq(institutions.id, institutionId), inRegionSubtree(institutions.regionCode, scope.regionCode)));
  return row ?? notFound();
}

export type RiskCard = {
  score: number;
  tier: Tier;
  effective: { tier: Tier; source: "computed" | "override" };
  result: RiskResult;
  facts: RiskFacts;
  lastInspectedOn: string | null;
  nextInspectionDueOn: string;
  isKeySupervisionTarget: boolean;
  computedAt: string | null;
  isStored: boolean;
};

/** An institution's page for the regulator: facts, tier card, override, history, self-checks. */
export async function getInstitutionRiskProfile(exec: Executor, scope: RegionScope, institutionId: string, now: Date = new Date()) {
  const institution = await getInstitutionInScope(exec, scope, institutionId);
  const today = todayLocal(now);
  const [[stored], overrides, history, selfChecks] = await Promise.all([
    exec.select().from(riskScores).where(eq(riskScores.institutionId, institutionId)),
    listActiveOverrides(exec, [institutionId], today),
    exec
      .select({
        id: riskScoreHistory.id,
        score: riskScoreHistory.score,
        tier: riskScoreHistory.tier,
        cause: riskScoreHistory.cause,
        computedAt: riskScoreHistory.computedAt,
        facts: riskScoreHistory.facts,
      })
      .from(riskScoreHistory)
      .where(eq(riskScoreHistory.institutionId, institutionId))
      .orderBy(desc(riskScoreHistory.computedAt), desc(riskScoreHistory.id))
      .limit(50),
    exec
      .select({
        id: assessments.id,
        campaignTitle: campaigns.title,
        status: assessments.status,
        selfCheckDueOn: campaigns.selfCheckDueOn,
        submittedAt: assessments.submittedAt,
        currentVersion: assessments.currentVersion,
        problemCount: assessments.problemCount,
        answeredCount: assessments.answeredCount,
        itemCount: assessments.itemCount,
      })
      .from(assessments)
      .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
      .where(eq(assessments.institutionId, institutionId))
      .orderBy(desc(campaigns.selfCheckDueOn)),
  ]);
  const override = overrides.get(institutionId) ?? null;
  let card: RiskCard;
  if (stored) {
    const facts = stored.facts as RiskFacts;
    const result = scoreRisk(facts);
    const effective = effectiveTier(stored.tier as Tier, override, today);
    card = {
      score: stored.score,
      tier: stored.tier as Tier,
      effective,
      result,
      facts,
      lastInspectedOn: stored.lastInspectedOn,
      nextInspectionDueOn: nextInspectionDue(stored.lastInspectedOn, effective.tier, today),
      isKeySupervisionTarget: RISK_RULES.keySupervisionTiers.includes(effective.tier),
      computedAt: stored.computedAt.toISOString(),
      isStored: true,
    };
  } else {
    // Not stored yet (the nightly run stores it): show what it would be right now.
    const g = (await gatherRiskFacts(exec, [institutionId], now)).get(institutionId)!;
    const result = scoreRisk(g.facts);
    const effective = effectiveTier(result.tier, override, today);
    card = {
      score: result.score,
      tier: result.tier,
      effective,
      result,
      facts: g.facts,
      lastInspectedOn: g.lastInspectedOn,
      nextInspectionDueOn: nextInspectionDue(g.lastInspectedOn, effective.tier, today),
      isKeySupervisionTarget: RISK_RULES.keySupervisionTiers.includes(effective.tier),
      computedAt: null,
      isStored: false,
    };
  }
  return {
    institution,
    card,
    override: override ? { ...override, createdAt: override.createdAt.toISOString() } : null,
    history: history.map((h, i) => ({
      id: h.id,
      score: h.score,
      tier: h.tier as Tier,
      cause: h.cause,
      computedAt: h.computedAt.toISOString(),
      previousTier: (history[i + 1]?.tier as Tier | undefined) ?? null,
      previousScore: history[i + 1]?.score ?? null,
    })),
    selfChecks: selfChecks.map((s) => ({ ...s, submittedAt: s.submittedAt?.toISOString() ?? null })),
    today,
  };
}

export type OverrideResult = { ok: true; id: string } | { ok: false; fieldErrors: FieldErrors };

/**
 * Override the computed tier with a written reason until a future date. A newer override
 * replaces the one in force (which is revoked in the same transaction). Audited.
 */
export async function createRiskOverride(
  exec: Executor,
  scope: RegionScope,
  institutionId: string,
  data: OverrideData,
  now: Date = new Date(),
): Promise<OverrideResult> {
  const institution = await getInstitutionInScope(exec, scope, institutionId);
  const today = todayLocal(now);
  if (data.expiresOn <= today) return { ok: false, fieldErrors: { expiresOn: t("riskPages.override.expiresFuture") } };
  return exec.transaction(async (tx) => {
    const replaced = await tx
      .update(riskOverrides)
      .set({ revokedAt: now, revokedBy: scope.userId })
      .where(
        and(
          eq(riskOverrides.institutionId, institutionId),
          isNull(riskOverrides.revokedAt),
          sql`${riskOverrides.expiresOn} >= ${today}::date`,
        ),
      )
      .returning({ id: riskOverrides.id, tier: riskOverrides.tier, expiresOn: riskOverrides.expiresOn });
    const [row] = await tx
      .insert(riskOverrides)
      .values({
        institutionId,
        regionCode: institution.regionCode,
        tier: data.tier,
        reason: data.reason,
        expiresOn: data.expiresOn,
        createdBy: scope.userId,
        createdAt: now,
      })
      .returning({ id: riskOverrides.id });
    const [score] = await tx
      .select({ tier: riskScores.tier, score: riskScores.score })
      .from(riskScores)
      .where(eq(riskScores.institutionId, institutionId));
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "risk.override_created",
      entityType: "institution",
      entityId: institutionId,
      institutionId,
      regionCode: institution.regionCode,
      before: { computedTier: score?.tier ?? null, score: score?.score ?? null, replaced },
      after: { overrideId: row.id, tier: data.tier, reason: data.reason, expiresOn: data.expiresOn },
    });
    await recomputeRisk(tx, [institutionId], "override", now);
    return { ok: true as const, id: row.id };
  });
}

/** Withdraw an override in force (audited); the computed tier applies again. */
export async function revokeRiskOverride(
  exec: Executor,
  scope: RegionScope,
  institutionId: string,
  overrideId: string,
  now: Date = new Date(),
) {
  const institution = await getInstitutionInScope(exec, scope, institutionId);
  if (!isUuid(overrideId)) notFound();
  return exec.transaction(async (tx) => {
    const [row] = await tx
      .update(riskOverrides)
      .set({ revokedAt: now, revokedBy: scope.userId })
      .where(and(eq(riskOverrides.id, overrideId), eq(riskOverrides.institutionId, institutionId), isNull(riskOverrides.revokedAt)))
      .returning();
    if (!row) notFound();
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "risk.override_revoked",
      entityType: "institution",
      entityId: institutionId,
      institutionId,
      regionCode: institution.regionCode,
      before: { overrideId: row.id, tier: row.tier, reason: row.reason, expiresOn: row.expiresOn },
      after: { revoked: true },
    });
    await recomputeRisk(tx, [institutionId], "override", now);
    return { ok: true as const };
  });
}

// ---------------------------------------------------------------------------------------------
// The risk list

/** The list's query (~/lists/risk); a caller inside the app may leave out what it does not filter by. */
export type RiskListFilter = Partial<RiskListQuery>;

/** Effective tier in SQL: an override in force today, else the computed tier (null: not scored). */
function effectiveTierSql(today: string) {
  return sql<string | null>`coalesce((select o.tier from risk_overrides o where o.institution_id = ${institutions.id}
    and o.revoked_at is null and o.expires_on >= ${today}::date order by o.created_at desc limit 1), ${riskScores.tier})`;
}

async function riskListWhere(exec: Executor, scope: RegionScope, filter: RiskListFilter) {
  const conditions = [inRegionSubtree(institutions.regionCode, scope.regionCode)];
  if (filter.region && (await isRegionWithin(exec, scope.regionCode, filter.region))) {
    conditions.push(inRegionSubtree(institutions.regionCode, filter.region));
  }
  if (filter.kind) conditions.push(eq(institutions.kind, filter.kind));
  return conditions;
}

function riskListQuery(exec: Executor, today: string) {
  const effective = effectiveTierSql(today);
  return {
    effective,
    query: exec
      .select({
        id: institutions.id,
        name: institutions.name,
        kind: institutions.kind,
        nhsaCode: institutions.nhsaCode,
        regionName: regions.name,
        score: riskScores.score,
        computedTier: riskScores.tier,
        effectiveTier: effective,
        lastInspectedOn: riskScores.lastInspectedOn,
        nextInspectionDueOn: riskScores.nextInspectionDueOn,
        computedAt: riskScores.computedAt,
      })
      .from(institutions)
      .innerJoin(regions, eq(regions.code, institutions.regionCode))
      .leftJoin(riskScores, eq(riskScores.institutionId, institutions.id)),
  };
}

function mapRiskRow(today: string) {
  return (r: {
    id: string;
    name: string;
    kind: (typeof institutions.kind.enumValues)[number];
    nhsaCode: string;
    regionName: string;
    score: number | null;
    computedTier: string | null;
    effectiveTier: string | null;
    lastInspectedOn: string | null;
    nextInspectionDueOn: string | null;
    computedAt: Date | null;
  }) => {
    const effective = (r.effectiveTier as Tier | null) ?? null;
    return {
      ...r,
      computedTier: r.computedTier as Tier | null,
      effectiveTier: effective,
      isOverridden: effective != null && effective !== r.computedTier,
      isKeySupervisionTarget: effective != null && RISK_RULES.keySupervisionTiers.includes(effective),
      isInspectionDue: r.nextInspectionDueOn != null && r.nextInspectionDueOn <= today,
      computedAt: r.computedAt?.toISOString() ?? null,
    };
  };
}

const RISK_ORDER_BY: Record<RiskListQuery["sort"], SortOrder> = {
  score: (dir) => sql`${riskScores.score} ${dir} nulls last, ${institutions.name} asc`,
  name: [sql`${institutions.name}`],
  due: (dir) => sql`${riskScores.nextInspectionDueOn} ${dir} nulls last, ${institutions.name} asc`,
};

/** Institutions of the subtree with their tiers, filtered, sorted, paged; counts per effective tier. */
export async function listRiskScores(
  exec: Executor,
  scope: RegionScope,
  filter: RiskListFilter,
  today: string = todayLocal(),
  opts: { all?: boolean } = {},
) {
  const base = await riskListWhere(exec, scope, filter);
  const { effective, query } = riskListQuery(exec, today);
  const countRows = await exec
    .select({ tier: effective, count: sql<number>`count(*)::int` })
    .from(institutions)
    .leftJoin(riskScores, eq(riskScores.institutionId, institutions.id))
    .where(and(...base))
    .groupBy(sql`1`);
  const counts = { A: 0, B: 0, C: 0, D: 0, none: 0 } as Record<Tier | "none", number>;
  for (const c of countRows) counts[(c.tier as Tier | null) ?? "none"] += Number(c.count);
  const where = and(...base, filter.tier ? sql`${effective} = ${filter.tier}` : undefined);
  const total = filter.tier ? counts[filter.tier] : Object.values(counts).reduce((a, b) => a + b, 0);
  // Callers inside the app (tests, the institution page) may pass only filters: the list's defaults.
  const listQuery = { sort: "score" as const, dir: "desc" as const, page: 1, pageSize: 50, ...filter };
  const spec = {
    rows: ({ order, limit, offset }: { order: SQL; limit: number; offset: number }) =>
      query
        .where(where)
        .orderBy(order)
        .limit(limit)
        .offset(offset)
        .then((rows) => rows.map(mapRiskRow(today))),
    orderBy: RISK_ORDER_BY,
    tiebreak: sql`${institutions.id}`,
  };
  if (opts.all) return { rows: await listAll(listQuery, spec), counts, total, page: 1, pageCount: 1 };
  return { ...(await pageList(listQuery, { ...spec, count: async () => total })), counts };
}

/** The risk list with the regions to filter by. */
export async function getRiskPage(exec: Executor, scope: RegionScope, filter: RiskListFilter, today: string = todayLocal()) {
  const [list, regions] = await Promise.all([listRiskScores(exec, scope, filter, today), listRegionChoices(exec, scope)]);
  return { list, regions };
}
