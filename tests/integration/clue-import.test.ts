// Clue batch imports in the background against real PostgreSQL and Redis (BullMQ): the upload
// answers at once, the worker reads and checks the file, the page polls its progress, the bureau
// confirms, the worker imports; refused rows come back as .xlsx.
import type { ActionFunction } from "@remix-run/node";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import * as previewRoute from "~/routes/reg.clues.import.$importId._index";
import * as problemsRoute from "~/routes/reg.clues.import.$importId.problems";
import * as progressRoute from "~/routes/reg.clues.import.$importId.progress";
import * as importRoute from "~/routes/reg.clues.import._index";
import * as templateRoute from "~/routes/reg.clues.import.template";
import { db } from "~/utils/db.server";
import { createInstitution, createUser } from "../factories";
import { clueCsvOf, clueRecordOf, type ClueRow } from "../clue-rows";
import { BASE_URL, callAction, callLoader, sessionCookieFor } from "../helpers";
import { startMailWorker } from "../mail-worker";
import { waitFor } from "../wait";

type Row = ClueRow;
const csvOf = clueCsvOf;
const recordOf = clueRecordOf;

async function postUpload(user: { id: string }, rows: Row[] | File) {
  const body = new FormData();
  body.set("batchName", "市局抽查批次");
  body.set("docNo", "宛医保〔2025〕9号");
  body.set("dueOn", "2099-06-30");
  body.set("file", rows instanceof File ? rows : new File([csvOf(rows)], "批次.csv", { type: "text/csv" }));
  const request = new Request(new URL("/reg/clues/import", BASE_URL), {
    method: "POST",
    headers: { Origin: BASE_URL, Cookie: await sessionCookieFor(user.id) },
    body,
  });
  const response = (await (importRoute.action as ActionFunction)({
    request,
    params: {},
    context: { requestId: "test", clientIp: "127.0.0.1" },
  })) as Response;
  return { status: response.status, location: response.headers.get("Location") };
}

const progressOf = async (user: { id: string }, importId: string) =>
  (await callLoader(progressRoute.loader, `/reg/clues/import/${importId}/progress`, { user, params: { importId } })).data;

const statusOf = async (user: { id: string }, importId: string) =>
  JSON.parse((await progressOf(user, importId)) as string).status as string;

async function world() {
  const city = await createUser(db, "regulator", { regionCode: "411300", name: "市局经办" });
  const wancheng = await createUser(db, "regulator", { regionCode: "411302", name: "宛城区经办" });
  const hospital = await createInstitution(db, { kind: "hospital", regionCode: "411303", name: "卧龙测试医院" });
  const officer = await createUser(db, "officer", { institutionId: hospital.id });
  return { city, wancheng, hospital, officer };
}

describe("clue batch import in the worker", () => {
  it("answers the upload at once, validates and imports in the worker with progress, and imports a file only once", async () => {
    const w = await world();
    const rows = Array.from({ length: 12_000 }, (_, i) => recordOf(w.hospital.nhsaCode, i + 1, { ruleCode: `R0${i % 3}` }));
    // Without a worker the upload is kept, not read: the request does not wait for the file.
    const uploaded = await postUpload(w.city, rows);
    expect(uploaded.status).toBe(302);
    const importId = uploaded.location!.split("/").pop()!;
    expect(await statusOf(w.city, importId)).toBe("received");
    const [{ bytes }] = await db.execute<{ bytes: number }>(
      sql`select octet_length(file_bytes) as bytes from clue_imports where id = ${importId}`,
    );
    expect(bytes).toBeGreaterThan(0);

    await startMailWorker();
    await waitFor(async () => (await statusOf(w.city, importId)) === "validated");
    const preview = await callLoader(previewRoute.loader, uploaded.location!, { user: w.city, params: { importId } });
    expect(preview.data.import).toMatchObject({ status: "validated", totalRows: 12_000, validRows: 12_000, canStart: true });
    // The file's bytes are gone once its rows are checked and sealed.
    const [{ kept }] = await db.execute<{ kept: boolean }>(
      sql`select file_bytes is not null as kept from clue_imports where id = ${importId}`,
    );
    expect(kept).toBe(false);

    // Confirm: the worker imports; the progress route reports the staged rows as it goes.
    expect((await callAction(previewRoute.action, uploaded.location!, { user: w.city, params: { importId } })).status).toBe(302);
    const seen = new Set<number>();
    await waitFor(async () => {
      const p = JSON.parse((await progressOf(w.city, importId)) as string);
      seen.add(p.processedRows);
      return p.status === "imported";
    });
    expect(JSON.parse((await progressOf(w.city, importId)) as string)).toMatchObject({
      status: "imported",
      processedRows: 12_000,
      toProcess: 12_000,
      createdClues: 3,
      createdRecords: 12_000,
    });
    expect(Math.max(...seen)).toBe(12_000);
    const [{ clues, records }] = await db.execute<{ clues: number; records: number }>(sql`
      select (select count(*)::int from clues) as clues, (select count(*)::int from clue_records) as records`);
    expect({ clues, records }).toEqual({ clues: 3, records: 12_000 });

    // Starting it again is refused; the same file uploaded again imports nothing new.
    expect((await callAction(previewRoute.action, uploaded.location!, { user: w.city, params: { importId } })).status).toBe(400);
    const again = await postUpload(w.city, rows);
    const againId = again.location!.split("/").pop()!;
    await waitFor(async () => (await statusOf(w.city, againId)) === "validated");
    expect((await callAction(previewRoute.action, again.location!, { user: w.city, params: { importId: againId } })).status).toBe(302);
    await waitFor(async () => (await statusOf(w.city, againId)) === "imported");
    expect(JSON.parse((await progressOf(w.city, againId)) as string)).toMatchObject({ createdClues: 0, createdRecords: 0 });
    const [{ total }] = await db.execute<{ total: number }>(sql`select count(*)::int as total from clue_records`);
    expect(total).toBe(12_000);
  }, 120_000);

  it("lists refused rows in a downloadable .xlsx, formula-safe, and keeps every import route in its scope", async () => {
    const w = await world();
    await startMailWorker();
    const template = await callLoader(templateRoute.loader, "/reg/clues/import/template?format=csv", { user: w.city });
    expect(template.data).toContain("机构编码");
    const uploaded = await postUpload(w.city, [
      recordOf(w.hospital.nhsaCode, 1),
      recordOf(w.hospital.nhsaCode, 2, { amount: "abc", itemName: '=HYPERLINK("http://x")' }),
      recordOf("H99999999999", 3),
    ]);
    const importId = uploaded.location!.split("/").pop()!;
    const params = { importId };
    await waitFor(async () => (await statusOf(w.city, importId)) === "validated");
    const preview = await callLoader(previewRoute.loader, uploaded.location!, { user: w.city, params });
    expect(preview.data.import).toMatchObject({ totalRows: 3, validRows: 1 });
    expect(preview.data.problems[0]).toMatchObject({ row: 3, column: "amount", columnLabel: "金额" });

    const request = new Request(new URL(`/reg/clues/import/${importId}/problems`, BASE_URL), {
      headers: { Cookie: await sessionCookieFor(w.city.id) },
    });
    const response = (await problemsRoute.loader({ request, params, context: { requestId: "test", clientIp: "127.0.0.1" } })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    const lines: string[][] = [];
    sheet.eachRow((row) => lines.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
    expect(lines[0].slice(0, 3)).toEqual(["行号", "列", "问题"]);
    expect(lines[0]).toContain("机构编码");
    const amountLine = lines.find((l) => l[1] === "金额")!;
    expect(amountLine.slice(0, 3)).toEqual(["3", "金额", "应为金额（元），最多两位小数"]);
    // The original values of the row come along, patient fields masked, formulas neutralized.
    expect(amountLine).toContain("abc");
    expect(amountLine).toContain(`'=HYPERLINK("http://x")`);
    expect(amountLine).toContain("张*");
    expect(amountLine.join("|")).not.toContain("张三");
    expect(lines.find((l) => l[0] === "4")).toEqual(
      expect.arrayContaining(["4", "机构编码", "本辖区没有该编码的定点机构", "H99999999999"]),
    );

    for (const loader of [previewRoute.loader, progressRoute.loader, problemsRoute.loader]) {
      expect((await callLoader(loader, "/x", { user: w.wancheng, params })).status).toBe(404);
      expect((await callLoader(loader, "/x", { user: w.officer, params })).status).toBe(403);
    }
    expect((await callAction(previewRoute.action, "/x", { user: w.wancheng, params })).status).toBe(404);
    expect((await callAction(previewRoute.action, "/x", { user: w.officer, params })).status).toBe(403);
  }, 60_000);

  it("refuses an unreadable file in the worker with the reason", async () => {
    const w = await world();
    await startMailWorker();
    const uploaded = await postUpload(w.city, new File([Buffer.from("随便写的,没有表头\r\n1,2\r\n")], "x.csv", { type: "text/csv" }));
    const importId = uploaded.location!.split("/").pop()!;
    await waitFor(async () => (await statusOf(w.city, importId)) === "refused");
    const preview = await callLoader(previewRoute.loader, "/x", { user: w.city, params: { importId } });
    expect(preview.data.import).toMatchObject({ status: "refused", error: "没有找到表头，请使用模板。", canStart: false });
  }, 60_000);
});
