// The clue ledger against real PostgreSQL: batch import (idempotent, set-based), dispatch down
// the region tree, answers (single and bulk), review, closure, and who may see what.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CLUE_COLUMNS, clueColumnLabel, type ClueColumn } from "~/domain/clues";
import {
  acceptAllSubmitted,
  answerClueRecords,
  closeClue,
  createClueImport,
  dispatchPendingClues,
  getCluePage,
  importClueBatch,
  registerComplaint,
  reviewClueRecord,
} from "~/models/clue.server";
import { clueAnswerSchema, clueCloseSchema, complaintSchema } from "~/schemas/clue";
import { db, type Database, type Executor } from "~/utils/db.server";
import { createInstitution, createUser } from "../factories";
import { institutionScope, regionScope } from "./fixtures";

type Row = Record<ClueColumn, string>;
const header = CLUE_COLUMNS.map(clueColumnLabel);
const csvOf = (rows: Row[]) =>
  Buffer.from([header, ...rows.map((r) => CLUE_COLUMNS.map((c) => r[c]))].map((cells) => cells.join(",")).join("\r\n") + "\r\n", "utf8");

function recordOf(nhsaCode: string, n: number, o: Partial<Row> = {}): Row {
  return {
    nhsaCode,
    settlementNo: `JS${String(n).padStart(8, "0")}`,
    occurredOn: "2025-03-01",
    itemCode: "X001",
    itemName: "血液透析",
    quantity: "1",
    amount: "100.00",
    ruleCode: "R01",
    ruleName: "超标准收费",
    risk: "高",
    patientName: "张三",
    patientId: "11010519491231002X",
    ...o,
  };
}

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
