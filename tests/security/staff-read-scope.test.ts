// Issue 12, point 8: a staff member sees only the items assigned to them. As found, such a
// member could read the whole self-check's history page and, after submission, the full
// report. Both are now refused (403), route by route; the officer still reads both.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { assessments } from "~db/schema";
import { assignItems } from "~/models/review.server";
import { submitAssessment } from "~/models/assessment.server";
import * as historyRoute from "~/routes/inst.assessments.$assessmentId.history";
import * as overviewRoute from "~/routes/inst.assessments.$assessmentId._index";
import * as reportRoute from "~/routes/inst.assessments.$assessmentId.report";
import { db } from "~/utils/db.server";
import { createUser } from "../factories";
import { callLoader } from "../helpers";
import { answerSmallList, scenario } from "../e2e/scenario";

async function submittedWithStaff() {
  const s = await scenario();
  const { assessment, scope } = await answerSmallList(s);
  const staff = await createUser(db, "staff", { institutionId: s.hospital.id, name: "朱晓燕" });
  const items = await db.execute<{ id: string; code: string }>(
    (await import("drizzle-orm"))
      .sql`select ci.id, ci.code from checklist_items ci join campaigns c on c.checklist_version_id = ci.version_id where c.id = ${s.campaignId}`,
  );
  const mi02 = items.find((i) => i.code === "MI-02")!.id;
  const assigned = await assignItems(db, scope, { assessmentId: assessment.id, checklistItemIds: [mi02], assigneeId: staff.id });
  if (!assigned.ok) throw new Error("assign");
  const submitted = await submitAssessment(db, scope, assessment.id, { signerName: "王晓明", agree: "on" });
  if (!submitted.ok) throw new Error("submit");
  const [row] = await db.select().from(assessments).where(eq(assessments.id, assessment.id));
  expect(row.currentVersion).toBe(1);
  return { ...s, staff, assessmentId: assessment.id };
}

describe("a staff member's read scope", () => {
  it("the history page of the whole self-check: 403 for staff, 200 for the officer", async () => {
    const s = await submittedWithStaff();
    const params = { assessmentId: s.assessmentId };
    expect((await callLoader(historyRoute.loader, "/x", { user: s.staff, params })).status).toBe(403);
    expect((await callLoader(historyRoute.loader, "/x", { user: s.officer, params })).status).toBe(200);
  });

  it("the full report after submission (.xlsx, any version): 403 for staff, 200 for the officer", async () => {
    const s = await submittedWithStaff();
    const params = { assessmentId: s.assessmentId };
    for (const path of ["/report", "/report?version=1"]) {
      expect((await callLoader(reportRoute.loader, `/inst/assessments/${s.assessmentId}${path}`, { user: s.staff, params })).status).toBe(
        403,
      );
      expect((await callLoader(reportRoute.loader, `/inst/assessments/${s.assessmentId}${path}`, { user: s.officer, params })).status).toBe(
        200,
      );
    }
  });

  it("the staff member's own page lists only the assigned item", async () => {
    const s = await submittedWithStaff();
    const page = await callLoader(overviewRoute.loader, "/x", { user: s.staff, params: { assessmentId: s.assessmentId } });
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.data)).not.toContain("MI-01");
  });
});
