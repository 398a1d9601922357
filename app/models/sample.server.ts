// The inspection sample (双随机): a risk-weighted random draw of the institutions of a region
// subtree, reproducible from its published seed and the frozen input list (app/domain/sampling.ts).
//
// Candidates are every institution of the subtree with its effective tier at draw time (an
// override in force counts). An institution without a stored score is scored on the spot
// (stored, cause 'sample') before the draw, so every candidate's tier comes from the same rule.
import ExcelJS from "exceljs";
import { and, asc, eq, sql } from "drizzle-orm";
import { inspectionSampleEntries, inspectionSamples, institutions, regions, users } from "~db/schema";
import { provinceOf } from "~/domain/clues";
import type { SampleData } from "~/schemas/risk";
import type { Executor } from "~/utils/db.server";
import { pageList } from "~/lists/list-query.server";
import type { SampleListQuery, SampleListRow } from "~/lists/samples";
import { formatDateCn, formatDateTime, todayLocal } from "~/utils/dates";
import type { FieldErrors } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { isUuid } from "~/utils/ids";
import { notFound, type RegionScope } from "~/utils/permissions.server";
import type { Tier } from "~/domain/risk";
import { drawInspectors, drawSample, TIER_WEIGHTS, type SampleCandidate } from "~/domain/sampling";
import { recordAudit } from "~/models/audit.server";
import { inRegionSubtree, isRegionWithin } from "~/models/region.server";

import { listActiveOverrides, recomputeRisk, uuidArray } from "~/models/risk.server";
import { writeWorkbook } from "~/utils/spreadsheet.server";

/** One frozen input: the candidate, its effective tier and weight, and whom to avoid as inspector. */
export type SampleInputRow = { id: string; tier: Tier; weight: number | null; avoid?: string[]; mustInclude?: true };

const INSERT_CHUNK = 1000;

export type CreateSampleResult = { ok: true; id: string; size: number } | { ok: false; fieldErrors: FieldErrors };

/** Candidates of a subtree with their effective tiers, scoring any institution not yet scored. */
async function loadCandidates(tx: Executor, regionCode: string, now: Date): Promise<SampleInputRow[]> {
  const unscored = await tx.execute<{ id: string }>(sql`
    select i.id from institutions i
    where ${inRegionSubtree(sql`i.region_code`, regionCode)}
      and not exists (select 1 from risk_scores s where s.institution_id = i.id)`);
  if (unscored.length > 0)
    await recomputeRisk(
      tx,
      unscored.map((r) => r.id),
      "sample",
      now,
    );
  const rows = await tx.execute<{ id: string; tier: Tier }>(sql`
    select i.id, s.tier from institutions i join risk_scores s on s.institution_id = i.id
    where ${inRegionSubtree(sql`i.region_code`, regionCode)} order by i.id`);
  const today = todayLocal(now);
  const overrides = new Map<string, Tier>();
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = await listActiveOverrides(
      tx,
      rows.slice(i, i + INSERT_CHUNK).map((r) => r.id),
      today,
    );
    for (const [id, o] of chunk) overrides.set(id, o.tier);
  }
  const mustInclude = new Set((await pendingMustIncludes(tx, regionCode)).map((m) => m.institutionId));
  return rows.map((r) => {
    const tier = overrides.get(r.id) ?? r.tier;
    return {
      id: r.id,
      tier,
      weight: tier === "D" ? null : TIER_WEIGHTS[tier],
      ...(mustInclude.has(r.id) ? { mustInclude: true as const } : {}),
    };
  });
}

/**
 * Must-include entries not yet drawn whose institution lies in the subtree being drawn and which
 * were added by a bureau whose subtree contains it (a draw of a wider region takes them too).
 */
async function pendingMustIncludes(tx: Executor, regionCode: string) {
  return tx.execute<{ id: string; institutionId: string }>(sql`
    select m.id, m.institution_id as "institutionId" from sample_must_includes m
    join institutions i on i.id = m.institution_id
    where m.province_code = ${provinceOf(regionCode)} and m.sample_id is null
      and ${inRegionSubtree(sql`i.region_code`, regionCode)}`);
}

/** Who took part in each institution's most recent inspection (they are not drawn again for it). */
async function lastInspectorsOf(tx: Executor, institutionIds: string[]): Promise<Map<string, string[]>> {
  if (institutionIds.length === 0) return new Map();
  const rows = await tx.execute<{ institution_id: string; user_ids: string[] }>(sql`
    select last.institution_id, array_agg(ii.user_id::text order by ii.user_id) as user_ids
    from (
      select distinct on (i.institution_id) i.institution_id, i.id
      from inspections i where i.institution_id = any(${uuidArray(institutionIds)})
      order by i.institution_id, i.inspected_on desc, i.created_at desc, i.id desc
    ) last
    join inspection_inspectors ii on ii.inspection_id = last.id
    group by last.institution_id`);
  return new Map(rows.map((r) => [r.institution_id, r.user_ids]));
}

/** Active regulator accounts of the subtree, the pool inspectors are drawn from. */
async function inspectorPoolOf(tx: Executor, regionCode: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "regulator"), eq(users.isActive, true), inRegionSubtree(users.regionCode, regionCode)))
    .orderBy(asc(users.id));
  return rows.map((r) => r.id);
}

type Drawn = {
  selected: { id: string; tier: Tier; reason: "key_supervision" | "must_include" | "random"; inspectorIds: string[] }[];
  inputDigest: string;
};

/** The whole draw as a pure function of the stored inputs: institutions, then their inspectors. */
export function runDraw(
  inputs: SampleInputRow[],
  opts: { ratioBp: number; seed: string; inspectorsPerInstitution: number; inspectorPool: string[] },
): Drawn {
  const candidates: SampleCandidate[] = inputs.map((r) => ({
    id: r.id,
    tier: r.tier,
    ...(r.weight == null ? {} : { weight: r.weight }),
    ...(r.mustInclude ? { mustInclude: true } : {}),
  }));
  const result = drawSample(candidates, { ratio: opts.ratioBp / 10_000, seed: opts.seed });
  const avoidOf = new Map(inputs.map((r) => [r.id, r.avoid ?? []]));
  return {
    inputDigest: result.inputDigest,
    selected: result.selected.map((s) => ({
      id: s.id,
      tier: s.tier,
      reason: s.reason,
      inspectorIds:
        opts.inspectorsPerInstitution > 0
          ? drawInspectors({
              seed: opts.seed,
              institutionId: s.id,
              pool: opts.inspectorPool,
              avoid: avoidOf.get(s.id),
              count: opts.inspectorsPerInstitution,
            })
          : [],
    })),
  };
}

/** Draw and store a sample in one transaction: frozen inputs, seed, digest, entries; audited. */
export async function createSample(
  exec: Executor,
  scope: RegionScope,
  data: SampleData,
  now: Date = new Date(),
): Promise<CreateSampleResult> {
  if (!(await isRegionWithin(exec, scope.regionCode, data.regionCode))) {
    return { ok: false, fieldErrors: { regionCode: t("institutions.regionOutside") } };
  }
  return exec.transaction(async (tx) => {
    const candidates = await loadCandidates(tx, data.regionCode, now);
    if (candidates.length === 0) return { ok: false as const, fieldErrors: { regionCode: t("riskPages.sample.noCandidates") } };
    const ratioBp = data.ratioPercent * 100;
    const inspectorPool = data.inspectorsPerInstitution > 0 ? await inspectorPoolOf(tx, data.regionCode) : [];
    if (data.inspectorsPerInstitution > 0) {
      const avoid = await lastInspectorsOf(
        tx,
        candidates.map((c) => c.id),
      );
      for (const c of candidates) if (avoid.has(c.id)) c.avoid = avoid.get(c.id);
    }
    const drawn = runDraw(candidates, { ratioBp, seed: data.seed, inspectorsPerInstitution: data.inspectorsPerInstitution, inspectorPool });
    // What the draw was made from, stored on the sample and in its audit event alike.
    const facts = {
      title: data.title,
      periodStart: data.periodStart,
      periodEnd: data.periodEnd,
      ratioBp,
      seed: data.seed,
      inputDigest: drawn.inputDigest,
      candidateCount: candidates.length,
    };
    const [sample] = await tx
      .insert(inspectionSamples)
      .values({
        regionCode: data.regionCode,
        ...facts,
        sampleSize: drawn.selected.length,
        inputs: candidates,
        inspectorsPerInstitution: data.inspectorsPerInstitution,
        inspectorPool,
        createdBy: scope.userId,
        createdAt: now,
      })
      .returning({ id: inspectionSamples.id });
    const entries = drawn.selected.map((s, index) => ({
      sampleId: sample.id,
      institutionId: s.id,
      position: index + 1,
      tier: s.tier,
      reason: s.reason,
      inspectorIds: s.inspectorIds,
    }));
    for (let i = 0; i < entries.length; i += INSERT_CHUNK)
      await tx.insert(inspectionSampleEntries).values(entries.slice(i, i + INSERT_CHUNK));
    // The must-include entries this draw took are done; later draws no longer include them.
    await tx.execute(sql`
      update sample_must_includes m set sample_id = ${sample.id}
      where m.id = any(${uuidArray((await pendingMustIncludes(tx, data.regionCode)).map((m) => m.id))})`);
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "sample.drawn",
      entityType: "inspection_sample",
      entityId: sample.id,
      regionCode: data.regionCode,
      after: {
        ...facts,
        sampleSize: entries.length,
        keySupervision: entries.filter((e) => e.reason === "key_supervision").length,
        mustInclude: entries.filter((e) => e.reason === "must_include").length,
        inspectorsPerInstitution: data.inspectorsPerInstitution,
      },
    });
    return { ok: true as const, id: sample.id, size: entries.length };
  });
}

/** Draws whose region lies in the regulator's subtree, newest first. */
export async function listSamples(exec: Executor, scope: RegionScope, query: SampleListQuery) {
  const where = inRegionSubtree(inspectionSamples.regionCode, scope.regionCode);
  return pageList(query, {
    count: async () =>
      (
        await exec
          .select({ total: sql<number>`count(*)::int` })
          .from(inspectionSamples)
          .where(where)
      )[0].total,
    rows: async ({ order, limit, offset }) => {
      const rows = await exec
        .select({
          id: inspectionSamples.id,
          title: inspectionSamples.title,
          regionName: regions.name,
          periodStart: inspectionSamples.periodStart,
          periodEnd: inspectionSamples.periodEnd,
          ratioBp: inspectionSamples.ratioBp,
          candidateCount: inspectionSamples.candidateCount,
          sampleSize: inspectionSamples.sampleSize,
          seed: inspectionSamples.seed,
          createdAt: inspectionSamples.createdAt,
          createdByName: users.name,
        })
        .from(inspectionSamples)
        .innerJoin(regions, eq(regions.code, inspectionSamples.regionCode))
        .innerJoin(users, eq(users.id, inspectionSamples.createdBy))
        .where(where)
        .orderBy(order)
        .limit(limit)
        .offset(offset);
      return rows.map((r): SampleListRow => ({ ...r, createdAt: r.createdAt.toISOString() }));
    },
    orderBy: { drawn: [sql`${inspectionSamples.createdAt}`] },
    tiebreak: sql`${inspectionSamples.id} desc`,
  });
}

/** A sample of the regulator's subtree, or 404. */
async function getSampleRow(exec: Executor, scope: RegionScope, sampleId: string) {
  if (!isUuid(sampleId)) notFound();
  const [row] = await exec
    .select({ sample: inspectionSamples, regionName: regions.name, createdByName: users.name })
    .from(inspectionSamples)
    .innerJoin(regions, eq(regions.code, inspectionSamples.regionCode))
    .innerJoin(users, eq(users.id, inspectionSamples.createdBy))
    .where(and(eq(inspectionSamples.id, sampleId), inRegionSubtree(inspectionSamples.regionCode, scope.regionCode)));
  return row ?? notFound();
}

/** One sample with its entries (institution, tier, reason, inspectors by name). */
export async function getSample(exec: Executor, scope: RegionScope, sampleId: string) {
  const row = await getSampleRow(exec, scope, sampleId);
  const entries = await exec
    .select({
      position: inspectionSampleEntries.position,
      institutionId: inspectionSampleEntries.institutionId,
      name: institutions.name,
      nhsaCode: institutions.nhsaCode,
      kind: institutions.kind,
      regionName: regions.name,
      tier: inspectionSampleEntries.tier,
      reason: inspectionSampleEntries.reason,
      inspectorIds: inspectionSampleEntries.inspectorIds,
      isInspected: inspectionSampleEntries.isInspected,
    })
    .from(inspectionSampleEntries)
    .innerJoin(institutions, eq(institutions.id, inspectionSampleEntries.institutionId))
    .innerJoin(regions, eq(regions.code, institutions.regionCode))
    .where(eq(inspectionSampleEntries.sampleId, sampleId))
    .orderBy(asc(inspectionSampleEntries.position));
  const inspectorIds = [...new Set(entries.flatMap((e) => e.inspectorIds))];
  const names = inspectorIds.length
    ? await exec
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(sql`${users.id} = any(${uuidArray(inspectorIds)})`)
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const s = row.sample;
  const inputs = s.inputs as SampleInputRow[];
  return {
    sample: {
      id: s.id,
      title: s.title,
      regionCode: s.regionCode,
      regionName: row.regionName,
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
      ratioBp: s.ratioBp,
      seed: s.seed,
      inputDigest: s.inputDigest,
      candidateCount: s.candidateCount,
      sampleSize: s.sampleSize,
      inspectorsPerInstitution: s.inspectorsPerInstitution,
      createdAt: s.createdAt.toISOString(),
      createdByName: row.createdByName,
      tierCounts: inputs.reduce((acc, r) => ({ ...acc, [r.tier]: (acc[r.tier] ?? 0) + 1 }), {} as Record<string, number>),
    },
    entries: entries.map((e) => ({ ...e, tier: e.tier as Tier, inspectorNames: e.inspectorIds.map((id) => nameOf.get(id) ?? id) })),
  };
}

/**
 * Re-run the draw on the stored inputs and seed and compare with the stored result: the same
 * input digest and the same institutions, reasons, order and inspectors.
 */
export async function verifySample(exec: Executor, scope: RegionScope, sampleId: string) {
  const { sample: s } = await getSampleRow(exec, scope, sampleId);
  const stored = await exec
    .select()
    .from(inspectionSampleEntries)
    .where(eq(inspectionSampleEntries.sampleId, sampleId))
    .orderBy(asc(inspectionSampleEntries.position));
  const drawn = runDraw(s.inputs as SampleInputRow[], {
    ratioBp: s.ratioBp,
    seed: s.seed,
    inspectorsPerInstitution: s.inspectorsPerInstitution,
    inspectorPool: s.inspectorPool,
  });
  const isSameEntries =
    drawn.selected.length === stored.length &&
    drawn.selected.every((d, i) => {
      const e = stored[i];
      return (
        e.institutionId === d.id && e.tier === d.tier && e.reason === d.reason && e.inspectorIds.join(",") === d.inspectorIds.join(",")
      );
    });
  const isSameDigest = drawn.inputDigest === s.inputDigest;
  return {
    matches: isSameEntries && isSameDigest,
    isSameEntries,
    isSameDigest,
    recomputedDigest: drawn.inputDigest,
    storedDigest: s.inputDigest,
    size: drawn.selected.length,
  };
}

/** The .xlsx of a sample: the drawn entries, and a second sheet with the frozen inputs. */
export async function buildSampleWorkbook(exec: Executor, scope: RegionScope, sampleId: string) {
  const { sample, entries } = await getSample(exec, scope, sampleId);
  const { sample: raw } = await getSampleRow(exec, scope, sampleId);
  const inputs = raw.inputs as SampleInputRow[];
  const info = inputs.length
    ? await exec
        .select({ id: institutions.id, name: institutions.name, nhsaCode: institutions.nhsaCode, regionName: regions.name })
        .from(institutions)
        .innerJoin(regions, eq(regions.code, institutions.regionCode))
        .where(sql`${institutions.id} = any(${uuidArray(inputs.map((i) => i.id))})`)
    : [];
  const infoOf = new Map(info.map((i) => [i.id, i]));
  const M = msgs().riskPages.sample;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = msgs().app.fullName;
  const sheet = workbook.addWorksheet(M.sheetEntries);
  sheet.addRow([sample.title]).font = { bold: true, size: 14 };
  sheet.addRow([M.region, sample.regionName]);
  sheet.addRow([M.period, `${formatDateCn(sample.periodStart)} — ${formatDateCn(sample.periodEnd)}`]);
  sheet.addRow([M.ratio, `${sample.ratioBp / 100}%`]);
  sheet.addRow([M.seed, sample.seed]);
  sheet.addRow([M.inputDigest, sample.inputDigest]);
  sheet.addRow([M.drawnAt, formatDateTime(sample.createdAt)]);
  sheet.addRow([]);
  const header = sheet.addRow([M.position, M.institution, M.nhsaCode, M.regionCol, M.kind, M.tier, M.reason, M.inspectors]);
  header.font = { bold: true };
  for (const e of entries) {
    sheet.addRow([
      e.position,
      e.name,
      e.nhsaCode,
      e.regionName,
      msgs().kinds[e.kind],
      e.tier,
      M.reasons[e.reason],
      e.inspectorNames.join("、"),
    ]);
  }
  sheet.columns = [{ width: 8 }, { width: 34 }, { width: 16 }, { width: 14 }, { width: 14 }, { width: 8 }, { width: 12 }, { width: 24 }];
  const inputSheet = workbook.addWorksheet(M.sheetInputs);
  const inputHeader = inputSheet.addRow([M.institutionId, M.institution, M.nhsaCode, M.regionCol, M.tier, M.weight]);
  inputHeader.font = { bold: true };
  for (const r of inputs) {
    const i = infoOf.get(r.id);
    inputSheet.addRow([r.id, i?.name ?? "", i?.nhsaCode ?? "", i?.regionName ?? "", r.tier, r.weight ?? M.alwaysIn]);
  }
  inputSheet.columns = [{ width: 38 }, { width: 34 }, { width: 16 }, { width: 14 }, { width: 8 }, { width: 10 }];
  const buffer = await writeWorkbook(workbook);
  return { buffer, fileName: t("riskPages.sample.fileName", { title: sample.title.replace(/[/\\:*?"<>|\u0000-\u001f]/g, "").trim() }) };
}
