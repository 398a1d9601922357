import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { assessmentItems, assessments, auditEvents, campaignTargets, checklistItems } from "~db/schema";
import { getCampaignForRegulator, listCampaignTargets } from "~/models/campaign.server";
import { saveAnswer } from "~/models/assessment.server";
import { assignItems } from "~/models/review.server";
import { db } from "~/utils/db.server";
import * as itemRoute from "~/routes/inst.assessments.$assessmentId.items.$itemCode";
import * as submitRoute from "~/routes/inst.assessments.$assessmentId.submit";
import * as campaignRoute from "~/routes/reg.campaigns.$campaignId";
import * as newCampaignRoute from "~/routes/reg.campaigns.new";
import { callAction, callLoader } from "../helpers";
import { createInstitution, createUser, getChecklistVersionId } from "../factories";
import { applicableItems, institutionScope, openDemoCampaign, regionScope } from "./fixtures";

async function applicableCodes(assessmentId: string) {
  return (await applicableItems(assessmentId)).map((r) => r.code);
}

const problemForm = {
  answer: "problem_found",
  lockVersion: "0",
  description: "抽查发现重复收费",
  caseCount: "2",
  amountInvolvedFen: "1234567.89",
  refundedFen: "0.01",
  rectificationPlan: "退回基金并修订收费流程",
  responsiblePerson: "张主任",
  rectificationDueOn: "2099-06-30",
  rectificationStatus: "in_progress",
};

describe("campaign → self-check → submission", () => {
  it("opening snapshots the target institutions of the region subtree and kinds, with their applicable item counts", async () => {
    const s = await openDemoCampaign();
    const targets = await db.select().from(campaignTargets).where(eq(campaignTargets.campaignId, s.campaign.id));
    expect(targets.map((t) => t.institutionName).sort()).toEqual(["卧龙测试医院", "宛城测试药店"]);
    const [hospitalAssessment] = await db.select().from(assessments).where(eq(assessments.id, s.assessmentId));
    const [pharmacyAssessment] = await db.select().from(assessments).where(eq(assessments.id, s.pharmacyAssessmentId));
    expect(hospitalAssessment.itemCount).toBe((await applicableCodes(s.assessmentId)).length);
    expect(pharmacyAssessment.itemCount).toBe((await applicableCodes(s.pharmacyAssessmentId)).length);
    // The pharmacy answers the 定点药店 section, the hospital the 定点医疗机构 one.
    expect(await applicableCodes(s.pharmacyAssessmentId)).toContain("PH-01");
    expect(await applicableCodes(s.pharmacyAssessmentId)).not.toContain("MI-01");
    expect(await applicableCodes(s.assessmentId)).toContain("MI-01");
    expect(hospitalAssessment.status).toBe("not_started");
    const events = await db.select().from(auditEvents).where(eq(auditEvents.action, "campaign.opened"));
    expect(events).toHaveLength(1);
  });

  it("an officer answers every item, money round-trips exactly, and the regulator sees the submission", async () => {
    const s = await openDemoCampaign();
    const codes = await applicableCodes(s.assessmentId);
    const params = (code: string) => ({ assessmentId: s.assessmentId, itemCode: code });

    const first = await callAction(itemRoute.action, `/inst/assessments/${s.assessmentId}/items/${codes[0]}`, {
      user: s.officer,
      params: params(codes[0]),
      form: { ...problemForm, intent: "next" },
    });
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/inst/assessments/${s.assessmentId}/items/${codes[1]}`);

    const [stored] = await db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, s.assessmentId));
    expect(stored.amountInvolvedFen).toBe(123456789);
    expect(stored.refundedFen).toBe(1);
    const reloaded = await callLoader(itemRoute.loader, "/x", { user: s.officer, params: params(codes[0]) });
    expect(reloaded.data.values).toMatchObject({ amountInvolvedFen: "1234567.89", refundedFen: "0.01", caseCount: "2" });

    // Submitting early is refused and names what is missing.
    const early = await callAction(submitRoute.action, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId },
      form: { signerName: "王医保", agree: "on" },
    });
    expect(early.status).toBe(400);
    expect(early.data.missing.map((m: { code: string }) => m.code)).toEqual(codes.slice(1));

    for (const code of codes.slice(1)) {
      const saved = await callAction(itemRoute.action, "/x", {
        user: s.officer,
        params: params(code),
        form: { answer: "no_problem", lockVersion: "0", intent: "stay" },
      });
      expect(saved.status).toBe(302);
    }
    const [rollup] = await db.select().from(assessments).where(eq(assessments.id, s.assessmentId));
    expect(rollup).toMatchObject({
      answeredCount: codes.length,
      problemCount: 1,
      amountInvolvedFen: 123456789,
      refundedFen: 1,
      status: "in_progress",
    });

    const submitted = await callAction(submitRoute.action, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId },
      form: { signerName: "王医保", agree: "on" },
    });
    expect(submitted.status).toBe(302);
    const [after] = await db.select().from(assessments).where(eq(assessments.id, s.assessmentId));
    expect(after).toMatchObject({ status: "submitted", commitmentSignedBy: "王医保" });

    // Nothing can be changed once submitted.
    const late = await callAction(itemRoute.action, "/x", {
      user: s.officer,
      params: params(codes[0]),
      form: { answer: "no_problem", lockVersion: "1" },
    });
    expect(late.status).toBe(409);

    const page = await callLoader(campaignRoute.loader, `/reg/campaigns/${s.campaign.id}?status=submitted`, {
      user: s.cityRegulator,
      params: { campaignId: s.campaign.id },
    });
    expect(page.status).toBe(200);
    expect(page.data.targets.rows).toHaveLength(1);
    expect(page.data.targets.rows[0]).toMatchObject({
      institutionName: "卧龙测试医院",
      status: "submitted",
      problemCount: 1,
      refundedFen: 1,
    });
    expect(page.data.summary).toMatchObject({ targetCount: 2, submittedCount: 1, notStartedCount: 1, refundedFen: 1 });

    const actions = (
      await db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.entityId, s.assessmentId))
        .orderBy(asc(auditEvents.id))
    ).map((e) => e.action);
    expect(actions[0]).toBe("assessment.created");
    expect(actions).toContain("assessment.started");
    expect(actions.filter((a) => a === "assessment_item.answered")).toHaveLength(codes.length);
    expect(actions.at(-1)).toBe("assessment.submitted");
  });

  it("changing an answer keeps the rollups exact", async () => {
    const s = await openDemoCampaign();
    const scope = institutionScope(s.officer);
    const [code] = await applicableCodes(s.assessmentId);
    const base = {
      description: "d",
      caseCount: 1,
      rectificationPlan: "p",
      responsiblePerson: "r",
      rectificationDueOn: "2099-01-01",
      rectificationStatus: "open" as const,
      rectifiedOn: undefined,
    };
    const r1 = await saveAnswer(db, scope, {
      assessmentId: s.assessmentId,
      itemCode: code,
      data: { answer: "problem_found", lockVersion: 0, amountInvolvedFen: 500, refundedFen: 200, ...base },
    });
    expect(r1).toEqual({ ok: true, lockVersion: 1 });
    await saveAnswer(db, scope, {
      assessmentId: s.assessmentId,
      itemCode: code,
      data: { answer: "problem_found", lockVersion: 1, amountInvolvedFen: 900, refundedFen: 900, ...base },
    });
    let [a] = await db.select().from(assessments).where(eq(assessments.id, s.assessmentId));
    expect(a).toMatchObject({ answeredCount: 1, problemCount: 1, amountInvolvedFen: 900, refundedFen: 900 });
    await saveAnswer(db, scope, { assessmentId: s.assessmentId, itemCode: code, data: { answer: "no_problem", lockVersion: 2 } });
    [a] = await db.select().from(assessments).where(eq(assessments.id, s.assessmentId));
    expect(a).toMatchObject({ answeredCount: 1, problemCount: 0, amountInvolvedFen: 0, refundedFen: 0 });
  });

  it("a second person saving a stale copy is shown the newer answer instead of overwriting it", async () => {
    const s = await openDemoCampaign();
    const [code] = await applicableCodes(s.assessmentId);
    const params = { assessmentId: s.assessmentId, itemCode: code };
    const [{ id: itemId }] = await db.execute<{ id: string }>(
      sql`select id from checklist_items where version_id = ${s.campaign.checklistVersionId} and code = ${code}`,
    );
    expect(
      await assignItems(db, institutionScope(s.officer), {
        assessmentId: s.assessmentId,
        checklistItemIds: [itemId],
        assigneeId: s.staff.id,
      }),
    ).toEqual({ ok: true });
    await callAction(itemRoute.action, "/x", { user: s.officer, params, form: { answer: "no_problem", lockVersion: "0" } });
    const stale = await callAction(itemRoute.action, "/x", { user: s.staff, params, form: { answer: "not_applicable", lockVersion: "0" } });
    expect(stale.status).toBe(409);
    expect(stale.data.conflict.values.answer).toBe("no_problem");
    expect(stale.data.conflict.message).toContain("王医保");
    const [row] = await db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, s.assessmentId));
    expect(row.answer).toBe("no_problem");
  });

  it("answer validation errors come back per field, and a rectification due after the campaign's is refused", async () => {
    const s = await openDemoCampaign();
    const [code] = await applicableCodes(s.assessmentId);
    const params = { assessmentId: s.assessmentId, itemCode: code };
    const bad = await callAction(itemRoute.action, "/x", {
      user: s.officer,
      params,
      form: { ...problemForm, amountInvolvedFen: "-3", caseCount: "x", responsiblePerson: "" },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors).toEqual({
      amountInvolvedFen: "金额不能为负数",
      caseCount: "请填写不小于 0 的整数",
      responsiblePerson: "此项必填",
    });
    const [campaignDue] = await db.execute<{ d: string }>(
      sql`select rectification_due_on::text as d from campaigns where id = ${s.campaign.id}`,
    );
    await db.execute(
      sql`update campaigns set rectification_due_on = '2099-01-31', self_check_due_on = '2099-01-01' where id = ${s.campaign.id}`,
    );
    const late = await callAction(itemRoute.action, "/x", {
      user: s.officer,
      params,
      form: { ...problemForm, rectificationDueOn: "2099-02-01" },
    });
    expect(late.status).toBe(400);
    expect(late.data.fieldErrors.rectificationDueOn).toBe("整改期限不能晚于任务整改截止日期 2099年1月31日");
    expect(campaignDue.d).toBe("2099-12-31");
    expect(await db.select().from(assessmentItems)).toHaveLength(0);
  });

  it("staff may answer but only the officer may submit", async () => {
    const s = await openDemoCampaign();
    const result = await callAction(submitRoute.action, "/x", {
      user: s.staff,
      params: { assessmentId: s.assessmentId },
      form: { signerName: "x", agree: "on" },
    });
    expect(result.status).toBe(403);
  });
});

describe("creating and opening a campaign through the regulator's pages", () => {
  it("creates a draft, refuses kinds the list does not cover, and opens it", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "150626" });
    await createInstitution(db, { kind: "pharmacy", regionCode: "150626" });
    await createInstitution(db, { kind: "hospital", regionCode: "150626" });
    await createInstitution(db, { kind: "hospital", regionCode: "411303" });
    const versionId = await getChecklistVersionId(db, "nmg-wsq-2025-negative-list");
    const form = {
      title: "乌审旗自查",
      checklistVersionId: versionId,
      targetRegionCode: "150626",
      targetKinds: ["hospital", "pharmacy"],
      reviewPeriodStart: "2025-01-01",
      reviewPeriodEnd: "",
      selfCheckDueOn: "2099-01-31",
      rectificationDueOn: "2099-03-31",
      description: "",
    };
    const missing = await callAction(newCampaignRoute.action, "/reg/campaigns/new", {
      user: regulator,
      form: { ...form, title: "", targetKinds: [] },
    });
    expect(missing.status).toBe(400);
    expect(missing.data.fieldErrors).toEqual({ title: "此项必填", targetKinds: "请至少选择一种机构类型" });

    const outside = await callAction(newCampaignRoute.action, "/x", { user: regulator, form: { ...form, targetRegionCode: "411300" } });
    expect(outside.status).toBe(400);
    expect(outside.data.fieldErrors.targetRegionCode).toBeTruthy();

    const created = await callAction(newCampaignRoute.action, "/x", { user: regulator, form });
    expect(created.status).toBe(302);
    const campaignId = created.location!.split("/").pop()!;
    const draft = await callLoader(campaignRoute.loader, "/x", { user: regulator, params: { campaignId } });
    expect(draft.data.potentialTargets).toBe(2);
    const opened = await callAction(campaignRoute.action, "/x", { user: regulator, params: { campaignId }, form: { intent: "open" } });
    expect(opened.status).toBe(302);
    const again = await callAction(campaignRoute.action, "/x", { user: regulator, params: { campaignId }, form: { intent: "open" } });
    expect(again.status).toBe(409);
    const detail = await getCampaignForRegulator(db, regionScope(regulator), campaignId);
    expect(detail.summary.targetCount).toBe(2);
    const pharmacyItems = await db
      .select()
      .from(checklistItems)
      .where(and(eq(checklistItems.versionId, versionId), sql`${checklistItems.appliesTo} @> array['pharmacy']::text[]`));
    const targets = await listCampaignTargets(db, regionScope(regulator), campaignId, {}, "2026-01-01");
    expect(targets.rows.find((r) => r.kind === "pharmacy")!.itemCount).toBe(pharmacyItems.length);
  });
});
