// The dashboard rollups (migration 0006) stay equal to a direct aggregate over the self-checks
// and their answers, whatever the model functions do to them, and the dashboard reads them.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { answerSchema } from "~/schemas/answer";
import { saveAnswer, submitAssessment } from "~/models/assessment.server";
import { getRegionOverview, listHotspots, resolveDashboard } from "~/models/dashboard.server";
import { decideAssessment, reviewItem } from "~/models/review.server";
import { db } from "~/utils/db.server";
import { createInstitution, createUser } from "../factories";
import { applicableItems, institutionScope, openDemoCampaign, regionScope } from "./fixtures";

type Scenario = Awaited<ReturnType<typeof openDemoCampaign>>;

const problem = (amountFen: number, refundedFen: number, lockVersion = 0) =>
  answerSchema.parse({
    answer: "problem_found",
    description: "超标准收费",
    caseCount: "3",
    amountInvolvedFen: (amountFen / 100).toFixed(2),
    refundedFen: (refundedFen / 100).toFixed(2),
    rectificationPlan: "退回并整改",
    responsiblePerson: "李主任",
    rectificationDueOn: "2099-06-30",
    rectificationStatus: "in_progress",
    lockVersion: String(lockVersion),
  });
const noProblem = (lockVersion = 0) => answerSchema.parse({ answer: "no_problem", lockVersion: String(lockVersion) });

/** The rollups as stored, and as computed from scratch; rows with nothing in them left out. */
async function storedAndDirect() {
  const region = (q: string) => db.execute(sql.raw(q));
  const stored = {
    regions:
      await region(`select campaign_id, region_code, institution_kind, target_count, not_started_count, in_progress_count, submitted_count,
        returned_count, resubmitted_count, accepted_count, item_count::int, answered_count::int, problem_count::int, amount_involved_fen::float8, refunded_fen::float8
      from campaign_region_stats where target_count <> 0 order by 1, 2, 3`),
    items:
      await region(`select campaign_id, region_code, institution_kind, checklist_item_id, problem_count, case_count::int, amount_involved_fen::float8, refunded_fen::float8
      from campaign_item_stats where problem_count <> 0 order by 1, 2, 3, 4`),
    days: await region(`select campaign_id, region_code, day::text, first_submissions, resubmissions from campaign_submission_days
      where first_submissions + resubmissions <> 0 order by 1, 2, 3`),
  };
  const direct = {
    regions: await region(`select a.campaign_id, a.region_code, t.institution_kind, count(*)::int as target_count,
        count(*) filter (where a.status = 'not_started')::int as not_started_count, count(*) filter (where a.status = 'in_progress')::int as in_progress_count,
        count(*) filter (where a.status = 'submitted')::int as submitted_count, count(*) filter (where a.status = 'returned')::int as returned_count,
        count(*) filter (where a.status = 'resubmitted')::int as resubmitted_count, count(*) filter (where a.status = 'accepted')::int as accepted_count,
        sum(a.item_count)::int as item_count,
        (select count(*) from assessment_items i join assessments a2 on a2.id = i.assessment_id join campaign_targets t2 on t2.campaign_id = a2.campaign_id and t2.institution_id = a2.institution_id
          where a2.campaign_id = a.campaign_id and a2.region_code = a.region_code and t2.institution_kind = t.institution_kind)::int as answered_count,
        (select count(*) from assessment_items i join assessments a2 on a2.id = i.assessment_id join campaign_targets t2 on t2.campaign_id = a2.campaign_id and t2.institution_id = a2.institution_id
          where a2.campaign_id = a.campaign_id and a2.region_code = a.region_code and t2.institution_kind = t.institution_kind and i.answer = 'problem_found')::int as problem_count,
        (select coalesce(sum(i.amount_involved_fen), 0) from assessment_items i join assessments a2 on a2.id = i.assessment_id join campaign_targets t2 on t2.campaign_id = a2.campaign_id and t2.institution_id = a2.institution_id
          where a2.campaign_id = a.campaign_id and a2.region_code = a.region_code and t2.institution_kind = t.institution_kind)::float8 as amount_involved_fen,
        (select coalesce(sum(i.refunded_fen), 0) from assessment_items i join assessments a2 on a2.id = i.assessment_id join campaign_targets t2 on t2.campaign_id = a2.campaign_id and t2.institution_id = a2.institution_id
          where a2.campaign_id = a.campaign_id and a2.region_code = a.region_code and t2.institution_kind = t.institution_kind)::float8 as refunded_fen
      from assessments a join campaign_targets t on t.campaign_id = a.campaign_id and t.institution_id = a.institution_id
      group by a.campaign_id, a.region_code, t.institution_kind order by 1, 2, 3`),
    items: await region(`select a.campaign_id, a.region_code, t.institution_kind, i.checklist_item_id, count(*)::int as problem_count,
        sum(i.case_count)::int as case_count, sum(i.amount_involved_fen)::float8 as amount_involved_fen, sum(i.refunded_fen)::float8 as refunded_fen
      from assessment_items i join assessments a on a.id = i.assessment_id
      join campaign_targets t on t.campaign_id = a.campaign_id and t.institution_id = a.institution_id
      where i.answer = 'problem_found' group by 1, 2, 3, 4 order by 1, 2, 3, 4`),
    days: await region(`select a.campaign_id, a.region_code, (v.submitted_at at time zone 'Asia/Shanghai')::date::text as day,
        count(*) filter (where v.version = 1)::int as first_submissions, count(*) filter (where v.version > 1)::int as resubmissions
      from assessment_versions v join assessments a on a.id = v.assessment_id group by 1, 2, 3 order by 1, 2, 3`),
  };
  return { stored, direct };
}

async function expectRollupsExact() {
  const { stored, direct } = await storedAndDirect();
  expect(stored.regions).toEqual(direct.regions);
  expect(stored.items).toEqual(direct.items);
  expect(stored.days).toEqual(direct.days);
  return stored;
}

async function answerAll(
  s: Scenario,
  assessmentId: string,
  officer: { id: string; institutionId: string | null; role: string },
  problems: Map<number, [number, number]>,
) {
  const scope = institutionScope(officer);
  const items = await applicableItems(assessmentId);
  for (const [i, item] of items.entries()) {
    const p = problems.get(i);
    const result = await saveAnswer(db, scope, { assessmentId, itemCode: item.code, data: p ? problem(p[0], p[1]) : noProblem() });
    expect(result.ok).toBe(true);
  }
  return items;
}

describe("dashboard rollups", () => {
  it("stay equal to the rows through answering, changing answers, submitting, returning, resubmitting and accepting", async () => {
    const s = await openDemoCampaign();
    const stored0 = await expectRollupsExact();
    // Opening created one not-started self-check per target, counted by region and kind.
    expect(stored0.regions.length).toBe(2);

    const officer = institutionScope(s.officer);
    const items = await answerAll(
      s,
      s.assessmentId,
      s.officer,
      new Map([
        [0, [120_000, 20_000]],
        [2, [5_000, 5_000]],
      ]),
    );
    await expectRollupsExact();

    // Problem → no problem, no problem → problem, and a changed amount.
    expect((await saveAnswer(db, officer, { assessmentId: s.assessmentId, itemCode: items[0].code, data: noProblem(1) })).ok).toBe(true);
    expect((await saveAnswer(db, officer, { assessmentId: s.assessmentId, itemCode: items[1].code, data: problem(7_700, 0, 1) })).ok).toBe(
      true,
    );
    expect(
      (await saveAnswer(db, officer, { assessmentId: s.assessmentId, itemCode: items[2].code, data: problem(9_900, 1_000, 1) })).ok,
    ).toBe(true);
    await expectRollupsExact();

    // The pharmacy only starts: one answer.
    const pharmacyItems = await applicableItems(s.pharmacyAssessmentId);
    expect(
      (
        await saveAnswer(db, institutionScope(s.pharmacyOfficer), {
          assessmentId: s.pharmacyAssessmentId,
          itemCode: pharmacyItems[0].code,
          data: problem(3_000, 0),
        })
      ).ok,
    ).toBe(true);
    await expectRollupsExact();

    // Submit, return one item, rework it, resubmit, accept.
    expect((await submitAssessment(db, officer, s.assessmentId, { signerName: "王医保", agree: "on" })).ok).toBe(true);
    await expectRollupsExact();
    const regulator = regionScope(s.cityRegulator);
    expect(
      (
        await reviewItem(db, regulator, {
          assessmentId: s.assessmentId,
          checklistItemId: items[1].id,
          decision: "returned",
          comment: "金额不符",
        })
      ).ok,
    ).toBe(true);
    expect(
      (await decideAssessment(db, regulator, { assessmentId: s.assessmentId, decision: "returned", reworkDueOn: "2099-01-31" })).ok,
    ).toBe(true);
    await expectRollupsExact();
    expect((await saveAnswer(db, officer, { assessmentId: s.assessmentId, itemCode: items[1].code, data: noProblem(2) })).ok).toBe(true);
    expect(
      (await submitAssessment(db, officer, s.assessmentId, { signerName: "王医保", agree: "on" }, new Date(Date.now() + 86_400_000))).ok,
    ).toBe(true);
    await expectRollupsExact();
    expect((await decideAssessment(db, regulator, { assessmentId: s.assessmentId, decision: "accepted" })).ok).toBe(true);
    const stored = await expectRollupsExact();
    const days = stored.days as unknown as { first_submissions: number; resubmissions: number }[];
    expect(days.reduce((n, d) => n + d.first_submissions, 0)).toBe(1);
    expect(days.reduce((n, d) => n + d.resubmissions, 0)).toBe(1);

    // The dashboard shows the same: the city overview by county, and the hot spots.
    const ctx = await resolveDashboard(db, regionScope(s.cityRegulator), { campaignId: s.campaign.id });
    const overview = (await getRegionOverview(db, ctx, {}, "2026-12-01"))!;
    expect(overview.totals).toMatchObject({
      targetCount: 2,
      acceptedCount: 1,
      inProgressCount: 1,
      problemCount: 2,
      amountInvolvedFen: 9_900 + 3_000,
      refundedFen: 1_000,
    });
    expect(overview.regions.rows.map((r) => [r.code, r.targetCount])).toEqual([
      ["411302", 1],
      ["411303", 1],
    ]);
    const hot = await listHotspots(db, ctx, {});
    expect(hot.totals.problemCount).toBe(2);
    expect(hot.rows.map((r) => r.problemCount)).toEqual([1, 1]);
  });

  it("count set-based changes of many rows in one statement, and the overdue self-checks at read time", async () => {
    const s = await openDemoCampaign({ selfCheckDueOn: "2026-01-10" });
    const extra = await createInstitution(db, { kind: "hospital", regionCode: "411303", name: "卧龙第二医院" });
    await createUser(db, "officer", { institutionId: extra.id });
    // A set-based update of every self-check of the campaign (as a bulk change would be).
    await db.execute(sql`update assessments set status = 'in_progress', started_at = now() where campaign_id = ${s.campaign.id}`);
    await expectRollupsExact();
    const ctx = await resolveDashboard(db, regionScope(s.cityRegulator), { campaignId: s.campaign.id });
    expect((await getRegionOverview(db, ctx, {}, "2026-01-10"))!.totals.overdueCount).toBe(0);
    expect((await getRegionOverview(db, ctx, {}, "2026-01-11"))!.totals.overdueCount).toBe(2);
    // The rebuild gives what the triggers kept.
    const before = await expectRollupsExact();
    await db.execute(sql`select dash_rebuild_rollups(null)`);
    const after = await expectRollupsExact();
    expect(after).toEqual(before);
  });
});
