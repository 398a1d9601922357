// Smaller defects of the forms (issue 14, item 10) and the one answer shape of a refused form.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { assessmentItems, assessments } from "~db/schema";
import * as evidenceDownload from "~/routes/evidence.$evidenceId";
import * as itemRoute from "~/routes/inst.assessments.$assessmentId.items.$itemCode";
import * as submitRoute from "~/routes/inst.assessments.$assessmentId.submit";
import * as reviewRoute from "~/routes/reg.assessments.$assessmentId";
import { db } from "~/utils/db.server";
import { t } from "~/utils/i18n";
import { callAction, callLoader } from "../helpers";
import { applicableItems, openDemoCampaign } from "./fixtures";

const problem = {
  answer: "problem_found",
  lockVersion: "0",
  description: "挂床住院12例",
  caseCount: "2",
  amountInvolvedFen: "1000.00",
  refundedFen: "0",
  rectificationPlan: "退回并整改",
  responsiblePerson: "李主任",
  rectificationDueOn: "2099-06-30",
  rectificationStatus: "in_progress",
};

async function rowOf(assessmentId: string, checklistItemId: string) {
  const [row] = await db
    .select()
    .from(assessmentItems)
    .where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.checklistItemId, checklistItemId)));
  return row;
}

describe("answer form", () => {
  it("accepts full-width digits in case counts and amounts alike", async () => {
    const s = await openDemoCampaign();
    const [first] = await applicableItems(s.assessmentId);
    const r = await callAction(itemRoute.action, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId, itemCode: first.code },
      form: { ...problem, caseCount: "１２", amountInvolvedFen: "１,０００.５０", refundedFen: "０" },
    });
    expect(r.status).toBe(302);
    expect(await rowOf(s.assessmentId, first.id)).toMatchObject({ caseCount: 12, amountInvolvedFen: 100050, refundedFen: 0 });
  });

  it("refuses a rectification completion date in the future, at its field, with what was typed", async () => {
    const s = await openDemoCampaign();
    const [first] = await applicableItems(s.assessmentId);
    const r = await callAction(itemRoute.action, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId, itemCode: first.code },
      form: { ...problem, rectificationStatus: "rectified", rectifiedOn: "2099-01-01" },
    });
    expect(r.status).toBe(400);
    expect(r.data).toMatchObject({
      form: "answer",
      fieldErrors: { rectifiedOn: t("institution.rectifiedOnFuture") },
      values: { description: "挂床住院12例", rectifiedOn: "2099-01-01", caseCount: "2" },
    });
    expect(await rowOf(s.assessmentId, first.id)).toBeUndefined();
  });
});

describe("review decision", () => {
  it("refuses a rework due date in the past, at its field; the version stays pending", async () => {
    const s = await openDemoCampaign();
    const items = await applicableItems(s.assessmentId);
    for (const [i, item] of items.entries()) {
      const form = i === 0 ? problem : { answer: "no_problem", lockVersion: "0" };
      const r = await callAction(itemRoute.action, "/x", {
        user: s.officer,
        params: { assessmentId: s.assessmentId, itemCode: item.code },
        form,
      });
      expect(r.status).toBe(302);
    }
    const submitted = await callAction(submitRoute.action, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId },
      form: { signerName: "王医保", agree: "on" },
    });
    expect(submitted.status).toBe(302);
    const review = (form: Record<string, string>) =>
      callAction(reviewRoute.action, "/x", { user: s.wolongRegulator, params: { assessmentId: s.assessmentId }, form });
    const returned = await review({
      intent: "review-item",
      checklistItemId: items[0].id,
      code: items[0].code,
      decision: "returned",
      comment: "请补充凭证",
    });
    expect(returned.status).toBe(302);

    const past = await review({ intent: "decide", decision: "returned", reworkDueOn: "2020-01-01", comment: "逾期" });
    expect(past.status).toBe(409);
    expect(past.data).toMatchObject({
      form: "decide:",
      fieldErrors: { reworkDueOn: t("review.reworkDueInPast") },
      values: { decision: "returned", reworkDueOn: "2020-01-01", comment: "逾期" },
    });
    const [still] = await db.select().from(assessments).where(eq(assessments.id, s.assessmentId));
    expect(still.status).toBe("submitted");

    expect((await review({ intent: "decide", decision: "returned", reworkDueOn: "2099-01-15" })).status).toBe(302);
    const [after] = await db.select().from(assessments).where(eq(assessments.id, s.assessmentId));
    expect(after).toMatchObject({ status: "returned", reworkDueOn: "2099-01-15" });
  });
});

describe("evidence download", () => {
  it("an unknown evidence id gets the app's Chinese 404 page, not bare text", async () => {
    const s = await openDemoCampaign();
    const r = await callLoader(evidenceDownload.loader, "/x", { user: s.officer, params: { evidenceId: randomUUID() } });
    expect(r.status).toBe(404);
    expect(r.headers.get("Content-Type")).toContain("text/html");
    expect(r.data).toContain('<html lang="zh-CN">');
    expect(r.data).toContain(t("errors.notFound"));
    expect(r.data).not.toBe("Not Found");
  });
});
