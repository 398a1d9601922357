// Risk scores: recomputed inside the changes that move them, history only on change, the
// inspection rule for unreported problems, overrides, the nightly job and its schedule.
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, inspectionFindings, inspections, riskOverrides, riskScoreHistory, riskScores } from "~db/schema";
import { createRedisConnection } from "~jobs/connection";
import { runRiskNightly } from "~jobs/handlers/risk-nightly";
import { createQueues, queuePrefix } from "~jobs/queues";
import { upsertSchedulers } from "~jobs/producers";
import { saveAnswer, submitAssessment, updateRectification } from "~/models/assessment.server";
import { decideAssessment, reviewItem } from "~/models/review.server";
import { countUnreportedFindings } from "~/models/inspection-comparison.server";
import { createRiskOverride, listRiskScores, recomputeRisk, revokeRiskOverride } from "~/models/risk.server";
import { db } from "~/utils/db.server";
import { createInstitution } from "../factories";
import { applicableItems, institutionScope, openDemoCampaign, regionScope } from "./fixtures";

type Scenario = Awaited<ReturnType<typeof openDemoCampaign>>;

/** The hospital answers everything, the first item as a found problem (no evidence), and submits. */
async function submitWithOneProblem(s: Scenario) {
  const scope = institutionScope(s.officer);
  const items = await applicableItems(s.assessmentId);
  for (const [index, item] of items.entries()) {
    const data =
      index === 0
        ? {
            answer: "problem_found" as const,
            lockVersion: 0,
            description: "挂床住院2例",
            caseCount: 2,
            amountInvolvedFen: 100_000,
            refundedFen: 100_000,
            rectificationPlan: "退回并整改",
            responsiblePerson: "李主任",
            rectificationDueOn: "2099-06-30",
            rectificationStatus: "in_progress" as const,
            rectifiedOn: undefined,
          }
        : { answer: "no_problem" as const, lockVersion: 0 };
    const saved = await saveAnswer(db, scope, { assessmentId: s.assessmentId, itemCode: item.code, data });
    if (!saved.ok) throw new Error(JSON.stringify(saved));
  }
  const submitted = await submitAssessment(db, scope, s.assessmentId, { signerName: "王医保", agree: "on" });
  if (!submitted.ok) throw new Error(JSON.stringify(submitted));
  return items;
}

async function scoreOf(institutionId: string) {
  const [row] = await db.select().from(riskScores).where(eq(riskScores.institutionId, institutionId));
  return row;
}

async function historyOf(institutionId: string) {
  return db
    .select()
    .from(riskScoreHistory)
    .where(eq(riskScoreHistory.institutionId, institutionId))
    .orderBy(asc(riskScoreHistory.computedAt));
}

async function recordInspection(s: Scenario, findings: (string | null)[], opts: { compared?: boolean; on?: string } = {}) {
  const [inspection] = await db
    .insert(inspections)
    .values({
      institutionId: s.hospital.id,
      regionCode: s.hospital.regionCode,
      recordedByRegionCode: "411300",
      type: "on_site",
      inspectedOn: opts.on ?? "2026-10-15",
      inspectorNames: "张三、李四",
      comparedAssessmentId: opts.compared === false ? null : s.assessmentId,
      createdBy: s.cityRegulator.id,
    })
    .returning();
  if (findings.length) {
    await db
      .insert(inspectionFindings)
      .values(findings.map((checklistItemId, i) => ({ inspectionId: inspection.id, checklistItemId, description: `发现问题${i + 1}` })));
  }
  return inspection;
}

describe("recompute on change", () => {
  it("submission, return for rework and rectification change the stored score; history only on change", async () => {
    const s = await openDemoCampaign();
    const items = await submitWithOneProblem(s);

    // Submitted on time and complete; one reported problem without evidence → 15 (B).
    const score = await scoreOf(s.hospital.id);
    expect(score).toMatchObject({ score: 15, tier: "B", lastInspectedOn: null });
    expect(score.facts).toMatchObject({
      selfCheck: "on_time",
      completeness: 1,
      problemsReported: 1,
      problemsWithEvidence: 0,
      amountInvolvedFen: 100_000,
      refundedFen: 100_000,
    });
    expect((await historyOf(s.hospital.id)).map((h) => [h.cause, h.score])).toEqual([["submission", 15]]);

    // Same facts again: the row is refreshed, no new history.
    await recomputeRisk(db, [s.hospital.id], "nightly");
    expect(await historyOf(s.hospital.id)).toHaveLength(1);

    // Later, the rectification is past due and not done: +20 (C) …
    const later = new Date("2099-07-15T04:00:00Z");
    await recomputeRisk(db, [s.hospital.id], "nightly", later);
    expect(await scoreOf(s.hospital.id)).toMatchObject({ score: 35, tier: "C" });
    expect((await scoreOf(s.hospital.id)).facts).toMatchObject({ rectificationsDue: 1, rectificationsDoneOnTime: 0 });

    // … until it is recorded as rectified by its due date.
    const [item] = await db.execute<{ lock_version: number }>(
      sql`select lock_version from assessment_items where assessment_id = ${s.assessmentId} and checklist_item_id = ${items[0].id}`,
    );
    const updated = await updateRectification(
      db,
      institutionScope(s.officer),
      {
        assessmentId: s.assessmentId,
        itemCode: items[0].code,
        data: { lockVersion: item.lock_version, rectificationStatus: "rectified", rectifiedOn: "2099-06-20" },
      },
      new Date("2099-07-16T04:00:00Z"),
    );
    expect(updated).toMatchObject({ ok: true });
    expect(await scoreOf(s.hospital.id)).toMatchObject({ score: 15, tier: "B" });

    // Returned for rework once: +4.
    const city = regionScope(s.cityRegulator);
    const reviewedAt = new Date("2099-07-17T04:00:00Z");
    const returned = await reviewItem(
      db,
      city,
      { assessmentId: s.assessmentId, checklistItemId: items[0].id, decision: "returned", comment: "请补充佐证材料" },
      reviewedAt,
    );
    expect(returned.ok).toBe(true);
    const decided = await decideAssessment(
      db,
      city,
      { assessmentId: s.assessmentId, decision: "returned", reworkDueOn: "2099-08-31" },
      reviewedAt,
    );
    expect(decided.ok).toBe(true);
    expect(await scoreOf(s.hospital.id)).toMatchObject({ score: 19, tier: "B" });
    expect((await historyOf(s.hospital.id)).map((h) => [h.cause, h.tier, h.score])).toEqual([
      ["submission", "B", 15],
      ["nightly", "C", 35],
      ["rectification", "B", 15],
      ["review", "B", 19],
    ]);
  });

  it("a self-check past its due date and never submitted counts as never; a running one does not count", async () => {
    const s = await openDemoCampaign({ selfCheckDueOn: "2099-03-31" });
    await recomputeRisk(db, [s.hospital.id], "test", new Date("2099-03-31T12:00:00Z"));
    expect((await scoreOf(s.hospital.id)).facts).toMatchObject({ selfCheck: "on_time", completeness: 1 });
    await recomputeRisk(db, [s.hospital.id], "test", new Date("2099-04-01T12:00:00Z"));
    const score = await scoreOf(s.hospital.id);
    expect(score.facts).toMatchObject({ selfCheck: "never", completeness: 0 });
    expect(score).toMatchObject({ score: 50, tier: "C" });
  });
});

describe("problems found by inspection and not self-reported", () => {
  it("count only findings outside the compared self-check's reported problems, and raise the tier", async () => {
    const s = await openDemoCampaign();
    const items = await submitWithOneProblem(s);
    // items[0] was reported: not counted. items[1] was answered "no problem": counted. No item: counted.
    await recordInspection(s, [items[0].id, items[1].id, null], { on: "2026-10-15" });
    expect((await countUnreportedFindings(db, [s.hospital.id])).get(s.hospital.id)).toBe(2);
    await recomputeRisk(db, [s.hospital.id], "inspection", new Date("2026-11-01T04:00:00Z"));
    const score = await scoreOf(s.hospital.id);
    expect(score).toMatchObject({ tier: "D", lastInspectedOn: "2026-10-15", nextInspectionDueOn: "2027-01-15" });
    expect(score.score).toBe(15 + 70);

    // An inspection with no compared self-check: every finding is unreported.
    await recordInspection(s, [items[0].id], { compared: false, on: "2026-10-20" });
    expect((await countUnreportedFindings(db, [s.hospital.id])).get(s.hospital.id)).toBe(3);
    expect((await countUnreportedFindings(db, [s.pharmacy.id])).get(s.pharmacy.id)).toBe(0);
  });

  it("one unreported finding alone is tier C", async () => {
    const s = await openDemoCampaign();
    const items = await applicableItems(s.assessmentId);
    // Never submitted, so there is no self-check to compare with.
    await recordInspection(s, [items[2].id], { compared: false });
    await recomputeRisk(db, [s.hospital.id], "inspection");
    expect(await scoreOf(s.hospital.id)).toMatchObject({ score: 35, tier: "C" });
  });
});

describe("overrides", () => {
  it("are audited, win until they expire, and can be revoked", async () => {
    const s = await openDemoCampaign();
    const city = regionScope(s.cityRegulator);
    const now = new Date("2026-11-01T04:00:00Z");
    await recomputeRisk(db, [s.hospital.id], "test", now);
    expect((await scoreOf(s.hospital.id)).tier).toBe("A");

    const past = await createRiskOverride(db, city, s.hospital.id, { tier: "D", reason: "投诉线索", expiresOn: "2026-11-01" }, now);
    expect(past).toMatchObject({ ok: false, fieldErrors: { expiresOn: expect.any(String) } });

    const created = await createRiskOverride(
      db,
      city,
      s.hospital.id,
      { tier: "D", reason: "收到举报线索，列为重点", expiresOn: "2026-12-31" },
      now,
    );
    expect(created.ok).toBe(true);
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.action, "risk.override_created"));
    expect(audit).toMatchObject({ actorUserId: s.cityRegulator.id, institutionId: s.hospital.id });
    expect(audit.after).toMatchObject({ tier: "D", reason: "收到举报线索，列为重点", expiresOn: "2026-12-31" });

    const tierOn = async (today: string) => (await listRiskScores(db, city, {}, today)).rows.find((r) => r.id === s.hospital.id)!;
    expect(await tierOn("2026-12-31")).toMatchObject({
      effectiveTier: "D",
      computedTier: "A",
      isOverridden: true,
      isKeySupervisionTarget: true,
    });
    expect(await tierOn("2027-01-01")).toMatchObject({ effectiveTier: "A", isOverridden: false });
    // While it is in force, the next inspection follows the override's tier.
    expect((await scoreOf(s.hospital.id)).nextInspectionDueOn).toBe("2026-11-01");

    // A county regulator outside the institution's county cannot touch it.
    await expect(
      createRiskOverride(db, regionScope(s.wanchengRegulator), s.hospital.id, { tier: "A", reason: "x", expiresOn: "2026-12-31" }, now),
    ).rejects.toMatchObject({ status: 404 });

    if (!created.ok) throw new Error("override");
    await revokeRiskOverride(db, city, s.hospital.id, created.id, now);
    expect(await tierOn("2026-12-01")).toMatchObject({ effectiveTier: "A", isOverridden: false });
    expect((await db.select().from(auditEvents).where(eq(auditEvents.action, "risk.override_revoked"))).length).toBe(1);
    // Revoked once is final (the table refuses a second change).
    await expect(db.update(riskOverrides).set({ revokedAt: new Date() }).where(eq(riskOverrides.id, created.id))).rejects.toThrow();
  });
});

describe("nightly recomputation", () => {
  it("the handler scores every institution in batches, and the schedule is registered", async () => {
    await openDemoCampaign();
    for (let i = 0; i < 5; i++) await createInstitution(db, { regionCode: "411302", kind: "pharmacy" });
    const [{ total }] = await db.execute<{ total: number }>(sql`select count(*)::int as total from institutions`);
    const result = await runRiskNightly({ db }, new Date());
    expect(result.computed).toBe(Number(total));
    const [{ scored }] = await db.execute<{ scored: number }>(sql`select count(*)::int as scored from risk_scores`);
    expect(Number(scored)).toBe(Number(total));
    // A second run changes nothing, so it appends no history.
    const before = (await db.select().from(riskScoreHistory)).length;
    expect((await runRiskNightly({ db }, new Date())).changed).toBe(0);
    expect((await db.select().from(riskScoreHistory)).length).toBe(before);

    const connection = createRedisConnection(process.env.REDIS_URL);
    const queues = createQueues(connection, queuePrefix());
    try {
      await upsertSchedulers(queues);
      const nightly = (await queues.reminders.getJobSchedulers()).find((j) => j.key === "risk-nightly");
      expect(nightly).toMatchObject({ pattern: "30 2 * * *", tz: "Asia/Shanghai" });
    } finally {
      await queues.reminders.obliterate({ force: true }).catch(() => {});
      await Promise.all([queues.reminders.close(), queues.email.close()]);
      connection.disconnect();
    }
  });
});
