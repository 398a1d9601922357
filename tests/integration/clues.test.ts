// The clue ledger against real PostgreSQL: batch import (idempotent, set-based), dispatch down
// the region tree, answers (single and bulk), review, closure, and who may see what.
import type { ActionFunction } from "@remix-run/node";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  acceptAllSubmitted,
  answerClueRecords,
  closeClue,
  dispatchPendingClues,
  getCluePage,
  registerComplaint,
  reviewClueRecord,
} from "~/models/clue.server";
import { createClueImport, importClueBatch } from "~/models/clue-import.server";
import { recordClueNotices } from "~/models/clue-notice.server";
import { clueAnswerSchema, clueCloseSchema, complaintSchema } from "~/schemas/clue";
import { todayLocal } from "~/utils/dates";
import { db, type Database, type Executor } from "~/utils/db.server";
import * as fileRoute from "~/routes/clues.$clueId.files.$fileId";
import * as instFilesRoute from "~/routes/inst.clues.$clueId.files";
import * as instClueRoute from "~/routes/inst.clues.$clueId";
import * as instListRoute from "~/routes/inst.clues._index";
import * as regClueRoute from "~/routes/reg.clues.$clueId";
import * as listRoute from "~/routes/reg.clues._index";
import * as boardRoute from "~/routes/reg.clues.board";
import * as exportRoute from "~/routes/reg.clues.export";
import * as reportRoute from "~/routes/reg.clues.report";
import * as importRoute from "~/routes/reg.clues.import._index";
import * as templateRoute from "~/routes/reg.clues.import.template";
import * as newRoute from "~/routes/reg.clues.new";
import { createInstitution, createUser } from "../factories";
import { clueCsvOf, clueRecordOf, type ClueRow } from "../clue-rows";
import { BASE_URL, callAction, callLoader, sessionCookieFor } from "../helpers";
import { institutionScope, regionScope } from "./fixtures";

type Row = ClueRow;
const csvOf = clueCsvOf;
const recordOf = clueRecordOf;

/** 河南省 imports; 南阳市 and two of its counties; a hospital in 卧龙区, a pharmacy in 宛城区. */
async function world() {
  const province = await createUser(db, "regulator", { regionCode: "410000", name: "省局经办" });
  const city = await createUser(db, "regulator", { regionCode: "411300", name: "市局经办" });
  const wolong = await createUser(db, "regulator", { regionCode: "411303", name: "卧龙区经办" });
  const wancheng = await createUser(db, "regulator", { regionCode: "411302", name: "宛城区经办" });
  const hospital = await createInstitution(db, { kind: "hospital", regionCode: "411303", name: "卧龙测试医院" });
  const pharmacy = await createInstitution(db, { kind: "pharmacy", regionCode: "411302", name: "宛城测试药店" });
  const officer = await createUser(db, "officer", { institutionId: hospital.id });
  const pharmacyOfficer = await createUser(db, "officer", { institutionId: pharmacy.id });
  return { province, city, wolong, wancheng, hospital, pharmacy, officer, pharmacyOfficer };
}

async function importBatch(user: { id: string; regionCode: string | null }, rows: Row[]) {
  const created = await createClueImport(db, regionScope(user), {
    fileName: "批次.csv",
    bytes: csvOf(rows),
    batchName: "2025年第一批疑点数据",
    docNo: "豫医保办〔2025〕1号",
    dueOn: "2099-12-31",
  });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  const imported = await importClueBatch(db, regionScope(user), created.id);
  if (!imported.ok) throw new Error(imported.error);
  return { importId: created.id, ...imported };
}

const clueIdsOf = async (institutionId: string) =>
  (await db.execute<{ id: string }>(sql`select id from clues where institution_id = ${institutionId} order by rule_code`)).map((r) => r.id);

describe("clue ledger", () => {
  it("imports a batch set-based, one clue per institution × rule, and a second import of the same file creates nothing", async () => {
    const w = await world();
    const rows = [
      recordOf(w.hospital.nhsaCode, 1),
      recordOf(w.hospital.nhsaCode, 2),
      recordOf(w.hospital.nhsaCode, 3, { ruleCode: "R02", ruleName: "串换项目", risk: "低" }),
      recordOf(w.pharmacy.nhsaCode, 4),
    ];
    const first = await importBatch(w.province, rows);
    expect(first).toMatchObject({ createdClues: 3, createdRecords: 4 });
    const again = await importBatch(w.province, rows);
    expect(again).toMatchObject({ createdClues: 0, createdRecords: 0 });
    const [{ clues, records, batches }] = await db.execute<{ clues: number; records: number; batches: number }>(sql`
      select (select count(*)::int from clues) as clues, (select count(*)::int from clue_records) as records,
             (select count(*)::int from clue_batches) as batches`);
    expect({ clues, records, batches }).toEqual({ clues: 3, records: 4, batches: 1 });
    // Patient data is stored sealed and masked, never in the clear.
    const [record] = await db.execute<{ enc: string; masked: string; idMasked: string }>(sql`
      select patient_name_enc as enc, patient_name_masked as masked, patient_id_masked as "idMasked" from clue_records limit 1`);
    expect(record.enc).not.toContain("张三");
    expect(record).toMatchObject({ masked: "张*", idMasked: "110***********002X" });
    const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from clue_imports where rows::text like '%张三%'`);
    expect(n).toBe(0);
  });

  it("runs the loop: dispatch down the tree, answer, return, re-answer, accept, close", async () => {
    const w = await world();
    await importBatch(w.province, [recordOf(w.hospital.nhsaCode, 1), recordOf(w.hospital.nhsaCode, 2)]);
    const [clueId] = await clueIdsOf(w.hospital.id);
    // With the province: the city, the county and the institution do not see it yet.
    await expect(getCluePage(db, regionScope(w.wolong), clueId)).rejects.toMatchObject({ status: 404 });
    await expect(getCluePage(db, institutionScope(w.officer), clueId)).rejects.toMatchObject({ status: 404 });
    expect(await dispatchPendingClues(db, regionScope(w.province), "next")).toEqual({ count: 1 });
    await expect(getCluePage(db, regionScope(w.wolong), clueId)).rejects.toMatchObject({ status: 404 });
    expect(await dispatchPendingClues(db, regionScope(w.city), "next")).toEqual({ count: 1 });
    const page = await getCluePage(db, institutionScope(w.officer), clueId);
    expect(page.clue.status).toBe("verifying");
    await expect(getCluePage(db, regionScope(w.wancheng), clueId)).rejects.toMatchObject({ status: 404 });
    await expect(getCluePage(db, institutionScope(w.pharmacyOfficer), clueId)).rejects.toMatchObject({ status: 404 });

    const answer = clueAnswerSchema.parse({ scope: "all", verdict: "true", explanation: "确有重复收费，已退回", refundedAll: "on" });
    expect(await answerClueRecords(db, institutionScope(w.officer), clueId, answer)).toEqual({ ok: true, count: 2 });
    const [recordA, recordB] = (await getCluePage(db, regionScope(w.wolong), clueId)).records.rows;
    expect(recordA.history[0]).toMatchObject({ version: 1, verdict: "true", confirmedFen: 10000, refundedFen: 10000 });
    expect(
      await reviewClueRecord(db, regionScope(w.wolong), clueId, { recordId: recordA.id, decision: "returned", comment: "请补充退款凭证" }),
    ).toMatchObject({ ok: true });
    expect(await reviewClueRecord(db, regionScope(w.wolong), clueId, { recordId: recordB.id, decision: "accepted" })).toMatchObject({
      ok: true,
    });
    // The reviewed answer is frozen: not even the database lets it change.
    await expect(db.execute(sql`update clue_record_answers set explanation = 'x' where record_id = ${recordA.id}`)).rejects.toThrow();
    const close = clueCloseSchema.parse({ result: "confirmed", recovered: "200", penalty: "100", note: "查实" });
    expect(await closeClue(db, regionScope(w.wolong), clueId, close)).toMatchObject({ ok: false });
    const again = clueAnswerSchema.parse({
      scope: "selected",
      recordIds: [String(recordA.id)],
      verdict: "true",
      explanation: "已补充凭证",
      refundedAll: "on",
    });
    expect(await answerClueRecords(db, institutionScope(w.officer), clueId, again)).toEqual({ ok: true, count: 1 });
    expect(await acceptAllSubmitted(db, regionScope(w.wolong), clueId)).toEqual({ ok: true, count: 1 });
    expect(await closeClue(db, regionScope(w.wolong), clueId, close)).toEqual({ ok: true });
    const closed = await getCluePage(db, regionScope(w.city), clueId);
    expect(closed.clue).toMatchObject({ status: "closed", result: "confirmed", recoveredFen: 20000, penaltyFen: 10000 });
    expect(closed.records.rows[0].history.map((h) => [h.version, h.decision])).toEqual([
      [2, "accepted"],
      [1, "returned"],
    ]);
  });

  it("answers 3,000 records of one rule with one set-based statement", async () => {
    const w = await world();
    const rows = Array.from({ length: 3000 }, (_, i) => recordOf(w.pharmacy.nhsaCode, i + 1, { patientName: "", patientId: "" }));
    const imported = await importBatch(w.wancheng, rows);
    expect(imported).toMatchObject({ createdClues: 1, createdRecords: 3000 });
    const [clueId] = await clueIdsOf(w.pharmacy.id);
    const answer = clueAnswerSchema.parse({ scope: "all", verdict: "false", explanation: "处方齐全，不属实" });
    const counted = countingExecutor(db);
    expect(await answerClueRecords(counted.exec, institutionScope(w.pharmacyOfficer), clueId, answer)).toEqual({ ok: true, count: 3000 });
    // A handful of statements whatever the number of records (not one per record).
    expect(counted.count()).toBeLessThan(10);
    const [{ answers }] = await db.execute<{ answers: number }>(
      sql`select count(*)::int as answers from clue_record_answers where clue_id = ${clueId}`,
    );
    expect(answers).toBe(3000);
  });

  it("shows the complainant only to the registering bureau's handlers", async () => {
    const w = await world();
    const data = complaintSchema.parse({
      nhsaCode: w.hospital.nhsaCode,
      regionCode: "411303",
      ruleName: "挂床住院",
      risk: "high",
      dueOn: "2099-12-31",
      summary: "举报该院存在挂床住院",
      complainantName: "李四",
      complainantPhone: "13800138000",
    });
    const created = await registerComplaint(db, regionScope(w.wolong), data);
    if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
    const own = await getCluePage(db, regionScope(w.wolong), created.id);
    expect(own.complainant).toMatchObject({ name: "李四", phone: "13800138000" });
    const colleague = await createUser(db, "regulator", { regionCode: "411303" });
    expect((await getCluePage(db, regionScope(colleague), created.id)).complainant).toMatchObject({ name: "李四" });
    expect((await getCluePage(db, regionScope(w.city), created.id)).complainant).toBeNull();
    expect((await getCluePage(db, institutionScope(w.officer), created.id)).complainant).toBeNull();
  });
});

/** The database handle with every statement it is asked to run counted (transactions included). */
function countingExecutor(exec: Executor) {
  let statements = 0;
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        if (prop === "transaction") {
          return (fn: (tx: Executor) => unknown, ...rest: unknown[]) =>
            (obj as unknown as Database).transaction((tx) => fn(wrap(tx)) as Promise<unknown>, ...(rest as []));
        }
        if (prop === "execute" || prop === "insert" || prop === "update" || prop === "delete" || prop === "select") statements++;
        const value = Reflect.get(obj, prop, receiver);
        return typeof value === "function" ? value.bind(obj) : value;
      },
    });
  return { exec: wrap(exec), count: () => statements };
}

describe("clue notices", () => {
  it("tells the institution of a new clue, reminds 7/3/1 days ahead, then daily when overdue, escalating up the tree, each once", async () => {
    const w = await world();
    await importBatch(w.province, [recordOf(w.hospital.nhsaCode, 1)]);
    const notices = async (kind: string) =>
      (
        await db.execute<{ recipient: string }>(
          sql`select recipient_id as recipient from notifications where kind = ${kind} order by created_at`,
        )
      ).map((r) => r.recipient);
    await dispatchPendingClues(db, regionScope(w.province), "direct");
    expect(await notices("clue_new")).toEqual([w.officer.id]);
    await dispatchPendingClues(db, regionScope(w.province), "direct");
    expect(await notices("clue_new")).toHaveLength(1);

    // Due 2099-12-31 (Asia/Shanghai): 09:00 local on the 24th is 7 days before.
    const at = (day: string) => new Date(`${day}T01:00:00Z`);
    expect(await recordClueNotices(db, at("2099-12-24"))).toHaveLength(1);
    expect(await recordClueNotices(db, at("2099-12-24"))).toHaveLength(0);
    expect(await recordClueNotices(db, at("2099-12-25"))).toHaveLength(0);
    expect(await notices("clue_due_soon")).toEqual([w.officer.id]);
    await recordClueNotices(db, at("2100-01-01"));
    await recordClueNotices(db, at("2100-01-02"));
    expect(await notices("clue_overdue")).toEqual([w.officer.id, w.officer.id]);
    expect(await notices("clue_escalation")).toEqual([w.wolong.id]);
    await recordClueNotices(db, at("2100-01-07"));
    expect(await notices("clue_escalation")).toEqual([w.wolong.id, w.city.id]);
    // A closed clue is never chased again.
    await db.execute(sql`update clues set status = 'closed', result = 'unfounded', closed_at = now()`);
    expect(await recordClueNotices(db, at("2100-01-08"))).toHaveLength(0);
  });
});

describe("clue routes: who may reach what", () => {
  async function setup() {
    const w = await world();
    const outsideRegulator = await createUser(db, "regulator", { regionCode: "150626" });
    await importBatch(w.province, [recordOf(w.hospital.nhsaCode, 1), recordOf(w.pharmacy.nhsaCode, 2)]);
    await dispatchPendingClues(db, regionScope(w.province), "direct");
    const [hospitalClue] = await clueIdsOf(w.hospital.id);
    const complaint = await registerComplaint(
      db,
      regionScope(w.wolong),
      complaintSchema.parse({
        nhsaCode: w.hospital.nhsaCode,
        regionCode: "411303",
        ruleName: "虚假住院",
        risk: "high",
        dueOn: "2099-12-31",
        summary: "举报虚假住院",
        complainantName: "王举报",
        complainantPhone: "13900001111",
      }),
    );
    if (!complaint.ok) throw new Error("complaint");
    return { ...w, outsideRegulator, hospitalClue, complaintId: complaint.id };
  }

  it("keeps every page inside its scope", async () => {
    const s = await setup();
    // Roles: institution users never reach regulator pages and the other way round.
    expect((await callLoader(listRoute.loader, "/reg/clues", { user: s.officer })).status).toBe(403);
    expect((await callLoader(exportRoute.loader, "/reg/clues/export", { user: s.officer })).status).toBe(403);
    expect((await callLoader(importRoute.loader, "/reg/clues/import", { user: s.officer })).status).toBe(403);
    expect((await callLoader(templateRoute.loader, "/reg/clues/import/template", { user: s.officer })).status).toBe(403);
    expect((await callLoader(newRoute.loader, "/reg/clues/new", { user: s.officer })).status).toBe(403);
    expect(
      (await callLoader(regClueRoute.loader, `/reg/clues/${s.hospitalClue}`, { user: s.officer, params: { clueId: s.hospitalClue } }))
        .status,
    ).toBe(403);
    expect((await callLoader(instListRoute.loader, "/inst/clues", { user: s.wolong })).status).toBe(403);
    expect(
      (await callLoader(instClueRoute.loader, `/inst/clues/${s.hospitalClue}`, { user: s.wolong, params: { clueId: s.hospitalClue } }))
        .status,
    ).toBe(403);
    expect((await callLoader(listRoute.loader, "/reg/clues")).status).toBe(302);

    // A county sees its own clues, never its sibling's; the city sees both.
    const wolongList = await callLoader(listRoute.loader, "/reg/clues", { user: s.wolong });
    expect(wolongList.data.list.rows.map((r: { institutionName: string }) => r.institutionName).sort()).toEqual([
      "卧龙测试医院",
      "卧龙测试医院",
    ]);
    const wanchengList = await callLoader(listRoute.loader, "/reg/clues", { user: s.wancheng });
    expect(wanchengList.data.list.rows.map((r: { institutionName: string }) => r.institutionName)).toEqual(["宛城测试药店"]);
    const cityList = await callLoader(listRoute.loader, "/reg/clues", { user: s.city });
    expect(cityList.data.list.total).toBe(3);
    expect(cityList.data.progress.find((p: { code: string }) => p.code === "411303")).toMatchObject({ total: 2, verifying: 2 });
    for (const user of [s.wancheng, s.outsideRegulator]) {
      expect(
        (await callLoader(regClueRoute.loader, `/reg/clues/${s.hospitalClue}`, { user, params: { clueId: s.hospitalClue } })).status,
      ).toBe(404);
    }

    // The institution sees only its own clues.
    const instList = await callLoader(instListRoute.loader, "/inst/clues", { user: s.officer });
    expect(instList.data.list.total).toBe(2);
    expect((await callLoader(instListRoute.loader, "/inst/clues", { user: s.pharmacyOfficer })).data.list.total).toBe(1);
    expect(
      (
        await callLoader(instClueRoute.loader, `/inst/clues/${s.hospitalClue}`, {
          user: s.pharmacyOfficer,
          params: { clueId: s.hospitalClue },
        })
      ).status,
    ).toBe(404);
    const answer = await callAction(instClueRoute.action, `/inst/clues/${s.hospitalClue}`, {
      user: s.pharmacyOfficer,
      params: { clueId: s.hospitalClue },
      form: { scope: "all", verdict: "false", explanation: "越权" },
    });
    expect(answer.status).toBe(404);
    // An upload to someone else's clue is refused before its body is read.
    const upload = await postFiles(`/inst/clues/${s.hospitalClue}/files`, s.pharmacyOfficer, { clueId: s.hospitalClue });
    expect(upload.status).toBe(404);
    expect((await postFiles(`/inst/clues/${s.hospitalClue}/files`, s.officer, { clueId: s.hospitalClue })).status).toBe(302);
    const [file] = await db.execute<{ id: string }>(sql`select id from clue_files where clue_id = ${s.hospitalClue}`);
    const fileParams = { clueId: s.hospitalClue, fileId: file.id };
    const filePath = `/clues/${s.hospitalClue}/files/${file.id}`;
    expect((await callLoader(fileRoute.loader, filePath, { user: s.officer, params: fileParams })).status).toBe(200);
    expect((await callLoader(fileRoute.loader, filePath, { user: s.wolong, params: fileParams })).status).toBe(200);
    expect((await callLoader(fileRoute.loader, filePath, { user: s.pharmacyOfficer, params: fileParams })).status).toBe(404);
    expect((await callLoader(fileRoute.loader, filePath, { user: s.wancheng, params: fileParams })).status).toBe(404);
    const wrongReview = await callAction(regClueRoute.action, `/reg/clues/${s.hospitalClue}`, {
      user: s.wancheng,
      params: { clueId: s.hospitalClue },
      form: { intent: "close", result: "unfounded", note: "越权" },
    });
    expect(wrongReview.status).toBe(404);
  });

  it("shows the complainant only to the registering bureau, never to the institution nor in exports", async () => {
    const s = await setup();
    const params = { clueId: s.complaintId };
    const own = await callLoader(regClueRoute.loader, `/reg/clues/${s.complaintId}`, { user: s.wolong, params });
    expect(own.data.complainant).toMatchObject({ name: "王举报", phone: "13900001111" });
    const city = await callLoader(regClueRoute.loader, `/reg/clues/${s.complaintId}`, { user: s.city, params });
    expect(city.data.complainant).toBeNull();
    expect(JSON.stringify(city.data)).not.toContain("王举报");
    const inst = await callLoader(instClueRoute.loader, `/inst/clues/${s.complaintId}`, { user: s.officer, params });
    expect(inst.status).toBe(200);
    expect(JSON.stringify(inst.data)).not.toContain("王举报");
    expect(JSON.stringify(inst.data)).not.toContain("13900001111");
    for (const user of [s.wolong, s.city]) {
      const exported = await exportText(user);
      expect(exported).toContain("虚假住院");
      expect(exported).not.toContain("王举报");
      expect(exported).not.toContain("13900001111");
    }
  });

  it("registers a complaint with field errors in Chinese and reveals one field with an audited reason", async () => {
    const s = await setup();
    const bad = await callAction(newRoute.action, "/reg/clues/new", {
      user: s.wolong,
      form: {
        regionCode: "411303",
        ruleName: "",
        risk: "high",
        dueOn: "2099-12-31",
        summary: "x",
        complainantName: "赵六",
        nhsaCode: "H99999999999",
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.fieldErrors.ruleName).toBeTruthy();
    expect(bad.data.values.summary).toBe("x");
    const [record] = (await getCluePage(db, regionScope(s.wolong), s.hospitalClue)).records.rows;
    const params = { clueId: s.hospitalClue };
    const noReason = await callAction(regClueRoute.action, `/reg/clues/${s.hospitalClue}`, {
      user: s.wolong,
      params,
      form: { intent: "reveal", recordId: String(record.id), field: "patientName", reason: "" },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.data.fieldErrors.reason).toMatch(/事由/);
    const revealed = await callAction(regClueRoute.action, `/reg/clues/${s.hospitalClue}`, {
      user: s.wolong,
      params,
      form: { intent: "reveal", recordId: String(record.id), field: "patientId", reason: "核实参保人身份" },
    });
    expect(revealed.data.revealed).toMatchObject({ field: "patientId", value: "11010519491231002X" });
    const [audit] = await db.execute<{ after: { reason: string; field: string } }>(sql`
      select after from audit_events where action = 'clue.pii_revealed' and actor_user_id = ${s.wolong.id}`);
    expect(audit.after).toMatchObject({ reason: "核实参保人身份", field: "patientId" });
    // The institution cannot reveal anything (it has no such action at all).
    const byInstitution = await callAction(instClueRoute.action, `/inst/clues/${s.hospitalClue}`, {
      user: s.officer,
      params,
      form: { intent: "reveal", recordId: String(record.id), field: "patientId", reason: "想看看" },
    });
    expect(JSON.stringify(byInstitution.data)).not.toContain("11010519491231002X");
  });
});

describe("限期清零 board", () => {
  it("counts open clues by age and risk, drills down by region, flags old high-risk clues, and stays in scope", async () => {
    const w = await world();
    await importBatch(w.province, [
      recordOf(w.hospital.nhsaCode, 1),
      recordOf(w.hospital.nhsaCode, 2, { ruleCode: "R02", risk: "低" }),
      recordOf(w.pharmacy.nhsaCode, 3),
    ]);
    await dispatchPendingClues(db, regionScope(w.province), "direct");
    const [old] = await clueIdsOf(w.hospital.id);
    await db.execute(sql`update clues set created_at = now() - interval '40 days', due_on = current_date - 5 where id = ${old}`);
    const board = await callLoader(boardRoute.loader, "/reg/clues/board", { user: w.city });
    expect(board.data.totals).toEqual({ open: 3, overdue: 1 });
    const cell = (bucket: string, risk: string) =>
      board.data.matrix.find((m: { bucket: string }) => m.bucket === bucket).cells.find((c: { risk: string }) => c.risk === risk);
    expect(cell("31+", "high")).toMatchObject({ n: 1, overdue: 1 });
    expect(cell("0-7", "high")).toMatchObject({ n: 1 });
    expect(cell("0-7", "low")).toMatchObject({ n: 1 });
    expect(board.data.flagged.map((f: { id: string }) => f.id)).toEqual([old]);
    expect(board.data.children.find((c: { code: string }) => c.code === "411303")).toMatchObject({ open: 2, overdue: 1, flagged: 1 });
    // The drill-down lists exactly what the cell counted.
    const drill = await callLoader(listRoute.loader, "/reg/clues?region=411300&age=31%2B&risk=high", { user: w.city });
    expect(drill.data.list.rows.map((r: { id: string }) => r.id)).toEqual([old]);
    const county = await callLoader(boardRoute.loader, "/reg/clues/board?region=411303", { user: w.city });
    expect(county.data.totals.open).toBe(2);
    expect((await callLoader(boardRoute.loader, "/reg/clues/board?region=411303", { user: w.wancheng })).status).toBe(404);
    expect((await callLoader(boardRoute.loader, "/reg/clues/board", { user: w.officer })).status).toBe(403);
    expect((await callLoader(boardRoute.loader, "/reg/clues/board", { user: w.wancheng })).data.totals).toEqual({ open: 1, overdue: 0 });
  });
});

describe("月报", () => {
  it("keeps monthly rollups equal to a direct count and writes the report per child region", async () => {
    const w = await world();
    await importBatch(w.province, [
      recordOf(w.hospital.nhsaCode, 1),
      recordOf(w.pharmacy.nhsaCode, 2),
      recordOf(w.pharmacy.nhsaCode, 3, { ruleCode: "R09" }),
    ]);
    await dispatchPendingClues(db, regionScope(w.province), "direct");
    const pharmacyClues = await clueIdsOf(w.pharmacy.id);
    for (const [index, clueId] of pharmacyClues.entries()) {
      await answerClueRecords(
        db,
        institutionScope(w.pharmacyOfficer),
        clueId,
        clueAnswerSchema.parse({ scope: "all", verdict: "true", explanation: "属实" }),
      );
      await acceptAllSubmitted(db, regionScope(w.wancheng), clueId);
      const close =
        index === 0
          ? {
              result: "confirmed",
              recovered: "100",
              penalty: "50",
              transferTarget: "宛城区公安分局",
              transferOn: "2025-06-01",
              note: "查实",
            }
          : { result: "unfounded", note: "查否" };
      expect(await closeClue(db, regionScope(w.wancheng), clueId, clueCloseSchema.parse(close))).toEqual({ ok: true });
    }
    const [rollup] = await db.execute<Record<string, string>>(sql`
      select sum(received)::text as received, sum(closed)::text as closed, sum(confirmed)::text as confirmed,
             sum(recovered_fen)::text as recovered, sum(transfers)::text as transfers from clue_month_stats`);
    const [direct] = await db.execute<Record<string, string>>(sql`
      select count(*)::text as received, count(*) filter (where status = 'closed')::text as closed,
             count(*) filter (where result = 'confirmed')::text as confirmed, coalesce(sum(recovered_fen), 0)::text as recovered,
             count(transfer_target)::text as transfers from clues`);
    expect(rollup).toEqual(direct);
    expect(direct).toMatchObject({ received: "3", closed: "2", confirmed: "1", recovered: "10000", transfers: "1" });

    const month = todayLocal().slice(0, 7);
    expect((await callLoader(reportRoute.loader, `/reg/clues/report?month=${month}`, { user: w.officer })).status).toBe(403);
    const request = new Request(new URL(`/reg/clues/report?month=${month}`, BASE_URL), {
      headers: { Cookie: await sessionCookieFor(w.city.id) },
    });
    const response = (await reportRoute.loader({ request, params: {}, context: { requestId: "test", clientIp: "127.0.0.1" } })) as Response;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const rowOf = (name: string) => {
      let found: unknown[] = [];
      sheet.eachRow((row) => {
        if (row.getCell(1).value === name) found = (row.values as unknown[]).slice(1);
      });
      return found;
    };
    expect(rowOf("宛城区")).toEqual(["宛城区", 2, 2, 1, 100, 50, 1, 0]);
    expect(rowOf("卧龙区")).toEqual(["卧龙区", 1, 0, 0, 0, 0, 0, 0]);
    expect(rowOf("南阳市合计")).toEqual(["南阳市合计", 3, 2, 1, 100, 50, 1, 0]);
  });
});

async function postFiles(path: string, user: { id: string }, params: Record<string, string>) {
  const body = new FormData();
  body.set("files", new File([Buffer.from("%PDF-1.4 test")], "凭证.pdf", { type: "application/pdf" }));
  return postForm(path, user, body, instFilesRoute.action, params);
}

async function postForm(path: string, user: { id: string }, body: FormData, action: ActionFunction, params: Record<string, string> = {}) {
  const request = new Request(new URL(path, BASE_URL), {
    method: "POST",
    headers: { Origin: BASE_URL, Cookie: await sessionCookieFor(user.id) },
    body,
  });
  try {
    const response = (await action({ request, params, context: { requestId: "test", clientIp: "127.0.0.1" } })) as Response;
    return { status: response.status, location: response.headers.get("Location") };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

async function exportText(user: { id: string }) {
  const request = new Request(new URL("/reg/clues/export", BASE_URL), { headers: { Cookie: await sessionCookieFor(user.id) } });
  const response = (await exportRoute.loader({ request, params: {}, context: { requestId: "test", clientIp: "127.0.0.1" } })) as Response;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
  return cells.join("|");
}
