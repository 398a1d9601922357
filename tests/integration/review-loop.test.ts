// Evidence, submission versions and the regulator's review, through the routes.
import { and, asc, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { assessmentItems, assessmentVersions, assessments, auditEvents, evidenceFiles } from "~db/schema";
import * as evidenceDownload from "~/routes/evidence.$evidenceId";
import * as overviewRoute from "~/routes/inst.assessments.$assessmentId._index";
import * as historyRoute from "~/routes/inst.assessments.$assessmentId.history";
import * as itemRoute from "~/routes/inst.assessments.$assessmentId.items.$itemCode";
import * as evidenceRoute from "~/routes/inst.assessments.$assessmentId.items.$itemCode.evidence";
import * as instReport from "~/routes/inst.assessments.$assessmentId.report";
import * as submitRoute from "~/routes/inst.assessments.$assessmentId.submit";
import * as reviewRoute from "~/routes/reg.assessments.$assessmentId";
import * as regReport from "~/routes/reg.assessments.$assessmentId.report";
import * as campaignRoute from "~/routes/reg.campaigns.$campaignId";
import { db } from "~/utils/db.server";
import { createUser } from "../factories";
import { BASE_URL, callAction, callLoader, sessionCookieFor } from "../helpers";
import { applicableItems, openDemoCampaign } from "./fixtures";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]);

async function upload(user: { id: string }, assessmentId: string, itemCode: string, files: [Buffer, string][]) {
  const form = new FormData();
  for (const [bytes, name] of files) form.append("files", new File([new Uint8Array(bytes)], name, { type: "application/pdf" }));
  const request = new Request(`${BASE_URL}/inst/assessments/${assessmentId}/items/${itemCode}/evidence`, {
    method: "POST",
    body: form,
    headers: { Cookie: await sessionCookieFor(user.id), Origin: BASE_URL },
  });
  try {
    return (await evidenceRoute.action({
      request,
      params: { assessmentId, itemCode },
      context: { requestId: "t", clientIp: "127.0.0.1" },
    })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const problem = {
  answer: "problem_found",
  description: "挂床住院2例",
  caseCount: "2",
  amountInvolvedFen: "1000.00",
  refundedFen: "1000.00",
  rectificationPlan: "退回并整改",
  responsiblePerson: "李主任",
  rectificationDueOn: "2099-06-30",
  rectificationStatus: "in_progress",
};

/** Answer everything (the first item as a found problem with a PDF) and submit. */
async function completeAndSubmit(s: Awaited<ReturnType<typeof openDemoCampaign>>) {
  const items = await applicableItems(s.assessmentId);
  for (const [i, item] of items.entries()) {
    const form = i === 0 ? { ...problem, lockVersion: "0" } : { answer: "no_problem", lockVersion: "0" };
    const r = await callAction(itemRoute.action, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId, itemCode: item.code },
      form,
    });
    expect(r.status).toBe(302);
  }
  const uploaded = await upload(s.officer, s.assessmentId, items[0].code, [[PDF, "整改报告（第一版）.pdf"]]);
  expect(uploaded.status).toBe(302);
  const submitted = await callAction(submitRoute.action, "/x", {
    user: s.officer,
    params: { assessmentId: s.assessmentId },
    form: { signerName: "王医保", agree: "on" },
  });
  expect(submitted.status).toBe(302);
  return items;
}

describe("evidence files", () => {
  it("upload, download with the original name and hash, preview inline, delete before submission", async () => {
    const s = await openDemoCampaign();
    const [first] = await applicableItems(s.assessmentId);
    const response = await upload(s.officer, s.assessmentId, first.code, [
      [PDF, "../../整改 报告.pdf"],
      [ELF, "发票.pdf"],
    ]);
    expect(response.status).toBe(302);
    const [file, ...others] = await db.select().from(evidenceFiles);
    expect(others).toHaveLength(0); // the renamed executable was refused
    expect(file).toMatchObject({ fileName: "整改 报告.pdf", contentType: "application/pdf", sizeBytes: PDF.length });

    const download = await callLoader(evidenceDownload.loader, `/evidence/${file.id}`, {
      user: s.officer,
      params: { evidenceId: file.id },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Disposition")).toBe(
      `attachment; filename="?? ??.pdf"; filename*=UTF-8''%E6%95%B4%E6%94%B9%20%E6%8A%A5%E5%91%8A.pdf`,
    );
    expect(download.headers.get("X-Content-SHA256")).toBe(file.sha256);
    expect(download.data).toBe(PDF.toString());
    const inline = await callLoader(evidenceDownload.loader, `/evidence/${file.id}?inline=1`, {
      user: s.cityRegulator,
      params: { evidenceId: file.id },
    });
    expect(inline.headers.get("Content-Disposition")).toMatch(/^inline;/);

    const deleted = await callAction(evidenceRoute.action, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId, itemCode: first.code },
      form: { evidenceId: file.id },
    });
    expect(deleted.status).toBe(302);
    expect(await db.select().from(evidenceFiles)).toHaveLength(0);
    const actions = (await db.select({ a: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entityId, s.assessmentId))).map(
      (e) => e.a,
    );
    expect(actions).toEqual(expect.arrayContaining(["evidence.uploaded", "evidence.deleted"]));
  });

  it("another institution, another county or an unassigned staff member gets 404 for a file id", async () => {
    const s = await openDemoCampaign();
    const [first] = await applicableItems(s.assessmentId);
    await upload(s.officer, s.assessmentId, first.code, [[PDF, "a.pdf"]]);
    const [file] = await db.select().from(evidenceFiles);
    const wushen = await createUser(db, "regulator", { regionCode: "150626" });
    for (const user of [s.pharmacyOfficer, s.outsideOfficer, s.wanchengRegulator, wushen, s.staff]) {
      expect((await callLoader(evidenceDownload.loader, "/x", { user, params: { evidenceId: file.id } })).status).toBe(404);
    }
    for (const user of [s.officer, s.wolongRegulator, s.cityRegulator]) {
      expect((await callLoader(evidenceDownload.loader, "/x", { user, params: { evidenceId: file.id } })).status).toBe(200);
    }
    // Nor can another institution upload to, or delete from, this self-check.
    expect((await upload(s.pharmacyOfficer, s.assessmentId, first.code, [[PDF, "x.pdf"]])).status).toBe(404);
    expect(
      (
        await callAction(evidenceRoute.action, "/x", {
          user: s.pharmacyOfficer,
          params: { assessmentId: s.assessmentId, itemCode: first.code },
          form: { evidenceId: file.id },
        })
      ).status,
    ).toBe(404);
    expect(await db.select().from(evidenceFiles)).toHaveLength(1);
  });
});

describe("submission, review and resubmission", () => {
  it("a submitted version is frozen: no route and no SQL changes it", async () => {
    const s = await openDemoCampaign();
    const items = await completeAndSubmit(s);
    const [version] = await db.select().from(assessmentVersions);
    expect(version.snapshot.items).toHaveLength(items.length);
    expect(version.snapshot.items[0]).toMatchObject({
      answer: "problem_found",
      amountInvolvedFen: 100000,
      evidence: [expect.objectContaining({ fileName: "整改报告（第一版）.pdf" })],
    });

    const params = { assessmentId: s.assessmentId, itemCode: items[1].code };
    expect((await callAction(itemRoute.action, "/x", { user: s.officer, params, form: { ...problem, lockVersion: "1" } })).status).toBe(
      409,
    );
    expect((await callAction(submitRoute.action, "/x", { user: s.officer, params, form: { signerName: "x", agree: "on" } })).status).toBe(
      409,
    );
    const [file] = await db.select().from(evidenceFiles);
    expect(file.frozenAt).not.toBeNull();
    await callAction(evidenceRoute.action, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId, itemCode: items[0].code },
      form: { evidenceId: file.id },
    });
    expect(await db.select().from(evidenceFiles)).toHaveLength(1);

    const refusal = async (statement: ReturnType<typeof sql>) => {
      try {
        await db.execute(statement);
        return "accepted";
      } catch (error) {
        return String((error as { cause?: Error }).cause?.message);
      }
    };
    expect(await refusal(sql`update assessment_versions set snapshot = '{}'::jsonb`)).toMatch(/frozen/);
    expect(await refusal(sql`delete from assessment_versions`)).toMatch(/cannot be deleted/);
    expect(await refusal(sql`update evidence_files set file_name = 'x'`)).toMatch(/part of a submission/);
    expect(await refusal(sql`delete from evidence_files`)).toMatch(/part of a submission/);
    const [after] = await db.select().from(assessmentVersions);
    expect(after.snapshot).toEqual(version.snapshot);
  });

  it("return → edit only the returned item → resubmit → accept, with history, diff, comments and report", async () => {
    const s = await openDemoCampaign();
    const items = await completeAndSubmit(s);
    const review = (form: Record<string, string>) =>
      callAction(reviewRoute.action, "/x", { user: s.wolongRegulator, params: { assessmentId: s.assessmentId }, form });

    // Another county cannot see or review it.
    expect(
      (await callLoader(reviewRoute.loader, "/x", { user: s.wanchengRegulator, params: { assessmentId: s.assessmentId } })).status,
    ).toBe(404);
    expect(
      (
        await callAction(reviewRoute.action, "/x", {
          user: s.wanchengRegulator,
          params: { assessmentId: s.assessmentId },
          form: { intent: "decide", decision: "accepted" },
        })
      ).status,
    ).toBe(404);

    expect((await review({ intent: "decide", decision: "returned", reworkDueOn: "2099-01-15" })).data.message).toBe(
      "请先在条目中标记至少一项“退回修改”。",
    );
    const noComment = await review({
      intent: "review-item",
      checklistItemId: items[0].id,
      code: items[0].code,
      decision: "returned",
      comment: "",
    });
    expect(noComment.data.fieldErrors.comment).toBe("退回时请写明需要修改的内容");
    expect(
      (
        await review({
          intent: "review-item",
          checklistItemId: items[0].id,
          code: items[0].code,
          decision: "returned",
          comment: "请补充退款凭证",
        })
      ).status,
    ).toBe(302);
    expect((await review({ intent: "decide", decision: "accepted" })).data.message).toMatch(/有 1 项标记为退回修改/);
    expect(
      (await review({ intent: "comment", checklistItemId: items[0].id, code: items[0].code, body: "退款凭证需加盖公章" })).status,
    ).toBe(302);
    expect((await review({ intent: "decide", decision: "returned", reworkDueOn: "2099-01-15", comment: "请按意见修改" })).status).toBe(302);
    expect((await db.select().from(assessments).where(eq(assessments.id, s.assessmentId)))[0]).toMatchObject({
      status: "returned",
      reworkDueOn: "2099-01-15",
    });
    const campaignPage = await callLoader(campaignRoute.loader, "/x", { user: s.cityRegulator, params: { campaignId: s.campaign.id } });
    expect(campaignPage.data.summary).toMatchObject({
      targetCount: 2,
      returnedCount: 1,
      submittedCount: 0,
      notStartedCount: 1,
      inProgressCount: 0,
    });

    // The institution sees the return; only the returned item opens.
    const page = await callLoader(itemRoute.loader, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId, itemCode: items[0].code },
    });
    expect(page.data.review).toMatchObject({ decision: "returned", comment: "请补充退款凭证" });
    expect(page.data.comments.map((c: { body: string }) => c.body)).toEqual(["退款凭证需加盖公章"]);
    const locked = await callAction(itemRoute.action, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId, itemCode: items[1].code },
      form: { answer: "not_applicable", lockVersion: "1" },
    });
    expect(locked.status).toBe(409);
    expect(locked.data.locked).toBe("该项已审核通过，不在退回整改范围内，不能修改。");
    const edited = await callAction(itemRoute.action, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId, itemCode: items[0].code },
      form: { ...problem, refundedFen: "800.00", lockVersion: "1", intent: "next" },
    });
    expect(edited.status).toBe(302);
    expect(
      (await upload(s.officer, s.assessmentId, items[0].code, [[Buffer.concat([PDF, Buffer.from("%stamped")]), "退款凭证.pdf"]])).status,
    ).toBe(302);
    expect(
      (
        await callAction(itemRoute.action, "/x", {
          user: s.officer,
          params: { assessmentId: s.assessmentId, itemCode: items[0].code },
          form: { intent: "comment", body: "已补充盖章凭证" },
        })
      ).status,
    ).toBe(302);
    const resubmitted = await callAction(submitRoute.action, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId },
      form: { signerName: "王医保", agree: "on" },
    });
    expect(resubmitted.status).toBe(302);

    const versions = await db.select().from(assessmentVersions).orderBy(asc(assessmentVersions.version));
    expect(versions.map((v) => [v.version, v.decision])).toEqual([
      [1, "returned"],
      [2, "pending"],
    ]);
    expect(versions[0].snapshot.items[0].refundedFen).toBe(100000);
    expect(versions[1].snapshot.items[0].refundedFen).toBe(80000);

    // Both sides see the history and what changed.
    const history = await callLoader(historyRoute.loader, "/x", { user: s.officer, params: { assessmentId: s.assessmentId } });
    expect(history.data.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history.data.diff.items).toEqual([
      expect.objectContaining({
        code: items[0].code,
        changes: [{ field: "refundedFen", before: 100000, after: 80000 }],
        evidenceAdded: ["退款凭证.pdf"],
        evidenceRemoved: [],
      }),
    ]);
    const reviewPage = await callLoader(reviewRoute.loader, "/x", { user: s.cityRegulator, params: { assessmentId: s.assessmentId } });
    expect(reviewPage.data.latest.version).toBe(2);
    expect(reviewPage.data.latest.items[1].review).toMatchObject({ decision: "accepted", isCarriedOver: true });
    expect(reviewPage.data.latest.items[0].review).toBeNull();
    expect(reviewPage.data.diff.items).toHaveLength(1);

    expect((await review({ intent: "decide", decision: "accepted", comment: "整改到位" })).status).toBe(302);
    expect((await db.select().from(assessments).where(eq(assessments.id, s.assessmentId)))[0].status).toBe("accepted");
    expect(
      (
        await callAction(itemRoute.action, "/x", {
          user: s.officer,
          params: { assessmentId: s.assessmentId, itemCode: items[0].code },
          form: { ...problem, lockVersion: "2" },
        })
      ).status,
    ).toBe(409);

    // The .xlsx report of each version, for both sides.
    for (const [loader, user, version] of [
      [instReport.loader, s.officer, "1"],
      [regReport.loader, s.wolongRegulator, "2"],
    ] as const) {
      const request = new Request(`${BASE_URL}/x?version=${version}`, { headers: { Cookie: await sessionCookieFor(user.id) } });
      const response = (await loader({
        request,
        params: { assessmentId: s.assessmentId },
        context: { requestId: "t", clientIp: "x" },
      })) as Response;
      expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await response.arrayBuffer()) as never);
      const text = JSON.stringify(workbook.getWorksheet("自查自纠报告")!.getSheetValues());
      expect(text).toContain(`第 ${version} 版`);
      expect(text).toContain("卧龙测试医院");
    }
    expect((await callLoader(regReport.loader, "/x", { user: s.wanchengRegulator, params: { assessmentId: s.assessmentId } })).status).toBe(
      404,
    );

    const trail = (
      await db
        .select({ a: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.entityId, s.assessmentId))
        .orderBy(asc(auditEvents.id))
    ).map((e) => e.a);
    for (const action of [
      "assessment.submitted",
      "review.item_reviewed",
      "comment.added",
      "review.returned",
      "assessment_item.updated",
      "evidence.uploaded",
      "assessment.resubmitted",
      "review.accepted",
    ]) {
      expect(trail).toContain(action);
    }
  });

  it("after submission a found problem's rectification moves on until the rectification due date; the version keeps what was submitted", async () => {
    const s = await openDemoCampaign();
    const items = await completeAndSubmit(s);
    const params = { assessmentId: s.assessmentId, itemCode: items[0].code };
    const bad = await callAction(itemRoute.action, "/x", {
      user: s.officer,
      params,
      form: { intent: "rectification", lockVersion: "1", rectificationStatus: "rectified", rectifiedOn: "" },
    });
    expect(bad.data.fieldErrors).toEqual({ rectifiedOn: "已整改的请填写完成日期" });
    const ok = await callAction(itemRoute.action, "/x", {
      user: s.officer,
      params,
      form: { intent: "rectification", lockVersion: "1", rectificationStatus: "rectified", rectifiedOn: "2026-01-05" },
    });
    expect(ok.status).toBe(302);
    const [live] = await db
      .select()
      .from(assessmentItems)
      .where(and(eq(assessmentItems.assessmentId, s.assessmentId), eq(assessmentItems.answer, "problem_found")));
    expect(live).toMatchObject({ rectificationStatus: "rectified", rectifiedOn: "2026-01-05" });
    const [version] = await db.select().from(assessmentVersions);
    expect(version.snapshot.items[0].rectificationStatus).toBe("in_progress");
    const board = await callLoader(overviewRoute.loader, "/x", { user: s.officer, params: { assessmentId: s.assessmentId } });
    expect(board.data.board).toMatchObject({ total: 1, rectified: 1, overdue: 0, refundedFen: 100000, needingEvidence: 0 });
    // A no-problem item has no rectification to update.
    const none = await callAction(itemRoute.action, "/x", {
      user: s.officer,
      params: { ...params, itemCode: items[1].code },
      form: { intent: "rectification", lockVersion: "1", rectificationStatus: "rectified", rectifiedOn: "2026-01-05" },
    });
    expect(none.status).toBe(409);
  });

  it("staff see and answer only what the officer assigned them", async () => {
    const s = await openDemoCampaign();
    const items = await applicableItems(s.assessmentId);
    const assign = await callAction(overviewRoute.action, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId },
      form: { checklistItemIds: [items[2].id], assigneeId: s.staff.id },
    });
    expect(assign.status).toBe(302);
    const overview = await callLoader(overviewRoute.loader, "/x", { user: s.staff, params: { assessmentId: s.assessmentId } });
    expect(overview.data.sections.flatMap((sec: { items: { code: string }[] }) => sec.items.map((i) => i.code))).toEqual([items[2].code]);
    expect(
      (await callLoader(itemRoute.loader, "/x", { user: s.staff, params: { assessmentId: s.assessmentId, itemCode: items[0].code } }))
        .status,
    ).toBe(404);
    expect(
      (
        await callAction(itemRoute.action, "/x", {
          user: s.staff,
          params: { assessmentId: s.assessmentId, itemCode: items[2].code },
          form: { answer: "no_problem", lockVersion: "0" },
        })
      ).status,
    ).toBe(302);
    // Staff cannot assign, and an officer cannot assign to someone outside the institution.
    expect(
      (
        await callAction(overviewRoute.action, "/x", {
          user: s.staff,
          params: { assessmentId: s.assessmentId },
          form: { checklistItemIds: [items[0].id], assigneeId: s.staff.id },
        })
      ).status,
    ).toBe(404);
    const foreign = await callAction(overviewRoute.action, "/x", {
      user: s.officer,
      params: { assessmentId: s.assessmentId },
      form: { checklistItemIds: [items[0].id], assigneeId: s.pharmacyOfficer.id },
    });
    expect(foreign.data.error).toBe("请选择本机构的填报人");
  });
});
