// On-site inspections through their routes: recording, findings, attachments, the comparison
// with the self-check, verdicts, the ledger export, and the tenancy of all of it.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import {
  auditEvents,
  checklistItems,
  evidenceFiles,
  inspectionAttachments,
  inspectionSampleEntries,
  inspectionSamples,
  inspectionFindings,
  inspections,
  institutions,
} from "~db/schema";
import { saveAnswer, submitAssessment } from "~/models/assessment.server";
import { decideAssessment, reviewItem } from "~/models/review.server";
import { addEvidence, deleteEvidence } from "~/models/evidence.server";
import { getEvidenceStorage } from "~/utils/storage.server";
import { listInspectionsForInstitution } from "~/models/inspection.server";
import { countUnreportedFindings } from "~/models/inspection-comparison.server";
import * as listRoute from "~/routes/reg.inspections._index";
import * as exportRoute from "~/routes/reg.inspections.export";
import * as newRoute from "~/routes/reg.inspections.new";
import * as detailRoute from "~/routes/reg.inspections.$inspectionId";
import * as uploadRoute from "~/routes/reg.inspections.$inspectionId.attachments";
import * as downloadRoute from "~/routes/reg.inspections.$inspectionId.attachments.$attachmentId";
import { db } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { answerSmallList, scenario } from "../e2e/scenario";
import { createInstitution, createUser } from "../factories";
import { BASE_URL, callAction, callLoader, sessionCookieFor } from "../helpers";
import { institutionScope, regionScope } from "./fixtures";

/** The database's own message for a rejected statement (drizzle wraps it as `cause`). */
async function dbError(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return String((error as { cause?: { message?: string } }).cause?.message ?? error);
  }
  return "accepted";
}

const PDF = Buffer.from("%PDF-1.4\n% 现场检查记录\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

type World = Awaited<ReturnType<typeof setup>>;
let w: World;

/**
 * 南阳市's three-item list; 南阳卧龙仁和医院 (卧龙区) submits with a problem on MI-01 only.
 * Regulators: the city, 卧龙区, 宛城区 and 乌审旗.
 */
async function setup() {
  const s = await scenario();
  const wolong = await createUser(db, "regulator", { regionCode: "411303", name: "卧龙区稽核" });
  const wancheng = await createUser(db, "regulator", { regionCode: "411302", name: "宛城区稽核" });
  const wushen = await createUser(db, "regulator", { regionCode: "150626", name: "乌审旗稽核" });
  const [wanchengHospital] = await db.select().from(institutions).where(eq(institutions.regionCode, "411302"));
  const wushenHospital = await createInstitution(db, { regionCode: "150626", name: "乌审旗测试医院" });
  const { assessment, scope } = await answerSmallList(s);
  const submitted = await submitAssessment(db, scope, assessment.id, { signerName: "王晓明", agree: "on" });
  if (!submitted.ok) throw new Error("submit failed");
  const items = await db.execute<{ id: string; code: string }>(sql`
    select ci.id, ci.code from checklist_items ci join campaigns c on c.checklist_version_id = ci.version_id where c.id = ${s.campaignId}`);
  const itemId = (code: string) => items.find((i) => i.code === code)!.id;
  return { ...s, city: s.regulator, wolong, wancheng, wushen, wanchengHospital, wushenHospital, assessmentId: assessment.id, itemId };
}

beforeEach(async () => {
  w = await setup();
});

const inspectionForm = (institutionId: string, extra: Record<string, string | string[]> = {}) => ({
  institutionId,
  type: "flight",
  inspectedOn: todayLocal(),
  inspectorNames: "张稽核、李稽核",
  summary: "飞行检查住院病历与收费明细",
  ...extra,
});

async function recordInspection(user: { id: string }, institutionId: string, extra: Record<string, string | string[]> = {}) {
  const result = await callAction(newRoute.action, "/reg/inspections/new", { user, form: inspectionForm(institutionId, extra) });
  expect(result.status, JSON.stringify(result.data)).toBe(302);
  return result.location!.split("/").pop()!;
}

async function addFinding(user: { id: string }, inspectionId: string, form: Record<string, string>) {
  return callAction(detailRoute.action, `/reg/inspections/${inspectionId}`, {
    user,
    params: { inspectionId },
    form: { intent: "add-finding", caseCount: "1", amountFoundFen: "0", amountRecoveredFen: "0", ...form },
  });
}

async function uploadRequest(user: { id: string }, inspectionId: string, files: { name: string; bytes: Buffer }[]) {
  const form = new FormData();
  for (const f of files) form.append("files", new File([new Uint8Array(f.bytes)], f.name, { type: "application/octet-stream" }));
  const request = new Request(`${BASE_URL}/reg/inspections/${inspectionId}/attachments`, {
    method: "POST",
    headers: { Origin: BASE_URL, Cookie: await sessionCookieFor(user.id) },
    body: form,
  });
  try {
    return (await uploadRoute.action({
      request,
      params: { inspectionId },
      context: { requestId: "test", clientIp: "127.0.0.1" },
    })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function download(user: { id: string }, inspectionId: string, attachmentId: string) {
  return callLoader(downloadRoute.loader, `/reg/inspections/${inspectionId}/attachments/${attachmentId}`, {
    user,
    params: { inspectionId, attachmentId },
  });
}

async function exportedInstitutions(user: { id: string }, query = "") {
  const result = await callLoader(exportRoute.loader, `/reg/inspections/export${query}`, { user });
  expect(result.status).toBe(200);
  // callLoader reads the body as text; fetch it again as bytes for ExcelJS.
  const response = (await exportRoute.loader({
    request: new Request(`${BASE_URL}/reg/inspections/export${query}`, { headers: { Cookie: await sessionCookieFor(user.id) } }),
    params: {},
    context: { requestId: "test", clientIp: "127.0.0.1" },
  })) as Response;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.worksheets[0];
  const names: string[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1 && n < sheet.rowCount) names.push(String(row.getCell(2).value));
  });
  return { names, totalsRow: sheet.getRow(sheet.rowCount) };
}

describe("recording an inspection", () => {
  it("finds the institution by name without JS, preselects it, and compares with its latest submitted self-check", async () => {
    const search = await callLoader(newRoute.loader, "/reg/inspections/new?q=仁和", { user: w.wolong });
    expect(search.data.results.rows.map((r: { name: string }) => r.name)).toEqual(["南阳卧龙仁和医院"]);
    // A county's search never lists another county's institutions.
    const other = await callLoader(newRoute.loader, "/reg/inspections/new?q=医院", { user: w.wolong });
    expect(other.data.results.rows.map((r: { name: string }) => r.name)).toEqual(["南阳卧龙仁和医院"]);
    const chosen = await callLoader(newRoute.loader, `/reg/inspections/new?institution=${w.hospital.id}`, { user: w.wolong });
    expect(chosen.data.chosen.institution.name).toBe("南阳卧龙仁和医院");
    expect(chosen.data.chosen.compared.version).toBe(1);
    expect(chosen.data.candidates.map((c: { name: string }) => c.name)).toEqual(["卧龙区稽核"]);

    const id = await recordInspection(w.wolong, w.hospital.id, { inspectorIds: [w.wolong.id] });
    const [row] = await db.select().from(inspections).where(eq(inspections.id, id));
    expect(row).toMatchObject({
      institutionId: w.hospital.id,
      regionCode: "411303",
      recordedByRegionCode: "411303",
      type: "flight",
      comparedAssessmentId: w.assessmentId,
    });
    const audit = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "inspection"), eq(auditEvents.entityId, id)));
    expect(audit.map((a) => a.action)).toEqual(["inspection.created"]);
  });

  it("rejects bad input next to the field and an institution outside the subtree, writing nothing", async () => {
    const bad = await callAction(newRoute.action, "/reg/inspections/new", {
      user: w.wolong,
      form: inspectionForm(w.hospital.id, { inspectorNames: " ", inspectedOn: "2026-02-30" }),
    });
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors.inspectorNames).toBe("此项必填");
    expect(bad.data.fieldErrors.inspectedOn).toBe("请填写有效日期（年-月-日）");
    const future = await callAction(newRoute.action, "/reg/inspections/new", {
      user: w.wolong,
      form: inspectionForm(w.hospital.id, { inspectedOn: "2099-01-01" }),
    });
    expect(future.data.fieldErrors.inspectedOn).toBe("检查日期不能晚于今天");
    const outside = await callAction(newRoute.action, "/reg/inspections/new", {
      user: w.wolong,
      form: inspectionForm(w.wanchengHospital.id),
    });
    expect(outside.status).toBe(400);
    expect(outside.data.fieldErrors.institutionId).toBeTruthy();
    const otherInspector = await callAction(newRoute.action, "/reg/inspections/new", {
      user: w.wolong,
      form: inspectionForm(w.hospital.id, { inspectorIds: [w.wancheng.id] }),
    });
    expect(otherInspector.data.fieldErrors.inspectorIds).toBe("所选人员不在本辖区");
    expect(await db.$count(inspections)).toBe(0);
  });

  it("without a submitted self-check there is nothing to compare with, and every finding is unreported", async () => {
    const id = await recordInspection(w.wancheng, w.wanchengHospital.id);
    const [row] = await db.select().from(inspections).where(eq(inspections.id, id));
    expect(row.comparedAssessmentId).toBeNull();
    // The item can still be named from the institution's (unsubmitted) self-check list.
    expect((await addFinding(w.wancheng, id, { checklistItemId: w.itemId("MI-01"), description: "挂床住院" })).status).toBe(302);
    const page = await callLoader(detailRoute.loader, `/reg/inspections/${id}`, { user: w.wancheng, params: { inspectionId: id } });
    expect(page.data.comparison.foundUnreported).toHaveLength(1);
    expect(page.data.comparison.selfReported).toHaveLength(0);
  });
});

describe("inspections from a drawn sample", () => {
  it("keeps the sample when the institution is one of its entries in the regulator's subtree", async () => {
    const [sample] = await db
      .insert(inspectionSamples)
      .values({
        regionCode: "411300",
        title: "2026年双随机抽查",
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        ratioBp: 1000,
        seed: "42",
        inputDigest: "0".repeat(64),
        candidateCount: 2,
        sampleSize: 1,
        inputs: [],
        createdBy: w.city.id,
      })
      .returning();
    await db
      .insert(inspectionSampleEntries)
      .values({ sampleId: sample.id, institutionId: w.hospital.id, position: 1, tier: "B", reason: "random" });
    const id = await recordInspection(w.city, w.hospital.id, { sampleId: sample.id });
    const [row] = await db.select().from(inspections).where(eq(inspections.id, id));
    expect(row.sampleId).toBe(sample.id);
    // Not an entry of that sample, or a sample drawn above the county: refused beside the institution.
    const notEntry = await callAction(newRoute.action, "/x", {
      user: w.city,
      form: inspectionForm(w.wanchengHospital.id, { sampleId: sample.id }),
    });
    expect(notEntry.data.fieldErrors.institutionId).toBe("该机构不在所选抽查名单中");
    const county = await callAction(newRoute.action, "/x", {
      user: w.wolong,
      form: inspectionForm(w.hospital.id, { sampleId: sample.id }),
    });
    expect(county.data.fieldErrors.institutionId).toBe("该机构不在所选抽查名单中");
    expect(await db.$count(inspections)).toBe(1);
  });
});

describe("findings and the comparison with the self-check", () => {
  it("classifies found & reported, found & not reported (on-list and off-list), and records verdicts", async () => {
    const id = await recordInspection(w.wolong, w.hospital.id);
    const params = { inspectionId: id };
    const reported = await addFinding(w.wolong, id, {
      checklistItemId: w.itemId("MI-01"),
      description: "挂床住院3例，比自查多1例",
      caseCount: "3",
      amountFoundFen: "5,370.75",
      amountRecoveredFen: "5370.75",
    });
    expect(reported.status).toBe(302);
    expect(reported.location).toBe(`/reg/inspections/${id}#findings`);
    await addFinding(w.wolong, id, {
      checklistItemId: w.itemId("MI-02"),
      description: "重复收取护理费",
      caseCount: "12",
      amountFoundFen: "１２００.５",
      amountRecoveredFen: "600",
    });
    await addFinding(w.wolong, id, { checklistItemId: "", description: "药品进销存账实不符", amountFoundFen: "88.01" });

    const page = await callLoader(detailRoute.loader, `/reg/inspections/${id}`, { user: w.wolong, params });
    const c = page.data.comparison;
    expect(c.foundReported.map((f: { description: string }) => f.description)).toEqual(["挂床住院3例，比自查多1例"]);
    expect(c.foundUnreported.map((f: { description: string }) => f.description)).toEqual(["重复收取护理费", "药品进销存账实不符"]);
    expect(c.selfReported.map((r: { item: { code: string }; verdict: string | null }) => [r.item.code, r.verdict])).toEqual([
      ["MI-01", null],
    ]);
    expect(page.data.totals).toEqual({
      findingCount: 3,
      caseCount: 16,
      amountFoundFen: 537075 + 120050 + 8801,
      amountRecoveredFen: 537075 + 60000,
      unreportedCount: 2,
    });
    // Items offered: the compared self-check's list, the reported one marked.
    expect(page.data.items.map((i: { code: string }) => i.code)).toEqual(["MI-01", "MI-02", "IN-01"]);
    expect(page.data.reportedItemIds).toEqual([w.itemId("MI-01")]);

    expect((await countUnreportedFindings(db, [w.hospital.id, w.wanchengHospital.id])).get(w.hospital.id)).toBe(2);

    // Verdicts: confirmed fixed, then cleared again; both audited.
    const fixed = await callAction(detailRoute.action, "/x", {
      user: w.wolong,
      params,
      form: { intent: "verdict", checklistItemId: w.itemId("MI-01"), verdict: "fixed", note: "现场核实已退回" },
    });
    expect(fixed.status).toBe(302);
    let after = await callLoader(detailRoute.loader, "/x", { user: w.wolong, params });
    expect(after.data.comparison.selfReported[0]).toMatchObject({ verdict: "fixed", note: "现场核实已退回" });
    await callAction(detailRoute.action, "/x", {
      user: w.wolong,
      params,
      form: { intent: "verdict", checklistItemId: w.itemId("MI-01"), verdict: "not_fixed" },
    });
    after = await callLoader(detailRoute.loader, "/x", { user: w.wolong, params });
    expect(after.data.comparison.selfReported[0]).toMatchObject({ verdict: "not_fixed", note: null });
    await callAction(detailRoute.action, "/x", {
      user: w.wolong,
      params,
      form: { intent: "verdict", checklistItemId: w.itemId("MI-01"), verdict: "unchecked" },
    });
    after = await callLoader(detailRoute.loader, "/x", { user: w.wolong, params });
    expect(after.data.comparison.selfReported[0].verdict).toBeNull();
    // A verdict only for a problem the self-check reported.
    const notReported = await callAction(detailRoute.action, "/x", {
      user: w.wolong,
      params,
      form: { intent: "verdict", checklistItemId: w.itemId("MI-02"), verdict: "fixed" },
    });
    expect(notReported.status).toBe(400);
    expect(notReported.data.fieldErrors.verdict).toBe("不是比对自查报告的问题");

    // Removing a finding is audited with what was removed.
    const unreportedFinding = after.data.findings.find((f: { description: string }) => f.description === "重复收取护理费");
    const removed = await callAction(detailRoute.action, "/x", {
      user: w.wolong,
      params,
      form: { intent: "remove-finding", findingId: unreportedFinding.id },
    });
    expect(removed.status).toBe(302);
    expect((await countUnreportedFindings(db, [w.hospital.id])).get(w.hospital.id)).toBe(1);
    const audit = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "inspection"), eq(auditEvents.entityId, id)));
    expect(audit.map((a) => a.action)).toEqual([
      "inspection.created",
      "inspection.finding_added",
      "inspection.finding_added",
      "inspection.finding_added",
      "inspection.verdict_set",
      "inspection.verdict_set",
      "inspection.verdict_set",
      "inspection.finding_removed",
    ]);
    expect(audit.at(-1)!.before).toMatchObject({ description: "重复收取护理费", amountFoundFen: 120050 });
  });

  it("shows amount errors beside their fields and refuses an item from another list", async () => {
    const id = await recordInspection(w.wolong, w.hospital.id);
    const tooMuch = await addFinding(w.wolong, id, { description: "x", amountFoundFen: "10", amountRecoveredFen: "10.01" });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.data.fieldErrors.amountRecoveredFen).toBe("追回金额不能超过查实金额");
    const decimals = await addFinding(w.wolong, id, { description: "x", amountFoundFen: "1.234" });
    expect(decimals.data.fieldErrors.amountFoundFen).toBe("金额最多两位小数（精确到分）");
    const [foreign] = await db
      .select({ id: checklistItems.id })
      .from(checklistItems)
      .where(sql`${checklistItems.versionId} <> (select checklist_version_id from campaigns where id = ${w.campaignId})`)
      .limit(1);
    const wrongItem = await addFinding(w.wolong, id, { checklistItemId: foreign.id, description: "x" });
    expect(wrongItem.data.fieldErrors.checklistItemId).toBe("所选条目不在比对自查的问题清单中");
    expect(await db.$count(inspectionFindings)).toBe(0);
  });

  it("counts unreported findings set-based over all inspections of each institution", async () => {
    const a = await recordInspection(w.wolong, w.hospital.id);
    const b = await recordInspection(w.city, w.hospital.id, { type: "cross" });
    const c = await recordInspection(w.wancheng, w.wanchengHospital.id);
    await addFinding(w.wolong, a, { checklistItemId: w.itemId("MI-01"), description: "已自查" });
    await addFinding(w.wolong, a, { checklistItemId: w.itemId("IN-01"), description: "冒名就医" });
    await addFinding(w.city, b, { description: "清单外问题" });
    await addFinding(w.wancheng, c, { checklistItemId: w.itemId("MI-01"), description: "未提交自查" });
    const counts = await countUnreportedFindings(db, [w.hospital.id, w.wanchengHospital.id, w.wushenHospital.id]);
    expect(Object.fromEntries(counts)).toEqual({ [w.hospital.id]: 2, [w.wanchengHospital.id]: 1, [w.wushenHospital.id]: 0 });
    expect((await countUnreportedFindings(db, [])).size).toBe(0);
    // The institution page's list: that institution's inspections only, with totals.
    const forInstitution = await listInspectionsForInstitution(db, regionScope(w.city), w.hospital.id);
    expect(forInstitution.map((r) => [r.type, r.findingCount, r.unreportedCount]).sort()).toEqual([
      ["cross", 1, 1],
      ["flight", 2, 1],
    ]);
    await expect(listInspectionsForInstitution(db, regionScope(w.wancheng), w.hospital.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("the newest submitted version decides what was reported", () => {
  it("a problem reported only in a resubmission counts as reported from then on", async () => {
    const id = await recordInspection(w.wolong, w.hospital.id);
    await addFinding(w.wolong, id, { checklistItemId: w.itemId("MI-02"), description: "重复收费" });
    expect((await countUnreportedFindings(db, [w.hospital.id])).get(w.hospital.id)).toBe(1);
    // The city returns MI-02; the hospital reports the problem in version 2.
    const city = regionScope(w.city);
    await reviewItem(db, city, {
      assessmentId: w.assessmentId,
      checklistItemId: w.itemId("MI-02"),
      decision: "returned",
      comment: "请如实自查收费",
    });
    await decideAssessment(db, city, { assessmentId: w.assessmentId, decision: "returned", reworkDueOn: "2099-12-01" });
    const saved = await saveAnswer(db, institutionScope(w.officer), {
      assessmentId: w.assessmentId,
      itemCode: "MI-02",
      data: {
        answer: "problem_found",
        lockVersion: 1,
        description: "重复收取护理费",
        caseCount: 12,
        amountInvolvedFen: 120050,
        refundedFen: 120050,
        rectificationPlan: "退回",
        responsiblePerson: "李静",
        rectificationDueOn: "2099-12-30",
        rectificationStatus: "rectified",
        rectifiedOn: "2026-01-05",
      },
    });
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
    expect((await submitAssessment(db, institutionScope(w.officer), w.assessmentId, { signerName: "王晓明", agree: "on" })).ok).toBe(true);
    expect((await countUnreportedFindings(db, [w.hospital.id])).get(w.hospital.id)).toBe(0);
    const page = await callLoader(detailRoute.loader, "/x", { user: w.wolong, params: { inspectionId: id } });
    expect(page.data.compared.version).toBe(2);
    expect(page.data.comparison.foundReported).toHaveLength(1);
    expect(page.data.comparison.selfReported.map((r: { item: { code: string } }) => r.item.code)).toEqual(["MI-01", "MI-02"]);
  });
});

describe("attachments", () => {
  it("upload → download streams the same bytes with a sniffed type and SHA-256; attachments are immutable", async () => {
    const id = await recordInspection(w.wolong, w.hospital.id);
    const response = await uploadRequest(w.wolong, id, [
      { name: "现场检查记录.pdf", bytes: PDF },
      { name: "程序.exe", bytes: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]) },
    ]);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/reg/inspections/${id}#attachments`);
    const rows = await db.select().from(inspectionAttachments).where(eq(inspectionAttachments.inspectionId, id));
    expect(rows.map((r) => [r.fileName, r.contentType, r.sizeBytes])).toEqual([["现场检查记录.pdf", "application/pdf", PDF.length]]);
    const file = await download(w.wolong, id, rows[0].id);
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toBe("application/pdf");
    expect(file.headers.get("X-Content-SHA256")).toBe(rows[0].sha256);
    expect(file.data).toBe(PDF.toString());
    const page = await callLoader(detailRoute.loader, "/x", { user: w.city, params: { inspectionId: id } });
    expect(page.data.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(["现场检查记录.pdf"]);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, "inspection.attachment_uploaded"));
    expect(audit).toHaveLength(1);
    // The bytes are shared with evidence of the same content: deleting that evidence keeps them.
    const tempPath = path.join(os.tmpdir(), `insp-${rows[0].id}.part`);
    await fs.writeFile(tempPath, PDF);
    const evidence = await addEvidence(db, getEvidenceStorage(), institutionScope(w.officer), {
      assessmentId: w.assessmentId,
      itemCode: "MI-01",
      files: [
        {
          originalName: "退款凭证.pdf",
          contentType: "application/pdf",
          extension: "pdf",
          sizeBytes: PDF.length,
          sha256: rows[0].sha256,
          tempPath,
        },
      ],
    });
    expect(evidence.ok, JSON.stringify(evidence)).toBe(true);
    const [evidenceRow] = await db.select().from(evidenceFiles).where(eq(evidenceFiles.sha256, rows[0].sha256));
    expect(
      (
        await deleteEvidence(db, getEvidenceStorage(), institutionScope(w.officer), {
          assessmentId: w.assessmentId,
          itemCode: "MI-01",
          evidenceId: evidenceRow.id,
        })
      ).ok,
    ).toBe(true);
    expect((await download(w.wolong, id, rows[0].id)).status).toBe(200);
    expect(
      await dbError(() => db.update(inspectionAttachments).set({ fileName: "x.pdf" }).where(eq(inspectionAttachments.id, rows[0].id))),
    ).toMatch(/inspection record/);
    expect(await dbError(() => db.delete(inspectionAttachments).where(eq(inspectionAttachments.id, rows[0].id)))).toMatch(
      /inspection record/,
    );
  });
});

describe("access", () => {
  it("another county gets 404 for the page, every change, the attachment download, and sees none of it in lists and exports", async () => {
    const id = await recordInspection(w.wolong, w.hospital.id);
    await addFinding(w.wolong, id, { description: "清单外问题", amountFoundFen: "100" });
    await uploadRequest(w.wolong, id, [{ name: "记录.pdf", bytes: PDF }]);
    const [attachment] = await db.select().from(inspectionAttachments);
    const [finding] = await db.select().from(inspectionFindings);
    const params = { inspectionId: id };
    for (const user of [w.wancheng, w.wushen]) {
      expect((await callLoader(detailRoute.loader, "/x", { user, params })).status).toBe(404);
      expect((await addFinding(user, id, { description: "x" })).status).toBe(404);
      expect(
        (await callAction(detailRoute.action, "/x", { user, params, form: { intent: "remove-finding", findingId: finding.id } })).status,
      ).toBe(404);
      expect(
        (
          await callAction(detailRoute.action, "/x", {
            user,
            params,
            form: { intent: "verdict", checklistItemId: w.itemId("MI-01"), verdict: "fixed" },
          })
        ).status,
      ).toBe(404);
      expect((await uploadRequest(user, id, [{ name: "x.pdf", bytes: PDF }])).status).toBe(404);
      expect((await download(user, id, attachment.id)).status).toBe(404);
      expect((await callLoader(newRoute.loader, `/reg/inspections/new?institution=${w.hospital.id}`, { user })).status).toBe(404);
      const list = await callLoader(listRoute.loader, "/reg/inspections", { user });
      expect(list.data.list.rows).toEqual([]);
      // Filtering by the other county's region does not widen the scope.
      const filtered = await callLoader(listRoute.loader, "/reg/inspections?region=411303", { user });
      expect(filtered.data.list.rows).toEqual([]);
      expect((await exportedInstitutions(user, "?region=411303")).names).toEqual([]);
    }
    // An attachment is only reachable through its own inspection.
    const own = await recordInspection(w.wancheng, w.wanchengHospital.id);
    expect((await download(w.wancheng, own, attachment.id)).status).toBe(404);
    expect((await download(w.wolong, id, "not-a-uuid")).status).toBe(404);
    expect(await db.$count(inspectionFindings)).toBe(1);
    expect(await db.$count(inspectionAttachments)).toBe(1);
  });

  it("the city sees and may change its counties' inspections; a county sees but may not change the city's", async () => {
    const countyRecorded = await recordInspection(w.wolong, w.hospital.id);
    const cityRecorded = await recordInspection(w.city, w.hospital.id, { type: "third_party" });
    expect((await addFinding(w.city, countyRecorded, { description: "市局补充" })).status).toBe(302);
    const view = await callLoader(detailRoute.loader, "/x", { user: w.wolong, params: { inspectionId: cityRecorded } });
    expect(view.status).toBe(200);
    expect(view.data.isManaged).toBe(false);
    expect((await addFinding(w.wolong, cityRecorded, { description: "x" })).status).toBe(403);
    expect((await uploadRequest(w.wolong, cityRecorded, [{ name: "x.pdf", bytes: PDF }])).status).toBe(403);
    const list = await callLoader(listRoute.loader, "/reg/inspections?sort=oldest", { user: w.wolong });
    expect(list.data.list.rows.map((r: { id: string }) => r.id)).toEqual([countyRecorded, cityRecorded]);
  });

  it("institution users and admins get 403 on every inspection route", async () => {
    const id = await recordInspection(w.wolong, w.hospital.id);
    const admin = await createUser(db, "admin");
    const params = { inspectionId: id, attachmentId: "00000000-0000-0000-0000-000000000000" };
    for (const user of [w.officer, admin]) {
      expect((await callLoader(listRoute.loader, "/reg/inspections", { user })).status).toBe(403);
      expect((await callLoader(exportRoute.loader, "/reg/inspections/export", { user })).status).toBe(403);
      expect((await callLoader(newRoute.loader, "/reg/inspections/new", { user })).status).toBe(403);
      expect((await callAction(newRoute.action, "/reg/inspections/new", { user, form: inspectionForm(w.hospital.id) })).status).toBe(403);
      expect((await callLoader(detailRoute.loader, "/x", { user, params })).status).toBe(403);
      expect((await addFinding(user, id, { description: "x" })).status).toBe(403);
      expect((await uploadRequest(user, id, [{ name: "x.pdf", bytes: PDF }])).status).toBe(403);
      expect((await download(user, id, params.attachmentId)).status).toBe(403);
    }
    expect((await callLoader(listRoute.loader, "/reg/inspections")).status).toBe(302);
    expect(await db.$count(inspections)).toBe(1);
  });

  it("lists filter, sort and page, and the export holds every filtered row with totals", async () => {
    await recordInspection(w.wolong, w.hospital.id, { inspectedOn: "2026-03-01", type: "flight" });
    const second = await recordInspection(w.city, w.hospital.id, { inspectedOn: "2026-04-01", type: "cross" });
    await recordInspection(w.city, w.wanchengHospital.id, { inspectedOn: "2026-05-01", type: "cross" });
    await addFinding(w.city, second, { description: "多收费", amountFoundFen: "1000.10", amountRecoveredFen: "500" });
    const rows = async (query: string) =>
      (await callLoader(listRoute.loader, `/reg/inspections${query}`, { user: w.city })).data.list.rows.map(
        (r: { institutionName: string; inspectedOn: string }) => `${r.inspectedOn} ${r.institutionName}`,
      );
    expect(await rows("")).toEqual(["2026-05-01 南阳宛城康宁医院", "2026-04-01 南阳卧龙仁和医院", "2026-03-01 南阳卧龙仁和医院"]);
    expect(await rows("?type=cross&from=2026-04-01&to=2026-04-30")).toEqual(["2026-04-01 南阳卧龙仁和医院"]);
    expect(await rows("?region=411302")).toEqual(["2026-05-01 南阳宛城康宁医院"]);
    expect(await rows("?q=仁和&sort=amount")).toEqual(["2026-04-01 南阳卧龙仁和医院", "2026-03-01 南阳卧龙仁和医院"]);
    expect(await rows("?from=bad&page=99")).toHaveLength(3);
    const exported = await exportedInstitutions(w.city, "?q=仁和");
    expect(exported.names).toEqual(["南阳卧龙仁和医院", "南阳卧龙仁和医院"]);
    expect(exported.totalsRow.getCell(12).value).toBe(1000.1);
    expect(exported.totalsRow.getCell(13).value).toBe(500);
  });
});

describe("database rules", () => {
  it("refuses a finding edit, an inspection moved to another institution, and a region that is not the institution's", async () => {
    const id = await recordInspection(w.wolong, w.hospital.id);
    await addFinding(w.wolong, id, { description: "清单外问题" });
    expect(await dbError(() => db.update(inspectionFindings).set({ amountFoundFen: 1 }))).toMatch(/cannot be edited/);
    expect(
      await dbError(() =>
        db.update(inspections).set({ institutionId: w.wanchengHospital.id, regionCode: "411302" }).where(eq(inspections.id, id)),
      ),
    ).toMatch(/cannot move to another institution/);
    expect(
      await dbError(() =>
        db.insert(inspections).values({
          institutionId: w.hospital.id,
          regionCode: "411302",
          recordedByRegionCode: "411300",
          type: "on_site",
          inspectedOn: "2026-01-01",
          inspectorNames: "张三",
          createdBy: w.city.id,
        }),
      ),
    ).toMatch(/not the region/);
    // A finding under an item of another list than the compared self-check's.
    const [foreign] = await db
      .select({ id: checklistItems.id })
      .from(checklistItems)
      .where(sql`${checklistItems.versionId} <> (select checklist_version_id from campaigns where id = ${w.campaignId})`)
      .limit(1);
    expect(
      await dbError(() => db.insert(inspectionFindings).values({ inspectionId: id, checklistItemId: foreign.id, description: "x" })),
    ).toMatch(/not on the list/);
    expect(
      await dbError(() =>
        db.insert(inspectionFindings).values({ inspectionId: id, description: "x", amountFoundFen: 1, amountRecoveredFen: 2 }),
      ),
    ).toMatch(/recovered_within_found/);
  });
});
