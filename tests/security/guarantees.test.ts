// Issue 12, point 9: four guarantees that no test held (each was broken on purpose in a copy
// of main and the whole suite stayed green). Each test here fails when its guard is removed.
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assessmentVersions, evidenceFiles, inspectionAttachments, invitations, users } from "~db/schema";
import { saveAnswer, submitAssessment, updateRectification } from "~/models/assessment.server";
import { acceptInvitation, createInvitation, hashToken } from "~/models/invitation.server";
import { assignItems, decideAssessment, reviewItem } from "~/models/review.server";
import * as itemRoute from "~/routes/inst.assessments.$assessmentId.items.$itemCode";
import * as evidenceRoute from "~/routes/inst.assessments.$assessmentId.items.$itemCode.evidence";
import * as attachmentsRoute from "~/routes/reg.inspections.$inspectionId.attachments";
import * as newInspectionRoute from "~/routes/reg.inspections.new";
import { db } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { env } from "~/utils/env.server";
import { createUser } from "../factories";
import { BASE_URL, callAction, sessionCookieFor } from "../helpers";
import { answerSmallList, scenario } from "../e2e/scenario";

async function itemIds(campaignId: string) {
  const rows = await db.execute<{ id: string; code: string }>(
    sql`select ci.id, ci.code from checklist_items ci join campaigns c on c.checklist_version_id = ci.version_id where c.id = ${campaignId}`,
  );
  return (code: string) => rows.find((r) => r.code === code)!.id;
}

describe("a staff member changes only the items assigned to them", () => {
  it("saving an answer to an unassigned item is refused (404) through the route and the model", async () => {
    const s = await scenario();
    const staff = await createUser(db, "staff", { institutionId: s.hospital.id });
    const [{ id: assessmentId }] = await db.execute<{ id: string }>(
      sql`select id from assessments where institution_id = ${s.hospital.id}`,
    );
    const itemId = await itemIds(s.campaignId);
    const officerScope = { kind: "institution" as const, userId: s.officer.id, role: "officer" as const, institutionId: s.hospital.id };
    expect((await assignItems(db, officerScope, { assessmentId, checklistItemIds: [itemId("MI-02")], assigneeId: staff.id })).ok).toBe(
      true,
    );
    const answer = { answer: "no_problem", lockVersion: "0" };
    const params = (itemCode: string) => ({ assessmentId, itemCode });
    expect((await callAction(itemRoute.action, "/x", { user: staff, params: params("MI-01"), form: answer })).status).toBe(404);
    expect((await callAction(itemRoute.action, "/x", { user: staff, params: params("MI-02"), form: answer })).status).toBe(302);
    const staffScope = { kind: "institution" as const, userId: staff.id, role: "staff" as const, institutionId: s.hospital.id };
    await expect(
      saveAnswer(db, staffScope, { assessmentId, itemCode: "IN-01", data: { answer: "no_problem", lockVersion: 0 } }),
    ).rejects.toMatchObject({ status: 404 });
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from assessment_items where assessment_id = ${assessmentId}`,
    );
    expect(n).toBe(1);
  });

  it("updating the rectification of an unassigned found problem is refused (404)", async () => {
    const s = await scenario();
    const { assessment, scope } = await answerSmallList(s);
    expect((await submitAssessment(db, scope, assessment.id, { signerName: "王晓明", agree: "on" })).ok).toBe(true);
    const staff = await createUser(db, "staff", { institutionId: s.hospital.id });
    const itemId = await itemIds(s.campaignId);
    expect(
      (await assignItems(db, scope, { assessmentId: assessment.id, checklistItemIds: [itemId("MI-02")], assigneeId: staff.id })).ok,
    ).toBe(true);
    const form = { intent: "rectification", lockVersion: "1", rectificationStatus: "rectified", rectifiedOn: todayLocal() };
    const params = { assessmentId: assessment.id, itemCode: "MI-01" };
    expect((await callAction(itemRoute.action, "/x", { user: staff, params, form })).status).toBe(404);
    const staffScope = { kind: "institution" as const, userId: staff.id, role: "staff" as const, institutionId: s.hospital.id };
    await expect(
      updateRectification(db, staffScope, {
        ...params,
        data: { lockVersion: 1, rectificationStatus: "rectified", rectifiedOn: todayLocal() },
      }),
    ).rejects.toMatchObject({ status: 404 });
    const [{ status }] = await db.execute<{ status: string }>(
      sql`select rectification_status as status from assessment_items where assessment_id = ${assessment.id} and checklist_item_id = ${itemId("MI-01")}`,
    );
    expect(status).toBe("in_progress");
    // Once assigned, the same update goes through.
    expect(
      (await assignItems(db, scope, { assessmentId: assessment.id, checklistItemIds: [itemId("MI-01")], assigneeId: staff.id })).ok,
    ).toBe(true);
    expect((await callAction(itemRoute.action, "/x", { user: staff, params, form })).status).toBe(302);
  });
});

describe("a decided submitted version never changes", () => {
  it("decision, decision_comment and rework_due_on of a decided version are refused by the database; deciding again is refused", async () => {
    const s = await scenario();
    const { assessment, scope } = await answerSmallList(s);
    expect((await submitAssessment(db, scope, assessment.id, { signerName: "王晓明", agree: "on" })).ok).toBe(true);
    const regulator = { kind: "region" as const, userId: s.regulator.id, regionCode: "411300" };
    const itemId = await itemIds(s.campaignId);
    expect(
      (
        await reviewItem(db, regulator, {
          assessmentId: assessment.id,
          checklistItemId: itemId("MI-01"),
          decision: "returned",
          comment: "请补充材料",
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await decideAssessment(db, regulator, {
          assessmentId: assessment.id,
          decision: "returned",
          comment: "补充后重新提交",
          reworkDueOn: "2099-12-01",
        })
      ).ok,
    ).toBe(true);
    const [version] = await db.select().from(assessmentVersions).where(eq(assessmentVersions.assessmentId, assessment.id));
    expect(version.decision).toBe("returned");
    for (const change of [sql`decision = 'accepted'`, sql`decision_comment = '改过的意见'`, sql`rework_due_on = '2099-12-31'`]) {
      const error = await db.execute(sql`update assessment_versions set ${change} where id = ${version.id}`).then(
        () => null,
        (e: Error & { cause?: Error }) => e.cause ?? e,
      );
      expect(error?.message).toMatch(/submitted version .* is frozen/);
    }
    const again = await decideAssessment(db, regulator, { assessmentId: assessment.id, decision: "accepted" });
    expect(again).toMatchObject({ ok: false });
    const [after] = await db.select().from(assessmentVersions).where(eq(assessmentVersions.id, version.id));
    expect([after.decision, after.decisionComment, after.reworkDueOn]).toEqual(["returned", "补充后重新提交", "2099-12-01"]);
  });
});

describe("uploads honour UPLOAD_MAX_FILE_MB through the routes", () => {
  const saved = env.UPLOAD_MAX_FILE_MB;
  // 1/1024 MB = 1,024 bytes: a small limit, set as an operator would.
  beforeEach(() => void (env.UPLOAD_MAX_FILE_MB = 1 / 1024));
  afterEach(() => void (env.UPLOAD_MAX_FILE_MB = saved));

  const PDF_HEAD = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
  const pdfOf = (size: number) => Buffer.concat([PDF_HEAD, Buffer.alloc(size - PDF_HEAD.length, 0x20)]);

  async function post(
    route: { action: (args: never) => unknown },
    path: string,
    params: Record<string, string>,
    user: { id: string },
    bytes: Buffer,
  ) {
    const form = new FormData();
    form.append("files", new File([new Uint8Array(bytes)], "佐证.pdf", { type: "application/pdf" }));
    const request = new Request(`${BASE_URL}${path}`, {
      method: "POST",
      body: form,
      headers: { Cookie: await sessionCookieFor(user.id), Origin: BASE_URL },
    });
    try {
      return (await route.action({ request, params, context: { requestId: "t", clientIp: "127.0.0.1" } } as never)) as Response;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  }

  it("evidence: one byte over the limit is refused and nothing is kept; exactly the limit is stored", async () => {
    const s = await scenario();
    const [{ id: assessmentId }] = await db.execute<{ id: string }>(
      sql`select id from assessments where institution_id = ${s.hospital.id}`,
    );
    const params = { assessmentId, itemCode: "MI-01" };
    const path = `/inst/assessments/${assessmentId}/items/MI-01/evidence`;
    const over = await post(evidenceRoute, path, params, s.officer, pdfOf(1025));
    expect(over.status).toBe(302);
    expect(await db.select().from(evidenceFiles)).toEqual([]);
    const exact = await post(evidenceRoute, path, params, s.officer, pdfOf(1024));
    expect(exact.status).toBe(302);
    expect((await db.select().from(evidenceFiles)).map((f) => f.sizeBytes)).toEqual([1024]);
  });

  it("inspection attachments: one byte over the limit is refused and nothing is kept; exactly the limit is stored", async () => {
    const s = await scenario();
    const recorded = await callAction(newInspectionRoute.action, "/reg/inspections/new", {
      user: s.regulator,
      form: { institutionId: s.hospital.id, type: "flight", inspectedOn: todayLocal(), inspectorNames: "张稽核", summary: "飞行检查" },
    });
    expect(recorded.status).toBe(302);
    const inspectionId = recorded.location!.split("/").pop()!;
    const path = `/reg/inspections/${inspectionId}/attachments`;
    expect((await post(attachmentsRoute, path, { inspectionId }, s.regulator, pdfOf(1025))).status).toBe(302);
    expect(await db.select().from(inspectionAttachments)).toEqual([]);
    expect((await post(attachmentsRoute, path, { inspectionId }, s.regulator, pdfOf(1024))).status).toBe(302);
    expect((await db.select().from(inspectionAttachments)).map((f) => f.sizeBytes)).toEqual([1024]);
  });
});

describe("an invitation link that expires between the check and the update", () => {
  it("sets no password", async () => {
    const s = await scenario();
    const staff = await createUser(db, "staff", { institutionId: s.hospital.id });
    await db.update(users).set({ passwordHash: null }).where(eq(users.id, staff.id));
    const invitationId = await createInvitation(db, staff.id, s.officer.id);
    const token = "k".repeat(43);
    await db.execute(sql`update invitations set token_hash = ${hashToken(token)}, email_status = 'sent', email_sent_at = now(),
      expires_at = now() + interval '1 day' where id = ${invitationId}`);

    // Another connection holds the invitation row: acceptInvitation checks the link (valid),
    // then its UPDATE waits; meanwhile the link expires and the holder lets go.
    const other = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      let accepting: ReturnType<typeof acceptInvitation> | undefined;
      await other.begin(async (tx) => {
        await tx`select id from invitations where id = ${invitationId} for update`;
        accepting = acceptInvitation(db, token, "Keshi-Race@2026");
        for (let i = 0; ; i++) {
          // Asked over the app's pool: inside a transaction the activity view is a fixed snapshot.
          const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and query ilike 'update "invitations"%'`);
          if (n > 0) break;
          if (i > 400) throw new Error("the accepting UPDATE never waited on the row");
          await new Promise((r) => setTimeout(r, 25));
        }
        await tx`update invitations set expires_at = now() - interval '1 second' where id = ${invitationId}`;
      });
      expect(await accepting).toEqual({ ok: false, state: "expired" });
    } finally {
      await other.end();
    }
    const [row] = await db.select().from(users).where(eq(users.id, staff.id));
    expect(row.passwordHash).toBeNull();
    const [inv] = await db.select().from(invitations).where(eq(invitations.id, invitationId));
    expect(inv.usedAt).toBeNull();
  });
});
