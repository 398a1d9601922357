// Inspection samples (双随机): stored in one transaction, reproducible from the stored seed and
// inputs, ratio rounded up, every D-tier institution in, inspectors avoiding the last pairing.
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, inspectionInspectors, inspections, inspectionSampleEntries, inspectionSamples, riskScores } from "~db/schema";
import { createSample, runDraw, verifySample, type SampleInputRow } from "~/models/sample.server";
import { db } from "~/utils/db.server";
import type { Tier } from "~/domain/risk";
import { createInstitution, createUser } from "../factories";
import { regionScope } from "./fixtures";

async function setTier(institutionId: string, regionCode: string, tier: Tier) {
  const score = { A: 0, B: 20, C: 40, D: 80 }[tier];
  await db.insert(riskScores).values({ institutionId, regionCode, score, tier, facts: {}, factors: [], nextInspectionDueOn: "2026-12-01" });
}

/** 31 institutions in 南阳市: 2 D, 5 C, 10 B, the rest A; one more in 乌审旗 (outside). */
async function world() {
  const city = await createUser(db, "regulator", { regionCode: "411300", name: "市局" });
  const wolong = await createUser(db, "regulator", { regionCode: "411303", name: "卧龙区" });
  const wancheng = await createUser(db, "regulator", { regionCode: "411302", name: "宛城区" });
  const wushen = await createUser(db, "regulator", { regionCode: "150626", name: "乌审旗" });
  const ids: { id: string; tier: Tier; regionCode: string }[] = [];
  for (let i = 0; i < 31; i++) {
    const regionCode = i % 2 ? "411302" : "411303";
    const tier: Tier = i < 2 ? "D" : i < 7 ? "C" : i < 17 ? "B" : "A";
    const inst = await createInstitution(db, { regionCode, kind: "pharmacy", name: `抽查测试药店${i}` });
    // Leave the A-tier ones unscored: the draw must score them on the spot.
    if (tier !== "A") await setTier(inst.id, regionCode, tier);
    ids.push({ id: inst.id, tier, regionCode });
  }
  const outside = await createInstitution(db, { regionCode: "150626", kind: "pharmacy" });
  await setTier(outside.id, "150626", "D");
  return { city, wolong, wancheng, wushen, ids, outside };
}

const form = (o: Partial<Parameters<typeof createSample>[2]> = {}) => ({
  title: "2026年第一季度双随机检查",
  regionCode: "411300",
  periodStart: "2026-01-01",
  periodEnd: "2026-03-31",
  ratioPercent: 10,
  seed: "fixed-seed-1",
  inspectorsPerInstitution: 0,
  ...o,
});

describe("drawing a sample", () => {
  it("stores inputs, seed, digest and entries; includes every D; rounds up; is reproducible; audited", async () => {
    const w = await world();
    const scope = regionScope(w.city);
    const result = await createSample(db, scope, form());
    if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
    const [sample] = await db.select().from(inspectionSamples).where(eq(inspectionSamples.id, result.id));
    expect(sample).toMatchObject({ candidateCount: 31, sampleSize: 4, ratioBp: 1000, seed: "fixed-seed-1" }); // ceil(3.1)
    const inputs = sample.inputs as SampleInputRow[];
    expect(inputs.map((i) => i.id)).toEqual([...w.ids.map((i) => i.id)].sort());
    expect(inputs.every((i) => i.id !== w.outside.id)).toBe(true);
    // Unscored institutions were scored first (tier A: nothing on record).
    expect(inputs.filter((i) => i.tier === "A")).toHaveLength(14);
    const [{ scored }] = await db.execute<{ scored: number }>(
      sql`select count(*)::int as scored from risk_scores where region_code in ('411302','411303')`,
    );
    expect(Number(scored)).toBe(31);

    const entries = await db
      .select()
      .from(inspectionSampleEntries)
      .where(eq(inspectionSampleEntries.sampleId, result.id))
      .orderBy(asc(inspectionSampleEntries.position));
    const dIds = w.ids.filter((i) => i.tier === "D").map((i) => i.id);
    expect(
      entries
        .filter((e) => e.reason === "key_supervision")
        .map((e) => e.institutionId)
        .sort(),
    ).toEqual(dIds.sort());
    expect(entries.filter((e) => e.reason === "random").every((e) => e.tier !== "D")).toBe(true);
    expect(entries.map((e) => e.position)).toEqual([1, 2, 3, 4]);

    // Re-running the algorithm on what is stored gives the same list.
    const again = runDraw(inputs, { ratioBp: sample.ratioBp, seed: sample.seed, inspectorsPerInstitution: 0, inspectorPool: [] });
    expect(again.selected.map((s) => s.id)).toEqual(entries.map((e) => e.institutionId));
    expect(again.inputDigest).toBe(sample.inputDigest);
    expect(await verifySample(db, scope, result.id)).toMatchObject({ matches: true, size: 4 });

    // Same seed, same inputs → same sample; another seed draws differently somewhere.
    const second = await createSample(db, scope, form());
    if (!second.ok) throw new Error("second");
    const secondEntries = await db
      .select()
      .from(inspectionSampleEntries)
      .where(eq(inspectionSampleEntries.sampleId, second.id))
      .orderBy(asc(inspectionSampleEntries.position));
    expect(secondEntries.map((e) => e.institutionId)).toEqual(entries.map((e) => e.institutionId));

    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.entityId, result.id));
    expect(audit).toMatchObject({ action: "sample.drawn", actorUserId: w.city.id, regionCode: "411300" });
    expect(audit.after).toMatchObject({ seed: "fixed-seed-1", inputDigest: sample.inputDigest, sampleSize: 4, keySupervision: 2 });

    // The stored draw cannot be edited afterwards.
    await expect(db.update(inspectionSamples).set({ seed: "other" }).where(eq(inspectionSamples.id, result.id))).rejects.toThrow();
  });

  it("honours a larger ratio, rounding up, and refuses a region outside the subtree", async () => {
    const w = await world();
    const result = await createSample(db, regionScope(w.city), form({ ratioPercent: 15 }));
    if (!result.ok) throw new Error("draw");
    const [sample] = await db.select().from(inspectionSamples).where(eq(inspectionSamples.id, result.id));
    expect(sample.sampleSize).toBe(5); // ceil(31 × 0.15) = ceil(4.65)

    const county = await createSample(db, regionScope(w.wolong), form({ regionCode: "411300" }));
    expect(county).toMatchObject({ ok: false, fieldErrors: { regionCode: expect.any(String) } });
    const own = await createSample(db, regionScope(w.wolong), form({ regionCode: "411303" }));
    if (!own.ok) throw new Error("own");
    const [ownSample] = await db.select().from(inspectionSamples).where(eq(inspectionSamples.id, own.id));
    expect(ownSample.candidateCount).toBe(16);
  });

  it("draws inspectors from the subtree's regulators, avoiding whoever inspected the institution last", async () => {
    const w = await world();
    // The city regulator took part in every institution's latest inspection.
    for (const inst of w.ids) {
      const [older] = await db
        .insert(inspections)
        .values({
          institutionId: inst.id,
          regionCode: inst.regionCode,
          recordedByRegionCode: "411300",
          type: "on_site",
          inspectedOn: "2025-01-10",
          inspectorNames: "宛城区",
          createdBy: w.city.id,
        })
        .returning();
      await db.insert(inspectionInspectors).values({ inspectionId: older.id, userId: w.wancheng.id });
      const [latest] = await db
        .insert(inspections)
        .values({
          institutionId: inst.id,
          regionCode: inst.regionCode,
          recordedByRegionCode: "411300",
          type: "on_site",
          inspectedOn: "2026-01-10",
          inspectorNames: "市局",
          createdBy: w.city.id,
        })
        .returning();
      await db.insert(inspectionInspectors).values({ inspectionId: latest.id, userId: w.city.id });
    }
    const scope = regionScope(w.city);
    const result = await createSample(db, scope, form({ inspectorsPerInstitution: 2, ratioPercent: 20 }));
    if (!result.ok) throw new Error("draw");
    const entries = await db.select().from(inspectionSampleEntries).where(eq(inspectionSampleEntries.sampleId, result.id));
    expect(entries).toHaveLength(7);
    for (const e of entries) {
      // Never the last inspector (city), never someone outside the subtree (乌审旗); the one
      // who inspected the time before may be drawn again.
      expect([...e.inspectorIds].sort()).toEqual([w.wolong.id, w.wancheng.id].sort());
    }
    expect(await verifySample(db, scope, result.id)).toMatchObject({ matches: true });
  });
});
